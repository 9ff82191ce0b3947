//! Benchmarks for rai-anonymize's optimal full-domain generalisation on ARX's Adult
//! benchmark (30,162 records, 8 quasi-identifiers, 4,320-node lattice), in the settings
//! for which ARX 3.9.2 was timed on the same machine
//! (`crates/rai-anonymize/tests/fixtures/arx/arx_adult_results.json`).
//!
//! Timed: encoding the quasi-identifiers against their hierarchies
//! (`AnonymizationData::new`) plus the search. Not timed: reading the CSV and
//! hierarchy files. `single_thread` variants run on a one-thread rayon pool.

#![allow(clippy::unwrap_used, clippy::expect_used)] // reason: benchmarks may panic on setup failure
#![allow(missing_docs)] // reason: criterion_group! generates undocumented functions

use criterion::{Criterion, criterion_group, criterion_main};
use rai_anonymize::encode::StringTable;
use rai_anonymize::hierarchy::Hierarchy;
use rai_anonymize::metric::Metric;
use rai_anonymize::optimal::{AnonymizationData, OptimalParams, optimal_search};
use rai_anonymize::privacy::{PrivacyModel, TDistance};

const ADULT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/data/arx-adult");
const QIS: [&str; 8] = [
    "sex",
    "age",
    "race",
    "marital-status",
    "education",
    "native-country",
    "workclass",
    "salary-class",
];

fn hierarchy(col: &str) -> Hierarchy {
    Hierarchy::from_arx_csv_path(format!("{ADULT}/adult_hierarchy_{col}.csv"), None)
        .unwrap_or_else(|e| panic!("{e}"))
}

struct Setting {
    name: &'static str,
    models: Vec<PrivacyModel>,
    suppression: f64,
    metric: Metric,
    sensitive: bool,
    sensitive_hierarchy: bool,
}

fn settings() -> Vec<Setting> {
    let k5 = PrivacyModel::KAnonymity { k: 5 };
    let s = |name, models: Vec<PrivacyModel>, suppression, metric, sensitive, sh| Setting {
        name,
        models,
        suppression,
        metric,
        sensitive,
        sensitive_hierarchy: sh,
    };
    vec![
        s("k=5/s=0/loss", vec![k5], 0.0, Metric::Loss, false, false),
        s(
            "k=5/s=0.02/loss",
            vec![k5],
            0.02,
            Metric::Loss,
            false,
            false,
        ),
        s(
            "k=5/s=0.02/discernibility",
            vec![k5],
            0.02,
            Metric::Discernibility,
            false,
            false,
        ),
        s(
            "k=5/s=0.02/discernibility-monotonic",
            vec![k5],
            0.02,
            Metric::DiscernibilityMonotonic,
            false,
            false,
        ),
        s(
            "k=5/s=0.02/precision",
            vec![k5],
            0.02,
            Metric::Precision,
            false,
            false,
        ),
        s(
            "k=5+distinct-l=3/s=0.02/loss",
            vec![k5, PrivacyModel::DistinctL { l: 3 }],
            0.02,
            Metric::Loss,
            true,
            false,
        ),
        s(
            "k=5+t=0.2-equal/s=0.02/loss",
            vec![
                k5,
                PrivacyModel::TCloseness {
                    t: 0.2,
                    distance: TDistance::Equal,
                },
            ],
            0.02,
            Metric::Loss,
            true,
            false,
        ),
        s(
            "k=5+t=0.2-hierarchical/s=0.02/loss",
            vec![
                k5,
                PrivacyModel::TCloseness {
                    t: 0.2,
                    distance: TDistance::Hierarchical,
                },
            ],
            0.02,
            Metric::Loss,
            true,
            true,
        ),
    ]
}

fn bench_optimal(c: &mut Criterion) {
    let table = StringTable::from_csv_path(format!("{ADULT}/adult.csv"), None)
        .unwrap_or_else(|e| panic!("{e}"));
    let qis: Vec<(String, Hierarchy)> = QIS.iter().map(|q| (q.to_string(), hierarchy(q))).collect();
    let occupation = hierarchy("occupation");
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let mut group = c.benchmark_group("anonymize_optimal/adult");
    group.sample_size(10);
    group.bench_function("encode_only", |b| {
        b.iter(|| AnonymizationData::new(&table, &qis, None).unwrap_or_else(|e| panic!("{e}")))
    });
    for s in settings() {
        let params = OptimalParams::new(s.models.clone())
            .max_suppression(s.suppression)
            .metric(s.metric);
        let sensitive = s
            .sensitive
            .then(|| ("occupation", s.sensitive_hierarchy.then_some(&occupation)));
        let run = || {
            let data =
                AnonymizationData::new(&table, &qis, sensitive).unwrap_or_else(|e| panic!("{e}"));
            optimal_search(&data, &params).unwrap_or_else(|e| panic!("{e}"))
        };
        group.bench_function(s.name, |b| b.iter(run));
        group.bench_function(format!("{}/single_thread", s.name), |b| {
            b.iter(|| one.install(run))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_optimal);
criterion_main!(benches);
