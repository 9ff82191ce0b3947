//! `rai drift`: distribution drift between a reference and a current CSV file.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::{Result, bail};
use rai_robustness::drift::{Correction, DriftParams, MmdParams, drift_report};

use super::Format;

/// Multiple-testing correction.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum CorrectionArg {
    /// Benjamini-Hochberg (false discovery rate).
    Bh,
    /// Bonferroni (family-wise error rate).
    Bonferroni,
    /// No correction.
    None,
}

/// Arguments of `rai drift`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  rai drift --reference train.csv --current prod.csv\n  rai drift --reference train.csv --current prod.csv --columns age,hours_per_week --format json\n\nPer column: numeric columns get the two-sample Kolmogorov-Smirnov test (exact p-value up to\n10,000 values per sample, as scipy) and Cramer-von Mises; categorical columns the chi-square test\n(Yates' correction for two levels). p-values are adjusted across columns (--correction) and a\ncolumn drifts when its adjusted p-value is below --alpha. PSI uses 10 reference-quantile bins.\nOverall: an MMD test (RBF kernel, median bandwidth) on the numeric columns scaled by the reference\nstandard deviation, with a permutation p-value up to 2,000 pooled rows and the linear-time\nestimator above. Missing values are left out and counted. Exit status 1 with --fail-on-drift\nwhen a column drifts."
)]
pub struct Args {
    /// Reference CSV (e.g. training data).
    #[arg(long)]
    pub reference: PathBuf,
    /// Current CSV (e.g. production data).
    #[arg(long)]
    pub current: PathBuf,
    /// Columns to compare (comma-separated; default: all shared columns).
    #[arg(long)]
    pub columns: Option<String>,
    /// Significance level for the adjusted p-values.
    #[arg(long, default_value_t = 0.05)]
    pub alpha: f64,
    /// Multiple-testing correction.
    #[arg(long, value_enum, default_value = "bh")]
    pub correction: CorrectionArg,
    /// Permutations of the MMD test.
    #[arg(long, default_value_t = 200)]
    pub permutations: usize,
    /// Skip the multivariate MMD test.
    #[arg(long)]
    pub no_mmd: bool,
    /// Seed of the MMD test.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Exit with status 1 when a column drifts.
    #[arg(long)]
    pub fail_on_drift: bool,
    /// Write to this file instead of stdout.
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

/// Runs `rai drift`.
pub fn run(args: Args) -> Result<()> {
    if args.format == Format::Markdown {
        bail!("--format markdown is not available for `rai drift`: use table or json");
    }
    let reference = super::load_table(&args.reference)?;
    let current = super::load_table(&args.current)?;
    let columns: Vec<String> = args
        .columns
        .as_deref()
        .map(|s| {
            s.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let params = DriftParams {
        columns: (!columns.is_empty()).then_some(columns),
        alpha: args.alpha,
        correction: match args.correction {
            CorrectionArg::Bh => Correction::BenjaminiHochberg,
            CorrectionArg::Bonferroni => Correction::Bonferroni,
            CorrectionArg::None => Correction::None,
        },
        psi_bins: 10,
        mmd: (!args.no_mmd).then(|| MmdParams {
            n_permutations: args.permutations,
            seed: args.seed,
            ..MmdParams::default()
        }),
    };
    let report = drift_report(&reference, &current, &params)?;
    let bytes = match args.format {
        Format::Json => {
            let mut json = serde_json::to_value(&report)?;
            if let Some(obj) = json.as_object_mut() {
                obj.insert(
                    "reference".into(),
                    args.reference.display().to_string().into(),
                );
                obj.insert("current".into(), args.current.display().to_string().into());
                obj.insert(
                    "mmd_p_value".into(),
                    report.mmd.as_ref().map(|m| m.p_value).into(),
                );
                obj.insert("seed".into(), args.seed.into());
            }
            crate::output::to_json(&json)?
        }
        _ => {
            let f = |v: Option<f64>| v.map_or_else(|| "-".to_owned(), |v| format!("{v:.4e}"));
            let mut s = String::new();
            let _ = writeln!(
                s,
                "{:<24} {:<11} {:<4} {:>11} {:>11} {:>11} {:>11} {:>5}",
                "column", "kind", "test", "statistic", "p_value", "p_adjusted", "psi", "drift"
            );
            for c in &report.features {
                let _ = writeln!(
                    s,
                    "{:<24} {:<11} {:<4} {:>11} {:>11} {:>11} {:>11} {:>5}",
                    c.column,
                    c.kind,
                    c.test,
                    f(c.statistic),
                    f(c.p_value),
                    f(c.p_value_adjusted),
                    f(c.psi),
                    if c.drift { "yes" } else { "no" }
                );
            }
            let _ = writeln!(
                s,
                "\n{} of {} columns drift (alpha {}, {:?})",
                report.n_drifted,
                report.features.len(),
                report.alpha,
                report.correction
            );
            match &report.mmd {
                Some(m) => {
                    let _ = writeln!(
                        s,
                        "MMD ({}): statistic {:.4e}, p-value {:.4}",
                        m.method, m.statistic, m.p_value
                    );
                }
                None => {
                    let _ = writeln!(s, "MMD: not computed");
                }
            }
            s.into_bytes()
        }
    };
    crate::output::write_output(args.output.as_deref(), &bytes)?;
    if args.fail_on_drift && report.n_drifted > 0 {
        bail!("{} column(s) drift", report.n_drifted);
    }
    Ok(())
}
