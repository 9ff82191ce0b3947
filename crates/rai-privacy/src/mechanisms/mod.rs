//! Mechanisms: each carries its privacy guarantee next to its sampler.
//!
//! A [`Mechanism`] knows what it releases, what that costs ([`PrivacyCost`]) and under
//! which neighbouring relation ([`Neighbouring`]). All noise comes from a
//! [`NoiseSource`] (the OS-seeded CSPRNG) through the exact integer
//! samplers of [`crate::samplers`].
//!
//! # Floating-point safety (Mironov 2012)
//! Real-valued releases never add floating-point noise. The query value is rounded to a
//! power-of-two grid 2^k (k chosen from the noise scale: the scale is 2^20 to 2^21 grid
//! steps for Laplace, 2^10 to 2^11 for Gaussian), exact discrete Laplace / discrete
//! Gaussian noise is added in grid units with integer arithmetic, and the result is
//! multiplied back by 2^k. Rounding moves each value by at most half a step, so two
//! neighbouring query values differ by at most Δ + 2^k, i.e. by at most `floor(Δ/2^k) + 1`
//! whole grid steps; that integer is the sensitivity used for the guarantee (the scale is
//! raised accordingly, and rounded up to a whole number of grid steps). We chose the
//! grid + discrete-sampler design (as OpenDP) over the snapping mechanism because it gives
//! exact distributions with a tight, simple guarantee, and extends to the Gaussian.

mod exponential;
mod gaussian;
mod laplace;
mod randomized_response;
mod sparse_vector;
#[cfg(test)]
mod tests;

pub use exponential::{ExponentialMechanism, PermuteAndFlip, ReportNoisyMax};
pub use gaussian::{DiscreteGaussian, GaussianMechanism, analytic_gaussian_sigma};
pub use laplace::{DiscreteLaplace, LaplaceMechanism};
pub use randomized_response::RandomizedResponse;
pub use sparse_vector::AboveThreshold;

use rai_core::{Error, Result};
use serde::Serialize;

use crate::NoiseSource;

/// What a release costs.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PrivacyCost {
    /// ε-differential privacy.
    Pure {
        /// ε.
        epsilon: f64,
    },
    /// (ε, δ)-differential privacy.
    Approximate {
        /// ε.
        epsilon: f64,
        /// δ.
        delta: f64,
    },
    /// ρ-zero-concentrated differential privacy (Bun & Steinke 2016).
    Zcdp {
        /// ρ.
        rho: f64,
    },
}

impl PrivacyCost {
    /// The (ε, δ) pair of this cost; zCDP converts at `delta` (needed only for zCDP).
    pub fn epsilon_delta(&self, delta: f64) -> (f64, f64) {
        match *self {
            PrivacyCost::Pure { epsilon } => (epsilon, 0.0),
            PrivacyCost::Approximate { epsilon, delta } => (epsilon, delta),
            PrivacyCost::Zcdp { rho } => (crate::accounting::zcdp_to_epsilon(rho, delta), delta),
        }
    }
}

/// The neighbouring relation a guarantee holds under.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Neighbouring {
    /// Inputs (query values) that differ by at most `sensitivity` in the given norm.
    Sensitivity {
        /// "l1", "l2" or "linf".
        norm: &'static str,
        /// The bound.
        sensitivity: f64,
    },
    /// Datasets that differ by adding or removing one record.
    AddRemoveRecord,
    /// Datasets that differ by adding or removing all rows of one identifier, each
    /// identifier holding at most `max_contributions` rows after contribution bounding.
    AddRemoveIdentifier {
        /// Maximum rows kept per identifier.
        max_contributions: usize,
    },
    /// One individual's input (local model: randomized response).
    LocalInput,
}

/// A privacy guarantee: what is released, what it costs, under which relation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Guarantee {
    /// What the mechanism releases.
    pub releases: String,
    /// The privacy cost.
    pub cost: PrivacyCost,
    /// The neighbouring relation.
    pub neighbouring: Neighbouring,
}

/// A differentially private mechanism with its guarantee.
pub trait Mechanism {
    /// The (sensitive) input.
    type Input: ?Sized;
    /// The released output.
    type Output;
    /// The guarantee of one call to [`Mechanism::release`].
    fn guarantee(&self) -> Guarantee;
    /// Releases a noisy output.
    ///
    /// # Errors
    /// Invalid input (e.g. a non-finite query value or a value off the representable grid).
    fn release(&self, input: &Self::Input, noise: &mut NoiseSource) -> Result<Self::Output>;
}

/// Checks a finite, strictly positive parameter.
pub(crate) fn positive(name: &str, v: f64) -> Result<f64> {
    rai_core::error::ensure_positive(name, v)
}

/// Checks δ in (0, 1).
pub(crate) fn check_delta(v: f64) -> Result<f64> {
    if v.is_finite() && v > 0.0 && v < 1.0 {
        Ok(v)
    } else {
        Err(Error::invalid_parameter("delta", v, "a number in (0, 1)"))
    }
}

/// Upper rational approximation `t / 2^j >= x` of a positive finite `x` with
/// `t` in `[2^bits, 2^(bits+1)]` (or `j = 0` and `t = ceil(x)` for large `x`).
///
/// # Errors
/// When `x` is too large for 64-bit arithmetic or too small (< 2^-900).
pub(crate) fn dyadic_upper(name: &str, x: f64, bits: i32) -> Result<(u64, u32)> {
    if !(x.is_finite() && x > 0.0) || x > 2f64.powi(62) || x < 2f64.powi(-900) {
        return Err(Error::invalid_parameter(
            name,
            x,
            "a noise scale between 2^-900 and 2^62 (check epsilon and sensitivity)",
        ));
    }
    let e = x.log2().floor() as i32;
    let j = (bits - e).max(0);
    if j > 1000 {
        return Err(Error::invalid_parameter(name, x, "a larger noise scale"));
    }
    // x * 2^j is exact (power-of-two scaling), ceil is exact.
    let t = (x * 2f64.powi(j)).ceil();
    Ok((t as u64, j as u32))
}

/// `floor(2^bits * x)` as a dyadic lower approximation of ε, for exact exponents.
pub(crate) fn dyadic_lower_epsilon(x: f64) -> Result<u128> {
    let v = (x * 2f64.powi(EPS_BITS)).floor();
    if v.is_nan() || v < 1.0 || v > 2f64.powi(80) {
        return Err(Error::invalid_parameter(
            "epsilon",
            x,
            "a finite number between 2^-40 and 2^40",
        ));
    }
    Ok(v as u128)
}

/// Fractional bits of the dyadic ε used by exact exponential-family samplers.
pub(crate) const EPS_BITS: i32 = 40;

/// The power-of-two grid used for a real-valued release with noise scale `scale`.
/// Returns k such that `scale / 2^k` is in `[2^bits, 2^(bits+1))`.
pub(crate) fn grid_exponent(scale: f64, bits: i32) -> i32 {
    scale.log2().floor() as i32 - bits
}

/// Rounds `v` to the grid 2^k and returns the integer number of steps.
///
/// # Errors
/// Non-finite `v`, or `|v| / 2^k` beyond 2^62.
pub(crate) fn to_grid(v: f64, k: i32) -> Result<i64> {
    if !v.is_finite() {
        return Err(Error::NonFinite {
            what: "query value".into(),
            index: 0,
            value: v,
        });
    }
    let scaled = scale_pow2(v, -k).round();
    if scaled.abs() >= 2f64.powi(62) {
        return Err(Error::invalid_parameter(
            "query value",
            v,
            format!("a value below 2^62 grid steps of 2^{k}"),
        ));
    }
    Ok(scaled as i64)
}

/// `v * 2^e`, exact for normal numbers (splits large exponents).
pub(crate) fn scale_pow2(v: f64, e: i32) -> f64 {
    let mut out = v;
    let mut e = e;
    while e > 1000 {
        out *= 2f64.powi(1000);
        e -= 1000;
    }
    while e < -1000 {
        out *= 2f64.powi(-1000);
        e += 1000;
    }
    out * 2f64.powi(e)
}

/// The smallest m with P(|Y| >= m) <= alpha for a discrete Laplace with ratio
/// r = exp(-1/scale): P(|Y| >= m) = 2 r^m / (1 + r) for m >= 1.
pub(crate) fn discrete_laplace_quantile(scale: f64, alpha: f64) -> f64 {
    let ln_r = -1.0 / scale;
    let r = ln_r.exp();
    let m = ((alpha * (1.0 + r) / 2.0).ln() / ln_r).ceil();
    m.max(0.0)
}
