//! KernelSHAP: Shapley values as the solution of a weighted least-squares problem over
//! sampled coalitions (Lundberg & Lee 2017), for any model.
//!
//! Coalition sizes are visited from the outside in (size `s` together with `M - s`):
//! while the sample budget covers every coalition of a size pair, all of them are
//! enumerated with their exact Shapley-kernel weight; the remaining budget is spent on
//! randomly drawn coalitions of the remaining sizes, each drawn together with its
//! complement (paired sampling), duplicates adding weight. The weighted least-squares
//! fit of `v(S) - base` on the coalition indicators is solved with the efficiency
//! constraint `sum phi = f(x) - base` imposed exactly (one coefficient eliminated).
//! With a budget of `2^M - 2` every coalition is enumerated and the values equal
//! [`ExactShap`](crate::shap::ExactShap).
//!
//! The coalition design is drawn once from the seed and shared by all rows, so results
//! depend only on the seed (not on the thread count), and the normal matrix is factorised
//! once.

mod params;
#[cfg(test)]
mod tests;

pub use params::KernelShapParams;

use std::collections::HashMap;

use ndarray::{Array1, Array2, ArrayView2};
use rai_core::{Error, Model, Result};
use rai_models::TreeEnsemble;
use rand::Rng;
use rayon::prelude::*;

use crate::explanation::{Explanation, Space};
use crate::shap::game::MaskedGame;
use crate::shap::{binomial, check_inputs};

/// KernelSHAP with a sample budget and a seed (interventional, margin space).
///
/// # Examples
/// ```
/// use rai_explain::shap::KernelShap;
/// use rai_models::{LinearKind, LinearModel};
///
/// let model = LinearModel::new(LinearKind::LinearRegression, vec!["a".into(), "b".into(), "c".into()],
///                              vec![1.0, 2.0, 3.0], 0.0)?;
/// let background = ndarray::array![[0.0, 0.0, 0.0]];
/// let x = ndarray::array![[1.0, 1.0, 1.0]];
/// let e = KernelShap::params().n_samples(100).seed(7).build()?
///     .explain(&model, background.view(), x.view())?;
/// assert!((e.values()[[0, 2]] - 3.0).abs() < 1e-9);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// See [`KernelShap::explain`].
///
/// # Formula
/// `min_phi sum_S pi(S) (v(S) - base - sum_{i in S} phi_i)^2` subject to
/// `sum_i phi_i = f(x) - base`, with `pi(S) = (M - 1) / (C(M, |S|) |S| (M - |S|))`.
///
/// # References
/// Lundberg & Lee (2017). A unified approach to interpreting model predictions. NeurIPS.
/// Covert & Lee (2021). Improving KernelSHAP: practical Shapley value estimation using
/// linear regression. AISTATS (paired sampling).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KernelShap {
    n_samples: Option<usize>,
    seed: u64,
}

/// Sampled coalitions and their kernel weights.
#[derive(Debug, Clone)]
pub(crate) struct Design {
    /// `k x m` row-major masks.
    pub(crate) masks: Vec<bool>,
    pub(crate) weights: Vec<f64>,
    /// Whether every non-trivial coalition is present.
    pub(crate) complete: bool,
}

impl KernelShap {
    /// A parameter builder.
    pub fn params() -> KernelShapParams {
        KernelShapParams::default()
    }

    /// The sample budget for `m` features.
    pub fn n_samples_for(&self, m: usize) -> usize {
        let budget = self.n_samples.unwrap_or(2 * m + 2048);
        if m < 40 {
            budget.min((1usize << m).saturating_sub(2))
        } else {
            budget
        }
    }

    /// The seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Draws the coalition design for `m >= 2` features.
    pub(crate) fn design(&self, m: usize) -> Design {
        let n_samples = self.n_samples_for(m);
        let mut masks: Vec<bool> = Vec::new();
        let mut weights: Vec<f64> = Vec::new();
        let n_sizes = m / 2; // sizes 1..=ceil((m-1)/2), each with its complement size
        let n_paired = (m - 1) / 2;
        let mut size_weight: Vec<f64> = (1..=n_sizes)
            .map(|s| {
                let w = (m - 1) as f64 / (s * (m - s)) as f64;
                if s <= n_paired { 2.0 * w } else { w }
            })
            .collect();
        let total: f64 = size_weight.iter().sum();
        size_weight.iter_mut().for_each(|w| *w /= total);
        let mut remaining = size_weight.clone();
        let mut left = n_samples;
        let mut n_full = 0;
        for idx in 0..n_sizes {
            let s = idx + 1;
            let paired = s <= n_paired;
            let n_subsets = binomial(m, s) * if paired { 2.0 } else { 1.0 };
            if left as f64 * remaining[idx] / n_subsets >= 1.0 - 1e-8 {
                n_full += 1;
                left = left.saturating_sub(n_subsets as usize);
                if remaining[idx] < 1.0 {
                    let r = remaining[idx];
                    remaining.iter_mut().for_each(|w| *w /= 1.0 - r);
                }
                let w = size_weight[idx] / binomial(m, s) / if paired { 2.0 } else { 1.0 };
                for_each_subset(m, s, |mask| {
                    masks.extend_from_slice(mask);
                    weights.push(w);
                    if paired {
                        masks.extend(mask.iter().map(|b| !b));
                        weights.push(w);
                    }
                });
            } else {
                break;
            }
        }
        let complete = n_full == n_sizes;
        if !complete && left > 0 {
            let n_fixed = weights.len();
            let weight_left: f64 = size_weight[n_full..].iter().sum();
            let rest: Vec<f64> = size_weight[n_full..].to_vec();
            let rest_total: f64 = rest.iter().sum();
            let mut rng = rai_core::rng::seeded(self.seed);
            let mut seen: HashMap<Vec<bool>, usize> = HashMap::new();
            let mut order: Vec<usize> = (0..m).collect();
            let max_draws = 4 * left + 64;
            let mut draws = 0;
            while left > 0 && draws < max_draws {
                draws += 1;
                // size by the remaining weights
                let mut u = rng.random::<f64>() * rest_total;
                let mut idx = rest.len() - 1;
                for (k, w) in rest.iter().enumerate() {
                    if u < *w {
                        idx = k;
                        break;
                    }
                    u -= w;
                }
                let s = n_full + idx + 1;
                // random subset of size s (partial Fisher-Yates)
                for a in 0..s {
                    let b = rng.random_range(a..m);
                    order.swap(a, b);
                }
                let mut mask = vec![false; m];
                for &j in &order[..s] {
                    mask[j] = true;
                }
                let paired = s <= n_paired;
                match seen.get(&mask) {
                    Some(&pos) => {
                        weights[pos] += 1.0;
                        if paired && pos + 1 < weights.len() {
                            weights[pos + 1] += 1.0;
                        }
                    }
                    None => {
                        seen.insert(mask.clone(), weights.len());
                        masks.extend_from_slice(&mask);
                        weights.push(1.0);
                        left -= 1;
                        if paired && left > 0 {
                            masks.extend(mask.iter().map(|b| !b));
                            weights.push(1.0);
                            left -= 1;
                        }
                    }
                }
            }
            let sampled: f64 = weights[n_fixed..].iter().sum();
            if sampled > 0.0 {
                weights[n_fixed..]
                    .iter_mut()
                    .for_each(|w| *w *= weight_left / sampled);
            }
        }
        Design {
            masks,
            weights,
            complete,
        }
    }

    /// Explains the rows of `x` against `background`.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for an empty background, or when the sampled coalitions
    /// cannot identify every feature (increase `n_samples`); [`Error::LengthMismatch`] for
    /// a wrong number of columns; [`Error::NonFinite`] for infinite cells; any error of the
    /// model.
    pub fn explain(
        &self,
        model: &dyn Model,
        background: ArrayView2<'_, f64>,
        x: ArrayView2<'_, f64>,
    ) -> Result<Explanation> {
        self.run(model, None, background, x)
    }

    /// As [`KernelShap::explain`] for a tree ensemble, with a faster evaluation of the
    /// coalition values that never builds the masked rows (the game is rewritten as a
    /// sum of per-leaf terms, evaluated for all coalitions with bitsets). Same values up
    /// to rounding.
    ///
    /// # Errors
    /// As [`KernelShap::explain`].
    pub fn explain_trees(
        &self,
        model: &TreeEnsemble,
        background: ArrayView2<'_, f64>,
        x: ArrayView2<'_, f64>,
    ) -> Result<Explanation> {
        self.run(model, Some(model), background, x)
    }

    fn run(
        &self,
        model: &dyn Model,
        trees: Option<&TreeEnsemble>,
        background: ArrayView2<'_, f64>,
        x: ArrayView2<'_, f64>,
    ) -> Result<Explanation> {
        let m = model.n_features();
        check_inputs(&background, &x, m)?;
        let game = MaskedGame::choose(model, trees, background);
        let base = game.base_value()?;
        let fx = model.predict_margin(x)?;
        let n = x.nrows();
        let mut values = Array2::zeros((n, m));
        let mut n_coalitions = 0;
        let mut complete = true;
        if m == 1 {
            for i in 0..n {
                values[[i, 0]] = fx[i] - base;
            }
        } else if m >= 2 {
            let design = self.design(m);
            n_coalitions = design.weights.len();
            complete = design.complete;
            let solver = Solver::new(&design, m)?;
            let rows: Vec<Vec<f64>> = (0..n)
                .into_par_iter()
                .map(|i| -> Result<Vec<f64>> {
                    let v = game.values(x.row(i), &design.masks)?;
                    Ok(solver.solve(&v, base, fx[i]))
                })
                .collect::<Result<_>>()?;
            for (i, r) in rows.iter().enumerate() {
                for (j, v) in r.iter().enumerate() {
                    values[[i, j]] = *v;
                }
            }
        }
        Explanation::new(
            values,
            Array1::from_elem(1, base),
            model.feature_names().to_vec(),
            "kernel_shap",
            serde_json::json!({
                "feature_perturbation": "interventional",
                "n_samples": self.n_samples_for(m),
                "coalitions": n_coalitions,
                "all_coalitions": complete,
                "seed": self.seed,
                "background_rows": background.nrows(),
            }),
            Space::Margin,
        )
    }
}

/// Calls `f` with every mask of `m` entries with exactly `s` set, in lexicographic order
/// of the chosen index sets.
fn for_each_subset(m: usize, s: usize, mut f: impl FnMut(&[bool])) {
    let mut idx: Vec<usize> = (0..s).collect();
    let mut mask = vec![false; m];
    loop {
        mask.iter_mut().for_each(|b| *b = false);
        for &i in &idx {
            mask[i] = true;
        }
        f(&mask);
        // next combination
        let mut k = s;
        loop {
            if k == 0 {
                return;
            }
            k -= 1;
            if idx[k] < m - s + k {
                idx[k] += 1;
                for j in k + 1..s {
                    idx[j] = idx[j - 1] + 1;
                }
                break;
            }
            if k == 0 {
                return;
            }
        }
    }
}

/// The constrained weighted least-squares solver: the last feature is eliminated
/// (`phi_last = delta - sum of the others`), and the normal matrix of the remaining
/// `m - 1` features is factorised once (Cholesky).
struct Solver {
    m: usize,
    /// `k x (m-1)`: `z_kj - z_k,last`.
    design: Vec<f64>,
    /// `z_k,last`.
    last: Vec<f64>,
    weights: Vec<f64>,
    /// Lower-triangular Cholesky factor of `X^T W X`, `(m-1) x (m-1)`.
    chol: Vec<f64>,
}

impl Solver {
    fn new(design: &Design, m: usize) -> Result<Solver> {
        let p = m - 1;
        let k = design.weights.len();
        let mut xm = vec![0.0; k * p];
        let mut last = vec![0.0; k];
        for r in 0..k {
            let z = &design.masks[r * m..(r + 1) * m];
            let zl = if z[m - 1] { 1.0 } else { 0.0 };
            last[r] = zl;
            for j in 0..p {
                xm[r * p + j] = (if z[j] { 1.0 } else { 0.0 }) - zl;
            }
        }
        let mut a = vec![0.0; p * p];
        for r in 0..k {
            let w = design.weights[r];
            let row = &xm[r * p..(r + 1) * p];
            for i in 0..p {
                if row[i] == 0.0 {
                    continue;
                }
                for j in 0..=i {
                    a[i * p + j] += w * row[i] * row[j];
                }
            }
        }
        // Cholesky (lower)
        let scale = (0..p).map(|i| a[i * p + i]).fold(0.0, f64::max);
        let mut l = vec![0.0; p * p];
        for i in 0..p {
            for j in 0..=i {
                let mut s = a[i * p + j];
                for q in 0..j {
                    s -= l[i * p + q] * l[j * p + q];
                }
                if i == j {
                    if s.is_nan() || s <= 1e-12 * scale.max(f64::MIN_POSITIVE) {
                        return Err(Error::invalid_parameter(
                            "n_samples",
                            k,
                            format!(
                                "enough coalitions to identify all {m} features (the sampled design is singular); increase n_samples"
                            ),
                        ));
                    }
                    l[i * p + i] = s.sqrt();
                } else {
                    l[i * p + j] = s / l[j * p + j];
                }
            }
        }
        Ok(Solver {
            m,
            design: xm,
            last,
            weights: design.weights.clone(),
            chol: l,
        })
    }

    /// Shapley estimates from coalition values `v`, base value and model output `fx`.
    fn solve(&self, v: &[f64], base: f64, fx: f64) -> Vec<f64> {
        let p = self.m - 1;
        let delta = fx - base;
        let mut b = vec![0.0; p];
        for (r, &vr) in v.iter().enumerate() {
            let y = (vr - base - self.last[r] * delta) * self.weights[r];
            let row = &self.design[r * p..(r + 1) * p];
            for j in 0..p {
                b[j] += row[j] * y;
            }
        }
        // forward then backward substitution
        let l = &self.chol;
        let mut y = vec![0.0; p];
        for i in 0..p {
            let mut s = b[i];
            for q in 0..i {
                s -= l[i * p + q] * y[q];
            }
            y[i] = s / l[i * p + i];
        }
        let mut phi = vec![0.0; self.m];
        for i in (0..p).rev() {
            let mut s = y[i];
            for q in i + 1..p {
                s -= l[q * p + i] * phi[q];
            }
            phi[i] = s / l[i * p + i];
        }
        phi[p] = delta - phi[..p].iter().sum::<f64>();
        phi
    }
}
