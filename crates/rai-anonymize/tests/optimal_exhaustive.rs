//! Exhaustive check on ARX's Adult lattice (4,320 transformations): the optimum returned
//! by the search is the minimum score among all transformations that satisfy the
//! models, for monotone and non-monotone metrics and models, with 2% suppression.

#![allow(clippy::unwrap_used)] // reason: test helpers outside #[test] functions

use rai_anonymize::encode::StringTable;
use rai_anonymize::hierarchy::Hierarchy;
use rai_anonymize::metric::Metric;
use rai_anonymize::optimal::{
    AnonymizationData, OptimalParams, evaluate_transformation, optimal_search,
};
use rai_anonymize::privacy::{PrivacyModel, TDistance};
use rayon::prelude::*;

const ADULT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/arx-adult"
);
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
    Hierarchy::from_arx_csv_path(format!("{ADULT}/adult_hierarchy_{col}.csv"), None).unwrap()
}

fn check(data: &AnonymizationData, params: &OptimalParams) {
    let res = optimal_search(data, params).unwrap();
    let size = data.lattice().size();
    assert_eq!(size, 4320);
    let all: Vec<(Vec<usize>, bool, f64)> = (0..size)
        .into_par_iter()
        .map(|id| {
            let lv: Vec<usize> = data
                .lattice()
                .levels(id)
                .iter()
                .map(|&l| l as usize)
                .collect();
            let ev = evaluate_transformation(data, params, &lv).unwrap();
            (lv, ev.anonymous, ev.score.value)
        })
        .collect();
    let min = all
        .iter()
        .filter(|(_, anon, _)| *anon)
        .map(|(_, _, s)| *s)
        .fold(f64::INFINITY, f64::min);
    assert_eq!(res.score.value, min, "{params:?}");
    let mine = all.iter().find(|(lv, _, _)| *lv == res.levels).unwrap();
    assert!(mine.1, "returned transformation is not anonymous");
    assert_eq!(mine.2, min);
}

#[test]
fn search_equals_exhaustive_minimum_on_adult() {
    let table = StringTable::from_csv_path(format!("{ADULT}/adult.csv"), None).unwrap();
    let qis: Vec<(String, Hierarchy)> = QIS.iter().map(|q| (q.to_string(), hierarchy(q))).collect();
    let plain = AnonymizationData::new(&table, &qis, None).unwrap();
    let k5 = PrivacyModel::KAnonymity { k: 5 };
    for metric in [
        Metric::Loss,
        Metric::Discernibility,
        Metric::DiscernibilityMonotonic,
        Metric::Precision,
        Metric::Entropy,
    ] {
        check(
            &plain,
            &OptimalParams::new(vec![k5])
                .max_suppression(0.02)
                .metric(metric),
        );
    }
    let occ = hierarchy("occupation");
    let sens = AnonymizationData::new(&table, &qis, Some(("occupation", Some(&occ)))).unwrap();
    for extra in [
        PrivacyModel::EntropyL { l: 3.0 },
        PrivacyModel::RecursiveCL { c: 4.0, l: 3 },
        PrivacyModel::TCloseness {
            t: 0.2,
            distance: TDistance::Hierarchical,
        },
    ] {
        check(
            &sens,
            &OptimalParams::new(vec![k5, extra]).max_suppression(0.02),
        );
    }
}
