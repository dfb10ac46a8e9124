//! What can go wrong, and the exit status of each kind.

use std::path::PathBuf;

use cloudusage_runtime::cli::{ArgError, CallError, ErrorKind};

use crate::credentials::CredentialError;

/// The exit status of each kind of failure, so scripts can tell them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum ExitStatus {
    Success = 0,
    /// Anything else (writing the output failed).
    Other = 1,
    /// The command line is wrong (clap's own errors use it too).
    Usage = 2,
    /// The request breaks a documented limit: nothing was sent.
    Validation = 3,
    /// No credentials, or the server rejected them.
    Auth = 4,
    /// The server is throttling the caller (after the client's retries).
    Throttling = 5,
    /// The server answered with an error, or with something unreadable.
    Server = 6,
    /// No answer: connection, transfer or timeout.
    Transport = 7,
    /// The client cannot be configured (endpoint, signing).
    Config = 8,
}

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Arg(#[from] ArgError),
    #[error("{0}")]
    Usage(String),
    #[error("cannot read {path}: {message}")]
    Input { path: PathBuf, message: String },
    #[error(transparent)]
    Credentials(#[from] CredentialError),
    #[error("{}{}", .0, .0.request_id.as_deref().map(|id| format!(" (request id {id})")).unwrap_or_default())]
    Call(#[from] CallError),
    #[error("cannot write the output: {0}")]
    Output(#[from] std::io::Error),
}

impl From<csv::Error> for CliError {
    fn from(e: csv::Error) -> Self {
        CliError::Output(std::io::Error::other(e))
    }
}

impl CliError {
    pub fn status(&self) -> ExitStatus {
        match self {
            CliError::Arg(_) | CliError::Usage(_) | CliError::Input { .. } => ExitStatus::Usage,
            CliError::Credentials(_) => ExitStatus::Auth,
            CliError::Call(e) => match e.kind {
                ErrorKind::Validation => ExitStatus::Validation,
                ErrorKind::Auth => ExitStatus::Auth,
                ErrorKind::Throttling => ExitStatus::Throttling,
                ErrorKind::Server => ExitStatus::Server,
                ErrorKind::Transport => ExitStatus::Transport,
                ErrorKind::Config => ExitStatus::Config,
            },
            CliError::Output(_) => ExitStatus::Other,
        }
    }
}
