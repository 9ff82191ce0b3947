//! Linear and logistic regression models.
//!
//! The JSON form is
//! `{"kind": "logistic_regression" | "linear_regression", "feature_names": [..],
//! "coefficients": [..], "intercept": f64}`. The margin is
//! `intercept + sum_j coefficients[j] * x[j]`; for logistic regression the probability is
//! the logistic function of the margin. A `NaN` feature makes the prediction an error
//! (linear models have no default branch: impute first).

use std::path::Path;

use ndarray::{Array1, ArrayView1, ArrayView2};
use rai_core::model::check_features;
use rai_core::{Error, Model, Result, Task};
use serde::{Deserialize, Serialize};

/// Which linear model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinearKind {
    /// Logistic regression (binary classification, margin = log-odds).
    LogisticRegression,
    /// Ordinary linear regression.
    LinearRegression,
}

#[derive(Serialize, Deserialize)]
struct LinearModelJson {
    kind: LinearKind,
    feature_names: Vec<String>,
    coefficients: Vec<f64>,
    intercept: f64,
}

/// A linear or logistic regression model.
#[derive(Debug, Clone, PartialEq)]
pub struct LinearModel {
    kind: LinearKind,
    feature_names: Vec<String>,
    coefficients: Vec<f64>,
    intercept: f64,
}

impl LinearModel {
    /// Builds a model.
    ///
    /// # Errors
    /// [`Error::LengthMismatch`] when names and coefficients differ in length;
    /// [`Error::NonFinite`] for a non-finite coefficient or intercept.
    pub fn new(
        kind: LinearKind,
        feature_names: Vec<String>,
        coefficients: Vec<f64>,
        intercept: f64,
    ) -> Result<Self> {
        rai_core::error::ensure_len(
            "coefficients vs feature_names",
            feature_names.len(),
            coefficients.len(),
        )?;
        if let Some((i, v)) = coefficients
            .iter()
            .enumerate()
            .find(|(_, v)| !v.is_finite())
        {
            return Err(Error::NonFinite {
                what: "coefficients".into(),
                index: i,
                value: *v,
            });
        }
        if !intercept.is_finite() {
            return Err(Error::NonFinite {
                what: "intercept".into(),
                index: 0,
                value: intercept,
            });
        }
        Ok(Self {
            kind,
            feature_names,
            coefficients,
            intercept,
        })
    }

    /// Parses the JSON form; `name` is used in error messages.
    ///
    /// # Errors
    /// [`Error::ModelFormat`] for malformed JSON, and the errors of [`LinearModel::new`].
    pub fn from_json_str(text: &str, name: &str) -> Result<Self> {
        let j: LinearModelJson = serde_json::from_str(text).map_err(|e| Error::ModelFormat {
            path: name.to_owned(),
            message: format!("not a linear model JSON document: {e}"),
        })?;
        Self::new(j.kind, j.feature_names, j.coefficients, j.intercept)
    }

    /// Loads the JSON form from a file.
    ///
    /// # Errors
    /// [`Error::Io`] and the errors of [`LinearModel::from_json_str`].
    pub fn load(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let text =
            std::fs::read_to_string(path).map_err(|e| Error::io(path.display().to_string(), e))?;
        Self::from_json_str(&text, &path.display().to_string())
    }

    /// Serialises to the JSON form.
    pub fn to_json_string(&self) -> String {
        let j = LinearModelJson {
            kind: self.kind,
            feature_names: self.feature_names.clone(),
            coefficients: self.coefficients.clone(),
            intercept: self.intercept,
        };
        // Serialising plain numbers and strings cannot fail.
        serde_json::to_string_pretty(&j).unwrap_or_default()
    }

    /// Saves the JSON form to a file.
    ///
    /// # Errors
    /// [`Error::Io`].
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        std::fs::write(path, self.to_json_string())
            .map_err(|e| Error::io(path.display().to_string(), e))
    }

    /// The model kind.
    pub fn kind(&self) -> LinearKind {
        self.kind
    }

    /// Coefficients in feature order.
    pub fn coefficients(&self) -> &[f64] {
        &self.coefficients
    }

    /// The intercept.
    pub fn intercept(&self) -> f64 {
        self.intercept
    }

    /// Margin of one row.
    ///
    /// # Errors
    /// [`Error::NonFinite`] when a feature is `NaN`.
    pub fn margin_row(&self, row: ArrayView1<'_, f64>) -> Result<f64> {
        let mut m = self.intercept;
        for (j, (&x, &w)) in row.iter().zip(&self.coefficients).enumerate() {
            if x.is_nan() {
                return Err(Error::NonFinite {
                    what: format!(
                        "feature `{}` (linear models need every value)",
                        self.feature_names[j]
                    ),
                    index: j,
                    value: x,
                });
            }
            m += w * x;
        }
        Ok(m)
    }
}

impl Model for LinearModel {
    fn feature_names(&self) -> &[String] {
        &self.feature_names
    }

    fn task(&self) -> Task {
        match self.kind {
            LinearKind::LogisticRegression => Task::BinaryClassification,
            LinearKind::LinearRegression => Task::Regression,
        }
    }

    fn predict_margin(&self, x: ArrayView2<'_, f64>) -> Result<Array1<f64>> {
        check_features(&x, self.feature_names.len())?;
        let mut out = Array1::zeros(x.nrows());
        for (i, row) in x.rows().into_iter().enumerate() {
            out[i] = self.margin_row(row).map_err(|e| match e {
                Error::NonFinite { what, value, .. } => Error::NonFinite {
                    what,
                    index: i,
                    value,
                },
                other => other,
            })?;
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn json_round_trip_and_prediction() -> Result<()> {
        let text = r#"{"kind":"logistic_regression","feature_names":["a","b"],"coefficients":[0.5,-1.0],"intercept":0.25}"#;
        let m = LinearModel::from_json_str(text, "m.json")?;
        let back = LinearModel::from_json_str(&m.to_json_string(), "back")?;
        assert_eq!(m, back);
        let x = array![[2.0, 1.0], [0.0, 0.0]];
        let margin = m.predict_margin(x.view())?;
        assert_eq!(margin.to_vec(), vec![0.25, 0.25]);
        let p = m.predict_proba(x.view())?;
        assert!((p[0] - rai_core::sigmoid(0.25)).abs() < 1e-15);
        Ok(())
    }

    #[test]
    fn bad_input_is_an_error() {
        assert!(
            LinearModel::from_json_str("{}", "m.json")
                .unwrap_err()
                .to_string()
                .contains("m.json")
        );
        assert!(
            LinearModel::new(LinearKind::LinearRegression, vec!["a".into()], vec![], 0.0).is_err()
        );
        let m = LinearModel::new(
            LinearKind::LinearRegression,
            vec!["a".into()],
            vec![1.0],
            0.0,
        )
        .unwrap();
        assert!(m.predict_margin(array![[f64::NAN]].view()).is_err());
        assert!(m.predict_proba(array![[1.0]].view()).is_err());
        assert!(m.predict_margin(array![[1.0, 2.0]].view()).is_err());
    }
}
