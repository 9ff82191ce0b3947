//! Differential privacy that is correct on real computers: exact integer samplers
//! (no floating-point noise), floating-point-safe Laplace/Gaussian releases, selection
//! mechanisms, DP aggregates over a [`rai_core::Table`] and privacy accountants as tight
//! as Google's dp_accounting.
//!
//! # Overview
//! - [`samplers`]: exact Bernoulli(exp(−γ)), discrete Laplace, discrete Gaussian
//!   (Canonne–Kamath–Steinke 2020), all noise drawn from a [`NoiseSource`] (the OS-seeded
//!   ChaCha20 CSPRNG of `rai_core::rng::SecureRng`; never seedable outside tests).
//! - [`mechanisms`]: the [`Mechanism`] trait (each mechanism states what it releases, its
//!   [`PrivacyCost`] and its [`Neighbouring`] relation) and [`LaplaceMechanism`],
//!   [`GaussianMechanism`], [`DiscreteLaplace`], [`DiscreteGaussian`],
//!   [`ExponentialMechanism`], [`PermuteAndFlip`]/[`ReportNoisyMax`],
//!   [`RandomizedResponse`], [`AboveThreshold`]; [`analytic_gaussian_sigma`].
//! - [`aggregates`]: count, sum, mean, variance, histograms and quantiles of a table
//!   column with clamping, fixed-point sums, contribution bounding and group-by.
//! - [`accounting`]: basic/advanced/optimal composition, RDP, zCDP and PLD accountants,
//!   and the [`accounting::PrivacyFilter`] budget odometer.
//!
//! # Features
//! - `test-rng` (off): exposes a seeded, NOT private noise source for distribution tests.
//!
//! # Example
//! ```
//! use rai_privacy::{LaplaceMechanism, Mechanism, NoiseSource, PrivacyCost};
//! use rai_privacy::accounting::{DpEvent, RdpAccountant};
//!
//! let mech = LaplaceMechanism::new(1.0, 0.5)?;
//! assert_eq!(mech.guarantee().cost, PrivacyCost::Pure { epsilon: 0.5 });
//! let noisy = mech.release(&42.0, &mut NoiseSource::secure()?)?;
//! assert!(noisy.is_finite());
//!
//! let mut acc = RdpAccountant::default();
//! acc.compose(&DpEvent::dp_sgd(1.1, 0.01, 1000))?;
//! assert!(acc.epsilon(1e-5)? < 2.0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod accounting;
pub mod aggregates;
pub mod mechanisms;
pub mod samplers;

pub use mechanisms::{
    AboveThreshold, DiscreteGaussian, DiscreteLaplace, ExponentialMechanism, GaussianMechanism,
    Guarantee, LaplaceMechanism, Mechanism, Neighbouring, PermuteAndFlip, PrivacyCost,
    RandomizedResponse, ReportNoisyMax, analytic_gaussian_sigma,
};
pub use samplers::NoiseSource;
