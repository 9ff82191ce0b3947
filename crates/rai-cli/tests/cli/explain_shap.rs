//! `rai explain shap`.

use std::path::PathBuf;

use super::common::*;

fn fx(name: &str) -> PathBuf {
    workspace_root()
        .join("crates/rai-explain/tests/fixtures/shap")
        .join(name)
}

fn s(p: &std::path::Path) -> &str {
    p.to_str().unwrap()
}

fn parse_csv(text: &str) -> (Vec<String>, Vec<Vec<f64>>) {
    let mut lines = text.lines();
    let header = lines
        .next()
        .unwrap()
        .split(',')
        .map(str::to_owned)
        .collect();
    let rows = lines
        .map(|l| l.split(',').map(|v| v.parse().unwrap()).collect())
        .collect();
    (header, rows)
}

#[test]
fn tree_default_matches_xgboost_and_is_efficient() {
    let o = run(&[
        "explain",
        "shap",
        "--model",
        s(&fx("xgb_binary.json")),
        "--data",
        s(&fx("eval.csv")),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let (header, rows) = parse_csv(&stdout(&o));
    let (want_header, want) = parse_csv(
        &std::fs::read_to_string(fx("xgb_contribs.csv"))
            .unwrap_or_default()
            .replace(",,", ",nan,"),
    );
    assert_eq!(header.last().map(String::as_str), Some("base_value"));
    assert_eq!(header[..header.len() - 1], want_header[..header.len() - 1]);
    assert_eq!(rows.len(), 200);
    let m = header.len() - 1;
    for (r, w) in rows.iter().zip(&want) {
        for j in 0..=m {
            assert!((r[j] - w[j]).abs() < 1e-5, "{} vs {}", r[j], w[j]);
        }
        // efficiency: base + sum = margin (last column of the fixture)
        let total: f64 = r.iter().sum();
        assert!((total - w[m + 1]).abs() < 1e-5);
    }
}

#[test]
fn json_output_has_the_documented_keys() {
    let o = run(&[
        "explain",
        "shap",
        "--model",
        s(&fx("lgb_binary.txt")),
        "--data",
        s(&fx("eval.csv")),
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["space"], "margin");
    assert_eq!(v["algorithm"], "tree");
    assert!(v["seed"].is_null());
    assert_eq!(v["feature_names"].as_array().unwrap().len(), 6);
    assert_eq!(v["base_value"].as_array().unwrap().len(), 200);
    assert_eq!(v["values"].as_array().unwrap().len(), 200);
    assert_eq!(v["values"][0].as_array().unwrap().len(), 6);
    assert!(v["global_importance"]["age"].as_f64().unwrap() > 0.0);
    assert_eq!(
        v["parameters"]["feature_perturbation"],
        "tree_path_dependent"
    );
}

#[test]
fn background_is_required_and_named() {
    for alg in ["interventional", "exact", "kernel", "permutation"] {
        let o = run(&[
            "explain",
            "shap",
            "--model",
            s(&fx("small_xgb.json")),
            "--data",
            s(&fx("small_eval.csv")),
            "--algorithm",
            alg,
        ]);
        assert_eq!(o.status.code(), Some(1), "{alg}");
        assert!(stderr(&o).contains("--background"), "{}", stderr(&o));
    }
}

#[test]
fn kernel_is_seeded_and_exact_with_all_coalitions() {
    let args = |seed: &str, n: &str| {
        run(&[
            "explain",
            "shap",
            "--model",
            s(&fx("small_xgb.json")),
            "--data",
            s(&fx("small_eval.csv")),
            "--background",
            s(&fx("small_background.csv")),
            "--algorithm",
            "kernel",
            "--nsamples",
            n,
            "--seed",
            seed,
            "--format",
            "json",
        ])
    };
    let a = args("7", "12");
    let b = args("7", "12");
    assert!(a.status.success(), "{}", stderr(&a));
    assert_eq!(a.stdout, b.stdout, "same seed, same bytes");
    let v: serde_json::Value = serde_json::from_str(&stdout(&a)).unwrap();
    assert_eq!(v["seed"], 7);
    assert_eq!(v["parameters"]["n_samples"], 12);
    // all 30 coalitions: equals shap's ExactExplainer
    let full = args("1", "30");
    let v: serde_json::Value = serde_json::from_str(&stdout(&full)).unwrap();
    let exact: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fx("small_expected.json")).unwrap()).unwrap();
    for i in 0..20 {
        for j in 0..5 {
            let g = v["values"][i][j].as_f64().unwrap();
            let w = exact["exact"]["values"][i][j].as_f64().unwrap();
            assert!((g - w).abs() < 1e-5);
        }
    }
}

#[test]
fn linear_model_defaults_to_linear_and_permutation_works() {
    let o = run(&[
        "explain",
        "shap",
        "--model",
        s(&fx("small_logistic.json")),
        "--data",
        s(&fx("small_eval.csv")),
        "--background",
        s(&fx("small_background.csv")),
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["algorithm"], "linear");
    let exp: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fx("small_expected.json")).unwrap()).unwrap();
    let g = v["values"][3][1].as_f64().unwrap();
    let w = exp["linear"]["values"][3][1].as_f64().unwrap();
    assert!((g - w).abs() < 1e-9);

    let dir = tempdir();
    let out = dir.path().join("perm.csv");
    let o = run(&[
        "explain",
        "shap",
        "--model",
        s(&fx("small_logistic.json")),
        "--data",
        s(&fx("small_eval.csv")),
        "--background",
        s(&fx("small_background.csv")),
        "--algorithm",
        "permutation",
        "--nsamples",
        "3",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let (header, rows) = parse_csv(&std::fs::read_to_string(&out).unwrap());
    assert_eq!(header.len(), 6);
    assert_eq!(rows.len(), 20);
}

#[test]
fn wrong_model_kind_and_bad_input_exit_1() {
    let o = run(&[
        "explain",
        "shap",
        "--model",
        s(&fx("small_logistic.json")),
        "--data",
        s(&fx("small_eval.csv")),
        "--algorithm",
        "tree",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("tree ensemble"), "{}", stderr(&o));

    let o = run(&[
        "explain",
        "shap",
        "--model",
        s(&fx("small_xgb.json")),
        "--data",
        s(&fx("small_eval.csv")),
        "--nsamples",
        "10",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("--nsamples"), "{}", stderr(&o));

    let dir = tempdir();
    let data = write(dir.path(), "d.csv", "age,education_num\n30,9\n");
    let out = dir.path().join("o.csv");
    let o = run(&[
        "explain",
        "shap",
        "--model",
        s(&fx("small_xgb.json")),
        "--data",
        data.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("capital_gain"), "{}", stderr(&o));
    assert!(!out.exists());

    let o = run(&[
        "explain",
        "shap",
        "--model",
        s(&fx("small_xgb.json")),
        "--data",
        s(&fx("small_eval.csv")),
        "--algorithm",
        "magic",
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn empty_data_gives_header_only_and_null_importance() {
    let dir = tempdir();
    let empty = write(
        dir.path(),
        "empty.csv",
        "age,education_num,capital_gain,capital_loss,hours_per_week\n",
    );
    let model = fx("small_xgb.json");
    let base = [
        "explain",
        "shap",
        "--model",
        s(&model),
        "--data",
        empty.to_str().unwrap(),
    ];
    let o = run(&base);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "age,education_num,capital_gain,capital_loss,hours_per_week,base_value\n"
    );
    let mut json = base.to_vec();
    json.extend(["--format", "json"]);
    let o = run(&json);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(v["global_importance"]["age"].is_null());
    assert_eq!(v["rows"], 0);

    // an empty background and a zero sample budget are errors naming the parameter
    let o = run(&[
        "explain",
        "shap",
        "--model",
        s(&fx("small_xgb.json")),
        "--data",
        s(&fx("small_eval.csv")),
        "--background",
        empty.to_str().unwrap(),
        "--algorithm",
        "kernel",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("background"), "{}", stderr(&o));
    let o = run(&[
        "explain",
        "shap",
        "--model",
        s(&fx("small_xgb.json")),
        "--data",
        s(&fx("small_eval.csv")),
        "--background",
        s(&fx("small_background.csv")),
        "--algorithm",
        "kernel",
        "--nsamples",
        "0",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("n_samples"), "{}", stderr(&o));
}
