//! Privacy accounting: composition theorems, RDP, zCDP and PLD accountants, and a
//! budget filter (odometer).
//!
//! [`DpEvent`] describes what was run; each accountant composes events and converts to
//! (ε, δ). The exponential mechanism and randomized response are events too.

mod composition;
mod fft;
mod odometer;
mod pld;
mod rdp;
#[cfg(test)]
mod tests;
mod zcdp;

pub use composition::{advanced_composition, basic_composition, optimal_homogeneous_composition};
pub use odometer::PrivacyFilter;
pub use pld::{PldAccountant, PldPmf};
pub use rdp::{RdpAccountant, default_rdp_orders, rdp_to_epsilon};
pub use zcdp::{ZcdpAccountant, zcdp_to_epsilon};

use rai_core::{Error, Result};

/// An accounting event (what a mechanism did), in the style of dp_accounting's DpEvent.
#[derive(Debug, Clone, PartialEq)]
pub enum DpEvent {
    /// Gaussian mechanism with σ = `noise_multiplier` × L2 sensitivity.
    Gaussian {
        /// σ / Δ.
        noise_multiplier: f64,
    },
    /// Discrete Gaussian with σ = `noise_multiplier` × (integer) sensitivity.
    DiscreteGaussian {
        /// σ / Δ.
        noise_multiplier: f64,
    },
    /// Laplace mechanism with scale b = `noise_multiplier` × L1 sensitivity (ε = 1/b).
    Laplace {
        /// b / Δ.
        noise_multiplier: f64,
    },
    /// Poisson subsampling with rate `sampling_rate` before the inner event.
    PoissonSampled {
        /// Sampling probability q in [0, 1].
        sampling_rate: f64,
        /// The event applied to the sample.
        event: Box<DpEvent>,
    },
    /// The exponential mechanism with privacy ε (ε-bounded range).
    Exponential {
        /// ε.
        epsilon: f64,
    },
    /// k-ary randomized response with privacy ε.
    RandomizedResponse {
        /// ε.
        epsilon: f64,
        /// Number of categories.
        k: usize,
    },
    /// Any ε-DP mechanism.
    Pure {
        /// ε.
        epsilon: f64,
    },
    /// `count` repetitions of an event.
    SelfComposed {
        /// The repeated event.
        event: Box<DpEvent>,
        /// Repetitions.
        count: u64,
    },
    /// Sequential composition of events.
    Composed(Vec<DpEvent>),
}

impl DpEvent {
    /// DP-SGD: `steps` repetitions of a Poisson-subsampled Gaussian.
    pub fn dp_sgd(noise_multiplier: f64, sampling_rate: f64, steps: u64) -> DpEvent {
        let inner = DpEvent::Gaussian { noise_multiplier };
        let ev = if sampling_rate >= 1.0 {
            inner
        } else {
            DpEvent::PoissonSampled {
                sampling_rate,
                event: Box::new(inner),
            }
        };
        DpEvent::SelfComposed {
            event: Box::new(ev),
            count: steps,
        }
    }
}

pub(crate) fn check_noise(v: f64) -> Result<f64> {
    rai_core::error::ensure_positive("noise_multiplier", v)
}

pub(crate) fn check_rate(q: f64) -> Result<f64> {
    if q.is_finite() && q > 0.0 && q <= 1.0 {
        Ok(q)
    } else {
        Err(Error::invalid_parameter(
            "sampling_rate",
            q,
            "a number in (0, 1]",
        ))
    }
}

pub(crate) fn check_delta(d: f64) -> Result<f64> {
    if d.is_finite() && d > 0.0 && d < 1.0 {
        Ok(d)
    } else {
        Err(Error::invalid_parameter("delta", d, "a number in (0, 1)"))
    }
}

pub(crate) fn unsupported(acc: &str, ev: &DpEvent) -> Error {
    Error::unsupported(format!("the {acc} accountant cannot account for {ev:?}"))
}
