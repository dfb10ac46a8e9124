//! The seam between generated code and the runtime.
//!
//! Generated code describes each service with a [`ServiceInfo`] constant and implements
//! [`Operation`] for each request type; the runtime's client needs nothing else to validate,
//! encode, sign, send and decode a call. Everything in these descriptions comes from the specs.

use crate::sign::SigningScheme;
use crate::validate::{ValidationContext, ValidationErrors};

/// The response envelope a provider wraps results and errors in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Envelope {
    /// `{"Response": {..., "RequestId": "...", "Error": {"Code", "Message"}}}`.
    Tencent,
    /// `{"ResponseMetadata": {"RequestId", "Error": {"Code", "Message"}}, "Result": {...}}`.
    Volcengine,
    /// Flat JSON; failures carry `Code`, `Message`, `RequestId` and a non-2xx status.
    Alibaba,
}

/// Environment variables credentials are read from; each list is tried in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CredentialEnv {
    pub access_key_id: &'static [&'static str],
    pub access_key_secret: &'static [&'static str],
    pub session_token: &'static [&'static str],
}

/// Facts shared by every API of one service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceInfo {
    /// Provider id, e.g. `tencent`.
    pub provider: &'static str,
    /// Service id, e.g. `vod`.
    pub service: &'static str,
    /// Host name, e.g. `vod.tencentcloudapi.com`.
    pub endpoint: &'static str,
    /// API version sent with every call.
    pub version: &'static str,
    /// Service name in signature scopes.
    pub signing_name: &'static str,
    pub default_region: Option<&'static str>,
    pub default_signing: SigningScheme,
    /// Other schemes a client may select.
    pub other_signing: &'static [SigningScheme],
    pub envelope: Envelope,
    pub credentials: CredentialEnv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpMethod {
    Get,
    Post,
}

impl HttpMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
        }
    }
}

/// A documented request rate: at most `count` calls per `per_seconds` seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RateLimit {
    pub count: u32,
    pub per_seconds: u64,
}

/// Facts about one API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OperationInfo {
    pub action: &'static str,
    pub method: HttpMethod,
    pub rate_limit: Option<RateLimit>,
    /// The rate limit is the account's, shared by all its access keys (else each access key
    /// has its own).
    pub per_account: bool,
    /// Region pin: when non-empty the client's region must be one of these.
    pub regions: &'static [&'static str],
    pub deprecated: bool,
}

impl OperationInfo {
    /// An API without a documented rate limit, region pin or deprecation; the other
    /// builders add those.
    pub const fn new(action: &'static str, method: HttpMethod) -> Self {
        OperationInfo {
            action,
            method,
            rate_limit: None,
            per_account: false,
            regions: &[],
            deprecated: false,
        }
    }

    /// At most `count` calls per `per_seconds` seconds.
    pub const fn rate(mut self, count: u32, per_seconds: u64) -> Self {
        self.rate_limit = Some(RateLimit { count, per_seconds });
        self
    }

    /// The rate limit is counted per account: every access key of the process shares it
    /// (the client cannot tell which keys belong to one account, so it counts them all
    /// together, which never exceeds the account's budget).
    pub const fn per_account(mut self) -> Self {
        self.per_account = true;
        self
    }

    /// Only these regions serve the API.
    pub const fn regions(mut self, regions: &'static [&'static str]) -> Self {
        self.regions = regions;
        self
    }

    /// The API is deprecated.
    pub const fn deprecated(mut self) -> Self {
        self.deprecated = true;
        self
    }
}

/// The parameters of one call, placed where the spec says they go. Built by generated code;
/// the values are already in their wire form (times formatted, lists encoded).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WireParams {
    /// Members of the JSON body (empty: `{}` is sent for JSON-body APIs).
    pub body: JsonBody,
    /// Query parameters in spec order.
    pub query: Vec<(String, String)>,
    /// Extra request headers.
    pub headers: Vec<(String, String)>,
}

/// The members of a JSON request body, in name order (the order `serde_json::Map` keeps and
/// writes, so the body's bytes are the same), named by the spec's static strings: a member
/// costs no allocation for its name and no tree node, and the body is written straight
/// from the list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct JsonBody {
    members: Vec<(&'static str, serde_json::Value)>,
}

static NULL: serde_json::Value = serde_json::Value::Null;

impl JsonBody {
    /// Sets member `name`, returning the value it replaces.
    pub fn insert(
        &mut self,
        name: &'static str,
        value: serde_json::Value,
    ) -> Option<serde_json::Value> {
        // A member after every other one (most, when the spec lists them in name order)
        // goes at the end after one comparison, without a search.
        if self.members.last().is_none_or(|(last, _)| *last < name) {
            self.members.push((name, value));
            return None;
        }
        match self.members.binary_search_by(|(k, _)| k.cmp(&name)) {
            Ok(at) => self
                .members
                .get_mut(at)
                .map(|(_, old)| std::mem::replace(old, value)),
            Err(at) => {
                self.members.insert(at, (name, value));
                None
            }
        }
    }

    /// Member `name`.
    pub fn get(&self, name: &str) -> Option<&serde_json::Value> {
        self.members
            .binary_search_by(|(k, _)| (*k).cmp(name))
            .ok()
            .and_then(|at| self.members.get(at))
            .map(|(_, v)| v)
    }

    /// Whether the body has member `name`.
    pub fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    pub fn len(&self) -> usize {
        self.members.len()
    }

    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// The members in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &serde_json::Value)> {
        self.members.iter().map(|(k, v)| (*k, v))
    }

    /// The body as compact JSON text, as `serde_json::to_vec` writes a map.
    pub fn to_vec(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(16 + 48 * self.members.len());
        out.push(b'{');
        for (n, (name, value)) in self.members.iter().enumerate() {
            if n > 0 {
                out.push(b',');
            }
            push_json_string(&mut out, name);
            out.push(b':');
            push_json(&mut out, value);
        }
        out.push(b'}');
        out
    }

    /// The body as a `serde_json::Map`.
    pub fn to_map(&self) -> serde_json::Map<String, serde_json::Value> {
        self.iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }
}

/// Appends `value` as compact JSON, as `serde_json::to_writer` writes it: strings, lists
/// and the constants directly (a list of names or times is the usual member after plain
/// strings, and serde's serializer was a fifth of writing such a body), numbers and objects
/// through serde_json.
fn push_json(out: &mut Vec<u8>, value: &serde_json::Value) {
    match value {
        serde_json::Value::String(text) => push_json_string(out, text),
        serde_json::Value::Array(items) => {
            out.push(b'[');
            for (n, item) in items.iter().enumerate() {
                if n > 0 {
                    out.push(b',');
                }
                push_json(out, item);
            }
            out.push(b']');
        }
        serde_json::Value::Bool(true) => out.extend_from_slice(b"true"),
        serde_json::Value::Bool(false) => out.extend_from_slice(b"false"),
        serde_json::Value::Null => out.extend_from_slice(b"null"),
        // Writing a `Value` into a `Vec` cannot fail.
        other => {
            let _ = serde_json::to_writer(&mut *out, other);
        }
    }
}

/// Appends `text` as a JSON string: copied between quotes when nothing in it needs an
/// escape (names and wire values nearly always), else written by serde_json.
fn push_json_string(out: &mut Vec<u8>, text: &str) {
    let plain = text.bytes().fold(true, |plain, b| {
        plain & (b >= 0x20 && b != b'"' && b != b'\\')
    });
    if plain {
        out.push(b'"');
        out.extend_from_slice(text.as_bytes());
        out.push(b'"');
    } else {
        // Writing a string into a `Vec` cannot fail.
        let _ = serde_json::to_writer(&mut *out, text);
    }
}

/// Member `name`, or `null` when the body has none (as indexing a `serde_json::Value`).
impl std::ops::Index<&str> for JsonBody {
    type Output = serde_json::Value;

    fn index(&self, name: &str) -> &serde_json::Value {
        self.get(name).unwrap_or(&NULL)
    }
}

/// A documented error code: a provider's common codes (with an `Unknown` case for anything
/// else), or an API's own codes with its provider's common type as the fallback. Generated
/// with [`error_codes!`](crate::error_codes).
pub trait ErrorCode: std::fmt::Debug + Clone + PartialEq + Send + Sync + 'static {
    /// Maps a code sent by the server; never fails (unknown codes become the unknown case).
    fn from_code(code: &str) -> Self;
    /// The code as the server sends it.
    fn code(&self) -> &str;
    /// The documented HTTP status, where the page gives one.
    fn http_status(&self) -> Option<u16>;
    /// Whether retrying the same request can help (from the spec's `retryable`).
    fn retryable(&self) -> bool;
    /// The documented description (empty for unknown codes).
    fn description(&self) -> &'static str;
    /// Whether the spec documents this code (false for the unknown case).
    fn is_documented(&self) -> bool;
    /// Whether the code means the provider is throttling the caller (from the provider's
    /// `error_kinds`).
    fn is_throttling(&self) -> bool {
        false
    }
    /// Whether the code means authentication or authorisation failed (from the provider's
    /// `error_kinds`).
    fn is_auth(&self) -> bool {
        false
    }
}

/// What the envelope says about an answer besides its payload.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ResponseMeta {
    /// The provider's id of the request (Tencent `Response.RequestId`, Volcengine
    /// `ResponseMetadata.RequestId`, Alibaba `RequestId`).
    pub request_id: Option<String>,
}

/// A generated response payload ([`json_struct!`](crate::json_struct) with `response`): read
/// from JSON, then given what the envelope said about it.
pub trait TypedResponse: crate::json::FromJson + Send + 'static {
    /// Where the runtime writes the envelope's facts.
    fn meta_mut(&mut self) -> &mut ResponseMeta;
}

/// One API: implemented by each generated request type.
pub trait Operation: Send + Sync {
    /// The typed response payload (inside the provider's envelope).
    type Response: TypedResponse;
    /// The API's typed error code.
    type ErrorCode: ErrorCode;

    const SERVICE: &'static ServiceInfo;
    const INFO: OperationInfo;

    /// Checks every documented limit; all failures are reported together.
    fn validate(&self, ctx: &ValidationContext) -> Result<(), ValidationErrors>;

    /// The parameters in wire form (fails only for a time its wire format cannot hold).
    fn to_wire(&self) -> Result<WireParams, crate::wire::EncodeError>;
}

/// An API whose spec declares pagination. Implemented by generated request types.
pub trait Paginated: Operation + Clone {
    /// The page number this request asks for (its effective value: set, or the default).
    fn page_number(&self) -> u64;
    /// A copy of this request asking for another page.
    fn with_page_number(&self, page: u64) -> Self;
    /// Whether another page follows `response`, the answer to this request.
    fn has_next_page(&self, response: &Self::Response) -> bool;
}

#[cfg(test)]
mod body_tests {
    use super::JsonBody;
    use serde_json::{json, Value};

    #[test]
    fn the_body_is_written_as_serde_json_writes_a_map() {
        let mut body = JsonBody::default();
        body.insert("b", json!("x\"y\\z\n\u{1}é"));
        body.insert("a", json!([1, "two", null]));
        body.insert("c", json!({"k": 1.5, "a": [true, false, null]}));
        body.insert(
            "d",
            json!([["x\u{7f}", "\"", 2, -3.25e-7], [], {}, u64::MAX, i64::MIN]),
        );
        body.insert("a\"", json!("plain"));
        body.insert("b", json!("again"));
        let map: serde_json::Map<String, Value> = body.to_map();
        assert_eq!(body.to_vec(), serde_json::to_vec(&map).unwrap());
        assert_eq!(body["b"], "again");
        assert_eq!(body["missing"], Value::Null);
        assert_eq!(body.len(), 5);
    }
}
