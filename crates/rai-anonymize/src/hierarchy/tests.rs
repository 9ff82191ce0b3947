//! Unit tests for hierarchies and their builders.

use super::*;

const ADULT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/arx-adult"
);

#[test]
fn reads_arx_files_as_they_are() -> Result<()> {
    let expect = [
        ("sex", 2, 2),
        ("age", 100, 5),
        ("race", 5, 2),
        ("marital-status", 7, 3),
        ("education", 16, 4),
        ("native-country", 41, 3),
        ("workclass", 8, 3),
        ("salary-class", 2, 2),
        ("occupation", 14, 3),
    ];
    for (col, rows, levels) in expect {
        let h = Hierarchy::from_arx_csv_path(format!("{ADULT}/adult_hierarchy_{col}.csv"), None)?;
        assert_eq!(h.n_rows(), rows, "{col}");
        assert_eq!(h.n_levels(), levels, "{col}");
        assert_eq!(h.label(0, h.max_level()), Some("*"));
    }
    Ok(())
}

#[test]
fn crlf_and_missing_final_newline() -> Result<()> {
    let a = Hierarchy::from_arx_csv_bytes(b"a;x;*\r\nb;x;*\r\nc;y;*", "t", None)?;
    let b = Hierarchy::from_arx_csv_bytes(b"a;x;*\nb;x;*\nc;y;*\n\n", "t", Some(b';'))?;
    assert_eq!(a, b);
    assert_eq!(a.rows_with_label(1, "x"), 2);
    assert_eq!(a.generalise("c", 1), Some("y"));
    assert_eq!(a.generalise("d", 1), None);
    let c = Hierarchy::from_arx_csv_bytes(b"a,x,*\nb,x,*\n", "t", None)?;
    assert_eq!(c.generalise("b", 1), Some("x"));
    Ok(())
}

#[test]
fn rejects_bad_hierarchies() {
    assert!(Hierarchy::from_arx_csv_bytes(b"", "t", None).is_err());
    assert!(Hierarchy::from_arx_csv_bytes(b"a;x;*\nb;*\n", "t", None).is_err());
    assert!(Hierarchy::from_arx_csv_bytes(b"a;x;*\na;y;*\n", "t", None).is_err());
    // not a tree: x -> p and x -> q
    assert!(Hierarchy::from_arx_csv_bytes(b"a;x;p;*\nb;x;q;*\n", "t", None).is_err());
}

#[test]
fn builders() -> Result<()> {
    let f = flat_hierarchy(&["a", "b", "a"])?;
    assert_eq!(f.n_rows(), 2);
    assert_eq!(f.n_levels(), 2);
    let i = interval_hierarchy(&["5", "12", "27"], &[10.0, 20.0])?;
    assert_eq!(i.generalise("12", 1), Some("[10-20)"));
    assert_eq!(i.generalise("27", 2), Some("[20-40)"));
    assert!(interval_hierarchy(&["5"], &[10.0, 15.0]).is_err());
    assert!(interval_hierarchy(&["x"], &[10.0]).is_err());
    assert!(interval_hierarchy(&["1"], &[0.0]).is_err());
    let ages: Vec<String> = (0..200).map(|i| (i % 80 + 10).to_string()).collect();
    let q = quantile_hierarchy(&ages)?;
    assert!(q.n_levels() >= 3);
    assert_eq!(q.label(0, q.max_level()), Some("*"));
    assert!(q.generalise("10", 1).is_some_and(|l| l.starts_with("[10-")));
    let d = date_hierarchy(&["2020-01-31", "2020-02-01"])?;
    assert_eq!(d.generalise("2020-01-31", 1), Some("2020-01"));
    assert_eq!(d.generalise("2020-02-01", 2), Some("2020"));
    assert!(date_hierarchy(&["2020-13-01"]).is_err());
    let m = masking_hierarchy(&["12345", "123"], 2)?;
    assert_eq!(m.generalise("12345", 1), Some("123**"));
    assert_eq!(m.generalise("123", 2), Some("***"));
    assert_eq!(m.generalise("123", 3), Some("*"));
    assert!(masking_hierarchy(&["1"], 0).is_err());
    let t = top_bottom_coding_hierarchy(&["1", "50", "99"], Some(10.0), Some(90.0))?;
    assert_eq!(t.generalise("1", 1), Some("<10"));
    assert_eq!(t.generalise("50", 1), Some("50"));
    assert_eq!(t.generalise("99", 1), Some(">90"));
    assert!(top_bottom_coding_hierarchy(&["1"], Some(5.0), Some(1.0)).is_err());
    Ok(())
}
