//! Permutation feature importance (Breiman 2001; scikit-learn's definition).
//!
//! The importance of a feature (or a group of columns permuted together) is the baseline
//! score minus the score after shuffling that column's values across rows, repeated
//! `n_repeats` times; the report holds every repeat, the mean and the population standard
//! deviation (`np.std`). Scores are "greater is better" ([`Scoring`]), so log-loss enters
//! negated as in scikit-learn's `neg_log_loss`.
//!
//! Permutations come from a [`PermutationSource`]: by default [`SeededPermutations`]
//! (one random stream per group and repeat, so results do not depend on the thread
//! count); [`FixedPermutations`] replays given permutations, which is how the conformance
//! tests reproduce scikit-learn's `permutation_importance` exactly.

mod params;
mod scoring;
mod source;
#[cfg(test)]
mod tests;

pub use params::PermutationImportanceParams;
pub use scoring::{ScoreFn, Scoring};
pub use source::{FixedPermutations, PermutationSource, SeededPermutations};

use ndarray::{Array2, ArrayView1, ArrayView2};
use rai_core::{Error, Model, Result};
use rayon::prelude::*;
use serde::Serialize;

/// Configured permutation importance; build with [`PermutationImportance::params`].
#[derive(Debug, Clone)]
pub struct PermutationImportance {
    scoring: Scoring,
    n_repeats: usize,
    seed: u64,
    groups: Option<Vec<(String, Vec<usize>)>>,
}

/// The result of [`PermutationImportance::compute`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportanceReport {
    /// Name of each group (the feature name for single-feature groups).
    pub names: Vec<String>,
    /// Column indices of each group.
    pub columns: Vec<Vec<usize>>,
    /// Score of the unpermuted data.
    pub baseline: f64,
    /// `importances[g][r]`: baseline minus the score with group `g` permuted in repeat `r`.
    pub importances: Vec<Vec<f64>>,
    /// Mean over repeats.
    pub importances_mean: Vec<f64>,
    /// Population standard deviation over repeats (`np.std`, ddof 0).
    pub importances_std: Vec<f64>,
    /// Score name (`accuracy`, `roc_auc`, `neg_log_loss`, `r2` or custom).
    pub scoring: String,
    /// Repeats per group.
    pub n_repeats: usize,
    /// The seed of the permutations; `None` when a caller-supplied source was used.
    pub seed: Option<u64>,
}

impl ImportanceReport {
    /// `(name, mean, std)` sorted by decreasing mean importance (ties keep input order).
    pub fn ranked(&self) -> Vec<(String, f64, f64)> {
        let mut v: Vec<(String, f64, f64)> = self
            .names
            .iter()
            .cloned()
            .zip(self.importances_mean.iter().zip(&self.importances_std))
            .map(|(n, (m, s))| (n, *m, *s))
            .collect();
        v.sort_by(|a, b| b.1.total_cmp(&a.1));
        v
    }
}

impl PermutationImportance {
    /// A parameter builder with scikit-learn's defaults (5 repeats) and accuracy.
    pub fn params() -> PermutationImportanceParams {
        PermutationImportanceParams::default()
    }

    /// Permutation importance with the seeded default permutations.
    ///
    /// # Examples
    /// ```
    /// use rai_explain::importance::{PermutationImportance, Scoring};
    /// use rai_models::{LinearKind, LinearModel};
    ///
    /// let model = LinearModel::new(LinearKind::LinearRegression, vec!["a".into(), "b".into()],
    ///                              vec![2.0, 0.0], 0.0)?;
    /// let x = ndarray::Array2::from_shape_fn((50, 2), |(i, j)| ((i * (j + 3)) % 7) as f64);
    /// let y = x.column(0).mapv(|v| 2.0 * v);
    /// let pi = PermutationImportance::params().scoring(Scoring::R2).n_repeats(3).seed(1).build()?;
    /// let report = pi.compute(&model, x.view(), y.view())?;
    /// assert!(report.importances_mean[0] > 0.5);
    /// assert_eq!(report.importances_mean[1], 0.0); // b is unused
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// As [`PermutationImportance::compute_with`].
    pub fn compute(
        &self,
        model: &dyn Model,
        x: ArrayView2<'_, f64>,
        y: ArrayView1<'_, f64>,
    ) -> Result<ImportanceReport> {
        let mut r = self.compute_with(model, x, y, &SeededPermutations { seed: self.seed })?;
        r.seed = Some(self.seed);
        Ok(r)
    }

    /// Permutation importance with permutations from `source`.
    ///
    /// # Errors
    /// [`Error::LengthMismatch`] when `x` and `y` differ in rows or `x` does not have the
    /// model's columns; [`Error::Empty`] for no rows; [`Error::InvalidParameter`] for a
    /// group column out of range, a source returning something that is not a permutation,
    /// or an undefined score; the label errors of [`Scoring::check_labels`]; model errors.
    ///
    /// # Formula
    /// `I_{g,r} = s(f, X, y) - s(f, X^{(g,r)}, y)` where `X^{(g,r)}` has the columns of
    /// group `g` replaced by `X[perm_{g,r}[i], g]`; mean and population std over `r`.
    ///
    /// # References
    /// Breiman (2001), "Random Forests", Machine Learning 45; scikit-learn
    /// `sklearn.inspection.permutation_importance`.
    pub fn compute_with(
        &self,
        model: &dyn Model,
        x: ArrayView2<'_, f64>,
        y: ArrayView1<'_, f64>,
        source: &dyn PermutationSource,
    ) -> Result<ImportanceReport> {
        let n = x.nrows();
        rai_core::model::check_features(&x, model.n_features())?;
        rai_core::error::ensure_len("labels vs rows", n, y.len())?;
        if n == 0 {
            return Err(Error::Empty {
                what: "rows for permutation importance".into(),
            });
        }
        self.scoring.check_labels(model, y)?;
        let (names, columns) = match &self.groups {
            Some(g) => g.iter().cloned().unzip(),
            None => (
                model.feature_names().to_vec(),
                (0..model.n_features()).map(|j| vec![j]).collect::<Vec<_>>(),
            ),
        };
        for (name, cols) in names.iter().zip(&columns) {
            if let Some(c) = cols.iter().find(|c| **c >= x.ncols()) {
                return Err(Error::invalid_parameter(
                    format!("groups[{name}]"),
                    c,
                    format!("column indices below {}", x.ncols()),
                ));
            }
        }
        let link = model.link();
        let baseline = self
            .scoring
            .score(link, y, model.predict_margin(x)?.view())?;
        let tasks: Vec<(usize, usize)> = (0..columns.len())
            .flat_map(|g| (0..self.n_repeats).map(move |r| (g, r)))
            .collect();
        let scores = tasks
            .par_iter()
            .map(|&(g, r)| -> Result<f64> {
                let perm = source.permutation(g, r, n);
                source::check_permutation(&perm, n).map_err(|why| {
                    Error::invalid_parameter(
                        format!("permutation for group {g}, repeat {r}"),
                        why,
                        format!("a permutation of 0..{n}"),
                    )
                })?;
                let mut xp: Array2<f64> = x.to_owned();
                for &c in &columns[g] {
                    let col = x.column(c);
                    for (i, &p) in perm.iter().enumerate() {
                        xp[[i, c]] = col[p];
                    }
                }
                let m = model.predict_margin(xp.view())?;
                Ok(baseline - self.scoring.score(link, y, m.view())?)
            })
            .collect::<Result<Vec<f64>>>()?;
        let importances: Vec<Vec<f64>> =
            scores.chunks(self.n_repeats).map(<[f64]>::to_vec).collect();
        let k = self.n_repeats as f64;
        let mean: Vec<f64> = importances
            .iter()
            .map(|v| v.iter().sum::<f64>() / k)
            .collect();
        let std = importances
            .iter()
            .zip(&mean)
            .map(|(v, m)| (v.iter().map(|a| (a - m) * (a - m)).sum::<f64>() / k).sqrt())
            .collect();
        Ok(ImportanceReport {
            names,
            columns,
            baseline,
            importances,
            importances_mean: mean,
            importances_std: std,
            scoring: self.scoring.name().to_owned(),
            n_repeats: self.n_repeats,
            seed: None,
        })
    }
}

/// R² of `pred` against `y`; `None` when `y` is constant.
pub(crate) fn r2_of(y: &[f64], pred: &[f64]) -> Option<f64> {
    scoring::r2(ArrayView1::from(y), pred)
}
