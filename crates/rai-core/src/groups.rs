//! Partitions of rows by sensitive attributes.
//!
//! [`Groups`] assigns every row of a table to one group: the combination of its values in
//! one or more sensitive columns (intersectional by default: every observed combination
//! is its own group). A missing value is a level of its own, labelled `None` (JSON
//! `null`), unless the caller asks for an error with [`MissingGroupPolicy::Error`].

use std::collections::HashMap;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::table::{Column, Table};

/// What to do with rows whose sensitive value is missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MissingGroupPolicy {
    /// Missing is a level of its own (label `None`). The default: rows are never dropped.
    #[default]
    OwnGroup,
    /// A missing sensitive value is an error naming the column and row.
    Error,
}

/// The label of one group: one value (or `None` for missing) per sensitive column.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct GroupKey(pub Vec<Option<String>>);

impl std::fmt::Display for GroupKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<&str> = self
            .0
            .iter()
            .map(|v| v.as_deref().unwrap_or("<missing>"))
            .collect();
        f.write_str(&parts.join(" & "))
    }
}

/// Rows partitioned into groups by one or more sensitive columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Groups {
    columns: Vec<String>,
    keys: Vec<GroupKey>,
    assignment: Vec<u32>,
    sizes: Vec<usize>,
}

impl Groups {
    /// Groups the rows of `table` by the combination of values in `columns`.
    ///
    /// Groups are numbered in sorted order of their labels (so numbering does not depend
    /// on row order). Numeric sensitive columns use each distinct value as a level.
    ///
    /// # Errors
    /// [`Error::UnknownColumn`]; [`Error::Empty`] when `columns` is empty;
    /// [`Error::MissingValue`] under [`MissingGroupPolicy::Error`].
    pub fn from_table<S: AsRef<str>>(
        table: &Table,
        columns: &[S],
        policy: MissingGroupPolicy,
    ) -> Result<Groups> {
        if columns.is_empty() {
            return Err(Error::Empty {
                what: "list of sensitive columns".into(),
            });
        }
        let cols: Vec<(&str, &Column)> = columns
            .iter()
            .map(|n| Ok((n.as_ref(), table.column(n.as_ref())?)))
            .collect::<Result<_>>()?;
        let n = table.n_rows();
        let mut labels: Vec<Vec<Option<String>>> = Vec::with_capacity(n);
        for r in 0..n {
            let mut key = Vec::with_capacity(cols.len());
            for (name, c) in &cols {
                let v = c.get_text(r);
                if v.is_none() && policy == MissingGroupPolicy::Error {
                    return Err(Error::MissingValue {
                        column: (*name).to_owned(),
                        row: r,
                        context: "sensitive attribute values are required".into(),
                    });
                }
                key.push(v);
            }
            labels.push(key);
        }
        let names = cols.iter().map(|(n, _)| (*n).to_owned()).collect();
        Ok(Groups::from_keys(names, labels))
    }

    /// Builds groups from one label per row for a single sensitive attribute.
    pub fn from_labels<S: AsRef<str>>(column: &str, labels: &[Option<S>]) -> Groups {
        let keys = labels
            .iter()
            .map(|l| vec![l.as_ref().map(|s| s.as_ref().to_owned())])
            .collect();
        Groups::from_keys(vec![column.to_owned()], keys)
    }

    fn from_keys(columns: Vec<String>, labels: Vec<Vec<Option<String>>>) -> Groups {
        let mut distinct: Vec<&Vec<Option<String>>> = labels.iter().collect();
        distinct.sort();
        distinct.dedup();
        let ids: HashMap<&Vec<Option<String>>, u32> = distinct
            .iter()
            .enumerate()
            .map(|(i, k)| (*k, i as u32))
            .collect();
        let mut sizes = vec![0usize; distinct.len()];
        let assignment: Vec<u32> = labels
            .iter()
            .map(|k| {
                let g = ids[k];
                sizes[g as usize] += 1;
                g
            })
            .collect();
        let keys = distinct.into_iter().map(|k| GroupKey(k.clone())).collect();
        Groups {
            columns,
            keys,
            assignment,
            sizes,
        }
    }

    /// Names of the sensitive columns.
    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    /// Number of groups.
    pub fn n_groups(&self) -> usize {
        self.keys.len()
    }

    /// Number of rows.
    pub fn n_rows(&self) -> usize {
        self.assignment.len()
    }

    /// Group labels, indexed by group id.
    pub fn keys(&self) -> &[GroupKey] {
        &self.keys
    }

    /// Group id of each row.
    pub fn assignment(&self) -> &[u32] {
        &self.assignment
    }

    /// Number of rows per group.
    pub fn sizes(&self) -> &[usize] {
        &self.sizes
    }

    /// The id of the group with the given label.
    pub fn find(&self, key: &[Option<&str>]) -> Option<usize> {
        self.keys.iter().position(|k| {
            k.0.len() == key.len() && k.0.iter().zip(key).all(|(a, b)| a.as_deref() == *b)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::{CategoricalColumn, NumericColumn};

    fn table() -> Table {
        Table::new(vec![
            (
                "sex".into(),
                Column::Categorical(CategoricalColumn::from_values(&[
                    Some("F"),
                    Some("M"),
                    None,
                    Some("F"),
                ])),
            ),
            (
                "age".into(),
                Column::Numeric(NumericColumn::new(vec![30.0, 30.0, 40.0, 40.0]).unwrap()),
            ),
        ])
        .unwrap()
    }

    #[test]
    fn intersectional_groups_with_missing_level() -> Result<()> {
        let g = Groups::from_table(&table(), &["sex", "age"], MissingGroupPolicy::OwnGroup)?;
        assert_eq!(g.n_groups(), 4);
        assert_eq!(g.n_rows(), 4);
        assert_eq!(g.sizes().iter().sum::<usize>(), 4);
        // missing sorts first
        assert_eq!(g.keys()[0], GroupKey(vec![None, Some("40".into())]));
        assert_eq!(
            g.find(&[Some("F"), Some("30")]),
            Some(g.assignment()[0] as usize)
        );
        Ok(())
    }

    #[test]
    fn missing_policy_error_names_row() {
        let err = Groups::from_table(&table(), &["sex"], MissingGroupPolicy::Error).unwrap_err();
        assert!(err.to_string().contains("row 2"), "{err}");
    }

    #[test]
    fn unknown_and_empty_columns_are_errors() {
        assert!(Groups::from_table(&table(), &["nope"], MissingGroupPolicy::OwnGroup).is_err());
        let none: [&str; 0] = [];
        assert!(Groups::from_table(&table(), &none, MissingGroupPolicy::OwnGroup).is_err());
    }
}
