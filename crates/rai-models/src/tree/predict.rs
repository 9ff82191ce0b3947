//! Batch prediction for tree ensembles.

use ndarray::{Array1, ArrayView1, ArrayView2};
use rai_core::model::check_features;
use rai_core::{Link, Model, Result, Task};
use rayon::prelude::*;

use super::{Node, TreeEnsemble};

/// Rows per parallel work item.
const CHUNK: usize = 256;

/// Rows traversed together through one tree (independent traversals overlap their
/// memory latency).
const LANES: usize = 8;

/// Adds each tree's leaf value to `out[k]` for rows `rows[k * p..(k + 1) * p]`, with `add`.
#[inline]
fn accumulate(
    trees: &TreeEnsemble,
    rows: &[f64],
    p: usize,
    out: &mut [f64],
    add: impl Fn(&mut f64, f64),
) {
    for tree in trees.trees() {
        let mut chunks = out.chunks_exact_mut(LANES);
        let mut base = 0;
        for o in &mut chunks {
            let mut idx = [0u32; LANES];
            loop {
                let mut active = false;
                for (k, i) in idx.iter_mut().enumerate() {
                    let n = &tree[*i as usize];
                    if !n.is_leaf() {
                        *i = n.next(rows[(base + k) * p + n.feature as usize]);
                        active = true;
                    }
                }
                if !active {
                    break;
                }
            }
            for (v, i) in o.iter_mut().zip(idx) {
                add(v, tree[i as usize].value);
            }
            base += LANES;
        }
        for (k, v) in chunks.into_remainder().iter_mut().enumerate() {
            let row = &rows[(base + k) * p..(base + k + 1) * p];
            let mut i = 0usize;
            loop {
                let n = &tree[i];
                if n.is_leaf() {
                    break;
                }
                i = n.next(row[n.feature as usize]) as usize;
            }
            add(v, tree[i].value);
        }
    }
}

impl TreeEnsemble {
    /// Index (within the tree) of the leaf a row reaches.
    #[inline]
    pub fn leaf_index(tree: &[Node], row: ArrayView1<'_, f64>) -> usize {
        let mut i = 0usize;
        loop {
            let n = &tree[i];
            if n.is_leaf() {
                return i;
            }
            i = n.next(row[n.feature as usize]) as usize;
        }
    }

    /// Margins summed in `f32`, starting from `base_score` and adding the trees' leaf
    /// values in tree order, as XGBoost's CPU predictor does.
    ///
    /// For an XGBoost model this reproduces `predict(output_margin=True)` to the last
    /// bit on the conformance fixtures; [`Model::predict_margin`] sums in `f64` instead
    /// (more accurate, and what explainers use), which differs from XGBoost's result by
    /// `float` rounding only (about 1e-7 relative, e.g. 2e-5 on margins near 40).
    ///
    /// # Errors
    /// As [`Model::predict_margin`].
    pub fn predict_margin_f32(&self, x: ArrayView2<'_, f64>) -> Result<Array1<f64>> {
        self.batch(x, |v, leaf| *v = f64::from(*v as f32 + leaf as f32))
            .map(|m| m.mapv(|v| f64::from(v as f32)))
    }

    fn batch(
        &self,
        x: ArrayView2<'_, f64>,
        add: impl Fn(&mut f64, f64) + Sync,
    ) -> Result<Array1<f64>> {
        check_features(&x, self.feature_names.len())?;
        let p = x.ncols();
        // row-major contiguous data (copied only when `x` is not already in that layout)
        let x = x.as_standard_layout();
        let data = x.as_slice().unwrap_or(&[]);
        let mut out = vec![0.0; x.nrows()];
        out.par_chunks_mut(CHUNK).enumerate().for_each(|(c, o)| {
            let start = c * CHUNK;
            // tree-major inside a chunk: one tree's nodes stay in cache for many rows
            o.fill(self.base_score);
            accumulate(self, &data[start * p..(start + o.len()) * p], p, o, &add);
        });
        Ok(Array1::from_vec(out))
    }

    /// Margin of one row (no feature-count check).
    pub fn margin_row(&self, row: ArrayView1<'_, f64>) -> f64 {
        let mut m = self.base_score;
        for tree in self.trees() {
            m += tree[Self::leaf_index(tree, row)].value;
        }
        m
    }
}

impl Model for TreeEnsemble {
    fn feature_names(&self) -> &[String] {
        &self.feature_names
    }

    fn task(&self) -> Task {
        self.task
    }

    fn link(&self) -> Link {
        self.link
    }

    fn predict_margin(&self, x: ArrayView2<'_, f64>) -> Result<Array1<f64>> {
        self.batch(x, |v, leaf| *v += leaf)
    }
}
