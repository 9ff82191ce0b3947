//! Regression fairness: per-group error and mean prediction, and their disparities.
//!
//! [`RegressionStats`] holds mergeable weighted sums per group (`Σw`, `Σw|e|`, `Σw e²`,
//! `Σw ŷ`, `Σw y`); [`regression_by_group`] turns them into a [`RegressionReport`] with
//! MAE, RMSE, mean prediction and mean target per group and overall, and the
//! `between_groups` difference and ratio of each (fairlearn's [`MetricFrame`] semantics).

use rai_core::error::ensure_len;
use rai_core::{Error, Groups, Result};
use serde::Serialize;

use crate::audit::GroupLabel;
use crate::frame::{Comparison, MetricFrame};

/// Mergeable weighted sums of one group's regression errors.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct RegressionStats {
    count: u64,
    weight: f64,
    abs_error: f64,
    sq_error: f64,
    prediction: f64,
    target: f64,
}

impl RegressionStats {
    /// Adds one row.
    pub fn add(&mut self, y_true: f64, y_pred: f64, weight: f64) {
        let e = y_pred - y_true;
        self.count += 1;
        self.weight += weight;
        self.abs_error += weight * e.abs();
        self.sq_error += weight * e * e;
        self.prediction += weight * y_pred;
        self.target += weight * y_true;
    }
    /// The sums of both (associative).
    #[must_use]
    pub fn merge(&self, o: &Self) -> Self {
        Self {
            count: self.count + o.count,
            weight: self.weight + o.weight,
            abs_error: self.abs_error + o.abs_error,
            sq_error: self.sq_error + o.sq_error,
            prediction: self.prediction + o.prediction,
            target: self.target + o.target,
        }
    }
    fn mean(&self, sum: f64) -> Option<f64> {
        (self.weight > 0.0).then(|| sum / self.weight)
    }
    /// Number of rows.
    pub fn count(&self) -> u64 {
        self.count
    }
    /// Weighted mean absolute error.
    pub fn mae(&self) -> Option<f64> {
        self.mean(self.abs_error)
    }
    /// Weighted root mean squared error.
    pub fn rmse(&self) -> Option<f64> {
        self.mean(self.sq_error).map(f64::sqrt)
    }
    /// Weighted mean prediction.
    pub fn mean_prediction(&self) -> Option<f64> {
        self.mean(self.prediction)
    }
    /// Weighted mean target.
    pub fn mean_target(&self) -> Option<f64> {
        self.mean(self.target)
    }
}

/// Regression metrics of one group (or of all rows); `None` when the weight is 0.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegressionMetrics {
    /// Rows.
    pub count: u64,
    /// Mean absolute error.
    pub mae: Option<f64>,
    /// Root mean squared error.
    pub rmse: Option<f64>,
    /// Mean prediction.
    pub mean_prediction: Option<f64>,
    /// Mean target.
    pub mean_target: Option<f64>,
}

impl From<&RegressionStats> for RegressionMetrics {
    fn from(s: &RegressionStats) -> Self {
        Self {
            count: s.count,
            mae: s.mae(),
            rmse: s.rmse(),
            mean_prediction: s.mean_prediction(),
            mean_target: s.mean_target(),
        }
    }
}

/// One group of a [`RegressionReport`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegressionGroup {
    /// Group label.
    pub group: GroupLabel,
    /// Metrics.
    #[serde(flatten)]
    pub metrics: RegressionMetrics,
}

/// Difference (max − min) and ratio (min / max) of one metric across groups.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Spread {
    /// `max - min`.
    pub difference: Option<f64>,
    /// `min / max`.
    pub ratio: Option<f64>,
}

/// Per-group regression metrics and their disparities.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegressionReport {
    /// Rows.
    pub n: u64,
    /// Per group.
    pub groups: Vec<RegressionGroup>,
    /// Over all rows.
    pub overall: RegressionMetrics,
    /// Spread of MAE, RMSE, mean prediction and mean target across groups.
    pub disparities: std::collections::BTreeMap<&'static str, Spread>,
}

/// Per-group MAE/RMSE/mean prediction of a regression model, and their disparities.
///
/// # Examples
/// ```
/// use rai_core::Groups;
/// use rai_fairness::regression_by_group;
/// let groups = Groups::from_labels("g", &[Some("a"), Some("a"), Some("b"), Some("b")]);
/// let r = regression_by_group(&[1.0, 2.0, 3.0, 4.0], &[1.0, 2.0, 4.0, 6.0], None, &groups)?;
/// assert_eq!(r.groups[1].metrics.mae, Some(1.5));
/// assert_eq!(r.disparities["mae"].difference, Some(1.5));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`Error::LengthMismatch`]; [`Error::NonFinite`] for NaN/infinite targets, predictions
/// or weights; [`Error::InvalidParameter`] for a negative weight; [`Error::Empty`].
pub fn regression_by_group(
    y_true: &[f64],
    y_pred: &[f64],
    weights: Option<&[f64]>,
    groups: &Groups,
) -> Result<RegressionReport> {
    let n = y_true.len();
    ensure_len("y_pred vs y_true", n, y_pred.len())?;
    ensure_len("groups vs y_true", n, groups.n_rows())?;
    if n == 0 {
        return Err(Error::Empty {
            what: "rows to audit".into(),
        });
    }
    if let Some(w) = weights {
        ensure_len("weights vs y_true", n, w.len())?;
    }
    let mut stats = vec![RegressionStats::default(); groups.n_groups()];
    for (i, &g) in groups.assignment().iter().enumerate() {
        let w = weights.map_or(1.0, |w| w[i]);
        for (what, v) in [("y_true", y_true[i]), ("y_pred", y_pred[i]), ("weights", w)] {
            if !v.is_finite() {
                return Err(Error::NonFinite {
                    what: what.into(),
                    index: i,
                    value: v,
                });
            }
        }
        if w < 0.0 {
            return Err(Error::invalid_parameter(
                format!("weight at row {i}"),
                w,
                "a weight >= 0",
            ));
        }
        stats[g as usize].add(y_true[i], y_pred[i], w);
    }
    let overall_stats = stats
        .iter()
        .fold(RegressionStats::default(), |a, b| a.merge(b));
    let overall = RegressionMetrics::from(&overall_stats);
    let metrics: Vec<RegressionMetrics> = stats.iter().map(RegressionMetrics::from).collect();
    let keys = groups.keys().to_vec();
    let mut disparities = std::collections::BTreeMap::new();
    type Getter = fn(&RegressionMetrics) -> Option<f64>;
    let getters: [(&'static str, Getter); 4] = [
        ("mae", |m| m.mae),
        ("rmse", |m| m.rmse),
        ("mean_prediction", |m| m.mean_prediction),
        ("mean_target", |m| m.mean_target),
    ];
    for (name, get) in getters {
        let frame = MetricFrame::new(
            name,
            keys.clone(),
            get(&overall),
            metrics.iter().map(get).collect(),
        )?;
        disparities.insert(
            name,
            Spread {
                difference: frame.difference(Comparison::BetweenGroups),
                ratio: frame.ratio(Comparison::BetweenGroups),
            },
        );
    }
    Ok(RegressionReport {
        n: n as u64,
        groups: metrics
            .into_iter()
            .zip(&keys)
            .map(|(m, k)| RegressionGroup {
                group: GroupLabel::new(groups.columns(), k),
                metrics: m,
            })
            .collect(),
        overall,
        disparities,
    })
}

#[cfg(test)]
mod tests;
