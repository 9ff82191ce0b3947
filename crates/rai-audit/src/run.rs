//! Composes the sections of an audit from the library crates.

use std::collections::BTreeMap;

use rai_core::{Error, Groups, MissingGroupPolicy, Model, Result, Table};
use rai_models::AnyModel;

use crate::config::AuditConfig;
use crate::report::{AuditReport, DatasetSheet, FileRecord, GroupSheet, Parameters, Provenance};
use crate::sections;

/// Progress reporting for long steps (the CLI draws a bar; libraries never print).
pub trait Progress {
    /// Called when step `done` of `total` (named `name`) starts or completes.
    fn step(&mut self, name: &str, done: usize, total: usize);
}

/// A [`Progress`] that reports nothing.
pub struct Quiet;

impl Progress for Quiet {
    fn step(&mut self, _name: &str, _done: usize, _total: usize) {}
}

/// Everything an audit needs.
pub struct AuditInputs<'a> {
    /// The data (features, label and sensitive columns).
    pub table: &'a Table,
    /// The model.
    pub model: &'a AnyModel,
    /// Label column.
    pub label: String,
    /// Sensitive columns.
    pub sensitive: Vec<String>,
    /// Positive label value (default `1`, or `true`).
    pub positive_label: Option<String>,
    /// Quasi-identifiers for the risk assessment.
    pub quasi_identifiers: Vec<String>,
    /// Seed for every randomised step.
    pub seed: u64,
    /// Thresholds and documentation text.
    pub config: AuditConfig,
    /// Checksums of the input files by role.
    pub files: BTreeMap<String, FileRecord>,
    /// Timestamp to record (RFC 3339).
    pub generated_at: String,
}

/// Labels as booleans (`None` = missing) and the positive label used.
///
/// # Errors
/// [`Error::UnknownColumn`]; [`Error::InvalidParameter`] when the positive label does not
/// occur and the column is not binary 0/1 or true/false.
pub fn binary_labels(
    table: &Table,
    label: &str,
    positive: Option<&str>,
) -> Result<(Vec<Option<bool>>, String)> {
    let text = table.text_column(label)?;
    let positive = match positive {
        Some(p) => p.to_owned(),
        None => {
            let has = |v: &str| text.iter().flatten().any(|t| t.eq_ignore_ascii_case(v));
            if has("1") {
                "1".into()
            } else if has("true") {
                "true".into()
            } else {
                return Err(Error::invalid_parameter(
                    "positive-label",
                    "(not given)",
                    format!(
                        "the label value that counts as positive in column `{label}` (it holds neither 1 nor true)"
                    ),
                ));
            }
        }
    };
    if !text
        .iter()
        .flatten()
        .any(|t| *t == positive || t.eq_ignore_ascii_case(&positive))
    {
        return Err(Error::invalid_parameter(
            "positive-label",
            &positive,
            format!("a value that occurs in column `{label}`"),
        ));
    }
    let y = text
        .iter()
        .map(|t| {
            t.as_ref()
                .map(|t| *t == positive || t.eq_ignore_ascii_case(&positive))
        })
        .collect();
    Ok((y, positive))
}

fn group_map(groups: &Groups, g: usize) -> BTreeMap<String, Option<String>> {
    groups
        .columns()
        .iter()
        .cloned()
        .zip(groups.keys()[g].0.iter().cloned())
        .collect()
}

/// Section 1 from the table alone.
fn dataset_sheet(table: &Table, y: &[Option<bool>], groups: &Groups) -> DatasetSheet {
    let mut pos = vec![0usize; groups.n_groups()];
    let mut lab = vec![0usize; groups.n_groups()];
    for (r, &g) in groups.assignment().iter().enumerate() {
        if let Some(v) = y[r] {
            lab[g as usize] += 1;
            pos[g as usize] += usize::from(v);
        }
    }
    let group_sheets = (0..groups.n_groups())
        .map(|g| GroupSheet {
            group: group_map(groups, g),
            count: groups.sizes()[g],
            base_rate: (lab[g] > 0).then(|| pos[g] as f64 / lab[g] as f64),
        })
        .collect();
    DatasetSheet {
        summary: table.summary(),
        missing_labels: y.iter().filter(|v| v.is_none()).count(),
        groups: group_sheets,
        reidentification_risk: None,
    }
}

/// Runs every section of the audit.
///
/// # Errors
/// Bad inputs (unknown columns, a model whose features are missing from the table, a
/// label column without the positive value, a regression model) as [`Error`] values
/// naming them.
pub fn run_audit(inputs: &AuditInputs<'_>, progress: &mut dyn Progress) -> Result<AuditReport> {
    inputs.config.validate()?;
    let table = inputs.table;
    let model = inputs.model;
    let cfg = &inputs.config;
    if model.task() != rai_core::Task::BinaryClassification {
        return Err(Error::unsupported(
            "`rai audit` audits binary classifiers; this model is a regressor",
        ));
    }
    const TOTAL: usize = 6;
    progress.step("dataset sheet", 0, TOTAL);
    let x_all = table.feature_matrix(model.feature_names())?;
    let (y, positive) = binary_labels(table, &inputs.label, inputs.positive_label.as_deref())?;
    let groups_all = Groups::from_table(table, &inputs.sensitive, MissingGroupPolicy::OwnGroup)?;
    let mut dataset = dataset_sheet(table, &y, &groups_all);
    if !inputs.quasi_identifiers.is_empty() {
        dataset.reidentification_risk = sections::risk(table, &inputs.quasi_identifiers)?;
    }

    // Rows with a label: the population for every metric.
    let labelled: Vec<usize> = (0..y.len()).filter(|&r| y[r].is_some()).collect();
    if labelled.is_empty() {
        return Err(Error::Empty {
            what: format!("rows with a value in label column `{}`", inputs.label),
        });
    }
    let (x, groups) = if labelled.len() == y.len() {
        (x_all, groups_all)
    } else {
        let sub = table.select_rows(&labelled)?;
        (
            sub.feature_matrix(model.feature_names())?,
            Groups::from_table(&sub, &inputs.sensitive, MissingGroupPolicy::OwnGroup)?,
        )
    };
    let y_true: Vec<bool> = labelled.iter().map(|&r| y[r] == Some(true)).collect();
    let proba = model.predict_proba(x.view())?.to_vec();

    progress.step("performance and fairness", 1, TOTAL);
    let fair = sections::fairness(&y_true, &proba, &groups, cfg, inputs.seed)?;
    let performance = sections::performance(&fair.report, &y_true, &proba);
    let fairness = sections::fairness_section(&fair, cfg)?;

    progress.step("explanations", 2, TOTAL);
    let explanations = sections::explanations(model, &x, cfg, inputs.seed)?;

    progress.step("robustness", 3, TOTAL);
    let robustness = sections::robustness(model, &x, &y_true, cfg, inputs.seed)?;

    progress.step("documentation", 4, TOTAL);
    let parameters = Parameters {
        label: inputs.label.clone(),
        sensitive: inputs.sensitive.clone(),
        positive_label: positive,
        quasi_identifiers: inputs.quasi_identifiers.clone(),
        seed: inputs.seed,
        features: model.feature_names().to_vec(),
        config: cfg.clone(),
    };
    let documentation = sections::documentation(model, cfg, &dataset, &performance);
    let provenance = Provenance {
        tool: "rai".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        generated_at: inputs.generated_at.clone(),
        files: inputs.files.clone(),
    };
    let mut report = AuditReport {
        provenance,
        parameters,
        summary: Vec::new(),
        dataset,
        performance,
        fairness,
        explanations,
        robustness,
        documentation,
    };
    report.summary = sections::findings(&report);
    progress.step("done", TOTAL, TOTAL);
    Ok(report)
}
