//! `rai explain importance|pdp|ale|lime|counterfactual|surrogate` on real models and data
//! (fixtures of crates/rai-explain, from xtask/fixtures/explain.py).

#![allow(clippy::unwrap_used)] // reason: test helpers outside #[test] functions

use std::path::PathBuf;

use serde_json::Value;

use super::common::{adult_gz, run, shared_data, stderr, stdout, workspace_root};

fn fixture(name: &str) -> String {
    workspace_root()
        .join("crates/rai-explain/tests/fixtures/explain2")
        .join(name)
        .display()
        .to_string()
}

fn json(args: &[&str]) -> Value {
    let o = run(args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    serde_json::from_str(&stdout(&o)).unwrap()
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

#[test]
fn importance_json_is_seeded_and_complete() {
    let (m, d) = (fixture("adult_logistic.json"), fixture("adult_eval.csv"));
    let args = [
        "explain",
        "importance",
        "--model",
        &m,
        "--data",
        &d,
        "--label",
        "label",
        "--metric",
        "roc_auc",
        "--repeats",
        "3",
        "--seed",
        "7",
        "--format",
        "json",
    ];
    let a = run(&args);
    let b = run(&args);
    assert!(a.status.success(), "{}", stderr(&a));
    assert_eq!(a.stdout, b.stdout);
    let v: Value = serde_json::from_slice(&a.stdout).unwrap();
    assert_eq!(v["metric"], "roc_auc");
    assert_eq!(v["seed"], 7);
    assert_eq!(v["repeats"], 3);
    assert_eq!(v["features"].as_array().unwrap().len(), 6);
    assert_eq!(v["features"][0]["importances"].as_array().unwrap().len(), 3);
    assert!(v["baseline_score"].as_f64().unwrap() > 0.5);
    let grouped = json(&[
        "explain",
        "importance",
        "--model",
        &m,
        "--data",
        &d,
        "--label",
        "label",
        "--group",
        "capital=capital_gain+capital_loss",
        "--repeats",
        "2",
        "--format",
        "json",
    ]);
    let feats = grouped["features"].as_array().unwrap();
    assert_eq!(feats.len(), 5);
    assert_eq!(feats[0]["feature"], "capital");
    assert_eq!(
        feats[0]["columns"],
        serde_json::json!(["capital_gain", "capital_loss"])
    );
    let o = run(&[
        "explain",
        "importance",
        "--model",
        &m,
        "--data",
        &d,
        "--label",
        "label",
        "--group",
        "x=nope",
    ]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn importance_text_label_table_and_errors() {
    let m = fixture("adult_logistic.json");
    let gz = adult_gz().display().to_string();
    let o = run(&[
        "explain",
        "importance",
        "--model",
        &m,
        "--data",
        &gz,
        "--label",
        "income",
        "--positive",
        ">50K",
        "--repeats",
        "1",
        "--metric",
        "log_loss",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("Permutation importance (neg_log_loss"));
    let o = run(&[
        "explain",
        "importance",
        "--model",
        &m,
        "--data",
        &gz,
        "--label",
        "income",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("--positive"), "{}", stderr(&o));
    let o = run(&[
        "explain",
        "importance",
        "--model",
        &m,
        "--data",
        &gz,
        "--label",
        "nope",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let o = run(&[
        "explain",
        "importance",
        "--model",
        &m,
        "--data",
        &gz,
        "--label",
        "income",
        "--metric",
        "f1",
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn pdp_matches_the_library_fixture_and_shapes() {
    let (m, d) = (fixture("adult_logistic.json"), fixture("adult_eval.csv"));
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("pdp_expected.json")).unwrap())
            .unwrap();
    let case = expected["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| {
            c["model"] == "logistic"
                && c["response"] == "probability"
                && c["features"] == serde_json::json!(["age"])
        })
        .unwrap();
    let v = json(&[
        "explain",
        "pdp",
        "--model",
        &m,
        "--data",
        &d,
        "--feature",
        "age",
        "--grid-resolution",
        "20",
        "--ice",
        "--space",
        "probability",
    ]);
    assert_eq!(v["feature"], "age");
    assert_eq!(v["space"], "probability");
    for (a, b) in floats(&v["grid"])
        .iter()
        .zip(floats(&case["grid_values"][0]))
    {
        assert!((a - b).abs() < 1e-9);
    }
    for (a, b) in floats(&v["average"]).iter().zip(floats(&case["average"])) {
        assert!((a - b).abs() < 1e-9);
    }
    assert_eq!(v["ice"].as_array().unwrap().len(), 200);
    assert_eq!(v["ice"][0].as_array().unwrap().len(), 20);
    // Given grid, 2-D.
    let g = json(&[
        "explain",
        "pdp",
        "--model",
        &m,
        "--data",
        &d,
        "--feature",
        "hours_per_week",
        "--grid",
        "10,20,40,60",
    ]);
    assert_eq!(floats(&g["grid"]), vec![10.0, 20.0, 40.0, 60.0]);
    assert!(g.get("ice").is_none());
    let two = json(&[
        "explain",
        "pdp",
        "--model",
        &m,
        "--data",
        &d,
        "--feature",
        "age",
        "--feature2",
        "hours_per_week",
        "--grid-resolution",
        "10",
    ]);
    assert_eq!(two["feature2"], "hours_per_week");
    assert_eq!(two["average"].as_array().unwrap().len(), 10);
    assert_eq!(two["average"][0].as_array().unwrap().len(), 10);
    // Errors.
    let o = run(&[
        "explain",
        "pdp",
        "--model",
        &m,
        "--data",
        &d,
        "--feature",
        "nope",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("not a model feature"));
    let o = run(&[
        "explain",
        "pdp",
        "--model",
        &m,
        "--data",
        &d,
        "--feature",
        "age",
        "--grid",
        "1,2",
        "--grid-resolution",
        "5",
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn ale_lime_and_surrogate() {
    let (m, d) = (fixture("adult_xgb.json"), fixture("adult_eval.csv"));
    let a = json(&[
        "explain",
        "ale",
        "--model",
        &m,
        "--data",
        &d,
        "--feature",
        "age",
        "--bins",
        "5",
    ]);
    assert_eq!(a["feature"], "age");
    assert_eq!(floats(&a["edges"]).len(), floats(&a["values"]).len());
    assert_eq!(
        a["bin_counts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_u64().unwrap())
            .sum::<u64>(),
        200
    );

    let args = [
        "explain",
        "lime",
        "--model",
        &m,
        "--data",
        &d,
        "--row",
        "3",
        "--num-features",
        "3",
        "--seed",
        "1",
    ];
    let l1 = run(&args);
    assert!(l1.status.success(), "{}", stderr(&l1));
    assert_eq!(l1.stdout, run(&args).stdout);
    let l: Value = serde_json::from_slice(&l1.stdout).unwrap();
    assert_eq!(l["features"].as_array().unwrap().len(), 3);
    assert_eq!(l["space"], "probability");
    assert!(l["score"].is_number());
    let o = run(&[
        "explain", "lime", "--model", &m, "--data", &d, "--row", "9999",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("--row 9999"));

    let s = json(&[
        "explain",
        "surrogate",
        "--model",
        &m,
        "--data",
        &d,
        "--max-depth",
        "2",
        "--format",
        "json",
    ]);
    let fid = s["fidelity"].as_f64().unwrap();
    assert!((0.5..=1.0).contains(&fid));
    assert!(s["rules"].as_array().unwrap().len() <= 4);
    let t = run(&["explain", "surrogate", "--model", &m, "--data", &d]);
    assert!(stdout(&t).contains("fidelity (accuracy)"));
}

#[test]
fn counterfactuals_on_german_credit() {
    let Some(german) = shared_data("german.csv") else {
        return;
    };
    let german: PathBuf = german;
    let g = german.display().to_string();
    let m = fixture("german_xgb.json");
    let base = [
        "explain",
        "counterfactual",
        "--model",
        &m,
        "--data",
        &g,
        "--row",
        "1",
        "--count",
        "3",
        "--immutable",
        "number_of_people_liable_for",
        "--range",
        "duration=6:48",
        "--increase-only",
        "age",
        "--seed",
        "3",
        "--desired",
    ];
    let mut args: Vec<&str> = base.to_vec();
    args.push("1");
    let mut o = run(&args);
    if !o.status.success() {
        assert!(stderr(&o).contains("already predicts"), "{}", stderr(&o));
        args.pop();
        args.push("0");
        o = run(&args);
    }
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let original = v["original"].as_object().unwrap();
    assert_eq!(original.len(), 7);
    let cfs = v["counterfactuals"].as_array().unwrap();
    assert!(!cfs.is_empty());
    for c in cfs {
        assert_eq!(c["valid"], true);
        let vals = c["values"].as_object().unwrap();
        assert_eq!(vals.len(), 7);
        assert_eq!(
            vals["number_of_people_liable_for"],
            original["number_of_people_liable_for"]
        );
        assert!(vals["age"].as_f64().unwrap() >= original["age"].as_f64().unwrap());
        let dur = vals["duration"].as_f64().unwrap();
        assert!(dur == original["duration"].as_f64().unwrap() || (6.0..=48.0).contains(&dur));
        assert!(c["distance"].as_f64().unwrap() > 0.0);
        assert!(!c["changed"].as_array().unwrap().is_empty());
    }
    let bad = run(&[
        "explain",
        "counterfactual",
        "--model",
        &m,
        "--data",
        &g,
        "--row",
        "1",
        "--desired",
        "1",
        "--range",
        "duration=9",
    ]);
    assert_eq!(bad.status.code(), Some(1));
}
