//! Two-sample Kolmogorov–Smirnov test, with scipy's `ks_2samp(method="auto")` p-values.
//!
//! Exact p-values (Hodges 1958; Viehmann 2021 recursion for unequal sizes) when both
//! samples have at most 10,000 values; otherwise the finite-n Kolmogorov distribution
//! `kstwo.sf(d, round(n m / (n + m)))` of Simard & L'Ecuyer (2011), as scipy does.

use rai_core::{Error, Result};
use serde::Serialize;
use statrs::function::gamma::ln_gamma;

/// Largest sample size for which the exact distribution is used (scipy's `MAX_AUTO_N`).
pub const MAX_EXACT_N: usize = 10_000;

/// Result of a two-sample test.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TestResult {
    /// The test statistic.
    pub statistic: f64,
    /// The p-value.
    pub p_value: f64,
    /// `"exact"` or `"asymptotic"`.
    pub method: &'static str,
}

/// Two-sided two-sample KS test (NaN values are an error: drop them first).
///
/// # Examples
/// ```
/// let r = rai_robustness::drift::ks_2samp(&[1.0, 2.0, 3.0, 4.0], &[3.5, 4.5, 5.5, 6.5])?;
/// assert_eq!(r.statistic, 0.75);
/// assert!((r.p_value - 0.22857142857142856).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`Error::Empty`] for an empty sample; [`Error::NonFinite`] for NaN.
///
/// # Formula
/// `D = max_x |F1(x) - F2(x)|` with right-continuous empirical CDFs.
///
/// # References
/// Hodges (1958), "The significance probability of the Smirnov two-sample test";
/// Simard & L'Ecuyer (2011), "Computing the two-sided Kolmogorov-Smirnov distribution".
pub fn ks_2samp(a: &[f64], b: &[f64]) -> Result<TestResult> {
    let (a, b) = (sorted(a, "first sample")?, sorted(b, "second sample")?);
    let (n1, n2) = (a.len(), b.len());
    // statistic: scan the pooled values
    let (mut max_s, mut min_s) = (f64::NEG_INFINITY, f64::INFINITY);
    for &v in a.iter().chain(&b) {
        // counts up to v: searchsorted(side="right")
        let ci = a.partition_point(|&t| t <= v);
        let cj = b.partition_point(|&t| t <= v);
        let diff = ci as f64 / n1 as f64 - cj as f64 / n2 as f64;
        max_s = max_s.max(diff);
        min_s = min_s.min(diff);
    }
    let min_s = (-min_s).clamp(0.0, 1.0);
    let d = if min_s > max_s { min_s } else { max_s };
    let g = gcd(n1, n2);
    if n1.max(n2) <= MAX_EXACT_N {
        if let Some((d, p)) = exact(n1, n2, g, d) {
            return Ok(TestResult {
                statistic: d,
                p_value: p.clamp(0.0, 1.0),
                method: "exact",
            });
        }
    }
    let (m, n) = if n1 >= n2 {
        (n1 as f64, n2 as f64)
    } else {
        (n2 as f64, n1 as f64)
    };
    let en = (m * n / (m + n)).round_ties_even();
    Ok(TestResult {
        statistic: d,
        p_value: kolmogorov_sf(en as u64, d).clamp(0.0, 1.0),
        method: "asymptotic",
    })
}

fn sorted(v: &[f64], what: &str) -> Result<Vec<f64>> {
    if v.is_empty() {
        return Err(Error::Empty { what: what.into() });
    }
    if let Some((i, x)) = v.iter().enumerate().find(|(_, x)| x.is_nan()) {
        return Err(Error::NonFinite {
            what: what.into(),
            index: i,
            value: *x,
        });
    }
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    Ok(s)
}

pub(crate) fn gcd(a: usize, b: usize) -> usize {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// scipy's `_attempt_exact_2kssamp` (two-sided): `None` when the computation fails.
fn exact(n1: usize, n2: usize, g: usize, d: f64) -> Option<(f64, f64)> {
    let lcm = (n1 / g) * n2;
    let h = (d * lcm as f64).round_ties_even() as usize;
    let d = h as f64 / lcm as f64;
    if h == 0 {
        return Some((d, 1.0));
    }
    let p = if n1 == n2 {
        prob_outside_square(n1, h)
    } else {
        outer_prob_inside(n1, n2, g, h)
    };
    if p.is_finite() && (0.0..=1.0).contains(&p) {
        Some((d, p))
    } else {
        None
    }
}

fn prob_outside_square(n: usize, h: usize) -> f64 {
    let mut p = 0.0;
    let mut k = (n / h) as i64;
    while k >= 0 {
        let mut p1 = 1.0;
        let kh = k as f64 * h as f64;
        for j in 0..h {
            p1 = (n as f64 - kh - j as f64) * p1 / (n as f64 + kh + j as f64 + 1.0);
        }
        p = p1 * (1.0 - p);
        k -= 1;
    }
    2.0 * p
}

fn outer_prob_inside(m: usize, n: usize, g: usize, h: usize) -> f64 {
    let (m, n) = if m < n { (n, m) } else { (m, n) };
    let (mg, ng) = ((m / g) as f64, (n / g) as f64);
    let hf = h as f64;
    let mut minj: usize = 0;
    let mut maxj: usize = ((hf / mg).ceil() as usize).min(n + 1);
    let mut curlen = maxj - minj;
    let len_a = (2 * maxj + 2).min(n + 1);
    let mut a = vec![1.0f64; len_a];
    for v in a.iter_mut().take(maxj.min(len_a)) {
        *v = 0.0;
    }
    for i in 1..=m {
        let (lastminj, lastlen) = (minj, curlen);
        let lo = ((ng * i as f64 - hf) / mg).floor() as i64 + 1;
        minj = (lo.max(0) as usize).min(n);
        maxj = (((ng * i as f64 + hf) / mg).ceil() as usize).min(n + 1);
        if maxj <= minj {
            return 1.0;
        }
        let mut val = if minj == 0 { 0.0 } else { 1.0 };
        let fi = i as f64;
        for jj in 0..(maxj - minj) {
            let j = (jj + minj) as f64;
            val = (a[jj + minj - lastminj] * fi + val * j) / (fi + j);
            a[jj] = val;
        }
        curlen = maxj - minj;
        if lastlen > curlen {
            let start = maxj - minj;
            let end = (start + (lastlen - curlen)).min(a.len());
            for v in a.iter_mut().take(end).skip(start) {
                *v = 1.0;
            }
        }
    }
    a[maxj - minj - 1]
}

/// Survival function of the two-sided one-sample Kolmogorov statistic `D_n` (scipy's
/// `kstwo.sf(x, n)`).
pub fn kolmogorov_sf(n: u64, x: f64) -> f64 {
    if n == 0 || x.is_nan() {
        return f64::NAN;
    }
    if x >= 1.0 {
        return 0.0;
    }
    if x <= 0.0 {
        return 1.0;
    }
    let nf = n as f64;
    let t = nf * x;
    if t <= 1.0 {
        if t <= 0.5 {
            return 1.0;
        }
        let prob = if n <= 140 {
            (1..=n).fold(1.0, |acc, i| {
                acc * (i as f64 * (1.0 / nf) * (2.0 * t - 1.0))
            })
        } else {
            (log_nfactorial_div_n_pow_n(nf) + nf * (2.0 * t - 1.0).ln()).exp()
        };
        return (1.0 - prob).clamp(0.0, 1.0);
    }
    if t >= nf - 1.0 {
        return (2.0 * (1.0 - x).powf(nf)).clamp(0.0, 1.0);
    }
    if x >= 0.5 {
        return (2.0 * smirnov_sf(n, x)).clamp(0.0, 1.0);
    }
    let nxsquared = t * x;
    if n <= 140 {
        if nxsquared <= 0.754693 {
            return (1.0 - durbin_matrix_cdf(n, x)).clamp(0.0, 1.0);
        }
        if nxsquared <= 4.0 {
            return (1.0 - pomeranz_cdf(n, x)).clamp(0.0, 1.0);
        }
        return (2.0 * smirnov_sf(n, x)).clamp(0.0, 1.0);
    }
    if nxsquared >= 370.0 {
        return 0.0;
    }
    if nxsquared >= 2.2 {
        return (2.0 * smirnov_sf(n, x)).clamp(0.0, 1.0);
    }
    let cdf = if nxsquared >= 18.0 {
        1.0
    } else if n <= 100_000 && nf * x.powf(1.5) <= 1.4 {
        durbin_matrix_cdf(n, x)
    } else {
        pelz_good_cdf(nf, x)
    };
    (1.0 - cdf).clamp(0.0, 1.0)
}

#[allow(clippy::excessive_precision)] // reason: Stirling coefficients exactly as published (scipy)
const STIRLING: [f64; 8] = [
    -2.955065359477124183e-2,
    6.4102564102564102564e-3,
    -1.9175269175269175269e-3,
    8.4175084175084175084e-4,
    -5.952380952380952381e-4,
    7.9365079365079365079e-4,
    -2.7777777777777777778e-3,
    8.3333333333333333333e-2,
];

fn log_nfactorial_div_n_pow_n(n: f64) -> f64 {
    let rn = 1.0 / n;
    let poly = STIRLING.iter().fold(0.0, |acc, c| acc * (rn / n) + c);
    n.ln() / 2.0 - n + (2.0 * std::f64::consts::PI).ln() / 2.0 + rn * poly
}

/// Durbin's matrix algorithm (Marsaglia, Tsang & Wang 2003) for `P(D_n <= d)`.
fn durbin_matrix_cdf(n: u64, d: f64) -> f64 {
    if d >= 1.0 {
        return 1.0;
    }
    let nd = n as f64 * d;
    if nd <= 0.5 {
        return 0.0;
    }
    let k = nd.ceil() as usize;
    let h = k as f64 - nd;
    let m = 2 * k - 1;
    let mut hm = vec![0.0; m * m];
    let mut v = vec![0.0; m];
    let mut w = vec![0.0; m];
    let mut fac = 1.0;
    for j in 1..=m {
        v[j - 1] = 1.0 - h.powi(j as i32);
        w[j - 1] = fac;
        fac /= j as f64;
        v[j - 1] *= fac;
    }
    let tt = (2.0 * h - 1.0).max(0.0).powi(m as i32) - 2.0 * h.powi(m as i32);
    v[m - 1] = (1.0 + tt) * fac;
    for i in 1..m {
        for r in (i - 1)..m {
            hm[r * m + i] = w[r - (i - 1)];
        }
    }
    for r in 0..m {
        hm[r * m] = v[r];
    }
    for c in 0..m {
        hm[(m - 1) * m + c] = v[m - 1 - c];
    }
    let ep = 2f64.powi(128);
    let mut pw = identity(m);
    let mut nn = n;
    let mut expnt: i64 = 0;
    let mut hexpnt: i64 = 0;
    while nn > 0 {
        if nn % 2 == 1 {
            pw = matmul(&pw, &hm, m);
            expnt += hexpnt;
        }
        hm = matmul(&hm, &hm, m);
        hexpnt *= 2;
        if hm[(k - 1) * m + (k - 1)].abs() > ep {
            for v in hm.iter_mut() {
                *v /= ep;
            }
            hexpnt += 128;
        }
        nn /= 2;
    }
    let mut p = pw[(k - 1) * m + (k - 1)];
    let em = 2f64.powi(-128);
    for i in 1..=n {
        p = i as f64 * p / n as f64;
        if p.abs() < em {
            p *= ep;
            expnt -= 128;
        }
    }
    if expnt != 0 {
        p *= 2f64.powi(expnt as i32);
    }
    p.clamp(0.0, 1.0)
}

fn identity(m: usize) -> Vec<f64> {
    let mut a = vec![0.0; m * m];
    for i in 0..m {
        a[i * m + i] = 1.0;
    }
    a
}

fn matmul(a: &[f64], b: &[f64], m: usize) -> Vec<f64> {
    let mut c = vec![0.0; m * m];
    for i in 0..m {
        for k in 0..m {
            let aik = a[i * m + k];
            if aik != 0.0 {
                for j in 0..m {
                    c[i * m + j] += aik * b[k * m + j];
                }
            }
        }
    }
    c
}

fn pomeranz_j1j2(i: usize, n: usize, ll: i64, ceilf: i64, roundf: i64) -> (i64, i64) {
    let (i, n) = (i as i64, n as i64);
    let (j1, j2) = if i == 0 {
        (-ll - ceilf - 1, ll + ceilf - 1)
    } else {
        let (ip1div2, ip1mod2) = ((i + 1) / 2, (i + 1) % 2);
        if ip1mod2 == 0 {
            if ip1div2 == n + 1 {
                (n - ll - ceilf - 1, n + ll + ceilf - 1)
            } else {
                (ip1div2 - 1 - ll - roundf - 1, ip1div2 + ll - 1 + ceilf - 1)
            }
        } else {
            (ip1div2 - 1 - ll - 1, ip1div2 + ll + roundf - 1)
        }
    };
    ((j1 + 2).max(0), j2.min(n))
}

/// Pomeranz's (1974) recursion for `P(D_n <= x)`.
fn pomeranz_cdf(n: u64, x: f64) -> f64 {
    let nu = n as usize;
    let nf = n as f64;
    let t = nf * x;
    let ll = t.floor() as i64;
    let f = t - ll as f64;
    let g = f.min(1.0 - f);
    let ceilf = i64::from(f > 0.0);
    let roundf = i64::from(f > 0.5);
    let npwrs = 2 * (ll as usize + 1);
    let mut gpower = vec![1.0; npwrs];
    let mut twogpower = vec![1.0; npwrs];
    let mut onem2gpower = vec![1.0; npwrs];
    let (a, b, c) = (g / nf, 2.0 * g / nf, (1.0 - 2.0 * g) / nf);
    for m in 1..npwrs {
        gpower[m] = gpower[m - 1] * a / m as f64;
        twogpower[m] = twogpower[m - 1] * b / m as f64;
        onem2gpower[m] = onem2gpower[m - 1] * c / m as f64;
    }
    let mut v0 = vec![0.0; npwrs];
    let mut v1 = vec![0.0; npwrs];
    v1[0] = 1.0;
    let (mut v0s, mut v1s): (i64, i64) = (0, 0);
    let mut expnt: i64 = 0;
    let (ep, em) = (2f64.powi(128), 2f64.powi(-128));
    let (mut j1, mut _j2) = pomeranz_j1j2(0, nu, ll, ceilf, roundf);
    for i in 1..(2 * nu + 2) {
        let k1 = j1;
        std::mem::swap(&mut v0, &mut v1);
        std::mem::swap(&mut v0s, &mut v1s);
        v1.iter_mut().for_each(|v| *v = 0.0);
        let (nj1, nj2) = pomeranz_j1j2(i, nu, ll, ceilf, roundf);
        j1 = nj1;
        _j2 = nj2;
        let pwrs = if i == 1 || i == 2 * nu + 1 {
            &gpower
        } else if i % 2 == 1 {
            &twogpower
        } else {
            &onem2gpower
        };
        let ln2 = nj2 - k1 + 1;
        if ln2 > 0 {
            let ln2 = ln2 as usize;
            let start = (k1 - v0s) as usize;
            let seg: Vec<f64> = (0..ln2)
                .map(|q| v0.get(start + q).copied().unwrap_or(0.0))
                .collect();
            // full convolution of seg with pwrs[..ln2]
            let mut conv = vec![0.0; 2 * ln2 - 1];
            for (p, s) in seg.iter().enumerate() {
                for (q, w) in pwrs.iter().take(ln2).enumerate() {
                    conv[p + q] += s * w;
                }
            }
            let conv_start = (nj1 - k1) as usize;
            let conv_len = (nj2 - nj1 + 1) as usize;
            for q in 0..conv_len {
                if q < v1.len() {
                    v1[q] = conv.get(conv_start + q).copied().unwrap_or(0.0);
                }
            }
            let mx = v1.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            if 0.0 < mx && mx < em {
                v1.iter_mut().for_each(|v| *v *= ep);
                expnt -= 128;
            }
            v1s = v0s + nj1 - k1;
        }
    }
    let mut ans = v1.get((nu as i64 - v1s) as usize).copied().unwrap_or(0.0);
    for m in 1..=nu {
        if ans.abs() > ep {
            ans *= em;
            expnt += 128;
        }
        ans *= m as f64;
    }
    if expnt != 0 {
        ans *= 2f64.powi(expnt as i32);
    }
    ans.clamp(0.0, 1.0)
}

/// Pelz–Good (1976) approximation of `P(D_n <= x)`.
fn pelz_good_cdf(n: f64, x: f64) -> f64 {
    use std::f64::consts::PI;
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let z = n.sqrt() * x;
    let (z2, z3, z4, z6) = (z * z, z.powi(3), z.powi(4), z.powi(6));
    let qlog = -PI * PI / 8.0 / z2;
    if qlog < -708.0 {
        return 0.0;
    }
    let q = qlog.exp();
    let pi2 = PI * PI;
    let pi4 = pi2 * pi2;
    let pi6 = pi4 * pi2;
    let k1a = -z2;
    let k1b = pi2 / 4.0;
    let k2a = 6.0 * z6 + 2.0 * z4;
    let k2b = (2.0 * z4 - 5.0 * z2) * pi2 / 4.0;
    let k2c = pi4 * (1.0 - 2.0 * z2) / 16.0;
    let k3d = pi6 * (5.0 - 30.0 * z2) / 64.0;
    let k3c = pi4 * (-60.0 * z2 + 212.0 * z4) / 16.0;
    let k3b = pi2 * (135.0 * z4 - 96.0 * z6) / 4.0;
    let k3a = -30.0 * z6 - 90.0 * z.powi(8);
    let mut kk = [0.0f64; 4];
    let maxk = (16.0 * z / PI).ceil() as i64;
    for k in (1..=maxk).rev() {
        let m = (2 * k - 1) as f64;
        let (m2, m4, m6) = (m * m, m.powi(4), m.powi(6));
        let qp = q.powf(8.0 * k as f64);
        let coeffs = [
            1.0,
            k1a + k1b * m2,
            k2a + k2b * m2 + k2c * m4,
            k3a + k3b * m2 + k3c * m4 + k3d * m6,
        ];
        for (a, c) in kk.iter_mut().zip(coeffs) {
            *a = *a * qp + c;
        }
    }
    let s2p = (2.0 * PI).sqrt();
    for a in kk.iter_mut() {
        *a *= q * s2p;
    }
    kk[0] /= z;
    kk[1] /= 6.0 * z4;
    kk[2] /= 72.0 * z.powi(7);
    kk[3] /= 6480.0 * z.powi(10);
    let q2 = (-pi2 / 2.0 / z2).exp();
    let sqrt3z = 3f64.sqrt() * z;
    let (mut k2extra, mut k3extra) = (0.0, 0.0);
    for k in (1..=maxk).rev() {
        let kf = k as f64;
        let ks2 = kf * kf;
        let qp = q2.powf(ks2);
        k2extra += ks2 * qp;
        let kspi = PI * kf;
        k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * ks2 * qp;
    }
    kk[2] += k2extra * pi2 * s2p / (-36.0 * z3);
    kk[3] += k3extra * pi2 * s2p / (216.0 * z6);
    for (i, a) in kk.iter_mut().enumerate() {
        *a /= n.powf(i as f64 / 2.0);
    }
    kk.iter().sum()
}

/// One-sided Smirnov survival function `P(D_n^+ >= x)` (scipy's `smirnov(n, x)`), by the
/// Birnbaum–Tingey sum evaluated in log space.
pub fn smirnov_sf(n: u64, x: f64) -> f64 {
    if !(0.0..=1.0).contains(&x) || n == 0 {
        return f64::NAN;
    }
    if n == 1 {
        return x;
    }
    if x == 0.0 {
        return 1.0;
    }
    if x == 1.0 {
        return 0.0;
    }
    let nf = n as f64;
    let nx = nf * x;
    let nxfl = nx.floor();
    let alpha = nx - nxfl;
    if nxfl == 0.0 || (nxfl == 1.0 && alpha == 0.0) {
        let cdf = x * (1.0 + x).powf(nf - 1.0);
        return 1.0 - cdf;
    }
    if -2.0 * nf * x * x < -708.396_418_532_264_1 {
        return 0.0;
    }
    if nxfl >= nf - 1.0 {
        return (1.0 - x).powf(nf);
    }
    // sum over j = 0 ..= floor(n (1 - x)), excluding a zero base (alpha == 0)
    let last = (nf - nxfl - if alpha == 0.0 { 1.0 } else { 0.0 }) as u64;
    let ln_n1 = ln_gamma(nf + 1.0);
    let mut sum = 0.0;
    for j in 0..=last.min(n) {
        let jf = j as f64;
        let base1 = (nf - jf) / nf - x;
        if base1 <= 0.0 {
            break;
        }
        let lc = ln_n1 - ln_gamma(jf + 1.0) - ln_gamma(nf - jf + 1.0);
        let lt = lc + (nf - jf) * base1.ln() + (jf - 1.0) * (jf / nf + x).ln();
        sum += lt.exp();
    }
    (x * sum).clamp(0.0, 1.0)
}
