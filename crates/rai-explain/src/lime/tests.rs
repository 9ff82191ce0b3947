//! Unit tests for LIME: recovery of linear coefficients, determinism, errors.

use ndarray::{Array2, array};
use rai_core::Result;
use rai_models::{LinearKind, LinearModel};

use super::*;

fn names(p: usize) -> Vec<String> {
    (0..p).map(|j| format!("x{j}")).collect()
}

fn training(n: usize, p: usize) -> Array2<f64> {
    let mut rng = rai_core::rng::seeded(5);
    Array2::from_shape_fn((n, p), |_| rng.random_range(-2.0..2.0))
}

#[test]
fn continuous_lime_recovers_linear_coefficients_per_std() -> Result<()> {
    let coef = vec![3.0, -2.0, 0.5, 0.0];
    let m = LinearModel::new(LinearKind::LinearRegression, names(4), coef.clone(), 1.0)?;
    let train = training(500, 4);
    let lime = LimeTabular::new(
        train.view(),
        names(4),
        LimeTabular::params()
            .discretize(false)
            .feature_selection(FeatureSelection::None)
            .seed(3),
    )?;
    let e = lime.explain(&m, train.row(7))?;
    let std: Vec<f64> = (0..4)
        .map(|j| {
            let c = train.column(j);
            let mu = c.mean().unwrap_or(0.0);
            (c.iter().map(|v| (v - mu) * (v - mu)).sum::<f64>() / c.len() as f64).sqrt()
        })
        .collect();
    for f in &e.features {
        let want = coef[f.index] * std[f.index];
        assert!(
            (f.weight - want).abs() < 0.02 * (1.0 + want.abs()),
            "{}: {} vs {want}",
            f.name,
            f.weight
        );
    }
    // The surrogate is exact for a linear model: R² ~ 1 and the local prediction is the model's.
    assert!(e.score.is_some_and(|s| s > 0.999));
    assert!((e.local_prediction - e.model_prediction).abs() < 1e-2);
    assert_eq!(e.space, crate::Space::Margin);
    Ok(())
}

#[test]
fn discretized_lime_signs_follow_the_coefficients() -> Result<()> {
    let coef = vec![3.0, -2.0, 0.2];
    let m = LinearModel::new(LinearKind::LogisticRegression, names(3), coef, 0.0)?;
    let train = training(400, 3);
    // A row in the top quartile of every feature: being in its bin raises the output for a
    // positive coefficient and lowers it for a negative one.
    let row = array![1.9, 1.9, 1.9];
    let lime = LimeTabular::new(train.view(), names(3), LimeTabular::params().seed(1))?;
    let e = lime.explain(&m, row.view())?;
    assert_eq!(e.space, crate::Space::Probability);
    assert_eq!(e.features[0].name, "x0");
    assert_eq!(e.features[1].name, "x1");
    assert!(e.features[0].weight > 0.0 && e.features[1].weight < 0.0);
    assert!(e.features[0].description.starts_with("x0 > "));
    assert!((e.kernel_width - 0.75 * 3f64.sqrt()).abs() < 1e-15);
    // deterministic
    assert_eq!(e, lime.explain(&m, row.view())?);
    Ok(())
}

#[test]
fn feature_selection_limits_and_categoricals() -> Result<()> {
    let m = LinearModel::new(
        LinearKind::LinearRegression,
        names(8),
        (0..8).map(f64::from).collect(),
        0.0,
    )?;
    let mut train = training(300, 8);
    for i in 0..300 {
        train[[i, 7]] = (i % 3) as f64;
    }
    for (fs, k) in [
        (FeatureSelection::Auto, 3),
        (FeatureSelection::HighestWeights, 4),
        (FeatureSelection::ForwardSelection, 2),
        (FeatureSelection::Auto, 8),
    ] {
        let lime = LimeTabular::new(
            train.view(),
            names(8),
            LimeTabular::params()
                .num_features(k)
                .feature_selection(fs)
                .categorical(vec![7])
                .num_samples(800),
        )?;
        let e = lime.explain(&m, train.row(0))?;
        assert_eq!(e.features.len(), k);
        if let Some(f) = e.features.iter().find(|f| f.index == 7) {
            assert!(f.description.starts_with("x7 = "));
        }
    }
    Ok(())
}

#[test]
fn bad_inputs_are_errors() -> Result<()> {
    let train = training(50, 2);
    let m = LinearModel::new(LinearKind::LinearRegression, names(2), vec![1.0, 1.0], 0.0)?;
    assert!(
        LimeTabular::new(
            train.view(),
            names(2),
            LimeTabular::params().num_features(0)
        )
        .is_err()
    );
    assert!(
        LimeTabular::new(train.view(), names(2), LimeTabular::params().num_samples(1)).is_err()
    );
    assert!(
        LimeTabular::new(
            train.view(),
            names(2),
            LimeTabular::params().kernel_width(-1.0)
        )
        .is_err()
    );
    assert!(
        LimeTabular::new(
            train.view(),
            names(2),
            LimeTabular::params().categorical(vec![4])
        )
        .is_err()
    );
    assert!(LimeTabular::new(train.view(), names(3), LimeTabular::params()).is_err());
    let nan_col = array![[f64::NAN, 1.0], [f64::NAN, 2.0]];
    assert!(LimeTabular::new(nan_col.view(), names(2), LimeTabular::params()).is_err());
    let lime = LimeTabular::new(train.view(), names(2), LimeTabular::params())?;
    assert!(lime.explain(&m, array![f64::NAN, 1.0].view()).is_err());
    assert!(lime.explain(&m, array![1.0].view()).is_err());
    // A constant model: R² undefined, not zero.
    let flat = LinearModel::new(LinearKind::LinearRegression, names(2), vec![0.0, 0.0], 2.0)?;
    assert_eq!(lime.explain(&flat, train.row(0))?.score, None);
    Ok(())
}
