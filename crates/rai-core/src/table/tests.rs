//! Unit tests for tables and CSV loading.

use super::*;
use crate::Error;

fn load(text: &str) -> crate::Result<Table> {
    Table::from_csv_bytes(text.as_bytes(), "t.csv", &CsvOptions::default())
}

#[test]
fn infers_types_and_missing_tokens() -> crate::Result<()> {
    let t = load("a,b,c\n1,x,\n2.5,NA,3\n?,y,4\n")?;
    assert_eq!(t.n_rows(), 3);
    assert_eq!(t.column("a")?.column_type(), ColumnType::Numeric);
    assert_eq!(t.column("b")?.column_type(), ColumnType::Categorical);
    assert_eq!(t.column("c")?.column_type(), ColumnType::Numeric);
    assert!(t.numeric("a")?.values()[2].is_nan());
    assert_eq!(t.categorical("b")?.get(1), None);
    assert_eq!(
        t.categorical("b")?.levels(),
        &["x".to_string(), "y".to_string()]
    );
    assert_eq!(t.column("c")?.missing_count(), 1);
    Ok(())
}

#[test]
fn column_switching_to_categorical_keeps_original_text() -> crate::Result<()> {
    let t = load("v\n1.50\n2\nthree\n1.50\n")?;
    let c = t.categorical("v")?;
    assert_eq!(c.levels(), &["1.50", "2", "three"]);
    assert_eq!(c.codes(), &[0, 1, 2, 0]);
    Ok(())
}

#[test]
fn forced_types() -> crate::Result<()> {
    let opts = CsvOptions::default().with_type("zip", ColumnType::Categorical);
    let t = Table::from_csv_bytes(b"zip,n\n01234,1\n", "t.csv", &opts)?;
    assert_eq!(t.categorical("zip")?.get(0), Some("01234"));
    let opts = CsvOptions::default().with_type("n", ColumnType::Numeric);
    let err = Table::from_csv_bytes(b"zip,n\n1,2\n3,x\n", "t.csv", &opts).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("t.csv") && msg.contains("line 3") && msg.contains("`n`"),
        "{msg}"
    );
    let opts = CsvOptions::default().with_type("nope", ColumnType::Numeric);
    assert!(matches!(
        Table::from_csv_bytes(b"a\n1\n", "t.csv", &opts),
        Err(Error::UnknownColumn { .. })
    ));
    Ok(())
}

#[test]
fn ragged_rows_name_the_line() {
    let err = load("a,b\n1,2\n3\n").unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("t.csv") && msg.contains("line 3"), "{msg}");
}

#[test]
fn infinity_is_an_error_and_nan_is_missing() -> crate::Result<()> {
    let err = load("a\n1\ninf\n").unwrap_err();
    assert!(err.to_string().contains("line 3"), "{err}");
    let t = load("a\n1\nNaN\n")?;
    assert_eq!(t.column("a")?.missing_count(), 1);
    Ok(())
}

#[test]
fn header_problems() {
    assert!(load("").is_err());
    assert!(
        load("a,a\n1,2\n")
            .unwrap_err()
            .to_string()
            .contains("duplicate")
    );
    assert!(load("a,\n1,2\n").is_err());
}

#[test]
fn delimiter_detection_crlf_and_bom() -> crate::Result<()> {
    let t = Table::from_csv_bytes(
        b"\xEF\xBB\xBFsex;age\r\nMale;39\r\nFemale;50\r\n",
        "arx.csv",
        &CsvOptions::default(),
    )?;
    assert_eq!(t.column_names(), &["sex", "age"]);
    assert_eq!(t.numeric("age")?.values(), &[39.0, 50.0]);
    Ok(())
}

#[test]
fn header_only_gives_empty_table() -> crate::Result<()> {
    let t = load("a,b\n")?;
    assert_eq!(t.n_rows(), 0);
    assert_eq!(t.n_columns(), 2);
    Ok(())
}

#[test]
fn feature_matrix_selects_by_name() -> crate::Result<()> {
    let t = load("a,b,c\n1,x,10\n2,y,\n")?;
    let x = t.feature_matrix(&["c", "a"])?;
    assert_eq!(x.shape(), &[2, 2]);
    assert_eq!(x[[0, 0]], 10.0);
    assert!(x[[1, 0]].is_nan());
    assert_eq!(x[[1, 1]], 2.0);
    assert!(matches!(
        t.feature_matrix(&["b"]),
        Err(Error::ColumnType { .. })
    ));
    assert!(matches!(
        t.feature_matrix(&["zz"]),
        Err(Error::UnknownColumn { .. })
    ));
    Ok(())
}

#[test]
fn gzip_is_transparent() -> crate::Result<()> {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(b"a\n1\n2\n")
        .map_err(|e| Error::io("gz", e))?;
    let gz = enc.finish().map_err(|e| Error::io("gz", e))?;
    let bytes = decompress_if_gzip(gz, "x.gz")?;
    let t = Table::from_csv_bytes(&bytes, "x.gz", &CsvOptions::default())?;
    assert_eq!(t.n_rows(), 2);
    Ok(())
}

#[test]
fn select_rows_and_write_round_trip() -> crate::Result<()> {
    let t = load("a,b\n1,x\n2.5,\n3,z\n")?;
    let s = t.select_rows(&[2, 0])?;
    assert_eq!(s.numeric("a")?.values(), &[3.0, 1.0]);
    assert!(t.select_rows(&[3]).is_err());
    let mut out = Vec::new();
    t.write_csv(&mut out)
        .map_err(|e| Error::invalid_parameter("w", e, "ok"))?;
    let back = Table::from_csv_bytes(&out, "back", &CsvOptions::default())?;
    assert_eq!(back, t);
    Ok(())
}

#[test]
fn summary_counts() -> crate::Result<()> {
    let t = load("a,b\n1,x\n3,x\n,y\n")?;
    let s = t.summary();
    assert_eq!(s.rows, 3);
    assert_eq!(s.schema[0].missing, 1);
    assert_eq!(s.schema[0].mean, Some(2.0));
    assert_eq!(s.schema[1].levels[0].level, "x");
    assert_eq!(s.schema[1].levels[0].count, 2);
    Ok(())
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn numeric_round_trip(values in proptest::collection::vec(proptest::option::of(-1e12f64..1e12), 1..40)) {
            let mut text = String::from("i,x\n");
            for (i, v) in values.iter().enumerate() {
                match v { Some(v) => text.push_str(&format!("{i},{v}\n")), None => text.push_str(&format!("{i},\n")) }
            }
            let t = Table::from_csv_bytes(text.as_bytes(), "p", &CsvOptions::default()).unwrap();
            let col = t.numeric("x").unwrap();
            prop_assert_eq!(col.len(), values.len());
            for (a, b) in col.values().iter().zip(&values) {
                match b { Some(b) => prop_assert_eq!(*a, *b), None => prop_assert!(a.is_nan()) }
            }
        }

        #[test]
        fn categorical_codes_decode_to_input(values in proptest::collection::vec("[a-z]{1,3}", 1..40)) {
            let text = format!("k\n{}\n", values.join("\n"));
            let t = Table::from_csv_bytes(text.as_bytes(), "p", &CsvOptions::default()).unwrap();
            let c = t.categorical("k").unwrap();
            for (i, v) in values.iter().enumerate() {
                prop_assert_eq!(c.get(i), Some(v.as_str()));
            }
        }
    }
}

mod parallel {
    //! Files above the parallel threshold are split at line ends; results must equal a
    //! single pass.
    use super::*;

    fn big(rows: usize, text_at: Option<usize>, ragged_at: Option<usize>) -> String {
        let mut s = String::from("id,v,c\n");
        for i in 0..rows {
            if ragged_at == Some(i) {
                s.push_str(&format!("{i},1\n"));
                continue;
            }
            let v = if text_at == Some(i) {
                "n/a".to_string()
            } else {
                format!("{}.5", i % 97)
            };
            let c = ["a", "b", "", "d"][i % 4];
            s.push_str(&format!("{i},{v},{c}\n"));
        }
        s
    }

    #[test]
    fn parallel_parse_equals_single_pass() -> crate::Result<()> {
        let rows = 400_000; // > 4 MiB
        let text = big(rows, Some(rows - 10), None);
        assert!(text.len() >= 4 << 20);
        let par = Table::from_csv_bytes(text.as_bytes(), "big.csv", &CsvOptions::default())?;
        // a quote anywhere forces the single-pass parser; quoting the header is harmless
        let quoted = text.replacen("id,v,c", "\"id\",v,c", 1);
        let seq = Table::from_csv_bytes(quoted.as_bytes(), "big.csv", &CsvOptions::default())?;
        assert_eq!(par, seq);
        assert_eq!(par.n_rows(), rows);
        // `v` turned categorical near the end: every earlier cell keeps its text
        let v = par.categorical("v")?;
        assert_eq!(v.get(0), Some("0.5"));
        assert_eq!(v.get(rows - 10), Some("n/a"));
        assert_eq!(v.levels()[0], "0.5");
        assert_eq!(par.column("c")?.missing_count(), rows / 4);
        assert_eq!(par.numeric("id")?.values()[rows - 1], (rows - 1) as f64);
        Ok(())
    }

    #[test]
    fn parallel_errors_name_the_absolute_line() {
        let rows = 400_000;
        let text = big(rows, None, Some(350_000));
        assert!(text.len() >= 4 << 20);
        let err =
            Table::from_csv_bytes(text.as_bytes(), "big.csv", &CsvOptions::default()).unwrap_err();
        // data row 350,000 is line 350,002 (header is line 1)
        assert!(err.to_string().contains("line 350002"), "{err}");
    }
}
