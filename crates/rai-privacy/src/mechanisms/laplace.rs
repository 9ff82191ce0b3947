//! Laplace mechanisms: floating-point-safe real-valued Laplace (on a power-of-two grid)
//! and the discrete Laplace (two-sided geometric) mechanism for integer queries.

use rai_core::Result;

use super::{
    Guarantee, Mechanism, Neighbouring, PrivacyCost, discrete_laplace_quantile, dyadic_upper,
    grid_exponent, positive, scale_pow2, to_grid,
};
use crate::NoiseSource;
use crate::samplers::discrete_laplace;

/// The Laplace mechanism for a real-valued query, floating-point safe.
///
/// # Examples
/// ```
/// use rai_privacy::{LaplaceMechanism, Mechanism, NoiseSource};
/// let m = LaplaceMechanism::new(1.0, 0.5)?;
/// let y = m.release(&10.0, &mut NoiseSource::secure()?)?;
/// assert!(y.is_finite());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// `InvalidParameter` for sensitivity or ε that is zero, negative, NaN or infinite.
///
/// # Formula
/// With b = Δ/ε, grid 2^k where b/2^k ∈ [2^20, 2^21), integer sensitivity
/// Δ_g = floor(Δ/2^k) + 1 grid steps and integer scale T = ceil(Δ_g / ε) grid steps:
/// output = 2^k (round(x / 2^k) + Y), Y ~ discrete Laplace(T).
///
/// # Privacy guarantee
/// ε-DP for queries with L1 sensitivity Δ (the rounding to the grid is accounted for in
/// Δ_g, and T ≥ Δ_g/ε).
///
/// # References
/// Mironov (2012), "On significance of the least significant bits for differential
/// privacy"; Canonne, Kamath, Steinke (2020); OpenDP's discrete-noise-on-a-grid design.
#[derive(Debug, Clone)]
pub struct LaplaceMechanism {
    sensitivity: f64,
    epsilon: f64,
    k: i32,
    scale_steps: u64,
}

impl LaplaceMechanism {
    /// A Laplace mechanism with L1 `sensitivity` and privacy `epsilon`.
    ///
    /// # Errors
    /// See the type docs.
    pub fn new(sensitivity: f64, epsilon: f64) -> Result<Self> {
        let sensitivity = positive("sensitivity", sensitivity)?;
        let epsilon = positive("epsilon", epsilon)?;
        let b = sensitivity / epsilon;
        positive("scale (sensitivity / epsilon)", b)?;
        let k = grid_exponent(b, 20);
        let steps = (scale_pow2(sensitivity, -k)).floor() + 1.0;
        let (t, _) = dyadic_upper("scale", steps / epsilon, 0)?;
        let mut t = t;
        while (t as f64) * epsilon < steps {
            t += 1;
        }
        Ok(LaplaceMechanism {
            sensitivity,
            epsilon,
            k,
            scale_steps: t,
        })
    }

    /// The grid exponent k (outputs are multiples of 2^k).
    pub fn grid_exponent(&self) -> i32 {
        self.k
    }

    /// The effective noise scale (≥ Δ/ε).
    pub fn scale(&self) -> f64 {
        scale_pow2(self.scale_steps as f64, self.k)
    }

    /// Half-width of the central 95% interval of the noise.
    pub fn ci95_half_width(&self) -> f64 {
        scale_pow2(
            discrete_laplace_quantile(self.scale_steps as f64, 0.05),
            self.k,
        )
    }

    /// One noise draw in grid steps (used by the benches and tests).
    pub fn sample_steps(&self, noise: &mut NoiseSource) -> i64 {
        discrete_laplace(noise, self.scale_steps, 1)
    }
}

impl Mechanism for LaplaceMechanism {
    type Input = f64;
    type Output = f64;

    fn guarantee(&self) -> Guarantee {
        Guarantee {
            releases: "a real number on the grid 2^k: round(x) + discrete Laplace noise".into(),
            cost: PrivacyCost::Pure {
                epsilon: self.epsilon,
            },
            neighbouring: Neighbouring::Sensitivity {
                norm: "l1",
                sensitivity: self.sensitivity,
            },
        }
    }

    fn release(&self, input: &f64, noise: &mut NoiseSource) -> Result<f64> {
        let x = to_grid(*input, self.k)?;
        let y = discrete_laplace(noise, self.scale_steps, 1);
        Ok(scale_pow2(x.saturating_add(y) as f64, self.k))
    }
}

/// The discrete Laplace (two-sided geometric) mechanism for integer queries.
///
/// # Examples
/// ```
/// use rai_privacy::{DiscreteLaplace, Mechanism, NoiseSource};
/// let m = DiscreteLaplace::new(1, 1.0)?;
/// let y: i64 = m.release(&100, &mut NoiseSource::secure()?)?;
/// # let _ = y;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// `InvalidParameter` for zero sensitivity or a bad ε.
///
/// # Formula
/// P(Y = y) ∝ exp(-|y| / b) with b = t/2^j ≥ Δ/ε (a dyadic rational rounded up).
///
/// # Privacy guarantee
/// ε-DP for integer queries with L1 sensitivity Δ.
///
/// # References
/// Ghosh, Roughgarden, Sundararajan (2009); Canonne, Kamath, Steinke (2020), Algorithm 2.
#[derive(Debug, Clone)]
pub struct DiscreteLaplace {
    sensitivity: u64,
    epsilon: f64,
    t: u64,
    s: u64,
}

impl DiscreteLaplace {
    /// A discrete Laplace mechanism with integer L1 `sensitivity` and privacy `epsilon`.
    ///
    /// # Errors
    /// See the type docs.
    pub fn new(sensitivity: u64, epsilon: f64) -> Result<Self> {
        if sensitivity == 0 {
            return Err(rai_core::Error::invalid_parameter(
                "sensitivity",
                0,
                "an integer of at least 1",
            ));
        }
        let epsilon = positive("epsilon", epsilon)?;
        let b = sensitivity as f64 / epsilon;
        let (mut t, j) = dyadic_upper("scale", b, 20)?;
        let s = 1u64 << j.min(62);
        while (t as f64) * epsilon < (sensitivity as f64) * (s as f64) {
            t += 1;
        }
        Ok(DiscreteLaplace {
            sensitivity,
            epsilon,
            t,
            s,
        })
    }

    /// The noise scale t/s (≥ Δ/ε).
    pub fn scale(&self) -> f64 {
        self.t as f64 / self.s as f64
    }

    /// Half-width of the central 95% interval of the noise (an integer).
    pub fn ci95_half_width(&self) -> f64 {
        discrete_laplace_quantile(self.scale(), 0.05)
    }

    /// Half-width with coverage `1 - alpha`.
    pub fn half_width(&self, alpha: f64) -> f64 {
        discrete_laplace_quantile(self.scale(), alpha)
    }

    /// One noise draw.
    pub fn sample(&self, noise: &mut NoiseSource) -> i64 {
        discrete_laplace(noise, self.t, self.s)
    }
}

impl Mechanism for DiscreteLaplace {
    type Input = i64;
    type Output = i64;

    fn guarantee(&self) -> Guarantee {
        Guarantee {
            releases: "an integer: x + discrete Laplace noise".into(),
            cost: PrivacyCost::Pure {
                epsilon: self.epsilon,
            },
            neighbouring: Neighbouring::Sensitivity {
                norm: "l1",
                sensitivity: self.sensitivity as f64,
            },
        }
    }

    fn release(&self, input: &i64, noise: &mut NoiseSource) -> Result<i64> {
        Ok(input.saturating_add(self.sample(noise)))
    }
}
