//! Property tests: row order, chunking, group relabelling and label symmetries do not
//! change the results.

#![allow(clippy::unwrap_used)] // reason: test helpers outside #[test] functions

use proptest::prelude::*;
use rai_core::{GroupKey, Groups};
use rai_fairness::*;

/// Tolerance for results that differ only by floating-point summation order.
const SUM_ORDER: f64 = 1e-12;

#[derive(Debug, Clone)]
struct Rows {
    group: Vec<u8>,
    y_true: Vec<bool>,
    y_pred: Vec<bool>,
    score: Vec<f64>,
    weight: Vec<f64>,
}

fn rows() -> impl Strategy<Value = Rows> {
    (1usize..120).prop_flat_map(|n| {
        (
            proptest::collection::vec(0u8..4, n),
            proptest::collection::vec(any::<bool>(), n),
            proptest::collection::vec(any::<bool>(), n),
            proptest::collection::vec(0u8..=16, n),
            proptest::collection::vec(0u8..=4, n),
        )
            .prop_map(|(group, y_true, y_pred, s, w)| Rows {
                group,
                y_true,
                y_pred,
                score: s.iter().map(|&v| f64::from(v) / 16.0).collect(), // dyadic: exact sums
                weight: w.iter().map(|&v| f64::from(v)).collect(),
            })
    })
}

fn groups_of(g: &[u8], names: [&str; 4]) -> Groups {
    let labels: Vec<Option<&str>> = g.iter().map(|&i| Some(names[i as usize])).collect();
    Groups::from_labels("g", &labels)
}

fn report(r: &Rows, names: [&str; 4], weighted: bool) -> FairnessReport {
    let mut o = BinaryOutcomes::new(&r.y_true, &r.y_pred)
        .unwrap()
        .with_scores(&r.score)
        .unwrap();
    if weighted {
        o = o.with_weights(&r.weight).unwrap();
    }
    FairnessAudit::default()
        .run(&o, &groups_of(&r.group, names))
        .unwrap()
}

fn near(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() <= SUM_ORDER,
        (None, None) => true,
        _ => false,
    }
}

fn same_numbers(a: &FairnessReport, b: &FairnessReport) -> Result<(), TestCaseError> {
    prop_assert_eq!(a.groups.len(), b.groups.len());
    for (ga, gb) in a.groups.iter().zip(&b.groups) {
        for ((n, x), (_, y)) in ga.metrics.values().into_iter().zip(gb.metrics.values()) {
            prop_assert!(near(x, y), "{} {:?} vs {:?}", n, x, y);
        }
    }
    for ((n, x), (_, y)) in a
        .disparities
        .values()
        .into_iter()
        .zip(b.disparities.values())
        .chain(a.inequality.values().into_iter().zip(b.inequality.values()))
    {
        prop_assert!(near(x, y), "{} {:?} vs {:?}", n, x, y);
    }
    Ok(())
}

fn permute(r: &Rows, seed: u64) -> Rows {
    let n = r.y_true.len();
    let mut idx: Vec<usize> = (0..n).collect();
    // deterministic Fisher-Yates from a simple LCG
    let mut state = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
    for i in (1..n).rev() {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let j = (state >> 33) as usize % (i + 1);
        idx.swap(i, j);
    }
    Rows {
        group: idx.iter().map(|&i| r.group[i]).collect(),
        y_true: idx.iter().map(|&i| r.y_true[i]).collect(),
        y_pred: idx.iter().map(|&i| r.y_pred[i]).collect(),
        score: idx.iter().map(|&i| r.score[i]).collect(),
        weight: idx.iter().map(|&i| r.weight[i]).collect(),
    }
}

const NAMES: [&str; 4] = ["a", "b", "c", "d"];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn permuting_rows_changes_nothing(r in rows(), seed in any::<u64>(), weighted in any::<bool>()) {
        let a = report(&r, NAMES, weighted);
        let b = report(&permute(&r, seed), NAMES, weighted);
        same_numbers(&a, &b)?;
    }

    #[test]
    fn merged_chunks_equal_one_pass(r in rows(), cut in 0usize..120) {
        let cut = cut.min(r.y_true.len());
        let stats = |lo: usize, hi: usize| {
            let o = BinaryOutcomes::new(&r.y_true[lo..hi], &r.y_pred[lo..hi]).unwrap()
                .with_scores(&r.score[lo..hi]).unwrap()
                .with_weights(&r.weight[lo..hi]).unwrap();
            GroupedStats::compute(&o, &groups_of(&r.group[lo..hi], NAMES)).unwrap()
        };
        let n = r.y_true.len();
        let merged = stats(0, cut).merge(&stats(cut, n)).unwrap();
        // integer weights: sums are exact, so the statistics are identical
        prop_assert_eq!(&merged, &stats(0, n));
        let audit = FairnessAudit::default();
        prop_assert_eq!(audit.run_stats(&merged).unwrap(), audit.run_stats(&stats(0, n)).unwrap());
        // three chunks, merged in two different orders: associativity
        let third = n / 3;
        let (x, y, z) = (stats(0, third), stats(third, 2 * third), stats(2 * third, n));
        prop_assert_eq!(x.merge(&y).unwrap().merge(&z).unwrap(), x.merge(&y.merge(&z).unwrap()).unwrap());
    }

    #[test]
    fn relabelled_groups_give_the_same_disparities(r in rows()) {
        let a = report(&r, NAMES, true);
        // new names in reverse sort order: group ids are permuted
        let b = report(&r, ["z", "y", "x", "w"], true);
        let pick = |rep: &FairnessReport| {
            let mut v = rep.disparities.values();
            v.retain(|(n, _)| !matches!(*n, "statistical_parity_difference" | "disparate_impact"
                | "average_odds_difference" | "average_abs_odds_difference"
                | "true_positive_rate_difference" | "false_positive_rate_difference"
                | "predictive_parity_difference"));
            v
        };
        for ((n, x), (_, y)) in pick(&a).into_iter().zip(pick(&b)) {
            prop_assert!(near(x, y), "{} {:?} vs {:?}", n, x, y);
        }
        // the reference group (largest; ties to the first id) maps to the same rows when
        // it is unique, and then the AIF360 measures agree too
        let counts = {
            let mut c = [0usize; 4];
            for &g in &r.group { c[g as usize] += 1; }
            c
        };
        let max = counts.iter().max().copied().unwrap_or(0);
        if counts.iter().filter(|&&c| c == max).count() == 1 {
            for ((n, x), (_, y)) in a.disparities.values().into_iter().zip(b.disparities.values()) {
                prop_assert!(near(x, y), "{} {:?} vs {:?}", n, x, y);
            }
        }
    }

    #[test]
    fn label_flip_symmetries(r in rows()) {
        let g = groups_of(&r.group, NAMES);
        let o = BinaryOutcomes::new(&r.y_true, &r.y_pred).unwrap().with_weights(&r.weight).unwrap();
        let nt: Vec<bool> = r.y_true.iter().map(|v| !v).collect();
        let np: Vec<bool> = r.y_pred.iter().map(|v| !v).collect();
        let f = BinaryOutcomes::new(&nt, &np).unwrap().with_weights(&r.weight).unwrap();
        let s = GroupedStats::compute(&o, &g).unwrap();
        let sf = GroupedStats::compute(&f, &g).unwrap();
        for (c, cf) in s.confusion().iter().zip(sf.confusion()) {
            let m = |metric: BinaryMetric, st: &ConfusionStats| metric.compute(st, None).ok();
            prop_assert_eq!(m(BinaryMetric::TruePositiveRate, c), m(BinaryMetric::TrueNegativeRate, cf));
            prop_assert_eq!(m(BinaryMetric::Precision, c), m(BinaryMetric::NegativePredictiveValue, cf));
            prop_assert_eq!(m(BinaryMetric::Accuracy, c), m(BinaryMetric::Accuracy, cf));
            prop_assert!(near(m(BinaryMetric::BalancedAccuracy, c), m(BinaryMetric::BalancedAccuracy, cf)));
        }
        // selection rates become 1 - rate: the max - min spread is unchanged
        let bg = Comparison::BetweenGroups;
        prop_assert!(near(demographic_parity_difference(&s, bg).ok(), demographic_parity_difference(&sf, bg).ok()));
        // swapping the roles of TPR and TNR... equalized odds uses TPR and FPR = 1 - TNR
        prop_assert!(near(
            equalized_odds_difference(&s, bg, EqualizedOddsAgg::WorstCase).ok(),
            equalized_odds_difference(&sf, bg, EqualizedOddsAgg::WorstCase).ok()
        ));
    }

    #[test]
    fn bootstrap_is_reproducible(r in rows(), seed in any::<u64>()) {
        let o = BinaryOutcomes::new(&r.y_true, &r.y_pred).unwrap();
        let g = groups_of(&r.group, NAMES);
        let audit = FairnessAudit::params().bootstrap(8, seed).build().unwrap();
        prop_assert_eq!(audit.run(&o, &g).unwrap(), audit.run(&o, &g).unwrap());
    }
}

#[test]
fn group_key_display_matches_fixture_labels() {
    let k = GroupKey(vec![Some("Male".into()), Some("White".into())]);
    assert_eq!(k.to_string(), "Male & White");
}
