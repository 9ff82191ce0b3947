//! Tabular realism: the [`FeatureConstraints`] every attack and stress test respects.
//!
//! Adversarial examples for tabular data are only meaningful when they could occur:
//! an age stays an integer inside its observed range, a one-hot encoded category keeps
//! exactly one active column, a label-encoded categorical stays one of its levels, and an
//! immutable attribute (say, the date of birth) never changes. ART leaves this to the
//! user; here one [`FeatureConstraints`] value is passed to every attack.
//!
//! Two operations:
//! - [`FeatureConstraints::clip_row`]: the *continuous* part (reset immutable features,
//!   clip to bounds). Gradient attacks apply it after every step, exactly where ART applies
//!   its `clip_values` and `mask`.
//! - [`FeatureConstraints::realize_row`]: the full projection onto realistic rows
//!   (domains, integers, one-hot groups, then bounds), optionally keeping the row inside a
//!   perturbation budget by reverting discrete changes that would leave it.

#[cfg(test)]
mod tests;

use rai_core::{Error, Result};
use serde::{Deserialize, Serialize};

/// The norm in which a perturbation is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Norm {
    /// Maximum absolute change over features.
    #[serde(rename = "inf")]
    Inf,
    /// Euclidean length of the change.
    #[serde(rename = "2")]
    L2,
}

impl Norm {
    /// The norm of a difference vector.
    pub fn of(self, delta: impl IntoIterator<Item = f64>) -> f64 {
        match self {
            Norm::Inf => delta.into_iter().fold(0.0, |m, d| m.max(d.abs())),
            Norm::L2 => delta.into_iter().map(|d| d * d).sum::<f64>().sqrt(),
        }
    }

    /// The distance between two rows (a feature missing in both counts as unchanged).
    pub fn distance(self, a: &[f64], b: &[f64]) -> f64 {
        self.of(a
            .iter()
            .zip(b)
            .map(|(x, y)| if x.is_nan() && y.is_nan() { 0.0 } else { x - y }))
    }

    /// `"inf"` or `"2"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Norm::Inf => "inf",
            Norm::L2 => "2",
        }
    }
}

impl std::str::FromStr for Norm {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "inf" | "linf" | "l-inf" | "infinity" => Ok(Norm::Inf),
            "2" | "l2" => Ok(Norm::L2),
            other => Err(Error::invalid_parameter("norm", other, "`inf` or `2`")),
        }
    }
}

/// Per-feature realism constraints shared by all attacks and stress tests.
///
/// Build with [`FeatureConstraints::new`] (no constraints) or
/// [`FeatureConstraints::infer`] (observed bounds and integrality), then add constraints
/// with the `with_*` methods, which validate their arguments.
///
/// # Examples
/// ```
/// use rai_robustness::FeatureConstraints;
/// let c = FeatureConstraints::new(3)
///     .with_bounds(0, 18.0, 90.0)?
///     .with_integer(0)?
///     .with_immutable(2)?;
/// let x0 = [30.0, 1.0, 5.0];
/// let mut x = [17.4, 2.0, 9.0];
/// c.realize_row(&x0, &mut x, None);
/// assert_eq!(x, [18.0, 2.0, 5.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureConstraints {
    lower: Vec<f64>,
    upper: Vec<f64>,
    integer: Vec<bool>,
    immutable: Vec<bool>,
    domains: Vec<Option<Vec<f64>>>,
    one_hot_groups: Vec<Vec<usize>>,
}

impl FeatureConstraints {
    /// No constraints on `n_features` features.
    pub fn new(n_features: usize) -> Self {
        Self {
            lower: vec![f64::NEG_INFINITY; n_features],
            upper: vec![f64::INFINITY; n_features],
            integer: vec![false; n_features],
            immutable: vec![false; n_features],
            domains: vec![None; n_features],
            one_hot_groups: Vec::new(),
        }
    }

    /// Observed per-feature bounds (finite minimum and maximum of each column) and
    /// integrality (every finite value is a whole number) from a data matrix.
    ///
    /// # Errors
    /// [`Error::Empty`] for a matrix without rows.
    pub fn infer(x: ndarray::ArrayView2<'_, f64>) -> Result<Self> {
        if x.nrows() == 0 {
            return Err(Error::Empty {
                what: "data matrix for constraint inference".into(),
            });
        }
        let mut c = Self::new(x.ncols());
        for (j, col) in x.columns().into_iter().enumerate() {
            let finite: Vec<f64> = col.iter().copied().filter(|v| v.is_finite()).collect();
            if finite.is_empty() {
                continue;
            }
            c.lower[j] = finite.iter().copied().fold(f64::INFINITY, f64::min);
            c.upper[j] = finite.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            c.integer[j] = finite.iter().all(|v| v.fract() == 0.0);
        }
        Ok(c)
    }

    fn check_index(&self, j: usize) -> Result<()> {
        if j < self.lower.len() {
            Ok(())
        } else {
            Err(Error::invalid_parameter(
                "feature index",
                j,
                format!("an index below {}", self.lower.len()),
            ))
        }
    }

    /// Bounds `lower <= x_j <= upper` (use infinities for one-sided bounds).
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for a bad index, NaN, or `lower > upper`.
    pub fn with_bounds(mut self, j: usize, lower: f64, upper: f64) -> Result<Self> {
        self.check_index(j)?;
        if lower.is_nan() || upper.is_nan() || lower > upper {
            return Err(Error::invalid_parameter(
                "bounds",
                format!("[{lower}, {upper}]"),
                "lower <= upper, neither NaN",
            ));
        }
        self.lower[j] = lower;
        self.upper[j] = upper;
        Ok(self)
    }

    /// Feature `j` takes whole-number values only.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for a bad index.
    pub fn with_integer(mut self, j: usize) -> Result<Self> {
        self.check_index(j)?;
        self.integer[j] = true;
        Ok(self)
    }

    /// Feature `j` never changes.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for a bad index.
    pub fn with_immutable(mut self, j: usize) -> Result<Self> {
        self.check_index(j)?;
        self.immutable[j] = true;
        Ok(self)
    }

    /// Marks the features whose names are listed as immutable.
    ///
    /// # Errors
    /// [`Error::UnknownColumn`] for a name not in `feature_names`.
    pub fn with_immutable_names<S: AsRef<str>>(
        mut self,
        names: &[S],
        feature_names: &[String],
    ) -> Result<Self> {
        for n in names {
            let j = feature_index(n.as_ref(), feature_names)?;
            self = self.with_immutable(j)?;
        }
        Ok(self)
    }

    /// Feature `j` (a label-encoded categorical) takes one of `levels`.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for a bad index or an empty or non-finite level set.
    pub fn with_domain(mut self, j: usize, mut levels: Vec<f64>) -> Result<Self> {
        self.check_index(j)?;
        if levels.is_empty() || levels.iter().any(|v| !v.is_finite()) {
            return Err(Error::invalid_parameter(
                "domain",
                format!("{levels:?}"),
                "a non-empty set of finite values",
            ));
        }
        levels.sort_by(f64::total_cmp);
        levels.dedup();
        self.domains[j] = Some(levels);
        Ok(self)
    }

    /// Features `group` are the 0/1 columns of one one-hot encoded category: exactly one
    /// of them is 1.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for a bad index, fewer than two columns, or a column
    /// already in another group.
    pub fn with_one_hot(mut self, group: Vec<usize>) -> Result<Self> {
        if group.len() < 2 {
            return Err(Error::invalid_parameter(
                "one-hot group",
                format!("{group:?}"),
                "at least two feature indices",
            ));
        }
        for &j in &group {
            self.check_index(j)?;
            if self.one_hot_groups.iter().flatten().any(|&k| k == j)
                || group.iter().filter(|&&k| k == j).count() > 1
            {
                return Err(Error::invalid_parameter(
                    "one-hot group",
                    format!("{group:?}"),
                    "feature indices that belong to no other group",
                ));
            }
        }
        self.one_hot_groups.push(group);
        Ok(self)
    }

    /// Number of features.
    pub fn n_features(&self) -> usize {
        self.lower.len()
    }

    /// Lower bounds.
    pub fn lower(&self) -> &[f64] {
        &self.lower
    }

    /// Upper bounds.
    pub fn upper(&self) -> &[f64] {
        &self.upper
    }

    /// Whether feature `j` is immutable.
    pub fn is_immutable(&self, j: usize) -> bool {
        self.immutable.get(j).copied().unwrap_or(false)
    }

    /// Whether feature `j` is integer-valued.
    pub fn is_integer(&self, j: usize) -> bool {
        self.integer.get(j).copied().unwrap_or(false)
    }

    /// The domain of feature `j`, if it is a label-encoded categorical.
    pub fn domain(&self, j: usize) -> Option<&[f64]> {
        self.domains.get(j).and_then(|d| d.as_deref())
    }

    /// The one-hot groups.
    pub fn one_hot_groups(&self) -> &[Vec<usize>] {
        &self.one_hot_groups
    }

    /// Whether any discrete constraint (integer, domain, one-hot) is present.
    pub fn has_discrete(&self) -> bool {
        self.integer.iter().any(|&b| b)
            || self.domains.iter().any(Option::is_some)
            || !self.one_hot_groups.is_empty()
    }

    /// 1 for features an attack may move, 0 for immutable ones (ART's `mask`).
    pub fn mask(&self) -> Vec<f64> {
        self.immutable
            .iter()
            .map(|&b| if b { 0.0 } else { 1.0 })
            .collect()
    }

    /// Checks that the constraints describe `n` features.
    ///
    /// # Errors
    /// [`Error::LengthMismatch`].
    pub fn ensure_features(&self, n: usize) -> Result<()> {
        rai_core::error::ensure_len("constraints vs model features", n, self.n_features())
    }

    /// The continuous part: immutable features reset to `x0`, then every feature clipped
    /// to its bounds.
    pub fn clip_row(&self, x0: &[f64], x: &mut [f64]) {
        for j in 0..x.len().min(self.lower.len()) {
            if self.immutable[j] {
                x[j] = x0[j];
            } else {
                x[j] = clamp(x[j], self.lower[j], self.upper[j]);
            }
        }
    }

    /// Projects `x` onto realistic rows near `x0`: immutable features reset, domains
    /// snapped to the nearest level, integers rounded (inside the bounds), bounds clipped,
    /// one-hot groups set to their largest entry. With `budget = Some((norm, eps))`, discrete
    /// changes that would take `x` farther than `eps` from `x0` are reverted (largest first),
    /// so the result stays inside the budget whenever the continuous part does.
    pub fn realize_row(&self, x0: &[f64], x: &mut [f64], budget: Option<(Norm, f64)>) {
        let p = x.len().min(self.lower.len());
        for j in 0..p {
            if self.immutable[j] {
                x[j] = x0[j];
                continue;
            }
            if let Some(levels) = &self.domains[j] {
                x[j] = nearest_level(levels, x[j], self.lower[j], self.upper[j]);
                continue;
            }
            if self.integer[j] {
                let lo = self.lower[j].ceil();
                let hi = self.upper[j].floor();
                x[j] = if lo <= hi {
                    clamp(x[j].round(), lo, hi)
                } else {
                    clamp(x[j], self.lower[j], self.upper[j])
                };
                continue;
            }
            x[j] = clamp(x[j], self.lower[j], self.upper[j]);
        }
        for group in &self.one_hot_groups {
            if group.iter().any(|&j| self.immutable[j]) {
                for &j in group {
                    x[j] = x0[j];
                }
                continue;
            }
            let best = group
                .iter()
                .copied()
                .filter(|&j| !x[j].is_nan())
                .max_by(|&a, &b| x[a].total_cmp(&x[b]).then_with(|| b.cmp(&a)));
            if let Some(best) = best {
                for &j in group {
                    x[j] = if j == best { 1.0 } else { 0.0 };
                }
            }
        }
        if let Some((norm, eps)) = budget {
            self.enforce_budget(x0, x, norm, eps);
        }
    }

    fn enforce_budget(&self, x0: &[f64], x: &mut [f64], norm: Norm, eps: f64) {
        let tol = eps * (1.0 + 1e-12) + 1e-15;
        if norm.distance(x, x0) <= tol {
            return;
        }
        // discrete units: single integer/domain features, and whole one-hot groups
        let mut units: Vec<(f64, Vec<usize>)> = Vec::new();
        let in_group = |j: usize| self.one_hot_groups.iter().flatten().any(|&k| k == j);
        for j in 0..x.len().min(self.lower.len()) {
            if (self.integer[j] || self.domains[j].is_some()) && !in_group(j) && x[j] != x0[j] {
                units.push(((x[j] - x0[j]).abs(), vec![j]));
            }
        }
        for group in &self.one_hot_groups {
            if group.iter().any(|&j| x[j] != x0[j]) {
                let size = norm.of(group.iter().map(|&j| x[j] - x0[j]));
                units.push((size, group.clone()));
            }
        }
        units.sort_by(|a, b| b.0.total_cmp(&a.0));
        for (_, unit) in units {
            for j in unit {
                x[j] = x0[j];
            }
            if norm.distance(x, x0) <= tol {
                return;
            }
        }
        // still outside: the continuous part alone exceeds the budget; scale it back
        let d = norm.distance(x, x0);
        if d > tol && d.is_finite() {
            for j in 0..x.len() {
                x[j] = x0[j] + (x[j] - x0[j]) * (eps / d);
            }
        }
    }

    /// Checks that `x` is a realistic row for `x0`: immutable features unchanged, bounds,
    /// integrality, domains and one-hot groups respected. Returns the first offending
    /// feature index and a reason.
    pub fn check_row(
        &self,
        x0: &[f64],
        x: &[f64],
    ) -> std::result::Result<(), (usize, &'static str)> {
        for j in 0..x.len().min(self.lower.len()) {
            if self.immutable[j]
                && x[j].to_bits() != x0[j].to_bits()
                && !(x[j].is_nan() && x0[j].is_nan())
            {
                return Err((j, "immutable feature changed"));
            }
            if self.immutable[j] {
                continue;
            }
            if x[j] < self.lower[j] || x[j] > self.upper[j] {
                return Err((j, "outside bounds"));
            }
            if self.integer[j] && x[j].is_finite() && x[j].fract() != 0.0 {
                return Err((j, "integer feature not a whole number"));
            }
            if let Some(levels) = &self.domains[j] {
                if !levels.contains(&x[j]) {
                    return Err((j, "categorical level outside its domain"));
                }
            }
        }
        for group in &self.one_hot_groups {
            let ones = group.iter().filter(|&&j| x[j] == 1.0).count();
            let zeros = group.iter().filter(|&&j| x[j] == 0.0).count();
            if ones != 1 || ones + zeros != group.len() {
                return Err((group[0], "one-hot group without exactly one active column"));
            }
        }
        Ok(())
    }
}

/// Index of a feature by name.
///
/// # Errors
/// [`Error::UnknownColumn`].
pub fn feature_index(name: &str, feature_names: &[String]) -> Result<usize> {
    feature_names
        .iter()
        .position(|n| n == name)
        .ok_or_else(|| Error::UnknownColumn {
            name: name.to_owned(),
            available: feature_names.to_vec(),
        })
}

fn clamp(v: f64, lo: f64, hi: f64) -> f64 {
    if v < lo {
        lo
    } else if v > hi {
        hi
    } else {
        v
    }
}

fn nearest_level(levels: &[f64], v: f64, lo: f64, hi: f64) -> f64 {
    let inside: Vec<f64> = levels
        .iter()
        .copied()
        .filter(|&l| l >= lo && l <= hi)
        .collect();
    let pool = if inside.is_empty() {
        levels
    } else {
        &inside[..]
    };
    if v.is_nan() {
        return v;
    }
    pool.iter()
        .copied()
        .min_by(|a, b| (a - v).abs().total_cmp(&(b - v).abs()))
        .unwrap_or(v)
}
