//! Equivalence-class computation: roll-up of a more specific node's classes into a
//! node's classes with packed `u64` keys and an open-addressing table.

use super::data::AnonymizationData;

/// Equivalence classes of one node (or the bottom classes).
#[derive(Debug, Clone, Default)]
pub(crate) struct Classes {
    /// A bottom class in each class (any member gives the same labels).
    pub(crate) rep: Vec<u32>,
    /// Records per class.
    pub(crate) count: Vec<u32>,
    /// Sensitive histogram per class (`s` entries each), empty without a sensitive
    /// attribute.
    pub(crate) hist: Vec<u32>,
}

impl Classes {
    pub(crate) fn len(&self) -> usize {
        self.count.len()
    }

    /// Number of `u32`s held (for the cache budget).
    pub(crate) fn footprint(&self) -> usize {
        self.rep.len() + self.count.len() + self.hist.len()
    }

    /// The bottom classes themselves.
    pub(crate) fn bottom(data: &AnonymizationData) -> Self {
        Self {
            rep: (0..data.bottom_count.len() as u32).collect(),
            count: data.bottom_count.clone(),
            hist: data.bottom_hist.clone(),
        }
    }
}

const EMPTY: u64 = u64::MAX;

/// Reusable scratch space of one worker.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    keys: Vec<u64>,
    vals: Vec<u32>,
    dense: Vec<u32>,
    touched: Vec<u32>,
    tables: Vec<Vec<u64>>,
}

#[inline]
fn mix(k: u64) -> u64 {
    let k = k.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    k ^ (k >> 29)
}

/// Largest key space handled with a direct-addressed table.
const DENSE_LIMIT: u64 = 1 << 18;

/// Groups the classes `from` (of a node at or below `levels`) into the classes of
/// `levels`.
pub(crate) fn roll_up(
    data: &AnonymizationData,
    from: &Classes,
    levels: &[u8],
    scratch: &mut Scratch,
) -> Classes {
    let q = data.qis.len();
    let s = data.sensitive.as_ref().map_or(0, |c| c.n_values);
    // Per-attribute key contributions: label code * stride.
    let mut space: u64 = 1;
    let mut overflow = false;
    scratch.tables.resize_with(q, Vec::new);
    for j in (0..q).rev() {
        let qi = &data.qis[j];
        let map = qi.gen_map(levels[j] as usize);
        let t = &mut scratch.tables[j];
        t.clear();
        t.extend(map.iter().map(|&l| u64::from(l).wrapping_mul(space)));
        match space.checked_mul(qi.n_labels(levels[j] as usize) as u64) {
            Some(x) => space = x,
            None => overflow = true,
        }
    }
    let n_from = from.len();
    let mut out = Classes {
        rep: Vec::with_capacity(n_from.min(1024)),
        count: Vec::with_capacity(n_from.min(1024)),
        hist: Vec::new(),
    };
    let codes = &data.bottom_codes;
    let tables = &scratch.tables;
    // attributes generalised to a single label contribute nothing to the key
    let active: Vec<usize> = (0..q)
        .filter(|&j| data.qis[j].n_labels(levels[j] as usize) > 1)
        .collect();
    let key_of = |rep: u32| -> u64 {
        let base = rep as usize * q;
        let mut k = 0u64;
        for &j in &active {
            k = k.wrapping_add(tables[j][codes[base + j] as usize]);
        }
        k
    };
    let mut class_of: Vec<u32> = Vec::with_capacity(n_from);
    if !overflow && space <= DENSE_LIMIT {
        let dense = &mut scratch.dense;
        if dense.len() < space as usize {
            dense.resize(space as usize, u32::MAX);
        }
        let touched = &mut scratch.touched;
        touched.clear();
        for i in 0..n_from {
            let rep = from.rep[i];
            let k = key_of(rep) as usize;
            let c = dense[k];
            let c = if c == u32::MAX {
                let id = out.count.len() as u32;
                dense[k] = id;
                touched.push(k as u32);
                out.rep.push(rep);
                out.count.push(0);
                id
            } else {
                c
            };
            out.count[c as usize] += from.count[i];
            class_of.push(c);
        }
        for &k in touched.iter() {
            dense[k as usize] = u32::MAX;
        }
    } else {
        // Open addressing; on key-space overflow the key is a hash of the labels, so
        // collisions are resolved by comparing labels.
        let cap = (2 * n_from).next_power_of_two().max(16);
        let mask = cap - 1;
        scratch.keys.clear();
        scratch.keys.resize(cap, EMPTY);
        scratch.vals.clear();
        scratch.vals.resize(cap, 0);
        let same_labels = |a: u32, b: u32| -> bool {
            (0..q).all(|j| {
                let m = data.qis[j].gen_map(levels[j] as usize);
                m[codes[a as usize * q + j] as usize] == m[codes[b as usize * q + j] as usize]
            })
        };
        for i in 0..n_from {
            let rep = from.rep[i];
            let mut k = key_of(rep);
            if k == EMPTY {
                k = EMPTY - 1;
            }
            let mut pos = (mix(k) as usize) & mask;
            let c = loop {
                let kk = scratch.keys[pos];
                if kk == EMPTY {
                    let id = out.count.len() as u32;
                    scratch.keys[pos] = k;
                    scratch.vals[pos] = id;
                    out.rep.push(rep);
                    out.count.push(0);
                    break id;
                }
                if kk == k {
                    let id = scratch.vals[pos];
                    if !overflow || same_labels(out.rep[id as usize], rep) {
                        break id;
                    }
                }
                pos = (pos + 1) & mask;
            };
            out.count[c as usize] += from.count[i];
            class_of.push(c);
        }
    }
    if s > 0 {
        out.hist = vec![0u32; out.count.len() * s];
        for (i, &c) in class_of.iter().enumerate() {
            let src = &from.hist[i * s..(i + 1) * s];
            let dst = &mut out.hist[c as usize * s..(c as usize + 1) * s];
            for (d, &x) in dst.iter_mut().zip(src) {
                *d += x;
            }
        }
    }
    out
}
