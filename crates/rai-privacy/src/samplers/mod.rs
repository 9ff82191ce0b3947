//! Exact samplers on integers: the only place where random bits become noise.
//!
//! Everything here uses integer arithmetic only (no floating point), following
//! Canonne, Kamath and Steinke (2020), "The Discrete Gaussian for Differential Privacy":
//!
//! - [`bernoulli_rational`]: Bernoulli(`num / den`) by comparing a uniform integer.
//! - [`bernoulli_exp_neg`]: Bernoulli(exp(-`num / den`)) (CKS Algorithm 1).
//! - [`discrete_laplace`]: P(y) ∝ exp(-|y| s / t) (CKS Algorithm 2).
//! - [`discrete_gaussian`]: P(y) ∝ exp(-y² / (2σ²)) for a rational σ² (CKS Algorithm 3).
//!
//! Uniform integers come from [`uniform_below`], an unbiased rejection method on 64-bit
//! words, so every probability is exact given a source of uniform bits.

mod noise_source;
#[cfg(test)]
mod tests;

pub use noise_source::NoiseSource;

use rand::RngCore;

/// A uniform integer in `[0, n)` (`n > 0`; returns 0 for `n == 0`), unbiased (Lemire's
/// nearly divisionless multiply-and-reject method; 32-bit draws when `n < 2^32`).
#[inline]
pub fn uniform_below<R: RngCore + ?Sized>(rng: &mut R, n: u64) -> u64 {
    if n <= 1 {
        return 0;
    }
    if let Ok(n32) = u32::try_from(n) {
        let mut m = u64::from(rng.next_u32()) * n;
        let mut low = m as u32;
        if low < n32 {
            let threshold = n32.wrapping_neg() % n32;
            while low < threshold {
                m = u64::from(rng.next_u32()) * n;
                low = m as u32;
            }
        }
        return m >> 32;
    }
    let mut m = u128::from(rng.next_u64()) * u128::from(n);
    let mut low = m as u64;
    if low < n {
        let threshold = n.wrapping_neg() % n;
        while low < threshold {
            m = u128::from(rng.next_u64()) * u128::from(n);
            low = m as u64;
        }
    }
    (m >> 64) as u64
}

/// A uniform integer in `[0, n)` for 128-bit `n` (rejection on masked words).
pub fn uniform_below_u128<R: RngCore + ?Sized>(rng: &mut R, n: u128) -> u128 {
    if n <= 1 {
        return 0;
    }
    if let Ok(small) = u64::try_from(n) {
        return u128::from(uniform_below(rng, small));
    }
    let bits = 128 - (n - 1).leading_zeros();
    let mask = if bits == 128 {
        u128::MAX
    } else {
        (1u128 << bits) - 1
    };
    loop {
        let x = ((u128::from(rng.next_u64()) << 64) | u128::from(rng.next_u64())) & mask;
        if x < n {
            return x;
        }
    }
}

/// Bernoulli(`num / den`), exactly. `num >= den` gives `true`; `den == 0` gives `true`.
pub fn bernoulli_rational<R: RngCore + ?Sized>(rng: &mut R, num: u128, den: u128) -> bool {
    if num >= den {
        return true;
    }
    uniform_below_u128(rng, den) < num
}

/// Bernoulli(exp(-1)), exactly: the parity of the first failure of Bernoulli(1/k), k = 1, 2, ...
#[inline]
fn bernoulli_exp_neg_one<R: RngCore + ?Sized>(rng: &mut R) -> bool {
    // CKS Algorithm 1 with gamma = 1: A_k ~ Bernoulli(1/k); K = first k with A_k = 0.
    let mut k: u64 = 2;
    while uniform_below(rng, k) == 0 {
        k += 1;
    }
    k % 2 == 1
}

/// Bernoulli(exp(-`num / den`)) for `num / den` in `[0, 1]` (CKS Algorithm 1, first part).
fn bernoulli_exp_neg_unit<R: RngCore + ?Sized>(rng: &mut R, num: u128, den: u128) -> bool {
    let mut k: u128 = 1;
    loop {
        let Some(d) = den.checked_mul(k) else {
            // Unreachable in practice (probability below 1/k!); stopping here changes the
            // result with probability < 2^-100.
            return k % 2 == 1;
        };
        if !bernoulli_rational(rng, num, d) {
            return k % 2 == 1;
        }
        k += 1;
    }
}

/// Bernoulli(exp(-`num / den`)) for `num < den` in 64-bit arithmetic (the hot path of the
/// discrete Laplace sampler): Bernoulli(num / (den k)) by comparing a uniform integer.
#[inline]
fn bernoulli_exp_neg_unit_u64<R: RngCore + ?Sized>(rng: &mut R, num: u64, den: u64) -> bool {
    let mut k: u64 = 1;
    loop {
        let Some(d) = den.checked_mul(k) else {
            return bernoulli_exp_neg_unit(rng, u128::from(num), u128::from(den));
        };
        if uniform_below(rng, d) >= num {
            return k % 2 == 1;
        }
        k += 1;
    }
}

/// Bernoulli(exp(-`num / den`)) for any non-negative rational (`den > 0`), exactly.
///
/// # References
/// Canonne, Kamath, Steinke (2020), Algorithm 1.
pub fn bernoulli_exp_neg<R: RngCore + ?Sized>(rng: &mut R, num: u128, den: u128) -> bool {
    if den == 0 {
        return false;
    }
    if num == 0 {
        return true;
    }
    if num < den {
        return bernoulli_exp_neg_unit(rng, num, den);
    }
    let whole = num / den;
    let mut i = 0u128;
    while i < whole {
        if !bernoulli_exp_neg_one(rng) {
            return false;
        }
        i += 1;
    }
    bernoulli_exp_neg_unit(rng, num % den, den)
}

/// Single random bits served from a buffered 64-bit word (exactly uniform, independent).
struct Bits<'a, R: RngCore + ?Sized> {
    rng: &'a mut R,
    word: u64,
    left: u32,
}

impl<'a, R: RngCore + ?Sized> Bits<'a, R> {
    fn new(rng: &'a mut R) -> Self {
        Bits {
            rng,
            word: 0,
            left: 0,
        }
    }

    #[inline]
    fn bit(&mut self) -> bool {
        if self.left == 0 {
            self.word = self.rng.next_u64();
            self.left = 64;
        }
        let b = self.word & 1 == 1;
        self.word >>= 1;
        self.left -= 1;
        b
    }

    /// Bernoulli(exp(-1)) as [`bernoulli_exp_neg_one`], with the k = 2 step from one bit.
    #[inline]
    fn exp_neg_one(&mut self) -> bool {
        if self.bit() {
            // A_2 ~ Bernoulli(1/2) is 0: the first failure is at K = 2 (even).
            return false;
        }
        let mut k: u64 = 3;
        while uniform_below(self.rng, k) == 0 {
            k += 1;
        }
        k % 2 == 1
    }
}

/// A sample of the discrete Laplace distribution with scale `t / s`:
/// P(Y = y) ∝ exp(-|y| · s / t), for integers `s, t >= 1`.
///
/// # References
/// Canonne, Kamath, Steinke (2020), Algorithm 2.
pub fn discrete_laplace<R: RngCore + ?Sized>(rng: &mut R, t: u64, s: u64) -> i64 {
    let t = t.max(1);
    let s = s.max(1);
    let mut bits = Bits::new(rng);
    loop {
        let u = uniform_below(bits.rng, t);
        if u > 0 && !bernoulli_exp_neg_unit_u64(bits.rng, u, t) {
            continue;
        }
        let mut v: u128 = 0;
        while bits.exp_neg_one() {
            v += 1;
        }
        let x = u128::from(u) + u128::from(t) * v;
        let y = if s == 1 {
            x
        } else if s.is_power_of_two() {
            x >> s.trailing_zeros()
        } else if let Ok(x64) = u64::try_from(x) {
            u128::from(x64 / s)
        } else {
            x / u128::from(s)
        };
        let negative = bits.bit();
        if negative && y == 0 {
            continue;
        }
        let y = i64::try_from(y).unwrap_or(i64::MAX);
        return if negative { -y } else { y };
    }
}

/// Integer square root (floor).
pub(crate) fn isqrt(n: u128) -> u128 {
    if n < 2 {
        return n;
    }
    let mut x = (n as f64).sqrt() as u128;
    while x.checked_mul(x).is_none_or(|sq| sq > n) {
        x -= 1;
    }
    while (x + 1).checked_mul(x + 1).is_some_and(|sq| sq <= n) {
        x += 1;
    }
    x
}

/// A sample of the discrete Gaussian with variance parameter σ² = `num / den`:
/// P(Y = y) ∝ exp(-y² / (2σ²)).
///
/// Intermediate products are `u128`; a candidate whose acceptance exponent would overflow
/// (|y| beyond about 2^40 σ, probability far below 2^-1000) is rejected.
///
/// # References
/// Canonne, Kamath, Steinke (2020), Algorithm 3.
pub fn discrete_gaussian<R: RngCore + ?Sized>(rng: &mut R, num: u128, den: u128) -> i64 {
    let den = den.max(1);
    // t = floor(sigma) + 1, where floor(sqrt(num/den)) = isqrt(floor(num/den)).
    let t = isqrt(num / den) + 1;
    let t64 = u64::try_from(t).unwrap_or(u64::MAX);
    loop {
        let y = discrete_laplace(rng, t64, 1);
        let abs = u128::from(y.unsigned_abs());
        // gamma = (|y| - sigma^2/t)^2 / (2 sigma^2) = (|y| den t - num)^2 / (2 num den t^2)
        let Some(a) = abs.checked_mul(den).and_then(|v| v.checked_mul(t)) else {
            continue;
        };
        let diff = a.abs_diff(num);
        let Some(g_num) = diff.checked_mul(diff) else {
            continue;
        };
        let Some(g_den) = num
            .checked_mul(2)
            .and_then(|v| v.checked_mul(den))
            .and_then(|v| v.checked_mul(t))
            .and_then(|v| v.checked_mul(t))
        else {
            continue;
        };
        if bernoulli_exp_neg(rng, g_num, g_den) {
            return y;
        }
    }
}

/// A uniformly random permutation of `0..n` (Fisher-Yates with exact uniform integers).
pub fn permutation<R: RngCore + ?Sized>(rng: &mut R, n: usize) -> Vec<usize> {
    let mut p: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let j = uniform_below(rng, i as u64 + 1) as usize;
        p.swap(i, j);
    }
    p
}

/// Exact Bernoulli(x / (1 + x)) with x = exp(-`num/den`): the probability of "lying" in
/// binary randomized response. A fair coin picks between "try 1" (accepted with
/// probability x) and "0"; rejected tries restart.
pub fn bernoulli_logistic<R: RngCore + ?Sized>(rng: &mut R, num: u128, den: u128) -> bool {
    loop {
        if rng.next_u32() & 1 == 0 {
            return false;
        }
        if bernoulli_exp_neg(rng, num, den) {
            return true;
        }
    }
}
