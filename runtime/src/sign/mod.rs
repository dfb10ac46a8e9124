//! Request signing for the four schemes the providers use.
//!
//! Each signer is a pure function of the credentials, the time, the nonce and the request:
//! no clock, no randomness, no I/O. Two entry points run the same code:
//!
//! - [`sign`], the production path: writes straight into per-thread reused buffers
//!   and returns only what goes on the wire ([`Signature`]: typed headers and
//!   the encoded query). Derived keys come from a process-wide, bounded cache.
//! - [`inspect`]: the same signature, plus every intermediate string (canonical request,
//!   string to sign, signing key, ...) so tests compare them byte for byte with the
//!   providers' own SDKs (`tests/fixtures/signing.json`) and a mismatch shows exactly which
//!   line differs. Nothing of it is computed on the production path.

mod acs3;
mod clock;
pub mod encoding;
mod hex;
mod key_cache;
mod rpc_v1;
mod scratch;
mod tc3;
mod volc;

use std::fmt;
use std::str::FromStr;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

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

    /// Whether the scheme signs a nonce (the other schemes ignore
    /// [`SigningParams::nonce`], so none needs to be made for them).
    pub fn uses_nonce(self) -> bool {
        matches!(
            self,
            SigningScheme::Acs3HmacSha256 | SigningScheme::AcsRpcHmacSha1
        )
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

/// Why a request cannot be signed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignError {
    /// The time cannot be written in the scheme's date formats (four-digit years) or lies
    /// before 1970, which no provider accepts.
    #[error(
        "timestamp {0} is outside 1970-01-01T00:00:00Z..=9999-12-31T23:59:59Z, the times a signature can carry"
    )]
    Timestamp(i64),
    /// A header would carry a character HTTP does not allow (a control character).
    #[error(
        "header {name} cannot carry its value: HTTP header values allow no control characters"
    )]
    HeaderValue { name: String },
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
    /// `host[:port]` as sent in `Host`.
    pub host: &'a str,
    pub path: &'a str,
    pub query: &'a [(&'a str, &'a str)],
    /// Headers already on the request (e.g. `Content-Type`; `Host` is added from `host`
    /// when absent).
    pub headers: &'a [(&'a str, &'a str)],
    pub body: &'a [u8],
}

/// What signing adds to a request, ready for the wire.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Signature {
    /// Headers to add: scheme headers and `Authorization` (session tokens are marked
    /// sensitive, so `Debug` hides them). `Host` is left to the HTTP client, which writes it
    /// from the URL.
    pub headers: Vec<(HeaderName, HeaderValue)>,
    /// The exact percent-encoded query string to put after `?` (empty: no query).
    pub query: String,
}

/// What a signer produced, intermediates included ([`inspect`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SignedRequest {
    /// Headers to add to the request (lower-case names; `Host` included when it was added).
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
    hex::string(&sha256(body))
}

/// The hex SHA-256 of an empty body (what Alibaba's RPC-style APIs and GET requests send):
/// a constant, so it is not hashed on every signature.
const EMPTY_PAYLOAD_HASH: [u8; 64] =
    *b"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// The hex SHA-256 of `body`, on the stack.
fn payload_hash_hex(body: &[u8]) -> [u8; 64] {
    if body.is_empty() {
        EMPTY_PAYLOAD_HASH
    } else {
        hex::of32(&sha256(body))
    }
}

fn sha256(data: &[u8]) -> [u8; 32] {
    use sha2::Digest;
    sha2::Sha256::digest(data).into()
}

/// Text out of a buffer the signers wrote (ASCII, or UTF-8 copied from `&str` input).
fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

fn run(
    scheme: SigningScheme,
    p: &SigningParams<'_>,
    r: &RequestParts<'_>,
    s: &mut scratch::Scratch,
) -> Result<(), SignError> {
    match scheme {
        SigningScheme::Tc3HmacSha256 => tc3::sign(p, r, s),
        SigningScheme::VolcHmacSha256 => volc::sign(p, r, s),
        SigningScheme::Acs3HmacSha256 => acs3::sign(p, r, s),
        SigningScheme::AcsRpcHmacSha1 => rpc_v1::sign(p, r, s),
    }
}

/// Whether HTTP allows `value` in a header (what `HeaderValue` checks).
fn header_value_ok(value: &[u8]) -> bool {
    value.iter().all(|&b| b == b'\t' || (b >= 32 && b != 127))
}

/// Signs `request` with `scheme`: the headers and query to send.
pub fn sign(
    scheme: SigningScheme,
    params: &SigningParams<'_>,
    request: &RequestParts<'_>,
) -> Result<Signature, SignError> {
    scratch::with(false, |s| {
        run(scheme, params, request, s)?;
        let mut headers = Vec::with_capacity(s.headers.len());
        typed_headers(s, |name, value| headers.push((name, value)))?;
        let query = if s.query.is_empty() {
            String::new()
        } else {
            text(s.query.clone())
        };
        Ok(Signature { headers, query })
    })
}

/// Signs `request` like [`sign`], for sending: the headers in a `HeaderMap`, `first` then
/// the signature's, and the URL, `base` with `?` and the signed query after it (nothing
/// when there is no query). Both are written where they are sent from, each sized once:
/// what the client sends, without the copies [`sign`]'s result would take to get there.
pub fn sign_url<I>(
    scheme: SigningScheme,
    params: &SigningParams<'_>,
    request: &RequestParts<'_>,
    base: &str,
    first: I,
) -> Result<(HeaderMap, String), SignError>
where
    I: IntoIterator<Item = (HeaderName, HeaderValue)>,
    I::IntoIter: ExactSizeIterator,
{
    // `with` takes an `FnMut` (called once, on reused or fresh buffers): `first` is taken
    // out of an `Option` rather than moved in.
    let mut first = Some(first.into_iter());
    scratch::with(false, |s| {
        run(scheme, params, request, s)?;
        let first = first.take();
        let given = first.as_ref().map_or(0, ExactSizeIterator::len);
        let mut headers = HeaderMap::with_capacity(given + s.headers.len());
        for (name, value) in first.into_iter().flatten() {
            headers.append(name, value);
        }
        typed_headers(s, |name, value| {
            headers.append(name, value);
        })?;
        let mut url = String::with_capacity(base.len() + 1 + s.query.len());
        url.push_str(base);
        if !s.query.is_empty() {
            url.push('?');
            match std::str::from_utf8(&s.query) {
                Ok(query) => url.push_str(query),
                Err(_) => url.push_str(&String::from_utf8_lossy(&s.query)),
            }
        }
        Ok((headers, url))
    })
}

/// How many bytes of header values share one allocation with their reference count: more
/// than a signature's values take (400-odd bytes for ACS3, the most) unless a long session
/// token is among them.
const INLINE_VALUES: usize = 512;

/// Header values inline, `len` of them used.
struct InlineValues {
    len: usize,
    bytes: [u8; INLINE_VALUES],
}

impl AsRef<[u8]> for InlineValues {
    fn as_ref(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or_default()
    }
}

/// `values` in a buffer that slices share. A copy into a `Bytes` takes two allocations once
/// sliced (the copy, then the shared count it is promoted to on the first slice); values
/// that fit in [`InlineValues`] take one, the buffer and its count together.
fn shared(values: &[u8]) -> bytes::Bytes {
    let mut inline = InlineValues {
        len: values.len(),
        bytes: [0; INLINE_VALUES],
    };
    match inline.bytes.get_mut(..values.len()) {
        Some(head) => {
            head.copy_from_slice(values);
            bytes::Bytes::from_owner(inline)
        }
        None => bytes::Bytes::copy_from_slice(values),
    }
}

/// Gives `add` each header a signer added, typed for the HTTP client (all but `Host`,
/// which the client writes from the URL), in order.
fn typed_headers(
    s: &mut scratch::Scratch,
    mut add: impl FnMut(HeaderName, HeaderValue),
) -> Result<(), SignError> {
    // One shared buffer for every value: each header is a slice of it, so the values
    // cost one allocation together rather than one each.
    let values = if s.headers.is_empty() {
        bytes::Bytes::new()
    } else {
        shared(&s.values)
    };
    // The names are moved out of the scratch list (it is cleared before the next
    // signature anyway), not cloned: a clone of a custom name is a call through its
    // buffer's vtable, and moving its result was a tenth of an ACS3 signature.
    for (name, range, secret) in s.headers.drain(..) {
        // The HTTP client writes Host from the URL; a second one would be sent. (Checked
        // all the same, so both entry points fail alike.)
        if name == reqwest::header::HOST {
            if !header_value_ok(s.values.get(range).unwrap_or_default()) {
                return Err(SignError::HeaderValue {
                    name: name.to_string(),
                });
            }
            continue;
        }
        let mut value = HeaderValue::from_maybe_shared(values.slice(range)).map_err(|_| {
            SignError::HeaderValue {
                name: name.to_string(),
            }
        })?;
        // Values are created not sensitive; only tokens are.
        if secret {
            value.set_sensitive(true);
        }
        add(name, value);
    }
    Ok(())
}

/// Signs `request` with `scheme` like [`sign`], returning every intermediate too.
pub fn inspect(
    scheme: SigningScheme,
    params: &SigningParams<'_>,
    request: &RequestParts<'_>,
) -> Result<SignedRequest, SignError> {
    scratch::with(true, |s| {
        run(scheme, params, request, s)?;
        let mut headers = Vec::with_capacity(s.headers.len());
        for (name, range, _) in &s.headers {
            let value = s.value(range);
            if !header_value_ok(value) {
                return Err(SignError::HeaderValue {
                    name: name.to_string(),
                });
            }
            headers.push((name.to_string(), text(value.to_vec())));
        }
        let some = |b: &Vec<u8>| Some(text(b.clone()));
        let signing_key_hex = match scheme {
            SigningScheme::Tc3HmacSha256 => {
                let t = clock::Utc::of(params.timestamp)?;
                let mut date = Vec::new();
                t.push_date_dashed(&mut date);
                let key = key_cache::tc3_key(params.access_key_secret, &date, params.service);
                Some(hex::string(&key))
            }
            SigningScheme::VolcHmacSha256 => {
                let t = clock::Utc::of(params.timestamp)?;
                let mut date = Vec::new();
                t.push_date_compact(&mut date);
                let key = key_cache::volc_key(
                    params.access_key_secret,
                    &date,
                    params.region,
                    params.service,
                );
                Some(hex::string(&key))
            }
            SigningScheme::Acs3HmacSha256 | SigningScheme::AcsRpcHmacSha1 => None,
        };
        let rpc = scheme == SigningScheme::AcsRpcHmacSha1;
        Ok(SignedRequest {
            headers,
            query: std::mem::take(&mut s.wire_pairs),
            encoded_query: text(s.query.clone()),
            payload_hash: s.payload_hash.map(|h| text(h.to_vec())),
            canonical_query_string: some(&s.canonical_query),
            canonical_request: (!rpc).then(|| text(s.canonical_request.clone())),
            credential_scope: (!s.scope.is_empty()).then(|| text(s.scope.clone())),
            string_to_sign: text(s.string_to_sign.clone()),
            signed_headers: (!rpc).then(|| text(s.signed_headers.clone())),
            signing_key_hex,
            signature: text(s.signature.clone()),
            authorization: s.authorization.as_ref().map(|r| text(s.value(r).to_vec())),
        })
    })
}

/// A header's value by case-insensitive name.
fn header<'a>(headers: &[(&'a str, &'a str)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| *v)
}

/// The first 8 bytes of `name` (lower-cased with `lower`), zero-padded, as a big-endian
/// number: numbers order as the names do by their first 8 bytes, so a sort compares one
/// integer and looks at whole names only on a tie (header names share prefixes like
/// `x-acs-`, which made byte-by-byte comparison the costliest part of signing).
fn prefix(name: &str, lower: bool) -> u64 {
    let word = prefix_of(name.as_bytes());
    if lower {
        lower_word(word)
    } else {
        word
    }
}

/// The first 8 bytes of `bytes`, zero-padded, big-endian: one load when there are 8 (a
/// copy of a variable length, as `copy_from_slice` makes, is a call to `memcpy`).
const fn prefix_of(bytes: &[u8]) -> u64 {
    if let Some(head) = bytes.first_chunk::<8>() {
        return u64::from_be_bytes(*head);
    }
    let mut word = 0u64;
    let mut i = 0;
    while i < bytes.len() {
        word |= (bytes[i] as u64) << (56 - 8 * i);
        i += 1;
    }
    word
}

/// `word` with each of its bytes in `A..=Z` lower-cased (`make_ascii_lowercase` on all
/// eight at once; other bytes, non-ASCII ones too, are left as they are).
const fn lower_word(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x80 * ONES;
    // Each byte's low seven bits plus a constant stays below 0x100, so no carry crosses
    // into the next byte: the high bit says `>= b'A'`, resp. `> b'Z'`.
    let low = word & !HIGH;
    let at_least_a = low + (0x80 - b'A' as u64) * ONES;
    let above_z = low + (0x80 - b'Z' as u64 - 1) * ONES;
    let upper = at_least_a & !above_z & !word & HIGH;
    word | (upper >> 2)
}

/// Orders `a` and `b` as their lower-case forms would order (no lower-cased copies).
fn cmp_lower(a: &str, b: &str) -> std::cmp::Ordering {
    prefix(a, true).cmp(&prefix(b, true)).then_with(|| {
        let (a, b) = (a.as_bytes(), b.as_bytes());
        for (x, y) in a.iter().zip(b) {
            let (x, y) = (x.to_ascii_lowercase(), y.to_ascii_lowercase());
            if x != y {
                return x.cmp(&y);
            }
        }
        a.len().cmp(&b.len())
    })
}

/// Appends `name` in lower case.
fn push_lower(out: &mut Vec<u8>, name: &str) {
    let start = out.len();
    out.extend_from_slice(name.as_bytes());
    if let Some(tail) = out.get_mut(start..) {
        tail.make_ascii_lowercase();
    }
}

/// `value` without leading and trailing whitespace, as `str::trim` takes it off (Unicode
/// whitespace); bytes that are not UTF-8 are kept as they are. Most values start and end
/// with a visible ASCII character, which is checked first.
fn trim(value: &[u8]) -> &[u8] {
    let visible = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_graphic());
    if visible(value.first()) && visible(value.last()) {
        return value;
    }
    match std::str::from_utf8(value) {
        Ok(text) => text.trim().as_bytes(),
        Err(_) => value,
    }
}

/// Sets `s.order` to the indices of `query` sorted by key in byte order; the sort is stable,
/// so repeated keys keep their list order.
fn sort_query(order: &mut Vec<usize>, query: &[(&str, &str)]) {
    order.clear();
    order.extend(0..query.len());
    order.sort_by(|&a, &b| key_order(query[a].0, query[b].0));
}

/// Byte order of two keys, deciding on their first 8 bytes where it can (see [`prefix`])
/// before comparing whole strings.
fn key_order(a: &str, b: &str) -> std::cmp::Ordering {
    prefix(a, false)
        .cmp(&prefix(b, false))
        .then_with(|| a.cmp(b))
}

/// Appends the hex of `mac` over `message` (the MAC being keyed already).
fn mac_hex(out: &mut Vec<u8>, mac: key_cache::KeyedMac, message: &[u8]) {
    use hmac::Mac;
    match mac {
        key_cache::KeyedMac::Sha256(mut m) => {
            m.update(message);
            out.extend_from_slice(&hex::of32(&m.finalize().into_bytes()));
        }
        key_cache::KeyedMac::Sha1(mut m) => {
            m.update(message);
            hex::push(out, &m.finalize().into_bytes());
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn shared_values_are_the_values_whatever_their_length() {
        for len in [0, 1, 511, 512, 513, 4096] {
            let values: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
            let shared = super::shared(&values);
            assert_eq!(&shared[..], &values[..], "{len}");
            if len > 2 {
                assert_eq!(&shared.slice(1..len - 1)[..], &values[1..len - 1]);
            }
        }
    }

    #[test]
    fn the_empty_payload_hash_is_the_hash_of_nothing() {
        assert_eq!(
            &super::EMPTY_PAYLOAD_HASH[..],
            super::payload_hash(b"").as_bytes()
        );
    }

    #[test]
    fn prefixes_are_the_first_eight_bytes_lower_cased_as_asked() {
        let all: Vec<u8> = (0..=255).collect();
        for chunk in all.chunks(7).chain(all.chunks(8)).chain(all.chunks(3)) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            assert_eq!(super::prefix_of(chunk), u64::from_be_bytes(word));
            word.make_ascii_lowercase();
            assert_eq!(
                super::lower_word(super::prefix_of(chunk)),
                u64::from_be_bytes(word),
                "{chunk:?}"
            );
        }
        assert_eq!(super::prefix_of(b""), 0);
    }

    #[test]
    fn prefixes_order_as_names_do() {
        let names = [
            "",
            "a",
            "A",
            "ab",
            "abcdefgh",
            "abcdefghi",
            "x-acs-date",
            "X-Acs-Action",
            "@[`{",
            "AZaz\u{e9}",
            "\u{c0}bc",
            "Timestamp",
            "Format",
        ];
        for a in names {
            for b in names {
                let lower = |s: &str| s.to_ascii_lowercase();
                if super::prefix(a, true) < super::prefix(b, true) {
                    assert!(lower(a) < lower(b), "{a} {b}");
                }
                if super::prefix(a, false) < super::prefix(b, false) {
                    assert!(a < b, "{a} {b}");
                }
            }
        }
    }
}
