//! Property tests: efficiency (`base + sum of values = margin` for every row) for every
//! Shapley explainer on random models, and agreement of the two TreeSHAP implementations.

#![allow(clippy::unwrap_used)] // reason: test helpers outside #[test] functions

#[path = "../src/shap/testing.rs"]
mod testing;

use proptest::prelude::*;
use rai_core::Model;
use rai_explain::shap::{
    ExactShap, InterventionalTreeShap, KernelShap, LinearShap, PermutationShap, TreeShap,
    TreeShapAlgorithm,
};
use rai_models::{LinearKind, LinearModel};
use testing::{Poly, random_ensemble, random_rows};

const EFFICIENCY_TOL: f64 = 1e-9;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn tree_shap_is_efficient_and_implementations_agree(
        seed in 0u64..10_000, m in 1usize..8, trees in 1usize..6, depth in 1usize..7,
        nan in 0.0f64..0.3,
    ) {
        let model = random_ensemble(seed, m, trees, depth);
        let x = random_rows(seed + 1, 12, m, nan);
        let margin = model.predict_margin(x.view()).unwrap();
        let rec = TreeShap::new(&model).with_algorithm(TreeShapAlgorithm::Recursive)
            .explain(x.view()).unwrap();
        let fast = TreeShap::new(&model).with_algorithm(TreeShapAlgorithm::Fast)
            .explain(x.view()).unwrap();
        prop_assert!(rec.efficiency_gap(margin.view()).unwrap() < EFFICIENCY_TOL);
        prop_assert!(fast.efficiency_gap(margin.view()).unwrap() < EFFICIENCY_TOL);
        for (a, b) in rec.values().iter().zip(fast.values().iter()) {
            prop_assert!((a - b).abs() < 1e-10);
        }
    }

    #[test]
    fn interventional_tree_shap_is_efficient(
        seed in 0u64..10_000, m in 1usize..8, depth in 1usize..6, nbg in 1usize..6,
    ) {
        let model = random_ensemble(seed, m, 3, depth);
        let bg = random_rows(seed + 2, nbg, m, 0.1);
        let x = random_rows(seed + 3, 6, m, 0.1);
        let margin = model.predict_margin(x.view()).unwrap();
        let e = InterventionalTreeShap::new(&model, bg.view()).unwrap().explain(x.view()).unwrap();
        prop_assert!(e.efficiency_gap(margin.view()).unwrap() < EFFICIENCY_TOL);
    }

    #[test]
    fn model_agnostic_explainers_are_efficient(
        seed in 0u64..10_000, m in 1usize..7, nbg in 1usize..5, n_samples in 1usize..80,
        perms in 1usize..4,
    ) {
        let poly = Poly::new(seed, m);
        let trees = random_ensemble(seed, m, 3, 4);
        let bg = random_rows(seed + 4, nbg, m, 0.0);
        let x = random_rows(seed + 5, 4, m, 0.0);
        for model in [&poly as &dyn Model, &trees as &dyn Model] {
            let margin = model.predict_margin(x.view()).unwrap();
            let exact = ExactShap.explain(model, bg.view(), x.view()).unwrap();
            prop_assert!(exact.efficiency_gap(margin.view()).unwrap() < EFFICIENCY_TOL);
            // enough samples to identify m features: at least m (else a clear error)
            let k = KernelShap::params().n_samples(n_samples.max(m)).seed(seed).build().unwrap();
            match k.explain(model, bg.view(), x.view()) {
                Ok(e) => prop_assert!(e.efficiency_gap(margin.view()).unwrap() < EFFICIENCY_TOL),
                Err(err) => prop_assert!(err.to_string().contains("n_samples")),
            }
            let p = PermutationShap::params().n_permutations(perms).seed(seed).build().unwrap();
            let e = p.explain(model, bg.view(), x.view()).unwrap();
            prop_assert!(e.efficiency_gap(margin.view()).unwrap() < EFFICIENCY_TOL);
        }
    }

    #[test]
    fn linear_shap_is_efficient(
        coef in proptest::collection::vec(-3.0f64..3.0, 1..8), intercept in -2.0f64..2.0,
        seed in 0u64..1000,
    ) {
        let m = coef.len();
        let names = (0..m).map(|j| format!("x{j}")).collect();
        let model = LinearModel::new(LinearKind::LogisticRegression, names, coef, intercept).unwrap();
        let bg = random_rows(seed, 5, m, 0.0);
        let x = random_rows(seed + 1, 5, m, 0.0);
        let margin = model.predict_margin(x.view()).unwrap();
        let e = LinearShap::new(&model, bg.view()).unwrap().explain(x.view()).unwrap();
        prop_assert!(e.efficiency_gap(margin.view()).unwrap() < EFFICIENCY_TOL);
    }
}
