//! Turning a label column into 0/1 labels.

use rai_core::{Column, Error, Result};

/// 0/1 labels from a table column.
///
/// Numeric columns must hold 0 and 1 (any other value is an error unless `positive` names
/// the positive value, e.g. `"2"`). Categorical columns: `positive` names the positive
/// level; without it, `true`/`false`, `yes`/`no` and `1`/`0` (case-insensitive) are
/// recognised, and any other two-level column is an error asking for `positive`.
///
/// # Examples
/// ```
/// use rai_core::CategoricalColumn;
/// let c = rai_core::Column::Categorical(CategoricalColumn::from_values(&[Some(">50K"), Some("<=50K")]));
/// assert_eq!(rai_robustness::labels::binary_labels(&c, "income", Some(">50K"))?, vec![1.0, 0.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`Error::MissingValue`] for a missing label; [`Error::InvalidParameter`] for values that
/// are not binary or a `positive` value that never occurs.
pub fn binary_labels(column: &Column, name: &str, positive: Option<&str>) -> Result<Vec<f64>> {
    let n = column.len();
    let mut out = Vec::with_capacity(n);
    match column {
        Column::Numeric(c) => {
            let pos: Option<f64> = match positive {
                Some(p) => Some(p.trim().parse::<f64>().map_err(|_| {
                    Error::invalid_parameter(
                        "positive label",
                        p,
                        format!("a number (column `{name}` is numeric)"),
                    )
                })?),
                None => None,
            };
            for (row, &v) in c.values().iter().enumerate() {
                if v.is_nan() {
                    return Err(missing(name, row));
                }
                out.push(match pos {
                    Some(p) => f64::from(u8::from(v == p)),
                    None if v == 0.0 || v == 1.0 => v,
                    None => {
                        return Err(Error::invalid_parameter(
                            format!("label `{name}` at row {row}"),
                            v,
                            "0 or 1 (or pass the positive label value)",
                        ));
                    }
                });
            }
        }
        Column::Categorical(c) => {
            let levels = c.levels();
            let pos_code: u32 = match positive {
                Some(p) => c.code_of(p.trim()).ok_or_else(|| {
                    Error::invalid_parameter(
                        "positive label",
                        p,
                        format!("one of the levels of `{name}`: {}", levels.join(", ")),
                    )
                })?,
                None => {
                    let truthy = |s: &str| {
                        matches!(
                            s.to_ascii_lowercase().as_str(),
                            "true" | "yes" | "1" | "1.0"
                        )
                    };
                    let falsy = |s: &str| {
                        matches!(
                            s.to_ascii_lowercase().as_str(),
                            "false" | "no" | "0" | "0.0"
                        )
                    };
                    let used: Vec<&String> = levels.iter().collect();
                    if used.iter().all(|l| truthy(l) || falsy(l)) {
                        match used.iter().position(|l| truthy(l)) {
                            Some(i) => i as u32,
                            None => u32::MAX,
                        }
                    } else {
                        return Err(Error::invalid_parameter(
                            format!("label column `{name}`"),
                            levels.join(", "),
                            "0/1 or true/false values, or a positive label (--positive)",
                        ));
                    }
                }
            };
            for row in 0..n {
                match c.get(row) {
                    None => return Err(missing(name, row)),
                    Some(_) => out.push(f64::from(u8::from(c.codes()[row] == pos_code))),
                }
            }
        }
    }
    Ok(out)
}

fn missing(name: &str, row: usize) -> Error {
    Error::MissingValue {
        column: name.to_owned(),
        row,
        context: "labels are required".into(),
    }
}
