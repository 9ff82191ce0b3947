//! Import of XGBoost JSON models (`Booster.save_model("model.json")`).
//!
//! Supported: the `gbtree` booster (including random-forest style `num_parallel_tree > 1`)
//! and `dart` (each tree's leaf values are multiplied by its `weight_drop` weight, as
//! XGBoost does at inference), with a single output (`num_class <= 1`, `num_target = 1`,
//! scalar leaves) and numerical splits. Objectives:
//!
//! | objective | task | link | margin offset from `base_score` |
//! |---|---|---|---|
//! | `binary:logistic` | binary classification | logistic | `logit(base_score)` |
//! | `binary:logitraw` | binary classification | logistic | `base_score` |
//! | `reg:logistic` | regression | logistic | `logit(base_score)` |
//! | `reg:squarederror`, `reg:absoluteerror`, `reg:pseudohubererror` | regression | identity | `base_score` |
//!
//! XGBoost's own `predict()` of a `binary:logitraw` model returns the margin; here the
//! probability is `sigmoid(margin)` (the model is trained with the logistic loss).
//!
//! `base_score` is read in every form XGBoost 1.x to 3.x writes: a JSON string holding a
//! number (`"5E-1"`), the bracketed one-element array form of XGBoost >= 3 (`"[5E-1]"`),
//! or a plain JSON number. Integers written as strings (`"num_nodes": "25"`) are accepted
//! everywhere.
//!
//! All trees are used, as `Booster.predict` does: a `best_iteration` attribute left by
//! early stopping is ignored (XGBoost's scikit-learn wrapper would stop there; slice the
//! booster before saving to keep only the best iterations).
//!
//! Feature names come from `learner.feature_names`; a model trained without names gets
//! `f0`, `f1`, ... (XGBoost's own default names), so the data must then have columns with
//! those names.
//!
//! # Float32 semantics
//! XGBoost converts inputs to `float` before comparing them with its `float` thresholds.
//! To reproduce that exactly with `f64` inputs, every imported threshold `t` is replaced by
//! the `f64` boundary `m` such that, for every `f64` value `x`, `x < m` holds exactly when
//! `(x as f32) < t` does (see [`f32_less_boundary`]). `m` lies within half a `float` ulp
//! of `t`. Leaf values are XGBoost's `float` values widened to `f64`; the margin is summed
//! in `f64` (XGBoost sums in `float`, a difference of order 1e-7 relative).
//!
//! Nodes are renumbered in breadth-first order from the root, so children always follow
//! their parent; deleted (unreachable) nodes are dropped. `Node::cover` is XGBoost's
//! `sum_hessian`; `Node::value` of a split is its `base_weights` entry.
//!
//! Rejected with [`Error::Unsupported`] (message naming the file): `gblinear`,
//! multi-class and multi-target models, vector leaves, categorical splits and objectives
//! with other links (Poisson, Gamma, Tweedie, ranking, survival).

use serde_json::Value;

use rai_core::{Error, Link, Result, Task};

use super::{EnsembleSource, MissingRule, Node, SplitCmp, TreeEnsemble};

/// Parses an XGBoost JSON model; `name` is used in error messages.
///
/// # Examples
/// ```
/// use rai_core::Model;
/// let json = r#"{"learner": {
///   "feature_names": ["x"],
///   "learner_model_param": {"base_score": "[5E-1]", "num_class": "0", "num_feature": "1"},
///   "objective": {"name": "binary:logistic"},
///   "gradient_booster": {"name": "gbtree", "model": {"trees": [{
///     "left_children": [1, -1, -1], "right_children": [2, -1, -1],
///     "split_indices": [0, 0, 0], "split_conditions": [0.5, -1.0, 1.0],
///     "default_left": [1, 0, 0], "base_weights": [0.0, -1.0, 1.0],
///     "sum_hessian": [10.0, 4.0, 6.0], "tree_param": {"num_nodes": "3"}}]}}}}"#;
/// let model = rai_models::tree::xgboost::from_json_str(json, "model.json")?;
/// let x = ndarray::array![[0.0], [1.0], [f64::NAN]];
/// assert_eq!(model.predict_margin(x.view())?.to_vec(), vec![-1.0, 1.0, -1.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`Error::ModelFormat`] for documents that are not XGBoost JSON models or are
/// malformed; [`Error::Unsupported`] for valid models this importer does not handle
/// (see the module docs). Both name the file.
pub fn from_json_str(text: &str, name: &str) -> Result<TreeEnsemble> {
    let doc: Value =
        serde_json::from_str(text).map_err(|e| fmt_err(name, format!("invalid JSON: {e}")))?;
    let cx = Cx { name };
    let learner = cx.get(&doc, "learner", "")?;
    let param = cx.get(learner, "learner_model_param", "learner")?;

    let num_class = match param.get("num_class") {
        Some(v) => cx.int(v, "learner_model_param.num_class")?,
        None => 0,
    };
    if num_class > 1 {
        return Err(cx.unsupported(format!(
            "multi-class model (num_class = {num_class}); only binary classification and regression are supported"
        )));
    }
    if let Some(v) = param.get("num_target") {
        let t = cx.int(v, "learner_model_param.num_target")?;
        if t > 1 {
            return Err(cx.unsupported(format!("multi-target model (num_target = {t})")));
        }
    }
    let num_feature = cx.int(
        cx.get(param, "num_feature", "learner_model_param")?,
        "num_feature",
    )?;

    let objective = cx
        .get(
            cx.get(learner, "objective", "learner")?,
            "name",
            "learner.objective",
        )?
        .as_str()
        .ok_or_else(|| cx.fmt("learner.objective.name is not a string"))?
        .to_owned();
    let (task, link, logit_base) = match objective.as_str() {
        "binary:logistic" => (Task::BinaryClassification, Link::Logistic, true),
        // XGBoost (3.2, checked against the fixture) adds logitraw's base_score as is
        "binary:logitraw" => (Task::BinaryClassification, Link::Logistic, false),
        "reg:logistic" => (Task::Regression, Link::Logistic, true),
        "reg:squarederror" | "reg:linear" | "reg:absoluteerror" | "reg:pseudohubererror" => {
            (Task::Regression, Link::Identity, false)
        }
        other => {
            return Err(cx.unsupported(format!(
                "objective `{other}`; supported: binary:logistic, binary:logitraw, reg:logistic, reg:squarederror, reg:absoluteerror, reg:pseudohubererror"
            )));
        }
    };

    let base = as_float(parse_base_score(
        cx.get(param, "base_score", "learner_model_param")?,
        &cx,
    )?);
    let base_score = if logit_base {
        if !(base > 0.0 && base < 1.0) {
            return Err(cx.fmt(format!(
                "base_score {base} of a logistic objective is not a probability in (0, 1)"
            )));
        }
        (base / (1.0 - base)).ln()
    } else {
        base
    };

    let feature_names = match learner.get("feature_names").and_then(Value::as_array) {
        Some(names) if !names.is_empty() => names
            .iter()
            .map(|v| {
                v.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| cx.fmt("learner.feature_names holds a non-string"))
            })
            .collect::<Result<Vec<_>>>()?,
        _ => (0..num_feature).map(|i| format!("f{i}")).collect(),
    };
    if feature_names.len() as u64 != num_feature {
        return Err(cx.fmt(format!(
            "{} feature names but num_feature = {num_feature}",
            feature_names.len()
        )));
    }
    if let Some(types) = learner.get("feature_types").and_then(Value::as_array) {
        if let Some(i) = types.iter().position(|t| t.as_str() == Some("c")) {
            return Err(cx.unsupported(format!(
                "categorical feature `{}` (feature_types = \"c\")",
                feature_names.get(i).map_or("?", String::as_str)
            )));
        }
    }

    let booster = cx.get(learner, "gradient_booster", "learner")?;
    let booster_name = booster
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or("gbtree");
    let (gbtree, weights) = match booster_name {
        "gbtree" => (booster, None),
        "dart" => {
            let w = cx
                .get(booster, "weight_drop", "gradient_booster")?
                .as_array()
                .ok_or_else(|| cx.fmt("gradient_booster.weight_drop is not an array"))?
                .iter()
                .map(|v| cx.num(v, "weight_drop"))
                .collect::<Result<Vec<f64>>>()?;
            (cx.get(booster, "gbtree", "gradient_booster")?, Some(w))
        }
        other => {
            return Err(cx.unsupported(format!(
                "booster `{other}`; only gbtree and dart tree boosters are supported"
            )));
        }
    };
    let trees_json = cx
        .get(
            cx.get(gbtree, "model", "gradient_booster")?,
            "trees",
            "gradient_booster.model",
        )?
        .as_array()
        .ok_or_else(|| cx.fmt("gradient_booster.model.trees is not an array"))?;
    if let Some(w) = &weights {
        if w.len() != trees_json.len() {
            return Err(cx.fmt(format!(
                "dart weight_drop has {} weights for {} trees",
                w.len(),
                trees_json.len()
            )));
        }
    }

    let mut trees = Vec::with_capacity(trees_json.len());
    for (t, tree) in trees_json.iter().enumerate() {
        let weight = weights.as_ref().map_or(1.0, |w| as_float(w[t]));
        trees.push(parse_tree(tree, t, weight, num_feature, &cx)?);
    }
    let ensemble = TreeEnsemble::new(
        feature_names,
        task,
        base_score,
        trees,
        EnsembleSource::XGBoost,
    )
    .map_err(|e| cx.fmt(e.to_string()))?;
    Ok(ensemble.with_link(link))
}

/// Parses `base_score`: `"5E-1"`, `"[5E-1]"` or a JSON number.
fn parse_base_score(v: &Value, cx: &Cx<'_>) -> Result<f64> {
    if let Some(x) = v.as_f64() {
        return Ok(x);
    }
    let s = v
        .as_str()
        .ok_or_else(|| cx.fmt("base_score is neither a string nor a number"))?
        .trim();
    let inner = match s.strip_prefix('[') {
        Some(rest) => rest
            .strip_suffix(']')
            .ok_or_else(|| cx.fmt(format!("base_score `{s}`: unclosed bracket")))?,
        None => s,
    };
    let parts: Vec<&str> = inner.split(',').map(str::trim).collect();
    if parts.len() != 1 {
        return Err(cx.unsupported(format!(
            "base_score `{s}` with {} values (multi-output model)",
            parts.len()
        )));
    }
    let x: f64 = parts[0]
        .parse()
        .map_err(|_| cx.fmt(format!("base_score `{s}` is not a number")))?;
    if !x.is_finite() {
        return Err(cx.fmt(format!("base_score `{s}` is not finite")));
    }
    Ok(x)
}

fn parse_tree(
    tree: &Value,
    t: usize,
    weight: f64,
    num_feature: u64,
    cx: &Cx<'_>,
) -> Result<Vec<Node>> {
    let at = format!("tree {t}");
    if let Some(tp) = tree.get("tree_param") {
        if let Some(v) = tp.get("size_leaf_vector") {
            let s = cx.int(v, &format!("{at} size_leaf_vector"))?;
            if s > 1 {
                return Err(cx.unsupported(format!("{at}: vector leaves (size_leaf_vector = {s})")));
            }
        }
    }
    let left = cx.int_array(tree, "left_children", &at)?;
    let right = cx.int_array(tree, "right_children", &at)?;
    let feature = cx.int_array(tree, "split_indices", &at)?;
    let cond = cx.num_array(tree, "split_conditions", &at)?;
    let default_left = cx.bool_array(tree, "default_left", &at)?;
    let hess = cx.num_array(tree, "sum_hessian", &at)?;
    let base_weights = match tree.get("base_weights") {
        Some(_) => Some(cx.num_array(tree, "base_weights", &at)?),
        None => None,
    };
    let split_type = match tree.get("split_type") {
        Some(_) => Some(cx.int_array(tree, "split_type", &at)?),
        None => None,
    };
    let n = left.len();
    if let Some(tp) = tree.get("tree_param") {
        if let Some(v) = tp.get("num_nodes") {
            let nn = cx.int(v, &format!("{at} num_nodes"))?;
            if nn != n as u64 {
                return Err(cx.fmt(format!("{at}: num_nodes = {nn} but {n} nodes listed")));
            }
        }
    }
    if n == 0 {
        return Err(cx.fmt(format!("{at} has no nodes")));
    }
    for (key, len) in [
        ("right_children", right.len()),
        ("split_indices", feature.len()),
        ("split_conditions", cond.len()),
        ("default_left", default_left.len()),
        ("sum_hessian", hess.len()),
        ("base_weights", base_weights.as_ref().map_or(n, Vec::len)),
        ("split_type", split_type.as_ref().map_or(n, Vec::len)),
    ] {
        if len != n {
            return Err(cx.fmt(format!("{at}: {key} has {len} entries, expected {n}")));
        }
    }

    // breadth-first renumbering from the root
    let mut order: Vec<usize> = vec![0];
    let mut new_index = vec![u32::MAX; n];
    new_index[0] = 0;
    let mut k = 0;
    while k < order.len() {
        let i = order[k];
        k += 1;
        if left[i] == -1 {
            continue;
        }
        for c in [left[i], right[i]] {
            let c = usize::try_from(c)
                .ok()
                .filter(|&c| c < n)
                .ok_or_else(|| cx.fmt(format!("{at} node {i}: child index {c} out of range")))?;
            if new_index[c] != u32::MAX {
                return Err(cx.fmt(format!("{at}: node {c} is reached twice (not a tree)")));
            }
            new_index[c] = order.len() as u32;
            order.push(c);
        }
    }

    let mut nodes = Vec::with_capacity(order.len());
    for &i in &order {
        let cover = as_float(hess[i]);
        if left[i] == -1 {
            nodes.push(Node::leaf(as_float(cond[i]) * weight, cover));
            continue;
        }
        if split_type.as_ref().is_some_and(|s| s[i] != 0) {
            return Err(cx.unsupported(format!("{at} node {i}: categorical split")));
        }
        let f = feature[i];
        if f < 0 || f as u64 >= num_feature {
            return Err(cx.fmt(format!(
                "{at} node {i}: split feature {f} out of range (num_feature = {num_feature})"
            )));
        }
        let threshold = f32_less_boundary(cond[i] as f32);
        let mut node = Node::split(
            f as u32,
            threshold,
            new_index[left[i] as usize],
            new_index[right[i] as usize],
            default_left[i],
            cover,
        );
        node.cmp = SplitCmp::Less;
        node.missing = MissingRule::Nan;
        node.value = base_weights
            .as_ref()
            .map_or(0.0, |b| as_float(b[i]) * weight);
        nodes.push(node);
    }
    Ok(nodes)
}

/// The `float` XGBoost stored, widened back to `f64` (JSON prints the shortest decimal
/// that round-trips through `float`).
fn as_float(x: f64) -> f64 {
    f64::from(x as f32)
}

/// The `f64` boundary `m` with `x < m  <=>  (x as f32) < t` for every non-NaN `f64` `x`.
///
/// XGBoost compares `float(x) < t`. The values of `x` that round (to nearest, ties to
/// even) below `t` are those below the midpoint between `t` and the next smaller `float`,
/// plus the midpoint itself when it rounds down. The midpoint is exact in `f64`.
///
/// # Examples
/// ```
/// use rai_models::tree::xgboost::f32_less_boundary;
/// let t = 0.1f32;
/// let m = f32_less_boundary(t);
/// // 0.1f64 rounds to 0.1f32, which is not below t, and indeed 0.1 >= m
/// assert!(!(0.1f64 < m) && !((0.1f64 as f32) < t));
/// assert!(m < t as f64);
/// ```
pub fn f32_less_boundary(t: f32) -> f64 {
    if !t.is_finite() || t == f32::MIN {
        return f64::from(t);
    }
    let below = next_down_f32(t);
    let mid = (f64::from(below) + f64::from(t)) / 2.0;
    if mid as f32 == t {
        mid
    } else {
        next_up_f64(mid)
    }
}

fn next_down_f32(x: f32) -> f32 {
    // x is finite and > f32::MIN here
    if x == 0.0 {
        return -f32::from_bits(1);
    }
    let b = x.to_bits();
    if x > 0.0 {
        f32::from_bits(b - 1)
    } else {
        f32::from_bits(b + 1)
    }
}

fn next_up_f64(x: f64) -> f64 {
    // x is finite here
    if x == 0.0 {
        return f64::from_bits(1);
    }
    let b = x.to_bits();
    if x > 0.0 {
        f64::from_bits(b + 1)
    } else {
        f64::from_bits(b - 1)
    }
}

/// Error context: the file name.
struct Cx<'a> {
    name: &'a str,
}

fn fmt_err(name: &str, message: impl Into<String>) -> Error {
    Error::ModelFormat {
        path: name.to_owned(),
        message: format!("XGBoost JSON: {}", message.into()),
    }
}

impl Cx<'_> {
    fn fmt(&self, message: impl Into<String>) -> Error {
        fmt_err(self.name, message)
    }

    fn unsupported(&self, what: impl Into<String>) -> Error {
        Error::unsupported(format!("XGBoost model {}: {}", self.name, what.into()))
    }

    fn get<'v>(&self, v: &'v Value, key: &str, parent: &str) -> Result<&'v Value> {
        v.get(key).ok_or_else(|| {
            if parent.is_empty() {
                self.fmt(format!("missing key `{key}`"))
            } else {
                self.fmt(format!("missing key `{parent}.{key}`"))
            }
        })
    }

    /// A non-negative integer written as a number or a string.
    fn int(&self, v: &Value, what: &str) -> Result<u64> {
        if let Some(i) = v.as_u64() {
            return Ok(i);
        }
        v.as_str()
            .and_then(|s| s.trim().parse().ok())
            .ok_or_else(|| {
                self.fmt(format!(
                    "{what}: expected a non-negative integer, found {v}"
                ))
            })
    }

    fn num(&self, v: &Value, what: &str) -> Result<f64> {
        if let Some(x) = v.as_f64() {
            return Ok(x);
        }
        v.as_str()
            .and_then(|s| s.trim().parse().ok())
            .ok_or_else(|| self.fmt(format!("{what}: expected a number, found {v}")))
    }

    fn array<'v>(&self, tree: &'v Value, key: &str, at: &str) -> Result<&'v Vec<Value>> {
        tree.get(key)
            .and_then(Value::as_array)
            .ok_or_else(|| self.fmt(format!("{at}: missing array `{key}`")))
    }

    fn int_array(&self, tree: &Value, key: &str, at: &str) -> Result<Vec<i64>> {
        self.array(tree, key, at)?
            .iter()
            .map(|v| {
                v.as_i64()
                    .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
                    .ok_or_else(|| self.fmt(format!("{at}: `{key}` holds a non-integer {v}")))
            })
            .collect()
    }

    fn num_array(&self, tree: &Value, key: &str, at: &str) -> Result<Vec<f64>> {
        self.array(tree, key, at)?
            .iter()
            .map(|v| self.num(v, &format!("{at} {key}")))
            .collect()
    }

    fn bool_array(&self, tree: &Value, key: &str, at: &str) -> Result<Vec<bool>> {
        self.array(tree, key, at)?
            .iter()
            .map(|v| match v {
                Value::Bool(b) => Ok(*b),
                _ => match v
                    .as_i64()
                    .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
                {
                    Some(0) => Ok(false),
                    Some(1) => Ok(true),
                    _ => Err(self.fmt(format!(
                        "{at}: `{key}` holds {v}, expected 0/1 or a boolean"
                    ))),
                },
            })
            .collect()
    }
}
