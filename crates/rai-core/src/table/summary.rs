//! A serialisable description of a table (`rai describe`).

use serde::Serialize;

use super::{Column, ColumnType, Table};

/// Row count of one categorical level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LevelCount {
    /// Level name.
    pub level: String,
    /// Number of rows with this level.
    pub count: usize,
}

/// Description of one column.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ColumnSummary {
    /// Column name.
    pub name: String,
    /// Column type.
    #[serde(rename = "type")]
    pub column_type: ColumnType,
    /// Number of missing cells.
    pub missing: usize,
    /// Number of distinct non-missing values.
    pub distinct: usize,
    /// Smallest value (numeric columns with at least one value).
    pub min: Option<f64>,
    /// Largest value.
    pub max: Option<f64>,
    /// Mean of non-missing values.
    pub mean: Option<f64>,
    /// Sample standard deviation of non-missing values (n - 1 denominator).
    pub std: Option<f64>,
    /// Levels with counts, most frequent first (categorical columns).
    pub levels: Vec<LevelCount>,
}

/// Description of a table: its shape and per-column summaries.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableSummary {
    /// Number of rows.
    pub rows: usize,
    /// Number of columns.
    pub columns: usize,
    /// Per-column summaries, in table order.
    pub schema: Vec<ColumnSummary>,
}

impl Table {
    /// Summarises every column (types, missing counts, ranges, levels).
    pub fn summary(&self) -> TableSummary {
        let schema = self
            .column_names()
            .iter()
            .zip(self.columns())
            .map(|(name, col)| summarise(name, col))
            .collect();
        TableSummary {
            rows: self.n_rows(),
            columns: self.n_columns(),
            schema,
        }
    }
}

fn summarise(name: &str, col: &Column) -> ColumnSummary {
    match col {
        Column::Numeric(c) => {
            let vals: Vec<f64> = c.values().iter().copied().filter(|v| !v.is_nan()).collect();
            let n = vals.len();
            let (min, max, mean, std) = if n == 0 {
                (None, None, None, None)
            } else {
                let min = vals.iter().copied().fold(f64::INFINITY, f64::min);
                let max = vals.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                let mean = vals.iter().sum::<f64>() / n as f64;
                let std = (n > 1).then(|| {
                    (vals.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1) as f64).sqrt()
                });
                (Some(min), Some(max), Some(mean), std)
            };
            let mut sorted = vals;
            sorted.sort_by(f64::total_cmp);
            sorted.dedup();
            ColumnSummary {
                name: name.to_owned(),
                column_type: ColumnType::Numeric,
                missing: c.missing_count(),
                distinct: sorted.len(),
                min,
                max,
                mean,
                std,
                levels: Vec::new(),
            }
        }
        Column::Categorical(c) => {
            let counts = c.level_counts();
            let mut levels: Vec<LevelCount> = c
                .levels()
                .iter()
                .zip(counts)
                .filter(|(_, n)| *n > 0)
                .map(|(l, n)| LevelCount {
                    level: l.clone(),
                    count: n,
                })
                .collect();
            levels.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.level.cmp(&b.level)));
            ColumnSummary {
                name: name.to_owned(),
                column_type: ColumnType::Categorical,
                missing: c.missing_count(),
                distinct: levels.len(),
                min: None,
                max: None,
                mean: None,
                std: None,
                levels,
            }
        }
    }
}
