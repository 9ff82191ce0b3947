//! The source of random bits for privacy noise.

use rai_core::Result;
use rai_core::rng::SecureRng;
use rand::RngCore;

/// The random-bit source of every mechanism: the OS-seeded CSPRNG
/// ([`rai_core::rng::SecureRng`]).
///
/// There is no public way to seed it. Distribution tests use
/// `NoiseSource::insecure_seeded_for_testing`, which exists only in this crate's own unit
/// tests and when the `test-rng` cargo feature is enabled (only this crate's
/// dev-dependency enables it; the `rai` CLI never does).
pub struct NoiseSource(Inner);

enum Inner {
    Secure(SecureRng),
    #[cfg(any(test, feature = "test-rng"))]
    Seeded(rand_chacha::ChaCha20Rng),
}

impl NoiseSource {
    /// A noise source seeded from the operating system.
    ///
    /// # Errors
    /// [`rai_core::Error::Guarantee`] if the operating system provides no entropy.
    pub fn secure() -> Result<Self> {
        Ok(NoiseSource(Inner::Secure(SecureRng::from_os()?)))
    }

    /// A SEEDED, NOT PRIVATE noise source, for distribution tests only.
    #[cfg(any(test, feature = "test-rng"))]
    #[doc(hidden)]
    pub fn insecure_seeded_for_testing(seed: u64) -> Self {
        NoiseSource(Inner::Seeded(
            <rand_chacha::ChaCha20Rng as rand::SeedableRng>::seed_from_u64(seed),
        ))
    }

    /// Whether this source is the OS-seeded CSPRNG (always true outside tests).
    pub fn is_secure(&self) -> bool {
        matches!(self.0, Inner::Secure(_))
    }
}

impl std::fmt::Debug for NoiseSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.is_secure() {
            f.write_str("NoiseSource(secure)")
        } else {
            f.write_str("NoiseSource(INSECURE seeded, tests only)")
        }
    }
}

impl RngCore for NoiseSource {
    #[inline]
    fn next_u32(&mut self) -> u32 {
        match &mut self.0 {
            Inner::Secure(r) => r.next_u32(),
            #[cfg(any(test, feature = "test-rng"))]
            Inner::Seeded(r) => r.next_u32(),
        }
    }
    #[inline]
    fn next_u64(&mut self) -> u64 {
        match &mut self.0 {
            Inner::Secure(r) => r.next_u64(),
            #[cfg(any(test, feature = "test-rng"))]
            Inner::Seeded(r) => r.next_u64(),
        }
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        match &mut self.0 {
            Inner::Secure(r) => r.fill_bytes(dest),
            #[cfg(any(test, feature = "test-rng"))]
            Inner::Seeded(r) => r.fill_bytes(dest),
        }
    }
}
