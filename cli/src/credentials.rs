//! Where credentials come from: `--profile`, the provider's environment variables, the
//! provider CLI's default profile, in that order. The provider CLI's file format is named by
//! its spec (`credentials.profile_file`); this module knows each format, not each provider.

use std::path::{Path, PathBuf};

use cloudusage_runtime::cli::{ProfileFormat, ServiceCli};
use cloudusage_runtime::Credentials;
use serde_json::Value;

/// Credentials and the region the profile names, if any.
#[derive(Debug)]
pub struct Resolved {
    pub credentials: Credentials,
    pub region: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum CredentialError {
    #[error("no credentials for {provider}: set {variables}{profile}")]
    Missing {
        provider: &'static str,
        variables: String,
        profile: String,
    },
    #[error(
        "{provider} has no command-line tool whose profiles could be read (--profile {profile})"
    )]
    NoProfiles {
        provider: &'static str,
        profile: String,
    },
    #[error("profile {profile:?} is not in {}", path.display())]
    NoSuchProfile { profile: String, path: PathBuf },
    #[error("cannot read {}: {message}", path.display())]
    File { path: PathBuf, message: String },
    #[error("no home directory (HOME is not set) to find the profile files in")]
    NoHome,
}

/// What the process sees: its environment and home directory.
pub struct Environment {
    /// Reads an environment variable.
    pub var: fn(&str) -> Option<String>,
    pub home: Option<PathBuf>,
}

impl Environment {
    /// The process's environment; the home directory is `HOME` (`USERPROFILE` on Windows).
    pub fn process() -> Self {
        let home = std::env::var_os("HOME")
            .or_else(|| std::env::var_os("USERPROFILE"))
            .filter(|h| !h.is_empty())
            .map(PathBuf::from);
        Environment {
            var: |name| std::env::var(name).ok(),
            home,
        }
    }
}

/// Credentials for `service`: the named profile if `profile` is given, else the provider's
/// environment variables, else the provider CLI's default profile.
pub fn resolve(
    service: &ServiceCli,
    profile: Option<&str>,
    env: &Environment,
) -> Result<Resolved, CredentialError> {
    let provider = service.info.provider;
    if let Some(name) = profile {
        let format = service.profile.ok_or_else(|| CredentialError::NoProfiles {
            provider,
            profile: name.to_string(),
        })?;
        let home = env.home.as_deref().ok_or(CredentialError::NoHome)?;
        return read_profile(format, home, Some(name))?.ok_or_else(|| {
            CredentialError::NoSuchProfile {
                profile: name.to_string(),
                path: profile_path(format, home, name),
            }
        });
    }
    let vars = &service.info.credentials;
    if let Ok(credentials) = Credentials::from_lookup(vars, |n| (env.var)(n)) {
        return Ok(Resolved {
            credentials,
            region: None,
        });
    }
    if let (Some(format), Some(home)) = (service.profile, env.home.as_deref()) {
        if let Some(found) = read_profile(format, home, None)? {
            return Ok(found);
        }
    }
    Err(CredentialError::Missing {
        provider,
        variables: vars
            .access_key_id
            .iter()
            .chain(vars.access_key_secret)
            .copied()
            .collect::<Vec<_>>()
            .join(", "),
        profile: match service.profile {
            Some(f) => format!(
                ", or write {}",
                profile_path(f, Path::new("~"), "default").display()
            ),
            None => String::new(),
        },
    })
}

fn profile_path(format: ProfileFormat, home: &Path, name: &str) -> PathBuf {
    match format {
        ProfileFormat::Tccli => home.join(".tccli").join(format!("{name}.credential")),
        ProfileFormat::Aliyun => home.join(".aliyun").join("config.json"),
    }
}

/// A JSON file, or `None` if it does not exist.
fn read_json(path: &Path) -> Result<Option<Value>, CredentialError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(CredentialError::File {
                path: path.to_path_buf(),
                message: e.to_string(),
            })
        }
    };
    serde_json::from_str(&text)
        .map(Some)
        .map_err(|e| CredentialError::File {
            path: path.to_path_buf(),
            message: e.to_string(),
        })
}

fn text<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value.get(key)?.as_str().filter(|s| !s.is_empty())
}

/// The named profile (`None`: the format's default one), or `None` if there is none.
fn read_profile(
    format: ProfileFormat,
    home: &Path,
    name: Option<&str>,
) -> Result<Option<Resolved>, CredentialError> {
    match format {
        ProfileFormat::Tccli => {
            let name = name.unwrap_or("default");
            let path = profile_path(format, home, name);
            let Some(file) = read_json(&path)? else {
                return Ok(None);
            };
            let (Some(id), Some(secret)) = (text(&file, "secretId"), text(&file, "secretKey"))
            else {
                return Err(CredentialError::File {
                    path,
                    message: "expected secretId and secretKey".into(),
                });
            };
            let mut credentials = Credentials::new(id, secret);
            if let Some(token) = text(&file, "token") {
                credentials = credentials.with_session_token(token);
            }
            let configure = home.join(".tccli").join(format!("{name}.configure"));
            let region = read_json(&configure)?.and_then(|c| {
                c.get("_sys_param")
                    .and_then(|p| text(p, "region"))
                    .map(str::to_string)
            });
            Ok(Some(Resolved {
                credentials,
                region,
            }))
        }
        ProfileFormat::Aliyun => {
            let path = profile_path(format, home, "");
            let Some(file) = read_json(&path)? else {
                return Ok(None);
            };
            let name = name.or_else(|| text(&file, "current")).unwrap_or("default");
            let profiles = file.get("profiles").and_then(Value::as_array);
            let Some(profile) = profiles
                .into_iter()
                .flatten()
                .find(|p| text(p, "name") == Some(name))
            else {
                return Ok(None);
            };
            let mode = text(profile, "mode").unwrap_or("AK");
            if mode != "AK" && mode != "StsToken" {
                return Err(CredentialError::File {
                    path,
                    message: format!(
                        "profile {name:?} uses mode {mode}; only AK and StsToken profiles can be read"
                    ),
                });
            }
            let (Some(id), Some(secret)) = (
                text(profile, "access_key_id"),
                text(profile, "access_key_secret"),
            ) else {
                return Err(CredentialError::File {
                    path,
                    message: format!("profile {name:?} has no access_key_id and access_key_secret"),
                });
            };
            let mut credentials = Credentials::new(id, secret);
            if let Some(token) = text(profile, "sts_token") {
                credentials = credentials.with_session_token(token);
            }
            Ok(Some(Resolved {
                credentials,
                region: text(profile, "region_id").map(str::to_string),
            }))
        }
    }
}
