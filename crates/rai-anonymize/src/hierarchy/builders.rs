//! Built-in hierarchy builders: flat (`value -> *`), fixed-width numeric intervals,
//! quantile intervals, dates (day -> month -> year), string masking and top/bottom
//! coding. Each takes the column's values (duplicates allowed; the hierarchy lists each
//! distinct value once, in first-seen order) and returns a validated [`Hierarchy`].

use std::collections::HashSet;

use rai_core::table::format_number;
use rai_core::{Error, Result};

use super::Hierarchy;

/// The suppressed label used as the top of every built hierarchy.
pub const STAR: &str = "*";

fn distinct<S: AsRef<str>>(values: &[S]) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for v in values {
        let v = v.as_ref();
        if seen.insert(v) {
            out.push(v.to_string());
        }
    }
    out
}

fn parse_numbers(values: &[String], what: &str) -> Result<Vec<f64>> {
    values
        .iter()
        .map(|v| {
            v.trim()
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .ok_or_else(|| {
                    Error::invalid_parameter(what, format!("`{v}`"), "a finite number in every row")
                })
        })
        .collect()
}

/// Adds `*` on top; with `dedupe`, drops levels whose labels partition the values exactly
/// like the previous level (or like `*`), so each level really generalises.
fn build(values: Vec<String>, mut levels: Vec<Vec<String>>, dedupe: bool) -> Result<Hierarchy> {
    let mut kept: Vec<Vec<String>> = Vec::new();
    for level in levels.drain(..) {
        let n_prev = kept.last().map_or(values.len(), |l: &Vec<String>| {
            l.iter().collect::<HashSet<_>>().len()
        });
        let n_here = level.iter().collect::<HashSet<_>>().len();
        if !dedupe || n_here < n_prev && n_here > 1 {
            kept.push(level);
        }
    }
    let rows = values
        .iter()
        .enumerate()
        .map(|(r, v)| {
            let mut row = vec![v.clone()];
            row.extend(kept.iter().map(|l| l[r].clone()));
            row.push(STAR.to_string());
            row
        })
        .collect();
    Hierarchy::from_rows(rows)
}

/// Flat hierarchy: each value generalises directly to `*` (the default for a categorical
/// quasi-identifier).
///
/// # Errors
/// [`Error::Empty`] for no values.
pub fn flat_hierarchy<S: AsRef<str>>(values: &[S]) -> Result<Hierarchy> {
    build(distinct(values), Vec::new(), false)
}

fn interval_label(lo: f64, hi: f64) -> String {
    format!("[{}-{})", format_number(lo), format_number(hi))
}

/// Fixed-width numeric intervals: level `i` (1-based) puts `x` into
/// `[floor(x / w_i) * w_i - that + w_i)`, labelled like `[20-30)`; then `*`.
///
/// # Examples
/// ```
/// use rai_anonymize::hierarchy::interval_hierarchy;
/// let h = interval_hierarchy(&["23", "37", "41"], &[10.0, 20.0])?;
/// assert_eq!(h.generalise("23", 1), Some("[20-30)"));
/// assert_eq!(h.generalise("37", 2), Some("[20-40)"));
/// assert_eq!(h.generalise("41", 3), Some("*"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`Error::InvalidParameter`] when a value is not a number, a width is not positive, or
/// a width is not a whole multiple of the previous one (levels must nest).
pub fn interval_hierarchy<S: AsRef<str>>(values: &[S], widths: &[f64]) -> Result<Hierarchy> {
    let vals = distinct(values);
    let nums = parse_numbers(&vals, "interval hierarchy value")?;
    let mut prev: Option<f64> = None;
    for &w in widths {
        if !(w.is_finite() && w > 0.0) {
            return Err(Error::invalid_parameter(
                "interval width",
                w,
                "a positive finite number",
            ));
        }
        if let Some(p) = prev {
            let ratio = w / p;
            if ratio < 1.0 + 1e-12 || (ratio - ratio.round()).abs() > 1e-9 {
                return Err(Error::invalid_parameter(
                    "interval width",
                    w,
                    format!("a whole multiple (> 1) of the previous width {p}, so levels nest"),
                ));
            }
        }
        prev = Some(w);
    }
    let levels = widths
        .iter()
        .map(|&w| {
            nums.iter()
                .map(|&x| {
                    let lo = (x / w).floor() * w;
                    interval_label(lo, lo + w)
                })
                .collect()
        })
        .collect();
    build(vals, levels, false)
}

/// Quantile-based numeric intervals (the default for a numeric quasi-identifier):
/// boundaries at the 1/16, 2/16, ... quantiles of `values` (with duplicates, so frequent
/// values weigh more), then levels of 16, 8, 4 and 2 intervals, each merging pairs of the
/// previous, then `*`. Labels are `[lo-hi)`, the last interval `[lo-max]`.
///
/// # Errors
/// [`Error::InvalidParameter`] when a value is not a number; [`Error::Empty`] for none.
pub fn quantile_hierarchy<S: AsRef<str>>(values: &[S]) -> Result<Hierarchy> {
    let all: Vec<String> = values.iter().map(|v| v.as_ref().to_string()).collect();
    let mut nums = parse_numbers(&all, "quantile hierarchy value")?;
    if nums.is_empty() {
        return Err(Error::Empty {
            what: "values for a quantile hierarchy".into(),
        });
    }
    nums.sort_by(f64::total_cmp);
    let n = nums.len();
    let max = nums[n - 1];
    let vals = distinct(values);
    let xs = parse_numbers(&vals, "quantile hierarchy value")?;
    let mut levels = Vec::new();
    for bins in [16usize, 8, 4, 2] {
        let mut cuts: Vec<f64> = (0..bins).map(|j| nums[j * n / bins]).collect();
        cuts.dedup();
        let labels = xs
            .iter()
            .map(|&x| {
                let i = cuts.partition_point(|&c| c <= x).saturating_sub(1);
                if i + 1 < cuts.len() {
                    interval_label(cuts[i], cuts[i + 1])
                } else {
                    format!("[{}-{}]", format_number(cuts[i]), format_number(max))
                }
            })
            .collect();
        levels.push(labels);
    }
    build(vals, levels, true)
}

/// Dates `YYYY-MM-DD`: day -> month (`YYYY-MM`) -> year (`YYYY`) -> `*`.
///
/// # Errors
/// [`Error::InvalidParameter`] for a value not of the form `YYYY-MM-DD`.
pub fn date_hierarchy<S: AsRef<str>>(values: &[S]) -> Result<Hierarchy> {
    let vals = distinct(values);
    let mut months = Vec::with_capacity(vals.len());
    let mut years = Vec::with_capacity(vals.len());
    for v in &vals {
        let b = v.as_bytes();
        let ok = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        let month_ok = ok
            && matches!(
                &v[5..7],
                "01" | "02" | "03" | "04" | "05" | "06" | "07" | "08" | "09" | "10" | "11" | "12"
            );
        if !month_ok {
            return Err(Error::invalid_parameter(
                "date hierarchy value",
                format!("`{v}`"),
                "a date YYYY-MM-DD",
            ));
        }
        months.push(v[..7].to_string());
        years.push(v[..4].to_string());
    }
    let rows = vals
        .iter()
        .zip(months.into_iter().zip(years))
        .map(|(v, (m, y))| vec![v.clone(), m, y, STAR.to_string()])
        .collect();
    Hierarchy::from_rows(rows)
}

/// String masking (e.g. postcodes): level `i` replaces the last `i * chars_per_level`
/// characters by `*` (at most the whole value); the top level is `*`.
///
/// # Examples
/// ```
/// use rai_anonymize::hierarchy::masking_hierarchy;
/// let h = masking_hierarchy(&["81667", "81675"], 2)?;
/// assert_eq!(h.generalise("81667", 1), Some("816**"));
/// assert_eq!(h.generalise("81675", 2), Some("8****"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`Error::InvalidParameter`] when `chars_per_level` is 0.
pub fn masking_hierarchy<S: AsRef<str>>(values: &[S], chars_per_level: usize) -> Result<Hierarchy> {
    if chars_per_level == 0 {
        return Err(Error::invalid_parameter(
            "chars_per_level",
            0,
            "at least 1 character per level",
        ));
    }
    let vals = distinct(values);
    let max_len = vals.iter().map(|v| v.chars().count()).max().unwrap_or(0);
    let n_mask_levels = max_len.div_ceil(chars_per_level).saturating_sub(1);
    let levels = (1..=n_mask_levels)
        .map(|i| {
            vals.iter()
                .map(|v| {
                    let chars: Vec<char> = v.chars().collect();
                    let m = (i * chars_per_level).min(chars.len());
                    let keep = chars.len() - m;
                    let mut s: String = chars[..keep].iter().collect();
                    s.extend(std::iter::repeat_n('*', m));
                    s
                })
                .collect()
        })
        .collect();
    build(vals, levels, false)
}

/// Top/bottom coding: level 1 replaces values below `bottom` by `<bottom` and values
/// above `top` by `>top`, keeping the others; level 2 is `*`.
///
/// # Errors
/// [`Error::InvalidParameter`] when a value is not a number or `bottom > top`.
pub fn top_bottom_coding_hierarchy<S: AsRef<str>>(
    values: &[S],
    bottom: Option<f64>,
    top: Option<f64>,
) -> Result<Hierarchy> {
    if let (Some(b), Some(t)) = (bottom, top) {
        if b > t {
            return Err(Error::invalid_parameter(
                "bottom",
                b,
                format!("at most top = {t}"),
            ));
        }
    }
    let vals = distinct(values);
    let nums = parse_numbers(&vals, "top/bottom coding value")?;
    let level = vals
        .iter()
        .zip(&nums)
        .map(|(v, &x)| match (bottom, top) {
            (Some(b), _) if x < b => format!("<{}", format_number(b)),
            (_, Some(t)) if x > t => format!(">{}", format_number(t)),
            _ => v.clone(),
        })
        .collect();
    let rows: Vec<Vec<String>> = vals
        .iter()
        .zip::<Vec<String>>(level)
        .map(|(v, l)| vec![v.clone(), l, STAR.to_string()])
        .collect();
    Hierarchy::from_rows(rows)
}

/// The default hierarchy of a quasi-identifier without a user-supplied one: quantile
/// intervals ([`quantile_hierarchy`]) when every value is a number, else the flat
/// `value -> *` hierarchy ([`flat_hierarchy`]).
///
/// # Errors
/// [`Error::Empty`] for no values.
pub fn default_hierarchy<S: AsRef<str>>(values: &[S]) -> Result<Hierarchy> {
    if values.is_empty() {
        return Err(Error::Empty {
            what: "values for a default hierarchy".into(),
        });
    }
    let numeric = values
        .iter()
        .all(|v| v.as_ref().trim().parse::<f64>().is_ok_and(f64::is_finite));
    if numeric {
        quantile_hierarchy(values)
    } else {
        flat_hierarchy(values)
    }
}
