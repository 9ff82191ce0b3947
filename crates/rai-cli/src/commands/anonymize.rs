//! `rai anonymize`: k-anonymity, l-diversity and t-closeness by globally optimal
//! full-domain generalisation (ARX's optimum, same files and scores) with record
//! suppression.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use rai_anonymize::check::Achieved;
use rai_anonymize::encode::StringTable;
use rai_anonymize::hierarchy::{Hierarchy, default_hierarchy, interval_hierarchy};
use rai_anonymize::metric::Metric;
use rai_anonymize::mondrian::{self, MondrianParams, QuasiIdentifier};
use rai_anonymize::optimal::{AnonymizationData, OptimalParams, anonymize_optimal};
use rai_anonymize::privacy::{PrivacyModel, TDistance};
use rai_anonymize::pseudonym::{self, IdentifierAction, PseudonymKey};
use rai_anonymize::risk::{RiskParams, RiskReport, assess};
use rai_anonymize::utility::information_loss;
use rai_core::{CategoricalColumn, Column, Table};
use serde_json::{Value, json};

use crate::output::{to_json, write_output};

/// Variants of l-diversity.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LVariant {
    /// At least l distinct sensitive values per class.
    Distinct,
    /// Entropy of the sensitive values at least ln(l) per class.
    Entropy,
    /// Recursive (c,l)-diversity (needs --c).
    Recursive,
}

/// Ground distances of t-closeness.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TDistanceArg {
    /// Every two values at distance 1.
    Equal,
    /// Rank distance over the ordered (numeric) domain.
    Ordered,
    /// Hierarchy distance (needs --hierarchy for the sensitive column).
    Hierarchical,
}

/// Algorithms.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Algorithm {
    /// Globally optimal full-domain generalisation.
    #[default]
    Optimal,
    /// Mondrian multidimensional partitioning.
    Mondrian,
}

/// Quality models for the optimal search.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum MetricArg {
    /// ARX's loss (geometric mean of domain-share loss).
    #[default]
    Loss,
    /// Non-monotonic discernibility.
    Discernibility,
    /// Monotonic discernibility (DM*).
    DiscernibilityMonotonic,
    /// Precision.
    Precision,
    /// Non-uniform entropy.
    Entropy,
}

/// Arguments of `rai anonymize`.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  rai anonymize --data adult.csv --quasi-identifiers sex,age,race --k 5 --max-suppression 0.02 \\
      --hierarchy age=age.csv --output out.csv --report report.json
  rai anonymize --data adult.csv --quasi-identifiers age,sex --sensitive occupation --k 5 \\
      --l 3 --l-variant entropy --interval age=5,10,20 --output out.csv

Data and hierarchy files may be ;- , tab- or |-separated (detected from the first line, or
--delimiter), with CRLF or LF line ends. Hierarchies use ARX's format: no header, one row
per value, its generalisations left to right, the last one `*`; rows may list values
absent from the data. Without --hierarchy or --interval a numeric quasi-identifier gets
quantile intervals and a categorical one value -> `*`. A record is suppressed when its
whole equivalence class fails the models; at most floor(FRACTION x rows) records are.
The output keeps all columns in input order, quasi-identifiers generalised, other cells
byte-identical, suppressed records left out, remaining rows in input order.")]
pub struct Args {
    /// Input CSV with a header (gzip allowed).
    #[arg(long)]
    pub data: PathBuf,
    /// Quasi-identifier columns, comma-separated.
    #[arg(long, value_delimiter = ',', required = true)]
    pub quasi_identifiers: Vec<String>,
    /// Sensitive column (for l-diversity and t-closeness).
    #[arg(long)]
    pub sensitive: Option<String>,
    /// Minimum equivalence-class size.
    #[arg(long)]
    pub k: usize,
    /// l of l-diversity on the sensitive column.
    #[arg(long)]
    pub l: Option<f64>,
    /// Variant of l-diversity.
    #[arg(long, value_enum, default_value_t = LVariant::Distinct)]
    pub l_variant: LVariant,
    /// c of recursive (c,l)-diversity.
    #[arg(long)]
    pub c: Option<f64>,
    /// t of t-closeness on the sensitive column.
    #[arg(long)]
    pub t: Option<f64>,
    /// Ground distance of t-closeness [default: hierarchical with a hierarchy for the
    /// sensitive column, ordered for a numeric one, else equal].
    #[arg(long, value_enum)]
    pub t_distance: Option<TDistanceArg>,
    /// Largest fraction of records that may be suppressed.
    #[arg(long, default_value_t = 0.0)]
    pub max_suppression: f64,
    /// Hierarchy file for a column: COL=FILE (repeatable).
    #[arg(long, value_name = "COL=FILE")]
    pub hierarchy: Vec<String>,
    /// Interval widths for a numeric column: COL=W1,W2,.. (repeatable).
    #[arg(long, value_name = "COL=W1,W2,..")]
    pub interval: Vec<String>,
    /// Algorithm.
    #[arg(long, value_enum, default_value_t = Algorithm::Optimal)]
    pub algorithm: Algorithm,
    /// Quality model minimised by the optimal search.
    #[arg(long, value_enum, default_value_t = MetricArg::Loss)]
    pub metric: MetricArg,
    /// Direct identifiers to pseudonymise (with --pseudonym-key-file) or remove.
    #[arg(long, value_delimiter = ',')]
    pub identifiers: Vec<String>,
    /// File holding the HMAC key for pseudonyms.
    #[arg(long)]
    pub pseudonym_key_file: Option<PathBuf>,
    /// Field separator of the data and hierarchy files [default: detected].
    #[arg(long)]
    pub delimiter: Option<char>,
    /// Anonymised CSV.
    #[arg(long)]
    pub output: PathBuf,
    /// JSON report.
    #[arg(long)]
    pub report: Option<PathBuf>,
}

fn split_pair<'a>(arg: &'a str, flag: &str) -> Result<(&'a str, &'a str)> {
    arg.split_once('=')
        .filter(|(c, v)| !c.is_empty() && !v.is_empty())
        .with_context(|| format!("--{flag} `{arg}`: expected COL=VALUE"))
}

fn metric_of(m: MetricArg) -> Metric {
    match m {
        MetricArg::Loss => Metric::Loss,
        MetricArg::Discernibility => Metric::Discernibility,
        MetricArg::DiscernibilityMonotonic => Metric::DiscernibilityMonotonic,
        MetricArg::Precision => Metric::Precision,
        MetricArg::Entropy => Metric::Entropy,
    }
}

/// Runs `rai anonymize`.
pub fn run(args: Args) -> Result<()> {
    let delimiter = match args.delimiter {
        None => None,
        Some(c) if c.is_ascii() => Some(c as u8),
        Some(c) => bail!("--delimiter `{c}`: expected a single ASCII character"),
    };
    if args.pseudonym_key_file.is_some() && args.identifiers.is_empty() {
        bail!("--pseudonym-key-file needs --identifiers");
    }
    let table = StringTable::from_csv_path(&args.data, delimiter)?;
    let n = table.n_rows();
    if args.k > n {
        bail!(
            "--k {}: larger than the table ({} records in {})",
            args.k,
            n,
            args.data.display()
        );
    }
    for q in &args.quasi_identifiers {
        table
            .column_index(q)
            .with_context(|| format!("--quasi-identifiers: {}", args.data.display()))?;
    }
    if let Some(s) = &args.sensitive {
        table
            .column_index(s)
            .with_context(|| format!("--sensitive: {}", args.data.display()))?;
    }
    for id in &args.identifiers {
        table
            .column_index(id)
            .with_context(|| format!("--identifiers: {}", args.data.display()))?;
        if args.quasi_identifiers.contains(id) || args.sensitive.as_ref() == Some(id) {
            bail!(
                "--identifiers `{id}`: a direct identifier cannot also be a quasi-identifier or the sensitive column"
            );
        }
    }
    let id_action = match &args.pseudonym_key_file {
        Some(path) => {
            let key = std::fs::read(path)
                .with_context(|| format!("--pseudonym-key-file {}", path.display()))?;
            IdentifierAction::Pseudonymise(
                PseudonymKey::new(key)
                    .with_context(|| format!("--pseudonym-key-file {}", path.display()))?,
            )
        }
        None => IdentifierAction::Remove,
    };
    // Hierarchies.
    let mut files: BTreeMap<String, Hierarchy> = BTreeMap::new();
    for h in &args.hierarchy {
        let (col, file) = split_pair(h, "hierarchy")?;
        table
            .column_index(col)
            .with_context(|| format!("--hierarchy {h}"))?;
        let hier = Hierarchy::from_arx_csv_path(file, delimiter)
            .with_context(|| format!("--hierarchy {h}"))?;
        files.insert(col.to_string(), hier);
    }
    for iv in &args.interval {
        let (col, widths) = split_pair(iv, "interval")?;
        let widths: Vec<f64> = widths
            .split(',')
            .map(|w| {
                w.trim()
                    .parse::<f64>()
                    .with_context(|| format!("--interval {iv}: `{w}` is not a number"))
            })
            .collect::<Result<_>>()?;
        let cells = table
            .column(col)
            .with_context(|| format!("--interval {iv}"))?;
        let hier =
            interval_hierarchy(cells, &widths).with_context(|| format!("--interval {iv}"))?;
        files.insert(col.to_string(), hier);
    }
    let mut qis = Vec::with_capacity(args.quasi_identifiers.len());
    for q in &args.quasi_identifiers {
        let h = match files.get(q) {
            Some(h) => h.clone(),
            None => default_hierarchy(table.column(q)?)
                .with_context(|| format!("default hierarchy of `{q}`"))?,
        };
        qis.push((q.clone(), h));
    }
    // Privacy models.
    let mut models = vec![PrivacyModel::KAnonymity { k: args.k }];
    if args.sensitive.is_none() && (args.l.is_some() || args.t.is_some()) {
        bail!("--l and --t need --sensitive");
    }
    if let Some(l) = args.l {
        models.push(match args.l_variant {
            LVariant::Distinct => {
                if l.fract() != 0.0 || l < 1.0 {
                    bail!("--l {l}: distinct l-diversity needs an integer >= 1");
                }
                PrivacyModel::DistinctL { l: l as usize }
            }
            LVariant::Entropy => PrivacyModel::EntropyL { l },
            LVariant::Recursive => {
                let Some(c) = args.c else {
                    bail!("--l-variant recursive needs --c");
                };
                if l.fract() != 0.0 || l < 1.0 {
                    bail!("--l {l}: recursive (c,l)-diversity needs an integer >= 1");
                }
                PrivacyModel::RecursiveCL { c, l: l as usize }
            }
        });
    }
    let sens_hierarchy = args.sensitive.as_ref().and_then(|s| files.get(s));
    let t_distance = args.t.map(|_| match args.t_distance {
        Some(TDistanceArg::Equal) => TDistance::Equal,
        Some(TDistanceArg::Ordered) => TDistance::Ordered,
        Some(TDistanceArg::Hierarchical) => TDistance::Hierarchical,
        None => {
            let numeric = args
                .sensitive
                .as_ref()
                .and_then(|s| table.column(s).ok())
                .is_some_and(|c| {
                    c.iter()
                        .all(|v| v.trim().parse::<f64>().is_ok_and(f64::is_finite))
                });
            if sens_hierarchy.is_some() {
                TDistance::Hierarchical
            } else if numeric {
                TDistance::Ordered
            } else {
                TDistance::Equal
            }
        }
    });
    if let (Some(t), Some(distance)) = (args.t, t_distance) {
        models.push(PrivacyModel::TCloseness { t, distance });
    }
    let metric = metric_of(args.metric);
    let sens_h_for_t = sens_hierarchy.filter(|_| t_distance == Some(TDistance::Hierarchical));
    // Quasi-identifier descriptions for the utility figures (and Mondrian).
    let user_hierarchy = |q: &str| files.contains_key(q);
    let numeric = |q: &str| {
        table.column(q).is_ok_and(|c| {
            c.iter()
                .all(|v| v.trim().parse::<f64>().is_ok_and(f64::is_finite))
        })
    };
    let l_value = |a: &Achieved| match args.l_variant {
        _ if args.sensitive.is_none() => Value::Null,
        LVariant::Entropy => json!(a.entropy_l),
        _ => json!(a.distinct_l),
    };
    let t_value = |a: &Achieved| match t_distance {
        Some(d) => json!(a.t(d)),
        None => json!(a.t_equal),
    };
    let parameters = json!({
        "data": args.data.display().to_string(),
        "quasi_identifiers": args.quasi_identifiers,
        "sensitive": args.sensitive,
        "k": args.k,
        "l": args.l,
        "l_variant": args.l.map(|_| format!("{:?}", args.l_variant).to_lowercase()),
        "c": args.c,
        "t": args.t,
        "t_distance": t_distance.map(|d| format!("{d:?}").to_lowercase()),
        "max_suppression": args.max_suppression,
        "identifiers": args.identifiers,
        "identifier_action": if args.identifiers.is_empty() {
            Value::Null
        } else if args.pseudonym_key_file.is_some() {
            json!("pseudonymise")
        } else {
            json!("remove")
        },
    });
    let (mut out, report, summary) = match args.algorithm {
        Algorithm::Optimal => {
            let params = OptimalParams::new(models.clone())
                .max_suppression(args.max_suppression)
                .metric(metric);
            params.validate()?;
            let sensitive = args.sensitive.as_deref().map(|s| (s, sens_h_for_t));
            let data = AnonymizationData::new(&table, &qis, sensitive)?;
            let release = anonymize_optimal(&table, &data, &params, sens_h_for_t)?;
            let result = &release.result;
            let achieved = &release.verification.achieved;
            let qi_defs: Vec<QuasiIdentifier> = qis
                .iter()
                .map(|(q, h)| QuasiIdentifier::hierarchical(q.clone(), h.clone()))
                .collect();
            let utility = information_loss(
                &table,
                &release.table,
                &qi_defs,
                result.suppressed_records,
                Some(args.k),
            )?;
            let generalisation: serde_json::Map<String, Value> = result
                .generalisation
                .iter()
                .map(|(c, l)| (c.clone(), json!(l)))
                .collect();
            let per_attribute: Option<serde_json::Map<String, Value>> =
                result.score.per_attribute.as_ref().map(|v| {
                    args.quasi_identifiers
                        .iter()
                        .zip(v)
                        .map(|(c, x)| (c.clone(), json!(x)))
                        .collect()
                });
            let mut information_loss = serde_json::to_value(&utility)?;
            if let Value::Object(m) = &mut information_loss {
                m.insert("metric".into(), json!(metric.name()));
                m.insert("score".into(), json!(result.score.value));
                m.insert("score_per_attribute".into(), json!(per_attribute));
            }
            let report = json!({
                "command": "anonymize",
                "algorithm": "optimal",
                "metric": metric.name(),
                "parameters": parameters,
                "k": achieved.k,
                "l": l_value(achieved),
                "t": t_value(achieved),
                "achieved": achieved,
                "checks": release.verification.models,
                "suppressed_records": result.suppressed_records,
                "input_records": n,
                "output_records": release.table.n_rows(),
                "equivalence_classes": achieved.equivalence_classes,
                "generalisation": generalisation,
                "score": result.score.value,
                "transformations_checked": result.transformations_checked,
                "lattice_size": result.lattice_size,
                "information_loss": information_loss,
            });
            let summary = format!(
                "generalisation {}, {} = {}",
                result
                    .generalisation
                    .iter()
                    .map(|(c, l)| format!("{c}:{l}"))
                    .collect::<Vec<_>>()
                    .join(","),
                metric.name(),
                result.score.value
            );
            (release.table, report, summary)
        }
        Algorithm::Mondrian => {
            let qi_defs: Vec<QuasiIdentifier> = qis
                .iter()
                .map(|(q, h)| {
                    if !user_hierarchy(q) && numeric(q) {
                        QuasiIdentifier::numeric(q.clone())
                    } else {
                        QuasiIdentifier::hierarchical(q.clone(), h.clone())
                    }
                })
                .collect();
            let mut params = MondrianParams::new(models.clone())?;
            if let Some(s) = &args.sensitive {
                params = params.sensitive(s.clone());
            }
            if let Some(h) = sens_h_for_t {
                params = params.sensitive_hierarchy(h.clone());
            }
            let res = mondrian::anonymize(&table, &qi_defs, &params)?;
            let utility = information_loss(&table, &res.table, &qi_defs, 0, Some(args.k))?;
            let achieved = &res.report.achieved;
            let report = json!({
                "command": "anonymize",
                "algorithm": "mondrian",
                "parameters": parameters,
                "k": achieved.k,
                "l": l_value(achieved),
                "t": t_value(achieved),
                "achieved": achieved,
                "checks": res.report.models,
                "suppressed_records": 0,
                "input_records": n,
                "output_records": res.table.n_rows(),
                "equivalence_classes": achieved.equivalence_classes,
                "information_loss": utility,
            });
            let summary = format!("mondrian, {} classes", achieved.equivalence_classes);
            (res.table, report, summary)
        }
    };
    let mut report = report;
    if let Value::Object(m) = &mut report {
        m.insert(
            "risk_before".into(),
            json!(risk_of(&table, &args.quasi_identifiers)?),
        );
        m.insert(
            "risk_after".into(),
            json!(risk_of(&out, &args.quasi_identifiers)?),
        );
    }
    for id in &args.identifiers {
        out = pseudonym::apply(&out, id, &id_action)?;
    }
    let mut csv = Vec::new();
    out.write_csv(&mut csv)?;
    // Everything computed: write the outputs (atomically).
    write_output(Some(&args.output), &csv)?;
    if let Some(path) = &args.report {
        write_output(Some(path), &to_json(&report)?)?;
    }
    eprintln!("anonymized {} of {} records ({summary})", out.n_rows(), n);
    Ok(())
}

/// Re-identification risk of the quasi-identifier columns of a string table
/// (`None` for an empty table).
fn risk_of(table: &StringTable, qis: &[String]) -> Result<Option<RiskReport>> {
    if table.n_rows() == 0 {
        return Ok(None);
    }
    let mut cols = Vec::with_capacity(qis.len());
    for q in qis {
        let cells: Vec<Option<&str>> = table.column(q)?.iter().map(|c| Some(c.as_str())).collect();
        cols.push((
            q.clone(),
            Column::Categorical(CategoricalColumn::from_values(&cells)),
        ));
    }
    let t = Table::new(cols)?;
    Ok(Some(assess(&t, qis, &RiskParams::default())?))
}
