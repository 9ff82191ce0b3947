//! Square attack (score-based random search, L-inf) adapted to tabular rows.

use ndarray::{Array2, ArrayView1, ArrayView2};
use rai_core::{Error, Model, Result};
use rand::Rng;
use rand::seq::SliceRandom;
use rayon::prelude::*;

use super::{Oracle, misclassified};
use crate::attacks::{AttackResult, check_labels, ensure_classifier, evaluate_attack};
use crate::constraints::{FeatureConstraints, Norm};

/// Parameters of [`SquareAttack`].
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SquareAttackParams {
    /// L-inf budget.
    pub epsilon: f64,
    /// Query budget per row.
    pub max_queries: u64,
    /// Initial share of mutable features changed per step (halved on the paper's schedule).
    pub p_init: f64,
    /// Seed.
    pub seed: u64,
}

impl Default for SquareAttackParams {
    fn default() -> Self {
        Self {
            epsilon: 0.1,
            max_queries: 1000,
            p_init: 0.3,
            seed: 0,
        }
    }
}

/// The Square attack.
///
/// # Examples
/// ```
/// use rai_models::{LinearKind, LinearModel};
/// use rai_robustness::blackbox::{SquareAttack, SquareAttackParams};
/// let m = LinearModel::new(LinearKind::LogisticRegression, vec!["a".into(), "b".into()], vec![1.0, -1.0], 0.0)?;
/// let x = ndarray::array![[0.2, 0.0], [3.0, 0.0]];
/// let y = ndarray::array![1.0, 1.0];
/// let r = SquareAttack::new(SquareAttackParams { epsilon: 0.5, ..Default::default() })?
///     .run(&m, x.view(), y.view(), None)?;
/// assert_eq!(r.adversarial_class, vec![0.0, 1.0]); // the far row survives
/// assert!(r.distances.iter().all(|d| *d <= 0.5));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # References
/// Andriushchenko, Croce, Flammarion & Hein (2020), "Square Attack: a query-efficient
/// black-box adversarial attack via random search", ECCV.
#[derive(Debug, Clone, PartialEq)]
pub struct SquareAttack {
    params: SquareAttackParams,
}

impl SquareAttack {
    /// A validated attack.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for a negative or non-finite `epsilon`, a zero budget
    /// or `p_init` outside (0, 1].
    pub fn new(params: SquareAttackParams) -> Result<Self> {
        if !(params.epsilon.is_finite() && params.epsilon >= 0.0) {
            return Err(Error::invalid_parameter(
                "epsilon",
                params.epsilon,
                "a finite number >= 0",
            ));
        }
        if params.max_queries == 0 {
            return Err(Error::invalid_parameter("max_queries", 0, "at least 1"));
        }
        if !(params.p_init > 0.0 && params.p_init <= 1.0) {
            return Err(Error::invalid_parameter(
                "p_init",
                params.p_init,
                "a number in (0, 1]",
            ));
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
        let rows: Vec<Result<(Vec<f64>, u64)>> = (0..x.nrows())
            .into_par_iter()
            .map(|i| {
                let x0 = x.row(i).to_vec();
                if misclassified(margins[i], y[i]) {
                    return Ok((x0, 0));
                }
                self.attack_row(model, &x0, y[i], constraints, i as u64)
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
        parameters.insert("p_init".into(), p.p_init.into());
        evaluate_attack(
            model,
            x,
            adv,
            y,
            "square",
            Norm::Inf,
            Some(p.epsilon),
            Some(queries),
            Some(p.seed),
            parameters,
        )
    }

    fn attack_row<M: Model + ?Sized>(
        &self,
        model: &M,
        x0: &[f64],
        label: f64,
        constraints: &FeatureConstraints,
        row: u64,
    ) -> Result<(Vec<f64>, u64)> {
        let p = &self.params;
        let eps = p.epsilon;
        let d = x0.len();
        let mut rng = rai_core::rng::stream(p.seed, row);
        let mut o = Oracle {
            model,
            x0,
            label,
            constraints,
            budget: Some((Norm::Inf, eps)),
            queries: 0,
            max_queries: p.max_queries,
        };
        let mutable: Vec<usize> = (0..d).filter(|&j| !constraints.is_immutable(j)).collect();
        if mutable.is_empty() || eps == 0.0 {
            return Ok((x0.to_vec(), 0));
        }
        let loss = |m: f64| if label == 1.0 { m } else { -m };
        // vertical-stripe initialisation: every mutable feature at a random corner
        let init: Vec<f64> = (0..d)
            .map(|j| {
                if constraints.is_immutable(j) {
                    x0[j]
                } else {
                    x0[j] + corner(&mut rng, eps)
                }
            })
            .collect();
        let Some(mut res) = o.margins(vec![init])? else {
            return Ok((x0.to_vec(), o.queries));
        };
        let Some((m0, mut best)) = res.pop() else {
            return Ok((x0.to_vec(), o.queries));
        };
        let mut best_loss = loss(m0);
        if misclassified(m0, label) {
            return Ok((best, o.queries));
        }
        let mut it = 0u64;
        while o.remaining() > 0 {
            let frac = p_schedule(p.p_init, it, p.max_queries);
            let k = ((frac * mutable.len() as f64).round() as usize).clamp(1, mutable.len());
            let mut chosen = mutable.clone();
            chosen.shuffle(&mut rng);
            let mut cand = best.clone();
            for &j in &chosen[..k] {
                cand[j] = x0[j] + corner(&mut rng, eps);
            }
            let Some(mut r) = o.margins(vec![cand])? else {
                break;
            };
            let Some((m, realized)) = r.pop() else { break };
            if loss(m) < best_loss {
                best_loss = loss(m);
                best = realized;
                if misclassified(m, label) {
                    return Ok((best, o.queries));
                }
            }
            it += 1;
        }
        // failed: the row stays as it was
        Ok((x0.to_vec(), o.queries))
    }
}

fn corner<R: Rng + ?Sized>(rng: &mut R, eps: f64) -> f64 {
    if rng.random::<bool>() { eps } else { -eps }
}

/// The paper's schedule (for a 10,000-query budget), rescaled to `max_queries`.
fn p_schedule(p_init: f64, it: u64, max_queries: u64) -> f64 {
    let it = (it as f64 / max_queries as f64 * 10_000.0) as u64;
    let halvings = [10, 50, 200, 500, 1000, 2000, 4000, 6000, 8000]
        .iter()
        .filter(|&&t| it > t)
        .count();
    p_init / 2f64.powi(halvings as i32)
}
