//! One self-contained, printable HTML file: no scripts, no external resources.

use std::fmt::Write as _;

use super::svg::{self, Bar, Series, SwarmRow, esc};
use super::{fmt_num, fmt_opt, group_label, json_rows, short_label};
use crate::report::{AuditReport, Status};

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#111;line-height:1.45}\
h1{font-size:1.7em}h2{border-bottom:2px solid #0072B2;padding-bottom:.2em;margin-top:2em}\
table{border-collapse:collapse;margin:1em 0;font-size:.9em}td,th{border:1px solid #bbb;padding:.25em .6em;text-align:left}th{background:#eef4fa}\
td.num{text-align:right;font-variant-numeric:tabular-nums}\
.pass{background:#d9f0e6}.warn{background:#fdf0cc}.fail{background:#f8d8c8}.info{background:#eee}\
.badge{display:inline-block;padding:0 .5em;border-radius:.3em;font-weight:bold;font-size:.85em}\
figure{margin:1em 0;page-break-inside:avoid}figcaption{font-size:.85em;color:#444}\
code{font-size:.85em;word-break:break-all}\
@media print{body{max-width:none}h2{page-break-before:auto}svg{max-width:100%;height:auto}}";

fn badge(s: Status) -> String {
    format!(
        "<span class=\"badge {c}\">{t}</span>",
        c = s.as_str(),
        t = s.as_str().to_uppercase()
    )
}

/// Renders the report as one self-contained HTML document.
pub fn html(r: &AuditReport) -> String {
    let mut h = String::with_capacity(256 * 1024);
    let title = format!(
        "Audit report: {}",
        r.documentation.model_card.name.as_deref().unwrap_or(
            &r.provenance
                .files
                .get("model")
                .map_or("model".to_string(), |f| f.path.clone())
        )
    );
    let _ = write!(
        h,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{t}</title><style>{STYLE}</style></head><body><h1>{t}</h1>",
        t = esc(&title)
    );
    let _ = write!(
        h,
        "<p>Generated {} by {} {} with seed {}. Label <code>{}</code> (positive: <code>{}</code>); sensitive attributes: {}.</p>",
        esc(&r.provenance.generated_at),
        esc(&r.provenance.tool),
        esc(&r.provenance.version),
        r.parameters.seed,
        esc(&r.parameters.label),
        esc(&r.parameters.positive_label),
        esc(&r.parameters.sensitive.join(", "))
    );

    // Summary
    h.push_str("<h2 id=\"summary\">Summary of findings</h2><table><tr><th>status</th><th>section</th><th>finding</th></tr>");
    for f in &r.summary {
        let _ = write!(
            h,
            "<tr class=\"{}\"><td>{}</td><td>{}</td><td>{}</td></tr>",
            f.status.as_str(),
            badge(f.status),
            esc(&f.section),
            esc(&f.message)
        );
    }
    h.push_str("</table>");

    // 1. Dataset
    let d = &r.dataset;
    let _ = write!(
        h,
        "<h2 id=\"dataset\">1. Dataset sheet</h2><p>{} rows, {} columns; {} rows with a missing label.</p><table><tr><th>column</th><th>type</th><th>missing</th><th>distinct</th><th>min</th><th>max</th><th>mean</th></tr>",
        d.summary.rows, d.summary.columns, d.missing_labels
    );
    for c in &d.summary.schema {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            esc(&c.name),
            c.column_type,
            c.missing,
            c.distinct,
            c.min.map_or("-".into(), fmt_num),
            c.max.map_or("-".into(), fmt_num),
            c.mean.map_or("-".into(), fmt_num)
        );
    }
    h.push_str(
        "</table><h3>Groups</h3><table><tr><th>group</th><th>rows</th><th>base rate</th></tr>",
    );
    for g in &d.groups {
        let _ = write!(
            h,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            esc(&group_label(&g.group)),
            g.count,
            fmt_opt(g.base_rate)
        );
    }
    h.push_str("</table>");
    let bars: Vec<(String, f64)> = d
        .groups
        .iter()
        .map(|g| (short_label(&g.group), g.base_rate.unwrap_or(f64::NAN)))
        .collect();
    let bar_refs: Vec<Bar<'_>> = bars
        .iter()
        .map(|(l, v)| Bar {
            label: l,
            value: *v,
            interval: None,
        })
        .collect();
    figure(
        &mut h,
        &svg::bar_chart(
            "Base rate by group",
            "share of positive labels",
            &bar_refs,
            None,
        ),
        "Base rate (share of positive labels) per sensitive group.",
    );
    match &d.reidentification_risk {
        Some(risk) => {
            let _ = write!(
                h,
                "<h3>Re-identification risk of the quasi-identifiers ({})</h3><table><tr><th>model</th><th>highest risk</th><th>records at highest risk</th><th>average risk</th><th>records above threshold</th></tr>",
                esc(&r.parameters.quasi_identifiers.join(", "))
            );
            for model in ["prosecutor", "journalist"] {
                let num = |k: &str| {
                    risk.get(model)
                        .and_then(|m| m.get(k))
                        .and_then(serde_json::Value::as_f64)
                };
                let _ = write!(
                    h,
                    "<tr><td>{model}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                    fmt_opt(num("highest_risk")),
                    fmt_opt(num("records_at_highest_risk")),
                    fmt_opt(num("average_risk")),
                    fmt_opt(num("records_above_threshold"))
                );
            }
            let get = |p: &str| {
                risk.pointer(p)
                    .map_or_else(String::new, ToString::to_string)
            };
            let _ = write!(
                h,
                "</table><p>{} records in {} equivalence classes (smallest: {}); sample uniques: {}; marketer success rate: {}; threshold {}.</p>",
                get("/records"),
                get("/equivalence_classes"),
                get("/smallest_class"),
                get("/sample_uniques/count"),
                fmt_opt(
                    risk.pointer("/marketer/success_rate")
                        .and_then(serde_json::Value::as_f64)
                ),
                get("/threshold")
            );
        }
        None => h.push_str(
            "<p>No quasi-identifiers were given: re-identification risk not assessed.</p>",
        ),
    }

    // 2. Performance
    let p = &r.performance;
    h.push_str("<h2 id=\"performance\">2. Performance</h2><table><tr><th>population</th><th>rows</th><th>accuracy</th><th>ROC AUC</th><th>Brier</th><th>ECE</th></tr>");
    let ci = |m: &crate::report::PerfMetrics, k: &str, v: Option<f64>| match (v, m.ci.get(k)) {
        (Some(v), Some(c)) => format!("{} [{}, {}]", fmt_num(v), fmt_num(c[0]), fmt_num(c[1])),
        (v, _) => fmt_opt(v),
    };
    let mut rows = vec![("overall".to_string(), &p.overall)];
    rows.extend(p.by_group.iter().map(|(g, m)| (group_label(g), m)));
    for (label, m) in &rows {
        let _ = write!(
            h,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            esc(label),
            m.count,
            ci(m, "accuracy", m.accuracy),
            ci(m, "roc_auc", m.roc_auc),
            ci(m, "brier_score", m.brier_score),
            ci(
                m,
                "expected_calibration_error",
                m.expected_calibration_error
            )
        );
    }
    h.push_str("</table><p>Intervals: 95% percentile bootstrap, stratified by group.</p>");
    let cal: Vec<(f64, f64)> = p
        .calibration
        .iter()
        .filter_map(|b| Some((b.mean_predicted?, b.observed_rate?)))
        .collect();
    let diag = vec![(0.0, 0.0), (1.0, 1.0)];
    figure(
        &mut h,
        &svg::line_chart(
            "Calibration (reliability diagram)",
            "mean predicted probability",
            "observed positive rate",
            &[
                Series {
                    name: "model",
                    points: cal,
                },
                Series {
                    name: "perfect",
                    points: diag,
                },
            ],
        ),
        "Observed positive rate against mean predicted probability in 10 equal-width bins.",
    );

    // 3. Fairness
    let f = &r.fairness;
    h.push_str("<h2 id=\"fairness\">3. Fairness</h2><table><tr><th>check</th><th>value</th><th>95% CI</th><th>rule</th><th>status</th></tr>");
    for c in &f.checks {
        let _ = write!(
            h,
            "<tr class=\"{}\"><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>",
            c.status.as_str(),
            esc(&c.name),
            fmt_opt(c.value),
            c.ci.map_or("-".into(), |c| format!(
                "[{}, {}]",
                fmt_num(c[0]),
                fmt_num(c[1])
            )),
            esc(&c.rule),
            badge(c.status)
        );
    }
    h.push_str("</table>");
    for w in &f.warnings {
        let _ = write!(h, "<p class=\"warn\">Warning: {}</p>", esc(w));
    }
    if let Some(groups) = f.details.get("groups").and_then(|g| g.as_array()) {
        h.push_str("<table><tr><th>group</th><th>count</th><th>selection rate</th><th>TPR</th><th>FPR</th><th>precision</th><th>accuracy</th></tr>");
        let mut sel = Vec::new();
        for g in groups {
            let label = g
                .get("group")
                .and_then(|x| x.as_object())
                .map(|o| {
                    o.iter()
                        .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or("<missing>")))
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default();
            let num = |k: &str| g.get(k).and_then(serde_json::Value::as_f64);
            let _ = write!(
                h,
                "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                esc(&label),
                g.get("count").map_or(String::new(), ToString::to_string),
                fmt_opt(num("selection_rate")),
                fmt_opt(num("true_positive_rate")),
                fmt_opt(num("false_positive_rate")),
                fmt_opt(num("precision")),
                fmt_opt(num("accuracy"))
            );
            sel.push((label, num("selection_rate").unwrap_or(f64::NAN)));
        }
        h.push_str("</table>");
        let bars: Vec<Bar<'_>> = sel
            .iter()
            .map(|(l, v)| Bar {
                label: l,
                value: *v,
                interval: None,
            })
            .collect();
        figure(
            &mut h,
            &svg::bar_chart("Selection rate by group", "selection rate", &bars, None),
            "Share of rows predicted positive, per intersectional group.",
        );
    }

    // 4. Explanations
    h.push_str("<h2 id=\"explanations\">4. Explanations</h2>");
    match &r.explanations {
        Some(e) => {
            let _ = write!(
                h,
                "<p>{} on {} rows; values in {} space (log-odds for classifiers); base value {}.</p>",
                esc(&e.algorithm),
                e.rows_explained,
                esc(&e.space),
                fmt_num(e.base_value)
            );
            let bars: Vec<Bar<'_>> = e
                .global_importance
                .iter()
                .take(15)
                .map(|g| Bar {
                    label: &g.feature,
                    value: g.mean_abs_shap,
                    interval: None,
                })
                .collect();
            figure(
                &mut h,
                &svg::bar_chart(
                    "Global importance (mean |SHAP|)",
                    "mean |SHAP value| (log-odds)",
                    &bars,
                    None,
                ),
                "Mean absolute SHAP value per feature.",
            );
            let rows: Vec<SwarmRow<'_>> = e
                .points
                .iter()
                .map(|(name, pts)| {
                    let (lo, hi) = pts
                        .iter()
                        .filter(|p| p.0.is_finite())
                        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
                            (a.min(p.0), b.max(p.0))
                        });
                    let span = if hi > lo { hi - lo } else { 1.0 };
                    SwarmRow {
                        feature: name,
                        points: pts.iter().map(|(x, s)| (*s, (x - lo) / span)).collect(),
                    }
                })
                .collect();
            figure(
                &mut h,
                &svg::beeswarm("SHAP summary (top features)", &rows),
                "Each dot is one row: its SHAP value for the feature; colour shows the feature's value.",
            );
            for (name, pts) in e.points.iter().take(3) {
                figure(
                    &mut h,
                    &svg::scatter(
                        &format!("Dependence: {name}"),
                        name,
                        "SHAP value (log-odds)",
                        pts,
                    ),
                    &format!("SHAP value of {name} against its value."),
                );
            }
        }
        None => h.push_str("<p>Not available for this model.</p>"),
    }

    // 5. Robustness
    let rb = &r.robustness;
    h.push_str("<h2 id=\"robustness\">5. Robustness</h2>");
    let curve: Vec<(f64, f64)> = rb.noise_curve.iter().map(|p| (p[0], p[1])).collect();
    figure(
        &mut h,
        &svg::line_chart(
            "Accuracy under Gaussian noise",
            "noise sigma (feature standard deviations)",
            "accuracy",
            &[Series {
                name: "accuracy",
                points: curve,
            }],
        ),
        &format!(
            "Accuracy as Gaussian noise is added to every feature. Breaking point: {}.",
            rb.breaking_sigma
                .map_or("not reached".into(), |s| format!("sigma = {}", fmt_num(s)))
        ),
    );
    for (name, v) in [
        ("Evasion attack", &rb.attack),
        ("Monotonicity", &rb.monotonicity),
    ] {
        if let Some(v) = v {
            let _ = write!(h, "<h3>{name}</h3><table>");
            for (k, t) in json_rows(v) {
                let _ = write!(h, "<tr><th>{}</th><td>{}</td></tr>", esc(&k), esc(&t));
            }
            h.push_str("</table>");
        }
    }
    // 6. Documentation
    let doc = &r.documentation;
    h.push_str("<h2 id=\"documentation\">6. Model card and EU AI Act technical documentation (Annex IV)</h2><table><tr><th>item</th><th>content</th><th>evidence</th></tr>");
    for (k, v) in &doc.model_details {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td></td></tr>",
            esc(k),
            esc(v)
        );
    }
    for a in &doc.annex_iv {
        let _ = write!(
            h,
            "<tr><td>Annex IV {} {}</td><td>{}</td><td>{}</td></tr>",
            esc(&a.reference),
            esc(&a.heading),
            esc(&a.content),
            a.evidence
                .iter()
                .map(|e| format!("<code>{}</code>", esc(e)))
                .collect::<Vec<_>>()
                .join("<br>")
        );
    }
    h.push_str("</table>");

    // Provenance
    h.push_str("<h2 id=\"provenance\">Provenance</h2><table><tr><th>role</th><th>file</th><th>bytes</th><th>SHA-256</th></tr>");
    for (role, f) in &r.provenance.files {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td><code>{}</code></td></tr>",
            esc(role),
            esc(&f.path),
            f.bytes,
            esc(&f.sha256)
        );
    }
    let _ = writeln!(
        h,
        "</table><p>Parameters: <code>{}</code></p></body></html>",
        esc(&serde_json::to_string(&r.parameters).unwrap_or_default())
    );
    h
}

fn figure(h: &mut String, svg: &str, caption: &str) {
    let _ = write!(
        h,
        "<figure>{svg}<figcaption>{}</figcaption></figure>",
        esc(caption)
    );
}
