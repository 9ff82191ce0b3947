//! `rai risk`.

use super::common::*;

#[test]
fn risk_json_on_embedded_adult() {
    let o = run(&[
        "risk",
        "--data",
        adult_gz().to_str().unwrap(),
        "--quasi-identifiers",
        "age,sex,race",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["records"], 32561);
    let classes = v["equivalence_classes"].as_f64().unwrap();
    assert!((v["prosecutor"]["average_risk"].as_f64().unwrap() - classes / 32561.0).abs() < 1e-12);
    assert_eq!(
        v["prosecutor"]["highest_risk"].as_f64().unwrap(),
        1.0 / v["smallest_class"].as_f64().unwrap()
    );
    let o = run(&[
        "risk",
        "--data",
        adult_gz().to_str().unwrap(),
        "--quasi-identifiers",
        "age,sex",
    ]);
    assert!(o.status.success());
    assert!(stdout(&o).contains("prosecutor"));
}

#[test]
fn unknown_quasi_identifier_is_named() {
    let o = run(&[
        "risk",
        "--data",
        adult_gz().to_str().unwrap(),
        "--quasi-identifiers",
        "age,postcode",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("postcode"), "{}", stderr(&o));
}
