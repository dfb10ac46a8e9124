//! No input makes the loader panic: thousands of truncated and mutated copies of the real
//! spec files, each loaded in full.

use std::path::PathBuf;

use cloudusage_codegen::load::{load_sources, SourceFile};

fn real_files() -> Vec<SourceFile> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let mut out = Vec::new();
    for provider in std::fs::read_dir(&root)
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir())
    {
        for entry in walk(&provider.path()) {
            let text = std::fs::read_to_string(&entry).unwrap();
            out.push(SourceFile {
                path: entry.strip_prefix(&root).unwrap().to_path_buf(),
                text,
            });
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

fn walk(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else if p.extension().is_some_and(|e| e == "yaml") {
            out.push(p);
        }
    }
    out
}

/// A small deterministic generator, so a failure is reproducible from its case number.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const TOKENS: &[&str] = &[
    "",
    " ",
    "\n",
    ":",
    "- ",
    "{",
    "}",
    "[",
    "]",
    "\"",
    "'",
    "&a",
    "*a",
    "!!binary",
    "~",
    "null",
    "-1",
    "99999999999999999999999",
    "1e400",
    "type: list",
    "max: 0s",
    "equals: X",
    "\t",
    "\u{feff}",
    "直播",
    "%",
];

fn mutate(text: &str, rng: &mut SplitMix) -> String {
    let mut s: Vec<char> = text.chars().collect();
    for _ in 0..1 + rng.below(3) {
        let at = rng.below(s.len() + 1);
        match rng.below(4) {
            0 => s.truncate(at),
            1 => {
                let end = (at + rng.below(20)).min(s.len());
                s.drain(at..end);
            }
            2 => {
                let t = TOKENS[rng.below(TOKENS.len())];
                s.splice(at..at, t.chars());
            }
            _ => {
                // Swap two lines.
                let text: String = s.iter().collect();
                let mut lines: Vec<&str> = text.lines().collect();
                if lines.len() > 1 {
                    let (a, b) = (rng.below(lines.len()), rng.below(lines.len()));
                    lines.swap(a, b);
                }
                s = lines.join("\n").chars().collect();
            }
        }
    }
    s.into_iter().collect()
}

#[test]
fn the_loader_never_panics_on_mutated_specs() {
    let files = real_files();
    assert!(files.len() >= 11);
    let mut rng = SplitMix(0x5eed);
    let mut rejected = 0;
    const CASES: usize = 6000;
    for case in 0..CASES {
        let mut set = files.clone();
        let victim = rng.below(set.len());
        set[victim].text = mutate(&set[victim].text, &mut rng);
        let result = std::panic::catch_unwind(|| load_sources(&set));
        match result {
            Ok(Err(diagnostics)) => {
                rejected += 1;
                assert!(
                    !diagnostics.is_empty(),
                    "case {case}: an error without diagnostics"
                );
            }
            Ok(Ok(_)) => {}
            Err(_) => panic!(
                "case {case}: the loader panicked on {:?}:\n{}",
                set[victim].path, set[victim].text
            ),
        }
    }
    // Most mutations break something; the test would be vacuous otherwise.
    assert!(
        rejected > CASES / 2,
        "only {rejected} of {CASES} mutations were rejected"
    );
}

#[test]
fn the_loader_never_panics_on_any_truncation() {
    let files = real_files();
    let mut rejected = 0;
    for (i, file) in files.iter().enumerate() {
        for cut in (0..file.text.len())
            .filter(|c| file.text.is_char_boundary(*c))
            .step_by(7)
        {
            let mut set = files.clone();
            set[i].text = file.text[..cut].to_string();
            // A rejected set always says why, and about a file that is in it.
            if let Err(diagnostics) = load_sources(&set) {
                rejected += 1;
                assert!(
                    !diagnostics.items.is_empty(),
                    "{}: cut at {cut}",
                    file.path.display()
                );
                for d in &diagnostics.items {
                    assert!(set.iter().any(|f| f.path == d.file), "{d}");
                }
            }
        }
    }
    // The empty file alone is rejected for every file: most cuts must be.
    assert!(
        rejected >= files.len(),
        "only {rejected} truncations were rejected"
    );
}
