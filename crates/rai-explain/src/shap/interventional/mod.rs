//! Interventional TreeSHAP (Lundberg et al. 2020): exact interventional Shapley values of
//! a tree ensemble with respect to a background dataset, in time linear in the tree size
//! per (row, background row) pair.
//!
//! For one row `x` and one background row `b`, the game is `v(S) = f(x_S, b_{not S})`.
//! Walking a tree, a split whose feature sends `x` and `b` the same way is followed once;
//! otherwise the `x` side is followed with the feature in the coalition and the `b` side
//! with it out (a feature met again keeps its side). A leaf reached with the set `X` of
//! features taken from `x` and `B` from `b` has value `v_L` exactly when `X` is in the
//! coalition and `B` is not; its Shapley contribution is
//! `v_L (|X|-1)! |B|! / (|X|+|B|)!` to each feature of `X` and
//! `-v_L |X|! (|B|-1)! / (|X|+|B|)!` to each feature of `B`. Values are averaged over the
//! background rows; the base value is the mean background margin.

#[cfg(test)]
mod tests;

use ndarray::{Array1, Array2, ArrayView2};
use rai_core::{Model, Result};
use rai_models::{Node, TreeEnsemble};
use rayon::prelude::*;

use crate::explanation::{Explanation, Space};
use crate::shap::{check_background, check_columns, check_finite_or_nan};

/// Interventional TreeSHAP for a [`TreeEnsemble`] and a background dataset.
///
/// # Examples
/// ```
/// use rai_core::Model;
/// use rai_explain::shap::InterventionalTreeShap;
/// use rai_models::{EnsembleSource, Node, TreeEnsemble};
///
/// let stump = vec![Node::split(0, 0.5, 1, 2, true, 2.0), Node::leaf(-1.0, 1.0), Node::leaf(1.0, 1.0)];
/// let model = TreeEnsemble::new(vec!["x0".into()], rai_core::Task::Regression, 0.0,
///                               vec![stump], EnsembleSource::Native)?;
/// let background = ndarray::array![[0.0], [0.0], [0.0], [1.0]];
/// let e = InterventionalTreeShap::new(&model, background.view())?.explain(ndarray::array![[1.0]].view())?;
/// assert_eq!(e.base_value(0), -0.5);
/// assert_eq!(e.values()[[0, 0]], 1.5);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # References
/// Lundberg et al. (2020). From local explanations to global understanding with
/// explainable AI for trees. *Nature Machine Intelligence* 2, 56-67 (Methods,
/// "Interventional Tree SHAP").
#[derive(Debug, Clone)]
pub struct InterventionalTreeShap<'a> {
    model: &'a TreeEnsemble,
    background: ArrayView2<'a, f64>,
    base_value: f64,
    /// `weights[a][c] = a! c! / (a + c + 1)!`.
    weights: Vec<Vec<f64>>,
}

impl<'a> InterventionalTreeShap<'a> {
    /// An explainer for `model` with `background` rows (model column order).
    ///
    /// # Errors
    /// [`rai_core::Error::InvalidParameter`] for an empty background,
    /// [`rai_core::Error::LengthMismatch`] for a wrong number of columns,
    /// [`rai_core::Error::NonFinite`] for an infinite cell.
    pub fn new(model: &'a TreeEnsemble, background: ArrayView2<'a, f64>) -> Result<Self> {
        check_background(&background, model.n_features())?;
        let margins = model.predict_margin(background)?;
        let base_value = margins.sum() / margins.len() as f64;
        let d = model.max_depth() + 1;
        let mut fact = vec![1.0f64; 2 * d + 2];
        for i in 1..fact.len() {
            fact[i] = fact[i - 1] * i as f64;
        }
        let weights = (0..=d)
            .map(|a| {
                (0..=d)
                    .map(|c| fact[a] * fact[c] / fact[a + c + 1])
                    .collect()
            })
            .collect();
        Ok(InterventionalTreeShap {
            model,
            background,
            base_value,
            weights,
        })
    }

    /// The base value: the mean margin over the background.
    pub fn expected_value(&self) -> f64 {
        self.base_value
    }

    /// Explains the rows of `x`.
    ///
    /// # Errors
    /// [`rai_core::Error::LengthMismatch`] for a wrong number of columns;
    /// [`rai_core::Error::NonFinite`] for an infinite cell.
    pub fn explain(&self, x: ArrayView2<'_, f64>) -> Result<Explanation> {
        let m = self.model.n_features();
        check_columns(&x, m, "the data to explain")?;
        check_finite_or_nan(&x, "data to explain")?;
        let n = x.nrows();
        let bg = self.background.as_standard_layout();
        let bgs = bg.as_slice().unwrap_or(&[]);
        let nb = self.background.nrows();
        let rows: Vec<Vec<f64>> = (0..n)
            .into_par_iter()
            .map(|i| {
                let xr: Vec<f64> = x.row(i).to_vec();
                let mut phi = vec![0.0; m];
                let mut state = vec![Side::None; m];
                let mut stack = Vec::with_capacity(64);
                for b in 0..nb {
                    let br = &bgs[b * m..(b + 1) * m];
                    for tree in self.model.trees() {
                        let mut w = Walk {
                            tree,
                            x: &xr,
                            b: br,
                            phi: &mut phi,
                            state: &mut state,
                            stack: &mut stack,
                            weights: &self.weights,
                        };
                        w.recurse(0, 0, 0);
                    }
                }
                let scale = 1.0 / nb as f64;
                phi.iter_mut().for_each(|p| *p *= scale);
                phi
            })
            .collect();
        let values = Array2::from_shape_fn((n, m), |(i, j)| rows[i][j]);
        Explanation::new(
            values,
            Array1::from_elem(1, self.base_value),
            self.model.feature_names().to_vec(),
            "interventional_tree_shap",
            serde_json::json!({
                "feature_perturbation": "interventional",
                "background_rows": nb,
            }),
            Space::Margin,
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    None,
    X,
    B,
}

struct Walk<'a> {
    tree: &'a [Node],
    x: &'a [f64],
    b: &'a [f64],
    phi: &'a mut [f64],
    state: &'a mut [Side],
    stack: &'a mut Vec<usize>,
    weights: &'a [Vec<f64>],
}

impl Walk<'_> {
    fn recurse(&mut self, node: usize, nx: usize, nb: usize) {
        let n = &self.tree[node];
        if n.is_leaf() {
            if nx + nb == 0 {
                return;
            }
            let v = n.value;
            let wx = if nx > 0 {
                v * self.weights[nx - 1][nb]
            } else {
                0.0
            };
            let wb = if nb > 0 {
                v * self.weights[nx][nb - 1]
            } else {
                0.0
            };
            for &f in self.stack.iter() {
                match self.state[f] {
                    Side::X => self.phi[f] += wx,
                    Side::B => self.phi[f] -= wb,
                    Side::None => {}
                }
            }
            return;
        }
        let f = n.feature as usize;
        let cx = n.next(self.x[f]) as usize;
        let cb = n.next(self.b[f]) as usize;
        if cx == cb {
            self.recurse(cx, nx, nb);
            return;
        }
        match self.state[f] {
            Side::X => self.recurse(cx, nx, nb),
            Side::B => self.recurse(cb, nx, nb),
            Side::None => {
                self.stack.push(f);
                self.state[f] = Side::X;
                self.recurse(cx, nx + 1, nb);
                self.state[f] = Side::B;
                self.recurse(cb, nx, nb + 1);
                self.state[f] = Side::None;
                self.stack.pop();
            }
        }
    }
}
