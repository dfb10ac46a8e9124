//! Tencent Cloud TC3-HMAC-SHA256. Only `content-type` and `host` are signed; action,
//! timestamp, region and token travel in unsigned `X-TC-*` headers.

use reqwest::header::{HeaderName, CONTENT_TYPE};

use super::clock::Utc;
use super::encoding::{push_pairs, Set};
use super::key_cache::{keyed, KeyId, Kind};
use super::scratch::Scratch;
use super::{
    header, hex, mac_hex, payload_hash_hex, sha256, RequestParts, SignError, SigningParams,
};

const ALGORITHM: &[u8] = b"TC3-HMAC-SHA256";
const X_TC_ACTION: HeaderName = HeaderName::from_static("x-tc-action");
const X_TC_TIMESTAMP: HeaderName = HeaderName::from_static("x-tc-timestamp");
const X_TC_VERSION: HeaderName = HeaderName::from_static("x-tc-version");
const X_TC_REGION: HeaderName = HeaderName::from_static("x-tc-region");
const X_TC_TOKEN: HeaderName = HeaderName::from_static("x-tc-token");

/// What the SDK sends: GET carries its parameters in a form-encoded query and an empty
/// body, every other method a JSON body.
fn default_content_type(method: &str) -> &'static str {
    if method.eq_ignore_ascii_case("GET") {
        "application/x-www-form-urlencoded"
    } else {
        "application/json"
    }
}

/// The SDK upper-cases the action's first letter (`describeX` is sent as `DescribeX`).
/// `X-TC-Action` is not signed, so this only keeps the header as the SDK writes it.
fn push_capitalized(out: &mut Vec<u8>, action: &str) {
    let mut chars = action.chars();
    if let Some(first) = chars.next() {
        let mut buf = [0u8; 4];
        for c in first.to_uppercase() {
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        }
        out.extend_from_slice(chars.as_str().as_bytes());
    }
}

pub(super) fn sign(
    p: &SigningParams<'_>,
    r: &RequestParts<'_>,
    s: &mut Scratch,
) -> Result<(), SignError> {
    let t = Utc::of(p.timestamp)?;
    // The payload hash is over the exact bytes sent; for GET (no body) that is the hash of
    // the empty string, which the server computes the same way.
    let payload_hash = payload_hash_hex(r.body);
    s.payload_hash = Some(payload_hash);
    // The canonical query string is the query exactly as sent (form-encoded, insertion
    // order), whatever the method: a POST usually has none (its parameters are in the body)
    // and then signs "", but a query it does carry is signed, not dropped.
    push_pairs(
        &mut s.query,
        r.query,
        0..r.query.len(),
        Some(Set::Form),
        Set::Form,
    );
    s.canonical_query.extend_from_slice(&s.query);
    s.record_pairs(r.query.iter().copied());

    // Content-Type is one of the two signed headers, so it must be on the request. When the
    // caller did not set one, use the SDK's choice for the method and add it to the request.
    let given_content_type = header(r.headers, "content-type");
    let content_type = given_content_type.unwrap_or(default_content_type(r.method));
    s.signed_headers.extend_from_slice(b"content-type;host");
    let cr = &mut s.canonical_request;
    for part in [
        r.method.as_bytes(),
        b"\n",
        r.path.as_bytes(),
        b"\n",
        &s.query,
    ] {
        cr.extend_from_slice(part);
    }
    for part in [
        "\ncontent-type:",
        content_type,
        "\nhost:",
        r.host,
        "\n\ncontent-type;host\n",
    ] {
        cr.extend_from_slice(part.as_bytes());
    }
    cr.extend_from_slice(&payload_hash);

    t.push_date_dashed(&mut s.scope);
    s.scope.push(b'/');
    s.scope.extend_from_slice(p.service.as_bytes());
    s.scope.extend_from_slice(b"/tc3_request");

    let sts = &mut s.string_to_sign;
    sts.extend_from_slice(ALGORITHM);
    sts.push(b'\n');
    let unix_start = sts.len();
    t.push_unix(sts);
    let unix = unix_start..sts.len();
    sts.push(b'\n');
    sts.extend_from_slice(&s.scope);
    sts.push(b'\n');
    sts.extend_from_slice(&hex::of32(&sha256(cr)));

    let mac = keyed(&KeyId {
        kind: Kind::Tc3,
        secret: p.access_key_secret,
        day: t.day,
        region: "",
        service: p.service,
    });
    mac_hex(&mut s.signature, mac, sts);

    if given_content_type.is_none() {
        s.header(CONTENT_TYPE, content_type.as_bytes());
    }
    let start = s.values.len();
    push_capitalized(&mut s.values, p.action);
    s.end_header(X_TC_ACTION, start, false);
    // The timestamp's digits, written once, into the string to sign.
    let start = s.values.len();
    s.values
        .extend_from_slice(s.string_to_sign.get(unix).unwrap_or_default());
    s.end_header(X_TC_TIMESTAMP, start, false);
    s.header(X_TC_VERSION, p.version.as_bytes());
    if !p.region.is_empty() {
        s.header(X_TC_REGION, p.region.as_bytes());
    }
    if let Some(token) = p.session_token {
        let start = s.values.len();
        s.values.extend_from_slice(token.as_bytes());
        s.end_header(X_TC_TOKEN, start, true);
    }
    let start = s.values.len();
    let v = &mut s.values;
    v.extend_from_slice(ALGORITHM);
    v.extend_from_slice(b" Credential=");
    v.extend_from_slice(p.access_key_id.as_bytes());
    v.push(b'/');
    v.extend_from_slice(&s.scope);
    v.extend_from_slice(b", SignedHeaders=content-type;host, Signature=");
    v.extend_from_slice(&s.signature);
    s.end_authorization(start);
    Ok(())
}
