//! [`EncodedQi`]: one quasi-identifier as hierarchy-row codes with precomputed
//! generalisation maps.

use std::collections::HashMap;

use super::FxHashMap;

use rai_core::{Error, Result};

use crate::hierarchy::Hierarchy;

/// One quasi-identifier column encoded against its hierarchy.
///
/// `codes[row]` is the hierarchy row of the cell's value; `gen[level][hrow]` the code of
/// that row's label at `level` (dense, `0..n_labels(level)`); `labels[level][code]` the
/// label text.
#[derive(Debug, Clone)]
pub struct EncodedQi {
    name: String,
    codes: Vec<u32>,
    gen_maps: Vec<Vec<u32>>,
    labels: Vec<Vec<String>>,
    hierarchy_rows: usize,
}

impl EncodedQi {
    /// Encodes `cells` (one column) against `hierarchy`.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] naming the column, the value and its (1-based) data row
    /// when a value is not listed in the hierarchy; [`Error::Empty`] for a hierarchy
    /// without levels.
    pub fn new(name: &str, cells: &[String], hierarchy: &Hierarchy) -> Result<Self> {
        let n_levels = hierarchy.n_levels();
        if n_levels == 0 {
            return Err(Error::Empty {
                what: format!("hierarchy of column `{name}`"),
            });
        }
        let mut codes = Vec::with_capacity(cells.len());
        let mut cache: FxHashMap<&str, u32> = FxHashMap::default();
        for (r, v) in cells.iter().enumerate() {
            let code = match cache.get(v.as_str()) {
                Some(&c) => c,
                None => {
                    let c = hierarchy.row_of(v).ok_or_else(|| {
                        Error::invalid_parameter(
                            format!("hierarchy of column `{name}`"),
                            format!("value `{v}` (data row {}) is not listed", r + 1),
                            "every value of the column listed in its hierarchy",
                        )
                    })? as u32;
                    cache.insert(v.as_str(), c);
                    c
                }
            };
            codes.push(code);
        }
        let mut gen_maps = Vec::with_capacity(n_levels);
        let mut labels = Vec::with_capacity(n_levels);
        for level in 0..n_levels {
            let mut ids: HashMap<&str, u32> = HashMap::new();
            let mut names = Vec::new();
            let map = hierarchy
                .rows()
                .iter()
                .map(|row| {
                    let l = row[level].as_str();
                    *ids.entry(l).or_insert_with(|| {
                        names.push(l.to_string());
                        (names.len() - 1) as u32
                    })
                })
                .collect();
            gen_maps.push(map);
            labels.push(names);
        }
        Ok(Self {
            name: name.to_string(),
            codes,
            gen_maps,
            labels,
            hierarchy_rows: hierarchy.n_rows(),
        })
    }

    /// Column name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Hierarchy-row code of each data row.
    pub fn codes(&self) -> &[u32] {
        &self.codes
    }

    /// Number of levels (hierarchy columns).
    pub fn n_levels(&self) -> usize {
        self.gen_maps.len()
    }

    /// Number of hierarchy rows (ARX's domain size).
    pub fn hierarchy_rows(&self) -> usize {
        self.hierarchy_rows
    }

    /// Generalisation map of `level`: hierarchy row -> label code.
    pub fn gen_map(&self, level: usize) -> &[u32] {
        &self.gen_maps[level]
    }

    /// Number of distinct labels at `level`.
    pub fn n_labels(&self, level: usize) -> usize {
        self.labels[level].len()
    }

    /// Label text of a label code at `level`.
    pub fn label(&self, level: usize, code: u32) -> &str {
        &self.labels[level][code as usize]
    }
}

/// Dictionary-encodes a column in first-seen order: `(codes, labels)`.
pub fn dictionary_encode(cells: &[String]) -> (Vec<u32>, Vec<String>) {
    let mut ids: FxHashMap<&str, u32> = FxHashMap::default();
    let mut labels = Vec::new();
    let codes = cells
        .iter()
        .map(|v| {
            *ids.entry(v.as_str()).or_insert_with(|| {
                labels.push(v.clone());
                (labels.len() - 1) as u32
            })
        })
        .collect();
    (codes, labels)
}
