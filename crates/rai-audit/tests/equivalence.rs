//! The report's numbers equal the library calls' (the audit only composes).

#![allow(clippy::unwrap_used, clippy::expect_used)] // reason: test helpers outside #[test] fns may panic on setup failure

use std::collections::BTreeMap;

use rai_audit::config::AuditConfig;
use rai_audit::{AuditInputs, Quiet, run_audit};
use rai_core::{CsvOptions, Groups, MissingGroupPolicy, Model, Table};
use rai_explain::shap::TreeShap;
use rai_fairness::{BinaryOutcomes, FairnessAudit};
use rai_models::AnyModel;
use rai_robustness::stress::{Corruption, StressParams, stress_curve};

fn data_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../rai-cli/data")
}

fn inputs_fixture() -> (Table, AnyModel) {
    let bytes = rai_core::table::read_file_bytes(&data_dir().join("adult.csv.gz")).unwrap();
    let table = Table::from_csv_bytes(&bytes, "adult", &CsvOptions::default()).unwrap();
    // a smaller slice keeps the debug-build test fast
    let rows: Vec<usize> = (0..4000).collect();
    let table = table.select_rows(&rows).unwrap();
    let model = rai_models::load_model(data_dir().join("demo_model.json")).unwrap();
    (table, model)
}

#[test]
fn report_numbers_equal_direct_library_calls() {
    let (table, model) = inputs_fixture();
    let mut config = AuditConfig::default();
    config.fairness.bootstrap = 30;
    config.explanations.rows = 5000; // all rows: no sampling
    let inputs = AuditInputs {
        table: &table,
        model: &model,
        label: "income".into(),
        sensitive: vec!["sex".into(), "race".into()],
        positive_label: Some(">50K".into()),
        quasi_identifiers: vec!["age".into(), "sex".into()],
        seed: 11,
        config: config.clone(),
        files: BTreeMap::new(),
        generated_at: "2026-01-01T00:00:00Z".into(),
    };
    let report = run_audit(&inputs, &mut Quiet).unwrap();

    // fairness: the same report as calling rai-fairness directly
    let x = table.feature_matrix(model.feature_names()).unwrap();
    let p = model.predict_proba(x.view()).unwrap().to_vec();
    let y: Vec<bool> = table
        .text_column("income")
        .unwrap()
        .iter()
        .map(|v| v.as_deref() == Some(">50K"))
        .collect();
    let pred: Vec<bool> = p.iter().map(|v| *v >= 0.5).collect();
    let groups =
        Groups::from_table(&table, &["sex", "race"], MissingGroupPolicy::OwnGroup).unwrap();
    let direct = FairnessAudit::params()
        .min_group_size(config.fairness.min_group_size)
        .bootstrap(30, 11)
        .build()
        .unwrap()
        .run(
            &BinaryOutcomes::new(&y, &pred)
                .unwrap()
                .with_scores(&p)
                .unwrap(),
            &groups,
        )
        .unwrap();
    assert_eq!(
        report.fairness.details,
        serde_json::to_value(&direct).unwrap()
    );
    assert_eq!(
        report.performance.overall.accuracy,
        direct.overall.metrics.accuracy
    );
    assert_eq!(
        report.performance.overall.roc_auc,
        direct.overall.metrics.roc_auc
    );
    let dpd = report
        .fairness
        .checks
        .iter()
        .find(|c| c.name == "demographic_parity_difference")
        .unwrap();
    assert_eq!(dpd.value, direct.disparities.demographic_parity_difference);

    // explanations: TreeSHAP's global importance
    let e = TreeShap::new(model.as_trees().unwrap())
        .explain(x.view())
        .unwrap();
    let ranked = e.ranked_importance();
    let from_report: Vec<(String, f64)> = report
        .explanations
        .as_ref()
        .unwrap()
        .global_importance
        .iter()
        .map(|g| (g.feature.clone(), g.mean_abs_shap))
        .collect();
    assert_eq!(from_report, ranked);

    // robustness: the stress curve
    let yf = ndarray::Array1::from_iter(y.iter().map(|&b| f64::from(u8::from(b))));
    let params = StressParams {
        levels: config.robustness.sigmas.clone(),
        repeats: 3,
        seed: 11,
        max_drop: config.robustness.accuracy_drop,
        ..StressParams::default()
    };
    let curve = stress_curve(
        &model,
        x.view(),
        yf.view(),
        &Corruption::GaussianNoise { scales: None },
        &params,
    )
    .unwrap();
    let direct_curve: Vec<[f64; 2]> = curve
        .points
        .iter()
        .map(|p| [p.level, p.metric.unwrap()])
        .collect();
    assert_eq!(report.robustness.noise_curve, direct_curve);
    assert_eq!(report.robustness.breaking_sigma, curve.breaking_level);

    // risk: rai-anonymize's assessment
    let risk = rai_anonymize::risk::assess(
        &table,
        &["age", "sex"],
        &rai_anonymize::risk::RiskParams::default(),
    )
    .unwrap();
    assert_eq!(
        report.dataset.reidentification_risk.as_ref().unwrap(),
        &serde_json::to_value(&risk).unwrap()
    );
}

#[test]
fn same_seed_same_report_and_bad_inputs_are_errors() {
    let (table, model) = inputs_fixture();
    let mk = |seed: u64, label: &str, pos: Option<&str>| AuditInputs {
        table: &table,
        model: &model,
        label: label.into(),
        sensitive: vec!["sex".into()],
        positive_label: pos.map(String::from),
        quasi_identifiers: Vec::new(),
        seed,
        config: AuditConfig::default(),
        files: BTreeMap::new(),
        generated_at: "t".into(),
    };
    let a = run_audit(&mk(5, "income", Some(">50K")), &mut Quiet).unwrap();
    let b = run_audit(&mk(5, "income", Some(">50K")), &mut Quiet).unwrap();
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        serde_json::to_string(&b).unwrap()
    );
    assert!(run_audit(&mk(5, "nope", Some("x")), &mut Quiet).is_err());
    assert!(run_audit(&mk(5, "income", Some("rich")), &mut Quiet).is_err());
    assert!(
        run_audit(&mk(5, "income", None), &mut Quiet).is_err(),
        "no 1/true in the label column"
    );
    // the rendered formats carry the same figures
    let html = rai_audit::render::html(&a);
    let md = rai_audit::render::markdown(&a);
    for c in &a.fairness.checks {
        assert!(html.contains(&c.name) && md.contains(&c.name));
    }
    assert!(md.contains("Annex IV"));
}
