//! The generalisation lattice of full-domain generalisation: one node per vector of
//! levels `(l_1, ..., l_q)` with `0 <= l_j <= max_j`, ordered componentwise.
//!
//! Nodes are numbered in mixed radix (the last quasi-identifier varies fastest), so a
//! node's id and its level vector convert both ways in `O(q)`.

use rai_core::{Error, Result};

/// The lattice of level vectors.
///
/// # Examples
/// ```
/// use rai_anonymize::lattice::Lattice;
/// let lat = Lattice::new(&[1, 4])?; // levels 0..=1 and 0..=4
/// assert_eq!(lat.size(), 10);
/// let id = lat.id(&[1, 2]);
/// assert_eq!(lat.levels(id), vec![1, 2]);
/// assert_eq!(lat.predecessors(id).len(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lattice {
    max: Vec<u8>,
    stride: Vec<usize>,
    size: usize,
}

/// Largest lattice the optimal search accepts.
pub const MAX_LATTICE_SIZE: usize = 1 << 22;

impl Lattice {
    /// A lattice with the given maximum level per attribute.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] when a maximum level exceeds 254 or the lattice has
    /// more than [`MAX_LATTICE_SIZE`] nodes.
    pub fn new(max_levels: &[usize]) -> Result<Self> {
        let mut size: usize = 1;
        for &m in max_levels {
            if m > 254 {
                return Err(Error::invalid_parameter(
                    "hierarchy levels",
                    m + 1,
                    "at most 255 levels per hierarchy",
                ));
            }
            size = size.saturating_mul(m + 1);
        }
        if size > MAX_LATTICE_SIZE {
            return Err(Error::invalid_parameter(
                "generalisation lattice",
                format!("{size} transformations"),
                format!(
                    "at most {MAX_LATTICE_SIZE} for the optimal search (use fewer quasi-identifiers, shallower hierarchies, or Mondrian)"
                ),
            ));
        }
        let mut stride = vec![1usize; max_levels.len()];
        for j in (0..max_levels.len().saturating_sub(1)).rev() {
            stride[j] = stride[j + 1] * (max_levels[j + 1] + 1);
        }
        Ok(Self {
            max: max_levels.iter().map(|&m| m as u8).collect(),
            stride,
            size,
        })
    }

    /// Number of nodes.
    pub fn size(&self) -> usize {
        self.size
    }

    /// Number of attributes.
    pub fn dims(&self) -> usize {
        self.max.len()
    }

    /// Maximum level per attribute.
    pub fn max_levels(&self) -> &[u8] {
        &self.max
    }

    /// Id of a level vector (levels must be within range).
    pub fn id(&self, levels: &[u8]) -> usize {
        levels
            .iter()
            .zip(&self.stride)
            .map(|(&l, &s)| l as usize * s)
            .sum()
    }

    /// Level vector of a node.
    pub fn levels(&self, id: usize) -> Vec<u8> {
        let mut out = vec![0u8; self.max.len()];
        self.levels_into(id, &mut out);
        out
    }

    /// Writes the level vector of a node into `out`.
    pub fn levels_into(&self, id: usize, out: &mut [u8]) {
        for (j, o) in out.iter_mut().enumerate() {
            *o = ((id / self.stride[j]) % (self.max[j] as usize + 1)) as u8;
        }
    }

    /// Sum of levels (the node's height in the lattice).
    pub fn height(&self, id: usize) -> usize {
        self.levels(id).iter().map(|&l| l as usize).sum()
    }

    /// Direct specialisations (one attribute one level lower).
    pub fn predecessors(&self, id: usize) -> Vec<usize> {
        let lv = self.levels(id);
        (0..lv.len())
            .filter(|&j| lv[j] > 0)
            .map(|j| id - self.stride[j])
            .collect()
    }

    /// Direct generalisations (one attribute one level higher).
    pub fn successors(&self, id: usize) -> Vec<usize> {
        let lv = self.levels(id);
        (0..lv.len())
            .filter(|&j| lv[j] < self.max[j])
            .map(|j| id + self.stride[j])
            .collect()
    }

    /// Whether `a <= b` componentwise (`b` generalises `a`).
    pub fn le(&self, a: usize, b: usize) -> bool {
        let (la, lb) = (self.levels(a), self.levels(b));
        la.iter().zip(&lb).all(|(x, y)| x <= y)
    }
}
