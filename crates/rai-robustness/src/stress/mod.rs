//! Stress tests: how a metric degrades under realistic corruption.
//!
//! Three corruptions, each applied at increasing levels to produce a curve:
//! - [`Corruption::GaussianNoise`]: `x_j + N(0, (sigma * scale_j)^2)` with `scale_j` the
//!   feature's standard deviation (level = `sigma`);
//! - [`Corruption::Missing`]: each cell missing with probability `rate`, left `NaN` (tree
//!   models follow their default branch) or filled with the column mean;
//! - [`Corruption::CategoricalFlip`]: each cell of a label-encoded categorical replaced,
//!   with probability `rate`, by a different level drawn uniformly.
//!
//! Immutable features are never corrupted; with [`FeatureConstraints`], noisy rows are
//! made realistic again (integers rounded, bounds clipped). Each level is repeated
//! `repeats` times with streams derived from the seed; the curve reports the mean and
//! standard deviation, the drop from the clean baseline, and the first level (linearly
//! interpolated) at which the drop reaches `max_drop`.

#[cfg(test)]
mod tests;

use ndarray::{Array2, ArrayView1, ArrayView2};
use rai_core::{Error, Model, Result};
use rand::Rng;
use rand_distr::{Distribution, StandardNormal};
use serde::Serialize;

use crate::constraints::FeatureConstraints;

/// The metric tracked by a stress curve (higher is better).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Share of rows whose class (margin > 0) equals the 0/1 label.
    #[default]
    Accuracy,
    /// Coefficient of determination of the margin (regression).
    RSquared,
}

impl Metric {
    /// The metric of margins against labels (`None` when undefined: no rows, or zero
    /// label variance for R²).
    pub fn compute(self, margins: &[f64], y: &[f64]) -> Option<f64> {
        if margins.is_empty() {
            return None;
        }
        match self {
            Metric::Accuracy => {
                let ok = margins
                    .iter()
                    .zip(y)
                    .filter(|(m, t)| (if **m > 0.0 { 1.0 } else { 0.0 }) == **t)
                    .count();
                Some(ok as f64 / margins.len() as f64)
            }
            Metric::RSquared => {
                let mean = y.iter().sum::<f64>() / y.len() as f64;
                let sst: f64 = y.iter().map(|t| (t - mean).powi(2)).sum();
                let sse: f64 = margins.iter().zip(y).map(|(m, t)| (t - m).powi(2)).sum();
                (sst > 0.0).then(|| 1.0 - sse / sst)
            }
        }
    }
}

/// How missing cells are presented to the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum MissingFill {
    /// Leave `NaN` (models that cannot handle it return an error).
    #[default]
    Nan,
    /// Replace by the column mean of the clean data.
    Mean,
}

/// A corruption applied at a given level.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Corruption {
    /// Gaussian noise with per-feature scales (`None`: standard deviations of `x`).
    GaussianNoise {
        /// Per-feature scale.
        scales: Option<Vec<f64>>,
    },
    /// Missing values.
    Missing {
        /// How missing cells are filled.
        fill: MissingFill,
    },
    /// Categorical level flips on label-encoded features `(index, levels)`.
    CategoricalFlip {
        /// Features and their levels.
        domains: Vec<(usize, Vec<f64>)>,
    },
}

impl Corruption {
    fn name(&self) -> &'static str {
        match self {
            Corruption::GaussianNoise { .. } => "gaussian_noise",
            Corruption::Missing { .. } => "missing_values",
            Corruption::CategoricalFlip { .. } => "categorical_flip",
        }
    }
    fn parameter(&self) -> &'static str {
        match self {
            Corruption::GaussianNoise { .. } => "sigma",
            Corruption::Missing { .. } => "missing_rate",
            Corruption::CategoricalFlip { .. } => "flip_rate",
        }
    }
}

/// Parameters shared by the stress tests.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StressParams {
    /// Levels (sigma or rate), tested in the given order.
    pub levels: Vec<f64>,
    /// Repetitions per level.
    pub repeats: usize,
    /// Seed.
    pub seed: u64,
    /// Drop from the baseline that counts as breaking.
    pub max_drop: f64,
    /// The metric.
    pub metric: Metric,
    /// Features to corrupt (`None`: all that are not immutable).
    pub features: Option<Vec<usize>>,
    /// Realism constraints (immutable features, bounds, integers).
    pub constraints: Option<FeatureConstraints>,
}

impl Default for StressParams {
    fn default() -> Self {
        Self {
            levels: vec![0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0],
            repeats: 3,
            seed: 0,
            max_drop: 0.05,
            metric: Metric::Accuracy,
            features: None,
            constraints: None,
        }
    }
}

/// One point of a curve.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CurvePoint {
    /// The level (sigma or rate).
    pub level: f64,
    /// Mean metric over repeats.
    pub metric: Option<f64>,
    /// Standard deviation over repeats (`None` for one repeat).
    pub std: Option<f64>,
    /// `baseline - metric`.
    pub drop: Option<f64>,
}

/// A stress curve (what `rai robustness noise` prints, one per test).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StressCurve {
    /// `gaussian_noise`, `missing_values` or `categorical_flip`.
    pub test: &'static str,
    /// `sigma`, `missing_rate` or `flip_rate`.
    pub parameter: &'static str,
    /// The metric.
    pub metric: Metric,
    /// Metric on clean data.
    pub baseline: Option<f64>,
    /// One point per level.
    pub points: Vec<CurvePoint>,
    /// Drop that counts as breaking.
    pub max_drop: f64,
    /// First level whose drop reaches `max_drop`, linearly interpolated from the previous
    /// level (`None` when no level does).
    pub breaking_level: Option<f64>,
    /// Repetitions per level.
    pub repeats: usize,
    /// Seed.
    pub seed: u64,
}

/// Runs one stress test.
///
/// # Examples
/// ```
/// use rai_models::{LinearKind, LinearModel};
/// use rai_robustness::stress::{stress_curve, Corruption, StressParams};
/// let m = LinearModel::new(LinearKind::LogisticRegression, vec!["a".into()], vec![1.0], 0.0)?;
/// let x = ndarray::Array2::from_shape_fn((200, 1), |(i, _)| i as f64 / 100.0 - 1.0 + 0.005);
/// let y = x.column(0).mapv(|v| if v > 0.0 { 1.0 } else { 0.0 });
/// let p = StressParams { levels: vec![0.0, 0.5, 2.0], ..Default::default() };
/// let c = stress_curve(&m, x.view(), y.view(), &Corruption::GaussianNoise { scales: None }, &p)?;
/// assert_eq!(c.baseline, Some(1.0));
/// assert_eq!(c.points[0].metric, Some(1.0));
/// assert!(c.points[2].metric < Some(0.9));
/// assert!(c.breaking_level.is_some());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`Error::InvalidParameter`] for no levels, a negative or NaN level, a rate above 1,
/// zero repeats, a bad feature index or scale; [`Error::LengthMismatch`] for labels or
/// constraints of the wrong size; model errors (e.g. `NaN` for a linear model).
pub fn stress_curve<M: Model + ?Sized>(
    model: &M,
    x: ArrayView2<'_, f64>,
    y: ArrayView1<'_, f64>,
    corruption: &Corruption,
    params: &StressParams,
) -> Result<StressCurve> {
    rai_core::model::check_features(&x, model.n_features())?;
    rai_core::error::ensure_len("labels vs rows", x.nrows(), y.len())?;
    if params.levels.is_empty() {
        return Err(Error::invalid_parameter(
            "levels",
            "[]",
            "at least one level",
        ));
    }
    if params.repeats == 0 {
        return Err(Error::invalid_parameter("repeats", 0, "at least 1"));
    }
    let is_rate = !matches!(corruption, Corruption::GaussianNoise { .. });
    if let Some(l) = params
        .levels
        .iter()
        .find(|l| !(l.is_finite() && **l >= 0.0) || (is_rate && **l > 1.0))
    {
        return Err(Error::invalid_parameter(
            corruption.parameter(),
            l,
            if is_rate {
                "a rate in [0, 1]"
            } else {
                "a finite sigma >= 0"
            },
        ));
    }
    let d = x.ncols();
    if let Some(c) = &params.constraints {
        c.ensure_features(d)?;
    }
    let immutable = |j: usize| {
        params
            .constraints
            .as_ref()
            .is_some_and(|c| c.is_immutable(j))
    };
    let features: Vec<usize> = match &params.features {
        Some(f) => {
            if let Some(&bad) = f.iter().find(|&&j| j >= d) {
                return Err(Error::invalid_parameter(
                    "feature index",
                    bad,
                    format!("an index below {d}"),
                ));
            }
            f.iter().copied().filter(|&j| !immutable(j)).collect()
        }
        None => (0..d).filter(|&j| !immutable(j)).collect(),
    };
    let (means, stds) = column_moments(x);
    let scales: Vec<f64> = match corruption {
        Corruption::GaussianNoise { scales: Some(s) } => {
            rai_core::error::ensure_len("noise scales vs features", d, s.len())?;
            if let Some(v) = s.iter().find(|v| !(v.is_finite() && **v >= 0.0)) {
                return Err(Error::invalid_parameter(
                    "noise scale",
                    v,
                    "a finite number >= 0",
                ));
            }
            s.clone()
        }
        _ => stds,
    };
    if let Corruption::CategoricalFlip { domains } = corruption {
        for (j, levels) in domains {
            if *j >= d || levels.is_empty() {
                return Err(Error::invalid_parameter(
                    "categorical feature",
                    j,
                    format!("an index below {d} with at least one level"),
                ));
            }
        }
    }
    let yv = y.to_vec();
    let baseline = params
        .metric
        .compute(&model.predict_margin(x)?.to_vec(), &yv);
    let mut points = Vec::with_capacity(params.levels.len());
    for (li, &level) in params.levels.iter().enumerate() {
        let mut values = Vec::with_capacity(params.repeats);
        for r in 0..params.repeats {
            let mut rng = rai_core::rng::stream(params.seed, (li * 100_000 + r) as u64);
            let mut xc = x.to_owned();
            corrupt(
                &mut xc, x, corruption, level, &features, &scales, &means, &mut rng,
            );
            if let (Some(c), Corruption::GaussianNoise { .. }) = (&params.constraints, corruption) {
                realize_all(&mut xc, x, c);
            }
            let m = model.predict_margin(xc.view())?;
            if let Some(v) = params.metric.compute(&m.to_vec(), &yv) {
                values.push(v);
            }
        }
        let metric = (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64);
        let std = (values.len() > 1).then(|| {
            let mean = metric.unwrap_or(0.0);
            (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (values.len() - 1) as f64)
                .sqrt()
        });
        points.push(CurvePoint {
            level,
            metric,
            std,
            drop: baseline.zip(metric).map(|(b, m)| b - m),
        });
    }
    let breaking_level = breaking_level(&points, params.max_drop);
    Ok(StressCurve {
        test: corruption.name(),
        parameter: corruption.parameter(),
        metric: params.metric,
        baseline,
        points,
        max_drop: params.max_drop,
        breaking_level,
        repeats: params.repeats,
        seed: params.seed,
    })
}

fn breaking_level(points: &[CurvePoint], max_drop: f64) -> Option<f64> {
    let mut prev: Option<(f64, f64)> = None;
    for p in points {
        let Some(drop) = p.drop else { continue };
        if drop >= max_drop {
            return Some(match prev {
                Some((l0, d0)) if drop > d0 => l0 + (p.level - l0) * (max_drop - d0) / (drop - d0),
                _ => p.level,
            });
        }
        prev = Some((p.level, drop));
    }
    None
}

#[allow(clippy::too_many_arguments)] // reason: private helper
fn corrupt<R: Rng + ?Sized>(
    xc: &mut Array2<f64>,
    x: ArrayView2<'_, f64>,
    corruption: &Corruption,
    level: f64,
    features: &[usize],
    scales: &[f64],
    means: &[f64],
    rng: &mut R,
) {
    match corruption {
        Corruption::GaussianNoise { .. } => {
            for i in 0..x.nrows() {
                for &j in features {
                    let z: f64 = StandardNormal.sample(rng);
                    xc[[i, j]] += z * level * scales[j];
                }
            }
        }
        Corruption::Missing { fill } => {
            for i in 0..x.nrows() {
                for &j in features {
                    if rng.random::<f64>() < level {
                        xc[[i, j]] = match fill {
                            MissingFill::Nan => f64::NAN,
                            MissingFill::Mean => means[j],
                        };
                    }
                }
            }
        }
        Corruption::CategoricalFlip { domains } => {
            for i in 0..x.nrows() {
                for (j, levels) in domains {
                    if !features.contains(j) || levels.len() < 2 {
                        continue;
                    }
                    if rng.random::<f64>() < level {
                        let others: Vec<f64> = levels
                            .iter()
                            .copied()
                            .filter(|v| *v != x[[i, *j]])
                            .collect();
                        if !others.is_empty() {
                            xc[[i, *j]] = others[rng.random_range(0..others.len())];
                        }
                    }
                }
            }
        }
    }
}

fn realize_all(xc: &mut Array2<f64>, x: ArrayView2<'_, f64>, c: &FeatureConstraints) {
    for (i, mut row) in xc.rows_mut().into_iter().enumerate() {
        let base = x.row(i).to_vec();
        let mut r = row.to_vec();
        c.realize_row(&base, &mut r, None);
        for (j, v) in r.into_iter().enumerate() {
            row[j] = v;
        }
    }
}

/// Column means and (sample) standard deviations over finite values (0 when undefined).
pub fn column_moments(x: ArrayView2<'_, f64>) -> (Vec<f64>, Vec<f64>) {
    let mut means = Vec::with_capacity(x.ncols());
    let mut stds = Vec::with_capacity(x.ncols());
    for col in x.columns() {
        let v: Vec<f64> = col.iter().copied().filter(|a| a.is_finite()).collect();
        if v.is_empty() {
            means.push(0.0);
            stds.push(0.0);
            continue;
        }
        let m = v.iter().sum::<f64>() / v.len() as f64;
        let s = if v.len() > 1 {
            (v.iter().map(|a| (a - m).powi(2)).sum::<f64>() / (v.len() - 1) as f64).sqrt()
        } else {
            0.0
        };
        means.push(m);
        stds.push(s);
    }
    (means, stds)
}
