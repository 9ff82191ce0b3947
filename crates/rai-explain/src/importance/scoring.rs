//! Scoring functions for permutation importance: greater is better, as in scikit-learn's
//! scorers (`accuracy`, `roc_auc`, `neg_log_loss`, `r2`) plus user closures.

use std::sync::Arc;

use ndarray::ArrayView1;
use rai_core::{Error, Link, Model, Result, Task};

/// A user-supplied score: `(y_true, margins) -> score` where greater is better; `None` when
/// the score is undefined for these inputs.
pub type ScoreFn = dyn Fn(ArrayView1<'_, f64>, ArrayView1<'_, f64>) -> Option<f64> + Send + Sync;

/// How a model's predictions are scored against the labels (greater is better).
#[derive(Clone)]
pub enum Scoring {
    /// Fraction of rows whose predicted class (`margin > 0`, scikit-learn's
    /// `decision_function > 0`) equals the 0/1 label. Classifiers only.
    Accuracy,
    /// Area under the ROC curve of the margins (ties count one half). Classifiers only;
    /// undefined (an error) when the labels hold a single class.
    RocAuc,
    /// Negated mean log-loss of the probabilities, clipped to `[eps, 1 - eps]` with
    /// `eps = f64::EPSILON` like scikit-learn's `neg_log_loss`. Classifiers only.
    NegLogLoss,
    /// Coefficient of determination of the model's response (probability for classifiers,
    /// value for regressors); undefined (an error) when the labels are constant.
    R2,
    /// A user closure over `(y_true, margins)`.
    Custom {
        /// Name used in reports.
        name: String,
        /// The score.
        f: Arc<ScoreFn>,
    },
}

impl std::fmt::Debug for Scoring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl Scoring {
    /// A custom score over `(y_true, margins)`; greater must be better.
    pub fn custom(
        name: impl Into<String>,
        f: impl Fn(ArrayView1<'_, f64>, ArrayView1<'_, f64>) -> Option<f64> + Send + Sync + 'static,
    ) -> Self {
        Scoring::Custom {
            name: name.into(),
            f: Arc::new(f),
        }
    }

    /// The scikit-learn name of the score (`accuracy`, `roc_auc`, `neg_log_loss`, `r2`)
    /// or the custom name.
    pub fn name(&self) -> &str {
        match self {
            Scoring::Accuracy => "accuracy",
            Scoring::RocAuc => "roc_auc",
            Scoring::NegLogLoss => "neg_log_loss",
            Scoring::R2 => "r2",
            Scoring::Custom { name, .. } => name,
        }
    }

    /// Checks the labels once before scoring: finite, and 0/1 for classification scores.
    ///
    /// # Errors
    /// [`Error::NonFinite`] for a NaN/infinite label, [`Error::InvalidParameter`] for a
    /// label other than 0/1 with a classification score, [`Error::Unsupported`] for a
    /// classification score on a regression model.
    pub fn check_labels(&self, model: &dyn Model, y: ArrayView1<'_, f64>) -> Result<()> {
        if let Some((i, v)) = y.iter().enumerate().find(|(_, v)| !v.is_finite()) {
            return Err(Error::NonFinite {
                what: "labels".into(),
                index: i,
                value: *v,
            });
        }
        if matches!(
            self,
            Scoring::Accuracy | Scoring::RocAuc | Scoring::NegLogLoss
        ) {
            if model.task() != Task::BinaryClassification {
                return Err(Error::unsupported(format!(
                    "scoring `{}` on a regression model (use r2 or a custom score)",
                    self.name()
                )));
            }
            if let Some((i, v)) = y.iter().enumerate().find(|(_, v)| **v != 0.0 && **v != 1.0) {
                return Err(Error::invalid_parameter(
                    "labels",
                    format!("{v} at row {i}"),
                    "0 or 1 for a binary classifier",
                ));
            }
        }
        Ok(())
    }

    /// Scores margins against labels (labels already checked by [`Scoring::check_labels`]).
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] when the score is undefined (single-class labels for
    /// ROC AUC, constant labels for R², a custom score returning `None`).
    pub fn score(
        &self,
        link: Link,
        y: ArrayView1<'_, f64>,
        margin: ArrayView1<'_, f64>,
    ) -> Result<f64> {
        rai_core::error::ensure_len("labels vs predictions", y.len(), margin.len())?;
        if y.is_empty() {
            return Err(Error::Empty {
                what: "rows to score".into(),
            });
        }
        let undefined = |why: &str| {
            Error::invalid_parameter(
                "scoring",
                self.name(),
                format!("a score defined on these labels ({why})"),
            )
        };
        let n = y.len() as f64;
        match self {
            Scoring::Accuracy => {
                let hits = y
                    .iter()
                    .zip(margin.iter())
                    .filter(|(t, m)| (**m > 0.0) == (**t == 1.0))
                    .count();
                Ok(hits as f64 / n)
            }
            Scoring::RocAuc => {
                roc_auc(y, margin).ok_or_else(|| undefined("labels hold a single class"))
            }
            Scoring::NegLogLoss => {
                let eps = f64::EPSILON;
                let mut total = 0.0;
                for (t, m) in y.iter().zip(margin.iter()) {
                    let p = link.apply(*m).clamp(eps, 1.0 - eps);
                    total += if *t == 1.0 { -p.ln() } else { -(1.0 - p).ln() };
                }
                Ok(-(total / n))
            }
            Scoring::R2 => {
                let pred: Vec<f64> = margin.iter().map(|m| link.apply(*m)).collect();
                r2(y, &pred).ok_or_else(|| undefined("labels are constant"))
            }
            Scoring::Custom { f, .. } => {
                f(y, margin).ok_or_else(|| undefined("the custom score returned None"))
            }
        }
    }
}

/// ROC AUC by the rank-sum (Mann-Whitney) formula with average ranks for ties; `None`
/// when `y` holds a single class.
pub(crate) fn roc_auc(y: ArrayView1<'_, f64>, score: ArrayView1<'_, f64>) -> Option<f64> {
    let n = y.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| score[a].total_cmp(&score[b]));
    let n_pos = y.iter().filter(|v| **v == 1.0).count();
    let n_neg = n - n_pos;
    if n_pos == 0 || n_neg == 0 {
        return None;
    }
    let mut rank_sum = 0.0;
    let mut i = 0;
    while i < n {
        let mut j = i;
        while j + 1 < n && score[order[j + 1]] == score[order[i]] {
            j += 1;
        }
        let avg_rank = (i + j) as f64 / 2.0 + 1.0;
        let pos_in_tie = order[i..=j].iter().filter(|&&k| y[k] == 1.0).count();
        rank_sum += avg_rank * pos_in_tie as f64;
        i = j + 1;
    }
    let np = n_pos as f64;
    Some((rank_sum - np * (np + 1.0) / 2.0) / (np * n_neg as f64))
}

/// R² of predictions; `None` when `y` is constant.
pub(crate) fn r2(y: ArrayView1<'_, f64>, pred: &[f64]) -> Option<f64> {
    let n = y.len() as f64;
    let mean = y.sum() / n;
    let ss_tot: f64 = y.iter().map(|t| (t - mean) * (t - mean)).sum();
    let ss_res: f64 = y.iter().zip(pred).map(|(t, p)| (t - p) * (t - p)).sum();
    if ss_tot == 0.0 {
        return None;
    }
    Some(1.0 - ss_res / ss_tot)
}
