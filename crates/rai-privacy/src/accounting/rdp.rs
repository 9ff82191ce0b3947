//! Rényi-DP accountant (Mironov 2017; Mironov, Talwar, Zhang 2019), matching
//! dp_accounting's `RdpAccountant` (same default orders, same conversion to (ε, δ)).

use rai_core::Result;
use statrs::function::erf::erfc;
use statrs::function::gamma::ln_gamma;

use super::{DpEvent, check_delta, check_noise, check_rate, unsupported};

/// dp_accounting's default orders: 1.1, 1.2, ..., 10.9, 11..63, 128, 256, 512, 1024.
pub fn default_rdp_orders() -> Vec<f64> {
    let mut o: Vec<f64> = (1..100).map(|x| 1.0 + f64::from(x) / 10.0).collect();
    o.extend((11..64).map(f64::from));
    o.extend([128.0, 256.0, 512.0, 1024.0]);
    o
}

fn log_add(a: f64, b: f64) -> f64 {
    let (lo, hi) = if a < b { (a, b) } else { (b, a) };
    if lo == f64::NEG_INFINITY {
        return hi;
    }
    (lo - hi).exp().ln_1p() + hi
}

/// ln|Γ(x)| for any real x that is not a non-positive integer (as scipy's `gammaln`).
fn ln_abs_gamma(x: f64) -> f64 {
    if x >= 0.5 {
        ln_gamma(x)
    } else {
        (std::f64::consts::PI / (std::f64::consts::PI * x).sin().abs()).ln() - ln_gamma(1.0 - x)
    }
}

fn log_comb(n: f64, k: f64) -> f64 {
    ln_abs_gamma(n + 1.0) - ln_abs_gamma(k + 1.0) - ln_abs_gamma(n - k + 1.0)
}

/// ln(erfc(x)), accurate for large x.
fn log_erfc(x: f64) -> f64 {
    let r = erfc(x);
    if r > 1e-300 {
        return r.ln();
    }
    -std::f64::consts::PI.ln() / 2.0 - x.ln() - x * x - 0.5 * x.powi(-2) + 0.625 * x.powi(-4)
        - 37.0 / 24.0 * x.powi(-6)
        + 353.0 / 64.0 * x.powi(-8)
}

fn log_a_int(q: f64, sigma: f64, alpha: u64) -> f64 {
    let mut log_a = f64::NEG_INFINITY;
    let log1mq = (-q).ln_1p();
    let af = alpha as f64;
    for i in 0..=alpha {
        let fi = i as f64;
        let coef = log_comb(af, fi) + fi * q.ln() + (af - fi) * log1mq;
        log_a = log_add(log_a, coef + (fi * fi - fi) / (2.0 * sigma * sigma));
    }
    log_a
}

fn log_a_frac(q: f64, sigma: f64, alpha: f64) -> f64 {
    let (mut a0, mut a1) = (f64::NEG_INFINITY, f64::NEG_INFINITY);
    let z0 = sigma * sigma * (1.0 / q - 1.0).ln() + 0.5;
    let log1mq = (-q).ln_1p();
    let (mut last0, mut last1) = (f64::NEG_INFINITY, f64::NEG_INFINITY);
    let s2 = std::f64::consts::SQRT_2 * sigma;
    for i in 0..1000 {
        let fi = f64::from(i);
        let coef = log_comb(alpha, fi);
        let j = alpha - fi;
        let t0 = coef + fi * q.ln() + j * log1mq;
        let t1 = coef + j * q.ln() + fi * log1mq;
        let e0 = 0.5f64.ln() + log_erfc((fi - z0) / s2);
        let e1 = 0.5f64.ln() + log_erfc((z0 - j) / s2);
        let s0 = t0 + (fi * fi - fi) / (2.0 * sigma * sigma) + e0;
        let s1 = t1 + (j * j - j) / (2.0 * sigma * sigma) + e1;
        a0 = log_add(a0, s0);
        a1 = log_add(a1, s1);
        let total = log_add(a0, a1);
        if s0 < last0 && s1 < last1 && s0.max(s1) < total - 30.0 {
            return total;
        }
        last0 = s0;
        last1 = s1;
    }
    f64::INFINITY
}

/// RDP at order α of the Poisson-subsampled Gaussian with rate q and noise multiplier σ.
pub(crate) fn subsampled_gaussian_rdp(q: f64, sigma: f64, alpha: f64) -> f64 {
    if q == 0.0 {
        return 0.0;
    }
    if q == 1.0 {
        return alpha / (2.0 * sigma * sigma);
    }
    let log_a = if alpha.fract() == 0.0 && alpha < 1e6 {
        log_a_int(q, sigma, alpha as u64)
    } else {
        log_a_frac(q, sigma, alpha)
    };
    log_a / (alpha - 1.0)
}

fn laplace_rdp(eps: f64, a: f64) -> f64 {
    eps + ((a - 1.0) * ((1.0 - 2.0 * a) * eps).exp_m1() / (2.0 * a - 1.0)).ln_1p() / (a - 1.0)
}

/// Exact RDP of k-ary randomized response (worst pair of inputs).
fn rr_rdp(eps: f64, k: usize, a: f64) -> f64 {
    let kf = k as f64;
    let z = eps.exp() + kf - 1.0;
    let (pt, po) = (eps.exp() / z, 1.0 / z);
    let v = pt.powf(a) * po.powf(1.0 - a) + po.powf(a) * pt.powf(1.0 - a) + (kf - 2.0) * po;
    (v.ln() / (a - 1.0)).min(eps)
}

fn event_rdp(ev: &DpEvent, a: f64) -> Result<f64> {
    Ok(match ev {
        DpEvent::Gaussian { noise_multiplier } | DpEvent::DiscreteGaussian { noise_multiplier } => {
            let s = check_noise(*noise_multiplier)?;
            a / (2.0 * s * s)
        }
        DpEvent::Laplace { noise_multiplier } => {
            laplace_rdp(1.0 / check_noise(*noise_multiplier)?, a)
        }
        DpEvent::PoissonSampled {
            sampling_rate,
            event,
        } => match event.as_ref() {
            DpEvent::Gaussian { noise_multiplier } => subsampled_gaussian_rdp(
                check_rate(*sampling_rate)?,
                check_noise(*noise_multiplier)?,
                a,
            ),
            other => return Err(unsupported("RDP", other)),
        },
        DpEvent::Exponential { epsilon } => {
            let e = rai_core::error::ensure_positive("epsilon", *epsilon)?;
            (a * e * e / 8.0).min(rr_rdp(e, 2, a))
        }
        DpEvent::RandomizedResponse { epsilon, k } => rr_rdp(
            rai_core::error::ensure_positive("epsilon", *epsilon)?,
            *k,
            a,
        ),
        DpEvent::Pure { epsilon } => {
            rr_rdp(rai_core::error::ensure_positive("epsilon", *epsilon)?, 2, a)
        }
        DpEvent::SelfComposed { event, count } => *count as f64 * event_rdp(event, a)?,
        DpEvent::Composed(list) => {
            let mut s = 0.0;
            for e in list {
                s += event_rdp(e, a)?;
            }
            s
        }
    })
}

/// Converts RDP curves to (ε) at δ, as dp_accounting's `compute_epsilon`
/// (the improved conversion of Balle et al. 2020 / Canonne et al. 2020).
///
/// # Formula
/// ε = min_α [ r_α + ln(1 − 1/α) − ln(δ α)/(α − 1) ] over orders α > 1.01.
pub fn rdp_to_epsilon(orders: &[f64], rdp: &[f64], delta: f64) -> (f64, f64) {
    let mut best = (f64::INFINITY, 0.0);
    for (&a, &r) in orders.iter().zip(rdp) {
        let e = if r < 0.0 || delta * delta + (-r).exp_m1() > 0.0 {
            0.0
        } else if a > 1.01 {
            r + (-1.0 / a).ln_1p() - (delta * a).ln() / (a - 1.0)
        } else {
            f64::INFINITY
        };
        if e < best.0 {
            best = (e, a);
        }
    }
    (best.0.max(0.0), best.1)
}

/// An RDP accountant.
///
/// # Examples
/// ```
/// use rai_privacy::accounting::{DpEvent, RdpAccountant};
/// let mut acc = RdpAccountant::default();
/// acc.compose(&DpEvent::dp_sgd(1.1, 0.01, 1000))?;
/// let eps = acc.epsilon(1e-5)?;
/// assert!(eps > 0.5 && eps < 2.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// Bad event parameters; events it cannot account (Poisson-subsampled non-Gaussian).
///
/// # References
/// Mironov (2017); Mironov, Talwar, Zhang (2019), "Rényi Differential Privacy of the
/// Sampled Gaussian Mechanism"; dp_accounting `rdp_privacy_accountant.py`.
#[derive(Debug, Clone)]
pub struct RdpAccountant {
    orders: Vec<f64>,
    rdp: Vec<f64>,
}

impl Default for RdpAccountant {
    fn default() -> Self {
        let orders = default_rdp_orders();
        let rdp = vec![0.0; orders.len()];
        RdpAccountant { orders, rdp }
    }
}

impl RdpAccountant {
    /// Composes an event.
    ///
    /// # Errors
    /// See the type docs.
    pub fn compose(&mut self, ev: &DpEvent) -> Result<&mut Self> {
        let mut add = Vec::with_capacity(self.orders.len());
        for &a in &self.orders {
            add.push(event_rdp(ev, a)?);
        }
        for (r, x) in self.rdp.iter_mut().zip(add) {
            *r += x;
        }
        Ok(self)
    }

    /// ε at δ.
    ///
    /// # Errors
    /// A bad δ.
    pub fn epsilon(&self, delta: f64) -> Result<f64> {
        Ok(rdp_to_epsilon(&self.orders, &self.rdp, check_delta(delta)?).0)
    }

    /// The RDP curve (orders, values).
    pub fn curve(&self) -> (&[f64], &[f64]) {
        (&self.orders, &self.rdp)
    }
}
