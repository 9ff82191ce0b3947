//! The aggregate release implementation.

use std::collections::BTreeMap;

use rai_core::{Column, Error, Result, Table};
use serde::Serialize;

use crate::NoiseSource;
use crate::mechanisms::{
    DiscreteLaplace, ExponentialMechanism, Mechanism, Neighbouring, scale_pow2,
};
use crate::samplers::uniform_below;

/// An aggregate query.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Query {
    /// Number of non-missing values.
    Count,
    /// Bounded sum.
    Sum,
    /// Bounded mean.
    Mean,
    /// Bounded (population) variance.
    Variance,
    /// Histogram (known categories, numeric bins, or unknown categories with δ).
    Histogram,
    /// The p-quantile, p in [0, 1] (exponential mechanism).
    Quantile(f64),
}

impl Query {
    fn name(&self) -> &'static str {
        match self {
            Query::Count => "count",
            Query::Sum => "sum",
            Query::Mean => "mean",
            Query::Variance => "variance",
            Query::Histogram => "histogram",
            Query::Quantile(_) => "quantile",
        }
    }
}

/// Parameters of a release.
#[derive(Debug, Clone)]
pub struct ReleaseParams {
    /// The query.
    pub query: Query,
    /// ε of the whole release.
    pub epsilon: f64,
    /// δ (only for histograms over unknown categories).
    pub delta: Option<f64>,
    /// Declared bounds (lower, upper): values are clamped to them.
    pub bounds: Option<(f64, f64)>,
    /// Known (public) categories for a histogram.
    pub categories: Option<Vec<String>>,
    /// Number of equal-width bins over the bounds for a numeric histogram.
    pub bins: Option<usize>,
    /// Group-by column (public keys).
    pub group_by: Option<String>,
    /// Identifier column for contribution bounding.
    pub id_column: Option<String>,
    /// Maximum rows kept per identifier (1 when no identifier column is given).
    pub max_contributions: usize,
    /// Candidate points for quantiles (default 1024).
    pub quantile_candidates: usize,
}

impl ReleaseParams {
    /// Parameters for `query` at `epsilon`, no bounds, no grouping.
    pub fn new(query: Query, epsilon: f64) -> Self {
        ReleaseParams {
            query,
            epsilon,
            delta: None,
            bounds: None,
            categories: None,
            bins: None,
            group_by: None,
            id_column: None,
            max_contributions: 1,
            quantile_candidates: 1024,
        }
    }
}

/// A released value: a number, or one number per bin/group.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    /// One number.
    Scalar(f64),
    /// One number per key.
    Map(BTreeMap<String, f64>),
    /// One release per group.
    Groups(BTreeMap<String, Value>),
}

/// The 95% confidence interval of the noise: `[lo, hi]` around the released value, or one
/// per key; `None` (JSON null) where no data-independent interval exists (quantiles).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Ci {
    /// One interval.
    Scalar(Option<[f64; 2]>),
    /// One interval per key.
    Map(BTreeMap<String, Ci>),
}

/// The result of a release.
#[derive(Debug, Clone, Serialize)]
pub struct Release {
    /// The query name.
    pub query: String,
    /// The released value(s).
    pub value: Value,
    /// The 95% interval of the noise.
    pub confidence_interval_95: Ci,
    /// ε spent.
    pub epsilon_spent: f64,
    /// δ spent.
    pub delta_spent: f64,
    /// The mechanism used.
    pub mechanism: String,
    /// The neighbouring relation.
    pub neighbouring: Neighbouring,
    /// Whether group keys (and category labels) were treated as public.
    pub group_keys_public: bool,
    /// For quantiles: with probability ≥ 95% the released candidate's rank is within this
    /// many ranks of the target rank (exponential-mechanism utility bound).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rank_error_95: Option<f64>,
}

fn check_bounds(b: Option<(f64, f64)>, q: &str) -> Result<(f64, f64)> {
    let (l, u) = b.ok_or_else(|| {
        Error::invalid_parameter("bounds", "none", format!("--lower and --upper for a {q}"))
    })?;
    if !l.is_finite() || !u.is_finite() || l >= u {
        return Err(Error::invalid_parameter(
            "bounds",
            format!("[{l}, {u}]"),
            "finite lower < upper",
        ));
    }
    Ok((l, u))
}

/// Keeps at most `k` rows per identifier, chosen uniformly with the secure source.
fn bound_contributions(
    table: &Table,
    id: &str,
    k: usize,
    noise: &mut NoiseSource,
) -> Result<Vec<usize>> {
    let ids = table.text_column(id)?;
    let mut by_id: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (row, v) in ids.into_iter().enumerate() {
        let key = v.ok_or_else(|| Error::MissingValue {
            column: id.into(),
            row,
            context: "every row needs an identifier for contribution bounding".into(),
        })?;
        by_id.entry(key).or_default().push(row);
    }
    let mut keep = Vec::new();
    for (_, mut rows) in by_id {
        // Partial Fisher-Yates: a uniform random k-subset.
        let n = rows.len();
        for i in 0..k.min(n) {
            let j = i + uniform_below(noise, (n - i) as u64) as usize;
            rows.swap(i, j);
        }
        rows.truncate(k);
        keep.extend(rows);
    }
    keep.sort_unstable();
    Ok(keep)
}

struct Ctx<'a> {
    col: &'a Column,
    name: &'a str,
    p: &'a ReleaseParams,
    k: u64,
}

type Part = (Value, Ci, Option<f64>);

impl Ctx<'_> {
    fn numbers(&self, rows: &[usize]) -> Result<Vec<f64>> {
        let c = self.col.as_numeric().ok_or_else(|| Error::ColumnType {
            name: self.name.into(),
            expected: "numeric".into(),
            found: "categorical".into(),
        })?;
        Ok(rows
            .iter()
            .filter_map(|&r| c.get(r))
            .filter(|v| !v.is_nan())
            .collect())
    }

    fn count(
        &self,
        rows: &[usize],
        eps: f64,
        alpha: f64,
        noise: &mut NoiseSource,
    ) -> Result<(f64, f64)> {
        let n = rows.iter().filter(|&&r| !self.col.is_missing(r)).count() as i64;
        let m = DiscreteLaplace::new(self.k, eps)?;
        Ok((m.release(&n, noise)? as f64, m.half_width(alpha)))
    }

    /// Fixed-point sum of clamped values (or of their squares), released with noise.
    fn fixed_sum(
        &self,
        xs: &[f64],
        bits: i32,
        square: bool,
        eps: f64,
        alpha: f64,
        noise: &mut NoiseSource,
    ) -> Result<(f64, f64)> {
        let (l, u) = check_bounds(self.p.bounds, self.p.query.name())?;
        let m = l.abs().max(u.abs());
        let g = m.log2().floor() as i32 - bits;
        let to_g = |x: f64| scale_pow2(x.clamp(l, u), -g).round() as i128;
        let (lg, ug) = (to_g(l), to_g(u));
        let mut s: i128 = 0;
        for &x in xs {
            let v = to_g(x);
            s += if square { v * v } else { v };
        }
        let per = if square {
            (lg * lg).max(ug * ug)
        } else {
            lg.abs().max(ug.abs())
        };
        let sens = u64::try_from(per * i128::from(self.k))
            .map_err(|_| {
                Error::invalid_parameter("bounds", format!("[{l}, {u}]"), "smaller bounds")
            })?
            .max(1);
        let mech = DiscreteLaplace::new(sens, eps)?;
        let noisy = s + i128::from(mech.sample(noise));
        let e = if square { 2 * g } else { g };
        Ok((
            scale_pow2(noisy as f64, e),
            scale_pow2(mech.half_width(alpha), e),
        ))
    }

    fn scalar(&self, rows: &[usize], noise: &mut NoiseSource) -> Result<Part> {
        let eps = self.p.epsilon;
        match self.p.query {
            Query::Count => {
                let (v, h) = self.count(rows, eps, 0.05, noise)?;
                Ok((Value::Scalar(v), Ci::Scalar(Some([v - h, v + h])), None))
            }
            Query::Sum => {
                let xs = self.numbers(rows)?;
                let (v, h) = self.fixed_sum(&xs, 30, false, eps, 0.05, noise)?;
                Ok((Value::Scalar(v), Ci::Scalar(Some([v - h, v + h])), None))
            }
            Query::Mean => {
                let (l, u) = check_bounds(self.p.bounds, "mean")?;
                let xs = self.numbers(rows)?;
                let (c, hc) = self.count(rows, eps / 2.0, 0.025, noise)?;
                let (s, hs) = self.fixed_sum(&xs, 30, false, eps / 2.0, 0.025, noise)?;
                let mean = (s / c.max(1.0)).clamp(l, u);
                let ci = if c - hc >= 1.0 {
                    let r = [
                        (s - hs) / (c - hc),
                        (s - hs) / (c + hc),
                        (s + hs) / (c - hc),
                        (s + hs) / (c + hc),
                    ];
                    let lo = r.iter().copied().fold(f64::INFINITY, f64::min).clamp(l, u);
                    let hi = r
                        .iter()
                        .copied()
                        .fold(f64::NEG_INFINITY, f64::max)
                        .clamp(l, u);
                    [lo, hi]
                } else {
                    [l, u]
                };
                Ok((Value::Scalar(mean), Ci::Scalar(Some(ci)), None))
            }
            Query::Variance => {
                let (l, u) = check_bounds(self.p.bounds, "variance")?;
                let xs = self.numbers(rows)?;
                let a = 0.05 / 3.0;
                let (c, hc) = self.count(rows, eps / 3.0, a, noise)?;
                let (s, hs) = self.fixed_sum(&xs, 30, false, eps / 3.0, a, noise)?;
                let (ss, hss) = self.fixed_sum(&xs, 15, true, eps / 3.0, a, noise)?;
                let vmax = (u - l).powi(2) / 4.0;
                let cc = c.max(1.0);
                let var = (ss / cc - (s / cc).powi(2)).clamp(0.0, vmax);
                let ci = if c - hc >= 1.0 {
                    let ms = [
                        (s - hs) / (c - hc),
                        (s - hs) / (c + hc),
                        (s + hs) / (c - hc),
                        (s + hs) / (c + hc),
                    ];
                    let mlo = ms.iter().copied().fold(f64::INFINITY, f64::min);
                    let mhi = ms.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                    let (sq_lo, sq_hi) = if mlo <= 0.0 && mhi >= 0.0 {
                        (0.0, mlo.powi(2).max(mhi.powi(2)))
                    } else {
                        (mlo.powi(2).min(mhi.powi(2)), mlo.powi(2).max(mhi.powi(2)))
                    };
                    let r = [
                        (ss - hss) / (c - hc),
                        (ss - hss) / (c + hc),
                        (ss + hss) / (c - hc),
                        (ss + hss) / (c + hc),
                    ];
                    let rlo = r.iter().copied().fold(f64::INFINITY, f64::min);
                    let rhi = r.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                    [
                        (rlo - sq_hi).clamp(0.0, vmax),
                        (rhi - sq_lo).clamp(0.0, vmax),
                    ]
                } else {
                    [0.0, vmax]
                };
                Ok((Value::Scalar(var), Ci::Scalar(Some(ci)), None))
            }
            Query::Quantile(q) => {
                if !(q.is_finite() && (0.0..=1.0).contains(&q)) {
                    return Err(Error::invalid_parameter(
                        "quantile",
                        q,
                        "a number in [0, 1]",
                    ));
                }
                let (l, u) = check_bounds(self.p.bounds, "quantile")?;
                let mut xs: Vec<f64> = self
                    .numbers(rows)?
                    .into_iter()
                    .map(|x| x.clamp(l, u))
                    .collect();
                xs.sort_by(f64::total_cmp);
                let m = self.p.quantile_candidates.max(2);
                let a = (q * 65536.0).round() as i64;
                let n = xs.len() as i64;
                let cands: Vec<f64> = (0..m)
                    .map(|i| l + (u - l) * i as f64 / (m - 1) as f64)
                    .collect();
                let utils: Vec<i64> = cands
                    .iter()
                    .map(|&c| {
                        let r = xs.partition_point(|&x| x < c) as i64;
                        -(65536 * r - a * n).abs()
                    })
                    .collect();
                let sens = 65536 * self.k;
                let em = ExponentialMechanism::new(eps, sens)?;
                let i = em.release(&utils, noise)?;
                let rank_err = 2.0 * sens as f64 / eps * (m as f64 / 0.05).ln() / 65536.0;
                Ok((Value::Scalar(cands[i]), Ci::Scalar(None), Some(rank_err)))
            }
            Query::Histogram => Err(Error::unsupported("histogram as a scalar")),
        }
    }

    fn histogram(&self, rows: &[usize], noise: &mut NoiseSource) -> Result<(Part, f64)> {
        let eps = self.p.epsilon;
        let mech = DiscreteLaplace::new(self.k, eps)?;
        let h = mech.ci95_half_width();
        let mut counts: BTreeMap<String, i64> = BTreeMap::new();
        let known: Option<Vec<String>> = if let Some(bins) = self.p.bins {
            let (l, u) = check_bounds(self.p.bounds, "binned histogram")?;
            if bins == 0 {
                return Err(Error::invalid_parameter("bins", 0, "at least 1"));
            }
            let w = (u - l) / bins as f64;
            let labels: Vec<String> = (0..bins)
                .map(|i| format!("[{}, {})", l + w * i as f64, l + w * (i + 1) as f64))
                .collect();
            for x in self.numbers(rows)? {
                let b = (((x.clamp(l, u) - l) / w).floor() as usize).min(bins - 1);
                *counts.entry(labels[b].clone()).or_default() += 1;
            }
            Some(labels)
        } else {
            for &r in rows {
                if let Some(t) = self.col.get_text(r) {
                    *counts.entry(t).or_default() += 1;
                }
            }
            self.p.categories.clone()
        };
        let mut values = BTreeMap::new();
        let mut cis = BTreeMap::new();
        let delta_spent = match known {
            Some(cats) => {
                for c in cats {
                    let v = mech.release(counts.get(&c).unwrap_or(&0), noise)? as f64;
                    cis.insert(c.clone(), Ci::Scalar(Some([v - h, v + h])));
                    values.insert(c, v);
                }
                0.0
            }
            None => {
                let delta = self.p.delta.ok_or_else(|| {
                    Error::invalid_parameter("delta", "none", "a delta in (0, 1) for a histogram over unknown categories (or declare the categories)")
                })?;
                crate::mechanisms::check_delta(delta)?;
                let m = (mech.scale() * (self.k as f64 / delta).ln()).ceil();
                let tau = self.k as f64 + m;
                for (c, n) in counts {
                    let v = mech.release(&n, noise)? as f64;
                    if v >= tau {
                        cis.insert(c.clone(), Ci::Scalar(Some([v - h, v + h])));
                        values.insert(c, v);
                    }
                }
                delta
            }
        };
        Ok(((Value::Map(values), Ci::Map(cis), None), delta_spent))
    }
}

/// Releases a DP aggregate of `column`.
///
/// # Examples
/// ```
/// use rai_core::{Column, NumericColumn, Table};
/// use rai_privacy::NoiseSource;
/// use rai_privacy::aggregates::{Query, ReleaseParams, release};
/// let t = Table::new(vec![("x".into(), Column::Numeric(NumericColumn::new(vec![1.0, 2.0, 3.0])?))])?;
/// let mut p = ReleaseParams::new(Query::Sum, 1.0);
/// p.bounds = Some((0.0, 5.0));
/// let r = release(&t, "x", &p, &mut NoiseSource::secure()?)?;
/// assert_eq!(r.epsilon_spent, 1.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// Bad ε/δ/bounds/quantile/max_contributions; unknown columns; a numeric query on a
/// categorical column; a histogram over unknown categories without δ; a histogram with
/// group-by (unsupported).
///
/// # Privacy guarantee
/// (ε, δ)-DP under add/remove of one record (or of one identifier's rows with an
/// identifier column), δ = 0 except for histograms over unknown categories.
pub fn release(
    table: &Table,
    column: &str,
    p: &ReleaseParams,
    noise: &mut NoiseSource,
) -> Result<Release> {
    crate::mechanisms::positive("epsilon", p.epsilon)?;
    if let Some(d) = p.delta {
        crate::mechanisms::check_delta(d)?;
    }
    if p.max_contributions == 0 {
        return Err(Error::invalid_parameter(
            "max_contributions",
            0,
            "at least 1",
        ));
    }
    if let Some((l, u)) = p.bounds {
        check_bounds(Some((l, u)), p.query.name())?;
    }
    let col = table.column(column)?;
    let (rows, k, neighbouring) = match &p.id_column {
        Some(id) => (
            bound_contributions(table, id, p.max_contributions, noise)?,
            p.max_contributions as u64,
            Neighbouring::AddRemoveIdentifier {
                max_contributions: p.max_contributions,
            },
        ),
        None => (
            (0..table.n_rows()).collect(),
            1,
            Neighbouring::AddRemoveRecord,
        ),
    };
    let ctx = Ctx {
        col,
        name: column,
        p,
        k,
    };
    let mechanism = match p.query {
        Query::Quantile(_) => "exponential mechanism over a grid of candidates (exact sampler)",
        Query::Histogram if p.categories.is_none() && p.bins.is_none() => {
            "discrete Laplace + threshold (unknown categories)"
        }
        _ => "discrete Laplace on a power-of-two grid (fixed-point sums)",
    };
    let (value, ci, rank, delta_spent) = match &p.group_by {
        None => {
            if p.query == Query::Histogram {
                let ((v, c, r), d) = ctx.histogram(&rows, noise)?;
                (v, c, r, d)
            } else {
                let (v, c, r) = ctx.scalar(&rows, noise)?;
                (v, c, r, 0.0)
            }
        }
        Some(g) => {
            if p.query == Query::Histogram {
                return Err(Error::unsupported("histogram with --group-by"));
            }
            let keys = table.text_column(g)?;
            let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
            for &r in &rows {
                let key = keys[r].clone().unwrap_or_else(|| "NA".into());
                groups.entry(key).or_default().push(r);
            }
            let mut vals = BTreeMap::new();
            let mut cis = BTreeMap::new();
            let mut rank = None;
            for (key, rs) in groups {
                let (v, c, r) = ctx.scalar(&rs, noise)?;
                rank = r;
                vals.insert(key.clone(), v);
                cis.insert(key, c);
            }
            (Value::Groups(vals), Ci::Map(cis), rank, 0.0)
        }
    };
    Ok(Release {
        query: p.query.name().into(),
        value,
        confidence_interval_95: ci,
        epsilon_spent: p.epsilon,
        delta_spent,
        mechanism: mechanism.into(),
        neighbouring,
        group_keys_public: p.group_by.is_some() || p.categories.is_some() || p.bins.is_some(),
        rank_error_95: rank,
    })
}
