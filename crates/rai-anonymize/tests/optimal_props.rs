//! Property tests of the optimal search on small random tables: every output satisfies
//! every requested model (re-checked from the output strings by code independent of the
//! search), input records = output records + suppressed records, columns that are not
//! quasi-identifiers are unchanged, and the optimum equals a brute-force minimum.

#![allow(clippy::unwrap_used)] // reason: test helpers outside #[test] functions

use std::collections::HashMap;

use proptest::prelude::*;
use rai_anonymize::encode::StringTable;
use rai_anonymize::hierarchy::Hierarchy;
use rai_anonymize::metric::Metric;
use rai_anonymize::optimal::{
    AnonymizationData, OptimalParams, anonymize_optimal, evaluate_transformation,
};
use rai_anonymize::privacy::{PrivacyModel, TDistance};

/// Hierarchy over values `0..m`: value -> value / 2 -> value / 4 -> `*`.
fn hierarchy(m: usize) -> Hierarchy {
    let rows = (0..m)
        .map(|v| {
            vec![
                v.to_string(),
                format!("h{}", v / 2),
                format!("g{}", v / 4),
                "*".into(),
            ]
        })
        .collect();
    Hierarchy::from_rows(rows).unwrap()
}

/// Independent check of the released table: groups rows by their quasi-identifier
/// strings and tests each model from scratch.
fn satisfies(
    out: &StringTable,
    input: &StringTable,
    qis: &[&str],
    models: &[PrivacyModel],
) -> bool {
    let cols: Vec<&[String]> = qis.iter().map(|q| out.column(q).unwrap()).collect();
    let sens = out.column("s").unwrap();
    let all = input.column("s").unwrap();
    let mut global: HashMap<&str, f64> = HashMap::new();
    for v in all {
        *global.entry(v.as_str()).or_default() += 1.0 / all.len() as f64;
    }
    let mut classes: HashMap<Vec<&str>, Vec<&str>> = HashMap::new();
    for r in 0..out.n_rows() {
        let key = cols.iter().map(|c| c[r].as_str()).collect();
        classes.entry(key).or_default().push(sens[r].as_str());
    }
    classes.values().all(|members| {
        let n = members.len() as f64;
        let mut counts: HashMap<&str, f64> = HashMap::new();
        for m in members {
            *counts.entry(m).or_default() += 1.0;
        }
        models.iter().all(|m| match *m {
            PrivacyModel::KAnonymity { k } => members.len() >= k,
            PrivacyModel::DistinctL { l } => counts.len() >= l,
            PrivacyModel::EntropyL { l } => {
                let h: f64 = counts.values().map(|c| -(c / n) * (c / n).ln()).sum();
                counts.len() >= l.ceil() as usize && h >= l.ln() - 1e-12
            }
            PrivacyModel::TCloseness { t, .. } => {
                let d: f64 = global
                    .iter()
                    .map(|(v, q)| (counts.get(v).copied().unwrap_or(0.0) / n - q).abs())
                    .sum::<f64>()
                    / 2.0;
                d <= t + 1e-12
            }
            PrivacyModel::RecursiveCL { .. } => true,
        })
    })
}

fn table_strategy() -> impl Strategy<Value = (Vec<(usize, usize, usize)>, usize, usize)> {
    (2usize..9, 2usize..6).prop_flat_map(|(ma, mb)| {
        (
            prop::collection::vec((0..ma, 0..mb, 0usize..4), 1..40),
            Just(ma),
            Just(mb),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn outputs_satisfy_models_and_keep_other_columns(
        (rows, ma, mb) in table_strategy(),
        k in 1usize..5,
        extra in 0usize..4,
        suppression in prop::sample::select(vec![0.0, 0.1, 0.3]),
        metric in prop::sample::select(vec![
            Metric::Loss, Metric::Discernibility, Metric::DiscernibilityMonotonic,
            Metric::Precision, Metric::Entropy,
        ]),
    ) {
        let mut csv = String::from("a;id;b;s\n");
        for (i, (a, b, s)) in rows.iter().enumerate() {
            csv.push_str(&format!("{a};r{i} x;{b};v{s}\n"));
        }
        let input = StringTable::from_csv_bytes(csv.as_bytes(), "t", None).unwrap();
        let qis = vec![("a".to_string(), hierarchy(ma)), ("b".to_string(), hierarchy(mb))];
        let data = AnonymizationData::new(&input, &qis, Some(("s", None))).unwrap();
        let mut models = vec![PrivacyModel::KAnonymity { k: k.min(rows.len()) }];
        match extra {
            1 => models.push(PrivacyModel::DistinctL { l: 2 }),
            2 => models.push(PrivacyModel::EntropyL { l: 1.5 }),
            3 => models.push(PrivacyModel::TCloseness { t: 0.4, distance: TDistance::Equal }),
            _ => {}
        }
        let params = OptimalParams::new(models.clone()).max_suppression(suppression).metric(metric);
        // brute force
        let mut best: Option<f64> = None;
        for id in 0..data.lattice().size() {
            let lv: Vec<usize> = data.lattice().levels(id).iter().map(|&l| l as usize).collect();
            let ev = evaluate_transformation(&data, &params, &lv).unwrap();
            if ev.anonymous && best.is_none_or(|b| ev.score.value < b) {
                best = Some(ev.score.value);
            }
        }
        // anonymize_optimal also runs the crate's independent checker (`check::verify`)
        // on the released strings and fails if any model is violated.
        match anonymize_optimal(&input, &data, &params, None) {
            Err(e) => prop_assert!(best.is_none(), "{e}"),
            Ok(release) => {
                let res = release.result;
                prop_assert!(release.verification.all_hold);
                prop_assert_eq!(Some(res.score.value), best);
                let out = release.table;
                prop_assert_eq!(out.n_rows() + res.suppressed_records, input.n_rows());
                prop_assert!(res.suppressed_records as f64 <= (suppression * rows.len() as f64).floor());
                prop_assert!(satisfies(&out, &input, &["a", "b"], &models));
                let kept: Vec<usize> = (0..input.n_rows()).filter(|&r| !res.row_suppressed[r]).collect();
                for col in ["id", "s"] {
                    let inc = input.column(col).unwrap();
                    let outc = out.column(col).unwrap();
                    for (o, &r) in outc.iter().zip(&kept) {
                        prop_assert_eq!(o, &inc[r]);
                    }
                }
                prop_assert_eq!(out.header(), input.header());
            }
        }
    }
}
