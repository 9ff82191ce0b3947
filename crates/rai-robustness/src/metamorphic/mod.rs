//! Declared-behaviour (metamorphic) tests: monotonicity and invariance.
//!
//! - [`check_monotone`]: for each row and each declared feature, the feature is set to a
//!   grid of values (quantiles of the column) and the margin must move in the declared
//!   direction between consecutive grid values ("raising income never lowers the score").
//! - [`check_invariance`]: for each row, the feature is set to every alternative value and
//!   the decision (class) must not change ("changing sex must not change the decision").
//!
//! Each check lists the violating rows (up to `max_reported` examples per feature, with
//! the total count always exact).

#[cfg(test)]
mod tests;

use ndarray::{Array2, ArrayView2};
use rai_core::{Error, Model, Result};
use serde::{Deserialize, Serialize};

use crate::constraints::feature_index;

/// Declared direction of a monotone feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// The margin must not decrease when the feature increases.
    Increasing,
    /// The margin must not increase when the feature increases.
    Decreasing,
}

/// Parameters of [`check_monotone`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonotoneParams {
    /// Features declared increasing.
    pub increasing: Vec<String>,
    /// Features declared decreasing.
    pub decreasing: Vec<String>,
    /// Grid points per feature (quantiles of the column, duplicates merged).
    pub grid: usize,
    /// Margin changes smaller than this are not violations.
    pub tolerance: f64,
    /// Examples kept per feature.
    pub max_reported: usize,
}

impl Default for MonotoneParams {
    fn default() -> Self {
        Self {
            increasing: Vec::new(),
            decreasing: Vec::new(),
            grid: 20,
            tolerance: 1e-9,
            max_reported: 100,
        }
    }
}

/// One violation of a monotone constraint.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonotoneViolation {
    /// 0-based row.
    pub row: usize,
    /// Lower feature value.
    pub from_value: f64,
    /// Higher feature value.
    pub to_value: f64,
    /// Margin at `from_value`.
    pub from_margin: f64,
    /// Margin at `to_value`.
    pub to_margin: f64,
}

/// Result for one declared feature.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeatureMonotonicity {
    /// Feature name.
    pub feature: String,
    /// Declared direction.
    pub direction: Direction,
    /// Grid values tried.
    pub grid: Vec<f64>,
    /// Rows checked.
    pub n_rows: usize,
    /// Rows with at least one violation.
    pub n_violating_rows: usize,
    /// `n_violating_rows / n_rows` (`None` for zero rows).
    pub violation_rate: Option<f64>,
    /// Largest margin change against the declared direction.
    pub max_violation: f64,
    /// Example violations (the largest per row), in row order.
    pub violations: Vec<MonotoneViolation>,
}

/// The monotonicity report (what `rai robustness monotone` prints).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonotonicityReport {
    /// One entry per declared feature.
    pub features: Vec<FeatureMonotonicity>,
    /// Whether no feature has a violation.
    pub passed: bool,
    /// Parameters used.
    pub tolerance: f64,
}

/// Checks declared monotone features (margin space).
///
/// # Examples
/// ```
/// use rai_models::{LinearKind, LinearModel};
/// use rai_robustness::metamorphic::{check_monotone, MonotoneParams};
/// let m = LinearModel::new(LinearKind::LogisticRegression, vec!["income".into(), "debt".into()], vec![0.5, 0.3], 0.0)?;
/// let x = ndarray::array![[1.0, 2.0], [3.0, 1.0], [2.0, 5.0]];
/// let p = MonotoneParams { increasing: vec!["income".into()], decreasing: vec!["debt".into()], ..Default::default() };
/// let r = check_monotone(&m, x.view(), &p)?;
/// assert_eq!(r.features[0].n_violating_rows, 0);
/// assert_eq!(r.features[1].n_violating_rows, 3); // debt raises the score
/// assert!(!r.passed);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`Error::UnknownColumn`] for a feature the model does not have;
/// [`Error::InvalidParameter`] for a feature declared twice or a grid below 2; model errors.
pub fn check_monotone<M: Model + ?Sized>(
    model: &M,
    x: ArrayView2<'_, f64>,
    params: &MonotoneParams,
) -> Result<MonotonicityReport> {
    rai_core::model::check_features(&x, model.n_features())?;
    if params.grid < 2 {
        return Err(Error::invalid_parameter("grid", params.grid, "at least 2"));
    }
    let names = model.feature_names();
    let mut declared: Vec<(usize, String, Direction)> = Vec::new();
    for (list, dir) in [
        (&params.increasing, Direction::Increasing),
        (&params.decreasing, Direction::Decreasing),
    ] {
        for f in list {
            let j = feature_index(f, names)?;
            if declared.iter().any(|(k, _, _)| *k == j) {
                return Err(Error::invalid_parameter(
                    "monotone feature",
                    f,
                    "each feature declared once",
                ));
            }
            declared.push((j, f.clone(), dir));
        }
    }
    let mut features = Vec::with_capacity(declared.len());
    for (j, name, dir) in declared {
        let grid = quantile_grid(x.column(j).iter().copied(), params.grid);
        let n = x.nrows();
        let g = grid.len();
        let mut xs = Array2::zeros((n * g, x.ncols()));
        for i in 0..n {
            for (k, &v) in grid.iter().enumerate() {
                let mut row = xs.row_mut(i * g + k);
                row.assign(&x.row(i));
                row[j] = v;
            }
        }
        let m = if g > 0 {
            model.predict_margin(xs.view())?
        } else {
            ndarray::Array1::zeros(0)
        };
        let mut violations = Vec::new();
        let mut n_viol = 0;
        let mut max_violation: f64 = 0.0;
        for i in 0..n {
            let mut worst: Option<MonotoneViolation> = None;
            let mut worst_size = params.tolerance;
            for k in 1..g {
                let (a, b) = (m[i * g + k - 1], m[i * g + k]);
                let against = match dir {
                    Direction::Increasing => a - b,
                    Direction::Decreasing => b - a,
                };
                if against > worst_size {
                    worst_size = against;
                    worst = Some(MonotoneViolation {
                        row: i,
                        from_value: grid[k - 1],
                        to_value: grid[k],
                        from_margin: a,
                        to_margin: b,
                    });
                }
            }
            if let Some(v) = worst {
                n_viol += 1;
                max_violation = max_violation.max(worst_size);
                if violations.len() < params.max_reported {
                    violations.push(v);
                }
            }
        }
        features.push(FeatureMonotonicity {
            feature: name,
            direction: dir,
            grid,
            n_rows: n,
            n_violating_rows: n_viol,
            violation_rate: (n > 0).then(|| n_viol as f64 / n as f64),
            max_violation,
            violations,
        });
    }
    Ok(MonotonicityReport {
        passed: features.iter().all(|f| f.n_violating_rows == 0),
        features,
        tolerance: params.tolerance,
    })
}

/// One violation of an invariance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InvarianceViolation {
    /// 0-based row.
    pub row: usize,
    /// The row's own value.
    pub original_value: f64,
    /// The value that changed the decision.
    pub changed_value: f64,
    /// Class with the original value.
    pub original_class: f64,
    /// Class with the changed value.
    pub changed_class: f64,
}

/// Result of [`check_invariance`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InvarianceReport {
    /// Feature name.
    pub feature: String,
    /// Values substituted.
    pub values: Vec<f64>,
    /// Rows checked.
    pub n_rows: usize,
    /// Rows whose decision changes for some value.
    pub n_violating_rows: usize,
    /// `n_violating_rows / n_rows`.
    pub violation_rate: Option<f64>,
    /// Example violations (first value that flips each row), in row order.
    pub violations: Vec<InvarianceViolation>,
}

/// Checks that the decision (class, margin > 0) of every row is unchanged when `feature`
/// takes each of `values` (`None`: the column's distinct values).
///
/// # Examples
/// ```
/// use rai_models::{LinearKind, LinearModel};
/// use rai_robustness::metamorphic::check_invariance;
/// let m = LinearModel::new(LinearKind::LogisticRegression, vec!["x".into(), "sex".into()], vec![1.0, 0.4], -0.2)?;
/// let x = ndarray::array![[0.0, 0.0], [5.0, 1.0], [0.1, 1.0]];
/// let r = check_invariance(&m, x.view(), "sex", None, 100)?;
/// assert_eq!(r.n_violating_rows, 2); // rows 0 and 2 sit near the boundary
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`Error::UnknownColumn`]; model errors.
pub fn check_invariance<M: Model + ?Sized>(
    model: &M,
    x: ArrayView2<'_, f64>,
    feature: &str,
    values: Option<&[f64]>,
    max_reported: usize,
) -> Result<InvarianceReport> {
    rai_core::model::check_features(&x, model.n_features())?;
    let j = feature_index(feature, model.feature_names())?;
    let values: Vec<f64> = match values {
        Some(v) => v.to_vec(),
        None => {
            let mut v: Vec<f64> = x
                .column(j)
                .iter()
                .copied()
                .filter(|a| !a.is_nan())
                .collect();
            v.sort_by(f64::total_cmp);
            v.dedup();
            v
        }
    };
    let class = |m: f64| if m > 0.0 { 1.0 } else { 0.0 };
    let base = model.predict_margin(x)?;
    let n = x.nrows();
    let g = values.len();
    let mut xs = Array2::zeros((n * g, x.ncols()));
    for i in 0..n {
        for (k, &v) in values.iter().enumerate() {
            let mut row = xs.row_mut(i * g + k);
            row.assign(&x.row(i));
            row[j] = v;
        }
    }
    let m = if g > 0 {
        model.predict_margin(xs.view())?
    } else {
        ndarray::Array1::zeros(0)
    };
    let mut violations = Vec::new();
    let mut n_viol = 0;
    for i in 0..n {
        if let Some(k) = (0..g).find(|&k| class(m[i * g + k]) != class(base[i])) {
            n_viol += 1;
            if violations.len() < max_reported {
                violations.push(InvarianceViolation {
                    row: i,
                    original_value: x[[i, j]],
                    changed_value: values[k],
                    original_class: class(base[i]),
                    changed_class: class(m[i * g + k]),
                });
            }
        }
    }
    Ok(InvarianceReport {
        feature: feature.to_owned(),
        values,
        n_rows: n,
        n_violating_rows: n_viol,
        violation_rate: (n > 0).then(|| n_viol as f64 / n as f64),
        violations,
    })
}

/// Up to `k` quantiles (evenly spaced, min to max) of the finite values, deduplicated.
fn quantile_grid(values: impl Iterator<Item = f64>, k: usize) -> Vec<f64> {
    let mut v: Vec<f64> = values.filter(|a| a.is_finite()).collect();
    if v.is_empty() {
        return Vec::new();
    }
    v.sort_by(f64::total_cmp);
    let mut g: Vec<f64> = (0..k)
        .map(|q| {
            let pos = q as f64 / (k - 1) as f64 * (v.len() - 1) as f64;
            v[pos.round() as usize]
        })
        .collect();
    g.dedup();
    g
}
