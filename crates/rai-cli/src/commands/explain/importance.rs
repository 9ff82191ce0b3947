//! `rai explain importance`: permutation feature importance against a label column.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use ndarray::Array1;
use rai_core::{Column, Model, Task};
use rai_explain::importance::{PermutationImportance, Scoring};

use crate::output::{to_json, write_output};

/// Scores for permutation importance (greater is better).
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Metric {
    /// Accuracy of the predicted class (margin > 0).
    Accuracy,
    /// ROC AUC of the margins.
    #[value(name = "roc_auc")]
    RocAuc,
    /// Negated log-loss of the probabilities (scikit-learn's neg_log_loss).
    #[value(name = "log_loss")]
    LogLoss,
    /// R² of the response (probability for classifiers, value for regressors).
    R2,
}

/// Output formats of `rai explain importance`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ImportanceFormat {
    /// A ranked text table.
    #[default]
    Table,
    /// One JSON object.
    Json,
}

/// Arguments of `rai explain importance`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Importance of a feature = baseline score - score with that feature's column shuffled across rows (scikit-learn's permutation_importance), over --repeats shuffles: mean and population std. Scores are greater-is-better, so log_loss is reported negated.\n\nExample:\n  rai explain importance --model model.json --data test.csv --label income --positive '>50K' --metric roc_auc --repeats 5 --seed 7 --format json"
)]
pub struct Args {
    /// Model file: XGBoost JSON, LightGBM text or rai linear-model JSON.
    #[arg(long)]
    pub model: PathBuf,
    /// CSV with the model's feature columns and the label column.
    #[arg(long)]
    pub data: PathBuf,
    /// Label column: 0/1 numbers for classifiers (or text with --positive), values for regressors.
    #[arg(long)]
    pub label: String,
    /// For a text label column: the level that means class 1.
    #[arg(long)]
    pub positive: Option<String>,
    /// Score [default: accuracy for classifiers, r2 for regressors].
    #[arg(long, value_enum)]
    pub metric: Option<Metric>,
    /// Columns permuted together, NAME=COL1+COL2 (repeatable; e.g. a one-hot block).
    /// Features in no group are permuted on their own.
    #[arg(long)]
    pub group: Vec<String>,
    /// Shuffles per feature.
    #[arg(long, default_value_t = 5)]
    pub repeats: usize,
    /// Seed of the shuffles (same seed and input give identical output).
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ImportanceFormat::Table)]
    pub format: ImportanceFormat,
    /// Write to this file instead of stdout.
    #[arg(long)]
    pub output: Option<PathBuf>,
}

/// The label column as numbers (0/1 for text labels with `positive`).
pub(crate) fn label_values(
    table: &rai_core::Table,
    label: &str,
    positive: Option<&str>,
    data: &std::path::Path,
) -> Result<Array1<f64>> {
    let col = table
        .column(label)
        .with_context(|| format!("{}: --label", data.display()))?;
    let values: Vec<f64> = match (col, positive) {
        (Column::Numeric(c), None) => c.values().to_vec(),
        (Column::Numeric(c), Some(p)) => {
            let p: f64 = p.parse().with_context(|| {
                format!("--positive {p}: the label column `{label}` is numeric, expected a number")
            })?;
            c.values()
                .iter()
                .map(|v| {
                    if v.is_nan() {
                        f64::NAN
                    } else {
                        f64::from(u8::from(*v == p))
                    }
                })
                .collect()
        }
        (Column::Categorical(c), Some(p)) => {
            if c.code_of(p).is_none() {
                bail!(
                    "--positive {p}: label column `{label}` has no such level; levels: {}",
                    c.levels().join(", ")
                );
            }
            (0..c.len())
                .map(|i| match c.get(i) {
                    None => f64::NAN,
                    Some(v) => f64::from(u8::from(v == p)),
                })
                .collect()
        }
        (Column::Categorical(c), None) => bail!(
            "label column `{label}` holds text (levels: {}); pass --positive LEVEL to say which level is class 1",
            c.levels().join(", ")
        ),
    };
    if let Some(i) = values.iter().position(|v| v.is_nan()) {
        bail!(
            "{}: label column `{label}` is missing at data row {i} (0-based)",
            data.display()
        );
    }
    Ok(Array1::from(values))
}

/// The model column of feature `name`, or an error listing the model's features.
pub(crate) fn feature_index(model: &dyn Model, name: &str, flag: &str) -> Result<usize> {
    model
        .feature_names()
        .iter()
        .position(|n| n == name)
        .with_context(|| {
            format!(
                "{flag} {name}: not a model feature; the model's features are: {}",
                model.feature_names().join(", ")
            )
        })
}

/// Checks `--row`.
pub(crate) fn check_row(row: usize, n: usize, data: &std::path::Path) -> Result<()> {
    if row >= n {
        bail!(
            "--row {row}: {} has {n} data rows (rows are numbered from 0)",
            data.display()
        );
    }
    Ok(())
}

/// Parses `--group NAME=A+B` specs into (name, columns), then every ungrouped feature alone.
fn groups(model: &dyn Model, specs: &[String]) -> Result<Vec<(String, Vec<usize>)>> {
    let mut out = Vec::new();
    let mut used = vec![false; model.n_features()];
    for spec in specs {
        let (name, cols) = spec
            .split_once('=')
            .with_context(|| format!("--group {spec}: expected NAME=COL1+COL2"))?;
        let mut idx = Vec::new();
        for c in cols.split('+').map(str::trim).filter(|c| !c.is_empty()) {
            let j = feature_index(model, c, "--group")?;
            if used[j] {
                bail!("--group {spec}: feature `{c}` is already in another group");
            }
            used[j] = true;
            idx.push(j);
        }
        if idx.is_empty() {
            bail!("--group {spec}: expected at least one feature after `=`");
        }
        out.push((name.trim().to_owned(), idx));
    }
    for (j, n) in model.feature_names().iter().enumerate() {
        if !used[j] {
            out.push((n.clone(), vec![j]));
        }
    }
    Ok(out)
}

/// Runs `rai explain importance`.
pub fn run(args: Args) -> Result<()> {
    let model = crate::commands::load_model(&args.model)?;
    let table = crate::commands::load_table(&args.data)?;
    let x = crate::commands::features_for(&model, &table, &args.data)?;
    let y = label_values(&table, &args.label, args.positive.as_deref(), &args.data)?;
    let metric = args.metric.unwrap_or(match model.task() {
        Task::BinaryClassification => Metric::Accuracy,
        _ => Metric::R2,
    });
    let scoring = match metric {
        Metric::Accuracy => Scoring::Accuracy,
        Metric::RocAuc => Scoring::RocAuc,
        Metric::LogLoss => Scoring::NegLogLoss,
        Metric::R2 => Scoring::R2,
    };
    let mut params = PermutationImportance::params()
        .scoring(scoring)
        .n_repeats(args.repeats)
        .seed(args.seed);
    if !args.group.is_empty() {
        params = params.groups(groups(&model, &args.group)?);
    }
    let pi = params.build().context("--repeats / --group")?;
    let r = pi
        .compute(&model, x.view(), y.view())
        .with_context(|| format!("{}: permutation importance", args.data.display()))?;
    let bytes = match args.format {
        ImportanceFormat::Json => {
            let features: Vec<serde_json::Value> = r
                .names
                .iter()
                .enumerate()
                .map(|(g, n)| {
                    serde_json::json!({
                        "feature": n,
                        "columns": r.columns[g].iter().map(|j| model.feature_names()[*j].clone()).collect::<Vec<_>>(),
                        "importance_mean": r.importances_mean[g],
                        "importance_std": r.importances_std[g],
                        "importances": r.importances[g],
                    })
                })
                .collect();
            to_json(&serde_json::json!({
                "metric": r.scoring,
                "baseline_score": r.baseline,
                "repeats": r.n_repeats,
                "seed": args.seed,
                "rows": x.nrows(),
                "label": args.label,
                "features": features,
                "ranking": r.ranked().into_iter().map(|t| t.0).collect::<Vec<_>>(),
            }))?
        }
        ImportanceFormat::Table => {
            let mut s = String::new();
            let _ = writeln!(
                s,
                "Permutation importance ({}; baseline {:.6}; {} repeats, seed {}; {} rows)",
                r.scoring,
                r.baseline,
                r.n_repeats,
                args.seed,
                x.nrows()
            );
            let w = r.names.iter().map(String::len).max().unwrap_or(7).max(7);
            let _ = writeln!(s, "{:<w$}  {:>12}  {:>12}", "feature", "mean", "std");
            for (n, m, sd) in r.ranked() {
                let _ = writeln!(s, "{n:<w$}  {m:>12.6}  {sd:>12.6}");
            }
            s.into_bytes()
        }
    };
    write_output(args.output.as_deref(), &bytes)
}
