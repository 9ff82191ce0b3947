//! Concrete models behind [`rai_core::Model`]: linear and logistic regression, tree
//! ensembles imported from XGBoost and LightGBM with margins equal to the libraries' own,
//! and adapters for smartcore models.
//!
//! # Overview
//! - [`LinearModel`]: linear and logistic regression with a small JSON form.
//! - [`TreeEnsemble`]: gradient-boosted trees and random forests in a flat, cache-friendly
//!   layout ([`Node`]s, children after their parent), with a parallel batch predictor
//!   whose result does not depend on the thread count.
//! - Importers: [`tree::xgboost`] reads `Booster.save_model("model.json")` files
//!   (gbtree and dart; `binary:logistic`, `binary:logitraw`, `reg:logistic`,
//!   `reg:squarederror` and other identity-link regressions; `base_score` in every form
//!   XGBoost 1.x-3.x writes), [`tree::lightgbm`] reads `Booster.save_model("model.txt")`
//!   files (binary and regression objectives, all three missing-value types, random
//!   forests). Margins match XGBoost's `predict(output_margin=True)` and LightGBM's
//!   `predict(raw_score=True)` on real data with missing cells (XGBoost: float32
//!   comparisons reproduced exactly; the sum is taken in `f64`, so it differs from
//!   XGBoost's float32 sum by rounding only, about 1e-7 relative). Unsupported model
//!   features (multi-class, categorical splits, linear trees, other links) are rejected
//!   with [`rai_core::Error::Unsupported`] naming the file.
//! - [`AnyModel`] and [`load_model`]: load a model file (gzip allowed) whose format is
//!   detected from its content.
//! - `smartcore` feature: `smartcore_adapters` put smartcore's logistic regression and
//!   random forest classifier behind `Model`.
//!
//! Every tree model sends a missing value (`NaN`) down the branch its library would;
//! [`LinearModel`] rejects `NaN` with an error.
//!
//! # Example
//! ```
//! use rai_core::Model;
//! use rai_models::{AnyModel, LinearModel};
//!
//! let json = r#"{"kind": "logistic_regression", "feature_names": ["x"],
//!                "coefficients": [2.0], "intercept": -1.0}"#;
//! let model = AnyModel::from_bytes(json.as_bytes(), "model.json")?;
//! let x = ndarray::array![[0.5]];
//! assert_eq!(model.predict_margin(x.view())?[0], 0.0);
//! assert_eq!(model.predict_proba(x.view())?[0], 0.5);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Features
//! - `smartcore` (off by default): `smartcore_adapters` for smartcore 0.4's logistic
//!   regression and random forest classifier (enables smartcore's `serde` feature, through
//!   which the forest's trees are read).

pub mod linear;
#[cfg(feature = "smartcore")]
pub mod smartcore_adapters;
pub mod tree;

use std::path::Path;

use ndarray::{Array1, ArrayView2};
use rai_core::{Error, Link, Model, Result, Task};

pub use linear::{LinearKind, LinearModel};
pub use tree::{EnsembleSource, MissingRule, Node, SplitCmp, TreeEnsemble};

/// The model file formats `rai` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelFormat {
    /// `{"kind": "logistic_regression" | "linear_regression", ...}`.
    LinearJson,
    /// XGBoost's JSON model format.
    XGBoostJson,
    /// LightGBM's text model format.
    LightGbmText,
}

/// Detects a model file's format from its content.
///
/// # Errors
/// [`Error::ModelFormat`] when the content matches no known format.
pub fn detect_format(bytes: &[u8], name: &str) -> Result<ModelFormat> {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') {
        if trimmed.contains("\"learner\"") || text.contains("\"learner\"") {
            return Ok(ModelFormat::XGBoostJson);
        }
        return Ok(ModelFormat::LinearJson);
    }
    if trimmed.starts_with("tree") {
        return Ok(ModelFormat::LightGbmText);
    }
    Err(Error::ModelFormat {
        path: name.to_owned(),
        message: "unrecognised model format: expected XGBoost JSON, LightGBM text or rai linear-model JSON".into(),
    })
}

/// Any model `rai` can load from a file.
#[derive(Debug, Clone, PartialEq)]
pub enum AnyModel {
    /// A linear or logistic regression.
    Linear(LinearModel),
    /// A tree ensemble.
    Trees(TreeEnsemble),
}

impl AnyModel {
    /// Parses a model from bytes, detecting the format; `name` is used in messages.
    ///
    /// # Errors
    /// [`Error::ModelFormat`] for unknown or malformed content; [`Error::Unsupported`]
    /// for XGBoost's binary UBJSON format and for model features the importers do not
    /// handle.
    pub fn from_bytes(bytes: &[u8], name: &str) -> Result<AnyModel> {
        // UBJSON: `{` followed by a type marker (`L`, `U`, `i`, ...) instead of JSON text
        if bytes.first() == Some(&b'{')
            && bytes
                .get(1)
                .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'$' || *b == b'#')
            && bytes.windows(7).take(64).any(|w| w == b"learner")
        {
            return Err(Error::unsupported(format!(
                "model file {name}: XGBoost UBJSON (binary) model; save it as JSON with Booster.save_model(\"model.json\")"
            )));
        }
        let text = std::str::from_utf8(bytes).map_err(|e| Error::ModelFormat {
            path: name.to_owned(),
            message: format!("not UTF-8 text: {e}"),
        })?;
        Ok(match detect_format(bytes, name)? {
            ModelFormat::LinearJson => AnyModel::Linear(LinearModel::from_json_str(text, name)?),
            ModelFormat::XGBoostJson => AnyModel::Trees(tree::xgboost::from_json_str(text, name)?),
            ModelFormat::LightGbmText => AnyModel::Trees(tree::lightgbm::from_text(text, name)?),
        })
    }

    /// The tree ensemble, if this is one.
    pub fn as_trees(&self) -> Option<&TreeEnsemble> {
        match self {
            AnyModel::Trees(t) => Some(t),
            AnyModel::Linear(_) => None,
        }
    }

    /// The linear model, if this is one.
    pub fn as_linear(&self) -> Option<&LinearModel> {
        match self {
            AnyModel::Linear(l) => Some(l),
            AnyModel::Trees(_) => None,
        }
    }

    fn inner(&self) -> &dyn Model {
        match self {
            AnyModel::Linear(m) => m,
            AnyModel::Trees(m) => m,
        }
    }
}

/// Loads a model file, detecting its format from the content (gzip allowed).
///
/// # Errors
/// [`Error::Io`] when the file cannot be read; [`Error::ModelFormat`] for unknown or
/// malformed content.
pub fn load_model(path: impl AsRef<Path>) -> Result<AnyModel> {
    let path = path.as_ref();
    let bytes = rai_core::table::read_file_bytes(path)?;
    AnyModel::from_bytes(&bytes, &path.display().to_string())
}

impl Model for AnyModel {
    fn feature_names(&self) -> &[String] {
        self.inner().feature_names()
    }
    fn task(&self) -> Task {
        self.inner().task()
    }
    fn link(&self) -> Link {
        self.inner().link()
    }
    fn predict_margin(&self, x: ArrayView2<'_, f64>) -> Result<Array1<f64>> {
        self.inner().predict_margin(x)
    }
}
