//! Import of XGBoost JSON models (`Booster.save_model("model.json")`).

use rai_core::{Error, Result};

use super::TreeEnsemble;

/// Parses an XGBoost JSON model; `name` is used in error messages.
///
/// # Errors
/// [`Error::ModelFormat`] for documents that are not XGBoost gbtree models.
pub fn from_json_str(_text: &str, name: &str) -> Result<TreeEnsemble> {
    Err(Error::ModelFormat {
        path: name.to_owned(),
        message: "XGBoost import is not implemented yet".into(),
    })
}
