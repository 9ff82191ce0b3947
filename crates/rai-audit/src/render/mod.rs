//! Renderers for audit reports: HTML (self-contained, inline SVG), Markdown and JSON.

pub mod svg;
