//! Stratified percentile bootstrap for per-group metrics and disparities.
//!
//! Replicate `b` draws, for every group `g` separately, `n_g` rows with replacement from
//! that group's rows (stratified by group, so every group keeps its size), using the
//! generator `rai_core::rng::stream(seed, b)`. Replicates run in parallel and the results
//! depend only on the seed, never on the thread count. The interval is the percentile
//! interval: the `(1 - level)/2` and `(1 + level)/2` quantiles (linear interpolation, as
//! numpy's default) of the replicate values that are defined.

mod params;

pub use params::BootstrapParams;

use rand::Rng;
use rayon::prelude::*;
use serde::Serialize;

use crate::stats::{BinaryOutcomes, GroupedStats};

/// A confidence interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    /// Lower bound.
    pub lower: f64,
    /// Upper bound.
    pub upper: f64,
}

/// One bootstrap replicate: resampled statistics plus, when scores are present, each
/// group's resampled `(y_true, score, weight)` rows for ROC AUC.
pub(crate) struct Replicate {
    pub stats: GroupedStats,
    pub scored: Option<Vec<ScoredRows>>,
}

/// Resampled rows of one group, for ROC AUC.
#[derive(Default)]
pub(crate) struct ScoredRows {
    pub y: Vec<bool>,
    pub s: Vec<f64>,
    pub w: Vec<f64>,
}

/// Runs `params.resamples()` stratified replicates and maps each through `summarise`,
/// returning the summaries in replicate order.
pub(crate) fn replicate<T: Send>(
    outcomes: &BinaryOutcomes<'_>,
    assignment: &[u32],
    template: &GroupedStats,
    params: &BootstrapParams,
    summarise: impl Fn(Replicate) -> T + Sync,
) -> Vec<T> {
    let n_groups = template.n_groups();
    let mut rows: Vec<Vec<u32>> = vec![Vec::new(); n_groups];
    for (i, &g) in assignment.iter().enumerate() {
        if let Some(r) = rows.get_mut(g as usize) {
            r.push(i as u32);
        }
    }
    let seed = params.seed();
    (0..params.resamples())
        .into_par_iter()
        .map(|b| {
            let mut rng = rai_core::rng::stream(seed, b as u64);
            let mut ids = Vec::with_capacity(assignment.len());
            let mut picks = Vec::with_capacity(assignment.len());
            for (g, r) in rows.iter().enumerate() {
                for _ in 0..r.len() {
                    picks.push(r[rng.random_range(0..r.len())] as usize);
                    ids.push(g as u32);
                }
            }
            let y_true: Vec<bool> = picks.iter().map(|&i| outcomes.y_true()[i]).collect();
            let y_pred: Vec<bool> = picks.iter().map(|&i| outcomes.y_pred()[i]).collect();
            let w: Option<Vec<f64>> = outcomes
                .weights()
                .map(|w| picks.iter().map(|&i| w[i]).collect());
            let s: Option<Vec<f64>> = outcomes
                .scores()
                .map(|s| picks.iter().map(|&i| s[i]).collect());
            let stats = GroupedStats::from_validated(
                &y_true,
                &y_pred,
                s.as_deref(),
                w.as_deref(),
                &ids,
                template,
            );
            let scored = s.map(|s| {
                let mut out: Vec<ScoredRows> =
                    (0..n_groups).map(|_| ScoredRows::default()).collect();
                for (k, &g) in ids.iter().enumerate() {
                    let o = &mut out[g as usize];
                    o.y.push(y_true[k]);
                    o.s.push(s[k]);
                    o.w.push(w.as_ref().map_or(1.0, |w| w[k]));
                }
                out
            });
            summarise(Replicate { stats, scored })
        })
        .collect()
}

/// The percentile interval of the defined values, `None` when none is defined.
pub(crate) fn percentile_interval(
    values: impl Iterator<Item = Option<f64>>,
    level: f64,
) -> Option<Interval> {
    let mut v: Vec<f64> = values.flatten().filter(|x| !x.is_nan()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_unstable_by(f64::total_cmp);
    let q = |p: f64| {
        let pos = p * (v.len() - 1) as f64;
        let lo = pos.floor() as usize;
        let hi = pos.ceil() as usize;
        v[lo] + (v[hi] - v[lo]) * (pos - lo as f64)
    };
    let a = (1.0 - level) / 2.0;
    Some(Interval {
        lower: q(a),
        upper: q(1.0 - a),
    })
}

#[cfg(test)]
mod tests;
