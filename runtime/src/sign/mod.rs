//! Request signing for the four schemes the providers use.
//!
//! Each signer is a pure function of the credentials, the time, the nonce and the request:
//! no clock, no randomness, no I/O. It returns every intermediate string (canonical request,
//! string to sign, ...) next to the headers and query it adds, so tests compare them byte for
//! byte with the providers' own SDKs (`tests/fixtures/signing.json`) and a mismatch shows
//! exactly which line differs.

mod acs3;
pub mod encoding;
mod rpc_v1;
mod tc3;
mod volc;

use std::fmt;
use std::str::FromStr;

pub use rpc_v1::{rpc_v1_signature, rpc_v1_string_to_sign};

/// A request-signing scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SigningScheme {
    /// Tencent Cloud API 3.0, `TC3-HMAC-SHA256`.
    Tc3HmacSha256,
    /// Volcengine OpenAPI, `HMAC-SHA256` (SigV4-like).
    VolcHmacSha256,
    /// Alibaba Cloud V3, `ACS3-HMAC-SHA256` (header signature).
    Acs3HmacSha256,
    /// Alibaba Cloud RPC V1, HMAC-SHA1 over the sorted query.
    AcsRpcHmacSha1,
}

impl SigningScheme {
    /// The algorithm id, as in the signing vectors.
    pub fn as_str(self) -> &'static str {
        match self {
            SigningScheme::Tc3HmacSha256 => "TC3-HMAC-SHA256",
            SigningScheme::VolcHmacSha256 => "VOLC-HMAC-SHA256",
            SigningScheme::Acs3HmacSha256 => "ACS3-HMAC-SHA256",
            SigningScheme::AcsRpcHmacSha1 => "ACS-RPC-HMAC-SHA1",
        }
    }
}

impl fmt::Display for SigningScheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is not a known signing scheme.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown signing scheme {0:?}")]
pub struct UnknownScheme(pub String);

impl FromStr for SigningScheme {
    type Err = UnknownScheme;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "tc3-hmac-sha256" => Ok(SigningScheme::Tc3HmacSha256),
            "volc-hmac-sha256" => Ok(SigningScheme::VolcHmacSha256),
            "acs3-hmac-sha256" => Ok(SigningScheme::Acs3HmacSha256),
            "acs-rpc-hmac-sha1" => Ok(SigningScheme::AcsRpcHmacSha1),
            _ => Err(UnknownScheme(s.to_string())),
        }
    }
}

/// Who signs, when, and for which API. Secrets are borrowed, never stored.
#[derive(Clone, Copy)]
pub struct SigningParams<'a> {
    pub access_key_id: &'a str,
    pub access_key_secret: &'a str,
    pub session_token: Option<&'a str>,
    /// Unix seconds (UTC).
    pub timestamp: i64,
    /// Alibaba's signature nonce (ignored by the other schemes).
    pub nonce: &'a str,
    /// Region; Tencent leaves the region header out when empty.
    pub region: &'a str,
    /// Service name in the signature scope.
    pub service: &'a str,
    pub action: &'a str,
    pub version: &'a str,
}

impl fmt::Debug for SigningParams<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningParams")
            .field("access_key_id", &self.access_key_id)
            .field("access_key_secret", &"<redacted>")
            .field("session_token", &self.session_token.map(|_| "<redacted>"))
            .field("timestamp", &self.timestamp)
            .field("region", &self.region)
            .field("service", &self.service)
            .field("action", &self.action)
            .field("version", &self.version)
            .finish()
    }
}

/// The request before signing. Query values are raw (not percent-encoded).
#[derive(Debug, Clone, Copy)]
pub struct RequestParts<'a> {
    pub method: &'a str,
    pub host: &'a str,
    pub path: &'a str,
    pub query: &'a [(String, String)],
    /// Headers already on the request (e.g. `Host`, `Content-Type`).
    pub headers: &'a [(String, String)],
    pub body: &'a [u8],
}

/// What a signer produced, intermediates included.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SignedRequest {
    /// Headers to add to the request (scheme headers and `Authorization`).
    pub headers: Vec<(String, String)>,
    /// The query parameters to send, in order (RPC V1 adds its own, `Signature` included).
    pub query: Vec<(String, String)>,
    /// The exact percent-encoded query string to put after `?` (empty: no query).
    pub encoded_query: String,
    pub payload_hash: Option<String>,
    pub canonical_query_string: Option<String>,
    pub canonical_request: Option<String>,
    pub credential_scope: Option<String>,
    pub string_to_sign: String,
    pub signed_headers: Option<String>,
    pub signing_key_hex: Option<String>,
    pub signature: String,
    pub authorization: Option<String>,
}

/// Hex SHA-256 of a request body: the payload hash TC3, Volcengine and ACS3 sign (and
/// Volcengine/ACS3 send as a header).
pub fn payload_hash(body: &[u8]) -> String {
    crypto::sha256_hex(body)
}

/// Signs `request` with `scheme`.
pub fn sign(
    scheme: SigningScheme,
    params: &SigningParams<'_>,
    request: &RequestParts<'_>,
) -> SignedRequest {
    match scheme {
        SigningScheme::Tc3HmacSha256 => tc3::sign(params, request),
        SigningScheme::VolcHmacSha256 => volc::sign(params, request),
        SigningScheme::Acs3HmacSha256 => acs3::sign(params, request),
        SigningScheme::AcsRpcHmacSha1 => rpc_v1::sign(params, request),
    }
}

/// Crypto helpers shared by the signers.
pub(crate) mod crypto {
    use hmac::{Hmac, KeyInit, Mac};
    use sha1::Sha1;
    use sha2::{Digest, Sha256};

    pub fn sha256_hex(data: &[u8]) -> String {
        hex::encode(Sha256::digest(data))
    }

    pub fn hmac_sha256(key: &[u8], message: &[u8]) -> Vec<u8> {
        // HMAC is defined for keys of any length (long keys are hashed, short ones padded),
        // so construction cannot fail; the fallback only keeps this function total.
        match Hmac::<Sha256>::new_from_slice(key) {
            Ok(mut mac) => {
                mac.update(message);
                mac.finalize().into_bytes().to_vec()
            }
            Err(_) => Vec::new(),
        }
    }

    pub fn hmac_sha1(key: &[u8], message: &[u8]) -> Vec<u8> {
        match Hmac::<Sha1>::new_from_slice(key) {
            Ok(mut mac) => {
                mac.update(message);
                mac.finalize().into_bytes().to_vec()
            }
            Err(_) => Vec::new(),
        }
    }
}

/// UTC calendar fields of a unix timestamp (out-of-range timestamps clamp to the epoch so
/// signing stays total; such a request is rejected by the server as expired).
pub(crate) fn utc(timestamp: i64) -> time::OffsetDateTime {
    time::OffsetDateTime::from_unix_timestamp(timestamp).unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
}

/// `YYYY-MM-DDTHH:MM:SSZ`.
pub(crate) fn iso8601_z(timestamp: i64) -> String {
    let t = utc(timestamp);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// A header's value by case-insensitive name.
pub(crate) fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}
