//! Alibaba Cloud RPC V1: HMAC-SHA1 over the sorted, doubly encoded query; the signature
//! travels as the `Signature` query parameter and no header is signed.

use base64::Engine;
use hmac::{KeyInit, Mac};

use super::clock::Utc;
use super::encoding::{push, push_pairs, push_twice, Set};
use super::key_cache::{KeyId, KeyedMac, Kind, CACHE};
use super::scratch::Scratch;
use super::{merge_sorted, prefix16, sort_query, text, RequestParts, SignError, SigningParams};

/// Appends `METHOD&%2F&` and the canonical query encoded once more: the string to sign.
/// Encoding the already encoded canonical form is what the scheme prescribes (`%` becomes
/// `%25`, `=` `%3D`, `&` `%26`).
fn push_string_to_sign(out: &mut Vec<u8>, method: &str, canonical: &[u8]) {
    out.extend(method.bytes().map(|b| b.to_ascii_uppercase()));
    out.extend_from_slice(b"&%2F&");
    push(out, canonical, Set::Unreserved);
}

/// `METHOD&%2F&unreserved(sorted k=v&...)` over the complete signed parameter set.
/// Returns the canonicalized query too.
pub fn rpc_v1_string_to_sign(method: &str, params: &[(String, String)]) -> (String, String) {
    let pairs: Vec<(&str, &str)> = params
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let mut order = Vec::new();
    sort_query(&mut order, &pairs);
    let mut canonical = Vec::new();
    push_pairs(
        &mut canonical,
        &pairs,
        order.into_iter(),
        Some(Set::Unreserved),
        Set::Unreserved,
    );
    let mut sts = Vec::new();
    push_string_to_sign(&mut sts, method, &canonical);
    (text(canonical), text(sts))
}

/// `base64(HMAC-SHA1(secret + "&", string_to_sign))`.
pub fn rpc_v1_signature(secret: &str, string_to_sign: &str) -> String {
    let key = format!("{secret}&");
    let mac = hmac::Hmac::<sha1::Sha1>::new_from_slice(key.as_bytes())
        .map(|mut m| {
            m.update(string_to_sign.as_bytes());
            m.finalize().into_bytes().to_vec()
        })
        .unwrap_or_default();
    base64::engine::general_purpose::STANDARD.encode(mac)
}

pub(super) fn sign(
    p: &SigningParams<'_>,
    r: &RequestParts<'_>,
    s: &mut Scratch,
) -> Result<(), SignError> {
    let t = Utc::of(p.timestamp)?;
    // No header is added, so the value buffer holds the timestamp's text.
    t.push_iso8601_z(&mut s.values);
    let timestamp = std::str::from_utf8(&s.values).unwrap_or_default();
    // The caller's `Format` wins: the response format is theirs to choose, and a second
    // `Format` would be signed and sent next to it.
    let format = (!r.query.iter().any(|(k, _)| *k == "Format")).then_some(("Format", "json"));
    // The scheme's own parameters, each group in key order, around the caller's: sorting
    // the whole set is then a merge (the order the SDK sorts them into, stable for
    // repeated keys: its own first ones, the caller's, its own last ones).
    let mut pairs: Vec<(&str, &str)> = Vec::with_capacity(r.query.len() + 10);
    pairs.push(("Action", p.action));
    pairs.extend(format);
    pairs.push(("SignatureNonce", p.nonce));
    pairs.push(("Timestamp", timestamp));
    pairs.push(("Version", p.version));
    let first = 0..pairs.len();
    pairs.extend_from_slice(r.query);
    let caller = first.end..pairs.len();
    if let Some(callers) = pairs.get_mut(caller.clone()) {
        callers.sort_by(|a, b| prefix16(a.0).cmp(&prefix16(b.0)).then_with(|| a.0.cmp(b.0)));
    }
    pairs.push(("AccessKeyId", p.access_key_id));
    if let Some(token) = p.session_token {
        pairs.push(("SecurityToken", token));
    }
    pairs.push(("SignatureMethod", "HMAC-SHA1"));
    pairs.push(("SignatureVersion", "1.0"));
    let last = caller.end..pairs.len();
    s.keys.extend(pairs.iter().map(|(k, _)| prefix16(k)));
    merge_sorted(&mut s.order, &s.keys, &pairs, &[first, caller, last]);

    // The canonical query and the string to sign (the canonical query encoded once more)
    // in one pass over the parameters: each value is read once.
    let sts = &mut s.string_to_sign;
    sts.extend(r.method.bytes().map(|b| b.to_ascii_uppercase()));
    sts.extend_from_slice(b"&%2F&");
    for (n, (k, v)) in s.order.iter().filter_map(|&i| pairs.get(i)).enumerate() {
        if n > 0 {
            s.canonical_query.push(b'&');
            sts.extend_from_slice(b"%26");
        }
        push(&mut s.canonical_query, k.as_bytes(), Set::Unreserved);
        push_twice(sts, k.as_bytes());
        s.canonical_query.push(b'=');
        sts.extend_from_slice(b"%3D");
        push(&mut s.canonical_query, v.as_bytes(), Set::Unreserved);
        push_twice(sts, v.as_bytes());
    }

    let mac = CACHE.get(&KeyId {
        kind: Kind::RpcV1,
        secret: p.access_key_secret,
        day: 0,
        region: "",
        service: "",
    });
    let mut encoded = [0u8; 28];
    let n = match mac {
        KeyedMac::Sha1(mut m) => {
            m.update(&s.string_to_sign);
            base64::engine::general_purpose::STANDARD
                .encode_slice(m.finalize().into_bytes().as_slice(), &mut encoded)
                .unwrap_or(0)
        }
        KeyedMac::Sha256(_) => 0,
    };
    s.signature
        .extend_from_slice(encoded.get(..n).unwrap_or_default());

    // Sent in the sorted order (the server re-canonicalizes), so the canonical form is the
    // query itself and each value is encoded once.
    s.query.extend_from_slice(&s.canonical_query);
    s.query.extend_from_slice(b"&Signature=");
    push(&mut s.query, &s.signature, Set::Unreserved);
    if s.inspect {
        s.wire_pairs = s
            .order
            .iter()
            .filter_map(|&i| pairs.get(i))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let signature = text(s.signature.clone());
        s.wire_pairs.push(("Signature".to_string(), signature));
    }
    Ok(())
}
