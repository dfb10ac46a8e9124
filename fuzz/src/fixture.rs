//! Writing a failing case out as a regression fixture: a specs directory under
//! `codegen/tests/fixtures/fuzz/<kind>-<hash>/`, which `codegen/tests/fuzz_regressions.rs`
//! loads and generates on every `cargo test`, plus `case.txt` saying where it came from.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use crate::corpus::SpecSet;
use crate::oracle::Failure;

/// A stable short name for a set's content.
pub fn hash(set: &SpecSet) -> String {
    let mut h = DefaultHasher::new();
    set.hash(&mut h);
    format!("{:08x}", h.finish() as u32)
}

/// Writes `set` under `dir` and returns the fixture's directory. `about` goes to `case.txt`.
pub fn write(dir: &Path, failure: Failure, set: &SpecSet, about: &str) -> std::io::Result<PathBuf> {
    let root = dir.join(format!("{}-{}", failure.name(), hash(set)));
    for file in &set.files {
        // Paths stay inside the fixture: a mutated path never has `..` (they come from the
        // corpus and a fixed list), but a fixture writer should not trust that.
        let relative: PathBuf = file
            .path
            .components()
            .filter(|c| matches!(c, std::path::Component::Normal(_)))
            .collect();
        let path = root.join("specs").join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, &file.bytes)?;
    }
    std::fs::create_dir_all(&root)?;
    std::fs::write(root.join("case.txt"), format!("{about}\n"))?;
    Ok(root)
}
