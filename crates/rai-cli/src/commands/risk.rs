//! `rai risk`: re-identification risk of a table's quasi-identifiers.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::Result;
use rai_anonymize::risk::{RiskParams, RiskReport, assess};

use super::Format;
use crate::output::{to_json, write_output};

/// Arguments of `rai risk`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  rai risk --data adult.csv --quasi-identifiers age,sex,race,native_country\n  rai risk --data adult.csv --quasi-identifiers age,sex --format json\n\nModels: prosecutor (1 / class size), journalist and marketer (the sample is its own\npopulation), sample uniques. JSON keys: records, equivalence_classes, smallest_class,\nthreshold, prosecutor{highest_risk, records_at_highest_risk, average_risk,\nrecords_above_threshold}, journalist{...}, marketer{success_rate}, sample_uniques{count, fraction}."
)]
pub struct Args {
    /// Input CSV with a header.
    #[arg(long)]
    pub data: PathBuf,
    /// Quasi-identifier columns, comma-separated.
    #[arg(long, value_delimiter = ',', required = true)]
    pub quasi_identifiers: Vec<String>,
    /// Risk threshold for "records above threshold".
    #[arg(long, default_value_t = 0.2)]
    pub threshold: f64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Runs `rai risk`.
pub fn run(args: Args) -> Result<()> {
    let table = super::load_table(&args.data)?;
    let report = assess(
        &table,
        &args.quasi_identifiers,
        &RiskParams {
            threshold: args.threshold,
        },
    )?;
    let bytes = match args.format {
        Format::Json => to_json(&report)?,
        Format::Table | Format::Markdown => render(&report).into_bytes(),
    };
    write_output(None, &bytes)
}

fn render(r: &RiskReport) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} records, {} equivalence classes on {} (smallest class {})\n",
        r.records,
        r.equivalence_classes,
        r.quasi_identifiers.join(", "),
        r.smallest_class
    );
    let _ = writeln!(
        s,
        "| model | highest risk | records at highest | average risk | records above {} |\n|---|---|---|---|---|",
        r.threshold
    );
    for (name, m) in [("prosecutor", &r.prosecutor), ("journalist", &r.journalist)] {
        let _ = writeln!(
            s,
            "| {name} | {:.6} | {:.6} | {:.6} | {:.6} |",
            m.highest_risk, m.records_at_highest_risk, m.average_risk, m.records_above_threshold
        );
    }
    let _ = writeln!(
        s,
        "\nmarketer success rate {:.6}; sample uniques {} ({:.4}%)",
        r.marketer.success_rate,
        r.sample_uniques.count,
        100.0 * r.sample_uniques.fraction
    );
    s
}
