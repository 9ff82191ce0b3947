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

/// Files at least this large (and without quote characters) are parsed in parallel.
const PARALLEL_MIN_BYTES: usize = 4 << 20;

/// What every region parse needs to know.
struct Region<'a> {
    names: &'a [String],
    forced: &'a [Option<ColumnType>],
    trim: bool,
    missing: &'a [&'a [u8]],
    delimiter: u8,
    name: &'a str,
}

impl Region<'_> {
    fn err(&self, line: u64, column: Option<&str>, message: String) -> Error {
        Error::Parse {
            location: Location {
                path: self.name.to_owned(),
                line: Some(line),
                column: column.map(str::to_owned),
            },
            message,
        }
    }

    fn csv_err(&self, e: csv::Error, line_offset: u64) -> Error {
        match map_csv_error(self.name, e) {
            Error::Parse {
                mut location,
                message,
            } => {
                location.line = location.line.map(|l| l + line_offset);
                Error::Parse { location, message }
            }
            other => other,
        }
    }
}

/// Parses the records of `bytes` (after a header line when `has_headers`) into one
/// builder per column. Lines are numbered from `line_offset + 1`.
fn parse_region(
    bytes: &[u8],
    has_headers: bool,
    line_offset: u64,
    ctx: &Region<'_>,
) -> Result<(Vec<Builder>, usize)> {
    // Upper bound on the number of records (one per line), so columns never regrow.
    let capacity = bytes.iter().filter(|b| **b == b'\n').count() + 1;
    let mut states: Vec<ColumnState> = ctx
        .forced
        .iter()
        .map(|&forced| {
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
    let reader = || {
        csv::ReaderBuilder::new()
            .delimiter(ctx.delimiter)
            .has_headers(has_headers)
            .flexible(true)
            .from_reader(bytes)
    };
    let mut rdr = reader();
    let mut record = csv::ByteRecord::new();
    let mut row = 0usize;
    let width = ctx.names.len();
    loop {
        match rdr.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(ctx.csv_err(e, line_offset)),
        }
        let line = record.position().map_or(0, |p| p.line()) + line_offset;
        if record.len() != width {
            return Err(ctx.err(
                line,
                None,
                format!(
                    "expected {width} fields (as in the header), found {}",
                    record.len()
                ),
            ));
        }
        for (j, (field, state)) in record.iter().zip(states.iter_mut()).enumerate() {
            let cell = classify_cell(field, ctx.trim, ctx.missing);
            match &mut state.builder {
                Builder::Numeric(values) => match cell {
                    Cell::Missing => values.push(f64::NAN),
                    Cell::Value(v) => match parse_number(v) {
                        Some(x) if x.is_infinite() => {
                            return Err(ctx.err(
                                line,
                                Some(&ctx.names[j]),
                                format!(
                                    "infinite value `{}` is not allowed",
                                    String::from_utf8_lossy(v)
                                ),
                            ));
                        }
                        Some(x) => values.push(x),
                        None => {
                            if state.forced == Some(ColumnType::Numeric) {
                                return Err(ctx.err(
                                    line,
                                    Some(&ctx.names[j]),
                                    format!(
                                        "expected a number, found `{}`",
                                        String::from_utf8_lossy(v)
                                    ),
                                ));
                            }
                            // switch to categorical; earlier rows are re-read below
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

    // Columns that switched type: re-read them from the start so levels keep the order
    // of first appearance and early cells keep their exact text.
    let rebuild: Vec<usize> = states
        .iter()
        .enumerate()
        .filter(|(_, s)| s.rebuild)
        .map(|(j, _)| j)
        .collect();
    if !rebuild.is_empty() {
        let mut rdr = reader();
        let mut fresh: Vec<(Vec<u32>, ByteInterner)> = rebuild
            .iter()
            .map(|_| (Vec::with_capacity(row), ByteInterner::default()))
            .collect();
        while rdr
            .read_byte_record(&mut record)
            .map_err(|e| ctx.csv_err(e, line_offset))?
        {
            for (k, &j) in rebuild.iter().enumerate() {
                let (codes, interner) = &mut fresh[k];
                match classify_cell(&record[j], ctx.trim, ctx.missing) {
                    Cell::Missing => codes.push(CategoricalColumn::MISSING),
                    Cell::Value(v) => codes.push(interner.intern(v)),
                }
            }
        }
        for (k, (codes, interner)) in fresh.into_iter().enumerate() {
            states[rebuild[k]].builder = Builder::Categorical { codes, interner };
        }
    }
    Ok((states.into_iter().map(|s| s.builder).collect(), row))
}

/// Splits the data after the header line into chunks at line ends, parses them in
/// parallel, and merges: a column that is text in any chunk is categorical everywhere
/// (numeric chunks of it are re-read as text), levels keep their first-appearance order.
fn parse_parallel(bytes: &[u8], ctx: &Region<'_>, threads: usize) -> Result<(Vec<Builder>, usize)> {
    use rayon::prelude::*;
    let data_start = match bytes.iter().position(|b| *b == b'\n') {
        Some(p) => p + 1,
        None => return parse_region(bytes, true, 0, ctx),
    };
    let data = &bytes[data_start..];
    let n_chunks = (threads * 4).max(2);
    let mut bounds = vec![0usize];
    for i in 1..n_chunks {
        let target = data.len() * i / n_chunks;
        let from = target.max(*bounds.last().unwrap_or(&0));
        let next = data[from..]
            .iter()
            .position(|b| *b == b'\n')
            .map_or(data.len(), |p| from + p + 1);
        if next > *bounds.last().unwrap_or(&0) && next < data.len() {
            bounds.push(next);
        }
    }
    bounds.push(data.len());
    let chunks: Vec<&[u8]> = bounds.windows(2).map(|w| &data[w[0]..w[1]]).collect();
    // line number of each chunk's first line, minus one (the header is line 1)
    let newlines: Vec<u64> = chunks
        .par_iter()
        .map(|c| c.iter().filter(|b| **b == b'\n').count() as u64)
        .collect();
    let mut offsets = Vec::with_capacity(chunks.len());
    let mut acc = 1u64;
    for n in &newlines {
        offsets.push(acc);
        acc += n;
    }
    let parsed: Vec<Result<(Vec<Builder>, usize)>> = chunks
        .par_iter()
        .zip(offsets.par_iter())
        .map(|(c, &off)| parse_region(c, false, off, ctx))
        .collect();
    let mut parts = Vec::with_capacity(parsed.len());
    for p in parsed {
        parts.push(p?);
    }
    // columns that became text anywhere
    let width = ctx.names.len();
    let text: Vec<bool> = (0..width)
        .map(|j| {
            parts
                .iter()
                .any(|(b, _)| matches!(b[j], Builder::Categorical { .. }))
        })
        .collect();
    if text.iter().any(|t| *t) {
        let forced: Vec<Option<ColumnType>> = (0..width)
            .map(|j| {
                if text[j] {
                    Some(ColumnType::Categorical)
                } else {
                    ctx.forced[j]
                }
            })
            .collect();
        let ctx2 = Region {
            forced: &forced,
            ..*ctx
        };
        let redo: Vec<usize> = (0..parts.len())
            .filter(|&i| {
                (0..width).any(|j| text[j] && matches!(parts[i].0[j], Builder::Numeric(_)))
            })
            .collect();
        let again: Vec<Result<(Vec<Builder>, usize)>> = redo
            .par_iter()
            .map(|&i| parse_region(chunks[i], false, offsets[i], &ctx2))
            .collect();
        for (&i, r) in redo.iter().zip(again) {
            parts[i] = r?;
        }
    }
    let rows = parts.iter().map(|(_, r)| *r).sum();
    let mut columns_parts: Vec<Vec<Builder>> = (0..width)
        .map(|_| Vec::with_capacity(parts.len()))
        .collect();
    for (builders, _) in parts {
        for (j, b) in builders.into_iter().enumerate() {
            columns_parts[j].push(b);
        }
    }
    let merged = columns_parts
        .into_iter()
        .map(|pieces| merge_builders(pieces, rows))
        .collect();
    Ok((merged, rows))
}

fn merge_builders(pieces: Vec<Builder>, rows: usize) -> Builder {
    if pieces.iter().all(|p| matches!(p, Builder::Numeric(_))) {
        let mut values = Vec::with_capacity(rows);
        for p in pieces {
            if let Builder::Numeric(v) = p {
                values.extend_from_slice(&v);
            }
        }
        return Builder::Numeric(values);
    }
    let mut interner = ByteInterner::default();
    let mut codes = Vec::with_capacity(rows);
    for p in pieces {
        if let Builder::Categorical {
            codes: local,
            interner: li,
        } = p
        {
            let map: Vec<u32> = li.levels.iter().map(|l| interner.intern(l)).collect();
            codes.extend(local.iter().map(|&c| {
                if c == CategoricalColumn::MISSING {
                    c
                } else {
                    map[c as usize]
                }
            }));
        }
    }
    Builder::Categorical { codes, interner }
}

fn finish_column(builder: Builder, col_name: &str, file: &str) -> Result<Column> {
    Ok(match builder {
        Builder::Numeric(values) => Column::Numeric(NumericColumn::from_parsed(values)),
        Builder::Categorical { codes, interner } => {
            let mut levels = Vec::with_capacity(interner.levels.len());
            for l in interner.levels {
                match String::from_utf8(l.into_vec()) {
                    Ok(s) => levels.push(s),
                    Err(e) => {
                        return Err(Error::Parse {
                            location: Location {
                                path: file.to_owned(),
                                line: None,
                                column: Some(col_name.to_owned()),
                            },
                            message: format!("invalid UTF-8 in a value: {e}"),
                        });
                    }
                }
            }
            Column::Categorical(CategoricalColumn::from_parts(codes, levels))
        }
    })
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
        let forced: Vec<Option<ColumnType>> = names
            .iter()
            .map(|n| options.types.get(n).copied())
            .collect();
        let ctx = Region {
            names: &names,
            forced: &forced,
            trim: options.trim,
            missing: &missing,
            delimiter,
            name,
        };

        // Large files without quoting are split at line ends and parsed in parallel;
        // anything with quotes (which may hide line ends) is parsed in one pass.
        let threads = rayon::current_num_threads();
        let (builders, rows) =
            if bytes.len() >= PARALLEL_MIN_BYTES && threads > 1 && !bytes.contains(&b'"') {
                parse_parallel(bytes, &ctx, threads)?
            } else {
                parse_region(bytes, true, 0, &ctx)?
            };

        let mut columns = Vec::with_capacity(builders.len());
        for (builder, col_name) in builders.into_iter().zip(names.iter()) {
            columns.push(finish_column(builder, col_name, name)?);
        }
        Table::from_parts(names, columns, rows)
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
