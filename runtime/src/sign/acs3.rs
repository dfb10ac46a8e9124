//! Alibaba Cloud ACS3-HMAC-SHA256: every header present is signed, no key derivation.

use super::crypto::{hmac_sha256, sha256_hex};
use super::encoding::{join_pairs, unreserved};
use super::{iso8601_z, RequestParts, SignedRequest, SigningParams};

const ALGORITHM: &str = "ACS3-HMAC-SHA256";

/// ACS3 writes query keys unencoded in the canonical query (the SDK's `get_authorization`
/// does so); parameter names are ASCII identifiers, so this matches the server.
fn raw(text: &str) -> String {
    text.to_string()
}

pub(super) fn sign(p: &SigningParams<'_>, r: &RequestParts<'_>) -> SignedRequest {
    // Alibaba's RPC-style APIs send an empty body; its hash (of "") is still signed and
    // sent as x-acs-content-sha256.
    let payload_hash = sha256_hex(r.body);
    // Headers the scheme requires, added unless the caller already set them.
    let mut required = vec![
        ("x-acs-action", p.action.to_string()),
        ("x-acs-version", p.version.to_string()),
        ("x-acs-date", iso8601_z(p.timestamp)),
        ("x-acs-signature-nonce", p.nonce.to_string()),
        ("x-acs-content-sha256", payload_hash.clone()),
    ];
    if let Some(token) = p.session_token {
        required.push(("x-acs-accesskey-id", p.access_key_id.to_string()));
        required.push(("x-acs-security-token", token.to_string()));
    }
    let mut added: Vec<(String, String)> = Vec::new();
    if !r
        .headers
        .iter()
        .any(|(k, _)| k.eq_ignore_ascii_case("host"))
    {
        added.push(("host".to_string(), r.host.to_string()));
    }
    for (name, value) in required {
        if !r.headers.iter().any(|(k, _)| k.eq_ignore_ascii_case(name)) {
            added.push((name.to_string(), value));
        }
    }

    // Lower-case names, trimmed values; same-name headers merge as their sorted values
    // joined with `,`.
    let mut merged: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for (k, v) in r.headers.iter().chain(added.iter()) {
        merged
            .entry(k.to_ascii_lowercase())
            .or_default()
            .push(v.trim().to_string());
    }
    let mut canonical_headers = String::new();
    for (k, values) in &mut merged {
        values.sort();
        canonical_headers.push_str(&format!("{k}:{}\n", values.join(",")));
    }
    let signed_headers = merged.keys().cloned().collect::<Vec<_>>().join(";");

    let mut sorted_query = r.query.to_vec();
    sorted_query.sort_by(|a, b| a.0.cmp(&b.0));
    // ACS3 leaves query keys unencoded in the canonical form.
    let canonical_query = join_pairs(&sorted_query, raw, unreserved);
    let canonical_request = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        r.method, r.path, canonical_query, canonical_headers, signed_headers, payload_hash
    );
    let string_to_sign = format!("{ALGORITHM}\n{}", sha256_hex(canonical_request.as_bytes()));
    let signature = hex::encode(hmac_sha256(
        p.access_key_secret.as_bytes(),
        string_to_sign.as_bytes(),
    ));
    let authorization = format!(
        "{ALGORITHM} Credential={},SignedHeaders={signed_headers},Signature={signature}",
        p.access_key_id
    );
    added.push(("Authorization".to_string(), authorization.clone()));
    SignedRequest {
        headers: added,
        // The wire order is free (the server re-canonicalizes); keep the caller's.
        query: r.query.to_vec(),
        encoded_query: join_pairs(r.query, unreserved, unreserved),
        payload_hash: Some(payload_hash),
        canonical_query_string: Some(canonical_query),
        canonical_request: Some(canonical_request),
        credential_scope: None,
        string_to_sign,
        signed_headers: Some(signed_headers),
        signing_key_hex: None,
        signature,
        authorization: Some(authorization),
    }
}
