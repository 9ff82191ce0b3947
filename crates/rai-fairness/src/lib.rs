//! Group fairness metrics, disparities and intersectional audits with confidence
//! intervals: the numbers of fairlearn and AIF360 on the same data, plus intersectional
//! groups by default, stratified bootstrap intervals for every metric and disparity,
//! small-group warnings, undefined values reported as undefined (never 0), and
//! mergeable sufficient statistics so audits stream over chunks and split across workers.
//!
//! # Overview
//! - [`BinaryOutcomes`]: validated labels, predictions, optional scores and weights.
//! - [`GroupedStats`]: one pass over the rows into per-group [`ConfusionStats`] and
//!   [`ScoreStats`]; `merge` is associative, so chunked and parallel audits give the
//!   one-pass result. Groups come from [`rai_core::Groups`] (every observed combination of
//!   the sensitive columns is a group; a missing value is a level of its own).
//! - [`BinaryMetric`] / [`BinaryMetrics`]: base rate, selection rate, TPR, FPR, TNR, FNR,
//!   precision, NPV, accuracy, balanced accuracy, F1, Brier score, expected calibration
//!   error, and [`roc_auc`] (which needs raw scores and is not mergeable).
//! - [`MetricFrame`]: one metric overall and by group (built-in or a user closure), with
//!   fairlearn's `difference` and `ratio` ([`Comparison`]).
//! - Named disparities: [`demographic_parity_difference`], [`equalized_odds_difference`],
//!   [`equal_opportunity_difference`] and their ratios (fairlearn), and
//!   [`ReferenceDisparities`] (AIF360: statistical parity difference, disparate impact with
//!   the four-fifths rule, average odds difference, predictive parity difference).
//! - Inequality: [`generalized_entropy_index`], [`theil_index`], between-group indices and
//!   [`consistency`] (AIF360 definitions).
//! - [`FairnessAudit`] → [`FairnessReport`]: everything above in one serialisable report,
//!   with [`BootstrapParams`] confidence intervals; `rai fairness` prints it.
//! - [`regression_by_group`] and [`one_vs_rest_by_group`] for regression and multiclass
//!   models.
//!
//! # Example
//! ```
//! use rai_core::Groups;
//! use rai_fairness::{BinaryOutcomes, Comparison, FairnessAudit, GroupedStats, equalized_odds_difference, EqualizedOddsAgg};
//!
//! let sex = [Some("F"), Some("F"), Some("F"), Some("F"), Some("M"), Some("M"), Some("M"), Some("M")];
//! let groups = Groups::from_labels("sex", &sex);
//! let y_true = [true, true, false, false, true, true, false, false];
//! let y_pred = [true, false, false, false, true, true, true, false];
//! let outcomes = BinaryOutcomes::new(&y_true, &y_pred)?;
//!
//! let stats = GroupedStats::compute(&outcomes, &groups)?;
//! let eod = equalized_odds_difference(&stats, Comparison::BetweenGroups, EqualizedOddsAgg::WorstCase);
//! assert_eq!(eod, Ok(0.5));
//!
//! let report = FairnessAudit::params().reference_group(&[Some("M")]).build()?.run(&outcomes, &groups)?;
//! assert_eq!(report.disparities.reference.disparate_impact, Some(1.0 / 3.0));
//! assert_eq!(report.disparities.reference.four_fifths_rule_violated, Some(true));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Features
//! This crate has no optional features.

mod audit;
mod bootstrap;
mod disparity;
mod frame;
mod inequality;
mod metrics;
mod multiclass;
mod regression;
mod stats;

pub use audit::{
    AuditParameters, CiSummary, Disparities, FairnessAudit, FairnessAuditParams, FairnessReport,
    GroupLabel, GroupReport, Inequality, IntervalMap, OverallReport,
};
pub use bootstrap::{BootstrapParams, Interval};
pub use disparity::{
    EqualizedOddsAgg, FOUR_FIFTHS, ReferenceDisparities, demographic_parity_difference,
    demographic_parity_ratio, equal_opportunity_difference, equal_opportunity_ratio,
    equalized_odds_difference, equalized_odds_ratio,
};
pub use frame::{Comparison, MetricFrame};
pub use inequality::{
    between_groups_entropy_index, between_reference_entropy_index, consistency, entropy_index_of,
    generalized_entropy_index, theil_index,
};
pub use metrics::{BinaryMetric, BinaryMetrics, MetricValue, Undefined, roc_auc};
pub use multiclass::{ClassReport, one_vs_rest_by_group};
pub use regression::{
    RegressionGroup, RegressionMetrics, RegressionReport, RegressionStats, Spread,
    regression_by_group,
};
pub use stats::{BinaryOutcomes, CALIBRATION_BINS, ConfusionStats, GroupedStats, ScoreStats};
