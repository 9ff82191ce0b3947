//! `rai predict`.

use super::common::*;

const LOGIT: &str = r#"{"kind":"logistic_regression","feature_names":["age","hours_per_week"],"coefficients":[0.05,-0.02],"intercept":-1.0}"#;

#[test]
fn linear_model_probabilities_and_margins() {
    let dir = tempdir();
    let model = write(dir.path(), "m.json", LOGIT);
    let data = write(
        dir.path(),
        "d.csv",
        "hours_per_week,extra,age\n40,x,20\n10,y,60\n",
    );
    let o = run(&[
        "predict",
        "--model",
        model.to_str().unwrap(),
        "--data",
        data.to_str().unwrap(),
        "--margin",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let lines: Vec<f64> = stdout(&o)
        .lines()
        .skip(1)
        .map(|l| l.parse().unwrap())
        .collect();
    assert_eq!(stdout(&o).lines().next(), Some("margin"));
    assert!((lines[0] - (-1.0 + 0.05 * 20.0 - 0.02 * 40.0)).abs() < 1e-12);
    assert!((lines[1] - (-1.0 + 0.05 * 60.0 - 0.02 * 10.0)).abs() < 1e-12);

    let out = dir.path().join("p.csv");
    let o = run(&[
        "predict",
        "--model",
        model.to_str().unwrap(),
        "--data",
        data.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(out).unwrap();
    assert!(text.starts_with("probability\n"));
    assert_eq!(text.lines().count(), 3);
}

#[test]
fn missing_feature_column_is_named() {
    let dir = tempdir();
    let model = write(dir.path(), "m.json", LOGIT);
    let data = write(dir.path(), "d.csv", "age\n20\n");
    let out = dir.path().join("p.csv");
    let o = run(&[
        "predict",
        "--model",
        model.to_str().unwrap(),
        "--data",
        data.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("hours_per_week"), "{}", stderr(&o));
    assert!(!out.exists(), "no output file on error");
}

#[test]
fn unknown_model_format_is_an_error() {
    let dir = tempdir();
    let model = write(dir.path(), "m.bin", "garbage");
    let data = write(dir.path(), "d.csv", "age\n20\n");
    let o = run(&[
        "predict",
        "--model",
        model.to_str().unwrap(),
        "--data",
        data.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("m.bin"), "{}", stderr(&o));
}

/// Conformance fixtures of rai-models (xtask/fixtures/models.py).
fn model_fixture(name: &str) -> std::path::PathBuf {
    workspace_root()
        .join("crates/rai-models/tests/fixtures")
        .join(name)
}

/// One column of `expected.csv`.
fn expected_column(name: &str) -> Vec<f64> {
    let text = std::fs::read_to_string(model_fixture("expected.csv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let j = header.iter().position(|h| *h == name).unwrap();
    lines
        .map(|l| l.split(',').nth(j).unwrap().parse().unwrap())
        .collect()
}

fn predict_column(model: &str, margin: bool) -> (String, Vec<f64>) {
    let model = model_fixture(model);
    let data = model_fixture("eval.csv");
    let mut args = vec![
        "predict",
        "--model",
        model.to_str().unwrap(),
        "--data",
        data.to_str().unwrap(),
    ];
    if margin {
        args.push("--margin");
    }
    let o = run(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let mut lines = out.lines();
    let header = lines.next().unwrap().to_owned();
    (header, lines.map(|l| l.parse().unwrap()).collect())
}

#[test]
fn xgboost_and_lightgbm_margins_match_the_libraries() {
    // eval.csv has ~5% missing (empty) numeric cells and an extra label column
    for (model, column) in [
        ("xgb_binary.json", "xgb_binary"),
        ("xgb_binary_plain_base.json", "xgb_binary_plain_base"),
        ("xgb_reglogistic.json", "xgb_reglogistic"),
        ("xgb_dart.json", "xgb_dart"),
        ("lgb_binary.txt", "lgb_binary"),
        ("lgb_binary_zero.txt", "lgb_binary_zero"),
        ("lgb_binary_nomissing.txt", "lgb_binary_nomissing"),
        ("lgb_reg.txt", "lgb_reg"),
    ] {
        let (header, got) = predict_column(model, true);
        assert_eq!(header, "margin");
        let want = expected_column(column);
        assert_eq!(got.len(), 1000);
        assert_eq!(got.len(), want.len());
        for (i, (g, w)) in got.iter().zip(&want).enumerate() {
            assert!((g - w).abs() <= 1e-5, "{model} row {i}: {g} vs {w}");
        }
    }
    // XGBoost regression on age: margins near 40, where an f64 sum would differ from
    // XGBoost's float32 sum by ~2e-5
    let (_, got) = predict_column("xgb_reg.json", true);
    for (g, w) in got.iter().zip(expected_column("xgb_reg")) {
        // `rai predict` sums XGBoost trees in float32 as XGBoost does: absolute 1e-5 holds
        assert!((g - w).abs() <= 1e-5, "{g} vs {w}");
    }
}

#[test]
fn probabilities_and_regression_predictions() {
    let (header, got) = predict_column("lgb_binary.txt", false);
    assert_eq!(header, "probability");
    for (g, w) in got.iter().zip(expected_column("lgb_binary__proba")) {
        assert!((g - w).abs() <= 1e-9);
    }
    let (header, got) = predict_column("xgb_binary.json", false);
    assert_eq!(header, "probability");
    for (g, w) in got.iter().zip(expected_column("xgb_binary__proba")) {
        assert!((g - w).abs() <= 1e-6);
    }
    let (header, got) = predict_column("lgb_reg.txt", false);
    assert_eq!(header, "prediction");
    assert_eq!(got, expected_column("lgb_reg"));
}

#[test]
fn demo_model_predicts_on_embedded_adult() {
    let model = workspace_root().join("crates/rai-cli/data/demo_model.json");
    let o = run(&[
        "predict",
        "--model",
        model.to_str().unwrap(),
        "--data",
        adult_gz().to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let p: Vec<f64> = out.lines().skip(1).map(|l| l.parse().unwrap()).collect();
    assert_eq!(p.len(), 32_561);
    assert!(p.iter().all(|v| *v > 0.0 && *v < 1.0));
    let positive = p.iter().filter(|v| **v > 0.5).count() as f64 / p.len() as f64;
    assert!(positive > 0.05 && positive < 0.4, "{positive}");
}

#[test]
fn unsupported_model_is_an_error_naming_the_file() {
    let dir = tempdir();
    let text = std::fs::read_to_string(model_fixture("lgb_binary.txt"))
        .unwrap()
        .replace("objective=binary sigmoid:1", "objective=poisson");
    let model = write(dir.path(), "poisson.txt", &text);
    let o = run(&[
        "predict",
        "--model",
        model.to_str().unwrap(),
        "--data",
        model_fixture("eval.csv").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("poisson.txt"), "{}", stderr(&o));
    assert!(stderr(&o).contains("unsupported"), "{}", stderr(&o));
}
