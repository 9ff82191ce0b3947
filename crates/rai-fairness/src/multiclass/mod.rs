//! Multiclass fairness: one-vs-rest per-class rates by group.
//!
//! For each class `c`, labels and predictions are binarised (`y == c`) and the
//! binary-classification statistics, metrics and fairlearn disparities of this crate are
//! computed for that class.

use rai_core::error::ensure_len;
use rai_core::{Error, Groups, Result};
use serde::Serialize;

use crate::audit::GroupLabel;
use crate::disparity::{self, EqualizedOddsAgg};
use crate::frame::Comparison;
use crate::metrics::{BinaryMetrics, Undefined};
use crate::stats::{BinaryOutcomes, GroupedStats};

/// One class's one-vs-rest results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassReport {
    /// The class label.
    pub class: String,
    /// Metrics per group (`group` label first).
    pub groups: Vec<(GroupLabel, BinaryMetrics)>,
    /// Over all rows.
    pub overall: BinaryMetrics,
    /// Max − min selection rate.
    pub demographic_parity_difference: Option<f64>,
    /// Max of TPR and FPR differences.
    pub equalized_odds_difference: Option<f64>,
    /// Max − min TPR.
    pub equal_opportunity_difference: Option<f64>,
}

/// One-vs-rest per-class metrics by group for a multiclass classifier.
///
/// `y_true` and `y_pred` hold class labels; classes are every label seen in either, in
/// sorted order.
///
/// # Examples
/// ```
/// use rai_core::Groups;
/// use rai_fairness::one_vs_rest_by_group;
/// let groups = Groups::from_labels("g", &[Some("a"), Some("a"), Some("b"), Some("b")]);
/// let r = one_vs_rest_by_group(&["x", "y", "z", "x"], &["x", "y", "x", "x"], None, &groups)?;
/// assert_eq!(r.len(), 3);
/// assert_eq!(r[0].class, "x");
/// assert_eq!(r[0].groups[1].1.selection_rate, Some(1.0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`Error::LengthMismatch`]; [`Error::Empty`]; weight errors as
/// [`BinaryOutcomes::with_weights`].
pub fn one_vs_rest_by_group<S: AsRef<str>>(
    y_true: &[S],
    y_pred: &[S],
    weights: Option<&[f64]>,
    groups: &Groups,
) -> Result<Vec<ClassReport>> {
    ensure_len("y_pred vs y_true", y_true.len(), y_pred.len())?;
    ensure_len("groups vs y_true", y_true.len(), groups.n_rows())?;
    if y_true.is_empty() {
        return Err(Error::Empty {
            what: "rows to audit".into(),
        });
    }
    let mut classes: Vec<&str> = y_true.iter().chain(y_pred).map(AsRef::as_ref).collect();
    classes.sort_unstable();
    classes.dedup();
    let bg = Comparison::BetweenGroups;
    classes
        .iter()
        .map(|&c| {
            let t: Vec<bool> = y_true.iter().map(|v| v.as_ref() == c).collect();
            let p: Vec<bool> = y_pred.iter().map(|v| v.as_ref() == c).collect();
            let mut o = BinaryOutcomes::new(&t, &p)?;
            if let Some(w) = weights {
                o = o.with_weights(w)?;
            }
            let stats = GroupedStats::compute(&o, groups)?;
            let no = Err(Undefined::NoScores);
            Ok(ClassReport {
                class: c.to_owned(),
                groups: stats
                    .keys()
                    .iter()
                    .zip(stats.confusion())
                    .map(|(k, s)| {
                        (
                            GroupLabel::new(groups.columns(), k),
                            BinaryMetrics::from_stats(s, None, no),
                        )
                    })
                    .collect(),
                overall: BinaryMetrics::from_stats(&stats.overall_confusion(), None, no),
                demographic_parity_difference: disparity::demographic_parity_difference(&stats, bg)
                    .ok(),
                equalized_odds_difference: disparity::equalized_odds_difference(
                    &stats,
                    bg,
                    EqualizedOddsAgg::WorstCase,
                )
                .ok(),
                equal_opportunity_difference: disparity::equal_opportunity_difference(&stats, bg)
                    .ok(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests;
