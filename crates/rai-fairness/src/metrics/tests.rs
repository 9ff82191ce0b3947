//! Unit tests of the metrics.

use super::*;

fn stats(cells: [(bool, bool, f64); 4], reps: [usize; 4]) -> ConfusionStats {
    let mut s = ConfusionStats::default();
    for ((t, p, w), r) in cells.iter().zip(reps) {
        for _ in 0..r {
            s.add(*t, *p, *w);
        }
    }
    s
}

#[test]
fn rates_from_a_known_confusion_matrix() {
    // tn=5, fp=3, fn=2, tp=10
    let s = stats(
        [
            (false, false, 1.0),
            (false, true, 1.0),
            (true, false, 1.0),
            (true, true, 1.0),
        ],
        [5, 3, 2, 10],
    );
    let m = BinaryMetrics::from_stats(&s, None, Err(Undefined::NoScores));
    assert_eq!(m.count, 20);
    assert_eq!(m.base_rate, Some(12.0 / 20.0));
    assert_eq!(m.selection_rate, Some(13.0 / 20.0));
    assert_eq!(m.true_positive_rate, Some(10.0 / 12.0));
    assert_eq!(m.false_positive_rate, Some(3.0 / 8.0));
    assert_eq!(m.true_negative_rate, Some(5.0 / 8.0));
    assert_eq!(m.false_negative_rate, Some(2.0 / 12.0));
    assert_eq!(m.precision, Some(10.0 / 13.0));
    assert_eq!(m.negative_predictive_value, Some(5.0 / 7.0));
    assert_eq!(m.accuracy, Some(15.0 / 20.0));
    assert_eq!(m.balanced_accuracy, Some(0.5 * (10.0 / 12.0 + 5.0 / 8.0)));
    assert_eq!(m.f1, Some(20.0 / 25.0));
    assert_eq!(m.roc_auc, None);
    assert_eq!(m.undefined.get("roc_auc"), Some(&Undefined::NoScores));
    assert_eq!(m.undefined.get("brier_score"), Some(&Undefined::NoScores));
}

#[test]
fn single_class_group_has_undefined_rates_not_zero() {
    let s = stats(
        [
            (true, true, 1.0),
            (true, false, 1.0),
            (true, true, 0.0),
            (true, true, 0.0),
        ],
        [2, 1, 0, 0],
    );
    let m = BinaryMetrics::from_stats(&s, None, Err(Undefined::NoScores));
    assert_eq!(m.false_positive_rate, None);
    assert_eq!(m.true_negative_rate, None);
    assert_eq!(m.balanced_accuracy, None);
    assert_eq!(
        m.undefined["false_positive_rate"],
        Undefined::NoActualNegatives
    );
    assert_eq!(m.true_positive_rate, Some(2.0 / 3.0));
    let json = serde_json::to_value(&m).unwrap();
    assert!(json["false_positive_rate"].is_null());
    assert_eq!(
        json["undefined"]["false_positive_rate"],
        "no_actual_negatives"
    );
}

#[test]
fn empty_and_zero_weight_groups() {
    let empty = ConfusionStats::default();
    for m in BinaryMetric::ALL {
        assert_eq!(m.compute(&empty, None), Err(Undefined::NoRows), "{m:?}");
    }
    let zero = stats(
        [
            (true, true, 0.0),
            (false, false, 0.0),
            (true, true, 0.0),
            (true, true, 0.0),
        ],
        [1, 1, 0, 0],
    );
    assert_eq!(
        BinaryMetric::SelectionRate.compute(&zero, None),
        Err(Undefined::ZeroWeight)
    );
    assert_eq!(
        BinaryMetric::TruePositiveRate.compute(&zero, None),
        Err(Undefined::NoActualPositives)
    );
}

#[test]
fn f1_and_precision_without_positives() {
    let s = stats(
        [
            (false, false, 1.0),
            (false, false, 1.0),
            (false, false, 1.0),
            (false, false, 1.0),
        ],
        [1, 0, 0, 0],
    );
    assert_eq!(
        BinaryMetric::F1.compute(&s, None),
        Err(Undefined::NoPositives)
    );
    assert_eq!(
        BinaryMetric::Precision.compute(&s, None),
        Err(Undefined::NoPredictedPositives)
    );
    assert_eq!(BinaryMetric::Accuracy.compute(&s, None), Ok(1.0));
}

#[test]
fn brier_and_calibration_error() {
    let mut sc = ScoreStats::default();
    let mut c = ConfusionStats::default();
    // bin 9: scores 0.9, 0.95 with labels 1, 0; bin 1: 0.1 with label 0
    for (y, s, w) in [(true, 0.9, 1.0), (false, 0.95, 1.0), (false, 0.1, 2.0)] {
        sc.add(y, s, w);
        c.add(y, s > 0.5, w);
    }
    let brier = (0.01 + 0.9025 + 2.0 * 0.01) / 4.0;
    let ece = 2.0 / 4.0 * (0.5f64 - 0.925).abs() + 2.0 / 4.0 * (0.0f64 - 0.1).abs();
    let b = BinaryMetric::BrierScore.compute(&c, Some(&sc)).unwrap();
    let e = BinaryMetric::ExpectedCalibrationError
        .compute(&c, Some(&sc))
        .unwrap();
    assert!((b - brier).abs() < 1e-15);
    assert!((e - ece).abs() < 1e-15);
}

#[test]
fn auc_handles_ties_weights_and_single_class() {
    // ties count one half
    assert_eq!(roc_auc(&[true, false], &[0.5, 0.5], None), Ok(0.5));
    assert_eq!(roc_auc(&[true, false], &[0.9, 0.1], None), Ok(1.0));
    assert_eq!(roc_auc(&[true, false], &[0.1, 0.9], None), Ok(0.0));
    // integer weights equal repeated rows
    let y = [true, false, true, false];
    let s = [0.8, 0.6, 0.3, 0.3];
    let w = [2.0, 1.0, 1.0, 3.0];
    let rep_y = [true, true, false, true, false, false, false];
    let rep_s = [0.8, 0.8, 0.6, 0.3, 0.3, 0.3, 0.3];
    assert_eq!(roc_auc(&y, &s, Some(&w)), roc_auc(&rep_y, &rep_s, None));
    assert_eq!(
        roc_auc(&[true, true], &[0.1, 0.2], None),
        Err(Undefined::NoActualNegatives)
    );
    assert_eq!(
        roc_auc(&[false], &[0.1], None),
        Err(Undefined::NoActualPositives)
    );
    assert_eq!(roc_auc(&[], &[], None), Err(Undefined::NoRows));
}

#[test]
fn names_are_unique_and_values_cover_every_metric() {
    let m = BinaryMetrics::from_stats(&ConfusionStats::default(), None, Err(Undefined::NoScores));
    let names: Vec<&str> = m.values().iter().map(|(n, _)| *n).collect();
    let mut dedup = names.clone();
    dedup.sort_unstable();
    dedup.dedup();
    assert_eq!(names.len(), 14);
    assert_eq!(dedup.len(), 14);
    assert!(names.contains(&"roc_auc"));
}
