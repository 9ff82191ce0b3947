//! `rai robustness attack`.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use rai_core::{Column, Model, NumericColumn};
use rai_robustness::{
    GradientAttack, GradientAttackParams, HopSkipJump, HopSkipJumpParams, Norm, SquareAttack,
    SquareAttackParams,
};

use super::{Format, Inputs, Realism};

/// Which attack.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttackKind {
    /// Fast gradient sign method (white-box: linear and MLP models).
    Fgsm,
    /// Projected gradient descent (white-box: linear and MLP models).
    Pgd,
    /// HopSkipJump: decision-based black-box, L2 (any model).
    Hopskipjump,
    /// Square attack: score-based black-box, L-inf (any model).
    Square,
}

/// Norm of the perturbation.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum NormArg {
    /// L-infinity.
    Inf,
    /// L2.
    #[value(name = "2")]
    Two,
}

/// Arguments of `rai robustness attack`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  rai robustness attack --model logreg.json --data test.csv --label y --attack pgd --epsilon 0.3 --steps 40 --format json\n  rai robustness attack --model xgb.json --data test.csv --label income --positive '>50K' --attack hopskipjump --epsilon 2 --output adv.csv\n\nOutput (JSON): {\"attack\", \"clean_accuracy\", \"adversarial_accuracy\", \"success_rate\", \"mean_perturbation\",\n\"queries\", ...}. success_rate: share of correctly classified rows the attack flips. queries: model\nqueries (black-box) or gradient evaluations, rows x steps (white-box). Perturbations are measured\nin the model's feature units. By default adversarial rows stay within the observed range of each\nfeature and whole-number columns stay whole (--realism none turns this off)."
)]
pub struct Args {
    /// Model, data and labels.
    #[command(flatten)]
    pub inputs: Inputs,
    /// The attack.
    #[arg(long)]
    pub attack: AttackKind,
    /// Perturbation budget (required except for hopskipjump, where it caps the distance
    /// that counts as a success).
    #[arg(long)]
    pub epsilon: Option<f64>,
    /// Norm for fgsm/pgd (default inf); hopskipjump is L2, square is L-inf.
    #[arg(long)]
    pub norm: Option<NormArg>,
    /// PGD steps.
    #[arg(long, default_value_t = 40)]
    pub steps: usize,
    /// PGD step size (default epsilon / 4).
    #[arg(long)]
    pub step_size: Option<f64>,
    /// PGD: start from a random point of the epsilon ball.
    #[arg(long)]
    pub random_init: bool,
    /// Seed of every random choice.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Query budget per row (black-box attacks; default 5000 for hopskipjump, 1000 for square).
    #[arg(long)]
    pub max_queries: Option<u64>,
    /// Features that must not change (comma-separated).
    #[arg(long)]
    pub immutable: Option<String>,
    /// Columns of one one-hot encoded category (comma-separated; repeat for more groups).
    #[arg(long)]
    pub one_hot: Vec<String>,
    /// Label-encoded categorical features: adversarial values stay observed levels
    /// (comma-separated).
    #[arg(long)]
    pub categorical: Option<String>,
    /// Realism constraints.
    #[arg(long, value_enum, default_value = "observed")]
    pub realism: Realism,
    /// Write the adversarial rows (all input columns) to this CSV file.
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Output format of the report.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

/// Runs `rai robustness attack`.
pub fn run(args: Args) -> Result<()> {
    super::check_format(args.format)?;
    let loaded = super::load(&args.inputs)?;
    let model = &loaded.model;
    let immutable = super::names(&args.immutable);
    let categorical = super::names(&args.categorical);
    let constraints = super::constraints(
        model,
        &loaded.x,
        args.realism,
        &immutable,
        &args.one_hot,
        &categorical,
    )?;
    let norm = match args.norm {
        Some(NormArg::Two) => Norm::L2,
        _ => Norm::Inf,
    };
    let need_eps = || {
        args.epsilon.with_context(|| {
            format!("--epsilon is required for --attack {:?}", args.attack).to_lowercase()
        })
    };
    let (x, y) = (loaded.x.view(), loaded.y.view());
    let result = match args.attack {
        AttackKind::Fgsm | AttackKind::Pgd => {
            let Some(diff) = model.differentiable() else {
                bail!(
                    "{}: --attack {} needs input gradients (linear or MLP model); use --attack hopskipjump or square for tree ensembles",
                    args.inputs.model.display(),
                    if args.attack == AttackKind::Fgsm {
                        "fgsm"
                    } else {
                        "pgd"
                    }
                );
            };
            let eps = need_eps()?;
            let params = if args.attack == AttackKind::Fgsm {
                GradientAttackParams::fgsm(eps)
            } else {
                GradientAttackParams::pgd(eps)
                    .with_max_iter(args.steps)
                    .with_eps_step(args.step_size.unwrap_or(eps / 4.0))
                    .with_random_init(args.random_init)
                    .with_seed(args.seed)
            }
            .with_norm(norm)
            .build()?;
            GradientAttack::new(params).run(diff, x, y, Some(&constraints))?
        }
        AttackKind::Hopskipjump => {
            if args.norm == Some(NormArg::Inf) {
                bail!("--attack hopskipjump supports --norm 2 only");
            }
            HopSkipJump::new(HopSkipJumpParams {
                max_queries: args.max_queries.unwrap_or(5000),
                epsilon: args.epsilon,
                seed: args.seed,
                ..HopSkipJumpParams::default()
            })?
            .run(model, x, y, Some(&constraints))?
        }
        AttackKind::Square => {
            if args.norm == Some(NormArg::Two) {
                bail!("--attack square supports --norm inf only");
            }
            SquareAttack::new(SquareAttackParams {
                epsilon: need_eps()?,
                max_queries: args.max_queries.unwrap_or(1000),
                seed: args.seed,
                ..SquareAttackParams::default()
            })?
            .run(model, x, y, Some(&constraints))?
        }
    };
    if let Some(path) = &args.output {
        let mut table = loaded.table.clone();
        for (j, name) in model.feature_names().iter().enumerate() {
            let col = NumericColumn::new(result.adversarial.column(j).to_vec())
                .with_context(|| format!("adversarial column `{name}`"))?;
            table = table.with_column(name.clone(), Column::Numeric(col))?;
        }
        let mut bytes = Vec::new();
        table.write_csv(&mut bytes)?;
        crate::output::write_atomic(path, &bytes)?;
    }
    let r = &result.report;
    let mut json = serde_json::to_value(r)?;
    if let Some(obj) = json.as_object_mut() {
        obj.insert("immutable".into(), immutable.clone().into());
        obj.insert("realism".into(), args.realism.as_str().into());
        obj.insert("categorical".into(), categorical.clone().into());
        obj.insert("one_hot".into(), args.one_hot.clone().into());
        obj.insert(
            "model".into(),
            args.inputs.model.display().to_string().into(),
        );
        obj.insert("data".into(), args.inputs.data.display().to_string().into());
        obj.insert("label".into(), args.inputs.label.clone().into());
    }
    super::emit(args.format, &json, || {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "attack               {} (norm {}, epsilon {})",
            r.attack,
            r.norm.as_str(),
            super::opt(r.epsilon)
        );
        let _ = writeln!(s, "rows                 {}", r.n_rows);
        let _ = writeln!(s, "clean accuracy       {}", super::opt(r.clean_accuracy));
        let _ = writeln!(
            s,
            "adversarial accuracy {}",
            super::opt(r.adversarial_accuracy)
        );
        let _ = writeln!(s, "success rate         {}", super::opt(r.success_rate));
        let _ = writeln!(
            s,
            "mean perturbation    {}",
            super::opt(r.mean_perturbation)
        );
        let _ = writeln!(
            s,
            "queries              {}",
            r.queries.map_or("-".into(), |q| q.to_string())
        );
        s
    })
}
