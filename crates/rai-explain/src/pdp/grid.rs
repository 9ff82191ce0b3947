//! Grids for partial dependence, built as scikit-learn's `_grid_from_X` builds them.

use ndarray::ArrayView1;
use rai_core::{Error, Result};

/// How the grid of one feature is chosen.
#[derive(Debug, Clone, PartialEq)]
pub enum GridSpec {
    /// scikit-learn's default: the sorted unique values when there are fewer than the grid
    /// resolution, otherwise `resolution` evenly spaced points between the two
    /// percentiles (`scipy.stats.mstats.mquantiles`, alphap = betap = 0.4).
    Auto,
    /// A categorical feature: every level (sorted unique value) present in the data.
    Categorical,
    /// Caller-given grid values, used as given.
    Values(Vec<f64>),
}

/// The grid for one column. Missing values (NaN) are ignored when building it.
///
/// # Examples
/// ```
/// use rai_explain::pdp::{grid_for_column, GridSpec};
/// let col = ndarray::Array1::from_iter((0..200).map(f64::from));
/// let g = grid_for_column(col.view(), &GridSpec::Auto, (0.05, 0.95), 5)?;
/// assert_eq!(g.len(), 5);
/// let few = ndarray::array![3.0, 1.0, 3.0];
/// assert_eq!(grid_for_column(few.view(), &GridSpec::Auto, (0.05, 0.95), 100)?, vec![1.0, 3.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`Error::InvalidParameter`] for percentiles outside `[0, 1]` or not increasing, a
/// resolution below 2, percentiles too close to build a grid (scikit-learn's
/// `np.allclose` test), an empty or non-finite custom grid; [`Error::Empty`] when the
/// column has no non-missing value.
pub fn grid_for_column(
    column: ArrayView1<'_, f64>,
    spec: &GridSpec,
    percentiles: (f64, f64),
    resolution: usize,
) -> Result<Vec<f64>> {
    if let GridSpec::Values(v) = spec {
        if v.is_empty() {
            return Err(Error::invalid_parameter("grid", "[]", "at least one value"));
        }
        if let Some((i, bad)) = v.iter().enumerate().find(|(_, x)| !x.is_finite()) {
            return Err(Error::NonFinite {
                what: "grid".into(),
                index: i,
                value: *bad,
            });
        }
        return Ok(v.clone());
    }
    let (lo, hi) = percentiles;
    if !(0.0..=1.0).contains(&lo) || !(0.0..=1.0).contains(&hi) || lo >= hi {
        return Err(Error::invalid_parameter(
            "percentiles",
            format!("({lo}, {hi})"),
            "two values in [0, 1], the first strictly smaller",
        ));
    }
    if resolution <= 1 {
        return Err(Error::invalid_parameter(
            "grid_resolution",
            resolution,
            "an integer greater than 1",
        ));
    }
    let mut sorted: Vec<f64> = column.iter().copied().filter(|v| !v.is_nan()).collect();
    if sorted.is_empty() {
        return Err(Error::Empty {
            what: "non-missing values to build a grid from".into(),
        });
    }
    sorted.sort_by(f64::total_cmp);
    let mut uniques = sorted.clone();
    uniques.dedup();
    if matches!(spec, GridSpec::Categorical) || uniques.len() < resolution {
        return Ok(uniques);
    }
    let a = mquantile(&sorted, lo);
    let b = mquantile(&sorted, hi);
    if (a - b).abs() <= 1e-8 + 1e-5 * b.abs() {
        return Err(Error::invalid_parameter(
            "percentiles",
            format!("({lo}, {hi})"),
            format!("percentiles further apart: both give {a}"),
        ));
    }
    Ok(linspace(a, b, resolution))
}

/// `scipy.stats.mstats.mquantiles(sorted, prob=p)` with the default `alphap = betap = 0.4`
/// on sorted, non-empty data.
///
/// # Formula
/// `m = 0.4 + 0.2 p`, `aleph = n p + m`, `k = floor(clip(aleph, 1, n - 1))`,
/// `gamma = clip(aleph - k, 0, 1)`, result `(1 - gamma) x[k-1] + gamma x[k]` (1-based k).
pub fn mquantile(sorted: &[f64], p: f64) -> f64 {
    let n = sorted.len();
    if n == 1 {
        return sorted[0];
    }
    let m = 0.4 + p * (1.0 - 0.4 - 0.4);
    let aleph = n as f64 * p + m;
    let k = aleph.clamp(1.0, (n - 1) as f64).floor();
    let gamma = (aleph - k).clamp(0.0, 1.0);
    let k = k as usize;
    (1.0 - gamma) * sorted[k - 1] + gamma * sorted[k]
}

/// `np.linspace(a, b, num)` with its exact arithmetic (`i * step + a`, last point `b`).
pub fn linspace(a: f64, b: f64, num: usize) -> Vec<f64> {
    if num == 1 {
        return vec![a];
    }
    let step = (b - a) / (num - 1) as f64;
    let mut v: Vec<f64> = (0..num).map(|i| i as f64 * step + a).collect();
    v[num - 1] = b;
    v
}
