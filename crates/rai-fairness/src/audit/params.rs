//! Settings of a fairness audit, validated in one place.

use rai_core::{Error, Result};

use crate::bootstrap::BootstrapParams;

use super::FairnessAudit;

/// Builder for [`FairnessAudit`]; see [`FairnessAudit::params`].
#[derive(Debug, Clone, PartialEq)]
pub struct FairnessAuditParams {
    pub(super) reference: Option<Vec<Option<String>>>,
    pub(super) min_group_size: usize,
    pub(super) entropy_alpha: f64,
    pub(super) bootstrap: Option<(usize, u64)>,
    pub(super) level: f64,
}

impl Default for FairnessAuditParams {
    fn default() -> Self {
        Self {
            reference: None,
            min_group_size: 30,
            entropy_alpha: 2.0,
            bootstrap: None,
            level: 0.95,
        }
    }
}

impl FairnessAuditParams {
    /// The reference (privileged) group: one value per sensitive column, `None` for the
    /// missing-value level. Default: the group with the most rows.
    #[must_use]
    pub fn reference_group<S: AsRef<str>>(mut self, values: &[Option<S>]) -> Self {
        self.reference = Some(
            values
                .iter()
                .map(|v| v.as_ref().map(|s| s.as_ref().to_owned()))
                .collect(),
        );
        self
    }

    /// Groups with fewer rows get a warning (default 30).
    #[must_use]
    pub fn min_group_size(mut self, rows: usize) -> Self {
        self.min_group_size = rows;
        self
    }

    /// `alpha` of the generalized entropy index (AIF360's default 2).
    #[must_use]
    pub fn entropy_alpha(mut self, alpha: f64) -> Self {
        self.entropy_alpha = alpha;
        self
    }

    /// Bootstrap confidence intervals with `resamples` replicates and `seed`.
    #[must_use]
    pub fn bootstrap(mut self, resamples: usize, seed: u64) -> Self {
        self.bootstrap = Some((resamples, seed));
        self
    }

    /// Confidence level of the bootstrap intervals (default 0.95).
    #[must_use]
    pub fn confidence_level(mut self, level: f64) -> Self {
        self.level = level;
        self
    }

    /// Validates the settings.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for a non-finite `entropy_alpha`, zero resamples or a
    /// level outside `(0, 1)`.
    pub fn build(self) -> Result<FairnessAudit> {
        if !self.entropy_alpha.is_finite() {
            return Err(Error::invalid_parameter(
                "entropy_alpha",
                self.entropy_alpha,
                "a finite number",
            ));
        }
        let bootstrap = match self.bootstrap {
            Some((n, seed)) => Some(BootstrapParams::new(n, seed)?.with_level(self.level)?),
            None => {
                if !(self.level > 0.0 && self.level < 1.0) {
                    return Err(Error::invalid_parameter(
                        "confidence level",
                        self.level,
                        "a number strictly between 0 and 1",
                    ));
                }
                None
            }
        };
        Ok(FairnessAudit {
            reference: self.reference,
            min_group_size: self.min_group_size,
            entropy_alpha: self.entropy_alpha,
            bootstrap,
        })
    }
}
