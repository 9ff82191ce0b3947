//! Mondrian's recursive median partitioning over encoded columns.

use std::collections::HashMap;

use rai_core::{Error, Result};

use super::params::{QiKind, QuasiIdentifier};
use crate::encode::StringTable;
use crate::hierarchy::Hierarchy;
use crate::privacy::{PrivacyModel, SensitiveContext};

/// Partitions of at least this many rows are split in parallel.
const PARALLEL_ROWS: usize = 20_000;

/// One encoded quasi-identifier.
pub(crate) enum Dim {
    Numeric {
        values: Vec<f64>,
        range: f64,
    },
    Hier {
        /// hierarchy row of each record
        hrow: Vec<u32>,
        /// `labels[level][hierarchy row]`: label id at that level
        labels: Vec<Vec<u32>>,
        /// `leaves[level][label id]`: hierarchy rows under the label
        leaves: Vec<Vec<u32>>,
        /// `text[level][label id]`
        text: Vec<Vec<String>>,
        n_leaves: usize,
    },
}

impl Dim {
    pub(crate) fn encode(table: &StringTable, qi: &QuasiIdentifier) -> Result<Self> {
        let cells = table.column(&qi.name)?;
        match &qi.kind {
            QiKind::Numeric => {
                let mut values = Vec::with_capacity(cells.len());
                for (r, c) in cells.iter().enumerate() {
                    let x = c.trim().parse::<f64>().ok().filter(|x| x.is_finite());
                    match x {
                        Some(x) => values.push(x),
                        None => {
                            return Err(Error::invalid_parameter(
                                format!("column `{}` row {}", qi.name, r + 1),
                                format!("`{c}`"),
                                "a finite number (numeric quasi-identifier)",
                            ));
                        }
                    }
                }
                let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
                let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                Ok(Self::Numeric {
                    values,
                    range: if hi > lo { hi - lo } else { 0.0 },
                })
            }
            QiKind::Hierarchical(h) => Self::encode_hier(cells, h, &qi.name),
        }
    }

    fn encode_hier(cells: &[String], h: &Hierarchy, name: &str) -> Result<Self> {
        let mut hrow = Vec::with_capacity(cells.len());
        for (r, c) in cells.iter().enumerate() {
            let row = h.row_of(c).ok_or_else(|| {
                Error::invalid_parameter(
                    format!("column `{name}` row {}", r + 1),
                    format!("`{c}`"),
                    "a value listed in the column's hierarchy",
                )
            })?;
            hrow.push(row as u32);
        }
        let n_levels = h.n_levels();
        let mut labels = vec![Vec::with_capacity(h.n_rows()); n_levels];
        let mut leaves = vec![Vec::new(); n_levels];
        let mut text = vec![Vec::new(); n_levels];
        for level in 0..n_levels {
            let mut ids: HashMap<&str, u32> = HashMap::new();
            for row in h.rows() {
                let l = row[level].as_str();
                let next = ids.len() as u32;
                let id = *ids.entry(l).or_insert_with(|| {
                    text[level].push(l.to_string());
                    leaves[level].push(0);
                    next
                });
                leaves[level][id as usize] += 1;
                labels[level].push(id);
            }
        }
        Ok(Self::Hier {
            hrow,
            labels,
            leaves,
            text,
            n_leaves: h.n_rows(),
        })
    }

    fn top_level(&self) -> usize {
        match self {
            Self::Numeric { .. } => 0,
            Self::Hier { labels, .. } => labels.len().saturating_sub(1),
        }
    }
}

/// The sensitive column as codes, plus the models' context.
pub(crate) struct Sensitive {
    pub codes: Vec<u32>,
    pub m: usize,
    pub ctx: SensitiveContext,
}

/// Everything the recursion reads.
pub(crate) struct Problem<'a> {
    pub dims: &'a [Dim],
    pub models: &'a [PrivacyModel],
    pub sensitive: Option<&'a Sensitive>,
}

/// A final partition: its rows and, per dimension, its hierarchy level (numeric: 0).
pub(crate) struct Part {
    pub rows: Vec<u32>,
    pub levels: Vec<usize>,
}

impl Problem<'_> {
    /// Whether a candidate class satisfies every model.
    pub(crate) fn allowable(&self, rows: &[u32]) -> bool {
        let size = rows.len() as u64;
        let hist: Vec<u32> = match self.sensitive {
            Some(s) => {
                let mut h = vec![0u32; s.m];
                for &r in rows {
                    h[s.codes[r as usize] as usize] += 1;
                }
                h
            }
            None => Vec::new(),
        };
        let ctx = self.sensitive.map(|s| &s.ctx);
        self.models.iter().all(|m| m.holds(size, &hist, ctx))
    }

    /// Descends hierarchical levels while every row shares the child label (this
    /// refines the label without splitting).
    fn normalise(&self, rows: &[u32], levels: &mut [usize]) {
        let Some(&first) = rows.first() else {
            return;
        };
        for (d, dim) in self.dims.iter().enumerate() {
            if let Dim::Hier { hrow, labels, .. } = dim {
                while levels[d] > 0 {
                    let below = &labels[levels[d] - 1];
                    let l0 = below[hrow[first as usize] as usize];
                    if rows.iter().all(|&r| below[hrow[r as usize] as usize] == l0) {
                        levels[d] -= 1;
                    } else {
                        break;
                    }
                }
            }
        }
    }

    /// Normalised width of dimension `d` in a partition.
    fn span(&self, d: usize, rows: &[u32], level: usize) -> f64 {
        match &self.dims[d] {
            Dim::Numeric { values, range } => {
                if *range == 0.0 {
                    return 0.0;
                }
                let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
                for &r in rows {
                    let x = values[r as usize];
                    lo = lo.min(x);
                    hi = hi.max(x);
                }
                (hi - lo) / range
            }
            Dim::Hier {
                hrow,
                labels,
                leaves,
                n_leaves,
                ..
            } => {
                if level == 0 || *n_leaves <= 1 || rows.is_empty() {
                    return 0.0;
                }
                let id = labels[level][hrow[rows[0] as usize] as usize];
                (leaves[level][id as usize] as f64 - 1.0) / (*n_leaves as f64 - 1.0)
            }
        }
    }

    /// Tries to split on dimension `d`; returns the children when the cut is allowable.
    fn try_split(&self, d: usize, rows: &[u32], levels: &[usize]) -> Option<Vec<Part>> {
        match &self.dims[d] {
            Dim::Numeric { values, .. } => {
                let mut v: Vec<f64> = rows.iter().map(|&r| values[r as usize]).collect();
                let mid = (v.len() - 1) / 2;
                let (_, median, _) = v.select_nth_unstable_by(mid, f64::total_cmp);
                let median = *median;
                let (mut left, mut right): (Vec<u32>, Vec<u32>) =
                    rows.iter().partition(|&&r| values[r as usize] <= median);
                if right.is_empty() {
                    (left, right) = rows.iter().partition(|&&r| values[r as usize] < median);
                }
                if left.is_empty() || right.is_empty() {
                    return None;
                }
                if self.allowable(&left) && self.allowable(&right) {
                    Some(vec![
                        Part {
                            rows: left,
                            levels: levels.to_vec(),
                        },
                        Part {
                            rows: right,
                            levels: levels.to_vec(),
                        },
                    ])
                } else {
                    None
                }
            }
            Dim::Hier { hrow, labels, .. } => {
                let level = levels[d];
                if level == 0 {
                    return None;
                }
                let below = &labels[level - 1];
                let mut index: HashMap<u32, usize> = HashMap::new();
                let mut groups: Vec<Vec<u32>> = Vec::new();
                for &r in rows {
                    let l = below[hrow[r as usize] as usize];
                    let g = *index.entry(l).or_insert_with(|| {
                        groups.push(Vec::new());
                        groups.len() - 1
                    });
                    groups[g].push(r);
                }
                if groups.len() < 2 || !groups.iter().all(|g| self.allowable(g)) {
                    return None;
                }
                let mut child_levels = levels.to_vec();
                child_levels[d] = level - 1;
                Some(
                    groups
                        .into_iter()
                        .map(|rows| Part {
                            rows,
                            levels: child_levels.clone(),
                        })
                        .collect(),
                )
            }
        }
    }

    /// Recursively partitions `part`, appending the final partitions to `out` in a
    /// deterministic order (independent of threads).
    pub(crate) fn partition(&self, mut part: Part, out: &mut Vec<Part>) {
        self.normalise(&part.rows, &mut part.levels);
        let mut order: Vec<(usize, f64)> = (0..self.dims.len())
            .map(|d| (d, self.span(d, &part.rows, part.levels[d])))
            .filter(|&(_, s)| s > 0.0)
            .collect();
        // widest first; ties by column order
        order.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        for (d, _) in order {
            if let Some(children) = self.try_split(d, &part.rows, &part.levels) {
                if part.rows.len() >= PARALLEL_ROWS {
                    let results: Vec<Vec<Part>> = {
                        use rayon::prelude::*;
                        children
                            .into_par_iter()
                            .map(|c| {
                                let mut v = Vec::new();
                                self.partition(c, &mut v);
                                v
                            })
                            .collect()
                    };
                    out.extend(results.into_iter().flatten());
                } else {
                    for c in children {
                        self.partition(c, out);
                    }
                }
                return;
            }
        }
        out.push(part);
    }

    /// Starting levels: every hierarchy at its top.
    pub(crate) fn top_levels(&self) -> Vec<usize> {
        self.dims.iter().map(Dim::top_level).collect()
    }
}

/// Label of dimension `d` for a final partition.
pub(crate) fn label(dim: &Dim, original: &[String], rows: &[u32], level: usize) -> String {
    match dim {
        Dim::Numeric { values, .. } => {
            let (mut lo, mut hi) = (rows[0] as usize, rows[0] as usize);
            for &r in rows {
                let r = r as usize;
                if values[r] < values[lo] {
                    lo = r;
                }
                if values[r] > values[hi] {
                    hi = r;
                }
            }
            if values[lo] == values[hi] {
                original[lo].trim().to_string()
            } else {
                format!("[{}-{}]", original[lo].trim(), original[hi].trim())
            }
        }
        Dim::Hier {
            hrow, labels, text, ..
        } => {
            let id = labels[level][hrow[rows[0] as usize] as usize];
            text[level][id as usize].clone()
        }
    }
}
