//! Distribution drift between a reference table (training data) and a current table
//! (production data).
//!
//! Per feature: numeric columns get the two-sample Kolmogorov–Smirnov test
//! ([`ks_2samp`], the primary test) and the Cramér–von Mises test
//! ([`cramervonmises_2samp`]); categorical columns get the chi-square test of homogeneity
//! ([`chi2_contingency`]). p-values match scipy's. They are adjusted across features
//! ([`adjust_p_values`]: Benjamini–Hochberg or Bonferroni) and a feature is flagged when
//! its adjusted p-value is below `alpha`. Every feature also gets the population stability
//! index ([`psi_numeric`]). Overall, a multivariate MMD test ([`mmd_test`]) runs on the
//! numeric columns, scaled by the reference standard deviation.
//!
//! Missing values are left out of every test and counted in the report; rows with a
//! missing numeric value are left out of the MMD test.

mod chi2;
mod correction;
mod cvm;
mod ks;
mod mmd;
mod psi;
#[cfg(test)]
mod tests;

pub use chi2::{ChiSquareResult, chi2_contingency};
pub use correction::{Correction, adjust_p_values};
pub use cvm::cramervonmises_2samp;
pub use ks::{TestResult, kolmogorov_sf, ks_2samp, smirnov_sf};
pub use mmd::{MmdParams, MmdResult, mmd_test};
pub use psi::{PSI_EPSILON, psi_from_counts, psi_numeric};

use ndarray::Array2;
use rai_core::{Column, Error, Result, Table};
use serde::Serialize;

/// Parameters of [`drift_report`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DriftParams {
    /// Columns to compare (`None`: every column present in both tables).
    pub columns: Option<Vec<String>>,
    /// Significance level applied to adjusted p-values.
    pub alpha: f64,
    /// Multiple-testing correction.
    pub correction: Correction,
    /// Quantile bins for the PSI of numeric columns.
    pub psi_bins: usize,
    /// MMD settings (`None` skips the multivariate test).
    pub mmd: Option<MmdParams>,
}

impl Default for DriftParams {
    fn default() -> Self {
        Self {
            columns: None,
            alpha: 0.05,
            correction: Correction::BenjaminiHochberg,
            psi_bins: 10,
            mmd: Some(MmdParams::default()),
        }
    }
}

/// Drift of one column.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeatureDrift {
    /// Column name.
    pub column: String,
    /// `"numeric"` or `"categorical"`.
    pub kind: &'static str,
    /// `"ks"` (numeric) or `"chi2"` (categorical).
    pub test: &'static str,
    /// Statistic of the primary test (`None` when a sample has no values).
    pub statistic: Option<f64>,
    /// p-value of the primary test.
    pub p_value: Option<f64>,
    /// p-value after the multiple-testing correction.
    pub p_value_adjusted: Option<f64>,
    /// `"exact"` or `"asymptotic"` for KS; `None` for chi-square.
    pub method: Option<&'static str>,
    /// Cramér–von Mises statistic (numeric columns).
    pub cvm_statistic: Option<f64>,
    /// Cramér–von Mises p-value (numeric columns).
    pub cvm_p_value: Option<f64>,
    /// Population stability index.
    pub psi: Option<f64>,
    /// Whether the adjusted p-value is below `alpha`.
    pub drift: bool,
    /// Non-missing reference values.
    pub n_reference: usize,
    /// Non-missing current values.
    pub n_current: usize,
    /// Missing reference values.
    pub missing_reference: usize,
    /// Missing current values.
    pub missing_current: usize,
}

/// The drift report (what `rai drift` prints).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DriftReport {
    /// Per-column results, in column order.
    pub features: Vec<FeatureDrift>,
    /// Columns flagged.
    pub n_drifted: usize,
    /// Significance level.
    pub alpha: f64,
    /// Correction applied.
    pub correction: Correction,
    /// Multivariate MMD test on the numeric columns (`None` when skipped or when fewer
    /// than two complete rows remain in a table).
    pub mmd: Option<MmdResult>,
    /// Rows of the reference table.
    pub n_reference_rows: usize,
    /// Rows of the current table.
    pub n_current_rows: usize,
}

/// Compares two tables column by column and jointly.
///
/// # Examples
/// ```
/// use rai_core::{CsvOptions, Table};
/// use rai_robustness::drift::{drift_report, DriftParams};
/// let a = Table::from_csv_bytes(b"x,c\n1,a\n2,b\n3,a\n4,b\n5,a\n", "a", &CsvOptions::default())?;
/// let b = Table::from_csv_bytes(b"x,c\n11,a\n12,a\n13,a\n14,a\n15,b\n", "b", &CsvOptions::default())?;
/// let r = drift_report(&a, &b, &DriftParams::default())?;
/// assert_eq!(r.features[0].statistic, Some(1.0));
/// assert!(r.features[0].drift);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`Error::UnknownColumn`] for a requested column missing from either table;
/// [`Error::Empty`] when no column is shared; [`Error::InvalidParameter`] for `alpha`
/// outside (0, 1) or zero PSI bins.
pub fn drift_report(
    reference: &Table,
    current: &Table,
    params: &DriftParams,
) -> Result<DriftReport> {
    if !(params.alpha > 0.0 && params.alpha < 1.0) {
        return Err(Error::invalid_parameter(
            "alpha",
            params.alpha,
            "a number in (0, 1)",
        ));
    }
    let columns: Vec<String> = match &params.columns {
        Some(c) => {
            for name in c {
                reference.column(name)?;
                current.column(name)?;
            }
            c.clone()
        }
        None => reference
            .column_names()
            .iter()
            .filter(|n| current.has_column(n))
            .cloned()
            .collect(),
    };
    if columns.is_empty() {
        return Err(Error::Empty {
            what: "columns shared by the reference and current tables".into(),
        });
    }
    let mut features = Vec::with_capacity(columns.len());
    let mut numeric_cols = Vec::new();
    for name in &columns {
        let (rc, cc) = (reference.column(name)?, current.column(name)?);
        match (rc, cc) {
            (Column::Numeric(r), Column::Numeric(c)) => {
                numeric_cols.push(name.clone());
                let rv: Vec<f64> = r.values().iter().copied().filter(|v| !v.is_nan()).collect();
                let cv: Vec<f64> = c.values().iter().copied().filter(|v| !v.is_nan()).collect();
                let ks = if rv.is_empty() || cv.is_empty() {
                    None
                } else {
                    Some(ks_2samp(&rv, &cv)?)
                };
                let cvm = if rv.len() < 2 || cv.len() < 2 {
                    None
                } else {
                    Some(cramervonmises_2samp(&rv, &cv)?)
                };
                let psi = if rv.is_empty() || cv.is_empty() {
                    None
                } else {
                    Some(psi_numeric(&rv, &cv, params.psi_bins)?)
                };
                features.push(FeatureDrift {
                    column: name.clone(),
                    kind: "numeric",
                    test: "ks",
                    statistic: ks.map(|k| k.statistic),
                    p_value: ks.map(|k| k.p_value),
                    p_value_adjusted: None,
                    method: ks.map(|k| k.method),
                    cvm_statistic: cvm.map(|k| k.statistic),
                    cvm_p_value: cvm.map(|k| k.p_value),
                    psi,
                    drift: false,
                    n_reference: rv.len(),
                    n_current: cv.len(),
                    missing_reference: r.len() - rv.len(),
                    missing_current: c.len() - cv.len(),
                });
            }
            _ => {
                let rt = reference.text_column(name)?;
                let ct = current.text_column(name)?;
                let mut levels: Vec<String> = rt.iter().chain(&ct).flatten().cloned().collect();
                levels.sort();
                levels.dedup();
                let count = |v: &[Option<String>]| {
                    let mut counts = vec![0usize; levels.len()];
                    for s in v.iter().flatten() {
                        if let Ok(i) = levels.binary_search(s) {
                            counts[i] += 1;
                        }
                    }
                    counts
                };
                let (rcnt, ccnt) = (count(&rt), count(&ct));
                let (nr, nc) = (rcnt.iter().sum::<usize>(), ccnt.iter().sum::<usize>());
                let chi = if nr == 0 || nc == 0 {
                    None
                } else {
                    let rf: Vec<f64> = rcnt.iter().map(|&v| v as f64).collect();
                    let cf: Vec<f64> = ccnt.iter().map(|&v| v as f64).collect();
                    Some(chi2_contingency(&rf, &cf)?)
                };
                features.push(FeatureDrift {
                    column: name.clone(),
                    kind: "categorical",
                    test: "chi2",
                    statistic: chi.map(|c| c.statistic),
                    p_value: chi.map(|c| c.p_value),
                    p_value_adjusted: None,
                    method: None,
                    cvm_statistic: None,
                    cvm_p_value: None,
                    psi: (nr > 0 && nc > 0).then(|| psi_from_counts(&rcnt, &ccnt)),
                    drift: false,
                    n_reference: nr,
                    n_current: nc,
                    missing_reference: rt.len() - nr,
                    missing_current: ct.len() - nc,
                });
            }
        }
    }
    let p: Vec<f64> = features
        .iter()
        .map(|f| f.p_value.unwrap_or(f64::NAN))
        .collect();
    let adj = adjust_p_values(&p, params.correction);
    for (f, a) in features.iter_mut().zip(adj) {
        if !a.is_nan() {
            f.p_value_adjusted = Some(a);
            f.drift = a < params.alpha;
        }
    }
    let mmd = match &params.mmd {
        Some(mp) if !numeric_cols.is_empty() => {
            let (xr, xc) = scaled_complete_rows(reference, current, &numeric_cols)?;
            if xr.nrows() >= 2 && xc.nrows() >= 2 && xr.ncols() > 0 {
                Some(mmd_test(xr.view(), xc.view(), mp)?)
            } else {
                None
            }
        }
        _ => None,
    };
    Ok(DriftReport {
        n_drifted: features.iter().filter(|f| f.drift).count(),
        features,
        alpha: params.alpha,
        correction: params.correction,
        mmd,
        n_reference_rows: reference.n_rows(),
        n_current_rows: current.n_rows(),
    })
}

/// Complete rows of the numeric columns, centred and scaled by the reference mean and
/// standard deviation; constant reference columns are dropped.
fn scaled_complete_rows(
    reference: &Table,
    current: &Table,
    cols: &[String],
) -> Result<(Array2<f64>, Array2<f64>)> {
    let r = reference.feature_matrix(cols)?;
    let c = current.feature_matrix(cols)?;
    let mut keep = Vec::new();
    let mut stats = Vec::new();
    for j in 0..cols.len() {
        let v: Vec<f64> = r
            .column(j)
            .iter()
            .copied()
            .filter(|x| x.is_finite())
            .collect();
        if v.len() < 2 {
            continue;
        }
        let mean = v.iter().sum::<f64>() / v.len() as f64;
        let sd = (v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (v.len() - 1) as f64).sqrt();
        if sd > 0.0 {
            keep.push(j);
            stats.push((mean, sd));
        }
    }
    let build = |m: &Array2<f64>| {
        let rows: Vec<usize> = (0..m.nrows())
            .filter(|&i| keep.iter().all(|&j| m[[i, j]].is_finite()))
            .collect();
        Array2::from_shape_fn((rows.len(), keep.len()), |(i, k)| {
            let (mean, sd) = stats[k];
            (m[[rows[i], keep[k]]] - mean) / sd
        })
    };
    Ok((build(&r), build(&c)))
}
