//! `rai explain shap`: Shapley values for every row of a CSV file.

use std::path::PathBuf;

use anyhow::Result;

/// Arguments of `rai explain shap`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Model file: XGBoost JSON, LightGBM text or rai linear-model JSON (detected from content).
    #[arg(long)]
    pub model: PathBuf,
    /// CSV with the rows to explain; columns matched to the model's features by name.
    #[arg(long)]
    pub data: PathBuf,
}

/// Runs `rai explain shap`.
pub fn run(args: Args) -> Result<()> {
    anyhow::bail!(
        "rai explain shap is being implemented (model {}, data {})",
        args.model.display(),
        args.data.display()
    )
}
