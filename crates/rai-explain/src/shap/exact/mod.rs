//! Exact interventional Shapley values over any model by enumerating all coalitions.
//!
//! For a row `x`, every coalition `S` of the `M` features is evaluated once as
//! `v(S) = mean over background rows b of f(x_S, b_{not S})` (`2^M` evaluations of the
//! model on the whole background), and
//! `phi_i = sum_{S not containing i} |S|! (M - |S| - 1)! / M! * (v(S + i) - v(S))`.
//! Practical up to about 16 features; more than [`ExactShap::MAX_FEATURES`] is refused.

#[cfg(test)]
mod tests;

use ndarray::{Array1, Array2, ArrayView2};
use rai_core::{Error, Model, Result};
use rai_models::TreeEnsemble;
use rayon::prelude::*;

use crate::explanation::{Explanation, Space};
use crate::shap::game::MaskedGame;
use crate::shap::{check_inputs, shapley_weights};

/// Exact interventional Shapley values (all `2^M` coalitions).
///
/// # Examples
/// ```
/// use rai_explain::shap::ExactShap;
/// use rai_models::{LinearKind, LinearModel};
///
/// let model = LinearModel::new(LinearKind::LinearRegression, vec!["a".into(), "b".into()],
///                              vec![2.0, -1.0], 0.5)?;
/// let background = ndarray::array![[0.0, 0.0], [2.0, 2.0]];
/// let x = ndarray::array![[3.0, 1.0]];
/// let e = ExactShap::default().explain(&model, background.view(), x.view())?;
/// assert!((e.values()[[0, 0]] - 2.0 * (3.0 - 1.0)).abs() < 1e-12);
/// assert!((e.values()[[0, 1]] - -1.0 * (1.0 - 1.0)).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// See [`ExactShap::explain`].
///
/// # Formula
/// `phi_i = sum_{S subset of F \ {i}} |S|! (M - |S| - 1)! / M! [v(S + i) - v(S)]`.
///
/// # References
/// Shapley (1953). A value for n-person games. Lundberg & Lee (2017). A unified approach
/// to interpreting model predictions. NeurIPS.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExactShap;

impl ExactShap {
    /// Largest number of features accepted (`2^20` coalitions per row).
    pub const MAX_FEATURES: usize = 20;

    /// Explains the rows of `x` against `background` (both with the model's columns).
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for an empty background or more than
    /// [`ExactShap::MAX_FEATURES`] features; [`Error::LengthMismatch`] for a wrong number
    /// of columns; [`Error::NonFinite`] for infinite cells; any error of the model.
    pub fn explain(
        &self,
        model: &dyn Model,
        background: ArrayView2<'_, f64>,
        x: ArrayView2<'_, f64>,
    ) -> Result<Explanation> {
        self.run(model, None, background, x)
    }

    /// As [`ExactShap::explain`] for a tree ensemble, with a faster evaluation of the
    /// coalition values that never builds the masked rows (the game is rewritten as a
    /// sum of per-leaf terms, evaluated for all coalitions with bitsets). Same values up
    /// to rounding.
    ///
    /// # Errors
    /// As [`ExactShap::explain`].
    pub fn explain_trees(
        &self,
        model: &TreeEnsemble,
        background: ArrayView2<'_, f64>,
        x: ArrayView2<'_, f64>,
    ) -> Result<Explanation> {
        self.run(model, Some(model), background, x)
    }

    fn run(
        &self,
        model: &dyn Model,
        trees: Option<&TreeEnsemble>,
        background: ArrayView2<'_, f64>,
        x: ArrayView2<'_, f64>,
    ) -> Result<Explanation> {
        let m = model.n_features();
        check_inputs(&background, &x, m)?;
        if m > Self::MAX_FEATURES {
            return Err(Error::invalid_parameter(
                "features",
                m,
                format!(
                    "at most {} features for exact Shapley values (2^M coalitions); use kernel or permutation SHAP",
                    Self::MAX_FEATURES
                ),
            ));
        }
        let game = MaskedGame::choose(model, trees, background);
        let base = game.base_value()?;
        let n_coalitions = 1usize << m;
        let mut masks = vec![false; n_coalitions * m];
        for s in 0..n_coalitions {
            for j in 0..m {
                masks[s * m + j] = s & (1 << j) != 0;
            }
        }
        let w = shapley_weights(m);
        let rows: Vec<Vec<f64>> = (0..x.nrows())
            .into_par_iter()
            .map(|i| -> Result<Vec<f64>> {
                let v = game.values(x.row(i), &masks)?;
                let mut phi = vec![0.0; m];
                for s in 0..n_coalitions {
                    let size = s.count_ones() as usize;
                    for (j, p) in phi.iter_mut().enumerate() {
                        if s & (1 << j) == 0 {
                            *p += w[size] * (v[s | (1 << j)] - v[s]);
                        }
                    }
                }
                Ok(phi)
            })
            .collect::<Result<_>>()?;
        let values = Array2::from_shape_fn((x.nrows(), m), |(i, j)| rows[i][j]);
        Explanation::new(
            values,
            Array1::from_elem(1, base),
            model.feature_names().to_vec(),
            "exact_shap",
            serde_json::json!({
                "feature_perturbation": "interventional",
                "background_rows": background.nrows(),
                "coalitions": n_coalitions,
            }),
            Space::Margin,
        )
    }
}
