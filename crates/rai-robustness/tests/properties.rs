//! Property tests: attacks never move immutable features, never leave bounds and keep
//! integer / one-hot structure; an abstained smoothed prediction never has a radius.

#![allow(clippy::unwrap_used)] // reason: test helpers outside #[test] functions

use ndarray::{Array1, Array2};
use proptest::prelude::*;
use rai_core::Task;
use rai_models::{EnsembleSource, LinearKind, LinearModel, Node, TreeEnsemble};
use rai_robustness::smoothing::{SmoothingParams, certify};
use rai_robustness::{
    FeatureConstraints, GradientAttack, GradientAttackParams, HopSkipJump, HopSkipJumpParams, Norm,
    SquareAttack, SquareAttackParams,
};

/// Features: 0 continuous in [-2, 2], 1 integer in [0, 5], 2 immutable, 3..=5 one-hot.
fn constraints() -> FeatureConstraints {
    FeatureConstraints::new(6)
        .with_bounds(0, -2.0, 2.0)
        .and_then(|c| c.with_bounds(1, 0.0, 5.0))
        .and_then(|c| c.with_integer(1))
        .and_then(|c| c.with_immutable(2))
        .and_then(|c| c.with_one_hot(vec![3, 4, 5]))
        .unwrap()
}

fn rows() -> impl Strategy<Value = (Array2<f64>, Array1<f64>)> {
    prop::collection::vec(
        (-2.0..2.0f64, 0u8..6, -3.0..3.0f64, 0usize..3, any::<bool>()),
        1..8,
    )
    .prop_map(|v| {
        let n = v.len();
        let mut x = Array2::zeros((n, 6));
        let mut y = Array1::zeros(n);
        for (i, (a, b, c, hot, label)) in v.into_iter().enumerate() {
            x[[i, 0]] = a;
            x[[i, 1]] = f64::from(b);
            x[[i, 2]] = c;
            x[[i, 3 + hot]] = 1.0;
            y[i] = f64::from(u8::from(label));
        }
        (x, y)
    })
}

fn names() -> Vec<String> {
    (0..6).map(|j| format!("f{j}")).collect()
}

fn linear(w: &[f64]) -> LinearModel {
    LinearModel::new(LinearKind::LogisticRegression, names(), w.to_vec(), 0.1).unwrap()
}

fn tree() -> TreeEnsemble {
    let t = vec![
        Node::split(0, 0.3, 1, 2, true, 1.0),
        Node::split(2, 0.0, 3, 4, true, 1.0),
        Node::leaf(1.0, 1.0),
        Node::leaf(-1.0, 1.0),
        Node::split(4, 0.5, 5, 6, true, 1.0),
        Node::leaf(0.5, 1.0),
        Node::leaf(-0.7, 1.0),
    ];
    TreeEnsemble::new(
        names(),
        Task::BinaryClassification,
        0.0,
        vec![t],
        EnsembleSource::Native,
    )
    .unwrap()
}

fn check(x: &Array2<f64>, adv: &Array2<f64>, c: &FeatureConstraints) -> Result<(), TestCaseError> {
    for i in 0..x.nrows() {
        let x0 = x.row(i).to_vec();
        let a = adv.row(i).to_vec();
        prop_assert!(
            c.check_row(&x0, &a).is_ok(),
            "row {}: {:?} -> {:?}: {:?}",
            i,
            x0,
            a,
            c.check_row(&x0, &a)
        );
        prop_assert_eq!(a[2].to_bits(), x0[2].to_bits());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn gradient_attacks_respect_constraints(
        (x, y) in rows(),
        w in prop::collection::vec(-3.0..3.0f64, 6),
        eps in 0.0..3.0f64,
        l2 in any::<bool>(),
        random_init in any::<bool>(),
        seed in 0u64..1000,
    ) {
        let c = constraints();
        let m = linear(&w);
        let norm = if l2 { Norm::L2 } else { Norm::Inf };
        for params in [
            GradientAttackParams::fgsm(eps).with_norm(norm),
            GradientAttackParams::pgd(eps).with_norm(norm).with_max_iter(5).with_random_init(random_init).with_seed(seed),
        ] {
            let r = GradientAttack::new(params.build().unwrap()).run(&m, x.view(), y.view(), Some(&c)).unwrap();
            check(&x, &r.adversarial, &c)?;
            for d in &r.distances {
                prop_assert!(*d <= eps * (1.0 + 1e-9) + 1e-12, "distance {} > eps {}", d, eps);
            }
        }
    }

    #[test]
    fn black_box_attacks_respect_constraints((x, y) in rows(), eps in 0.0..2.5f64, seed in 0u64..1000) {
        let c = constraints();
        let m = tree();
        let sq = SquareAttack::new(SquareAttackParams { epsilon: eps, max_queries: 30, seed, ..Default::default() })
            .unwrap()
            .run(&m, x.view(), y.view(), Some(&c))
            .unwrap();
        check(&x, &sq.adversarial, &c)?;
        for d in &sq.distances {
            prop_assert!(*d <= eps + 1e-12);
        }
        let hsj = HopSkipJump::new(HopSkipJumpParams { max_queries: 120, max_iter: 3, init_evals: 10, seed, ..Default::default() })
            .unwrap()
            .run(&m, x.view(), y.view(), Some(&c))
            .unwrap();
        check(&x, &hsj.adversarial, &c)?;
    }

    #[test]
    fn abstentions_never_carry_a_radius(
        (x, _y) in rows(),
        w in prop::collection::vec(-3.0..3.0f64, 6),
        sigma in 0.05..3.0f64,
        n in 1usize..60,
        seed in 0u64..1000,
    ) {
        let m = linear(&w);
        let p = SmoothingParams { sigma, n0: 10, n, alpha: 0.05, seed, ..Default::default() };
        for cert in certify(&m, x.view(), &p).unwrap() {
            prop_assert_eq!(cert.prediction.is_none(), cert.radius.is_none());
            if let Some(r) = cert.radius {
                prop_assert!(r > 0.0 && cert.p_lower > 0.5);
            }
        }
    }
}
