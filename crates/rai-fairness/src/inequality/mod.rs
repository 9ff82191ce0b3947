//! Individual and inequality measures with AIF360's definitions.
//!
//! The benefit of row `i` is `b_i = ŷ_i - y_i + 1` (0 for a false negative, 1 for a
//! correct prediction, 2 for a false positive). Because `b` takes only three values,
//! [`generalized_entropy_index`], [`theil_index`] and the between-group indices are
//! functions of the confusion statistics and so are mergeable like them.
//!
//! [`consistency`] (Zemel et al.) needs the feature matrix: a brute-force k-nearest
//! neighbour search, `O(n² d)`.
//!
//! # References
//! T. Speicher, H. Heidari, N. Grgic-Hlaca, K. P. Gummadi, A. Singla, A. Weller,
//! M. B. Zafar, "A Unified Approach to Quantifying Algorithmic Unfairness: Measuring
//! Individual and Group Unfairness via Inequality Indices", KDD 2018.
//! R. Zemel, Y. Wu, K. Swersky, T. Pitassi, C. Dwork, "Learning Fair Representations",
//! ICML 2013.

use ndarray::ArrayView2;
use rai_core::error::ensure_len;
use rai_core::{Error, Result};
use rayon::prelude::*;

use crate::metrics::{MetricValue, Undefined};
use crate::stats::{ConfusionStats, GroupedStats};

/// The generalized entropy index of a discrete distribution of benefits: `values[k]`
/// occurs with total weight `weights[k]`.
///
/// # Formula
/// With `μ = Σ w b / Σ w`:
/// `GE(α) = 1/(Σw) Σ w [(b/μ)^α - 1] / (α(α-1))` for `α ∉ {0, 1}`,
/// `GE(1) = 1/(Σw) Σ w (b/μ) ln(b/μ)` (Theil; `0 ln 0 = 0`),
/// `GE(0) = -1/(Σw) Σ w ln(b/μ)`.
///
/// AIF360 0.6.1 divides its `α = 0` value by `μ` once more than this (textbook) formula;
/// the other cases agree.
///
/// # Errors
/// `Err(Undefined::ZeroWeight)` without weight; `Err(Undefined::UndefinedIndex)` when
/// `μ = 0`, a value is negative, or `α <= 0` with a zero benefit (an infinite index).
pub fn entropy_index_of(values: &[f64], weights: &[f64], alpha: f64) -> MetricValue {
    let total: f64 = weights.iter().sum();
    if total <= 0.0 {
        return Err(Undefined::ZeroWeight);
    }
    let mu = values.iter().zip(weights).map(|(b, w)| b * w).sum::<f64>() / total;
    if mu <= 0.0 || values.iter().any(|&b| b < 0.0) || !alpha.is_finite() {
        return Err(Undefined::UndefinedIndex);
    }
    let mut acc = 0.0;
    for (&b, &w) in values.iter().zip(weights) {
        if w == 0.0 {
            continue;
        }
        let x = b / mu;
        let term = if alpha == 1.0 {
            if x == 0.0 { 0.0 } else { x * x.ln() }
        } else if alpha == 0.0 {
            if x == 0.0 {
                return Err(Undefined::UndefinedIndex);
            }
            -x.ln()
        } else {
            if x == 0.0 && alpha < 0.0 {
                return Err(Undefined::UndefinedIndex);
            }
            (x.powf(alpha) - 1.0) / (alpha * (alpha - 1.0))
        };
        acc += w * term;
    }
    Ok(acc / total)
}

fn benefits(c: &ConfusionStats) -> ([f64; 3], [f64; 3]) {
    (
        [0.0, 1.0, 2.0],
        [
            c.false_negatives(),
            c.true_positives() + c.true_negatives(),
            c.false_positives(),
        ],
    )
}

/// AIF360 `generalized_entropy_index(alpha)` of the benefits `b = ŷ - y + 1` over all
/// rows (sample-weighted; AIF360 ignores weights, so they agree for unit weights).
///
/// # Examples
/// ```
/// use rai_core::Groups;
/// use rai_fairness::{BinaryOutcomes, GroupedStats, generalized_entropy_index, theil_index};
/// let groups = Groups::from_labels("g", &[Some("a"), Some("a"), Some("b"), Some("b")]);
/// let o = BinaryOutcomes::new(&[true, false, true, false], &[true, false, true, false])?;
/// let stats = GroupedStats::compute(&o, &groups)?;
/// assert_eq!(theil_index(&stats), Ok(0.0)); // all predictions correct: no inequality
/// assert_eq!(generalized_entropy_index(&stats, 2.0), Ok(0.0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// See [`entropy_index_of`].
pub fn generalized_entropy_index(stats: &GroupedStats, alpha: f64) -> MetricValue {
    let (v, w) = benefits(&stats.overall_confusion());
    entropy_index_of(&v, &w, alpha)
}

/// AIF360 `theil_index`: [`generalized_entropy_index`] with `α = 1`.
///
/// # Errors
/// See [`entropy_index_of`].
pub fn theil_index(stats: &GroupedStats) -> MetricValue {
    generalized_entropy_index(stats, 1.0)
}

fn group_mean_benefits(parts: &[ConfusionStats], alpha: f64) -> MetricValue {
    let mut values = Vec::with_capacity(parts.len());
    let mut weights = Vec::with_capacity(parts.len());
    for c in parts {
        let (v, w) = benefits(c);
        let total: f64 = w.iter().sum();
        if total > 0.0 {
            values.push(v.iter().zip(&w).map(|(a, b)| a * b).sum::<f64>() / total);
            weights.push(total);
        }
    }
    entropy_index_of(&values, &weights, alpha)
}

/// AIF360 `between_all_groups_generalized_entropy_index`: every row's benefit replaced by
/// its group's mean benefit, over all groups.
///
/// # Errors
/// See [`entropy_index_of`].
pub fn between_groups_entropy_index(stats: &GroupedStats, alpha: f64) -> MetricValue {
    group_mean_benefits(stats.confusion(), alpha)
}

/// AIF360 `between_group_generalized_entropy_index`: two groups, the reference
/// (privileged) group and all other rows pooled.
///
/// # Errors
/// See [`entropy_index_of`].
pub fn between_reference_entropy_index(
    stats: &GroupedStats,
    reference: usize,
    alpha: f64,
) -> MetricValue {
    let conf = stats.confusion();
    let privileged = conf.get(reference).copied().unwrap_or_default();
    let rest = conf
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != reference)
        .fold(ConfusionStats::default(), |a, (_, b)| a.merge(b));
    group_mean_benefits(&[rest, privileged], alpha)
}

/// AIF360 `consistency`: `1 - 1/n Σ_i |ŷ_i - mean(ŷ_j : j ∈ kNN(x_i))|`, where the `k`
/// nearest neighbours (Euclidean) of row `i` include row `i` itself, as with
/// scikit-learn's `NearestNeighbors(n_neighbors=k).kneighbors(X)`.
///
/// Ties in distance are broken by row index (scikit-learn leaves their order to the tree
/// implementation, so results can differ from AIF360 when the k-th and (k+1)-th
/// neighbours are equidistant). Brute force, parallel over rows: `O(n² d)`.
///
/// # Examples
/// ```
/// use ndarray::array;
/// use rai_fairness::consistency;
/// let x = array![[0.0], [0.1], [5.0], [5.1]];
/// assert_eq!(consistency(x.view(), &[1.0, 1.0, 0.0, 0.0], 2)?, 1.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`Error::LengthMismatch`]; [`Error::Empty`]; [`Error::InvalidParameter`] for `k = 0`
/// or `k > n`; [`Error::NonFinite`] for a NaN/infinite feature.
///
/// # References
/// R. Zemel et al., "Learning Fair Representations", ICML 2013.
pub fn consistency(features: ArrayView2<'_, f64>, y_pred: &[f64], k: usize) -> Result<f64> {
    let n = features.nrows();
    ensure_len("y_pred vs feature rows", n, y_pred.len())?;
    if n == 0 {
        return Err(Error::Empty {
            what: "feature matrix for consistency".into(),
        });
    }
    if k == 0 || k > n {
        return Err(Error::invalid_parameter(
            "n_neighbors",
            k,
            format!("between 1 and the number of rows ({n})"),
        ));
    }
    if let Some(((r, _), v)) = features.indexed_iter().find(|(_, v)| !v.is_finite()) {
        return Err(Error::NonFinite {
            what: "features".into(),
            index: r,
            value: *v,
        });
    }
    let rows: Vec<Vec<f64>> = features.rows().into_iter().map(|r| r.to_vec()).collect();
    let total: f64 = (0..n)
        .into_par_iter()
        .map(|i| {
            let xi = &rows[i];
            // k best (distance², index), sorted ascending
            let mut best: Vec<(f64, usize)> = Vec::with_capacity(k + 1);
            for (j, xj) in rows.iter().enumerate() {
                let d: f64 = xi.iter().zip(xj).map(|(a, b)| (a - b) * (a - b)).sum();
                if best.len() == k && d >= best[k - 1].0 {
                    continue;
                }
                let pos = best.partition_point(|&(bd, _)| bd <= d);
                best.insert(pos, (d, j));
                best.truncate(k);
            }
            let mean = best.iter().map(|&(_, j)| y_pred[j]).sum::<f64>() / k as f64;
            (y_pred[i] - mean).abs()
        })
        .collect::<Vec<f64>>()
        .iter()
        .sum();
    Ok(1.0 - total / n as f64)
}

#[cfg(test)]
mod tests;
