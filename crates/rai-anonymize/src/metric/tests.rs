//! Unit tests for the metric definitions.

use super::*;
use crate::hierarchy::Hierarchy;

#[test]
fn names_round_trip() -> Result<()> {
    for m in [
        Metric::Loss,
        Metric::Discernibility,
        Metric::DiscernibilityMonotonic,
        Metric::Precision,
        Metric::Entropy,
    ] {
        assert_eq!(Metric::from_name(m.name())?, m);
    }
    assert!(Metric::from_name("nope").is_err());
    Ok(())
}

#[test]
fn truncation_and_geometric_mean() {
    assert_eq!(truncate10(0.123_456_789_019_9), 0.123_456_789);
    // ARX's k5_loss_s0 optimum: five attributes at 1, three at 0
    let v = [0.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0];
    assert_eq!(MetricTables::geometric(&v), 0.542210825407941);
}

#[test]
fn tables_on_a_tiny_column() -> Result<()> {
    let h = Hierarchy::from_arx_csv_bytes(b"a;x;*\nb;x;*\nc;y;*\nd;y;*\n", "h", None)?;
    let cells: Vec<String> = ["a", "a", "b", "c"].iter().map(|s| s.to_string()).collect();
    let qi = EncodedQi::new("c", &cells, &h)?;
    let t = MetricTables::new(&[qi]);
    // level 0: shares 1/4 each -> loss 0; level 2 -> loss 1
    assert_eq!(t.level_bound(Metric::Loss, &[0]), Some(0.0));
    assert_eq!(t.level_bound(Metric::Loss, &[2]), Some(1.0));
    // level 1: shares 1/2 -> raw 2, min 1, max 4 -> 1/3
    let l1 = t.level_bound(Metric::Loss, &[1]).unwrap_or(f64::NAN);
    assert!((l1 - truncate10(1.0 / 3.0)).abs() < 1e-15);
    assert_eq!(t.level_bound(Metric::Precision, &[1]), Some(0.5));
    // entropy at level 1: a:2 and b:1 in x (3), c:1 in y -> -(2 log2 2/3 + log2 1/3)
    let e = -(2.0 * (2.0f64 / 3.0).log2() + (1.0f64 / 3.0).log2());
    assert_eq!(t.level_bound(Metric::Entropy, &[1]), Some(truncate10(e)));
    assert_eq!(t.level_bound(Metric::Discernibility, &[1]), None);
    Ok(())
}
