//! Conformance against fairlearn 0.15.0, scikit-learn 1.9.1 and AIF360 0.6.1 on Adult and
//! German credit (fixtures from `xtask/fixtures/fairness.py`; no Python needed here).
//!
//! Known, documented divergences, checked explicitly rather than skipped:
//! - scikit-learn/fairlearn report a rate with an empty denominator (TPR without actual
//!   positives, FPR without actual negatives, ...) as 0 and balanced accuracy of a
//!   single-class group as the one recall present; this crate reports them as undefined.
//!   Where that happens (one German intersectional group with a single row) the test
//!   checks that fairlearn's aggregates equal this crate's [`MetricFrame`] aggregation of
//!   the per-group values with undefined rates filled in as 0.

#![allow(clippy::unwrap_used)] // reason: test helpers outside #[test] functions

use std::collections::HashMap;
use std::sync::OnceLock;

use ndarray::Array2;
use rai_core::{CsvOptions, Groups, MissingGroupPolicy, Table};
use rai_fairness::*;
use serde_json::Value;

/// All conformance tolerances (absolute).
mod tol {
    /// Agreement with fairlearn / scikit-learn / AIF360.
    pub const REFERENCE: f64 = 1e-9;
}

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn expected() -> &'static Value {
    static E: OnceLock<Value> = OnceLock::new();
    E.get_or_init(|| {
        let text = std::fs::read_to_string(fixture("fairness_expected.json")).unwrap();
        serde_json::from_str(&text).unwrap()
    })
}

fn table(dataset: &str) -> &'static Table {
    static A: OnceLock<Table> = OnceLock::new();
    static G: OnceLock<Table> = OnceLock::new();
    let (cell, file) = match dataset {
        "adult" => (&A, "adult_predictions.csv.gz"),
        _ => (&G, "german_predictions.csv"),
    };
    cell.get_or_init(|| Table::from_csv_path(fixture(file), &CsvOptions::default()).unwrap())
}

struct Data {
    y_true: Vec<bool>,
    y_pred: Vec<bool>,
    score: Vec<f64>,
    weight: Vec<f64>,
}

fn data(t: &Table) -> Data {
    let b = |c: &str| {
        t.numeric(c)
            .unwrap()
            .values()
            .iter()
            .map(|&v| v == 1.0)
            .collect()
    };
    Data {
        y_true: b("y_true"),
        y_pred: b("y_pred"),
        score: t.numeric("score").unwrap().values().to_vec(),
        weight: t.numeric("weight").unwrap().values().to_vec(),
    }
}

fn close(ours: Option<f64>, theirs: &Value, what: &str) {
    match (ours, theirs.as_f64()) {
        (Some(a), Some(b)) => assert!(
            (a - b).abs() <= tol::REFERENCE,
            "{what}: ours {a} vs reference {b} (diff {})",
            (a - b).abs()
        ),
        (None, None) => {}
        (a, _) => panic!("{what}: ours {a:?} vs reference {theirs}"),
    }
}

/// fairlearn's value for a group where this crate's is undefined (see the module docs).
fn sklearn_fill(
    metric: &str,
    ours: Option<f64>,
    m: &BinaryMetrics,
    c: &ConfusionStats,
) -> Option<f64> {
    if ours.is_some() {
        return ours;
    }
    match metric {
        "true_positive_rate"
        | "false_positive_rate"
        | "true_negative_rate"
        | "false_negative_rate" => Some(0.0),
        "balanced_accuracy" => m
            .true_positive_rate
            .or(m.true_negative_rate)
            .filter(|_| c.count() > 0),
        _ => None,
    }
}

fn metric_of(name: &str) -> Option<BinaryMetric> {
    BinaryMetric::ALL.iter().copied().find(|m| m.name() == name)
}

#[test]
fn metric_frames_and_disparities_match_fairlearn_sklearn_aif360() {
    let cases = expected()["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 12);
    let mut divergent_groups = 0;
    for case in cases {
        let ds = case["dataset"].as_str().unwrap();
        let sens: Vec<&str> = case["sensitive"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let reference: Vec<Option<&str>> = case["reference"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str())
            .collect();
        let weighted = case["weighted"].as_bool().unwrap();
        let label = format!("{ds} {sens:?} weighted={weighted}");
        let t = table(ds);
        let d = data(t);
        let groups = Groups::from_table(t, &sens, MissingGroupPolicy::OwnGroup).unwrap();
        let mut o = BinaryOutcomes::new(&d.y_true, &d.y_pred)
            .unwrap()
            .with_scores(&d.score)
            .unwrap();
        if weighted {
            o = o.with_weights(&d.weight).unwrap();
        }
        let report = FairnessAudit::params()
            .reference_group(&reference)
            .build()
            .unwrap()
            .run(&o, &groups)
            .unwrap();
        let stats = GroupedStats::compute(&o, &groups).unwrap();

        // by group and overall
        let names: Vec<String> = groups.keys().iter().map(ToString::to_string).collect();
        let exp_groups: Vec<&str> = case["groups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(sorted, exp_groups, "{label}: group labels");
        let by_name: HashMap<&str, usize> = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.as_str(), i))
            .collect();
        let mut filled: HashMap<String, Vec<Option<f64>>> = HashMap::new();
        for (gname, exp) in case["by_group"].as_object().unwrap() {
            let g = by_name[gname.as_str()];
            let m = &report.groups[g].metrics;
            let mut divergent = false;
            for (k, v) in exp.as_object().unwrap() {
                let ours = if k == "count" {
                    Some(m.count as f64)
                } else if k == "roc_auc" {
                    m.roc_auc
                } else {
                    m.get(metric_of(k).unwrap())
                };
                let fl = sklearn_fill(k, ours, m, &stats.confusion()[g]);
                if fl != ours {
                    divergent = true;
                    assert!(m.undefined.contains_key(k.as_str()), "{label} {gname} {k}");
                }
                close(fl, v, &format!("{label} group {gname} {k}"));
                filled
                    .entry(k.clone())
                    .or_insert_with(|| vec![None; names.len()])[g] = fl;
            }
            divergent_groups += usize::from(divergent);
        }
        for (k, v) in case["overall"].as_object().unwrap() {
            let m = &report.overall.metrics;
            let ours = match k.as_str() {
                "count" => Some(m.count as f64),
                "roc_auc" => m.roc_auc,
                _ => m.get(metric_of(k).unwrap()),
            };
            close(ours, v, &format!("{label} overall {k}"));
        }

        // MetricFrame difference / ratio, fairlearn semantics on fairlearn's per-group values
        let frame_of = |k: &str| {
            let metric = metric_of(k).unwrap();
            let ours = MetricFrame::binary(metric, &stats);
            MetricFrame::new(k, groups.keys().to_vec(), ours.overall(), filled[k].clone()).unwrap()
        };
        let lossless = divergent_groups == 0;
        for (k, v) in case["frame"].as_object().unwrap() {
            let f = frame_of(k);
            let what = format!("{label} frame {k}");
            close(
                f.difference(Comparison::BetweenGroups),
                &v["difference_between_groups"],
                &what,
            );
            close(
                f.difference(Comparison::ToOverall),
                &v["difference_to_overall"],
                &what,
            );
            close(
                f.ratio(Comparison::BetweenGroups),
                &v["ratio_between_groups"],
                &what,
            );
            close(
                f.ratio(Comparison::ToOverall),
                &v["ratio_to_overall"],
                &what,
            );
            if lossless {
                let direct = MetricFrame::binary(metric_of(k).unwrap(), &stats);
                assert_eq!(direct.by_group(), f.by_group(), "{what}");
            }
        }

        // named fairlearn disparities
        for (method_name, method) in [
            ("between_groups", Comparison::BetweenGroups),
            ("to_overall", Comparison::ToOverall),
        ] {
            let exp = &case["named"][method_name];
            let what = |n: &str| format!("{label} {method_name} {n}");
            let (tpr, fpr) = (
                frame_of("true_positive_rate"),
                frame_of("false_positive_rate"),
            );
            let sel = frame_of("selection_rate");
            let eo_d = |agg| {
                let (a, b) = (tpr.difference(method)?, fpr.difference(method)?);
                Some(if agg { a.max(b) } else { 0.5 * (a + b) })
            };
            let eo_r = |agg| {
                let (a, b) = (tpr.ratio(method)?, fpr.ratio(method)?);
                Some(if agg { a.min(b) } else { 0.5 * (a + b) })
            };
            close(
                sel.difference(method),
                &exp["demographic_parity_difference"],
                &what("dpd"),
            );
            close(
                sel.ratio(method),
                &exp["demographic_parity_ratio"],
                &what("dpr"),
            );
            close(eo_d(true), &exp["equalized_odds_difference"], &what("eod"));
            close(eo_r(true), &exp["equalized_odds_ratio"], &what("eor"));
            close(
                eo_d(false),
                &exp["equalized_odds_difference_mean"],
                &what("eod mean"),
            );
            close(
                eo_r(false),
                &exp["equalized_odds_ratio_mean"],
                &what("eor mean"),
            );
            close(
                tpr.difference(method),
                &exp["equal_opportunity_difference"],
                &what("eopd"),
            );
            close(
                tpr.ratio(method),
                &exp["equal_opportunity_ratio"],
                &what("eopr"),
            );
            // the library's own functions (no divergent groups: identical inputs)
            let ok = |v: MetricValue| v.ok();
            close(
                ok(demographic_parity_difference(&stats, method)),
                &exp["demographic_parity_difference"],
                &what("lib dpd"),
            );
            close(
                ok(demographic_parity_ratio(&stats, method)),
                &exp["demographic_parity_ratio"],
                &what("lib dpr"),
            );
            if lossless {
                let wc = EqualizedOddsAgg::WorstCase;
                let mean = EqualizedOddsAgg::Mean;
                close(
                    ok(equalized_odds_difference(&stats, method, wc)),
                    &exp["equalized_odds_difference"],
                    &what("lib eod"),
                );
                close(
                    ok(equalized_odds_ratio(&stats, method, wc)),
                    &exp["equalized_odds_ratio"],
                    &what("lib eor"),
                );
                close(
                    ok(equalized_odds_difference(&stats, method, mean)),
                    &exp["equalized_odds_difference_mean"],
                    &what("lib eod mean"),
                );
                close(
                    ok(equalized_odds_ratio(&stats, method, mean)),
                    &exp["equalized_odds_ratio_mean"],
                    &what("lib eor mean"),
                );
                close(
                    ok(equal_opportunity_difference(&stats, method)),
                    &exp["equal_opportunity_difference"],
                    &what("lib eopd"),
                );
                close(
                    ok(equal_opportunity_ratio(&stats, method)),
                    &exp["equal_opportunity_ratio"],
                    &what("lib eopr"),
                );
            }
        }
        if lossless {
            let nd = &case["named"]["between_groups"];
            let dis = &report.disparities;
            close(
                dis.equalized_odds_difference,
                &nd["equalized_odds_difference"],
                &label,
            );
            close(
                dis.equalized_odds_ratio,
                &nd["equalized_odds_ratio"],
                &label,
            );
            close(
                dis.demographic_parity_ratio,
                &nd["demographic_parity_ratio"],
                &label,
            );
        }

        // AIF360
        let aif = &case["aif360"];
        let r = &report.disparities.reference;
        let w = |n: &str| format!("{label} aif360 {n}");
        close(
            r.statistical_parity_difference,
            &aif["statistical_parity_difference"],
            &w("spd"),
        );
        close(r.disparate_impact, &aif["disparate_impact"], &w("di"));
        close(
            r.average_odds_difference,
            &aif["average_odds_difference"],
            &w("aod"),
        );
        close(
            r.average_abs_odds_difference,
            &aif["average_abs_odds_difference"],
            &w("aaod"),
        );
        close(
            r.true_positive_rate_difference,
            &aif["true_positive_rate_difference"],
            &w("tprd"),
        );
        close(
            r.predictive_parity_difference,
            &aif["predictive_parity_difference"],
            &w("ppd"),
        );
        assert_eq!(
            r.four_fifths_rule_violated,
            aif["disparate_impact"].as_f64().map(|d| d < 0.8),
            "{label}"
        );
        if !weighted {
            let inq = &report.inequality;
            let gid = groups.find(&reference).unwrap();
            close(inq.theil_index, &aif["theil_index"], &w("theil"));
            close(
                inq.generalized_entropy_index,
                &aif["generalized_entropy_index_2"],
                &w("gei2"),
            );
            for a in ["3", "0.5"] {
                let alpha: f64 = a.parse().unwrap();
                close(
                    generalized_entropy_index(&stats, alpha).ok(),
                    &aif[format!("generalized_entropy_index_{a}")],
                    &w(&format!("gei{a}")),
                );
            }
            close(
                inq.between_group_theil_index,
                &aif["between_group_theil_index"],
                &w("bg theil"),
            );
            close(
                between_reference_entropy_index(&stats, gid, 2.0).ok(),
                &aif["between_group_generalized_entropy_index_2"],
                &w("bg gei2"),
            );
            close(
                inq.between_all_groups_theil_index,
                &aif["between_all_groups_theil_index"],
                &w("bag theil"),
            );
            close(
                inq.between_all_groups_generalized_entropy_index,
                &aif["between_all_groups_generalized_entropy_index_2"],
                &w("bag gei2"),
            );
        }
    }
    // one single-row German intersectional group (no negatives), unweighted and weighted
    assert_eq!(divergent_groups, 2);
}

#[test]
fn consistency_matches_aif360_on_german() {
    let t = table("german");
    let cols: Vec<&str> = t
        .column_names()
        .iter()
        .map(String::as_str)
        .filter(|c| c.starts_with("x_"))
        .collect();
    let x: Array2<f64> = t.feature_matrix(&cols).unwrap();
    let y: Vec<f64> = t.numeric("y_pred").unwrap().values().to_vec();
    let exp = &expected()["consistency"];
    assert_eq!(exp["ties_at_k5"], 0);
    for (k, v) in exp["german"].as_object().unwrap() {
        let k: usize = k.parse().unwrap();
        close(
            Some(consistency(x.view(), &y, k).unwrap()),
            v,
            &format!("consistency k={k}"),
        );
    }
}
