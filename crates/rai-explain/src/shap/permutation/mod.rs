//! PermutationSHAP: Shapley values as average marginal contributions along random feature
//! orderings, each permutation used forwards and reversed (antithetic sampling), for any
//! model.
//!
//! Along an ordering, feature `pi_k` receives `v({pi_1..pi_k}) - v({pi_1..pi_{k-1}})`; the
//! contributions of one ordering sum to `f(x) - base`, so efficiency holds exactly for any
//! number of permutations. A permutation and its reverse are negatively correlated, which
//! lowers the variance (antithetic variates). Each row draws from its own stream of the
//! seed, so results do not depend on the thread count.

mod params;
#[cfg(test)]
mod tests;

pub use params::PermutationShapParams;

use ndarray::{Array1, Array2, ArrayView2};
use rai_core::{Model, Result};
use rai_models::TreeEnsemble;
use rand::seq::SliceRandom;
use rayon::prelude::*;

use crate::explanation::{Explanation, Space};
use crate::shap::check_inputs;
use crate::shap::game::MaskedGame;

/// PermutationSHAP with antithetic permutations (interventional, margin space).
///
/// # Examples
/// ```
/// use rai_explain::shap::PermutationShap;
/// use rai_models::{LinearKind, LinearModel};
///
/// let model = LinearModel::new(LinearKind::LinearRegression, vec!["a".into(), "b".into()],
///                              vec![1.0, 2.0], 0.0)?;
/// let background = ndarray::array![[0.0, 0.0]];
/// let e = PermutationShap::params().n_permutations(2).seed(1).build()?
///     .explain(&model, background.view(), ndarray::array![[1.0, 1.0]].view())?;
/// assert!((e.values()[[0, 1]] - 2.0).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// See [`PermutationShap::explain`].
///
/// # Formula
/// `phi_i = (1 / 2P) sum_{orderings pi} [v(pre_pi(i) + i) - v(pre_pi(i))]`.
///
/// # References
/// Strumbelj & Kononenko (2014). Explaining prediction models and individual predictions
/// with feature contributions. Knowledge and Information Systems 41, 647-665. Mitchell,
/// Cooper, Frank, Holmes (2022). Sampling permutations for Shapley value estimation. JMLR.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermutationShap {
    n_permutations: usize,
    seed: u64,
}

impl Default for PermutationShap {
    fn default() -> Self {
        PermutationShap {
            n_permutations: 10,
            seed: 0,
        }
    }
}

impl PermutationShap {
    /// A parameter builder.
    pub fn params() -> PermutationShapParams {
        PermutationShapParams::default()
    }

    /// Number of permutations per row (each also used reversed).
    pub fn n_permutations(&self) -> usize {
        self.n_permutations
    }

    /// Explains the rows of `x` against `background`.
    ///
    /// # Errors
    /// [`rai_core::Error::InvalidParameter`] for an empty background;
    /// [`rai_core::Error::LengthMismatch`] for a wrong number of columns;
    /// [`rai_core::Error::NonFinite`] for infinite cells; any error of the model.
    pub fn explain(
        &self,
        model: &dyn Model,
        background: ArrayView2<'_, f64>,
        x: ArrayView2<'_, f64>,
    ) -> Result<Explanation> {
        self.run(model, None, background, x)
    }

    /// As [`PermutationShap::explain`] for a tree ensemble, with a faster evaluation of the
    /// coalition values that never builds the masked rows (the game is rewritten as a
    /// sum of per-leaf terms, evaluated for all coalitions with bitsets). Same values up
    /// to rounding.
    ///
    /// # Errors
    /// As [`PermutationShap::explain`].
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
        let game = MaskedGame::choose(model, trees, background);
        let base = game.base_value()?;
        let fx = model.predict_margin(x)?;
        let n = x.nrows();
        let rows: Vec<Vec<f64>> = (0..n)
            .into_par_iter()
            .map(|i| -> Result<Vec<f64>> {
                let mut phi = vec![0.0; m];
                if m == 0 {
                    return Ok(phi);
                }
                let mut rng = rai_core::rng::stream(self.seed, i as u64);
                let mut orders: Vec<Vec<usize>> = Vec::with_capacity(2 * self.n_permutations);
                let mut perm: Vec<usize> = (0..m).collect();
                for _ in 0..self.n_permutations {
                    perm.shuffle(&mut rng);
                    orders.push(perm.clone());
                    orders.push(perm.iter().rev().copied().collect());
                }
                // intermediate prefixes 1..m-1 of every ordering
                let inner = m - 1;
                let mut masks = vec![false; orders.len() * inner * m];
                for (o, order) in orders.iter().enumerate() {
                    let mut mask = vec![false; m];
                    for k in 0..inner {
                        mask[order[k]] = true;
                        let at = (o * inner + k) * m;
                        masks[at..at + m].copy_from_slice(&mask);
                    }
                }
                let v = game.values(x.row(i), &masks)?;
                for (o, order) in orders.iter().enumerate() {
                    let mut prev = base;
                    for (k, &f) in order.iter().enumerate() {
                        let cur = if k + 1 == m { fx[i] } else { v[o * inner + k] };
                        phi[f] += cur - prev;
                        prev = cur;
                    }
                }
                let scale = 1.0 / orders.len() as f64;
                phi.iter_mut().for_each(|p| *p *= scale);
                Ok(phi)
            })
            .collect::<Result<_>>()?;
        let values = Array2::from_shape_fn((n, m), |(i, j)| rows[i][j]);
        Explanation::new(
            values,
            Array1::from_elem(1, base),
            model.feature_names().to_vec(),
            "permutation_shap",
            serde_json::json!({
                "feature_perturbation": "interventional",
                "n_permutations": self.n_permutations,
                "antithetic": true,
                "seed": self.seed,
                "background_rows": background.nrows(),
            }),
            Space::Margin,
        )
    }
}
