//! `rai robustness`: adversarial attacks, noise stress tests, certified robustness and
//! monotonicity checks (library: `rai-robustness`).

mod attack;
mod certify;
mod monotone;
mod noise;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use ndarray::Array2;
use rai_core::{Model, Table};
use rai_robustness::{FeatureConstraints, LoadedModel};

use super::Format;

/// The `rai robustness` subcommands.
#[derive(clap::Subcommand, Debug)]
pub enum RobustnessCommand {
    /// Evasion attack (fgsm, pgd, hopskipjump, square): clean vs adversarial accuracy.
    Attack(attack::Args),
    /// Accuracy under Gaussian noise, missing values and categorical flips.
    Noise(noise::Args),
    /// Randomized smoothing: certified L2 radius per row, certified accuracy.
    Certify(certify::Args),
    /// Check declared monotone (and invariant) features; exit 1 on violations.
    Monotone(monotone::Args),
}

/// Runs a `rai robustness` subcommand.
pub fn run(cmd: RobustnessCommand) -> Result<()> {
    match cmd {
        RobustnessCommand::Attack(a) => attack::run(a),
        RobustnessCommand::Noise(a) => noise::run(a),
        RobustnessCommand::Certify(a) => certify::run(a),
        RobustnessCommand::Monotone(a) => monotone::run(a),
    }
}

/// Model, data and labels shared by the subcommands.
#[derive(clap::Args, Debug, Clone)]
pub struct Inputs {
    /// Model file: XGBoost JSON, LightGBM text, rai linear-model JSON or rai MLP JSON.
    #[arg(long)]
    pub model: PathBuf,
    /// Input CSV with a header; columns matched to the model's features by name.
    #[arg(long)]
    pub data: PathBuf,
    /// Label column (0/1, true/false, or any two values with --positive).
    #[arg(long)]
    pub label: String,
    /// Value of the label column that means the positive class.
    #[arg(long)]
    pub positive: Option<String>,
}

pub(crate) struct Loaded {
    pub model: LoadedModel,
    pub table: Table,
    pub x: Array2<f64>,
    pub y: ndarray::Array1<f64>,
}

pub(crate) fn load(inputs: &Inputs) -> Result<Loaded> {
    let model = rai_robustness::load_model(&inputs.model)?;
    let table = super::load_table(&inputs.data)?;
    let x = features_for(&model, &table, &inputs.data)?;
    let col = table
        .column(&inputs.label)
        .with_context(|| format!("{}: label column", inputs.data.display()))?;
    let y = rai_robustness::labels::binary_labels(col, &inputs.label, inputs.positive.as_deref())
        .with_context(|| {
        format!("{}: label column `{}`", inputs.data.display(), inputs.label)
    })?;
    Ok(Loaded {
        model,
        table,
        x,
        y: ndarray::Array1::from(y),
    })
}

pub(crate) fn features_for(model: &dyn Model, table: &Table, path: &Path) -> Result<Array2<f64>> {
    super::features_for(model, table, path)
}

/// Splits `a,b,c` into trimmed, non-empty names.
pub(crate) fn names(list: &Option<String>) -> Vec<String> {
    list.as_deref()
        .map(|s| {
            s.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// Parses `0,0.1,0.5` into numbers.
pub(crate) fn numbers(list: &str, what: &str) -> Result<Vec<f64>> {
    list.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .with_context(|| format!("--{what}: `{s}` is not a finite number"))
        })
        .collect()
}

/// Realism constraints: observed bounds and integer columns (unless `none`), the
/// immutable features, one-hot groups and label-encoded categoricals (observed levels).
pub(crate) fn constraints(
    model: &dyn Model,
    x: &Array2<f64>,
    realism: Realism,
    immutable: &[String],
    one_hot: &[String],
    categorical: &[String],
) -> Result<FeatureConstraints> {
    let names = model.feature_names();
    let mut c = match realism {
        Realism::Observed => FeatureConstraints::infer(x.view())?,
        Realism::None => FeatureConstraints::new(names.len()),
    };
    c = c.with_immutable_names(immutable, names)?;
    for name in categorical {
        let j = rai_robustness::constraints::feature_index(name, names)?;
        let mut levels: Vec<f64> = x
            .column(j)
            .iter()
            .copied()
            .filter(|v| v.is_finite())
            .collect();
        levels.sort_by(f64::total_cmp);
        levels.dedup();
        if levels.is_empty() {
            bail!("--categorical `{name}`: the column has no values");
        }
        c = c.with_domain(j, levels)?;
    }
    for group in one_hot {
        let idx = group
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|n| rai_robustness::constraints::feature_index(n, names))
            .collect::<rai_core::Result<Vec<_>>>()?;
        c = c.with_one_hot(idx)?;
    }
    Ok(c)
}

/// Which realism constraints attacks and stress tests respect.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Realism {
    /// Observed per-feature bounds; whole-number columns stay whole numbers.
    #[default]
    Observed,
    /// No bounds or integrality (immutable features and one-hot groups still apply).
    None,
}

impl Realism {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Realism::Observed => "observed",
            Realism::None => "none",
        }
    }
}

/// Prints JSON or text to stdout.
pub(crate) fn emit(
    format: Format,
    json: &serde_json::Value,
    text: impl FnOnce() -> String,
) -> Result<()> {
    let bytes = match format {
        Format::Json => crate::output::to_json(json)?,
        Format::Table | Format::Markdown => text().into_bytes(),
    };
    crate::output::write_output(None, &bytes)
}

pub(crate) fn opt(v: Option<f64>) -> String {
    v.map_or_else(|| "undefined".to_owned(), |v| format!("{v:.4}"))
}

pub(crate) fn check_format(format: Format) -> Result<()> {
    if format == Format::Markdown {
        bail!("--format markdown is not available for this command: use table or json");
    }
    Ok(())
}
