//! Parameters of [`PermutationShap`](super::PermutationShap).

use rai_core::{Error, Result};

use super::PermutationShap;

/// Builder for [`PermutationShap`]:
/// `PermutationShap::params().n_permutations(10).seed(7).build()?`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermutationShapParams {
    n_permutations: usize,
    seed: u64,
}

impl Default for PermutationShapParams {
    fn default() -> Self {
        PermutationShapParams {
            n_permutations: 10,
            seed: 0,
        }
    }
}

impl PermutationShapParams {
    /// Number of random permutations per row; each is used forwards and backwards
    /// (antithetic), so `2 * n_permutations` orderings are averaged (default 10).
    #[must_use]
    pub fn n_permutations(mut self, n: usize) -> Self {
        self.n_permutations = n;
        self
    }

    /// Seed (default 0); row `i` draws from stream `i` of the seed.
    #[must_use]
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Validates the parameters.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] when `n_permutations` is 0.
    pub fn build(self) -> Result<PermutationShap> {
        if self.n_permutations == 0 {
            return Err(Error::invalid_parameter(
                "n_permutations",
                0,
                "at least 1 permutation",
            ));
        }
        Ok(PermutationShap {
            n_permutations: self.n_permutations,
            seed: self.seed,
        })
    }
}
