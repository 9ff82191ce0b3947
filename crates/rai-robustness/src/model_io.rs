//! Loading any model the attacks understand: rai's model files plus the [`Mlp`] JSON form.

use std::path::Path;

use ndarray::{Array1, ArrayView2};
use rai_core::{Error, Link, Model, Result, Task};
use rai_models::AnyModel;

use crate::differentiable::{Differentiable, Mlp};

/// A loaded model: anything [`rai_models::load_model`] reads, or an [`Mlp`].
#[derive(Debug, Clone, PartialEq)]
pub enum LoadedModel {
    /// XGBoost, LightGBM or linear model.
    Any(AnyModel),
    /// A dense network in the documented JSON form.
    Mlp(Mlp),
}

impl LoadedModel {
    /// The differentiable view (linear models and MLPs), if any.
    pub fn differentiable(&self) -> Option<&dyn Differentiable> {
        match self {
            LoadedModel::Any(AnyModel::Linear(l)) => Some(l),
            LoadedModel::Mlp(m) => Some(m),
            LoadedModel::Any(_) => None,
        }
    }

    /// Whether the model routes `NaN` inputs itself (tree ensembles).
    pub fn handles_missing(&self) -> bool {
        matches!(self, LoadedModel::Any(AnyModel::Trees(_)))
    }

    fn inner(&self) -> &dyn Model {
        match self {
            LoadedModel::Any(m) => m,
            LoadedModel::Mlp(m) => m,
        }
    }
}

/// Loads a model file: an MLP JSON document (`"kind": "mlp"`) or any format
/// [`rai_models::load_model`] reads.
///
/// # Errors
/// [`Error::Io`] when the file cannot be read; [`Error::ModelFormat`] for malformed content.
pub fn load_model(path: impl AsRef<Path>) -> Result<LoadedModel> {
    let path = path.as_ref();
    let name = path.display().to_string();
    let bytes = rai_core::table::read_file_bytes(path)?;
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    if head.trim_start().starts_with('{') && head.contains("\"mlp\"") {
        let text = std::str::from_utf8(&bytes).map_err(|e| Error::ModelFormat {
            path: name.clone(),
            message: format!("not UTF-8 text: {e}"),
        })?;
        return Ok(LoadedModel::Mlp(Mlp::from_json_str(text, &name)?));
    }
    Ok(LoadedModel::Any(AnyModel::from_bytes(&bytes, &name)?))
}

impl Model for LoadedModel {
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
