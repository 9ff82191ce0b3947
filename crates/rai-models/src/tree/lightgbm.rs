//! Import of LightGBM text models (`Booster.save_model("model.txt")`).

use rai_core::{Error, Result};

use super::TreeEnsemble;

/// Parses a LightGBM text model; `name` is used in error messages.
///
/// # Errors
/// [`Error::ModelFormat`] for documents that are not LightGBM models.
pub fn from_text(_text: &str, name: &str) -> Result<TreeEnsemble> {
    Err(Error::ModelFormat {
        path: name.to_owned(),
        message: "LightGBM import is not implemented yet".into(),
    })
}
