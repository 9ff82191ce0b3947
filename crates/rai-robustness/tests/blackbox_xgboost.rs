//! Black-box attacks on a real tree ensemble: an XGBoost model (20 trees, depth 3)
//! trained on German credit (`xtask/fixtures/robustness.py`). Every reported adversarial
//! row must re-predict as misclassified and lie within the reported distance.

use rai_core::{CsvOptions, Model, Table};
use rai_robustness::{
    FeatureConstraints, HopSkipJump, HopSkipJumpParams, Norm, SquareAttack, SquareAttackParams,
};

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn hop_skip_jump_and_square_on_xgboost() -> Result<(), Box<dyn std::error::Error>> {
    let model = rai_models::load_model(fixture("german_xgb.json"))?;
    let rows = Table::from_csv_path(fixture("german_xgb_rows.csv"), &CsvOptions::default())?;
    let x = rows.feature_matrix(model.feature_names())?;
    let y = ndarray::Array1::from(rows.numeric("y")?.values().to_vec());
    // the importer reproduces xgboost's margins
    let m = model.predict_margin(x.view())?;
    for (a, b) in m.iter().zip(rows.numeric("margin")?.values()) {
        assert!((a - b).abs() < 1e-5);
    }
    let x = x
        .slice_axis(ndarray::Axis(0), ndarray::Slice::from(0..60))
        .to_owned();
    let y = y
        .slice_axis(ndarray::Axis(0), ndarray::Slice::from(0..60))
        .to_owned();
    let constraints = FeatureConstraints::infer(x.view())?
        .with_immutable_names(&["age"], model.feature_names())?;

    let hsj = HopSkipJump::new(HopSkipJumpParams {
        max_queries: 1500,
        seed: 11,
        ..Default::default()
    })?
    .run(&model, x.view(), y.view(), Some(&constraints))?;
    check(&model, &x, &y, &hsj, Norm::L2, &constraints)?;
    assert!(
        hsj.report.success_rate.unwrap_or(0.0) > 0.5,
        "{:?}",
        hsj.report
    );
    eprintln!("hopskipjump: {}", serde_json::to_string(&hsj.report)?);

    let sq = SquareAttack::new(SquareAttackParams {
        epsilon: 0.5,
        max_queries: 300,
        seed: 5,
        ..Default::default()
    })?
    .run(&model, x.view(), y.view(), Some(&constraints))?;
    check(&model, &x, &y, &sq, Norm::Inf, &constraints)?;
    assert!(sq.distances.iter().all(|d| *d <= 0.5 + 1e-12));
    eprintln!("square: {}", serde_json::to_string(&sq.report)?);
    Ok(())
}

fn check(
    model: &dyn Model,
    x: &ndarray::Array2<f64>,
    y: &ndarray::Array1<f64>,
    r: &rai_robustness::AttackResult,
    norm: Norm,
    c: &FeatureConstraints,
) -> Result<(), Box<dyn std::error::Error>> {
    let clean = model.predict_margin(x.view())?;
    let pred = model.predict_margin(r.adversarial.view())?;
    for i in 0..x.nrows() {
        let x0 = x.row(i).to_vec();
        let adv = r.adversarial.row(i).to_vec();
        assert!(
            c.check_row(&x0, &adv).is_ok(),
            "row {i}: {:?}",
            c.check_row(&x0, &adv)
        );
        let d = norm.distance(&adv, &x0);
        assert!(
            (d - r.distances[i]).abs() <= 1e-12,
            "row {i}: distance {d} vs reported {}",
            r.distances[i]
        );
        let was_correct = (clean[i] > 0.0) == (y[i] == 1.0);
        if was_correct && d > 0.0 {
            assert_ne!(
                pred[i] > 0.0,
                y[i] == 1.0,
                "row {i}: reported adversarial is classified correctly"
            );
        }
    }
    Ok(())
}
