//! Renderers for audit reports: HTML (self-contained, inline SVG), Markdown and JSON.

mod html;
mod markdown;
pub mod svg;

pub use html::html;
pub use markdown::{markdown, model_card_markdown};

use std::collections::BTreeMap;

/// Formats an optional metric (`undefined` when absent).
pub(crate) fn fmt_opt(v: Option<f64>) -> String {
    v.map_or_else(|| "undefined".to_string(), fmt_num)
}

/// Formats a number with 4 significant decimals.
pub(crate) fn fmt_num(v: f64) -> String {
    if v.is_nan() {
        "undefined".into()
    } else if v != 0.0 && (v.abs() >= 1e5 || v.abs() < 1e-3) {
        format!("{v:.3e}")
    } else {
        format!("{v:.4}")
    }
}

/// A group label as text: `sex=Female, race=White`.
pub(crate) fn group_label(g: &BTreeMap<String, Option<String>>) -> String {
    g.iter()
        .map(|(k, v)| format!("{k}={}", v.as_deref().unwrap_or("<missing>")))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A group label for chart axes: values only, `Female & White`.
pub(crate) fn short_label(g: &BTreeMap<String, Option<String>>) -> String {
    g.values()
        .map(|v| v.as_deref().unwrap_or("<missing>"))
        .collect::<Vec<_>>()
        .join(" & ")
}

/// A flat JSON object as `(key, value text)` rows (nested values as compact JSON).
pub(crate) fn json_rows(v: &serde_json::Value) -> Vec<(String, String)> {
    match v.as_object() {
        Some(m) => m
            .iter()
            .map(|(k, v)| {
                let text = match v {
                    serde_json::Value::Number(n) => {
                        n.as_f64().map_or_else(|| n.to_string(), fmt_num)
                    }
                    serde_json::Value::String(s) => s.clone(),
                    serde_json::Value::Null => "undefined".into(),
                    other => other.to_string(),
                };
                (k.clone(), text)
            })
            .collect(),
        None => vec![(String::new(), v.to_string())],
    }
}
