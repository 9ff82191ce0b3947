//! Two-sample Cramér–von Mises test with scipy's `cramervonmises_2samp(method="auto")`
//! p-values: exact when both samples have at most 20 values, otherwise Anderson's (1962)
//! normalisation compared with the limiting distribution (Csörgő & Faraway 1996).

use std::collections::HashMap;

use rai_core::{Error, Result};
use statrs::function::gamma::ln_gamma;

use super::ks::TestResult;

/// Largest sample size for which the exact distribution is used (scipy's cut-off).
pub const MAX_EXACT_N: usize = 20;

/// Two-sample Cramér–von Mises test (ties get mid-ranks).
///
/// # Examples
/// ```
/// let r = rai_robustness::drift::cramervonmises_2samp(&[1.0, 2.0, 3.0], &[4.0, 5.0, 6.0])?;
/// assert!((r.p_value - 0.1).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`Error::InvalidParameter`] when a sample has fewer than two values;
/// [`Error::NonFinite`] for NaN.
///
/// # Formula
/// `T = U / (n m N) - (4 n m - 1) / (6 N)` with
/// `U = n sum_i (r_i - i)^2 + m sum_j (s_j - j)^2` over the pooled ranks.
///
/// # References
/// Anderson (1962), "On the distribution of the two-sample Cramér–von Mises criterion";
/// Xiao, Gordon & Yakovlev (2006), "A C++ program for the Cramér–von Mises two-sample test".
pub fn cramervonmises_2samp(x: &[f64], y: &[f64]) -> Result<TestResult> {
    for (v, what) in [(x, "first sample"), (y, "second sample")] {
        if v.len() < 2 {
            return Err(Error::invalid_parameter(
                format!("{what} size"),
                v.len(),
                "at least two observations",
            ));
        }
        if let Some((i, a)) = v.iter().enumerate().find(|(_, a)| a.is_nan()) {
            return Err(Error::NonFinite {
                what: what.into(),
                index: i,
                value: *a,
            });
        }
    }
    let (nx, ny) = (x.len(), y.len());
    let mut xa = x.to_vec();
    xa.sort_by(f64::total_cmp);
    let mut ya = y.to_vec();
    ya.sort_by(f64::total_cmp);
    let pooled: Vec<f64> = xa.iter().chain(&ya).copied().collect();
    let ranks = midranks(&pooled);
    let mut u = 0.0;
    let mut sx = 0.0;
    for (i, r) in ranks[..nx].iter().enumerate() {
        sx += (r - (i + 1) as f64).powi(2);
    }
    u += nx as f64 * sx;
    let mut sy = 0.0;
    for (j, r) in ranks[nx..].iter().enumerate() {
        sy += (r - (j + 1) as f64).powi(2);
    }
    u += ny as f64 * sy;
    let k = (nx * ny) as f64;
    let nn = (nx + ny) as f64;
    let t = u / (k * nn) - (4.0 * k - 1.0) / (6.0 * nn);
    if nx.max(ny) <= MAX_EXACT_N {
        return Ok(TestResult {
            statistic: t,
            p_value: exact_p(u, nx, ny),
            method: "exact",
        });
    }
    let et = (1.0 + 1.0 / nn) / 6.0;
    let (fx, fy) = (nx as f64, ny as f64);
    let vt = (nn + 1.0) * (4.0 * k * nn - 3.0 * (fx * fx + fy * fy) - 2.0 * k)
        / (45.0 * nn * nn * 4.0 * k);
    let tn = 1.0 / 6.0 + (t - et) / (45.0 * vt).sqrt();
    let p = if tn < 0.003 {
        1.0
    } else {
        (1.0 - cdf_cvm_inf(tn)).max(0.0)
    };
    Ok(TestResult {
        statistic: t,
        p_value: p,
        method: "asymptotic",
    })
}

fn midranks(v: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..v.len()).collect();
    idx.sort_by(|&a, &b| v[a].total_cmp(&v[b]));
    let mut ranks = vec![0.0; v.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && v[idx[j + 1]] == v[idx[i]] {
            j += 1;
        }
        let r = (i + j) as f64 / 2.0 + 1.0;
        for &k in &idx[i..=j] {
            ranks[k] = r;
        }
        i = j + 1;
    }
    ranks
}

/// `P(U >= u)` over all equally likely arrangements of the two samples: a path through
/// the `(i, j)` lattice adds `nx * j^2` when an x value comes after `j` y values and
/// `ny * i^2` when a y value comes after `i` x values.
fn exact_p(u: f64, nx: usize, ny: usize) -> f64 {
    // maps[i][j]: distribution of the partial U over paths reaching (i, j)
    let mut prev: Vec<HashMap<u64, f64>> = vec![HashMap::new(); ny + 1];
    for i in 0..=nx {
        let mut cur: Vec<HashMap<u64, f64>> = vec![HashMap::new(); ny + 1];
        for j in 0..=ny {
            if i == 0 && j == 0 {
                cur[0].insert(0, 1.0);
                continue;
            }
            let mut m: HashMap<u64, f64> = HashMap::new();
            if i > 0 {
                let add = (nx * j * j) as u64;
                for (&k, &c) in &prev[j] {
                    *m.entry(k + add).or_insert(0.0) += c;
                }
            }
            if j > 0 {
                let add = (ny * i * i) as u64;
                for (&k, &c) in &cur[j - 1] {
                    *m.entry(k + add).or_insert(0.0) += c;
                }
            }
            cur[j] = m;
        }
        prev = cur;
    }
    let total: f64 = prev[ny].values().sum();
    let thresh = u - 1e-9 * u.abs().max(1.0);
    let hit: f64 = prev[ny]
        .iter()
        .filter(|&(&k, _)| k as f64 >= thresh)
        .map(|(_, c)| c)
        .sum();
    hit / total
}

/// CDF of the limiting Cramér–von Mises distribution (Csörgő & Faraway 1996, eq. 1.2),
/// summed until a term falls below 1e-7, as scipy does.
fn cdf_cvm_inf(x: f64) -> f64 {
    let mut tot = 0.0;
    let pi15 = std::f64::consts::PI.powf(1.5);
    for k in 0..1000u32 {
        let kf = f64::from(k);
        let u = (ln_gamma(kf + 0.5) - ln_gamma(kf + 1.0)).exp() / (pi15 * x.sqrt());
        let y = 4.0 * kf + 1.0;
        let q = y * y / (16.0 * x);
        let z = u * y.sqrt() * scaled_bessel_k_quarter(q);
        tot += z;
        if z.abs() < 1e-7 {
            break;
        }
    }
    tot
}

/// `exp(-q) K_{1/4}(q)` from `K_nu(q) = int_0^inf exp(-q cosh t) cosh(nu t) dt`, by the
/// trapezoidal rule (spectrally accurate for this integrand).
fn scaled_bessel_k_quarter(q: f64) -> f64 {
    let h: f64 = 0.005;
    let mut sum = 0.5; // t = 0: exp(0) * cosh(0), half weight
    let mut t: f64 = h;
    loop {
        let e = -q * (t.cosh() - 1.0);
        if e < -745.0 {
            break;
        }
        let term = e.exp() * (0.25 * t).cosh();
        sum += term;
        if term < 1e-18 * sum {
            break;
        }
        t += h;
    }
    // the integral is exp(q) K(q); scale to exp(-q) K(q)
    sum * h * (-2.0 * q).exp()
}
