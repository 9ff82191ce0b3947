//! Unit tests for stress curves.

use super::*;
use ndarray::{Array1, Array2};
use rai_models::{LinearKind, LinearModel};

fn setup() -> (LinearModel, Array2<f64>, Array1<f64>) {
    let m = LinearModel::new(
        LinearKind::LogisticRegression,
        vec!["a".into(), "b".into()],
        vec![1.0, 0.0],
        0.0,
    )
    .unwrap();
    let x = Array2::from_shape_fn((100, 2), |(i, j)| {
        if j == 0 {
            i as f64 / 50.0 - 0.99
        } else {
            (i % 3) as f64
        }
    });
    let y = x.column(0).mapv(|v| if v > 0.0 { 1.0 } else { 0.0 });
    (m, x, y)
}

#[test]
fn missing_values_error_for_linear_models_unless_filled() -> Result<()> {
    let (m, x, y) = setup();
    let p = StressParams {
        levels: vec![0.0, 0.5],
        ..Default::default()
    };
    assert!(
        stress_curve(
            &m,
            x.view(),
            y.view(),
            &Corruption::Missing {
                fill: MissingFill::Nan
            },
            &p
        )
        .is_err()
    );
    let c = stress_curve(
        &m,
        x.view(),
        y.view(),
        &Corruption::Missing {
            fill: MissingFill::Mean,
        },
        &p,
    )?;
    assert_eq!(c.points[0].drop, Some(0.0));
    assert!(c.points[1].drop.unwrap() > 0.0);
    Ok(())
}

#[test]
fn immutable_features_are_not_corrupted_and_flips_change_levels() -> Result<()> {
    let (m, x, y) = setup();
    let c = FeatureConstraints::new(2).with_immutable(0)?;
    let p = StressParams {
        levels: vec![5.0],
        constraints: Some(c),
        ..Default::default()
    };
    let curve = stress_curve(
        &m,
        x.view(),
        y.view(),
        &Corruption::GaussianNoise { scales: None },
        &p,
    )?;
    // only the ignored feature b is noisy: accuracy intact
    assert_eq!(curve.points[0].drop, Some(0.0));
    assert_eq!(curve.breaking_level, None);
    let flip = Corruption::CategoricalFlip {
        domains: vec![(1, vec![0.0, 1.0, 2.0])],
    };
    let p = StressParams {
        levels: vec![1.0],
        ..Default::default()
    };
    assert_eq!(
        stress_curve(&m, x.view(), y.view(), &flip, &p)?.points[0].drop,
        Some(0.0)
    );
    Ok(())
}

#[test]
fn bad_parameters_are_errors() {
    let (m, x, y) = setup();
    let noise = Corruption::GaussianNoise { scales: None };
    for p in [
        StressParams {
            levels: vec![],
            ..Default::default()
        },
        StressParams {
            levels: vec![-1.0],
            ..Default::default()
        },
        StressParams {
            repeats: 0,
            ..Default::default()
        },
        StressParams {
            features: Some(vec![7]),
            ..Default::default()
        },
    ] {
        assert!(stress_curve(&m, x.view(), y.view(), &noise, &p).is_err());
    }
    let p = StressParams {
        levels: vec![1.5],
        ..Default::default()
    };
    assert!(
        stress_curve(
            &m,
            x.view(),
            y.view(),
            &Corruption::Missing {
                fill: MissingFill::Mean
            },
            &p
        )
        .is_err()
    );
    assert!(
        stress_curve(
            &m,
            x.view(),
            y.slice_axis(ndarray::Axis(0), ndarray::Slice::from(0..3)),
            &noise,
            &StressParams::default()
        )
        .is_err()
    );
}

#[test]
fn interpolated_breaking_level() {
    let pts = |d: &[(f64, f64)]| {
        d.iter()
            .map(|&(level, drop)| CurvePoint {
                level,
                metric: Some(1.0 - drop),
                std: None,
                drop: Some(drop),
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        breaking_level(&pts(&[(0.0, 0.0), (1.0, 0.1)]), 0.05),
        Some(0.5)
    );
    assert_eq!(breaking_level(&pts(&[(0.0, 0.2)]), 0.05), Some(0.0));
    assert_eq!(breaking_level(&pts(&[(0.0, 0.0)]), 0.05), None);
    assert_eq!(Metric::RSquared.compute(&[1.0, 1.0], &[1.0, 1.0]), None);
    assert_eq!(Metric::Accuracy.compute(&[], &[]), None);
}
