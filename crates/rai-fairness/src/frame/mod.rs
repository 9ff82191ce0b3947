//! A MetricFrame: one metric overall and by group, with differences and ratios.
//!
//! Modelled on fairlearn's `MetricFrame`: [`MetricFrame::binary`] builds one for a
//! built-in metric from [`GroupedStats`], [`MetricFrame::from_fn`] for any user-supplied
//! function of `(y_true, y_pred, weights)` slices. [`MetricFrame::difference`] and
//! [`MetricFrame::ratio`] aggregate the by-group values with fairlearn's definitions
//! (see [`Comparison`]).
//!
//! Groups whose value is undefined (`None`) are left out of the aggregates, as pandas
//! skips NaN in fairlearn; [`MetricFrame::undefined_groups`] lists them so a report can
//! warn.

use rai_core::error::ensure_len;
use rai_core::{GroupKey, Groups, Result};
use serde::Serialize;

use crate::metrics::{BinaryMetric, MetricValue, Undefined};
use crate::stats::GroupedStats;

/// What a group's value is compared with in [`MetricFrame::difference`] and
/// [`MetricFrame::ratio`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparison {
    /// fairlearn `method="between_groups"`: difference `max - min`, ratio `min / max`.
    #[default]
    BetweenGroups,
    /// fairlearn `method="to_overall"`: difference `max_g |v_g - overall|`, ratio
    /// `min_g r_g` with `r_g = v_g / overall`, replaced by `1 / r_g` when above 1.
    ToOverall,
    /// Like `ToOverall` with the value of the group with this id in place of the overall
    /// value: `max_g |v_g - v_ref|` and `min_g min(v_g/v_ref, v_ref/v_g)`.
    ToGroup(usize),
}

/// One metric overall and for every group.
///
/// # Examples
/// ```
/// use rai_core::Groups;
/// use rai_fairness::{BinaryMetric, BinaryOutcomes, Comparison, GroupedStats, MetricFrame};
/// let groups = Groups::from_labels("sex", &[Some("F"), Some("F"), Some("M"), Some("M")]);
/// let o = BinaryOutcomes::new(&[true, false, true, false], &[true, false, true, true])?;
/// let stats = GroupedStats::compute(&o, &groups)?;
/// let sel = MetricFrame::binary(BinaryMetric::SelectionRate, &stats);
/// assert_eq!(sel.by_group(), &[Some(0.5), Some(1.0)]);
/// assert_eq!(sel.difference(Comparison::BetweenGroups), Some(0.5));
/// assert_eq!(sel.ratio(Comparison::BetweenGroups), Some(0.5));
/// // a user-supplied metric: weighted mean prediction
/// let mean_pred = MetricFrame::from_fn("mean_prediction", &[1.0, 0.0, 1.0, 1.0], &[0.9, 0.2, 0.8, 0.6], None, &groups,
///     |_y: &[f64], p: &[f64], w: &[f64]| {
///         let sw: f64 = w.iter().sum();
///         (sw > 0.0).then(|| p.iter().zip(w).map(|(p, w)| p * w).sum::<f64>() / sw)
///     })?;
/// assert!((mean_pred.by_group()[0].unwrap() - 0.55).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetricFrame {
    name: String,
    keys: Vec<GroupKey>,
    overall: Option<f64>,
    by_group: Vec<Option<f64>>,
}

impl MetricFrame {
    /// A frame from precomputed values (`by_group[i]` belongs to `keys[i]`).
    ///
    /// # Errors
    /// [`rai_core::Error::LengthMismatch`] when `keys` and `by_group` differ in length.
    pub fn new(
        name: impl Into<String>,
        keys: Vec<GroupKey>,
        overall: Option<f64>,
        by_group: Vec<Option<f64>>,
    ) -> Result<Self> {
        ensure_len("by_group values vs group keys", keys.len(), by_group.len())?;
        Ok(Self {
            name: name.into(),
            keys,
            overall,
            by_group,
        })
    }

    /// A built-in metric from grouped statistics.
    pub fn binary(metric: BinaryMetric, stats: &GroupedStats) -> Self {
        let scores = stats.scores();
        let by_group = stats
            .confusion()
            .iter()
            .enumerate()
            .map(|(i, c)| metric.compute(c, scores.map(|s| &s[i])).ok())
            .collect();
        let overall = metric
            .compute(&stats.overall_confusion(), stats.overall_scores().as_ref())
            .ok();
        Self {
            name: metric.name().to_owned(),
            keys: stats.keys().to_vec(),
            overall,
            by_group,
        }
    }

    /// A user-supplied metric `f(y_true, y_pred, weights) -> Option<f64>` evaluated on all
    /// rows and on each group's rows (`weights` are all 1 when `None` is passed).
    ///
    /// # Errors
    /// [`rai_core::Error::LengthMismatch`] when the inputs and `groups` differ in length.
    pub fn from_fn<T: Clone, P: Clone, F>(
        name: impl Into<String>,
        y_true: &[T],
        y_pred: &[P],
        weights: Option<&[f64]>,
        groups: &Groups,
        f: F,
    ) -> Result<Self>
    where
        F: Fn(&[T], &[P], &[f64]) -> Option<f64>,
    {
        let n = y_true.len();
        ensure_len("y_pred vs y_true", n, y_pred.len())?;
        ensure_len("groups vs y_true", n, groups.n_rows())?;
        let unit;
        let w = match weights {
            Some(w) => {
                ensure_len("weights vs y_true", n, w.len())?;
                w
            }
            None => {
                unit = vec![1.0; n];
                &unit[..]
            }
        };
        let overall = f(y_true, y_pred, w);
        let mut rows: Vec<Vec<usize>> = vec![Vec::new(); groups.n_groups()];
        for (i, &g) in groups.assignment().iter().enumerate() {
            rows[g as usize].push(i);
        }
        let by_group = rows
            .iter()
            .map(|r| {
                let t: Vec<T> = r.iter().map(|&i| y_true[i].clone()).collect();
                let p: Vec<P> = r.iter().map(|&i| y_pred[i].clone()).collect();
                let ww: Vec<f64> = r.iter().map(|&i| w[i]).collect();
                f(&t, &p, &ww)
            })
            .collect();
        Ok(Self {
            name: name.into(),
            keys: groups.keys().to_vec(),
            overall,
            by_group,
        })
    }

    /// The metric's name.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// Group labels, aligned with [`MetricFrame::by_group`].
    pub fn keys(&self) -> &[GroupKey] {
        &self.keys
    }
    /// The value over all rows.
    pub fn overall(&self) -> Option<f64> {
        self.overall
    }
    /// The value for each group.
    pub fn by_group(&self) -> &[Option<f64>] {
        &self.by_group
    }
    /// Ids of the groups whose value is undefined.
    pub fn undefined_groups(&self) -> Vec<usize> {
        self.by_group
            .iter()
            .enumerate()
            .filter(|(_, v)| v.is_none())
            .map(|(i, _)| i)
            .collect()
    }
    fn defined(&self) -> impl Iterator<Item = f64> + '_ {
        self.by_group.iter().flatten().copied()
    }
    /// Smallest defined group value.
    pub fn group_min(&self) -> Option<f64> {
        self.defined().reduce(f64::min)
    }
    /// Largest defined group value.
    pub fn group_max(&self) -> Option<f64> {
        self.defined().reduce(f64::max)
    }

    /// The largest difference (see [`Comparison`]); `None` when no group value (or no
    /// overall/reference value) is defined.
    pub fn difference(&self, method: Comparison) -> Option<f64> {
        self.difference_value(method).ok()
    }

    /// [`MetricFrame::difference`] with the reason when undefined.
    ///
    /// # Errors
    /// [`Undefined::TooFewGroups`] when there is nothing to compare.
    pub fn difference_value(&self, method: Comparison) -> MetricValue {
        match self.target(method)? {
            None => Ok(self.group_max().ok_or(Undefined::TooFewGroups)?
                - self.group_min().ok_or(Undefined::TooFewGroups)?),
            Some(t) => self
                .defined()
                .map(|v| (v - t).abs())
                .reduce(f64::max)
                .ok_or(Undefined::TooFewGroups),
        }
    }

    /// The smallest ratio, expressed as a number at most 1 (see [`Comparison`]).
    pub fn ratio(&self, method: Comparison) -> Option<f64> {
        self.ratio_value(method).ok()
    }

    /// [`MetricFrame::ratio`] with the reason when undefined.
    ///
    /// # Errors
    /// [`Undefined::TooFewGroups`]; [`Undefined::ZeroDenominator`] for `0 / 0`.
    pub fn ratio_value(&self, method: Comparison) -> MetricValue {
        match self.target(method)? {
            None => {
                let min = self.group_min().ok_or(Undefined::TooFewGroups)?;
                let max = self.group_max().ok_or(Undefined::TooFewGroups)?;
                let r = min / max;
                if r.is_nan() {
                    Err(Undefined::ZeroDenominator)
                } else {
                    Ok(r)
                }
            }
            Some(t) => {
                let mut out: Option<f64> = None;
                for v in self.defined() {
                    let mut r = v / t;
                    if r.is_nan() {
                        continue; // 0 / 0: skipped, as pandas skips NaN
                    }
                    if r > 1.0 {
                        r = 1.0 / r;
                    }
                    out = Some(out.map_or(r, |o| o.min(r)));
                }
                out.ok_or(Undefined::ZeroDenominator)
            }
        }
    }

    fn target(&self, method: Comparison) -> std::result::Result<Option<f64>, Undefined> {
        match method {
            Comparison::BetweenGroups => Ok(None),
            Comparison::ToOverall => self.overall.map(Some).ok_or(Undefined::TooFewGroups),
            Comparison::ToGroup(g) => self
                .by_group
                .get(g)
                .copied()
                .flatten()
                .map(Some)
                .ok_or(Undefined::TooFewGroups),
        }
    }
}

#[cfg(test)]
mod tests;
