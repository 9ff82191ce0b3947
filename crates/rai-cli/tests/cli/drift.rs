//! `rai drift` on Adult train vs test and on a shifted copy.

use super::common::{run, shared_data, stderr, stdout, tempdir, write};

#[test]
fn adult_train_vs_test_json() {
    let (Some(train), Some(test)) = (shared_data("adult.csv"), shared_data("adult-test.csv"))
    else {
        return;
    };
    let out = run(&[
        "drift",
        "--reference",
        train.to_str().unwrap(),
        "--current",
        test.to_str().unwrap(),
        "--columns",
        "age,sex,hours_per_week",
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let j: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let f = j["features"].as_array().unwrap();
    assert_eq!(f.len(), 3);
    assert_eq!(f[0]["test"], "ks");
    assert_eq!(f[1]["test"], "chi2");
    for c in f {
        for key in ["statistic", "p_value", "psi", "drift"] {
            assert!(c.get(key).is_some(), "missing {key}");
        }
    }
    assert!(j["mmd_p_value"].as_f64().is_some());
}

#[test]
fn shifted_data_drifts_and_can_fail() {
    let dir = tempdir();
    let mut a = String::from("x,c\n");
    let mut b = String::from("x,c\n");
    for i in 0..200 {
        a.push_str(&format!(
            "{},{}\n",
            i % 50,
            if i % 2 == 0 { "u" } else { "v" }
        ));
        b.push_str(&format!("{},{}\n", i % 50 + 20, "u"));
    }
    let (ra, rb) = (
        write(dir.path(), "a.csv", &a),
        write(dir.path(), "b.csv", &b),
    );
    let (ra, rb) = (ra.to_str().unwrap(), rb.to_str().unwrap());
    let out = run(&["drift", "--reference", ra, "--current", rb]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("2 of 2 columns drift"),
        "{}",
        stdout(&out)
    );
    let out = run(&[
        "drift",
        "--reference",
        ra,
        "--current",
        rb,
        "--fail-on-drift",
        "--seed",
        "4",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let out = run(&[
        "drift",
        "--reference",
        ra,
        "--current",
        rb,
        "--columns",
        "nope",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("nope"));
    // same seed, same bytes
    let j1 = run(&[
        "drift",
        "--reference",
        ra,
        "--current",
        rb,
        "--format",
        "json",
        "--seed",
        "9",
    ]);
    let j2 = run(&[
        "drift",
        "--reference",
        ra,
        "--current",
        rb,
        "--format",
        "json",
        "--seed",
        "9",
    ]);
    assert_eq!(j1.stdout, j2.stdout);
}
