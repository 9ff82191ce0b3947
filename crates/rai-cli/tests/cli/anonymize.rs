//! `rai anonymize` on ARX's Adult files and on small hand-made tables.

use super::common::{run, shared_data, stderr, tempdir, write};

const QIS: &str = "sex,age,race,marital-status,education,native-country,workclass,salary-class";

fn arx_args(dir: &std::path::Path) -> Option<Vec<String>> {
    let adult = shared_data("arx-adult")?;
    let mut a = vec![
        "anonymize".to_string(),
        "--data".into(),
        adult.join("adult.csv").display().to_string(),
        "--quasi-identifiers".into(),
        QIS.into(),
        "--k".into(),
        "5".into(),
        "--output".into(),
        dir.join("out.csv").display().to_string(),
        "--report".into(),
        dir.join("report.json").display().to_string(),
    ];
    for c in QIS.split(',') {
        a.push("--hierarchy".into());
        a.push(format!(
            "{c}={}",
            adult.join(format!("adult_hierarchy_{c}.csv")).display()
        ));
    }
    Some(a)
}

fn json(path: &std::path::Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn arx_adult_k5_two_percent_matches_arx() {
    let dir = tempdir();
    let Some(mut args) = arx_args(dir.path()) else {
        return;
    };
    args.extend(["--max-suppression".into(), "0.02".into()]);
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = run(&argv);
    assert!(o.status.success(), "{}", stderr(&o));
    let r = json(&dir.path().join("report.json"));
    // ARX 3.9.2: [0,3,0,2,2,1,1,0], 506 suppressed, loss 0.2464771552496603
    assert_eq!(r["suppressed_records"], 506);
    assert_eq!(r["input_records"], 30162);
    assert_eq!(r["output_records"], 30162 - 506);
    assert_eq!(r["generalisation"]["age"], 3);
    assert_eq!(r["generalisation"]["marital-status"], 2);
    assert_eq!(r["generalisation"]["sex"], 0);
    let score = r["score"].as_f64().unwrap();
    assert!((score - 0.2464771552496603).abs() < 1e-12);
    assert!(r["k"].as_u64().unwrap() >= 5);
    assert_eq!(r["metric"], "loss");
    // Output: same header, occupation (not a QI) byte-identical on kept rows.
    let input =
        std::fs::read_to_string(shared_data("arx-adult").unwrap().join("adult.csv")).unwrap();
    let out = std::fs::read_to_string(dir.path().join("out.csv")).unwrap();
    let in_lines: Vec<&str> = input.lines().collect();
    let out_lines: Vec<&str> = out.lines().collect();
    assert_eq!(in_lines[0].trim_end(), out_lines[0]);
    assert_eq!(out_lines.len() - 1, 30162 - 506);
    let occ_in: Vec<&str> = in_lines[1..]
        .iter()
        .map(|l| l.split(';').nth(7).unwrap())
        .collect();
    let occ_out: Vec<&str> = out_lines[1..]
        .iter()
        .map(|l| l.split(';').nth(7).unwrap())
        .collect();
    // kept rows are a subsequence of the input in order
    let mut i = 0;
    for o in &occ_out {
        while occ_in[i] != *o {
            i += 1;
        }
        i += 1;
    }
}

#[test]
fn metric_and_l_diversity_options() {
    let dir = tempdir();
    let Some(mut args) = arx_args(dir.path()) else {
        return;
    };
    args.extend(
        [
            "--max-suppression",
            "0.02",
            "--metric",
            "discernibility",
            "--sensitive",
            "occupation",
            "--l",
            "3",
        ]
        .map(String::from),
    );
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = run(&argv);
    assert!(o.status.success(), "{}", stderr(&o));
    let r = json(&dir.path().join("report.json"));
    // ARX 3.9.2: k5 + distinct 3-diversity, DM, 2%: 9268952 with 60 suppressed
    assert_eq!(r["score"].as_f64().unwrap(), 9268952.0);
    assert_eq!(r["suppressed_records"], 60);
    assert!(r["l"].as_u64().unwrap() >= 3);
}

#[test]
fn small_table_defaults_intervals_and_t_closeness() {
    let dir = tempdir();
    let mut csv = String::from("id,age,zip,disease\n");
    let zips = ["1301", "1302", "1401", "1402"];
    let dis = ["flu", "cold", "hiv", "flu", "cancer"];
    for i in 0..40 {
        csv.push_str(&format!(
            "\"p, {i}\",{},{},{}\n",
            20 + (i * 7) % 40,
            zips[i % 4],
            dis[i % 5]
        ));
    }
    let data = write(dir.path(), "d.csv", &csv);
    let out = dir.path().join("o.csv");
    let rep = dir.path().join("r.json");
    let o = run(&[
        "anonymize",
        "--data",
        data.to_str().unwrap(),
        "--quasi-identifiers",
        "age,zip",
        "--sensitive",
        "disease",
        "--k",
        "4",
        "--t",
        "0.4",
        "--interval",
        "age=5,10,20",
        "--output",
        out.to_str().unwrap(),
        "--report",
        rep.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let r = json(&rep);
    assert!(r["k"].as_u64().unwrap() >= 4);
    assert!(r["t"].as_f64().unwrap() <= 0.4 + 1e-12);
    assert_eq!(r["parameters"]["t_distance"], "equal");
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("id,age,zip,disease\n"));
    assert!(text.contains("\"p, 0\""), "{text}");
}

#[test]
fn bad_input_is_an_error_and_writes_nothing() {
    let dir = tempdir();
    let data = write(dir.path(), "d.csv", "a;b\n1;x\n2;y\n3;x\n");
    let hier = write(dir.path(), "h.csv", "1;*\n2;*\n");
    let out = dir.path().join("o.csv");
    let cases: Vec<Vec<&str>> = vec![
        vec!["--quasi-identifiers", "nope", "--k", "2"],
        vec!["--quasi-identifiers", "a", "--k", "9"],
        vec!["--quasi-identifiers", "a", "--k", "2", "--hierarchy"],
        vec!["--quasi-identifiers", "a", "--k", "2", "--l", "2"],
        vec![
            "--quasi-identifiers",
            "a",
            "--k",
            "2",
            "--max-suppression",
            "2",
        ],
    ];
    for extra in cases {
        let mut args = vec![
            "anonymize",
            "--data",
            data.to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
        ];
        args.extend(extra.iter().copied());
        let o = run(&args);
        assert!(!o.status.success(), "{args:?}");
        assert!(!out.exists());
    }
    // value `3` missing from the hierarchy
    let h = format!("a={}", hier.display());
    let o = run(&[
        "anonymize",
        "--data",
        data.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
        "--quasi-identifiers",
        "a",
        "--k",
        "2",
        "--hierarchy",
        &h,
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("`3`"), "{}", stderr(&o));
    assert!(!out.exists());
}

#[test]
fn mondrian_and_identifiers() {
    let dir = tempdir();
    let mut csv = String::from("name,age,zip,disease\n");
    let dis = ["flu", "cold", "hiv", "flu", "cancer"];
    for i in 0..30 {
        csv.push_str(&format!(
            "n{i},{},{},{}\n",
            20 + (i * 7) % 40,
            1300 + i % 6,
            dis[i % 5]
        ));
    }
    let data = write(dir.path(), "d.csv", &csv);
    let key = write(dir.path(), "key.bin", "0123456789abcdef0123456789abcdef");
    let out = dir.path().join("o.csv");
    let rep = dir.path().join("r.json");
    let o = run(&[
        "anonymize",
        "--data",
        data.to_str().unwrap(),
        "--quasi-identifiers",
        "age,zip",
        "--k",
        "3",
        "--algorithm",
        "mondrian",
        "--identifiers",
        "name",
        "--pseudonym-key-file",
        key.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
        "--report",
        rep.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let r = json(&rep);
    assert_eq!(r["algorithm"], "mondrian");
    assert!(r["k"].as_u64().unwrap() >= 3);
    assert!(r["information_loss"]["ncp"].is_number());
    assert!(r["risk_before"]["prosecutor"].is_object());
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("name,age,zip,disease\n"));
    assert!(!text.contains("\nn0,"), "{text}");
    // without a key the identifier column is removed
    let o = run(&[
        "anonymize",
        "--data",
        data.to_str().unwrap(),
        "--quasi-identifiers",
        "age,zip",
        "--k",
        "3",
        "--identifiers",
        "name",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("age,zip,disease\n"), "{text}");
}
