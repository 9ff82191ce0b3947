//! Counterfactual properties on a real credit model: an XGBoost classifier (and a logistic
//! regression) trained on the numeric German credit features by `xtask/fixtures/explain.py`.
//! Every returned counterfactual must be valid when re-predicted, leave immutable features
//! untouched, keep changed features inside their ranges and directions, and keep integer
//! features integral.

#![allow(clippy::unwrap_used)] // reason: test helpers outside #[test] functions

use ndarray::Array2;
use proptest::prelude::*;
use rai_core::{CsvOptions, Model, Table};
use rai_explain::counterfactual::{Counterfactuals, Monotone};
use rai_models::AnyModel;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/explain2");
const GERMAN: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/german.csv"
);

fn german(model: &AnyModel) -> Array2<f64> {
    let t = Table::from_csv_path(GERMAN, &CsvOptions::default()).unwrap();
    t.feature_matrix(model.feature_names()).unwrap()
}

fn col(model: &AnyModel, name: &str) -> usize {
    model
        .feature_names()
        .iter()
        .position(|n| n == name)
        .unwrap()
}

fn check(
    model: &AnyModel,
    x: &Array2<f64>,
    row: usize,
    cf: &Counterfactuals,
    immutable: &[usize],
    ranges: &[(usize, f64, f64)],
    increase: &[usize],
) -> usize {
    let m0 = model
        .predict_margin(x.row(row).insert_axis(ndarray::Axis(0)))
        .unwrap()[0];
    let desired = u8::from(m0 <= 0.0);
    let set = cf.explain(model, x.row(row), desired).unwrap();
    for c in &set.counterfactuals {
        let xr = Array2::from_shape_vec((1, c.values.len()), c.values.clone()).unwrap();
        let m = model.predict_margin(xr.view()).unwrap()[0];
        assert_eq!(m > 0.0, desired == 1, "row {row}: counterfactual not valid");
        assert!(c.valid);
        for &j in immutable {
            assert_eq!(c.values[j], x[[row, j]], "row {row}: immutable {j} changed");
        }
        for &(j, lo, hi) in ranges {
            if c.values[j] != x[[row, j]] {
                assert!(
                    (lo..=hi).contains(&c.values[j]),
                    "row {row}: {j} = {} outside {lo}:{hi}",
                    c.values[j]
                );
            }
        }
        for &j in increase {
            assert!(c.values[j] >= x[[row, j]], "row {row}: {j} decreased");
        }
        for (j, v) in c.values.iter().enumerate() {
            if c.values[j] != x[[row, j]] {
                assert!(c.changed.contains(&j));
                assert_eq!(v.fract(), 0.0, "German credit features are integers");
            }
        }
        assert!(!c.changed.is_empty());
    }
    set.counterfactuals.len()
}

#[test]
fn hundred_rows_of_a_credit_model() {
    let model = rai_models::load_model(format!("{DIR}/german_xgb.json")).unwrap();
    let x = german(&model);
    let age = col(&model, "age");
    let people = col(&model, "number_of_people_liable_for");
    let duration = col(&model, "duration");
    let amount = col(&model, "credit_amount");
    let cf = Counterfactuals::new(
        x.view(),
        Counterfactuals::params()
            .count(3)
            .candidates(400)
            .immutable(people)
            .monotone(age, Monotone::Increase)
            .range(duration, 6.0, 48.0)
            .range(amount, 500.0, 10_000.0)
            .seed(11),
    )
    .unwrap();
    let mut found = 0;
    for row in 0..100 {
        found += usize::from(
            check(
                &model,
                &x,
                row,
                &cf,
                &[people],
                &[(duration, 6.0, 48.0), (amount, 500.0, 10_000.0)],
                &[age],
            ) > 0,
        );
    }
    // The search finds something for most rows of this model.
    assert!(
        found >= 80,
        "counterfactuals found for only {found} of 100 rows"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]
    #[test]
    fn random_constraints_on_the_logistic_model(row in 0usize..1000, fixed in proptest::collection::vec(any::<bool>(), 7), seed in 0u64..1000) {
        let model = rai_models::load_model(format!("{DIR}/german_logistic.json")).unwrap();
        let x = german(&model);
        let immutable: Vec<usize> = fixed.iter().enumerate().filter(|(j, f)| **f && *j != 0).map(|(j, _)| j).collect();
        let mut params = Counterfactuals::params().count(2).candidates(300).seed(seed);
        for &j in &immutable {
            params = params.immutable(j);
        }
        let cf = Counterfactuals::new(x.view(), params).unwrap();
        check(&model, &x, row, &cf, &immutable, &[], &[]);
    }
}
