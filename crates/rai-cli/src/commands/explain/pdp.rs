//! `rai explain pdp`: partial dependence (and ICE) of one or two features.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use rai_explain::Space;
use rai_explain::pdp::{GridSpec, PartialDependence};

use super::importance::feature_index;
use crate::output::{to_json, write_output};

/// Output spaces.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SpaceArg {
    /// Raw score (log-odds for classifiers); scikit-learn's decision_function.
    #[default]
    Margin,
    /// Positive-class probability (classifiers); scikit-learn's predict_proba.
    Probability,
}

impl SpaceArg {
    /// The library's space.
    pub fn space(self) -> Space {
        match self {
            SpaceArg::Margin => Space::Margin,
            SpaceArg::Probability => Space::Probability,
        }
    }
}

/// JSON is the only output format of this command.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum JsonFormat {
    /// One JSON object.
    #[default]
    Json,
}

/// Arguments of `rai explain pdp`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Brute-force partial dependence as scikit-learn's partial_dependence(method=\"brute\"): every row is predicted with the feature set to each grid value; the average is the PD curve, the per-row predictions (--ice) the ICE curves. The automatic grid is scikit-learn's: the unique values when fewer than --grid-resolution, otherwise evenly spaced points between the 5th and 95th percentiles.\n\nJSON: {\"feature\", \"grid\", \"average\", \"ice\" (with --ice), \"space\", ...}; with --feature2 also \"feature2\" and \"grid2\", and \"average\" is a [grid][grid2] matrix (ice: [row][grid][grid2]).\n\nExample:\n  rai explain pdp --model model.json --data test.csv --feature age --grid-resolution 20 --ice --space probability"
)]
pub struct Args {
    /// Model file: XGBoost JSON, LightGBM text or rai linear-model JSON.
    #[arg(long)]
    pub model: PathBuf,
    /// CSV with the model's feature columns.
    #[arg(long)]
    pub data: PathBuf,
    /// Feature to vary.
    #[arg(long)]
    pub feature: String,
    /// Second feature for a 2-D partial dependence.
    #[arg(long)]
    pub feature2: Option<String>,
    /// Grid values for --feature, comma-separated (instead of the automatic grid).
    #[arg(long, value_delimiter = ',', conflicts_with = "grid_resolution", num_args = 1..)]
    pub grid: Option<Vec<f64>>,
    /// Points of automatic grids.
    #[arg(long)]
    pub grid_resolution: Option<usize>,
    /// Treat --feature as categorical: its grid is every distinct value in the data.
    #[arg(long)]
    pub categorical: bool,
    /// Also output the per-row ICE curves.
    #[arg(long)]
    pub ice: bool,
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

/// Runs `rai explain pdp`.
pub fn run(args: Args) -> Result<()> {
    let model = crate::commands::load_model(&args.model)?;
    let table = crate::commands::load_table(&args.data)?;
    let x = crate::commands::features_for(&model, &table, &args.data)?;
    let j = feature_index(&model, &args.feature, "--feature")?;
    let spec = match (&args.grid, args.categorical) {
        (Some(_), true) => bail!("--grid and --categorical cannot be used together"),
        (Some(g), false) => GridSpec::Values(g.clone()),
        (None, true) => GridSpec::Categorical,
        (None, false) => GridSpec::Auto,
    };
    let mut features = vec![(j, spec)];
    if let Some(f2) = &args.feature2 {
        let k = feature_index(&model, f2, "--feature2")?;
        if k == j {
            bail!("--feature2 {f2}: must differ from --feature");
        }
        features.push((k, GridSpec::Auto));
    }
    let resolution = args.grid_resolution.unwrap_or(100);
    let pd = PartialDependence {
        grid_resolution: resolution,
        space: args.space.space(),
        ice: args.ice,
        ..PartialDependence::default()
    };
    let r = pd.compute(&model, x.view(), &features).with_context(|| {
        format!(
            "{}: partial dependence of `{}`",
            args.data.display(),
            args.feature
        )
    })?;
    let mut out = serde_json::json!({
        "feature": args.feature,
        "grid": r.grid_values[0],
        "space": r.space.as_str(),
        "grid_resolution": resolution,
        "percentiles": [pd.percentiles.0, pd.percentiles.1],
        "grid_kind": if args.grid.is_some() { "values" } else if args.categorical { "categorical" } else { "auto" },
        "rows": x.nrows(),
        "method": "brute",
    });
    let m2 = r.grid_values.get(1).map_or(1, Vec::len);
    let reshape = |v: &[f64]| -> serde_json::Value {
        if args.feature2.is_some() {
            serde_json::json!(v.chunks(m2).map(<[f64]>::to_vec).collect::<Vec<_>>())
        } else {
            serde_json::json!(v)
        }
    };
    out["average"] = reshape(&r.average);
    if let Some(f2) = &args.feature2 {
        out["feature2"] = serde_json::json!(f2);
        out["grid2"] = serde_json::json!(r.grid_values[1]);
    }
    if let Some(ice) = &r.individual {
        out["ice"] = serde_json::Value::Array(ice.iter().map(|row| reshape(row)).collect());
    }
    write_output(args.output.as_deref(), &to_json(&out)?)
}
