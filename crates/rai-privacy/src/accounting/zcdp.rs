//! zero-Concentrated DP accountant (Bun & Steinke 2016).

use rai_core::Result;

use super::{DpEvent, check_delta, check_noise, unsupported};

/// ε at δ for ρ-zCDP, with the conversion of Canonne, Kamath, Steinke (2020),
/// Corollary 13 (minimised over α > 1), never worse than ρ + 2√(ρ ln(1/δ)).
///
/// # Formula
/// ε = min_α αρ + (ln(1/δ) + (α − 1) ln(1 − 1/α) − ln α)/(α − 1).
pub fn zcdp_to_epsilon(rho: f64, delta: f64) -> f64 {
    if rho <= 0.0 {
        return 0.0;
    }
    let f = |a: f64| {
        a * rho + ((1.0 / delta).ln() + (a - 1.0) * (-1.0 / a).ln_1p() - a.ln()) / (a - 1.0)
    };
    // The objective is convex in α; golden-section search on ln(α − 1).
    let (mut lo, mut hi) = (-20.0f64, 30.0f64);
    let g = |x: f64| f(1.0 + x.exp());
    let phi = (5f64.sqrt() - 1.0) / 2.0;
    for _ in 0..200 {
        let m1 = hi - phi * (hi - lo);
        let m2 = lo + phi * (hi - lo);
        if g(m1) < g(m2) {
            hi = m2;
        } else {
            lo = m1;
        }
    }
    let simple = rho + 2.0 * (rho * (1.0 / delta).ln()).sqrt();
    g(0.5 * (lo + hi)).min(simple).max(0.0)
}

fn event_rho(ev: &DpEvent) -> Result<f64> {
    Ok(match ev {
        DpEvent::Gaussian { noise_multiplier } | DpEvent::DiscreteGaussian { noise_multiplier } => {
            let s = check_noise(*noise_multiplier)?;
            1.0 / (2.0 * s * s)
        }
        DpEvent::Laplace { noise_multiplier } => {
            let e = 1.0 / check_noise(*noise_multiplier)?;
            e * e / 2.0
        }
        DpEvent::Pure { epsilon } | DpEvent::RandomizedResponse { epsilon, .. } => {
            let e = rai_core::error::ensure_positive("epsilon", *epsilon)?;
            e * e / 2.0
        }
        DpEvent::Exponential { epsilon } => {
            let e = rai_core::error::ensure_positive("epsilon", *epsilon)?;
            e * e / 8.0
        }
        DpEvent::SelfComposed { event, count } => *count as f64 * event_rho(event)?,
        DpEvent::Composed(list) => {
            let mut s = 0.0;
            for e in list {
                s += event_rho(e)?;
            }
            s
        }
        DpEvent::PoissonSampled { .. } => return Err(unsupported("zCDP", ev)),
    })
}

/// A zCDP accountant: ρ adds up under composition.
///
/// # Examples
/// ```
/// use rai_privacy::accounting::{DpEvent, ZcdpAccountant};
/// let mut acc = ZcdpAccountant::default();
/// acc.compose(&DpEvent::Gaussian { noise_multiplier: 2.0 })?;
/// assert_eq!(acc.rho(), 0.125);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// Bad parameters; Poisson subsampling (zCDP has no tight amplification by subsampling).
///
/// # References
/// Bun & Steinke (2016); Canonne, Kamath, Steinke (2020) for the discrete Gaussian.
#[derive(Debug, Clone, Default)]
pub struct ZcdpAccountant {
    rho: f64,
}

impl ZcdpAccountant {
    /// Composes an event.
    ///
    /// # Errors
    /// See the type docs.
    pub fn compose(&mut self, ev: &DpEvent) -> Result<&mut Self> {
        self.rho += event_rho(ev)?;
        Ok(self)
    }

    /// ρ so far.
    pub fn rho(&self) -> f64 {
        self.rho
    }

    /// ε at δ.
    ///
    /// # Errors
    /// A bad δ.
    pub fn epsilon(&self, delta: f64) -> Result<f64> {
        Ok(zcdp_to_epsilon(self.rho, check_delta(delta)?))
    }
}
