//! Composition theorems for (ε, δ)-DP: basic, advanced and optimal homogeneous.

use rai_core::{Error, Result};

use super::check_delta;

fn check_eps(e: f64) -> Result<f64> {
    rai_core::error::ensure_positive("epsilon", e)
}

/// Basic composition: the sum of the ε's and of the δ's.
///
/// # Examples
/// ```
/// let (e, d) = rai_privacy::accounting::basic_composition(&[(0.5, 0.0), (0.25, 1e-6)])?;
/// assert_eq!((e, d), (0.75, 1e-6));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// A bad ε (≤ 0, NaN, ∞) or δ (< 0 or ≥ 1).
pub fn basic_composition(events: &[(f64, f64)]) -> Result<(f64, f64)> {
    let mut e = 0.0;
    let mut d = 0.0;
    for &(ei, di) in events {
        e += check_eps(ei)?;
        if !(di.is_finite() && (0.0..1.0).contains(&di)) {
            return Err(Error::invalid_parameter("delta", di, "a number in [0, 1)"));
        }
        d += di;
    }
    Ok((e, d.min(1.0)))
}

/// Advanced composition of `k` (ε, δ)-DP mechanisms with slack δ'.
///
/// # Errors
/// Bad ε, δ, δ' or k = 0.
///
/// # Formula
/// ε_total = ε √(2k ln(1/δ')) + k ε (e^ε − 1), δ_total = kδ + δ'.
///
/// # References
/// Dwork, Rothblum, Vadhan (2010), Theorem III.3.
pub fn advanced_composition(
    epsilon: f64,
    delta: f64,
    k: u64,
    delta_slack: f64,
) -> Result<(f64, f64)> {
    let epsilon = check_eps(epsilon)?;
    if !(delta.is_finite() && (0.0..1.0).contains(&delta)) {
        return Err(Error::invalid_parameter(
            "delta",
            delta,
            "a number in [0, 1)",
        ));
    }
    let ds = check_delta(delta_slack)?;
    if k == 0 {
        return Err(Error::invalid_parameter("k", 0, "at least 1"));
    }
    let kf = k as f64;
    let e = epsilon * (2.0 * kf * (1.0 / ds).ln()).sqrt() + kf * epsilon * epsilon.exp_m1();
    Ok((e, (kf * delta + ds).min(1.0)))
}

fn ln_add(a: f64, b: f64) -> f64 {
    if a == f64::NEG_INFINITY {
        return b;
    }
    if b == f64::NEG_INFINITY {
        return a;
    }
    let m = a.max(b);
    m + ((a - m).exp() + (b - m).exp()).ln()
}

fn ln_choose(n: u64, k: u64) -> f64 {
    use statrs::function::gamma::ln_gamma;
    ln_gamma(n as f64 + 1.0) - ln_gamma(k as f64 + 1.0) - ln_gamma((n - k) as f64 + 1.0)
}

/// The exact δ of k-fold composition of ε-DP at total ε_g (Murtagh–Vadhan form of the
/// Kairouz–Oh–Viswanath theorem).
fn homogeneous_delta(epsilon: f64, k: u64, eps_g: f64) -> f64 {
    let kf = k as f64;
    let ln_norm = kf * (1.0 + epsilon.exp()).ln();
    let mut acc = f64::NEG_INFINITY;
    for l in 0..=k {
        let a = (kf - l as f64) * epsilon;
        let b = eps_g + l as f64 * epsilon;
        if a <= b {
            break;
        }
        // ln(e^a - e^b) = a + ln(1 - e^(b-a))
        let term = ln_choose(k, l) + a + (-(b - a).exp()).ln_1p();
        acc = ln_add(acc, term);
    }
    (acc - ln_norm).exp()
}

/// Optimal homogeneous composition: the smallest total ε such that k-fold composition of
/// an (ε, δ)-DP mechanism is (ε_total, δ_total)-DP, for a target δ_total.
///
/// # Examples
/// ```
/// use rai_privacy::accounting::{optimal_homogeneous_composition, advanced_composition};
/// let opt = optimal_homogeneous_composition(0.1, 0.0, 100, 1e-6)?;
/// let adv = advanced_composition(0.1, 0.0, 100, 1e-6)?.0;
/// assert!(opt <= adv && opt <= 10.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// Bad ε or δ, k = 0, or δ_total ≤ 1 − (1 − δ)^k (unreachable).
///
/// # Formula
/// δ_total = 1 − (1 − δ)^k (1 − δ_g), with
/// δ_g(ε_g) = Σ_l C(k,l) max(0, e^{(k−l)ε} − e^{ε_g + lε}) / (1 + e^ε)^k; bisection on ε_g.
///
/// # References
/// Kairouz, Oh, Viswanath (2015), Theorem 3.3; Murtagh & Vadhan (2016).
pub fn optimal_homogeneous_composition(
    epsilon: f64,
    delta: f64,
    k: u64,
    delta_total: f64,
) -> Result<f64> {
    let epsilon = check_eps(epsilon)?;
    let delta_total = check_delta(delta_total)?;
    if !(delta.is_finite() && (0.0..1.0).contains(&delta)) {
        return Err(Error::invalid_parameter(
            "delta",
            delta,
            "a number in [0, 1)",
        ));
    }
    if k == 0 {
        return Err(Error::invalid_parameter("k", 0, "at least 1"));
    }
    let base = (1.0 - delta).powf(k as f64);
    // need 1 - base (1 - dg) <= delta_total  <=>  dg <= 1 - (1 - delta_total)/base
    let dg_max = 1.0 - (1.0 - delta_total) / base;
    if dg_max <= 0.0 {
        return Err(Error::invalid_parameter(
            "delta_total",
            delta_total,
            "more than 1 - (1 - delta)^k",
        ));
    }
    let mut lo = 0.0;
    let mut hi = k as f64 * epsilon;
    if homogeneous_delta(epsilon, k, 0.0) <= dg_max {
        return Ok(0.0);
    }
    for _ in 0..100 {
        let mid = 0.5 * (lo + hi);
        if homogeneous_delta(epsilon, k, mid) <= dg_max {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Ok(hi)
}
