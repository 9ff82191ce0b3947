//! Path-dependent TreeSHAP and SHAP interaction values for tree ensembles.
//!
//! [`TreeShap`] computes exact Shapley values of the path-dependent game of Lundberg et al.
//! (2020): a feature outside the coalition is integrated out by following both children
//! of its splits, weighted by the training cover (XGBoost: sum of hessians; LightGBM:
//! data counts). The values equal XGBoost's `predict(..., pred_contribs=True)` and
//! LightGBM's `predict(..., pred_contrib=True)`, including for missing values (which
//! follow each split's default direction). Two implementations give the same numbers:
//!
//! - [`TreeShapAlgorithm::Recursive`]: the original Algorithm 2 (`O(T L D^2)` per row).
//! - [`TreeShapAlgorithm::Fast`]: per-leaf tables over subsets of the path features, the
//!   idea of Fast TreeSHAP v2 (Yang 2021): `O(T L D)` per row after an `O(T L 2^D D^3)`
//!   precomputation, worthwhile when many rows are explained.
//!
//! [`TreeShapAlgorithm::Auto`] (the default) picks per tree. Rows are explained in
//! parallel (rayon); the result does not depend on the thread count.
//!
//! [`TreeShap::interaction_values`] gives SHAP interaction values (XGBoost's
//! `pred_interactions=True`).

mod fast;
mod recursive;
#[cfg(test)]
mod tests;

use ndarray::{Array1, Array2, Array3, ArrayView2, ArrayView3};
use rai_core::{Model, Result};
use rai_models::TreeEnsemble;
use rayon::prelude::*;

use crate::explanation::{Explanation, Space};
use crate::shap::{check_columns, check_finite_or_nan};
use fast::FastTree;
use recursive::{Condition, PathElement, path_buffer_len, tree_depth, tree_expected_value};

/// Rows per parallel work item.
const ROW_CHUNK: usize = 64;

/// Which implementation of path-dependent TreeSHAP to use (same results).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TreeShapAlgorithm {
    /// Per tree: tables when they fit and pay off for the number of rows, else recursion.
    #[default]
    Auto,
    /// Lundberg et al. (2020) Algorithm 2 for every tree.
    Recursive,
    /// Precomputed per-leaf tables wherever they fit in memory (recursion elsewhere).
    Fast,
}

impl TreeShapAlgorithm {
    /// The name used in explanation parameters.
    pub fn as_str(self) -> &'static str {
        match self {
            TreeShapAlgorithm::Auto => "auto",
            TreeShapAlgorithm::Recursive => "recursive",
            TreeShapAlgorithm::Fast => "fast",
        }
    }
}

/// Path-dependent TreeSHAP for a [`TreeEnsemble`].
///
/// # Examples
/// ```
/// use rai_core::Model;
/// use rai_explain::shap::TreeShap;
/// use rai_models::{EnsembleSource, Node, TreeEnsemble};
///
/// let tree = vec![
///     Node::split(0, 0.0, 1, 2, true, 10.0),
///     Node::split(1, 0.0, 3, 4, false, 6.0),
///     Node::leaf(2.0, 4.0),
///     Node::leaf(-1.0, 3.0),
///     Node::leaf(1.0, 3.0),
/// ];
/// let model = TreeEnsemble::new(vec!["a".into(), "b".into()], rai_core::Task::Regression,
///                               0.5, vec![tree], EnsembleSource::Native)?;
/// let x = ndarray::array![[-1.0, 1.0], [1.0, f64::NAN]];
/// let e = TreeShap::new(&model).explain(x.view())?;
/// assert!(e.efficiency_gap(model.predict_margin(x.view())?.view())? < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # References
/// Lundberg, Erion, Chen, DeGrave, Prutkin, Nair, Katz, Himmelfarb, Bansal, Lee (2020).
/// From local explanations to global understanding with explainable AI for trees.
/// *Nature Machine Intelligence* 2, 56-67. Yang (2021). Fast TreeSHAP: Accelerating SHAP
/// value computation for trees. arXiv:2109.09847.
#[derive(Debug, Clone)]
pub struct TreeShap<'a> {
    model: &'a TreeEnsemble,
    algorithm: TreeShapAlgorithm,
}

/// SHAP interaction values: for each row a `features x features` matrix whose row `i`
/// sums to the SHAP value of feature `i` (the diagonal holds the main effects).
#[derive(Debug, Clone, PartialEq)]
pub struct InteractionValues {
    values: Array3<f64>,
    base_value: f64,
    feature_names: Vec<String>,
}

impl InteractionValues {
    /// Values `[row, i, j]`, symmetric in `i, j`.
    pub fn values(&self) -> ArrayView3<'_, f64> {
        self.values.view()
    }

    /// The base value (as in [`TreeShap::expected_value`]).
    pub fn base_value(&self) -> f64 {
        self.base_value
    }

    /// Feature names, in model order.
    pub fn feature_names(&self) -> &[String] {
        &self.feature_names
    }
}

impl<'a> TreeShap<'a> {
    /// An explainer for `model` with [`TreeShapAlgorithm::Auto`].
    pub fn new(model: &'a TreeEnsemble) -> Self {
        TreeShap {
            model,
            algorithm: TreeShapAlgorithm::Auto,
        }
    }

    /// Chooses the implementation.
    #[must_use]
    pub fn with_algorithm(mut self, algorithm: TreeShapAlgorithm) -> Self {
        self.algorithm = algorithm;
        self
    }

    /// The base value: `base_score` plus each tree's cover-weighted mean leaf value
    /// (XGBoost's bias column).
    pub fn expected_value(&self) -> f64 {
        self.model.base_score() + self.model.trees().map(tree_expected_value).sum::<f64>()
    }

    /// Explains the rows of `x` (columns in model order; `NaN` = missing).
    ///
    /// # Errors
    /// [`rai_core::Error::LengthMismatch`] when `x` does not have one column per model
    /// feature; [`rai_core::Error::NonFinite`] for an infinite cell.
    pub fn explain(&self, x: ArrayView2<'_, f64>) -> Result<Explanation> {
        let m = self.model.feature_names().len();
        check_columns(&x, m, "the data to explain")?;
        check_finite_or_nan(&x, "data to explain")?;
        let n = x.nrows();
        let x = x.as_standard_layout();
        let xs = x.as_slice().unwrap_or(&[]);
        let plan = self.plan(n);
        let depth = self.model.max_depth();
        let max_nodes = self.model.trees().map(<[_]>::len).max().unwrap_or(0);
        let mut out = vec![0.0; n * m];
        if m > 0 {
            out.par_chunks_mut(ROW_CHUNK * m)
                .enumerate()
                .for_each(|(c, chunk)| {
                    let mut path = vec![PathElement::default(); path_buffer_len(depth)];
                    let mut next = vec![0u32; max_nodes];
                    // tree-outer, row-inner: a tree's tables stay in cache for the chunk;
                    // each row still sums its trees in model order
                    for (t, tree) in self.model.trees().enumerate() {
                        for (r, phi) in chunk.chunks_mut(m).enumerate() {
                            let i = c * ROW_CHUNK + r;
                            let row = &xs[i * m..(i + 1) * m];
                            match &plan[t] {
                                Some(ft) => ft.add(tree, row, phi, &mut next),
                                None => {
                                    recursive::tree_shap(tree, row, phi, Condition::None, &mut path)
                                }
                            }
                        }
                    }
                });
        }
        let values = Array2::from_shape_vec((n, m), out)
            .map_err(|e| rai_core::Error::invalid_parameter("x", e, "a 2-D matrix"))?;
        let used = plan.iter().filter(|p| p.is_some()).count();
        Explanation::new(
            values,
            Array1::from_elem(1, self.expected_value()),
            self.model.feature_names().to_vec(),
            "tree_shap",
            serde_json::json!({
                "feature_perturbation": "tree_path_dependent",
                "implementation": self.algorithm.as_str(),
                "trees_with_tables": used,
                "trees": self.model.n_trees(),
            }),
            Space::Margin,
        )
    }

    /// Per tree: the precomputed tables, or `None` for the recursion.
    fn plan(&self, n_rows: usize) -> Vec<Option<FastTree>> {
        let trees: Vec<_> = self.model.trees().collect();
        trees
            .par_iter()
            .map(|tree| {
                let use_tables = match self.algorithm {
                    TreeShapAlgorithm::Recursive => false,
                    TreeShapAlgorithm::Fast => {
                        fast::table_entries(tree).is_some_and(|e| e <= fast::MAX_TABLE_ENTRIES)
                    }
                    TreeShapAlgorithm::Auto => match fast::table_entries(tree) {
                        Some(e) if e <= fast::MAX_TABLE_ENTRIES => {
                            // Table build ~ entries * d^2 work; the recursion costs about
                            // 4 * L * D^2 per row more than a table lookup.
                            let d = tree_depth(tree).max(1) as f64;
                            let leaves = tree.iter().filter(|n| n.is_leaf()).count() as f64;
                            let build = e as f64 * d * d;
                            let saved = n_rows as f64 * 4.0 * leaves * d * d;
                            saved > build
                        }
                        _ => false,
                    },
                };
                use_tables.then(|| FastTree::new(tree))
            })
            .collect()
    }

    /// SHAP interaction values of the rows of `x` (XGBoost's `pred_interactions=True`):
    /// `phi_ij = (phi_j | i present - phi_j | i absent) / 2` for `i != j`, and
    /// `phi_ii = phi_i - sum_{j != i} phi_ij`. Uses the recursive algorithm.
    ///
    /// # Errors
    /// As [`TreeShap::explain`].
    ///
    /// # References
    /// Lundberg et al. (2020), section "SHAP interaction values".
    pub fn interaction_values(&self, x: ArrayView2<'_, f64>) -> Result<InteractionValues> {
        let m = self.model.feature_names().len();
        check_columns(&x, m, "the data to explain")?;
        check_finite_or_nan(&x, "data to explain")?;
        let n = x.nrows();
        let x = x.as_standard_layout();
        let xs = x.as_slice().unwrap_or(&[]);
        let depth = self.model.max_depth();
        // features used by any split (others have zero interactions)
        let mut used = vec![false; m];
        for tree in self.model.trees() {
            for node in tree.iter().filter(|n| !n.is_leaf()) {
                used[node.feature as usize] = true;
            }
        }
        let mut out = vec![0.0; n * m * m];
        if m > 0 {
            out.par_chunks_mut(m * m).enumerate().for_each(|(i, mat)| {
                let row = &xs[i * m..(i + 1) * m];
                let mut path = vec![PathElement::default(); path_buffer_len(depth)];
                let run = |cond: Condition, phi: &mut [f64], path: &mut [PathElement]| {
                    phi.iter_mut().for_each(|v| *v = 0.0);
                    for tree in self.model.trees() {
                        recursive::tree_shap(tree, row, phi, cond, path);
                    }
                };
                let mut diag = vec![0.0; m];
                let mut on = vec![0.0; m];
                let mut off = vec![0.0; m];
                run(Condition::None, &mut diag, &mut path);
                for f in 0..m {
                    let r = &mut mat[f * m..(f + 1) * m];
                    if used[f] {
                        run(Condition::On(f), &mut on, &mut path);
                        run(Condition::Off(f), &mut off, &mut path);
                        for j in 0..m {
                            if j != f {
                                r[j] = (on[j] - off[j]) / 2.0;
                            }
                        }
                    }
                    let off_diag: f64 = (0..m).filter(|&j| j != f).map(|j| r[j]).sum();
                    r[f] = diag[f] - off_diag;
                }
            });
        }
        let values = Array3::from_shape_vec((n, m, m), out)
            .map_err(|e| rai_core::Error::invalid_parameter("x", e, "a 2-D matrix"))?;
        Ok(InteractionValues {
            values,
            base_value: self.expected_value(),
            feature_names: self.model.feature_names().to_vec(),
        })
    }
}
