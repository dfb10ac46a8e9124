//! Tencent Cloud's API metadata as the tccli package ships it: one `api.json` per service
//! version (`tccli/services/<service>/v<YYYYMMDD>/api.json`), read from a wheel, an extracted
//! `services` folder or a single file.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// Why metadata could not be read.
#[derive(Debug, thiserror::Error)]
pub enum MetadataError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} is not a zip archive: {message}")]
    Zip { path: PathBuf, message: String },
    #[error("{path}: not tccli api.json metadata: {source}")]
    Json {
        path: String,
        #[source]
        source: serde_json::Error,
    },
    #[error("{path}: no tccli/services/<service>/v<date>/api.json found")]
    Empty { path: PathBuf },
}

/// One service version's metadata.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceMeta {
    /// `vod`.
    pub service: String,
    /// `2018-07-17`.
    pub version: String,
    /// Display name from the metadata (Chinese), if any.
    pub name: Option<String>,
    pub actions: BTreeMap<String, ActionMeta>,
    pub objects: BTreeMap<String, ObjectMeta>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ActionMeta {
    /// A one-line title.
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub document: String,
    pub input: String,
    pub output: String,
    /// `online`, `deprecated`, `offline` or absent.
    #[serde(default)]
    pub status: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ObjectMeta {
    #[serde(default)]
    pub document: String,
    #[serde(default)]
    pub members: Vec<MemberMeta>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct MemberMeta {
    pub name: String,
    /// `string`, `int`, `float`, `bool`, `binary`, `list` or `object`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The scalar type (`int64`, `datetime_iso`, ...) or the object's name.
    pub member: String,
    #[serde(default, deserialize_with = "flag")]
    pub required: bool,
    #[serde(default)]
    pub document: String,
    #[serde(default, deserialize_with = "flag")]
    pub disabled: bool,
}

impl MemberMeta {
    /// Whether the spec format has a type for this member's kind (a `map`, for one, has
    /// none); the importer leaves the others out, so the drift check does too.
    pub fn has_expressible_kind(&self) -> bool {
        matches!(
            self.kind.as_str(),
            "string" | "int" | "float" | "bool" | "binary" | "list" | "object"
        )
    }
}

/// A flag as the metadata writes it: `true`/`false`, sometimes `1`/`0`.
fn flag<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::Bool(b) => b,
        serde_json::Value::Number(n) => n.as_f64().is_some_and(|v| v != 0.0),
        serde_json::Value::String(s) => s == "true" || s == "1",
        _ => false,
    })
}

#[derive(Deserialize)]
struct ApiJson {
    #[serde(default)]
    actions: BTreeMap<String, ActionMeta>,
    #[serde(default)]
    objects: BTreeMap<String, ObjectMeta>,
    metadata: RawMetadata,
}

#[derive(Deserialize)]
struct RawMetadata {
    #[serde(rename = "apiVersion")]
    api_version: String,
    #[serde(rename = "serviceShortName")]
    service_short_name: String,
    #[serde(rename = "serviceNameCN", default)]
    service_name_cn: Option<String>,
}

/// Parses one `api.json`; `origin` names it in errors.
pub fn parse_api_json(origin: &str, text: &[u8]) -> Result<ServiceMeta, MetadataError> {
    let raw: ApiJson = serde_json::from_slice(text).map_err(|source| MetadataError::Json {
        path: origin.to_string(),
        source,
    })?;
    Ok(ServiceMeta {
        service: raw.metadata.service_short_name,
        version: raw.metadata.api_version,
        name: raw.metadata.service_name_cn,
        actions: raw.actions,
        objects: raw.objects,
    })
}

/// Whether `path` (with `/` separators) is `.../services/<service>/v<digits>/api.json`.
fn is_api_json(path: &str) -> bool {
    let parts: Vec<&str> = path.rsplit('/').take(4).collect();
    matches!(parts.as_slice(), ["api.json", version, _service, "services"]
        if version.starts_with('v') && version.len() > 1 && version[1..].bytes().all(|b| b.is_ascii_digit()))
}

/// All the metadata found at a path.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metadata {
    /// Sorted by service and version.
    pub services: Vec<ServiceMeta>,
    /// The version tccli calls by default, per service (the first of `SERVICE_VERSIONS` in
    /// `tccli/services/__init__.py`), where the package has it.
    pub default_versions: BTreeMap<String, String>,
}

/// `SERVICE_VERSIONS = {"vod": ["2018-07-17", ...], ...}` in tccli's `services/__init__.py`:
/// the first version of each service is its default. The literal is JSON.
fn default_versions(init_py: &str) -> BTreeMap<String, String> {
    let Some(start) = init_py.find("SERVICE_VERSIONS = {") else {
        return BTreeMap::new();
    };
    let text = &init_py[start + "SERVICE_VERSIONS = ".len()..];
    let end = text.find("\n}").map_or(text.len(), |i| i + 2);
    serde_json::from_str::<BTreeMap<String, Vec<String>>>(&text[..end])
        .map(|m| {
            m.into_iter()
                .filter_map(|(service, versions)| Some((service, versions.first()?.clone())))
                .collect()
        })
        .unwrap_or_default()
}

/// Every service version under `path`: a tccli wheel (`.whl`), a folder holding
/// `<service>/v<date>/api.json` (e.g. `tccli/services`), or one `api.json`.
pub fn read_metadata(path: &Path) -> Result<Metadata, MetadataError> {
    let io = |source| MetadataError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut out = Vec::new();
    let mut defaults = BTreeMap::new();
    if path.is_dir() {
        read_dir(path, path, &mut out)?;
        if let Ok(init) = std::fs::read_to_string(path.join("__init__.py")) {
            defaults = default_versions(&init);
        }
    } else if path.extension().is_some_and(|e| e == "whl" || e == "zip") {
        let file = std::fs::File::open(path).map_err(io)?;
        let zip_err = |e: zip::result::ZipError| MetadataError::Zip {
            path: path.to_path_buf(),
            message: e.to_string(),
        };
        let mut archive = zip::ZipArchive::new(file).map_err(zip_err)?;
        for i in 0..archive.len() {
            let mut entry = archive.by_index(i).map_err(zip_err)?;
            let name = entry.name().to_string();
            if name.ends_with("tccli/services/__init__.py") {
                let mut init = String::new();
                entry.read_to_string(&mut init).map_err(io)?;
                defaults = default_versions(&init);
                continue;
            }
            if !is_api_json(&name) {
                continue;
            }
            let mut text = Vec::new();
            entry.read_to_end(&mut text).map_err(io)?;
            out.push(parse_api_json(&name, &text)?);
        }
    } else {
        let text = std::fs::read(path).map_err(io)?;
        out.push(parse_api_json(&path.display().to_string(), &text)?);
    }
    if out.is_empty() {
        return Err(MetadataError::Empty {
            path: path.to_path_buf(),
        });
    }
    out.sort_by(|a, b| (&a.service, &a.version).cmp(&(&b.service, &b.version)));
    Ok(Metadata {
        services: out,
        default_versions: defaults,
    })
}

fn read_dir(root: &Path, dir: &Path, out: &mut Vec<ServiceMeta>) -> Result<(), MetadataError> {
    let io = |source| MetadataError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            read_dir(root, &path, out)?;
        } else if path.file_name().is_some_and(|n| n == "api.json") {
            // Under a `services` folder or given as the root: `<service>/v<date>/api.json`.
            let version_dir = path.parent().and_then(Path::file_name);
            let dated = version_dir
                .and_then(|v| v.to_str())
                .is_some_and(|v| v.starts_with('v') && v[1..].bytes().all(|b| b.is_ascii_digit()));
            if dated || path.parent() == Some(root) {
                let text = std::fs::read(&path).map_err(|source| MetadataError::Io {
                    path: path.clone(),
                    source,
                })?;
                out.push(parse_api_json(&path.display().to_string(), &text)?);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{default_versions, is_api_json};

    #[test]
    fn defaults_come_from_service_versions() {
        let init = "# -*- coding: utf-8 -*-\nSERVICE_VERSIONS = {\n    \"vod\": [\n        \"2018-07-17\",\n        \"2024-07-18\"\n    ]\n}\n";
        assert_eq!(default_versions(init)["vod"], "2018-07-17");
        assert!(default_versions("nothing here").is_empty());
    }

    #[test]
    fn api_json_paths() {
        assert!(is_api_json("tccli/services/vod/v20180717/api.json"));
        assert!(!is_api_json("tccli/services/vod/v20180717/examples.json"));
        assert!(!is_api_json("tccli/services/vod/latest/api.json"));
        assert!(!is_api_json("api.json"));
    }
}
