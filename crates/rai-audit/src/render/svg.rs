//! Self-contained SVG charts (no scripts, no external fonts), colour-blind-safe palette
//! (Okabe & Ito 2008).

use std::fmt::Write as _;

/// The Okabe-Ito palette.
pub const PALETTE: [&str; 8] = [
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000",
];

const W: f64 = 640.0;
const H: f64 = 360.0;
const LEFT: f64 = 70.0;
const RIGHT: f64 = 20.0;
const TOP: f64 = 36.0;
const BOTTOM: f64 = 56.0;

/// Escapes text for XML.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// "Nice" tick positions covering `[lo, hi]`.
pub fn nice_ticks(lo: f64, hi: f64, target: usize) -> Vec<f64> {
    let (lo, hi) = if (hi - lo).abs() < 1e-12 {
        (lo - 0.5, hi + 0.5)
    } else {
        (lo, hi)
    };
    let raw = (hi - lo) / target.max(2) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let start = (lo / step).floor() * step;
    let mut ticks = Vec::new();
    let mut t = start;
    while t <= hi + step * 1e-9 && ticks.len() < 50 {
        if t >= lo - step * 1e-9 {
            ticks.push(if t.abs() < step * 1e-9 { 0.0 } else { t });
        }
        t += step;
    }
    ticks
}

fn fmt_tick(v: f64) -> String {
    if v == 0.0 {
        "0".into()
    } else if v.abs() >= 1e4 || v.abs() < 1e-3 {
        format!("{v:.1e}")
    } else {
        let s = format!("{v:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

struct Frame {
    x0: f64,
    x1: f64,
    y0: f64,
    y1: f64,
}

impl Frame {
    fn new(xs: impl Iterator<Item = f64> + Clone, ys: impl Iterator<Item = f64> + Clone) -> Frame {
        let finite = |it: &mut dyn Iterator<Item = f64>| {
            it.filter(|v| v.is_finite())
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
                    (a.min(v), b.max(v))
                })
        };
        let (mut x0, mut x1) = finite(&mut xs.clone());
        let (mut y0, mut y1) = finite(&mut ys.clone());
        if !x0.is_finite() {
            (x0, x1) = (0.0, 1.0);
        }
        if !y0.is_finite() {
            (y0, y1) = (0.0, 1.0);
        }
        if (x1 - x0).abs() < 1e-12 {
            x0 -= 0.5;
            x1 += 0.5;
        }
        if (y1 - y0).abs() < 1e-12 {
            y0 -= 0.5;
            y1 += 0.5;
        }
        let py = (y1 - y0) * 0.05;
        Frame {
            x0,
            x1,
            y0: y0 - py,
            y1: y1 + py,
        }
    }
    fn sx(&self, x: f64) -> f64 {
        LEFT + (x - self.x0) / (self.x1 - self.x0) * (W - LEFT - RIGHT)
    }
    fn sy(&self, y: f64) -> f64 {
        H - BOTTOM - (y - self.y0) / (self.y1 - self.y0) * (H - TOP - BOTTOM)
    }
}

fn open(svg: &mut String, title: &str) {
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="{W}" height="{H}" role="img" aria-label="{t}" font-family="sans-serif" font-size="12"><title>{t}</title><rect width="{W}" height="{H}" fill="white"/><text x="{cx}" y="20" text-anchor="middle" font-size="14" font-weight="bold">{t}</text>"#,
        t = esc(title),
        cx = W / 2.0
    );
}

fn axes(svg: &mut String, f: &Frame, x_label: &str, y_label: &str, x_ticks: bool) {
    let (l, r, t, b) = (LEFT, W - RIGHT, TOP, H - BOTTOM);
    let _ = write!(
        svg,
        r##"<g stroke="#444" stroke-width="1"><line x1="{l}" y1="{b}" x2="{r}" y2="{b}"/><line x1="{l}" y1="{t}" x2="{l}" y2="{b}"/></g>"##
    );
    for y in nice_ticks(f.y0, f.y1, 5) {
        let py = f.sy(y);
        let _ = write!(
            svg,
            r##"<line x1="{l}" y1="{py:.1}" x2="{r}" y2="{py:.1}" stroke="#ddd"/><text x="{tx}" y="{ty:.1}" text-anchor="end">{v}</text>"##,
            tx = l - 6.0,
            ty = py + 4.0,
            v = fmt_tick(y)
        );
    }
    if x_ticks {
        for x in nice_ticks(f.x0, f.x1, 6) {
            let px = f.sx(x);
            let _ = write!(
                svg,
                r##"<line x1="{px:.1}" y1="{b}" x2="{px:.1}" y2="{b2}" stroke="#444"/><text x="{px:.1}" y="{ty}" text-anchor="middle">{v}</text>"##,
                b2 = b + 4.0,
                ty = b + 18.0,
                v = fmt_tick(x)
            );
        }
    }
    let _ = write!(
        svg,
        r#"<text x="{cx}" y="{by}" text-anchor="middle">{xl}</text><text transform="translate(16,{cy}) rotate(-90)" text-anchor="middle">{yl}</text>"#,
        cx = (l + r) / 2.0,
        by = H - 12.0,
        xl = esc(x_label),
        cy = (t + b) / 2.0,
        yl = esc(y_label)
    );
}

/// A named series of points.
pub struct Series<'a> {
    /// Legend name.
    pub name: &'a str,
    /// Points (x, y); non-finite points are skipped.
    pub points: Vec<(f64, f64)>,
}

/// A line chart with markers and a legend.
pub fn line_chart(title: &str, x_label: &str, y_label: &str, series: &[Series<'_>]) -> String {
    let f = Frame::new(
        series.iter().flat_map(|s| s.points.iter().map(|p| p.0)),
        series.iter().flat_map(|s| s.points.iter().map(|p| p.1)),
    );
    let mut svg = String::new();
    open(&mut svg, title);
    axes(&mut svg, &f, x_label, y_label, true);
    for (i, s) in series.iter().enumerate() {
        let color = PALETTE[i % PALETTE.len()];
        let pts: Vec<String> = s
            .points
            .iter()
            .filter(|p| p.0.is_finite() && p.1.is_finite())
            .map(|p| format!("{:.1},{:.1}", f.sx(p.0), f.sy(p.1)))
            .collect();
        let _ = write!(
            svg,
            r#"<polyline fill="none" stroke="{color}" stroke-width="2" points="{}"/>"#,
            pts.join(" ")
        );
        for p in s
            .points
            .iter()
            .filter(|p| p.0.is_finite() && p.1.is_finite())
        {
            let _ = write!(
                svg,
                r#"<circle cx="{:.1}" cy="{:.1}" r="3" fill="{color}"/>"#,
                f.sx(p.0),
                f.sy(p.1)
            );
        }
        let ly = TOP + 4.0 + 16.0 * i as f64;
        let _ = write!(
            svg,
            r#"<rect x="{lx}" y="{ly}" width="10" height="10" fill="{color}"/><text x="{tx}" y="{ty}">{n}</text>"#,
            lx = W - RIGHT - 150.0,
            tx = W - RIGHT - 135.0,
            ty = ly + 9.0,
            n = esc(s.name)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// One bar of a horizontal bar chart, with an optional interval.
pub struct Bar<'a> {
    /// Label on the left.
    pub label: &'a str,
    /// Bar length.
    pub value: f64,
    /// Optional interval (low, high) drawn as a whisker.
    pub interval: Option<(f64, f64)>,
}

/// A horizontal bar chart (e.g. feature importance or a metric per group), with optional
/// reference line.
pub fn bar_chart(
    title: &str,
    value_label: &str,
    bars: &[Bar<'_>],
    reference: Option<(f64, &str)>,
) -> String {
    let n = bars.len().max(1);
    let h = (TOP + BOTTOM + 22.0 * n as f64).max(160.0);
    let left = 170.0;
    let max = bars
        .iter()
        .flat_map(|b| [b.value, b.interval.map_or(b.value, |i| i.1)])
        .chain(reference.map(|r| r.0))
        .filter(|v| v.is_finite())
        .fold(0.0f64, f64::max)
        .max(1e-12);
    let min = bars
        .iter()
        .map(|b| b.value)
        .filter(|v| v.is_finite())
        .fold(0.0f64, f64::min);
    let sx = |v: f64| left + (v - min) / (max - min) * (W - left - RIGHT - 40.0);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {h}" width="{W}" height="{h}" role="img" aria-label="{t}" font-family="sans-serif" font-size="12"><title>{t}</title><rect width="{W}" height="{h}" fill="white"/><text x="{cx}" y="20" text-anchor="middle" font-size="14" font-weight="bold">{t}</text>"#,
        t = esc(title),
        cx = W / 2.0
    );
    for (i, b) in bars.iter().enumerate() {
        let y = TOP + 22.0 * i as f64;
        let label: String = b.label.chars().take(26).collect();
        let _ = write!(
            svg,
            r#"<text x="{lx}" y="{ty}" text-anchor="end">{l}</text>"#,
            lx = left - 6.0,
            ty = y + 13.0,
            l = esc(&label)
        );
        if b.value.is_finite() {
            let (x0, x1) = (sx(0.0f64.max(min)), sx(b.value));
            let _ = write!(
                svg,
                r#"<rect x="{:.1}" y="{y}" width="{:.1}" height="16" fill="{c}"/><text x="{:.1}" y="{ty}">{v}</text>"#,
                x0.min(x1),
                (x1 - x0).abs(),
                x0.max(x1) + 4.0,
                c = PALETTE[0],
                ty = y + 13.0,
                v = fmt_tick(b.value)
            );
        } else {
            let _ = write!(
                svg,
                r##"<text x="{left}" y="{ty}" fill="#666">undefined</text>"##,
                ty = y + 13.0
            );
        }
        if let Some((lo, hi)) = b.interval.filter(|i| i.0.is_finite() && i.1.is_finite()) {
            let _ = write!(
                svg,
                r##"<line x1="{:.1}" y1="{m}" x2="{:.1}" y2="{m}" stroke="#000" stroke-width="1.5"/>"##,
                sx(lo),
                sx(hi),
                m = y + 8.0
            );
        }
    }
    if let Some((r, name)) = reference {
        let x = sx(r);
        let _ = write!(
            svg,
            r#"<line x1="{x:.1}" y1="{TOP}" x2="{x:.1}" y2="{b}" stroke="{c}" stroke-dasharray="4 3" stroke-width="1.5"/><text x="{x:.1}" y="{ty}" text-anchor="middle" fill="{c}">{n}</text>"#,
            b = h - BOTTOM + 8.0,
            ty = h - BOTTOM + 22.0,
            c = PALETTE[3],
            n = esc(name)
        );
    }
    let _ = write!(
        svg,
        r#"<text x="{cx}" y="{by}" text-anchor="middle">{xl}</text></svg>"#,
        cx = (left + W) / 2.0,
        by = h - 10.0,
        xl = esc(value_label)
    );
    svg
}

/// One feature's row of a beeswarm: SHAP values and the feature values scaled to [0, 1]
/// for colouring (NaN = missing, drawn grey).
pub struct SwarmRow<'a> {
    /// Feature name.
    pub feature: &'a str,
    /// (shap value, scaled feature value) per row.
    pub points: Vec<(f64, f64)>,
}

fn blend(t: f64) -> String {
    // blue (low) to orange (high), both from the Okabe-Ito palette
    let (a, b) = ((0x00, 0x72, 0xB2), (0xE6, 0x9F, 0x00));
    let t = t.clamp(0.0, 1.0);
    let m = |x: i32, y: i32| (f64::from(x) + (f64::from(y) - f64::from(x)) * t).round() as i32;
    format!("#{:02X}{:02X}{:02X}", m(a.0, b.0), m(a.1, b.1), m(a.2, b.2))
}

/// A beeswarm-style SHAP summary: one row per feature, points jittered deterministically.
pub fn beeswarm(title: &str, rows: &[SwarmRow<'_>]) -> String {
    let n = rows.len().max(1);
    let h = TOP + BOTTOM + 40.0 * n as f64;
    let left = 170.0;
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for r in rows {
        for p in &r.points {
            if p.0.is_finite() {
                lo = lo.min(p.0);
                hi = hi.max(p.0);
            }
        }
    }
    if !lo.is_finite() {
        (lo, hi) = (-1.0, 1.0);
    }
    if (hi - lo).abs() < 1e-12 {
        lo -= 0.5;
        hi += 0.5;
    }
    let sx = |v: f64| left + (v - lo) / (hi - lo) * (W - left - RIGHT);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {h}" width="{W}" height="{h}" role="img" aria-label="{t}" font-family="sans-serif" font-size="12"><title>{t}</title><rect width="{W}" height="{h}" fill="white"/><text x="{cx}" y="20" text-anchor="middle" font-size="14" font-weight="bold">{t}</text>"#,
        t = esc(title),
        cx = W / 2.0
    );
    let zero = sx(0.0);
    let _ = write!(
        svg,
        r##"<line x1="{zero:.1}" y1="{TOP}" x2="{zero:.1}" y2="{b}" stroke="#999"/>"##,
        b = h - BOTTOM
    );
    for (i, r) in rows.iter().enumerate() {
        let cy = TOP + 20.0 + 40.0 * i as f64;
        let _ = write!(
            svg,
            r#"<text x="{lx}" y="{ty}" text-anchor="end">{l}</text>"#,
            lx = left - 6.0,
            ty = cy + 4.0,
            l = esc(r.feature)
        );
        for (k, p) in r.points.iter().enumerate() {
            if !p.0.is_finite() {
                continue;
            }
            // deterministic jitter from the index (golden-ratio sequence)
            let j = ((k as f64 * 0.618_033_988_75).fract() - 0.5) * 28.0;
            let color = if p.1.is_nan() {
                "#999999".to_string()
            } else {
                blend(p.1)
            };
            let _ = write!(
                svg,
                r#"<circle cx="{:.1}" cy="{:.1}" r="2" fill="{color}" fill-opacity="0.7"/>"#,
                sx(p.0),
                cy + j
            );
        }
    }
    for x in nice_ticks(lo, hi, 6) {
        let _ = write!(
            svg,
            r#"<text x="{:.1}" y="{ty}" text-anchor="middle">{v}</text>"#,
            sx(x),
            ty = h - BOTTOM + 18.0,
            v = fmt_tick(x)
        );
    }
    let _ = write!(
        svg,
        r#"<text x="{cx}" y="{by}" text-anchor="middle">SHAP value (margin, log-odds); colour: feature value low (blue) to high (orange)</text></svg>"#,
        cx = (left + W) / 2.0,
        by = h - 12.0
    );
    svg
}

/// A scatter plot (e.g. a SHAP dependence plot).
pub fn scatter(title: &str, x_label: &str, y_label: &str, points: &[(f64, f64)]) -> String {
    let f = Frame::new(points.iter().map(|p| p.0), points.iter().map(|p| p.1));
    let mut svg = String::new();
    open(&mut svg, title);
    axes(&mut svg, &f, x_label, y_label, true);
    for p in points.iter().filter(|p| p.0.is_finite() && p.1.is_finite()) {
        let _ = write!(
            svg,
            r#"<circle cx="{:.1}" cy="{:.1}" r="2" fill="{c}" fill-opacity="0.6"/>"#,
            f.sx(p.0),
            f.sy(p.1),
            c = PALETTE[0]
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_cover_range() {
        let t = nice_ticks(0.13, 0.87, 5);
        assert!(t.first().unwrap() >= &0.13 && t.last().unwrap() <= &0.87);
        assert!(t.len() >= 3);
    }

    #[test]
    fn charts_are_escaped_svg() {
        let s = line_chart(
            "a<b",
            "x",
            "y",
            &[Series {
                name: "s&t",
                points: vec![(0.0, 1.0), (1.0, f64::NAN)],
            }],
        );
        assert!(s.starts_with("<svg") && s.ends_with("</svg>"));
        assert!(s.contains("a&lt;b") && s.contains("s&amp;t"));
        let b = bar_chart(
            "t",
            "v",
            &[Bar {
                label: "g",
                value: f64::NAN,
                interval: None,
            }],
            Some((0.8, "4/5")),
        );
        assert!(b.contains("undefined"));
        let w = beeswarm(
            "t",
            &[SwarmRow {
                feature: "age",
                points: vec![(0.1, 0.5), (-0.2, f64::NAN)],
            }],
        );
        assert!(w.contains("#999999"));
    }
}
