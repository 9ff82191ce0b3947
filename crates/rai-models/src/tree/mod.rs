//! Tree ensembles (gradient boosting, random forests) with a fast batch predictor.
//!
//! A [`TreeEnsemble`] stores every tree's nodes in one flat array ([`Node`], 40 bytes);
//! children are indices *within the tree* and always greater than their parent's index,
//! so traversal terminates by construction. The margin of a row is
//! `base_score + sum over trees of the reached leaf's value`.
//!
//! Split semantics follow the library the model came from: XGBoost sends `x < threshold`
//! left ([`SplitCmp::Less`]), LightGBM `x <= threshold` ([`SplitCmp::LessEqual`]). Missing
//! values (`NaN`) follow [`MissingRule`].

pub mod lightgbm;
mod predict;
pub mod xgboost;

use rai_core::{Error, Link, Result, Task};

/// How a split compares a feature value with its threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SplitCmp {
    /// `x < threshold` goes left (XGBoost).
    Less,
    /// `x <= threshold` goes left (LightGBM).
    LessEqual,
}

/// Which values a split treats as missing (sent along the default direction).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MissingRule {
    /// `NaN` is missing (XGBoost; LightGBM `missing_type=NaN`).
    Nan,
    /// `NaN` and (near-)zero values are missing (LightGBM `missing_type=Zero`).
    ZeroOrNan,
    /// Nothing is missing; `NaN` is compared as `0.0` (LightGBM `missing_type=None`).
    NanAsZero,
}

/// A node of a tree: a split or a leaf.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Node {
    /// Split feature index, or [`Node::LEAF`].
    pub feature: u32,
    /// Index of the left child within the tree (unused for leaves).
    pub left: u32,
    /// Index of the right child within the tree (unused for leaves).
    pub right: u32,
    /// Whether missing values go left.
    pub default_left: bool,
    /// Comparison used by the split.
    pub cmp: SplitCmp,
    /// Missing-value rule of the split.
    pub missing: MissingRule,
    /// Split threshold (unused for leaves). For XGBoost imports this is the `f64`
    /// boundary that reproduces XGBoost's `float` comparison exactly (within half a
    /// `float` ulp of the threshold in the file; see [`xgboost::f32_less_boundary`]).
    pub threshold: f64,
    /// Leaf value (for splits: unused by prediction; the importers store the node's
    /// internal value: XGBoost `base_weights`, LightGBM `internal_value`).
    pub value: f64,
    /// Cover: sum of hessians (XGBoost) or number of training rows (LightGBM) reaching
    /// the node. Used by path-dependent TreeSHAP.
    pub cover: f64,
}

impl Node {
    /// Marker for leaves in [`Node::feature`].
    pub const LEAF: u32 = u32::MAX;

    /// A leaf.
    pub fn leaf(value: f64, cover: f64) -> Self {
        Node {
            feature: Self::LEAF,
            left: 0,
            right: 0,
            default_left: true,
            cmp: SplitCmp::Less,
            missing: MissingRule::Nan,
            threshold: 0.0,
            value,
            cover,
        }
    }

    /// An XGBoost-style split (`x < threshold` left, `NaN` to the default side).
    pub fn split(
        feature: u32,
        threshold: f64,
        left: u32,
        right: u32,
        default_left: bool,
        cover: f64,
    ) -> Self {
        Node {
            feature,
            left,
            right,
            default_left,
            cmp: SplitCmp::Less,
            missing: MissingRule::Nan,
            threshold,
            value: 0.0,
            cover,
        }
    }

    /// Whether this node is a leaf.
    #[inline]
    pub fn is_leaf(&self) -> bool {
        self.feature == Self::LEAF
    }

    /// The child a value goes to.
    #[inline]
    pub fn next(&self, x: f64) -> u32 {
        // written without data-dependent branches where possible: `NaN` compares false
        let go_left = match self.missing {
            MissingRule::Nan => self.compare(x) | (x.is_nan() & self.default_left),
            MissingRule::ZeroOrNan => {
                // `NaN` fails `abs() > 1e-35`, so it is missing too
                let present = x.abs() > 1e-35;
                (present & self.compare(x)) | (!present & self.default_left)
            }
            MissingRule::NanAsZero => self.compare(if x.is_nan() { 0.0 } else { x }),
        };
        if go_left { self.left } else { self.right }
    }

    #[inline]
    fn compare(&self, x: f64) -> bool {
        match self.cmp {
            SplitCmp::Less => x < self.threshold,
            SplitCmp::LessEqual => x <= self.threshold,
        }
    }
}

/// Where an ensemble was imported from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnsembleSource {
    /// XGBoost JSON (`Booster.save_model("model.json")`).
    XGBoost,
    /// LightGBM text (`Booster.save_model("model.txt")`).
    LightGBM,
    /// Built in code.
    Native,
}

/// A tree ensemble: trees whose leaf values add up to the margin.
#[derive(Debug, Clone, PartialEq)]
pub struct TreeEnsemble {
    feature_names: Vec<String>,
    task: Task,
    link: Link,
    base_score: f64,
    nodes: Vec<Node>,
    offsets: Vec<usize>,
    source: EnsembleSource,
}

impl TreeEnsemble {
    /// Builds an ensemble from trees of nodes (root first in each tree).
    ///
    /// `base_score` is added to the margin once (already in margin space).
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] when a tree is empty, a child index is not greater than
    /// its parent's or out of range, a split feature is out of range, or a threshold or
    /// leaf value is NaN.
    pub fn new(
        feature_names: Vec<String>,
        task: Task,
        base_score: f64,
        trees: Vec<Vec<Node>>,
        source: EnsembleSource,
    ) -> Result<Self> {
        if !base_score.is_finite() {
            return Err(Error::invalid_parameter(
                "base_score",
                base_score,
                "a finite number",
            ));
        }
        let p = feature_names.len() as u32;
        let mut nodes = Vec::with_capacity(trees.iter().map(Vec::len).sum());
        let mut offsets = Vec::with_capacity(trees.len() + 1);
        offsets.push(0);
        for (t, tree) in trees.into_iter().enumerate() {
            if tree.is_empty() {
                return Err(Error::invalid_parameter(
                    format!("tree {t}"),
                    "empty",
                    "at least one node",
                ));
            }
            let n = tree.len() as u32;
            for (i, node) in tree.iter().enumerate() {
                let i = i as u32;
                if node.is_leaf() {
                    if !node.value.is_finite() {
                        return Err(Error::invalid_parameter(
                            format!("tree {t} node {i} leaf value"),
                            node.value,
                            "a finite number",
                        ));
                    }
                } else {
                    if node.feature >= p {
                        return Err(Error::invalid_parameter(
                            format!("tree {t} node {i} split feature"),
                            node.feature,
                            format!("a feature index below {p}"),
                        ));
                    }
                    if node.left <= i || node.right <= i || node.left >= n || node.right >= n {
                        return Err(Error::invalid_parameter(
                            format!("tree {t} node {i} children"),
                            format!("({}, {})", node.left, node.right),
                            format!("indices greater than {i} and below {n}"),
                        ));
                    }
                    if node.threshold.is_nan() {
                        return Err(Error::invalid_parameter(
                            format!("tree {t} node {i} threshold"),
                            node.threshold,
                            "a number",
                        ));
                    }
                }
            }
            nodes.extend(tree);
            offsets.push(nodes.len());
        }
        let link = match task {
            Task::BinaryClassification => Link::Logistic,
            _ => Link::Identity,
        };
        Ok(TreeEnsemble {
            feature_names,
            task,
            link,
            base_score,
            nodes,
            offsets,
            source,
        })
    }

    /// Overrides the link (e.g. XGBoost `reg:logistic` is a regression with a logistic
    /// link).
    #[must_use]
    pub fn with_link(mut self, link: Link) -> Self {
        self.link = link;
        self
    }

    /// Number of trees.
    pub fn n_trees(&self) -> usize {
        self.offsets.len() - 1
    }

    /// The nodes of tree `t` (root at index 0). Panics if `t >= n_trees()`.
    pub fn tree(&self, t: usize) -> &[Node] {
        &self.nodes[self.offsets[t]..self.offsets[t + 1]]
    }

    /// Iterates over trees.
    pub fn trees(&self) -> impl ExactSizeIterator<Item = &[Node]> + '_ {
        self.offsets.windows(2).map(|w| &self.nodes[w[0]..w[1]])
    }

    /// The margin offset added once to every prediction.
    pub fn base_score(&self) -> f64 {
        self.base_score
    }

    /// Where the model was imported from.
    pub fn source(&self) -> EnsembleSource {
        self.source
    }

    /// Maximum depth over all trees (a single leaf has depth 0).
    pub fn max_depth(&self) -> usize {
        self.trees().map(tree_depth).max().unwrap_or(0)
    }
}

fn tree_depth(tree: &[Node]) -> usize {
    let mut depth = vec![0usize; tree.len()];
    let mut max = 0;
    for (i, n) in tree.iter().enumerate() {
        if !n.is_leaf() {
            depth[n.left as usize] = depth[i] + 1;
            depth[n.right as usize] = depth[i] + 1;
            max = max.max(depth[i] + 1);
        }
    }
    max
}

#[cfg(test)]
mod tests;
