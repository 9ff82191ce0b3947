//! Benchmarks for rai-fairness: every per-group metric and disparity from one pass over
//! 10 million rows with two sensitive columns (2 x 5 = 10 intersectional groups), on one
//! core; the score-based audit (ROC AUC needs sorting) at 1 million rows; the bootstrap.
//!
//! Data (labels, predictions, scores, weights, group ids) is built outside the timed
//! closures from a constant seed.

#![allow(clippy::unwrap_used, clippy::expect_used)] // reason: benchmarks may panic on setup failure
#![allow(missing_docs)] // reason: criterion_group! generates undocumented functions

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rai_core::{CategoricalColumn, Column, GroupKey, Groups, MissingGroupPolicy, Table};
use rai_fairness::{BinaryOutcomes, FairnessAudit, GroupedStats};
use rand::Rng;

const SEX: [&str; 2] = ["Female", "Male"];
const RACE: [&str; 5] = [
    "Amer-Indian-Eskimo",
    "Asian-Pac-Islander",
    "Black",
    "Other",
    "White",
];

struct Data {
    ids: Vec<u32>,
    y_true: Vec<bool>,
    y_pred: Vec<bool>,
    score: Vec<f64>,
    weight: Vec<f64>,
}

fn data(rows: usize, seed: u64) -> Data {
    let mut rng = rai_core::rng::seeded(seed);
    let mut d = Data {
        ids: Vec::with_capacity(rows),
        y_true: Vec::with_capacity(rows),
        y_pred: Vec::with_capacity(rows),
        score: Vec::with_capacity(rows),
        weight: Vec::with_capacity(rows),
    };
    for _ in 0..rows {
        let sex = rng.random_range(0..2u32);
        let race = rng.random_range(0..5u32);
        let base = 0.15 + 0.1 * f64::from(sex) + 0.02 * f64::from(race);
        let y = rng.random::<f64>() < base;
        let s: f64 = (if y { 0.35 } else { 0.0 } + 0.65 * rng.random::<f64>()).clamp(0.0, 1.0);
        d.ids.push(sex * 5 + race);
        d.y_true.push(y);
        d.y_pred.push(s > 0.5);
        d.score.push(s);
        d.weight.push(rng.random_range(0.5..2.0));
    }
    d
}

fn keys() -> Vec<GroupKey> {
    SEX.iter()
        .flat_map(|s| {
            RACE.iter()
                .map(move |r| GroupKey(vec![Some((*s).into()), Some((*r).into())]))
        })
        .collect()
}

fn columns() -> Vec<String> {
    vec!["sex".into(), "race".into()]
}

fn groups_from_ids(ids: &[u32]) -> Groups {
    let sex: Vec<u32> = ids.iter().map(|&g| g / 5).collect();
    let race: Vec<u32> = ids.iter().map(|&g| g % 5).collect();
    let lv = |l: &[&str]| l.iter().map(|s| (*s).to_string()).collect();
    let table = Table::new(vec![
        (
            "sex".into(),
            Column::Categorical(
                CategoricalColumn::from_codes(sex, lv(&SEX)).unwrap_or_else(|e| panic!("{e}")),
            ),
        ),
        (
            "race".into(),
            Column::Categorical(
                CategoricalColumn::from_codes(race, lv(&RACE)).unwrap_or_else(|e| panic!("{e}")),
            ),
        ),
    ])
    .unwrap_or_else(|e| panic!("{e}"));
    Groups::from_table(&table, &["sex", "race"], MissingGroupPolicy::OwnGroup)
        .unwrap_or_else(|e| panic!("{e}"))
}

fn audit_from_statistics(c: &mut Criterion) {
    let rows = 10_000_000usize;
    let d = data(rows, 42);
    let audit = FairnessAudit::default();
    let mut g = c.benchmark_group("fairness");
    g.sample_size(10);
    g.throughput(Throughput::Elements(rows as u64));
    g.bench_function(
        format!("all_metrics_and_disparities/rows={rows}/sensitive=2"),
        |b| {
            b.iter(|| {
                let o = BinaryOutcomes::new(&d.y_true, &d.y_pred)?;
                let stats = GroupedStats::from_ids(&o, &d.ids, keys(), columns())?;
                audit.run_stats(&stats)
            })
        },
    );
    g.bench_function(
        format!("all_metrics_and_disparities_weighted/rows={rows}/sensitive=2"),
        |b| {
            b.iter(|| {
                let o = BinaryOutcomes::new(&d.y_true, &d.y_pred)?.with_weights(&d.weight)?;
                let stats = GroupedStats::from_ids(&o, &d.ids, keys(), columns())?;
                audit.run_stats(&stats)
            })
        },
    );
    g.finish();
}

fn audit_with_scores(c: &mut Criterion) {
    let rows = 1_000_000usize;
    let d = data(rows, 43);
    let groups = groups_from_ids(&d.ids);
    let audit = FairnessAudit::default();
    let mut g = c.benchmark_group("fairness");
    g.sample_size(10);
    g.throughput(Throughput::Elements(rows as u64));
    g.bench_function(
        format!("audit_with_scores_auc_brier_ece/rows={rows}/sensitive=2"),
        |b| {
            b.iter(|| {
                let o = BinaryOutcomes::new(&d.y_true, &d.y_pred)?.with_scores(&d.score)?;
                audit.run(&o, &groups)
            })
        },
    );
    let rows = 100_000usize;
    let d = data(rows, 44);
    let groups = groups_from_ids(&d.ids);
    let resamples = 200;
    let boot = FairnessAudit::params()
        .bootstrap(resamples, 7)
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    g.bench_function(
        format!("bootstrap/rows={rows}/resamples={resamples}/sensitive=2"),
        |b| {
            b.iter(|| {
                let o = BinaryOutcomes::new(&d.y_true, &d.y_pred)?;
                boot.run(&o, &groups)
            })
        },
    );
    g.finish();
}

criterion_group!(benches, audit_from_statistics, audit_with_scores);
criterion_main!(benches);
