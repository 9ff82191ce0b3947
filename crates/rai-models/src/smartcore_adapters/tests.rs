//! Tests of the smartcore adapters on a small seeded dataset.

use ndarray::Array2;
use rand::Rng;
use smartcore::ensemble::random_forest_classifier::{
    RandomForestClassifier, RandomForestClassifierParameters,
};
use smartcore::linalg::basic::matrix::DenseMatrix;
use smartcore::linear::logistic_regression::{LogisticRegression, LogisticRegressionParameters};

use super::*;

/// 300 rows, 3 features; label = x0 + 0.5 x1 + noise > 1 (x2 is noise).
fn data() -> (Vec<Vec<f64>>, Vec<u32>) {
    let mut rng = rai_core::rng::seeded(11);
    let mut rows = Vec::new();
    let mut y = Vec::new();
    for _ in 0..300 {
        let r: Vec<f64> = (0..3).map(|_| rng.random::<f64>() * 2.0).collect();
        let noise = (rng.random::<f64>() - 0.5) * 0.6;
        y.push(u32::from(r[0] + 0.5 * r[1] + noise > 1.5));
        rows.push(r);
    }
    (rows, y)
}

fn names() -> Vec<String> {
    vec!["x0".into(), "x1".into(), "x2".into()]
}

fn ndarray_of(rows: &[Vec<f64>]) -> Array2<f64> {
    Array2::from_shape_fn((rows.len(), rows[0].len()), |(i, j)| rows[i][j])
}

#[test]
fn logistic_regression_matches_smartcore() -> Result<()> {
    let (rows, y) = data();
    let x = DenseMatrix::from_2d_vec(&rows).unwrap();
    let fitted = LogisticRegression::fit(&x, &y, LogisticRegressionParameters::default()).unwrap();
    let model = logistic_regression(&fitted, names())?;
    let p = model.predict_proba(ndarray_of(&rows).view())?;
    let labels: Vec<u32> = fitted.predict(&x).unwrap();
    for (pi, li) in p.iter().zip(&labels) {
        assert_eq!(u32::from(*pi > 0.5), *li);
    }
    let accuracy = labels.iter().zip(&y).filter(|(a, b)| a == b).count() as f64 / 300.0;
    assert!(accuracy > 0.8, "{accuracy}");
    // x0 matters, with a positive sign
    assert!(model.coefficients()[0] > 0.0);
    Ok(())
}

#[test]
fn random_forest_matches_smartcore_votes() -> Result<()> {
    let (rows, y) = data();
    let x = DenseMatrix::from_2d_vec(&rows).unwrap();
    let params = RandomForestClassifierParameters::default()
        .with_n_trees(15)
        .with_max_depth(5)
        .with_seed(5);
    let rf = RandomForestClassifier::fit(&x, &y, params).unwrap();
    let forest = SmartcoreForest::from_random_forest(&rf, names())?;
    assert_eq!(forest.n_trees(), 15);
    assert_eq!(forest.feature_names(), names().as_slice());
    let xa = ndarray_of(&rows);
    let p = forest.predict_proba(xa.view())?;
    let labels: Vec<u32> = rf.predict(&x).unwrap();
    for (pi, li) in p.iter().zip(&labels) {
        // smartcore predicts the majority; ties go to the first (smaller) class
        assert_eq!(u32::from(*pi > 0.5), *li, "p = {pi}");
        // p is a multiple of 1/15
        assert!(((pi * 15.0).round() - pi * 15.0).abs() < 1e-9);
    }
    let m = forest.predict_margin(xa.view())?;
    for (mi, pi) in m.iter().zip(&p) {
        assert!(mi.is_finite());
        let q = pi.clamp(PROBA_CLAMP, 1.0 - PROBA_CLAMP);
        assert!((rai_core::sigmoid(*mi) - q).abs() < 1e-12);
    }
    assert!(m.iter().any(|v| *v > 13.0) || m.iter().any(|v| *v < -13.0));
    // NaN goes to the `false` side, like smartcore's `x <= t` test
    let nan = ndarray::array![[f64::NAN, f64::NAN, f64::NAN]];
    let pn = forest.predict_proba(nan.view())?;
    assert!((0.0..=1.0).contains(&pn[0]));
    Ok(())
}

#[test]
fn bad_feature_names_and_multiclass_are_errors() {
    let (rows, mut y) = data();
    let x = DenseMatrix::from_2d_vec(&rows).unwrap();
    let fitted = LogisticRegression::fit(&x, &y, LogisticRegressionParameters::default()).unwrap();
    assert!(matches!(
        logistic_regression(&fitted, vec!["x0".into()]),
        Err(Error::LengthMismatch { .. })
    ));
    let params = RandomForestClassifierParameters::default()
        .with_n_trees(3)
        .with_seed(1);
    let rf = RandomForestClassifier::fit(&x, &y, params.clone()).unwrap();
    assert!(matches!(
        SmartcoreForest::from_random_forest(&rf, vec!["x0".into()]),
        Err(Error::LengthMismatch { .. })
    ));
    for (i, v) in y.iter_mut().enumerate() {
        if i % 7 == 0 {
            *v = 2;
        }
    }
    let fitted = LogisticRegression::fit(&x, &y, LogisticRegressionParameters::default()).unwrap();
    assert!(matches!(
        logistic_regression(&fitted, names()),
        Err(Error::Unsupported { .. })
    ));
    let rf = RandomForestClassifier::fit(&x, &y, params).unwrap();
    assert!(matches!(
        SmartcoreForest::from_random_forest(&rf, names()),
        Err(Error::Unsupported { .. })
    ));
}
