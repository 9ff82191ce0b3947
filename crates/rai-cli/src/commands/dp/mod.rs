//! `rai dp`: differential-privacy accounting and releases.
//!
//! Noise is never seedable (there is no `--seed`): releases draw from the OS-seeded CSPRNG.

use std::path::PathBuf;

use anyhow::Result;
use rai_privacy::NoiseSource;
use rai_privacy::accounting::{DpEvent, PldAccountant, RdpAccountant, ZcdpAccountant};
use rai_privacy::aggregates::{Query, ReleaseParams, release};
use serde_json::json;

use super::Format;
use crate::output::write_output;

/// `rai dp` subcommands.
#[derive(clap::Subcommand, Debug)]
pub enum DpCommand {
    /// Privacy of DP-SGD (Poisson-subsampled Gaussian) over T steps.
    Account(AccountArgs),
    /// A differentially private aggregate of a CSV column (noise is never seedable).
    Release(ReleaseArgs),
}

/// Accountants.
#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum Accountant {
    /// Rényi DP (as dp_accounting's RdpAccountant).
    Rdp,
    /// Privacy loss distributions (as dp_accounting's PLDAccountant).
    Pld,
    /// zero-concentrated DP (no amplification by subsampling).
    Zcdp,
}

/// Arguments of `rai dp account`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Example:\n  rai dp account --noise-multiplier 1.1 --sampling-rate 0.01 --steps 1000 --delta 1e-5 --accountant pld --format json\n\nJSON keys: epsilon, delta, accountant, noise_multiplier, sampling_rate, steps, note."
)]
pub struct AccountArgs {
    /// Noise multiplier σ (std / L2 sensitivity).
    #[arg(long, allow_negative_numbers = true)]
    pub noise_multiplier: f64,
    /// Poisson sampling rate q in (0, 1].
    #[arg(long, allow_negative_numbers = true)]
    pub sampling_rate: f64,
    /// Number of steps T.
    #[arg(long)]
    pub steps: u64,
    /// Target δ.
    #[arg(long, allow_negative_numbers = true)]
    pub delta: f64,
    /// Accountant.
    #[arg(long, value_enum, default_value = "rdp")]
    pub accountant: Accountant,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Queries.
#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum QueryArg {
    /// Count of non-missing values.
    Count,
    /// Bounded sum (needs --lower/--upper).
    Sum,
    /// Bounded mean (needs --lower/--upper).
    Mean,
    /// Bounded variance (needs --lower/--upper).
    Variance,
    /// Histogram (--categories, or --bins with bounds, or unknown categories with --delta).
    Histogram,
    /// Quantile (needs --quantile and --lower/--upper).
    Quantile,
}

/// Arguments of `rai dp release`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  rai dp release --data adult.csv --column age --query mean --epsilon 1 --lower 17 --upper 90 --format json\n  rai dp release --data adult.csv --column workclass --query histogram --epsilon 1 --delta 1e-6\n\nJSON keys: query, value (a number, or per-bin/per-group values), epsilon_spent, delta_spent,\nconfidence_interval_95 ([lo, hi] of the noise, per bin/group, null for quantiles), mechanism,\nneighbouring, group_keys_public, parameters. Rows with a missing value are skipped. Group keys\nare treated as public. There is no --seed: privacy noise cannot be reproduced."
)]
pub struct ReleaseArgs {
    /// Input CSV with a header.
    #[arg(long)]
    pub data: PathBuf,
    /// The column to aggregate.
    #[arg(long)]
    pub column: String,
    /// The query.
    #[arg(long, value_enum)]
    pub query: QueryArg,
    /// ε of the release.
    #[arg(long, allow_negative_numbers = true)]
    pub epsilon: f64,
    /// δ (histograms over unknown categories).
    #[arg(long, allow_negative_numbers = true)]
    pub delta: Option<f64>,
    /// Lower bound (values are clamped).
    #[arg(long, allow_hyphen_values = true)]
    pub lower: Option<f64>,
    /// Upper bound (values are clamped).
    #[arg(long, allow_hyphen_values = true)]
    pub upper: Option<f64>,
    /// Quantile p in [0, 1].
    #[arg(long, allow_negative_numbers = true)]
    pub quantile: Option<f64>,
    /// Known (public) categories for a histogram, comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub categories: Option<Vec<String>>,
    /// Number of equal-width bins over [lower, upper] for a numeric histogram.
    #[arg(long)]
    pub bins: Option<usize>,
    /// Group-by column (keys are treated as public).
    #[arg(long)]
    pub group_by: Option<String>,
    /// Identifier column for contribution bounding.
    #[arg(long, requires = "max_contributions")]
    pub id_column: Option<String>,
    /// Maximum rows per identifier.
    #[arg(long, requires = "id_column")]
    pub max_contributions: Option<usize>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Runs `rai dp`.
pub fn run(cmd: DpCommand) -> Result<()> {
    match cmd {
        DpCommand::Account(a) => account(a),
        DpCommand::Release(a) => run_release(a),
    }
}

fn account(a: AccountArgs) -> Result<()> {
    let ev = DpEvent::dp_sgd(a.noise_multiplier, a.sampling_rate, a.steps);
    if !(a.sampling_rate.is_finite() && a.sampling_rate > 0.0 && a.sampling_rate <= 1.0) {
        anyhow::bail!(
            "invalid parameter `sampling-rate` = {}: expected a number in (0, 1]",
            a.sampling_rate
        );
    }
    if a.steps == 0 {
        anyhow::bail!("invalid parameter `steps` = 0: expected at least 1");
    }
    let (eps, name, note) = match a.accountant {
        Accountant::Rdp => {
            let mut acc = RdpAccountant::default();
            acc.compose(&ev)?;
            (acc.epsilon(a.delta)?, "rdp", None)
        }
        Accountant::Pld => (PldAccountant::default().epsilon(&ev, a.delta)?, "pld", None),
        Accountant::Zcdp => {
            let mut acc = ZcdpAccountant::default();
            acc.compose(&DpEvent::SelfComposed {
                event: Box::new(DpEvent::Gaussian {
                    noise_multiplier: a.noise_multiplier,
                }),
                count: a.steps,
            })?;
            let note = (a.sampling_rate < 1.0)
                .then_some("zCDP: no amplification by subsampling is claimed (each step counted as full-batch)");
            (acc.epsilon(a.delta)?, "zcdp", note)
        }
    };
    let out = json!({
        "epsilon": eps,
        "delta": a.delta,
        "accountant": name,
        "noise_multiplier": a.noise_multiplier,
        "sampling_rate": a.sampling_rate,
        "steps": a.steps,
        "note": note,
    });
    let text = match a.format {
        Format::Json => serde_json::to_string_pretty(&out)? + "\n",
        _ => format!(
            "epsilon = {eps} at delta = {} ({name} accountant; noise multiplier {}, sampling rate {}, {} steps){}\n",
            a.delta,
            a.noise_multiplier,
            a.sampling_rate,
            a.steps,
            note.map(|n| format!("\nnote: {n}")).unwrap_or_default()
        ),
    };
    write_output(None, text.as_bytes())
}

fn run_release(a: ReleaseArgs) -> Result<()> {
    let query = match a.query {
        QueryArg::Count => Query::Count,
        QueryArg::Sum => Query::Sum,
        QueryArg::Mean => Query::Mean,
        QueryArg::Variance => Query::Variance,
        QueryArg::Histogram => Query::Histogram,
        QueryArg::Quantile => Query::Quantile(a.quantile.ok_or_else(|| {
            anyhow::anyhow!(
                "invalid parameter `quantile`: expected --quantile P in [0, 1] for --query quantile"
            )
        })?),
    };
    let bounds = match (a.lower, a.upper) {
        (Some(l), Some(u)) => Some((l, u)),
        (None, None) => None,
        _ => anyhow::bail!("invalid parameter `lower`/`upper`: give both bounds or neither"),
    };
    let table = super::load_table(&a.data)?;
    let mut p = ReleaseParams::new(query, a.epsilon);
    p.delta = a.delta;
    p.bounds = bounds;
    p.categories = a.categories.clone();
    p.bins = a.bins;
    p.group_by = a.group_by.clone();
    p.id_column = a.id_column.clone();
    p.max_contributions = a.max_contributions.unwrap_or(1);
    let mut noise = NoiseSource::secure()?;
    let r = release(&table, &a.column, &p, &mut noise)?;
    let mut out = serde_json::to_value(&r)?;
    if let Some(obj) = out.as_object_mut() {
        obj.insert(
            "parameters".into(),
            json!({
                "data": a.data.display().to_string(),
                "column": a.column,
                "epsilon": a.epsilon,
                "delta": a.delta,
                "lower": a.lower,
                "upper": a.upper,
                "quantile": a.quantile,
                "categories": a.categories,
                "bins": a.bins,
                "group_by": a.group_by,
                "id_column": a.id_column,
                "max_contributions": a.max_contributions,
                "seed": null,
            }),
        );
    }
    let text = match a.format {
        Format::Json => serde_json::to_string_pretty(&out)? + "\n",
        _ => format!(
            "{} of `{}`: {}\n95% interval of the noise: {}\nspent: epsilon = {}, delta = {}\n",
            r.query,
            a.column,
            serde_json::to_string(&r.value)?,
            serde_json::to_string(&r.confidence_interval_95)?,
            r.epsilon_spent,
            r.delta_spent
        ),
    };
    write_output(None, text.as_bytes())
}
