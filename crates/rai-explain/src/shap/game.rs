//! The interventional coalition game of a model, a row and a background set, evaluated
//! in batches: `v(S) = mean over background rows b of f(x_S, b_{not S})`.

use ndarray::{Array2, ArrayView1, ArrayView2};
use rai_core::{Model, Result};

/// Rows of the masked matrix passed to the model per call.
const BATCH_ROWS: usize = 1 << 15;

/// A model with a background set.
pub(crate) struct MaskedGame<'m, 'b> {
    model: &'m dyn Model,
    background: ArrayView2<'b, f64>,
}

impl<'m, 'b> MaskedGame<'m, 'b> {
    pub(crate) fn new(model: &'m dyn Model, background: ArrayView2<'b, f64>) -> Self {
        MaskedGame { model, background }
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
        let k = masks.len() / m;
        let per_batch = (BATCH_ROWS / nb.max(1)).max(1);
        let mut out = Vec::with_capacity(k);
        let mut start = 0;
        while start < k {
            let end = (start + per_batch).min(k);
            let mut data = Array2::zeros(((end - start) * nb, m));
            for (c, mask) in masks[start * m..end * m].chunks(m).enumerate() {
                for b in 0..nb {
                    let mut row = data.row_mut(c * nb + b);
                    for j in 0..m {
                        row[j] = if mask[j] {
                            x[j]
                        } else {
                            self.background[[b, j]]
                        };
                    }
                }
            }
            let pred = self.model.predict_margin(data.view())?;
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
