//! Bootstrapping specs from a provider's machine-readable metadata.
//!
//! Metadata is an input, not the truth: it knows parameters, types, required flags, nested
//! objects and descriptions, but not the limits, API-specific error codes or value lists that
//! only the documentation pages state. The importer writes what the metadata says and nothing
//! more, says in each spec's `notes` what is missing, and reports every member or action it
//! could not express, with counts, rather than dropping it silently.

pub mod metadata;
mod yaml;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use metadata::{MemberMeta, ServiceMeta};
use yaml::{quoted, Yaml};

pub use metadata::{read_metadata, MetadataError};

/// Why an import failed.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Metadata(#[from] MetadataError),
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// What an import did, and what it could not express.
#[derive(Debug, Default)]
pub struct ImportReport {
    pub services: usize,
    pub actions: usize,
    /// Spec files written (unchanged files are not rewritten).
    pub written: Vec<PathBuf>,
    /// Kind of problem -> (count, examples as `service/Action: detail`).
    pub unexpressed: BTreeMap<&'static str, (usize, Vec<String>)>,
}

impl ImportReport {
    fn note(&mut self, kind: &'static str, example: String) {
        let entry = self.unexpressed.entry(kind).or_default();
        entry.0 += 1;
        if entry.1.len() < 5 {
            entry.1.push(example);
        }
    }
}

impl std::fmt::Display for ImportReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "{} service versions, {} actions imported; {} files written",
            self.services,
            self.actions,
            self.written.len()
        )?;
        if self.unexpressed.is_empty() {
            return writeln!(f, "everything in the metadata was expressed");
        }
        writeln!(
            f,
            "not expressed in the specs (each is also in that spec's notes):"
        )?;
        for (kind, (count, examples)) in &self.unexpressed {
            writeln!(f, "  {count:6} {kind}, e.g. {}", examples.join("; "))?;
        }
        Ok(())
    }
}

/// The spec directory name of each service version: the version tccli calls by default
/// (from `defaults`; else the newest) is `<service>`, the others `<service>_v<YYYYMMDD>`.
pub fn service_dir_names(
    metas: &[ServiceMeta],
    defaults: &BTreeMap<String, String>,
) -> Vec<String> {
    let mut newest: BTreeMap<&str, &str> = BTreeMap::new();
    for m in metas {
        let v = newest.entry(&m.service).or_insert(&m.version);
        if m.version.as_str() > *v {
            *v = &m.version;
        }
    }
    for (service, version) in defaults {
        if metas
            .iter()
            .any(|m| &m.service == service && &m.version == version)
        {
            newest.insert(service, version);
        }
    }
    metas
        .iter()
        .map(|m| {
            let service = m.service.to_ascii_lowercase();
            if newest.get(m.service.as_str()) == Some(&m.version.as_str()) {
                service
            } else {
                format!("{service}_v{}", m.version.replace('-', ""))
            }
        })
        .collect()
}

const MISSING_NOTE: &str = "Imported from Tencent Cloud's tccli metadata. The metadata has no limits (ranges, spans, lookback, rate), no API-specific error codes and no value lists written only in prose: add them from the API's documentation page.";
const TIME_NOTE: &str =
    "times are strings: the metadata names a time kind but not its exact wire format or zone";

/// Imports every service version under `path` (see [`read_metadata`]) into `out` as
/// `tencent/<service>/...`. Writes `tencent/provider.yaml` only if there is none.
pub fn import_tencent(path: &Path, out: &Path) -> Result<ImportReport, ImportError> {
    let metadata = read_metadata(path)?;
    let metas = &metadata.services;
    let names = service_dir_names(metas, &metadata.default_versions);
    let mut report = ImportReport::default();
    let provider = out.join("tencent").join("provider.yaml");
    if !provider.exists() {
        write(&provider, PROVIDER, &mut report)?;
    }
    for (meta, dir_name) in metas.iter().zip(&names) {
        report.services += 1;
        let dir = out.join("tencent").join(dir_name);
        write(&dir.join("service.yaml"), &service_yaml(meta), &mut report)?;
        for (action, a) in &meta.actions {
            report.actions += 1;
            let text = action_yaml(meta, action, a, &mut report);
            write(&dir.join(format!("{action}.yaml")), &text, &mut report)?;
        }
    }
    Ok(report)
}

fn write(path: &Path, text: &str, report: &mut ImportReport) -> Result<(), ImportError> {
    let changed = crate::generate::write_if_changed(path, text).map_err(|e| match e {
        crate::generate::GenerateError::Write { path, source } => {
            ImportError::Write { path, source }
        }
        other => ImportError::Write {
            path: path.to_path_buf(),
            source: std::io::Error::other(other.to_string()),
        },
    })?;
    if changed {
        report.written.push(path.to_path_buf());
    }
    Ok(())
}

/// Protocol facts of the TC3 scheme (not in the metadata, and the same for every service).
const PROVIDER: &str = "# Written by `cloudusage-codegen import tencent`: the TC3 protocol facts only. Add the\n# provider's common error codes from its documentation (they are not in the metadata).\nname: Tencent Cloud\nsigning: { default: tc3-hmac-sha256 }\nenvelope: tencent\ncredentials:\n  access_key_id: [TENCENTCLOUD_SECRET_ID]\n  access_key_secret: [TENCENTCLOUD_SECRET_KEY]\n  session_token: [TENCENTCLOUD_SESSION_TOKEN]\n";

fn service_yaml(meta: &ServiceMeta) -> String {
    let mut y = Yaml::default();
    y.line(
        0,
        &format!(
            "# Imported from tccli metadata ({} {}).",
            meta.service, meta.version
        ),
    );
    y.line(
        0,
        &format!(
            "name: {}",
            quoted(meta.name.as_deref().unwrap_or(&meta.service))
        ),
    );
    y.line(0, &format!("version: {}", quoted(&meta.version)));
    y.line(
        0,
        &format!("endpoint: {}.tencentcloudapi.com", meta.service),
    );
    y.line(0, &format!("signing_name: {}", meta.service));
    y.finish()
}

/// A member's type in the spec format, or why it has none.
fn member_type(m: &MemberMeta, objects: &BTreeSet<&str>) -> Result<(String, bool), String> {
    let scalar = |member: &str| -> Result<(String, bool), String> {
        Ok(match member {
            "string" | "binary" => ("string".into(), false),
            "datetime" | "datetime_iso" | "date" => ("string".into(), true),
            "int64" | "int" => ("i64".into(), false),
            "uint64" => ("u64".into(), false),
            "float" | "double" => ("f64".into(), false),
            "bool" => ("bool".into(), false),
            other if objects.contains(other) => (other.to_string(), false),
            other => return Err(format!("member type `{other}`")),
        })
    };
    match m.kind.as_str() {
        "list" => {
            let (item, time) = scalar(&m.member)?;
            Ok((format!("list, items: {item}"), time))
        }
        "object" if objects.contains(m.member.as_str()) => Ok((m.member.clone(), false)),
        "object" => Err(format!("object `{}` not in the metadata", m.member)),
        "string" | "int" | "float" | "bool" | "binary" => scalar(&m.member),
        other => Err(format!("member kind `{other}`")),
    }
}

/// The named objects reachable from `roots`, in a stable order.
fn reachable<'a>(meta: &'a ServiceMeta, roots: &[&'a str]) -> Vec<&'a str> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<&str> = roots.to_vec();
    while let Some(name) = stack.pop() {
        let Some(o) = meta.objects.get(name) else {
            continue;
        };
        for m in &o.members {
            let target = m.member.as_str();
            if (m.kind == "object" || m.kind == "list")
                && meta.objects.contains_key(target)
                && seen.insert(target)
            {
                stack.push(target);
            }
        }
    }
    seen.into_iter().collect()
}

fn action_yaml(
    meta: &ServiceMeta,
    action: &str,
    a: &metadata::ActionMeta,
    report: &mut ImportReport,
) -> String {
    let objects: BTreeSet<&str> = meta.objects.keys().map(String::as_str).collect();
    let mut notes = vec![MISSING_NOTE.to_string()];
    let mut y = Yaml::default();
    y.line(
        0,
        &format!(
            "# Imported from tccli metadata ({} {}).",
            meta.service, meta.version
        ),
    );
    y.line(0, &format!("action: {action}"));
    let title = first_line(&a.name).unwrap_or(action);
    y.line(0, &format!("title: {}", quoted(title)));
    if !a.document.trim().is_empty() {
        y.line(0, &format!("doc: {}", quoted(a.document.trim())));
    }
    match a.status.as_deref() {
        Some("deprecated") | Some("offline") => {
            let status = a.status.as_deref().unwrap_or_default();
            y.line(
                0,
                &format!(
                    "deprecated: {{ note: {} }}",
                    quoted(&format!("The metadata marks this API {status}."))
                ),
            );
        }
        _ => {}
    }
    y.line(0, "http: { method: POST, params_in: body }");

    let mut time_members = Vec::new();
    let mut members = |y: &mut Yaml,
                       object: &str,
                       request: bool,
                       indent: usize,
                       report: &mut ImportReport,
                       notes: &mut Vec<String>| {
        let Some(o) = meta.objects.get(object) else {
            report.note(
                "missing input/output objects",
                format!("{}/{action}: {object}", meta.service),
            );
            notes.push(format!("object `{object}` is not in the metadata"));
            return 0;
        };
        let mut written = 0;
        for m in &o.members {
            if !request && m.name == "RequestId" && object == a.output {
                y.line(
                    indent,
                    "- { name: RequestId, type: string, required: true }",
                );
                written += 1;
                continue;
            }
            if m.disabled {
                report.note(
                    "disabled members (left out)",
                    format!("{}/{action}: {object}.{}", meta.service, m.name),
                );
                notes.push(format!(
                    "`{object}.{}` is disabled in the metadata and left out",
                    m.name
                ));
                continue;
            }
            match member_type(m, &objects) {
                Ok((ty, time)) => {
                    if time {
                        time_members.push(format!("{object}.{} ({})", m.name, m.member));
                    }
                    // Response fields are all optional: the metadata's output flags are not
                    // reliable enough to fail a whole response on.
                    let required = request && m.required;
                    let mut line = format!("- {{ name: {}, type: {ty}", quoted(&m.name));
                    if required {
                        line.push_str(", required: true");
                    }
                    if !m.document.trim().is_empty() {
                        line.push_str(&format!(", doc: {}", quoted(m.document.trim())));
                    }
                    line.push_str(" }");
                    y.line(indent, &line);
                    written += 1;
                }
                Err(why) => {
                    report.note(
                        "members of a type the format lacks (left out)",
                        format!("{}/{action}: {object}.{}: {why}", meta.service, m.name),
                    );
                    notes.push(format!("`{object}.{}` is left out: {why}", m.name));
                }
            }
        }
        written
    };

    y.line(0, "request:");
    let at = y.len();
    if members(&mut y, &a.input, true, 2, report, &mut notes) == 0 {
        y.replace_from(at, "request: []");
    }
    y.line(0, "response:");
    let at = y.len();
    if members(&mut y, &a.output, false, 2, report, &mut notes) == 0 {
        y.replace_from(at, "response: []");
    }
    let types = reachable(meta, &[a.input.as_str(), a.output.as_str()]);
    let types: Vec<&str> = types
        .into_iter()
        .filter(|t| *t != a.input && *t != a.output)
        .collect();
    if !types.is_empty() {
        y.line(0, "types:");
        for t in types {
            y.line(2, &format!("- name: {t}"));
            if let Some(doc) = meta
                .objects
                .get(t)
                .map(|o| o.document.trim())
                .filter(|d| !d.is_empty())
            {
                y.line(4, &format!("doc: {}", quoted(doc)));
            }
            y.line(4, "fields:");
            let at = y.len();
            if members(&mut y, t, false, 6, report, &mut notes) == 0 {
                y.replace_from(at, "    fields: []");
            }
        }
    }
    if !time_members.is_empty() {
        report.note(
            "time members kept as strings",
            format!("{}/{action}: {}", meta.service, time_members.join(", ")),
        );
        notes.push(format!("{TIME_NOTE}: {}", time_members.join(", ")));
    }
    y.line(0, "notes:");
    for n in notes {
        y.line(2, &format!("- {}", quoted(&n)));
    }
    y.finish()
}

fn first_line(text: &str) -> Option<&str> {
    text.lines().map(str::trim).find(|l| !l.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(service: &str, version: &str) -> ServiceMeta {
        ServiceMeta {
            service: service.into(),
            version: version.into(),
            name: None,
            actions: BTreeMap::new(),
            objects: BTreeMap::new(),
        }
    }

    #[test]
    fn the_newest_version_gets_the_plain_name() {
        let metas = [
            meta("vod", "2018-07-17"),
            meta("vod", "2024-07-18"),
            meta("cvm", "2017-03-12"),
        ];
        assert_eq!(
            service_dir_names(&metas, &BTreeMap::new()),
            ["vod_v20180717", "vod", "cvm"]
        );
        let defaults = BTreeMap::from([("vod".to_string(), "2018-07-17".to_string())]);
        assert_eq!(
            service_dir_names(&metas, &defaults),
            ["vod", "vod_v20240718", "cvm"]
        );
    }
}
