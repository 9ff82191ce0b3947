//! Certified robustness by randomized smoothing (Cohen, Rosenfeld & Kolter 2019).
//!
//! The smoothed classifier predicts the class the base model outputs most often under
//! Gaussian noise `N(0, sigma^2 diag(scale^2))`. [`certify`] runs CERTIFY: `n0` noisy
//! samples select the top class, `n` further samples bound its probability from below by
//! the one-sided Clopper–Pearson bound `p_lower` at level `alpha`; the row is certified
//! with L2 radius `sigma * Phi^-1(p_lower)` (in units of `scale`) when `p_lower > 1/2`,
//! and abstains otherwise: an abstention never carries a radius. [`predict`] runs PREDICT
//! (a two-sided binomial test of the top two counts at level `alpha`).
//!
//! Immutable features (from [`FeatureConstraints`]) receive no noise, so the radius
//! certifies perturbations of the mutable features. Row `i` uses the stream `(seed, i)`.

#[cfg(test)]
mod tests;

use ndarray::{Array2, ArrayView1, ArrayView2};
use rai_core::{Error, Model, Result};
use rand_distr::{Distribution, StandardNormal};
use rayon::prelude::*;
use serde::Serialize;
use statrs::distribution::{Beta, Binomial, ContinuousCDF, DiscreteCDF, Normal};

use crate::attacks::ensure_classifier;
use crate::constraints::FeatureConstraints;

/// Parameters of randomized smoothing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SmoothingParams {
    /// Noise standard deviation (in units of `scales`).
    pub sigma: f64,
    /// Samples used to pick the top class.
    pub n0: usize,
    /// Samples used to bound its probability.
    pub n: usize,
    /// Failure probability of the certificate.
    pub alpha: f64,
    /// Seed.
    pub seed: u64,
    /// Per-feature noise scale (`None`: 1 for every feature).
    pub scales: Option<Vec<f64>>,
    /// Immutable features get no noise.
    pub constraints: Option<FeatureConstraints>,
}

impl Default for SmoothingParams {
    fn default() -> Self {
        Self {
            sigma: 0.25,
            n0: 100,
            n: 1000,
            alpha: 0.001,
            seed: 0,
            scales: None,
            constraints: None,
        }
    }
}

/// The certificate of one row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Certification {
    /// 0-based row.
    pub row: usize,
    /// Predicted class (`None`: abstain).
    pub prediction: Option<f64>,
    /// Certified L2 radius (`None` exactly when abstaining).
    pub radius: Option<f64>,
    /// Clopper–Pearson lower bound on the top class's probability.
    pub p_lower: f64,
    /// Samples (of `n`) that gave the top class.
    pub count: usize,
}

/// Certified accuracy at one radius.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CertifiedAccuracy {
    /// The radius.
    pub radius: f64,
    /// Share of rows predicted correctly with a certified radius of at least `radius`.
    pub accuracy: Option<f64>,
}

/// The certification report (what `rai robustness certify` prints).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CertifyReport {
    /// Noise level.
    pub sigma: f64,
    /// Selection samples.
    pub n0: usize,
    /// Estimation samples.
    pub samples: usize,
    /// Failure probability.
    pub alpha: f64,
    /// Seed.
    pub seed: u64,
    /// Rows.
    pub n_rows: usize,
    /// Share of rows abstained.
    pub abstain_rate: Option<f64>,
    /// Share of rows the smoothed classifier gets right (abstentions count as wrong).
    pub smoothed_accuracy: Option<f64>,
    /// Mean radius over certified rows.
    pub mean_radius: Option<f64>,
    /// Certified accuracy at each requested radius.
    pub certified_accuracy: Vec<CertifiedAccuracy>,
    /// Per-row certificates.
    pub rows: Vec<Certification>,
}

impl SmoothingParams {
    fn validate(&self, d: usize) -> Result<()> {
        rai_core::error::ensure_positive("sigma", self.sigma)?;
        if self.n0 == 0 || self.n == 0 {
            return Err(Error::invalid_parameter(
                "samples",
                format!("n0 = {}, n = {}", self.n0, self.n),
                "both at least 1",
            ));
        }
        if !(self.alpha > 0.0 && self.alpha < 1.0) {
            return Err(Error::invalid_parameter(
                "alpha",
                self.alpha,
                "a number in (0, 1)",
            ));
        }
        if let Some(s) = &self.scales {
            rai_core::error::ensure_len("noise scales vs features", d, s.len())?;
            if let Some(v) = s.iter().find(|v| !(v.is_finite() && **v >= 0.0)) {
                return Err(Error::invalid_parameter(
                    "noise scale",
                    v,
                    "a finite number >= 0",
                ));
            }
        }
        if let Some(c) = &self.constraints {
            c.ensure_features(d)?;
        }
        Ok(())
    }
}

/// One-sided Clopper–Pearson lower bound for `k` successes in `n` trials at level `alpha`.
///
/// # Examples
/// ```
/// let lb = rai_robustness::smoothing::clopper_pearson_lower(990, 1000, 0.001);
/// assert!(lb > 0.97 && lb < 0.99);
/// assert_eq!(rai_robustness::smoothing::clopper_pearson_lower(0, 10, 0.05), 0.0);
/// ```
pub fn clopper_pearson_lower(k: usize, n: usize, alpha: f64) -> f64 {
    if k == 0 || n == 0 {
        return 0.0;
    }
    match Beta::new(k as f64, (n - k + 1) as f64) {
        Ok(b) => b.inverse_cdf(alpha),
        Err(_) => 0.0,
    }
}

fn noisy_counts<M: Model + ?Sized>(
    model: &M,
    row: ArrayView1<'_, f64>,
    count: usize,
    noise: &[f64],
    rng: &mut rai_core::rng::ReproRng,
) -> Result<usize> {
    let d = row.len();
    let batch = count.min(4096);
    let mut ones = 0;
    let mut done = 0;
    while done < count {
        let b = batch.min(count - done);
        let mut m = Array2::zeros((b, d));
        for mut r in m.rows_mut() {
            for j in 0..d {
                let z: f64 = if noise[j] > 0.0 {
                    StandardNormal.sample(rng)
                } else {
                    0.0
                };
                r[j] = row[j] + z * noise[j];
            }
        }
        ones += model
            .predict_margin(m.view())?
            .iter()
            .filter(|&&v| v > 0.0)
            .count();
        done += b;
    }
    Ok(ones)
}

fn noise_vector(params: &SmoothingParams, d: usize) -> Vec<f64> {
    (0..d)
        .map(|j| {
            let immutable = params
                .constraints
                .as_ref()
                .is_some_and(|c| c.is_immutable(j));
            if immutable {
                0.0
            } else {
                params.sigma * params.scales.as_ref().map_or(1.0, |s| s[j])
            }
        })
        .collect()
}

/// CERTIFY for every row.
///
/// # Examples
/// ```
/// use rai_models::{LinearKind, LinearModel};
/// use rai_robustness::smoothing::{certify, SmoothingParams};
/// let m = LinearModel::new(LinearKind::LogisticRegression, vec!["a".into()], vec![1.0], 0.0)?;
/// let x = ndarray::array![[2.0], [0.01]];
/// let c = certify(&m, x.view(), &SmoothingParams { sigma: 1.0, ..Default::default() })?;
/// assert!(c[0].radius.unwrap() > 1.0 && c[0].radius.unwrap() < 2.0); // true margin distance 2
/// assert_eq!(c[1].prediction, None); // too close to call: abstain, no radius
/// assert_eq!(c[1].radius, None);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`Error::Unsupported`] for regressors; [`Error::InvalidParameter`] for a non-positive
/// sigma, zero samples, alpha outside (0, 1) or bad scales; model errors.
///
/// # References
/// Cohen, Rosenfeld & Kolter (2019), "Certified adversarial robustness via randomized
/// smoothing", ICML.
pub fn certify<M: Model + ?Sized>(
    model: &M,
    x: ArrayView2<'_, f64>,
    params: &SmoothingParams,
) -> Result<Vec<Certification>> {
    ensure_classifier(model)?;
    rai_core::model::check_features(&x, model.n_features())?;
    params.validate(x.ncols())?;
    let noise = noise_vector(params, x.ncols());
    let normal =
        Normal::new(0.0, 1.0).map_err(|e| Error::invalid_parameter("normal", e, "valid"))?;
    (0..x.nrows())
        .into_par_iter()
        .map(|i| {
            let mut rng = rai_core::rng::stream(params.seed, i as u64);
            let ones0 = noisy_counts(model, x.row(i), params.n0, &noise, &mut rng)?;
            let top = if 2 * ones0 > params.n0 { 1.0 } else { 0.0 };
            let ones = noisy_counts(model, x.row(i), params.n, &noise, &mut rng)?;
            let count = if top == 1.0 { ones } else { params.n - ones };
            let p_lower = clopper_pearson_lower(count, params.n, params.alpha);
            let (prediction, radius) = if p_lower > 0.5 {
                (Some(top), Some(params.sigma * normal.inverse_cdf(p_lower)))
            } else {
                (None, None)
            };
            Ok(Certification {
                row: i,
                prediction,
                radius,
                p_lower,
                count,
            })
        })
        .collect()
}

/// PREDICT for every row: the smoothed class, or `None` (abstain) when a two-sided
/// binomial test of the two counts is not significant at `alpha`.
///
/// # Errors
/// As [`certify`].
pub fn predict<M: Model + ?Sized>(
    model: &M,
    x: ArrayView2<'_, f64>,
    params: &SmoothingParams,
) -> Result<Vec<Option<f64>>> {
    ensure_classifier(model)?;
    rai_core::model::check_features(&x, model.n_features())?;
    params.validate(x.ncols())?;
    let noise = noise_vector(params, x.ncols());
    (0..x.nrows())
        .into_par_iter()
        .map(|i| {
            let mut rng = rai_core::rng::stream(params.seed, i as u64);
            let ones = noisy_counts(model, x.row(i), params.n, &noise, &mut rng)?;
            let (top, na) = if 2 * ones > params.n {
                (1.0, ones)
            } else {
                (0.0, params.n - ones)
            };
            let p = binomial_two_sided(na, params.n)?;
            Ok((p <= params.alpha).then_some(top))
        })
        .collect()
}

/// Two-sided binomial test p-value of `k >= n/2` successes in `n` trials with p = 1/2.
fn binomial_two_sided(k: usize, n: usize) -> Result<f64> {
    let b = Binomial::new(0.5, n as u64)
        .map_err(|e| Error::invalid_parameter("binomial", e, "valid"))?;
    let upper = if k == 0 { 1.0 } else { b.sf(k as u64 - 1) };
    Ok((2.0 * upper).min(1.0))
}

/// Certified accuracy at each radius: rows predicted correctly with radius >= r.
pub fn certified_accuracy(
    certs: &[Certification],
    y: &[f64],
    radii: &[f64],
) -> Vec<CertifiedAccuracy> {
    radii
        .iter()
        .map(|&r| CertifiedAccuracy {
            radius: r,
            accuracy: (!certs.is_empty()).then(|| {
                certs
                    .iter()
                    .filter(|c| {
                        c.prediction.is_some_and(|p| Some(&p) == y.get(c.row))
                            && c.radius.is_some_and(|v| v >= r)
                    })
                    .count() as f64
                    / certs.len() as f64
            }),
        })
        .collect()
}

/// Certifies every row and summarises against the labels.
///
/// # Errors
/// As [`certify`]; [`Error::LengthMismatch`] for labels of the wrong length.
pub fn certify_report<M: Model + ?Sized>(
    model: &M,
    x: ArrayView2<'_, f64>,
    y: ArrayView1<'_, f64>,
    params: &SmoothingParams,
    radii: &[f64],
) -> Result<CertifyReport> {
    rai_core::error::ensure_len("labels vs rows", x.nrows(), y.len())?;
    let rows = certify(model, x, params)?;
    let n = rows.len();
    let yv = y.to_vec();
    let frac = |k: usize| (n > 0).then(|| k as f64 / n as f64);
    let certified: Vec<f64> = rows.iter().filter_map(|c| c.radius).collect();
    Ok(CertifyReport {
        sigma: params.sigma,
        n0: params.n0,
        samples: params.n,
        alpha: params.alpha,
        seed: params.seed,
        n_rows: n,
        abstain_rate: frac(rows.iter().filter(|c| c.prediction.is_none()).count()),
        smoothed_accuracy: frac(
            rows.iter()
                .filter(|c| c.prediction.is_some_and(|p| p == yv[c.row]))
                .count(),
        ),
        mean_radius: (!certified.is_empty())
            .then(|| certified.iter().sum::<f64>() / certified.len() as f64),
        certified_accuracy: certified_accuracy(&rows, &yv, radii),
        rows,
    })
}
