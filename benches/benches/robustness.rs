//! Benchmarks for rai-robustness: PGD (40 steps, L-inf and L2) on 10,000 rows of a
//! logistic regression over six standardized Adult features (the task timed for ART in
//! `xtask/fixtures/robustness.py --bench`), and the exact two-sample KS test.
//!
//! Data is built outside the timed closures: Adult's numeric columns when
//! `../shared/data/adult.csv` exists, otherwise seeded normal draws of the same shape.

#![allow(clippy::unwrap_used, clippy::expect_used)] // reason: benchmarks may panic on setup failure
#![allow(missing_docs)] // reason: criterion_group! generates undocumented functions

use criterion::{Criterion, criterion_group, criterion_main};
use ndarray::{Array1, Array2};
use rai_core::{CsvOptions, Table};
use rai_models::{LinearKind, LinearModel};
use rai_robustness::{GradientAttack, GradientAttackParams, Norm};
use rand::Rng;

const COLS: [&str; 6] = [
    "age",
    "education_num",
    "capital_gain",
    "capital_loss",
    "hours_per_week",
    "fnlwgt",
];
const ROWS: usize = 10_000;

fn data() -> (Array2<f64>, Array1<f64>) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/data/adult.csv");
    let mut x = match Table::from_csv_path(path, &CsvOptions::default())
        .and_then(|t| t.feature_matrix(&COLS))
    {
        Ok(m) => m
            .slice_axis(ndarray::Axis(0), ndarray::Slice::from(0..ROWS))
            .to_owned(),
        Err(_) => {
            let mut rng = rai_core::rng::seeded(7);
            Array2::from_shape_fn((ROWS, 6), |_| rng.random::<f64>())
        }
    };
    for mut col in x.columns_mut() {
        let mean = col.mean().unwrap_or(0.0);
        let sd = col.std(0.0).max(1e-12);
        col.mapv_inplace(|v| (v - mean) / sd);
    }
    let mut rng = rai_core::rng::seeded(1);
    let y = Array1::from_shape_fn(ROWS, |_| f64::from(u8::from(rng.random::<bool>())));
    (x, y)
}

fn bench(c: &mut Criterion) {
    let (x, y) = data();
    let model = LinearModel::new(
        LinearKind::LogisticRegression,
        COLS.iter().map(|s| s.to_string()).collect(),
        vec![0.4, 0.8, 2.3, 0.3, 0.5, 0.07],
        -1.4,
    )
    .unwrap();
    let mut group = c.benchmark_group("robustness");
    group.sample_size(10);
    for (name, norm) in [("inf", Norm::Inf), ("2", Norm::L2)] {
        let attack = GradientAttack::new(
            GradientAttackParams::pgd(0.3)
                .with_norm(norm)
                .with_eps_step(0.01)
                .with_max_iter(40)
                .build()
                .unwrap(),
        );
        group.bench_function(
            format!("pgd/norm={name}/steps=40/rows=10000/features=6"),
            |b| {
                b.iter(|| {
                    attack
                        .generate(&model, x.view(), Some(y.view()), None)
                        .unwrap()
                })
            },
        );
    }
    let mut rng = rai_core::rng::seeded(3);
    let a: Vec<f64> = (0..5000).map(|_| rng.random::<f64>()).collect();
    let bb: Vec<f64> = (0..4000).map(|_| rng.random::<f64>() + 0.02).collect();
    group.bench_function("ks_2samp/exact/n1=5000/n2=4000", |b| {
        b.iter(|| rai_robustness::drift::ks_2samp(&a, &bb).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
