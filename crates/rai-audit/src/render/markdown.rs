//! Markdown rendering of the report and of the model card alone.

use std::fmt::Write as _;

use super::{fmt_num, fmt_opt, group_label};
use crate::report::AuditReport;

/// Renders the whole report as Markdown (no charts; tables only).
pub fn markdown(r: &AuditReport) -> String {
    let mut m = String::new();
    let _ = writeln!(
        m,
        "# Audit report\n\nGenerated {} by {} {} (seed {}).\n",
        r.provenance.generated_at, r.provenance.tool, r.provenance.version, r.parameters.seed
    );
    m.push_str("## Summary of findings\n\n| status | section | finding |\n|---|---|---|\n");
    for f in &r.summary {
        let _ = writeln!(
            m,
            "| {} | {} | {} |",
            f.status.as_str(),
            f.section,
            f.message.replace('|', "\\|")
        );
    }
    let d = &r.dataset;
    let _ = writeln!(
        m,
        "\n## 1. Dataset sheet\n\n{} rows, {} columns, {} rows with a missing label.\n",
        d.summary.rows, d.summary.columns, d.missing_labels
    );
    m.push_str("| column | type | missing | distinct |\n|---|---|---|---|\n");
    for c in &d.summary.schema {
        let _ = writeln!(
            m,
            "| {} | {} | {} | {} |",
            c.name, c.column_type, c.missing, c.distinct
        );
    }
    m.push_str("\n| group | rows | base rate |\n|---|---|---|\n");
    for g in &d.groups {
        let _ = writeln!(
            m,
            "| {} | {} | {} |",
            group_label(&g.group),
            g.count,
            fmt_opt(g.base_rate)
        );
    }
    if let Some(risk) = &d.reidentification_risk {
        let _ = writeln!(
            m,
            "\nRe-identification risk:\n\n```json\n{}\n```",
            serde_json::to_string_pretty(risk).unwrap_or_default()
        );
    }
    let p = &r.performance;
    m.push_str("\n## 2. Performance\n\n| population | rows | accuracy | ROC AUC | Brier | ECE |\n|---|---|---|---|---|---|\n");
    let mut rows = vec![("overall".to_string(), &p.overall)];
    rows.extend(p.by_group.iter().map(|(g, x)| (group_label(g), x)));
    for (l, x) in rows {
        let _ = writeln!(
            m,
            "| {l} | {} | {} | {} | {} | {} |",
            x.count,
            fmt_opt(x.accuracy),
            fmt_opt(x.roc_auc),
            fmt_opt(x.brier_score),
            fmt_opt(x.expected_calibration_error)
        );
    }
    m.push_str(
        "\n## 3. Fairness\n\n| check | value | 95% CI | rule | status |\n|---|---|---|---|---|\n",
    );
    for c in &r.fairness.checks {
        let _ = writeln!(
            m,
            "| {} | {} | {} | {} | {} |",
            c.name,
            fmt_opt(c.value),
            c.ci.map_or("-".into(), |c| format!(
                "[{}, {}]",
                fmt_num(c[0]),
                fmt_num(c[1])
            )),
            c.rule,
            c.status.as_str()
        );
    }
    for w in &r.fairness.warnings {
        let _ = writeln!(m, "\n- Warning: {w}");
    }
    m.push_str("\n## 4. Explanations\n\n");
    match &r.explanations {
        Some(e) => {
            let _ = writeln!(
                m,
                "{} on {} rows, {} space, base value {}.\n\n| feature | mean abs SHAP |\n|---|---|",
                e.algorithm,
                e.rows_explained,
                e.space,
                fmt_num(e.base_value)
            );
            for g in &e.global_importance {
                let _ = writeln!(m, "| {} | {} |", g.feature, fmt_num(g.mean_abs_shap));
            }
        }
        None => m.push_str("Not available for this model.\n"),
    }
    m.push_str("\n## 5. Robustness\n\n| sigma | accuracy |\n|---|---|\n");
    for pnt in &r.robustness.noise_curve {
        let _ = writeln!(m, "| {} | {} |", fmt_num(pnt[0]), fmt_num(pnt[1]));
    }
    let _ = writeln!(
        m,
        "\nBreaking sigma: {}.",
        r.robustness
            .breaking_sigma
            .map_or("not reached".into(), fmt_num)
    );
    if let Some(a) = &r.robustness.attack {
        let _ = writeln!(
            m,
            "\nAttack:\n\n```json\n{}\n```",
            serde_json::to_string_pretty(a).unwrap_or_default()
        );
    }
    if let Some(a) = &r.robustness.monotonicity {
        let _ = writeln!(
            m,
            "\nMonotonicity:\n\n```json\n{}\n```",
            serde_json::to_string_pretty(a).unwrap_or_default()
        );
    }
    m.push('\n');
    m.push_str(&model_card_markdown(r));
    m.push_str("\n## Provenance\n\n| role | file | bytes | SHA-256 |\n|---|---|---|---|\n");
    for (role, f) in &r.provenance.files {
        let _ = writeln!(m, "| {role} | {} | {} | `{}` |", f.path, f.bytes, f.sha256);
    }
    m
}

/// Renders the model card and the Annex IV documentation as Markdown.
pub fn model_card_markdown(r: &AuditReport) -> String {
    let doc = &r.documentation;
    let mut m =
        String::from("## 6. Model card and EU AI Act technical documentation (Annex IV)\n\n");
    for (k, v) in &doc.model_details {
        let _ = writeln!(m, "- **{k}**: {v}");
    }
    m.push_str("\n| Annex IV | heading | content | evidence |\n|---|---|---|---|\n");
    for a in &doc.annex_iv {
        let _ = writeln!(
            m,
            "| {} | {} | {} | {} |",
            a.reference,
            a.heading,
            a.content.replace('|', "\\|").replace('\n', " "),
            a.evidence
                .iter()
                .map(|e| format!("`{e}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    m
}
