//! Unit tests for the ensemble structure and predictor.

use super::*;
use ndarray::array;
use rai_core::Model;

/// f0 < 0.5 ? (f1 < 2 ? 1 : 2) : 3, missing f0 goes right.
pub(crate) fn small() -> TreeEnsemble {
    let tree = vec![
        Node::split(0, 0.5, 1, 2, false, 10.0),
        Node::split(1, 2.0, 3, 4, true, 6.0),
        Node::leaf(3.0, 4.0),
        Node::leaf(1.0, 3.0),
        Node::leaf(2.0, 3.0),
    ];
    TreeEnsemble::new(
        vec!["f0".into(), "f1".into()],
        Task::Regression,
        0.5,
        vec![tree, vec![Node::leaf(-0.5, 10.0)]],
        EnsembleSource::Native,
    )
    .unwrap()
}

#[test]
fn predicts_with_missing_values() -> rai_core::Result<()> {
    let m = small();
    let x = array![
        [0.0, 1.0],
        [0.0, 5.0],
        [1.0, 0.0],
        [f64::NAN, 0.0],
        [0.0, f64::NAN]
    ];
    let p = m.predict_margin(x.view())?;
    assert_eq!(p.to_vec(), vec![1.0, 2.0, 3.0, 3.0, 1.0]);
    assert_eq!(m.max_depth(), 2);
    Ok(())
}

#[test]
fn lightgbm_rules() {
    let mut n = Node::split(0, 1.0, 1, 2, true, 1.0);
    n.cmp = SplitCmp::LessEqual;
    assert_eq!(n.next(1.0), 1);
    n.missing = MissingRule::ZeroOrNan;
    n.default_left = false;
    assert_eq!(n.next(0.0), 2);
    n.missing = MissingRule::NanAsZero;
    assert_eq!(n.next(f64::NAN), 1);
}

#[test]
fn invalid_trees_are_rejected() {
    let bad_child = vec![Node::split(0, 0.5, 0, 1, true, 1.0), Node::leaf(1.0, 1.0)];
    assert!(
        TreeEnsemble::new(
            vec!["a".into()],
            Task::Regression,
            0.0,
            vec![bad_child],
            EnsembleSource::Native
        )
        .is_err()
    );
    let bad_feature = vec![
        Node::split(3, 0.5, 1, 2, true, 1.0),
        Node::leaf(1.0, 1.0),
        Node::leaf(1.0, 1.0),
    ];
    assert!(
        TreeEnsemble::new(
            vec!["a".into()],
            Task::Regression,
            0.0,
            vec![bad_feature],
            EnsembleSource::Native
        )
        .is_err()
    );
    assert!(
        TreeEnsemble::new(
            vec!["a".into()],
            Task::Regression,
            0.0,
            vec![vec![]],
            EnsembleSource::Native
        )
        .is_err()
    );
    let m = small();
    assert!(m.predict_margin(array![[1.0]].view()).is_err());
}
