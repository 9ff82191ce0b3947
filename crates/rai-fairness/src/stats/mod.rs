//! Mergeable sufficient statistics for binary-classification fairness.
//!
//! Every count-based metric in this crate (rates, precision, accuracy, F1, the generalized
//! entropy indices), and the Brier score and expected calibration error, is a function of
//! a few weighted sums per group. [`ConfusionStats`] holds the confusion-matrix sums of one
//! group, [`ScoreStats`] the score sums, and [`GroupedStats`] both for every group.
//! All three have an associative `merge`, so an audit can stream over chunks of a file
//! larger than memory, or split rows across workers, and merge the pieces: the result is
//! the same as one pass (exactly for unit or integer weights, up to floating-point
//! rounding otherwise).
//!
//! ROC AUC is the exception: it needs the ranking of every score within a group, so it is
//! **not** computable from these statistics (see [`crate::metrics::roc_auc`]).

mod outcomes;

pub use outcomes::BinaryOutcomes;

use rai_core::{Error, GroupKey, Groups, Result};
use serde::Serialize;

/// Number of equal-width calibration bins on `[0, 1]` used by the expected calibration error.
pub const CALIBRATION_BINS: usize = 10;

/// Index of the confusion cell for `(y_true, y_pred)`: 0 = TN, 1 = FP, 2 = FN, 3 = TP.
#[inline]
fn cell(y_true: bool, y_pred: bool) -> usize {
    (usize::from(y_true) << 1) | usize::from(y_pred)
}

/// Weighted confusion-matrix sums of one group (or of all rows).
///
/// # Examples
/// ```
/// use rai_fairness::ConfusionStats;
/// let mut a = ConfusionStats::default();
/// a.add(true, true, 1.0);
/// let mut b = ConfusionStats::default();
/// b.add(false, true, 2.0);
/// let ab = a.merge(&b);
/// assert_eq!(ab.count(), 2);
/// assert_eq!(ab.false_positives(), 2.0);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct ConfusionStats {
    counts: [u64; 4],
    weights: [f64; 4],
}

impl ConfusionStats {
    /// Adds one row with label `y_true`, prediction `y_pred` and weight `weight`.
    #[inline]
    pub fn add(&mut self, y_true: bool, y_pred: bool, weight: f64) {
        let c = cell(y_true, y_pred);
        self.counts[c] += 1;
        self.weights[c] += weight;
    }

    /// Builds statistics from unweighted cell counts `[tn, fp, fn, tp]` and their weighted
    /// sums (pass the counts as `f64` for unit weights).
    pub fn from_cells(counts: [u64; 4], weights: [f64; 4]) -> Self {
        Self { counts, weights }
    }

    /// The sums of `self` and `other` (associative and commutative).
    #[must_use]
    pub fn merge(&self, other: &Self) -> Self {
        let mut out = *self;
        for c in 0..4 {
            out.counts[c] += other.counts[c];
            out.weights[c] += other.weights[c];
        }
        out
    }

    /// Number of rows.
    pub fn count(&self) -> u64 {
        self.counts.iter().sum()
    }
    /// Unweighted cell counts `[tn, fp, fn, tp]`.
    pub fn counts(&self) -> [u64; 4] {
        self.counts
    }
    /// Total weight.
    pub fn weight(&self) -> f64 {
        self.weights.iter().sum()
    }
    /// Weighted true negatives.
    pub fn true_negatives(&self) -> f64 {
        self.weights[0]
    }
    /// Weighted false positives.
    pub fn false_positives(&self) -> f64 {
        self.weights[1]
    }
    /// Weighted false negatives.
    pub fn false_negatives(&self) -> f64 {
        self.weights[2]
    }
    /// Weighted true positives.
    pub fn true_positives(&self) -> f64 {
        self.weights[3]
    }
    /// Weighted actual positives (`tp + fn`).
    pub fn positives(&self) -> f64 {
        self.weights[3] + self.weights[2]
    }
    /// Weighted actual negatives (`tn + fp`).
    pub fn negatives(&self) -> f64 {
        self.weights[0] + self.weights[1]
    }
    /// Weighted predicted positives (`tp + fp`).
    pub fn predicted_positives(&self) -> f64 {
        self.weights[3] + self.weights[1]
    }
    /// Weighted predicted negatives (`tn + fn`).
    pub fn predicted_negatives(&self) -> f64 {
        self.weights[0] + self.weights[2]
    }
}

/// Weighted score sums of one group: Brier numerator and calibration bins.
///
/// Bin `b` of [`CALIBRATION_BINS`] covers `[b/10, (b+1)/10)`; the last bin also holds 1.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct ScoreStats {
    weight: f64,
    brier: f64,
    /// Per bin: total weight, weighted score sum, weighted label sum.
    bins: [[f64; 3]; CALIBRATION_BINS],
}

impl ScoreStats {
    /// Adds one row with label `y_true`, probability `score` in `[0, 1]` and `weight`.
    #[inline]
    pub fn add(&mut self, y_true: bool, score: f64, weight: f64) {
        let y = if y_true { 1.0 } else { 0.0 };
        let d = score - y;
        self.weight += weight;
        self.brier += weight * d * d;
        // score is validated to lie in [0, 1], so the cast is in range
        let b = ((score * CALIBRATION_BINS as f64) as usize).min(CALIBRATION_BINS - 1);
        let bin = &mut self.bins[b];
        bin[0] += weight;
        bin[1] += weight * score;
        bin[2] += weight * y;
    }

    /// The sums of `self` and `other` (associative and commutative).
    #[must_use]
    pub fn merge(&self, other: &Self) -> Self {
        let mut out = *self;
        out.weight += other.weight;
        out.brier += other.brier;
        for (a, b) in out.bins.iter_mut().zip(&other.bins) {
            for k in 0..3 {
                a[k] += b[k];
            }
        }
        out
    }

    /// Total weight of the scored rows.
    pub fn weight(&self) -> f64 {
        self.weight
    }
    /// Weighted sum of squared errors `Σ w (s - y)²`.
    pub fn brier_sum(&self) -> f64 {
        self.brier
    }
    /// Per calibration bin: `[Σw, Σw·s, Σw·y]`.
    pub fn bins(&self) -> &[[f64; 3]; CALIBRATION_BINS] {
        &self.bins
    }
}

/// Per-group sufficient statistics for a binary classifier.
///
/// Groups are identified by their [`GroupKey`]; merging two `GroupedStats` (for example
/// from two chunks of a file) matches groups by key, so chunks may see different sets of
/// groups and number them differently.
///
/// # Examples
/// ```
/// use rai_core::Groups;
/// use rai_fairness::{BinaryOutcomes, GroupedStats};
/// let groups = Groups::from_labels("sex", &[Some("F"), Some("M"), Some("F"), Some("M")]);
/// let y_true = [true, false, true, true];
/// let y_pred = [true, true, false, true];
/// let all = GroupedStats::compute(&BinaryOutcomes::new(&y_true, &y_pred)?, &groups)?;
/// // the same from two chunks, merged
/// let g1 = Groups::from_labels("sex", &[Some("F"), Some("M")]);
/// let g2 = Groups::from_labels("sex", &[Some("F"), Some("M")]);
/// let a = GroupedStats::compute(&BinaryOutcomes::new(&y_true[..2], &y_pred[..2])?, &g1)?;
/// let b = GroupedStats::compute(&BinaryOutcomes::new(&y_true[2..], &y_pred[2..])?, &g2)?;
/// assert_eq!(a.merge(&b)?, all);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupedStats {
    columns: Vec<String>,
    keys: Vec<GroupKey>,
    confusion: Vec<ConfusionStats>,
    scores: Option<Vec<ScoreStats>>,
}

impl GroupedStats {
    /// One pass over `outcomes`, grouped by `groups`.
    ///
    /// # Errors
    /// [`Error::LengthMismatch`] when `groups` has a different number of rows.
    pub fn compute(outcomes: &BinaryOutcomes<'_>, groups: &Groups) -> Result<Self> {
        Self::from_ids(
            outcomes,
            groups.assignment(),
            groups.keys().to_vec(),
            groups.columns().to_vec(),
        )
    }

    /// One pass over `outcomes` with a precomputed group id per row (`ids[i] <
    /// keys.len()`): the low-level entry point for streaming and for callers that already
    /// hold integer group codes.
    ///
    /// # Errors
    /// [`Error::LengthMismatch`] when `ids` and `outcomes` differ in length or a key has a
    /// different number of values than `columns`; [`Error::InvalidParameter`] for a group
    /// id out of range.
    pub fn from_ids(
        outcomes: &BinaryOutcomes<'_>,
        ids: &[u32],
        keys: Vec<GroupKey>,
        columns: Vec<String>,
    ) -> Result<Self> {
        rai_core::error::ensure_len("group ids vs y_true", outcomes.len(), ids.len())?;
        for k in &keys {
            rai_core::error::ensure_len(
                "group key vs sensitive columns",
                columns.len(),
                k.0.len(),
            )?;
        }
        let n_groups = keys.len();
        if let Some((i, &g)) = ids
            .iter()
            .enumerate()
            .find(|(_, g)| **g as usize >= n_groups)
        {
            return Err(Error::invalid_parameter(
                format!("group id at row {i}"),
                g,
                format!("an id below the number of groups ({n_groups})"),
            ));
        }
        let (confusion, scores) = accumulate(
            outcomes.y_true(),
            outcomes.y_pred(),
            outcomes.scores(),
            outcomes.weights(),
            ids,
            n_groups,
        );
        Ok(Self {
            columns,
            keys,
            confusion,
            scores,
        })
    }

    /// Statistics for rows already validated (ids in range, equal lengths), with the
    /// groups of `template`.
    pub(crate) fn from_validated(
        y_true: &[bool],
        y_pred: &[bool],
        scores: Option<&[f64]>,
        weights: Option<&[f64]>,
        ids: &[u32],
        template: &GroupedStats,
    ) -> Self {
        let (confusion, scores) =
            accumulate(y_true, y_pred, scores, weights, ids, template.n_groups());
        Self {
            columns: template.columns.clone(),
            keys: template.keys.clone(),
            confusion,
            scores,
        }
    }

    /// Statistics from per-group parts (used by tests and by callers that accumulate
    /// [`ConfusionStats`] themselves).
    ///
    /// # Errors
    /// [`Error::LengthMismatch`] when `keys`, `confusion` and `scores` differ in length or a
    /// key does not match `columns`.
    pub fn from_parts(
        columns: Vec<String>,
        keys: Vec<GroupKey>,
        confusion: Vec<ConfusionStats>,
        scores: Option<Vec<ScoreStats>>,
    ) -> Result<Self> {
        rai_core::error::ensure_len("confusion stats vs group keys", keys.len(), confusion.len())?;
        if let Some(s) = &scores {
            rai_core::error::ensure_len("score stats vs group keys", keys.len(), s.len())?;
        }
        for k in &keys {
            rai_core::error::ensure_len(
                "group key vs sensitive columns",
                columns.len(),
                k.0.len(),
            )?;
        }
        Ok(Self {
            columns,
            keys,
            confusion,
            scores,
        })
    }

    /// Merges per-group statistics by group key (groups present in either side appear in
    /// the result, in sorted key order).
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] when the two sides use different sensitive columns or
    /// one has score statistics and the other has not.
    pub fn merge(&self, other: &Self) -> Result<Self> {
        if self.columns != other.columns {
            return Err(Error::invalid_parameter(
                "sensitive columns",
                other.columns.join(","),
                format!(
                    "the same columns as the other chunk ({})",
                    self.columns.join(",")
                ),
            ));
        }
        if self.scores.is_some() != other.scores.is_some() {
            return Err(Error::invalid_parameter(
                "scores",
                "present in only one chunk",
                "scores in every chunk or in none",
            ));
        }
        let mut keys: Vec<GroupKey> = self.keys.iter().chain(&other.keys).cloned().collect();
        keys.sort();
        keys.dedup();
        let pos = |ks: &[GroupKey], k: &GroupKey| ks.binary_search(k).ok();
        let mut confusion = vec![ConfusionStats::default(); keys.len()];
        let mut scores = self
            .scores
            .as_ref()
            .map(|_| vec![ScoreStats::default(); keys.len()]);
        for side in [self, other] {
            for (i, k) in side.keys.iter().enumerate() {
                if let Some(j) = pos(&keys, k) {
                    confusion[j] = confusion[j].merge(&side.confusion[i]);
                    if let (Some(out), Some(src)) = (scores.as_mut(), side.scores.as_ref()) {
                        out[j] = out[j].merge(&src[i]);
                    }
                }
            }
        }
        Ok(Self {
            columns: self.columns.clone(),
            keys,
            confusion,
            scores,
        })
    }

    /// Names of the sensitive columns.
    pub fn columns(&self) -> &[String] {
        &self.columns
    }
    /// Group labels, indexed by group id.
    pub fn keys(&self) -> &[GroupKey] {
        &self.keys
    }
    /// Number of groups.
    pub fn n_groups(&self) -> usize {
        self.keys.len()
    }
    /// Confusion statistics per group.
    pub fn confusion(&self) -> &[ConfusionStats] {
        &self.confusion
    }
    /// Score statistics per group, when scores were given.
    pub fn scores(&self) -> Option<&[ScoreStats]> {
        self.scores.as_deref()
    }
    /// Confusion statistics over all rows.
    pub fn overall_confusion(&self) -> ConfusionStats {
        self.confusion
            .iter()
            .fold(ConfusionStats::default(), |a, b| a.merge(b))
    }
    /// Score statistics over all rows, when scores were given.
    pub fn overall_scores(&self) -> Option<ScoreStats> {
        self.scores
            .as_ref()
            .map(|s| s.iter().fold(ScoreStats::default(), |a, b| a.merge(b)))
    }
    /// Total number of rows.
    pub fn n_rows(&self) -> u64 {
        self.confusion.iter().map(ConfusionStats::count).sum()
    }
}

/// The single pass: ids must be `< n_groups` and all slices of equal length.
fn accumulate(
    y_true: &[bool],
    y_pred: &[bool],
    scores: Option<&[f64]>,
    weights: Option<&[f64]>,
    ids: &[u32],
    n_groups: usize,
) -> (Vec<ConfusionStats>, Option<Vec<ScoreStats>>) {
    let mut counts = vec![[0u64; 4]; n_groups];
    let confusion: Vec<ConfusionStats> = match weights {
        None => {
            for ((&g, &t), &p) in ids.iter().zip(y_true).zip(y_pred) {
                counts[g as usize][cell(t, p)] += 1;
            }
            counts
                .iter()
                .map(|c| ConfusionStats::from_cells(*c, c.map(|v| v as f64)))
                .collect()
        }
        Some(w) => {
            let mut sums = vec![[0f64; 4]; n_groups];
            for (((&g, &t), &p), &w) in ids.iter().zip(y_true).zip(y_pred).zip(w) {
                let c = cell(t, p);
                counts[g as usize][c] += 1;
                sums[g as usize][c] += w;
            }
            counts
                .iter()
                .zip(&sums)
                .map(|(c, s)| ConfusionStats::from_cells(*c, *s))
                .collect()
        }
    };
    let scores = scores.map(|s| {
        let mut out = vec![ScoreStats::default(); n_groups];
        for (i, ((&g, &t), &s)) in ids.iter().zip(y_true).zip(s).enumerate() {
            out[g as usize].add(t, s, weights.map_or(1.0, |w| w[i]));
        }
        out
    });
    (confusion, scores)
}

#[cfg(test)]
mod tests;
