//! Tencent Cloud TC3-HMAC-SHA256. Only `content-type` and `host` are signed; action,
//! timestamp, region and token travel in unsigned `X-TC-*` headers.

use super::crypto::{hmac_sha256, sha256_hex};
use super::encoding::{form, join_pairs};
use super::{header, utc, RequestParts, SignedRequest, SigningParams};

const ALGORITHM: &str = "TC3-HMAC-SHA256";

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
fn capitalize(action: &str) -> String {
    let mut chars = action.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

pub(super) fn sign(p: &SigningParams<'_>, r: &RequestParts<'_>) -> SignedRequest {
    // The payload hash is over the exact bytes sent; for GET (no body) that is the hash of
    // the empty string, which the server computes the same way.
    let payload_hash = sha256_hex(r.body);
    // GET signs the query string exactly as sent (form-encoded, insertion order); POST
    // carries everything in the body and signs an empty query.
    let query = if r.method.eq_ignore_ascii_case("GET") {
        join_pairs(r.query, form, form)
    } else {
        String::new()
    };
    // Content-Type is one of the two signed headers, so it must be on the request. When the
    // caller did not set one, use the SDK's choice for the method and add it to the request.
    let given_content_type = header(r.headers, "content-type");
    let content_type = given_content_type.unwrap_or(default_content_type(r.method));
    let signed_headers = "content-type;host";
    let canonical_request = format!(
        "{}\n{}\n{}\ncontent-type:{}\nhost:{}\n\n{}\n{}",
        r.method, r.path, query, content_type, r.host, signed_headers, payload_hash
    );
    let t = utc(p.timestamp);
    let date = format!("{:04}-{:02}-{:02}", t.year(), u8::from(t.month()), t.day());
    let credential_scope = format!("{date}/{}/tc3_request", p.service);
    let string_to_sign = format!(
        "{ALGORITHM}\n{}\n{credential_scope}\n{}",
        p.timestamp,
        sha256_hex(canonical_request.as_bytes())
    );
    let k_date = hmac_sha256(
        format!("TC3{}", p.access_key_secret).as_bytes(),
        date.as_bytes(),
    );
    let k_service = hmac_sha256(&k_date, p.service.as_bytes());
    let k_signing = hmac_sha256(&k_service, b"tc3_request");
    let signature = hex::encode(hmac_sha256(&k_signing, string_to_sign.as_bytes()));
    let authorization = format!(
        "{ALGORITHM} Credential={}/{credential_scope}, SignedHeaders={signed_headers}, Signature={signature}",
        p.access_key_id
    );
    let mut headers = Vec::new();
    if given_content_type.is_none() {
        headers.push(("Content-Type".to_string(), content_type.to_string()));
    }
    headers.extend([
        ("X-TC-Action".to_string(), capitalize(p.action)),
        ("X-TC-Timestamp".to_string(), p.timestamp.to_string()),
        ("X-TC-Version".to_string(), p.version.to_string()),
    ]);
    if !p.region.is_empty() {
        headers.push(("X-TC-Region".to_string(), p.region.to_string()));
    }
    if let Some(token) = p.session_token {
        headers.push(("X-TC-Token".to_string(), token.to_string()));
    }
    headers.push(("Authorization".to_string(), authorization.clone()));
    SignedRequest {
        headers,
        query: r.query.to_vec(),
        encoded_query: query.clone(),
        payload_hash: Some(payload_hash),
        canonical_query_string: Some(query),
        canonical_request: Some(canonical_request),
        credential_scope: Some(credential_scope),
        string_to_sign,
        signed_headers: Some(signed_headers.to_string()),
        signing_key_hex: Some(hex::encode(k_signing)),
        signature,
        authorization: Some(authorization),
    }
}
