//! Closed-form interventional Shapley values of linear and logistic regression in margin
//! space: `phi_j = coef_j * (x_j - mean_j)`, base value `intercept + sum_j coef_j mean_j`,
//! where `mean` is the background mean (features treated as independent).

#[cfg(test)]
mod tests;

use ndarray::{Array1, Array2, ArrayView2};
use rai_core::{Error, Model, Result};
use rai_models::LinearModel;

use crate::explanation::{Explanation, Space};
use crate::shap::{check_background, check_columns};

/// LinearSHAP for a [`LinearModel`].
///
/// # Examples
/// ```
/// use rai_explain::shap::LinearShap;
/// use rai_models::{LinearKind, LinearModel};
///
/// let model = LinearModel::new(LinearKind::LogisticRegression, vec!["a".into()], vec![2.0], -1.0)?;
/// let background = ndarray::array![[0.0], [1.0]];
/// let e = LinearShap::new(&model, background.view())?.explain(ndarray::array![[2.0]].view())?;
/// assert_eq!(e.values()[[0, 0]], 3.0);
/// assert_eq!(e.base_value(0), 0.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Formula
/// `phi_j = beta_j (x_j - E[x_j])`, `base = beta_0 + sum_j beta_j E[x_j]`.
///
/// # References
/// Lundberg & Lee (2017). A unified approach to interpreting model predictions. NeurIPS
/// (Corollary 1, linear SHAP).
#[derive(Debug, Clone)]
pub struct LinearShap<'a> {
    model: &'a LinearModel,
    means: Vec<f64>,
    background_rows: usize,
}

impl<'a> LinearShap<'a> {
    /// An explainer whose feature means come from `background`.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for an empty background, [`Error::LengthMismatch`] for
    /// a wrong number of columns, [`Error::NonFinite`] for a missing or infinite
    /// background cell (linear models need every value).
    pub fn new(model: &'a LinearModel, background: ArrayView2<'_, f64>) -> Result<Self> {
        let m = model.n_features();
        check_background(&background, m)?;
        let mut means = vec![0.0; m];
        for ((i, j), v) in background.indexed_iter() {
            if !v.is_finite() {
                return Err(Error::NonFinite {
                    what: format!(
                        "background row {i}, feature `{}` (linear models need every value)",
                        model.feature_names()[j]
                    ),
                    index: i,
                    value: *v,
                });
            }
            means[j] += v;
        }
        let n = background.nrows() as f64;
        means.iter_mut().for_each(|v| *v /= n);
        Ok(LinearShap {
            model,
            means,
            background_rows: background.nrows(),
        })
    }

    /// An explainer with given feature means (in model order).
    ///
    /// # Errors
    /// [`Error::LengthMismatch`] for a wrong number of means, [`Error::NonFinite`] for a
    /// non-finite mean.
    pub fn from_means(model: &'a LinearModel, means: Vec<f64>) -> Result<Self> {
        rai_core::error::ensure_len("feature means", model.n_features(), means.len())?;
        if let Some((j, v)) = means.iter().enumerate().find(|(_, v)| !v.is_finite()) {
            return Err(Error::NonFinite {
                what: "feature means".into(),
                index: j,
                value: *v,
            });
        }
        Ok(LinearShap {
            model,
            means,
            background_rows: 0,
        })
    }

    /// The base value `intercept + sum_j coef_j mean_j`.
    pub fn expected_value(&self) -> f64 {
        self.model.intercept()
            + self
                .model
                .coefficients()
                .iter()
                .zip(&self.means)
                .map(|(c, m)| c * m)
                .sum::<f64>()
    }

    /// Explains the rows of `x`.
    ///
    /// # Errors
    /// [`Error::LengthMismatch`] for a wrong number of columns; [`Error::NonFinite`] for a
    /// missing or infinite cell, naming the row and feature.
    pub fn explain(&self, x: ArrayView2<'_, f64>) -> Result<Explanation> {
        let m = self.model.n_features();
        check_columns(&x, m, "the data to explain")?;
        let coef = self.model.coefficients();
        let mut values = Array2::zeros((x.nrows(), m));
        for ((i, j), v) in x.indexed_iter() {
            if !v.is_finite() {
                return Err(Error::NonFinite {
                    what: format!(
                        "row {i}, feature `{}` (linear models need every value)",
                        self.model.feature_names()[j]
                    ),
                    index: i,
                    value: *v,
                });
            }
            values[[i, j]] = coef[j] * (v - self.means[j]);
        }
        Explanation::new(
            values,
            Array1::from_elem(1, self.expected_value()),
            self.model.feature_names().to_vec(),
            "linear_shap",
            serde_json::json!({
                "feature_perturbation": "interventional",
                "background_rows": self.background_rows,
            }),
            Space::Margin,
        )
    }
}
