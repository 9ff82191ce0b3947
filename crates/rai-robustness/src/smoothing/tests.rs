//! Unit tests for randomized smoothing.

use super::*;
use rai_models::{LinearKind, LinearModel};

fn model() -> LinearModel {
    LinearModel::new(
        LinearKind::LogisticRegression,
        vec!["a".into(), "b".into()],
        vec![1.0, 0.0],
        0.0,
    )
    .unwrap()
}

#[test]
fn certified_radius_is_sound_for_a_linear_model() -> Result<()> {
    // for a linear classifier the exact robust radius is |margin| / ||w||
    let m = model();
    let x = ndarray::array![[1.5, 0.0], [-0.8, 3.0], [0.02, 0.0]];
    let p = SmoothingParams {
        sigma: 0.5,
        n: 2000,
        ..Default::default()
    };
    let c = certify(&m, x.view(), &p)?;
    assert!(c[0].radius.unwrap() <= 1.5 && c[0].radius.unwrap() > 1.0);
    assert!(c[1].radius.unwrap() <= 0.8 && c[1].prediction == Some(0.0));
    assert_eq!((c[2].prediction, c[2].radius), (None, None));
    let again = certify(&m, x.view(), &p)?;
    assert_eq!(c, again);
    let pred = predict(&m, x.view(), &p)?;
    assert_eq!(pred[0], Some(1.0));
    let report = certify_report(
        &m,
        x.view(),
        ndarray::array![1.0, 0.0, 1.0].view(),
        &p,
        &[0.0, 1.0, 2.0],
    )?;
    assert_eq!(report.certified_accuracy[0].accuracy, Some(2.0 / 3.0));
    assert_eq!(report.certified_accuracy[1].accuracy, Some(1.0 / 3.0));
    assert_eq!(report.certified_accuracy[2].accuracy, Some(0.0));
    Ok(())
}

#[test]
fn immutable_features_get_no_noise() -> Result<()> {
    let m = LinearModel::new(
        LinearKind::LogisticRegression,
        vec!["a".into(), "b".into()],
        vec![0.0, 1.0],
        0.0,
    )?;
    let c = FeatureConstraints::new(2).with_immutable(1)?;
    let p = SmoothingParams {
        sigma: 10.0,
        constraints: Some(c),
        ..Default::default()
    };
    let r = certify(&m, ndarray::array![[0.0, 0.01]].view(), &p)?;
    assert_eq!(r[0].count, 1000); // noise on `a` is irrelevant
    Ok(())
}

#[test]
fn bad_parameters_are_errors() {
    let m = model();
    let x = ndarray::array![[1.0, 0.0]];
    for p in [
        SmoothingParams {
            sigma: 0.0,
            ..Default::default()
        },
        SmoothingParams {
            n: 0,
            ..Default::default()
        },
        SmoothingParams {
            alpha: 1.0,
            ..Default::default()
        },
        SmoothingParams {
            scales: Some(vec![1.0]),
            ..Default::default()
        },
    ] {
        assert!(certify(&m, x.view(), &p).is_err());
    }
}
