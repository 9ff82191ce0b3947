//! `rai describe`.

use super::common::*;

#[test]
fn describes_embedded_adult_as_json() {
    let o = run(&[
        "describe",
        "--data",
        adult_gz().to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["rows"], 32561);
    assert_eq!(v["columns"], 15);
    let schema = v["schema"].as_array().unwrap();
    let occ = schema.iter().find(|c| c["name"] == "occupation").unwrap();
    assert_eq!(occ["type"], "categorical");
    assert_eq!(occ["missing"], 1843);
    let age = schema.iter().find(|c| c["name"] == "age").unwrap();
    assert_eq!(age["type"], "numeric");
    assert_eq!(age["min"], 17.0);
}

#[test]
fn bad_file_is_exit_1_with_the_line() {
    let dir = tempdir();
    let p = write(dir.path(), "bad.csv", "a,b\n1,2\n3\n");
    let o = run(&["describe", "--data", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("line 3"), "{}", stderr(&o));
}

#[test]
fn usage_error_is_exit_2() {
    let o = run(&["describe"]);
    assert_eq!(o.status.code(), Some(2));
}
