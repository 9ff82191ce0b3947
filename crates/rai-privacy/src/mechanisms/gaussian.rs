//! Gaussian mechanisms: floating-point-safe real-valued Gaussian (discrete Gaussian on a
//! power-of-two grid), the discrete Gaussian for integer queries, and analytic Gaussian
//! calibration.

use rai_core::{Error, Result};
use statrs::function::erf::erfc;

use super::{
    Guarantee, Mechanism, Neighbouring, PrivacyCost, check_delta, grid_exponent, positive,
    scale_pow2, to_grid,
};
use crate::NoiseSource;
use crate::samplers::discrete_gaussian;

fn phi(x: f64) -> f64 {
    0.5 * erfc(-x / std::f64::consts::SQRT_2)
}

/// δ of the continuous Gaussian mechanism with std `sigma`, sensitivity `sens`, at ε.
fn gaussian_delta(sigma: f64, sens: f64, eps: f64) -> f64 {
    let a = sens / (2.0 * sigma);
    let b = eps * sigma / sens;
    phi(a - b) - eps.exp() * phi(-a - b)
}

/// The smallest σ for which the Gaussian mechanism with L2 sensitivity `sensitivity` is
/// (ε, δ)-DP (analytic Gaussian mechanism).
///
/// # Examples
/// ```
/// let s = rai_privacy::analytic_gaussian_sigma(1.0, 1e-5, 1.0)?;
/// assert!(s > 3.0 && s < 4.5);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// `InvalidParameter` for a bad ε, δ or sensitivity.
///
/// # Formula
/// σ solves Φ(Δ/(2σ) − εσ/Δ) − e^ε Φ(−Δ/(2σ) − εσ/Δ) = δ (bisection; the returned σ is on
/// the safe side of the root).
///
/// # References
/// Balle & Wang (2018), "Improving the Gaussian Mechanism for Differential Privacy:
/// Analytical Calibration and Optimal Denoising", Theorem 8.
pub fn analytic_gaussian_sigma(epsilon: f64, delta: f64, sensitivity: f64) -> Result<f64> {
    let epsilon = positive("epsilon", epsilon)?;
    let delta = check_delta(delta)?;
    let sensitivity = positive("sensitivity", sensitivity)?;
    let mut lo = 1e-6 * sensitivity;
    let mut hi = sensitivity;
    while gaussian_delta(hi, sensitivity, epsilon) > delta {
        hi *= 2.0;
        if hi > 1e12 * sensitivity {
            return Err(Error::invalid_parameter("delta", delta, "a larger delta"));
        }
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if gaussian_delta(mid, sensitivity, epsilon) > delta {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Ok(hi)
}

/// δ(ε) of the discrete Gaussian with variance parameter `sigma2` and integer sensitivity
/// `sens`: P[Z > εσ²/Δ − Δ/2] − e^ε P[Z > εσ²/Δ + Δ/2] (CKS 2020, Theorem 7).
pub(crate) fn discrete_gaussian_delta(sigma2: f64, sens: f64, eps: f64) -> f64 {
    let sigma = sigma2.sqrt();
    let n = (40.0 * sigma + 10.0).ceil() as i64;
    let w = |y: i64| (-(y as f64).powi(2) / (2.0 * sigma2)).exp();
    let total: f64 = (-n..=n).map(w).sum();
    let tail = |c: f64| -> f64 {
        let start = c.floor() as i64 + 1;
        (start.max(-n)..=n).map(w).sum::<f64>() / total
    };
    let c = eps * sigma2 / sens;
    (tail(c - sens / 2.0) - eps.exp() * tail(c + sens / 2.0)).max(0.0)
}

/// The Gaussian mechanism for a real-valued query, floating-point safe, calibrated with
/// the analytic Gaussian mechanism.
///
/// # Examples
/// ```
/// use rai_privacy::{GaussianMechanism, Mechanism, NoiseSource};
/// let m = GaussianMechanism::new(1.0, 1.0, 1e-6)?;
/// let y = m.release(&3.5, &mut NoiseSource::secure()?)?;
/// assert!(y.is_finite());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// `InvalidParameter` for a bad sensitivity, ε or δ.
///
/// # Formula
/// σ₀ from [`analytic_gaussian_sigma`]; grid 2^k with σ₀/2^k ∈ [2^10, 2^11); sensitivity
/// Δ_g = floor(Δ/2^k) + 1 grid steps; σ_g calibrated for Δ_g, σ_g² rounded up to a
/// multiple of 2^-20, then raised until the exact discrete-Gaussian δ(ε) (CKS Theorem 7)
/// is at most δ. Output = 2^k (round(x/2^k) + Z), Z ~ discrete Gaussian(σ_g²).
///
/// # Privacy guarantee
/// (ε, δ)-DP and Δ_g²/(2σ_g²)-zCDP for queries with L2 sensitivity Δ.
///
/// # References
/// Balle & Wang (2018); Canonne, Kamath, Steinke (2020).
#[derive(Debug, Clone)]
pub struct GaussianMechanism {
    sensitivity: f64,
    epsilon: f64,
    delta: f64,
    k: i32,
    sens_steps: f64,
    sigma2_num: u128,
}

const SIGMA2_DEN_BITS: i32 = 20;

impl GaussianMechanism {
    /// A Gaussian mechanism with L2 `sensitivity`, calibrated for (ε, δ).
    ///
    /// # Errors
    /// See the type docs.
    pub fn new(sensitivity: f64, epsilon: f64, delta: f64) -> Result<Self> {
        let sensitivity = positive("sensitivity", sensitivity)?;
        let sigma0 = analytic_gaussian_sigma(epsilon, delta, sensitivity)?;
        let k = grid_exponent(sigma0, 10);
        let sens_steps = scale_pow2(sensitivity, -k).floor() + 1.0;
        let mut sigma_g = analytic_gaussian_sigma(epsilon, delta, sens_steps)?;
        let mut sigma2_num;
        let mut tries = 0;
        loop {
            sigma2_num = (sigma_g * sigma_g * 2f64.powi(SIGMA2_DEN_BITS)).ceil() as u128;
            let s2 = sigma2_num as f64 / 2f64.powi(SIGMA2_DEN_BITS);
            if discrete_gaussian_delta(s2, sens_steps, epsilon) <= delta {
                break;
            }
            sigma_g *= 1.0001;
            tries += 1;
            if tries > 1000 {
                return Err(Error::Guarantee {
                    what: "could not calibrate the discrete Gaussian".into(),
                });
            }
        }
        Ok(GaussianMechanism {
            sensitivity,
            epsilon,
            delta,
            k,
            sens_steps,
            sigma2_num,
        })
    }

    /// The effective noise standard deviation parameter σ (in query units).
    pub fn sigma(&self) -> f64 {
        scale_pow2(
            (self.sigma2_num as f64 / 2f64.powi(SIGMA2_DEN_BITS)).sqrt(),
            self.k,
        )
    }

    /// ρ of the zCDP guarantee.
    pub fn rho(&self) -> f64 {
        let s2 = self.sigma2_num as f64 / 2f64.powi(SIGMA2_DEN_BITS);
        self.sens_steps * self.sens_steps / (2.0 * s2)
    }

    /// Grid exponent k.
    pub fn grid_exponent(&self) -> i32 {
        self.k
    }

    /// Half-width of the central 95% interval of the noise (normal approximation, 1.96σ,
    /// rounded up to the grid).
    pub fn ci95_half_width(&self) -> f64 {
        let s = (self.sigma2_num as f64 / 2f64.powi(SIGMA2_DEN_BITS)).sqrt();
        scale_pow2((1.959_964 * s).ceil(), self.k)
    }

    /// One noise draw in grid steps.
    pub fn sample_steps(&self, noise: &mut NoiseSource) -> i64 {
        discrete_gaussian(noise, self.sigma2_num, 1u128 << SIGMA2_DEN_BITS)
    }
}

impl Mechanism for GaussianMechanism {
    type Input = f64;
    type Output = f64;

    fn guarantee(&self) -> Guarantee {
        Guarantee {
            releases: "a real number on the grid 2^k: round(x) + discrete Gaussian noise".into(),
            cost: PrivacyCost::Approximate {
                epsilon: self.epsilon,
                delta: self.delta,
            },
            neighbouring: Neighbouring::Sensitivity {
                norm: "l2",
                sensitivity: self.sensitivity,
            },
        }
    }

    fn release(&self, input: &f64, noise: &mut NoiseSource) -> Result<f64> {
        let x = to_grid(*input, self.k)?;
        Ok(scale_pow2(
            x.saturating_add(self.sample_steps(noise)) as f64,
            self.k,
        ))
    }
}

/// The discrete Gaussian mechanism for integer queries.
///
/// # Examples
/// ```
/// use rai_privacy::{DiscreteGaussian, Mechanism, NoiseSource};
/// let m = DiscreteGaussian::new(1, 5.0)?;
/// assert!((m.rho() - 0.02).abs() < 1e-9);
/// let _y = m.release(&7, &mut NoiseSource::secure()?)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// `InvalidParameter` for zero sensitivity or a bad σ (σ > 2^30 is refused).
///
/// # Privacy guarantee
/// Δ²/(2σ²)-zCDP for integer queries with L2 sensitivity Δ (CKS 2020, Theorem 4).
///
/// # References
/// Canonne, Kamath, Steinke (2020), Algorithm 3.
#[derive(Debug, Clone)]
pub struct DiscreteGaussian {
    sensitivity: u64,
    sigma2_num: u128,
    sigma2_den: u128,
}

impl DiscreteGaussian {
    /// A discrete Gaussian mechanism with integer `sensitivity` and noise parameter `sigma`
    /// (σ² is rounded up to a dyadic rational).
    ///
    /// # Errors
    /// See the type docs.
    pub fn new(sensitivity: u64, sigma: f64) -> Result<Self> {
        if sensitivity == 0 {
            return Err(Error::invalid_parameter(
                "sensitivity",
                0,
                "an integer of at least 1",
            ));
        }
        let sigma = positive("sigma", sigma)?;
        if !(2f64.powi(-20)..=2f64.powi(30)).contains(&sigma) {
            return Err(Error::invalid_parameter(
                "sigma",
                sigma,
                "a value in [2^-20, 2^30]",
            ));
        }
        let s2 = sigma * sigma;
        let bits = (44 - s2.log2().ceil() as i32).clamp(0, 100);
        let den = 1u128 << bits;
        let num = (s2 * 2f64.powi(bits)).ceil() as u128;
        Ok(DiscreteGaussian {
            sensitivity,
            sigma2_num: num,
            sigma2_den: den,
        })
    }

    /// ρ = Δ²/(2σ²).
    pub fn rho(&self) -> f64 {
        let s2 = self.sigma2_num as f64 / self.sigma2_den as f64;
        (self.sensitivity as f64).powi(2) / (2.0 * s2)
    }

    /// σ (after rounding σ² up).
    pub fn sigma(&self) -> f64 {
        (self.sigma2_num as f64 / self.sigma2_den as f64).sqrt()
    }

    /// One noise draw.
    pub fn sample(&self, noise: &mut NoiseSource) -> i64 {
        discrete_gaussian(noise, self.sigma2_num, self.sigma2_den)
    }
}

impl Mechanism for DiscreteGaussian {
    type Input = i64;
    type Output = i64;

    fn guarantee(&self) -> Guarantee {
        Guarantee {
            releases: "an integer: x + discrete Gaussian noise".into(),
            cost: PrivacyCost::Zcdp { rho: self.rho() },
            neighbouring: Neighbouring::Sensitivity {
                norm: "l2",
                sensitivity: self.sensitivity as f64,
            },
        }
    }

    fn release(&self, input: &i64, noise: &mut NoiseSource) -> Result<i64> {
        Ok(input.saturating_add(self.sample(noise)))
    }
}
