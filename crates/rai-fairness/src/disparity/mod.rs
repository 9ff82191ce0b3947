//! Named disparity measures with fairlearn's and AIF360's definitions.
//!
//! fairlearn (all groups compared, [`Comparison`] selects `between_groups`, `to_overall`
//! or a reference group):
//! - [`demographic_parity_difference`] / [`demographic_parity_ratio`]: selection rates.
//! - [`equalized_odds_difference`]: the larger of the TPR and FPR differences
//!   (`agg = worst_case`) or their mean; [`equalized_odds_ratio`]: the smaller of the TPR
//!   and FPR ratios (or their mean).
//! - [`equal_opportunity_difference`] / [`equal_opportunity_ratio`]: TPR.
//!
//! AIF360 (one privileged group against the pooled rest, [`ReferenceDisparities`]):
//! statistical parity difference, disparate impact (with the four-fifths rule), average
//! (absolute) odds difference, TPR/FPR differences, predictive parity difference.

use serde::Serialize;

use crate::frame::{Comparison, MetricFrame};
use crate::metrics::{BinaryMetric, MetricValue};
use crate::stats::{ConfusionStats, GroupedStats};

/// How [`equalized_odds_difference`] and [`equalized_odds_ratio`] combine the TPR and FPR
/// parts (fairlearn's `agg`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EqualizedOddsAgg {
    /// The worse of the two (max difference, min ratio). fairlearn's default.
    #[default]
    WorstCase,
    /// The mean of the two.
    Mean,
}

/// fairlearn `demographic_parity_difference`: difference of selection rates.
///
/// # Examples
/// ```
/// use rai_core::Groups;
/// use rai_fairness::{BinaryOutcomes, Comparison, GroupedStats, demographic_parity_difference};
/// let groups = Groups::from_labels("g", &[Some("a"), Some("a"), Some("b"), Some("b")]);
/// let o = BinaryOutcomes::new(&[true, false, true, false], &[true, true, false, true])?;
/// let stats = GroupedStats::compute(&o, &groups)?;
/// assert_eq!(demographic_parity_difference(&stats, Comparison::BetweenGroups), Ok(0.5));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// `Err(Undefined)` when no group has a defined selection rate.
pub fn demographic_parity_difference(stats: &GroupedStats, method: Comparison) -> MetricValue {
    MetricFrame::binary(BinaryMetric::SelectionRate, stats).difference_value(method)
}

/// fairlearn `demographic_parity_ratio`: ratio of selection rates (at most 1).
///
/// # Errors
/// `Err(Undefined)` when no group has a defined selection rate, or for `0 / 0`.
pub fn demographic_parity_ratio(stats: &GroupedStats, method: Comparison) -> MetricValue {
    MetricFrame::binary(BinaryMetric::SelectionRate, stats).ratio_value(method)
}

fn combine(
    a: MetricValue,
    b: MetricValue,
    agg: EqualizedOddsAgg,
    worst: fn(f64, f64) -> f64,
) -> MetricValue {
    let (a, b) = (a?, b?);
    Ok(match agg {
        EqualizedOddsAgg::WorstCase => worst(a, b),
        EqualizedOddsAgg::Mean => 0.5 * (a + b),
    })
}

/// fairlearn `equalized_odds_difference`: `max` (or mean) of the TPR and FPR differences.
///
/// # Errors
/// `Err(Undefined)` when either part is undefined.
pub fn equalized_odds_difference(
    stats: &GroupedStats,
    method: Comparison,
    agg: EqualizedOddsAgg,
) -> MetricValue {
    let tpr = MetricFrame::binary(BinaryMetric::TruePositiveRate, stats).difference_value(method);
    let fpr = MetricFrame::binary(BinaryMetric::FalsePositiveRate, stats).difference_value(method);
    combine(tpr, fpr, agg, f64::max)
}

/// fairlearn `equalized_odds_ratio`: `min` (or mean) of the TPR and FPR ratios.
///
/// # Errors
/// `Err(Undefined)` when either part is undefined.
pub fn equalized_odds_ratio(
    stats: &GroupedStats,
    method: Comparison,
    agg: EqualizedOddsAgg,
) -> MetricValue {
    let tpr = MetricFrame::binary(BinaryMetric::TruePositiveRate, stats).ratio_value(method);
    let fpr = MetricFrame::binary(BinaryMetric::FalsePositiveRate, stats).ratio_value(method);
    combine(tpr, fpr, agg, f64::min)
}

/// fairlearn `equal_opportunity_difference`: difference of true positive rates.
///
/// # Errors
/// `Err(Undefined)` when no group has actual positives.
pub fn equal_opportunity_difference(stats: &GroupedStats, method: Comparison) -> MetricValue {
    MetricFrame::binary(BinaryMetric::TruePositiveRate, stats).difference_value(method)
}

/// fairlearn `equal_opportunity_ratio`: ratio of true positive rates.
///
/// # Errors
/// `Err(Undefined)` when no group has actual positives, or for `0 / 0`.
pub fn equal_opportunity_ratio(stats: &GroupedStats, method: Comparison) -> MetricValue {
    MetricFrame::binary(BinaryMetric::TruePositiveRate, stats).ratio_value(method)
}

/// The four-fifths (80 %) rule threshold on disparate impact.
pub const FOUR_FIFTHS: f64 = 0.8;

/// AIF360's privileged-vs-unprivileged measures: the reference group is privileged, all
/// other rows are pooled as unprivileged. Differences are `unprivileged - privileged`.
///
/// # Examples
/// ```
/// use rai_core::Groups;
/// use rai_fairness::{BinaryOutcomes, GroupedStats, ReferenceDisparities};
/// let groups = Groups::from_labels("g", &[Some("a"), Some("a"), Some("b"), Some("b")]);
/// let o = BinaryOutcomes::new(&[true, false, true, false], &[true, true, false, true])?;
/// let stats = GroupedStats::compute(&o, &groups)?;
/// let d = ReferenceDisparities::compute(&stats, 0); // "a" is privileged
/// assert_eq!(d.statistical_parity_difference, Some(-0.5));
/// assert_eq!(d.disparate_impact, Some(0.5));
/// assert_eq!(d.four_fifths_rule_violated, Some(true));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReferenceDisparities {
    /// `SR_unpriv - SR_priv`.
    pub statistical_parity_difference: Option<f64>,
    /// `SR_unpriv / SR_priv`.
    pub disparate_impact: Option<f64>,
    /// `disparate_impact < 0.8`.
    pub four_fifths_rule_violated: Option<bool>,
    /// `((FPR_u - FPR_p) + (TPR_u - TPR_p)) / 2`.
    pub average_odds_difference: Option<f64>,
    /// `(|FPR_u - FPR_p| + |TPR_u - TPR_p|) / 2`.
    pub average_abs_odds_difference: Option<f64>,
    /// `TPR_u - TPR_p` (AIF360's `equal_opportunity_difference`).
    pub true_positive_rate_difference: Option<f64>,
    /// `FPR_u - FPR_p`.
    pub false_positive_rate_difference: Option<f64>,
    /// `PPV_u - PPV_p`.
    pub predictive_parity_difference: Option<f64>,
}

impl ReferenceDisparities {
    /// Compares group `reference` (privileged) with the pooled other groups.
    /// An out-of-range `reference` or no other rows give all-`None` values.
    pub fn compute(stats: &GroupedStats, reference: usize) -> Self {
        let conf = stats.confusion();
        let privileged = conf.get(reference).copied().unwrap_or_default();
        let unprivileged = conf
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != reference)
            .fold(ConfusionStats::default(), |a, (_, b)| a.merge(b));
        Self::between(&unprivileged, &privileged)
    }

    /// The measures for explicit unprivileged and privileged statistics.
    pub fn between(unprivileged: &ConfusionStats, privileged: &ConfusionStats) -> Self {
        let m = |metric: BinaryMetric, c: &ConfusionStats| metric.compute(c, None).ok();
        let diff = |metric: BinaryMetric| Some(m(metric, unprivileged)? - m(metric, privileged)?);
        let sr_u = m(BinaryMetric::SelectionRate, unprivileged);
        let sr_p = m(BinaryMetric::SelectionRate, privileged);
        let disparate_impact = match (sr_u, sr_p) {
            (Some(u), Some(p)) if p > 0.0 => Some(u / p),
            _ => None,
        };
        let tpr = diff(BinaryMetric::TruePositiveRate);
        let fpr = diff(BinaryMetric::FalsePositiveRate);
        let both = tpr.zip(fpr);
        Self {
            statistical_parity_difference: diff(BinaryMetric::SelectionRate),
            disparate_impact,
            four_fifths_rule_violated: disparate_impact.map(|d| d < FOUR_FIFTHS),
            average_odds_difference: both.map(|(t, f)| 0.5 * (t + f)),
            average_abs_odds_difference: both.map(|(t, f)| 0.5 * (t.abs() + f.abs())),
            true_positive_rate_difference: tpr,
            false_positive_rate_difference: fpr,
            predictive_parity_difference: diff(BinaryMetric::Precision),
        }
    }
}

#[cfg(test)]
mod tests;
