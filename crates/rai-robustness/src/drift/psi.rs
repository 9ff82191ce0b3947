//! Population stability index.

use rai_core::{Error, Result};

/// Floor for empty bins, so the index stays finite.
pub const PSI_EPSILON: f64 = 1e-4;

/// PSI of a numeric feature over `bins` reference-quantile bins (NaN values ignored).
///
/// # Examples
/// ```
/// let r: Vec<f64> = (0..100).map(f64::from).collect();
/// assert!(rai_robustness::drift::psi_numeric(&r, &r, 10)?.abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`Error::Empty`] when either sample has no finite value; [`Error::InvalidParameter`]
/// for `bins == 0`.
///
/// # Formula
/// `PSI = sum_b (c_b - r_b) ln(c_b / r_b)` over bin proportions, each floored at
/// [`PSI_EPSILON`]. Bin edges are the reference's `k / bins` quantiles (duplicates merged).
pub fn psi_numeric(reference: &[f64], current: &[f64], bins: usize) -> Result<f64> {
    if bins == 0 {
        return Err(Error::invalid_parameter("bins", 0, "at least 1"));
    }
    let mut r: Vec<f64> = reference.iter().copied().filter(|v| !v.is_nan()).collect();
    let c: Vec<f64> = current.iter().copied().filter(|v| !v.is_nan()).collect();
    if r.is_empty() || c.is_empty() {
        return Err(Error::Empty {
            what: "values for the population stability index".into(),
        });
    }
    r.sort_by(f64::total_cmp);
    let mut edges: Vec<f64> = (1..bins)
        .map(|k| {
            let pos = k as f64 / bins as f64 * (r.len() - 1) as f64;
            let lo = pos.floor() as usize;
            let frac = pos - lo as f64;
            let hi = (lo + 1).min(r.len() - 1);
            r[lo] + (r[hi] - r[lo]) * frac
        })
        .collect();
    edges.dedup();
    let count = |v: &[f64]| {
        let mut counts = vec![0usize; edges.len() + 1];
        for &x in v {
            counts[edges.partition_point(|&e| e < x)] += 1;
        }
        counts
    };
    Ok(psi_from_counts(&count(&r), &count(&c)))
}

/// PSI from counts per category (levels in the same order in both vectors).
pub fn psi_from_counts(reference: &[usize], current: &[usize]) -> f64 {
    let rt: usize = reference.iter().sum();
    let ct: usize = current.iter().sum();
    if rt == 0 || ct == 0 {
        return f64::NAN;
    }
    reference
        .iter()
        .zip(current)
        .map(|(&a, &b)| {
            let r = (a as f64 / rt as f64).max(PSI_EPSILON);
            let c = (b as f64 / ct as f64).max(PSI_EPSILON);
            (c - r) * (c / r).ln()
        })
        .sum()
}
