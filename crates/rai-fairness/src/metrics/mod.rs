//! Per-group binary-classification metrics computed from sufficient statistics.
//!
//! [`BinaryMetric`] names each metric and computes it from [`ConfusionStats`] (and
//! [`ScoreStats`] for the score-based ones); [`BinaryMetrics`] holds all of them for one
//! group, with the reason for every undefined value. [`roc_auc`] needs raw scores.
//!
//! Undefined values are `None` with an [`Undefined`] reason, never 0. (scikit-learn and
//! fairlearn return 0 with a warning for, e.g., a true positive rate without positives;
//! this crate does not.)

mod auc;

pub use auc::roc_auc;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::stats::{ConfusionStats, ScoreStats};

/// Why a metric has no value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Undefined {
    /// The group has no rows.
    NoRows,
    /// The group's rows all have weight 0.
    ZeroWeight,
    /// No actual positives (`tp + fn = 0`).
    NoActualPositives,
    /// No actual negatives (`tn + fp = 0`).
    NoActualNegatives,
    /// No predicted positives (`tp + fp = 0`).
    NoPredictedPositives,
    /// No predicted negatives (`tn + fn = 0`).
    NoPredictedNegatives,
    /// `2tp + fp + fn = 0`: no positives, actual or predicted.
    NoPositives,
    /// No scores were given.
    NoScores,
    /// Fewer than two groups with a defined value, or no reference group value.
    TooFewGroups,
    /// A ratio whose denominator is 0.
    ZeroDenominator,
    /// The index is infinite or not defined for these benefits (e.g. `alpha <= 0` with a
    /// zero benefit, or all benefits zero).
    UndefinedIndex,
}

impl std::fmt::Display for Undefined {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Undefined::NoRows => "the group has no rows",
            Undefined::ZeroWeight => "the group's total weight is 0",
            Undefined::NoActualPositives => "no actual positives",
            Undefined::NoActualNegatives => "no actual negatives",
            Undefined::NoPredictedPositives => "no predicted positives",
            Undefined::NoPredictedNegatives => "no predicted negatives",
            Undefined::NoPositives => "no actual or predicted positives",
            Undefined::NoScores => "no scores were given",
            Undefined::TooFewGroups => "too few groups with a defined value",
            Undefined::ZeroDenominator => "the denominator is 0",
            Undefined::UndefinedIndex => "the index is not defined for these benefits",
        })
    }
}

/// A metric value or the reason it is undefined.
pub type MetricValue = std::result::Result<f64, Undefined>;

fn ratio(num: f64, den: f64, why: Undefined) -> MetricValue {
    if den > 0.0 { Ok(num / den) } else { Err(why) }
}

/// The built-in binary-classification metrics (all sample-weighted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BinaryMetric {
    /// `(tp + fn) / W`: the share of actual positives.
    BaseRate,
    /// `(tp + fp) / W`: the share of predicted positives.
    SelectionRate,
    /// `tp / (tp + fn)` (recall, sensitivity).
    TruePositiveRate,
    /// `fp / (fp + tn)`.
    FalsePositiveRate,
    /// `tn / (tn + fp)` (specificity).
    TrueNegativeRate,
    /// `fn / (fn + tp)`.
    FalseNegativeRate,
    /// `tp / (tp + fp)` (positive predictive value).
    Precision,
    /// `tn / (tn + fn)`.
    NegativePredictiveValue,
    /// `(tp + tn) / W`.
    Accuracy,
    /// `(TPR + TNR) / 2`; undefined unless both classes occur.
    BalancedAccuracy,
    /// `2tp / (2tp + fp + fn)`.
    F1,
    /// `Σ w (s - y)² / Σ w`.
    BrierScore,
    /// `Σ_b (W_b / W) |ȳ_b - s̄_b|` over 10 equal-width bins on `[0, 1]` (last bin closed),
    /// weighted means within bins.
    ExpectedCalibrationError,
}

impl BinaryMetric {
    /// Every count- and score-statistics-based metric, in report order.
    pub const ALL: [BinaryMetric; 13] = [
        BinaryMetric::BaseRate,
        BinaryMetric::SelectionRate,
        BinaryMetric::TruePositiveRate,
        BinaryMetric::FalsePositiveRate,
        BinaryMetric::TrueNegativeRate,
        BinaryMetric::FalseNegativeRate,
        BinaryMetric::Precision,
        BinaryMetric::NegativePredictiveValue,
        BinaryMetric::Accuracy,
        BinaryMetric::BalancedAccuracy,
        BinaryMetric::F1,
        BinaryMetric::BrierScore,
        BinaryMetric::ExpectedCalibrationError,
    ];

    /// The snake_case name used in JSON.
    pub fn name(self) -> &'static str {
        match self {
            BinaryMetric::BaseRate => "base_rate",
            BinaryMetric::SelectionRate => "selection_rate",
            BinaryMetric::TruePositiveRate => "true_positive_rate",
            BinaryMetric::FalsePositiveRate => "false_positive_rate",
            BinaryMetric::TrueNegativeRate => "true_negative_rate",
            BinaryMetric::FalseNegativeRate => "false_negative_rate",
            BinaryMetric::Precision => "precision",
            BinaryMetric::NegativePredictiveValue => "negative_predictive_value",
            BinaryMetric::Accuracy => "accuracy",
            BinaryMetric::BalancedAccuracy => "balanced_accuracy",
            BinaryMetric::F1 => "f1",
            BinaryMetric::BrierScore => "brier_score",
            BinaryMetric::ExpectedCalibrationError => "expected_calibration_error",
        }
    }

    /// Computes the metric from one group's statistics.
    ///
    /// # Examples
    /// ```
    /// use rai_fairness::{BinaryMetric, ConfusionStats, Undefined};
    /// let mut s = ConfusionStats::default();
    /// s.add(false, true, 1.0);
    /// assert_eq!(BinaryMetric::FalsePositiveRate.compute(&s, None), Ok(1.0));
    /// assert_eq!(BinaryMetric::TruePositiveRate.compute(&s, None), Err(Undefined::NoActualPositives));
    /// ```
    pub fn compute(self, c: &ConfusionStats, scores: Option<&ScoreStats>) -> MetricValue {
        if c.count() == 0 {
            return Err(Undefined::NoRows);
        }
        let w = c.weight();
        let (tp, fp, tn, fnn) = (
            c.true_positives(),
            c.false_positives(),
            c.true_negatives(),
            c.false_negatives(),
        );
        let zw = Undefined::ZeroWeight;
        match self {
            BinaryMetric::BaseRate => ratio(c.positives(), w, zw),
            BinaryMetric::SelectionRate => ratio(c.predicted_positives(), w, zw),
            BinaryMetric::TruePositiveRate => {
                ratio(tp, c.positives(), Undefined::NoActualPositives)
            }
            BinaryMetric::FalsePositiveRate => {
                ratio(fp, c.negatives(), Undefined::NoActualNegatives)
            }
            BinaryMetric::TrueNegativeRate => {
                ratio(tn, c.negatives(), Undefined::NoActualNegatives)
            }
            BinaryMetric::FalseNegativeRate => {
                ratio(fnn, c.positives(), Undefined::NoActualPositives)
            }
            BinaryMetric::Precision => {
                ratio(tp, c.predicted_positives(), Undefined::NoPredictedPositives)
            }
            BinaryMetric::NegativePredictiveValue => {
                ratio(tn, c.predicted_negatives(), Undefined::NoPredictedNegatives)
            }
            BinaryMetric::Accuracy => ratio(tp + tn, w, zw),
            BinaryMetric::BalancedAccuracy => {
                let tpr = ratio(tp, c.positives(), Undefined::NoActualPositives)?;
                let tnr = ratio(tn, c.negatives(), Undefined::NoActualNegatives)?;
                Ok(0.5 * (tpr + tnr))
            }
            BinaryMetric::F1 => ratio(2.0 * tp, 2.0 * tp + fp + fnn, Undefined::NoPositives),
            BinaryMetric::BrierScore => {
                let s = scores.ok_or(Undefined::NoScores)?;
                ratio(s.brier_sum(), s.weight(), zw)
            }
            BinaryMetric::ExpectedCalibrationError => {
                let s = scores.ok_or(Undefined::NoScores)?;
                expected_calibration_error(s)
            }
        }
    }
}

fn expected_calibration_error(s: &ScoreStats) -> MetricValue {
    let total = s.weight();
    if total <= 0.0 {
        return Err(Undefined::ZeroWeight);
    }
    Ok(s.bins()
        .iter()
        .filter(|b| b[0] > 0.0)
        .map(|b| b[0] / total * (b[2] / b[0] - b[1] / b[0]).abs())
        .sum())
}

/// All built-in metrics of one group (or of all rows).
///
/// Serialises with one key per metric (`null` when undefined) and an `undefined` map from
/// metric name to the reason, omitted when every metric is defined.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BinaryMetrics {
    /// Number of rows (unweighted).
    pub count: u64,
    /// Total sample weight (equals `count` without weights).
    pub weight: f64,
    /// See [`BinaryMetric::BaseRate`].
    pub base_rate: Option<f64>,
    /// See [`BinaryMetric::SelectionRate`].
    pub selection_rate: Option<f64>,
    /// See [`BinaryMetric::TruePositiveRate`].
    pub true_positive_rate: Option<f64>,
    /// See [`BinaryMetric::FalsePositiveRate`].
    pub false_positive_rate: Option<f64>,
    /// See [`BinaryMetric::TrueNegativeRate`].
    pub true_negative_rate: Option<f64>,
    /// See [`BinaryMetric::FalseNegativeRate`].
    pub false_negative_rate: Option<f64>,
    /// See [`BinaryMetric::Precision`].
    pub precision: Option<f64>,
    /// See [`BinaryMetric::NegativePredictiveValue`].
    pub negative_predictive_value: Option<f64>,
    /// See [`BinaryMetric::Accuracy`].
    pub accuracy: Option<f64>,
    /// See [`BinaryMetric::BalancedAccuracy`].
    pub balanced_accuracy: Option<f64>,
    /// See [`BinaryMetric::F1`].
    pub f1: Option<f64>,
    /// Weighted ROC AUC ([`roc_auc`]); `None` without scores or with a single class.
    pub roc_auc: Option<f64>,
    /// See [`BinaryMetric::BrierScore`].
    pub brier_score: Option<f64>,
    /// See [`BinaryMetric::ExpectedCalibrationError`].
    pub expected_calibration_error: Option<f64>,
    /// Metric name → reason, for every undefined metric.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub undefined: BTreeMap<&'static str, Undefined>,
}

impl BinaryMetrics {
    /// Computes every metric from statistics; `roc_auc` is passed in because it needs the
    /// raw scores (`Err(Undefined::NoScores)` when there are none).
    pub fn from_stats(
        c: &ConfusionStats,
        scores: Option<&ScoreStats>,
        roc_auc: MetricValue,
    ) -> Self {
        let mut undefined = BTreeMap::new();
        let mut get = |m: BinaryMetric| match m.compute(c, scores) {
            Ok(v) => Some(v),
            Err(e) => {
                undefined.insert(m.name(), e);
                None
            }
        };
        let mut out = BinaryMetrics {
            count: c.count(),
            weight: c.weight(),
            base_rate: get(BinaryMetric::BaseRate),
            selection_rate: get(BinaryMetric::SelectionRate),
            true_positive_rate: get(BinaryMetric::TruePositiveRate),
            false_positive_rate: get(BinaryMetric::FalsePositiveRate),
            true_negative_rate: get(BinaryMetric::TrueNegativeRate),
            false_negative_rate: get(BinaryMetric::FalseNegativeRate),
            precision: get(BinaryMetric::Precision),
            negative_predictive_value: get(BinaryMetric::NegativePredictiveValue),
            accuracy: get(BinaryMetric::Accuracy),
            balanced_accuracy: get(BinaryMetric::BalancedAccuracy),
            f1: get(BinaryMetric::F1),
            roc_auc: None,
            brier_score: get(BinaryMetric::BrierScore),
            expected_calibration_error: get(BinaryMetric::ExpectedCalibrationError),
            undefined,
        };
        match roc_auc {
            Ok(v) => out.roc_auc = Some(v),
            Err(e) => {
                out.undefined.insert("roc_auc", e);
            }
        }
        out
    }

    /// The value of a built-in metric.
    pub fn get(&self, m: BinaryMetric) -> Option<f64> {
        match m {
            BinaryMetric::BaseRate => self.base_rate,
            BinaryMetric::SelectionRate => self.selection_rate,
            BinaryMetric::TruePositiveRate => self.true_positive_rate,
            BinaryMetric::FalsePositiveRate => self.false_positive_rate,
            BinaryMetric::TrueNegativeRate => self.true_negative_rate,
            BinaryMetric::FalseNegativeRate => self.false_negative_rate,
            BinaryMetric::Precision => self.precision,
            BinaryMetric::NegativePredictiveValue => self.negative_predictive_value,
            BinaryMetric::Accuracy => self.accuracy,
            BinaryMetric::BalancedAccuracy => self.balanced_accuracy,
            BinaryMetric::F1 => self.f1,
            BinaryMetric::BrierScore => self.brier_score,
            BinaryMetric::ExpectedCalibrationError => self.expected_calibration_error,
        }
    }

    /// `(name, value)` for every metric including `roc_auc`, in report order.
    pub fn values(&self) -> Vec<(&'static str, Option<f64>)> {
        let mut v: Vec<(&'static str, Option<f64>)> = BinaryMetric::ALL
            .iter()
            .map(|&m| (m.name(), self.get(m)))
            .collect();
        v.insert(11, ("roc_auc", self.roc_auc));
        v
    }
}

#[cfg(test)]
mod tests;
