//! Hyperparameters of the gradient attacks, validated in one place.

use rai_core::{Error, Result};
use serde::{Deserialize, Serialize};

use crate::constraints::Norm;

/// Which gradient attack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GradientMethod {
    /// Fast gradient sign (L-inf) / fast gradient (L2) method: one step of size `eps`.
    Fgsm,
    /// Projected gradient descent: `max_iter` steps of size `eps_step`.
    Pgd,
}

/// Validated parameters of a [`GradientAttack`](super::GradientAttack).
///
/// # Examples
/// ```
/// use rai_robustness::{GradientAttackParams, Norm};
/// let p = GradientAttackParams::pgd(0.3).with_norm(Norm::L2).with_eps_step(0.05).with_max_iter(40).build()?;
/// assert_eq!(p.max_iter(), 40);
/// assert!(GradientAttackParams::pgd(-1.0).build().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GradientAttackParams {
    method: GradientMethod,
    norm: Norm,
    eps: f64,
    eps_step: f64,
    max_iter: usize,
    random_init: bool,
    seed: u64,
}

impl GradientAttackParams {
    /// FGSM with budget `eps` (L-inf by default).
    pub fn fgsm(eps: f64) -> Self {
        Self {
            method: GradientMethod::Fgsm,
            norm: Norm::Inf,
            eps,
            eps_step: eps,
            max_iter: 1,
            random_init: false,
            seed: 0,
        }
    }

    /// PGD with budget `eps` (L-inf, `eps_step = eps / 4`, 40 steps by default).
    pub fn pgd(eps: f64) -> Self {
        Self {
            method: GradientMethod::Pgd,
            norm: Norm::Inf,
            eps,
            eps_step: eps / 4.0,
            max_iter: 40,
            random_init: false,
            seed: 0,
        }
    }

    /// The norm.
    #[must_use]
    pub fn with_norm(mut self, norm: Norm) -> Self {
        self.norm = norm;
        self
    }

    /// Step size (PGD; FGSM always steps by `eps`).
    #[must_use]
    pub fn with_eps_step(mut self, eps_step: f64) -> Self {
        self.eps_step = eps_step;
        self
    }

    /// Number of steps (PGD; FGSM always takes one).
    #[must_use]
    pub fn with_max_iter(mut self, max_iter: usize) -> Self {
        self.max_iter = max_iter;
        self
    }

    /// Start from a uniformly random point of the `eps` ball (ART's `num_random_init=1`).
    #[must_use]
    pub fn with_random_init(mut self, random_init: bool) -> Self {
        self.random_init = random_init;
        self
    }

    /// Seed of the random start.
    #[must_use]
    pub fn with_seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Validates the parameters.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for a negative or non-finite `eps`, a non-positive
    /// `eps_step`, or zero iterations.
    pub fn build(mut self) -> Result<Self> {
        if !(self.eps.is_finite() && self.eps >= 0.0) {
            return Err(Error::invalid_parameter(
                "epsilon",
                self.eps,
                "a finite number >= 0",
            ));
        }
        if self.method == GradientMethod::Fgsm {
            self.eps_step = self.eps;
            self.max_iter = 1;
        }
        if !(self.eps_step.is_finite() && self.eps_step > 0.0) && self.eps > 0.0 {
            return Err(Error::invalid_parameter(
                "step size",
                self.eps_step,
                "a finite number > 0",
            ));
        }
        if self.max_iter == 0 {
            return Err(Error::invalid_parameter("steps", 0, "at least 1"));
        }
        Ok(self)
    }

    /// The method.
    pub fn method(&self) -> GradientMethod {
        self.method
    }
    /// The norm.
    pub fn norm(&self) -> Norm {
        self.norm
    }
    /// The budget.
    pub fn eps(&self) -> f64 {
        self.eps
    }
    /// The step size.
    pub fn eps_step(&self) -> f64 {
        self.eps_step
    }
    /// The number of steps.
    pub fn max_iter(&self) -> usize {
        self.max_iter
    }
    /// Whether the attack starts at a random point.
    pub fn random_init(&self) -> bool {
        self.random_init
    }
    /// The seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }
}
