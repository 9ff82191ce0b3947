//! `rai demo`: the whole audit on the embedded Adult census data and demo model.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::Result;
use rai_audit::AuditInputs;
use rai_audit::config::{AuditConfig, ModelCardConfig};
use rai_audit::report::FileRecord;
use rai_core::{CsvOptions, Table};
use rai_models::AnyModel;

use super::audit::{ReportFormat, ReportRequest, run_report, summarise, timestamp};

/// The embedded demo dataset: UCI Adult (training split), gzip-compressed CSV.
pub const ADULT_CSV_GZ: &[u8] = include_bytes!("../../data/adult.csv.gz");

/// The demo model: XGBoost `binary:logistic` on Adult's numeric columns, produced by
/// `xtask/fixtures/models.py` (see `data/demo_model.meta.json`).
pub const DEMO_MODEL_JSON: &[u8] = include_bytes!("../../data/demo_model.json");

/// Arguments of `rai demo`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  rai demo\n  rai demo --output report.html\n  rai demo --format json --output report.json\n\nRuns `rai audit` on the embedded UCI Adult data (label income, positive `>50K`, sensitive\nsex and race, quasi-identifiers age, sex, race, marital_status, education, native_country)\nwith the shipped XGBoost demo model. No network, no arguments needed."
)]
pub struct Args {
    /// Where to write the report.
    #[arg(long, default_value = "rai-demo-report.html")]
    pub output: PathBuf,
    /// Report format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Html)]
    pub format: ReportFormat,
    /// Seed for every randomised step.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// No progress bar.
    #[arg(long)]
    pub quiet: bool,
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

/// The demo's audit configuration (model-card text).
pub fn demo_config() -> AuditConfig {
    AuditConfig {
        model_card: ModelCardConfig {
            name: Some("rai demo: income classifier on UCI Adult".into()),
            version: Some("1".into()),
            owner: Some("rai project (demonstration only)".into()),
            intended_use: Some("Demonstration of an audit. The model predicts whether a 1994 US census respondent earns more than $50K a year from age, education, capital gains/losses and hours worked. It must not be used for decisions about people.".into()),
            out_of_scope_uses: vec!["Any decision about employment, credit, housing or benefits".into()],
            limitations: vec![
                "Trained on a 1994 US census extract; income thresholds and demographics have shifted since".into(),
                "Sex and race are not model inputs, but correlated features can still carry them".into(),
            ],
            human_oversight: Some("Demonstration only; in a real deployment a reviewer would confirm every adverse decision and could override the score.".into()),
            training_data: Some("UCI Adult training split (32,561 rows; Becker & Kohavi 1996, CC BY 4.0).".into()),
            risk_management: Some("Fairness, robustness and privacy risks are quantified in sections 1-5 of this report.".into()),
            monitoring: Some("Re-run `rai audit` and `rai drift` on production data monthly.".into()),
        },
        ..AuditConfig::default()
    }
}

/// Runs `rai demo`.
pub fn run(args: Args) -> Result<()> {
    let table = adult()?;
    let model = AnyModel::from_bytes(DEMO_MODEL_JSON, "<embedded demo_model.json>")?;
    let mut files = BTreeMap::new();
    files.insert(
        "data".to_string(),
        FileRecord {
            path: "<embedded>/adult.csv.gz".into(),
            sha256: rai_audit::sign::sha256_hex(ADULT_CSV_GZ),
            bytes: ADULT_CSV_GZ.len() as u64,
        },
    );
    files.insert(
        "model".to_string(),
        FileRecord {
            path: "<embedded>/demo_model.json".into(),
            sha256: rai_audit::sign::sha256_hex(DEMO_MODEL_JSON),
            bytes: DEMO_MODEL_JSON.len() as u64,
        },
    );
    let inputs = AuditInputs {
        table: &table,
        model: &model,
        label: "income".into(),
        sensitive: vec!["sex".into(), "race".into()],
        positive_label: Some(">50K".into()),
        quasi_identifiers: [
            "age",
            "sex",
            "race",
            "marital_status",
            "education",
            "native_country",
        ]
        .map(String::from)
        .to_vec(),
        seed: args.seed,
        config: demo_config(),
        files,
        generated_at: timestamp(),
    };
    let req = ReportRequest {
        output: Some(&args.output),
        format: args.format,
        sign: None,
        model_card: None,
        quiet: args.quiet,
    };
    let report = run_report(&inputs, &req)?;
    summarise(&report);
    eprintln!("report written to {}", args.output.display());
    Ok(())
}
