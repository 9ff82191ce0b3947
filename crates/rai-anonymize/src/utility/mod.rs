//! Utility of a release: normalised certainty penalty (generalised information loss),
//! discernibility, average equivalence-class size, precision, and the accuracy of a
//! small naive Bayes classifier trained on the released categories.
//!
//! The released cells are read as text, so any algorithm's output can be measured:
//! numeric quasi-identifiers as closed `[lo-hi]` or half-open `[lo-hi)` intervals, a
//! plain number (no loss) or `*` (full loss); hierarchical ones as hierarchy labels.
//!
//! # Examples
//! ```
//! use rai_anonymize::encode::StringTable;
//! use rai_anonymize::mondrian::QuasiIdentifier;
//! use rai_anonymize::utility::information_loss;
//! let input = StringTable::from_csv_bytes(b"age\n20\n30\n40\n60\n", "in", None)?;
//! let out = StringTable::from_csv_bytes(b"age\n[20-30]\n[20-30]\n[40-60]\n[40-60]\n", "out", None)?;
//! let u = information_loss(&input, &out, &[QuasiIdentifier::numeric("age")], 0, Some(2))?;
//! assert!((u.ncp - 0.375).abs() < 1e-12); // (10/40 + 20/40) / 2
//! assert_eq!(u.discernibility, 8.0);       // 2^2 + 2^2
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Formula
//! For released records `R`, suppressed `s`, input `n = |R| + s`, quasi-identifiers `Q`:
//! - cell NCP: numeric `(hi - lo) / (max - min)` over the input's range; hierarchical
//!   `(leaves under the label - 1) / (leaves - 1)`; `*` and suppressed cells count 1;
//! - `ncp = (sum over released cells + s |Q|) / (n |Q|)`; per attribute likewise;
//! - discernibility `DM = sum_E |E|^2 + s n`;
//! - average class size `|R| / |E|`, and `C_avg = |R| / (|E| k)` given `k`;
//! - precision (Sweeney) `1 - sum_cells h / (|R| |Q|)` where `h` is level / height for
//!   a hierarchy label and the cell NCP for a numeric interval.
//!
//! # References
//! Xu et al. (2006) "Utility-based anonymization" (NCP); Bayardo & Agrawal (2005)
//! (discernibility); LeFevre et al. (2006) (`C_avg`); Sweeney (2002) (precision).

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, HashMap};

use rai_core::{Error, Result};
use serde::Serialize;

use crate::encode::StringTable;
use crate::hierarchy::Hierarchy;
use crate::mondrian::{QiKind, QuasiIdentifier};

/// Utility figures of a release.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UtilityReport {
    /// Input records.
    pub input_records: usize,
    /// Released records.
    pub released_records: usize,
    /// Suppressed records.
    pub suppressed_records: usize,
    /// Normalised certainty penalty over all quasi-identifier cells (0 = none lost).
    pub ncp: f64,
    /// NCP of each quasi-identifier.
    pub ncp_per_attribute: BTreeMap<String, f64>,
    /// Discernibility metric.
    pub discernibility: f64,
    /// Equivalence classes of the release.
    pub equivalence_classes: usize,
    /// Released records per class; `None` without released records.
    pub average_class_size: Option<f64>,
    /// `C_avg` (needs `k`); `None` without `k` or records.
    pub c_avg: Option<f64>,
    /// Sweeney's precision (1 = nothing generalised); `None` without released records.
    pub precision: Option<f64>,
}

/// Loss (NCP) and precision height of released labels of one attribute.
enum Measure {
    Numeric { range: f64 },
    Hier { label: HashMap<String, (f64, f64)> },
}

fn parse_interval(cell: &str) -> Option<(f64, f64)> {
    let inner = cell.strip_prefix('[')?;
    let inner = inner
        .strip_suffix(']')
        .or_else(|| inner.strip_suffix(')'))?;
    // the separator is a '-' preceded by a digit (numbers may be negative)
    let bytes = inner.as_bytes();
    let pos = (1..bytes.len()).find(|&i| bytes[i] == b'-' && bytes[i - 1].is_ascii_digit())?;
    let lo = inner[..pos].trim().parse::<f64>().ok()?;
    let hi = inner[pos + 1..].trim().parse::<f64>().ok()?;
    Some((lo, hi))
}

impl Measure {
    fn new(input: &StringTable, qi: &QuasiIdentifier) -> Result<Self> {
        match &qi.kind {
            QiKind::Numeric => {
                let cells = input.column(&qi.name)?;
                let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
                for (r, c) in cells.iter().enumerate() {
                    let x = c.trim().parse::<f64>().ok().filter(|x| x.is_finite());
                    let x = x.ok_or_else(|| {
                        Error::invalid_parameter(
                            format!("column `{}` row {}", qi.name, r + 1),
                            format!("`{c}`"),
                            "a finite number (numeric quasi-identifier)",
                        )
                    })?;
                    lo = lo.min(x);
                    hi = hi.max(x);
                }
                Ok(Self::Numeric {
                    range: if hi > lo { hi - lo } else { 0.0 },
                })
            }
            QiKind::Hierarchical(h) => Ok(Self::Hier {
                label: hierarchy_losses(h),
            }),
        }
    }

    /// (ncp, precision loss) of one released cell.
    fn cell(&self, cell: &str, column: &str, row: usize) -> Result<(f64, f64)> {
        let bad = |expected: &str| {
            Error::invalid_parameter(
                format!("released column `{column}` row {}", row + 1),
                format!("`{cell}`"),
                expected.to_string(),
            )
        };
        match self {
            Self::Numeric { range } => {
                if cell.trim() == "*" {
                    return Ok((1.0, 1.0));
                }
                if cell.trim().parse::<f64>().is_ok() {
                    return Ok((0.0, 0.0));
                }
                let (lo, hi) = parse_interval(cell.trim())
                    .ok_or_else(|| bad("a number, `[lo-hi]`, `[lo-hi)` or `*`"))?;
                let loss = if *range > 0.0 {
                    ((hi - lo) / range).clamp(0.0, 1.0)
                } else {
                    0.0
                };
                Ok((loss, loss))
            }
            Self::Hier { label } => label
                .get(cell)
                .copied()
                .ok_or_else(|| bad("a label of the column's hierarchy")),
        }
    }
}

/// For every label of a hierarchy (lowest level where it appears): its NCP and
/// level / height.
fn hierarchy_losses(h: &Hierarchy) -> HashMap<String, (f64, f64)> {
    let n = h.n_rows();
    let height = h.max_level();
    let mut out: HashMap<String, (f64, f64)> = HashMap::new();
    for level in 0..h.n_levels() {
        let mut leaves: HashMap<&str, usize> = HashMap::new();
        for row in h.rows() {
            *leaves.entry(row[level].as_str()).or_insert(0) += 1;
        }
        for (l, c) in leaves {
            out.entry(l.to_string()).or_insert_with(|| {
                let ncp = if n > 1 {
                    (c as f64 - 1.0) / (n as f64 - 1.0)
                } else {
                    0.0
                };
                let prec = if height > 0 {
                    level as f64 / height as f64
                } else {
                    0.0
                };
                (ncp, prec)
            });
        }
    }
    out
}

/// Utility of `released` (the released rows, any order) relative to `input`, with
/// `suppressed` records left out, and `k` for `C_avg`.
///
/// # Errors
/// [`Error::UnknownColumn`]; [`Error::Empty`] without quasi-identifiers;
/// [`Error::InvalidParameter`] when `released + suppressed != input` rows, or for a
/// released cell that is not a valid interval/number/label (naming column and row).
pub fn information_loss(
    input: &StringTable,
    released: &StringTable,
    quasi_identifiers: &[QuasiIdentifier],
    suppressed: usize,
    k: Option<usize>,
) -> Result<UtilityReport> {
    if quasi_identifiers.is_empty() {
        return Err(Error::Empty {
            what: "list of quasi-identifiers".into(),
        });
    }
    let n = input.n_rows();
    let r = released.n_rows();
    if r + suppressed != n {
        return Err(Error::invalid_parameter(
            "suppressed",
            suppressed,
            format!("input records ({n}) minus released records ({r})"),
        ));
    }
    let q = quasi_identifiers.len() as f64;
    let mut per_attr = BTreeMap::new();
    let mut total_ncp = 0.0;
    let mut total_prec = 0.0;
    let mut cols: Vec<&[String]> = Vec::with_capacity(quasi_identifiers.len());
    for qi in quasi_identifiers {
        let m = Measure::new(input, qi)?;
        let cells = released.column(&qi.name)?;
        cols.push(cells);
        let mut sum = 0.0;
        let mut cache: HashMap<&str, (f64, f64)> = HashMap::new();
        for (row, c) in cells.iter().enumerate() {
            let v = match cache.get(c.as_str()) {
                Some(&v) => v,
                None => {
                    let v = m.cell(c, &qi.name, row)?;
                    cache.insert(c.as_str(), v);
                    v
                }
            };
            sum += v.0;
            total_prec += v.1;
        }
        total_ncp += sum;
        let attr = if n > 0 {
            (sum + suppressed as f64) / n as f64
        } else {
            0.0
        };
        per_attr.insert(qi.name.clone(), attr);
    }
    let mut classes: HashMap<Vec<&str>, usize> = HashMap::new();
    for row in 0..r {
        *classes
            .entry(cols.iter().map(|c| c[row].as_str()).collect())
            .or_insert(0) += 1;
    }
    let e = classes.len();
    let dm =
        classes.values().map(|&s| (s as f64).powi(2)).sum::<f64>() + suppressed as f64 * n as f64;
    Ok(UtilityReport {
        input_records: n,
        released_records: r,
        suppressed_records: suppressed,
        ncp: if n > 0 {
            (total_ncp + suppressed as f64 * q) / (n as f64 * q)
        } else {
            0.0
        },
        ncp_per_attribute: per_attr,
        discernibility: dm,
        equivalence_classes: e,
        average_class_size: (e > 0).then(|| r as f64 / e as f64),
        c_avg: match k {
            Some(k) if k > 0 && e > 0 => Some(r as f64 / (e as f64 * k as f64)),
            _ => None,
        },
        precision: (r > 0).then(|| 1.0 - total_prec / (r as f64 * q)),
    })
}

/// Accuracy of a categorical naive Bayes classifier (Laplace smoothing) trained on
/// `features` of `table` (cells as categories, e.g. released generalised labels) to
/// predict `target`. Deterministic split: every fifth record (rows `4, 9, 14, ..`) is
/// the test set, the rest the training set. `None` when the test or training set is
/// empty. Ties go to the first class in sorted order.
///
/// # Errors
/// [`Error::UnknownColumn`]; [`Error::Empty`] without features.
pub fn classifier_accuracy(
    table: &StringTable,
    features: &[&str],
    target: &str,
) -> Result<Option<f64>> {
    if features.is_empty() {
        return Err(Error::Empty {
            what: "list of classifier features".into(),
        });
    }
    let y = table.column(target)?;
    let xs: Vec<&[String]> = features
        .iter()
        .map(|f| table.column(f))
        .collect::<Result<_>>()?;
    let n = table.n_rows();
    let is_test = |i: usize| i % 5 == 4;
    let mut classes: BTreeMap<&str, usize> = BTreeMap::new();
    // counts[(feature, value, class)]
    let mut counts: HashMap<(usize, &str, &str), usize> = HashMap::new();
    let mut values: Vec<HashMap<&str, ()>> = vec![HashMap::new(); xs.len()];
    let mut n_train = 0usize;
    for i in (0..n).filter(|&i| !is_test(i)) {
        n_train += 1;
        *classes.entry(y[i].as_str()).or_insert(0) += 1;
        for (f, col) in xs.iter().enumerate() {
            *counts
                .entry((f, col[i].as_str(), y[i].as_str()))
                .or_insert(0) += 1;
            values[f].insert(col[i].as_str(), ());
        }
    }
    let n_test = (0..n).filter(|&i| is_test(i)).count();
    if n_train == 0 || n_test == 0 {
        return Ok(None);
    }
    let mut correct = 0usize;
    for i in (0..n).filter(|&i| is_test(i)) {
        let mut best: Option<(&str, f64)> = None;
        for (&c, &nc) in &classes {
            let mut lp = (nc as f64 / n_train as f64).ln();
            for (f, col) in xs.iter().enumerate() {
                let cnt = counts.get(&(f, col[i].as_str(), c)).copied().unwrap_or(0);
                lp += ((cnt as f64 + 1.0) / (nc as f64 + values[f].len() as f64 + 1.0)).ln();
            }
            if best.is_none_or(|(_, b)| lp > b) {
                best = Some((c, lp));
            }
        }
        if best.is_some_and(|(c, _)| c == y[i]) {
            correct += 1;
        }
    }
    Ok(Some(correct as f64 / n_test as f64))
}
