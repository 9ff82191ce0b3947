//! Shapley values: TreeSHAP (path-dependent and interventional), SHAP interaction
//! values, Exact, Kernel, Permutation and Linear SHAP.
//!
//! Every explainer returns an [`Explanation`](crate::Explanation) in **margin** space
//! (log-odds for binary classifiers) whose rows satisfy efficiency:
//! `base_value + sum of values = model margin`.
//!
//! | explainer | model | value function | base value |
//! |---|---|---|---|
//! | [`TreeShap`] | [`TreeEnsemble`](rai_models::TreeEnsemble) | path-dependent (tree covers) | cover-weighted mean leaf value |
//! | [`InterventionalTreeShap`] | `TreeEnsemble` | interventional, background rows | mean margin over the background |
//! | [`ExactShap`] | any [`Model`](rai_core::Model) | interventional, background rows | mean margin over the background |
//! | [`KernelShap`] | any `Model` | interventional, background rows | mean margin over the background |
//! | [`PermutationShap`] | any `Model` | interventional, background rows | mean margin over the background |
//! | [`LinearShap`] | [`LinearModel`](rai_models::LinearModel) | interventional (closed form) | margin at the background mean |
//!
//! The interventional value function of a row `x` is
//! `v(S) = (1/|B|) sum_{b in B} f(x_S, b_{not S})`: features in the coalition `S` come
//! from `x`, the others from the background row `b`.

pub mod exact;
mod game;
pub mod interventional;
pub mod kernel;
pub mod linear;
pub mod permutation;
pub mod tree;

#[cfg(test)]
pub(crate) mod testing;

pub use exact::ExactShap;
pub use interventional::InterventionalTreeShap;
pub use kernel::{KernelShap, KernelShapParams};
pub use linear::LinearShap;
pub use permutation::{PermutationShap, PermutationShapParams};
pub use tree::{InteractionValues, TreeShap, TreeShapAlgorithm};

use ndarray::ArrayView2;
use rai_core::{Error, Result};

/// Checks that a matrix has `n_features` columns.
/// The input checks shared by the background-based explainers: the background and the
/// data to explain have `n_features` columns, and no cell is infinite.
pub(crate) fn check_inputs(
    background: &ArrayView2<'_, f64>,
    x: &ArrayView2<'_, f64>,
    n_features: usize,
) -> Result<()> {
    check_background(background, n_features)?;
    check_columns(x, n_features, "the data to explain")?;
    check_finite_or_nan(x, "data to explain")
}

pub(crate) fn check_columns(x: &ArrayView2<'_, f64>, n_features: usize, what: &str) -> Result<()> {
    rai_core::error::ensure_len(
        &format!("number of feature columns in {what}"),
        n_features,
        x.ncols(),
    )
}

/// Checks a background matrix: at least one row, the model's column count, no infinity.
pub(crate) fn check_background(background: &ArrayView2<'_, f64>, n_features: usize) -> Result<()> {
    check_columns(background, n_features, "the background data")?;
    if background.nrows() == 0 {
        return Err(Error::invalid_parameter(
            "background",
            "0 rows",
            "at least one background row",
        ));
    }
    check_finite_or_nan(background, "background")
}

/// Rejects infinite cells (a missing cell is `NaN`; infinity is an input error).
pub(crate) fn check_finite_or_nan(x: &ArrayView2<'_, f64>, what: &str) -> Result<()> {
    for ((i, j), v) in x.indexed_iter() {
        if v.is_infinite() {
            return Err(Error::NonFinite {
                what: format!("{what} row {i}, column {j}"),
                index: i,
                value: *v,
            });
        }
    }
    Ok(())
}

/// `C(n, k)` as a float.
pub(crate) fn binomial(n: usize, k: usize) -> f64 {
    if k > n {
        return 0.0;
    }
    let k = k.min(n - k);
    let mut r = 1.0;
    for i in 0..k {
        r = r * (n - i) as f64 / (i + 1) as f64;
    }
    r
}

/// Shapley weights `w[s] = s! (m - s - 1)! / m!` for `s = 0..m` (empty for `m = 0`).
pub(crate) fn shapley_weights(m: usize) -> Vec<f64> {
    (0..m)
        .map(|s| 1.0 / (m as f64 * binomial(m - 1, s)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_sum_to_one_over_coalitions() {
        for m in 1..12 {
            let w = shapley_weights(m);
            let total: f64 = (0..m).map(|s| w[s] * binomial(m - 1, s)).sum();
            assert!((total - 1.0).abs() < 1e-12);
        }
        assert_eq!(binomial(5, 2), 10.0);
        assert_eq!(binomial(2, 5), 0.0);
    }
}
