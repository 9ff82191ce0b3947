//! The workspace-wide error type.
//!
//! Every public API of the `rai` crates returns [`Result`]. Capability crates may wrap
//! [`Error`] in their own enum (`#[error(transparent)] Core(#[from] rai_core::Error)`),
//! but the variants here cover the common failure modes: bad files, bad parameters,
//! unknown columns, mismatched lengths and missing values.

use std::fmt;

/// Convenience alias used throughout the workspace.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Where in an input file something went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// Path of the file (or a description such as `<memory>`).
    pub path: String,
    /// 1-based line number, counting the header line as line 1.
    pub line: Option<u64>,
    /// Column name, when known.
    pub column: Option<String>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path)?;
        if let Some(line) = self.line {
            write!(f, ", line {line}")?;
        }
        if let Some(column) = &self.column {
            write!(f, ", column `{column}`")?;
        }
        Ok(())
    }
}

/// The error shared by the public APIs of the `rai` workspace.
#[non_exhaustive]
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be opened, read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file concerned.
        path: String,
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },
    /// A CSV (or other delimited text) file is malformed or holds an invalid value.
    #[error("{location}: {message}")]
    Parse {
        /// File, line and column of the problem.
        location: Location,
        /// What is wrong and what was expected.
        message: String,
    },
    /// A model file could not be understood.
    #[error("model file {path}: {message}")]
    ModelFormat {
        /// The model file.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// A parameter is outside its valid range.
    #[error("invalid parameter `{name}` = {value}: expected {expected}")]
    InvalidParameter {
        /// Parameter name, as the user wrote it.
        name: String,
        /// The offending value, rendered as text.
        value: String,
        /// What would have been valid.
        expected: String,
    },
    /// A column named by the caller does not exist.
    #[error("unknown column `{name}`; available columns: {}", available.join(", "))]
    UnknownColumn {
        /// The requested name.
        name: String,
        /// Names that do exist.
        available: Vec<String>,
    },
    /// A column has the wrong type for the requested operation.
    #[error("column `{name}` is {found}, expected {expected}")]
    ColumnType {
        /// The column.
        name: String,
        /// Type needed.
        expected: String,
        /// Type found.
        found: String,
    },
    /// Two inputs that must have the same length do not.
    #[error("length mismatch in {what}: expected {expected}, found {found}")]
    LengthMismatch {
        /// What was being compared (e.g. `y_pred vs y_true`).
        what: String,
        /// Expected length.
        expected: usize,
        /// Actual length.
        found: usize,
    },
    /// A missing value where none is allowed.
    #[error("missing value in column `{column}` at row {row} (0-based data row): {context}")]
    MissingValue {
        /// The column.
        column: String,
        /// 0-based data row index.
        row: usize,
        /// Why a value was required.
        context: String,
    },
    /// A NaN or infinite number where a finite one is required.
    #[error("non-finite value {value} in `{what}` at index {index}")]
    NonFinite {
        /// The input concerned (column or argument name).
        what: String,
        /// 0-based index.
        index: usize,
        /// The value.
        value: f64,
    },
    /// The input is empty where data is required.
    #[error("empty input: {what}")]
    Empty {
        /// What was empty.
        what: String,
    },
    /// The operation is not supported for this input (e.g. a categorical split in a
    /// LightGBM model).
    #[error("unsupported: {what}")]
    Unsupported {
        /// What is unsupported.
        what: String,
    },
    /// A privacy budget would be exceeded, or another guarantee cannot be met.
    #[error("{what}")]
    Guarantee {
        /// Which guarantee and why.
        what: String,
    },
}

impl Error {
    /// Shorthand for [`Error::InvalidParameter`].
    pub fn invalid_parameter(
        name: impl Into<String>,
        value: impl fmt::Display,
        expected: impl Into<String>,
    ) -> Self {
        Error::InvalidParameter {
            name: name.into(),
            value: value.to_string(),
            expected: expected.into(),
        }
    }

    /// Shorthand for [`Error::LengthMismatch`].
    pub fn length_mismatch(what: impl Into<String>, expected: usize, found: usize) -> Self {
        Error::LengthMismatch {
            what: what.into(),
            expected,
            found,
        }
    }

    /// Shorthand for [`Error::Unsupported`].
    pub fn unsupported(what: impl Into<String>) -> Self {
        Error::Unsupported { what: what.into() }
    }

    /// Shorthand for [`Error::Io`].
    pub fn io(path: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// Checks that two lengths agree.
///
/// # Errors
/// [`Error::LengthMismatch`] when `found != expected`.
pub fn ensure_len(what: &str, expected: usize, found: usize) -> Result<()> {
    if expected == found {
        Ok(())
    } else {
        Err(Error::length_mismatch(what, expected, found))
    }
}

/// Checks that a parameter is finite and strictly positive.
///
/// # Errors
/// [`Error::InvalidParameter`] for zero, negative, NaN or infinite values.
pub fn ensure_positive(name: &str, value: f64) -> Result<f64> {
    if value.is_finite() && value > 0.0 {
        Ok(value)
    } else {
        Err(Error::invalid_parameter(
            name,
            value,
            "a finite number greater than 0",
        ))
    }
}
