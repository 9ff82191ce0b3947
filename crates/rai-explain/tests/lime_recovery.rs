//! LIME on a real model: the logistic regression trained on Adult by
//! `xtask/fixtures/explain.py`. Without discretisation and in margin space the local
//! surrogate must recover `coefficient * training std` of every feature (the model is
//! linear in that space), hence the coefficients' signs and ranking; in probability space
//! (lime's default output) the signs must still match.

#![allow(clippy::unwrap_used)] // reason: test helpers outside #[test] functions

use rai_core::{CsvOptions, Model, Table};
use rai_explain::Space;
use rai_explain::lime::{FeatureSelection, LimeTabular};
use rai_models::AnyModel;

/// Relative tolerance on recovered coefficients (ridge shrinkage and sampling noise).
const TOL_REL: f64 = 0.03;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/explain2");

fn setup() -> (AnyModel, ndarray::Array2<f64>) {
    let model = rai_models::load_model(format!("{DIR}/adult_logistic.json")).unwrap();
    let t = Table::from_csv_path(format!("{DIR}/adult_eval.csv"), &CsvOptions::default()).unwrap();
    let x = t.feature_matrix(model.feature_names()).unwrap();
    (model, x)
}

#[test]
fn recovers_logistic_coefficients_in_margin_space() {
    let (model, x) = setup();
    let coef = model.as_linear().unwrap().coefficients().to_vec();
    let names = model.feature_names().to_vec();
    let lime = LimeTabular::new(
        x.view(),
        names,
        LimeTabular::params()
            .discretize(false)
            .feature_selection(FeatureSelection::None)
            .space(Space::Margin)
            .seed(4),
    )
    .unwrap();
    for row in [0, 17, 101] {
        let e = lime.explain(&model, x.row(row)).unwrap();
        let mut want: Vec<(usize, f64)> = Vec::new();
        for f in &e.features {
            let c = x.column(f.index);
            let mu = c.mean().unwrap();
            let sd = (c.iter().map(|v| (v - mu) * (v - mu)).sum::<f64>() / c.len() as f64).sqrt();
            let w = coef[f.index] * sd;
            assert!(
                (f.weight - w).abs() <= TOL_REL * w.abs() + 1e-9,
                "row {row} {}: {} vs {w}",
                f.name,
                f.weight
            );
            want.push((f.index, w.abs()));
        }
        // Ranking by |weight| equals the ranking by |coef * std| (both sorted descending).
        let mut sorted = want.clone();
        sorted.sort_by(|a, b| b.1.total_cmp(&a.1));
        assert_eq!(
            e.features.iter().map(|f| f.index).collect::<Vec<_>>(),
            sorted.iter().map(|w| w.0).collect::<Vec<_>>()
        );
        assert!(e.score.unwrap() > 0.99);
    }
}

#[test]
fn probability_space_signs_match_the_coefficients() {
    let (model, x) = setup();
    let coef = model.as_linear().unwrap().coefficients().to_vec();
    let lime = LimeTabular::new(
        x.view(),
        model.feature_names().to_vec(),
        LimeTabular::params()
            .discretize(false)
            .feature_selection(FeatureSelection::None)
            .seed(2),
    )
    .unwrap();
    let e = lime.explain(&model, x.row(5)).unwrap();
    assert_eq!(e.space, Space::Probability);
    for f in &e.features {
        if coef[f.index].abs() > 1e-6 && f.weight.abs() > 1e-6 {
            assert_eq!(f.weight > 0.0, coef[f.index] > 0.0, "{}", f.name);
        }
    }
}
