//! `rai robustness noise`.

use std::fmt::Write as _;

use anyhow::Result;
use rai_core::Model;
use rai_robustness::stress::{Corruption, MissingFill, StressParams, stress_curve};

use super::{Format, Inputs, Realism};

/// Arguments of `rai robustness noise`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  rai robustness noise --model model.json --data test.csv --label y --sigmas 0,0.1,0.2,0.5 --format json\n  rai robustness noise --model xgb.json --data test.csv --label y --categorical education_num --flip-rates 0,0.1,0.3\n\nOutput (JSON): {\"tests\": [curve, ...]} with one curve per test (gaussian_noise, missing_values,\nand categorical_flip when --categorical is given). Each curve has the clean baseline, the accuracy\n(mean and std over --repeats) at each level, its drop, and breaking_level: the first level\n(interpolated) at which accuracy drops by --max-drop. Noise on feature j has standard deviation\nsigma * std(j). Missing cells stay NaN for tree models and are mean-filled for other models."
)]
pub struct Args {
    /// Model, data and labels.
    #[command(flatten)]
    pub inputs: Inputs,
    /// Noise levels sigma (multiples of each feature's standard deviation).
    #[arg(long, default_value = "0,0.05,0.1,0.2,0.3,0.5,1")]
    pub sigmas: String,
    /// Missing-value rates.
    #[arg(long, default_value = "0,0.05,0.1,0.2,0.3,0.5")]
    pub missing_rates: String,
    /// Label-encoded categorical features to flip (comma-separated).
    #[arg(long)]
    pub categorical: Option<String>,
    /// Flip rates for --categorical.
    #[arg(long, default_value = "0,0.05,0.1,0.2,0.3,0.5")]
    pub flip_rates: String,
    /// Repetitions per level.
    #[arg(long, default_value_t = 3)]
    pub repeats: usize,
    /// Accuracy drop that counts as breaking.
    #[arg(long, default_value_t = 0.05)]
    pub max_drop: f64,
    /// Seed.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Features never corrupted (comma-separated).
    #[arg(long)]
    pub immutable: Option<String>,
    /// Realism constraints applied to noisy rows.
    #[arg(long, value_enum, default_value = "observed")]
    pub realism: Realism,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

/// Runs `rai robustness noise`.
pub fn run(args: Args) -> Result<()> {
    super::check_format(args.format)?;
    let loaded = super::load(&args.inputs)?;
    let model = &loaded.model;
    let immutable = super::names(&args.immutable);
    let constraints = super::constraints(model, &loaded.x, args.realism, &immutable, &[], &[])?;
    let base = StressParams {
        levels: super::numbers(&args.sigmas, "sigmas")?,
        repeats: args.repeats,
        seed: args.seed,
        max_drop: args.max_drop,
        constraints: Some(constraints),
        ..StressParams::default()
    };
    let (x, y) = (loaded.x.view(), loaded.y.view());
    let mut curves = vec![stress_curve(
        model,
        x,
        y,
        &Corruption::GaussianNoise { scales: None },
        &base,
    )?];
    let fill = if model.handles_missing() {
        MissingFill::Nan
    } else {
        MissingFill::Mean
    };
    let missing = StressParams {
        levels: super::numbers(&args.missing_rates, "missing-rates")?,
        ..base.clone()
    };
    curves.push(stress_curve(
        model,
        x,
        y,
        &Corruption::Missing { fill },
        &missing,
    )?);
    let categorical = super::names(&args.categorical);
    if !categorical.is_empty() {
        let mut domains = Vec::new();
        for name in &categorical {
            let j = rai_robustness::constraints::feature_index(name, model.feature_names())?;
            let mut levels: Vec<f64> = loaded
                .x
                .column(j)
                .iter()
                .copied()
                .filter(|v| v.is_finite())
                .collect();
            levels.sort_by(f64::total_cmp);
            levels.dedup();
            domains.push((j, levels));
        }
        let flips = StressParams {
            levels: super::numbers(&args.flip_rates, "flip-rates")?,
            ..base.clone()
        };
        curves.push(stress_curve(
            model,
            x,
            y,
            &Corruption::CategoricalFlip { domains },
            &flips,
        )?);
    }
    let json = serde_json::json!({
        "tests": curves,
        "n_rows": loaded.x.nrows(),
        "seed": args.seed,
        "repeats": args.repeats,
        "max_drop": args.max_drop,
        "immutable": immutable,
        "realism": args.realism.as_str(),
        "missing_fill": fill,
        "categorical": categorical,
    });
    super::emit(args.format, &json, || {
        let mut s = String::new();
        for c in &curves {
            let _ = writeln!(
                s,
                "{} (baseline accuracy {})",
                c.test,
                super::opt(c.baseline)
            );
            let _ = writeln!(s, "  {:>12}  {:>9}  {:>9}", c.parameter, "accuracy", "drop");
            for p in &c.points {
                let _ = writeln!(
                    s,
                    "  {:>12}  {:>9}  {:>9}",
                    p.level,
                    super::opt(p.metric),
                    super::opt(p.drop)
                );
            }
            let _ = writeln!(
                s,
                "  breaking {} (drop >= {}): {}\n",
                c.parameter,
                c.max_drop,
                c.breaking_level
                    .map_or("not reached".into(), |v| format!("{v:.4}"))
            );
        }
        s
    })
}
