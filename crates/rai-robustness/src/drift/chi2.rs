//! Chi-square test of homogeneity on a 2 x K contingency table (reference vs current
//! counts per category), as scipy's `chi2_contingency`: Yates' continuity correction
//! only when the table has one degree of freedom (2 x 2).

use rai_core::{Error, Result};
use statrs::distribution::{ChiSquared, ContinuousCDF};

/// Result of a chi-square test.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct ChiSquareResult {
    /// Pearson's statistic (after Yates' correction for 2 x 2 tables).
    pub statistic: f64,
    /// The p-value.
    pub p_value: f64,
    /// Degrees of freedom `K - 1` (categories empty in both samples are dropped first).
    pub dof: usize,
}

/// Chi-square test that two count vectors come from the same categorical distribution.
///
/// # Examples
/// ```
/// let r = rai_robustness::drift::chi2_contingency(&[30.0, 20.0], &[25.0, 35.0])?;
/// assert!((r.statistic - 2.97).abs() < 1e-12); // Yates-corrected
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`Error::LengthMismatch`] for vectors of different lengths; [`Error::Empty`] when a
/// sample has no counts; [`Error::InvalidParameter`] for a negative or non-finite count.
pub fn chi2_contingency(reference: &[f64], current: &[f64]) -> Result<ChiSquareResult> {
    rai_core::error::ensure_len("category counts", reference.len(), current.len())?;
    if let Some(v) = reference
        .iter()
        .chain(current)
        .find(|v| !v.is_finite() || **v < 0.0)
    {
        return Err(Error::invalid_parameter(
            "category count",
            v,
            "a finite count >= 0",
        ));
    }
    let cols: Vec<(f64, f64)> = reference
        .iter()
        .zip(current)
        .filter(|(a, b)| **a + **b > 0.0)
        .map(|(a, b)| (*a, *b))
        .collect();
    let r0: f64 = cols.iter().map(|c| c.0).sum();
    let r1: f64 = cols.iter().map(|c| c.1).sum();
    if r0 == 0.0 || r1 == 0.0 {
        return Err(Error::Empty {
            what: "category counts of one sample".into(),
        });
    }
    let total = r0 + r1;
    let dof = cols.len().saturating_sub(1);
    if dof == 0 {
        return Ok(ChiSquareResult {
            statistic: 0.0,
            p_value: 1.0,
            dof,
        });
    }
    let mut stat = 0.0;
    for &(a, b) in &cols {
        let col = a + b;
        for (obs, row) in [(a, r0), (b, r1)] {
            let exp = row * col / total;
            let mut o = obs;
            if dof == 1 {
                let diff = exp - o;
                o += diff.abs().min(0.5) * diff.signum() * f64::from(u8::from(diff != 0.0));
            }
            stat += (o - exp).powi(2) / exp;
        }
    }
    let dist = ChiSquared::new(dof as f64)
        .map_err(|e| Error::invalid_parameter("degrees of freedom", dof, e.to_string()))?;
    Ok(ChiSquareResult {
        statistic: stat,
        p_value: dist.sf(stat),
        dof,
    })
}
