//! `rai demo`: the main job on the embedded Adult census data.

use std::path::PathBuf;

use anyhow::Result;
use rai_core::{CsvOptions, Table};

use crate::output::write_output;

/// The embedded demo dataset: UCI Adult (training split), gzip-compressed CSV.
pub const ADULT_CSV_GZ: &[u8] = include_bytes!("../../data/adult.csv.gz");

/// Arguments of `rai demo`.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  rai demo\n  rai demo --output report.txt")]
pub struct Args {
    /// Write the report to this file instead of stdout.
    #[arg(long)]
    pub output: Option<PathBuf>,
}

/// Loads the embedded Adult data.
pub fn adult() -> Result<Table> {
    let bytes =
        rai_core::table::decompress_if_gzip(ADULT_CSV_GZ.to_vec(), "<embedded adult.csv.gz>")?;
    Ok(Table::from_csv_bytes(
        &bytes,
        "<embedded adult.csv>",
        &CsvOptions::default(),
    )?)
}

/// Runs `rai demo`.
pub fn run(args: Args) -> Result<()> {
    let table = adult()?;
    let mut report = String::from("rai demo: UCI Adult census income (embedded)\n\n");
    report.push_str(&super::describe::render(&table.summary(), 8, false));
    write_output(args.output.as_deref(), report.as_bytes())
}
