//! `rai robustness attack|noise|certify|monotone` on the German credit fixtures of
//! `rai-robustness` (a scikit-learn logistic regression and an XGBoost model).

use super::common::{run, stderr, stdout, tempdir, workspace_root, write};

fn fixture(name: &str) -> String {
    workspace_root()
        .join("crates/rai-robustness/tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

fn json(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_str(&stdout(out)).expect("JSON output")
}

#[test]
fn pgd_attack_json_matches_art_accuracy_and_writes_rows() {
    let dir = tempdir();
    let adv = dir.path().join("adv.csv");
    let (model, data) = (
        fixture("german_logreg.json"),
        fixture("german_attack_rows.csv"),
    );
    let out = run(&[
        "robustness",
        "attack",
        "--model",
        &model,
        "--data",
        &data,
        "--label",
        "y",
        "--attack",
        "pgd",
        "--epsilon",
        "0.3",
        "--steps",
        "40",
        "--step-size",
        "0.05",
        "--realism",
        "none",
        "--format",
        "json",
        "--output",
        adv.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let j = json(&out);
    for key in [
        "attack",
        "clean_accuracy",
        "adversarial_accuracy",
        "success_rate",
        "mean_perturbation",
        "queries",
    ] {
        assert!(j.get(key).is_some(), "missing {key}");
    }
    assert_eq!(j["attack"], "pgd");
    // ART's adversarial accuracy for this setting (fixture art_attacks.json)
    assert_eq!(j["adversarial_accuracy"].as_f64(), Some(0.635));
    assert_eq!(j["clean_accuracy"].as_f64(), Some(0.745));
    let text = std::fs::read_to_string(&adv).unwrap();
    let mut lines = text.lines();
    assert!(lines.next().unwrap().ends_with(",y"));
    assert_eq!(lines.count(), 200);
}

#[test]
fn black_box_attacks_on_xgboost_are_reproducible_and_respect_immutables() {
    let (model, data) = (fixture("german_xgb.json"), fixture("german_xgb_rows.csv"));
    let dir = tempdir();
    let adv = dir.path().join("adv.csv");
    let args = |attack: &'static str, out: &str| -> Vec<String> {
        [
            "robustness",
            "attack",
            "--model",
            &model,
            "--data",
            &data,
            "--label",
            "y",
            "--attack",
            attack,
            "--epsilon",
            "1.0",
            "--seed",
            "3",
            "--max-queries",
            "300",
            "--immutable",
            "age",
            "--format",
            "json",
            "--output",
            out,
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    };
    for attack in ["hopskipjump", "square"] {
        let a = args(attack, adv.to_str().unwrap());
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        let first = run(&a);
        assert!(first.status.success(), "{}", stderr(&first));
        let second = run(&a);
        assert_eq!(stdout(&first), stdout(&second));
        let j = json(&first);
        assert!(j["queries"].as_u64().unwrap() > 0);
        assert!(j["adversarial_accuracy"].as_f64() <= j["clean_accuracy"].as_f64());
        // age never changes
        let orig = std::fs::read_to_string(&data).unwrap();
        let out = std::fs::read_to_string(&adv).unwrap();
        for (a, b) in orig.lines().zip(out.lines()).skip(1) {
            let age = |l: &str| l.split(',').nth(4).unwrap().parse::<f64>().unwrap();
            assert_eq!(age(a), age(b));
        }
    }
}

#[test]
fn attack_errors_are_clear() {
    let (xgb, data) = (fixture("german_xgb.json"), fixture("german_xgb_rows.csv"));
    let out = run(&[
        "robustness",
        "attack",
        "--model",
        &xgb,
        "--data",
        &data,
        "--label",
        "y",
        "--attack",
        "fgsm",
        "--epsilon",
        "0.1",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("gradients"), "{}", stderr(&out));
    let out = run(&[
        "robustness",
        "attack",
        "--model",
        &xgb,
        "--data",
        &data,
        "--label",
        "nope",
        "--attack",
        "square",
        "--epsilon",
        "0.1",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("nope"));
    let out = run(&[
        "robustness",
        "attack",
        "--model",
        &xgb,
        "--data",
        &data,
        "--label",
        "y",
        "--attack",
        "square",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("--epsilon"));
    let out = run(&[
        "robustness",
        "attack",
        "--model",
        &xgb,
        "--data",
        &data,
        "--label",
        "y",
        "--attack",
        "bogus",
    ]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn noise_certify_and_monotone() {
    let (logreg, rows) = (
        fixture("german_logreg.json"),
        fixture("german_attack_rows.csv"),
    );
    let out = run(&[
        "robustness",
        "noise",
        "--model",
        &logreg,
        "--data",
        &rows,
        "--label",
        "y",
        "--sigmas",
        "0,0.5,2",
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let j = json(&out);
    let tests = j["tests"].as_array().unwrap();
    assert_eq!(tests[0]["test"], "gaussian_noise");
    assert_eq!(tests[0]["points"].as_array().unwrap().len(), 3);
    assert_eq!(tests[1]["test"], "missing_values");

    let out = run(&[
        "robustness",
        "certify",
        "--model",
        &logreg,
        "--data",
        &rows,
        "--label",
        "y",
        "--sigma",
        "0.5",
        "--samples",
        "200",
        "--format",
        "json",
        "--per-row",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let j = json(&out);
    for r in j["rows"].as_array().unwrap() {
        assert_eq!(r["prediction"].is_null(), r["radius"].is_null());
    }

    // a logistic regression is monotone in every feature, in the direction of its sign
    let model: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&logreg).unwrap()).unwrap();
    let names = model["feature_names"].as_array().unwrap();
    let coefs = model["coefficients"].as_array().unwrap();
    let (mut inc, mut dec) = (vec![], vec![]);
    for (n, c) in names.iter().zip(coefs) {
        if c.as_f64().unwrap() >= 0.0 {
            inc.push(n.as_str().unwrap())
        } else {
            dec.push(n.as_str().unwrap())
        }
    }
    let (inc, dec) = (inc.join(","), dec.join(","));
    let out = run(&[
        "robustness",
        "monotone",
        "--model",
        &logreg,
        "--data",
        &rows,
        "--increasing",
        &inc,
        "--decreasing",
        &dec,
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(json(&out)["passed"], true);
    // the opposite declaration fails with exit status 1 and lists violating rows
    let out = run(&[
        "robustness",
        "monotone",
        "--model",
        &logreg,
        "--data",
        &rows,
        "--increasing",
        &dec,
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let j = json(&out);
    assert_eq!(j["passed"], false);
    assert!(
        !j["monotone"][0]["violations"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn string_labels_need_a_positive_value() {
    let dir = tempdir();
    let model = write(
        dir.path(),
        "m.json",
        r#"{"kind": "logistic_regression", "feature_names": ["a"], "coefficients": [1.0], "intercept": 0.0}"#,
    );
    let data = write(dir.path(), "d.csv", "a,label\n1,good\n-1,bad\n2,good\n");
    let (m, d) = (model.to_str().unwrap(), data.to_str().unwrap());
    let out = run(&[
        "robustness",
        "attack",
        "--model",
        m,
        "--data",
        d,
        "--label",
        "label",
        "--attack",
        "fgsm",
        "--epsilon",
        "0.1",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("positive"), "{}", stderr(&out));
    let out = run(&[
        "robustness",
        "attack",
        "--model",
        m,
        "--data",
        d,
        "--label",
        "label",
        "--positive",
        "good",
        "--attack",
        "fgsm",
        "--epsilon",
        "0.1",
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(json(&out)["clean_accuracy"].as_f64(), Some(1.0));
}

#[test]
fn mlp_models_and_categorical_domains() {
    let dir = tempdir();
    let model = write(
        dir.path(),
        "mlp.json",
        r#"{"kind": "mlp", "task": "binary_classification", "feature_names": ["a", "level"],
           "layers": [{"weights": [[1.0, 0.5], [-1.0, 0.2]], "bias": [0.0, 0.0], "activation": "relu"},
                      {"weights": [[1.0, -1.0]], "bias": [-0.1], "activation": "identity"}]}"#,
    );
    let mut csv = String::from("a,level,y\n");
    for i in 0..30 {
        let a = f64::from(i) / 10.0 - 1.5;
        let level = f64::from(i % 3);
        csv.push_str(&format!(
            "{a},{level},{}\n",
            u8::from(a + 0.5 * level > 0.1)
        ));
    }
    let data = write(dir.path(), "d.csv", &csv);
    let adv = dir.path().join("adv.csv");
    let out = run(&[
        "robustness",
        "attack",
        "--model",
        model.to_str().unwrap(),
        "--data",
        data.to_str().unwrap(),
        "--label",
        "y",
        "--attack",
        "pgd",
        "--epsilon",
        "0.8",
        "--categorical",
        "level",
        "--format",
        "json",
        "--output",
        adv.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&adv).unwrap();
    for line in text.lines().skip(1) {
        let level: f64 = line.split(',').nth(1).unwrap().parse().unwrap();
        assert!([0.0, 1.0, 2.0].contains(&level), "{line}");
    }
}
