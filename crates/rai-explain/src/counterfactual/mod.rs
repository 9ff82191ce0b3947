//! Counterfactual explanations in the style of DiCE (Mothilal, Sharma & Tan 2020): for a
//! row and a desired class, a small set of valid, close, sparse and diverse alternative
//! rows, on any binary classifier behind [`rai_core::Model`] (tree ensembles included:
//! the search only calls the model).
//!
//! # Method
//! 1. Random search: `candidates` rows, each changing a random subset of the mutable
//!    features to values drawn (half the time) from the data's values of that feature or
//!    (otherwise) uniformly from its allowed interval. A feature's allowed interval is its
//!    range (default the data's min..max), cut at the original value by a monotone
//!    constraint; integer features take integers. Candidate `c` draws from stream `c` of
//!    the seed, so results do not depend on the thread count.
//! 2. Every valid candidate (model's class, `margin > 0`, equals the desired class) is
//!    refined: changed features are reverted to the original value one at a time, smallest
//!    scaled change first, while the row stays valid (sparsity); then each remaining
//!    change is shrunk toward the original by bisection while the row stays valid
//!    (proximity).
//! 3. From the distinct refined rows, a set is chosen greedily: first the closest, then
//!    each time the row maximising `diversity_weight * (distance to the nearest chosen
//!    row) - distance to the original`.
//!
//! Distances are DiCE's: the mean over features of `|x'_j - x_j| / MAD_j` (median absolute
//! deviation of the data, 1 when it is 0). Immutable features, and features missing in the
//! explained row, are never changed; an unchanged feature keeps its original value even
//! if it lies outside the given range. Each returned row is re-predicted and reports
//! `valid`.

mod params;
#[cfg(test)]
mod tests;

pub use params::{CounterfactualParams, FeatureConstraint, Monotone};

use ndarray::{Array2, ArrayView1, ArrayView2};
use rai_core::{Error, Model, Result, Task};
use rand::Rng;
use rayon::prelude::*;
use serde::Serialize;

/// Allowed values of one feature for one explained row.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Allowed {
    lo: f64,
    hi: f64,
    integer: bool,
}

/// A fitted counterfactual generator: data statistics and constraints.
#[derive(Debug, Clone)]
pub struct Counterfactuals {
    params: CounterfactualParams,
    constraints: Vec<FeatureConstraint>,
    mads: Vec<f64>,
    mins: Vec<f64>,
    maxs: Vec<f64>,
    integer: Vec<bool>,
    data_values: Vec<Vec<f64>>,
}

/// One counterfactual.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Counterfactual {
    /// Every feature's value, in model order.
    pub values: Vec<f64>,
    /// Indices of the features that differ from the original.
    pub changed: Vec<usize>,
    /// Mean MAD-scaled L1 distance to the original.
    pub distance: f64,
    /// The model's positive-class probability for this row.
    pub probability: f64,
    /// Whether the model (re-run on this row) gives the desired class.
    pub valid: bool,
}

/// Counterfactuals for one row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CounterfactualSet {
    /// The explained row.
    pub original: Vec<f64>,
    /// The model's positive-class probability for it.
    pub original_probability: f64,
    /// The desired class (0 or 1).
    pub desired_class: u8,
    /// The chosen counterfactuals (possibly fewer than asked, or none).
    pub counterfactuals: Vec<Counterfactual>,
    /// Mean pairwise distance between the chosen counterfactuals; `None` for fewer than two.
    pub diversity: Option<f64>,
    /// Random candidates drawn.
    pub candidates: usize,
    /// Valid candidates found before refinement.
    pub valid_candidates: usize,
    /// Seed.
    pub seed: u64,
}

fn median(sorted: &[f64]) -> f64 {
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    }
}

impl Counterfactuals {
    /// A parameter builder (4 counterfactuals, 2000 candidates, seed 0, no constraints).
    pub fn params() -> CounterfactualParams {
        CounterfactualParams::default()
    }

    /// Learns MADs, default ranges and integer features from `data` (missing cells
    /// ignored per column).
    ///
    /// # Errors
    /// The parameter errors ([`Error::InvalidParameter`]); [`Error::Empty`] for a column
    /// with no value.
    #[allow(
        clippy::needless_range_loop,
        reason = "one loop fills several per-column vectors"
    )]
    pub fn new(data: ArrayView2<'_, f64>, params: CounterfactualParams) -> Result<Self> {
        let p = data.ncols();
        params.validate(p)?;
        let mut constraints = vec![FeatureConstraint::default(); p];
        for (j, c) in &params.constraints {
            constraints[*j] = *c;
        }
        let (mut mads, mut mins, mut maxs, mut integer, mut data_values) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for j in 0..p {
            let mut v: Vec<f64> = data
                .column(j)
                .iter()
                .copied()
                .filter(|x| x.is_finite())
                .collect();
            if v.is_empty() {
                return Err(Error::Empty {
                    what: format!("values of column {j} for counterfactuals"),
                });
            }
            v.sort_by(f64::total_cmp);
            let med = median(&v);
            let mut dev: Vec<f64> = v.iter().map(|x| (x - med).abs()).collect();
            dev.sort_by(f64::total_cmp);
            let mad = median(&dev);
            mads.push(if mad > 0.0 { mad } else { 1.0 });
            mins.push(v[0]);
            maxs.push(v[v.len() - 1]);
            integer.push(
                constraints[j]
                    .integer
                    .unwrap_or_else(|| v.iter().all(|x| x.fract() == 0.0)),
            );
            v.dedup();
            data_values.push(v);
        }
        Ok(Counterfactuals {
            params,
            constraints,
            mads,
            mins,
            maxs,
            integer,
            data_values,
        })
    }

    /// The MAD used to scale each feature's change.
    pub fn mads(&self) -> &[f64] {
        &self.mads
    }

    /// Mean MAD-scaled L1 distance between two rows.
    pub fn distance(&self, a: &[f64], b: &[f64]) -> f64 {
        let s: f64 = a
            .iter()
            .zip(b)
            .zip(&self.mads)
            .map(|((x, y), m)| if x == y { 0.0 } else { (x - y).abs() / m })
            .sum();
        s / self.mads.len().max(1) as f64
    }

    fn allowed(&self, j: usize, x0: f64) -> Option<Allowed> {
        let c = &self.constraints[j];
        if c.immutable || !x0.is_finite() {
            return None;
        }
        let (mut lo, mut hi) = c.range.unwrap_or((self.mins[j], self.maxs[j]));
        match c.monotone {
            Monotone::Increase => lo = lo.max(x0),
            Monotone::Decrease => hi = hi.min(x0),
            Monotone::Free => {}
        }
        let integer = self.integer[j];
        if integer {
            lo = lo.ceil();
            hi = hi.floor();
        }
        if lo > hi || (lo == hi && lo == x0) {
            return None;
        }
        Some(Allowed { lo, hi, integer })
    }

    /// Finds counterfactuals of `row` for `desired` class (0 or 1).
    ///
    /// # Examples
    /// ```
    /// use rai_explain::counterfactual::Counterfactuals;
    /// use rai_models::{LinearKind, LinearModel};
    ///
    /// let names: Vec<String> = vec!["income".into(), "age".into()];
    /// let model = LinearModel::new(LinearKind::LogisticRegression, names, vec![1.0, 0.0], -5.0)?;
    /// let data = ndarray::Array2::from_shape_fn((100, 2), |(i, j)| (i % 10 + j) as f64);
    /// let cf = Counterfactuals::new(data.view(), Counterfactuals::params().immutable(1).seed(3))?;
    /// let set = cf.explain(&model, data.row(0), 1)?;
    /// assert!(!set.counterfactuals.is_empty());
    /// for c in &set.counterfactuals {
    ///     assert!(c.valid && c.values[0] > 5.0 && c.values[1] == data[[0, 1]]);
    /// }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Unsupported`] for a regression model; [`Error::InvalidParameter`] for a
    /// desired class other than 0/1, a desired class the model already predicts, or no
    /// mutable feature; [`Error::LengthMismatch`] for a row or model of another width;
    /// model errors.
    ///
    /// # References
    /// Mothilal, Sharma & Tan (2020), "Explaining machine learning classifiers through
    /// diverse counterfactual explanations", FAT*; Wachter, Mittelstadt & Russell (2017).
    pub fn explain(
        &self,
        model: &dyn Model,
        row: ArrayView1<'_, f64>,
        desired: u8,
    ) -> Result<CounterfactualSet> {
        let p = self.mads.len();
        rai_core::error::ensure_len("row vs counterfactual data columns", p, row.len())?;
        rai_core::error::ensure_len(
            "model features vs counterfactual data columns",
            p,
            model.n_features(),
        )?;
        if model.task() != Task::BinaryClassification {
            return Err(Error::unsupported(
                "counterfactuals for a regression model (binary classifiers only)",
            ));
        }
        if desired > 1 {
            return Err(Error::invalid_parameter("desired", desired, "class 0 or 1"));
        }
        let x0 = row.to_vec();
        let want = desired == 1;
        let m0 = model.predict_margin(row.insert_axis(ndarray::Axis(0)))?[0];
        if (m0 > 0.0) == want {
            return Err(Error::invalid_parameter(
                "desired",
                desired,
                "a class other than the one the model already predicts for this row",
            ));
        }
        let allowed: Vec<Option<Allowed>> = (0..p).map(|j| self.allowed(j, x0[j])).collect();
        let mutable: Vec<usize> = (0..p).filter(|j| allowed[*j].is_some()).collect();
        if mutable.is_empty() {
            return Err(Error::invalid_parameter(
                "immutable",
                "every feature",
                "at least one feature that may change within its range and direction",
            ));
        }
        let max_k = self.params.max_changes.unwrap_or(p).min(mutable.len());
        let seed = self.params.seed;
        let n_cand = self.params.candidates;
        let rows: Vec<Vec<f64>> = (0..n_cand)
            .into_par_iter()
            .map(|c| {
                let mut rng = rai_core::rng::stream(seed, c as u64);
                let k = rng.random_range(1..=max_k);
                let mut pool = mutable.clone();
                let mut cand = x0.clone();
                for t in 0..k {
                    let pick = rng.random_range(t..pool.len());
                    pool.swap(t, pick);
                    let j = pool[t];
                    if let Some(a) = allowed[j] {
                        cand[j] = self.draw(&mut rng, j, a);
                    }
                }
                cand
            })
            .collect();
        let margins = predict_rows(model, &rows, p)?;
        let valid: Vec<&Vec<f64>> = rows
            .iter()
            .zip(margins.iter())
            .filter(|(_, m)| (**m > 0.0) == want)
            .map(|(r, _)| r)
            .collect();
        let valid_candidates = valid.len();
        // Refine the closest valid candidates (10 per requested counterfactual).
        let mut by_dist: Vec<(f64, &Vec<f64>)> =
            valid.iter().map(|r| (self.distance(r, &x0), *r)).collect();
        by_dist.sort_by(|a, b| a.0.total_cmp(&b.0));
        by_dist.truncate(10 * self.params.count);
        let refined: Vec<Vec<f64>> = by_dist
            .par_iter()
            .map(|(_, r)| self.refine(model, &x0, r, want))
            .collect::<Result<Vec<_>>>()?;
        let mut distinct: Vec<Vec<f64>> = Vec::new();
        for r in refined {
            if !distinct.iter().any(|d| d == &r) {
                distinct.push(r);
            }
        }
        let chosen = self.choose(&x0, distinct);
        let probs = if chosen.is_empty() {
            Vec::new()
        } else {
            predict_rows(model, &chosen, p)?.to_vec()
        };
        let link = model.link();
        let counterfactuals: Vec<Counterfactual> = chosen
            .into_iter()
            .zip(probs)
            .map(|(values, m)| Counterfactual {
                changed: (0..p).filter(|j| !same(values[*j], x0[*j])).collect(),
                distance: self.distance(&values, &x0),
                probability: link.apply(m),
                valid: (m > 0.0) == want,
                values,
            })
            .collect();
        let k = counterfactuals.len();
        let diversity = (k >= 2).then(|| {
            let mut s = 0.0;
            for a in 0..k {
                for b in a + 1..k {
                    s += self.distance(&counterfactuals[a].values, &counterfactuals[b].values);
                }
            }
            s / (k * (k - 1) / 2) as f64
        });
        Ok(CounterfactualSet {
            original: x0,
            original_probability: link.apply(m0),
            desired_class: desired,
            counterfactuals,
            diversity,
            candidates: n_cand,
            valid_candidates,
            seed,
        })
    }

    fn draw<R: Rng + ?Sized>(&self, rng: &mut R, j: usize, a: Allowed) -> f64 {
        if rng.random::<bool>() {
            let vals = &self.data_values[j];
            let v = vals[rng.random_range(0..vals.len())];
            if (a.lo..=a.hi).contains(&v) && (!a.integer || v.fract() == 0.0) {
                return v;
            }
        }
        if a.integer {
            // lo and hi are integers here
            let span = (a.hi - a.lo) as u64;
            a.lo + rng.random_range(0..=span) as f64
        } else {
            a.lo + (a.hi - a.lo) * rng.random::<f64>()
        }
    }

    fn is_valid(model: &dyn Model, r: &[f64], want: bool) -> Result<bool> {
        let x = ndarray::ArrayView2::from_shape((1, r.len()), r)
            .map_err(|e| Error::invalid_parameter("row", e, "a valid row"))?;
        Ok((model.predict_margin(x)?[0] > 0.0) == want)
    }

    /// Greedy sparsification, then bisection toward the original for each change.
    fn refine(&self, model: &dyn Model, x0: &[f64], start: &[f64], want: bool) -> Result<Vec<f64>> {
        let mut cf = start.to_vec();
        let mut changed: Vec<usize> = (0..x0.len()).filter(|j| !same(cf[*j], x0[*j])).collect();
        changed.sort_by(|a, b| {
            let da = (cf[*a] - x0[*a]).abs() / self.mads[*a];
            let db = (cf[*b] - x0[*b]).abs() / self.mads[*b];
            da.total_cmp(&db)
        });
        let mut kept = Vec::new();
        for &j in &changed {
            let v = cf[j];
            cf[j] = x0[j];
            if !Self::is_valid(model, &cf, want)? {
                cf[j] = v;
                kept.push(j);
            }
        }
        for &j in &kept {
            let target = cf[j];
            let (mut lo_t, mut hi_t) = (0.0f64, 1.0f64); // hi_t is valid
            for _ in 0..8 {
                let mid = (lo_t + hi_t) / 2.0;
                let mut v = x0[j] + mid * (target - x0[j]);
                if self.integer[j] {
                    v = if target > x0[j] { v.ceil() } else { v.floor() };
                }
                if let Some(a) = self.allowed(j, x0[j]) {
                    v = v.clamp(a.lo, a.hi);
                }
                let old = cf[j];
                cf[j] = v;
                if Self::is_valid(model, &cf, want)? {
                    hi_t = mid;
                } else {
                    lo_t = mid;
                    cf[j] = old;
                }
            }
        }
        Ok(cf)
    }

    fn choose(&self, x0: &[f64], pool: Vec<Vec<f64>>) -> Vec<Vec<f64>> {
        let d0: Vec<f64> = pool.iter().map(|r| self.distance(r, x0)).collect();
        let mut taken = vec![false; pool.len()];
        let mut out_idx: Vec<usize> = Vec::new();
        while out_idx.len() < self.params.count {
            let mut best: Option<(usize, f64)> = None;
            for (i, r) in pool.iter().enumerate() {
                if taken[i] {
                    continue;
                }
                let div = out_idx
                    .iter()
                    .map(|&k| self.distance(r, &pool[k]))
                    .fold(f64::INFINITY, f64::min);
                let score = if out_idx.is_empty() {
                    -d0[i]
                } else {
                    self.params.diversity_weight * div - d0[i]
                };
                if best.is_none_or(|(_, b)| score > b) {
                    best = Some((i, score));
                }
            }
            match best {
                Some((i, _)) => {
                    taken[i] = true;
                    out_idx.push(i);
                }
                None => break,
            }
        }
        out_idx.into_iter().map(|i| pool[i].clone()).collect()
    }
}

fn same(a: f64, b: f64) -> bool {
    a == b || (a.is_nan() && b.is_nan())
}

fn predict_rows(model: &dyn Model, rows: &[Vec<f64>], p: usize) -> Result<ndarray::Array1<f64>> {
    let mut m = Array2::<f64>::zeros((rows.len(), p));
    for (i, r) in rows.iter().enumerate() {
        for (j, v) in r.iter().enumerate() {
            m[[i, j]] = *v;
        }
    }
    model.predict_margin(m.view())
}
