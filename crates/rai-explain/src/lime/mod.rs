//! LIME for tabular data (Ribeiro, Singh & Guestrin 2016), with lime's
//! `LimeTabularExplainer` defaults.
//!
//! Around one row, samples are drawn from the training distribution: with quartile
//! discretisation (the default) each numeric feature picks a quartile bin with its
//! training frequency and a value inside it from a normal truncated to the bin (bin mean
//! and standard deviation); categorical columns pick a level with its training frequency.
//! Each sample's interpretable representation is binary (1 when the sample falls in the
//! explained row's bin/level), distances are euclidean in that representation, weights
//! are the exponential kernel `sqrt(exp(-d^2 / width^2))` with width
//! `0.75 * sqrt(n_features)`, and a weighted ridge regression (alpha 1) on the selected
//! features is the local surrogate. Its weighted R² is reported as `score` so users see
//! how faithful it is. Without discretisation numeric features are sampled from
//! `N(mean, std)` of the training data and represented standardised, so the weights are
//! per training standard deviation.

mod params;
mod ridge;
#[cfg(test)]
mod tests;

pub use params::{FeatureSelection, LimeParams};

use ndarray::{Array2, ArrayView1, ArrayView2};
use rai_core::{Error, Model, Result, Task};
use rand::Rng;
use serde::Serialize;

use crate::Space;
use crate::pdp::respond;

/// What LIME knows about one training column.
#[derive(Debug, Clone, PartialEq)]
enum ColumnStats {
    /// Quartile bins: boundaries and per-bin mean, std, min, max and frequency.
    Binned {
        cuts: Vec<f64>,
        means: Vec<f64>,
        stds: Vec<f64>,
        mins: Vec<f64>,
        maxs: Vec<f64>,
        freqs: Vec<f64>,
    },
    /// Levels and frequencies.
    Categorical { values: Vec<f64>, freqs: Vec<f64> },
    /// Mean and (population) standard deviation, 1 when zero.
    Continuous { mean: f64, scale: f64 },
}

/// A LIME explainer fitted to training data.
#[derive(Debug, Clone, PartialEq)]
pub struct LimeTabular {
    params: LimeParams,
    feature_names: Vec<String>,
    stats: Vec<ColumnStats>,
}

/// One feature of a LIME explanation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LimeFeature {
    /// Column index.
    pub index: usize,
    /// Feature name.
    pub name: String,
    /// Human-readable condition, e.g. `28.00 < age <= 37.00`.
    pub description: String,
    /// The explained row's value.
    pub value: f64,
    /// The surrogate's coefficient.
    pub weight: f64,
}

/// A local LIME explanation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LimeExplanation {
    /// Selected features, by decreasing `|weight|`.
    pub features: Vec<LimeFeature>,
    /// The surrogate's intercept.
    pub intercept: f64,
    /// Weighted R² of the surrogate on the samples; `None` when the model output did not
    /// vary over them.
    pub score: Option<f64>,
    /// The surrogate's prediction for the explained row.
    pub local_prediction: f64,
    /// The model's prediction for the explained row.
    pub model_prediction: f64,
    /// Output space explained.
    pub space: Space,
    /// Kernel width used.
    pub kernel_width: f64,
    /// Samples drawn (explained row included).
    pub num_samples: usize,
    /// Seed.
    pub seed: u64,
}

fn numpy_percentile(sorted: &[f64], q: f64) -> f64 {
    let pos = q * (sorted.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

fn levels(values: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mut lv: Vec<f64> = Vec::new();
    let mut counts: Vec<f64> = Vec::new();
    for v in sorted {
        if lv.last() == Some(&v) {
            if let Some(c) = counts.last_mut() {
                *c += 1.0;
            }
        } else {
            lv.push(v);
            counts.push(1.0);
        }
    }
    let n = values.len() as f64;
    (lv, counts.into_iter().map(|c| c / n).collect())
}

/// The bin of `v` given sorted cuts (`np.searchsorted(cuts, v)`, side left).
fn bin_of(cuts: &[f64], v: f64) -> usize {
    cuts.partition_point(|c| *c < v)
}

fn normal<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    let u1: f64 = 1.0 - rng.random::<f64>();
    let u2: f64 = rng.random::<f64>();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

fn choose<R: Rng + ?Sized>(rng: &mut R, freqs: &[f64]) -> usize {
    let u: f64 = rng.random::<f64>();
    let mut acc = 0.0;
    for (i, f) in freqs.iter().enumerate() {
        acc += f;
        if u < acc {
            return i;
        }
    }
    freqs.len() - 1
}

fn truncated_normal<R: Rng + ?Sized>(rng: &mut R, mean: f64, std: f64, lo: f64, hi: f64) -> f64 {
    if hi <= lo {
        return lo;
    }
    for _ in 0..64 {
        let v = mean + std * normal(rng);
        if (lo..=hi).contains(&v) {
            return v;
        }
    }
    lo + (hi - lo) * rng.random::<f64>()
}

impl LimeTabular {
    /// A parameter builder with lime's defaults.
    pub fn params() -> LimeParams {
        LimeParams::default()
    }

    /// Learns the sampling distribution from `training` (missing cells ignored per column).
    ///
    /// # Errors
    /// The errors of [`LimeParams::validate`]; [`Error::InvalidParameter`] for a
    /// categorical column index out of range; [`Error::LengthMismatch`] when names and
    /// columns differ; [`Error::Empty`] for a column without values.
    pub fn new(
        training: ArrayView2<'_, f64>,
        feature_names: Vec<String>,
        params: LimeParams,
    ) -> Result<Self> {
        params.validate()?;
        rai_core::error::ensure_len(
            "feature names vs training columns",
            training.ncols(),
            feature_names.len(),
        )?;
        if let Some(c) = params.categorical.iter().find(|c| **c >= training.ncols()) {
            return Err(Error::invalid_parameter(
                "categorical",
                c,
                format!("column indices below {}", training.ncols()),
            ));
        }
        let mut stats = Vec::with_capacity(training.ncols());
        for (j, name) in feature_names.iter().enumerate() {
            let vals: Vec<f64> = training
                .column(j)
                .iter()
                .copied()
                .filter(|v| v.is_finite())
                .collect();
            if vals.is_empty() {
                return Err(Error::Empty {
                    what: format!("training values of feature `{name}` for LIME"),
                });
            }
            let st = if params.categorical.contains(&j) {
                let (values, freqs) = levels(&vals);
                ColumnStats::Categorical { values, freqs }
            } else if params.discretize {
                binned(&vals)
            } else {
                let n = vals.len() as f64;
                let mean = vals.iter().sum::<f64>() / n;
                let var = vals.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n;
                let scale = if var > 0.0 { var.sqrt() } else { 1.0 };
                ColumnStats::Continuous { mean, scale }
            };
            stats.push(st);
        }
        Ok(LimeTabular {
            params,
            feature_names,
            stats,
        })
    }

    /// Explains the model's output at `row`.
    ///
    /// # Examples
    /// ```
    /// use rai_explain::lime::LimeTabular;
    /// use rai_models::{LinearKind, LinearModel};
    ///
    /// let names: Vec<String> = vec!["a".into(), "b".into()];
    /// let model = LinearModel::new(LinearKind::LinearRegression, names.clone(), vec![3.0, -1.0], 0.0)?;
    /// let train = ndarray::Array2::from_shape_fn((200, 2), |(i, j)| ((i * (j + 7)) % 13) as f64);
    /// let lime = LimeTabular::new(train.view(), names, LimeTabular::params().discretize(false).seed(1))?;
    /// let e = lime.explain(&model, train.row(0))?;
    /// assert_eq!(e.features[0].name, "a"); // the larger effect per standard deviation
    /// assert!(e.features[0].weight > 0.0 && e.features[1].weight < 0.0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::LengthMismatch`] when the row or model does not have the training columns;
    /// [`Error::NonFinite`] for a missing or infinite value in the row; model errors.
    ///
    /// # References
    /// Ribeiro, Singh & Guestrin (2016), "Why should I trust you?": Explaining the
    /// predictions of any classifier, KDD.
    pub fn explain(&self, model: &dyn Model, row: ArrayView1<'_, f64>) -> Result<LimeExplanation> {
        let p = self.stats.len();
        rai_core::error::ensure_len("row vs LIME training columns", p, row.len())?;
        rai_core::error::ensure_len(
            "model features vs LIME training columns",
            p,
            model.n_features(),
        )?;
        if let Some((i, v)) = row.iter().enumerate().find(|(_, v)| !v.is_finite()) {
            return Err(Error::NonFinite {
                what: "explained row".into(),
                index: i,
                value: *v,
            });
        }
        let space = self.params.space.unwrap_or(match model.task() {
            Task::BinaryClassification => Space::Probability,
            _ => Space::Margin,
        });
        let ns = self.params.num_samples;
        let mut rng = rai_core::rng::seeded(self.params.seed);
        let mut inverse = Array2::<f64>::zeros((ns, p));
        let mut repr = vec![vec![0.0; p]; ns];
        for (j, st) in self.stats.iter().enumerate() {
            let x0 = row[j];
            inverse[[0, j]] = x0;
            match st {
                ColumnStats::Binned {
                    cuts,
                    means,
                    stds,
                    mins,
                    maxs,
                    freqs,
                } => {
                    let b0 = bin_of(cuts, x0);
                    repr[0][j] = 1.0;
                    for s in 1..ns {
                        let b = choose(&mut rng, freqs);
                        inverse[[s, j]] =
                            truncated_normal(&mut rng, means[b], stds[b], mins[b], maxs[b]);
                        repr[s][j] = f64::from(u8::from(b == b0));
                    }
                }
                ColumnStats::Categorical { values, freqs } => {
                    repr[0][j] = 1.0;
                    for s in 1..ns {
                        let v = values[choose(&mut rng, freqs)];
                        inverse[[s, j]] = v;
                        repr[s][j] = f64::from(u8::from(v == x0));
                    }
                }
                ColumnStats::Continuous { mean, scale } => {
                    repr[0][j] = (x0 - mean) / scale;
                    for s in 1..ns {
                        let z = normal(&mut rng);
                        inverse[[s, j]] = z * scale + mean;
                        repr[s][j] = z;
                    }
                }
            }
        }
        let width = self.params.kernel_width.unwrap_or(0.75 * (p as f64).sqrt());
        let weights: Vec<f64> = repr
            .iter()
            .map(|r| {
                let d2: f64 = r.iter().zip(&repr[0]).map(|(a, b)| (a - b) * (a - b)).sum();
                (-d2 / (width * width)).exp().sqrt()
            })
            .collect();
        let y = respond(model, inverse.view(), space)?.to_vec();
        let used = self.select(&repr, &y, &weights);
        let fit = ridge::fit(&repr, &y, &weights, &used, self.params.alpha);
        let score = ridge::weighted_r2(&fit, &repr, &y, &weights, &used);
        let local_prediction = fit.predict(&repr[0], &used);
        let mut features: Vec<LimeFeature> = used
            .iter()
            .zip(&fit.coef)
            .map(|(&j, &w)| LimeFeature {
                index: j,
                name: self.feature_names[j].clone(),
                description: self.describe(j, row[j]),
                value: row[j],
                weight: w,
            })
            .collect();
        features.sort_by(|a, b| b.weight.abs().total_cmp(&a.weight.abs()));
        Ok(LimeExplanation {
            features,
            intercept: fit.intercept,
            score,
            local_prediction,
            model_prediction: y[0],
            space,
            kernel_width: width,
            num_samples: ns,
            seed: self.params.seed,
        })
    }

    fn select(&self, data: &[Vec<f64>], y: &[f64], w: &[f64]) -> Vec<usize> {
        let p = self.stats.len();
        let k = self.params.num_features.min(p);
        let method = match self.params.feature_selection {
            FeatureSelection::Auto if self.params.num_features <= 6 => {
                FeatureSelection::ForwardSelection
            }
            FeatureSelection::Auto => FeatureSelection::HighestWeights,
            m => m,
        };
        match method {
            FeatureSelection::None | FeatureSelection::Auto => (0..p).collect(),
            FeatureSelection::HighestWeights => {
                let all: Vec<usize> = (0..p).collect();
                let fit = ridge::fit(data, y, w, &all, 0.01);
                let mut order: Vec<usize> = all.clone();
                let weighted: Vec<f64> = fit
                    .coef
                    .iter()
                    .zip(&data[0])
                    .map(|(c, x)| (c * x).abs())
                    .collect();
                order.sort_by(|a, b| weighted[*b].total_cmp(&weighted[*a]));
                order.truncate(k);
                order
            }
            FeatureSelection::ForwardSelection => {
                let mut used: Vec<usize> = Vec::with_capacity(k);
                for _ in 0..k {
                    let mut best: Option<(usize, f64)> = None;
                    for f in (0..p).filter(|f| !used.contains(f)) {
                        let mut cols = used.clone();
                        cols.push(f);
                        let fit = ridge::fit(data, y, w, &cols, 1e-9);
                        let s = ridge::weighted_r2(&fit, data, y, w, &cols)
                            .unwrap_or(f64::NEG_INFINITY);
                        if best.is_none_or(|(_, b)| s > b) {
                            best = Some((f, s));
                        }
                    }
                    match best {
                        Some((f, _)) => used.push(f),
                        None => break,
                    }
                }
                used
            }
        }
    }

    fn describe(&self, j: usize, v: f64) -> String {
        let name = &self.feature_names[j];
        match &self.stats[j] {
            ColumnStats::Binned { cuts, .. } => {
                let b = bin_of(cuts, v);
                if b == 0 {
                    format!("{name} <= {:.2}", cuts[0])
                } else if b == cuts.len() {
                    format!("{name} > {:.2}", cuts[b - 1])
                } else {
                    format!("{:.2} < {name} <= {:.2}", cuts[b - 1], cuts[b])
                }
            }
            ColumnStats::Categorical { .. } => format!("{name} = {v}"),
            ColumnStats::Continuous { .. } => name.clone(),
        }
    }
}

/// lime's `QuartileDiscretizer` statistics for one column.
fn binned(vals: &[f64]) -> ColumnStats {
    let mut sorted = vals.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mut cuts: Vec<f64> = [0.25, 0.5, 0.75]
        .iter()
        .map(|q| numpy_percentile(&sorted, *q))
        .collect();
    cuts.dedup();
    let nb = cuts.len() + 1;
    let (lo, hi) = (sorted[0], sorted[sorted.len() - 1]);
    let mut groups: Vec<Vec<f64>> = vec![Vec::new(); nb];
    for &v in vals {
        groups[bin_of(&cuts, v)].push(v);
    }
    let n = vals.len() as f64;
    let mut means = Vec::with_capacity(nb);
    let mut stds = Vec::with_capacity(nb);
    for g in &groups {
        if g.is_empty() {
            means.push(0.0);
            stds.push(1e-11);
        } else {
            let m = g.iter().sum::<f64>() / g.len() as f64;
            let var = g.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / g.len() as f64;
            means.push(m);
            stds.push(var.sqrt() + 1e-11);
        }
    }
    let mut mins = vec![lo];
    mins.extend(cuts.iter().copied());
    let mut maxs = cuts.clone();
    maxs.push(hi);
    ColumnStats::Binned {
        freqs: groups.iter().map(|g| g.len() as f64 / n).collect(),
        cuts,
        means,
        stds,
        mins,
        maxs,
    }
}
