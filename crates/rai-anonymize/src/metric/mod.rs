//! Quality models for full-domain generalisation with ARX's exact definitions: loss
//! (`MetricMDNMLoss`, geometric mean), non-monotonic discernibility
//! (`MetricSDNMDiscernability`), monotonic discernibility (DM*), precision
//! (`MetricMDNMPrecision`) and non-uniform entropy (`MetricMDNUNMEntropy`).
//!
//! Lower scores are better. [`MetricTables`] holds what depends only on a column and a
//! level (domain shares, the loss and entropy of a level without suppression), so a
//! transformation's score needs only its suppressed classes and class-size sums; the
//! same tables give the lower bounds that let the optimal search prune safely.

#[cfg(test)]
mod tests;

use std::collections::HashMap;

use rai_core::{Error, Result};

use crate::encode::EncodedQi;

/// A quality model (utility metric) for choosing among transformations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Metric {
    /// ARX's loss metric (default): per-attribute domain-share loss, geometric mean.
    #[default]
    Loss,
    /// Non-monotonic discernibility: `sum size^2` over kept classes plus `N` per
    /// suppressed record.
    Discernibility,
    /// Monotonic discernibility (DM*): `sum size^2` over all classes.
    DiscernibilityMonotonic,
    /// Precision: mean over attributes of generalisation height fraction (suppressed
    /// records count 1).
    Precision,
    /// Non-uniform entropy (non-monotonic), summed over attributes.
    Entropy,
}

impl Metric {
    /// The CLI name: `loss`, `discernibility`, `discernibility-monotonic`, `precision`,
    /// `entropy`.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Loss => "loss",
            Self::Discernibility => "discernibility",
            Self::DiscernibilityMonotonic => "discernibility-monotonic",
            Self::Precision => "precision",
            Self::Entropy => "entropy",
        }
    }

    /// Parses a CLI name (see [`Metric::name`]).
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for an unknown name.
    pub fn from_name(name: &str) -> Result<Self> {
        Ok(match name {
            "loss" => Self::Loss,
            "discernibility" | "dm" => Self::Discernibility,
            "discernibility-monotonic" | "dm*" | "dm-star" => Self::DiscernibilityMonotonic,
            "precision" => Self::Precision,
            "entropy" => Self::Entropy,
            other => {
                return Err(Error::invalid_parameter(
                    "metric",
                    other,
                    "loss, discernibility, discernibility-monotonic, precision or entropy",
                ));
            }
        })
    }

    /// Whether the score can be bounded from below from the levels alone (loss,
    /// precision, entropy: the score without suppression).
    pub fn has_level_bound(&self) -> bool {
        matches!(self, Self::Loss | Self::Precision | Self::Entropy)
    }
}

/// ARX's per-attribute rounding: truncation to 10 decimal places.
pub fn truncate10(x: f64) -> f64 {
    (x * 1e10).floor() / 1e10
}

/// Precomputed per-column, per-level quantities.
#[derive(Debug, Clone)]
pub struct MetricTables {
    n: f64,
    /// `share[j][level][label]` = rows of the hierarchy with that label / hierarchy rows.
    share: Vec<Vec<Vec<f64>>>,
    /// `full_loss[j][level]` = sum over all records of their share.
    full_loss: Vec<Vec<f64>>,
    /// `entropy[j][level]` = non-uniform entropy of the column at `level`, all records.
    entropy: Vec<Vec<f64>>,
    /// Domain sizes (hierarchy rows).
    domain: Vec<f64>,
    /// Heights (max level).
    height: Vec<usize>,
}

/// The suppressed part of an evaluated transformation, as the metric needs it.
#[derive(Debug, Clone, Copy, Default)]
pub struct ClassSums {
    /// Suppressed records.
    pub suppressed: u64,
    /// `sum size^2` over all classes.
    pub sumsq_all: f64,
    /// `sum size^2` over kept (unsuppressed) classes.
    pub sumsq_kept: f64,
}

/// A transformation's score: the aggregate and, for multi-dimensional metrics, the
/// per-attribute values.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    /// The metric value, as ARX computes it.
    pub value: f64,
    /// Per-attribute values (loss, precision, entropy), in quasi-identifier order.
    pub per_attribute: Option<Vec<f64>>,
}

impl MetricTables {
    /// Precomputes the tables for the encoded quasi-identifiers.
    pub fn new(qis: &[EncodedQi]) -> Self {
        let n = qis.first().map_or(0, |q| q.codes().len());
        let mut share = Vec::with_capacity(qis.len());
        let mut full_loss = Vec::with_capacity(qis.len());
        let mut entropy = Vec::with_capacity(qis.len());
        for q in qis {
            let d = q.hierarchy_rows() as f64;
            // value counts over the data
            let mut dense = vec![0u64; q.hierarchy_rows()];
            for &c in q.codes() {
                dense[c as usize] += 1;
            }
            let keys: Vec<u32> = (0..dense.len() as u32)
                .filter(|&k| dense[k as usize] > 0)
                .collect();
            let counts = |k: u32| dense[k as usize];
            let mut sh = Vec::with_capacity(q.n_levels());
            let mut fl = Vec::with_capacity(q.n_levels());
            let mut en = Vec::with_capacity(q.n_levels());
            for level in 0..q.n_levels() {
                let map = q.gen_map(level);
                let mut rows_per_label = vec![0u64; q.n_labels(level)];
                for &l in map {
                    rows_per_label[l as usize] += 1;
                }
                let s: Vec<f64> = rows_per_label.iter().map(|&r| r as f64 / d).collect();
                let mut data_per_label = vec![0u64; q.n_labels(level)];
                for &k in &keys {
                    data_per_label[map[k as usize] as usize] += counts(k);
                }
                let mut loss = 0.0;
                let mut ent = 0.0;
                for &k in &keys {
                    let c = counts(k) as f64;
                    let label = map[k as usize] as usize;
                    loss += c * s[label];
                    ent += c * (c / data_per_label[label] as f64).log2();
                }
                sh.push(s);
                fl.push(loss);
                en.push(-ent);
            }
            share.push(sh);
            full_loss.push(fl);
            entropy.push(en);
        }
        Self {
            n: n as f64,
            share,
            full_loss,
            entropy,
            domain: qis.iter().map(|q| q.hierarchy_rows() as f64).collect(),
            height: qis.iter().map(|q| q.n_levels().saturating_sub(1)).collect(),
        }
    }

    /// Domain share of label `label` of attribute `j` at `level`.
    pub fn share(&self, j: usize, level: usize, label: u32) -> f64 {
        self.share[j][level][label as usize]
    }

    fn loss_attr(&self, j: usize, raw: f64) -> f64 {
        let min = self.n / self.domain[j];
        let denom = self.n - min;
        if denom <= 0.0 {
            return 0.0;
        }
        let v = (raw - min) / denom;
        truncate10(if v >= 0.0 { v } else { 0.0 })
    }

    fn geometric(values: &[f64]) -> f64 {
        let m = values.len() as f64;
        let mut r = 1.0;
        for &v in values {
            r *= (v + 1.0).powf(1.0 / m);
        }
        r - 1.0
    }

    fn precision_attr(&self, j: usize, level: usize, suppressed: u64) -> f64 {
        let h = self.height[j];
        let frac = if h == 0 { 0.0 } else { level as f64 / h as f64 };
        if self.n == 0.0 {
            return 0.0;
        }
        ((self.n - suppressed as f64) * frac + suppressed as f64) / self.n
    }

    /// A lower bound of the score of every transformation at `levels` whatever it
    /// suppresses (the score without suppression), for metrics with
    /// [`Metric::has_level_bound`]; `None` otherwise.
    pub fn level_bound(&self, metric: Metric, levels: &[u8]) -> Option<f64> {
        match metric {
            Metric::Loss => {
                let v: Vec<f64> = levels
                    .iter()
                    .enumerate()
                    .map(|(j, &l)| self.loss_attr(j, self.full_loss[j][l as usize]))
                    .collect();
                Some(Self::geometric(&v))
            }
            Metric::Precision => {
                let m = levels.len() as f64;
                let s: f64 = levels
                    .iter()
                    .enumerate()
                    .map(|(j, &l)| self.precision_attr(j, l as usize, 0))
                    .sum();
                Some(if m > 0.0 { s / m } else { 0.0 })
            }
            Metric::Entropy => Some(
                levels
                    .iter()
                    .enumerate()
                    .map(|(j, &l)| truncate10(self.entropy[j][l as usize]))
                    .sum(),
            ),
            Metric::Discernibility | Metric::DiscernibilityMonotonic => None,
        }
    }

    /// The score of a transformation.
    ///
    /// `suppressed_classes` lists `(size, labels)` of each suppressed class where
    /// `labels(j)` is the class's label code for attribute `j` at `levels[j]`.
    pub fn score<F>(
        &self,
        metric: Metric,
        levels: &[u8],
        sums: ClassSums,
        suppressed_classes: &[(u32, u32)],
        label: F,
    ) -> Score
    where
        F: Fn(usize, u32) -> u32,
    {
        let s = sums.suppressed as f64;
        match metric {
            Metric::Discernibility => Score {
                value: sums.sumsq_kept + self.n * s,
                per_attribute: None,
            },
            Metric::DiscernibilityMonotonic => Score {
                value: sums.sumsq_all,
                per_attribute: None,
            },
            Metric::Loss => {
                let v: Vec<f64> = levels
                    .iter()
                    .enumerate()
                    .map(|(j, &l)| {
                        let mut raw = self.full_loss[j][l as usize];
                        for &(size, rep) in suppressed_classes {
                            let sh = self.share(j, l as usize, label(j, rep));
                            raw += f64::from(size) * (1.0 - sh);
                        }
                        self.loss_attr(j, raw)
                    })
                    .collect();
                Score {
                    value: Self::geometric(&v),
                    per_attribute: Some(v),
                }
            }
            Metric::Precision => {
                let v: Vec<f64> = levels
                    .iter()
                    .enumerate()
                    .map(|(j, &l)| self.precision_attr(j, l as usize, sums.suppressed))
                    .collect();
                let m = v.len() as f64;
                Score {
                    value: if m > 0.0 {
                        v.iter().sum::<f64>() / m
                    } else {
                        0.0
                    },
                    per_attribute: Some(v),
                }
            }
            Metric::Entropy => {
                let v: Vec<f64> = levels
                    .iter()
                    .enumerate()
                    .map(|(j, &l)| {
                        let mut e = self.entropy[j][l as usize];
                        if sums.suppressed > 0 {
                            let mut per: HashMap<u32, u64> = HashMap::new();
                            for &(size, rep) in suppressed_classes {
                                *per.entry(label(j, rep)).or_insert(0) += u64::from(size);
                            }
                            let mut keys: Vec<u32> = per.keys().copied().collect();
                            keys.sort_unstable();
                            for k in keys {
                                let c = per[&k] as f64;
                                e -= c * (c / s).log2();
                            }
                        }
                        truncate10(e)
                    })
                    .collect();
                Score {
                    value: v.iter().sum(),
                    per_attribute: Some(v),
                }
            }
        }
    }
}
