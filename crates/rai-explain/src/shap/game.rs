//! The interventional coalition game of a model, a row and a background set, evaluated
//! in batches: `v(S) = mean over background rows b of f(x_S, b_{not S})`.
//!
//! Generic models are evaluated on the masked matrix (one row per coalition and
//! background row). Tree ensembles have a faster evaluator that never builds the masked
//! rows. Up to 128 features, the game of a row is first written as a sum of terms: for
//! each tree and background row, every leaf reachable by mixing `x` and `b` (found as in
//! interventional TreeSHAP) contributes its value to `v(S)` iff the features `X` it takes
//! from `x` are in `S` and those `B` it takes from `b` are not; equal `(X, B)` terms are
//! merged. All coalitions are then evaluated together: with one bitset over coalitions
//! per feature, a term's coalitions are the AND of a few bitsets. Beyond 128 features,
//! background rows travel down each tree as bitsets instead. The values are the generic
//! path's up to rounding; summation orders are fixed, so results are deterministic.

use std::collections::HashMap;
use std::hash::Hash;
use std::ops::{BitAnd, BitOr, Not};

use ndarray::{ArrayView1, ArrayView2};
use rai_core::{Model, Result};
use rai_models::TreeEnsemble;

/// Rows of the masked matrix passed to the model per call.
const BATCH_ROWS: usize = 1 << 15;

/// A model with a background set.
pub(crate) struct MaskedGame<'m, 'b> {
    model: &'m dyn Model,
    background: ArrayView2<'b, f64>,
    trees: Option<TreeGame<'m>>,
}

impl<'m, 'b> MaskedGame<'m, 'b> {
    pub(crate) fn new(model: &'m dyn Model, background: ArrayView2<'b, f64>) -> Self {
        MaskedGame {
            model,
            background,
            trees: None,
        }
    }

    /// The tree game when `trees` is given (the same model as `model`), else the generic
    /// masked-row game.
    pub(crate) fn choose(
        model: &'m dyn Model,
        trees: Option<&'m TreeEnsemble>,
        background: ArrayView2<'b, f64>,
    ) -> Self {
        match trees {
            Some(t) => Self::for_trees(t, background),
            None => Self::new(model, background),
        }
    }

    /// The game of a tree ensemble, with the bitset evaluator.
    pub(crate) fn for_trees(model: &'m TreeEnsemble, background: ArrayView2<'b, f64>) -> Self {
        MaskedGame {
            model,
            background,
            trees: Some(TreeGame::new(model, background)),
        }
    }

    /// Mean margin over the background (the value of the empty coalition).
    pub(crate) fn base_value(&self) -> Result<f64> {
        let m = self.model.predict_margin(self.background)?;
        Ok(m.sum() / m.len() as f64)
    }

    /// The values of coalitions for row `x`. `masks` holds `k` masks of `m` entries each,
    /// row-major (`true` = feature taken from `x`); returns `k` values.
    pub(crate) fn values(&self, x: ArrayView1<'_, f64>, masks: &[bool]) -> Result<Vec<f64>> {
        let m = x.len();
        let nb = self.background.nrows();
        if m == 0 {
            return Ok(Vec::new());
        }
        if let Some(t) = &self.trees {
            return Ok(t.values(x, masks));
        }
        let k = masks.len() / m;
        let per_batch = (BATCH_ROWS / nb.max(1)).max(1);
        let bg = self.background.as_standard_layout();
        let bg = bg.as_slice().unwrap_or(&[]);
        let xs = x.to_vec();
        let mut out = Vec::with_capacity(k);
        let mut buf: Vec<f64> = Vec::new();
        let mut taken: Vec<usize> = Vec::with_capacity(m);
        let mut start = 0;
        while start < k {
            let end = (start + per_batch).min(k);
            buf.clear();
            buf.reserve((end - start) * nb * m);
            for mask in masks[start * m..end * m].chunks(m) {
                taken.clear();
                taken.extend((0..m).filter(|&j| mask[j]));
                for b in 0..nb {
                    let at = buf.len();
                    buf.extend_from_slice(&bg[b * m..(b + 1) * m]);
                    let row = &mut buf[at..at + m];
                    for &j in &taken {
                        row[j] = xs[j];
                    }
                }
            }
            let data = ArrayView2::from_shape(((end - start) * nb, m), &buf[..])
                .map_err(|e| rai_core::Error::invalid_parameter("masked data", e, "a matrix"))?;
            let pred = self.model.predict_margin(data)?;
            let pred = pred.to_vec();
            for chunk in pred.chunks(nb) {
                let s: f64 = chunk.iter().sum();
                out.push(s / nb as f64);
            }
            start = end;
        }
        Ok(out)
    }
}

/// Bitset evaluator of the interventional game of a tree ensemble.
struct TreeGame<'m> {
    model: &'m TreeEnsemble,
    n_background: usize,
    /// Number of 64-row blocks of background rows.
    blocks: usize,
    /// Offset of each tree's first node in the flat per-node arrays.
    offsets: Vec<usize>,
    /// `goes_left[node * blocks + block]`: background rows of the block that go left.
    goes_left: Vec<u64>,
    /// Background rows, row-major.
    background: Vec<f64>,
}

impl<'m> TreeGame<'m> {
    fn new(model: &'m TreeEnsemble, background: ArrayView2<'_, f64>) -> Self {
        let nb = background.nrows();
        let blocks = nb.div_ceil(64);
        let mut offsets = Vec::with_capacity(model.n_trees());
        let mut total = 0;
        for tree in model.trees() {
            offsets.push(total);
            total += tree.len();
        }
        let mut goes_left = vec![0u64; total * blocks];
        for (t, tree) in model.trees().enumerate() {
            for (i, n) in tree.iter().enumerate() {
                if n.is_leaf() {
                    continue;
                }
                let f = n.feature as usize;
                for b in 0..nb {
                    if n.next(background[[b, f]]) == n.left {
                        goes_left[(offsets[t] + i) * blocks + b / 64] |= 1u64 << (b % 64);
                    }
                }
            }
        }
        TreeGame {
            model,
            n_background: nb,
            blocks,
            offsets,
            goes_left,
            background: background.iter().copied().collect(),
        }
    }

    fn values(&self, x: ArrayView1<'_, f64>, masks: &[bool]) -> Vec<f64> {
        if x.len() <= 64 {
            self.values_by_terms::<u64>(x, masks)
        } else if x.len() <= 128 {
            self.values_by_terms::<u128>(x, masks)
        } else {
            self.values_by_bitsets(x, masks)
        }
    }

    /// For up to 128 features: the game as a sum of terms. For each tree and background
    /// row, the leaves reachable by mixing `x` and `b` are found once (as in
    /// interventional TreeSHAP), each with the features `X` that must come from `x` and
    /// `B` that must come from `b`; the leaf counts in `v(S)` iff `X` is in `S` and `B` is
    /// not. Terms with equal `(X, B)` are merged (sorted for a deterministic order), so a
    /// coalition costs one pass over a short list of bit tests.
    fn values_by_terms<B: Bits>(&self, x: ArrayView1<'_, f64>, masks: &[bool]) -> Vec<f64> {
        let m = x.len();
        let nb = self.n_background;
        let xs = x.to_vec();
        let mut merged: HashMap<(B, B), f64> = HashMap::new();
        let mut stack: Vec<(u32, B, B)> = Vec::with_capacity(64);
        for tree in self.model.trees() {
            for b in 0..nb {
                let br = &self.background[b * m..(b + 1) * m];
                stack.push((0, B::ZERO, B::ZERO));
                while let Some((i, xm, bm)) = stack.pop() {
                    let n = &tree[i as usize];
                    if n.is_leaf() {
                        *merged.entry((xm, bm)).or_insert(0.0) += n.value;
                        continue;
                    }
                    let f = n.feature as usize;
                    let bit = B::bit(f);
                    let cx = n.next(xs[f]);
                    let cb = n.next(br[f]);
                    if cx == cb || xm & bit != B::ZERO {
                        stack.push((cx, xm, bm));
                    } else if bm & bit != B::ZERO {
                        stack.push((cb, xm, bm));
                    } else {
                        stack.push((cb, xm, bm | bit));
                        stack.push((cx, xm | bit, bm));
                    }
                }
            }
        }
        let mut terms: Vec<((B, B), f64)> = merged.into_iter().collect();
        terms.sort_unstable_by_key(|t| t.0);
        let constant: f64 = terms
            .iter()
            .filter(|t| t.0 == (B::ZERO, B::ZERO))
            .map(|t| t.1)
            .sum();
        terms.retain(|t| t.0 != (B::ZERO, B::ZERO));
        // Coalitions as bitsets per feature: bit c of `with[j]` is set iff coalition c
        // contains feature j. A term's hits are then the AND of `with[j]` over X and of
        // its complement over B, a few word operations for all coalitions at once.
        let k = masks.len() / m;
        let words = k.div_ceil(64);
        let mut with = vec![0u64; m * words];
        for (c, mask) in masks.chunks(m).enumerate() {
            for (j, &on) in mask.iter().enumerate() {
                if on {
                    with[j * words + c / 64] |= 1u64 << (c % 64);
                }
            }
        }
        let tail = if k % 64 == 0 {
            u64::MAX
        } else {
            (1u64 << (k % 64)) - 1
        };
        let mut acc = vec![constant; k];
        let mut hit = vec![0u64; words];
        for ((xm, bm), v) in &terms {
            hit.iter_mut().for_each(|h| *h = u64::MAX);
            if let Some(h) = hit.last_mut() {
                *h = tail;
            }
            for j in xm.ones() {
                for (h, w) in hit.iter_mut().zip(&with[j * words..(j + 1) * words]) {
                    *h &= w;
                }
            }
            for j in bm.ones() {
                for (h, w) in hit.iter_mut().zip(&with[j * words..(j + 1) * words]) {
                    *h &= !w;
                }
            }
            for (w, h) in hit.iter().enumerate() {
                let mut bits = *h;
                while bits != 0 {
                    acc[w * 64 + bits.trailing_zeros() as usize] += v;
                    bits &= bits - 1;
                }
            }
        }
        let scale = 1.0 / nb as f64;
        acc.iter()
            .map(|a| self.model.base_score() + a * scale)
            .collect()
    }

    /// Any number of features: background rows travel down each tree as bitsets.
    fn values_by_bitsets(&self, x: ArrayView1<'_, f64>, masks: &[bool]) -> Vec<f64> {
        let m = x.len();
        let k = masks.len() / m;
        let nb = self.n_background;
        // the child the row goes to at every split
        let mut x_next: Vec<u32> = Vec::with_capacity(self.goes_left.len() / self.blocks.max(1));
        for tree in self.model.trees() {
            for n in tree {
                x_next.push(if n.is_leaf() {
                    0
                } else {
                    n.next(x[n.feature as usize])
                });
            }
        }
        let full = |block: usize| -> u64 {
            let rows = (nb - block * 64).min(64);
            if rows == 64 {
                u64::MAX
            } else {
                (1u64 << rows) - 1
            }
        };
        let mut stack: Vec<(u32, u64)> = Vec::with_capacity(128);
        let mut out = Vec::with_capacity(k);
        for mask in masks.chunks(m) {
            let mut acc = 0.0;
            for (t, tree) in self.model.trees().enumerate() {
                let off = self.offsets[t];
                for block in 0..self.blocks {
                    stack.push((0, full(block)));
                    while let Some((i, set)) = stack.pop() {
                        let n = &tree[i as usize];
                        if n.is_leaf() {
                            acc += n.value * f64::from(set.count_ones());
                        } else if mask[n.feature as usize] {
                            stack.push((x_next[off + i as usize], set));
                        } else {
                            let left = self.goes_left[(off + i as usize) * self.blocks + block];
                            let l = set & left;
                            let r = set & !left;
                            if l != 0 {
                                stack.push((n.left, l));
                            }
                            if r != 0 {
                                stack.push((n.right, r));
                            }
                        }
                    }
                }
            }
            out.push(self.model.base_score() + acc / nb as f64);
        }
        out
    }
}

/// Feature sets as machine words.
trait Bits:
    Copy + Eq + Ord + Hash + BitAnd<Output = Self> + BitOr<Output = Self> + Not<Output = Self>
{
    const ZERO: Self;
    fn bit(j: usize) -> Self;
    /// Positions of the set bits, ascending.
    fn ones(self) -> Ones<Self>;
    fn is_zero(self) -> bool;
    fn lowest(self) -> usize;
    fn clear_lowest(self) -> Self;
}

/// Iterator over the set bits of a word.
struct Ones<B>(B);

impl<B: Bits> Iterator for Ones<B> {
    type Item = usize;
    fn next(&mut self) -> Option<usize> {
        if self.0.is_zero() {
            None
        } else {
            let j = self.0.lowest();
            self.0 = self.0.clear_lowest();
            Some(j)
        }
    }
}

impl Bits for u64 {
    const ZERO: Self = 0;
    fn bit(j: usize) -> Self {
        1 << j
    }
    fn ones(self) -> Ones<Self> {
        Ones(self)
    }
    fn is_zero(self) -> bool {
        self == 0
    }
    fn lowest(self) -> usize {
        self.trailing_zeros() as usize
    }
    fn clear_lowest(self) -> Self {
        self & (self - 1)
    }
}

impl Bits for u128 {
    const ZERO: Self = 0;
    fn bit(j: usize) -> Self {
        1 << j
    }
    fn ones(self) -> Ones<Self> {
        Ones(self)
    }
    fn is_zero(self) -> bool {
        self == 0
    }
    fn lowest(self) -> usize {
        self.trailing_zeros() as usize
    }
    fn clear_lowest(self) -> Self {
        self & (self - 1)
    }
}
