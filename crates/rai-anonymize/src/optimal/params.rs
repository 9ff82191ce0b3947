//! [`OptimalParams`]: privacy models, suppression limit and metric of the search.

use rai_core::{Error, Result};

use crate::metric::Metric;
use crate::privacy::PrivacyModel;

/// Parameters of [`optimal_search`](super::optimal_search).
///
/// # Examples
/// ```
/// use rai_anonymize::metric::Metric;
/// use rai_anonymize::optimal::OptimalParams;
/// use rai_anonymize::privacy::PrivacyModel;
/// let p = OptimalParams::new(vec![PrivacyModel::KAnonymity { k: 5 }])
///     .max_suppression(0.02)
///     .metric(Metric::Loss);
/// p.validate()?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct OptimalParams {
    pub(crate) models: Vec<PrivacyModel>,
    pub(crate) max_suppression: f64,
    pub(crate) metric: Metric,
}

impl OptimalParams {
    /// Parameters with the given models, no suppression and the loss metric.
    pub fn new(models: Vec<PrivacyModel>) -> Self {
        Self {
            models,
            max_suppression: 0.0,
            metric: Metric::Loss,
        }
    }

    /// Fraction of records that may be suppressed, in `[0, 1]`.
    pub fn max_suppression(mut self, fraction: f64) -> Self {
        self.max_suppression = fraction;
        self
    }

    /// The quality model to minimise.
    pub fn metric(mut self, metric: Metric) -> Self {
        self.metric = metric;
        self
    }

    /// The privacy models.
    pub fn models(&self) -> &[PrivacyModel] {
        &self.models
    }

    /// The suppression limit.
    pub fn suppression_limit(&self) -> f64 {
        self.max_suppression
    }

    /// The metric.
    pub fn quality_model(&self) -> Metric {
        self.metric
    }

    /// Checks every parameter.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] without models, for a suppression limit outside
    /// `[0, 1]`, or for an invalid model parameter.
    pub fn validate(&self) -> Result<()> {
        if self.models.is_empty() {
            return Err(Error::invalid_parameter(
                "privacy models",
                "none",
                "at least one model (e.g. k-anonymity)",
            ));
        }
        if !(0.0..=1.0).contains(&self.max_suppression) {
            return Err(Error::invalid_parameter(
                "max_suppression",
                self.max_suppression,
                "a fraction in [0, 1]",
            ));
        }
        for m in &self.models {
            m.validate()?;
        }
        Ok(())
    }

    /// Suppression budget for `n` records: `floor(limit * n)`.
    pub fn budget(&self, n: usize) -> u64 {
        (self.max_suppression * n as f64).floor() as u64
    }
}
