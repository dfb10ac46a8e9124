//! Alibaba Cloud RPC V1: HMAC-SHA1 over the sorted, doubly encoded query; the signature
//! travels as the `Signature` query parameter and no header is signed.

use base64::Engine;

use super::crypto::hmac_sha1;
use super::encoding::{join_pairs, unreserved};
use super::{iso8601_z, RequestParts, SignedRequest, SigningParams};

/// `METHOD&%2F&unreserved(sorted k=v&...)` over the complete signed parameter set.
/// Returns the canonicalized query too.
pub fn rpc_v1_string_to_sign(method: &str, params: &[(String, String)]) -> (String, String) {
    let mut sorted = params.to_vec();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let canonical = join_pairs(&sorted, unreserved, unreserved);
    let string_to_sign = format!(
        "{}&%2F&{}",
        method.to_ascii_uppercase(),
        unreserved(&canonical)
    );
    (canonical, string_to_sign)
}

/// `base64(HMAC-SHA1(secret + "&", string_to_sign))`.
pub fn rpc_v1_signature(secret: &str, string_to_sign: &str) -> String {
    let mac = hmac_sha1(format!("{secret}&").as_bytes(), string_to_sign.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac)
}

pub(super) fn sign(p: &SigningParams<'_>, r: &RequestParts<'_>) -> SignedRequest {
    let mut query: Vec<(String, String)> = vec![
        ("Action".into(), p.action.into()),
        ("Format".into(), "json".into()),
        ("Version".into(), p.version.into()),
        ("Timestamp".into(), iso8601_z(p.timestamp)),
        ("SignatureNonce".into(), p.nonce.into()),
    ];
    query.extend(r.query.iter().cloned());
    if let Some(token) = p.session_token {
        query.push(("SecurityToken".into(), token.into()));
    }
    query.push(("SignatureMethod".into(), "HMAC-SHA1".into()));
    query.push(("SignatureVersion".into(), "1.0".into()));
    query.push(("AccessKeyId".into(), p.access_key_id.into()));
    let (canonical, string_to_sign) = rpc_v1_string_to_sign(r.method, &query);
    let signature = rpc_v1_signature(p.access_key_secret, &string_to_sign);
    query.push(("Signature".into(), signature.clone()));
    SignedRequest {
        headers: Vec::new(),
        encoded_query: join_pairs(&query, unreserved, unreserved),
        query,
        payload_hash: None,
        canonical_query_string: Some(canonical),
        canonical_request: None,
        credential_scope: None,
        string_to_sign,
        signed_headers: None,
        signing_key_hex: None,
        signature,
        authorization: None,
    }
}
