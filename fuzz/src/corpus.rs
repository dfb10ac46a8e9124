//! Seed spec sets: the real specs (each API with its provider and service, and the whole
//! catalogue, for the checks across files), the downstream test crate's specs, and every
//! diagnostics fixture (which reach the loader's error paths).

use std::path::{Path, PathBuf};

use cloudusage_codegen::spec::node::{parse, Node};

/// One spec file: its path relative to the specs directory and its bytes (which a mutation
/// may make invalid UTF-8).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct File {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// A specs directory in memory.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SpecSet {
    pub files: Vec<File>,
}

impl SpecSet {
    /// Index of the file a mutation should usually target: the last API file.
    pub fn main_file(&self) -> usize {
        self.files
            .iter()
            .rposition(|f| !f.path.ends_with("provider.yaml") && !f.path.ends_with("service.yaml"))
            .unwrap_or(self.files.len().saturating_sub(1))
    }
}

/// Why the corpus could not be read.
#[derive(Debug, thiserror::Error)]
#[error("cannot read the seed corpus at {path}: {source}")]
pub struct CorpusError {
    path: PathBuf,
    #[source]
    source: std::io::Error,
}

/// The workspace root this crate was built in (the default place to find seeds).
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn read(path: &Path) -> Result<Vec<u8>, CorpusError> {
    std::fs::read(path).map_err(|source| CorpusError {
        path: path.to_path_buf(),
        source,
    })
}

/// Every `.yaml` file under `root`, relative to it, sorted.
fn tree(root: &Path) -> Result<Vec<File>, CorpusError> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<File>) -> Result<(), CorpusError> {
        let entries = std::fs::read_dir(dir).map_err(|source| CorpusError {
            path: dir.to_path_buf(),
            source,
        })?;
        let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            if path.is_dir() {
                walk(root, &path, out)?;
            } else if path.extension().is_some_and(|e| e == "yaml") {
                out.push(File {
                    bytes: read(&path)?,
                    path: path.strip_prefix(root).unwrap_or(&path).to_path_buf(),
                });
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(root, root, &mut out)?;
    Ok(out)
}

/// Each API of a specs tree with its provider and service files, then the whole tree.
fn per_api(files: &[File]) -> Vec<SpecSet> {
    let find = |path: PathBuf| files.iter().find(|f| f.path == path).cloned();
    let mut sets = Vec::new();
    for api in files {
        let parts: Vec<_> = api.path.iter().collect();
        if parts.len() != 3 || api.path.ends_with("service.yaml") {
            continue;
        }
        let provider = find(Path::new(parts[0]).join("provider.yaml"));
        let service = find(Path::new(parts[0]).join(parts[1]).join("service.yaml"));
        if let (Some(p), Some(s)) = (provider, service) {
            sets.push(SpecSet {
                files: vec![p, s, api.clone()],
            });
        }
    }
    sets.push(SpecSet {
        files: files.to_vec(),
    });
    sets
}

const FIXTURE_PROVIDER: &str = "name: P\nsigning: { default: tc3-hmac-sha256 }\nenvelope: tencent\ncredentials: { access_key_id: [A], access_key_secret: [B] }\n";
const FIXTURE_SERVICE: &str = "name: S\nversion: \"2020-01-01\"\nendpoint: s.example.com\n";

/// A diagnostics fixture as the diagnostics test loads it (`# file:` and `# sibling:`
/// header lines, see `codegen/tests/diagnostics.rs`).
fn fixture_set(text: &[u8]) -> SpecSet {
    let text = String::from_utf8_lossy(text);
    let header = |key: &str| -> Vec<String> {
        let prefix = format!("# {key}: ");
        text.lines()
            .take_while(|l| l.starts_with('#'))
            .filter_map(|l| l.strip_prefix(prefix.as_str()).map(str::to_string))
            .collect()
    };
    let action = header("file")
        .into_iter()
        .next()
        .unwrap_or_else(|| "Bad".to_string());
    let file = |path: String, text: String| File {
        path: PathBuf::from(path),
        bytes: text.into_bytes(),
    };
    let mut files = vec![
        file("p/provider.yaml".into(), FIXTURE_PROVIDER.into()),
        file("p/s/service.yaml".into(), FIXTURE_SERVICE.into()),
    ];
    for sibling in header("sibling") {
        files.push(file(
            format!("p/s/{sibling}.yaml"),
            format!("action: {sibling}\ntitle: t\nhttp: {{ method: POST, params_in: body }}\nrequest: []\nresponse: []\n"),
        ));
    }
    files.push(file(format!("p/s/{action}.yaml"), text.into_owned()));
    SpecSet { files }
}

/// The seed sets with each file's tree parsed once (mutating a case parses its victim and its
/// donor, and parsing was most of the time spent making cases).
#[derive(Debug, Clone)]
pub struct Seeds {
    pub sets: Vec<SpecSet>,
    /// `trees[set][file]`: the file's tree, when it parses.
    pub trees: Vec<Vec<Option<Node>>>,
}

impl Seeds {
    pub fn new(sets: Vec<SpecSet>) -> Seeds {
        let trees = sets
            .iter()
            .map(|set| {
                set.files
                    .iter()
                    .map(|f| parse(std::str::from_utf8(&f.bytes).ok()?).ok())
                    .collect()
            })
            .collect();
        Seeds { sets, trees }
    }
}

/// The seed sets found under the workspace `root`.
pub fn load(root: &Path) -> Result<Seeds, CorpusError> {
    seeds(root).map(Seeds::new)
}

/// The seed sets found under the workspace `root`.
pub fn seeds(root: &Path) -> Result<Vec<SpecSet>, CorpusError> {
    let mut sets = per_api(&tree(&root.join("specs"))?);
    sets.extend(per_api(&tree(&root.join("tests/downstream/specs"))?));
    let bad = root.join("codegen/tests/fixtures/bad");
    for f in tree(&bad)? {
        sets.push(fixture_set(&f.bytes));
    }
    Ok(sets)
}
