//! Global surrogate: a shallow CART decision tree fitted to a model's predictions, with
//! its fidelity to the model and its rules in plain words.
//!
//! The target is either the model's margin (regression tree; fidelity = R² of the tree
//! against the margins) or the model's predicted class, `margin > 0` (classification tree,
//! Gini; fidelity = accuracy against the model's classes). The tree is this crate's own
//! CART ([`Cart`]); missing values go to the right branch.

mod cart;
#[cfg(test)]
mod tests;

pub use cart::{Cart, CartNode};

use std::fmt::Write as _;

use ndarray::ArrayView2;
use rai_core::{Error, Model, Result, Task};
use serde::Serialize;

/// What the surrogate imitates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SurrogateTarget {
    /// The margin (regression tree, fidelity R²).
    Margin,
    /// The predicted class (classification tree, fidelity accuracy). Classifiers only.
    Class,
}

/// Surrogate settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GlobalSurrogate {
    /// Maximum depth (default 3).
    pub max_depth: usize,
    /// Minimum training rows in a leaf (default 1).
    pub min_samples_leaf: usize,
    /// Target (default: class for classifiers, margin for regressors).
    pub target: Option<SurrogateTarget>,
}

impl Default for GlobalSurrogate {
    fn default() -> Self {
        GlobalSurrogate {
            max_depth: 3,
            min_samples_leaf: 1,
            target: None,
        }
    }
}

/// One rule: the conditions on the path to a leaf and its prediction.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rule {
    /// Conditions, e.g. `age <= 37.5`, `hours > 40 or missing`.
    pub conditions: Vec<String>,
    /// Leaf value: mean margin, or fraction of rows the model puts in class 1.
    pub value: f64,
    /// Predicted class for a classification surrogate.
    pub class: Option<u8>,
    /// Training rows in the leaf.
    pub samples: usize,
}

/// A fitted surrogate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SurrogateTree {
    /// The tree.
    pub tree: Cart,
    /// Feature names.
    pub feature_names: Vec<String>,
    /// What it imitates.
    pub target: SurrogateTarget,
    /// R² (margin) or accuracy (class) against the model on the fitting rows; `None` when
    /// R² is undefined (constant margins).
    pub fidelity: Option<f64>,
    /// Rows used.
    pub rows: usize,
    /// Depth limit used.
    pub max_depth: usize,
    /// Leaf size limit used.
    pub min_samples_leaf: usize,
}

impl GlobalSurrogate {
    /// Fits the surrogate to the model's predictions on `x`.
    ///
    /// # Examples
    /// ```
    /// use rai_explain::surrogate::{GlobalSurrogate, SurrogateTarget};
    /// use rai_models::{LinearKind, LinearModel};
    ///
    /// let model = LinearModel::new(LinearKind::LogisticRegression, vec!["a".into(), "b".into()],
    ///                              vec![1.0, 0.0], -5.0)?;
    /// let x = ndarray::Array2::from_shape_fn((100, 2), |(i, j)| ((i * (j + 1)) % 10) as f64);
    /// let s = GlobalSurrogate::default().fit(&model, x.view())?;
    /// assert_eq!(s.target, SurrogateTarget::Class);
    /// assert_eq!(s.fidelity, Some(1.0)); // one split on `a` reproduces the model
    /// assert_eq!(s.rules()[0].conditions, vec!["a <= 5.5".to_string()]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for `min_samples_leaf == 0` (`max_depth == 0` gives a
    /// single leaf); [`Error::Empty`] for no
    /// rows; [`Error::Unsupported`] for a class target on a regressor; model errors.
    ///
    /// # References
    /// Breiman, Friedman, Olshen & Stone (1984), "Classification and Regression Trees";
    /// Craven & Shavlik (1996), "Extracting tree-structured representations of trained
    /// networks".
    pub fn fit(&self, model: &dyn Model, x: ArrayView2<'_, f64>) -> Result<SurrogateTree> {
        if self.min_samples_leaf == 0 {
            return Err(Error::invalid_parameter(
                "min_samples_leaf",
                0,
                "at least 1",
            ));
        }
        rai_core::model::check_features(&x, model.n_features())?;
        if x.nrows() == 0 {
            return Err(Error::Empty {
                what: "rows for the surrogate".into(),
            });
        }
        let target = self.target.unwrap_or(match model.task() {
            Task::BinaryClassification => SurrogateTarget::Class,
            _ => SurrogateTarget::Margin,
        });
        if target == SurrogateTarget::Class && model.task() != Task::BinaryClassification {
            return Err(Error::unsupported(
                "a class surrogate of a regression model (use the margin target)",
            ));
        }
        let margins = model.predict_margin(x)?;
        let y: Vec<f64> = match target {
            SurrogateTarget::Margin => margins.to_vec(),
            SurrogateTarget::Class => margins
                .iter()
                .map(|m| f64::from(u8::from(*m > 0.0)))
                .collect(),
        };
        let tree = Cart::fit(
            x,
            &y,
            cart::CartConfig {
                max_depth: self.max_depth,
                min_samples_leaf: self.min_samples_leaf,
                classification: target == SurrogateTarget::Class,
            },
        );
        let pred: Vec<f64> = x
            .rows()
            .into_iter()
            .map(|r| tree.predict_row(&r.to_vec()))
            .collect();
        let fidelity = match target {
            SurrogateTarget::Margin => crate::importance::r2_of(&y, &pred),
            SurrogateTarget::Class => Some(
                y.iter()
                    .zip(&pred)
                    .filter(|(t, p)| (**p > 0.5) == (**t == 1.0))
                    .count() as f64
                    / y.len() as f64,
            ),
        };
        Ok(SurrogateTree {
            tree,
            feature_names: model.feature_names().to_vec(),
            target,
            fidelity,
            rows: x.nrows(),
            max_depth: self.max_depth,
            min_samples_leaf: self.min_samples_leaf,
        })
    }
}

impl SurrogateTree {
    fn class_of(&self, value: f64) -> Option<u8> {
        (self.target == SurrogateTarget::Class).then_some(u8::from(value > 0.5))
    }

    /// The rules, one per leaf, left to right.
    pub fn rules(&self) -> Vec<Rule> {
        let mut out = Vec::new();
        self.collect(0, &mut Vec::new(), &mut out);
        out
    }

    fn collect(&self, i: usize, path: &mut Vec<String>, out: &mut Vec<Rule>) {
        match &self.tree.nodes[i] {
            CartNode::Leaf { samples, value } => out.push(Rule {
                conditions: path.clone(),
                value: *value,
                class: self.class_of(*value),
                samples: *samples,
            }),
            CartNode::Split {
                feature,
                threshold,
                left,
                right,
                ..
            } => {
                let name = &self.feature_names[*feature];
                path.push(format!("{name} <= {threshold}"));
                self.collect(*left, path, out);
                path.pop();
                path.push(format!("{name} > {threshold} or missing"));
                self.collect(*right, path, out);
                path.pop();
            }
        }
    }

    /// The tree as indented text, like scikit-learn's `export_text`.
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        self.text(0, 0, &mut s);
        s
    }

    fn text(&self, i: usize, depth: usize, s: &mut String) {
        let indent = "|   ".repeat(depth);
        match &self.tree.nodes[i] {
            CartNode::Leaf { samples, value } => {
                let _ = match self.class_of(*value) {
                    Some(c) => writeln!(
                        s,
                        "{indent}|--- class: {c} (samples: {samples}, share of class 1: {value:.4})"
                    ),
                    None => writeln!(s, "{indent}|--- value: {value:.6} (samples: {samples})"),
                };
            }
            CartNode::Split {
                feature,
                threshold,
                left,
                right,
                ..
            } => {
                let name = &self.feature_names[*feature];
                let _ = writeln!(s, "{indent}|--- {name} <= {threshold}");
                self.text(*left, depth + 1, s);
                let _ = writeln!(s, "{indent}|--- {name} >  {threshold} or missing");
                self.text(*right, depth + 1, s);
            }
        }
    }
}
