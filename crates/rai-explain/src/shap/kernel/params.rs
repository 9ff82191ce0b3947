//! Parameters of [`KernelShap`](super::KernelShap).

use rai_core::{Error, Result};

use super::KernelShap;

/// Builder for [`KernelShap`]: `KernelShap::params().n_samples(2048).seed(7).build()?`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KernelShapParams {
    n_samples: Option<usize>,
    seed: u64,
}

impl KernelShapParams {
    /// Number of coalitions evaluated per row (default: `2 * M + 2048`, capped at the
    /// `2^M - 2` non-trivial coalitions, in which case the result is exact).
    #[must_use]
    pub fn n_samples(mut self, n: usize) -> Self {
        self.n_samples = Some(n);
        self
    }

    /// Seed of the coalition sampler (default 0).
    #[must_use]
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Validates the parameters.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] when `n_samples` is 0.
    pub fn build(self) -> Result<KernelShap> {
        if self.n_samples == Some(0) {
            return Err(Error::invalid_parameter(
                "n_samples",
                0,
                "at least 1 coalition",
            ));
        }
        Ok(KernelShap {
            n_samples: self.n_samples,
            seed: self.seed,
        })
    }
}
