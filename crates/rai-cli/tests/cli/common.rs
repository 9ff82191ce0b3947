//! Shared helpers for the CLI integration tests.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The `rai` binary under test.
pub fn rai() -> Command {
    Command::new(env!("CARGO_BIN_EXE_rai"))
}

/// Runs `rai` with arguments and returns its output.
pub fn run(args: &[&str]) -> Output {
    rai()
        .args(args)
        .output()
        .expect("failed to start the rai binary")
}

/// stdout as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// stderr as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("workspace root")
}

/// The embedded Adult data (gzip CSV), usable as `--data`.
pub fn adult_gz() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/adult.csv.gz")
}

/// `../shared/data/<name>` beside the workspace, if present.
pub fn shared_data(name: &str) -> Option<PathBuf> {
    let p = workspace_root().join("../shared/data").join(name);
    p.exists().then_some(p)
}

/// A fresh temporary folder.
pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("tempdir")
}

/// Writes `text` to `dir/name` and returns the path.
pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write test file");
    p
}
