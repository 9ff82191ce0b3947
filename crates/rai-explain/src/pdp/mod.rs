//! Partial dependence and individual conditional expectation (Friedman 2001; Goldstein
//! et al. 2015), computed like scikit-learn's `partial_dependence(method="brute")`.
//!
//! For every grid point the chosen feature(s) are set to the grid value in every row, the
//! model predicts, and the average over rows is the partial dependence; the per-row
//! predictions are the ICE curves. Grids follow scikit-learn's `_grid_from_X` exactly
//! ([`grid_for_column`]); 2-D grids are the cartesian product with the first feature
//! varying slowest. Outputs are in [`Space::Margin`] (scikit-learn's
//! `response_method="decision_function"`) or [`Space::Probability`] (`predict_proba`).

mod grid;
#[cfg(test)]
mod tests;

pub use grid::{GridSpec, grid_for_column, linspace, mquantile};

use ndarray::{Array1, Array2, ArrayView2};
use rai_core::{Error, Model, Result};
use rayon::prelude::*;
use serde::Serialize;

use crate::Space;

/// The model's output in `space`.
pub(crate) fn respond(
    model: &dyn Model,
    x: ArrayView2<'_, f64>,
    space: Space,
) -> Result<Array1<f64>> {
    match space {
        Space::Margin => model.predict_margin(x),
        Space::Probability => model.predict_proba(x),
    }
}

/// Partial dependence settings: `PartialDependence { space: Space::Probability, ..Default::default() }`.
#[derive(Debug, Clone, PartialEq)]
pub struct PartialDependence {
    /// Percentiles bounding automatic grids (default `(0.05, 0.95)`).
    pub percentiles: (f64, f64),
    /// Points of automatic grids (default 100).
    pub grid_resolution: usize,
    /// Output space (default margin).
    pub space: Space,
    /// Keep the per-row ICE curves (default false).
    pub ice: bool,
}

impl Default for PartialDependence {
    fn default() -> Self {
        PartialDependence {
            percentiles: (0.05, 0.95),
            grid_resolution: 100,
            space: Space::Margin,
            ice: false,
        }
    }
}

/// Partial dependence over one or two features.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PdpResult {
    /// Names of the features varied.
    pub features: Vec<String>,
    /// The grid of each feature.
    pub grid_values: Vec<Vec<f64>>,
    /// Average prediction per grid point; for two features, row-major with the first
    /// feature's grid varying slowest (`average[i * len(g2) + j]`).
    pub average: Vec<f64>,
    /// ICE: one row per data row, one column per grid point (same order as `average`).
    pub individual: Option<Vec<Vec<f64>>>,
    /// The output space.
    pub space: Space,
}

impl PartialDependence {
    /// Computes partial dependence (and ICE when `self.ice`) for `features` (one or two
    /// `(column index, grid spec)` pairs).
    ///
    /// # Examples
    /// ```
    /// use rai_explain::pdp::{GridSpec, PartialDependence};
    /// use rai_models::{LinearKind, LinearModel};
    ///
    /// let model = LinearModel::new(LinearKind::LinearRegression, vec!["a".into(), "b".into()],
    ///                              vec![2.0, 1.0], 0.0)?;
    /// let x = ndarray::array![[0.0, 1.0], [1.0, 3.0]];
    /// let pd = PartialDependence::default().compute(&model, x.view(), &[(0, GridSpec::Values(vec![0.0, 1.0]))])?;
    /// assert_eq!(pd.average, vec![2.0, 4.0]); // 2 * a + mean(b)
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for no feature, more than two, or a column index out of
    /// range; [`Error::Empty`] for no rows; the grid errors of [`grid_for_column`]; model
    /// errors ([`Error::Unsupported`] for probabilities of a regressor).
    ///
    /// # Formula
    /// `PD(v) = (1/n) sum_i f(x_i with x_S := v)`; `ICE_i(v) = f(x_i with x_S := v)`.
    ///
    /// # References
    /// Friedman (2001), "Greedy function approximation: a gradient boosting machine";
    /// Goldstein et al. (2015), "Peeking inside the black box".
    pub fn compute(
        &self,
        model: &dyn Model,
        x: ArrayView2<'_, f64>,
        features: &[(usize, GridSpec)],
    ) -> Result<PdpResult> {
        if features.is_empty() || features.len() > 2 {
            return Err(Error::invalid_parameter(
                "features",
                features.len(),
                "one or two features",
            ));
        }
        rai_core::model::check_features(&x, model.n_features())?;
        if x.nrows() == 0 {
            return Err(Error::Empty {
                what: "rows for partial dependence".into(),
            });
        }
        let mut grids = Vec::with_capacity(features.len());
        for (j, spec) in features {
            if *j >= x.ncols() {
                return Err(Error::invalid_parameter(
                    "feature",
                    j,
                    format!("a column index below {}", x.ncols()),
                ));
            }
            grids.push(grid_for_column(
                x.column(*j),
                spec,
                self.percentiles,
                self.grid_resolution,
            )?);
        }
        let cols: Vec<usize> = features.iter().map(|(j, _)| *j).collect();
        let points: Vec<Vec<f64>> = match grids.as_slice() {
            [g] => g.iter().map(|v| vec![*v]).collect(),
            [g1, g2] => g1
                .iter()
                .flat_map(|a| g2.iter().map(move |b| vec![*a, *b]))
                .collect(),
            _ => Vec::new(),
        };
        let curves = evaluate_points(model, x, &cols, &points, self.space)?;
        let n = x.nrows() as f64;
        let average = curves.iter().map(|c| c.sum() / n).collect();
        let individual = self.ice.then(|| {
            let mut ice = Array2::<f64>::zeros((x.nrows(), points.len()));
            for (k, c) in curves.iter().enumerate() {
                ice.column_mut(k).assign(c);
            }
            ice.rows().into_iter().map(|r| r.to_vec()).collect()
        });
        Ok(PdpResult {
            features: cols
                .iter()
                .map(|j| model.feature_names()[*j].clone())
                .collect(),
            grid_values: grids,
            average,
            individual,
            space: self.space,
        })
    }
}

/// Predictions of every row with `cols` set to each point; one array per point. Points
/// are evaluated in parallel, each on its own copy of `x`.
pub(crate) fn evaluate_points(
    model: &dyn Model,
    x: ArrayView2<'_, f64>,
    cols: &[usize],
    points: &[Vec<f64>],
    space: Space,
) -> Result<Vec<Array1<f64>>> {
    points
        .par_iter()
        .map_init(
            || x.to_owned(),
            |xc, point| {
                for (c, v) in cols.iter().zip(point) {
                    xc.column_mut(*c).fill(*v);
                }
                respond(model, xc.view(), space)
            },
        )
        .collect()
}
