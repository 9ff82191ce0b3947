//! CSV loading with per-column type inference.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::Read;
use std::path::Path;

use super::Table;
use super::column::{CategoricalColumn, Column, ColumnType, NumericColumn};
use crate::error::{Error, Location, Result};

/// Options for [`Table::from_csv_path`] and [`Table::from_csv_bytes`].
#[derive(Debug, Clone)]
pub struct CsvOptions {
    /// Field separator. `None` detects it from the header line (`,`, `;`, tab or `|`).
    pub delimiter: Option<u8>,
    /// Cell contents (after trimming) that mean "missing". Default: empty, `NA`, `?`.
    pub missing_tokens: Vec<String>,
    /// Column types forced by the caller; other columns are inferred (numeric when every
    /// non-missing cell parses as a number, categorical otherwise).
    pub types: HashMap<String, ColumnType>,
    /// Trim ASCII whitespace around cells (default `true`).
    pub trim: bool,
}

impl Default for CsvOptions {
    fn default() -> Self {
        Self {
            delimiter: None,
            missing_tokens: vec![String::new(), "NA".into(), "?".into()],
            types: HashMap::new(),
            trim: true,
        }
    }
}

impl CsvOptions {
    /// Forces the type of one column.
    #[must_use]
    pub fn with_type(mut self, column: impl Into<String>, ty: ColumnType) -> Self {
        self.types.insert(column.into(), ty);
        self
    }

    /// Sets the delimiter.
    #[must_use]
    pub fn with_delimiter(mut self, delimiter: u8) -> Self {
        self.delimiter = Some(delimiter);
        self
    }
}

/// Reads a whole file, transparently decompressing gzip (detected from its magic bytes).
///
/// # Errors
/// [`Error::Io`] naming the file.
pub fn read_file_bytes(path: &Path) -> Result<Vec<u8>> {
    let display = path.display().to_string();
    let raw = std::fs::read(path).map_err(|e| Error::io(&display, e))?;
    decompress_if_gzip(raw, &display)
}

/// Decompresses `raw` if it starts with the gzip magic bytes, else returns it unchanged.
///
/// # Errors
/// [`Error::Io`] naming `name` when the gzip stream is corrupt.
pub fn decompress_if_gzip(raw: Vec<u8>, name: &str) -> Result<Vec<u8>> {
    if raw.len() >= 2 && raw[0] == 0x1f && raw[1] == 0x8b {
        let mut out = Vec::with_capacity(raw.len() * 4);
        flate2::read::MultiGzDecoder::new(&raw[..])
            .read_to_end(&mut out)
            .map_err(|e| Error::io(name, e))?;
        Ok(out)
    } else {
        Ok(raw)
    }
}

/// Guesses the delimiter from the first line: the candidate occurring most often.
pub fn detect_delimiter(bytes: &[u8]) -> u8 {
    let first_line = bytes.split(|b| *b == b'\n').next().unwrap_or(&[]);
    let mut best = (b',', 0usize);
    for cand in [b',', b';', b'\t', b'|'] {
        let n = first_line.iter().filter(|b| **b == cand).count();
        if n > best.1 {
            best = (cand, n);
        }
    }
    best.0
}

/// Splits off a UTF-8 byte-order mark.
fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes)
}

fn trim_ascii(b: &[u8]) -> &[u8] {
    b.trim_ascii()
}

/// Small, fast non-cryptographic hasher (FxHash) for interning cell values.
#[derive(Default, Clone, Copy)]
struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

#[derive(Default)]
struct ByteInterner {
    map: FxMap<Box<[u8]>, u32>,
    levels: Vec<Box<[u8]>>,
}

impl ByteInterner {
    fn intern(&mut self, s: &[u8]) -> u32 {
        if let Some(&c) = self.map.get(s) {
            return c;
        }
        let c = self.levels.len() as u32;
        let owned: Box<[u8]> = s.into();
        self.levels.push(owned.clone());
        self.map.insert(owned, c);
        c
    }
}

enum Builder {
    Numeric(Vec<f64>),
    Categorical {
        codes: Vec<u32>,
        interner: ByteInterner,
    },
}

struct ColumnState {
    forced: Option<ColumnType>,
    builder: Builder,
    /// The column started numeric and switched to categorical at this row: rows before it
    /// must be re-read as text.
    rebuild: bool,
}

enum Cell<'a> {
    Missing,
    Value(&'a [u8]),
}

fn classify_cell<'a>(raw: &'a [u8], trim: bool, missing: &[&[u8]]) -> Cell<'a> {
    let v = if trim { trim_ascii(raw) } else { raw };
    if missing.contains(&v) {
        Cell::Missing
    } else {
        Cell::Value(v)
    }
}

fn parse_number(b: &[u8]) -> Option<f64> {
    // Reject things Rust parses but people do not mean as numbers in data files.
    let s = std::str::from_utf8(b).ok()?;
    let first = *b.first()?;
    if !(first.is_ascii_digit() || first == b'-' || first == b'+' || first == b'.') {
        // allow "nan"/"inf" only in the forms below
        return match s.to_ascii_lowercase().as_str() {
            "nan" => Some(f64::NAN),
            "inf" | "infinity" => Some(f64::INFINITY),
            _ => None,
        };
    }
    match s.parse::<f64>() {
        Ok(v) => Some(v),
        Err(_) => match s.to_ascii_lowercase().as_str() {
            "-inf" | "-infinity" => Some(f64::NEG_INFINITY),
            "+inf" | "+infinity" => Some(f64::INFINITY),
            _ => None,
        },
    }
}

fn map_csv_error(name: &str, err: csv::Error) -> Error {
    let line = err.position().map(|p| p.line());
    let message = match err.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("expected {expected_len} fields (as in the header), found {len}"),
        csv::ErrorKind::Utf8 { err, .. } => format!("invalid UTF-8: {err}"),
        _ => err.to_string(),
    };
    Error::Parse {
        location: Location {
            path: name.to_owned(),
            line,
            column: None,
        },
        message,
    }
}

impl Table {
    /// Loads a CSV file with a header line. Gzip-compressed files are decompressed
    /// transparently.
    ///
    /// # Errors
    /// [`Error::Io`] when the file cannot be read, [`Error::Parse`] naming the file, line
    /// and column for malformed rows, numbers that are required but unparsable, and
    /// infinite values.
    pub fn from_csv_path(path: impl AsRef<Path>, options: &CsvOptions) -> Result<Table> {
        let path = path.as_ref();
        let bytes = read_file_bytes(path)?;
        Table::from_csv_bytes(&bytes, &path.display().to_string(), options)
    }

    /// Parses CSV text held in memory; `name` is used in error messages.
    ///
    /// # Errors
    /// As [`Table::from_csv_path`].
    pub fn from_csv_bytes(bytes: &[u8], name: &str, options: &CsvOptions) -> Result<Table> {
        let bytes = strip_bom(bytes);
        let delimiter = options.delimiter.unwrap_or_else(|| detect_delimiter(bytes));
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(true)
            .flexible(false)
            .from_reader(bytes);
        let header = reader
            .byte_headers()
            .map_err(|e| map_csv_error(name, e))?
            .clone();
        if header.is_empty() || (header.len() == 1 && header[0].is_empty()) {
            return Err(Error::Parse {
                location: Location {
                    path: name.to_owned(),
                    line: Some(1),
                    column: None,
                },
                message: "no header line".into(),
            });
        }
        let mut names = Vec::with_capacity(header.len());
        for (i, h) in header.iter().enumerate() {
            let h = String::from_utf8_lossy(trim_ascii(h)).into_owned();
            if h.is_empty() {
                return Err(Error::Parse {
                    location: Location {
                        path: name.to_owned(),
                        line: Some(1),
                        column: Some(format!("#{}", i + 1)),
                    },
                    message: "empty column name in header".into(),
                });
            }
            if names.contains(&h) {
                return Err(Error::Parse {
                    location: Location {
                        path: name.to_owned(),
                        line: Some(1),
                        column: Some(h.clone()),
                    },
                    message: "duplicate column name in header".into(),
                });
            }
            names.push(h);
        }
        for forced in options.types.keys() {
            if !names.contains(forced) {
                return Err(Error::UnknownColumn {
                    name: forced.clone(),
                    available: names.clone(),
                });
            }
        }
        let missing: Vec<&[u8]> = options
            .missing_tokens
            .iter()
            .map(|s| s.as_bytes())
            .collect();
        let trim = options.trim;

        // Upper bound on the number of records (one per line), so columns never regrow.
        let capacity = bytes.iter().filter(|b| **b == b'\n').count() + 1;
        let mut states: Vec<ColumnState> = names
            .iter()
            .map(|n| {
                let forced = options.types.get(n).copied();
                let builder = match forced {
                    Some(ColumnType::Categorical) => Builder::Categorical {
                        codes: Vec::with_capacity(capacity),
                        interner: ByteInterner::default(),
                    },
                    _ => Builder::Numeric(Vec::with_capacity(capacity)),
                };
                ColumnState {
                    forced,
                    builder,
                    rebuild: false,
                }
            })
            .collect();

        let mut record = csv::ByteRecord::new();
        let mut row = 0usize;
        let parse_err = |line: u64, col: &str, message: String| Error::Parse {
            location: Location {
                path: name.to_owned(),
                line: Some(line),
                column: Some(col.to_owned()),
            },
            message,
        };
        loop {
            match reader.read_byte_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => return Err(map_csv_error(name, e)),
            }
            let line = record.position().map_or(0, |p| p.line());
            for (j, (field, state)) in record.iter().zip(states.iter_mut()).enumerate() {
                let cell = classify_cell(field, trim, &missing);
                match &mut state.builder {
                    Builder::Numeric(values) => match cell {
                        Cell::Missing => values.push(f64::NAN),
                        Cell::Value(v) => match parse_number(v) {
                            Some(x) if x.is_infinite() => {
                                return Err(parse_err(
                                    line,
                                    &names[j],
                                    format!(
                                        "infinite value `{}` is not allowed",
                                        String::from_utf8_lossy(v)
                                    ),
                                ));
                            }
                            Some(x) => values.push(x),
                            None => {
                                if state.forced == Some(ColumnType::Numeric) {
                                    return Err(parse_err(
                                        line,
                                        &names[j],
                                        format!(
                                            "expected a number, found `{}`",
                                            String::from_utf8_lossy(v)
                                        ),
                                    ));
                                }
                                // switch to categorical; earlier rows are re-read later
                                let mut interner = ByteInterner::default();
                                let mut codes = vec![CategoricalColumn::MISSING; row];
                                codes.reserve(values.capacity().saturating_sub(row));
                                codes.push(interner.intern(v));
                                state.rebuild = row > 0;
                                state.builder = Builder::Categorical { codes, interner };
                            }
                        },
                    },
                    Builder::Categorical { codes, interner } => match cell {
                        Cell::Missing => codes.push(CategoricalColumn::MISSING),
                        Cell::Value(v) => codes.push(interner.intern(v)),
                    },
                }
            }
            row += 1;
        }

        // Columns that switched type: re-read them from the start so levels keep the
        // order of first appearance and early cells keep their exact text.
        let rebuild: Vec<usize> = states
            .iter()
            .enumerate()
            .filter(|(_, s)| s.rebuild)
            .map(|(j, _)| j)
            .collect();
        if !rebuild.is_empty() {
            let mut reader = csv::ReaderBuilder::new()
                .delimiter(delimiter)
                .has_headers(true)
                .flexible(false)
                .from_reader(bytes);
            let mut fresh: Vec<(Vec<u32>, ByteInterner)> = rebuild
                .iter()
                .map(|_| (Vec::with_capacity(row), ByteInterner::default()))
                .collect();
            while reader
                .read_byte_record(&mut record)
                .map_err(|e| map_csv_error(name, e))?
            {
                for (k, &j) in rebuild.iter().enumerate() {
                    let (codes, interner) = &mut fresh[k];
                    match classify_cell(&record[j], trim, &missing) {
                        Cell::Missing => codes.push(CategoricalColumn::MISSING),
                        Cell::Value(v) => codes.push(interner.intern(v)),
                    }
                }
            }
            for (k, (codes, interner)) in fresh.into_iter().enumerate() {
                states[rebuild[k]].builder = Builder::Categorical { codes, interner };
            }
        }

        let mut columns = Vec::with_capacity(states.len());
        for (state, col_name) in states.into_iter().zip(names.iter()) {
            let column = match state.builder {
                Builder::Numeric(values) => Column::Numeric(NumericColumn::from_parsed(values)),
                Builder::Categorical { codes, interner } => {
                    let mut levels = Vec::with_capacity(interner.levels.len());
                    for l in interner.levels {
                        match String::from_utf8(l.into_vec()) {
                            Ok(s) => levels.push(s),
                            Err(e) => {
                                return Err(Error::Parse {
                                    location: Location {
                                        path: name.to_owned(),
                                        line: None,
                                        column: Some(col_name.clone()),
                                    },
                                    message: format!("invalid UTF-8 in a value: {e}"),
                                });
                            }
                        }
                    }
                    Column::Categorical(CategoricalColumn::from_parts(codes, levels))
                }
            };
            columns.push(column);
        }
        Table::from_parts(names, columns, row)
    }

    /// Writes the table as CSV with a header line; missing cells are written empty.
    ///
    /// # Errors
    /// [`Error::Io`] when writing fails.
    pub fn write_csv<W: std::io::Write>(&self, writer: W) -> Result<()> {
        let mut w = csv::Writer::from_writer(writer);
        let io = |e: csv::Error| Error::io("<csv output>", std::io::Error::other(e.to_string()));
        w.write_record(self.column_names()).map_err(io)?;
        let mut rec: Vec<String> = Vec::with_capacity(self.n_columns());
        for r in 0..self.n_rows() {
            rec.clear();
            for c in self.columns() {
                rec.push(c.get_text(r).unwrap_or_default());
            }
            w.write_record(&rec).map_err(io)?;
        }
        w.flush().map_err(|e| Error::io("<csv output>", e))?;
        Ok(())
    }
}
