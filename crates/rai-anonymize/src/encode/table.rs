//! [`StringTable`]: a CSV file's cells kept as the exact strings read.

use std::path::Path;

use rai_core::{Error, Location, Result};

/// A table whose cells are the exact strings of the input file (no number parsing, no
/// trimming), stored column by column.
///
/// # Examples
/// ```
/// use rai_anonymize::encode::StringTable;
/// let t = StringTable::from_csv_bytes(b"a;b\r\n1;x\r\n2;y\r\n", "t.csv", None)?;
/// assert_eq!(t.n_rows(), 2);
/// assert_eq!(t.column("b")?, &["x".to_string(), "y".to_string()][..]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StringTable {
    header: Vec<String>,
    columns: Vec<Vec<String>>,
    delimiter: u8,
}

impl StringTable {
    /// Builds a table from a header and columns.
    ///
    /// # Errors
    /// [`Error::LengthMismatch`] when columns differ in length or from the header;
    /// [`Error::InvalidParameter`] for a repeated column name.
    pub fn new(header: Vec<String>, columns: Vec<Vec<String>>, delimiter: u8) -> Result<Self> {
        rai_core::error::ensure_len("columns vs header", header.len(), columns.len())?;
        if let Some(first) = columns.first() {
            for (name, c) in header.iter().zip(&columns) {
                rai_core::error::ensure_len(&format!("column `{name}`"), first.len(), c.len())?;
            }
        }
        for (i, h) in header.iter().enumerate() {
            if header[..i].contains(h) {
                return Err(Error::invalid_parameter(
                    "header",
                    format!("`{h}` twice"),
                    "unique column names",
                ));
            }
        }
        Ok(Self {
            header,
            columns,
            delimiter,
        })
    }

    /// Parses CSV text with a header line. The delimiter is detected from the header line
    /// (`,`, `;`, tab or `|`) when `None`. CRLF and LF line endings are accepted; quoted
    /// cells follow RFC 4180. A UTF-8 byte-order mark is skipped.
    ///
    /// # Errors
    /// [`Error::Parse`] naming `name`, the line and the problem (ragged row, bad UTF-8);
    /// [`Error::Empty`] for a file without a header.
    pub fn from_csv_bytes(bytes: &[u8], name: &str, delimiter: Option<u8>) -> Result<Self> {
        let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
        let delimiter = delimiter.unwrap_or_else(|| rai_core::table::detect_delimiter(bytes));
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(true)
            .flexible(false)
            .from_reader(bytes);
        let loc = |line: Option<u64>| Location {
            path: name.to_string(),
            line,
            column: None,
        };
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| Error::Parse {
                location: loc(Some(1)),
                message: e.to_string(),
            })?
            .iter()
            .map(str::to_string)
            .collect();
        if header.is_empty() || header.len() == 1 && header[0].is_empty() {
            return Err(Error::Empty {
                what: format!("{name}: no header line"),
            });
        }
        let mut columns: Vec<Vec<String>> = vec![Vec::new(); header.len()];
        let mut record = csv::StringRecord::new();
        loop {
            match reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {
                    if record.len() == 1 && record[0].is_empty() && header.len() > 1 {
                        continue;
                    }
                    for (c, cell) in columns.iter_mut().zip(record.iter()) {
                        c.push(cell.to_string());
                    }
                }
                Err(e) => {
                    return Err(Error::Parse {
                        location: loc(e.position().map(|p| p.line())),
                        message: e.to_string(),
                    });
                }
            }
        }
        Self::new(header, columns, delimiter)
    }

    /// Reads a CSV file (gzip decompressed transparently); see
    /// [`StringTable::from_csv_bytes`].
    ///
    /// # Errors
    /// [`Error::Io`] naming the file, and the parse errors above.
    pub fn from_csv_path(path: impl AsRef<Path>, delimiter: Option<u8>) -> Result<Self> {
        let path = path.as_ref();
        let bytes = rai_core::table::read_file_bytes(path)?;
        Self::from_csv_bytes(&bytes, &path.display().to_string(), delimiter)
    }

    /// Column names in file order.
    pub fn header(&self) -> &[String] {
        &self.header
    }

    /// The delimiter read (or given).
    pub fn delimiter(&self) -> u8 {
        self.delimiter
    }

    /// Number of data rows.
    pub fn n_rows(&self) -> usize {
        self.columns.first().map_or(0, Vec::len)
    }

    /// Index of a column.
    ///
    /// # Errors
    /// [`Error::UnknownColumn`] listing the available columns.
    pub fn column_index(&self, name: &str) -> Result<usize> {
        self.header
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| Error::UnknownColumn {
                name: name.to_string(),
                available: self.header.clone(),
            })
    }

    /// A column's cells.
    ///
    /// # Errors
    /// [`Error::UnknownColumn`].
    pub fn column(&self, name: &str) -> Result<&[String]> {
        Ok(&self.columns[self.column_index(name)?])
    }

    /// All columns in file order.
    pub fn columns(&self) -> &[Vec<String>] {
        &self.columns
    }

    /// Replaces the cells of one column (same length).
    ///
    /// # Errors
    /// [`Error::UnknownColumn`], [`Error::LengthMismatch`].
    pub fn set_column(&mut self, name: &str, cells: Vec<String>) -> Result<()> {
        let i = self.column_index(name)?;
        rai_core::error::ensure_len(&format!("column `{name}`"), self.n_rows(), cells.len())?;
        self.columns[i] = cells;
        Ok(())
    }

    /// Keeps only the given rows, in the given order.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for a row index out of range.
    pub fn select_rows(&self, rows: &[usize]) -> Result<Self> {
        let n = self.n_rows();
        if let Some(&bad) = rows.iter().find(|&&r| r >= n) {
            return Err(Error::invalid_parameter(
                "row",
                bad,
                format!("an index below {n}"),
            ));
        }
        let columns = self
            .columns
            .iter()
            .map(|c| rows.iter().map(|&r| c[r].clone()).collect())
            .collect();
        Ok(Self {
            header: self.header.clone(),
            columns,
            delimiter: self.delimiter,
        })
    }

    /// Writes the table as CSV with this table's delimiter, LF line endings, quoting only
    /// cells that need it.
    ///
    /// # Errors
    /// [`Error::Io`] on write failure.
    pub fn write_csv<W: std::io::Write>(&self, writer: W) -> Result<()> {
        let io = |e: csv::Error| Error::io("CSV output", std::io::Error::other(e.to_string()));
        let mut w = csv::WriterBuilder::new()
            .delimiter(self.delimiter)
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(writer);
        w.write_record(&self.header).map_err(io)?;
        for r in 0..self.n_rows() {
            w.write_record(self.columns.iter().map(|c| c[r].as_str()))
                .map_err(io)?;
        }
        w.flush().map_err(|e| Error::io("CSV output", e))?;
        Ok(())
    }
}
