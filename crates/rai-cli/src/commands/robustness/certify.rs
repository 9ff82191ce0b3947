//! `rai robustness certify`.

use std::fmt::Write as _;

use anyhow::Result;
use rai_robustness::smoothing::{SmoothingParams, certify_report};
use rai_robustness::stress::column_moments;

use super::{Format, Inputs};

/// Noise scale per feature.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scale {
    /// Same scale (1) for every feature: radii in the model's feature units.
    None,
    /// Each feature's standard deviation: radii in standard-deviation units.
    Std,
}

/// Arguments of `rai robustness certify`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  rai robustness certify --model model.json --data test.csv --label y --sigma 0.25 --format json\n  rai robustness certify --model xgb.json --data test.csv --label y --sigma 0.5 --scale std --samples 2000 --alpha 0.001\n\nRandomized smoothing (Cohen et al. 2019): per row, the smoothed classifier's prediction and a\ncertified L2 radius from a one-sided Clopper-Pearson bound, or an abstention (no radius).\nOutput (JSON): abstain_rate, smoothed_accuracy, mean_radius, certified_accuracy at --radii, and\nper-row certificates with --per-row."
)]
pub struct Args {
    /// Model, data and labels.
    #[command(flatten)]
    pub inputs: Inputs,
    /// Noise standard deviation.
    #[arg(long)]
    pub sigma: f64,
    /// Noisy samples per row for the bound.
    #[arg(long, default_value_t = 1000)]
    pub samples: usize,
    /// Noisy samples per row to pick the class.
    #[arg(long, default_value_t = 100)]
    pub n0: usize,
    /// Failure probability of each certificate.
    #[arg(long, default_value_t = 0.001)]
    pub alpha: f64,
    /// Radii at which certified accuracy is reported.
    #[arg(long, default_value = "0,0.25,0.5,0.75,1")]
    pub radii: String,
    /// Noise scale per feature.
    #[arg(long, value_enum, default_value = "none")]
    pub scale: Scale,
    /// Features that get no noise (comma-separated).
    #[arg(long)]
    pub immutable: Option<String>,
    /// Seed.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Include per-row certificates in the JSON.
    #[arg(long)]
    pub per_row: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

/// Runs `rai robustness certify`.
pub fn run(args: Args) -> Result<()> {
    super::check_format(args.format)?;
    let loaded = super::load(&args.inputs)?;
    let model = &loaded.model;
    let immutable = super::names(&args.immutable);
    let constraints =
        super::constraints(model, &loaded.x, super::Realism::None, &immutable, &[], &[])?;
    let scales = match args.scale {
        Scale::None => None,
        Scale::Std => Some(column_moments(loaded.x.view()).1),
    };
    let params = SmoothingParams {
        sigma: args.sigma,
        n0: args.n0,
        n: args.samples,
        alpha: args.alpha,
        seed: args.seed,
        scales,
        constraints: Some(constraints),
    };
    let radii = super::numbers(&args.radii, "radii")?;
    let mut report = certify_report(model, loaded.x.view(), loaded.y.view(), &params, &radii)?;
    if !args.per_row {
        report.rows.clear();
    }
    let mut json = serde_json::to_value(&report)?;
    if let Some(obj) = json.as_object_mut() {
        if !args.per_row {
            obj.remove("rows");
        }
        obj.insert(
            "scale".into(),
            (if args.scale == Scale::Std {
                "std"
            } else {
                "none"
            })
            .into(),
        );
        obj.insert("immutable".into(), immutable.clone().into());
    }
    super::emit(args.format, &json, || {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "randomized smoothing: sigma {}, n0 {}, samples {}, alpha {}",
            report.sigma, report.n0, report.samples, report.alpha
        );
        let _ = writeln!(s, "rows               {}", report.n_rows);
        let _ = writeln!(s, "abstain rate       {}", super::opt(report.abstain_rate));
        let _ = writeln!(
            s,
            "smoothed accuracy  {}",
            super::opt(report.smoothed_accuracy)
        );
        let _ = writeln!(s, "mean radius        {}", super::opt(report.mean_radius));
        let _ = writeln!(s, "certified accuracy:");
        for p in &report.certified_accuracy {
            let _ = writeln!(s, "  radius {:>8}  {}", p.radius, super::opt(p.accuracy));
        }
        s
    })
}
