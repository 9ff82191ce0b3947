//! Columnar tables with typed columns.
//!
//! A [`Table`] holds named columns of equal length. Each column is either numeric
//! ([`NumericColumn`], `f64` with `NaN` for missing) or categorical
//! ([`CategoricalColumn`], dictionary codes with level names). Tables are loaded from CSV
//! ([`Table::from_csv_path`]) and turned into feature matrices by column name
//! ([`Table::feature_matrix`]).

mod column;
mod csv;
mod summary;

pub use column::{CategoricalColumn, Column, ColumnType, NumericColumn, format_number};
pub use csv::{CsvOptions, decompress_if_gzip, detect_delimiter, read_file_bytes};
pub use summary::{ColumnSummary, LevelCount, TableSummary};

use std::collections::HashMap;

use ndarray::Array2;

use crate::error::{Error, Result};

/// A columnar dataset with named, typed columns of equal length.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    names: Vec<String>,
    columns: Vec<Column>,
    index: HashMap<String, usize>,
    n_rows: usize,
}

impl Table {
    /// Builds a table from `(name, column)` pairs.
    ///
    /// # Errors
    /// [`Error::LengthMismatch`] when columns differ in length,
    /// [`Error::InvalidParameter`] for duplicate names.
    pub fn new(columns: Vec<(String, Column)>) -> Result<Table> {
        let n_rows = columns.first().map_or(0, |(_, c)| c.len());
        let (names, cols): (Vec<_>, Vec<_>) = columns.into_iter().unzip();
        for (n, c) in names.iter().zip(&cols) {
            if c.len() != n_rows {
                return Err(Error::length_mismatch(
                    format!("column `{n}`"),
                    n_rows,
                    c.len(),
                ));
            }
        }
        Table::from_parts(names, cols, n_rows)
    }

    pub(crate) fn from_parts(
        names: Vec<String>,
        columns: Vec<Column>,
        n_rows: usize,
    ) -> Result<Table> {
        let mut index = HashMap::with_capacity(names.len());
        for (i, n) in names.iter().enumerate() {
            if index.insert(n.clone(), i).is_some() {
                return Err(Error::invalid_parameter(
                    "column name",
                    n,
                    "distinct column names",
                ));
            }
        }
        Ok(Table {
            names,
            columns,
            index,
            n_rows,
        })
    }

    /// Number of rows.
    pub fn n_rows(&self) -> usize {
        self.n_rows
    }

    /// Number of columns.
    pub fn n_columns(&self) -> usize {
        self.columns.len()
    }

    /// Column names in order.
    pub fn column_names(&self) -> &[String] {
        &self.names
    }

    /// Columns in order.
    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// Position of a column.
    ///
    /// # Errors
    /// [`Error::UnknownColumn`] listing the available names.
    pub fn column_index(&self, name: &str) -> Result<usize> {
        self.index
            .get(name)
            .copied()
            .ok_or_else(|| Error::UnknownColumn {
                name: name.to_owned(),
                available: self.names.clone(),
            })
    }

    /// Whether a column exists.
    pub fn has_column(&self, name: &str) -> bool {
        self.index.contains_key(name)
    }

    /// A column by name.
    ///
    /// # Errors
    /// [`Error::UnknownColumn`].
    pub fn column(&self, name: &str) -> Result<&Column> {
        Ok(&self.columns[self.column_index(name)?])
    }

    /// A numeric column by name.
    ///
    /// # Errors
    /// [`Error::UnknownColumn`], or [`Error::ColumnType`] when it is categorical.
    pub fn numeric(&self, name: &str) -> Result<&NumericColumn> {
        match self.column(name)? {
            Column::Numeric(c) => Ok(c),
            Column::Categorical(_) => Err(Error::ColumnType {
                name: name.to_owned(),
                expected: "numeric".into(),
                found: "categorical".into(),
            }),
        }
    }

    /// A categorical column by name.
    ///
    /// # Errors
    /// [`Error::UnknownColumn`], or [`Error::ColumnType`] when it is numeric.
    pub fn categorical(&self, name: &str) -> Result<&CategoricalColumn> {
        match self.column(name)? {
            Column::Categorical(c) => Ok(c),
            Column::Numeric(_) => Err(Error::ColumnType {
                name: name.to_owned(),
                expected: "categorical".into(),
                found: "numeric".into(),
            }),
        }
    }

    /// The cells of a column as text, `None` for missing (numbers formatted with
    /// [`format_number`]). Useful for label columns that may be `0/1`, `true/false` or
    /// strings.
    ///
    /// # Errors
    /// [`Error::UnknownColumn`].
    pub fn text_column(&self, name: &str) -> Result<Vec<Option<String>>> {
        let c = self.column(name)?;
        Ok((0..self.n_rows).map(|r| c.get_text(r)).collect())
    }

    /// Selects numeric columns by name into a row-major `rows x names.len()` matrix; a
    /// missing cell becomes `NaN`.
    ///
    /// # Errors
    /// [`Error::UnknownColumn`] for a name that does not exist, [`Error::ColumnType`] for a
    /// categorical column (encode it first).
    pub fn feature_matrix<S: AsRef<str>>(&self, names: &[S]) -> Result<Array2<f64>> {
        let cols = names
            .iter()
            .map(|n| self.numeric(n.as_ref()))
            .collect::<Result<Vec<_>>>()?;
        let p = cols.len();
        let mut data = Vec::with_capacity(self.n_rows * p);
        for r in 0..self.n_rows {
            for c in &cols {
                data.push(c.values()[r]);
            }
        }
        Array2::from_shape_vec((self.n_rows, p), data)
            .map_err(|e| Error::invalid_parameter("feature matrix shape", e, "a valid shape"))
    }

    /// A new table with only the named columns, in the given order.
    ///
    /// # Errors
    /// [`Error::UnknownColumn`].
    pub fn select_columns<S: AsRef<str>>(&self, names: &[S]) -> Result<Table> {
        let mut cols = Vec::with_capacity(names.len());
        for n in names {
            cols.push((n.as_ref().to_owned(), self.column(n.as_ref())?.clone()));
        }
        let n_rows = self.n_rows;
        let (names, columns): (Vec<_>, Vec<_>) = cols.into_iter().unzip();
        Table::from_parts(names, columns, n_rows)
    }

    /// A new table with the given rows (by index, in the given order; repeats allowed).
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for an index out of range.
    pub fn select_rows(&self, rows: &[usize]) -> Result<Table> {
        if let Some(&bad) = rows.iter().find(|&&r| r >= self.n_rows) {
            return Err(Error::invalid_parameter(
                "row index",
                bad,
                format!("an index below {}", self.n_rows),
            ));
        }
        let columns = self.columns.iter().map(|c| c.take_rows(rows)).collect();
        Table::from_parts(self.names.clone(), columns, rows.len())
    }

    /// Adds or replaces a column.
    ///
    /// # Errors
    /// [`Error::LengthMismatch`] when its length differs from the table's.
    pub fn with_column(mut self, name: impl Into<String>, column: Column) -> Result<Table> {
        let name = name.into();
        if column.len() != self.n_rows && !self.columns.is_empty() {
            return Err(Error::length_mismatch(
                format!("column `{name}`"),
                self.n_rows,
                column.len(),
            ));
        }
        if self.columns.is_empty() {
            self.n_rows = column.len();
        }
        if let Some(&i) = self.index.get(&name) {
            self.columns[i] = column;
        } else {
            self.index.insert(name.clone(), self.names.len());
            self.names.push(name);
            self.columns.push(column);
        }
        Ok(self)
    }
}

#[cfg(test)]
mod tests;
