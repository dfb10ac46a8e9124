//! Loading a specs directory into the checked [`model`](crate::model).
//!
//! Every file is read and decoded even when an earlier one failed, and every semantic check
//! runs on whatever decoded, so one run reports every problem. Nothing here panics on input.

mod api;
mod lint;
mod values;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostics;
use crate::model::{
    Catalog, CredentialEnv, Envelope, ErrorCode, ErrorKinds, ProfileFile, Provider, Service,
    Signing, SigningScheme,
};
use crate::spec::decode::{Decode, Decoder};
use crate::spec::limits;
use crate::spec::node::{self, Pos};
use crate::spec::raw::{ErrorSpec, ProviderFile, ServiceFile};

pub use values::{duration, rate, time_format, utc_offset};

/// A spec file's text and its path (relative to the specs directory, `/`-separated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
}

/// A loaded specs directory.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub catalog: Catalog,
    /// Every file and directory read, for `cargo:rerun-if-changed`.
    pub inputs: Vec<PathBuf>,
    /// What looks wrong without being an error (printed by `check`; loading succeeds).
    pub warnings: Diagnostics,
}

/// Why a specs directory could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Invalid(Diagnostics),
}

/// Reads every spec under `root` (see `specs/README.md` for the layout) and checks it.
/// Diagnostics and warnings name files as `root` joined with their place in the layout, so
/// `specs` gives `specs/tencent/vod/X.yaml` (relative to the crate, for a `build.rs`).
pub fn load_dir(root: &Path) -> Result<Loaded, LoadError> {
    load_dir_with_warnings(root).0
}

/// [`load_dir`], and the warnings whether or not loading succeeded (they are also in
/// [`Loaded::warnings`]).
pub fn load_dir_with_warnings(root: &Path) -> (Result<Loaded, LoadError>, Diagnostics) {
    let mut files = Vec::new();
    let mut inputs = vec![root.to_path_buf()];
    if let Err(e) = collect(root, root, 0, &mut files, &mut inputs) {
        return (Err(e), Diagnostics::default());
    }
    let (catalog, mut warnings) = load_bytes_with_warnings(&files);
    for w in &mut warnings.items {
        w.file = root.join(&w.file);
    }
    let catalog = match catalog {
        Ok(catalog) => catalog,
        Err(mut diags) => {
            for d in &mut diags.items {
                d.file = root.join(&d.file);
            }
            return (Err(LoadError::Invalid(diags)), warnings);
        }
    };
    let loaded = Loaded {
        catalog,
        inputs,
        warnings: warnings.clone(),
    };
    (Ok(loaded), warnings)
}

/// The specs directory a path given to `check` belongs to: the path itself when it is one
/// (a directory holding `<provider>/provider.yaml`), else the closest ancestor that is, so
/// that a provider or service folder or a single file can be checked (with its context).
/// `None` when no ancestor is a specs directory.
pub fn specs_root(path: &Path) -> Option<PathBuf> {
    let is_root = |dir: &Path| {
        std::fs::read_dir(dir).is_ok_and(|entries| {
            entries
                .filter_map(Result::ok)
                .any(|e| e.path().join("provider.yaml").is_file())
        })
    };
    let start = if path.is_dir() {
        path.to_path_buf()
    } else {
        path.parent()?.to_path_buf()
    };
    // Up the path as written (relative paths stay relative, as the user wrote them), then,
    // when that runs out, through the real parent directories.
    let mut dir = start.clone();
    let mut real = false;
    loop {
        let probe = if dir.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            dir.clone()
        };
        if is_root(&probe) {
            return Some(probe);
        }
        match dir.parent() {
            Some(parent) => dir = parent.to_path_buf(),
            None if !real => {
                dir = start.canonicalize().ok()?;
                real = true;
            }
            None => break,
        }
    }
    None
}

fn collect(
    root: &Path,
    dir: &Path,
    depth: usize,
    files: &mut Vec<(PathBuf, Vec<u8>)>,
    inputs: &mut Vec<PathBuf>,
) -> Result<(), LoadError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| LoadError::Io { path, source }
    };
    let mut entries = std::fs::read_dir(dir)
        .map_err(io(dir))?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(io(dir))?;
    entries.sort();
    for path in entries {
        if path.is_dir() {
            // specs/<provider>/<service>/: nothing deeper is part of the layout.
            if depth < 2 {
                inputs.push(path.clone());
                collect(root, &path, depth + 1, files, inputs)?;
            }
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            // One byte past the size limit is enough to say the file is too large, and a
            // huge file is never read whole.
            let mut bytes = Vec::new();
            std::fs::File::open(&path)
                .and_then(|f| {
                    f.take(limits::MAX_FILE_BYTES as u64 + 1)
                        .read_to_end(&mut bytes)
                })
                .map_err(io(&path))?;
            inputs.push(path.clone());
            let relative = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
            files.push((relative, bytes));
        }
    }
    Ok(())
}

/// What a file is, from its place in the layout.
enum Role<'a> {
    Provider {
        provider: &'a str,
    },
    Service {
        provider: &'a str,
        service: &'a str,
    },
    Api {
        provider: &'a str,
        service: &'a str,
        stem: &'a str,
    },
}

fn role(path: &Path) -> Result<Role<'_>, String> {
    let parts: Vec<&str> = path.iter().filter_map(|p| p.to_str()).collect();
    match parts.as_slice() {
        [provider, "provider.yaml"] => Ok(Role::Provider { provider }),
        [provider, service, "service.yaml"] => Ok(Role::Service { provider, service }),
        [provider, service, file] => {
            let stem = file
                .strip_suffix(".yaml")
                .or_else(|| file.strip_suffix(".yml"))
                .unwrap_or(file);
            Ok(Role::Api { provider, service, stem })
        }
        _ => Err(
            "unexpected file: specs are `<provider>/provider.yaml`, `<provider>/<service>/service.yaml` \
             or `<provider>/<service>/<Action>.yaml`"
                .to_string(),
        ),
    }
}

/// A provider or service directory name. A Rust keyword is allowed (Tencent's Auto
/// Scaling is `as`): its module is named by [`crate::naming::module_name`] (`as_`).
fn is_module_id(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Checks spec files given as bytes (paths relative to the specs directory): a file that is
/// too large or not UTF-8 is reported where it goes wrong, and every other file is still
/// checked, so one run reports every problem. [`load_dir`] reads files into this.
pub fn load_bytes(files: &[(PathBuf, Vec<u8>)]) -> Result<Catalog, Diagnostics> {
    load_bytes_with_warnings(files).0
}

/// [`load_bytes`], and the warnings (see [`load_sources_with_warnings`]).
pub fn load_bytes_with_warnings(
    files: &[(PathBuf, Vec<u8>)],
) -> (Result<Catalog, Diagnostics>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let mut sources = Vec::with_capacity(files.len());
    for (path, bytes) in files {
        match limits::text(bytes.clone()) {
            Ok(text) => sources.push(SourceFile {
                path: path.clone(),
                text,
            }),
            Err(problem) => {
                let key = role(path).map(|r| root_key(&r)).unwrap_or_default();
                diags.push(path, problem.pos, &key, problem.message);
            }
        }
    }
    let (loaded, warnings) = load_sources_with_warnings(&sources);
    let loaded = match loaded {
        Ok(catalog) if diags.is_empty() => Ok(catalog),
        Ok(_) => Err(diags),
        Err(more) => {
            diags.items.extend(more.items);
            diags.sort();
            Err(diags)
        }
    };
    (loaded, warnings)
}

/// Checks in-memory spec files (paths relative to the specs directory). The heart of
/// [`load_dir`], separate so tests can feed mutated files without touching the disk.
pub fn load_sources(files: &[SourceFile]) -> Result<Catalog, Diagnostics> {
    load_sources_with_warnings(files).0
}

/// [`load_sources`], and the warnings: problems that do not stop a spec from loading (such
/// as a period whose order nothing checks), sorted like diagnostics.
pub fn load_sources_with_warnings(
    files: &[SourceFile],
) -> (Result<Catalog, Diagnostics>, Diagnostics) {
    use rayon::prelude::*;

    // The actions of each service, from the file names, so that each API file can be checked
    // against the names its siblings generate (the service module holds them all).
    let mut actions: ServiceActions<'_> = BTreeMap::new();
    for file in files {
        if let Ok(Role::Api {
            provider,
            service,
            stem,
        }) = role(&file.path)
        {
            actions
                .entry((provider, service))
                .or_default()
                .add(stem, &file.path);
        }
    }
    // Files are parsed and checked on every core (a catalogue is thousands of files); the
    // results are merged in file order, and diagnostics are sorted before they are shown.
    // Provider and service files first: API files use the services' named time formats.
    let is_api = |f: &SourceFile| matches!(role(&f.path), Ok(Role::Api { .. }));
    let mut loaded: Vec<(Diagnostics, Diagnostics, Option<Loaded1>)> = files
        .par_iter()
        .filter(|f| !is_api(f))
        .map(|file| load_file(file, &actions, &ServiceFacts::default()))
        .collect();
    let mut facts: BTreeMap<(String, String), ServiceFacts> = BTreeMap::new();
    for (_, _, result) in &loaded {
        if let Some(Loaded1::Service(key, _, service, named)) = result {
            facts.insert(
                key.clone(),
                ServiceFacts {
                    formats: named.clone(),
                    default_region: service.as_ref().and_then(|s| s.default_region.clone()),
                },
            );
        }
    }
    let no_facts = ServiceFacts::default();
    loaded.par_extend(files.par_iter().filter(|f| is_api(f)).map(|file| {
        let service = match role(&file.path) {
            Ok(Role::Api {
                provider, service, ..
            }) => facts.get(&(provider.to_string(), service.to_string())),
            _ => None,
        };
        load_file(file, &actions, service.unwrap_or(&no_facts))
    }));
    let mut diags = Diagnostics::default();
    let mut warnings = Diagnostics::default();
    let mut providers: BTreeMap<String, (PathBuf, Option<Provider>)> = BTreeMap::new();
    let mut services: BTreeMap<(String, String), (PathBuf, Option<Service>)> = BTreeMap::new();
    let mut apis: Vec<(String, String, crate::model::Api)> = Vec::new();
    for (file_diags, file_warnings, result) in loaded {
        diags.items.extend(file_diags.items);
        warnings.items.extend(file_warnings.items);
        match result {
            Some(Loaded1::Provider(id, path, provider)) => {
                providers.insert(id, (path, provider));
            }
            Some(Loaded1::Service(key, path, service, _)) => {
                services.insert(key, (path, service));
            }
            Some(Loaded1::Api(provider, service, api)) => apis.push((provider, service, *api)),
            None => {}
        }
    }
    warnings.sort();
    let texts: BTreeMap<&Path, &str> = if warnings.is_empty() && diags.is_empty() {
        BTreeMap::new()
    } else {
        files
            .iter()
            .map(|f| (f.path.as_path(), f.text.as_str()))
            .collect()
    };
    let text_of = |path: &Path| texts.get(path).copied();
    warnings.attach_sources(text_of);
    let catalog = assemble(providers, services, apis, &mut diags).map_err(|mut diags| {
        diags.attach_sources(text_of);
        diags
    });
    (catalog, warnings)
}

/// The key path of a file's top level: empty, so that key paths read as the file is written
/// (`request.StartTime.format`); the file name says which API, service or provider it is.
fn root_key(_role: &Role<'_>) -> String {
    String::new()
}

/// A service's named time format, resolved: a `time` format description and the zone it
/// fixes, if any.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NamedFormat {
    pub description: String,
    pub utc_offset_seconds: Option<i32>,
}

/// A service's named time formats by name; `None` for one whose definition has a problem
/// (reported in `service.yaml`, so its users say nothing more).
pub(crate) type NamedFormats = BTreeMap<String, Option<NamedFormat>>;

/// What an API file needs to know of its service's file.
#[derive(Debug, Default)]
struct ServiceFacts {
    formats: NamedFormats,
    default_region: Option<String>,
}

/// What one file contributes to the catalogue.
enum Loaded1 {
    Provider(String, PathBuf, Option<Provider>),
    Service((String, String), PathBuf, Option<Service>, NamedFormats),
    Api(String, String, Box<crate::model::Api>),
}

/// The names the API files of each service generate, from their file names.
type ServiceActions<'a> = BTreeMap<(&'a str, &'a str), api::ServiceNames<'a>>;

/// Parses and checks one file on its own (an API file against its siblings' names).
fn load_file(
    file: &SourceFile,
    actions: &ServiceActions<'_>,
    service_facts: &ServiceFacts,
) -> (Diagnostics, Diagnostics, Option<Loaded1>) {
    let mut diags = Diagnostics::default();
    let mut warnings = Diagnostics::default();
    let role = match role(&file.path) {
        Ok(role) => role,
        Err(message) => {
            diags.push(&file.path, Pos::default(), "", message);
            return (diags, warnings, None);
        }
    };
    let root = root_key(&role);
    for id in match &role {
        Role::Provider { provider } => vec![*provider],
        Role::Service { provider, service }
        | Role::Api {
            provider, service, ..
        } => {
            vec![*provider, *service]
        }
    } {
        if !is_module_id(id) {
            diags.push(
                &file.path,
                Pos::default(),
                &root,
                format!("directory name `{id}` must be lower case `[a-z][a-z0-9_]*` (it names a module and a cargo feature)"),
            );
        }
    }
    if let Role::Provider { provider } = &role {
        if let Some(why) = crate::naming::reserved_provider(provider) {
            diags.push(
                &file.path,
                Pos::default(),
                &root,
                format!("a provider cannot be named `{provider}`: {why}"),
            );
        }
    }
    if file.text.len() > limits::MAX_FILE_BYTES {
        // `load_bytes` has said so already when the text came from there; in-memory text
        // gets the same bound here.
        if let Err(problem) = limits::text(file.text.as_bytes().to_vec()) {
            diags.push(&file.path, problem.pos, &root, problem.message);
        }
        return (diags, warnings, None);
    }
    let node = match node::parse(&file.text) {
        Ok(node) => node,
        Err(err) => {
            diags.push(&file.path, err.pos, &root, err.message);
            return (diags, warnings, None);
        }
    };
    let mut decoder = Decoder::default();
    let loaded = match role {
        Role::Provider { provider } => {
            let raw = ProviderFile::decode(&node, &root, &mut decoder);
            diags.extend_problems(&file.path, std::mem::take(&mut decoder.problems));
            let checked = raw.and_then(|raw| check_provider(provider, raw, &file.path, &mut diags));
            Some(Loaded1::Provider(
                provider.to_string(),
                file.path.clone(),
                checked,
            ))
        }
        Role::Service { provider, service } => {
            let raw = ServiceFile::decode(&node, &root, &mut decoder);
            diags.extend_problems(&file.path, std::mem::take(&mut decoder.problems));
            let named = raw
                .as_ref()
                .map(|raw| named_formats(raw, &file.path, &mut diags))
                .unwrap_or_default();
            let checked = raw.and_then(|raw| check_service(service, raw, &file.path, &mut diags));
            Some(Loaded1::Service(
                (provider.to_string(), service.to_string()),
                file.path.clone(),
                checked,
                named,
            ))
        }
        Role::Api {
            provider,
            service,
            stem,
        } => {
            let raw = crate::spec::raw::ApiFile::decode(&node, &root, &mut decoder);
            diags.extend_problems(&file.path, std::mem::take(&mut decoder.problems));
            let empty = api::ServiceNames::default();
            let scope = api::Scope {
                service,
                names: actions.get(&(provider, service)).unwrap_or(&empty),
                formats: &service_facts.formats,
                default_region: service_facts.default_region.as_deref(),
            };
            raw.and_then(|raw| api::check(stem, &scope, raw, &file.path, &mut diags, &mut warnings))
                .map(|api| Loaded1::Api(provider.to_string(), service.to_string(), Box::new(api)))
        }
    };
    cap_problems(&file.path, &mut diags);
    (diags, warnings, loaded)
}

/// Keeps the first [`limits::MAX_PROBLEMS`] problems of a file (in file order) and says
/// that there are more (the decoder stops looking once it has that many, so how many more is
/// not known).
fn cap_problems(file: &Path, diags: &mut Diagnostics) {
    if diags.len() <= limits::MAX_PROBLEMS {
        return;
    }
    diags.sort();
    // The summary stands where the first problem left out was found.
    let first = diags.items.swap_remove(limits::MAX_PROBLEMS);
    diags.items.truncate(limits::MAX_PROBLEMS);
    diags.push(
        file,
        first.pos,
        &first.path,
        format!(
            "more problems in this file from here on are not shown (at most {} are reported per file)",
            limits::MAX_PROBLEMS
        ),
    );
}

/// Directories whose module names clash once escaped (`as` and `as_` are both `as_`): the
/// later one is reported, naming the earlier one's file. `dirs` are (parent, id, file), the
/// parent `""` for providers. A directory name has no line in its file.
fn module_clashes<'a>(
    dirs: impl Iterator<Item = (&'a str, &'a str, &'a Path)>,
    what: &str,
    diags: &mut Diagnostics,
) {
    let mut seen: BTreeMap<(&str, String), (&str, &Path)> = BTreeMap::new();
    for (parent, id, file) in dirs {
        let module = crate::naming::module_name(id);
        if let Some((other, other_file)) = seen.get(&(parent, module.clone())) {
            // About the directory's name: no key of the file.
            let key = String::new();
            diags.push(
                file,
                Pos::default(),
                &key,
                format!(
                    "{what}s `{other}` ({}) and `{id}` both become the module `{module}`",
                    other_file.display()
                ),
            );
        } else {
            seen.insert((parent, module), (id, file));
        }
    }
}

fn assemble(
    providers: BTreeMap<String, (PathBuf, Option<Provider>)>,
    mut services: BTreeMap<(String, String), (PathBuf, Option<Service>)>,
    apis: Vec<(String, String, crate::model::Api)>,
    diags: &mut Diagnostics,
) -> Result<Catalog, Diagnostics> {
    module_clashes(
        providers
            .iter()
            .map(|(id, (file, _))| ("", id.as_str(), file.as_path())),
        "provider",
        diags,
    );
    module_clashes(
        services
            .iter()
            .map(|((p, id), (file, _))| (p.as_str(), id.as_str(), file.as_path())),
        "service",
        diags,
    );
    for (provider, service, api) in apis {
        match services.get_mut(&(provider.clone(), service.clone())) {
            Some((_, Some(s))) => {
                // One module (and file) per action: actions differing only in case
                // (`DescribeABC`, `DescribeAbc`) would be written to one file. The API
                // check reports this at the `action` key; this is the backstop.
                let module = crate::naming::module_name(&api.action);
                let clash = s
                    .apis
                    .iter()
                    .find(|a| crate::naming::module_name(&a.action) == module);
                if let Some(other) = s.apis.iter().find(|a| a.action == api.action) {
                    diags.push(
                        &api.source,
                        Pos::default(),
                        "action",
                        format!("action declared twice (also in {})", other.source.display()),
                    );
                } else if let Some(other) = clash {
                    diags.push(
                        &api.source,
                        Pos::default(),
                        "action",
                        format!(
                            "actions `{}` ({}) and `{}` both become the module `{module}`",
                            other.action,
                            other.source.display(),
                            api.action
                        ),
                    );
                } else {
                    s.apis.push(api);
                }
            }
            Some((_, None)) => {}
            None => diags.push(
                &api.source,
                Pos::default(),
                "",
                format!("no `{provider}/{service}/service.yaml` beside this API"),
            ),
        }
    }
    let mut catalog = Catalog {
        providers: Vec::new(),
    };
    let mut by_provider: BTreeMap<String, Vec<Service>> = BTreeMap::new();
    for ((provider, _), (path, service)) in services {
        if !providers.contains_key(&provider) {
            diags.push(
                &path,
                Pos::default(),
                "",
                format!("no `{provider}/provider.yaml` for this service"),
            );
        }
        if let Some(mut service) = service {
            service.apis.sort_by(|a, b| a.action.cmp(&b.action));
            by_provider.entry(provider).or_default().push(service);
        }
    }
    for (id, (_, provider)) in providers {
        if let Some(mut provider) = provider {
            provider.services = by_provider.remove(&id).unwrap_or_default();
            provider.services.sort_by(|a, b| a.id.cmp(&b.id));
            catalog.providers.push(provider);
        }
    }
    if diags.is_empty() {
        Ok(catalog)
    } else {
        diags.sort();
        Err(std::mem::take(diags))
    }
}

fn check_provider(
    id: &str,
    raw: ProviderFile,
    file: &Path,
    diags: &mut Diagnostics,
) -> Option<Provider> {
    let default = scheme(&raw.signing.default, file, diags);
    let mut also = Vec::new();
    for s in raw.signing.also.iter().flatten() {
        if let Some(scheme) = scheme(s, file, diags) {
            if Some(scheme) == default || also.contains(&scheme) {
                diags.push(
                    file,
                    s.pos,
                    &s.path,
                    format!("`{}` is listed twice", s.value),
                );
            } else {
                also.push(scheme);
            }
        }
    }
    let envelope = match raw.envelope.value.as_str() {
        "tencent" => Some(Envelope::Tencent),
        "volcengine" => Some(Envelope::Volcengine),
        "alibaba" => Some(Envelope::Alibaba),
        other => {
            diags.push(
                file,
                raw.envelope.pos,
                &raw.envelope.path,
                format!("unknown envelope `{other}` (expected tencent, volcengine or alibaba)"),
            );
            None
        }
    };
    for list in [
        &raw.credentials.access_key_id,
        &raw.credentials.access_key_secret,
    ] {
        if list.value.is_empty() || list.value.iter().any(|v| v.trim().is_empty()) {
            diags.push(
                file,
                list.pos,
                &list.path,
                "list at least one non-empty environment variable name",
            );
        }
    }
    let profile_file = match raw.credentials.profile_file.as_ref() {
        None => None,
        Some(at) => match at.value.as_str() {
            "tccli" => Some(ProfileFile::Tccli),
            "aliyun" => Some(ProfileFile::Aliyun),
            other => {
                diags.push(
                    file,
                    at.pos,
                    &at.path,
                    format!("unknown profile file format `{other}` (expected tccli or aliyun)"),
                );
                None
            }
        },
    };
    let errors = error_codes(raw.errors.unwrap_or_default(), file, diags);
    let error_kinds = raw
        .error_kinds
        .map(|k| ErrorKinds {
            throttling: code_prefixes(k.throttling.unwrap_or_default(), file, diags),
            auth: code_prefixes(k.auth.unwrap_or_default(), file, diags),
        })
        .unwrap_or_default();
    Some(Provider {
        id: id.to_string(),
        name: raw.name,
        signing: Signing {
            default: default?,
            also,
        },
        envelope: envelope?,
        credentials: CredentialEnv {
            access_key_id: raw.credentials.access_key_id.value,
            access_key_secret: raw.credentials.access_key_secret.value,
            session_token: raw.credentials.session_token.unwrap_or_default(),
            profile_file,
        },
        errors,
        error_kinds,
        notes: raw.notes.unwrap_or_default(),
        services: Vec::new(),
    })
}

fn scheme(
    text: &crate::spec::decode::At<String>,
    file: &Path,
    diags: &mut Diagnostics,
) -> Option<SigningScheme> {
    match text.value.as_str() {
        "tc3-hmac-sha256" => Some(SigningScheme::Tc3HmacSha256),
        "volc-hmac-sha256" => Some(SigningScheme::VolcHmacSha256),
        "acs3-hmac-sha256" => Some(SigningScheme::Acs3HmacSha256),
        "acs-rpc-hmac-sha1" => Some(SigningScheme::AcsRpcHmacSha1),
        other => {
            diags.push(file, text.pos, &text.path, format!("unknown signature scheme `{other}` (expected tc3-hmac-sha256, volc-hmac-sha256, acs3-hmac-sha256 or acs-rpc-hmac-sha1)"));
            None
        }
    }
}

/// A service's `time_formats`: each name once, not a preset's, each format a preset or a
/// description that parses, each zone well-formed.
fn named_formats(raw: &ServiceFile, file: &Path, diags: &mut Diagnostics) -> NamedFormats {
    let mut out = NamedFormats::new();
    for f in raw.time_formats.iter().flatten() {
        let name = f.name.value.as_str();
        if values::preset(name).is_some() {
            diags.push(
                file,
                f.name.pos,
                &f.name.path,
                format!("`{name}` is a preset already: give this format another name"),
            );
            continue;
        }
        if name.is_empty() || values::is_description(name) {
            diags.push(
                file,
                f.name.pos,
                &f.name.path,
                "a format name is a word without `[`",
            );
            continue;
        }
        if out.contains_key(name) {
            diags.push(
                file,
                f.name.pos,
                &f.name.path,
                format!("the format `{name}` is declared twice"),
            );
            continue;
        }
        let preset = values::preset(&f.format.value);
        let description = match preset {
            Some(p) => Some(p.description.to_string()),
            None if values::is_description(&f.format.value) => {
                match time::format_description::parse_owned::<1>(&f.format.value) {
                    Ok(_) => Some(f.format.value.clone()),
                    Err(e) => {
                        diags.push(
                            file,
                            f.format.pos,
                            &f.format.path,
                            format!("invalid time format description {:?}: {e}", f.format.value),
                        );
                        None
                    }
                }
            }
            None => {
                diags.push(
                    file,
                    f.format.pos,
                    &f.format.path,
                    format!(
                        "unknown time format `{}`{} (expected a preset: {}; or a `time` format description)",
                        f.format.value,
                        crate::suggest::did_you_mean(&f.format.value, values::PRESETS.iter().map(|p| p.name)),
                        values::PRESETS.iter().map(|p| p.name).collect::<Vec<_>>().join(", ")
                    ),
                );
                None
            }
        };
        let fixed = preset.and_then(|p| p.utc_offset_seconds);
        let offset = match &f.utc_offset {
            None => Ok(fixed),
            Some(o) => match values::utc_offset(&o.value) {
                Ok(seconds) if fixed.is_some_and(|f| f != seconds) => {
                    diags.push(
                        file,
                        o.pos,
                        &o.path,
                        format!(
                            "the preset `{}` writes times at {} already",
                            f.format.value,
                            values::offset_text(fixed.unwrap_or_default())
                        ),
                    );
                    Err(())
                }
                Ok(seconds) => Ok(Some(seconds)),
                Err(m) => {
                    diags.push(file, o.pos, &o.path, m);
                    Err(())
                }
            },
        };
        let named = match (description, offset) {
            (Some(description), Ok(utc_offset_seconds)) => Some(NamedFormat {
                description,
                utc_offset_seconds,
            }),
            _ => None,
        };
        out.insert(name.to_string(), named);
    }
    out
}

fn check_service(
    id: &str,
    raw: ServiceFile,
    file: &Path,
    diags: &mut Diagnostics,
) -> Option<Service> {
    let mut ok = true;
    if raw.version.value.trim().is_empty() {
        diags.push(
            file,
            raw.version.pos,
            &raw.version.path,
            "the version must not be empty",
        );
        ok = false;
    }
    let endpoint = &raw.endpoint.value;
    let host_ok = !endpoint.is_empty()
        && endpoint
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'));
    if !host_ok {
        diags.push(
            file,
            raw.endpoint.pos,
            &raw.endpoint.path,
            format!("endpoint {endpoint:?} must be a bare host name (no scheme, path or spaces)"),
        );
        ok = false;
    }
    for region in raw.default_region.iter().chain(raw.signing_name.iter()) {
        if region.value.trim().is_empty() || region.value.contains(char::is_whitespace) {
            diags.push(file, region.pos, &region.path, "must be a non-empty word");
            ok = false;
        }
    }
    ok.then(|| Service {
        id: id.to_string(),
        name: raw.name,
        version: raw.version.value,
        endpoint: raw.endpoint.value,
        signing_name: raw.signing_name.map_or_else(|| id.to_string(), |s| s.value),
        default_region: raw.default_region.map(|r| r.value),
        notes: raw.notes.unwrap_or_default(),
        apis: Vec::new(),
    })
}

/// The codes (or code prefixes) of one error kind: non-empty words, each once.
fn code_prefixes(
    raw: Vec<crate::spec::decode::At<String>>,
    file: &Path,
    diags: &mut Diagnostics,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for code in raw {
        let text = code.value.trim();
        if text.is_empty() || text.contains(char::is_whitespace) || text.ends_with('.') {
            diags.push(
                file,
                code.pos,
                &code.path,
                "an error code (or prefix) must be a non-empty word not ending in `.`",
            );
        } else if out.iter().any(|c| c == text) {
            diags.push(
                file,
                code.pos,
                &code.path,
                format!("`{text}` is listed twice"),
            );
        } else {
            out.push(text.to_string());
        }
    }
    out
}

/// Error codes of one list: each code once, statuses plausible.
pub(crate) fn error_codes(
    raw: Vec<ErrorSpec>,
    file: &Path,
    diags: &mut Diagnostics,
) -> Vec<ErrorCode> {
    let mut out: Vec<ErrorCode> = Vec::with_capacity(raw.len());
    let mut variants: BTreeMap<String, String> = BTreeMap::new();
    for e in raw {
        let code = e.code.value.trim().to_string();
        if code.is_empty() {
            diags.push(
                file,
                e.code.pos,
                &e.code.path,
                "an error code must not be empty",
            );
            continue;
        }
        if out.iter().any(|o| o.code == code) {
            diags.push(
                file,
                e.code.pos,
                &e.code.path,
                format!("error code `{code}` is declared twice in this list"),
            );
            continue;
        }
        let variant = crate::naming::error_variant_name(&code);
        if let Some(other) = variants.insert(variant.clone(), code.clone()) {
            diags.push(
                file,
                e.code.pos,
                &e.code.path,
                format!(
                    "error codes `{other}` and `{code}` both become the Rust variant `{variant}`"
                ),
            );
            continue;
        }
        if let Some(status) = &e.http_status {
            if !(100..=599).contains(&status.value) {
                diags.push(
                    file,
                    status.pos,
                    &status.path,
                    format!("{} is not an HTTP status", status.value),
                );
            }
        }
        out.push(ErrorCode {
            code,
            description: e.description,
            http_status: e.http_status.map(|s| s.value),
            retryable: e.retryable.unwrap_or(false),
            messages: e.messages.unwrap_or_default(),
        });
    }
    out
}
