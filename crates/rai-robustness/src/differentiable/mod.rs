//! Models whose input gradient is available: the [`Differentiable`] trait, implemented
//! for [`rai_models::LinearModel`] and for the small dense network [`Mlp`].
//!
//! White-box attacks (FGSM, PGD) need the gradient of the loss with respect to the
//! *input*. For a binary classifier the loss is the cross-entropy of the predicted
//! probability against the label, whose input gradient is `(p - y) * dmargin/dx`; for a
//! regressor it is half the squared error, with gradient `(margin - y) * dmargin/dx`.
//! This is exactly what ART's scikit-learn logistic-regression wrapper returns.

mod mlp;
#[cfg(test)]
mod tests;

pub use mlp::{Activation, DenseLayer, Mlp};

use ndarray::{Array1, Array2, ArrayView1, ArrayView2};
use rai_core::model::check_features;
use rai_core::{Error, Model, Result, Task, sigmoid};
use rai_models::LinearModel;

/// A model with input gradients.
///
/// # Examples
/// ```
/// use rai_robustness::Differentiable;
/// use rai_models::{LinearKind, LinearModel};
/// let m = LinearModel::new(LinearKind::LogisticRegression, vec!["a".into(), "b".into()], vec![2.0, -1.0], 0.0)?;
/// let x = ndarray::array![[0.0, 0.0]];
/// let (_margin, grad) = m.margin_gradient(x.view())?;
/// assert_eq!(grad.row(0).to_vec(), vec![2.0, -1.0]);
/// let g = m.loss_gradient(x.view(), ndarray::array![1.0].view())?;
/// assert_eq!(g.row(0).to_vec(), vec![-1.0, 0.5]); // (p - y) * w with p = 0.5
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait Differentiable: Model {
    /// Margins and the gradient of each row's margin with respect to that row
    /// (`rows x features`).
    ///
    /// # Errors
    /// As [`Model::predict_margin`].
    fn margin_gradient(&self, x: ArrayView2<'_, f64>) -> Result<(Array1<f64>, Array2<f64>)>;

    /// Gradient of the per-row loss with respect to the input: cross-entropy for binary
    /// classifiers (`y` in {0, 1}), half squared error for regressors.
    ///
    /// # Errors
    /// [`Error::LengthMismatch`] when `y` and `x` differ in rows; as
    /// [`Differentiable::margin_gradient`].
    ///
    /// # Formula
    /// `dL/dx = (sigmoid(m) - y) * dm/dx` (classification), `(m - y) * dm/dx` (regression).
    fn loss_gradient(&self, x: ArrayView2<'_, f64>, y: ArrayView1<'_, f64>) -> Result<Array2<f64>> {
        rai_core::error::ensure_len("labels vs rows", x.nrows(), y.len())?;
        let (m, mut g) = self.margin_gradient(x)?;
        let classification = self.task() == Task::BinaryClassification;
        for (i, mut row) in g.rows_mut().into_iter().enumerate() {
            let e = if classification {
                sigmoid(m[i]) - y[i]
            } else {
                m[i] - y[i]
            };
            row.mapv_inplace(|v| v * e);
        }
        Ok(g)
    }
}

impl Differentiable for LinearModel {
    fn margin_gradient(&self, x: ArrayView2<'_, f64>) -> Result<(Array1<f64>, Array2<f64>)> {
        check_features(&x, self.n_features())?;
        let m = self.predict_margin(x)?;
        let w = ArrayView1::from(self.coefficients());
        let mut g = Array2::zeros((x.nrows(), x.ncols()));
        for mut row in g.rows_mut() {
            row.assign(&w);
        }
        Ok((m, g))
    }
}

impl<D: Differentiable + ?Sized> Differentiable for Box<D> {
    fn margin_gradient(&self, x: ArrayView2<'_, f64>) -> Result<(Array1<f64>, Array2<f64>)> {
        (**self).margin_gradient(x)
    }
    fn loss_gradient(&self, x: ArrayView2<'_, f64>, y: ArrayView1<'_, f64>) -> Result<Array2<f64>> {
        (**self).loss_gradient(x, y)
    }
}

/// The differentiable view of a loaded model, when it has one.
///
/// # Errors
/// [`Error::Unsupported`] for tree ensembles (use a black-box attack).
pub fn as_differentiable(model: &rai_models::AnyModel) -> Result<&dyn Differentiable> {
    match model.as_linear() {
        Some(l) => Ok(l),
        None => Err(Error::unsupported(
            "input gradients of a tree ensemble (use --attack hopskipjump or square)",
        )),
    }
}
