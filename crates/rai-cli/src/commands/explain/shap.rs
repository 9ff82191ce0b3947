//! `rai explain shap`: Shapley values for every row of a CSV file, in margin space.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use rai_explain::Explanation;
use rai_explain::shap::{
    ExactShap, InterventionalTreeShap, KernelShap, LinearShap, PermutationShap, TreeShap,
};
use rai_models::AnyModel;

use crate::output::{to_json, write_output};

/// Shapley algorithms.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Algorithm {
    /// Path-dependent TreeSHAP (tree ensembles; equals XGBoost pred_contribs).
    Tree,
    /// Interventional TreeSHAP against --background (tree ensembles).
    Interventional,
    /// Exact interventional values, all 2^M coalitions (up to 20 features).
    Exact,
    /// KernelSHAP: weighted least squares over sampled coalitions (any model).
    Kernel,
    /// PermutationSHAP with antithetic permutations (any model).
    Permutation,
    /// Closed-form LinearSHAP (linear/logistic models).
    Linear,
}

impl Algorithm {
    fn name(self) -> &'static str {
        match self {
            Algorithm::Tree => "tree",
            Algorithm::Interventional => "interventional",
            Algorithm::Exact => "exact",
            Algorithm::Kernel => "kernel",
            Algorithm::Permutation => "permutation",
            Algorithm::Linear => "linear",
        }
    }

    fn needs_background(self) -> bool {
        matches!(
            self,
            Algorithm::Interventional
                | Algorithm::Exact
                | Algorithm::Kernel
                | Algorithm::Permutation
        )
    }

    fn is_seeded(self) -> bool {
        matches!(self, Algorithm::Kernel | Algorithm::Permutation)
    }
}

/// Output formats of `rai explain shap`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ShapFormat {
    /// CSV: one column per model feature (model order), then `base_value`; one row per input row.
    #[default]
    Csv,
    /// One JSON object with feature_names, base_value, values, global_importance, algorithm, parameters, seed, space.
    Json,
}

/// Arguments of `rai explain shap`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Values are in margin space (log-odds for classifiers): for every row, base_value + sum of the values = the model's margin.\n\nDefault algorithm: tree for tree ensembles, linear for linear models. interventional, exact, kernel and permutation need --background (rows whose values stand in for features outside a coalition); linear uses the --background means, or the --data means without it.\n\nExamples:\n  rai explain shap --model model.json --data rows.csv\n  rai explain shap --model model.json --data rows.csv --background sample.csv --algorithm kernel --nsamples 2048 --seed 7 --format json"
)]
pub struct Args {
    /// Model file: XGBoost JSON, LightGBM text or rai linear-model JSON (detected from content).
    #[arg(long)]
    pub model: PathBuf,
    /// CSV with the rows to explain; columns matched to the model's features by name.
    #[arg(long)]
    pub data: PathBuf,
    /// CSV of background rows (required by interventional, exact, kernel and permutation).
    #[arg(long)]
    pub background: Option<PathBuf>,
    /// Algorithm [default: tree for tree ensembles, linear for linear models].
    #[arg(long, value_enum)]
    pub algorithm: Option<Algorithm>,
    /// kernel: coalitions per row [default: 2*M + 2048, capped at 2^M - 2 = exact];
    /// permutation: permutations per row, each also used reversed [default: 10].
    #[arg(long)]
    pub nsamples: Option<usize>,
    /// Seed for kernel and permutation (same seed and input give identical output).
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Write to this file instead of stdout.
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ShapFormat::Csv)]
    pub format: ShapFormat,
}

/// Runs `rai explain shap`.
pub fn run(args: Args) -> Result<()> {
    let model = super::super::load_model(&args.model)?;
    let algorithm = args.algorithm.unwrap_or(match model {
        AnyModel::Trees(_) => Algorithm::Tree,
        AnyModel::Linear(_) => Algorithm::Linear,
    });
    if args.nsamples.is_some() && !args.algorithm_takes_samples(algorithm) {
        bail!(
            "--nsamples applies to --algorithm kernel or permutation, not {}",
            algorithm.name()
        );
    }
    if algorithm.needs_background() && args.background.is_none() {
        bail!(
            "--algorithm {} needs --background PATH.csv (rows whose values stand in for the features outside a coalition)",
            algorithm.name()
        );
    }
    let x = matrix(&model, &args.data)?;
    let background = match &args.background {
        Some(p) => Some(matrix(&model, p)?),
        None => None,
    };
    let bg = background.as_ref().map(|b| b.view());
    let explanation = match algorithm {
        Algorithm::Tree => TreeShap::new(trees(&model, algorithm)?).explain(x.view())?,
        Algorithm::Interventional => {
            InterventionalTreeShap::new(trees(&model, algorithm)?, need(bg)?)?.explain(x.view())?
        }
        Algorithm::Exact => match model.as_trees() {
            Some(t) => ExactShap.explain_trees(t, need(bg)?, x.view())?,
            None => ExactShap.explain(&model, need(bg)?, x.view())?,
        },
        Algorithm::Kernel => {
            let mut p = KernelShap::params().seed(args.seed);
            if let Some(n) = args.nsamples {
                p = p.n_samples(n);
            }
            let k = p.build()?;
            match model.as_trees() {
                Some(t) => k.explain_trees(t, need(bg)?, x.view())?,
                None => k.explain(&model, need(bg)?, x.view())?,
            }
        }
        Algorithm::Permutation => {
            let mut p = PermutationShap::params().seed(args.seed);
            if let Some(n) = args.nsamples {
                p = p.n_permutations(n);
            }
            let p = p.build()?;
            match model.as_trees() {
                Some(t) => p.explain_trees(t, need(bg)?, x.view())?,
                None => p.explain(&model, need(bg)?, x.view())?,
            }
        }
        Algorithm::Linear => {
            let Some(linear) = model.as_linear() else {
                bail!(
                    "--algorithm linear needs a linear model; {} is a tree ensemble (use tree or interventional)",
                    args.model.display()
                );
            };
            let explainer = match bg {
                Some(b) => LinearShap::new(linear, b),
                None => LinearShap::new(linear, x.view()),
            }
            .with_context(|| {
                format!(
                    "{}: linear SHAP",
                    args.background.as_deref().unwrap_or(&args.data).display()
                )
            })?;
            explainer
                .explain(x.view())
                .with_context(|| format!("{}: linear SHAP", args.data.display()))?
        }
    };
    let bytes = match args.format {
        ShapFormat::Csv => csv(&explanation).into_bytes(),
        ShapFormat::Json => {
            let seed = algorithm.is_seeded().then_some(args.seed);
            to_json(&json(&explanation, algorithm, seed))?
        }
    };
    write_output(args.output.as_deref(), &bytes)
}

impl Args {
    fn algorithm_takes_samples(&self, algorithm: Algorithm) -> bool {
        matches!(algorithm, Algorithm::Kernel | Algorithm::Permutation)
    }
}

fn need(bg: Option<ndarray::ArrayView2<'_, f64>>) -> Result<ndarray::ArrayView2<'_, f64>> {
    bg.context("--background is required by this algorithm")
}

fn trees(model: &AnyModel, algorithm: Algorithm) -> Result<&rai_models::TreeEnsemble> {
    model.as_trees().with_context(|| {
        format!(
            "--algorithm {} needs a tree ensemble (XGBoost or LightGBM); this is a linear model (use linear, exact, kernel or permutation)",
            algorithm.name()
        )
    })
}

fn matrix(model: &AnyModel, path: &Path) -> Result<ndarray::Array2<f64>> {
    let table = super::super::load_table(path)?;
    super::super::features_for(model, &table, path)
}

fn csv(e: &Explanation) -> String {
    let mut out = String::with_capacity(e.n_rows() * (e.n_features() + 1) * 22 + 64);
    for name in e.feature_names() {
        out.push_str(&csv_field(name));
        out.push(',');
    }
    out.push_str("base_value\n");
    for (i, row) in e.values().rows().into_iter().enumerate() {
        for v in row {
            let _ = write!(out, "{v},");
        }
        let _ = writeln!(out, "{}", e.base_value(i));
    }
    out
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

fn json(e: &Explanation, algorithm: Algorithm, seed: Option<u64>) -> serde_json::Value {
    let importance: serde_json::Map<String, serde_json::Value> = match e.global_importance() {
        Some(imp) => e
            .feature_names()
            .iter()
            .zip(imp.iter())
            .map(|(n, v)| (n.clone(), serde_json::json!(v)))
            .collect(),
        None => e
            .feature_names()
            .iter()
            .map(|n| (n.clone(), serde_json::Value::Null))
            .collect(),
    };
    let values: Vec<Vec<f64>> = e.values().rows().into_iter().map(|r| r.to_vec()).collect();
    serde_json::json!({
        "feature_names": e.feature_names(),
        "base_value": e.base_values().to_vec(),
        "values": values,
        "global_importance": importance,
        "algorithm": algorithm.name(),
        "method": e.algorithm(),
        "parameters": e.parameters(),
        "seed": seed,
        "space": e.space().as_str(),
        "rows": e.n_rows(),
    })
}
