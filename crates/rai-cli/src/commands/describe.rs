//! `rai describe`: schema, types, missing counts and levels of a CSV file.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::Result;
use rai_core::TableSummary;

use super::Format;
use crate::output::{to_json, write_output};

/// Arguments of `rai describe`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  rai describe --data adult.csv\n  rai describe --data adult.csv --format json"
)]
pub struct Args {
    /// Input CSV with a header (gzip allowed).
    #[arg(long)]
    pub data: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Levels to list per categorical column in table/markdown output.
    #[arg(long, default_value_t = 10)]
    pub max_levels: usize,
}

/// Runs `rai describe`.
pub fn run(args: Args) -> Result<()> {
    let table = super::load_table(&args.data)?;
    let summary = table.summary();
    let bytes = match args.format {
        Format::Json => to_json(&summary)?,
        Format::Table | Format::Markdown => {
            render(&summary, args.max_levels, args.format == Format::Markdown).into_bytes()
        }
    };
    write_output(None, &bytes)
}

/// Renders a summary as a text or Markdown table.
pub fn render(summary: &TableSummary, max_levels: usize, markdown: bool) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{} rows, {} columns\n", summary.rows, summary.columns);
    if markdown {
        s.push_str("| column | type | missing | distinct | min | max | mean | top levels |\n|---|---|---|---|---|---|---|---|\n");
    } else {
        let _ = writeln!(
            s,
            "{:<24} {:<12} {:>8} {:>8} {:>12} {:>12} {:>12}  top levels",
            "column", "type", "missing", "distinct", "min", "max", "mean"
        );
    }
    let fmt = |v: Option<f64>| v.map_or_else(|| "-".to_string(), |v| format!("{v:.4}"));
    for c in &summary.schema {
        let levels: Vec<String> = c
            .levels
            .iter()
            .take(max_levels)
            .map(|l| format!("{} ({})", l.level, l.count))
            .collect();
        let mut levels = levels.join(", ");
        if c.levels.len() > max_levels {
            let _ = write!(levels, ", ... {} more", c.levels.len() - max_levels);
        }
        if markdown {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} | {} | {} | {} |",
                c.name,
                c.column_type,
                c.missing,
                c.distinct,
                fmt(c.min),
                fmt(c.max),
                fmt(c.mean),
                levels
            );
        } else {
            let _ = writeln!(
                s,
                "{:<24} {:<12} {:>8} {:>8} {:>12} {:>12} {:>12}  {}",
                c.name,
                c.column_type.to_string(),
                c.missing,
                c.distinct,
                fmt(c.min),
                fmt(c.max),
                fmt(c.mean),
                levels
            );
        }
    }
    s
}
