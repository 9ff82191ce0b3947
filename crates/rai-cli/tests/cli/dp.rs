//! `rai dp account` and `rai dp release`.

use super::common::{run, stderr, stdout, tempdir, write};

fn json(args: &[&str]) -> serde_json::Value {
    let o = run(args);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).expect("json")
}

#[test]
fn account_all_accountants() {
    let base = [
        "dp",
        "account",
        "--noise-multiplier",
        "1.1",
        "--sampling-rate",
        "0.01",
        "--steps",
        "1000",
        "--delta",
        "1e-5",
        "--format",
        "json",
    ];
    let mut eps = vec![];
    for acc in ["rdp", "pld", "zcdp"] {
        let mut a = base.to_vec();
        a.extend(["--accountant", acc]);
        let v = json(&a);
        assert_eq!(v["accountant"], acc);
        assert_eq!(v["delta"], 1e-5);
        assert_eq!(v["steps"], 1000);
        eps.push(v["epsilon"].as_f64().unwrap());
    }
    // dp_accounting 0.6.0: RDP 1.71177, PLD 1.51537
    assert!((eps[0] - 1.7117701662429012).abs() < 1e-6, "{eps:?}");
    assert!((eps[1] - 1.5153702484048341).abs() < 1e-3, "{eps:?}");
    assert!(eps[2] > eps[0]);
}

#[test]
fn account_bad_input_exits_1() {
    let o = run(&[
        "dp",
        "account",
        "--noise-multiplier",
        "0",
        "--sampling-rate",
        "0.01",
        "--steps",
        "10",
        "--delta",
        "1e-5",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("noise_multiplier"), "{}", stderr(&o));
    let o = run(&[
        "dp",
        "account",
        "--noise-multiplier",
        "1",
        "--sampling-rate",
        "1.5",
        "--steps",
        "10",
        "--delta",
        "1e-5",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let o = run(&[
        "dp",
        "account",
        "--noise-multiplier",
        "1",
        "--sampling-rate",
        "0.5",
        "--steps",
        "10",
        "--delta",
        "0",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let o = run(&["dp", "account", "--noise-multiplier", "1"]);
    assert_eq!(o.status.code(), Some(2));
}

fn data() -> (tempfile::TempDir, std::path::PathBuf) {
    let d = tempdir();
    let mut text = String::from("id,age,sex\n");
    for i in 0..400 {
        text.push_str(&format!(
            "p{},{},{}\n",
            i % 50,
            20 + i % 50,
            if i % 3 == 0 { "F" } else { "M" }
        ));
    }
    let p = write(d.path(), "people.csv", &text);
    (d, p)
}

#[test]
fn release_queries_json_contract() {
    let (_d, p) = data();
    let path = p.to_str().unwrap();
    for q in ["count", "sum", "mean", "variance"] {
        let v = json(&[
            "dp",
            "release",
            "--data",
            path,
            "--column",
            "age",
            "--query",
            q,
            "--epsilon",
            "5",
            "--lower",
            "0",
            "--upper",
            "100",
            "--format",
            "json",
        ]);
        assert_eq!(v["query"], q);
        assert!(v["value"].is_number());
        assert_eq!(v["epsilon_spent"], 5.0);
        assert_eq!(v["delta_spent"], 0.0);
        let ci = v["confidence_interval_95"].as_array().unwrap();
        assert!(ci[0].as_f64().unwrap() <= ci[1].as_f64().unwrap());
        assert!(v["parameters"]["seed"].is_null());
    }
    let v = json(&[
        "dp",
        "release",
        "--data",
        path,
        "--column",
        "age",
        "--query",
        "quantile",
        "--quantile",
        "0.5",
        "--epsilon",
        "5",
        "--lower",
        "0",
        "--upper",
        "100",
        "--format",
        "json",
    ]);
    assert!(v["value"].is_number());
    assert!(v["confidence_interval_95"].is_null());
    let v = json(&[
        "dp",
        "release",
        "--data",
        path,
        "--column",
        "sex",
        "--query",
        "histogram",
        "--epsilon",
        "5",
        "--delta",
        "1e-6",
        "--format",
        "json",
    ]);
    assert!(v["value"]["M"].is_number());
    assert_eq!(v["delta_spent"], 1e-6);
    let v = json(&[
        "dp",
        "release",
        "--data",
        path,
        "--column",
        "age",
        "--query",
        "mean",
        "--epsilon",
        "5",
        "--lower",
        "0",
        "--upper",
        "100",
        "--group-by",
        "sex",
        "--format",
        "json",
    ]);
    assert!(v["value"]["F"].is_number() && v["value"]["M"].is_number());
    assert!(v["confidence_interval_95"]["F"].is_array());
    let v = json(&[
        "dp",
        "release",
        "--data",
        path,
        "--column",
        "age",
        "--query",
        "count",
        "--epsilon",
        "50",
        "--id-column",
        "id",
        "--max-contributions",
        "2",
        "--format",
        "json",
    ]);
    assert!((v["value"].as_f64().unwrap() - 100.0).abs() < 5.0, "{v}");
    assert_eq!(v["neighbouring"]["max_contributions"], 2);
}

#[test]
fn release_bad_input_exits_1_and_has_no_seed() {
    let (_d, p) = data();
    let path = p.to_str().unwrap();
    let o = run(&[
        "dp",
        "release",
        "--data",
        path,
        "--column",
        "age",
        "--query",
        "sum",
        "--epsilon",
        "1",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("bounds"), "{}", stderr(&o));
    let o = run(&[
        "dp",
        "release",
        "--data",
        path,
        "--column",
        "age",
        "--query",
        "count",
        "--epsilon",
        "-1",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let o = run(&[
        "dp",
        "release",
        "--data",
        path,
        "--column",
        "sex",
        "--query",
        "histogram",
        "--epsilon",
        "1",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let o = run(&[
        "dp",
        "release",
        "--data",
        path,
        "--column",
        "nope",
        "--query",
        "count",
        "--epsilon",
        "1",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let o = run(&[
        "dp",
        "release",
        "--data",
        path,
        "--column",
        "age",
        "--query",
        "count",
        "--epsilon",
        "1",
        "--seed",
        "3",
    ]);
    assert_eq!(o.status.code(), Some(2));
}
