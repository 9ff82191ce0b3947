//! Randomized response (binary and k-ary), sampled exactly.

use rai_core::{Error, Result};

use super::{EPS_BITS, Guarantee, Mechanism, Neighbouring, PrivacyCost, dyadic_lower_epsilon};
use crate::NoiseSource;
use crate::samplers::{bernoulli_exp_neg, uniform_below};

/// k-ary randomized response: report the true category with probability
/// e^ε/(e^ε + k − 1), otherwise a uniformly chosen other category.
///
/// # Examples
/// ```
/// use rai_privacy::{RandomizedResponse, Mechanism, NoiseSource};
/// let rr = RandomizedResponse::binary(1.0)?;
/// let answer = rr.release(&1, &mut NoiseSource::secure()?)?;
/// assert!(answer < 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// Bad ε, fewer than 2 categories, or an input category ≥ k.
///
/// # Formula
/// Exact: propose j uniformly in 0..k; accept j = x always, j ≠ x with probability
/// e^-ε' (ε' = ε rounded down to a multiple of 2^-40), so P(x) ∝ 1, P(j) ∝ e^-ε'.
///
/// # Privacy guarantee
/// ε-local DP for one individual's category.
///
/// # References
/// Warner (1965); Kairouz, Oh, Viswanath (2014).
#[derive(Debug, Clone)]
pub struct RandomizedResponse {
    epsilon: f64,
    eps_num: u128,
    k: usize,
}

impl RandomizedResponse {
    /// k-ary randomized response.
    ///
    /// # Errors
    /// See the type docs.
    pub fn new(k: usize, epsilon: f64) -> Result<Self> {
        super::positive("epsilon", epsilon)?;
        if k < 2 {
            return Err(Error::invalid_parameter("k", k, "at least 2 categories"));
        }
        Ok(RandomizedResponse {
            epsilon,
            eps_num: dyadic_lower_epsilon(epsilon)?,
            k,
        })
    }

    /// Binary randomized response (k = 2).
    ///
    /// # Errors
    /// Bad ε.
    pub fn binary(epsilon: f64) -> Result<Self> {
        Self::new(2, epsilon)
    }

    /// Probability of reporting the true category.
    pub fn truth_probability(&self) -> f64 {
        let e = self.epsilon.exp();
        e / (e + self.k as f64 - 1.0)
    }
}

impl Mechanism for RandomizedResponse {
    type Input = usize;
    type Output = usize;

    fn guarantee(&self) -> Guarantee {
        Guarantee {
            releases: format!("one category in 0..{}", self.k),
            cost: PrivacyCost::Pure {
                epsilon: self.epsilon,
            },
            neighbouring: Neighbouring::LocalInput,
        }
    }

    fn release(&self, input: &usize, noise: &mut NoiseSource) -> Result<usize> {
        if *input >= self.k {
            return Err(Error::invalid_parameter(
                "category",
                input,
                format!("a category in 0..{}", self.k),
            ));
        }
        loop {
            let j = uniform_below(noise, self.k as u64) as usize;
            if j == *input || bernoulli_exp_neg(noise, self.eps_num, 1u128 << EPS_BITS) {
                return Ok(j);
            }
        }
    }
}
