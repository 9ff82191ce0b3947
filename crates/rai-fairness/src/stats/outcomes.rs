//! Validated inputs of a binary classifier: labels, predictions, scores, weights.

use rai_core::error::ensure_len;
use rai_core::{Error, Result};

/// Labels, predictions and optional scores and sample weights of a binary classifier,
/// validated on construction.
///
/// - `y_true`, `y_pred`: `true` = the positive class.
/// - scores: predicted probabilities of the positive class, finite and within `[0, 1]`
///   (a NaN score is an error naming its row: rows are never dropped silently).
/// - weights: finite and `>= 0`; a zero weight keeps the row in the counts but gives it
///   no influence on any weighted metric.
///
/// # Examples
/// ```
/// use rai_fairness::BinaryOutcomes;
/// let o = BinaryOutcomes::new(&[true, false], &[true, true])?
///     .with_scores(&[0.9, 0.6])?
///     .with_weights(&[1.0, 2.0])?;
/// assert_eq!(o.len(), 2);
/// assert!(BinaryOutcomes::new(&[true], &[true, false]).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct BinaryOutcomes<'a> {
    y_true: &'a [bool],
    y_pred: &'a [bool],
    scores: Option<&'a [f64]>,
    weights: Option<&'a [f64]>,
}

impl<'a> BinaryOutcomes<'a> {
    /// Labels and predictions of equal length.
    ///
    /// # Errors
    /// [`Error::LengthMismatch`] when the lengths differ.
    pub fn new(y_true: &'a [bool], y_pred: &'a [bool]) -> Result<Self> {
        ensure_len("y_pred vs y_true", y_true.len(), y_pred.len())?;
        Ok(Self {
            y_true,
            y_pred,
            scores: None,
            weights: None,
        })
    }

    /// Adds predicted probabilities of the positive class.
    ///
    /// # Errors
    /// [`Error::LengthMismatch`]; [`Error::NonFinite`] for NaN/infinite scores;
    /// [`Error::InvalidParameter`] for a score outside `[0, 1]`.
    pub fn with_scores(mut self, scores: &'a [f64]) -> Result<Self> {
        ensure_len("scores vs y_true", self.y_true.len(), scores.len())?;
        for (i, &s) in scores.iter().enumerate() {
            if !s.is_finite() {
                return Err(Error::NonFinite {
                    what: "scores".into(),
                    index: i,
                    value: s,
                });
            }
            if !(0.0..=1.0).contains(&s) {
                return Err(Error::invalid_parameter(
                    format!("score at row {i}"),
                    s,
                    "a probability in [0, 1]",
                ));
            }
        }
        self.scores = Some(scores);
        Ok(self)
    }

    /// Adds sample weights.
    ///
    /// # Errors
    /// [`Error::LengthMismatch`]; [`Error::NonFinite`]; [`Error::InvalidParameter`] for a
    /// negative weight.
    pub fn with_weights(mut self, weights: &'a [f64]) -> Result<Self> {
        ensure_len("weights vs y_true", self.y_true.len(), weights.len())?;
        for (i, &w) in weights.iter().enumerate() {
            if !w.is_finite() {
                return Err(Error::NonFinite {
                    what: "weights".into(),
                    index: i,
                    value: w,
                });
            }
            if w < 0.0 {
                return Err(Error::invalid_parameter(
                    format!("weight at row {i}"),
                    w,
                    "a weight >= 0",
                ));
            }
        }
        self.weights = Some(weights);
        Ok(self)
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.y_true.len()
    }
    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.y_true.is_empty()
    }
    /// Labels.
    pub fn y_true(&self) -> &'a [bool] {
        self.y_true
    }
    /// Predictions.
    pub fn y_pred(&self) -> &'a [bool] {
        self.y_pred
    }
    /// Scores, if given.
    pub fn scores(&self) -> Option<&'a [f64]> {
        self.scores
    }
    /// Weights, if given.
    pub fn weights(&self) -> Option<&'a [f64]> {
        self.weights
    }
    /// The weight of row `i` (1 without weights).
    #[inline]
    pub fn weight(&self, i: usize) -> f64 {
        self.weights.map_or(1.0, |w| w[i])
    }
}
