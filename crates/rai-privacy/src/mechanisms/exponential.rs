//! Selection mechanisms over a finite candidate set: the exponential mechanism and
//! permute-and-flip (= report-noisy-max with exponential noise), both sampled exactly.
//!
//! Utilities are integers (scale real utilities to integers first). ε is rounded down to
//! a multiple of 2^-40 (which only strengthens the guarantee) so every acceptance
//! probability exp(-ε(u* − u)/(2Δ)) is an exact rational, sampled with
//! [`bernoulli_exp_neg`]. We do not use the Gumbel-max trick: it needs floating-point
//! logarithms of uniforms, whose rounding changes the distribution.

use rai_core::{Error, Result};

use super::{EPS_BITS, Guarantee, Mechanism, Neighbouring, PrivacyCost, dyadic_lower_epsilon};
use crate::NoiseSource;
use crate::samplers::{bernoulli_exp_neg, permutation, uniform_below};

fn check(eps: f64, sensitivity: u64) -> Result<u128> {
    super::positive("epsilon", eps)?;
    if sensitivity == 0 {
        return Err(Error::invalid_parameter(
            "sensitivity",
            0,
            "an integer of at least 1",
        ));
    }
    dyadic_lower_epsilon(eps)
}

fn gamma(eps_num: u128, sensitivity: u64, best: i64, u: i64) -> (u128, u128) {
    let gap = u128::from(best.abs_diff(u));
    let num = eps_num.saturating_mul(gap);
    let den = (1u128 << (EPS_BITS + 1)) * u128::from(sensitivity);
    (num, den)
}

fn best_of(utilities: &[i64]) -> Result<i64> {
    utilities.iter().copied().max().ok_or_else(|| Error::Empty {
        what: "candidate utilities".into(),
    })
}

/// The exponential mechanism: selects candidate i with probability ∝ exp(ε u_i / (2Δ)).
///
/// # Examples
/// ```
/// use rai_privacy::{ExponentialMechanism, Mechanism, NoiseSource};
/// let m = ExponentialMechanism::new(1.0, 1)?;
/// let i = m.release(&[0, 5, 100][..], &mut NoiseSource::secure()?)?;
/// assert!(i < 3);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// Bad ε or zero sensitivity; an empty candidate list.
///
/// # Formula
/// Exact sampling by rejection: propose i uniformly, accept with probability
/// exp(−ε(u* − u_i)/(2Δ)) (u* = max utility), so P(i) ∝ exp(ε u_i/(2Δ)).
///
/// # Privacy guarantee
/// ε-DP (and ε-bounded range, hence ε²/8-zCDP) when each utility has sensitivity Δ.
///
/// # References
/// McSherry & Talwar (2007); Cesar & Rogers (2021) for bounded range.
#[derive(Debug, Clone)]
pub struct ExponentialMechanism {
    epsilon: f64,
    eps_num: u128,
    sensitivity: u64,
}

impl ExponentialMechanism {
    /// An exponential mechanism with privacy `epsilon` and utility sensitivity.
    ///
    /// # Errors
    /// See the type docs.
    pub fn new(epsilon: f64, sensitivity: u64) -> Result<Self> {
        Ok(ExponentialMechanism {
            epsilon,
            eps_num: check(epsilon, sensitivity)?,
            sensitivity,
        })
    }
}

impl Mechanism for ExponentialMechanism {
    type Input = [i64];
    type Output = usize;

    fn guarantee(&self) -> Guarantee {
        Guarantee {
            releases: "the index of one candidate".into(),
            cost: PrivacyCost::Pure {
                epsilon: self.epsilon,
            },
            neighbouring: Neighbouring::Sensitivity {
                norm: "linf",
                sensitivity: self.sensitivity as f64,
            },
        }
    }

    fn release(&self, utilities: &[i64], noise: &mut NoiseSource) -> Result<usize> {
        let best = best_of(utilities)?;
        loop {
            let i = uniform_below(noise, utilities.len() as u64) as usize;
            let (num, den) = gamma(self.eps_num, self.sensitivity, best, utilities[i]);
            if bernoulli_exp_neg(noise, num, den) {
                return Ok(i);
            }
        }
    }
}

/// Permute-and-flip: visit candidates in random order, stop at candidate i with
/// probability exp(−ε(u* − u_i)/(2Δ)). Identical in distribution to report-noisy-max with
/// exponential noise (Ding et al. 2021), hence also exported as [`ReportNoisyMax`].
///
/// # Examples
/// ```
/// use rai_privacy::{PermuteAndFlip, Mechanism, NoiseSource};
/// let m = PermuteAndFlip::new(2.0, 1)?;
/// let i = m.release(&[3, 9, 4][..], &mut NoiseSource::secure()?)?;
/// assert!(i < 3);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// Bad ε or zero sensitivity; an empty candidate list.
///
/// # Privacy guarantee
/// ε-DP when each utility has sensitivity Δ.
///
/// # References
/// McKenna & Sheldon (2020), "Permute-and-Flip"; Ding, Kifer, et al. (2021).
#[derive(Debug, Clone)]
pub struct PermuteAndFlip {
    epsilon: f64,
    eps_num: u128,
    sensitivity: u64,
}

/// Report-noisy-max (exponential noise), implemented exactly as permute-and-flip.
pub type ReportNoisyMax = PermuteAndFlip;

impl PermuteAndFlip {
    /// A permute-and-flip mechanism.
    ///
    /// # Errors
    /// See the type docs.
    pub fn new(epsilon: f64, sensitivity: u64) -> Result<Self> {
        Ok(PermuteAndFlip {
            epsilon,
            eps_num: check(epsilon, sensitivity)?,
            sensitivity,
        })
    }
}

impl Mechanism for PermuteAndFlip {
    type Input = [i64];
    type Output = usize;

    fn guarantee(&self) -> Guarantee {
        Guarantee {
            releases: "the index of the (noisy) best candidate".into(),
            cost: PrivacyCost::Pure {
                epsilon: self.epsilon,
            },
            neighbouring: Neighbouring::Sensitivity {
                norm: "linf",
                sensitivity: self.sensitivity as f64,
            },
        }
    }

    fn release(&self, utilities: &[i64], noise: &mut NoiseSource) -> Result<usize> {
        let best = best_of(utilities)?;
        loop {
            for i in permutation(noise, utilities.len()) {
                let (num, den) = gamma(self.eps_num, self.sensitivity, best, utilities[i]);
                if bernoulli_exp_neg(noise, num, den) {
                    return Ok(i);
                }
            }
        }
    }
}
