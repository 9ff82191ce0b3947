//! Parameters of [`LimeTabular`](super::LimeTabular).

use rai_core::{Error, Result};

use crate::Space;

/// How LIME picks the features of the local surrogate (lime's `feature_selection`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FeatureSelection {
    /// lime's default: forward selection when `num_features <= 6`, else highest weights.
    #[default]
    Auto,
    /// Greedily add the feature that most raises the weighted R² of an (unpenalised)
    /// weighted linear fit.
    ForwardSelection,
    /// The `num_features` largest `|coef * x_0|` of a ridge fit (alpha 0.01) on all features.
    HighestWeights,
    /// Every feature.
    None,
}

/// Builder for [`LimeTabular`](super::LimeTabular); defaults are lime's
/// `LimeTabularExplainer` defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct LimeParams {
    pub(super) num_features: usize,
    pub(super) num_samples: usize,
    pub(super) kernel_width: Option<f64>,
    pub(super) discretize: bool,
    pub(super) feature_selection: FeatureSelection,
    pub(super) categorical: Vec<usize>,
    pub(super) seed: u64,
    pub(super) space: Option<Space>,
    pub(super) alpha: f64,
}

impl Default for LimeParams {
    fn default() -> Self {
        LimeParams {
            num_features: 10,
            num_samples: 5000,
            kernel_width: None,
            discretize: true,
            feature_selection: FeatureSelection::Auto,
            categorical: Vec::new(),
            seed: 0,
            space: None,
            alpha: 1.0,
        }
    }
}

impl LimeParams {
    /// Features in the explanation (default 10).
    #[must_use]
    pub fn num_features(mut self, k: usize) -> Self {
        self.num_features = k;
        self
    }
    /// Perturbed samples, the explained row included (default 5000).
    #[must_use]
    pub fn num_samples(mut self, n: usize) -> Self {
        self.num_samples = n;
        self
    }
    /// Kernel width (default `0.75 * sqrt(n_features)`).
    #[must_use]
    pub fn kernel_width(mut self, w: f64) -> Self {
        self.kernel_width = Some(w);
        self
    }
    /// Quartile discretisation of numeric features (default true).
    #[must_use]
    pub fn discretize(mut self, on: bool) -> Self {
        self.discretize = on;
        self
    }
    /// Feature selection (default [`FeatureSelection::Auto`]).
    #[must_use]
    pub fn feature_selection(mut self, fs: FeatureSelection) -> Self {
        self.feature_selection = fs;
        self
    }
    /// Columns treated as categorical (sampled from their training frequencies).
    #[must_use]
    pub fn categorical(mut self, cols: Vec<usize>) -> Self {
        self.categorical = cols;
        self
    }
    /// Seed (default 0).
    #[must_use]
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }
    /// Explained output (default: probability for classifiers, margin for regressors).
    #[must_use]
    pub fn space(mut self, space: Space) -> Self {
        self.space = Some(space);
        self
    }
    /// Ridge penalty of the surrogate (default 1, lime's).
    #[must_use]
    pub fn alpha(mut self, alpha: f64) -> Self {
        self.alpha = alpha;
        self
    }

    /// Validates the parameters (the training data is checked by
    /// [`LimeTabular::new`](super::LimeTabular::new)).
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for `num_features == 0`, `num_samples < 2`, a
    /// non-positive or non-finite kernel width or a negative/non-finite alpha.
    pub fn validate(&self) -> Result<()> {
        if self.num_features == 0 {
            return Err(Error::invalid_parameter("num_features", 0, "at least 1"));
        }
        if self.num_samples < 2 {
            return Err(Error::invalid_parameter(
                "num_samples",
                self.num_samples,
                "at least 2",
            ));
        }
        if let Some(w) = self.kernel_width {
            if !(w.is_finite() && w > 0.0) {
                return Err(Error::invalid_parameter(
                    "kernel_width",
                    w,
                    "a positive finite number",
                ));
            }
        }
        if !(self.alpha.is_finite() && self.alpha >= 0.0) {
            return Err(Error::invalid_parameter(
                "alpha",
                self.alpha,
                "a finite number >= 0",
            ));
        }
        Ok(())
    }
}
