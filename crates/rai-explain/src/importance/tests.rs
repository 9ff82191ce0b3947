//! Unit tests for permutation importance.

use ndarray::{Array1, Array2, array};
use rai_core::Result;
use rai_models::{LinearKind, LinearModel};

use super::scoring::roc_auc;
use super::*;

fn logistic() -> Result<LinearModel> {
    LinearModel::new(
        LinearKind::LogisticRegression,
        vec!["a".into(), "b".into(), "c".into()],
        vec![2.0, 0.0, -1.0],
        0.0,
    )
}

fn data() -> (Array2<f64>, Array1<f64>) {
    let x = Array2::from_shape_fn((40, 3), |(i, j)| ((i * (j + 2) + j) % 9) as f64 - 4.0);
    let y = x.column(0).mapv(|v| f64::from(u8::from(v > 0.0)));
    (x, y)
}

#[test]
fn unused_feature_has_zero_importance_and_used_ones_positive() -> Result<()> {
    let (x, y) = data();
    let r = PermutationImportance::params()
        .n_repeats(3)
        .seed(1)
        .build()?
        .compute(&logistic()?, x.view(), y.view())?;
    assert_eq!(r.importances_mean[1], 0.0);
    assert_eq!(r.importances_std[1], 0.0);
    assert!(r.importances_mean[0] > 0.1);
    assert_eq!(r.ranked()[0].0, "a");
    assert_eq!(r.scoring, "accuracy");
    Ok(())
}

#[test]
fn roc_auc_handles_ties_and_single_class() {
    let y = array![0.0, 0.0, 1.0, 1.0];
    assert_eq!(
        roc_auc(y.view(), array![0.1, 0.4, 0.35, 0.8].view()),
        Some(0.75)
    );
    assert_eq!(
        roc_auc(y.view(), array![1.0, 1.0, 1.0, 1.0].view()),
        Some(0.5)
    );
    assert_eq!(
        roc_auc(array![1.0, 1.0].view(), array![0.1, 0.2].view()),
        None
    );
}

#[test]
fn custom_scores_and_closure_sources() -> Result<()> {
    let (x, y) = data();
    let neg_mse = Scoring::custom("neg_mse", |y, m| {
        Some(
            -y.iter()
                .zip(m.iter())
                .map(|(a, b)| (a - b) * (a - b))
                .sum::<f64>()
                / y.len() as f64,
        )
    });
    let reverse = |_g: usize, _r: usize, n: usize| (0..n).rev().collect::<Vec<usize>>();
    let r = PermutationImportance::params()
        .scoring(neg_mse)
        .n_repeats(2)
        .build()?
        .compute_with(&logistic()?, x.view(), y.view(), &reverse)?;
    assert_eq!(r.scoring, "neg_mse");
    // The same permutation twice: zero spread.
    assert_eq!(r.importances_std[0], 0.0);
    Ok(())
}

#[test]
fn bad_inputs_are_errors() -> Result<()> {
    let (x, y) = data();
    let m = logistic()?;
    let pi = PermutationImportance::params().build()?;
    assert!(
        PermutationImportance::params()
            .n_repeats(0)
            .build()
            .is_err()
    );
    assert!(
        PermutationImportance::params()
            .groups(vec![])
            .build()
            .is_err()
    );
    assert!(
        PermutationImportance::params()
            .groups(vec![("g".into(), vec![])])
            .build()
            .is_err()
    );
    let bad_group = PermutationImportance::params()
        .groups(vec![("g".into(), vec![7])])
        .build()?;
    assert!(bad_group.compute(&m, x.view(), y.view()).is_err());
    assert!(pi.compute(&m, x.view(), Array1::zeros(3).view()).is_err());
    let mut y2 = y.clone();
    y2[0] = 2.0;
    assert!(pi.compute(&m, x.view(), y2.view()).is_err());
    y2[0] = f64::NAN;
    assert!(pi.compute(&m, x.view(), y2.view()).is_err());
    let empty = Array2::<f64>::zeros((0, 3));
    assert!(
        pi.compute(&m, empty.view(), Array1::zeros(0).view())
            .is_err()
    );
    let not_perm = |_g: usize, _r: usize, n: usize| vec![0; n];
    assert!(pi.compute_with(&m, x.view(), y.view(), &not_perm).is_err());
    let single = Array1::from_elem(40, 1.0);
    let auc = PermutationImportance::params()
        .scoring(Scoring::RocAuc)
        .build()?;
    assert!(auc.compute(&m, x.view(), single.view()).is_err());
    let reg = LinearModel::new(
        LinearKind::LinearRegression,
        vec!["a".into(), "b".into(), "c".into()],
        vec![1.0, 0.0, 0.0],
        0.0,
    )?;
    assert!(pi.compute(&reg, x.view(), y.view()).is_err()); // accuracy on a regressor
    assert!(FixedPermutations::new(vec![]).is_err());
    assert!(FixedPermutations::new(vec![vec![0, 0]]).is_err());
    Ok(())
}
