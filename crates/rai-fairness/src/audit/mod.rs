//! The one-call fairness audit of a binary classifier and its serialisable report.
//!
//! [`FairnessAudit::run`] takes labels, predictions, optional scores and weights
//! ([`BinaryOutcomes`]) and the sensitive [`Groups`], and returns a [`FairnessReport`]:
//! every built-in metric per group and overall, the named disparities of fairlearn and
//! AIF360 (the AIF360 ones against a reference group), AIF360's inequality indices,
//! optional stratified bootstrap confidence intervals, warnings (small groups, groups
//! left out of a disparity because a rate is undefined there) and the parameters used.
//! The `rai fairness` command prints this report as JSON.

mod params;

pub use params::FairnessAuditParams;

use std::collections::BTreeMap;

use rai_core::error::ensure_len;
use rai_core::{Error, GroupKey, Groups, Result};
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::bootstrap::{self, BootstrapParams, Interval};
use crate::disparity::{self, EqualizedOddsAgg, ReferenceDisparities};
use crate::frame::{Comparison, MetricFrame};
use crate::inequality;
use crate::metrics::{BinaryMetric, BinaryMetrics, MetricValue, Undefined, roc_auc};
use crate::stats::{BinaryOutcomes, GroupedStats};

/// A configured fairness audit; build it with [`FairnessAudit::params`].
///
/// # Examples
/// ```
/// use rai_core::Groups;
/// use rai_fairness::{BinaryOutcomes, FairnessAudit};
/// let sex = [Some("F"), Some("F"), Some("F"), Some("M"), Some("M"), Some("M")];
/// let groups = Groups::from_labels("sex", &sex);
/// let y_true = [true, false, true, true, false, false];
/// let y_pred = [true, false, false, true, true, false];
/// let outcomes = BinaryOutcomes::new(&y_true, &y_pred)?;
/// let report = FairnessAudit::params()
///     .reference_group(&[Some("M")])
///     .bootstrap(200, 7)
///     .build()?
///     .run(&outcomes, &groups)?;
/// assert_eq!(report.n, 6);
/// assert_eq!(report.groups[0].metrics.selection_rate, Some(1.0 / 3.0));
/// assert_eq!(report.disparities.demographic_parity_difference, Some(1.0 / 3.0));
/// assert!(report.ci.is_some());
/// let json = serde_json::to_value(&report)?;
/// assert_eq!(json["groups"][0]["group"]["sex"], "F");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct FairnessAudit {
    reference: Option<Vec<Option<String>>>,
    min_group_size: usize,
    entropy_alpha: f64,
    bootstrap: Option<BootstrapParams>,
}

impl Default for FairnessAudit {
    fn default() -> Self {
        Self {
            reference: None,
            min_group_size: 30,
            entropy_alpha: 2.0,
            bootstrap: None,
        }
    }
}

/// A group's label: one value per sensitive column. Serialises as an object
/// `{"<column>": "<value>" | null, ...}` in column order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupLabel {
    columns: Vec<String>,
    key: GroupKey,
}

impl GroupLabel {
    /// The label of `key` for sensitive `columns`.
    pub fn new(columns: &[String], key: &GroupKey) -> Self {
        Self {
            columns: columns.to_vec(),
            key: key.clone(),
        }
    }
    /// The group key.
    pub fn key(&self) -> &GroupKey {
        &self.key
    }
    /// `(column, value)` pairs.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, Option<&str>)> {
        self.columns
            .iter()
            .map(String::as_str)
            .zip(self.key.0.iter().map(Option::as_deref))
    }
}

impl std::fmt::Display for GroupLabel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self
            .pairs()
            .map(|(c, v)| format!("{c}={}", v.unwrap_or("<missing>")))
            .collect();
        f.write_str(&parts.join(", "))
    }
}

impl Serialize for GroupLabel {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.columns.len()))?;
        for (c, v) in self.pairs() {
            map.serialize_entry(c, &v)?;
        }
        map.end()
    }
}

/// Per-metric confidence intervals (`null` when no replicate gave a defined value).
pub type IntervalMap = BTreeMap<&'static str, Option<Interval>>;

/// One group's entry in a [`FairnessReport`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupReport {
    /// The group's label.
    pub group: GroupLabel,
    /// Every built-in metric.
    #[serde(flatten)]
    pub metrics: BinaryMetrics,
    /// This group's selection rate divided by the reference group's.
    pub disparate_impact: Option<f64>,
    /// Fewer rows than the small-group threshold.
    pub small_group: bool,
    /// Bootstrap intervals of every metric, when requested.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ci: Option<IntervalMap>,
}

/// The metrics over all rows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OverallReport {
    /// Every built-in metric.
    #[serde(flatten)]
    pub metrics: BinaryMetrics,
    /// Bootstrap intervals, when requested.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ci: Option<IntervalMap>,
}

/// Named disparities: fairlearn's (all groups, `between_groups`) and AIF360's (reference
/// group against the pooled rest).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Disparities {
    /// Max − min selection rate.
    pub demographic_parity_difference: Option<f64>,
    /// Min / max selection rate.
    pub demographic_parity_ratio: Option<f64>,
    /// Max of the TPR and FPR differences.
    pub equalized_odds_difference: Option<f64>,
    /// Min of the TPR and FPR ratios.
    pub equalized_odds_ratio: Option<f64>,
    /// Max − min TPR.
    pub equal_opportunity_difference: Option<f64>,
    /// Min / max TPR.
    pub equal_opportunity_ratio: Option<f64>,
    /// Max − min accuracy.
    pub accuracy_difference: Option<f64>,
    /// Max − min ROC AUC (with scores).
    pub roc_auc_difference: Option<f64>,
    /// AIF360 measures against the reference group.
    #[serde(flatten)]
    pub reference: ReferenceDisparities,
    /// Name → reason for the undefined fairlearn-style disparities.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub undefined: BTreeMap<&'static str, Undefined>,
}

impl Disparities {
    /// `(name, value)` of every numeric disparity.
    pub fn values(&self) -> Vec<(&'static str, Option<f64>)> {
        let r = &self.reference;
        vec![
            (
                "demographic_parity_difference",
                self.demographic_parity_difference,
            ),
            ("demographic_parity_ratio", self.demographic_parity_ratio),
            ("equalized_odds_difference", self.equalized_odds_difference),
            ("equalized_odds_ratio", self.equalized_odds_ratio),
            (
                "equal_opportunity_difference",
                self.equal_opportunity_difference,
            ),
            ("equal_opportunity_ratio", self.equal_opportunity_ratio),
            ("accuracy_difference", self.accuracy_difference),
            ("roc_auc_difference", self.roc_auc_difference),
            (
                "statistical_parity_difference",
                r.statistical_parity_difference,
            ),
            ("disparate_impact", r.disparate_impact),
            ("average_odds_difference", r.average_odds_difference),
            ("average_abs_odds_difference", r.average_abs_odds_difference),
            (
                "true_positive_rate_difference",
                r.true_positive_rate_difference,
            ),
            (
                "false_positive_rate_difference",
                r.false_positive_rate_difference,
            ),
            (
                "predictive_parity_difference",
                r.predictive_parity_difference,
            ),
        ]
    }
}

/// AIF360 inequality indices of the benefits `b = ŷ − y + 1`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Inequality {
    /// The `alpha` of the generalized entropy indices.
    pub alpha: f64,
    /// Generalized entropy index over all rows.
    pub generalized_entropy_index: Option<f64>,
    /// Theil index (GE(1)) over all rows.
    pub theil_index: Option<f64>,
    /// Between-group GE(alpha): reference group vs the pooled rest.
    pub between_group_generalized_entropy_index: Option<f64>,
    /// Between-group Theil index: reference group vs the pooled rest.
    pub between_group_theil_index: Option<f64>,
    /// Between-group GE(alpha) over all groups.
    pub between_all_groups_generalized_entropy_index: Option<f64>,
    /// Between-group Theil index over all groups.
    pub between_all_groups_theil_index: Option<f64>,
}

impl Inequality {
    fn compute(stats: &GroupedStats, reference: usize, alpha: f64) -> Self {
        Self {
            alpha,
            generalized_entropy_index: inequality::generalized_entropy_index(stats, alpha).ok(),
            theil_index: inequality::theil_index(stats).ok(),
            between_group_generalized_entropy_index: inequality::between_reference_entropy_index(
                stats, reference, alpha,
            )
            .ok(),
            between_group_theil_index: inequality::between_reference_entropy_index(
                stats, reference, 1.0,
            )
            .ok(),
            between_all_groups_generalized_entropy_index: inequality::between_groups_entropy_index(
                stats, alpha,
            )
            .ok(),
            between_all_groups_theil_index: inequality::between_groups_entropy_index(stats, 1.0)
                .ok(),
        }
    }

    /// `(name, value)` of every index.
    pub fn values(&self) -> Vec<(&'static str, Option<f64>)> {
        vec![
            ("generalized_entropy_index", self.generalized_entropy_index),
            ("theil_index", self.theil_index),
            (
                "between_group_generalized_entropy_index",
                self.between_group_generalized_entropy_index,
            ),
            ("between_group_theil_index", self.between_group_theil_index),
            (
                "between_all_groups_generalized_entropy_index",
                self.between_all_groups_generalized_entropy_index,
            ),
            (
                "between_all_groups_theil_index",
                self.between_all_groups_theil_index,
            ),
        ]
    }
}

/// Bootstrap intervals of the disparities and inequality indices.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CiSummary {
    /// How the intervals were made.
    pub method: &'static str,
    /// Confidence level.
    pub level: f64,
    /// Number of replicates.
    pub resamples: usize,
    /// Seed.
    pub seed: u64,
    /// Interval of every disparity and inequality index.
    pub disparities: IntervalMap,
}

/// The parameters that produced a report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditParameters {
    /// Sensitive columns.
    pub sensitive_columns: Vec<String>,
    /// `"given"` or `"largest_group"`.
    pub reference_group_source: &'static str,
    /// Small-group warning threshold (rows).
    pub min_group_size: usize,
    /// Generalized entropy `alpha`.
    pub entropy_alpha: f64,
    /// Whether sample weights were used.
    pub weighted: bool,
    /// Whether scores were given.
    pub scores: bool,
    /// Bootstrap settings, when requested.
    pub bootstrap: Option<BootstrapParams>,
    /// Seed of the bootstrap (`null` without bootstrap).
    pub seed: Option<u64>,
}

/// The result of [`FairnessAudit::run`]; `rai fairness --format json` prints it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FairnessReport {
    /// Number of rows.
    pub n: u64,
    /// One entry per observed group, in sorted label order.
    pub groups: Vec<GroupReport>,
    /// Metrics over all rows.
    pub overall: OverallReport,
    /// The reference (privileged) group of the AIF360 measures.
    pub reference_group: GroupLabel,
    /// Named disparities.
    pub disparities: Disparities,
    /// Inequality indices.
    pub inequality: Inequality,
    /// Bootstrap intervals of the disparities, when requested.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ci: Option<CiSummary>,
    /// Human-readable warnings.
    pub warnings: Vec<String>,
    /// Parameters used.
    pub parameters: AuditParameters,
}

/// Per-group metric values, overall metric values, disparity values of one replicate.
type FlatValues = (Vec<Vec<Option<f64>>>, Vec<Option<f64>>, Vec<Option<f64>>);

/// Everything computed from one set of statistics (the data or a replicate).
struct Evaluation {
    groups: Vec<BinaryMetrics>,
    overall: BinaryMetrics,
    disparities: Disparities,
    inequality: Inequality,
}

impl Evaluation {
    fn flat(&self) -> FlatValues {
        let g = self
            .groups
            .iter()
            .map(|m| m.values().into_iter().map(|(_, v)| v).collect())
            .collect();
        let o = self.overall.values().into_iter().map(|(_, v)| v).collect();
        let d = self
            .disparities
            .values()
            .into_iter()
            .chain(self.inequality.values())
            .map(|(_, v)| v)
            .collect();
        (g, o, d)
    }
}

fn evaluate(
    stats: &GroupedStats,
    aucs: &[MetricValue],
    overall_auc: MetricValue,
    reference: usize,
    alpha: f64,
) -> Evaluation {
    let scores = stats.scores();
    let groups: Vec<BinaryMetrics> = stats
        .confusion()
        .iter()
        .enumerate()
        .map(|(i, c)| {
            BinaryMetrics::from_stats(
                c,
                scores.map(|s| &s[i]),
                aucs.get(i).copied().unwrap_or(Err(Undefined::NoScores)),
            )
        })
        .collect();
    let overall = BinaryMetrics::from_stats(
        &stats.overall_confusion(),
        stats.overall_scores().as_ref(),
        overall_auc,
    );
    let bg = Comparison::BetweenGroups;
    let mut undefined = BTreeMap::new();
    let mut keep = |name: &'static str, v: MetricValue| match v {
        Ok(v) => Some(v),
        Err(e) => {
            undefined.insert(name, e);
            None
        }
    };
    let auc_frame = MetricFrame::new(
        "roc_auc",
        stats.keys().to_vec(),
        overall.roc_auc,
        groups.iter().map(|m| m.roc_auc).collect(),
    );
    let disparities = Disparities {
        demographic_parity_difference: keep(
            "demographic_parity_difference",
            disparity::demographic_parity_difference(stats, bg),
        ),
        demographic_parity_ratio: keep(
            "demographic_parity_ratio",
            disparity::demographic_parity_ratio(stats, bg),
        ),
        equalized_odds_difference: keep(
            "equalized_odds_difference",
            disparity::equalized_odds_difference(stats, bg, EqualizedOddsAgg::WorstCase),
        ),
        equalized_odds_ratio: keep(
            "equalized_odds_ratio",
            disparity::equalized_odds_ratio(stats, bg, EqualizedOddsAgg::WorstCase),
        ),
        equal_opportunity_difference: keep(
            "equal_opportunity_difference",
            disparity::equal_opportunity_difference(stats, bg),
        ),
        equal_opportunity_ratio: keep(
            "equal_opportunity_ratio",
            disparity::equal_opportunity_ratio(stats, bg),
        ),
        accuracy_difference: keep(
            "accuracy_difference",
            MetricFrame::binary(BinaryMetric::Accuracy, stats).difference_value(bg),
        ),
        roc_auc_difference: keep(
            "roc_auc_difference",
            match (&auc_frame, scores) {
                (Ok(f), Some(_)) => f.difference_value(bg),
                _ => Err(Undefined::NoScores),
            },
        ),
        reference: ReferenceDisparities::compute(stats, reference),
        undefined,
    };
    Evaluation {
        groups,
        overall,
        disparities,
        inequality: Inequality::compute(stats, reference, alpha),
    }
}

fn group_aucs(
    outcomes: &BinaryOutcomes<'_>,
    assignment: &[u32],
    n_groups: usize,
) -> (Vec<MetricValue>, MetricValue) {
    let Some(scores) = outcomes.scores() else {
        return (
            vec![Err(Undefined::NoScores); n_groups],
            Err(Undefined::NoScores),
        );
    };
    let mut parts: Vec<bootstrap::ScoredRows> = (0..n_groups)
        .map(|_| bootstrap::ScoredRows::default())
        .collect();
    for (i, &g) in assignment.iter().enumerate() {
        if let Some(p) = parts.get_mut(g as usize) {
            p.y.push(outcomes.y_true()[i]);
            p.s.push(scores[i]);
            p.w.push(outcomes.weight(i));
        }
    }
    let aucs = parts
        .iter()
        .map(|p| roc_auc(&p.y, &p.s, Some(&p.w)))
        .collect();
    (aucs, roc_auc(outcomes.y_true(), scores, outcomes.weights()))
}

impl FairnessAudit {
    /// A builder with the defaults: largest group as reference, small-group threshold 30,
    /// entropy `alpha = 2`, no bootstrap.
    pub fn params() -> FairnessAuditParams {
        FairnessAuditParams::default()
    }

    /// Audits a binary classifier: one pass for the statistics, per-group ROC AUC when
    /// scores are given, and the bootstrap when configured.
    ///
    /// # Errors
    /// [`Error::LengthMismatch`] when `groups` and `outcomes` differ in length;
    /// [`Error::Empty`] for no rows; [`Error::InvalidParameter`] for a reference group
    /// that is not observed or has the wrong number of values.
    pub fn run(&self, outcomes: &BinaryOutcomes<'_>, groups: &Groups) -> Result<FairnessReport> {
        ensure_len(
            "sensitive groups vs y_true",
            outcomes.len(),
            groups.n_rows(),
        )?;
        let stats = GroupedStats::compute(outcomes, groups)?;
        let (aucs, overall_auc) = group_aucs(outcomes, groups.assignment(), stats.n_groups());
        let mut report = self.report(&stats, &aucs, overall_auc, outcomes.weights().is_some())?;
        if let Some(bp) = &self.bootstrap {
            self.add_intervals(&mut report, outcomes, groups.assignment(), &stats, bp);
        }
        Ok(report)
    }

    /// The report from precomputed (for example merged, streamed) statistics. ROC AUC is
    /// not available from statistics and no bootstrap is run.
    ///
    /// # Errors
    /// As [`FairnessAudit::run`].
    pub fn run_stats(&self, stats: &GroupedStats) -> Result<FairnessReport> {
        let aucs = vec![Err(Undefined::NoScores); stats.n_groups()];
        let weighted = stats
            .confusion()
            .iter()
            .any(|c| c.weight() != c.count() as f64);
        let mut report = self.report(stats, &aucs, Err(Undefined::NoScores), weighted)?;
        report.parameters.bootstrap = None;
        report.parameters.seed = None;
        Ok(report)
    }

    fn reference_id(&self, stats: &GroupedStats) -> Result<usize> {
        match &self.reference {
            Some(values) => {
                ensure_len(
                    "reference group values vs sensitive columns",
                    stats.columns().len(),
                    values.len(),
                )?;
                stats
                    .keys()
                    .iter()
                    .position(|k| &k.0 == values)
                    .ok_or_else(|| {
                        let shown: Vec<String> = values
                            .iter()
                            .map(|v| v.clone().unwrap_or_else(|| "<missing>".into()))
                            .collect();
                        let available: Vec<String> =
                            stats.keys().iter().map(ToString::to_string).collect();
                        Error::invalid_parameter(
                            "reference group",
                            shown.join(","),
                            format!("an observed group: {}", available.join("; ")),
                        )
                    })
            }
            None => Ok(stats
                .confusion()
                .iter()
                .enumerate()
                .max_by(|a, b| a.1.count().cmp(&b.1.count()).then(b.0.cmp(&a.0)))
                .map_or(0, |(i, _)| i)),
        }
    }

    fn report(
        &self,
        stats: &GroupedStats,
        aucs: &[MetricValue],
        overall_auc: MetricValue,
        weighted: bool,
    ) -> Result<FairnessReport> {
        let n = stats.n_rows();
        if n == 0 {
            return Err(Error::Empty {
                what: "rows to audit".into(),
            });
        }
        let reference = self.reference_id(stats)?;
        let ev = evaluate(stats, aucs, overall_auc, reference, self.entropy_alpha);
        let columns = stats.columns();
        let labels: Vec<GroupLabel> = stats
            .keys()
            .iter()
            .map(|k| GroupLabel::new(columns, k))
            .collect();
        let ref_sr = ev.groups.get(reference).and_then(|m| m.selection_rate);
        let mut warnings = Vec::new();
        let groups: Vec<GroupReport> = ev
            .groups
            .iter()
            .zip(&labels)
            .map(|(m, label)| {
                let small = (m.count as usize) < self.min_group_size;
                if small {
                    warnings.push(format!(
                        "group {label} has {} rows, fewer than {}: its metrics are unreliable",
                        m.count, self.min_group_size
                    ));
                }
                GroupReport {
                    group: label.clone(),
                    metrics: m.clone(),
                    disparate_impact: match (m.selection_rate, ref_sr) {
                        (Some(s), Some(r)) if r > 0.0 => Some(s / r),
                        _ => None,
                    },
                    small_group: small,
                    ci: None,
                }
            })
            .collect();
        if stats.n_groups() > 1 {
            for (metric, used_in) in [
                (BinaryMetric::SelectionRate, "demographic parity"),
                (
                    BinaryMetric::TruePositiveRate,
                    "equalized odds and equal opportunity",
                ),
                (BinaryMetric::FalsePositiveRate, "equalized odds"),
            ] {
                let left_out: Vec<String> = ev
                    .groups
                    .iter()
                    .zip(&labels)
                    .filter(|(m, _)| m.get(metric).is_none())
                    .map(|(m, l)| {
                        let why = m
                            .undefined
                            .get(metric.name())
                            .map_or_else(String::new, |u| format!(" ({u})"));
                        format!("{l}{why}")
                    })
                    .collect();
                if !left_out.is_empty() {
                    warnings.push(format!(
                        "{} is undefined for {}; left out of {used_in}",
                        metric.name(),
                        left_out.join("; ")
                    ));
                }
            }
        }
        Ok(FairnessReport {
            n,
            groups,
            overall: OverallReport {
                metrics: ev.overall,
                ci: None,
            },
            reference_group: labels
                .get(reference)
                .cloned()
                .unwrap_or_else(|| GroupLabel::new(columns, &GroupKey(vec![None; columns.len()]))),
            disparities: ev.disparities,
            inequality: ev.inequality,
            ci: None,
            warnings,
            parameters: AuditParameters {
                sensitive_columns: columns.to_vec(),
                reference_group_source: if self.reference.is_some() {
                    "given"
                } else {
                    "largest_group"
                },
                min_group_size: self.min_group_size,
                entropy_alpha: self.entropy_alpha,
                weighted,
                scores: stats.scores().is_some(),
                bootstrap: self.bootstrap,
                seed: self.bootstrap.map(|b| b.seed()),
            },
        })
    }

    fn add_intervals(
        &self,
        report: &mut FairnessReport,
        outcomes: &BinaryOutcomes<'_>,
        assignment: &[u32],
        stats: &GroupedStats,
        bp: &BootstrapParams,
    ) {
        let reference = self.reference_id(stats).unwrap_or(0);
        let alpha = self.entropy_alpha;
        let reps = bootstrap::replicate(outcomes, assignment, stats, bp, |r| {
            let (aucs, overall_auc) = match &r.scored {
                Some(parts) => {
                    let aucs: Vec<MetricValue> = parts
                        .iter()
                        .map(|p| roc_auc(&p.y, &p.s, Some(&p.w)))
                        .collect();
                    let y: Vec<bool> = parts.iter().flat_map(|p| p.y.iter().copied()).collect();
                    let s: Vec<f64> = parts.iter().flat_map(|p| p.s.iter().copied()).collect();
                    let w: Vec<f64> = parts.iter().flat_map(|p| p.w.iter().copied()).collect();
                    (aucs, roc_auc(&y, &s, Some(&w)))
                }
                None => (
                    vec![Err(Undefined::NoScores); r.stats.n_groups()],
                    Err(Undefined::NoScores),
                ),
            };
            evaluate(&r.stats, &aucs, overall_auc, reference, alpha).flat()
        });
        let level = bp.level();
        let metric_names: Vec<&'static str> = report
            .overall
            .metrics
            .values()
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        let interval_map = |names: &[&'static str], pick: &dyn Fn(usize, usize) -> Option<f64>| {
            names
                .iter()
                .enumerate()
                .map(|(k, &name)| {
                    let iv =
                        bootstrap::percentile_interval((0..reps.len()).map(|b| pick(b, k)), level);
                    (name, iv)
                })
                .collect::<IntervalMap>()
        };
        for (g, gr) in report.groups.iter_mut().enumerate() {
            gr.ci = Some(interval_map(&metric_names, &|b, k| {
                reps[b].0.get(g).and_then(|v| v.get(k).copied().flatten())
            }));
        }
        report.overall.ci = Some(interval_map(&metric_names, &|b, k| {
            reps[b].1.get(k).copied().flatten()
        }));
        let disparity_names: Vec<&'static str> = report
            .disparities
            .values()
            .into_iter()
            .chain(report.inequality.values())
            .map(|(n, _)| n)
            .collect();
        report.ci = Some(CiSummary {
            method: "percentile bootstrap, resampling rows within each group",
            level,
            resamples: bp.resamples(),
            seed: bp.seed(),
            disparities: interval_map(&disparity_names, &|b, k| {
                reps[b].2.get(k).copied().flatten()
            }),
        });
    }
}

#[cfg(test)]
mod tests;
