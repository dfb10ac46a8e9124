//! The error of a call, typed by the API's error code.

use std::time::Duration;

use crate::config::ConfigError;
use crate::operation::ErrorCode;
use crate::sign::SignError;
use crate::validate::ValidationErrors;
use crate::wire::EncodeError;

/// HTTP 429 Too Many Requests: throttling, whichever provider sends it.
const TOO_MANY_REQUESTS: u16 = 429;

/// Whether `code` is of the kind listed by `codes`: one of them, or one of them followed by
/// `.` and more (`Throttling` covers `Throttling.User`). Used by [`error_codes!`](crate::error_codes).
pub fn code_of_kind(code: &str, codes: &[&str]) -> bool {
    codes.iter().any(|k| {
        code.strip_prefix(k)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
    })
}

/// An error the server answered with, in the provider's envelope.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError<C> {
    /// The typed code (`Unknown` keeps codes the spec does not list).
    pub code: C,
    pub message: String,
    pub request_id: Option<String>,
    pub http_status: u16,
    /// The raw response body.
    pub body: String,
}

/// Everything that can go wrong with a call of an API whose error code type is `C`.
#[derive(Debug, thiserror::Error)]
pub enum Error<C: ErrorCode> {
    /// The request breaks documented limits; it was not sent.
    #[error(transparent)]
    Validation(#[from] ValidationErrors),
    /// The server answered with an error code.
    #[error("{} ({}): {} [request id {}]", .0.code.code(), .0.http_status, .0.message, .0.request_id.as_deref().unwrap_or("-"))]
    Api(ApiError<C>),
    /// A non-success HTTP status without a recognisable error envelope.
    #[error("HTTP {status} without an error envelope [request id {}]", request_id.as_deref().unwrap_or("-"))]
    Http {
        status: u16,
        request_id: Option<String>,
        body: String,
    },
    /// The answer could not be decoded into the typed response.
    #[error("cannot decode the response (HTTP {status}): {message} [request id {}]", request_id.as_deref().unwrap_or("-"))]
    Decode {
        status: u16,
        request_id: Option<String>,
        message: String,
        body: String,
    },
    /// Connecting, sending or receiving failed.
    #[error("transport error: {0}")]
    Transport(#[source] reqwest::Error),
    /// No complete answer within the configured timeout.
    #[error("no answer within {0:?}")]
    Timeout(Duration),
    /// A parameter cannot be written in its wire format.
    #[error(transparent)]
    Encode(#[from] EncodeError),
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The request cannot be signed (a time outside what signatures carry, a header value
    /// HTTP does not allow).
    #[error("cannot sign the request: {0}")]
    Sign(#[from] SignError),
}

impl<C: ErrorCode> Error<C> {
    /// The same error with its code converted by `f` (every other case is kept as it is).
    pub fn map_code<D: ErrorCode>(self, f: impl FnOnce(C) -> D) -> Error<D> {
        match self {
            Error::Validation(e) => Error::Validation(e),
            Error::Api(e) => Error::Api(ApiError {
                code: f(e.code),
                message: e.message,
                request_id: e.request_id,
                http_status: e.http_status,
                body: e.body,
            }),
            Error::Http {
                status,
                request_id,
                body,
            } => Error::Http {
                status,
                request_id,
                body,
            },
            Error::Decode {
                status,
                request_id,
                message,
                body,
            } => Error::Decode {
                status,
                request_id,
                message,
                body,
            },
            Error::Transport(e) => Error::Transport(e),
            Error::Timeout(d) => Error::Timeout(d),
            Error::Encode(e) => Error::Encode(e),
            Error::Config(e) => Error::Config(e),
            Error::Sign(e) => Error::Sign(e),
        }
    }

    /// The server's request id, when the server answered with one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.request_id.as_deref(),
            Error::Http { request_id, .. } | Error::Decode { request_id, .. } => {
                request_id.as_deref()
            }
            _ => None,
        }
    }

    /// The raw response body, when there was one.
    pub fn raw_body(&self) -> Option<&str> {
        match self {
            Error::Api(e) => Some(&e.body),
            Error::Http { body, .. } | Error::Decode { body, .. } => Some(body),
            _ => None,
        }
    }

    /// The typed error code, for server errors.
    pub fn code(&self) -> Option<&C> {
        match self {
            Error::Api(e) => Some(&e.code),
            _ => None,
        }
    }

    /// The error code as the server sent it, for server errors.
    pub fn code_str(&self) -> Option<&str> {
        self.code().map(ErrorCode::code)
    }

    /// The HTTP status of the answer, when there was one.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.http_status),
            Error::Http { status, .. } | Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Whether the server is throttling the caller: an HTTP 429 (whatever the body says),
    /// or a code the provider's spec lists as throttling (`error_kinds.throttling`).
    pub fn is_throttling(&self) -> bool {
        match self {
            Error::Api(e) => e.http_status == TOO_MANY_REQUESTS || e.code.is_throttling(),
            Error::Http { status, .. } => *status == TOO_MANY_REQUESTS,
            _ => false,
        }
    }

    /// Whether authentication or authorisation failed: a code the provider's spec lists as
    /// such (`error_kinds.auth`), or an HTTP 401 without an error envelope.
    pub fn is_auth(&self) -> bool {
        match self {
            Error::Api(e) => e.code.is_auth(),
            Error::Http { status, .. } => *status == 401,
            _ => false,
        }
    }

    /// Whether sending the same request again may succeed: throttling, a code the spec marks
    /// retryable, an undocumented 5xx, a transport failure or a timeout.
    pub fn is_retryable(&self) -> bool {
        if self.is_throttling() {
            return true;
        }
        match self {
            Error::Api(e) => {
                e.code.retryable() || e.http_status >= 500 && e.code.http_status().is_none()
            }
            Error::Http { status, .. } => *status >= 500,
            Error::Transport(_) | Error::Timeout(_) => true,
            Error::Validation(_)
            | Error::Decode { .. }
            | Error::Encode(_)
            | Error::Config(_)
            | Error::Sign(_) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::code_of_kind;

    #[test]
    fn a_kind_covers_its_codes_and_their_sub_codes_only() {
        let kinds = ["RequestLimitExceeded", "FlowLimitExceeded"];
        assert!(code_of_kind("RequestLimitExceeded", &kinds));
        assert!(code_of_kind(
            "RequestLimitExceeded.UinLimitExceeded",
            &kinds
        ));
        assert!(code_of_kind("FlowLimitExceeded", &kinds));
        assert!(!code_of_kind("AccountFlowLimitExceeded", &kinds));
        assert!(!code_of_kind("RequestLimitExceededX", &kinds));
        assert!(!code_of_kind("", &kinds));
        assert!(!code_of_kind("Throttling", &[]));
    }
}
