//! The sensitive attribute's table-wide facts that t-closeness needs: its global
//! distribution, its value order (ordered distance) and its hierarchy tree
//! (hierarchical distance), following ARX's `DataManager`.

use std::collections::HashMap;

use rai_core::{Error, Result};

use super::TDistance;
use crate::hierarchy::Hierarchy;

/// Table-wide facts about the sensitive attribute, built once from all input records.
///
/// Values are coded `0..n_values` (the caller's codes, e.g. first-seen order).
#[derive(Debug, Clone)]
pub struct SensitiveContext {
    /// Count of each code in the whole table.
    counts: Vec<u64>,
    /// `counts / n`.
    distribution: Vec<f64>,
    /// Total records.
    total: u64,
    /// Codes in ascending value order (numeric when every value parses as a number).
    order: Vec<u32>,
    /// Hierarchical-distance tree, when a hierarchy was given.
    tree: Option<EmdTree>,
}

/// The sensitive hierarchy as parent maps, level by level.
#[derive(Debug, Clone)]
struct EmdTree {
    /// `leaf_parent[code]`: node id at level 1.
    leaf_parent: Vec<u32>,
    /// `parents[i][node]`: node id at level `i + 2` of node `node` at level `i + 1`.
    parents: Vec<Vec<u32>>,
    /// Number of nodes at levels `1..=height`.
    level_sizes: Vec<usize>,
    /// Hierarchy height (number of levels above the leaves).
    height: usize,
}

impl SensitiveContext {
    /// Builds the context from the sensitive column's codes and the text of each code.
    /// With `hierarchy`, hierarchical-distance t-closeness becomes available; every value
    /// must then appear in it.
    ///
    /// # Errors
    /// [`Error::Empty`] without records; [`Error::InvalidParameter`] for a code out of
    /// range or a value missing from the hierarchy.
    pub fn new(codes: &[u32], labels: &[String], hierarchy: Option<&Hierarchy>) -> Result<Self> {
        if codes.is_empty() {
            return Err(Error::Empty {
                what: "sensitive attribute column".into(),
            });
        }
        let m = labels.len();
        let mut counts = vec![0u64; m];
        for &c in codes {
            let slot = counts.get_mut(c as usize).ok_or_else(|| {
                Error::invalid_parameter("sensitive code", c, format!("a code below {m}"))
            })?;
            *slot += 1;
        }
        let total = codes.len() as u64;
        let distribution = counts.iter().map(|&c| c as f64 / total as f64).collect();
        let numeric: Option<Vec<f64>> = labels
            .iter()
            .map(|l| l.trim().parse::<f64>().ok())
            .collect();
        let mut order: Vec<u32> = (0..m as u32).collect();
        match numeric {
            Some(x) => order.sort_by(|&a, &b| x[a as usize].total_cmp(&x[b as usize])),
            None => order.sort_by(|&a, &b| labels[a as usize].cmp(&labels[b as usize])),
        }
        let tree = hierarchy.map(|h| EmdTree::new(labels, h)).transpose()?;
        Ok(Self {
            counts,
            distribution,
            total,
            order,
            tree,
        })
    }

    /// Number of distinct sensitive values.
    pub fn n_values(&self) -> usize {
        self.counts.len()
    }

    /// The table-wide distribution.
    pub fn distribution(&self) -> &[f64] {
        &self.distribution
    }

    /// Whether hierarchical distance is available.
    pub fn has_hierarchy(&self) -> bool {
        self.tree.is_some()
    }

    /// Earth mover's distance between the class histogram `hist` and the table-wide
    /// distribution, with ARX's formulas. Hierarchical distance without a hierarchy
    /// returns `f64::INFINITY` (never satisfied).
    ///
    /// # Formula
    /// - equal: `(1 + sum_{p_i > 0} (|q_i - p_i| - q_i)) / 2 = sum |p_i - q_i| / 2`;
    /// - ordered: `sum_i |sum_{j <= i} (p_j - q_j)| / (m - 1)` over the value order;
    /// - hierarchical: `sum_nodes (level / height) * min(pos_e, neg_e)` over the
    ///   hierarchy's inner nodes, where `pos_e`/`neg_e` are the positive and negative
    ///   extras passed up from the children (Li et al. 2007).
    pub fn emd(&self, hist: &[u32], distance: TDistance) -> f64 {
        let n: u64 = hist.iter().map(|&c| u64::from(c)).sum();
        if n == 0 {
            return 0.0;
        }
        let count = n as f64;
        match distance {
            TDistance::Equal => {
                let mut val = 1.0;
                for (i, &c) in hist.iter().enumerate() {
                    if c > 0 {
                        let q = self.distribution[i];
                        val += (q - f64::from(c) / count).abs() - q;
                    }
                }
                val / 2.0
            }
            TDistance::Ordered => {
                let m = self.order.len();
                if m <= 1 {
                    return 0.0;
                }
                let mut sum_i = 0.0;
                let mut dist = 0.0;
                for &v in &self.order {
                    let p = hist.get(v as usize).map_or(0.0, |&c| f64::from(c) / count);
                    sum_i += p - self.distribution[v as usize];
                    dist += sum_i.abs();
                }
                dist / (m as f64 - 1.0)
            }
            TDistance::Hierarchical => match &self.tree {
                Some(tree) => tree.emd(hist, n, &self.counts, self.total),
                None => f64::INFINITY,
            },
        }
    }
}

impl EmdTree {
    fn new(labels: &[String], h: &Hierarchy) -> Result<Self> {
        let height = h.max_level();
        let mut leaf_rows = Vec::with_capacity(labels.len());
        for l in labels {
            let row = h.row_of(l).ok_or_else(|| {
                Error::invalid_parameter(
                    "sensitive hierarchy",
                    format!("value `{l}` is not in the hierarchy"),
                    "every sensitive value listed in the hierarchy",
                )
            })?;
            leaf_rows.push(row);
        }
        // Node ids per level from the hierarchy's labels.
        let mut ids: Vec<HashMap<&str, u32>> = vec![HashMap::new(); height + 1];
        let mut row_node: Vec<Vec<u32>> = vec![Vec::with_capacity(h.n_rows()); height + 1];
        for row in h.rows() {
            for level in 1..=height {
                let map = &mut ids[level];
                let next = map.len() as u32;
                let id = *map.entry(row[level].as_str()).or_insert(next);
                row_node[level].push(id);
            }
        }
        let level_sizes: Vec<usize> = (1..=height).map(|l| ids[l].len()).collect();
        let leaf_parent = if height >= 1 {
            leaf_rows.iter().map(|&r| row_node[1][r]).collect()
        } else {
            Vec::new()
        };
        let mut parents = Vec::new();
        for level in 1..height {
            let mut p = vec![0u32; ids[level].len()];
            for r in 0..h.n_rows() {
                p[row_node[level][r] as usize] = row_node[level + 1][r];
            }
            parents.push(p);
        }
        Ok(Self {
            leaf_parent,
            parents,
            level_sizes,
            height,
        })
    }

    fn emd(&self, hist: &[u32], q_total: u64, p_counts: &[u64], p_total: u64) -> f64 {
        if self.height == 0 {
            return 0.0;
        }
        let h = self.height as f64;
        let q = q_total as i64;
        let p = p_total as i64;
        // pos/neg extras of the nodes at the current level
        let mut pos = vec![0i64; self.level_sizes[0]];
        let mut neg = vec![0i64; self.level_sizes[0]];
        for (code, &pc) in p_counts.iter().enumerate() {
            let qc = i64::from(hist.get(code).copied().unwrap_or(0));
            let extra = pc as i64 * q - qc * p;
            let parent = self.leaf_parent[code] as usize;
            if extra > 0 {
                pos[parent] += extra;
            } else {
                neg[parent] -= extra;
            }
        }
        let mut cost = 0.0;
        for level in 1..=self.height {
            for (a, b) in pos.iter().zip(&neg) {
                cost += (level as f64 / h) * (*a.min(b) as f64);
            }
            if level < self.height {
                let parent = &self.parents[level - 1];
                let mut npos = vec![0i64; self.level_sizes[level]];
                let mut nneg = vec![0i64; self.level_sizes[level]];
                for (node, (&a, &b)) in pos.iter().zip(&neg).enumerate() {
                    let extra = a - b;
                    let up = parent[node] as usize;
                    if extra > 0 {
                        npos[up] += extra;
                    } else {
                        nneg[up] -= extra;
                    }
                }
                pos = npos;
                neg = nneg;
            }
        }
        cost / (p_total as f64 * q_total as f64)
    }
}
