//! Privacy loss distribution (PLD) accountant: pessimistic connect-the-dots discretisation
//! and FFT self-composition, for the (Poisson-subsampled) Gaussian and Laplace mechanisms
//! under add-or-remove-one neighbouring.

use rai_core::{Error, Result};
use statrs::function::erf::{erfc, erfc_inv};

use super::fft::{cpow, fft};
use super::{DpEvent, check_delta, check_noise, check_rate, unsupported};

/// A discretised privacy loss distribution: masses on losses `(offset + i) · h` plus a
/// mass at +∞.
#[derive(Debug, Clone)]
pub struct PldPmf {
    h: f64,
    offset: i64,
    probs: Vec<f64>,
    inf_mass: f64,
}

#[derive(Clone, Copy)]
enum Noise {
    Gaussian(f64),
    Laplace(f64),
}

impl Noise {
    fn cdf(self, x: f64) -> f64 {
        match self {
            Noise::Gaussian(s) => 0.5 * erfc(-x / (std::f64::consts::SQRT_2 * s)),
            Noise::Laplace(b) => {
                if x < 0.0 {
                    0.5 * (x / b).exp()
                } else {
                    1.0 - 0.5 * (-x / b).exp()
                }
            }
        }
    }
    /// Privacy loss without subsampling, REMOVE (mu(x+1) vs mu(x)).
    fn loss0(self, x: f64) -> f64 {
        match self {
            Noise::Gaussian(s) => (-0.5 - x) / (s * s),
            Noise::Laplace(b) => (x.abs() - (x + 1.0).abs()) / b,
        }
    }
    /// Largest x with loss0(x) >= l.
    fn inv_loss0(self, l: f64) -> f64 {
        match self {
            Noise::Gaussian(s) => -0.5 - l * s * s,
            Noise::Laplace(b) => {
                if l > 1.0 / b {
                    f64::NEG_INFINITY
                } else if l <= -1.0 / b {
                    f64::INFINITY
                } else {
                    -(l * b + 1.0) / 2.0
                }
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Adjacency {
    Remove,
    Add,
}

struct Subsampled {
    noise: Noise,
    q: f64,
    adj: Adjacency,
}

impl Subsampled {
    fn upper_cdf(&self, x: f64) -> f64 {
        match self.adj {
            Adjacency::Add => self.noise.cdf(x),
            Adjacency::Remove => {
                (1.0 - self.q) * self.noise.cdf(x) + self.q * self.noise.cdf(x + 1.0)
            }
        }
    }
    fn lower_cdf(&self, x: f64) -> f64 {
        match self.adj {
            Adjacency::Add => (1.0 - self.q) * self.noise.cdf(x) + self.q * self.noise.cdf(x - 1.0),
            Adjacency::Remove => self.noise.cdf(x),
        }
    }
    fn loss_remove(&self, x: f64) -> f64 {
        let l0 = self.noise.loss0(x);
        if self.q == 1.0 {
            return l0;
        }
        // ln(q e^l0 + 1 - q)
        let m = l0.max(0.0);
        m + (self.q * (l0 - m).exp() + (1.0 - self.q) * (-m).exp()).ln()
    }
    fn loss(&self, x: f64) -> f64 {
        match self.adj {
            Adjacency::Remove => self.loss_remove(x),
            Adjacency::Add => -self.loss_remove(-x),
        }
    }
    fn inv_remove(&self, l: f64) -> f64 {
        if self.q == 1.0 {
            return self.noise.inv_loss0(l);
        }
        if l <= (-self.q).ln_1p() {
            return f64::INFINITY;
        }
        self.noise.inv_loss0((l.exp_m1() / self.q).ln_1p())
    }
    fn inverse(&self, l: f64) -> f64 {
        match self.adj {
            Adjacency::Remove => self.inv_remove(l),
            Adjacency::Add => -self.inv_remove(-l),
        }
    }
    fn delta(&self, eps: f64) -> f64 {
        if self.adj == Adjacency::Remove && self.q < 1.0 && eps <= (-self.q).ln_1p() {
            return -eps.exp_m1();
        }
        if self.adj == Adjacency::Add && self.q < 1.0 && eps >= -(-self.q).ln_1p() {
            return 0.0;
        }
        let x = self.inverse(eps);
        if x == f64::NEG_INFINITY {
            return 0.0;
        }
        if x == f64::INFINITY {
            return (-eps.exp_m1()).clamp(0.0, 1.0);
        }
        (self.upper_cdf(x) - eps.exp() * self.lower_cdf(x)).clamp(0.0, 1.0)
    }
    fn eps_bounds(&self) -> (f64, f64) {
        match self.noise {
            Noise::Gaussian(s) => {
                // x with CDF = 0.5 e^-50, as dp_accounting.
                let z = -std::f64::consts::SQRT_2 * erfc_inv(2.0 * 0.5 * (-50f64).exp()) * s;
                let (mut lo_x, mut hi_x) = (z, -z);
                match self.adj {
                    Adjacency::Add => hi_x += 1.0,
                    Adjacency::Remove => lo_x -= 1.0,
                }
                (self.loss(hi_x), self.loss(lo_x))
            }
            Noise::Laplace(b) => {
                let m = 1.0 / b;
                let q = self.q;
                if q == 1.0 {
                    return (-m, m);
                }
                match self.adj {
                    Adjacency::Add => (
                        -(1.0 - q + q * m.exp()).ln(),
                        -(1.0 - q + q * (-m).exp()).ln(),
                    ),
                    Adjacency::Remove => (
                        (1.0 - q + q * (-m).exp()).ln(),
                        (1.0 - q + q * m.exp()).ln(),
                    ),
                }
            }
        }
    }

    /// Pessimistic connect-the-dots PMF (Doroshenko et al. 2022).
    fn pmf(&self, h: f64) -> PldPmf {
        let (lo, hi) = self.eps_bounds();
        let lo_i = (lo / h).floor() as i64;
        let hi_i = (hi / h).ceil() as i64;
        let mut deltas: Vec<f64> = (lo_i..=hi_i).map(|i| self.delta(i as f64 * h)).collect();
        for i in 1..deltas.len() {
            if deltas[i] > deltas[i - 1] {
                deltas[i] = deltas[i - 1];
            }
        }
        let n = deltas.len();
        if n == 1 {
            return PldPmf {
                h,
                offset: lo_i,
                probs: vec![1.0 - deltas[0]],
                inf_mass: deltas[0],
            };
        }
        let em1 = h.exp_m1();
        let mut probs = vec![0.0; n];
        probs[0] = 1.0 - deltas[0] + (deltas[1] - deltas[0]) / em1;
        for i in 1..n - 1 {
            probs[i] = ((deltas[i + 1] - deltas[i]) - h.exp() * (deltas[i] - deltas[i - 1])) / em1;
        }
        probs[n - 1] = (deltas[n - 1] - deltas[n - 2]) / (-h).exp_m1();
        for p in &mut probs {
            *p = p.max(0.0);
        }
        PldPmf {
            h,
            offset: lo_i,
            probs,
            inf_mass: deltas[n - 1],
        }
    }
}

impl PldPmf {
    /// δ(ε) = mass(∞) + Σ_{l > ε} p_l (1 − e^{ε − l}).
    pub fn delta_for_epsilon(&self, eps: f64) -> f64 {
        let mut d = self.inf_mass;
        for (i, &p) in self.probs.iter().enumerate() {
            let l = (self.offset + i as i64) as f64 * self.h;
            if l > eps {
                d -= p * (eps - l).exp_m1();
            }
        }
        d.min(1.0)
    }

    /// The smallest ε with δ(ε) ≤ `delta` (+∞ when the mass at ∞ exceeds δ).
    pub fn epsilon_for_delta(&self, delta: f64) -> f64 {
        if self.inf_mass > delta {
            return f64::INFINITY;
        }
        // Scan losses from the top: on [l_{i-1}, l_i], δ(ε) = inf + A − e^ε B.
        let mut a = 0.0;
        let mut b = 0.0;
        let top = self.probs.len();
        for i in (0..top).rev() {
            let l = (self.offset + i as i64) as f64 * self.h;
            a += self.probs[i];
            b += self.probs[i] * (-l).exp();
            let l_prev = l - self.h;
            let d_prev = self.inf_mass + a - l_prev.exp() * b;
            if d_prev > delta || i == 0 {
                if b <= 0.0 {
                    return l;
                }
                let e = ((self.inf_mass + a - delta) / b).ln();
                return e
                    .max(if i == 0 { f64::NEG_INFINITY } else { l_prev })
                    .max(0.0);
            }
        }
        0.0
    }

    /// `count`-fold self-composition by FFT, truncating at most `tail` mass (added to ∞).
    fn self_compose(&self, count: u64, tail: f64) -> PldPmf {
        if count == 1 {
            return self.clone();
        }
        let n = self.probs.len();
        let t = count as f64;
        // Chernoff bounds on the index sum S (indices j in 0..n) as dp_accounting.
        let total: f64 = self.probs.iter().sum();
        let log_mgf = |lam: f64| -> f64 {
            let m = self
                .probs
                .iter()
                .enumerate()
                .map(|(j, &p)| p * (lam * j as f64).exp())
                .sum::<f64>();
            (m / total.max(1e-300)).ln()
        };
        let mut upper = t * (n - 1) as f64;
        let mut lower = 0.0f64;
        for k in 1..=20 {
            let lam = f64::from(k) / n as f64;
            let ub = (t * log_mgf(lam) + (2.0 / tail).ln()) / lam;
            if ub.is_finite() {
                upper = upper.min(ub.ceil());
            }
            let lb = (t * log_mgf(-lam) + (2.0 / tail).ln()) / (-lam);
            if lb.is_finite() {
                lower = lower.max(lb.floor());
            }
        }
        let lower = lower as i64;
        let upper = upper as i64;
        let width = (upper - lower + 1).max(1) as usize;
        let size = width.next_power_of_two().max(n.next_power_of_two());
        let mut buf = vec![(0.0, 0.0); size];
        for (j, &p) in self.probs.iter().enumerate() {
            buf[j % size].0 += p;
        }
        fft(&mut buf, false);
        for z in buf.iter_mut() {
            *z = cpow(*z, count);
        }
        fft(&mut buf, true);
        let mut probs = vec![0.0; width];
        for (u, p) in probs.iter_mut().enumerate() {
            let idx = ((lower + u as i64).rem_euclid(size as i64)) as usize;
            *p = buf[idx].0.max(0.0);
        }
        let inf = 1.0 - (1.0 - self.inf_mass).powf(t) + tail;
        PldPmf {
            h: self.h,
            offset: self.offset * count as i64 + lower,
            probs,
            inf_mass: inf.min(1.0),
        }
    }
}

/// A PLD accountant for `SelfComposed` (Poisson-subsampled) Gaussian and Laplace events.
///
/// # Examples
/// ```
/// use rai_privacy::accounting::{DpEvent, PldAccountant};
/// let eps = PldAccountant::default().epsilon(&DpEvent::dp_sgd(1.1, 0.01, 1000), 1e-5)?;
/// assert!(eps > 1.0 && eps < 2.0); // dp_accounting: 1.5154
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// Bad parameters; events other than (self-composed, Poisson-subsampled) Gaussian/Laplace.
///
/// # Formula
/// Pessimistic connect-the-dots PMF on the grid h·ℤ for each adjacency (add, remove),
/// T-fold composition by FFT (z ↦ z^T in the frequency domain), truncated mass ≤ 1e-15
/// moved to +∞, ε = max over the two adjacencies.
///
/// # References
/// Koskela, Jälkö, Honkela (2020); Doroshenko, Ghazi, Kamath, Kumar, Manurangsi (2022);
/// dp_accounting's `PLDAccountant`.
#[derive(Debug, Clone)]
pub struct PldAccountant {
    discretization: f64,
    tail: f64,
}

impl Default for PldAccountant {
    fn default() -> Self {
        PldAccountant {
            discretization: 1e-4,
            tail: 1e-15,
        }
    }
}

impl PldAccountant {
    /// An accountant with discretisation interval `h` (dp_accounting's default is 1e-4).
    ///
    /// # Errors
    /// A bad h.
    pub fn new(h: f64) -> Result<Self> {
        Ok(PldAccountant {
            discretization: rai_core::error::ensure_positive("value_discretization_interval", h)?,
            tail: 1e-15,
        })
    }

    fn parts(ev: &DpEvent) -> Result<(Noise, f64, u64)> {
        let (inner, count) = match ev {
            DpEvent::SelfComposed { event, count } => (event.as_ref(), *count),
            other => (other, 1),
        };
        if count == 0 {
            return Err(Error::invalid_parameter("steps", 0, "at least 1"));
        }
        let (noise_ev, q) = match inner {
            DpEvent::PoissonSampled {
                sampling_rate,
                event,
            } => (event.as_ref(), check_rate(*sampling_rate)?),
            other => (other, 1.0),
        };
        let noise = match noise_ev {
            DpEvent::Gaussian { noise_multiplier } => {
                Noise::Gaussian(check_noise(*noise_multiplier)?)
            }
            DpEvent::Laplace { noise_multiplier } => {
                Noise::Laplace(check_noise(*noise_multiplier)?)
            }
            other => return Err(unsupported("PLD", other)),
        };
        Ok((noise, q, count))
    }

    /// The composed PMFs (remove, add) of an event.
    ///
    /// # Errors
    /// See the type docs.
    pub fn pmfs(&self, ev: &DpEvent) -> Result<Vec<PldPmf>> {
        let (noise, q, count) = Self::parts(ev)?;
        let adjs: &[Adjacency] = if q == 1.0 {
            &[Adjacency::Remove]
        } else {
            &[Adjacency::Remove, Adjacency::Add]
        };
        Ok(adjs
            .iter()
            .map(|&adj| {
                Subsampled { noise, q, adj }
                    .pmf(self.discretization)
                    .self_compose(count, self.tail)
            })
            .collect())
    }

    /// ε at δ for an event.
    ///
    /// # Errors
    /// See the type docs.
    pub fn epsilon(&self, ev: &DpEvent, delta: f64) -> Result<f64> {
        let delta = check_delta(delta)?;
        Ok(self
            .pmfs(ev)?
            .iter()
            .map(|p| p.epsilon_for_delta(delta))
            .fold(0.0, f64::max))
    }
}
