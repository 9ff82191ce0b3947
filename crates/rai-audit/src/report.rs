//! The audit report: a serialisable record of every figure, the parameters and seeds that
//! produced it, and the checksums of the inputs.

use std::collections::BTreeMap;

use rai_core::TableSummary;
use serde::Serialize;

/// Outcome of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Within tolerance.
    Pass,
    /// Close to a threshold, or evidence too weak to conclude.
    Warn,
    /// Outside tolerance.
    Fail,
    /// Informational; no threshold applies.
    Info,
}

impl Status {
    /// Lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Warn => "warn",
            Status::Fail => "fail",
            Status::Info => "info",
        }
    }
}

/// A finding for the summary at the top of the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Section it comes from.
    pub section: String,
    /// Outcome.
    pub status: Status,
    /// One sentence.
    pub message: String,
}

/// A file the report was computed from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileRecord {
    /// Path as given.
    pub path: String,
    /// SHA-256, lowercase hex.
    pub sha256: String,
    /// Size in bytes.
    pub bytes: u64,
}

/// Where the report came from: tool, time, inputs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Provenance {
    /// Tool name.
    pub tool: String,
    /// Tool version.
    pub version: String,
    /// UTC timestamp (RFC 3339) of generation.
    pub generated_at: String,
    /// Input files by role (`data`, `model`, `config`).
    pub files: BTreeMap<String, FileRecord>,
}

/// The parameters of the run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Parameters {
    /// Label column.
    pub label: String,
    /// Sensitive columns.
    pub sensitive: Vec<String>,
    /// The positive label value.
    pub positive_label: String,
    /// Quasi-identifiers for the risk assessment.
    pub quasi_identifiers: Vec<String>,
    /// Seed of every randomised step.
    pub seed: u64,
    /// Model features, in model order.
    pub features: Vec<String>,
    /// The effective configuration.
    pub config: crate::config::AuditConfig,
}

/// Size and base rate of one sensitive group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupSheet {
    /// Group label: column -> value (`null` = missing).
    pub group: BTreeMap<String, Option<String>>,
    /// Rows in the group.
    pub count: usize,
    /// Share of positive labels (`null` when the group is empty).
    pub base_rate: Option<f64>,
}

/// Section 1: the dataset sheet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DatasetSheet {
    /// Schema, types, missing values, levels.
    pub summary: TableSummary,
    /// Rows with a missing label (excluded from metrics, counted here).
    pub missing_labels: usize,
    /// Group sizes and base rates per intersectional sensitive group.
    pub groups: Vec<GroupSheet>,
    /// Re-identification risk of the quasi-identifiers (`null` when none were given).
    pub reidentification_risk: Option<serde_json::Value>,
}

/// Performance metrics of one population (overall or one group).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PerfMetrics {
    /// Rows.
    pub count: usize,
    /// Accuracy at threshold 0.5.
    pub accuracy: Option<f64>,
    /// ROC AUC of the probability.
    pub roc_auc: Option<f64>,
    /// Brier score.
    pub brier_score: Option<f64>,
    /// Expected calibration error.
    pub expected_calibration_error: Option<f64>,
    /// 95% bootstrap intervals by metric name.
    pub ci: BTreeMap<String, [f64; 2]>,
}

/// One bin of the reliability diagram.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CalibrationBin {
    /// Lower edge of the predicted-probability bin.
    pub lower: f64,
    /// Upper edge.
    pub upper: f64,
    /// Rows in the bin.
    pub count: usize,
    /// Mean predicted probability.
    pub mean_predicted: Option<f64>,
    /// Observed positive rate.
    pub observed_rate: Option<f64>,
}

/// Section 2: performance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PerformanceSection {
    /// Overall metrics.
    pub overall: PerfMetrics,
    /// Per group (intersectional).
    pub by_group: Vec<(BTreeMap<String, Option<String>>, PerfMetrics)>,
    /// Reliability diagram, overall.
    pub calibration: Vec<CalibrationBin>,
}

/// One fairness check with its threshold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Check {
    /// Metric name (fairlearn / AIF360 spelling).
    pub name: String,
    /// Value (`null` when undefined).
    pub value: Option<f64>,
    /// 95% bootstrap interval.
    pub ci: Option<[f64; 2]>,
    /// The rule applied, in words.
    pub rule: String,
    /// Outcome.
    pub status: Status,
}

/// Section 3: fairness.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FairnessSection {
    /// Checks with thresholds and outcomes.
    pub checks: Vec<Check>,
    /// The fairness library's full report (per-group metrics, disparities, intervals).
    pub details: serde_json::Value,
    /// Warnings (small groups, undefined metrics).
    pub warnings: Vec<String>,
}

/// Global importance of one feature.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeatureImportance {
    /// Feature name.
    pub feature: String,
    /// Mean absolute SHAP value (margin space).
    pub mean_abs_shap: f64,
}

/// Section 4: explanations.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExplanationSection {
    /// Explainer used.
    pub algorithm: String,
    /// Space of the values (`margin`: log-odds for classifiers).
    pub space: String,
    /// Rows explained.
    pub rows_explained: usize,
    /// Base value (expected margin).
    pub base_value: f64,
    /// Features by decreasing importance.
    pub global_importance: Vec<FeatureImportance>,
    /// Per top feature: (feature value, SHAP value) pairs for dependence plots and the
    /// beeswarm (not serialised: charts only).
    #[serde(skip)]
    pub points: Vec<(String, Vec<(f64, f64)>)>,
}

/// Section 5: robustness.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RobustnessSection {
    /// Accuracy under Gaussian noise: (sigma in feature standard deviations, accuracy).
    pub noise_curve: Vec<[f64; 2]>,
    /// Smallest sigma at which accuracy dropped by the configured amount (`null`: never).
    pub breaking_sigma: Option<f64>,
    /// Decision-based attack result (the robustness library's report).
    pub attack: Option<serde_json::Value>,
    /// Monotonicity checks (the robustness library's report), when configured.
    pub monotonicity: Option<serde_json::Value>,
}

/// One item of the EU AI Act technical documentation (Annex IV) with its evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnnexItem {
    /// Annex IV reference, e.g. `2(g)`.
    pub reference: String,
    /// Heading.
    pub heading: String,
    /// Text (from the config file, or generated from the evidence).
    pub content: String,
    /// JSON pointers into this report that support the item.
    pub evidence: Vec<String>,
}

/// Section 6: model card and EU AI Act documentation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Documentation {
    /// The model card fields supplied in the config.
    pub model_card: crate::config::ModelCardConfig,
    /// Model type and size, derived from the model file.
    pub model_details: BTreeMap<String, String>,
    /// Annex IV items.
    pub annex_iv: Vec<AnnexItem>,
}

/// The whole audit report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditReport {
    /// Tool, time and input checksums.
    pub provenance: Provenance,
    /// Parameters and seeds.
    pub parameters: Parameters,
    /// Findings, most severe first.
    pub summary: Vec<Finding>,
    /// 1. Dataset sheet.
    pub dataset: DatasetSheet,
    /// 2. Performance.
    pub performance: PerformanceSection,
    /// 3. Fairness.
    pub fairness: FairnessSection,
    /// 4. Explanations.
    pub explanations: Option<ExplanationSection>,
    /// 5. Robustness.
    pub robustness: RobustnessSection,
    /// 6. Model card and Annex IV documentation.
    pub documentation: Documentation,
}
