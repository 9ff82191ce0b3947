//! A small CART implementation (Breiman et al. 1984): greedy binary splits `x <= t`
//! minimising the children's squared error (regression) or Gini impurity times size
//! (classification); missing values go right.

use ndarray::ArrayView2;
use rayon::prelude::*;
use serde::Serialize;

/// A node of a fitted tree; children follow their parent in [`Cart::nodes`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum CartNode {
    /// `x[feature] <= threshold` goes to `left`, larger or missing to `right`.
    Split {
        /// Column index.
        feature: usize,
        /// Threshold (midpoint between neighbouring training values).
        threshold: f64,
        /// Left child index.
        left: usize,
        /// Right child index.
        right: usize,
        /// Training rows reaching the node.
        samples: usize,
        /// Mean target of those rows.
        value: f64,
    },
    /// A leaf predicting `value` (mean target: margin, or fraction of positive class).
    Leaf {
        /// Training rows reaching the leaf.
        samples: usize,
        /// Mean target.
        value: f64,
    },
}

/// A fitted tree.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cart {
    /// Nodes, root first.
    pub nodes: Vec<CartNode>,
}

#[derive(Clone, Copy)]
pub(crate) struct CartConfig {
    pub max_depth: usize,
    pub min_samples_leaf: usize,
    pub classification: bool,
}

struct Best {
    impurity: f64,
    feature: usize,
    threshold: f64,
}

fn impurity(sum: f64, sum_sq: f64, n: f64, classification: bool) -> f64 {
    if n == 0.0 {
        return 0.0;
    }
    if classification {
        // n * gini with p = sum / n, targets 0/1: n * 2p(1-p)
        let p = sum / n;
        n * 2.0 * p * (1.0 - p)
    } else {
        sum_sq - sum * sum / n
    }
}

impl Cart {
    pub(crate) fn fit(x: ArrayView2<'_, f64>, y: &[f64], cfg: CartConfig) -> Cart {
        let mut nodes = Vec::new();
        let rows: Vec<usize> = (0..y.len()).collect();
        grow(x, y, rows, 0, cfg, &mut nodes);
        Cart { nodes }
    }

    /// The leaf value for one row.
    pub fn predict_row(&self, row: &[f64]) -> f64 {
        let mut i = 0;
        loop {
            match &self.nodes[i] {
                CartNode::Leaf { value, .. } => return *value,
                CartNode::Split {
                    feature,
                    threshold,
                    left,
                    right,
                    ..
                } => {
                    i = if row[*feature] <= *threshold {
                        *left
                    } else {
                        *right
                    };
                }
            }
        }
    }

    /// Depth of the tree (a single leaf has depth 0).
    pub fn depth(&self) -> usize {
        fn d(nodes: &[CartNode], i: usize) -> usize {
            match &nodes[i] {
                CartNode::Leaf { .. } => 0,
                CartNode::Split { left, right, .. } => 1 + d(nodes, *left).max(d(nodes, *right)),
            }
        }
        d(&self.nodes, 0)
    }
}

fn grow(
    x: ArrayView2<'_, f64>,
    y: &[f64],
    rows: Vec<usize>,
    depth: usize,
    cfg: CartConfig,
    nodes: &mut Vec<CartNode>,
) -> usize {
    let n = rows.len();
    let sum: f64 = rows.iter().map(|&i| y[i]).sum();
    let sum_sq: f64 = rows.iter().map(|&i| y[i] * y[i]).sum();
    let value = if n == 0 { 0.0 } else { sum / n as f64 };
    let me = nodes.len();
    nodes.push(CartNode::Leaf { samples: n, value });
    if depth >= cfg.max_depth || n < 2 * cfg.min_samples_leaf {
        return me;
    }
    let parent = impurity(sum, sum_sq, n as f64, cfg.classification);
    if parent <= 1e-12 * (n as f64) {
        return me;
    }
    let best = (0..x.ncols())
        .into_par_iter()
        .map(|f| best_split(x, y, &rows, f, cfg))
        .collect::<Vec<_>>()
        .into_iter()
        .flatten()
        .fold(None::<Best>, |acc, b| match acc {
            Some(a) if a.impurity <= b.impurity => Some(a),
            _ => Some(b),
        });
    let Some(best) = best else { return me };
    if best.impurity >= parent - 1e-12 * parent.abs() {
        return me;
    }
    let (l, r): (Vec<usize>, Vec<usize>) = rows
        .iter()
        .partition(|&&i| x[[i, best.feature]] <= best.threshold);
    let left = grow(x, y, l, depth + 1, cfg, nodes);
    let right = grow(x, y, r, depth + 1, cfg, nodes);
    nodes[me] = CartNode::Split {
        feature: best.feature,
        threshold: best.threshold,
        left,
        right,
        samples: n,
        value,
    };
    me
}

fn best_split(
    x: ArrayView2<'_, f64>,
    y: &[f64],
    rows: &[usize],
    f: usize,
    cfg: CartConfig,
) -> Option<Best> {
    let mut vals: Vec<(f64, f64)> = Vec::with_capacity(rows.len());
    let (mut miss_sum, mut miss_sq) = (0.0, 0.0);
    for &i in rows {
        let v = x[[i, f]];
        if v.is_nan() {
            miss_sum += y[i];
            miss_sq += y[i] * y[i];
        } else {
            vals.push((v, y[i]));
        }
    }
    vals.sort_by(|a, b| a.0.total_cmp(&b.0));
    let total_sum: f64 = vals.iter().map(|v| v.1).sum::<f64>() + miss_sum;
    let total_sq: f64 = vals.iter().map(|v| v.1 * v.1).sum::<f64>() + miss_sq;
    let n = rows.len() as f64;
    let (mut ls, mut lq) = (0.0, 0.0);
    let mut best: Option<Best> = None;
    for k in 0..vals.len().saturating_sub(1) {
        ls += vals[k].1;
        lq += vals[k].1 * vals[k].1;
        if vals[k].0 == vals[k + 1].0 {
            continue;
        }
        let nl = (k + 1) as f64;
        let nr = n - nl;
        if (k + 1) < cfg.min_samples_leaf || (nr as usize) < cfg.min_samples_leaf {
            continue;
        }
        let imp = impurity(ls, lq, nl, cfg.classification)
            + impurity(total_sum - ls, total_sq - lq, nr, cfg.classification);
        if best.as_ref().is_none_or(|b| imp < b.impurity) {
            let mut t = (vals[k].0 + vals[k + 1].0) / 2.0;
            if t >= vals[k + 1].0 {
                t = vals[k].0;
            }
            best = Some(Best {
                impurity: imp,
                feature: f,
                threshold: t,
            });
        }
    }
    best
}
