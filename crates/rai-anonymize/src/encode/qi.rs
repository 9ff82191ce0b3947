//! [`EncodedQi`]: one quasi-identifier as hierarchy-row codes with precomputed
//! generalisation maps.

use std::hash::Hasher;

use rayon::prelude::*;

use super::FxHashMap;
use super::fxhash::FxHasher;

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
        let index = ValueIndex::new(hierarchy);
        let mut codes = Vec::with_capacity(cells.len());
        for (r, v) in cells.iter().enumerate() {
            match index.get(v.as_bytes()) {
                Some(c) => codes.push(c),
                None => return Err(missing(name, v, r)),
            }
        }
        Ok(Self::from_codes(name, codes, hierarchy))
    }

    /// Builds the generalisation maps for codes already resolved against `hierarchy`
    /// (which has at least one level).
    fn from_codes(name: &str, codes: Vec<u32>, hierarchy: &Hierarchy) -> Self {
        let n_levels = hierarchy.n_levels();
        let mut gen_maps = Vec::with_capacity(n_levels);
        let mut labels = Vec::with_capacity(n_levels);
        for level in 0..n_levels {
            let mut ids: FxHashMap<&str, u32> = FxHashMap::default();
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
        Self {
            name: name.to_string(),
            codes,
            gen_maps,
            labels,
            hierarchy_rows: hierarchy.n_rows(),
        }
    }

    /// Encodes several columns at once, reading the table row by row (cells of one row
    /// lie together in memory) in parallel blocks of rows; the same result and errors as
    /// [`EncodedQi::new`] on each column in turn.
    pub(crate) fn new_many(columns: &[(&str, &[String], &Hierarchy)]) -> Result<Vec<Self>> {
        const BLOCK: usize = 8192;
        let q = columns.len();
        let n = columns.first().map_or(0, |c| c.1.len());
        let usable = columns
            .iter()
            .all(|(_, cells, h)| h.n_levels() > 0 && cells.len() == n);
        if !usable {
            return columns
                .iter()
                .map(|&(name, cells, h)| Self::new(name, cells, h))
                .collect();
        }
        let indexes: Vec<ValueIndex> = columns.iter().map(|c| ValueIndex::new(c.2)).collect();
        let n_blocks = n.div_ceil(BLOCK);
        let blocks: Option<Vec<Vec<u32>>> = (0..n_blocks)
            .into_par_iter()
            .map(|b| {
                let lo = b * BLOCK;
                let hi = (lo + BLOCK).min(n);
                let mut out = vec![0u32; (hi - lo) * q];
                for r in lo..hi {
                    let o = (r - lo) * q;
                    for (j, (c, index)) in columns.iter().zip(&indexes).enumerate() {
                        out[o + j] = index.get(c.1[r].as_bytes())?;
                    }
                }
                Some(out)
            })
            .collect();
        let Some(blocks) = blocks else {
            // a value is missing: report the first one, column by column
            return columns
                .iter()
                .map(|&(name, cells, h)| Self::new(name, cells, h))
                .collect();
        };
        let mut codes: Vec<Vec<u32>> = (0..q).map(|_| Vec::with_capacity(n)).collect();
        for block in &blocks {
            for row in block.chunks_exact(q) {
                for (c, &x) in codes.iter_mut().zip(row) {
                    c.push(x);
                }
            }
        }
        Ok(columns
            .par_iter()
            .zip(codes)
            .map(|(&(name, _, h), codes)| Self::from_codes(name, codes, h))
            .collect())
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

/// A read-only open-addressing map from a hierarchy's original values (level 0) to
/// their rows, probed with the raw bytes of a cell.
///
/// A value is summarised by its length and its first and last eight bytes (which
/// cover the whole value up to 16 bytes, so that shorter values compare without a
/// `memcmp`); longer values are also compared in full.
pub(crate) struct ValueIndex<'h> {
    /// Slot -> entry + 1 (0 = empty).
    slots: Vec<u32>,
    entries: Vec<Entry<'h>>,
    shift: u32,
}

#[derive(Clone, Copy)]
struct Entry<'h> {
    sig: Sig,
    value: &'h [u8],
    row: u32,
}

/// `(first eight bytes, last eight bytes, length)`, zero-padded below eight bytes.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Sig(u64, u64, usize);

#[inline]
fn sig(b: &[u8]) -> Sig {
    let n = b.len();
    if n >= 8 {
        let mut f = [0u8; 8];
        let mut l = [0u8; 8];
        f.copy_from_slice(&b[..8]);
        l.copy_from_slice(&b[n - 8..]);
        Sig(u64::from_le_bytes(f), u64::from_le_bytes(l), n)
    } else {
        let mut x = 0u64;
        for (i, &c) in b.iter().enumerate() {
            x |= u64::from(c) << (8 * i);
        }
        Sig(x, x, n)
    }
}

#[inline]
fn hash_sig(s: Sig) -> u64 {
    let mut h = FxHasher::default();
    h.write_u64(s.0);
    h.write_u64(s.1.rotate_left(23));
    h.write_usize(s.2);
    h.finish().wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

impl<'h> ValueIndex<'h> {
    pub(crate) fn new(hierarchy: &'h Hierarchy) -> Self {
        let rows = hierarchy.rows();
        let cap = (rows.len() * 2).next_power_of_two().max(16);
        let bits = cap.trailing_zeros();
        let mut slots = vec![0u32; cap];
        let mut entries: Vec<Entry<'h>> = Vec::with_capacity(rows.len());
        let mask = cap - 1;
        for (r, row) in rows.iter().enumerate() {
            let Some(v) = row.first() else { continue };
            let v = v.as_bytes();
            let sg = sig(v);
            let mut pos = (hash_sig(sg) >> (64 - bits)) as usize;
            loop {
                let e = slots[pos];
                if e == 0 {
                    entries.push(Entry {
                        sig: sg,
                        value: v,
                        row: r as u32,
                    });
                    slots[pos] = entries.len() as u32;
                    break;
                }
                let en = entries[e as usize - 1];
                if en.sig == sg && en.value == v {
                    // a repeated value keeps its first row, as `Hierarchy::row_of`
                    break;
                }
                pos = (pos + 1) & mask;
            }
        }
        Self {
            slots,
            entries,
            shift: 64 - bits,
        }
    }

    /// The hierarchy row of `v`.
    #[inline]
    pub(crate) fn get(&self, v: &[u8]) -> Option<u32> {
        let sg = sig(v);
        let mask = self.slots.len() - 1;
        let mut pos = (hash_sig(sg) >> self.shift) as usize;
        loop {
            let e = self.slots[pos];
            if e == 0 {
                return None;
            }
            let en = self.entries[e as usize - 1];
            if en.sig == sg && (sg.2 <= 16 || en.value == v) {
                return Some(en.row);
            }
            pos = (pos + 1) & mask;
        }
    }
}

fn missing(name: &str, v: &str, r: usize) -> Error {
    Error::invalid_parameter(
        format!("hierarchy of column `{name}`"),
        format!("value `{v}` (data row {}) is not listed", r + 1),
        "every value of the column listed in its hierarchy",
    )
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_index_matches_row_of() -> Result<()> {
        let vals = [
            "",
            "a",
            "ab",
            "abcdefg",
            "abcdefgh",
            "abcdefghi",
            "abcdefghijklmnop",
            "abcdefghijklmnopq",
            "abcdefghXjklmnopq",
            "abcdefghYjklmnopq",
            "x\u{e9}",
        ];
        let text: String = vals.iter().map(|v| format!("{v};*\n")).collect();
        let h = Hierarchy::from_arx_csv_bytes(text.as_bytes(), "h", Some(b';'))?;
        let index = ValueIndex::new(&h);
        for v in vals {
            assert_eq!(
                index.get(v.as_bytes()),
                h.row_of(v).map(|r| r as u32),
                "{v}"
            );
        }
        for v in ["abcdefghZjklmnopq", "abcdefgi", "b", "abcdefghijklmnopqr"] {
            assert_eq!(index.get(v.as_bytes()), None, "{v}");
        }
        Ok(())
    }

    #[test]
    fn new_many_reports_the_first_missing_value() -> Result<()> {
        let h = Hierarchy::from_arx_csv_bytes(b"a;*\nb;*\n", "h", Some(b';'))?;
        let good = vec!["a".to_string(), "b".to_string()];
        let bad = vec!["a".to_string(), "c".to_string()];
        let many = EncodedQi::new_many(&[("x", &good, &h), ("y", &good, &h)])?;
        assert_eq!(many[1].codes(), EncodedQi::new("y", &good, &h)?.codes());
        let err = EncodedQi::new_many(&[("x", &good, &h), ("y", &bad, &h)]);
        assert!(err.is_err_and(|e| e.to_string().contains("`c` (data row 2)")));
        Ok(())
    }
}
