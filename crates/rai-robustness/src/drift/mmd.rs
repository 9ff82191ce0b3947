//! Multivariate two-sample test with the maximum mean discrepancy (Gretton et al. 2012),
//! RBF kernel with the median-heuristic bandwidth.
//!
//! Small tables: the unbiased quadratic-time `MMD^2_u` with a permutation p-value. Large
//! tables: the linear-time estimator `MMD^2_l` (Gretton et al. 2012, section 6) with its
//! asymptotic normal p-value, so cost grows linearly with the number of rows.

use ndarray::{Array2, ArrayView2};
use rai_core::{Error, Result};
use rand::seq::SliceRandom;
use rayon::prelude::*;
use serde::Serialize;
use statrs::distribution::{ContinuousCDF, Normal};

/// Parameters of [`mmd_test`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MmdParams {
    /// Permutations for the quadratic-time test.
    pub n_permutations: usize,
    /// Largest pooled row count for the quadratic-time test; larger inputs use the
    /// linear-time estimator.
    pub max_quadratic_rows: usize,
    /// Seed for permutations, shuffling and the bandwidth subsample.
    pub seed: u64,
}

impl Default for MmdParams {
    fn default() -> Self {
        Self {
            n_permutations: 200,
            max_quadratic_rows: 2000,
            seed: 0,
        }
    }
}

/// Result of an MMD test.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MmdResult {
    /// `MMD^2` estimate (unbiased quadratic or linear-time).
    pub statistic: f64,
    /// p-value (permutation, or one-sided normal for the linear-time estimator).
    pub p_value: f64,
    /// `"permutation"` or `"linear_time"`.
    pub method: &'static str,
    /// RBF bandwidth `sigma` in `exp(-||a - b||^2 / (2 sigma^2))`.
    pub bandwidth: f64,
    /// Permutations used (`None` for the linear-time test).
    pub n_permutations: Option<usize>,
    /// Rows used from each sample.
    pub n_reference: usize,
    /// Rows used from the current sample.
    pub n_current: usize,
    /// Seed used.
    pub seed: u64,
}

/// MMD two-sample test between the rows of `x` and `y` (same columns, no NaN; scale
/// the columns first, e.g. by the reference standard deviation).
///
/// # Examples
/// ```
/// use rai_robustness::drift::{mmd_test, MmdParams};
/// let a = ndarray::Array2::from_shape_fn((60, 2), |(i, j)| ((i * 7 + j * 3) % 11) as f64);
/// let b = a.mapv(|v| v + 5.0);
/// let r = mmd_test(a.view(), b.view(), &MmdParams { n_permutations: 50, ..Default::default() })?;
/// assert!(r.p_value < 0.05);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`Error::InvalidParameter`] for fewer than two rows in a sample or zero permutations;
/// [`Error::LengthMismatch`] for different column counts; [`Error::NonFinite`] for NaN.
///
/// # References
/// Gretton, Borgwardt, Rasch, Schölkopf & Smola (2012), "A kernel two-sample test", JMLR 13.
pub fn mmd_test<'a>(
    x: ArrayView2<'a, f64>,
    y: ArrayView2<'a, f64>,
    params: &MmdParams,
) -> Result<MmdResult> {
    rai_core::error::ensure_len("columns of the two samples", x.ncols(), y.ncols())?;
    for (m, what) in [(&x, "reference rows"), (&y, "current rows")] {
        if m.nrows() < 2 {
            return Err(Error::invalid_parameter(what, m.nrows(), "at least 2 rows"));
        }
        if let Some((i, v)) = m.iter().enumerate().find(|(_, v)| !v.is_finite()) {
            return Err(Error::NonFinite {
                what: what.into(),
                index: i / m.ncols().max(1),
                value: *v,
            });
        }
    }
    if params.n_permutations == 0 {
        return Err(Error::invalid_parameter("n_permutations", 0, "at least 1"));
    }
    let pooled = ndarray::concatenate(ndarray::Axis(0), &[x, y])
        .map_err(|e| Error::invalid_parameter("pooled sample", e, "matching shapes"))?;
    let (n, m) = (x.nrows(), y.nrows());
    let bandwidth = median_bandwidth(pooled.view(), params.seed);
    let gamma = 1.0 / (2.0 * bandwidth * bandwidth);
    if n + m <= params.max_quadratic_rows {
        let k = kernel_matrix(pooled.view(), gamma);
        let idx: Vec<usize> = (0..n + m).collect();
        let stat = mmd2_unbiased(&k, &idx[..n], &idx[n..]);
        let exceed: usize = (0..params.n_permutations)
            .into_par_iter()
            .map(|p| {
                let mut rng = rai_core::rng::stream(params.seed, p as u64 + 1);
                let mut perm = idx.clone();
                perm.shuffle(&mut rng);
                usize::from(mmd2_unbiased(&k, &perm[..n], &perm[n..]) >= stat)
            })
            .sum();
        return Ok(MmdResult {
            statistic: stat,
            p_value: (1 + exceed) as f64 / (1 + params.n_permutations) as f64,
            method: "permutation",
            bandwidth,
            n_permutations: Some(params.n_permutations),
            n_reference: n,
            n_current: m,
            seed: params.seed,
        });
    }
    // linear-time estimator on shuffled rows
    let mut rng = rai_core::rng::stream(params.seed, 0);
    let mut xi: Vec<usize> = (0..n).collect();
    let mut yi: Vec<usize> = (0..m).collect();
    xi.shuffle(&mut rng);
    yi.shuffle(&mut rng);
    let pairs = n.min(m) / 2;
    let k = |a: ndarray::ArrayView1<'_, f64>, b: ndarray::ArrayView1<'_, f64>| {
        let d2: f64 = a.iter().zip(b).map(|(p, q)| (p - q) * (p - q)).sum();
        (-gamma * d2).exp()
    };
    let h: Vec<f64> = (0..pairs)
        .map(|i| {
            let (x1, x2) = (x.row(xi[2 * i]), x.row(xi[2 * i + 1]));
            let (y1, y2) = (y.row(yi[2 * i]), y.row(yi[2 * i + 1]));
            k(x1, x2) + k(y1, y2) - k(x1, y2) - k(x2, y1)
        })
        .collect();
    let mean = h.iter().sum::<f64>() / pairs as f64;
    let var = h.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (pairs as f64 - 1.0).max(1.0);
    let se = (var / pairs as f64).sqrt();
    let p_value = if se > 0.0 {
        let normal =
            Normal::new(0.0, 1.0).map_err(|e| Error::invalid_parameter("normal", e, "valid"))?;
        normal.sf(mean / se)
    } else if mean > 0.0 {
        0.0
    } else {
        1.0
    };
    Ok(MmdResult {
        statistic: mean,
        p_value,
        method: "linear_time",
        bandwidth,
        n_permutations: None,
        n_reference: n,
        n_current: m,
        seed: params.seed,
    })
}

fn kernel_matrix(p: ArrayView2<'_, f64>, gamma: f64) -> Array2<f64> {
    let n = p.nrows();
    let mut k = Array2::zeros((n, n));
    for i in 0..n {
        k[[i, i]] = 1.0;
        for j in (i + 1)..n {
            let d2: f64 = p
                .row(i)
                .iter()
                .zip(p.row(j))
                .map(|(a, b)| (a - b) * (a - b))
                .sum();
            let v = (-gamma * d2).exp();
            k[[i, j]] = v;
            k[[j, i]] = v;
        }
    }
    k
}

fn mmd2_unbiased(k: &Array2<f64>, a: &[usize], b: &[usize]) -> f64 {
    let (n, m) = (a.len() as f64, b.len() as f64);
    let mut kxx = 0.0;
    for (p, &i) in a.iter().enumerate() {
        for &j in &a[p + 1..] {
            kxx += k[[i, j]];
        }
    }
    let mut kyy = 0.0;
    for (p, &i) in b.iter().enumerate() {
        for &j in &b[p + 1..] {
            kyy += k[[i, j]];
        }
    }
    let mut kxy = 0.0;
    for &i in a {
        for &j in b {
            kxy += k[[i, j]];
        }
    }
    2.0 * kxx / (n * (n - 1.0)) + 2.0 * kyy / (m * (m - 1.0)) - 2.0 * kxy / (n * m)
}

/// Median pairwise distance over a subsample of at most 1,000 pooled rows (1.0 when
/// every distance is zero).
fn median_bandwidth(p: ArrayView2<'_, f64>, seed: u64) -> f64 {
    let mut idx: Vec<usize> = (0..p.nrows()).collect();
    if idx.len() > 1000 {
        let mut rng = rai_core::rng::stream(seed, u64::MAX);
        idx.shuffle(&mut rng);
        idx.truncate(1000);
    }
    let mut d: Vec<f64> = Vec::with_capacity(idx.len() * idx.len() / 2);
    for (a, &i) in idx.iter().enumerate() {
        for &j in &idx[a + 1..] {
            let d2: f64 = p
                .row(i)
                .iter()
                .zip(p.row(j))
                .map(|(u, v)| (u - v) * (u - v))
                .sum();
            d.push(d2.sqrt());
        }
    }
    if d.is_empty() {
        return 1.0;
    }
    let mid = d.len() / 2;
    d.select_nth_unstable_by(mid, f64::total_cmp);
    let med = d[mid];
    if med > 0.0 { med } else { 1.0 }
}
