//! `rai audit`, `rai verify` and `rai keygen`: audit reports and their signatures.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rai_audit::config::AuditConfig;
use rai_audit::report::FileRecord;
use rai_audit::{AuditInputs, Progress};
use rai_core::Table;
use rai_models::AnyModel;

use crate::output::{to_json, write_atomic, write_output};

/// Report formats.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    /// One self-contained HTML file with inline SVG charts.
    Html,
    /// Markdown.
    Markdown,
    /// JSON evidence (signable with --sign).
    Json,
}

/// Arguments of `rai audit`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  rai audit --data adult.csv --model model.json --label income --positive-label '>50K' --sensitive sex,race --output report.html\n  rai audit --data adult.csv --model model.json --label income --positive-label '>50K' --sensitive sex --format json --sign audit.key --output report.json\n\nSections: dataset sheet, performance, fairness, explanations (SHAP in margin/log-odds space),\nrobustness, model card and EU AI Act Annex IV documentation. Every figure is reproducible from\nthe recorded parameters, seed and file checksums. Set SOURCE_DATE_EPOCH to fix the timestamp."
)]
pub struct Args {
    /// Input CSV with a header.
    #[arg(long)]
    pub data: PathBuf,
    /// Model file (XGBoost JSON, LightGBM text or rai linear JSON).
    #[arg(long)]
    pub model: PathBuf,
    /// Label column.
    #[arg(long)]
    pub label: String,
    /// Sensitive columns, comma-separated (intersectional groups).
    #[arg(long, value_delimiter = ',', required = true)]
    pub sensitive: Vec<String>,
    /// The label value that counts as positive (default: 1 / true).
    #[arg(long)]
    pub positive_label: Option<String>,
    /// Quasi-identifiers for the re-identification risk, comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub quasi_identifiers: Vec<String>,
    /// Audit configuration (TOML): thresholds, model-card text.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Output file (default: stdout).
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Report format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Html)]
    pub format: ReportFormat,
    /// Seed for every randomised step (bootstrap, sampling, attacks).
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Sign the JSON evidence with this Ed25519 secret key file (64 hex characters).
    #[arg(long)]
    pub sign: Option<PathBuf>,
    /// Also write the model card and Annex IV documentation as Markdown to this file
    /// (and as JSON beside it, with extension .json).
    #[arg(long)]
    pub model_card: Option<PathBuf>,
    /// No progress bar.
    #[arg(long)]
    pub quiet: bool,
}

/// A progress bar on stderr (only on a terminal).
pub struct Bar {
    enabled: bool,
}

impl Bar {
    /// A bar that draws only when stderr is a terminal and `quiet` is off.
    pub fn new(quiet: bool) -> Self {
        Bar {
            enabled: !quiet && std::io::stderr().is_terminal(),
        }
    }
}

impl Progress for Bar {
    fn step(&mut self, name: &str, done: usize, total: usize) {
        if !self.enabled {
            return;
        }
        let width = 30;
        let filled = (done * width)
            .checked_div(total)
            .unwrap_or(width)
            .min(width);
        eprint!(
            "\r[{}{}] {done}/{total} {name:<40}",
            "#".repeat(filled),
            " ".repeat(width - filled)
        );
        if done == total {
            eprintln!();
        }
    }
}

/// The UTC timestamp to record: `SOURCE_DATE_EPOCH` if set, else now.
pub fn timestamp() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    rfc3339(secs)
}

/// Formats Unix seconds as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn rfc3339(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // civil-from-days (Howard Hinnant's algorithm)
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Checksum record of a file.
pub fn file_record(path: &Path) -> Result<FileRecord> {
    let bytes = std::fs::read(path).with_context(|| format!("{}: cannot read", path.display()))?;
    Ok(FileRecord {
        path: path.display().to_string(),
        sha256: rai_audit::sign::sha256_hex(&bytes),
        bytes: bytes.len() as u64,
    })
}

/// Everything `run_report` needs besides the parsed inputs.
pub struct ReportRequest<'a> {
    /// Output file.
    pub output: Option<&'a Path>,
    /// Format.
    pub format: ReportFormat,
    /// Signing key.
    pub sign: Option<&'a Path>,
    /// Model-card export path.
    pub model_card: Option<&'a Path>,
    /// No progress bar.
    pub quiet: bool,
}

/// Runs the audit and writes the report (shared by `rai audit` and `rai demo`).
pub fn run_report(
    inputs: &AuditInputs<'_>,
    req: &ReportRequest<'_>,
) -> Result<rai_audit::report::AuditReport> {
    let mut bar = Bar::new(req.quiet);
    let report = rai_audit::run_audit(inputs, &mut bar)?;
    let mut json = serde_json::to_value(&report).context("serialising the report")?;
    if let Some(key) = req.sign {
        rai_audit::sign::sign_report(&mut json, key)?;
    }
    let bytes = match req.format {
        ReportFormat::Json => to_json(&json)?,
        ReportFormat::Markdown => rai_audit::render::markdown(&report).into_bytes(),
        ReportFormat::Html => rai_audit::render::html(&report).into_bytes(),
    };
    if req.sign.is_some() && req.format != ReportFormat::Json {
        anyhow::bail!("--sign signs the JSON evidence: use it with --format json");
    }
    if let Some(mc) = req.model_card {
        write_atomic(
            mc,
            rai_audit::render::model_card_markdown(&report).as_bytes(),
        )?;
        write_atomic(&mc.with_extension("json"), &to_json(&report.documentation)?)?;
    }
    write_output(req.output, &bytes)?;
    Ok(report)
}

/// Runs `rai audit`.
pub fn run(args: Args) -> Result<()> {
    let table: Table = super::load_table(&args.data)?;
    let model: AnyModel = super::load_model(&args.model)?;
    let config = match &args.config {
        Some(p) => AuditConfig::load(p)?,
        None => AuditConfig::default(),
    };
    let mut files = BTreeMap::new();
    files.insert("data".to_string(), file_record(&args.data)?);
    files.insert("model".to_string(), file_record(&args.model)?);
    if let Some(c) = &args.config {
        files.insert("config".to_string(), file_record(c)?);
    }
    let inputs = AuditInputs {
        table: &table,
        model: &model,
        label: args.label.clone(),
        sensitive: args.sensitive.clone(),
        positive_label: args.positive_label.clone(),
        quasi_identifiers: args.quasi_identifiers.clone(),
        seed: args.seed,
        config,
        files,
        generated_at: timestamp(),
    };
    let req = ReportRequest {
        output: args.output.as_deref(),
        format: args.format,
        sign: args.sign.as_deref(),
        model_card: args.model_card.as_deref(),
        quiet: args.quiet,
    };
    let report = run_report(&inputs, &req)?;
    summarise(&report);
    Ok(())
}

/// Prints the findings to stderr.
pub fn summarise(report: &rai_audit::report::AuditReport) {
    for f in &report.summary {
        eprintln!("[{}] {}: {}", f.status.as_str(), f.section, f.message);
    }
}

/// Arguments of `rai verify`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  rai verify report.json --public-key audit.pub\n  rai verify report.json --public-key audit.pub --data adult.csv --model model.json\n\nExit status 0 when the signature (and every given file's checksum) matches, 1 otherwise."
)]
pub struct VerifyArgs {
    /// The signed JSON report.
    pub report: PathBuf,
    /// Ed25519 public key file (64 hex characters).
    #[arg(long)]
    pub public_key: PathBuf,
    /// The data file, to compare with the recorded checksum.
    #[arg(long)]
    pub data: Option<PathBuf>,
    /// The model file, to compare with the recorded checksum.
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// The config file, to compare with the recorded checksum.
    #[arg(long)]
    pub config: Option<PathBuf>,
}

/// Runs `rai verify`.
pub fn verify(args: VerifyArgs) -> Result<()> {
    let text = std::fs::read_to_string(&args.report)
        .with_context(|| format!("{}: cannot read", args.report.display()))?;
    let report: serde_json::Value = serde_json::from_str(&text)
        .with_context(|| format!("{}: not JSON", args.report.display()))?;
    let mut files: Vec<(&str, &Path)> = Vec::new();
    for (role, p) in [
        ("data", &args.data),
        ("model", &args.model),
        ("config", &args.config),
    ] {
        if let Some(p) = p {
            files.push((role, p.as_path()));
        }
    }
    let v = rai_audit::sign::verify_report(&report, &args.public_key, &files)?;
    write_output(None, &to_json(&v)?)?;
    if v.ok() {
        Ok(())
    } else {
        anyhow::bail!(
            "verification failed: signature {}{}",
            if v.signature_valid {
                "valid"
            } else {
                "INVALID"
            },
            v.files
                .iter()
                .filter(|f| !f.matches)
                .map(|f| format!("; {} checksum differs ({})", f.role, f.path))
                .collect::<String>()
        )
    }
}

/// Arguments of `rai keygen`.
#[derive(clap::Args, Debug)]
#[command(after_help = "Example:\n  rai keygen --secret audit.key --public audit.pub")]
pub struct KeygenArgs {
    /// Where to write the secret key (hex); refused if the file exists.
    #[arg(long)]
    pub secret: PathBuf,
    /// Where to write the public key (hex).
    #[arg(long)]
    pub public: PathBuf,
}

/// Runs `rai keygen`.
pub fn keygen(args: KeygenArgs) -> Result<()> {
    if args.secret.exists() {
        anyhow::bail!(
            "{}: exists already; refusing to overwrite a key",
            args.secret.display()
        );
    }
    let (sk, pk) = rai_audit::sign::generate_keypair()?;
    write_atomic(&args.secret, format!("{sk}\n").as_bytes())?;
    write_atomic(&args.public, format!("{pk}\n").as_bytes())?;
    eprintln!(
        "wrote {} (secret) and {} (public)",
        args.secret.display(),
        args.public.display()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn rfc3339_known_dates() {
        assert_eq!(super::rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(super::rfc3339(1_796_385_600), "2026-12-04T12:00:00Z");
        assert_eq!(super::rfc3339(951_782_400), "2000-02-29T00:00:00Z");
    }
}
