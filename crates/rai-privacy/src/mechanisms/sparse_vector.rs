//! The sparse vector technique: AboveThreshold on integer queries.

use rai_core::{Error, Result};

use super::{DiscreteLaplace, Guarantee, Mechanism, Neighbouring, PrivacyCost};
use crate::NoiseSource;

/// AboveThreshold: the index of the first query whose noisy value reaches a noisy
/// threshold (or `None`), for a stream of integer queries each of sensitivity Δ.
///
/// # Examples
/// ```
/// use rai_privacy::{AboveThreshold, Mechanism, NoiseSource};
/// let svt = AboveThreshold::new(1.0, 1, 50)?;
/// let hit = svt.release(&[1, 2, 1000, 3][..], &mut NoiseSource::secure()?)?;
/// # let _ = hit;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// Bad ε or zero sensitivity.
///
/// # Formula
/// ρ̂ = T + Lap(2Δ/ε); answer the first i with q_i + Lap(4Δ/ε) ≥ ρ̂ (discrete Laplace noise).
///
/// # Privacy guarantee
/// ε-DP for the whole stream (however long), releasing one index.
///
/// # References
/// Dwork & Roth (2014), Algorithm 1; Lyu, Su, Li (2017).
#[derive(Debug, Clone)]
pub struct AboveThreshold {
    epsilon: f64,
    sensitivity: u64,
    threshold: i64,
    threshold_noise: DiscreteLaplace,
    query_noise: DiscreteLaplace,
}

impl AboveThreshold {
    /// AboveThreshold with privacy `epsilon`, query sensitivity and threshold.
    ///
    /// # Errors
    /// See the type docs.
    pub fn new(epsilon: f64, sensitivity: u64, threshold: i64) -> Result<Self> {
        if sensitivity == 0 {
            return Err(Error::invalid_parameter(
                "sensitivity",
                0,
                "an integer of at least 1",
            ));
        }
        super::positive("epsilon", epsilon)?;
        Ok(AboveThreshold {
            epsilon,
            sensitivity,
            threshold,
            // scale 2Δ/ε and 4Δ/ε.
            threshold_noise: DiscreteLaplace::new(sensitivity, epsilon / 2.0)?,
            query_noise: DiscreteLaplace::new(sensitivity, epsilon / 4.0)?,
        })
    }
}

impl Mechanism for AboveThreshold {
    type Input = [i64];
    type Output = Option<usize>;

    fn guarantee(&self) -> Guarantee {
        Guarantee {
            releases: "the index of the first query above the threshold, or none".into(),
            cost: PrivacyCost::Pure {
                epsilon: self.epsilon,
            },
            neighbouring: Neighbouring::Sensitivity {
                norm: "linf",
                sensitivity: self.sensitivity as f64,
            },
        }
    }

    fn release(&self, queries: &[i64], noise: &mut NoiseSource) -> Result<Option<usize>> {
        let t = i128::from(self.threshold) + i128::from(self.threshold_noise.sample(noise));
        for (i, q) in queries.iter().enumerate() {
            let v = i128::from(*q) + i128::from(self.query_noise.sample(noise));
            if v >= t {
                return Ok(Some(i));
            }
        }
        Ok(None)
    }
}
