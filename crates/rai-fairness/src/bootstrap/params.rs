//! Bootstrap hyperparameters.

use rai_core::{Error, Result};
use serde::Serialize;

/// Bootstrap settings: number of resamples, seed and confidence level.
///
/// # Examples
/// ```
/// use rai_fairness::BootstrapParams;
/// let p = BootstrapParams::new(1000, 7)?.with_level(0.9)?;
/// assert_eq!(p.resamples(), 1000);
/// assert!(BootstrapParams::new(0, 7).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BootstrapParams {
    resamples: usize,
    seed: u64,
    level: f64,
}

impl BootstrapParams {
    /// `resamples` replicates seeded with `seed`, 95 % intervals.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for `resamples = 0`.
    pub fn new(resamples: usize, seed: u64) -> Result<Self> {
        if resamples == 0 {
            return Err(Error::invalid_parameter(
                "bootstrap resamples",
                resamples,
                "at least 1",
            ));
        }
        Ok(Self {
            resamples,
            seed,
            level: 0.95,
        })
    }

    /// Sets the confidence level.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] unless `0 < level < 1`.
    pub fn with_level(mut self, level: f64) -> Result<Self> {
        if !(level > 0.0 && level < 1.0) {
            return Err(Error::invalid_parameter(
                "confidence level",
                level,
                "a number strictly between 0 and 1",
            ));
        }
        self.level = level;
        Ok(self)
    }

    /// Number of replicates.
    pub fn resamples(&self) -> usize {
        self.resamples
    }
    /// Seed of the replicate streams.
    pub fn seed(&self) -> u64 {
        self.seed
    }
    /// Confidence level.
    pub fn level(&self) -> f64 {
        self.level
    }
}
