//! `rai fairness`: group fairness metrics, disparities and confidence intervals of a binary
//! classifier's predictions stored in a CSV file.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use rai_core::{ColumnType, CsvOptions, Groups, MissingGroupPolicy, Table};
use rai_fairness::{BinaryOutcomes, FairnessAudit, FairnessReport, Interval};

use super::Format;
use crate::output::{to_json, write_output};

/// Arguments of `rai fairness`.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  rai fairness --data preds.csv --label income --prediction pred --sensitive sex,race --positive-label '>50K'
  rai fairness --data preds.csv --label y --prediction p --score prob --sensitive sex \\
      --reference-group Male --bootstrap 1000 --seed 7 --format json

Every observed combination of the --sensitive columns is a group (a missing value is a group
of its own, shown as null). Label and prediction columns may hold 0/1, true/false or any
strings; --positive-label names the positive class (default: 1 or true). A metric that is
undefined for a group (e.g. the true positive rate without actual positives) is null, never 0.
The AIF360 measures (statistical parity difference, disparate impact, average odds difference,
predictive parity difference) compare the reference group (default: the largest group) with
all other rows pooled; disparate impact below 0.8 violates the four-fifths rule.")]
pub struct Args {
    /// Input CSV with a header (gzip allowed).
    #[arg(long)]
    pub data: PathBuf,
    /// Column with the true labels.
    #[arg(long)]
    pub label: String,
    /// Column with the predicted labels.
    #[arg(long)]
    pub prediction: String,
    /// Column with predicted probabilities of the positive class (enables ROC AUC, Brier
    /// score and expected calibration error).
    #[arg(long)]
    pub score: Option<String>,
    /// Sensitive columns, comma-separated; groups are their value combinations.
    #[arg(long, value_delimiter = ',', required = true)]
    pub sensitive: Vec<String>,
    /// The positive class as written in the label and prediction columns [default: 1 or true].
    #[arg(long)]
    pub positive_label: Option<String>,
    /// Column with non-negative sample weights.
    #[arg(long)]
    pub weights: Option<String>,
    /// Reference (privileged) group: one value per sensitive column, comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub reference_group: Option<Vec<String>>,
    /// Bootstrap resamples for confidence intervals (stratified by group).
    #[arg(long)]
    pub bootstrap: Option<usize>,
    /// Seed of the bootstrap.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Confidence level of the bootstrap intervals.
    #[arg(long, default_value_t = 0.95)]
    pub confidence_level: f64,
    /// Groups with fewer rows get a warning.
    #[arg(long, default_value_t = 30)]
    pub min_group_size: usize,
    /// Alpha of the generalized entropy index.
    #[arg(long, default_value_t = 2.0)]
    pub entropy_alpha: f64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write to this file instead of stdout.
    #[arg(long)]
    pub output: Option<PathBuf>,
}

/// Reads a label/prediction column as positive (`true`) / negative.
fn binary_column(
    table: &Table,
    name: &str,
    positive: Option<&str>,
    data: &std::path::Path,
) -> Result<Vec<bool>> {
    let col = table
        .column(name)
        .with_context(|| format!("{}: --label/--prediction column", data.display()))?;
    let n = table.n_rows();
    let mut out = Vec::with_capacity(n);
    for row in 0..n {
        let Some(text) = col.get_text(row) else {
            bail!(
                "{}: missing value in column `{name}` at line {} (labels and predictions are required)",
                data.display(),
                row + 2
            );
        };
        let is_pos = match positive {
            Some(p) => {
                text == p
                    || matches!((text.parse::<f64>(), p.parse::<f64>()), (Ok(a), Ok(b)) if a == b)
            }
            None => {
                let t = text.to_ascii_lowercase();
                let one = text.parse::<f64>().ok();
                if t == "true" || one == Some(1.0) {
                    true
                } else if t == "false" || one == Some(0.0) {
                    false
                } else {
                    bail!(
                        "{}: column `{name}` line {} holds `{text}`; without --positive-label the values must be 0/1 or true/false",
                        data.display(),
                        row + 2
                    );
                }
            }
        };
        out.push(is_pos);
    }
    Ok(out)
}

fn numeric_column(
    table: &Table,
    name: &str,
    what: &str,
    data: &std::path::Path,
) -> Result<Vec<f64>> {
    let col = table
        .numeric(name)
        .with_context(|| format!("{}: {what} column `{name}` must be numeric", data.display()))?;
    let values = col.values().to_vec();
    if let Some(row) = values.iter().position(|v| v.is_nan()) {
        bail!(
            "{}: missing value in {what} column `{name}` at line {}",
            data.display(),
            row + 2
        );
    }
    Ok(values)
}

/// Runs `rai fairness`.
pub fn run(args: Args) -> Result<()> {
    let mut opts = CsvOptions::default();
    for c in &args.sensitive {
        // group values exactly as written in the file
        opts = opts.with_type(c.clone(), ColumnType::Categorical);
    }
    let table = Table::from_csv_path(&args.data, &opts)?;
    let y_true = binary_column(
        &table,
        &args.label,
        args.positive_label.as_deref(),
        &args.data,
    )?;
    let y_pred = binary_column(
        &table,
        &args.prediction,
        args.positive_label.as_deref(),
        &args.data,
    )?;
    if let Some(p) = &args.positive_label {
        if !y_true.iter().chain(&y_pred).any(|&v| v) {
            bail!(
                "--positive-label `{p}` occurs in neither `{}` nor `{}`",
                args.label,
                args.prediction
            );
        }
    }
    let scores = args
        .score
        .as_deref()
        .map(|c| numeric_column(&table, c, "score", &args.data))
        .transpose()?;
    let weights = args
        .weights
        .as_deref()
        .map(|c| numeric_column(&table, c, "weights", &args.data))
        .transpose()?;
    let groups = Groups::from_table(&table, &args.sensitive, MissingGroupPolicy::OwnGroup)?;
    let mut outcomes = BinaryOutcomes::new(&y_true, &y_pred)?;
    if let Some(s) = &scores {
        outcomes = outcomes.with_scores(s).context("--score column")?;
    }
    if let Some(w) = &weights {
        outcomes = outcomes.with_weights(w).context("--weights column")?;
    }
    let mut params = FairnessAudit::params()
        .min_group_size(args.min_group_size)
        .entropy_alpha(args.entropy_alpha)
        .confidence_level(args.confidence_level);
    if let Some(r) = &args.reference_group {
        if r.len() != args.sensitive.len() {
            bail!(
                "--reference-group has {} value(s) but --sensitive names {} column(s); give one value per column",
                r.len(),
                args.sensitive.len()
            );
        }
        let values: Vec<Option<&str>> = r.iter().map(|v| Some(v.as_str())).collect();
        params = params.reference_group(&values);
    }
    if let Some(n) = args.bootstrap {
        params = params.bootstrap(n, args.seed);
    }
    let report = params.build()?.run(&outcomes, &groups)?;
    let bytes = match args.format {
        Format::Json => {
            let mut value = serde_json::to_value(&report).context("serialising the report")?;
            if let Some(p) = value.get_mut("parameters").and_then(|p| p.as_object_mut()) {
                p.insert("data".into(), args.data.display().to_string().into());
                p.insert("label".into(), args.label.clone().into());
                p.insert("prediction".into(), args.prediction.clone().into());
                p.insert("score".into(), args.score.clone().into());
                p.insert("weights".into(), args.weights.clone().into());
                p.insert(
                    "positive_label".into(),
                    args.positive_label
                        .clone()
                        .unwrap_or_else(|| "1/true".into())
                        .into(),
                );
                p.insert("confidence_level".into(), args.confidence_level.into());
            }
            to_json(&value)?
        }
        Format::Table | Format::Markdown => {
            render(&report, args.format == Format::Markdown).into_bytes()
        }
    };
    write_output(args.output.as_deref(), &bytes)
}

fn num(v: Option<f64>) -> String {
    v.map_or_else(|| "n/a".into(), |v| format!("{v:.4}"))
}

fn with_ci(v: Option<f64>, ci: Option<Option<Interval>>) -> String {
    match ci.flatten() {
        Some(iv) => format!("{} [{:.3}, {:.3}]", num(v), iv.lower, iv.upper),
        None => num(v),
    }
}

/// Renders a report as a text or Markdown table with disparities and flags beneath.
pub fn render(r: &FairnessReport, markdown: bool) -> String {
    let scores = r.parameters.scores;
    let mut header = vec![
        "group",
        "count",
        "selection_rate",
        "TPR",
        "FPR",
        "precision",
        "accuracy",
        "F1",
    ];
    if scores {
        header.push("ROC_AUC");
    }
    header.extend(["disparate_impact", "flags"]);
    let mut rows: Vec<Vec<String>> = Vec::new();
    for g in &r.groups {
        let m = &g.metrics;
        let ci = |k: &str| g.ci.as_ref().map(|c| c.get(k).copied().flatten());
        let mut flags = Vec::new();
        if g.small_group {
            flags.push("small group".to_string());
        }
        if g.group == r.reference_group {
            flags.push("reference".to_string());
        } else if g
            .disparate_impact
            .is_some_and(|d| d < rai_fairness::FOUR_FIFTHS)
        {
            flags.push("below four-fifths".to_string());
        }
        let mut row = vec![
            g.group.to_string(),
            m.count.to_string(),
            with_ci(m.selection_rate, ci("selection_rate")),
            with_ci(m.true_positive_rate, ci("true_positive_rate")),
            with_ci(m.false_positive_rate, ci("false_positive_rate")),
            num(m.precision),
            num(m.accuracy),
            num(m.f1),
        ];
        if scores {
            row.push(num(m.roc_auc));
        }
        row.push(num(g.disparate_impact));
        row.push(flags.join(", "));
        rows.push(row);
    }
    let o = &r.overall.metrics;
    let mut overall = vec![
        "overall".to_string(),
        o.count.to_string(),
        num(o.selection_rate),
        num(o.true_positive_rate),
        num(o.false_positive_rate),
        num(o.precision),
        num(o.accuracy),
        num(o.f1),
    ];
    if scores {
        overall.push(num(o.roc_auc));
    }
    overall.extend([String::new(), String::new()]);
    rows.push(overall);

    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} rows, {} groups by {}; reference group: {}\n",
        r.n,
        r.groups.len(),
        r.parameters.sensitive_columns.join(" x "),
        r.reference_group
    );
    let widths: Vec<usize> = (0..header.len())
        .map(|c| {
            rows.iter()
                .map(|row| row[c].chars().count())
                .chain([header[c].len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: &[String]| {
        if markdown {
            format!("| {} |\n", cells.join(" | "))
        } else {
            let padded: Vec<String> = cells
                .iter()
                .zip(&widths)
                .map(|(c, w)| format!("{c:<w$}"))
                .collect();
            format!("{}\n", padded.join("  ").trim_end())
        }
    };
    let head: Vec<String> = header.iter().map(|h| (*h).to_string()).collect();
    s.push_str(&line(&head));
    if markdown {
        let _ = writeln!(s, "|{}", "---|".repeat(header.len()));
    }
    for row in &rows {
        s.push_str(&line(row));
    }

    s.push_str(if markdown {
        "\n**Disparities**\n\n"
    } else {
        "\nDisparities\n"
    });
    let dis_ci = |k: &str| {
        r.ci.as_ref()
            .map(|c| c.disparities.get(k).copied().flatten())
    };
    let items = r
        .disparities
        .values()
        .into_iter()
        .chain(r.inequality.values());
    for (name, v) in items {
        let value = with_ci(v, dis_ci(name));
        if markdown {
            let _ = writeln!(s, "- {name}: {value}");
        } else {
            let _ = writeln!(s, "  {name:<46} {value}");
        }
    }
    let flag = match r.disparities.reference.four_fifths_rule_violated {
        Some(true) => "VIOLATED (disparate impact < 0.8)",
        Some(false) => "passed",
        None => "undefined",
    };
    let _ = writeln!(
        s,
        "{}four-fifths rule (reference {}): {flag}",
        if markdown { "- " } else { "  " },
        r.reference_group
    );
    if let Some(ci) = &r.ci {
        let _ = writeln!(
            s,
            "\nIntervals: {:.0}% {} ({} resamples, seed {}).",
            ci.level * 100.0,
            ci.method,
            ci.resamples,
            ci.seed
        );
    }
    if !r.warnings.is_empty() {
        s.push_str(if markdown {
            "\n**Warnings**\n\n"
        } else {
            "\nWarnings\n"
        });
        for w in &r.warnings {
            let _ = writeln!(s, "{}{w}", if markdown { "- " } else { "  - " });
        }
    }
    s
}
