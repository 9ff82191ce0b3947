//! Developer tasks: `cargo xtask tidy | fixtures | ci`.
//!
//! - `tidy`: every Rust module starts with `//!` docs; no should-panic attributes and no
//!   ignored tests.
//! - `fixtures`: regenerates the reference fixtures by running the pinned Python scripts
//!   in `xtask/fixtures/` inside a virtual environment (`.venv-fixtures`) built from
//!   `xtask/fixtures/requirements.txt`. Needs Python 3.11 and network access to PyPI.
//! - `ci`: what CI runs (`.ci/run` calls the same steps).

#![allow(clippy::print_stdout, clippy::print_stderr)] // reason: a developer tool that reports

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

fn main() -> Result<()> {
    let task = std::env::args().nth(1).unwrap_or_default();
    let root = workspace_root()?;
    match task.as_str() {
        "tidy" => tidy(&root),
        "fixtures" => fixtures(&root, std::env::args().nth(2)),
        "ci" => ci(&root),
        _ => {
            eprintln!("usage: cargo xtask <tidy|fixtures [NAME]|ci>");
            std::process::exit(2);
        }
    }
}

fn workspace_root() -> Result<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    dir.parent()
        .map(Path::to_path_buf)
        .context("xtask has no parent folder")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            if path
                .file_name()
                .is_some_and(|n| n == "target" || n.to_string_lossy().starts_with('.'))
            {
                continue;
            }
            rust_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    Ok(())
}

fn tidy(root: &Path) -> Result<()> {
    let mut files = Vec::new();
    for sub in ["crates", "xtask", "benches"] {
        rust_files(&root.join(sub), &mut files)?;
    }
    let mut problems = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f)?;
        let rel = f.strip_prefix(root).unwrap_or(f).display().to_string();
        let in_src = rel.contains("/src/");
        if in_src && !text.trim_start().starts_with("//!") {
            problems.push(format!("{rel}: module does not start with `//!` docs"));
        }
        if text.contains(&["#[should", "_panic"].concat()) {
            problems.push(format!(
                "{rel}: uses should_panic (assert on an Err instead)"
            ));
        }
        if text.contains(&["#[ig", "nore"].concat()) {
            problems.push(format!("{rel}: uses an ignored test"));
        }
    }
    if problems.is_empty() {
        println!("tidy: {} files checked, no problems", files.len());
        Ok(())
    } else {
        for p in &problems {
            eprintln!("tidy: {p}");
        }
        bail!("tidy found {} problems", problems.len())
    }
}

fn run(cmd: &mut Command) -> Result<()> {
    eprintln!("$ {cmd:?}");
    let status = cmd.status().with_context(|| format!("running {cmd:?}"))?;
    if !status.success() {
        bail!("{cmd:?} failed with {status}");
    }
    Ok(())
}

fn fixtures(root: &Path, only: Option<String>) -> Result<()> {
    let venv = root.join(".venv-fixtures");
    let py = venv.join("bin/python");
    if !py.exists() {
        run(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
    }
    run(Command::new(&py)
        .args(["-m", "pip", "install", "-q", "-r"])
        .arg(root.join("xtask/fixtures/requirements.txt")))?;
    let mut scripts: Vec<PathBuf> = std::fs::read_dir(root.join("xtask/fixtures"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect();
    scripts.sort();
    for s in scripts {
        let stem = s
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if only.as_ref().is_some_and(|o| *o != stem) {
            continue;
        }
        run(Command::new(&py).arg(&s).current_dir(root))?;
    }
    Ok(())
}

fn ci(root: &Path) -> Result<()> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    tidy(root)?;
    run(Command::new(&cargo)
        .args(["fmt", "--all", "--", "--check"])
        .current_dir(root))?;
    run(Command::new(&cargo)
        .args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--all-features",
            "--",
            "-D",
            "warnings",
        ])
        .current_dir(root))?;
    run(Command::new(&cargo)
        .args(["test", "--workspace", "--all-features"])
        .current_dir(root))?;
    run(Command::new(&cargo)
        .args(["doc", "--no-deps", "--workspace", "--all-features"])
        .env("RUSTDOCFLAGS", "-D warnings")
        .current_dir(root))?;
    Ok(())
}
