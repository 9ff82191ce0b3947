//! `rai robustness monotone`.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::{Result, bail};
use rai_robustness::metamorphic::{MonotoneParams, check_invariance, check_monotone};

use super::Format;

/// Arguments of `rai robustness monotone`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  rai robustness monotone --model model.json --data test.csv --increasing income --decreasing debt --format json\n  rai robustness monotone --model xgb.json --data adult.csv --increasing education_num --invariant sex_male\n\nEach row is re-scored with the feature set to --grid quantiles of its column; a violation is a\nmargin that moves against the declared direction between consecutive values. --invariant\nfeatures must not change the predicted class for any observed value. Exit status 1 when any row\nviolates a declaration (the report is still printed)."
)]
pub struct Args {
    /// Model file: XGBoost JSON, LightGBM text, rai linear-model JSON or rai MLP JSON.
    #[arg(long)]
    pub model: PathBuf,
    /// Input CSV with a header; columns matched to the model's features by name.
    #[arg(long)]
    pub data: PathBuf,
    /// Features whose increase must never lower the score (comma-separated).
    #[arg(long)]
    pub increasing: Option<String>,
    /// Features whose increase must never raise the score (comma-separated).
    #[arg(long)]
    pub decreasing: Option<String>,
    /// Features that must not change the decision (comma-separated).
    #[arg(long)]
    pub invariant: Option<String>,
    /// Grid points per monotone feature.
    #[arg(long, default_value_t = 20)]
    pub grid: usize,
    /// Violating rows listed per feature.
    #[arg(long, default_value_t = 100)]
    pub max_reported: usize,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

/// Runs `rai robustness monotone`.
pub fn run(args: Args) -> Result<()> {
    super::check_format(args.format)?;
    let (increasing, decreasing, invariant) = (
        super::names(&args.increasing),
        super::names(&args.decreasing),
        super::names(&args.invariant),
    );
    if increasing.is_empty() && decreasing.is_empty() && invariant.is_empty() {
        bail!("nothing to check: give --increasing, --decreasing or --invariant");
    }
    let model = rai_robustness::load_model(&args.model)?;
    let table = super::super::load_table(&args.data)?;
    let x = super::features_for(&model, &table, &args.data)?;
    let params = MonotoneParams {
        increasing,
        decreasing,
        grid: args.grid,
        max_reported: args.max_reported,
        ..MonotoneParams::default()
    };
    let mono = check_monotone(&model, x.view(), &params)?;
    let inv = invariant
        .iter()
        .map(|f| check_invariance(&model, x.view(), f, None, args.max_reported))
        .collect::<rai_core::Result<Vec<_>>>()?;
    let violations: usize = mono
        .features
        .iter()
        .map(|f| f.n_violating_rows)
        .sum::<usize>()
        + inv.iter().map(|r| r.n_violating_rows).sum::<usize>();
    let json = serde_json::json!({
        "passed": violations == 0,
        "n_rows": x.nrows(),
        "monotone": mono.features,
        "invariant": inv,
        "grid": args.grid,
        "tolerance": mono.tolerance,
        "space": "margin",
    });
    super::emit(args.format, &json, || {
        let mut s = String::new();
        for f in &mono.features {
            let _ = writeln!(
                s,
                "{} ({:?}): {} of {} rows violate (max margin change against it {:.6})",
                f.feature, f.direction, f.n_violating_rows, f.n_rows, f.max_violation
            );
            for v in f.violations.iter().take(10) {
                let _ = writeln!(
                    s,
                    "  row {}: {} -> {} moves the margin {:.6} -> {:.6}",
                    v.row, v.from_value, v.to_value, v.from_margin, v.to_margin
                );
            }
        }
        for r in &inv {
            let _ = writeln!(
                s,
                "{} (invariant): {} of {} rows change decision",
                r.feature, r.n_violating_rows, r.n_rows
            );
            for v in r.violations.iter().take(10) {
                let _ = writeln!(
                    s,
                    "  row {}: {} -> {} flips class {} -> {}",
                    v.row, v.original_value, v.changed_value, v.original_class, v.changed_class
                );
            }
        }
        let _ = writeln!(s, "{}", if violations == 0 { "passed" } else { "FAILED" });
        s
    })?;
    if violations > 0 {
        bail!("declared behaviour violated in {violations} (row, feature) cases");
    }
    Ok(())
}
