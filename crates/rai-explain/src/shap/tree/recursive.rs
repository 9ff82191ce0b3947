//! The original path-dependent TreeSHAP recursion (Lundberg et al. 2020, Algorithm 2),
//! with the conditioning used for SHAP interaction values.
//!
//! Walking down a tree, the algorithm keeps the *unique path*: the distinct features
//! split on so far, each with a zero fraction (the share of training cover that follows
//! the path when the feature is absent) and a one fraction (1 if `x` follows the path,
//! else 0), plus a weight per coalition size. A feature met again is unwound and
//! re-extended with multiplied fractions. At a leaf, each path feature receives
//! `unwound_sum * (one - zero) * leaf_value`. Cost per row and tree: `O(L D^2)`.

use rai_models::Node;

/// Marker feature of the path's first (dummy) element.
const NO_FEATURE: usize = usize::MAX;

/// One element of the unique path.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PathElement {
    feature: usize,
    zero: f64,
    one: f64,
    weight: f64,
}

impl Default for PathElement {
    fn default() -> Self {
        PathElement {
            feature: NO_FEATURE,
            zero: 0.0,
            one: 0.0,
            weight: 0.0,
        }
    }
}

/// Conditioning for interaction values: a feature forced present (`On`) or absent (`Off`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Condition {
    /// Plain TreeSHAP.
    None,
    /// The feature is always in the coalition.
    On(usize),
    /// The feature is never in the coalition.
    Off(usize),
}

impl Condition {
    fn feature(self) -> Option<usize> {
        match self {
            Condition::None => None,
            Condition::On(f) | Condition::Off(f) => Some(f),
        }
    }
}

/// The fraction of a node's cover that goes to a child. A node without positive cover
/// splits its weight evenly (a degenerate model; keeps every weight finite).
#[inline]
pub(crate) fn cover_ratio(parent: &Node, child: &Node) -> f64 {
    if parent.cover > 0.0 && parent.cover.is_finite() {
        child.cover / parent.cover
    } else {
        0.5
    }
}

/// Path buffer length needed for trees of depth `depth`.
pub(crate) fn path_buffer_len(depth: usize) -> usize {
    (depth + 2) * (depth + 3) / 2 + depth + 4
}

/// Adds the attributions of one tree for row `x` to `phi` (no bias term).
///
/// `path` must hold at least [`path_buffer_len`]`(depth of the tree)` elements.
pub(crate) fn tree_shap(
    tree: &[Node],
    x: &[f64],
    phi: &mut [f64],
    condition: Condition,
    path: &mut [PathElement],
) {
    let mut ctx = Ctx {
        tree,
        x,
        phi,
        path,
        condition,
    };
    ctx.recurse(0, 0, 0, 1.0, 1.0, NO_FEATURE, 1.0);
}

struct Ctx<'a> {
    tree: &'a [Node],
    x: &'a [f64],
    phi: &'a mut [f64],
    path: &'a mut [PathElement],
    condition: Condition,
}

impl Ctx<'_> {
    #[allow(clippy::too_many_arguments)] // reason: the recursion state of Algorithm 2
    fn recurse(
        &mut self,
        node: usize,
        parent_start: usize,
        depth: usize,
        parent_zero: f64,
        parent_one: f64,
        parent_feature: usize,
        condition_fraction: f64,
    ) {
        if condition_fraction == 0.0 || (parent_zero == 0.0 && parent_one == 0.0) {
            // Unreachable in every coalition: contributes nothing.
            return;
        }
        let mut depth = depth;
        let start = parent_start + depth + 1;
        self.path
            .copy_within(parent_start..parent_start + depth + 1, start);
        if self.condition.feature() != Some(parent_feature) {
            extend(
                &mut self.path[start..],
                depth,
                parent_zero,
                parent_one,
                parent_feature,
            );
        }
        let n = self.tree[node];
        if n.is_leaf() {
            let p = &self.path[start..];
            for i in 1..=depth {
                let w = unwound_sum(p, depth, i);
                let e = p[i];
                self.phi[e.feature] += w * (e.one - e.zero) * n.value * condition_fraction;
            }
            return;
        }
        let feature = n.feature as usize;
        let hot = n.next(self.x[feature]) as usize;
        let cold = if hot == n.left as usize {
            n.right as usize
        } else {
            n.left as usize
        };
        let hot_zero = cover_ratio(&n, &self.tree[hot]);
        let cold_zero = cover_ratio(&n, &self.tree[cold]);
        let mut incoming_zero = 1.0;
        let mut incoming_one = 1.0;
        if let Some(k) = (1..=depth).find(|&k| self.path[start + k].feature == feature) {
            incoming_zero = self.path[start + k].zero;
            incoming_one = self.path[start + k].one;
            unwind(&mut self.path[start..], depth, k);
            depth -= 1;
        }
        let mut hot_fraction = condition_fraction;
        let mut cold_fraction = condition_fraction;
        let mut child_depth = depth + 1;
        match self.condition {
            Condition::On(f) if f == feature => {
                cold_fraction = 0.0;
                child_depth -= 1;
            }
            Condition::Off(f) if f == feature => {
                hot_fraction *= hot_zero;
                cold_fraction *= cold_zero;
                child_depth -= 1;
            }
            _ => {}
        }
        self.recurse(
            hot,
            start,
            child_depth,
            hot_zero * incoming_zero,
            incoming_one,
            feature,
            hot_fraction,
        );
        self.recurse(
            cold,
            start,
            child_depth,
            cold_zero * incoming_zero,
            0.0,
            feature,
            cold_fraction,
        );
    }
}

/// Appends a feature to the path (elements `0..depth` exist) and updates the weights.
fn extend(p: &mut [PathElement], depth: usize, zero: f64, one: f64, feature: usize) {
    p[depth] = PathElement {
        feature,
        zero,
        one,
        weight: if depth == 0 { 1.0 } else { 0.0 },
    };
    let l1 = (depth + 1) as f64;
    for i in (0..depth).rev() {
        p[i + 1].weight += one * p[i].weight * (i + 1) as f64 / l1;
        p[i].weight = zero * p[i].weight * (depth - i) as f64 / l1;
    }
}

/// Removes element `k` from the path (elements `0..=depth` exist), undoing its extension.
fn unwind(p: &mut [PathElement], depth: usize, k: usize) {
    let one = p[k].one;
    let zero = p[k].zero;
    let l1 = (depth + 1) as f64;
    let mut next = p[depth].weight;
    for i in (0..depth).rev() {
        if one != 0.0 {
            let tmp = p[i].weight;
            p[i].weight = next * l1 / ((i + 1) as f64 * one);
            next = tmp - p[i].weight * zero * (depth - i) as f64 / l1;
        } else {
            p[i].weight = p[i].weight * l1 / (zero * (depth - i) as f64);
        }
    }
    for i in k..depth {
        p[i].feature = p[i + 1].feature;
        p[i].zero = p[i + 1].zero;
        p[i].one = p[i + 1].one;
    }
}

/// The total weight of the path with element `k` unwound, without modifying it.
fn unwound_sum(p: &[PathElement], depth: usize, k: usize) -> f64 {
    let one = p[k].one;
    let zero = p[k].zero;
    let l1 = (depth + 1) as f64;
    let mut total = 0.0;
    if one != 0.0 {
        let mut next = p[depth].weight;
        for i in (0..depth).rev() {
            let tmp = next * l1 / ((i + 1) as f64 * one);
            total += tmp;
            next = p[i].weight - tmp * zero * (depth - i) as f64 / l1;
        }
    } else if zero != 0.0 {
        for i in (0..depth).rev() {
            total += p[i].weight / zero / ((depth - i) as f64 / l1);
        }
    }
    total
}

/// The expected value of a tree under its cover distribution
/// (`sum over leaves of value * product of cover ratios on the path`).
pub(crate) fn tree_expected_value(tree: &[Node]) -> f64 {
    let mut weight = vec![0.0; tree.len()];
    weight[0] = 1.0;
    let mut total = 0.0;
    for (i, n) in tree.iter().enumerate() {
        if n.is_leaf() {
            total += weight[i] * n.value;
        } else {
            let (l, r) = (n.left as usize, n.right as usize);
            weight[l] = weight[i] * cover_ratio(n, &tree[l]);
            weight[r] = weight[i] * cover_ratio(n, &tree[r]);
        }
    }
    total
}

/// Depth of a tree (a single leaf has depth 0).
pub(crate) fn tree_depth(tree: &[Node]) -> usize {
    let mut depth = vec![0usize; tree.len()];
    let mut max = 0;
    for (i, n) in tree.iter().enumerate() {
        if !n.is_leaf() {
            depth[n.left as usize] = depth[i] + 1;
            depth[n.right as usize] = depth[i] + 1;
            max = max.max(depth[i] + 1);
        }
    }
    max
}
