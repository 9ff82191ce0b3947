//! Batch prediction for tree ensembles.

use ndarray::{Array1, ArrayView1, ArrayView2};
use rai_core::model::check_features;
use rai_core::{Link, Model, Result, Task};
use rayon::prelude::*;

use super::{Node, TreeEnsemble};

/// Rows per parallel work item.
const CHUNK: usize = 256;

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
        check_features(&x, self.feature_names.len())?;
        let mut out = vec![0.0; x.nrows()];
        out.par_chunks_mut(CHUNK).enumerate().for_each(|(c, o)| {
            let start = c * CHUNK;
            // tree-major inside a chunk: one tree's nodes stay in cache for many rows
            o.fill(self.base_score);
            for tree in self.trees() {
                for (k, v) in o.iter_mut().enumerate() {
                    *v += tree[Self::leaf_index(tree, x.row(start + k))].value;
                }
            }
        });
        let out = Array1::from_vec(out);
        Ok(out)
    }
}
