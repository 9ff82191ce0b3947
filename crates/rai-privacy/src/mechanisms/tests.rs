//! Mechanism tests: parameter validation, grids, distributions, privacy audit.

use std::collections::BTreeMap;

use rai_core::Error;
use statrs::distribution::{ChiSquared, ContinuousCDF};

use super::*;
use crate::NoiseSource;

const ALPHA: f64 = 1e-4;

fn seeded(seed: u64) -> NoiseSource {
    NoiseSource::insecure_seeded_for_testing(seed)
}

fn chi_p(obs: &[u64], probs: &[f64]) -> f64 {
    let n: u64 = obs.iter().sum();
    let stat: f64 = obs
        .iter()
        .zip(probs)
        .map(|(&o, &p)| (o as f64 - p * n as f64).powi(2) / (p * n as f64))
        .sum();
    1.0 - ChiSquared::new((obs.len() - 1) as f64).unwrap().cdf(stat)
}

fn is_invalid<T: std::fmt::Debug>(r: rai_core::Result<T>) -> bool {
    matches!(r, Err(Error::InvalidParameter { .. }))
}

#[test]
fn bad_parameters_are_errors() {
    for bad in [0.0, -1.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        assert!(is_invalid(LaplaceMechanism::new(1.0, bad)));
        assert!(is_invalid(LaplaceMechanism::new(bad, 1.0)));
        assert!(is_invalid(GaussianMechanism::new(1.0, bad, 1e-5)));
        assert!(is_invalid(GaussianMechanism::new(bad, 1.0, 1e-5)));
        assert!(is_invalid(GaussianMechanism::new(1.0, 1.0, bad)));
        assert!(is_invalid(analytic_gaussian_sigma(1.0, bad, 1.0)));
        assert!(is_invalid(DiscreteLaplace::new(1, bad)));
        assert!(is_invalid(DiscreteGaussian::new(1, bad)));
        assert!(is_invalid(ExponentialMechanism::new(bad, 1)));
        assert!(is_invalid(PermuteAndFlip::new(bad, 1)));
        assert!(is_invalid(RandomizedResponse::new(2, bad)));
        assert!(is_invalid(AboveThreshold::new(bad, 1, 0)));
    }
    assert!(is_invalid(GaussianMechanism::new(1.0, 1.0, 1.0)));
    assert!(is_invalid(DiscreteLaplace::new(0, 1.0)));
    assert!(is_invalid(DiscreteGaussian::new(0, 1.0)));
    assert!(is_invalid(ExponentialMechanism::new(1.0, 0)));
    assert!(is_invalid(RandomizedResponse::new(1, 1.0)));
}

#[test]
fn laplace_outputs_lie_on_the_grid_and_account_for_rounding() -> rai_core::Result<()> {
    let m = LaplaceMechanism::new(1.0, 0.5)?;
    // scale >= (sensitivity + grid step) / epsilon
    let step = 2f64.powi(m.grid_exponent());
    assert!(m.scale() >= (1.0 + step) / 0.5 * (1.0 - 1e-15));
    assert!(m.scale() <= 2.0 * (1.0 + 1e-5));
    let mut rng = seeded(1);
    for _ in 0..100 {
        let y = m.release(&std::f64::consts::PI, &mut rng)?;
        assert_eq!((y / step).fract(), 0.0);
    }
    assert!(matches!(
        m.release(&f64::NAN, &mut rng),
        Err(Error::NonFinite { .. })
    ));
    assert!(m.release(&1e300, &mut rng).is_err());
    Ok(())
}

/// KS test of the real-valued Laplace mechanism against the continuous Laplace CDF
/// (the grid step is 2^-20 of the scale, far below the KS resolution).
#[test]
fn laplace_mechanism_ks() -> rai_core::Result<()> {
    let m = LaplaceMechanism::new(2.0, 1.0)?;
    let b = m.scale();
    let mut rng = seeded(2);
    let mut xs: Vec<f64> = (0..50_000)
        .map(|_| m.release(&10.0, &mut rng).map(|y| y - 10.0))
        .collect::<rai_core::Result<_>>()?;
    xs.sort_by(f64::total_cmp);
    let cdf = |x: f64| {
        if x < 0.0 {
            0.5 * (x / b).exp()
        } else {
            1.0 - 0.5 * (-x / b).exp()
        }
    };
    let n = xs.len() as f64;
    let d = xs
        .iter()
        .enumerate()
        .map(|(i, &x)| {
            ((i + 1) as f64 / n - cdf(x))
                .abs()
                .max((cdf(x) - i as f64 / n).abs())
        })
        .fold(0.0, f64::max);
    // KS critical value at alpha = 1e-4: sqrt(-ln(alpha/2)/2) / sqrt(n)
    let crit = ((-(ALPHA / 2.0).ln()) / 2.0).sqrt() / n.sqrt();
    assert!(d < crit, "D={d} crit={crit}");
    Ok(())
}

#[test]
fn gaussian_mechanism_calibration_and_ks() -> rai_core::Result<()> {
    let s = analytic_gaussian_sigma(1.0, 1e-5, 1.0)?;
    // Balle & Wang: analytic sigma for eps=1, delta=1e-5 is about 3.73
    assert!((s - 3.73).abs() < 0.02, "{s}");
    let m = GaussianMechanism::new(1.0, 1.0, 1e-5)?;
    assert!(m.sigma() >= s);
    assert!(m.sigma() < s * 1.01);
    assert!(m.rho() > 0.0);
    let sig = m.sigma();
    let mut rng = seeded(3);
    let mut xs: Vec<f64> = (0..50_000)
        .map(|_| m.release(&0.0, &mut rng))
        .collect::<rai_core::Result<_>>()?;
    xs.sort_by(f64::total_cmp);
    let n = xs.len() as f64;
    let cdf = |x: f64| 0.5 * statrs::function::erf::erfc(-x / (sig * std::f64::consts::SQRT_2));
    let d = xs
        .iter()
        .enumerate()
        .map(|(i, &x)| {
            ((i + 1) as f64 / n - cdf(x))
                .abs()
                .max((cdf(x) - i as f64 / n).abs())
        })
        .fold(0.0, f64::max);
    let crit = ((-(ALPHA / 2.0).ln()) / 2.0).sqrt() / n.sqrt();
    assert!(d < crit, "D={d} crit={crit}");
    Ok(())
}

#[test]
fn exponential_mechanism_matches_exact_probabilities() -> rai_core::Result<()> {
    let u = [0i64, 1, 3, 3, -2];
    let eps = 1.0;
    let m = ExponentialMechanism::new(eps, 1)?;
    let w: Vec<f64> = u.iter().map(|&x| (eps * x as f64 / 2.0).exp()).collect();
    let z: f64 = w.iter().sum();
    let probs: Vec<f64> = w.iter().map(|x| x / z).collect();
    let mut rng = seeded(4);
    let mut c = [0u64; 5];
    for _ in 0..100_000 {
        c[m.release(&u, &mut rng)?] += 1;
    }
    assert!(chi_p(&c, &probs) > ALPHA);
    assert!(matches!(m.release(&[], &mut rng), Err(Error::Empty { .. })));
    Ok(())
}

/// Exact permute-and-flip probabilities by enumerating permutations.
fn pf_probs(u: &[i64], eps: f64) -> Vec<f64> {
    let best = *u.iter().max().unwrap();
    let p: Vec<f64> = u
        .iter()
        .map(|&x| (eps * (x - best) as f64 / 2.0).exp())
        .collect();
    let n = u.len();
    let mut perms = vec![vec![]];
    for _ in 0..n {
        let mut next = vec![];
        for pm in &perms {
            for i in 0..n {
                if !pm.contains(&i) {
                    let mut q: Vec<usize> = pm.clone();
                    q.push(i);
                    next.push(q);
                }
            }
        }
        perms = next;
    }
    let mut out = vec![0.0; n];
    for pm in &perms {
        let mut none = 1.0;
        for &i in pm {
            out[i] += none * p[i] / perms.len() as f64;
            none *= 1.0 - p[i];
        }
    }
    // the best candidate always accepts, so no restart is needed
    out
}

#[test]
fn permute_and_flip_matches_exact_probabilities() -> rai_core::Result<()> {
    let u = [0i64, 2, 3, 1];
    let m = ReportNoisyMax::new(1.0, 1)?;
    let probs = pf_probs(&u, 1.0);
    let mut rng = seeded(5);
    let mut c = [0u64; 4];
    for _ in 0..100_000 {
        c[m.release(&u, &mut rng)?] += 1;
    }
    assert!(chi_p(&c, &probs) > ALPHA, "{c:?} {probs:?}");
    Ok(())
}

#[test]
fn randomized_response_matches() -> rai_core::Result<()> {
    let mut rng = seeded(6);
    for k in [2usize, 4] {
        let rr = RandomizedResponse::new(k, 1.0)?;
        let pt = rr.truth_probability();
        let mut probs = vec![(1.0 - pt) / (k - 1) as f64; k];
        probs[1] = pt;
        let mut c = vec![0u64; k];
        for _ in 0..100_000 {
            c[rr.release(&1, &mut rng)?] += 1;
        }
        assert!(chi_p(&c, &probs) > ALPHA, "k={k} {c:?}");
        assert!(rr.release(&k, &mut rng).is_err());
    }
    Ok(())
}

#[test]
fn above_threshold_finds_the_big_query() -> rai_core::Result<()> {
    let svt = AboveThreshold::new(2.0, 1, 100)?;
    let mut rng = seeded(7);
    let mut hits = BTreeMap::new();
    for _ in 0..2000 {
        *hits
            .entry(svt.release(&[0, 5, 10_000, 3], &mut rng)?)
            .or_insert(0) += 1;
    }
    assert!(hits.get(&Some(2)).copied().unwrap_or(0) > 1900, "{hits:?}");
    assert_eq!(svt.release(&[], &mut rng)?, None);
    Ok(())
}

#[test]
fn discrete_gaussian_mechanism_guarantee() -> rai_core::Result<()> {
    let m = DiscreteGaussian::new(2, 4.0)?;
    assert!((m.rho() - 4.0 / 32.0).abs() < 1e-9);
    assert_eq!(m.guarantee().cost, PrivacyCost::Zcdp { rho: m.rho() });
    let (e, d) = m.guarantee().cost.epsilon_delta(1e-6);
    assert!(e > 0.0 && d == 1e-6);
    Ok(())
}

/// Empirical privacy audit of the Laplace count: on neighbouring datasets (count 100 vs
/// 101), the observed log-ratio of output frequencies never exceeds ε beyond 4 standard
/// errors, and it gets close to ε (the bound is tight).
#[test]
fn privacy_audit_laplace_count() -> rai_core::Result<()> {
    let eps = 1.0;
    let m = DiscreteLaplace::new(1, eps)?;
    let mut rng = seeded(8);
    let n = 200_000;
    let mut c0: BTreeMap<i64, u64> = BTreeMap::new();
    let mut c1: BTreeMap<i64, u64> = BTreeMap::new();
    for _ in 0..n {
        *c0.entry(m.release(&100, &mut rng)?).or_default() += 1;
        *c1.entry(m.release(&101, &mut rng)?).or_default() += 1;
    }
    let mut max_loss: f64 = 0.0;
    for (y, &a) in &c0 {
        let b = c1.get(y).copied().unwrap_or(0);
        if a >= 1000 && b >= 1000 {
            let loss = (a as f64 / b as f64).ln().abs();
            let se = (1.0 / a as f64 + 1.0 / b as f64).sqrt();
            assert!(loss <= eps + 4.0 * se, "y={y} loss={loss} se={se}");
            max_loss = max_loss.max(loss);
        }
    }
    assert!(max_loss > 0.9 * eps, "{max_loss}");
    Ok(())
}
