//! Multiple-testing corrections.

use serde::{Deserialize, Serialize};

/// How p-values of several features are adjusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Correction {
    /// Benjamini–Hochberg (false discovery rate).
    #[default]
    BenjaminiHochberg,
    /// Bonferroni (family-wise error rate).
    Bonferroni,
    /// No adjustment.
    None,
}

/// Adjusted p-values, in input order (`NaN` entries stay `NaN` and are not counted).
///
/// # Examples
/// ```
/// use rai_robustness::drift::{adjust_p_values, Correction};
/// let p = [0.01, 0.04, 0.03, 0.2];
/// let bh = adjust_p_values(&p, Correction::BenjaminiHochberg);
/// assert!((bh[0] - 0.04).abs() < 1e-15 && (bh[1] - 0.04 / 0.75 * 1.0).abs() < 1e-15);
/// assert_eq!(adjust_p_values(&p, Correction::Bonferroni)[3], 0.8);
/// ```
///
/// # References
/// Benjamini & Hochberg (1995), "Controlling the false discovery rate".
pub fn adjust_p_values(p: &[f64], method: Correction) -> Vec<f64> {
    let valid: Vec<usize> = (0..p.len()).filter(|&i| !p[i].is_nan()).collect();
    let m = valid.len() as f64;
    let mut out = p.to_vec();
    match method {
        Correction::None => {}
        Correction::Bonferroni => {
            for &i in &valid {
                out[i] = (p[i] * m).min(1.0);
            }
        }
        Correction::BenjaminiHochberg => {
            let mut order = valid.clone();
            order.sort_by(|&a, &b| p[a].total_cmp(&p[b]));
            let mut running = 1.0f64;
            for (rank, &i) in order.iter().enumerate().rev() {
                let adj = p[i] * m / (rank + 1) as f64;
                running = running.min(adj);
                out[i] = running.min(1.0);
            }
        }
    }
    out
}
