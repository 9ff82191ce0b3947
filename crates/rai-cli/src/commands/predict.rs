//! `rai predict`: batch prediction from a model file on a CSV file.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::Result;
use rai_core::{Model, Task};
use rai_models::EnsembleSource;

use crate::output::write_output;

/// Arguments of `rai predict`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  rai predict --model model.json --data adult.csv\n  rai predict --model model.txt --data adult.csv --margin --output margins.csv\n\nOutput: CSV with one header line (`margin` with --margin, else `probability` for classifiers,\n`prediction` for regressors) and one value per input row, in input order."
)]
pub struct Args {
    /// Model file: XGBoost JSON, LightGBM text or rai linear-model JSON (detected from content).
    #[arg(long)]
    pub model: PathBuf,
    /// Input CSV with a header; columns matched to the model's features by name.
    #[arg(long)]
    pub data: PathBuf,
    /// Output raw scores (log-odds for classifiers) instead of probabilities.
    #[arg(long)]
    pub margin: bool,
    /// Write to this file instead of stdout.
    #[arg(long)]
    pub output: Option<PathBuf>,
}

/// Runs `rai predict`.
pub fn run(args: Args) -> Result<()> {
    let model = super::load_model(&args.model)?;
    let table = super::load_table(&args.data)?;
    let x = super::features_for(&model, &table, &args.data)?;
    // XGBoost sums leaf values in float32; doing the same reproduces its output to the bit.
    let margin = match model.as_trees() {
        Some(t) if t.source() == EnsembleSource::XGBoost => t.predict_margin_f32(x.view())?,
        _ => model.predict_margin(x.view())?,
    };
    let link = model.link();
    let (header, values) = if args.margin {
        ("margin", margin)
    } else if model.task() == Task::BinaryClassification {
        ("probability", margin.mapv(|m| link.apply(m)))
    } else {
        ("prediction", margin.mapv(|m| link.apply(m)))
    };
    let mut out = String::with_capacity(values.len() * 20 + 16);
    out.push_str(header);
    out.push('\n');
    for v in values {
        let _ = writeln!(out, "{v}");
    }
    write_output(args.output.as_deref(), out.as_bytes())
}
