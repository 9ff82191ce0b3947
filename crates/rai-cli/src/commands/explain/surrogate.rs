//! `rai explain surrogate`: a shallow decision tree imitating the model, with its fidelity.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::{Context, Result};
use rai_explain::surrogate::{GlobalSurrogate, SurrogateTarget};

use crate::output::{to_json, write_output};

/// What the surrogate imitates.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetArg {
    /// The predicted class (classification tree; fidelity = accuracy vs the model).
    Class,
    /// The margin (regression tree; fidelity = R² vs the model).
    Margin,
}

/// Output formats of `rai explain surrogate`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SurrogateFormat {
    /// The tree as indented rules.
    #[default]
    Text,
    /// One JSON object with the rules, nodes and fidelity.
    Json,
}

/// Arguments of `rai explain surrogate`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Fits a CART decision tree to the model's predictions on --data and reports its fidelity: accuracy against the model's classes (class target, the default for classifiers) or R² against its margins. Missing values go to the right branch (\"> t or missing\").\n\nExample:\n  rai explain surrogate --model model.json --data test.csv --max-depth 3 --format json"
)]
pub struct Args {
    /// Model file: XGBoost JSON, LightGBM text or rai linear-model JSON.
    #[arg(long)]
    pub model: PathBuf,
    /// CSV with the model's feature columns.
    #[arg(long)]
    pub data: PathBuf,
    /// Maximum depth of the tree.
    #[arg(long, default_value_t = 3)]
    pub max_depth: usize,
    /// Minimum rows per leaf.
    #[arg(long, default_value_t = 1)]
    pub min_samples_leaf: usize,
    /// Target [default: class for classifiers, margin for regressors].
    #[arg(long, value_enum)]
    pub target: Option<TargetArg>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SurrogateFormat::Text)]
    pub format: SurrogateFormat,
    /// Write to this file instead of stdout.
    #[arg(long)]
    pub output: Option<PathBuf>,
}

/// Runs `rai explain surrogate`.
pub fn run(args: Args) -> Result<()> {
    let model = crate::commands::load_model(&args.model)?;
    let table = crate::commands::load_table(&args.data)?;
    let x = crate::commands::features_for(&model, &table, &args.data)?;
    let s = GlobalSurrogate {
        max_depth: args.max_depth,
        min_samples_leaf: args.min_samples_leaf,
        target: args.target.map(|t| match t {
            TargetArg::Class => SurrogateTarget::Class,
            TargetArg::Margin => SurrogateTarget::Margin,
        }),
    }
    .fit(&model, x.view())
    .with_context(|| format!("{}: global surrogate", args.data.display()))?;
    let fidelity_name = match s.target {
        SurrogateTarget::Class => "accuracy",
        SurrogateTarget::Margin => "r2",
    };
    let bytes = match args.format {
        SurrogateFormat::Json => to_json(&serde_json::json!({
            "target": s.target,
            "fidelity": s.fidelity,
            "fidelity_metric": fidelity_name,
            "rules": s.rules(),
            "nodes": s.tree.nodes,
            "depth": s.tree.depth(),
            "leaves": s.rules().len(),
            "max_depth": s.max_depth,
            "min_samples_leaf": s.min_samples_leaf,
            "rows": s.rows,
        }))?,
        SurrogateFormat::Text => {
            let mut t = String::new();
            let fid = s
                .fidelity
                .map_or("undefined".to_owned(), |f| format!("{f:.6}"));
            let _ = writeln!(
                t,
                "Global surrogate: decision tree on the model's {} ({} rows, max depth {}); fidelity ({fidelity_name}): {fid}",
                match s.target {
                    SurrogateTarget::Class => "predicted class",
                    SurrogateTarget::Margin => "margin",
                },
                s.rows,
                s.max_depth
            );
            t.push_str(&s.to_text());
            t.into_bytes()
        }
    };
    write_output(args.output.as_deref(), &bytes)
}
