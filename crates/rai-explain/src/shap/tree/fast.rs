//! Fast path-dependent TreeSHAP by per-leaf precomputation (the idea of Fast TreeSHAP v2,
//! Yang 2021).
//!
//! For a leaf with value `v` whose root path splits on the distinct features `D`
//! (`d = |D|`), the path-dependent game is
//! `v(S) = v * prod_{j in S} o_j * prod_{j in D \ S} z_j`, where `z_j` is the product of
//! the cover ratios of the path's splits on `j` and `o_j` is 1 when the row follows every
//! split on `j` along the path, else 0. The Shapley values of this game depend on the row
//! only through the set `T = {j : o_j = 1}`, so for each leaf and each of the `2^d`
//! subsets `T` the `d` attributions are computed once:
//!
//! - for `i in T`: `v (1 - z_i) Z_A sum_{k=0}^{t-1} w(k, d) e_{t-1-k}(z_{T \ i})`
//! - for `i not in T`: `-v Z_A sum_{k=0}^{t} w(k, d) e_{t-k}(z_T)`
//!
//! with `A = D \ T`, `Z_A = prod_{j in A} z_j`, `t = |T|`, `w(k, d) = k!(d-k-1)!/d!` and
//! `e_m` the elementary symmetric polynomials. Explaining a row then costs, per tree,
//! one comparison per split and `O(path length + d)` per leaf, instead of the
//! recursion's `O(d^2)` per leaf. The table has `2^d * d` entries per leaf, so trees whose
//! tables would be too large are left to the recursion.

use rai_models::Node;

use super::recursive::cover_ratio;
use crate::shap::shapley_weights;

/// Largest number of distinct features on a root-to-leaf path handled by tables.
pub(crate) const MAX_PATH_FEATURES: usize = 16;
/// Largest table (entries) built for one tree.
pub(crate) const MAX_TABLE_ENTRIES: usize = 1 << 22;

/// One split on a leaf's path: the row agrees with the path at `node` iff it goes to
/// `child`; otherwise bit `pos` of the leaf's `T` is cleared.
#[derive(Debug, Clone, Copy)]
struct Step {
    node: u32,
    child: u32,
    pos: u32,
}

/// Precomputed tables of one tree.
#[derive(Debug, Clone)]
pub(crate) struct FastTree {
    /// Per leaf: range into `features` (and `d`), range into `steps`, offset into `table`.
    leaves: Vec<LeafIndex>,
    features: Vec<usize>,
    steps: Vec<Step>,
    table: Vec<f64>,
}

#[derive(Debug, Clone, Copy)]
struct LeafIndex {
    feature_start: usize,
    d: usize,
    step_start: usize,
    step_end: usize,
    table_start: usize,
}

/// One edge of a root-to-leaf path: (parent node, child node, split feature, cover ratio).
type Edge = (usize, usize, usize, f64);

/// Each leaf with its path from the root down.
fn leaf_paths(tree: &[Node]) -> Vec<(usize, Vec<Edge>)> {
    // parent of each node and the ratio of the edge into it
    let mut parent = vec![usize::MAX; tree.len()];
    for (i, n) in tree.iter().enumerate() {
        if !n.is_leaf() {
            parent[n.left as usize] = i;
            parent[n.right as usize] = i;
        }
    }
    let mut out = Vec::new();
    for (leaf, n) in tree.iter().enumerate() {
        if !n.is_leaf() {
            continue;
        }
        // (node, child, feature, ratio) from the root down
        let mut path = Vec::new();
        let mut c = leaf;
        while parent[c] != usize::MAX {
            let p = parent[c];
            let pn = &tree[p];
            path.push((p, c, pn.feature as usize, cover_ratio(pn, &tree[c])));
            c = p;
        }
        path.reverse();
        out.push((leaf, path));
    }
    out
}

/// Table size (entries) the tree would need, or `None` if a path has too many features.
pub(crate) fn table_entries(tree: &[Node]) -> Option<usize> {
    let mut total = 0usize;
    for (_, path) in leaf_paths(tree) {
        let mut feats: Vec<usize> = path.iter().map(|s| s.2).collect();
        feats.sort_unstable();
        feats.dedup();
        let d = feats.len();
        if d > MAX_PATH_FEATURES {
            return None;
        }
        total = total.checked_add((1usize << d) * d)?;
    }
    Some(total)
}

/// Elementary symmetric polynomials `e_0..=e_n` of `z`.
fn elementary(z: impl Iterator<Item = f64>, out: &mut Vec<f64>) {
    out.clear();
    out.push(1.0);
    for zi in z {
        out.push(0.0);
        for k in (1..out.len()).rev() {
            out[k] += zi * out[k - 1];
        }
    }
}

impl FastTree {
    /// Builds the tables of one tree.
    pub(crate) fn new(tree: &[Node]) -> FastTree {
        let mut ft = FastTree {
            leaves: Vec::new(),
            features: Vec::new(),
            steps: Vec::new(),
            table: Vec::new(),
        };
        let mut e = Vec::new();
        for (leaf, path) in leaf_paths(tree) {
            let v = tree[leaf].value;
            let mut feats: Vec<usize> = Vec::new();
            let mut z: Vec<f64> = Vec::new();
            let step_start = ft.steps.len();
            for &(node, child, f, ratio) in &path {
                let pos = match feats.iter().position(|&g| g == f) {
                    Some(p) => p,
                    None => {
                        feats.push(f);
                        z.push(1.0);
                        feats.len() - 1
                    }
                };
                z[pos] *= ratio;
                ft.steps.push(Step {
                    node: node as u32,
                    child: child as u32,
                    pos: pos as u32,
                });
            }
            let d = feats.len();
            if d == 0 {
                continue; // a single-leaf tree: only the expected value
            }
            let w = shapley_weights(d);
            let table_start = ft.table.len();
            for t_mask in 0..(1usize << d) {
                let t = t_mask.count_ones() as usize;
                let za: f64 = (0..d)
                    .filter(|k| t_mask & (1 << k) == 0)
                    .map(|k| z[k])
                    .product();
                elementary(
                    (0..d).filter(|k| t_mask & (1 << k) != 0).map(|k| z[k]),
                    &mut e,
                );
                let g_out: f64 = (0..=t.min(d - 1)).map(|s| w[s] * e[t - s]).sum();
                for k in 0..d {
                    let val = if t_mask & (1 << k) != 0 {
                        elementary(
                            (0..d)
                                .filter(|&j| j != k && t_mask & (1 << j) != 0)
                                .map(|j| z[j]),
                            &mut e,
                        );
                        let g_in: f64 = (0..t).map(|s| w[s] * e[t - 1 - s]).sum();
                        v * (1.0 - z[k]) * za * g_in
                    } else {
                        -v * za * g_out
                    };
                    ft.table.push(val);
                }
            }
            ft.leaves.push(LeafIndex {
                feature_start: ft.features.len(),
                d,
                step_start,
                step_end: ft.steps.len(),
                table_start,
            });
            ft.features.extend_from_slice(&feats);
        }
        ft
    }

    /// Adds the tree's attributions for one row to `phi`; `next` is scratch space of the
    /// tree's length.
    #[inline]
    pub(crate) fn add(&self, tree: &[Node], x: &[f64], phi: &mut [f64], next: &mut [u32]) {
        for (i, n) in tree.iter().enumerate() {
            if !n.is_leaf() {
                next[i] = n.next(x[n.feature as usize]);
            }
        }
        for leaf in &self.leaves {
            let d = leaf.d;
            let mut mask = (1usize << d) - 1;
            for s in &self.steps[leaf.step_start..leaf.step_end] {
                if next[s.node as usize] != s.child {
                    mask &= !(1usize << s.pos);
                }
            }
            let row = &self.table[leaf.table_start + mask * d..leaf.table_start + (mask + 1) * d];
            let feats = &self.features[leaf.feature_start..leaf.feature_start + d];
            for (f, v) in feats.iter().zip(row) {
                phi[*f] += v;
            }
        }
    }
}
