//! Generalisation hierarchies: for each quasi-identifier, a table mapping every
//! original value to its generalised label at each level.
//!
//! A [`Hierarchy`] is stored in ARX's materialised form: one row per original value,
//! column 0 the value itself, columns `1..` its generalisations from the least to the
//! most general (the last column usually `*`). The **level** of a generalisation is its
//! column index. Hierarchies come from ARX-format CSV files
//! ([`Hierarchy::from_arx_csv_path`]) or from the builder functions re-exported here ([`interval_hierarchy`], [`quantile_hierarchy`], ...)
//! (numeric intervals, quantile intervals, dates, string masking, top/bottom coding,
//! and the flat `value -> *` default).
//!
//! Every hierarchy is validated to be a tree: a label at level `i` always generalises
//! to the same label at level `i + 1`. This makes equivalence classes at a higher level
//! unions of classes at a lower level, which the privacy models' monotonicity (and the
//! optimal search's pruning) relies on.

mod builders;
#[cfg(test)]
mod tests;

pub use builders::{
    date_hierarchy, default_hierarchy, flat_hierarchy, interval_hierarchy, masking_hierarchy,
    quantile_hierarchy, top_bottom_coding_hierarchy,
};

use std::collections::HashMap;
use std::path::Path;

use rai_core::{Error, Location, Result};

/// A materialised generalisation hierarchy for one column (ARX's format).
///
/// # Examples
/// ```
/// use rai_anonymize::hierarchy::Hierarchy;
/// let h = Hierarchy::from_arx_csv_bytes(b"Male;*\nFemale;*\n", "sex.csv", None)?;
/// assert_eq!(h.n_levels(), 2);
/// assert_eq!(h.generalise("Female", 1), Some("*"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hierarchy {
    /// `rows[r][level]`: label of original value `rows[r][0]` at `level`.
    rows: Vec<Vec<String>>,
    /// Original value -> row index.
    index: HashMap<String, usize>,
}

impl Hierarchy {
    /// Builds a hierarchy from its rows (`rows[r][0]` the original value, then its
    /// generalisations left to right).
    ///
    /// # Errors
    /// [`Error::Empty`] without rows; [`Error::InvalidParameter`] when rows have different
    /// lengths, an original value repeats, or the hierarchy is not a tree (a label at one
    /// level generalising to two different labels at the next).
    pub fn from_rows(rows: Vec<Vec<String>>) -> Result<Self> {
        let Some(first) = rows.first() else {
            return Err(Error::Empty {
                what: "generalisation hierarchy without rows".into(),
            });
        };
        let width = first.len();
        if width == 0 {
            return Err(Error::invalid_parameter(
                "hierarchy",
                "row 1 has no cells",
                "at least one column (the original value)",
            ));
        }
        let mut index = HashMap::with_capacity(rows.len());
        for (r, row) in rows.iter().enumerate() {
            if row.len() != width {
                return Err(Error::invalid_parameter(
                    "hierarchy",
                    format!("row {} has {} columns", r + 1, row.len()),
                    format!("{width} columns, like row 1"),
                ));
            }
            if index.insert(row[0].clone(), r).is_some() {
                return Err(Error::invalid_parameter(
                    "hierarchy",
                    format!("value `{}` listed twice (row {})", row[0], r + 1),
                    "each original value in one row",
                ));
            }
        }
        for level in 1..width.saturating_sub(1) {
            let mut parent: HashMap<&str, &str> = HashMap::new();
            for row in &rows {
                let child = row[level].as_str();
                let up = row[level + 1].as_str();
                if let Some(prev) = parent.insert(child, up) {
                    if prev != up {
                        return Err(Error::invalid_parameter(
                            "hierarchy",
                            format!(
                                "label `{child}` at level {level} generalises to both `{prev}` and `{up}`"
                            ),
                            "a tree: each label has one parent at the next level",
                        ));
                    }
                }
            }
        }
        Ok(Self { rows, index })
    }

    /// Parses an ARX hierarchy file: no header, one row per value, cells separated by
    /// `delimiter` (detected from the first line when `None`: `;`, `,`, tab or `|`),
    /// CRLF or LF line endings, blank lines ignored. `name` is used in error messages.
    ///
    /// # Errors
    /// [`Error::Parse`] for undecodable text; the errors of [`Hierarchy::from_rows`].
    pub fn from_arx_csv_bytes(bytes: &[u8], name: &str, delimiter: Option<u8>) -> Result<Self> {
        let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
        let text = std::str::from_utf8(bytes).map_err(|e| Error::Parse {
            location: Location {
                path: name.to_string(),
                line: None,
                column: None,
            },
            message: format!("not UTF-8: {e}"),
        })?;
        let delim = delimiter.unwrap_or_else(|| rai_core::table::detect_delimiter(bytes)) as char;
        let mut rows = Vec::new();
        for line in text.split('\n') {
            let line = line.strip_suffix('\r').unwrap_or(line);
            if line.trim().is_empty() {
                continue;
            }
            rows.push(line.split(delim).map(str::to_string).collect::<Vec<_>>());
        }
        Self::from_rows(rows).map_err(|e| match e {
            Error::InvalidParameter {
                value, expected, ..
            } => Error::Parse {
                location: Location {
                    path: name.to_string(),
                    line: None,
                    column: None,
                },
                message: format!("{value} (expected {expected})"),
            },
            Error::Empty { .. } => Error::Empty {
                what: format!("hierarchy file {name} has no rows"),
            },
            other => other,
        })
    }

    /// Reads an ARX hierarchy file (see [`Hierarchy::from_arx_csv_bytes`]); gzip is
    /// decompressed transparently.
    ///
    /// # Errors
    /// [`Error::Io`] naming the file; parse errors as above.
    pub fn from_arx_csv_path(path: impl AsRef<Path>, delimiter: Option<u8>) -> Result<Self> {
        let path = path.as_ref();
        let bytes = rai_core::table::read_file_bytes(path)?;
        Self::from_arx_csv_bytes(&bytes, &path.display().to_string(), delimiter)
    }

    /// Number of levels, including level 0 (the original values).
    pub fn n_levels(&self) -> usize {
        self.rows.first().map_or(0, Vec::len)
    }

    /// The most general level (`n_levels() - 1`), ARX's "height".
    pub fn max_level(&self) -> usize {
        self.n_levels().saturating_sub(1)
    }

    /// Number of rows (original values listed), ARX's domain size.
    pub fn n_rows(&self) -> usize {
        self.rows.len()
    }

    /// All rows.
    pub fn rows(&self) -> &[Vec<String>] {
        &self.rows
    }

    /// Row index of an original value.
    pub fn row_of(&self, value: &str) -> Option<usize> {
        self.index.get(value).copied()
    }

    /// Label of hierarchy row `row` at `level`.
    pub fn label(&self, row: usize, level: usize) -> Option<&str> {
        self.rows.get(row)?.get(level).map(String::as_str)
    }

    /// Generalised label of an original value at `level` (`None` for an unknown value or
    /// level).
    pub fn generalise(&self, value: &str, level: usize) -> Option<&str> {
        self.label(self.row_of(value)?, level)
    }

    /// Number of hierarchy rows whose label at `level` is `label` (ARX's domain share
    /// numerator).
    pub fn rows_with_label(&self, level: usize, label: &str) -> usize {
        self.rows
            .iter()
            .filter(|r| r.get(level).map(String::as_str) == Some(label))
            .count()
    }

    /// Renders the hierarchy in ARX's file format (`;`-separated, LF line ends).
    pub fn to_arx_csv(&self) -> String {
        let mut s = String::new();
        for r in &self.rows {
            s.push_str(&r.join(";"));
            s.push('\n');
        }
        s
    }
}
