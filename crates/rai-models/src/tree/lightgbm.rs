//! Import of LightGBM text models (`Booster.save_model("model.txt")`).
//!
//! Supported: one output (`num_class=1`, `num_tree_per_iteration=1`), numerical splits,
//! single-leaf trees, and the objectives
//!
//! | objective | task | link |
//! |---|---|---|
//! | `binary sigmoid:s` | binary classification | logistic |
//! | `regression`, `regression_l1`, `huber`, `fair`, `quantile`, `mape` | regression | identity |
//!
//! Margins equal LightGBM's `predict(..., raw_score=True)`: the sum of the trees' leaf
//! values (leaf values already include the learning rate, `shrinkage`). A binary model
//! with `sigmoid:s`, `s != 1`, predicts the probability `1 / (1 + exp(-s * raw))`, so its
//! log-odds margin is `s * raw`: every leaf value is multiplied by `s` (the margin is then
//! `s` times LightGBM's raw score, and `sigmoid(margin)` is LightGBM's probability). Random-forest
//! models (`boosting=rf`, header line `average_output`) are supported: LightGBM's
//! prediction averages the trees, so every leaf value is divided by the number of trees
//! and the margin is the average. Note that LightGBM's own `raw_score=True` returns the
//! *sum* for such models (its probability is `sigmoid(sum / n_trees)`); the margin here
//! is the log-odds whose sigmoid is LightGBM's probability.
//!
//! # Missing values
//! Bits 2-3 of a split's `decision_type` give its missing type, mapped as LightGBM's
//! `Tree::NumericalDecision` does:
//! - `None` (0): `NaN` is replaced by `0.0`, then compared ([`MissingRule::NanAsZero`]);
//! - `Zero` (1): `NaN` becomes `0.0`; values with `|x| <= 1e-35` go to the default side
//!   ([`MissingRule::ZeroOrNan`]);
//! - `NaN` (2): `NaN` goes to the default side ([`MissingRule::Nan`]).
//!
//! Bit 1 is `default_left`; the comparison is `x <= threshold` ([`SplitCmp::LessEqual`]).
//! Nodes are renumbered breadth-first from the root. `Node::cover` is `internal_count` for
//! splits and `leaf_count` for leaves (training rows reaching the node); `Node::value` of
//! a split is its `internal_value`.
//!
//! Rejected with [`Error::Unsupported`] (message naming the file): categorical splits
//! (bit 0 of `decision_type`, `num_cat > 0`), linear trees, multi-class models, a
//! non-positive `sigmoid`, and objectives with other links (Poisson, Gamma, Tweedie,
//! cross-entropy, ranking, `regression` with `sqrt`).

use rai_core::{Error, Link, Result, Task};

use super::{EnsembleSource, MissingRule, Node, SplitCmp, TreeEnsemble};

/// Parses a LightGBM text model; `name` is used in error messages.
///
/// # Examples
/// ```
/// use rai_core::Model;
/// let text = "tree\nversion=v4\nnum_class=1\nnum_tree_per_iteration=1\nmax_feature_idx=0\n\
///             objective=regression\nfeature_names=x\n\n\
///             Tree=0\nnum_leaves=2\nnum_cat=0\nsplit_feature=0\nthreshold=0.5\n\
///             decision_type=10\nleft_child=-1\nright_child=-2\nleaf_value=1 2\n\
///             leaf_count=3 4\ninternal_value=1.5\ninternal_count=7\nshrinkage=1\n\n\
///             end of trees\n";
/// let model = rai_models::tree::lightgbm::from_text(text, "model.txt")?;
/// let x = ndarray::array![[0.5], [0.6], [f64::NAN]];
/// assert_eq!(model.predict_margin(x.view())?.to_vec(), vec![1.0, 2.0, 1.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`Error::ModelFormat`] for text that is not a LightGBM model or is malformed;
/// [`Error::Unsupported`] for valid models this importer does not handle (see the module
/// docs). Both name the file.
pub fn from_text(text: &str, name: &str) -> Result<TreeEnsemble> {
    let cx = Cx { name };
    let mut lines = text.lines().enumerate().peekable();
    match lines.next() {
        Some((_, l)) if l.trim() == "tree" => {}
        _ => return Err(cx.fmt(1, "the first line is not `tree`")),
    }

    // header: key=value lines up to the first `Tree=`
    let mut header: Vec<(usize, &str, &str)> = Vec::new();
    let mut average_output = false;
    while let Some(&(i, line)) = lines.peek() {
        let line = line.trim();
        if line.starts_with("Tree=") || line == "end of trees" {
            break;
        }
        lines.next();
        if line == "average_output" {
            average_output = true;
        } else if let Some((k, v)) = line.split_once('=') {
            header.push((i + 1, k, v));
        }
    }
    let head = |key: &str| {
        header
            .iter()
            .find(|(_, k, _)| *k == key)
            .map(|&(l, _, v)| (l, v))
    };

    for key in ["num_class", "num_tree_per_iteration"] {
        if let Some((l, v)) = head(key) {
            let n: usize = cx.parse(l, key, v)?;
            if n != 1 {
                return Err(cx.unsupported(format!(
                    "{key}={n} (multi-class); only binary classification and regression are supported"
                )));
            }
        }
    }
    let (l, objective) =
        head("objective").ok_or_else(|| cx.fmt(0, "no `objective=` line in the header"))?;
    let (task, link, sigmoid) = parse_objective(objective, l, &cx)?;
    let (l, names) =
        head("feature_names").ok_or_else(|| cx.fmt(0, "no `feature_names=` line in the header"))?;
    let feature_names: Vec<String> = names.split_whitespace().map(str::to_owned).collect();
    if let Some((l, v)) = head("max_feature_idx") {
        let m: usize = cx.parse(l, "max_feature_idx", v)?;
        if m + 1 != feature_names.len() {
            return Err(cx.fmt(
                l,
                format!(
                    "max_feature_idx={m} but {} feature names",
                    feature_names.len()
                ),
            ));
        }
    }
    let _ = l;

    // trees
    let mut trees = Vec::new();
    let mut ended = false;
    while let Some((i, line)) = lines.next() {
        let line = line.trim();
        if line == "end of trees" {
            ended = true;
            break;
        }
        let Some(id) = line.strip_prefix("Tree=") else {
            continue;
        };
        let mut fields: Vec<(usize, &str, &str)> = Vec::new();
        while let Some(&(j, l)) = lines.peek() {
            let l = l.trim();
            if l.is_empty() || l.starts_with("Tree=") || l == "end of trees" {
                break;
            }
            lines.next();
            if let Some((k, v)) = l.split_once('=') {
                fields.push((j + 1, k, v));
            }
        }
        trees.push(parse_tree(id, i + 1, &fields, feature_names.len(), &cx)?);
    }
    if !ended {
        return Err(cx.fmt(0, "no `end of trees` line (truncated file?)"));
    }
    if trees.is_empty() {
        return Err(cx.fmt(0, "the model has no trees"));
    }
    let mut scale = sigmoid;
    if average_output {
        scale /= trees.len() as f64;
    }
    if scale != 1.0 {
        for tree in &mut trees {
            for node in tree.iter_mut() {
                node.value *= scale;
            }
        }
    }
    let ensemble = TreeEnsemble::new(feature_names, task, 0.0, trees, EnsembleSource::LightGBM)
        .map_err(|e| cx.fmt(0, e.to_string()))?;
    Ok(ensemble.with_link(link))
}

/// Task, link and the factor from raw score to log-odds (`sigmoid`, binary only).
fn parse_objective(objective: &str, line: usize, cx: &Cx<'_>) -> Result<(Task, Link, f64)> {
    let mut parts = objective.split_whitespace();
    let kind = parts.next().unwrap_or("");
    let options: Vec<&str> = parts.collect();
    match kind {
        "binary" => {
            let mut sigmoid: f64 = 1.0;
            for o in &options {
                if let Some(s) = o.strip_prefix("sigmoid:") {
                    sigmoid = cx.parse(line, "sigmoid", s)?;
                    if !(sigmoid > 0.0 && sigmoid.is_finite()) {
                        return Err(cx.unsupported(format!(
                            "binary objective with sigmoid:{s}; expected a positive sigmoid"
                        )));
                    }
                }
            }
            Ok((Task::BinaryClassification, Link::Logistic, sigmoid))
        }
        "regression" | "regression_l2" | "l2" | "mean_squared_error" | "mse" | "regression_l1" | "l1"
        | "mean_absolute_error" | "mae" | "huber" | "fair" | "quantile" | "mape" => {
            if options.contains(&"sqrt") {
                return Err(cx.unsupported(format!(
                    "objective `{objective}`: reg_sqrt models predict the signed square of the raw score"
                )));
            }
            Ok((Task::Regression, Link::Identity, 1.0))
        }
        _ => Err(cx.unsupported(format!(
            "objective `{objective}`; supported: binary and regression objectives with an identity link"
        ))),
    }
}

fn parse_tree(
    id: &str,
    line: usize,
    fields: &[(usize, &str, &str)],
    p: usize,
    cx: &Cx<'_>,
) -> Result<Vec<Node>> {
    let at = format!("Tree={id} (line {line})");
    let get = |key: &str| {
        fields
            .iter()
            .find(|(_, k, _)| *k == key)
            .map(|&(l, _, v)| (l, v))
    };
    let need = |key: &str| get(key).ok_or_else(|| cx.fmt(line, format!("{at}: no `{key}=` line")));
    let (l, v) = need("num_leaves")?;
    let num_leaves: usize = cx.parse(l, "num_leaves", v)?;
    if num_leaves == 0 {
        return Err(cx.fmt(l, format!("{at}: num_leaves=0")));
    }
    if let Some((l, v)) = get("num_cat") {
        let c: usize = cx.parse(l, "num_cat", v)?;
        if c > 0 {
            return Err(cx.unsupported(format!("{at}: categorical splits (num_cat={c})")));
        }
    }
    if let Some((_, v)) = get("is_linear") {
        if v.trim() != "0" {
            return Err(cx.unsupported(format!("{at}: linear trees (is_linear={v})")));
        }
    }
    let leaf_value: Vec<f64> = cx.list(need("leaf_value")?, "leaf_value", num_leaves)?;
    let leaf_count: Vec<f64> = match get("leaf_count") {
        Some(f) if !f.1.trim().is_empty() => cx.list(f, "leaf_count", num_leaves)?,
        _ => vec![0.0; num_leaves],
    };
    if num_leaves == 1 {
        return Ok(vec![Node::leaf(leaf_value[0], leaf_count[0])]);
    }
    let ns = num_leaves - 1;
    let split_feature: Vec<usize> = cx.list(need("split_feature")?, "split_feature", ns)?;
    let threshold: Vec<f64> = cx.list(need("threshold")?, "threshold", ns)?;
    let decision_type: Vec<u8> = cx.list(need("decision_type")?, "decision_type", ns)?;
    let left_child: Vec<i64> = cx.list(need("left_child")?, "left_child", ns)?;
    let right_child: Vec<i64> = cx.list(need("right_child")?, "right_child", ns)?;
    let internal_value: Vec<f64> = match get("internal_value") {
        Some(f) => cx.list(f, "internal_value", ns)?,
        None => vec![0.0; ns],
    };
    let internal_count: Vec<f64> = match get("internal_count") {
        Some(f) => cx.list(f, "internal_count", ns)?,
        None => vec![0.0; ns],
    };

    // A child reference: internal node i >= 0 or leaf ~c. Breadth-first renumbering.
    #[derive(Clone, Copy)]
    enum Ref {
        Split(usize),
        Leaf(usize),
    }
    let resolve = |c: i64| -> Result<Ref> {
        if c >= 0 {
            let c = c as usize;
            if c >= ns {
                return Err(cx.fmt(line, format!("{at}: child {c} out of range")));
            }
            Ok(Ref::Split(c))
        } else {
            let leaf = (!c) as usize;
            if leaf >= num_leaves {
                return Err(cx.fmt(line, format!("{at}: leaf child {c} out of range")));
            }
            Ok(Ref::Leaf(leaf))
        }
    };
    let mut order = vec![Ref::Split(0)];
    let mut seen_split = vec![false; ns];
    let mut seen_leaf = vec![false; num_leaves];
    seen_split[0] = true;
    let mut nodes = Vec::with_capacity(2 * num_leaves - 1);
    let mut k = 0;
    while k < order.len() {
        let r = order[k];
        k += 1;
        match r {
            Ref::Leaf(j) => nodes.push(Node::leaf(leaf_value[j], leaf_count[j])),
            Ref::Split(s) => {
                let dt = decision_type[s];
                if dt & 1 != 0 {
                    return Err(cx.unsupported(format!("{at} split {s}: categorical split")));
                }
                let missing = match (dt >> 2) & 3 {
                    0 => MissingRule::NanAsZero,
                    1 => MissingRule::ZeroOrNan,
                    2 => MissingRule::Nan,
                    m => {
                        return Err(
                            cx.fmt(line, format!("{at} split {s}: unknown missing type {m}"))
                        );
                    }
                };
                let f = split_feature[s];
                if f >= p {
                    return Err(cx.fmt(
                        line,
                        format!("{at} split {s}: feature {f} out of range ({p} features)"),
                    ));
                }
                let mut children = [0u32; 2];
                for (slot, c) in children.iter_mut().zip([left_child[s], right_child[s]]) {
                    let r = resolve(c)?;
                    let dup = match r {
                        Ref::Split(x) => std::mem::replace(&mut seen_split[x], true),
                        Ref::Leaf(x) => std::mem::replace(&mut seen_leaf[x], true),
                    };
                    if dup {
                        return Err(cx.fmt(
                            line,
                            format!("{at}: node {c} is reached twice (not a tree)"),
                        ));
                    }
                    *slot = order.len() as u32;
                    order.push(r);
                }
                nodes.push(Node {
                    feature: f as u32,
                    left: children[0],
                    right: children[1],
                    default_left: dt & 2 != 0,
                    cmp: SplitCmp::LessEqual,
                    missing,
                    threshold: threshold[s],
                    value: internal_value[s],
                    cover: internal_count[s],
                });
            }
        }
    }
    Ok(nodes)
}

/// Error context: the file name.
struct Cx<'a> {
    name: &'a str,
}

impl Cx<'_> {
    fn fmt(&self, line: usize, message: impl Into<String>) -> Error {
        let message = message.into();
        Error::ModelFormat {
            path: self.name.to_owned(),
            message: if line > 0 {
                format!("LightGBM text, line {line}: {message}")
            } else {
                format!("LightGBM text: {message}")
            },
        }
    }

    fn unsupported(&self, what: impl Into<String>) -> Error {
        Error::unsupported(format!("LightGBM model {}: {}", self.name, what.into()))
    }

    fn parse<T: std::str::FromStr>(&self, line: usize, key: &str, v: &str) -> Result<T> {
        v.trim()
            .parse()
            .map_err(|_| self.fmt(line, format!("`{key}`: cannot parse `{v}`")))
    }

    fn list<T: std::str::FromStr>(
        &self,
        (line, v): (usize, &str),
        key: &str,
        n: usize,
    ) -> Result<Vec<T>> {
        let out = v
            .split_whitespace()
            .map(|s| self.parse(line, key, s))
            .collect::<Result<Vec<T>>>()?;
        if out.len() != n {
            return Err(self.fmt(
                line,
                format!("`{key}` has {} values, expected {n}", out.len()),
            ));
        }
        Ok(out)
    }
}
