//! Volcengine HMAC-SHA256 (the SDK's `SignerV4`).

use super::crypto::{hmac_sha256, sha256_hex};
use super::encoding::{join_pairs, path, unreserved};
use super::{header, utc, RequestParts, SignedRequest, SigningParams};

pub(super) fn sign(p: &SigningParams<'_>, r: &RequestParts<'_>) -> SignedRequest {
    let t = utc(p.timestamp);
    let date = format!("{:04}{:02}{:02}", t.year(), u8::from(t.month()), t.day());
    let x_date = format!("{date}T{:02}{:02}{:02}Z", t.hour(), t.minute(), t.second());
    // Hash of the exact body bytes (empty body: hash of ""); it is both signed and sent
    // as X-Content-Sha256 so the server need not re-hash before checking the signature.
    let payload_hash = sha256_hex(r.body);

    let mut added = Vec::new();
    // The SDK's request always has these two before its signer runs; a caller that left
    // them out still gets a request whose signed headers are the ones actually sent.
    if header(r.headers, "host").is_none() {
        added.push(("Host".to_string(), r.host.to_string()));
    }
    if header(r.headers, "content-type").is_none() && !r.method.eq_ignore_ascii_case("GET") {
        added.push((
            "Content-Type".to_string(),
            "application/x-www-form-urlencoded; charset=utf-8".to_string(),
        ));
    }
    added.push(("X-Date".to_string(), x_date.clone()));
    if let Some(token) = p.session_token {
        added.push(("X-Security-Token".to_string(), token.to_string()));
    }
    added.push(("X-Content-Sha256".to_string(), payload_hash.clone()));

    // The SDK signs headers by their names as stored, case-sensitively: Content-Type,
    // Content-Md5, Host, and anything starting with `X-`.
    let mut signed: Vec<(String, String)> = r
        .headers
        .iter()
        .chain(added.iter())
        .filter(|(k, _)| {
            matches!(k.as_str(), "Content-Type" | "Content-Md5" | "Host") || k.starts_with("X-")
        })
        .map(|(k, v)| {
            let v = if k == "Host" {
                v.strip_suffix(":80")
                    .or_else(|| v.strip_suffix(":443"))
                    .unwrap_or(v)
            } else {
                v.as_str()
            };
            (k.to_ascii_lowercase(), v.to_string())
        })
        .collect();
    signed.sort();
    let signed_headers = signed
        .iter()
        .map(|(k, _)| k.as_str())
        .collect::<Vec<_>>()
        .join(";");
    let canonical_headers: String = signed.iter().map(|(k, v)| format!("{k}:{v}\n")).collect();

    let mut sorted_query = r.query.to_vec();
    // Byte order of keys; a stable sort keeps repeated keys in list order.
    sorted_query.sort_by(|a, b| a.0.cmp(&b.0));
    let canonical_query = join_pairs(&sorted_query, unreserved, unreserved);
    let canonical_request = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        r.method,
        path(r.path),
        canonical_query,
        canonical_headers,
        signed_headers,
        payload_hash
    );
    let credential_scope = format!("{date}/{}/{}/request", p.region, p.service);
    let string_to_sign = format!(
        "HMAC-SHA256\n{x_date}\n{credential_scope}\n{}",
        sha256_hex(canonical_request.as_bytes())
    );
    let k_date = hmac_sha256(p.access_key_secret.as_bytes(), date.as_bytes());
    let k_region = hmac_sha256(&k_date, p.region.as_bytes());
    let k_service = hmac_sha256(&k_region, p.service.as_bytes());
    let k_signing = hmac_sha256(&k_service, b"request");
    let signature = hex::encode(hmac_sha256(&k_signing, string_to_sign.as_bytes()));
    let authorization = format!(
        "HMAC-SHA256 Credential={}/{credential_scope}, SignedHeaders={signed_headers}, Signature={signature}",
        p.access_key_id
    );
    added.push(("Authorization".to_string(), authorization.clone()));
    SignedRequest {
        headers: added,
        // Sending the canonical form itself means the wire query and the signed one cannot
        // drift apart (the server re-canonicalizes either way).
        query: sorted_query,
        encoded_query: canonical_query.clone(),
        payload_hash: Some(payload_hash),
        canonical_query_string: Some(canonical_query),
        canonical_request: Some(canonical_request),
        credential_scope: Some(credential_scope),
        string_to_sign,
        signed_headers: Some(signed_headers),
        signing_key_hex: Some(hex::encode(k_signing)),
        signature,
        authorization: Some(authorization),
    }
}
