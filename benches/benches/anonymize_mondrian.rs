//! Mondrian on synthetic data: 1,000,000 records (fixed seed), two numeric
//! quasi-identifiers (age, income) and one hierarchical (region: 100 leaves, 10
//! groups, `*`), sensitive attribute with 8 values. Timed: `mondrian::anonymize`
//! including encoding, partitioning, writing the labels and the independent check.
//! Not timed: building the table. Also Adult (32,561 records, numeric age,
//! education_num, hours_per_week; k = 5), the setting anonypy 0.2.1 was timed in.

#![allow(clippy::unwrap_used, clippy::expect_used)] // reason: benchmarks may panic on setup failure
#![allow(missing_docs)] // reason: criterion_group! generates undocumented functions

use criterion::{Criterion, criterion_group, criterion_main};
use rai_anonymize::encode::StringTable;
use rai_anonymize::hierarchy::Hierarchy;
use rai_anonymize::mondrian::{MondrianParams, QuasiIdentifier, anonymize};
use rai_anonymize::privacy::PrivacyModel;
use rand::Rng;

const ADULT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/data/adult.csv");

fn region_hierarchy() -> Hierarchy {
    let rows = (0..100)
        .map(|i| vec![format!("r{i}"), format!("g{}", i / 10), "*".to_string()])
        .collect();
    Hierarchy::from_rows(rows).unwrap_or_else(|e| panic!("{e}"))
}

fn synthetic(n: usize) -> StringTable {
    let mut rng = rai_core::rng::seeded(42);
    let mut cols: Vec<Vec<String>> = (0..4).map(|_| Vec::with_capacity(n)).collect();
    for _ in 0..n {
        cols[0].push(rng.random_range(17..91).to_string());
        cols[1].push((rng.random_range(0..200_000) / 100 * 100).to_string());
        cols[2].push(format!("r{}", rng.random_range(0..100)));
        cols[3].push(format!("s{}", rng.random_range(0..8)));
    }
    let header = ["age", "income", "region", "disease"]
        .map(String::from)
        .to_vec();
    StringTable::new(header, cols, b',').unwrap_or_else(|e| panic!("{e}"))
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("mondrian");
    g.sample_size(10);
    let n = 1_000_000;
    let t = synthetic(n);
    let qis = [
        QuasiIdentifier::numeric("age"),
        QuasiIdentifier::numeric("income"),
        QuasiIdentifier::hierarchical("region", region_hierarchy()),
    ];
    let k10 = MondrianParams::new(vec![PrivacyModel::KAnonymity { k: 10 }])
        .unwrap_or_else(|e| panic!("{e}"));
    g.bench_function(format!("rows={n}/qis=3/k=10"), |b| {
        b.iter(|| anonymize(&t, &qis, &k10).unwrap_or_else(|e| panic!("{e}")))
    });
    let kl = MondrianParams::new(vec![
        PrivacyModel::KAnonymity { k: 10 },
        PrivacyModel::DistinctL { l: 3 },
    ])
    .unwrap_or_else(|e| panic!("{e}"))
    .sensitive("disease");
    g.bench_function(format!("rows={n}/qis=3/k=10/l=3"), |b| {
        b.iter(|| anonymize(&t, &qis, &kl).unwrap_or_else(|e| panic!("{e}")))
    });
    // Adult, as anonypy 0.2.1 in tests/fixtures/pycanon/anonypy_adult.json
    let adult = StringTable::from_csv_path(ADULT, None).unwrap_or_else(|e| panic!("{e}"));
    let numeric = [
        QuasiIdentifier::numeric("age"),
        QuasiIdentifier::numeric("education_num"),
        QuasiIdentifier::numeric("hours_per_week"),
    ];
    let k5 = MondrianParams::new(vec![PrivacyModel::KAnonymity { k: 5 }])
        .unwrap_or_else(|e| panic!("{e}"));
    g.bench_function("adult/rows=32561/qis=3/k=5", |b| {
        b.iter(|| anonymize(&adult, &numeric, &k5).unwrap_or_else(|e| panic!("{e}")))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
