#![allow(clippy::items_after_test_module)]
//! Compiling accepted output in batches: each accepted case's generated file becomes a module
//! of one scratch crate that depends on the runtime, checked by one `cargo check` per batch
//! with `#![deny(warnings)]` (generated code must be warning-free). Errors are mapped back to
//! the cases whose modules they are in.
//!
//! Outputs that differ only in documentation or in the text of string literals compile
//! alike, so each is compiled once: [`shape`] is the text without doc comments and with
//! string literals emptied, and only new shapes are queued. A literal holding `{` or `}` is
//! kept (it could be a format string, where spec text would change what compiles), and so
//! is everything else: identifiers, numbers (a literal out of its type's range does not
//! compile), attributes.

use std::collections::hash_map::DefaultHasher;
use std::collections::BTreeSet;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A hash of `code` without its doc comments and with its string literals emptied (see the
/// module docs): outputs with one shape compile alike.
pub fn shape(code: &str) -> u64 {
    let mut h = DefaultHasher::new();
    for line in code.lines() {
        let t = line.trim_start();
        if !(t.starts_with("///") || t.starts_with("//!")) {
            empty_literals(t).hash(&mut h);
        }
    }
    h.finish()
}

/// `line` with the content of each `"..."` literal dropped unless it holds a brace.
fn empty_literals(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    let mut prev = ' ';
    while let Some(c) = chars.next() {
        out.push(c);
        // `'"'` is a char literal, not the start of a string.
        if c != '"' || (prev == '\'' && chars.peek() == Some(&'\'')) {
            prev = c;
            continue;
        }
        let mut content = String::new();
        let mut escaped = false;
        for d in chars.by_ref() {
            if escaped {
                escaped = false;
            } else if d == '\\' {
                escaped = true;
            } else if d == '"' {
                break;
            }
            content.push(d);
        }
        if content.contains(['{', '}']) {
            out.push_str(&content);
        }
        out.push('"');
        prev = '"';
    }
    out
}

/// Why a batch could not be checked at all (not a failure of generated code).
#[derive(Debug, thiserror::Error)]
pub enum CompileError {
    #[error("cannot write the scratch crate at {path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot run cargo: {0}")]
    Cargo(#[source] std::io::Error),
    #[error("cargo check failed without naming a case module:\n{0}")]
    Unattributed(String),
}

/// The scratch crate: where it is and the workspace whose runtime and lock file it uses.
#[derive(Debug, Clone)]
pub struct Scratch {
    pub dir: PathBuf,
    pub workspace: PathBuf,
    /// `CARGO_TARGET_DIR` for the checks (kept between batches so the runtime is built once).
    pub target: PathBuf,
}

fn write(path: &Path, text: &str) -> Result<(), CompileError> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|source| CompileError::Write {
            path: parent.to_path_buf(),
            source,
        })?;
    }
    std::fs::write(path, text).map_err(|source| CompileError::Write {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_without_braces_do_not_count() {
        assert_eq!(shape("f(\"a\\\"b\", 1);"), shape("f(\"xyz\", 1);"));
        assert_ne!(shape("f(\"{}\", 1);"), shape("f(\"x\", 1);"));
        assert_ne!(shape("f(\"a\", 1);"), shape("f(\"a\", 2);"));
        assert_ne!(shape("f(\"a\", x);"), shape("f(\"a\", y);"));
        assert_eq!(shape("/// one\nfn f() {}"), shape("/// two\nfn f() {}"));
    }
}

impl Scratch {
    /// Checks `batch` (case number, generated file) and returns the case numbers whose
    /// modules have errors, with the first error of each.
    pub fn check(&self, batch: &[(u64, String)]) -> Result<Vec<(u64, String)>, CompileError> {
        let src = self.dir.join("src");
        let _ = std::fs::remove_dir_all(&src);
        let runtime = self.workspace.join("runtime");
        write(
            &self.dir.join("Cargo.toml"),
            &format!(
                "[package]\nname = \"fuzz-scratch\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\ncloudusage-runtime = {{ path = {:?} }}\n\n[workspace]\n\n[profile.dev]\ndebug = false\n\n[profile.dev.package.\"*\"]\nopt-level = 1\n",
                runtime.display().to_string()
            ),
        )?;
        // The workspace's lock file: the same dependency versions as every other build, and
        // no registry lookups.
        if let Ok(lock) = std::fs::read_to_string(self.workspace.join("Cargo.lock")) {
            write(&self.dir.join("Cargo.lock"), &lock)?;
        }
        let mut lib =
            String::from("//! Fuzz cases' generated code, one module each.\n#![deny(warnings)]\n");
        for (case, code) in batch {
            lib.push_str(&format!("pub mod c{case};\n"));
            write(&src.join(format!("c{case}.rs")), code)?;
        }
        write(&src.join("lib.rs"), &lib)?;
        let output = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
            .args(["check", "--quiet", "--offline", "--message-format=short"])
            .current_dir(&self.dir)
            .env("CARGO_TARGET_DIR", &self.target)
            .env("CARGO_INCREMENTAL", "0")
            .env_remove("RUSTFLAGS")
            .output()
            .map_err(CompileError::Cargo)?;
        if output.status.success() {
            return Ok(Vec::new());
        }
        let stderr = String::from_utf8_lossy(&output.stderr);
        let mut failed: Vec<(u64, String)> = Vec::new();
        let mut seen = BTreeSet::new();
        for line in stderr.lines() {
            // `src/c123.rs:4:5: error: ...`
            let Some(rest) = line.strip_prefix("src/c") else {
                continue;
            };
            let Some((num, _)) = rest.split_once(".rs:") else {
                continue;
            };
            if let Ok(case) = num.parse::<u64>() {
                if seen.insert(case) {
                    failed.push((case, line.to_string()));
                }
            }
        }
        if failed.is_empty() {
            return Err(CompileError::Unattributed(stderr.into_owned()));
        }
        Ok(failed)
    }
}
