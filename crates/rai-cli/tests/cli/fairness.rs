//! `rai fairness`.

#![allow(clippy::unwrap_used)] // reason: test helpers outside #[test] functions

use super::common::*;

fn fixture(name: &str) -> String {
    workspace_root()
        .join("crates/rai-fairness/tests/fixtures")
        .join(name)
        .to_str()
        .unwrap()
        .to_owned()
}

fn json(o: &std::process::Output) -> serde_json::Value {
    assert!(o.status.success(), "{}", stderr(o));
    serde_json::from_str(&stdout(o)).unwrap()
}

#[test]
fn json_report_matches_fairlearn_and_aif360_on_adult() {
    let data = fixture("adult_predictions.csv.gz");
    let o = run(&[
        "fairness",
        "--data",
        &data,
        "--label",
        "y_true",
        "--prediction",
        "y_pred",
        "--score",
        "score",
        "--sensitive",
        "sex,race",
        "--reference-group",
        "Male,White",
        "--format",
        "json",
    ]);
    let v = json(&o);
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("fairness_expected.json")).unwrap())
            .unwrap();
    let case = expected["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| {
            c["dataset"] == "adult"
                && c["sensitive"].as_array().unwrap().len() == 2
                && c["weighted"] == false
        })
        .unwrap();
    assert_eq!(v["n"], 32561);
    let groups = v["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 10);
    let g = groups
        .iter()
        .find(|g| g["group"]["sex"] == "Female" && g["group"]["race"] == "Black")
        .unwrap();
    let close = |a: &serde_json::Value, b: &serde_json::Value| {
        assert!(
            (a.as_f64().unwrap() - b.as_f64().unwrap()).abs() < 1e-9,
            "{a} vs {b}"
        );
    };
    let exp_g = &case["by_group"]["Female & Black"];
    for k in [
        "count",
        "selection_rate",
        "true_positive_rate",
        "false_positive_rate",
        "accuracy",
        "precision",
        "roc_auc",
    ] {
        close(&g[k], &exp_g[k]);
    }
    for k in ["selection_rate", "true_positive_rate", "f1", "brier_score"] {
        close(&v["overall"][k], &case["overall"][k]);
    }
    let named = &case["named"]["between_groups"];
    for k in [
        "demographic_parity_difference",
        "demographic_parity_ratio",
        "equalized_odds_difference",
        "equalized_odds_ratio",
        "equal_opportunity_difference",
    ] {
        close(&v["disparities"][k], &named[k]);
    }
    close(
        &v["disparities"]["disparate_impact"],
        &case["aif360"]["disparate_impact"],
    );
    close(
        &v["inequality"]["theil_index"],
        &case["aif360"]["theil_index"],
    );
    assert_eq!(v["reference_group"]["sex"], "Male");
    assert_eq!(v["parameters"]["label"], "y_true");
    assert!(v["warnings"].is_array());
    assert!(v.get("ci").is_none());
}

#[test]
fn string_and_boolean_labels_with_positive_label() {
    let dir = tempdir();
    let p = write(
        dir.path(),
        "s.csv",
        "y,p,grp\nyes,yes,A\nno,yes,A\nyes,no,B\nno,no,B\nyes,yes,B\n",
    );
    let v = json(&run(&[
        "fairness",
        "--data",
        p.to_str().unwrap(),
        "--label",
        "y",
        "--prediction",
        "p",
        "--sensitive",
        "grp",
        "--positive-label",
        "yes",
        "--format",
        "json",
    ]));
    assert_eq!(v["groups"][0]["selection_rate"], 1.0);
    assert_eq!(v["groups"][1]["true_positive_rate"], 0.5);
    // A: one actual negative, predicted positive
    assert_eq!(v["groups"][0]["false_positive_rate"], 1.0);
    let b = write(
        dir.path(),
        "b.csv",
        "y,p,grp\ntrue,true,A\nfalse,true,A\nTrue,False,B\n",
    );
    let v = json(&run(&[
        "fairness",
        "--data",
        b.to_str().unwrap(),
        "--label",
        "y",
        "--prediction",
        "p",
        "--sensitive",
        "grp",
        "--format",
        "json",
    ]));
    // group B has no actual negatives: its false positive rate is undefined (null), not 0
    assert!(v["groups"][1]["false_positive_rate"].is_null());
    assert_eq!(
        v["groups"][1]["undefined"]["false_positive_rate"],
        "no_actual_negatives"
    );
    assert_eq!(v["groups"][1]["true_positive_rate"], 0.0);
}

#[test]
fn bootstrap_output_is_reproducible_and_has_intervals() {
    let data = fixture("german_predictions.csv");
    let args = [
        "fairness",
        "--data",
        &data,
        "--label",
        "y_true",
        "--prediction",
        "y_pred",
        "--sensitive",
        "age_lt_25",
        "--weights",
        "weight",
        "--bootstrap",
        "50",
        "--seed",
        "11",
        "--format",
        "json",
    ];
    let a = run(&args);
    let b = run(&args);
    assert_eq!(stdout(&a), stdout(&b));
    let v = json(&a);
    assert_eq!(v["parameters"]["seed"], 11);
    assert_eq!(v["ci"]["resamples"], 50);
    let eo = &v["ci"]["disparities"]["equalized_odds_difference"];
    assert!(eo["lower"].as_f64().unwrap() <= eo["upper"].as_f64().unwrap());
    assert!(v["groups"][0]["ci"]["selection_rate"]["lower"].is_number());
    assert!(v["overall"]["ci"]["accuracy"]["upper"].is_number());
}

#[test]
fn table_and_markdown_show_disparities_and_flags() {
    let data = fixture("german_predictions.csv");
    let base = [
        "fairness",
        "--data",
        &data,
        "--label",
        "y_true",
        "--prediction",
        "y_pred",
        "--sensitive",
        "age_lt_25,status_sex",
    ];
    let o = run(&base);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("Disparities"), "{text}");
    assert!(text.contains("equalized_odds_difference"));
    assert!(text.contains("four-fifths rule"));
    assert!(text.contains("small group"));
    assert!(text.contains("Warnings"));
    let mut md = base.to_vec();
    md.extend(["--format", "markdown"]);
    let o = run(&md);
    assert!(o.status.success());
    assert!(stdout(&o).contains("| group | count |"));
}

#[test]
fn bad_input_is_exit_1_and_usage_is_exit_2() {
    let dir = tempdir();
    let p = write(
        dir.path(),
        "d.csv",
        "y,p,g,s\n1,1,a,0.5\n0,1,b,\n1,0,a,0.2\n",
    );
    let d = p.to_str().unwrap();
    let base = [
        "fairness",
        "--data",
        d,
        "--label",
        "y",
        "--prediction",
        "p",
        "--sensitive",
        "g",
    ];
    let with = |extra: &[&str]| {
        let mut v = base.to_vec();
        v.extend(extra);
        run(&v)
    };
    let o = with(&["--score", "s"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("line 3"), "{}", stderr(&o));
    let o = with(&["--reference-group", "a,b"]);
    assert_eq!(o.status.code(), Some(1));
    let o = with(&["--reference-group", "zzz"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("reference group"), "{}", stderr(&o));
    let o = with(&["--positive-label", "7"]);
    assert_eq!(o.status.code(), Some(1));
    let o = run(&[
        "fairness",
        "--data",
        d,
        "--label",
        "nope",
        "--prediction",
        "p",
        "--sensitive",
        "g",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("nope"));
    let o = run(&[
        "fairness",
        "--data",
        d,
        "--label",
        "g",
        "--prediction",
        "p",
        "--sensitive",
        "y",
    ]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "string labels need --positive-label"
    );
    let o = with(&["--bootstrap", "0"]);
    assert_eq!(o.status.code(), Some(1));
    let o = run(&["fairness", "--data", d, "--label", "y", "--prediction", "p"]);
    assert_eq!(o.status.code(), Some(2));
}
