//! What the codegen integration tests share: the workspace root, and `cargo check` of
//! generated code with warnings denied, in the workspace's target directory so that the
//! runtime and its dependencies are built once for every test.

// Each test binary compiles this module and uses part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The workspace root (the generator's parent directory).
pub fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `cargo check` of the crate (or, with `whole_workspace`, every crate of the workspace)
/// at `manifest`, offline, with `-D warnings`.
pub fn cargo_check(manifest: &Path, whole_workspace: bool) -> std::io::Result<Output> {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("target"));
    let mut cargo = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cargo.args(["check", "--quiet", "--offline"]);
    if whole_workspace {
        cargo.arg("--workspace");
    }
    cargo
        .arg("--manifest-path")
        .arg(manifest)
        .env("CARGO_TARGET_DIR", target)
        .env("RUSTFLAGS", "-D warnings")
        .output()
}
