//! Conformance: the MLP JSON form reproduces scikit-learn's `MLPClassifier.predict_proba`
//! (fixture exported by `xtask/fixtures/robustness.py`), and PGD runs on it.

#![allow(clippy::unwrap_used)] // reason: test helpers outside #[test] functions

use rai_core::{CsvOptions, Model, Table};
use rai_robustness::{GradientAttack, GradientAttackParams, LoadedModel};

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn mlp_matches_scikit_learn() -> Result<(), Box<dyn std::error::Error>> {
    let model = rai_robustness::load_model(fixture("german_mlp.json"))?;
    assert!(matches!(model, LoadedModel::Mlp(_)));
    let rows = Table::from_csv_path(fixture("german_attack_rows.csv"), &CsvOptions::default())?;
    let x = rows.feature_matrix(model.feature_names())?;
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("german_mlp_proba.json"))?)?;
    let p = model.predict_proba(x.view())?;
    for (a, b) in p.iter().zip(expected["proba"].as_array().unwrap()) {
        assert!((a - b.as_f64().unwrap()).abs() < 1e-12, "{a} vs {b}");
    }
    let y = ndarray::Array1::from(rows.numeric("y")?.values().to_vec());
    let diff = model.differentiable().unwrap();
    let attack = GradientAttack::new(GradientAttackParams::pgd(0.5).with_max_iter(20).build()?);
    let r = attack.run(diff, x.view(), y.view(), None)?;
    assert!(r.report.adversarial_accuracy < r.report.clean_accuracy);
    Ok(())
}
