//! Conformance: FGSM/PGD adversarial examples and adversarial accuracy equal ART's
//! (adversarial-robustness-toolbox 1.20.1, evaluated in float64) for a scikit-learn
//! logistic regression on standardized German credit features.
//! Fixtures: `xtask/fixtures/robustness.py`.

mod tolerances;

use rai_core::{CsvOptions, Table};
use rai_models::LinearModel;
use rai_robustness::{FeatureConstraints, GradientAttack, GradientAttackParams, Norm};
use serde_json::Value;

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn fgsm_and_pgd_equal_art() -> Result<(), Box<dyn std::error::Error>> {
    let model = LinearModel::load(fixture("german_logreg.json"))?;
    let rows = Table::from_csv_path(fixture("german_attack_rows.csv"), &CsvOptions::default())?;
    let names = model.feature_names_owned();
    let x = rows.feature_matrix(&names)?;
    let y = ndarray::Array1::from(rows.numeric("y")?.values().to_vec());
    let cases: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("art_attacks.json"))?)?;
    let cases = cases["cases"].as_array().ok_or("cases")?;
    assert_eq!(cases.len(), 7);
    let mut overall: f64 = 0.0;
    for case in cases {
        let norm: Norm = case["norm"].as_str().ok_or("norm")?.parse()?;
        let eps = case["eps"].as_f64().ok_or("eps")?;
        let params = match case["attack"].as_str() {
            Some("fgsm") => GradientAttackParams::fgsm(eps),
            _ => GradientAttackParams::pgd(eps)
                .with_eps_step(case["eps_step"].as_f64().ok_or("eps_step")?)
                .with_max_iter(case["max_iter"].as_u64().ok_or("max_iter")? as usize),
        }
        .with_norm(norm)
        .build()?;
        let mut constraints = FeatureConstraints::new(names.len());
        if let (Some(lo), Some(hi)) = (case["clip_min"].as_array(), case["clip_max"].as_array()) {
            for j in 0..names.len() {
                constraints = constraints.with_bounds(
                    j,
                    lo[j].as_f64().ok_or("lo")?,
                    hi[j].as_f64().ok_or("hi")?,
                )?;
            }
        }
        let immutable: Vec<String> = case["immutable"]
            .as_array()
            .ok_or("immutable")?
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect();
        constraints = constraints.with_immutable_names(&immutable, &names)?;
        let result =
            GradientAttack::new(params).run(&model, x.view(), y.view(), Some(&constraints))?;
        let expected = case["adversarial"].as_array().ok_or("adversarial")?;
        let mut worst: f64 = 0.0;
        for (i, row) in expected.iter().enumerate() {
            for (j, v) in row.as_array().ok_or("row")?.iter().enumerate() {
                let e = v.as_f64().ok_or("value")?;
                let dd = (result.adversarial[[i, j]] - e).abs();
                worst = worst.max(dd);
            }
        }
        overall = overall.max(worst);
        assert!(
            worst <= tolerances::ART_ADVERSARIAL,
            "{} {:?} eps {eps}: max abs difference {worst}",
            case["attack"],
            norm
        );
        assert_eq!(
            result.report.adversarial_accuracy,
            case["adversarial_accuracy"].as_f64()
        );
        assert_eq!(
            result.report.clean_accuracy,
            case["clean_accuracy"].as_f64()
        );
    }
    eprintln!("largest difference from ART over all cases: {overall:e}");
    Ok(())
}

trait Names {
    fn feature_names_owned(&self) -> Vec<String>;
}
impl Names for LinearModel {
    fn feature_names_owned(&self) -> Vec<String> {
        rai_core::Model::feature_names(self).to_vec()
    }
}
