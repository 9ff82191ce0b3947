//! Distribution tests: chi-square goodness of fit against the exact distributions at a
//! fixed significance level, with the seeded (test-only) noise source.

use statrs::distribution::{ChiSquared, ContinuousCDF};

use super::*;

/// Significance level of every goodness-of-fit test (seeded, so deterministic).
const ALPHA: f64 = 1e-4;

fn seeded(seed: u64) -> NoiseSource {
    NoiseSource::insecure_seeded_for_testing(seed)
}

/// Chi-square test of observed counts against expected probabilities (bins with
/// expected count < 5 are pooled into one).
fn chi_square_p(observed: &[u64], probs: &[f64]) -> f64 {
    let n: u64 = observed.iter().sum();
    let mut stat = 0.0;
    let mut df = 0usize;
    let (mut po, mut pe) = (0.0, 0.0);
    for (&o, &p) in observed.iter().zip(probs) {
        let e = p * n as f64;
        if e < 5.0 {
            po += o as f64;
            pe += e;
        } else {
            stat += (o as f64 - e).powi(2) / e;
            df += 1;
        }
    }
    // remainder (probability mass outside the listed support)
    let rest = (1.0 - probs.iter().sum::<f64>()).max(0.0) * n as f64;
    pe += rest;
    if pe > 0.0 {
        stat += (po - pe).powi(2) / pe.max(1e-12);
        df += 1;
    }
    let chi = ChiSquared::new((df - 1) as f64).unwrap();
    1.0 - chi.cdf(stat)
}

#[test]
fn bernoulli_exp_neg_matches_exp() {
    let mut rng = seeded(1);
    for (num, den) in [(0u128, 1u128), (1, 3), (1, 1), (5, 2), (7, 3), (3, 1)] {
        let n = 200_000u64;
        let k = (0..n)
            .filter(|_| bernoulli_exp_neg(&mut rng, num, den))
            .count() as u64;
        if num == 0 {
            assert_eq!(k, n);
            continue;
        }
        let p = (-(num as f64) / den as f64).exp();
        let pv = chi_square_p(&[k, n - k], &[p, 1.0 - p]);
        assert!(pv > ALPHA, "gamma={num}/{den} k={k} p={p} pv={pv}");
    }
}

#[test]
fn uniform_and_permutation_are_uniform() {
    let mut rng = seeded(2);
    let mut c = [0u64; 7];
    for _ in 0..70_000 {
        c[uniform_below(&mut rng, 7) as usize] += 1;
    }
    assert!(chi_square_p(&c, &[1.0 / 7.0; 7]) > ALPHA);
    let mut perms = std::collections::BTreeMap::new();
    for _ in 0..60_000 {
        *perms.entry(permutation(&mut rng, 3)).or_insert(0u64) += 1;
    }
    assert_eq!(perms.len(), 6);
    let obs: Vec<u64> = perms.values().copied().collect();
    assert!(chi_square_p(&obs, &[1.0 / 6.0; 6]) > ALPHA);
    let mut big = [0u64; 3];
    let n = (1u128 << 100) + 3;
    for _ in 0..30_000 {
        big[(uniform_below_u128(&mut rng, n) * 3 / n) as usize] += 1;
    }
    assert!(chi_square_p(&big, &[1.0 / 3.0; 3]) > ALPHA);
}

fn dlap_probs(scale: f64, range: i64) -> Vec<f64> {
    let r = (-1.0 / scale).exp();
    (-range..=range)
        .map(|y| (1.0 - r) / (1.0 + r) * r.powi(y.abs() as i32))
        .collect()
}

#[test]
fn discrete_laplace_matches_exact_pmf() {
    let mut rng = seeded(3);
    for (t, s) in [(1u64, 1u64), (3, 1), (5, 2), (1, 4), (1 << 20, 1 << 19)] {
        let scale = t as f64 / s as f64;
        let range = (scale * 12.0).ceil() as i64 + 1;
        let mut counts = vec![0u64; (2 * range + 1) as usize];
        for _ in 0..100_000 {
            let y = discrete_laplace(&mut rng, t, s).clamp(-range, range);
            counts[(y + range) as usize] += 1;
        }
        let pv = chi_square_p(&counts, &dlap_probs(scale, range));
        assert!(pv > ALPHA, "t={t} s={s} pv={pv}");
    }
}

#[test]
fn discrete_gaussian_matches_exact_pmf() {
    let mut rng = seeded(4);
    for (num, den) in [(1u128, 1u128), (9, 4), (25, 1), (1 << 22, 1 << 20)] {
        let s2 = num as f64 / den as f64;
        let range = (s2.sqrt() * 8.0).ceil() as i64 + 1;
        let w: Vec<f64> = (-range..=range)
            .map(|y| (-(y as f64).powi(2) / (2.0 * s2)).exp())
            .collect();
        let z: f64 = w.iter().sum();
        let probs: Vec<f64> = w.iter().map(|x| x / z).collect();
        let mut counts = vec![0u64; (2 * range + 1) as usize];
        for _ in 0..100_000 {
            let y = discrete_gaussian(&mut rng, num, den).clamp(-range, range);
            counts[(y + range) as usize] += 1;
        }
        let pv = chi_square_p(&counts, &probs);
        assert!(pv > ALPHA, "sigma2={s2} pv={pv}");
    }
}

#[test]
fn logistic_bernoulli_matches() {
    let mut rng = seeded(5);
    let n = 100_000u64;
    let k = (0..n)
        .filter(|_| bernoulli_logistic(&mut rng, 1, 1))
        .count() as u64;
    let x = (-1f64).exp();
    let p = x / (1.0 + x);
    assert!(chi_square_p(&[k, n - k], &[p, 1.0 - p]) > ALPHA);
}

#[test]
fn isqrt_is_floor_sqrt() {
    for n in [
        0u128,
        1,
        2,
        3,
        4,
        15,
        16,
        17,
        1 << 80,
        (1 << 80) - 1,
        u128::MAX,
    ] {
        let r = isqrt(n);
        assert!(r * r <= n);
        assert!((r + 1).checked_mul(r + 1).is_none_or(|s| s > n));
    }
}

#[test]
fn secure_source_is_secure_and_seeded_is_not() -> rai_core::Result<()> {
    assert!(NoiseSource::secure()?.is_secure());
    assert!(!seeded(0).is_secure());
    Ok(())
}
