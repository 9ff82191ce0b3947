//! Weighted ROC AUC with ties handled as in scikit-learn.

use super::{MetricValue, Undefined};

/// Weighted area under the ROC curve.
///
/// Scores are sorted in decreasing order; tied scores form one step of the curve, whose
/// area is integrated with the trapezoid rule, as scikit-learn's `roc_auc_score` does
/// (equivalently: the weighted probability that a positive outranks a negative, ties
/// counting one half). `weights = None` means unit weights.
///
/// Not mergeable from counts: it needs every score of the group, so chunked audits must
/// keep the scores (or skip AUC).
///
/// # Examples
/// ```
/// use rai_fairness::roc_auc;
/// let auc = roc_auc(&[true, false, true, false], &[0.9, 0.1, 0.4, 0.4], None);
/// assert_eq!(auc, Ok(0.875));
/// ```
///
/// # Errors
/// `Err(Undefined::NoActualPositives)` / `NoActualNegatives` when one class has zero
/// weight; `NoRows` for empty input. Lengths are the caller's responsibility (the
/// shorter input bounds the rows used).
pub fn roc_auc(y_true: &[bool], scores: &[f64], weights: Option<&[f64]>) -> MetricValue {
    let n = y_true.len().min(scores.len());
    if n == 0 {
        return Err(Undefined::NoRows);
    }
    let mut order: Vec<(f64, bool, f64)> = (0..n)
        .map(|i| (scores[i], y_true[i], weights.map_or(1.0, |w| w[i])))
        .collect();
    order.sort_unstable_by(|a, b| b.0.total_cmp(&a.0));
    let (mut tps, mut fps) = (0.0f64, 0.0f64);
    let mut area = 0.0;
    let mut i = 0;
    while i < order.len() {
        let s = order[i].0;
        let (tp0, fp0) = (tps, fps);
        while i < order.len() && order[i].0 == s {
            if order[i].1 {
                tps += order[i].2;
            } else {
                fps += order[i].2;
            }
            i += 1;
        }
        area += (fps - fp0) * (tps + tp0) * 0.5;
    }
    if tps <= 0.0 {
        return Err(Undefined::NoActualPositives);
    }
    if fps <= 0.0 {
        return Err(Undefined::NoActualNegatives);
    }
    Ok(area / (tps * fps))
}
