//! The serialisable result of an attack, shared by white-box and black-box attacks.

use ndarray::{Array2, ArrayView1, ArrayView2};
use rai_core::{Model, Result};
use serde::Serialize;

use super::check_labels;
use crate::constraints::Norm;

/// Summary of an attack run (what `rai robustness attack` prints).
///
/// Accuracies compare the predicted class (margin > 0) with the labels; they are `None`
/// for zero rows. `success_rate` is the share of rows classified correctly on clean input
/// that the attack turns into errors (`None` when no row was correct).
/// `mean_perturbation` is the mean over all rows of the distance (in `norm`) between the
/// adversarial and the original row (unchanged rows count as 0).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttackReport {
    /// `fgsm`, `pgd`, `hopskipjump` or `square`.
    pub attack: String,
    /// The norm of the perturbation budget.
    pub norm: Norm,
    /// The perturbation budget (`None` for an unbounded minimal-perturbation attack).
    pub epsilon: Option<f64>,
    /// Number of rows attacked.
    pub n_rows: usize,
    /// Accuracy on the original rows.
    pub clean_accuracy: Option<f64>,
    /// Accuracy on the adversarial rows.
    pub adversarial_accuracy: Option<f64>,
    /// Share of correctly classified rows the attack flips.
    pub success_rate: Option<f64>,
    /// Mean distance between adversarial and original rows.
    pub mean_perturbation: Option<f64>,
    /// Largest distance between adversarial and original rows.
    pub max_perturbation: Option<f64>,
    /// Model queries used: predictions for black-box attacks, gradient evaluations
    /// (rows x steps) for white-box attacks.
    pub queries: Option<u64>,
    /// Seed of the random parts (`None` for deterministic attacks).
    pub seed: Option<u64>,
    /// Attack-specific parameters.
    pub parameters: serde_json::Map<String, serde_json::Value>,
}

/// Adversarial rows with their evaluation.
#[derive(Debug, Clone, PartialEq)]
pub struct AttackResult {
    /// The adversarial rows, in input order (unchanged where the attack failed, for
    /// black-box attacks).
    pub adversarial: Array2<f64>,
    /// Distance of each adversarial row from its original (in the report's norm).
    pub distances: Vec<f64>,
    /// Predicted class of each adversarial row.
    pub adversarial_class: Vec<f64>,
    /// The summary.
    pub report: AttackReport,
}

/// Evaluates adversarial rows against labels and builds the [`AttackResult`].
///
/// # Errors
/// Label errors of [`super::check_labels`]; model errors.
#[allow(clippy::too_many_arguments)] // reason: one flat constructor used by every attack
pub fn evaluate_attack<M: Model + ?Sized>(
    model: &M,
    x: ArrayView2<'_, f64>,
    adversarial: Array2<f64>,
    y: ArrayView1<'_, f64>,
    attack: &str,
    norm: Norm,
    epsilon: Option<f64>,
    queries: Option<u64>,
    seed: Option<u64>,
    parameters: serde_json::Map<String, serde_json::Value>,
) -> Result<AttackResult> {
    let n = x.nrows();
    check_labels(&y.to_vec(), n)?;
    rai_core::error::ensure_len("adversarial rows vs rows", n, adversarial.nrows())?;
    let clean = model
        .predict_margin(x)?
        .mapv(|m| if m > 0.0 { 1.0 } else { 0.0 });
    let adv_class = model
        .predict_margin(adversarial.view())?
        .mapv(|m| if m > 0.0 { 1.0 } else { 0.0 });
    let distances: Vec<f64> = (0..n)
        .map(|i| {
            norm.of(adversarial
                .row(i)
                .iter()
                .zip(x.row(i))
                .map(|(a, b)| if a.is_nan() && b.is_nan() { 0.0 } else { a - b }))
        })
        .collect();
    let correct: Vec<bool> = (0..n).map(|i| clean[i] == y[i]).collect();
    let adv_correct: Vec<bool> = (0..n).map(|i| adv_class[i] == y[i]).collect();
    let frac = |k: usize, d: usize| {
        if d == 0 {
            None
        } else {
            Some(k as f64 / d as f64)
        }
    };
    let n_correct = correct.iter().filter(|&&c| c).count();
    let flipped = (0..n).filter(|&i| correct[i] && !adv_correct[i]).count();
    let report = AttackReport {
        attack: attack.to_owned(),
        norm,
        epsilon,
        n_rows: n,
        clean_accuracy: frac(n_correct, n),
        adversarial_accuracy: frac(adv_correct.iter().filter(|&&c| c).count(), n),
        success_rate: frac(flipped, n_correct),
        mean_perturbation: if n == 0 {
            None
        } else {
            Some(distances.iter().sum::<f64>() / n as f64)
        },
        max_perturbation: distances.iter().copied().reduce(f64::max),
        queries,
        seed,
        parameters,
    };
    Ok(AttackResult {
        adversarial,
        distances,
        adversarial_class: adv_class.to_vec(),
        report,
    })
}
