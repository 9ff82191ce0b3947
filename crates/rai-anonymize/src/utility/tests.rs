//! Utility metrics on hand-computed examples.

use super::*;

fn table(csv: &str) -> Result<StringTable> {
    StringTable::from_csv_bytes(csv.as_bytes(), "t", None)
}

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| (*x).to_string()).collect()
}

#[test]
fn hierarchical_ncp_precision_and_suppression() -> Result<()> {
    let h = Hierarchy::from_rows(vec![
        s(&["a", "X", "*"]),
        s(&["b", "X", "*"]),
        s(&["c", "Y", "*"]),
        s(&["d", "Y", "*"]),
        s(&["e", "Y", "*"]),
    ])?;
    let input = table("v\na\nb\nc\nd\ne\n")?;
    let out = table("v\nX\nX\n*\n*\n")?; // one record suppressed
    let qi = [QuasiIdentifier::hierarchical("v", h)];
    let u = information_loss(&input, &out, &qi, 1, Some(2))?;
    // cells: X -> (2-1)/(5-1) = 0.25 twice; * -> 1 twice; suppressed -> 1
    assert!((u.ncp - (0.5 + 2.0 + 1.0) / 5.0).abs() < 1e-12);
    assert_eq!(u.discernibility, 4.0 + 4.0 + 5.0);
    assert_eq!(u.average_class_size, Some(2.0));
    assert_eq!(u.c_avg, Some(1.0));
    // precision: levels 1/2, 1/2, 1, 1 over 4 cells
    assert!((u.precision.unwrap_or(0.0) - (1.0 - 3.0 / 4.0)).abs() < 1e-12);
    Ok(())
}

#[test]
fn numeric_intervals_of_both_kinds() -> Result<()> {
    let input = table("x\n-10\n10\n0\n")?;
    let out = table("x\n[-10-0]\n[0-10)\n0\n")?;
    let u = information_loss(&input, &out, &[QuasiIdentifier::numeric("x")], 0, None)?;
    assert!((u.ncp - (0.5 + 0.5 + 0.0) / 3.0).abs() < 1e-12);
    assert_eq!(u.c_avg, None);
    Ok(())
}

#[test]
fn bad_release_is_an_error() -> Result<()> {
    let input = table("x\n1\n2\n")?;
    let out = table("x\nabc\n2\n")?;
    let e = information_loss(&input, &out, &[QuasiIdentifier::numeric("x")], 0, None);
    assert!(matches!(e, Err(Error::InvalidParameter { ref name, .. }) if name.contains("row 1")));
    let out = table("x\n1\n")?;
    assert!(information_loss(&input, &out, &[QuasiIdentifier::numeric("x")], 0, None).is_err());
    assert!(information_loss(&input, &input, &[], 0, None).is_err());
    Ok(())
}

#[test]
fn naive_bayes_learns_a_deterministic_rule() -> Result<()> {
    let mut csv = String::from("f,y\n");
    for i in 0..50 {
        csv.push_str(if i % 2 == 0 { "a,yes\n" } else { "b,no\n" });
    }
    let t = table(&csv)?;
    assert_eq!(classifier_accuracy(&t, &["f"], "y")?, Some(1.0));
    let tiny = table("f,y\na,yes\n")?;
    assert_eq!(classifier_accuracy(&tiny, &["f"], "y")?, None);
    assert!(classifier_accuracy(&t, &[], "y").is_err());
    Ok(())
}
