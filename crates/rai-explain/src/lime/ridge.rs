//! Weighted ridge regression with an unpenalised intercept (scikit-learn's `Ridge` with
//! `sample_weight`), and the weighted R² it reports as `score`.

#![allow(
    clippy::needless_range_loop,
    reason = "index loops mirror the matrix formulas"
)]

/// A fitted weighted ridge model.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RidgeFit {
    pub coef: Vec<f64>,
    pub intercept: f64,
}

impl RidgeFit {
    pub fn predict(&self, row: &[f64], cols: &[usize]) -> f64 {
        self.intercept
            + cols
                .iter()
                .zip(&self.coef)
                .map(|(c, b)| row[*c] * b)
                .sum::<f64>()
    }
}

/// Fits `y ~ X[:, cols]` minimising `sum w (y - b0 - X b)^2 + alpha |b|^2`: centre by the
/// weighted means, solve `(Xc' W Xc + alpha I) b = Xc' W yc` by Cholesky.
pub(crate) fn fit(data: &[Vec<f64>], y: &[f64], w: &[f64], cols: &[usize], alpha: f64) -> RidgeFit {
    let p = cols.len();
    let sw: f64 = w.iter().sum();
    let xm: Vec<f64> = cols
        .iter()
        .map(|&c| data.iter().zip(w).map(|(r, wi)| r[c] * wi).sum::<f64>() / sw)
        .collect();
    let ym = y.iter().zip(w).map(|(a, b)| a * b).sum::<f64>() / sw;
    let mut a = vec![vec![0.0; p]; p];
    let mut rhs = vec![0.0; p];
    for ((row, yi), wi) in data.iter().zip(y).zip(w) {
        let xc: Vec<f64> = cols.iter().zip(&xm).map(|(&c, m)| row[c] - m).collect();
        let yc = yi - ym;
        for i in 0..p {
            rhs[i] += wi * xc[i] * yc;
            for j in 0..=i {
                a[i][j] += wi * xc[i] * xc[j];
            }
        }
    }
    for i in 0..p {
        a[i][i] += alpha;
        for j in 0..i {
            a[j][i] = a[i][j];
        }
    }
    let coef = solve_spd(a, rhs);
    let intercept = ym - coef.iter().zip(&xm).map(|(b, m)| b * m).sum::<f64>();
    RidgeFit { coef, intercept }
}

/// Solves a symmetric positive definite system by Cholesky; a non-positive pivot (which
/// `alpha > 0` rules out) is treated as zero.
fn solve_spd(mut a: Vec<Vec<f64>>, b: Vec<f64>) -> Vec<f64> {
    let n = b.len();
    for j in 0..n {
        let mut d = a[j][j];
        for k in 0..j {
            d -= a[j][k] * a[j][k];
        }
        let d = if d > 0.0 {
            d.sqrt()
        } else {
            f64::MIN_POSITIVE.sqrt()
        };
        a[j][j] = d;
        for i in j + 1..n {
            let mut s = a[i][j];
            for k in 0..j {
                s -= a[i][k] * a[j][k];
            }
            a[i][j] = s / d;
        }
    }
    let mut z = vec![0.0; n];
    for i in 0..n {
        let mut s = b[i];
        for k in 0..i {
            s -= a[i][k] * z[k];
        }
        z[i] = s / a[i][i];
    }
    let mut x = vec![0.0; n];
    for i in (0..n).rev() {
        let mut s = z[i];
        for k in i + 1..n {
            s -= a[k][i] * x[k];
        }
        x[i] = s / a[i][i];
    }
    x
}

/// Weighted R² of `fit` on the data; `None` when the weighted variance of `y` is zero.
pub(crate) fn weighted_r2(
    fit: &RidgeFit,
    data: &[Vec<f64>],
    y: &[f64],
    w: &[f64],
    cols: &[usize],
) -> Option<f64> {
    let sw: f64 = w.iter().sum();
    let ym = y.iter().zip(w).map(|(a, b)| a * b).sum::<f64>() / sw;
    let mut num = 0.0;
    let mut den = 0.0;
    for ((row, yi), wi) in data.iter().zip(y).zip(w) {
        let r = yi - fit.predict(row, cols);
        num += wi * r * r;
        den += wi * (yi - ym) * (yi - ym);
    }
    (den > 0.0).then(|| 1.0 - num / den)
}
