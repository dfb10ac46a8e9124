//! Access keys. Secrets are never printed: `Debug` redacts them and there is no `Display`.

use std::fmt;

use crate::operation::CredentialEnv;

/// An access key pair, with an optional session (STS) token.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    access_key_secret: String,
    session_token: Option<String>,
}

impl Credentials {
    pub fn new(access_key_id: impl Into<String>, access_key_secret: impl Into<String>) -> Self {
        Credentials {
            access_key_id: access_key_id.into(),
            access_key_secret: access_key_secret.into(),
            session_token: None,
        }
    }

    /// Adds a session / security token (temporary credentials).
    pub fn with_session_token(mut self, token: impl Into<String>) -> Self {
        self.session_token = Some(token.into());
        self
    }

    /// Reads the provider's usual environment variables (the first set one of each list).
    pub fn from_env(env: &CredentialEnv) -> Result<Self, MissingCredentials> {
        Self::from_lookup(env, |name| std::env::var(name).ok())
    }

    /// Like [`Credentials::from_env`] with an injectable lookup (tests, config files).
    pub fn from_lookup(
        env: &CredentialEnv,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, MissingCredentials> {
        let first = |names: &'static [&'static str]| {
            names
                .iter()
                .find_map(|n| lookup(n).filter(|v| !v.is_empty()))
        };
        let id = first(env.access_key_id).ok_or(MissingCredentials {
            variables: env.access_key_id,
        })?;
        let secret = first(env.access_key_secret).ok_or(MissingCredentials {
            variables: env.access_key_secret,
        })?;
        let mut credentials = Credentials::new(id, secret);
        credentials.session_token = first(env.session_token);
        Ok(credentials)
    }

    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The secret, for signing only.
    pub fn access_key_secret(&self) -> &str {
        &self.access_key_secret
    }

    pub fn session_token(&self) -> Option<&str> {
        self.session_token.as_deref()
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("access_key_secret", &"<redacted>")
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

/// None of the environment variables holding a credential is set.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no credentials: set one of {variables:?}")]
pub struct MissingCredentials {
    pub variables: &'static [&'static str],
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENV: CredentialEnv = CredentialEnv {
        access_key_id: &["A_ID", "B_ID"],
        access_key_secret: &["A_SECRET"],
        session_token: &["A_TOKEN"],
    };

    #[test]
    fn debug_never_shows_secrets() {
        let c = Credentials::new("AKIDpublic", "s3cr3t-value").with_session_token("t0ken-value");
        let shown = format!("{c:?} {c:#?}");
        assert!(shown.contains("AKIDpublic"));
        assert!(!shown.contains("s3cr3t-value"), "{shown}");
        assert!(!shown.contains("t0ken-value"), "{shown}");
    }

    #[test]
    fn reads_the_first_set_variable() {
        let c = Credentials::from_lookup(&ENV, |n| match n {
            "B_ID" => Some("id".into()),
            "A_SECRET" => Some("secret".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(
            (c.access_key_id(), c.access_key_secret(), c.session_token()),
            ("id", "secret", None)
        );
        let err = Credentials::from_lookup(&ENV, |_| None).unwrap_err();
        assert_eq!(err.variables, &["A_ID", "B_ID"]);
    }
}
