//! One function per report section, each a thin layer over a capability crate.

use std::collections::BTreeMap;

use ndarray::{Array1, Array2, ArrayView2};
use rai_core::{Error, Groups, Model, Result, Table};
use rai_explain::shap::{LinearShap, TreeShap};
use rai_fairness::{BinaryOutcomes, FairnessAudit, FairnessReport, IntervalMap};
use rai_models::AnyModel;
use rai_robustness::blackbox::{SquareAttack, SquareAttackParams};
use rai_robustness::metamorphic::{MonotoneParams, check_monotone};
use rai_robustness::stress::{Corruption, StressParams, stress_curve};
use serde_json::Value;

use crate::config::AuditConfig;
use crate::report::{
    AnnexItem, AuditReport, CalibrationBin, Check, DatasetSheet, Documentation, ExplanationSection,
    FairnessSection, FeatureImportance, Finding, PerfMetrics, PerformanceSection,
    RobustnessSection, Status,
};

/// The fairness library's report and the inputs behind it.
pub(crate) struct Fairness {
    pub(crate) report: FairnessReport,
}

/// Runs the fairness audit (performance metrics come from the same report).
pub(crate) fn fairness(
    y_true: &[bool],
    proba: &[f64],
    groups: &Groups,
    cfg: &AuditConfig,
    seed: u64,
) -> Result<Fairness> {
    let y_pred: Vec<bool> = proba.iter().map(|p| *p >= 0.5).collect();
    let outcomes = BinaryOutcomes::new(y_true, &y_pred)?.with_scores(proba)?;
    let mut params = FairnessAudit::params().min_group_size(cfg.fairness.min_group_size);
    if cfg.fairness.bootstrap > 0 {
        params = params.bootstrap(cfg.fairness.bootstrap, seed);
    }
    let report = params.build()?.run(&outcomes, groups)?;
    Ok(Fairness { report })
}

fn intervals(ci: Option<&IntervalMap>) -> BTreeMap<String, [f64; 2]> {
    ci.map(|m| {
        m.iter()
            .filter_map(|(k, v)| v.as_ref().map(|i| ((*k).to_string(), [i.lower, i.upper])))
            .collect()
    })
    .unwrap_or_default()
}

fn perf(m: &rai_fairness::BinaryMetrics, ci: Option<&IntervalMap>) -> PerfMetrics {
    let keep = [
        "accuracy",
        "roc_auc",
        "brier_score",
        "expected_calibration_error",
    ];
    PerfMetrics {
        count: m.count as usize,
        accuracy: m.accuracy,
        roc_auc: m.roc_auc,
        brier_score: m.brier_score,
        expected_calibration_error: m.expected_calibration_error,
        ci: intervals(ci)
            .into_iter()
            .filter(|(k, _)| keep.contains(&k.as_str()))
            .collect(),
    }
}

/// Section 2 from the fairness report, plus the reliability-diagram bins (chart data:
/// 10 equal-width bins of the predicted probability, as the ECE uses).
pub(crate) fn performance(
    report: &FairnessReport,
    y_true: &[bool],
    proba: &[f64],
) -> PerformanceSection {
    let by_group = report
        .groups
        .iter()
        .map(|g| {
            let label = g
                .group
                .pairs()
                .map(|(k, v)| (k.to_string(), v.map(str::to_string)))
                .collect();
            (label, perf(&g.metrics, g.ci.as_ref()))
        })
        .collect();
    let bins = 10usize;
    let mut count = vec![0usize; bins];
    let mut sum_p = vec![0.0; bins];
    let mut pos = vec![0usize; bins];
    for (p, y) in proba.iter().zip(y_true) {
        let b = ((p * bins as f64).floor() as usize).min(bins - 1);
        count[b] += 1;
        sum_p[b] += p;
        pos[b] += usize::from(*y);
    }
    let calibration = (0..bins)
        .map(|b| CalibrationBin {
            lower: b as f64 / bins as f64,
            upper: (b + 1) as f64 / bins as f64,
            count: count[b],
            mean_predicted: (count[b] > 0).then(|| sum_p[b] / count[b] as f64),
            observed_rate: (count[b] > 0).then(|| pos[b] as f64 / count[b] as f64),
        })
        .collect();
    PerformanceSection {
        overall: perf(&report.overall.metrics, report.overall.ci.as_ref()),
        by_group,
        calibration,
    }
}

fn threshold_check(
    name: &str,
    value: Option<f64>,
    ci: Option<[f64; 2]>,
    warn: f64,
    fail: f64,
) -> Check {
    let status = match value {
        None => Status::Warn,
        Some(v) if v.abs() > fail => Status::Fail,
        Some(v) if v.abs() > warn => Status::Warn,
        Some(_) => Status::Pass,
    };
    Check {
        name: name.into(),
        value,
        ci,
        rule: format!("pass if |value| <= {warn}, warn up to {fail}, fail above; undefined warns"),
        status,
    }
}

fn ratio_check(name: &str, value: Option<f64>, ci: Option<[f64; 2]>, min: f64) -> Check {
    let status = match (value, ci) {
        (None, _) => Status::Warn,
        (Some(v), _) if v < min => Status::Fail,
        (Some(_), Some(c)) if c[0] < min => Status::Warn,
        (Some(_), _) => Status::Pass,
    };
    Check {
        name: name.into(),
        value,
        ci,
        rule: format!(
            "pass if >= {min} (four-fifths rule); warn if the 95% interval reaches below; undefined warns"
        ),
        status,
    }
}

/// Section 3: thresholds applied to the fairness library's disparities.
pub(crate) fn fairness_section(f: &Fairness, cfg: &AuditConfig) -> Result<FairnessSection> {
    let r = &f.report;
    let ci = |name: &str| -> Option<[f64; 2]> {
        r.ci.as_ref()
            .and_then(|c| c.disparities.get(name))
            .and_then(|i| i.as_ref())
            .map(|i| [i.lower, i.upper])
    };
    let d = &r.disparities;
    let (w, fl, ff) = (
        cfg.fairness.difference_warn,
        cfg.fairness.difference_fail,
        cfg.fairness.four_fifths,
    );
    let checks = vec![
        threshold_check(
            "demographic_parity_difference",
            d.demographic_parity_difference,
            ci("demographic_parity_difference"),
            w,
            fl,
        ),
        ratio_check(
            "demographic_parity_ratio",
            d.demographic_parity_ratio,
            ci("demographic_parity_ratio"),
            ff,
        ),
        threshold_check(
            "equalized_odds_difference",
            d.equalized_odds_difference,
            ci("equalized_odds_difference"),
            w,
            fl,
        ),
        threshold_check(
            "equal_opportunity_difference",
            d.equal_opportunity_difference,
            ci("equal_opportunity_difference"),
            w,
            fl,
        ),
        ratio_check(
            "disparate_impact",
            d.reference.disparate_impact,
            ci("disparate_impact"),
            ff,
        ),
        threshold_check(
            "average_odds_difference",
            d.reference.average_odds_difference,
            ci("average_odds_difference"),
            w,
            fl,
        ),
        threshold_check(
            "predictive_parity_difference",
            d.reference.predictive_parity_difference,
            ci("predictive_parity_difference"),
            w,
            fl,
        ),
    ];
    let details = serde_json::to_value(r)
        .map_err(|e| Error::invalid_parameter("fairness report", e, "serialisable"))?;
    Ok(FairnessSection {
        checks,
        details,
        warnings: r.warnings.clone(),
    })
}

/// Rows to use for costly steps: all when `n <= max`, else a seeded sample in input order.
fn sample_rows(n: usize, max: usize, seed: u64) -> Vec<usize> {
    if n <= max {
        return (0..n).collect();
    }
    let mut rng = rai_core::rng::seeded(seed);
    let mut idx = rand::seq::index::sample(&mut rng, n, max).into_vec();
    idx.sort_unstable();
    idx
}

fn take_rows(x: &Array2<f64>, rows: &[usize]) -> Array2<f64> {
    x.select(ndarray::Axis(0), rows)
}

/// Section 4: SHAP values from rai-explain (TreeSHAP for ensembles, LinearSHAP for linear
/// models), on a seeded sample of rows.
pub(crate) fn explanations(
    model: &AnyModel,
    x: &Array2<f64>,
    cfg: &AuditConfig,
    seed: u64,
) -> Result<Option<ExplanationSection>> {
    let rows = sample_rows(x.nrows(), cfg.explanations.rows, seed);
    let xs = take_rows(x, &rows);
    let (explanation, algorithm) = match model {
        AnyModel::Trees(t) => (
            TreeShap::new(t).explain(xs.view())?,
            "path-dependent TreeSHAP",
        ),
        AnyModel::Linear(l) => {
            if xs.iter().any(|v| v.is_nan()) {
                return Ok(None);
            }
            (
                LinearShap::new(l, x.view())?.explain(xs.view())?,
                "LinearSHAP (interventional)",
            )
        }
    };
    let ranked = explanation.ranked_importance();
    let names = explanation.feature_names().to_vec();
    let values = explanation.values();
    let points = ranked
        .iter()
        .take(cfg.explanations.top_features)
        .filter_map(|(name, _)| {
            let j = names.iter().position(|n| n == name)?;
            Some((
                name.clone(),
                (0..xs.nrows())
                    .map(|i| (xs[[i, j]], values[[i, j]]))
                    .collect(),
            ))
        })
        .collect();
    Ok(Some(ExplanationSection {
        algorithm: algorithm.into(),
        space: explanation.space().as_str().into(),
        rows_explained: xs.nrows(),
        base_value: explanation.base_value(0),
        global_importance: ranked
            .into_iter()
            .map(|(feature, mean_abs_shap)| FeatureImportance {
                feature,
                mean_abs_shap,
            })
            .collect(),
        points,
    }))
}

/// A model seen in standardised coordinates: `z = (x - mean) / std`, so one attack budget
/// means the same for every feature.
struct Standardised<'a> {
    inner: &'a AnyModel,
    mean: Vec<f64>,
    std: Vec<f64>,
}

impl Model for Standardised<'_> {
    fn feature_names(&self) -> &[String] {
        self.inner.feature_names()
    }
    fn task(&self) -> rai_core::Task {
        self.inner.task()
    }
    fn link(&self) -> rai_core::Link {
        self.inner.link()
    }
    fn predict_margin(&self, z: ArrayView2<'_, f64>) -> Result<Array1<f64>> {
        let mut x = z.to_owned();
        for ((_, j), v) in x.indexed_iter_mut() {
            *v = self.mean[j] + *v * self.std[j];
        }
        self.inner.predict_margin(x.view())
    }
}

/// Section 5: noise curve, a score-based attack in standardised units, monotonicity.
pub(crate) fn robustness(
    model: &AnyModel,
    x: &Array2<f64>,
    y_true: &[bool],
    cfg: &AuditConfig,
    seed: u64,
) -> Result<RobustnessSection> {
    let rc = &cfg.robustness;
    let y: Array1<f64> = y_true.iter().map(|&b| f64::from(u8::from(b))).collect();
    let params = StressParams {
        levels: rc.sigmas.clone(),
        repeats: 3,
        seed,
        max_drop: rc.accuracy_drop,
        ..StressParams::default()
    };
    let curve = stress_curve(
        model,
        x.view(),
        y.view(),
        &Corruption::GaussianNoise { scales: None },
        &params,
    )?;
    let noise_curve = curve
        .points
        .iter()
        .filter_map(|p| Some([p.level, p.metric?]))
        .collect();

    let rows = sample_rows(x.nrows(), rc.attack_rows, seed ^ 0x5eed);
    let xs = take_rows(x, &rows);
    let ys: Array1<f64> = rows.iter().map(|&r| y[r]).collect();
    let (mean, std) = rai_robustness::stress::column_moments(x.view());
    let std: Vec<f64> = std
        .into_iter()
        .map(|s| if s > 0.0 && s.is_finite() { s } else { 1.0 })
        .collect();
    let z = Array2::from_shape_fn(xs.dim(), |(i, j)| (xs[[i, j]] - mean[j]) / std[j]);
    let attack = if z.iter().any(|v| v.is_nan()) {
        None
    } else {
        let std_model = Standardised {
            inner: model,
            mean,
            std,
        };
        let result = SquareAttack::new(SquareAttackParams {
            epsilon: rc.attack_epsilon,
            max_queries: 500,
            seed,
            ..SquareAttackParams::default()
        })?
        .run(&std_model, z.view(), ys.view(), None)?;
        let mut v = serde_json::to_value(&result.report)
            .map_err(|e| Error::invalid_parameter("attack report", e, "serialisable"))?;
        if let Value::Object(m) = &mut v {
            m.insert(
                "units".into(),
                Value::String("feature standard deviations (L-infinity)".into()),
            );
        }
        Some(v)
    };

    let monotonicity = if rc.increasing.is_empty() && rc.decreasing.is_empty() {
        None
    } else {
        let mrows = sample_rows(x.nrows(), 500, seed ^ 0x0a0a);
        let xm = take_rows(x, &mrows);
        let report = check_monotone(
            model,
            xm.view(),
            &MonotoneParams {
                increasing: rc.increasing.clone(),
                decreasing: rc.decreasing.clone(),
                ..MonotoneParams::default()
            },
        )?;
        Some(
            serde_json::to_value(&report)
                .map_err(|e| Error::invalid_parameter("monotonicity report", e, "serialisable"))?,
        )
    };
    Ok(RobustnessSection {
        noise_curve,
        breaking_sigma: curve.breaking_level,
        attack,
        monotonicity,
    })
}

/// Re-identification risk of the quasi-identifiers (rai-anonymize).
pub(crate) fn risk(table: &Table, quasi_identifiers: &[String]) -> Result<Option<Value>> {
    let report = rai_anonymize::risk::assess(
        table,
        quasi_identifiers,
        &rai_anonymize::risk::RiskParams::default(),
    )?;
    Ok(Some(serde_json::to_value(&report).map_err(|e| {
        Error::invalid_parameter("risk report", e, "serialisable")
    })?))
}

/// Section 6: model card and Annex IV items with pointers to the evidence.
pub(crate) fn documentation(
    model: &AnyModel,
    cfg: &AuditConfig,
    dataset: &DatasetSheet,
    perf: &PerformanceSection,
) -> Documentation {
    let mc = &cfg.model_card;
    let mut details = BTreeMap::new();
    match model {
        AnyModel::Trees(t) => {
            details.insert(
                "model type".into(),
                format!(
                    "tree ensemble ({:?}), {} trees, max depth {}",
                    t.source(),
                    t.n_trees(),
                    t.max_depth()
                ),
            );
        }
        AnyModel::Linear(l) => {
            details.insert("model type".into(), format!("{:?}", l.kind()));
        }
    }
    details.insert("features".into(), model.feature_names().join(", "));
    details.insert(
        "output".into(),
        "probability of the positive class; explanations in margin (log-odds) space".into(),
    );
    if let Some(v) = &mc.version {
        details.insert("version".into(), v.clone());
    }
    if let Some(o) = &mc.owner {
        details.insert("owner".into(), o.clone());
    }
    let given = |v: &Option<String>, what: &str| {
        v.clone().unwrap_or_else(|| {
            format!("Not provided: add `{what}` to the [model_card] section of the audit config.")
        })
    };
    let acc = perf
        .overall
        .accuracy
        .map_or("undefined".into(), |a| format!("{a:.4}"));
    let annex_iv = vec![
        AnnexItem {
            reference: "1(a)".into(),
            heading: "Intended purpose, provider, version".into(),
            content: given(&mc.intended_use, "intended_use"),
            evidence: vec!["/documentation/model_card".into(), "/provenance".into()],
        },
        AnnexItem {
            reference: "2(b)".into(),
            heading: "Design specifications and general logic".into(),
            content: format!("{}. Most influential features by mean |SHAP|: see the explanations section.", details.get("model type").cloned().unwrap_or_default()),
            evidence: vec!["/documentation/model_details".into(), "/explanations/global_importance".into()],
        },
        AnnexItem {
            reference: "2(d)".into(),
            heading: "Data requirements and datasheet".into(),
            content: format!(
                "{} Evaluation data: {} rows, {} columns, {} rows without a label.",
                mc.training_data.clone().unwrap_or_default(),
                dataset.summary.rows,
                dataset.summary.columns,
                dataset.missing_labels
            ),
            evidence: vec!["/dataset/summary".into(), "/dataset/groups".into(), "/provenance/files/data".into()],
        },
        AnnexItem {
            reference: "2(e)".into(),
            heading: "Human oversight measures (Art. 14)".into(),
            content: given(&mc.human_oversight, "human_oversight"),
            evidence: vec!["/documentation/model_card/human_oversight".into()],
        },
        AnnexItem {
            reference: "2(g)".into(),
            heading: "Validation and testing: metrics, discriminatory impact, test logs".into(),
            content: format!(
                "Overall accuracy {acc}; per-group performance with bootstrap intervals; fairness disparities with thresholds; robustness under noise and attack. The JSON evidence records parameters, seeds and input checksums and can be signed (rai audit --sign) and checked (rai verify)."
            ),
            evidence: vec!["/performance".into(), "/fairness/checks".into(), "/robustness".into(), "/parameters".into(), "/signature".into()],
        },
        AnnexItem {
            reference: "2(h)".into(),
            heading: "Cybersecurity and robustness measures (Art. 15)".into(),
            content: "Robustness under Gaussian noise and a score-based evasion attack are measured in section 5.".into(),
            evidence: vec!["/robustness/noise_curve".into(), "/robustness/attack".into()],
        },
        AnnexItem {
            reference: "3".into(),
            heading: "Capabilities and limitations, accuracy for specific groups".into(),
            content: if mc.limitations.is_empty() {
                "No limitations were declared in the audit config; per-group accuracy is in section 2.".into()
            } else {
                mc.limitations.join("; ")
            },
            evidence: vec!["/performance/by_group".into(), "/fairness/warnings".into()],
        },
        AnnexItem {
            reference: "4".into(),
            heading: "Appropriateness of the performance metrics".into(),
            content: "Accuracy at threshold 0.5, ROC AUC (ranking), Brier score and expected calibration error (probability quality) are reported overall and per group, because group-level differences in any of them can indicate discriminatory impact.".into(),
            evidence: vec!["/performance".into()],
        },
        AnnexItem {
            reference: "5".into(),
            heading: "Risk management system (Art. 9)".into(),
            content: given(&mc.risk_management, "risk_management"),
            evidence: vec!["/summary".into()],
        },
        AnnexItem {
            reference: "9".into(),
            heading: "Post-market monitoring plan".into(),
            content: given(&mc.monitoring, "monitoring"),
            evidence: Vec::new(),
        },
    ];
    Documentation {
        model_card: mc.clone(),
        model_details: details,
        annex_iv,
    }
}

/// Findings for the summary, most severe first.
pub(crate) fn findings(r: &AuditReport) -> Vec<Finding> {
    let mut out = Vec::new();
    for c in &r.fairness.checks {
        out.push(Finding {
            section: "fairness".into(),
            status: c.status,
            message: format!(
                "{} = {}{}",
                c.name,
                c.value.map_or("undefined".into(), |v| format!("{v:.4}")),
                c.ci.map_or(String::new(), |i| format!(
                    " (95% CI {:.4} to {:.4})",
                    i[0], i[1]
                ))
            ),
        });
    }
    for w in &r.fairness.warnings {
        out.push(Finding {
            section: "fairness".into(),
            status: Status::Warn,
            message: w.clone(),
        });
    }
    let p = &r.performance.overall;
    out.push(Finding {
        section: "performance".into(),
        status: Status::Info,
        message: format!(
            "accuracy {}, ROC AUC {}, ECE {}",
            p.accuracy.map_or("undefined".into(), |v| format!("{v:.4}")),
            p.roc_auc.map_or("undefined".into(), |v| format!("{v:.4}")),
            p.expected_calibration_error
                .map_or("undefined".into(), |v| format!("{v:.4}"))
        ),
    });
    out.push(Finding {
        section: "robustness".into(),
        status: if r.robustness.breaking_sigma.is_some() {
            Status::Warn
        } else {
            Status::Pass
        },
        message: match r.robustness.breaking_sigma {
            Some(s) => format!(
                "accuracy drops by {} at noise sigma {s:.3} feature standard deviations",
                r.parameters.config.robustness.accuracy_drop
            ),
            None => "accuracy held within the configured drop at every noise level tested".into(),
        },
    });
    if let Some(a) = &r.robustness.attack {
        let rate = a.get("success_rate").and_then(Value::as_f64);
        out.push(Finding {
            section: "robustness".into(),
            status: Status::Info,
            message: format!(
                "square attack (L-inf {} std units): success rate {}",
                r.parameters.config.robustness.attack_epsilon,
                rate.map_or("undefined".into(), |v| format!("{v:.4}"))
            ),
        });
    }
    if let Some(m) = &r.robustness.monotonicity {
        let violations = m
            .get("total_violations")
            .and_then(Value::as_u64)
            .unwrap_or(0);
        out.push(Finding {
            section: "robustness".into(),
            status: if violations == 0 {
                Status::Pass
            } else {
                Status::Fail
            },
            message: format!("monotonicity: {violations} violating rows"),
        });
    }
    if let Some(e) = &r.explanations {
        let top: Vec<&str> = e
            .global_importance
            .iter()
            .take(3)
            .map(|g| g.feature.as_str())
            .collect();
        out.push(Finding {
            section: "explanations".into(),
            status: Status::Info,
            message: format!("most influential features: {}", top.join(", ")),
        });
    }
    if let Some(risk) = &r.dataset.reidentification_risk {
        let highest = risk
            .pointer("/prosecutor/highest_risk")
            .and_then(Value::as_f64);
        out.push(Finding {
            section: "dataset".into(),
            status: match highest {
                Some(h) if h >= 0.5 => Status::Warn,
                _ => Status::Info,
            },
            message: format!(
                "re-identification risk (prosecutor): highest {}",
                highest.map_or("undefined".into(), |v| format!("{v:.4}"))
            ),
        });
    }
    let missing_doc = r
        .documentation
        .annex_iv
        .iter()
        .filter(|a| a.content.starts_with("Not provided"))
        .count();
    if missing_doc > 0 {
        out.push(Finding {
            section: "documentation".into(),
            status: Status::Warn,
            message: format!("{missing_doc} Annex IV items have no text in the audit config"),
        });
    }
    out.sort_by_key(|f| match f.status {
        Status::Fail => 0,
        Status::Warn => 1,
        Status::Pass => 2,
        Status::Info => 3,
    });
    out
}
