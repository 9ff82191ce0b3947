//! Accumulated local effects (Apley & Zhu 2020), first order, numeric features.
//!
//! # Definition used here
//! Let `z_0 < z_1 < ... < z_K` be the distinct values of the quantiles of the feature's
//! non-missing values at probabilities `k / bins`, `k = 0..=bins` (numpy's default
//! linear-interpolation quantile, so `z_0` is the minimum and `z_K` the maximum). Bin `k`
//! is `(z_{k-1}, z_k]`, the first bin also holding `z_0`. For the `n_k` rows in bin `k`
//! the local effect is the mean of `f(x_i with x_j := z_k) - f(x_i with x_j := z_{k-1})`
//! (0 for an empty bin). The uncentred ALE is `g(z_0) = 0`, `g(z_k) = sum_{m<=k}` effect_m;
//! the reported (centred) ALE at each edge is `g(z_k) - c` with
//! `c = sum_k n_k (g(z_{k-1}) + g(z_k)) / 2 / n`, the data-weighted mean of the piecewise
//! linear uncentred curve over bins (as R's `ALEPlot` and `alibi`). For a linear model
//! `f = b x_j + h(x_-j)` the centred ALE is therefore `b z_k - b * sum_k n_k (z_{k-1} + z_k)/2/n`.
//!
//! Rows whose feature value is missing take no part; their count is reported.

#[cfg(test)]
mod tests;

use ndarray::{Array2, ArrayView2};
use rai_core::{Error, Model, Result};
use serde::Serialize;

use crate::Space;
use crate::pdp::respond;

/// First-order ALE settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ale {
    /// Number of quantile bins before merging duplicate edges (default 20).
    pub bins: usize,
    /// Output space (default margin).
    pub space: Space,
}

impl Default for Ale {
    fn default() -> Self {
        Ale {
            bins: 20,
            space: Space::Margin,
        }
    }
}

/// First-order ALE of one feature.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AleResult {
    /// Feature name.
    pub feature: String,
    /// Bin edges `z_0..z_K`.
    pub edges: Vec<f64>,
    /// Centred ALE at each edge.
    pub values: Vec<f64>,
    /// Rows per bin (`K` entries).
    pub bin_counts: Vec<usize>,
    /// Mean local effect per bin (`K` entries).
    pub local_effects: Vec<f64>,
    /// Rows skipped because the feature was missing.
    pub missing_rows: usize,
    /// Output space.
    pub space: Space,
}

/// Linear-interpolation quantile (numpy's default) of sorted data.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let pos = q * (sorted.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    let frac = pos - lo as f64;
    sorted[lo] + (sorted[hi] - sorted[lo]) * frac
}

impl Ale {
    /// Computes the centred first-order ALE of column `feature`.
    ///
    /// # Examples
    /// ```
    /// use rai_explain::ale::Ale;
    /// use rai_models::{LinearKind, LinearModel};
    ///
    /// let model = LinearModel::new(LinearKind::LinearRegression, vec!["a".into()], vec![3.0], 1.0)?;
    /// let x = ndarray::Array2::from_shape_fn((11, 1), |(i, _)| i as f64);
    /// let ale = Ale { bins: 10, ..Ale::default() }.compute(&model, x.view(), 0)?;
    /// assert_eq!(ale.edges.len(), 11);
    /// assert!((ale.values[1] - ale.values[0] - 3.0).abs() < 1e-12); // the slope
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for `bins == 0`, a column out of range, or a feature
    /// with fewer than two distinct values; [`Error::Empty`] when no row has a value;
    /// model errors.
    ///
    /// # References
    /// Apley & Zhu (2020), "Visualizing the effects of predictor variables in black box
    /// supervised learning models", JRSS B 82(4).
    pub fn compute(
        &self,
        model: &dyn Model,
        x: ArrayView2<'_, f64>,
        feature: usize,
    ) -> Result<AleResult> {
        if self.bins == 0 {
            return Err(Error::invalid_parameter("bins", 0, "at least 1"));
        }
        rai_core::model::check_features(&x, model.n_features())?;
        if feature >= x.ncols() {
            return Err(Error::invalid_parameter(
                "feature",
                feature,
                format!("a column index below {}", x.ncols()),
            ));
        }
        let name = model.feature_names()[feature].clone();
        let col = x.column(feature);
        let rows: Vec<usize> = (0..x.nrows()).filter(|&i| !col[i].is_nan()).collect();
        if rows.is_empty() {
            return Err(Error::Empty {
                what: format!("non-missing values of feature `{name}` for ALE"),
            });
        }
        let mut sorted: Vec<f64> = rows.iter().map(|&i| col[i]).collect();
        sorted.sort_by(f64::total_cmp);
        let mut edges: Vec<f64> = (0..=self.bins)
            .map(|k| quantile(&sorted, k as f64 / self.bins as f64))
            .collect();
        edges.dedup();
        if edges.len() < 2 {
            return Err(Error::invalid_parameter(
                "feature",
                &name,
                "a feature with at least two distinct values",
            ));
        }
        let k_bins = edges.len() - 1;
        let bin_of: Vec<usize> = rows
            .iter()
            .map(|&i| edges.partition_point(|e| *e < col[i]).clamp(1, k_bins))
            .collect();
        let m = rows.len();
        let mut lower = Array2::<f64>::zeros((m, x.ncols()));
        for (r, &i) in rows.iter().enumerate() {
            lower.row_mut(r).assign(&x.row(i));
        }
        let mut upper = lower.clone();
        for r in 0..m {
            lower[[r, feature]] = edges[bin_of[r] - 1];
            upper[[r, feature]] = edges[bin_of[r]];
        }
        let (hi, lo) = rayon::join(
            || respond(model, upper.view(), self.space),
            || respond(model, lower.view(), self.space),
        );
        let (hi, lo) = (hi?, lo?);
        let mut sums = vec![0.0; k_bins];
        let mut counts = vec![0usize; k_bins];
        for r in 0..m {
            sums[bin_of[r] - 1] += hi[r] - lo[r];
            counts[bin_of[r] - 1] += 1;
        }
        let effects: Vec<f64> = sums
            .iter()
            .zip(&counts)
            .map(|(s, c)| if *c == 0 { 0.0 } else { s / *c as f64 })
            .collect();
        let mut g = vec![0.0; k_bins + 1];
        for k in 0..k_bins {
            g[k + 1] = g[k] + effects[k];
        }
        let centre = (0..k_bins)
            .map(|k| counts[k] as f64 * (g[k] + g[k + 1]) / 2.0)
            .sum::<f64>()
            / m as f64;
        Ok(AleResult {
            feature: name,
            edges,
            values: g.iter().map(|v| v - centre).collect(),
            bin_counts: counts,
            local_effects: effects,
            missing_rows: x.nrows() - m,
            space: self.space,
        })
    }
}
