//! Unit tests for the black-box attacks on a small tree ensemble built in code.

use super::*;
use ndarray::{Array1, Array2};
use rai_core::Task;
use rai_models::{EnsembleSource, Node, TreeEnsemble};

/// Margin: +2 when a >= 0.5 and b < 3, else -2 (plus a second stump on b).
fn trees() -> TreeEnsemble {
    let t1 = vec![
        Node::split(0, 0.5, 1, 2, true, 10.0),
        Node::leaf(-2.0, 5.0),
        Node::split(1, 3.0, 3, 4, true, 5.0),
        Node::leaf(2.0, 3.0),
        Node::leaf(-2.0, 2.0),
    ];
    let t2 = vec![
        Node::split(1, 1.0, 1, 2, true, 10.0),
        Node::leaf(0.5, 5.0),
        Node::leaf(-0.5, 5.0),
    ];
    TreeEnsemble::new(
        vec!["a".into(), "b".into()],
        Task::BinaryClassification,
        0.0,
        vec![t1, t2],
        EnsembleSource::Native,
    )
    .unwrap()
}

fn data() -> (Array2<f64>, Array1<f64>) {
    let x = Array2::from_shape_fn((40, 2), |(i, j)| {
        if j == 0 {
            (i % 10) as f64 / 10.0
        } else {
            (i / 10) as f64
        }
    });
    let m = trees();
    let y = rai_core::Model::predict_margin(&m, x.view())
        .unwrap()
        .mapv(|v| if v > 0.0 { 1.0 } else { 0.0 });
    (x, y)
}

#[test]
fn hop_skip_jump_reports_verified_adversarials() -> Result<()> {
    let (x, y) = data();
    let m = trees();
    let r = HopSkipJump::new(HopSkipJumpParams {
        max_queries: 800,
        seed: 3,
        ..Default::default()
    })?
    .run(&m, x.view(), y.view(), None)?;
    let pred = rai_core::Model::predict_margin(&m, r.adversarial.view())?;
    for i in 0..x.nrows() {
        if r.distances[i] > 0.0 {
            assert!(misclassified(pred[i], y[i]), "row {i}");
        }
    }
    assert_eq!(r.report.adversarial_accuracy, Some(0.0));
    assert!(r.report.queries.unwrap() <= 40 * 801);
    // deterministic
    let again = HopSkipJump::new(HopSkipJumpParams {
        max_queries: 800,
        seed: 3,
        ..Default::default()
    })?
    .run(&m, x.view(), y.view(), None)?;
    assert_eq!(again.adversarial, r.adversarial);
    Ok(())
}

#[test]
fn square_respects_budget_and_immutables() -> Result<()> {
    let (x, y) = data();
    let m = trees();
    let c = FeatureConstraints::new(2).with_immutable(1)?;
    let r = SquareAttack::new(SquareAttackParams {
        epsilon: 0.15,
        max_queries: 50,
        ..Default::default()
    })?
    .run(&m, x.view(), y.view(), Some(&c))?;
    for i in 0..x.nrows() {
        assert!(r.distances[i] <= 0.15 + 1e-12);
        assert_eq!(r.adversarial[[i, 1]], x[[i, 1]]);
    }
    assert!(r.report.success_rate.unwrap() > 0.0);
    Ok(())
}

#[test]
fn invalid_parameters_are_errors() {
    assert!(
        HopSkipJump::new(HopSkipJumpParams {
            max_queries: 0,
            ..Default::default()
        })
        .is_err()
    );
    assert!(
        SquareAttack::new(SquareAttackParams {
            epsilon: -1.0,
            ..Default::default()
        })
        .is_err()
    );
    assert!(
        SquareAttack::new(SquareAttackParams {
            p_init: 0.0,
            ..Default::default()
        })
        .is_err()
    );
}

#[test]
fn missing_values_stay_missing_in_tree_attacks() -> Result<()> {
    let (mut x, _) = data();
    for i in (0..x.nrows()).step_by(4) {
        x[[i, 1]] = f64::NAN;
    }
    let m = trees();
    let y =
        rai_core::Model::predict_margin(&m, x.view())?.mapv(|v| if v > 0.0 { 1.0 } else { 0.0 });
    let r = HopSkipJump::new(HopSkipJumpParams {
        max_queries: 400,
        seed: 1,
        ..Default::default()
    })?
    .run(&m, x.view(), y.view(), None)?;
    let pred = rai_core::Model::predict_margin(&m, r.adversarial.view())?;
    for i in 0..x.nrows() {
        assert!(r.distances[i].is_finite());
        if x[[i, 1]].is_nan() {
            assert!(r.adversarial[[i, 1]].is_nan());
        }
        if r.distances[i] > 0.0 {
            assert!(misclassified(pred[i], y[i]), "row {i}");
        }
    }
    Ok(())
}
