//! The [`Model`] trait: what every explainer, auditor and attack talks to.
//!
//! A model predicts a raw score (the *margin*: log-odds for binary classifiers, the
//! prediction itself for regressors) and, for classifiers, a probability obtained through
//! its [`Link`]. Inputs are row-major feature matrices whose columns follow
//! [`Model::feature_names`]; a missing cell is `NaN` (tree models route it down their
//! default branch; other models say what they do in their docs).

use ndarray::{Array1, ArrayView2};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// What a model predicts.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Task {
    /// Binary classification: the margin is a log-odds score for the positive class.
    BinaryClassification,
    /// Regression: the margin is the prediction.
    Regression,
}

/// How a margin maps to the model's response.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Link {
    /// The response is the margin.
    Identity,
    /// The response is `1 / (1 + exp(-margin))`.
    Logistic,
}

impl Link {
    /// Applies the link to one margin.
    pub fn apply(self, margin: f64) -> f64 {
        match self {
            Link::Identity => margin,
            Link::Logistic => sigmoid(margin),
        }
    }
}

/// The logistic function, computed without overflow.
pub fn sigmoid(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let e = x.exp();
        e / (1.0 + e)
    }
}

/// A fitted model that predicts from a feature matrix.
///
/// The trait is object-safe (`Box<dyn Model>` / `&dyn Model`) and `Send + Sync`, so
/// explainers can share a model across threads.
pub trait Model: Send + Sync {
    /// Names of the features, in the column order the model expects.
    fn feature_names(&self) -> &[String];

    /// Number of features.
    fn n_features(&self) -> usize {
        self.feature_names().len()
    }

    /// What the model predicts.
    fn task(&self) -> Task;

    /// The link from margin to response.
    fn link(&self) -> Link {
        match self.task() {
            Task::BinaryClassification => Link::Logistic,
            _ => Link::Identity,
        }
    }

    /// Raw scores (margins), one per row.
    ///
    /// # Errors
    /// [`Error::LengthMismatch`] when `x` does not have [`Model::n_features`] columns;
    /// models that cannot handle `NaN` return [`Error::NonFinite`].
    fn predict_margin(&self, x: ArrayView2<'_, f64>) -> Result<Array1<f64>>;

    /// Positive-class probabilities, one per row.
    ///
    /// # Errors
    /// [`Error::Unsupported`] for regressors; otherwise as [`Model::predict_margin`].
    fn predict_proba(&self, x: ArrayView2<'_, f64>) -> Result<Array1<f64>> {
        match self.task() {
            Task::BinaryClassification => {
                let link = self.link();
                Ok(self.predict_margin(x)?.mapv(|m| link.apply(m)))
            }
            _ => Err(Error::unsupported("probabilities from a regression model")),
        }
    }

    /// The response: probability for classifiers, value for regressors.
    ///
    /// # Errors
    /// As [`Model::predict_margin`].
    fn predict(&self, x: ArrayView2<'_, f64>) -> Result<Array1<f64>> {
        let link = self.link();
        Ok(self.predict_margin(x)?.mapv(|m| link.apply(m)))
    }
}

/// Checks that `x` has `n_features` columns; for use at the top of `predict_margin`.
///
/// # Errors
/// [`Error::LengthMismatch`].
pub fn check_features(x: &ArrayView2<'_, f64>, n_features: usize) -> Result<()> {
    if x.ncols() == n_features {
        Ok(())
    } else {
        Err(Error::length_mismatch(
            "number of feature columns given to the model",
            n_features,
            x.ncols(),
        ))
    }
}

impl<M: Model + ?Sized> Model for Box<M> {
    fn feature_names(&self) -> &[String] {
        (**self).feature_names()
    }
    fn task(&self) -> Task {
        (**self).task()
    }
    fn link(&self) -> Link {
        (**self).link()
    }
    fn predict_margin(&self, x: ArrayView2<'_, f64>) -> Result<Array1<f64>> {
        (**self).predict_margin(x)
    }
    fn predict_proba(&self, x: ArrayView2<'_, f64>) -> Result<Array1<f64>> {
        (**self).predict_proba(x)
    }
}

impl<M: Model + ?Sized> Model for std::sync::Arc<M> {
    fn feature_names(&self) -> &[String] {
        (**self).feature_names()
    }
    fn task(&self) -> Task {
        (**self).task()
    }
    fn link(&self) -> Link {
        (**self).link()
    }
    fn predict_margin(&self, x: ArrayView2<'_, f64>) -> Result<Array1<f64>> {
        (**self).predict_margin(x)
    }
    fn predict_proba(&self, x: ArrayView2<'_, f64>) -> Result<Array1<f64>> {
        (**self).predict_proba(x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    struct Sum(Vec<String>);
    impl Model for Sum {
        fn feature_names(&self) -> &[String] {
            &self.0
        }
        fn task(&self) -> Task {
            Task::BinaryClassification
        }
        fn predict_margin(&self, x: ArrayView2<'_, f64>) -> Result<Array1<f64>> {
            check_features(&x, self.n_features())?;
            Ok(x.sum_axis(ndarray::Axis(1)))
        }
    }

    #[test]
    fn object_safe_and_probability_from_margin() -> Result<()> {
        let m: Box<dyn Model> = Box::new(Sum(vec!["a".into(), "b".into()]));
        let x = array![[0.0, 0.0], [1000.0, 0.0], [-1000.0, 0.0]];
        let p = m.predict_proba(x.view())?;
        assert_eq!(p[0], 0.5);
        assert_eq!(p[1], 1.0);
        assert_eq!(p[2], 0.0);
        assert!(m.predict_margin(array![[1.0]].view()).is_err());
        Ok(())
    }

    #[test]
    fn sigmoid_is_symmetric() {
        for x in [-30.0, -1.5, 0.0, 0.3, 12.0] {
            assert!((sigmoid(x) + sigmoid(-x) - 1.0).abs() < 1e-15);
        }
    }
}
