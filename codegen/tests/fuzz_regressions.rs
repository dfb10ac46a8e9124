//! Every failure the fuzzer (`cloudusage-fuzz`, see README.md) found, replayed on each
//! `cargo test`: each directory of `fixtures/fuzz/` is a minimised specs directory (its
//! `case.txt` says how it was found and what went wrong). Loading it must neither panic nor
//! take long; a rejected one must say why in located diagnostics, and an accepted one must
//! generate, and compile with `-D warnings` (all of them in one `cargo check`; the findings
//! include generated code that did not compile). `expect.txt`, when present, pins the outcome: `accepted`, or `rejected: <line>:<col>
//! <key path> | <message part>` for the diagnostic its fix added.

mod support;

use support::{cargo_check, workspace};

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use cloudusage_codegen::emit::EmitOptions;
use cloudusage_codegen::generate::{render_crate_sources, render_single_file};
use cloudusage_codegen::load::{load_dir, LoadError};

/// Generous next to the fuzzer's 1 s in release: tests build the generator with opt-level 2
/// but its dependencies (the YAML parser) with 1, and run beside other tests.
const TIME_LIMIT: Duration = Duration::from_secs(5);

fn fixtures() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// Replays one fixture; returns the generated single file when it is accepted.
fn replay(fixture: &Path) -> Result<Option<String>, String> {
    let start = Instant::now();
    let loaded = std::panic::catch_unwind(|| load_dir(&fixture.join("specs")))
        .map_err(|_| "the loader panicked".to_string())?;
    let expect = std::fs::read_to_string(fixture.join("expect.txt")).unwrap_or_default();
    let expect = expect.trim();
    let mut code = None;
    match loaded {
        Ok(loaded) => {
            let generated = std::panic::catch_unwind(|| {
                let single = render_single_file(&loaded.catalog, &EmitOptions::default())?;
                let options = EmitOptions {
                    features: true,
                    ..EmitOptions::default()
                };
                render_crate_sources(&loaded.catalog, &options)?;
                Ok::<_, cloudusage_codegen::generate::GenerateError>(single)
            })
            .map_err(|_| "the generator panicked".to_string())?;
            code = Some(generated.map_err(|e| format!("accepted, then generation failed: {e}"))?);
            if expect.starts_with("rejected") {
                return Err(format!("accepted, but expected {expect}"));
            }
        }
        Err(LoadError::Invalid(diagnostics)) => {
            if diagnostics.is_empty() {
                return Err("rejected without a diagnostic".to_string());
            }
            if expect == "accepted" {
                return Err(format!(
                    "rejected, but expected to be accepted:\n{diagnostics}"
                ));
            }
            if let Some(wanted) = expect.strip_prefix("rejected: ") {
                let (head, message) = wanted.split_once(" | ").unwrap_or((wanted, ""));
                let (pos, path) = head.split_once(' ').unwrap_or((head, ""));
                let found = diagnostics.items.iter().any(|d| {
                    format!("{}:{}", d.pos.line, d.pos.column) == pos
                        && d.path == path
                        && d.message.contains(message)
                });
                if !found {
                    return Err(format!("no diagnostic `{wanted}` in:\n{diagnostics}"));
                }
            }
        }
        Err(other) => return Err(format!("cannot load: {other}")),
    }
    let elapsed = start.elapsed();
    if elapsed > TIME_LIMIT {
        return Err(format!("took {elapsed:?}"));
    }
    Ok(code)
}

/// `cargo check`s the generated files as modules of one crate (flags and lock file as in
/// `name_safety.rs`, so the runtime built for one serves the other).
fn compile(accepted: &[(String, String)]) -> Result<(), String> {
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let crate_dir = tmp.path().join("fuzz_fixtures");
    std::fs::create_dir_all(crate_dir.join("src")).map_err(|e| e.to_string())?;
    let runtime = workspace()
        .join("runtime")
        .canonicalize()
        .map_err(|e| e.to_string())?;
    let manifest = format!(
        "[package]\nname = \"fuzz_fixtures\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n[dependencies]\ncloudusage-runtime = {{ path = {:?} }}\n\n[workspace]\n",
        runtime.display().to_string()
    );
    let mut lib = String::new();
    for (i, (name, code)) in accepted.iter().enumerate() {
        lib.push_str(&format!("/// {name}\npub mod f{i};\n"));
        std::fs::write(crate_dir.join(format!("src/f{i}.rs")), code).map_err(|e| e.to_string())?;
    }
    std::fs::write(crate_dir.join("src/lib.rs"), lib).map_err(|e| e.to_string())?;
    std::fs::write(crate_dir.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    std::fs::copy(workspace().join("Cargo.lock"), crate_dir.join("Cargo.lock"))
        .map_err(|e| e.to_string())?;
    let output = cargo_check(&crate_dir.join("Cargo.toml"), false).map_err(|e| e.to_string())?;
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

#[test]
fn every_fuzz_finding_stays_fixed() {
    let fixtures = fixtures();
    assert!(!fixtures.is_empty());
    let mut failures = Vec::new();
    let mut accepted = Vec::new();
    for f in &fixtures {
        let name = f
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        match replay(f) {
            Ok(Some(code)) => accepted.push((name, code)),
            Ok(None) => {}
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    if let Err(e) = compile(&accepted) {
        panic!("the accepted fixtures' generated code does not compile:\n{e}");
    }
}
