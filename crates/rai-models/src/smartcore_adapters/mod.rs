//! Adapters that put smartcore models behind [`rai_core::Model`] (feature `smartcore`).
//!
//! smartcore models do not know their feature names, so every adapter takes them from
//! the caller, in the column order the model was fitted on. Only binary classifiers are
//! adapted; the positive class is the larger of the two class labels (smartcore sorts
//! its classes, and its logistic regression's log-odds are those of the second class).
//!
//! - [`logistic_regression`] converts a fitted `LogisticRegression` into a
//!   [`LinearModel`] (margin = `x . w + b`, exactly smartcore's decision function; `NaN`
//!   features are an error, as for every [`LinearModel`]).
//! - [`SmartcoreForest`] wraps a fitted `RandomForestClassifier`: its trees are converted
//!   into a [`TreeEnsemble`] whose leaves hold `1 / n_trees` for a vote for the positive
//!   class, so the ensemble's sum is the fraction `p` of trees voting positive (smartcore
//!   itself predicts the majority class, i.e. positive exactly when `p > 0.5`). The
//!   probability is `p`; the margin is `logit(p)` with `p` clamped to
//!   `[PROBA_CLAMP, 1 - PROBA_CLAMP]` so unanimous forests give finite margins
//!   (`|margin| <= 13.82`). Splits send `x <= threshold` left and `NaN` right, as
//!   smartcore's own traversal does.
//!
//! # Example
//! ```
//! use rai_core::Model;
//! use smartcore::linalg::basic::matrix::DenseMatrix;
//! use smartcore::linear::logistic_regression::{LogisticRegression, LogisticRegressionParameters};
//!
//! let x = DenseMatrix::from_2d_vec(&vec![
//!     vec![0.0, 1.0], vec![1.0, 0.0], vec![2.0, 1.0], vec![3.0, 0.0],
//!     vec![4.0, 1.0], vec![5.0, 0.0],
//! ]).map_err(|e| e.to_string())?;
//! let y: Vec<u32> = vec![0, 0, 1, 0, 1, 1];
//! let fitted = LogisticRegression::fit(&x, &y, LogisticRegressionParameters::default())
//!     .map_err(|e| e.to_string())?;
//! let model = rai_models::smartcore_adapters::logistic_regression(
//!     &fitted, vec!["a".into(), "b".into()])?;
//! let p = model.predict_proba(ndarray::array![[5.0, 0.0]].view())?;
//! assert!(p[0] > 0.5);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use ndarray::{Array1, ArrayView2};
use serde::Serialize;
use serde_json::Value;
use smartcore::ensemble::random_forest_classifier::RandomForestClassifier;
use smartcore::linalg::basic::arrays::{Array1 as ScArray1, Array2 as ScArray2};
use smartcore::linear::logistic_regression::LogisticRegression;
use smartcore::numbers::basenum::Number;

use rai_core::error::ensure_len;
use rai_core::{Error, Link, Model, Result, Task};

use crate::tree::{EnsembleSource, MissingRule, Node, SplitCmp, TreeEnsemble};
use crate::{LinearKind, LinearModel};

/// Probabilities are clamped to `[PROBA_CLAMP, 1 - PROBA_CLAMP]` before taking the
/// log-odds margin of a [`SmartcoreForest`].
pub const PROBA_CLAMP: f64 = 1e-6;

/// Converts a fitted binary smartcore logistic regression into a [`LinearModel`].
///
/// # Examples
/// See the [module docs](self).
///
/// # Errors
/// [`Error::Unsupported`] for a multi-class model; [`Error::LengthMismatch`] when
/// `feature_names` does not have one name per coefficient; [`Error::NonFinite`] for
/// non-finite coefficients.
pub fn logistic_regression<TY, X, Y>(
    model: &LogisticRegression<f64, TY, X, Y>,
    feature_names: Vec<String>,
) -> Result<LinearModel>
where
    TY: Number + Ord,
    X: ScArray2<f64>,
    Y: ScArray1<TY>,
{
    let k = model.classes().len();
    if k != 2 {
        return Err(Error::unsupported(format!(
            "smartcore logistic regression with {k} classes; only binary models are adapted"
        )));
    }
    let coef = model.coefficients();
    let (rows, p) = coef.shape();
    if rows != 1 {
        return Err(Error::unsupported(format!(
            "smartcore logistic regression with {rows} coefficient rows"
        )));
    }
    ensure_len(
        "feature_names vs smartcore coefficients",
        p,
        feature_names.len(),
    )?;
    let coefficients = (0..p).map(|j| *coef.get((0, j))).collect();
    let intercept = *model.intercept().get((0, 0));
    LinearModel::new(
        LinearKind::LogisticRegression,
        feature_names,
        coefficients,
        intercept,
    )
}

/// A smartcore random forest classifier as a [`Model`] (see the [module docs](self)).
#[derive(Debug, Clone, PartialEq)]
pub struct SmartcoreForest {
    votes: TreeEnsemble,
}

impl SmartcoreForest {
    /// Converts a fitted binary smartcore `RandomForestClassifier`.
    ///
    /// # Examples
    /// ```
    /// use rai_core::Model;
    /// use smartcore::ensemble::random_forest_classifier::{
    ///     RandomForestClassifier, RandomForestClassifierParameters};
    /// use smartcore::linalg::basic::matrix::DenseMatrix;
    ///
    /// let rows: Vec<Vec<f64>> = (0..40).map(|i| vec![i as f64, (i % 3) as f64]).collect();
    /// let y: Vec<u32> = (0..40).map(|i| u32::from(i >= 20)).collect();
    /// let x = DenseMatrix::from_2d_vec(&rows).map_err(|e| e.to_string())?;
    /// let params = RandomForestClassifierParameters::default().with_n_trees(50).with_seed(3);
    /// let rf = RandomForestClassifier::fit(&x, &y, params).map_err(|e| e.to_string())?;
    /// let forest = rai_models::smartcore_adapters::SmartcoreForest::from_random_forest(
    ///     &rf, vec!["i".into(), "m".into()])?;
    /// let p = forest.predict_proba(ndarray::array![[35.0, 1.0], [2.0, 2.0]].view())?;
    /// // p = fraction of the 50 trees voting for class 1
    /// assert!(p[0] > p[1]);
    /// assert_eq!(forest.n_trees(), 50);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Unsupported`] for a forest with other than two classes;
    /// [`Error::LengthMismatch`] when `feature_names` does not match the number of
    /// features the forest was fitted on; [`Error::ModelFormat`] if the forest's
    /// serialized form is not the one of smartcore 0.4 (or it has no trees).
    pub fn from_random_forest<TY, X, Y>(
        model: &RandomForestClassifier<f64, TY, X, Y>,
        feature_names: Vec<String>,
    ) -> Result<Self>
    where
        TY: Number + Ord,
        X: ScArray2<f64>,
        Y: ScArray1<TY>,
        RandomForestClassifier<f64, TY, X, Y>: Serialize,
    {
        let fmt = |m: String| Error::ModelFormat {
            path: "<smartcore RandomForestClassifier>".into(),
            message: m,
        };
        // smartcore keeps the trees private; its serde form exposes them
        let doc = serde_json::to_value(model).map_err(|e| fmt(format!("cannot serialize: {e}")))?;
        let classes = doc["classes"]
            .as_array()
            .ok_or_else(|| fmt("no classes (unfitted forest?)".into()))?;
        if classes.len() != 2 {
            return Err(Error::unsupported(format!(
                "smartcore random forest with {} classes; only binary forests are adapted",
                classes.len()
            )));
        }
        let positive = &classes[1];
        let trees_json = doc["trees"]
            .as_array()
            .filter(|t| !t.is_empty())
            .ok_or_else(|| fmt("no trees (unfitted forest?)".into()))?;
        let n_trees = trees_json.len() as f64;
        let mut trees = Vec::with_capacity(trees_json.len());
        for (t, tree) in trees_json.iter().enumerate() {
            if let Some(p) = tree["num_features"].as_u64() {
                ensure_len(
                    "feature_names vs smartcore forest features",
                    p as usize,
                    feature_names.len(),
                )?;
            }
            trees.push(
                convert_tree(tree, positive, n_trees).map_err(|m| fmt(format!("tree {t}: {m}")))?,
            );
        }
        let votes = TreeEnsemble::new(
            feature_names,
            Task::Regression,
            0.0,
            trees,
            EnsembleSource::Native,
        )?;
        Ok(SmartcoreForest { votes })
    }

    /// The vote-fraction ensemble: its margin (sum of leaves) is the probability `p`.
    pub fn votes(&self) -> &TreeEnsemble {
        &self.votes
    }

    /// Number of trees.
    pub fn n_trees(&self) -> usize {
        self.votes.n_trees()
    }
}

/// Converts one smartcore tree (serde form), renumbering nodes breadth-first.
fn convert_tree(
    tree: &Value,
    positive: &Value,
    n_trees: f64,
) -> std::result::Result<Vec<Node>, String> {
    let nodes = tree["nodes"].as_array().ok_or("no `nodes`")?;
    let classes = tree["classes"].as_array().ok_or("no `classes`")?;
    if nodes.is_empty() {
        return Err("no nodes".into());
    }
    let child = |v: &Value| -> std::result::Result<Option<usize>, String> {
        match v {
            Value::Null => Ok(None),
            _ => v
                .as_u64()
                .map(|c| Some(c as usize))
                .filter(|c| c.is_some_and(|c| c < nodes.len()))
                .ok_or_else(|| format!("bad child index {v}")),
        }
    };
    let mut order = vec![0usize];
    let mut out = Vec::with_capacity(nodes.len());
    let mut k = 0;
    while k < order.len() {
        let n = &nodes[order[k]];
        k += 1;
        let cover = n["n_node_samples"].as_f64().unwrap_or(0.0);
        match (child(&n["true_child"])?, child(&n["false_child"])?) {
            (Some(l), Some(r)) => {
                if order.len() + 2 > nodes.len() {
                    return Err("nodes reached more than once".into());
                }
                let feature = n["split_feature"].as_u64().ok_or("no split_feature")? as u32;
                let threshold = n["split_value"].as_f64().ok_or("no split_value")?;
                let left = order.len() as u32;
                order.push(l);
                order.push(r);
                out.push(Node {
                    feature,
                    left,
                    right: left + 1,
                    default_left: false,
                    cmp: SplitCmp::LessEqual,
                    missing: MissingRule::Nan,
                    threshold,
                    value: 0.0,
                    cover,
                });
            }
            (None, None) => {
                let output = n["output"].as_u64().ok_or("no output")? as usize;
                let class = classes.get(output).ok_or("leaf output out of range")?;
                let vote = if class == positive {
                    1.0 / n_trees
                } else {
                    0.0
                };
                out.push(Node::leaf(vote, cover));
            }
            _ => return Err("node with a single child".into()),
        }
    }
    Ok(out)
}

impl Model for SmartcoreForest {
    fn feature_names(&self) -> &[String] {
        self.votes.feature_names()
    }

    fn task(&self) -> Task {
        Task::BinaryClassification
    }

    fn link(&self) -> Link {
        Link::Logistic
    }

    /// `logit(p)` with `p` clamped to `[PROBA_CLAMP, 1 - PROBA_CLAMP]`.
    fn predict_margin(&self, x: ArrayView2<'_, f64>) -> Result<Array1<f64>> {
        Ok(self.predict_proba(x)?.mapv(|p| {
            let p = p.clamp(PROBA_CLAMP, 1.0 - PROBA_CLAMP);
            (p / (1.0 - p)).ln()
        }))
    }

    /// The fraction of trees voting for the positive class.
    fn predict_proba(&self, x: ArrayView2<'_, f64>) -> Result<Array1<f64>> {
        Ok(self.votes.predict_margin(x)?.mapv(|p| p.clamp(0.0, 1.0)))
    }

    fn predict(&self, x: ArrayView2<'_, f64>) -> Result<Array1<f64>> {
        self.predict_proba(x)
    }
}

#[cfg(test)]
mod tests;
