//! Typed columns: numeric (`f64`, NaN = missing) and categorical (dictionary codes).

use serde::{Deserialize, Serialize};

/// The type of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnType {
    /// Real numbers; a missing cell is `f64::NAN`.
    Numeric,
    /// Dictionary-encoded strings; a missing cell has code [`CategoricalColumn::MISSING`].
    Categorical,
}

impl std::fmt::Display for ColumnType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ColumnType::Numeric => "numeric",
            ColumnType::Categorical => "categorical",
        })
    }
}

/// A numeric column. Missing cells are stored as `NaN`; other values are finite.
#[derive(Debug, Clone, PartialEq)]
pub struct NumericColumn {
    values: Vec<f64>,
}

impl NumericColumn {
    /// Builds a column from values. `NaN` means missing.
    ///
    /// # Errors
    /// [`crate::Error::NonFinite`] if a value is infinite (convention: `inf` in data is an
    /// error).
    pub fn new(values: Vec<f64>) -> crate::Result<Self> {
        if let Some((i, v)) = values.iter().enumerate().find(|(_, v)| v.is_infinite()) {
            return Err(crate::Error::NonFinite {
                what: "numeric column".into(),
                index: i,
                value: *v,
            });
        }
        Ok(Self { values })
    }

    pub(crate) fn from_parsed(values: Vec<f64>) -> Self {
        Self { values }
    }

    /// The values, `NaN` for missing.
    pub fn values(&self) -> &[f64] {
        &self.values
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether the column has no rows.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Value at `row`, `None` when missing.
    pub fn get(&self, row: usize) -> Option<f64> {
        self.values.get(row).copied().filter(|v| !v.is_nan())
    }

    /// Number of missing cells.
    pub fn missing_count(&self) -> usize {
        self.values.iter().filter(|v| v.is_nan()).count()
    }

    pub(crate) fn take_rows(&self, rows: &[usize]) -> Self {
        Self {
            values: rows.iter().map(|&r| self.values[r]).collect(),
        }
    }
}

/// A dictionary-encoded categorical column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoricalColumn {
    codes: Vec<u32>,
    levels: Vec<String>,
}

impl CategoricalColumn {
    /// Code used for a missing cell.
    pub const MISSING: u32 = u32::MAX;

    /// Builds a column from optional strings; levels are numbered in order of first
    /// appearance.
    pub fn from_values<S: AsRef<str>>(values: &[Option<S>]) -> Self {
        let mut interner = Interner::default();
        let codes = values
            .iter()
            .map(|v| match v {
                Some(s) => interner.intern(s.as_ref()),
                None => Self::MISSING,
            })
            .collect();
        Self {
            codes,
            levels: interner.into_levels(),
        }
    }

    /// Builds a column from codes and level names.
    ///
    /// # Errors
    /// [`crate::Error::InvalidParameter`] if a code (other than [`Self::MISSING`]) is out of
    /// range or two levels share a name.
    pub fn from_codes(codes: Vec<u32>, levels: Vec<String>) -> crate::Result<Self> {
        if let Some((i, c)) = codes
            .iter()
            .enumerate()
            .find(|(_, c)| **c != Self::MISSING && **c as usize >= levels.len())
        {
            return Err(crate::Error::invalid_parameter(
                format!("codes[{i}]"),
                c,
                format!("a code below the number of levels ({})", levels.len()),
            ));
        }
        let mut seen = std::collections::HashSet::new();
        for l in &levels {
            if !seen.insert(l.as_str()) {
                return Err(crate::Error::invalid_parameter(
                    "levels",
                    l,
                    "distinct level names",
                ));
            }
        }
        Ok(Self { codes, levels })
    }

    pub(crate) fn from_parts(codes: Vec<u32>, levels: Vec<String>) -> Self {
        Self { codes, levels }
    }

    /// Codes per row ([`Self::MISSING`] for missing).
    pub fn codes(&self) -> &[u32] {
        &self.codes
    }

    /// Level names, indexed by code.
    pub fn levels(&self) -> &[String] {
        &self.levels
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// Whether the column has no rows.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// Value at `row`, `None` when missing.
    pub fn get(&self, row: usize) -> Option<&str> {
        self.codes
            .get(row)
            .filter(|c| **c != Self::MISSING)
            .and_then(|c| self.levels.get(*c as usize))
            .map(String::as_str)
    }

    /// Code of a level name.
    pub fn code_of(&self, level: &str) -> Option<u32> {
        self.levels
            .iter()
            .position(|l| l == level)
            .map(|p| p as u32)
    }

    /// Number of missing cells.
    pub fn missing_count(&self) -> usize {
        self.codes.iter().filter(|c| **c == Self::MISSING).count()
    }

    /// Count of rows per level (indexed by code).
    pub fn level_counts(&self) -> Vec<usize> {
        let mut counts = vec![0usize; self.levels.len()];
        for &c in &self.codes {
            if c != Self::MISSING {
                counts[c as usize] += 1;
            }
        }
        counts
    }

    pub(crate) fn take_rows(&self, rows: &[usize]) -> Self {
        Self {
            codes: rows.iter().map(|&r| self.codes[r]).collect(),
            levels: self.levels.clone(),
        }
    }
}

/// One column of a [`crate::Table`].
#[derive(Debug, Clone, PartialEq)]
pub enum Column {
    /// Numeric data.
    Numeric(NumericColumn),
    /// Categorical data.
    Categorical(CategoricalColumn),
}

impl Column {
    /// The column's type.
    pub fn column_type(&self) -> ColumnType {
        match self {
            Column::Numeric(_) => ColumnType::Numeric,
            Column::Categorical(_) => ColumnType::Categorical,
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        match self {
            Column::Numeric(c) => c.len(),
            Column::Categorical(c) => c.len(),
        }
    }

    /// Whether the column has no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Number of missing cells.
    pub fn missing_count(&self) -> usize {
        match self {
            Column::Numeric(c) => c.missing_count(),
            Column::Categorical(c) => c.missing_count(),
        }
    }

    /// Whether the cell at `row` is missing.
    pub fn is_missing(&self, row: usize) -> bool {
        match self {
            Column::Numeric(c) => c.get(row).is_none(),
            Column::Categorical(c) => c.get(row).is_none(),
        }
    }

    /// The cell at `row` rendered as text (`None` when missing). Numbers use Rust's
    /// shortest round-trip formatting.
    pub fn get_text(&self, row: usize) -> Option<String> {
        match self {
            Column::Numeric(c) => c.get(row).map(format_number),
            Column::Categorical(c) => c.get(row).map(str::to_owned),
        }
    }

    /// The numeric view, if this is a numeric column.
    pub fn as_numeric(&self) -> Option<&NumericColumn> {
        match self {
            Column::Numeric(c) => Some(c),
            Column::Categorical(_) => None,
        }
    }

    /// The categorical view, if this is a categorical column.
    pub fn as_categorical(&self) -> Option<&CategoricalColumn> {
        match self {
            Column::Categorical(c) => Some(c),
            Column::Numeric(_) => None,
        }
    }

    pub(crate) fn take_rows(&self, rows: &[usize]) -> Self {
        match self {
            Column::Numeric(c) => Column::Numeric(c.take_rows(rows)),
            Column::Categorical(c) => Column::Categorical(c.take_rows(rows)),
        }
    }
}

/// Formats a number the way `rai` writes numbers into text (shortest round-trip form,
/// integers without a fractional part).
pub fn format_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// String interner used to build categorical columns.
#[derive(Debug, Default)]
pub(crate) struct Interner {
    map: std::collections::HashMap<String, u32>,
    levels: Vec<String>,
}

impl Interner {
    pub(crate) fn intern(&mut self, s: &str) -> u32 {
        if let Some(&c) = self.map.get(s) {
            return c;
        }
        let c = self.levels.len() as u32;
        self.levels.push(s.to_owned());
        self.map.insert(s.to_owned(), c);
        c
    }

    pub(crate) fn into_levels(self) -> Vec<String> {
        self.levels
    }
}
