//! `rai audit`, `rai demo`, `rai verify`, `rai keygen`, and the HTML report in a browser.

use super::common::*;

fn json_report(dir: &std::path::Path, extra: &[&str]) -> (serde_json::Value, std::path::PathBuf) {
    let out = dir.join("report.json");
    let mut args = vec![
        "demo",
        "--quiet",
        "--format",
        "json",
        "--output",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let o = rai()
        .args(&args)
        .env("SOURCE_DATE_EPOCH", "1796385600")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    (v, out)
}

#[test]
fn demo_json_report_has_every_section_and_is_reproducible() {
    let dir = tempdir();
    let (v, out) = json_report(dir.path(), &["--seed", "3"]);
    for key in [
        "provenance",
        "parameters",
        "summary",
        "dataset",
        "performance",
        "fairness",
        "explanations",
        "robustness",
        "documentation",
    ] {
        assert!(!v[key].is_null(), "missing section {key}");
    }
    assert_eq!(v["provenance"]["generated_at"], "2026-12-04T12:00:00Z");
    assert_eq!(v["parameters"]["seed"], 3);
    assert_eq!(v["dataset"]["summary"]["rows"], 32561);
    assert_eq!(v["explanations"]["space"], "margin");
    assert_eq!(
        v["provenance"]["files"]["data"]["sha256"]
            .as_str()
            .unwrap()
            .len(),
        64
    );
    let first = std::fs::read(&out).unwrap();
    let (_, out2) = json_report(dir.path(), &["--seed", "3"]);
    assert_eq!(
        first,
        std::fs::read(out2).unwrap(),
        "same seed and input give identical output"
    );
}

#[test]
fn audit_on_german_credit_with_config_and_signature() {
    let Some(german) = shared_data("german.csv") else {
        eprintln!("skipped: ../shared/data/german.csv is absent");
        return;
    };
    let dir = tempdir();
    let model = write(
        dir.path(),
        "m.json",
        r#"{"kind":"logistic_regression","feature_names":["duration","credit_amount","age","installment_rate"],"coefficients":[-0.03,-0.0001,0.02,-0.2],"intercept":1.5}"#,
    );
    let cfg = write(
        dir.path(),
        "audit.toml",
        "[model_card]\nintended_use = \"credit pre-screening test\"\n[fairness]\nbootstrap = 50\n",
    );
    let key = dir.path().join("k");
    let pubk = dir.path().join("k.pub");
    let o = run(&[
        "keygen",
        "--secret",
        key.to_str().unwrap(),
        "--public",
        pubk.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = dir.path().join("r.json");
    let o = run(&[
        "audit",
        "--quiet",
        "--data",
        german.to_str().unwrap(),
        "--model",
        model.to_str().unwrap(),
        "--label",
        "credit",
        "--positive-label",
        "good",
        "--sensitive",
        "status_sex",
        "--quasi-identifiers",
        "age,status_sex,job",
        "--config",
        cfg.to_str().unwrap(),
        "--format",
        "json",
        "--sign",
        key.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(v["dataset"]["summary"]["rows"], 1000);
    assert_eq!(
        v["documentation"]["model_card"]["intended_use"],
        "credit pre-screening test"
    );
    assert!(v["dataset"]["reidentification_risk"].is_object());
    let ok = run(&[
        "verify",
        out.to_str().unwrap(),
        "--public-key",
        pubk.to_str().unwrap(),
        "--data",
        german.to_str().unwrap(),
        "--model",
        model.to_str().unwrap(),
    ]);
    assert!(ok.status.success(), "{}", stderr(&ok));
    // tamper with a number: verification fails with exit 1
    let text =
        std::fs::read_to_string(&out)
            .unwrap()
            .replacen("\"rows\": 1000", "\"rows\": 999", 1);
    let bad = write(dir.path(), "bad.json", &text);
    let o = run(&[
        "verify",
        bad.to_str().unwrap(),
        "--public-key",
        pubk.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    // a changed data file is detected
    let other = write(dir.path(), "other.csv", "a\n1\n");
    let o = run(&[
        "verify",
        out.to_str().unwrap(),
        "--public-key",
        pubk.to_str().unwrap(),
        "--data",
        other.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn audit_bad_inputs_are_errors_and_write_nothing() {
    let dir = tempdir();
    let model = write(
        dir.path(),
        "m.json",
        r#"{"kind":"logistic_regression","feature_names":["age"],"coefficients":[0.1],"intercept":0.0}"#,
    );
    let out = dir.path().join("r.html");
    let data = adult_gz();
    for (args, needle) in [
        (vec!["--label", "nope", "--sensitive", "sex"], "nope"),
        (
            vec![
                "--label",
                "income",
                "--positive-label",
                ">50K",
                "--sensitive",
                "gender",
            ],
            "gender",
        ),
        (
            vec![
                "--label",
                "income",
                "--sensitive",
                "sex",
                "--positive-label",
                "rich",
            ],
            "rich",
        ),
    ] {
        let mut a = vec![
            "audit",
            "--quiet",
            "--data",
            data.to_str().unwrap(),
            "--model",
            model.to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
        ];
        a.extend(args);
        let o = run(&a);
        assert_eq!(o.status.code(), Some(1), "{a:?}");
        assert!(stderr(&o).contains(needle), "{}", stderr(&o));
        assert!(!out.exists());
    }
}

fn find_chromium() -> Option<std::path::PathBuf> {
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .iter()
    .map(std::path::PathBuf::from)
    .find(|p| p.exists())
}

#[test]
fn html_report_renders_in_headless_chromium_without_console_errors() {
    let dir = tempdir();
    let html = dir.path().join("report.html");
    let o = run(&["demo", "--quiet", "--output", html.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&html).unwrap();
    assert!(text.starts_with("<!DOCTYPE html>"));
    // the SVG namespace is an identifier, not a resource; nothing else may point outside
    let outside = text.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    assert!(
        !outside.contains("<script")
            && !outside.contains("http://")
            && !outside.contains("https://"),
        "self-contained, no network"
    );
    assert!(text.contains("<svg"));
    let Some(chromium) = find_chromium() else {
        eprintln!(
            "skipped browser check: Chromium is not installed (.ci/run installs Debian's chromium package)"
        );
        return;
    };
    let shot_dir = workspace_root().join("target/audit-screenshot");
    std::fs::create_dir_all(&shot_dir).unwrap();
    let shot = shot_dir.join("demo-report.png");
    let profile = dir.path().join("profile");
    let o = std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
            "--window-size=1100,3000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .unwrap();
    let err = stderr(&o);
    assert!(o.status.success(), "chromium failed: {err}");
    let console: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("CONSOLE") || l.contains("Uncaught"))
        .collect();
    assert!(console.is_empty(), "console errors: {console:?}");
    let png = std::fs::read(&shot).unwrap();
    assert!(
        png.len() > 10_000 && png.starts_with(b"\x89PNG"),
        "screenshot written to {}",
        shot.display()
    );
    eprintln!("screenshot: {}", shot.display());
}
