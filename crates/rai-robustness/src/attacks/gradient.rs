//! FGSM and PGD over a [`Differentiable`] model.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis, Slice};
use rai_core::Result;
use rand::Rng;
use rand_distr::{Distribution, StandardNormal};
use rayon::prelude::*;

use super::params::{GradientAttackParams, GradientMethod};
use super::report::{AttackResult, evaluate_attack};
use super::{check_labels, ensure_classifier, predicted_class};
use crate::constraints::{FeatureConstraints, Norm};
use crate::differentiable::Differentiable;

/// Rows per independent work item (fixed, so results do not depend on thread count).
const CHUNK: usize = 512;

/// A configured FGSM or PGD attack.
///
/// # Examples
/// ```
/// use rai_models::{LinearKind, LinearModel};
/// use rai_robustness::{GradientAttack, GradientAttackParams};
/// let m = LinearModel::new(LinearKind::LogisticRegression, vec!["a".into()], vec![1.0], 0.0)?;
/// let x = ndarray::array![[0.2], [-0.5]];
/// let y = ndarray::array![1.0, 0.0];
/// let attack = GradientAttack::new(GradientAttackParams::fgsm(0.3).build()?);
/// let adv = attack.generate(&m, x.view(), Some(y.view()), None)?;
/// assert!((adv[[0, 0]] - (-0.1)).abs() < 1e-12); // pushed against the label
/// assert!((adv[[1, 0]] - (-0.2)).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct GradientAttack {
    params: GradientAttackParams,
}

impl GradientAttack {
    /// An attack with validated parameters.
    pub fn new(params: GradientAttackParams) -> Self {
        Self { params }
    }

    /// The parameters.
    pub fn params(&self) -> &GradientAttackParams {
        &self.params
    }

    /// The attack's name: `"fgsm"` or `"pgd"`.
    pub fn name(&self) -> &'static str {
        match self.params.method() {
            GradientMethod::Fgsm => "fgsm",
            GradientMethod::Pgd => "pgd",
        }
    }

    /// Adversarial examples for the rows of `x`.
    ///
    /// `y`: labels (0/1) whose loss is increased; `None` uses the model's predictions
    /// (ART's default). `constraints`: bounds, immutable features and discrete structure.
    ///
    /// # Errors
    /// [`rai_core::Error::Unsupported`] for regressors; [`rai_core::Error::LengthMismatch`] for
    /// labels or constraints of the wrong size; [`rai_core::Error::InvalidParameter`] for labels
    /// other than 0/1; errors of the model (e.g. `NaN` inputs).
    pub fn generate<M: Differentiable + ?Sized>(
        &self,
        model: &M,
        x: ArrayView2<'_, f64>,
        y: Option<ArrayView1<'_, f64>>,
        constraints: Option<&FeatureConstraints>,
    ) -> Result<Array2<f64>> {
        ensure_classifier(model)?;
        rai_core::model::check_features(&x, model.n_features())?;
        let labels: Array1<f64> = match y {
            Some(y) => {
                check_labels(&y.to_vec(), x.nrows())?;
                y.to_owned()
            }
            None => predicted_class(model, x)?,
        };
        let unconstrained = FeatureConstraints::new(x.ncols());
        let constraints = constraints.unwrap_or(&unconstrained);
        constraints.ensure_features(x.ncols())?;
        let n_chunks = x.nrows().div_ceil(CHUNK);
        let parts: Vec<Result<Array2<f64>>> = (0..n_chunks)
            .into_par_iter()
            .map(|c| {
                let lo = c * CHUNK;
                let hi = (lo + CHUNK).min(x.nrows());
                self.attack_chunk(
                    model,
                    x.slice_axis(Axis(0), Slice::from(lo..hi)),
                    labels.slice_axis(Axis(0), Slice::from(lo..hi)),
                    constraints,
                    c as u64,
                )
            })
            .collect();
        let mut out = Array2::zeros((0, x.ncols()));
        for p in parts {
            let p = p?;
            out.append(Axis(0), p.view()).map_err(|e| {
                rai_core::Error::invalid_parameter("adversarial matrix", e, "a valid shape")
            })?;
        }
        Ok(out)
    }

    /// Runs the attack against the true labels `y` and evaluates it
    /// ([`evaluate_attack`]): clean and adversarial accuracy, success rate, perturbation.
    ///
    /// # Errors
    /// As [`GradientAttack::generate`].
    pub fn run<M: Differentiable + ?Sized>(
        &self,
        model: &M,
        x: ArrayView2<'_, f64>,
        y: ArrayView1<'_, f64>,
        constraints: Option<&FeatureConstraints>,
    ) -> Result<AttackResult> {
        let adv = self.generate(model, x, Some(y), constraints)?;
        let p = &self.params;
        let mut parameters = serde_json::Map::new();
        parameters.insert("steps".into(), p.max_iter().into());
        parameters.insert("step_size".into(), p.eps_step().into());
        parameters.insert("random_init".into(), p.random_init().into());
        let queries = (x.nrows() * p.max_iter()) as u64;
        evaluate_attack(
            model,
            x,
            adv,
            y,
            self.name(),
            p.norm(),
            Some(p.eps()),
            Some(queries),
            p.random_init().then_some(p.seed()),
            parameters,
        )
    }

    fn attack_chunk<M: Differentiable + ?Sized>(
        &self,
        model: &M,
        x0: ArrayView2<'_, f64>,
        y: ArrayView1<'_, f64>,
        constraints: &FeatureConstraints,
        chunk: u64,
    ) -> Result<Array2<f64>> {
        let p = &self.params;
        let eps = p.eps();
        let norm = p.norm();
        let mask = constraints.mask();
        let (lower, upper) = (constraints.lower(), constraints.upper());
        let d = x0.ncols();
        let mut xa = x0.to_owned();
        if p.random_init() {
            let mut rng = rai_core::rng::stream(p.seed(), chunk);
            for mut row in xa.rows_mut() {
                let noise = random_in_ball(&mut rng, d, eps, norm);
                for j in 0..d {
                    row[j] += noise[j] * mask[j];
                    row[j] = clip(row[j], lower[j], upper[j]);
                }
            }
        }
        let mut dir = vec![0.0; d];
        for _ in 0..p.max_iter() {
            let g = model.loss_gradient(xa.view(), y)?;
            for (i, (mut row, grow)) in xa.rows_mut().into_iter().zip(g.rows()).enumerate() {
                for j in 0..d {
                    let v = grow[j];
                    dir[j] = if v.is_nan() || mask[j] == 0.0 { 0.0 } else { v };
                }
                match norm {
                    Norm::Inf => {
                        for v in dir.iter_mut() {
                            *v = sign(*v);
                        }
                    }
                    Norm::L2 => {
                        let n = dir.iter().map(|v| v * v).sum::<f64>().sqrt();
                        for v in dir.iter_mut() {
                            *v = if n != 0.0 { *v / n } else { 0.0 };
                        }
                    }
                }
                for j in 0..d {
                    let step = p.eps_step() * dir[j];
                    let step = if step.is_nan() { 0.0 } else { step };
                    row[j] = clip(row[j] + step, lower[j], upper[j]);
                }
                // projection onto the eps ball around the original row
                let base = x0.row(i);
                match norm {
                    Norm::Inf => {
                        for j in 0..d {
                            let delta = row[j] - base[j];
                            row[j] = base[j] + sign(delta) * delta.abs().min(eps);
                        }
                    }
                    Norm::L2 => {
                        let n = (0..d)
                            .map(|j| (row[j] - base[j]) * (row[j] - base[j]))
                            .sum::<f64>()
                            .sqrt();
                        let factor = if n != 0.0 { (eps / n).min(1.0) } else { 0.0 };
                        for j in 0..d {
                            row[j] = base[j] + (row[j] - base[j]) * factor;
                        }
                    }
                }
            }
        }
        let has_immutable = mask.contains(&0.0);
        if constraints.has_discrete() || has_immutable {
            for (i, mut row) in xa.rows_mut().into_iter().enumerate() {
                let base = x0.row(i).to_vec();
                let mut r = row.to_vec();
                constraints.realize_row(&base, &mut r, Some((norm, eps)));
                for j in 0..d {
                    row[j] = r[j];
                }
            }
        }
        Ok(xa)
    }
}

fn sign(v: f64) -> f64 {
    if v > 0.0 {
        1.0
    } else if v < 0.0 {
        -1.0
    } else {
        0.0
    }
}

fn clip(v: f64, lo: f64, hi: f64) -> f64 {
    if v < lo {
        lo
    } else if v > hi {
        hi
    } else {
        v
    }
}

/// A uniformly random point of the `eps` ball (L-inf: cube; L2: ball).
pub(crate) fn random_in_ball<R: Rng + ?Sized>(
    rng: &mut R,
    d: usize,
    eps: f64,
    norm: Norm,
) -> Vec<f64> {
    match norm {
        Norm::Inf => (0..d).map(|_| rng.random_range(-1.0..=1.0) * eps).collect(),
        Norm::L2 => {
            let mut v: Vec<f64> = (0..d).map(|_| StandardNormal.sample(rng)).collect();
            let n = v.iter().map(|a| a * a).sum::<f64>().sqrt();
            let r = eps * rng.random::<f64>().powf(1.0 / d.max(1) as f64);
            for a in v.iter_mut() {
                *a = if n > 0.0 { *a / n * r } else { 0.0 };
            }
            v
        }
    }
}
