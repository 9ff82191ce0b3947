//! An independent privacy checker: the k, l and t a released table actually achieves.
//!
//! This code is deliberately separate from the optimal search and from Mondrian (it
//! shares no class-counting or distance code with them): both call [`verify`] on
//! their result before returning it, so a bug in one place is caught by the other.
//!
//! The checker looks only at the released strings: records are grouped into
//! equivalence classes by the exact text of their quasi-identifier cells (after
//! generalisation and suppression), and the sensitive column is read as text.
//!
//! # Examples
//! ```
//! use rai_anonymize::check::{verify, CheckInput};
//! use rai_anonymize::privacy::PrivacyModel;
//! let age: Vec<String> = ["[20-29]", "[20-29]", "[30-39]", "[30-39]"].map(String::from).into();
//! let dis: Vec<String> = ["flu", "cold", "flu", "flu"].map(String::from).into();
//! let input = CheckInput::new(vec![&age[..]], Some(&dis[..]))?;
//! let v = verify(&input, &[PrivacyModel::KAnonymity { k: 2 }, PrivacyModel::DistinctL { l: 2 }])?;
//! assert_eq!(v.achieved.k, Some(2));
//! assert_eq!(v.achieved.distinct_l, Some(1));
//! assert!(!v.all_hold);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Formula
//! Over classes `E` with sensitive counts `r_1 >= r_2 >= ... >= r_m` (sorted descending):
//! - `k = min |E|`; distinct `l = min m`; entropy `l = exp(min_E H(E))` with
//!   `H(E) = -sum p ln p` (natural log, as pycanon);
//! - recursive (c,l): for a given `l`, the achieved `c = max_E r_1 / (r_l + ... + r_m)`;
//!   the model holds for `c'` when `c' > c` (strict, as Machanavajjhala et al.);
//! - t-closeness: `t = max_E EMD(P_E, Q)` where `Q` is the distribution of the sensitive
//!   attribute over the reference records (by default the released records, as pycanon;
//!   ARX uses the input records). Equal distance `sum |p_i - q_i| / 2`; ordered distance
//!   `sum_i |sum_{j<=i} (p_j - q_j)| / (m - 1)` over the sorted values (numeric order when
//!   every value parses as a number); hierarchical distance
//!   `sum_N level(N)/H * min(pos(N), neg(N))` over the inner nodes of the sensitive
//!   hierarchy (Li et al. 2007).
//!
//! # References
//! - Sweeney (2002); Machanavajjhala et al. (2007); Li, Li & Venkatasubramanian (2007).
//! - pycanon (Sáinz-Pardo Díaz & López García, 2022), whose figures the conformance
//!   tests reproduce.

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, HashMap};

use rai_core::{Error, Result};
use serde::Serialize;

use crate::hierarchy::Hierarchy;
use crate::privacy::{PrivacyModel, TDistance};

/// Relative slack when comparing a real-valued achieved figure with a requested one
/// (entropy `l`, `t`), so that `exp(ln 2)` counts as 2.
pub const TOLERANCE: f64 = 1e-9;

/// What the checker reads: the released quasi-identifier columns, the sensitive column
/// and, for t-closeness, the reference distribution and hierarchy.
#[derive(Debug, Clone)]
pub struct CheckInput<'a> {
    qis: Vec<&'a [String]>,
    sensitive: Option<&'a [String]>,
    reference: Option<&'a [String]>,
    hierarchy: Option<&'a Hierarchy>,
    n: usize,
}

impl<'a> CheckInput<'a> {
    /// Released quasi-identifier columns (cells as text) and, optionally, the sensitive
    /// column of the same records.
    ///
    /// # Errors
    /// [`Error::Empty`] without quasi-identifiers; [`Error::LengthMismatch`] when the
    /// columns differ in length.
    pub fn new(qis: Vec<&'a [String]>, sensitive: Option<&'a [String]>) -> Result<Self> {
        let Some(first) = qis.first() else {
            return Err(Error::Empty {
                what: "list of quasi-identifier columns".into(),
            });
        };
        let n = first.len();
        for (j, c) in qis.iter().enumerate() {
            rai_core::error::ensure_len(&format!("quasi-identifier column {j}"), n, c.len())?;
        }
        if let Some(s) = sensitive {
            rai_core::error::ensure_len("sensitive column", n, s.len())?;
        }
        Ok(Self {
            qis,
            sensitive,
            reference: None,
            hierarchy: None,
            n,
        })
    }

    /// Uses the sensitive values of `reference` (e.g. every input record, suppressed
    /// ones included, as ARX does) as the distribution t-closeness compares against.
    #[must_use]
    pub fn with_reference(mut self, reference: &'a [String]) -> Self {
        self.reference = Some(reference);
        self
    }

    /// Enables hierarchical-distance t-closeness with the sensitive attribute's hierarchy.
    #[must_use]
    pub fn with_hierarchy(mut self, hierarchy: &'a Hierarchy) -> Self {
        self.hierarchy = Some(hierarchy);
        self
    }

    /// Number of released records.
    pub fn n_records(&self) -> usize {
        self.n
    }
}

/// Achieved recursive (c,l)-diversity for one `l`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecursiveAchieved {
    /// The `l` used.
    pub l: usize,
    /// `max_E r_1 / (r_l + ... + r_m)`; `None` when a class has fewer than `l` values
    /// (then no `c` works).
    pub c: Option<f64>,
}

/// The privacy a released table achieves. `None` = undefined (no records, or no
/// sensitive column for `l` and `t`, or no hierarchy for hierarchical `t`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Achieved {
    /// Records checked.
    pub records: usize,
    /// Equivalence classes.
    pub equivalence_classes: usize,
    /// Smallest class size.
    pub k: Option<usize>,
    /// Fewest distinct sensitive values in a class.
    pub distinct_l: Option<usize>,
    /// `exp` of the smallest class entropy (natural log).
    pub entropy_l: Option<f64>,
    /// Recursive (c,l) for the `l` of the first requested recursive model, else for the
    /// achieved distinct `l`.
    pub recursive: Option<RecursiveAchieved>,
    /// Largest equal-distance EMD of a class.
    pub t_equal: Option<f64>,
    /// Largest ordered-distance EMD of a class.
    pub t_ordered: Option<f64>,
    /// Largest hierarchical-distance EMD of a class (with a hierarchy).
    pub t_hierarchical: Option<f64>,
}

impl Achieved {
    /// The achieved `t` for a ground distance.
    pub fn t(&self, distance: TDistance) -> Option<f64> {
        match distance {
            TDistance::Equal => self.t_equal,
            TDistance::Ordered => self.t_ordered,
            TDistance::Hierarchical => self.t_hierarchical,
        }
    }
}

/// One requested model and whether the release satisfies it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelCheck {
    /// The model, as text (e.g. `k-anonymity(k=5)`).
    pub model: String,
    /// Whether it holds.
    pub holds: bool,
}

/// Result of [`verify`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verification {
    /// Achieved figures.
    pub achieved: Achieved,
    /// Each requested model.
    pub models: Vec<ModelCheck>,
    /// Whether every requested model holds.
    pub all_hold: bool,
}

/// Sensitive counts of one class, indexed by value code.
struct ClassStats {
    size: usize,
    counts: BTreeMap<u32, usize>,
}

/// Groups released records by their quasi-identifier text. Classes come in first-seen
/// order.
fn classes(input: &CheckInput<'_>, codes: Option<&[u32]>) -> Vec<ClassStats> {
    let mut index: HashMap<Vec<&str>, usize> = HashMap::new();
    let mut out: Vec<ClassStats> = Vec::new();
    let mut key: Vec<&str> = Vec::with_capacity(input.qis.len());
    for r in 0..input.n {
        key.clear();
        key.extend(input.qis.iter().map(|c| c[r].as_str()));
        let id = match index.get(&key) {
            Some(&id) => id,
            None => {
                index.insert(key.clone(), out.len());
                out.push(ClassStats {
                    size: 0,
                    counts: BTreeMap::new(),
                });
                out.len() - 1
            }
        };
        let class = &mut out[id];
        class.size += 1;
        if let Some(codes) = codes {
            *class.counts.entry(codes[r]).or_insert(0) += 1;
        }
    }
    out
}

/// Codes the sensitive values (released first, then reference-only values).
struct Coded {
    codes: Vec<u32>,
    labels: Vec<String>,
    reference: Vec<f64>,
}

fn code_of<'a>(v: &'a str, map: &mut HashMap<&'a str, u32>, labels: &mut Vec<String>) -> u32 {
    let next = map.len() as u32;
    *map.entry(v).or_insert_with(|| {
        labels.push(v.to_string());
        next
    })
}

fn code_sensitive(released: &[String], reference: Option<&[String]>) -> Coded {
    let mut map: HashMap<&str, u32> = HashMap::new();
    let mut labels = Vec::new();
    let codes: Vec<u32> = released
        .iter()
        .map(|v| code_of(v, &mut map, &mut labels))
        .collect();
    let ref_codes: Vec<u32> = match reference {
        Some(r) => r
            .iter()
            .map(|v| code_of(v, &mut map, &mut labels))
            .collect(),
        None => codes.clone(),
    };
    let mut dist = vec![0.0; labels.len()];
    for &c in &ref_codes {
        dist[c as usize] += 1.0;
    }
    let total = ref_codes.len().max(1) as f64;
    for d in &mut dist {
        *d /= total;
    }
    Coded {
        codes,
        labels,
        reference: dist,
    }
}

/// Class distribution over all codes.
fn class_distribution(c: &ClassStats, m: usize) -> Vec<f64> {
    let mut p = vec![0.0; m];
    for (&code, &n) in &c.counts {
        p[code as usize] = n as f64 / c.size as f64;
    }
    p
}

fn equal_emd(p: &[f64], q: &[f64]) -> f64 {
    p.iter().zip(q).map(|(a, b)| (a - b).abs()).sum::<f64>() / 2.0
}

fn ordered_emd(p: &[f64], q: &[f64], order: &[usize]) -> f64 {
    let m = order.len();
    if m <= 1 {
        return 0.0;
    }
    let mut running = 0.0;
    let mut total = 0.0;
    for &i in order {
        running += p[i] - q[i];
        total += f64::abs(running);
    }
    total / (m as f64 - 1.0)
}

/// Hierarchical EMD: extras flow up the tree level by level; at each inner node the
/// matched mass `min(pos, neg)` of its children's net extras moves at cost
/// `level / height`. `paths[v]` is value `v`'s hierarchy row.
fn hierarchical_emd(p: &[f64], q: &[f64], paths: &[Vec<&str>], height: usize) -> f64 {
    let mut cost = 0.0;
    for level in 1..=height {
        // net extra of each child node (label at level - 1), and its parent
        let mut child: BTreeMap<&str, (f64, &str)> = BTreeMap::new();
        for (v, path) in paths.iter().enumerate() {
            let e = child.entry(path[level - 1]).or_insert((0.0, path[level]));
            e.0 += p[v] - q[v];
        }
        let mut node: BTreeMap<&str, (f64, f64)> = BTreeMap::new();
        for &(extra, parent) in child.values() {
            let e = node.entry(parent).or_insert((0.0, 0.0));
            if extra > 0.0 {
                e.0 += extra;
            } else {
                e.1 -= extra;
            }
        }
        for &(pos, neg) in node.values() {
            cost += level as f64 / height as f64 * pos.min(neg);
        }
    }
    cost
}

fn entropy(c: &ClassStats) -> f64 {
    let n = c.size as f64;
    -c.counts
        .values()
        .map(|&f| {
            let p = f as f64 / n;
            p * p.ln()
        })
        .sum::<f64>()
}

/// Sorted sensitive counts, descending.
fn sorted_counts(c: &ClassStats) -> Vec<usize> {
    let mut r: Vec<usize> = c.counts.values().copied().collect();
    r.sort_unstable_by(|a, b| b.cmp(a));
    r
}

fn recursive_c(classes: &[ClassStats], l: usize) -> Option<f64> {
    let l = l.max(1);
    let mut worst: f64 = 0.0;
    for c in classes {
        let r = sorted_counts(c);
        if r.len() < l {
            return None;
        }
        let tail: usize = r[l - 1..].iter().sum();
        worst = worst.max(r[0] as f64 / tail as f64);
    }
    Some(worst)
}

/// pycanon 1.3.6's recursive (c,l) figure, for conformance only: with `l` the achieved
/// distinct `l` (> 1), `c = max_E floor(s_1 / (s_l + ... + s_m) + 1)` where the counts
/// `s` are sorted **ascending** (pycanon's code; the textbook definition sorts them
/// descending, see [`Achieved::recursive`]). `None` when `l <= 1` (pycanon: NaN) or
/// without a sensitive column.
///
/// # Errors
/// As [`achieve`].
pub fn pycanon_recursive_c(input: &CheckInput<'_>) -> Result<Option<f64>> {
    let Some(sensitive) = input.sensitive else {
        return Ok(None);
    };
    let coded = code_sensitive(sensitive, None);
    let cls = classes(input, Some(&coded.codes));
    let l = cls.iter().map(|c| c.counts.len()).min().unwrap_or(0);
    if l <= 1 {
        return Ok(None);
    }
    let mut worst: f64 = f64::NEG_INFINITY;
    for c in &cls {
        let mut s = sorted_counts(c);
        s.reverse();
        let tail: usize = s[l - 1..].iter().sum();
        worst = worst.max((s[0] as f64 / tail as f64 + 1.0).floor());
    }
    Ok(Some(worst))
}

/// Computes the achieved figures; `recursive_l` picks the `l` for recursive (c,l)
/// (default: the achieved distinct `l`).
///
/// # Errors
/// [`Error::InvalidParameter`] when a sensitive value is missing from the hierarchy.
pub fn achieve(input: &CheckInput<'_>, recursive_l: Option<usize>) -> Result<Achieved> {
    let coded = input.sensitive.map(|s| code_sensitive(s, input.reference));
    let cls = classes(input, coded.as_ref().map(|c| c.codes.as_slice()));
    let mut out = Achieved {
        records: input.n,
        equivalence_classes: cls.len(),
        k: cls.iter().map(|c| c.size).min(),
        distinct_l: None,
        entropy_l: None,
        recursive: None,
        t_equal: None,
        t_ordered: None,
        t_hierarchical: None,
    };
    let Some(coded) = coded else {
        return Ok(out);
    };
    if cls.is_empty() {
        return Ok(out);
    }
    out.distinct_l = cls.iter().map(|c| c.counts.len()).min();
    out.entropy_l = cls.iter().map(entropy).min_by(f64::total_cmp).map(f64::exp);
    let l = recursive_l.or(out.distinct_l).unwrap_or(1);
    out.recursive = Some(RecursiveAchieved {
        l,
        c: recursive_c(&cls, l),
    });
    let m = coded.labels.len();
    let numeric: Option<Vec<f64>> = coded
        .labels
        .iter()
        .map(|v| v.trim().parse::<f64>().ok().filter(|x| x.is_finite()))
        .collect();
    let mut order: Vec<usize> = (0..m).collect();
    match &numeric {
        Some(x) => order.sort_by(|&a, &b| x[a].total_cmp(&x[b])),
        None => order.sort_by(|&a, &b| coded.labels[a].cmp(&coded.labels[b])),
    }
    let paths: Option<(Vec<Vec<&str>>, usize)> = match input.hierarchy {
        None => None,
        Some(h) => {
            let mut paths = Vec::with_capacity(m);
            for v in &coded.labels {
                let row = h.row_of(v).ok_or_else(|| {
                    Error::invalid_parameter(
                        "sensitive hierarchy",
                        format!("value `{v}` is not in the hierarchy"),
                        "every sensitive value listed in the hierarchy",
                    )
                })?;
                paths.push(h.rows()[row].iter().map(String::as_str).collect());
            }
            Some((paths, h.max_level()))
        }
    };
    let (mut te, mut to, mut th) = (0.0_f64, 0.0_f64, 0.0_f64);
    for c in &cls {
        let p = class_distribution(c, m);
        te = te.max(equal_emd(&p, &coded.reference));
        to = to.max(ordered_emd(&p, &coded.reference, &order));
        if let Some((paths, height)) = &paths {
            th = th.max(hierarchical_emd(&p, &coded.reference, paths, *height));
        }
    }
    out.t_equal = Some(te);
    out.t_ordered = Some(to);
    out.t_hierarchical = paths.map(|_| th);
    Ok(out)
}

/// Text of a model for reports.
pub fn model_name(m: &PrivacyModel) -> String {
    match *m {
        PrivacyModel::KAnonymity { k } => format!("k-anonymity(k={k})"),
        PrivacyModel::DistinctL { l } => format!("distinct-l-diversity(l={l})"),
        PrivacyModel::EntropyL { l } => format!("entropy-l-diversity(l={l})"),
        PrivacyModel::RecursiveCL { c, l } => format!("recursive-cl-diversity(c={c},l={l})"),
        PrivacyModel::TCloseness { t, distance } => {
            format!("t-closeness(t={t},distance={distance:?})")
        }
    }
}

/// Checks the requested models on a release. A model needing the sensitive column
/// fails when there is none; on an empty release every model holds vacuously except
/// that the figures are `None`.
///
/// # Errors
/// [`Error::InvalidParameter`] for an invalid model or a sensitive value missing from
/// the hierarchy; [`Error::InvalidParameter`] for two recursive models with different
/// `l`.
pub fn verify(input: &CheckInput<'_>, models: &[PrivacyModel]) -> Result<Verification> {
    let mut recursive_l = None;
    for m in models {
        m.validate()?;
        if let PrivacyModel::RecursiveCL { l, .. } = *m {
            if recursive_l.is_some_and(|x| x != l) {
                return Err(Error::invalid_parameter(
                    "models",
                    "two recursive (c,l) models with different l",
                    "at most one l for recursive (c,l)-diversity",
                ));
            }
            recursive_l = Some(l);
        }
    }
    let a = achieve(input, recursive_l)?;
    let empty = a.records == 0;
    let has_sens = input.sensitive.is_some();
    let results: Vec<ModelCheck> = models
        .iter()
        .map(|m| {
            let holds = match *m {
                PrivacyModel::KAnonymity { k } => a.k.is_none_or(|x| x >= k),
                _ if !has_sens => false,
                _ if empty => true,
                PrivacyModel::DistinctL { l } => a.distinct_l.is_some_and(|x| x >= l),
                PrivacyModel::EntropyL { l } => {
                    a.entropy_l.is_some_and(|x| x >= l * (1.0 - TOLERANCE))
                }
                PrivacyModel::RecursiveCL { c, .. } => a
                    .recursive
                    .as_ref()
                    .and_then(|r| r.c)
                    .is_some_and(|x| x < c),
                PrivacyModel::TCloseness { t, distance } => {
                    a.t(distance).is_some_and(|x| x <= t + TOLERANCE)
                }
            };
            ModelCheck {
                model: model_name(m),
                holds,
            }
        })
        .collect();
    let all_hold = results.iter().all(|r| r.holds);
    Ok(Verification {
        achieved: a,
        models: results,
        all_hold,
    })
}
