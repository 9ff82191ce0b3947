//! `rai explain counterfactual`: diverse, sparse, valid counterfactuals for one row.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use rai_core::Model;
use rai_explain::counterfactual::{Counterfactuals, Monotone};

use super::importance::{check_row, feature_index};
use super::pdp::JsonFormat;
use crate::output::{to_json, write_output};

/// Arguments of `rai explain counterfactual`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "DiCE-style counterfactuals: random search over the mutable features, then greedy sparsification and shrinking toward the original while the model still gives --desired; a diverse set is chosen. Distances are the mean over features of |change| / MAD (median absolute deviation in --data). Ranges default to the --data min..max; integer-valued columns stay integers. Every counterfactual is re-predicted: \"valid\" says whether the model gives the desired class.\n\nExample:\n  rai explain counterfactual --model credit.json --data applicants.csv --row 3 --desired 1 --count 4 --immutable age,sex --range duration=6:48 --increase-only age --seed 7"
)]
pub struct Args {
    /// Model file (binary classifier): XGBoost JSON, LightGBM text or rai linear-model JSON.
    #[arg(long)]
    pub model: PathBuf,
    /// CSV with the model's feature columns (also the source of MADs and default ranges).
    #[arg(long)]
    pub data: PathBuf,
    /// Row to explain (0-based data row).
    #[arg(long)]
    pub row: usize,
    /// Desired class (0 or 1); must differ from the model's class for the row.
    #[arg(long)]
    pub desired: u8,
    /// Counterfactuals to return.
    #[arg(long, default_value_t = 4)]
    pub count: usize,
    /// Features that must not change, comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub immutable: Vec<String>,
    /// Allowed values of a changed feature, COL=LO:HI (repeatable).
    #[arg(long)]
    pub range: Vec<String>,
    /// Features that may only increase, comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub increase_only: Vec<String>,
    /// Features that may only decrease, comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub decrease_only: Vec<String>,
    /// Random candidates drawn.
    #[arg(long, default_value_t = 2000)]
    pub candidates: usize,
    /// Seed (same seed and input give identical output).
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = JsonFormat::Json)]
    pub format: JsonFormat,
    /// Write to this file instead of stdout.
    #[arg(long)]
    pub output: Option<PathBuf>,
}

fn parse_range(spec: &str) -> Result<(String, f64, f64)> {
    let err = || format!("--range {spec}: expected COL=LO:HI with numbers LO <= HI");
    let (col, r) = spec.split_once('=').with_context(err)?;
    let (lo, hi) = r.split_once(':').with_context(err)?;
    let lo: f64 = lo.trim().parse().with_context(err)?;
    let hi: f64 = hi.trim().parse().with_context(err)?;
    if !(lo.is_finite() && hi.is_finite() && lo <= hi) {
        bail!(err());
    }
    Ok((col.trim().to_owned(), lo, hi))
}

/// Runs `rai explain counterfactual`.
pub fn run(args: Args) -> Result<()> {
    let model = crate::commands::load_model(&args.model)?;
    let table = crate::commands::load_table(&args.data)?;
    let x = crate::commands::features_for(&model, &table, &args.data)?;
    check_row(args.row, x.nrows(), &args.data)?;
    let mut params = Counterfactuals::params()
        .count(args.count)
        .candidates(args.candidates)
        .seed(args.seed);
    let mut ranges = serde_json::Map::new();
    for name in &args.immutable {
        params = params.immutable(feature_index(&model, name, "--immutable")?);
    }
    for spec in &args.range {
        let (col, lo, hi) = parse_range(spec)?;
        params = params.range(feature_index(&model, &col, "--range")?, lo, hi);
        ranges.insert(col, serde_json::json!([lo, hi]));
    }
    for name in &args.increase_only {
        params = params.monotone(
            feature_index(&model, name, "--increase-only")?,
            Monotone::Increase,
        );
    }
    for name in &args.decrease_only {
        params = params.monotone(
            feature_index(&model, name, "--decrease-only")?,
            Monotone::Decrease,
        );
    }
    let cf = Counterfactuals::new(x.view(), params).context("counterfactual parameters")?;
    let set = cf
        .explain(&model, x.row(args.row), args.desired)
        .with_context(|| {
            format!(
                "{}: counterfactuals for row {}",
                args.data.display(),
                args.row
            )
        })?;
    let names = model.feature_names();
    let as_map = |v: &[f64]| -> serde_json::Value {
        serde_json::Value::Object(
            names
                .iter()
                .zip(v)
                .map(|(n, x)| (n.clone(), serde_json::json!(x)))
                .collect(),
        )
    };
    let cfs: Vec<serde_json::Value> = set
        .counterfactuals
        .iter()
        .map(|c| {
            serde_json::json!({
                "values": as_map(&c.values),
                "changed": c.changed.iter().map(|j| names[*j].clone()).collect::<Vec<_>>(),
                "distance": c.distance,
                "valid": c.valid,
                "probability": c.probability,
            })
        })
        .collect();
    if cfs.is_empty() {
        eprintln!(
            "note: no counterfactual found for row {} among {} candidates (try more --candidates or fewer constraints)",
            args.row, set.candidates
        );
    }
    let out = serde_json::json!({
        "row": args.row,
        "original": as_map(&set.original),
        "original_probability": set.original_probability,
        "desired": args.desired,
        "counterfactuals": cfs,
        "diversity": set.diversity,
        "count": args.count,
        "candidates": set.candidates,
        "valid_candidates": set.valid_candidates,
        "immutable": args.immutable,
        "ranges": ranges,
        "increase_only": args.increase_only,
        "decrease_only": args.decrease_only,
        "distance": "mean |change| / MAD",
        "seed": set.seed,
    });
    write_output(args.output.as_deref(), &to_json(&out)?)
}
