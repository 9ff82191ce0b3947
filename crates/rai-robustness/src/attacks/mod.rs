//! White-box evasion attacks (FGSM, PGD) and the report shared by every attack.
//!
//! [`GradientAttack`] implements the fast gradient sign/norm method (Goodfellow et al.
//! 2015) and projected gradient descent (Madry et al. 2018) for L-inf and L2, with an
//! optional random start, per-feature bounds and immutable features, following ART's
//! `FastGradientMethod` / `ProjectedGradientDescentNumpy` step for step:
//!
//! 1. `g = loss_gradient(x_adv, y)` (cross-entropy against the labels `y`; without labels
//!    the model's own predictions, as ART does to avoid label leaking), zeroed on immutable
//!    features;
//! 2. direction `sign(g)` (L-inf) or `g / ||g||_2` (L2; zero when `g = 0`);
//! 3. `x_adv += eps_step * direction`, clipped to the bounds;
//! 4. projection onto the `eps` ball around the original row (`sign(d) min(|d|, eps)` per
//!    feature for L-inf, rescaling `d * min(1, eps / ||d||_2)` for L2).
//!
//! FGSM is one step with `eps_step = eps`. PGD keeps iterating on rows that are already
//! misclassified (no early stop), like ART. After the last step, discrete constraints of
//! the [`FeatureConstraints`](crate::FeatureConstraints) (integers, domains, one-hot groups) are
//! applied with [`FeatureConstraints::realize_row`](crate::FeatureConstraints::realize_row)
//! inside the `eps` budget.

mod gradient;
mod params;
mod report;
#[cfg(test)]
mod tests;

pub use gradient::GradientAttack;
pub use params::{GradientAttackParams, GradientMethod};
pub use report::{AttackReport, AttackResult, evaluate_attack};

use ndarray::{Array1, ArrayView2};
use rai_core::{Error, Model, Result, Task};

/// The class each row is predicted as (1 when the margin is positive, else 0).
///
/// # Errors
/// [`Error::Unsupported`] for regressors; as [`Model::predict_margin`].
pub fn predicted_class<M: Model + ?Sized>(
    model: &M,
    x: ArrayView2<'_, f64>,
) -> Result<Array1<f64>> {
    ensure_classifier(model)?;
    Ok(model
        .predict_margin(x)?
        .mapv(|m| if m > 0.0 { 1.0 } else { 0.0 }))
}

/// Checks that a model is a binary classifier.
///
/// # Errors
/// [`Error::Unsupported`] otherwise.
pub fn ensure_classifier<M: Model + ?Sized>(model: &M) -> Result<()> {
    if model.task() == Task::BinaryClassification {
        Ok(())
    } else {
        Err(Error::unsupported(
            "evasion attacks on a regression model (a binary classifier is needed)",
        ))
    }
}

/// Checks that labels are 0/1 and as many as rows.
///
/// # Errors
/// [`Error::LengthMismatch`], or [`Error::InvalidParameter`] naming the first bad label.
pub fn check_labels(y: &[f64], n_rows: usize) -> Result<()> {
    rai_core::error::ensure_len("labels vs rows", n_rows, y.len())?;
    if let Some((i, v)) = y.iter().enumerate().find(|(_, v)| **v != 0.0 && **v != 1.0) {
        return Err(Error::invalid_parameter(
            format!("label at row {i}"),
            v,
            "0 or 1",
        ));
    }
    Ok(())
}
