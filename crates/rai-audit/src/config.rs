//! The audit configuration file (`--config audit.toml`).
//!
//! Every field is optional. Example:
//!
//! ```toml
//! [model_card]
//! intended_use = "Pre-screening of loan applications; a human reviews every decision."
//! limitations = ["Trained on 1994 US census data", "Not validated for applicants under 18"]
//! human_oversight = "Credit officers can override any score; overrides are logged."
//! owner = "Model Risk Team"
//!
//! [fairness]
//! four_fifths = 0.8            # disparate impact below this fails
//! difference_warn = 0.05       # |difference| above this warns
//! difference_fail = 0.10       # |difference| above this fails
//! min_group_size = 30
//! bootstrap = 200
//!
//! [robustness]
//! sigmas = [0.0, 0.05, 0.1, 0.2, 0.5]
//! accuracy_drop = 0.05
//! attack_rows = 200
//! attack_epsilon = 0.1
//! increasing = ["education_num"]
//! decreasing = []
//!
//! [explanations]
//! rows = 500
//! top_features = 8
//! ```

use std::path::Path;

use rai_core::{Error, Result};
use serde::{Deserialize, Serialize};

/// Model-card text supplied by the people responsible for the system.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ModelCardConfig {
    /// Model name.
    pub name: Option<String>,
    /// Version of the model.
    pub version: Option<String>,
    /// Owner / responsible team.
    pub owner: Option<String>,
    /// Intended purpose and users (EU AI Act Annex IV 1(a)).
    pub intended_use: Option<String>,
    /// Uses that are out of scope.
    pub out_of_scope_uses: Vec<String>,
    /// Known limitations and foreseeable misuse (Annex IV 3).
    pub limitations: Vec<String>,
    /// Human-oversight measures (Art. 14; Annex IV 2(e)).
    pub human_oversight: Option<String>,
    /// Description of the training data (Annex IV 2(d)).
    pub training_data: Option<String>,
    /// Risk-management notes (Art. 9; Annex IV 5).
    pub risk_management: Option<String>,
    /// Post-market monitoring plan (Annex IV 8).
    pub monitoring: Option<String>,
}

/// Thresholds for the fairness checks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FairnessConfig {
    /// Disparate impact (selection-rate ratio) below this fails (four-fifths rule).
    pub four_fifths: f64,
    /// A difference disparity above this warns.
    pub difference_warn: f64,
    /// A difference disparity above this fails.
    pub difference_fail: f64,
    /// Groups smaller than this get a warning.
    pub min_group_size: usize,
    /// Bootstrap resamples for confidence intervals (0 = none).
    pub bootstrap: usize,
}

impl Default for FairnessConfig {
    fn default() -> Self {
        Self {
            four_fifths: 0.8,
            difference_warn: 0.05,
            difference_fail: 0.1,
            min_group_size: 30,
            bootstrap: 200,
        }
    }
}

/// Settings of the robustness section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RobustnessConfig {
    /// Noise levels (in units of each feature's standard deviation).
    pub sigmas: Vec<f64>,
    /// Accuracy drop that defines the "breaking" noise level.
    pub accuracy_drop: f64,
    /// Rows attacked by the decision-based attack.
    pub attack_rows: usize,
    /// Attack budget (L-infinity, in units of feature standard deviations).
    pub attack_epsilon: f64,
    /// Features along which the score must not decrease.
    pub increasing: Vec<String>,
    /// Features along which the score must not increase.
    pub decreasing: Vec<String>,
}

impl Default for RobustnessConfig {
    fn default() -> Self {
        Self {
            sigmas: vec![0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0],
            accuracy_drop: 0.05,
            attack_rows: 200,
            attack_epsilon: 0.1,
            increasing: Vec::new(),
            decreasing: Vec::new(),
        }
    }
}

/// Settings of the explanation section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ExplanationConfig {
    /// Rows explained (a seeded sample when the data is larger).
    pub rows: usize,
    /// Features shown in the summary.
    pub top_features: usize,
}

impl Default for ExplanationConfig {
    fn default() -> Self {
        Self {
            rows: 1000,
            top_features: 8,
        }
    }
}

/// The whole configuration file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AuditConfig {
    /// Model-card and documentation text.
    pub model_card: ModelCardConfig,
    /// Fairness thresholds.
    pub fairness: FairnessConfig,
    /// Robustness settings.
    pub robustness: RobustnessConfig,
    /// Explanation settings.
    pub explanations: ExplanationConfig,
}

impl AuditConfig {
    /// Parses TOML text; `name` is used in error messages.
    ///
    /// # Errors
    /// [`Error::Parse`] naming the file and the problem (unknown keys are errors).
    pub fn from_toml_str(text: &str, name: &str) -> Result<Self> {
        let cfg: AuditConfig = toml::from_str(text).map_err(|e| Error::Parse {
            location: rai_core::Location {
                path: name.to_owned(),
                line: None,
                column: None,
            },
            message: e.to_string(),
        })?;
        cfg.validate()?;
        Ok(cfg)
    }

    /// Loads a TOML file.
    ///
    /// # Errors
    /// [`Error::Io`] and the errors of [`AuditConfig::from_toml_str`].
    pub fn load(path: &Path) -> Result<Self> {
        let text =
            std::fs::read_to_string(path).map_err(|e| Error::io(path.display().to_string(), e))?;
        Self::from_toml_str(&text, &path.display().to_string())
    }

    /// Checks value ranges.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] naming the key.
    pub fn validate(&self) -> Result<()> {
        let f = &self.fairness;
        if !(f.four_fifths > 0.0 && f.four_fifths <= 1.0) {
            return Err(Error::invalid_parameter(
                "fairness.four_fifths",
                f.four_fifths,
                "a number in (0, 1]",
            ));
        }
        if !(f.difference_warn >= 0.0 && f.difference_fail >= f.difference_warn) {
            return Err(Error::invalid_parameter(
                "fairness.difference_fail",
                f.difference_fail,
                "difference_fail >= difference_warn >= 0",
            ));
        }
        if let Some(s) = self
            .robustness
            .sigmas
            .iter()
            .find(|s| !(s.is_finite() && **s >= 0.0))
        {
            return Err(Error::invalid_parameter(
                "robustness.sigmas",
                s,
                "finite non-negative numbers",
            ));
        }
        if !(self.robustness.attack_epsilon.is_finite() && self.robustness.attack_epsilon > 0.0) {
            return Err(Error::invalid_parameter(
                "robustness.attack_epsilon",
                self.robustness.attack_epsilon,
                "a finite number > 0",
            ));
        }
        if self.explanations.top_features == 0 {
            return Err(Error::invalid_parameter(
                "explanations.top_features",
                0,
                "at least 1",
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_validates() -> Result<()> {
        let c = AuditConfig::from_toml_str(
            "[model_card]\nintended_use = \"x\"\n[fairness]\nfour_fifths = 0.9\n",
            "a.toml",
        )?;
        assert_eq!(c.model_card.intended_use.as_deref(), Some("x"));
        assert_eq!(c.fairness.four_fifths, 0.9);
        assert_eq!(c.fairness.bootstrap, 200);
        let e =
            AuditConfig::from_toml_str("[fairness]\nfour_fifths = 2.0\n", "a.toml").unwrap_err();
        assert!(e.to_string().contains("four_fifths"));
        let e = AuditConfig::from_toml_str("[nope]\n", "a.toml").unwrap_err();
        assert!(e.to_string().contains("a.toml"));
        Ok(())
    }
}
