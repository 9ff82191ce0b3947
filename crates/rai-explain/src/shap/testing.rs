//! Test support shared by the unit tests and the integration tests (included there with
//! `#[path]`): random tree ensembles, a non-linear test model, and brute-force Shapley
//! values by enumerating every coalition. Uses public APIs only.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use ndarray::{Array1, Array2, ArrayView2};
use rai_core::{Model, Result, Task};
use rai_models::{EnsembleSource, Node, TreeEnsemble};
use rand::Rng;

/// A random ensemble: unbalanced trees up to `max_depth`, features reused along paths,
/// positive covers that add up, random default directions, thresholds in [-1, 1].
pub fn random_ensemble(
    seed: u64,
    n_features: usize,
    n_trees: usize,
    max_depth: usize,
) -> TreeEnsemble {
    let mut rng = rai_core::rng::seeded(seed);
    let mut trees = Vec::new();
    for _ in 0..n_trees {
        let mut nodes: Vec<Node> = Vec::new();
        // (index, depth, cover)
        let mut pending = vec![(0usize, 0usize, rng.random_range(10.0..100.0))];
        nodes.push(Node::leaf(0.0, 0.0));
        while let Some((i, d, cover)) = pending.pop() {
            let split = d < max_depth && (d == 0 || rng.random::<f64>() < 0.75);
            if split {
                let l = nodes.len() as u32;
                let frac = rng.random_range(0.05..0.95);
                nodes.push(Node::leaf(0.0, 0.0));
                nodes.push(Node::leaf(0.0, 0.0));
                nodes[i] = Node::split(
                    rng.random_range(0..n_features) as u32,
                    rng.random_range(-1.0..1.0),
                    l,
                    l + 1,
                    rng.random(),
                    cover,
                );
                pending.push((l as usize, d + 1, cover * frac));
                pending.push((l as usize + 1, d + 1, cover * (1.0 - frac)));
            } else {
                nodes[i] = Node::leaf(rng.random_range(-1.0..1.0), cover);
            }
        }
        trees.push(nodes);
    }
    let names = (0..n_features).map(|j| format!("f{j}")).collect();
    TreeEnsemble::new(
        names,
        Task::BinaryClassification,
        rng.random_range(-0.5..0.5),
        trees,
        EnsembleSource::Native,
    )
    .unwrap()
}

/// Rows in [-1.2, 1.2] with about `nan_rate` missing cells.
pub fn random_rows(seed: u64, rows: usize, cols: usize, nan_rate: f64) -> Array2<f64> {
    let mut rng = rai_core::rng::seeded(seed);
    Array2::from_shape_fn((rows, cols), |_| {
        if rng.random::<f64>() < nan_rate {
            f64::NAN
        } else {
            rng.random_range(-1.2..1.2)
        }
    })
}

/// A smooth non-linear model with interactions: `sum_j a_j x_j + sum_j b_j x_j x_{j+1}
/// + sin(x_0)`.
pub struct Poly {
    pub names: Vec<String>,
    pub a: Vec<f64>,
    pub b: Vec<f64>,
}

impl Poly {
    pub fn new(seed: u64, m: usize) -> Poly {
        let mut rng = rai_core::rng::seeded(seed);
        Poly {
            names: (0..m).map(|j| format!("x{j}")).collect(),
            a: (0..m).map(|_| rng.random_range(-1.0..1.0)).collect(),
            b: (0..m).map(|_| rng.random_range(-1.0..1.0)).collect(),
        }
    }
}

impl Model for Poly {
    fn feature_names(&self) -> &[String] {
        &self.names
    }
    fn task(&self) -> Task {
        Task::Regression
    }
    fn predict_margin(&self, x: ArrayView2<'_, f64>) -> Result<Array1<f64>> {
        rai_core::model::check_features(&x, self.names.len())?;
        let m = self.names.len();
        Ok(Array1::from_iter(x.rows().into_iter().map(|r| {
            let mut s = if m > 0 { r[0].sin() } else { 0.0 };
            for j in 0..m {
                s += self.a[j] * r[j];
                if j + 1 < m {
                    s += self.b[j] * r[j] * r[j + 1];
                }
            }
            s
        })))
    }
}

/// Shapley values of a game given as `v(mask)` over `m` players, by enumeration.
pub fn brute_shapley(m: usize, v: impl Fn(usize) -> f64) -> Vec<f64> {
    let vals: Vec<f64> = (0..1usize << m).map(&v).collect();
    let mut fact = vec![1.0f64; m + 1];
    for i in 1..=m {
        fact[i] = fact[i - 1] * i as f64;
    }
    let mut phi = vec![0.0; m];
    for s in 0..1usize << m {
        let k = s.count_ones() as usize;
        for (i, p) in phi.iter_mut().enumerate() {
            if s & (1 << i) == 0 {
                let w = fact[k] * fact[m - k - 1] / fact[m];
                *p += w * (vals[s | (1 << i)] - vals[s]);
            }
        }
    }
    phi
}

/// Shapley interaction index `phi_ij` (i != j) of a game by enumeration.
pub fn brute_interaction(m: usize, v: impl Fn(usize) -> f64, i: usize, j: usize) -> f64 {
    let vals: Vec<f64> = (0..1usize << m).map(&v).collect();
    let mut fact = vec![1.0f64; m + 1];
    for k in 1..=m {
        fact[k] = fact[k - 1] * k as f64;
    }
    let (bi, bj) = (1usize << i, 1usize << j);
    let mut total = 0.0;
    for s in 0..1usize << m {
        if s & (bi | bj) != 0 {
            continue;
        }
        let k = s.count_ones() as usize;
        let w = fact[k] * fact[m - k - 2] / (2.0 * fact[m - 1]);
        total += w * (vals[s | bi | bj] - vals[s | bi] - vals[s | bj] + vals[s]);
    }
    total
}

/// The path-dependent value of a coalition for one tree: features in `mask` follow `x`,
/// the others average their children by cover.
pub fn path_dependent_value(tree: &[Node], x: &[f64], mask: usize) -> f64 {
    fn go(tree: &[Node], node: usize, x: &[f64], mask: usize) -> f64 {
        let n = &tree[node];
        if n.is_leaf() {
            return n.value;
        }
        let f = n.feature as usize;
        if mask & (1 << f) != 0 {
            go(tree, n.next(x[f]) as usize, x, mask)
        } else {
            let (l, r) = (n.left as usize, n.right as usize);
            (tree[l].cover * go(tree, l, x, mask) + tree[r].cover * go(tree, r, x, mask)) / n.cover
        }
    }
    go(tree, 0, x, mask)
}

/// Brute-force path-dependent TreeSHAP of one row.
pub fn brute_tree_shap(model: &TreeEnsemble, x: &[f64]) -> Vec<f64> {
    let m = model.n_features();
    brute_shapley(m, |s| {
        model
            .trees()
            .map(|t| path_dependent_value(t, x, s))
            .sum::<f64>()
    })
}

/// Brute-force interventional Shapley values of one row: mean over background rows of
/// the Shapley values of `v(S) = f(x_S, b_{not S})`.
pub fn brute_interventional(
    model: &dyn Model,
    background: ArrayView2<'_, f64>,
    x: &[f64],
) -> Vec<f64> {
    let m = model.n_features();
    let nb = background.nrows();
    let mut phi = vec![0.0; m];
    for b in 0..nb {
        let mut data = Array2::zeros((1usize << m, m));
        for s in 0..1usize << m {
            for j in 0..m {
                data[[s, j]] = if s & (1 << j) != 0 {
                    x[j]
                } else {
                    background[[b, j]]
                };
            }
        }
        let v = model.predict_margin(data.view()).unwrap();
        let p = brute_shapley(m, |s| v[s]);
        for j in 0..m {
            phi[j] += p[j] / nb as f64;
        }
    }
    phi
}
