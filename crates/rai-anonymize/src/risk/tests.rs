//! Unit and property tests for the risk models.

use super::*;
use rai_core::CsvOptions;

fn table(text: &str) -> Table {
    Table::from_csv_bytes(text.as_bytes(), "t.csv", &CsvOptions::default()).unwrap()
}

#[test]
fn figures_on_a_small_table() {
    let t = table("a,b\nx,1\nx,1\nx,1\ny,2\ny,2\nz,3\n");
    let r = assess(&t, &["a", "b"], &RiskParams { threshold: 0.4 }).unwrap();
    assert_eq!(r.records, 6);
    assert_eq!(r.equivalence_classes, 3);
    assert_eq!(r.smallest_class, 1);
    assert_eq!(r.prosecutor.highest_risk, 1.0);
    assert!((r.prosecutor.records_at_highest_risk - 1.0 / 6.0).abs() < 1e-15);
    assert!((r.prosecutor.average_risk - 0.5).abs() < 1e-15);
    // risks 1/3, 1/2, 1 -> above 0.4: the classes of size 2 and 1 -> 3 records
    assert!((r.prosecutor.records_above_threshold - 0.5).abs() < 1e-15);
    assert_eq!(r.journalist, r.prosecutor);
    assert!((r.marketer.success_rate - 0.5).abs() < 1e-15);
    assert_eq!(r.sample_uniques.count, 1);
}

#[test]
fn population_lowers_journalist_risk() {
    let s = table("a\nx\ny\n");
    let p = table("a\nx\nx\ny\ny\ny\ny\n");
    let r = assess_with_population(&s, &["a"], Some(&p), &RiskParams::default()).unwrap();
    assert_eq!(r.prosecutor.highest_risk, 1.0);
    assert_eq!(r.journalist.highest_risk, 0.5);
    assert!((r.marketer.success_rate - (0.5 + 0.25) / 2.0).abs() < 1e-15);
    // ARX: max(|C| / sum F = 2/6, mean f/F = 0.375)
    assert!((r.journalist.average_risk - 0.375).abs() < 1e-15);
    let missing = table("a\nz\n");
    assert!(assess_with_population(&missing, &["a"], Some(&p), &RiskParams::default()).is_err());
}

#[test]
fn missing_values_are_a_value_and_bad_input_is_an_error() {
    let t = table("a,b\n,1\n,1\nx,\n");
    let r = assess(&t, &["a", "b"], &RiskParams::default()).unwrap();
    assert_eq!(r.equivalence_classes, 2);
    assert!(assess(&t, &["nope"], &RiskParams::default()).is_err());
    let none: [&str; 0] = [];
    assert!(assess(&t, &none, &RiskParams::default()).is_err());
    assert!(assess(&t, &["a"], &RiskParams { threshold: 0.0 }).is_err());
    assert!(assess(&table("a\n"), &["a"], &RiskParams::default()).is_err());
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn risk_bounds_and_row_order_invariance(values in proptest::collection::vec(0u8..4, 1..60)) {
            let mut text = String::from("q\n");
            for v in &values { text.push_str(&format!("v{v}\n")); }
            let t = table(&text);
            let r = assess(&t, &["q"], &RiskParams::default()).unwrap();
            prop_assert!(r.prosecutor.average_risk <= r.prosecutor.highest_risk + 1e-15);
            prop_assert!(r.prosecutor.highest_risk <= 1.0 && r.prosecutor.average_risk > 0.0);
            prop_assert!((r.prosecutor.highest_risk - 1.0 / r.smallest_class as f64).abs() < 1e-15);
            let mut rev = String::from("q\n");
            for v in values.iter().rev() { rev.push_str(&format!("v{v}\n")); }
            let r2 = assess(&table(&rev), &["q"], &RiskParams::default()).unwrap();
            prop_assert_eq!(r.prosecutor, r2.prosecutor);
        }
    }
}
