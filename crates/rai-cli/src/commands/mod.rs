//! One module per `rai` subcommand.

pub mod anonymize;
pub mod audit;
pub mod demo;
pub mod describe;
pub mod dp;
pub mod drift;
pub mod explain;
pub mod fairness;
pub mod predict;
pub mod risk;
pub mod robustness;

use std::path::Path;

use anyhow::{Context, Result};
use rai_core::{CsvOptions, Table};
use rai_models::AnyModel;

/// Output formats shared by commands.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Format {
    /// Human-readable text.
    #[default]
    Table,
    /// One JSON object.
    Json,
    /// Markdown.
    Markdown,
}

/// Loads a CSV file with default options.
pub fn load_table(path: &Path) -> Result<Table> {
    Table::from_csv_path(path, &CsvOptions::default()).map_err(anyhow::Error::from)
}

/// Loads a model file (format detected from content).
pub fn load_model(path: &Path) -> Result<AnyModel> {
    rai_models::load_model(path).map_err(anyhow::Error::from)
}

/// The model's feature matrix from a table, matching columns by name.
pub fn features_for(
    model: &dyn rai_core::Model,
    table: &Table,
    data_path: &Path,
) -> Result<ndarray::Array2<f64>> {
    for name in model.feature_names() {
        if !table.has_column(name) {
            anyhow::bail!(
                "{}: the model needs feature column `{name}`, which the data file does not have",
                data_path.display()
            );
        }
    }
    table
        .feature_matrix(model.feature_names())
        .with_context(|| {
            format!(
                "{}: building the model's feature matrix",
                data_path.display()
            )
        })
}
