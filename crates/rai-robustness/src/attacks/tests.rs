//! Unit tests for the gradient attacks.

use super::*;
use crate::constraints::{FeatureConstraints, Norm};
use ndarray::array;
use rai_models::{LinearKind, LinearModel};

fn model() -> LinearModel {
    LinearModel::new(
        LinearKind::LogisticRegression,
        vec!["a".into(), "b".into()],
        vec![1.0, -2.0],
        0.1,
    )
    .unwrap()
}

#[test]
fn pgd_l2_stays_in_ball_and_flips() -> Result<()> {
    let m = model();
    let x = array![[0.5, 0.0], [0.0, 0.5], [2.0, -1.0]];
    let y = array![1.0, 0.0, 1.0];
    let p = GradientAttackParams::pgd(1.0)
        .with_norm(Norm::L2)
        .with_eps_step(0.2)
        .with_max_iter(20)
        .build()?;
    let r = GradientAttack::new(p).run(&m, x.view(), y.view(), None)?;
    for d in &r.distances {
        assert!(*d <= 1.0 + 1e-12);
    }
    assert_eq!(r.report.clean_accuracy, Some(1.0));
    assert_eq!(r.report.adversarial_accuracy, Some(1.0 / 3.0));
    assert_eq!(r.report.queries, Some(60));
    Ok(())
}

#[test]
fn random_start_is_reproducible() -> Result<()> {
    let m = model();
    let x = array![[0.5, 0.0], [0.0, 0.5]];
    let p = GradientAttackParams::pgd(0.3)
        .with_random_init(true)
        .with_seed(9)
        .with_max_iter(2)
        .build()?;
    let a = GradientAttack::new(p.clone()).generate(&m, x.view(), None, None)?;
    let b = GradientAttack::new(p).generate(&m, x.view(), None, None)?;
    assert_eq!(a, b);
    Ok(())
}

#[test]
fn bad_input_is_an_error() -> Result<()> {
    let m = model();
    let x = array![[0.5, 0.0]];
    let a = GradientAttack::new(GradientAttackParams::fgsm(0.1).build()?);
    assert!(
        a.generate(&m, x.view(), Some(array![2.0].view()), None)
            .is_err()
    );
    assert!(
        a.generate(&m, x.view(), Some(array![1.0, 0.0].view()), None)
            .is_err()
    );
    assert!(
        a.generate(&m, array![[f64::NAN, 0.0]].view(), None, None)
            .is_err()
    );
    assert!(
        a.generate(&m, x.view(), None, Some(&FeatureConstraints::new(3)))
            .is_err()
    );
    let reg = LinearModel::new(
        LinearKind::LinearRegression,
        vec!["a".into()],
        vec![1.0],
        0.0,
    )?;
    assert!(a.generate(&reg, array![[1.0]].view(), None, None).is_err());
    assert!(
        GradientAttackParams::pgd(0.1)
            .with_max_iter(0)
            .build()
            .is_err()
    );
    assert!(GradientAttackParams::pgd(f64::NAN).build().is_err());
    // zero rows: empty result, undefined accuracies
    let empty = ndarray::Array2::<f64>::zeros((0, 2));
    let r = a.run(
        &m,
        empty.view(),
        ndarray::Array1::<f64>::zeros(0).view(),
        None,
    )?;
    assert_eq!(r.report.clean_accuracy, None);
    assert_eq!(r.report.success_rate, None);
    Ok(())
}

#[test]
fn pgd_on_an_mlp_lowers_accuracy_and_respects_eps() -> Result<()> {
    use crate::differentiable::{Activation, DenseLayer, Mlp};
    let mlp = Mlp::new(
        vec!["a".into(), "b".into()],
        rai_core::Task::BinaryClassification,
        vec![
            DenseLayer {
                weights: vec![vec![1.0, 0.5], vec![-0.5, 1.0], vec![0.3, -0.8]],
                bias: vec![0.0, 0.1, 0.0],
                activation: Activation::Tanh,
            },
            DenseLayer {
                weights: vec![vec![2.0, -1.0, 1.5]],
                bias: vec![0.05],
                activation: Activation::Identity,
            },
        ],
    )?;
    let x = ndarray::Array2::from_shape_fn((50, 2), |(i, j)| {
        ((i * 7 + j * 13) % 20) as f64 / 10.0 - 1.0
    });
    let y = crate::attacks::predicted_class(&mlp, x.view())?;
    let p = GradientAttackParams::pgd(0.3)
        .with_eps_step(0.05)
        .with_max_iter(20)
        .build()?;
    let r = GradientAttack::new(p).run(&mlp, x.view(), y.view(), None)?;
    assert_eq!(r.report.clean_accuracy, Some(1.0));
    assert!(r.report.adversarial_accuracy.unwrap() < 0.9);
    assert!(r.distances.iter().all(|d| *d <= 0.3 + 1e-12));
    Ok(())
}
