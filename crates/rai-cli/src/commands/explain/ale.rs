//! `rai explain ale`: accumulated local effects of one numeric feature.

use std::path::PathBuf;

use anyhow::{Context, Result};
use rai_explain::ale::Ale;

use super::importance::feature_index;
use super::pdp::{JsonFormat, SpaceArg};
use crate::output::{to_json, write_output};

/// Arguments of `rai explain ale`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "First-order ALE (Apley & Zhu 2020): quantile bins of the feature, the mean prediction difference across each bin for the rows in it, accumulated and centred so the data-weighted mean effect is 0. \"values\" are the centred ALE at the bin \"edges\".\n\nExample:\n  rai explain ale --model model.json --data test.csv --feature age --bins 20"
)]
pub struct Args {
    /// Model file: XGBoost JSON, LightGBM text or rai linear-model JSON.
    #[arg(long)]
    pub model: PathBuf,
    /// CSV with the model's feature columns.
    #[arg(long)]
    pub data: PathBuf,
    /// Numeric feature.
    #[arg(long)]
    pub feature: String,
    /// Quantile bins (fewer when quantiles coincide).
    #[arg(long, default_value_t = 20)]
    pub bins: usize,
    /// Output space.
    #[arg(long, value_enum, default_value_t = SpaceArg::Margin)]
    pub space: SpaceArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = JsonFormat::Json)]
    pub format: JsonFormat,
    /// Write to this file instead of stdout.
    #[arg(long)]
    pub output: Option<PathBuf>,
}

/// Runs `rai explain ale`.
pub fn run(args: Args) -> Result<()> {
    let model = crate::commands::load_model(&args.model)?;
    let table = crate::commands::load_table(&args.data)?;
    let x = crate::commands::features_for(&model, &table, &args.data)?;
    let j = feature_index(&model, &args.feature, "--feature")?;
    let r = Ale {
        bins: args.bins,
        space: args.space.space(),
    }
    .compute(&model, x.view(), j)
    .with_context(|| format!("{}: ALE of `{}`", args.data.display(), args.feature))?;
    let out = serde_json::json!({
        "feature": r.feature,
        "edges": r.edges,
        "values": r.values,
        "bin_counts": r.bin_counts,
        "local_effects": r.local_effects,
        "missing_rows": r.missing_rows,
        "bins": args.bins,
        "space": r.space.as_str(),
        "rows": x.nrows(),
    });
    write_output(args.output.as_deref(), &to_json(&out)?)
}
