//! HopSkipJump (decision-based, L2).

use ndarray::{Array2, ArrayView1, ArrayView2};
use rai_core::{Error, Model, Result};
use rand::Rng;
use rand_distr::{Distribution, StandardNormal};
use rayon::prelude::*;

use super::{Oracle, misclassified};
use crate::attacks::{AttackResult, check_labels, ensure_classifier, evaluate_attack};
use crate::constraints::{FeatureConstraints, Norm};

/// Parameters of [`HopSkipJump`].
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct HopSkipJumpParams {
    /// Query budget per row.
    pub max_queries: u64,
    /// Iterations (gradient estimate + step + binary search) per row.
    pub max_iter: usize,
    /// Gradient-estimation queries at the first iteration (grows with `sqrt(t)`).
    pub init_evals: usize,
    /// Cap on gradient-estimation queries per iteration.
    pub max_evals: usize,
    /// Random points tried to find a first misclassified point.
    pub init_size: usize,
    /// Binary-search threshold factor (`theta = gamma * scale / d^1.5`).
    pub gamma: f64,
    /// Success needs a distance at most this (L2); `None`: any distance.
    pub epsilon: Option<f64>,
    /// Seed.
    pub seed: u64,
}

impl Default for HopSkipJumpParams {
    fn default() -> Self {
        Self {
            max_queries: 5000,
            max_iter: 40,
            init_evals: 100,
            max_evals: 1000,
            init_size: 100,
            gamma: 1.0,
            epsilon: None,
            seed: 0,
        }
    }
}

/// The HopSkipJump attack.
///
/// # Examples
/// ```
/// use rai_models::{LinearKind, LinearModel};
/// use rai_robustness::blackbox::{HopSkipJump, HopSkipJumpParams};
/// let m = LinearModel::new(LinearKind::LogisticRegression, vec!["a".into(), "b".into()], vec![1.0, 1.0], 0.0)?;
/// let x = ndarray::array![[1.0, 1.0], [-1.0, -2.0], [2.0, 0.5]];
/// let y = ndarray::array![1.0, 0.0, 1.0];
/// let r = HopSkipJump::new(HopSkipJumpParams { max_queries: 2000, ..Default::default() })?
///     .run(&m, x.view(), y.view(), None)?;
/// assert_eq!(r.report.adversarial_accuracy, Some(0.0));
/// // row 0 is sqrt(2) from the boundary x_a + x_b = 0
/// assert!((r.distances[0] - 2f64.sqrt()).abs() < 0.05);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # References
/// Chen, Jordan & Wainwright (2020), "HopSkipJumpAttack: a query-efficient decision-based
/// attack", IEEE S&P.
#[derive(Debug, Clone, PartialEq)]
pub struct HopSkipJump {
    params: HopSkipJumpParams,
}

impl HopSkipJump {
    /// A validated attack.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for a zero budget, iteration or evaluation count, a
    /// non-positive `gamma` or a negative `epsilon`.
    pub fn new(params: HopSkipJumpParams) -> Result<Self> {
        if params.max_queries == 0 {
            return Err(Error::invalid_parameter("max_queries", 0, "at least 1"));
        }
        if params.max_iter == 0 || params.init_evals == 0 || params.max_evals == 0 {
            return Err(Error::invalid_parameter(
                "max_iter / init_evals / max_evals",
                format!(
                    "{} / {} / {}",
                    params.max_iter, params.init_evals, params.max_evals
                ),
                "all at least 1",
            ));
        }
        rai_core::error::ensure_positive("gamma", params.gamma)?;
        if let Some(e) = params.epsilon {
            if !(e.is_finite() && e >= 0.0) {
                return Err(Error::invalid_parameter(
                    "epsilon",
                    e,
                    "a finite number >= 0",
                ));
            }
        }
        Ok(Self { params })
    }

    /// Attacks every row of `x` against labels `y` (0/1) and evaluates the result.
    ///
    /// # Errors
    /// [`Error::Unsupported`] for regressors; label, shape and model errors.
    pub fn run<M: Model + ?Sized>(
        &self,
        model: &M,
        x: ArrayView2<'_, f64>,
        y: ArrayView1<'_, f64>,
        constraints: Option<&FeatureConstraints>,
    ) -> Result<AttackResult> {
        ensure_classifier(model)?;
        rai_core::model::check_features(&x, model.n_features())?;
        check_labels(&y.to_vec(), x.nrows())?;
        let unconstrained = FeatureConstraints::new(x.ncols());
        let constraints = constraints.unwrap_or(&unconstrained);
        constraints.ensure_features(x.ncols())?;
        let margins = model.predict_margin(x)?;
        let (lo, hi) = search_box(x, constraints);
        let scale = {
            let r: Vec<f64> = lo
                .iter()
                .zip(&hi)
                .map(|(a, b)| b - a)
                .filter(|r| r.is_finite() && *r > 0.0)
                .collect();
            if r.is_empty() {
                1.0
            } else {
                r.iter().sum::<f64>() / r.len() as f64
            }
        };
        let other: Vec<usize> = (0..x.nrows()).collect();
        let rows: Vec<Result<(Vec<f64>, u64)>> = (0..x.nrows())
            .into_par_iter()
            .map(|i| {
                let x0 = x.row(i).to_vec();
                if misclassified(margins[i], y[i]) {
                    return Ok((x0, 0));
                }
                let candidates: Vec<usize> = other
                    .iter()
                    .copied()
                    .filter(|&k| misclassified(margins[k], y[i]))
                    .collect();
                self.attack_row(
                    model,
                    x,
                    &x0,
                    y[i],
                    constraints,
                    &candidates,
                    &lo,
                    &hi,
                    scale,
                    i as u64,
                )
            })
            .collect();
        let mut adv = Array2::zeros((x.nrows(), x.ncols()));
        let mut queries = x.nrows() as u64;
        for (i, r) in rows.into_iter().enumerate() {
            let (row, q) = r?;
            queries += q;
            for (j, v) in row.into_iter().enumerate() {
                adv[[i, j]] = v;
            }
        }
        let p = &self.params;
        let mut parameters = serde_json::Map::new();
        parameters.insert("max_queries_per_row".into(), p.max_queries.into());
        parameters.insert("max_iter".into(), p.max_iter.into());
        parameters.insert("init_evals".into(), p.init_evals.into());
        parameters.insert("max_evals".into(), p.max_evals.into());
        parameters.insert("gamma".into(), p.gamma.into());
        evaluate_attack(
            model,
            x,
            adv,
            y,
            "hopskipjump",
            Norm::L2,
            p.epsilon,
            Some(queries),
            Some(p.seed),
            parameters,
        )
    }

    #[allow(clippy::too_many_arguments)] // reason: private per-row worker
    fn attack_row<M: Model + ?Sized>(
        &self,
        model: &M,
        x: ArrayView2<'_, f64>,
        x0: &[f64],
        label: f64,
        constraints: &FeatureConstraints,
        other_class_rows: &[usize],
        lo: &[f64],
        hi: &[f64],
        scale: f64,
        row: u64,
    ) -> Result<(Vec<f64>, u64)> {
        let p = &self.params;
        let d = x0.len();
        let mut rng = rai_core::rng::stream(p.seed, row);
        let mut o = Oracle {
            model,
            x0,
            label,
            constraints,
            budget: None,
            queries: 0,
            max_queries: p.max_queries,
        };
        let theta = p.gamma * scale / (d as f64).powf(1.5);
        let mutable: Vec<bool> = (0..d).map(|j| !constraints.is_immutable(j)).collect();
        // 1. a first misclassified point: nearest rows of the other class, then random points
        let mut start: Option<Vec<f64>> = None;
        let mut near: Vec<(f64, usize)> = other_class_rows
            .iter()
            .map(|&k| (Norm::L2.distance(&x.row(k).to_vec(), x0), k))
            .collect();
        near.sort_by(|a, b| a.0.total_cmp(&b.0));
        for &(_, k) in near.iter().take(10) {
            match o.is_adversarial(x.row(k).to_vec())? {
                Some((true, r)) => {
                    start = Some(r);
                    break;
                }
                Some(_) => {}
                None => break,
            }
        }
        if start.is_none() {
            for _ in 0..p.init_size {
                let c: Vec<f64> = (0..d)
                    .map(|j| {
                        if mutable[j] && lo[j] < hi[j] {
                            rng.random_range(lo[j]..=hi[j])
                        } else {
                            x0[j]
                        }
                    })
                    .collect();
                match o.is_adversarial(c)? {
                    Some((true, r)) => {
                        start = Some(r);
                        break;
                    }
                    Some(_) => {}
                    None => break,
                }
            }
        }
        let Some(start) = start else {
            return Ok((x0.to_vec(), o.queries));
        };
        let mut best_dist = Norm::L2.distance(&start, x0);
        let mut best = start.clone();
        let mut current = binary_search(&mut o, x0, start, theta)?;
        let cd = Norm::L2.distance(&current, x0);
        if cd < best_dist {
            best_dist = cd;
            best = current.clone();
        }
        for t in 1..=p.max_iter {
            if o.remaining() == 0 {
                break;
            }
            let dist = Norm::L2.distance(&current, x0);
            if dist == 0.0 {
                break;
            }
            // probe radius sqrt(d) * theta' * dist with the unit-free theta' = gamma / d^1.5
            let delta = (p.gamma * dist / d as f64).max(1e-12 * scale);
            let evals = ((p.init_evals as f64 * (t as f64).sqrt()) as usize)
                .min(p.max_evals)
                .min((o.remaining() / 2) as usize);
            if evals == 0 {
                break;
            }
            // Monte-Carlo estimate of the boundary normal at `current`
            let dirs: Vec<Vec<f64>> = (0..evals)
                .map(|_| {
                    let mut u: Vec<f64> = (0..d)
                        .map(|j| {
                            if mutable[j] {
                                StandardNormal.sample(&mut rng)
                            } else {
                                0.0
                            }
                        })
                        .collect();
                    let n = u.iter().map(|v: &f64| v * v).sum::<f64>().sqrt();
                    if n > 0.0 {
                        u.iter_mut().for_each(|v| *v /= n);
                    }
                    u
                })
                .collect();
            let probes: Vec<Vec<f64>> = dirs
                .iter()
                .map(|u| current.iter().zip(u).map(|(c, v)| c + delta * v).collect())
                .collect();
            let Some(res) = o.margins(probes)? else { break };
            let signs: Vec<f64> = res
                .iter()
                .map(|(m, _)| if misclassified(*m, label) { 1.0 } else { -1.0 })
                .collect();
            for ((m, r), _) in res.iter().zip(&signs) {
                if misclassified(*m, label) {
                    let dd = Norm::L2.distance(r, x0);
                    if dd < best_dist {
                        best_dist = dd;
                        best = r.clone();
                    }
                }
            }
            let mean = signs.iter().sum::<f64>() / signs.len() as f64;
            let baseline = if mean.abs() == 1.0 { 0.0 } else { mean };
            let mut grad = vec![0.0; d];
            for (u, s) in dirs.iter().zip(&signs) {
                for j in 0..d {
                    grad[j] += (s - baseline) * u[j];
                }
            }
            let gn = grad.iter().map(|v| v * v).sum::<f64>().sqrt();
            if gn == 0.0 {
                break;
            }
            grad.iter_mut().for_each(|v| *v /= gn);
            // geometric step-size search
            let mut xi = dist / (t as f64).sqrt();
            let mut stepped: Option<Vec<f64>> = None;
            for _ in 0..30 {
                let c: Vec<f64> = current.iter().zip(&grad).map(|(c, g)| c + xi * g).collect();
                match o.is_adversarial(c)? {
                    Some((true, r)) => {
                        stepped = Some(r);
                        break;
                    }
                    Some(_) => xi /= 2.0,
                    None => break,
                }
            }
            let Some(stepped) = stepped else { break };
            current = binary_search(&mut o, x0, stepped, theta)?;
            let cd = Norm::L2.distance(&current, x0);
            if cd < best_dist {
                best_dist = cd;
                best = current.clone();
            }
        }
        match p.epsilon {
            Some(e) if best_dist > e => Ok((x0.to_vec(), o.queries)),
            _ => Ok((best, o.queries)),
        }
    }
}

/// Binary search on the segment from `x0` (correct) to `adv` (misclassified, realized);
/// returns the realized misclassified end point closest to `x0` found.
fn binary_search<M: Model + ?Sized>(
    o: &mut Oracle<'_, M>,
    x0: &[f64],
    adv: Vec<f64>,
    theta: f64,
) -> Result<Vec<f64>> {
    let len = Norm::L2.distance(&adv, x0);
    let (mut lo, mut hi) = (0.0f64, 1.0f64);
    let mut best = adv.clone();
    for _ in 0..60 {
        if (hi - lo) * len <= theta {
            break;
        }
        let mid = (lo + hi) / 2.0;
        let c: Vec<f64> = x0
            .iter()
            .zip(&adv)
            .map(|(a, b)| a + mid * (b - a))
            .collect();
        match o.is_adversarial(c)? {
            Some((true, r)) => {
                hi = mid;
                best = r;
            }
            Some((false, _)) => lo = mid,
            None => break,
        }
    }
    Ok(best)
}

/// Box for random starting points: finite constraint bounds, else the data range.
pub(crate) fn search_box(x: ArrayView2<'_, f64>, c: &FeatureConstraints) -> (Vec<f64>, Vec<f64>) {
    let mut lo = Vec::with_capacity(x.ncols());
    let mut hi = Vec::with_capacity(x.ncols());
    for (j, col) in x.columns().into_iter().enumerate() {
        let finite = col.iter().copied().filter(|v| v.is_finite());
        let (mn, mx) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
        let l = if c.lower()[j].is_finite() {
            c.lower()[j]
        } else {
            mn
        };
        let h = if c.upper()[j].is_finite() {
            c.upper()[j]
        } else {
            mx
        };
        let (l, h) = if l.is_finite() && h.is_finite() && l <= h {
            (l, h)
        } else {
            (0.0, 0.0)
        };
        lo.push(l);
        hi.push(h);
    }
    (lo, hi)
}
