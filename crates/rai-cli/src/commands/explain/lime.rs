//! `rai explain lime`: a LIME local surrogate for one row.

use std::path::PathBuf;

use anyhow::{Context, Result};
use rai_explain::lime::LimeTabular;

use super::importance::check_row;
use super::pdp::{JsonFormat, SpaceArg};
use crate::output::{to_json, write_output};

/// Arguments of `rai explain lime`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "LIME for tabular data with lime's defaults: samples drawn from the --data distribution per quartile bin, exponential kernel of width 0.75*sqrt(features) on the binary bin-membership representation, weighted ridge (alpha 1). Explains the probability for classifiers and the value for regressors (override with --space). \"score\" is the surrogate's weighted R² on the samples: low values mean the local explanation is not faithful.\n\nExample:\n  rai explain lime --model model.json --data test.csv --row 12 --num-features 5 --seed 7"
)]
pub struct Args {
    /// Model file: XGBoost JSON, LightGBM text or rai linear-model JSON.
    #[arg(long)]
    pub model: PathBuf,
    /// CSV with the model's feature columns; also the training distribution LIME samples from.
    #[arg(long)]
    pub data: PathBuf,
    /// Row to explain (0-based data row).
    #[arg(long)]
    pub row: usize,
    /// Features in the explanation.
    #[arg(long, default_value_t = 10)]
    pub num_features: usize,
    /// Perturbed samples.
    #[arg(long, default_value_t = 5000)]
    pub num_samples: usize,
    /// Output space [default: probability for classifiers, margin for regressors].
    #[arg(long, value_enum)]
    pub space: Option<SpaceArg>,
    /// Seed of the sampling (same seed and input give identical output).
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = JsonFormat::Json)]
    pub format: JsonFormat,
    /// Write to this file instead of stdout.
    #[arg(long)]
    pub output: Option<PathBuf>,
}

/// Runs `rai explain lime`.
pub fn run(args: Args) -> Result<()> {
    let model = crate::commands::load_model(&args.model)?;
    let table = crate::commands::load_table(&args.data)?;
    let x = crate::commands::features_for(&model, &table, &args.data)?;
    check_row(args.row, x.nrows(), &args.data)?;
    let names = rai_core::Model::feature_names(&model).to_vec();
    let mut params = LimeTabular::params()
        .num_features(args.num_features)
        .num_samples(args.num_samples)
        .seed(args.seed);
    if let Some(s) = args.space {
        params = params.space(s.space());
    }
    let lime = LimeTabular::new(x.view(), names, params).context("LIME parameters")?;
    let e = lime
        .explain(&model, x.row(args.row))
        .with_context(|| format!("{}: LIME for row {}", args.data.display(), args.row))?;
    let features: Vec<serde_json::Value> = e
        .features
        .iter()
        .map(|f| {
            serde_json::json!({
                "feature": f.name,
                "condition": f.description,
                "value": f.value,
                "weight": f.weight,
            })
        })
        .collect();
    let out = serde_json::json!({
        "row": args.row,
        "features": features,
        "intercept": e.intercept,
        "score": e.score,
        "local_prediction": e.local_prediction,
        "model_prediction": e.model_prediction,
        "space": e.space.as_str(),
        "kernel_width": e.kernel_width,
        "num_features": args.num_features,
        "num_samples": e.num_samples,
        "seed": e.seed,
    });
    write_output(args.output.as_deref(), &to_json(&out)?)
}
