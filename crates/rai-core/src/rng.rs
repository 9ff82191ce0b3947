//! Randomness policy.
//!
//! Two kinds of generator, deliberately different types so one cannot be passed where the
//! other is required:
//!
//! - [`ReproRng`]: a seeded ChaCha20 generator for experiments (bootstrap, sampling,
//!   attacks, explainers). Same seed, same results, on every platform.
//! - [`SecureRng`]: a ChaCha20 CSPRNG seeded from the operating system, for privacy noise.
//!   It has **no** constructor that takes a seed: differential-privacy releases cannot be
//!   made reproducible (and therefore attackable) by accident.

use rand::{CryptoRng, RngCore, SeedableRng, TryRngCore};
use rand_chacha::ChaCha20Rng;

use crate::error::{Error, Result};

/// The reproducible generator used by every randomised algorithm in `rai`.
pub type ReproRng = ChaCha20Rng;

/// Creates the reproducible generator for `seed`.
///
/// # Examples
/// ```
/// use rand::Rng;
/// let mut a = rai_core::rng::seeded(7);
/// let mut b = rai_core::rng::seeded(7);
/// assert_eq!(a.random::<u64>(), b.random::<u64>());
/// ```
pub fn seeded(seed: u64) -> ReproRng {
    ChaCha20Rng::seed_from_u64(seed)
}

/// Derives an independent stream for task `index` (e.g. a row or a bootstrap replicate)
/// from one seed, so parallel work gives the same result whatever the thread count.
pub fn stream(seed: u64, index: u64) -> ReproRng {
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    rng.set_stream(index);
    rng
}

/// A cryptographically secure generator seeded from the operating system, for DP noise.
///
/// There is intentionally no way to seed it.
pub struct SecureRng(ChaCha20Rng);

impl SecureRng {
    /// Seeds a new generator from the operating system's entropy source.
    ///
    /// # Errors
    /// [`Error::Guarantee`] if the operating system cannot provide entropy.
    pub fn from_os() -> Result<Self> {
        let mut seed = [0u8; 32];
        rand::rngs::OsRng
            .try_fill_bytes(&mut seed)
            .map_err(|e| Error::Guarantee {
                what: format!("the operating system's entropy source failed: {e}"),
            })?;
        Ok(SecureRng(ChaCha20Rng::from_seed(seed)))
    }
}

impl std::fmt::Debug for SecureRng {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecureRng(<os-seeded>)")
    }
}

impl RngCore for SecureRng {
    fn next_u32(&mut self) -> u32 {
        self.0.next_u32()
    }
    fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        self.0.fill_bytes(dest);
    }
}

impl CryptoRng for SecureRng {}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    #[test]
    fn seeded_is_reproducible_and_streams_differ() {
        let a: Vec<u64> = (0..4)
            .map(|_| 0)
            .scan(seeded(1), |r, _: u64| Some(r.random()))
            .collect();
        let b: Vec<u64> = (0..4)
            .map(|_| 0)
            .scan(seeded(1), |r, _: u64| Some(r.random()))
            .collect();
        assert_eq!(a, b);
        assert_ne!(stream(1, 0).random::<u64>(), stream(1, 1).random::<u64>());
    }

    #[test]
    fn secure_rngs_differ() -> Result<()> {
        let mut a = SecureRng::from_os()?;
        let mut b = SecureRng::from_os()?;
        assert_ne!(a.next_u64(), b.next_u64());
        Ok(())
    }
}
