//! The [`Explanation`] type shared by every local attribution method in this crate.
//!
//! An explanation holds one attribution per (row, feature) pair, a base value per row,
//! the feature names in model order, the name of the algorithm that produced it with its
//! parameters (as JSON, seeds included), and the output [`Space`] the values live in.
//! For additive methods (all Shapley explainers) efficiency holds:
//! `base_value(i) + values.row(i).sum() == model margin of row i`.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis};
use rai_core::{Error, Result};
use serde::{Deserialize, Serialize};

/// The output space attributions are expressed in (see `docs/ARCHITECTURE.md`,
/// "Model outputs").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Space {
    /// The raw score: log-odds for binary classifiers, the prediction for regressors.
    Margin,
    /// The positive-class probability.
    Probability,
}

impl Space {
    /// The name used in JSON output (`"margin"` / `"probability"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Space::Margin => "margin",
            Space::Probability => "probability",
        }
    }
}

impl std::fmt::Display for Space {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Local attributions for a set of rows.
///
/// Fields with invariants are private: `values` has one column per feature name and
/// `base_values` one entry per row.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    values: Array2<f64>,
    base_values: Array1<f64>,
    feature_names: Vec<String>,
    algorithm: String,
    parameters: serde_json::Value,
    space: Space,
}

impl Explanation {
    /// Builds an explanation.
    ///
    /// `base_values` has either one entry per row or a single entry shared by all rows
    /// (it is broadcast). `parameters` should carry every setting and seed that produced
    /// the values (use `serde_json::json!({...})`, or `Value::Null` when there are none).
    ///
    /// # Examples
    /// ```
    /// use ndarray::array;
    /// use rai_explain::{Explanation, Space};
    ///
    /// let e = Explanation::new(
    ///     array![[1.0, -2.0], [0.5, 0.5]],
    ///     array![0.25],
    ///     vec!["a".into(), "b".into()],
    ///     "example",
    ///     serde_json::json!({"seed": 7}),
    ///     Space::Margin,
    /// )?;
    /// assert_eq!(e.base_value(1), 0.25);
    /// assert_eq!(e.global_importance().unwrap().to_vec(), vec![0.75, 1.25]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::LengthMismatch`] when `values` does not have one column per feature name,
    /// or `base_values` has neither one entry nor one per row.
    pub fn new(
        values: Array2<f64>,
        base_values: Array1<f64>,
        feature_names: Vec<String>,
        algorithm: impl Into<String>,
        parameters: serde_json::Value,
        space: Space,
    ) -> Result<Self> {
        rai_core::error::ensure_len(
            "explanation value columns vs feature names",
            feature_names.len(),
            values.ncols(),
        )?;
        let n = values.nrows();
        let base_values = if base_values.len() == 1 && n != 1 {
            Array1::from_elem(n, base_values[0])
        } else {
            rai_core::error::ensure_len("base values vs rows", n, base_values.len())?;
            base_values
        };
        Ok(Explanation {
            values,
            base_values,
            feature_names,
            algorithm: algorithm.into(),
            parameters,
            space,
        })
    }

    /// Attributions: one row per explained row, one column per feature.
    pub fn values(&self) -> ArrayView2<'_, f64> {
        self.values.view()
    }

    /// Consumes the explanation and returns the attribution matrix.
    pub fn into_values(self) -> Array2<f64> {
        self.values
    }

    /// Base values, one per row.
    pub fn base_values(&self) -> ArrayView1<'_, f64> {
        self.base_values.view()
    }

    /// The base value of row `row`. Panics if `row >= n_rows()`.
    pub fn base_value(&self, row: usize) -> f64 {
        self.base_values[row]
    }

    /// Feature names, in model order (the columns of [`Explanation::values`]).
    pub fn feature_names(&self) -> &[String] {
        &self.feature_names
    }

    /// Name of the algorithm that produced the values (e.g. `"tree_shap"`).
    pub fn algorithm(&self) -> &str {
        &self.algorithm
    }

    /// Parameters and seeds that produced the values.
    pub fn parameters(&self) -> &serde_json::Value {
        &self.parameters
    }

    /// The output space of the values.
    pub fn space(&self) -> Space {
        self.space
    }

    /// Number of explained rows.
    pub fn n_rows(&self) -> usize {
        self.values.nrows()
    }

    /// Number of features.
    pub fn n_features(&self) -> usize {
        self.values.ncols()
    }

    /// Global importance: the mean absolute attribution of each feature over the rows;
    /// `None` when there are no rows (the mean is undefined).
    ///
    /// # Formula
    /// `I_j = (1/n) * sum_i |phi_ij|`
    pub fn global_importance(&self) -> Option<Array1<f64>> {
        if self.values.nrows() == 0 {
            return None;
        }
        self.values.mapv(f64::abs).mean_axis(Axis(0))
    }

    /// Global importance paired with feature names, sorted by decreasing importance
    /// (ties keep model order); empty when there are no rows.
    pub fn ranked_importance(&self) -> Vec<(String, f64)> {
        let Some(imp) = self.global_importance() else {
            return Vec::new();
        };
        let mut out: Vec<(String, f64)> = self
            .feature_names
            .iter()
            .cloned()
            .zip(imp.iter().copied())
            .collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1));
        out
    }

    /// `base_value + sum of values` for each row: for Shapley explanations in margin
    /// space this is the model's margin (efficiency).
    pub fn reconstructed(&self) -> Array1<f64> {
        self.values.sum_axis(Axis(1)) + &self.base_values
    }

    /// The largest absolute gap between [`Explanation::reconstructed`] and `outputs`.
    ///
    /// # Errors
    /// [`Error::LengthMismatch`] when `outputs` does not have one entry per row.
    pub fn efficiency_gap(&self, outputs: ArrayView1<'_, f64>) -> Result<f64> {
        rai_core::error::ensure_len("outputs vs explained rows", self.n_rows(), outputs.len())?;
        Ok(self
            .reconstructed()
            .iter()
            .zip(outputs.iter())
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max))
    }

    /// Checks that `self` and `other` explain the same features; used when combining.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] when feature names differ.
    pub fn ensure_same_features(&self, other: &Explanation) -> Result<()> {
        if self.feature_names == other.feature_names {
            Ok(())
        } else {
            Err(Error::invalid_parameter(
                "feature_names",
                other.feature_names.join(","),
                format!("the same features as [{}]", self.feature_names.join(",")),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    fn names() -> Vec<String> {
        vec!["a".into(), "b".into()]
    }

    #[test]
    fn broadcast_base_and_importance() -> Result<()> {
        let e = Explanation::new(
            array![[1.0, -3.0], [-1.0, 1.0]],
            array![2.0],
            names(),
            "t",
            serde_json::Value::Null,
            Space::Margin,
        )?;
        assert_eq!(e.base_values().to_vec(), vec![2.0, 2.0]);
        assert_eq!(
            e.global_importance().map(|v| v.to_vec()),
            Some(vec![1.0, 2.0])
        );
        assert_eq!(e.ranked_importance()[0].0, "b");
        assert_eq!(e.reconstructed().to_vec(), vec![0.0, 2.0]);
        assert_eq!(e.efficiency_gap(array![0.0, 2.5].view())?, 0.5);
        assert!(e.efficiency_gap(array![0.0].view()).is_err());
        assert_eq!(e.space().as_str(), "margin");
        Ok(())
    }

    #[test]
    fn empty_rows_have_undefined_importance() -> Result<()> {
        let e = Explanation::new(
            Array2::zeros((0, 2)),
            Array1::zeros(0),
            names(),
            "t",
            serde_json::Value::Null,
            Space::Margin,
        )?;
        assert_eq!(e.global_importance(), None);
        assert!(e.ranked_importance().is_empty());
        Ok(())
    }

    #[test]
    fn shape_mismatches_are_errors() {
        let bad_cols = Explanation::new(
            Array2::zeros((2, 3)),
            array![0.0],
            names(),
            "t",
            serde_json::Value::Null,
            Space::Margin,
        );
        assert!(bad_cols.is_err());
        let bad_base = Explanation::new(
            Array2::zeros((3, 2)),
            array![0.0, 1.0],
            names(),
            "t",
            serde_json::Value::Null,
            Space::Margin,
        );
        assert!(bad_base.is_err());
    }
}
