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
