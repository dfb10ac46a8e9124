//! Generator time (`cargo bench -p cloudusage-codegen`): what a `build.rs` user pays, for the
//! five seed APIs and for a catalog of hundreds. A plain timing loop: the numbers go in the
//! project notes, never into test assertions.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use cloudusage_codegen::emit::EmitOptions;
use cloudusage_codegen::generate::render_crate_sources;
use cloudusage_codegen::load::{load_sources, SourceFile};

/// Every file of the specs directory, with paths relative to it.
fn read_specs(root: &Path) -> Vec<SourceFile> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<SourceFile>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .expect("specs directory")
            .map(|e| e.expect("directory entry").path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(root, &path, out);
            } else if path.extension().is_some_and(|e| e == "yaml") {
                out.push(SourceFile {
                    path: path.strip_prefix(root).expect("inside root").to_path_buf(),
                    text: std::fs::read_to_string(&path).expect("spec text"),
                });
            }
        }
    }
    let mut out = Vec::new();
    walk(root, root, &mut out);
    out
}

/// The seed specs with every API copied `copies` times under new action names.
fn scaled(seed: &[SourceFile], copies: usize) -> Vec<SourceFile> {
    let mut out: Vec<SourceFile> = Vec::new();
    for file in seed {
        let name = file.path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name == "provider.yaml" || name == "service.yaml" {
            out.push(SourceFile {
                path: file.path.clone(),
                text: file.text.clone(),
            });
            continue;
        }
        let action = name.trim_end_matches(".yaml");
        for i in 0..copies {
            let renamed = format!("{action}V{i}");
            let path: PathBuf = file.path.with_file_name(format!("{renamed}.yaml"));
            out.push(SourceFile {
                path,
                text: file
                    .text
                    .replace(&format!("action: {action}"), &format!("action: {renamed}")),
            });
        }
    }
    out
}

fn time<T>(label: &str, runs: u32, mut f: impl FnMut() -> T) {
    let started = Instant::now();
    for _ in 0..runs {
        black_box(f());
    }
    let per_run: Duration = started.elapsed() / runs;
    println!("{label:<44} {:>10.2} ms", per_run.as_secs_f64() * 1e3);
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let seed = read_specs(&root);
    let options = EmitOptions {
        features: true,
        ..EmitOptions::default()
    };
    for (copies, runs) in [(1, 20), (100, 2)] {
        let files = scaled(&seed, copies);
        let catalog = load_sources(&files).expect("the specs load");
        let label = format!("{} APIs", catalog.api_count());
        time(&format!("load + check, {label}"), runs, || {
            load_sources(&files)
        });
        time(&format!("emit tokens, {label}"), runs, || {
            cloudusage_codegen::emit::emit_catalog(&catalog, &options)
        });
        time(&format!("emit + format, {label}"), runs, || {
            render_crate_sources(&catalog, &options)
        });
    }
}
