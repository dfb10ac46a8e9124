//! Volcengine HMAC-SHA256 (the SDK's `SignerV4`).

use reqwest::header::{HeaderName, CONTENT_TYPE, HOST};

use super::clock::Utc;
use super::encoding::{push, push_pairs, Set};
use super::key_cache::{keyed, KeyId, Kind};
use super::scratch::Scratch;
use super::{
    cmp_lower, header, hex, mac_hex, payload_hash_hex, push_lower, sha256, sort_query,
    RequestParts, SignError, SigningParams,
};

const X_DATE: HeaderName = HeaderName::from_static("x-date");
const X_SECURITY_TOKEN: HeaderName = HeaderName::from_static("x-security-token");
const X_CONTENT_SHA256: HeaderName = HeaderName::from_static("x-content-sha256");

/// The headers the SDK signs: Content-Type, Content-Md5, Host and anything starting with
/// `X-`. The SDK compares names as stored, case-sensitively; HTTP names are
/// case-insensitive (and travel lower-case), so a caller's `host` or `x-foo` is signed too.
fn is_signed(name: &str) -> bool {
    ["content-type", "content-md5", "host"]
        .iter()
        .any(|n| name.eq_ignore_ascii_case(n))
        || name.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("x-"))
}

pub(super) fn sign(
    p: &SigningParams<'_>,
    r: &RequestParts<'_>,
    s: &mut Scratch,
) -> Result<(), SignError> {
    let t = Utc::of(p.timestamp)?;
    // Hash of the exact body bytes (empty body: hash of ""); it is both signed and sent
    // as X-Content-Sha256 so the server need not re-hash before checking the signature.
    let payload_hash = payload_hash_hex(r.body);
    s.payload_hash = Some(payload_hash);

    // The SDK's request always has these two before its signer runs; a caller that left
    // them out still gets a request whose signed headers are the ones actually sent.
    if header(r.headers, "host").is_none() {
        s.header(HOST, r.host.as_bytes());
    }
    if header(r.headers, "content-type").is_none() && !r.method.eq_ignore_ascii_case("GET") {
        s.header(
            CONTENT_TYPE,
            b"application/x-www-form-urlencoded; charset=utf-8",
        );
    }
    // `X-Date`, written once; the string to sign and the scope copy it.
    let start = s.values.len();
    t.push_compact(&mut s.values);
    let x_date = start..s.values.len();
    s.end_header(X_DATE, start, false);
    if let Some(token) = p.session_token {
        let start = s.values.len();
        s.values.extend_from_slice(token.as_bytes());
        s.end_header(X_SECURITY_TOKEN, start, true);
    }
    s.header(X_CONTENT_SHA256, &payload_hash);

    // Signed headers: the caller's and the added ones, sorted by lower-case name, then value.
    // Listed on the stack when they are few (always, in practice), else in a `Vec`.
    let host_value = |v: &[u8]| -> (usize, usize) {
        let n = v
            .strip_suffix(b":80")
            .or_else(|| v.strip_suffix(b":443"))
            .map_or(v.len(), <[u8]>::len);
        (0, n)
    };
    let callers = r
        .headers
        .iter()
        .filter(|(k, _)| is_signed(k))
        .map(|&(k, v)| {
            let v = v.as_bytes();
            let v = if k.eq_ignore_ascii_case("host") {
                let (from, to) = host_value(v);
                v.get(from..to).unwrap_or_default()
            } else {
                v
            };
            (k, v, false)
        });
    // Every added header is signed (host, content-type, x-*); their names are lower-case
    // already (`HeaderName`s).
    let added = s.headers.iter().map(|(name, range, _)| {
        let value = s.values.get(range.clone()).unwrap_or_default();
        let value = if *name == HOST {
            let (from, to) = host_value(value);
            value.get(from..to).unwrap_or_default()
        } else {
            value
        };
        (name.as_str(), value, true)
    });
    const ON_STACK: usize = 12;
    let mut stack: [(&str, &[u8], bool); ON_STACK] = [("", &[], true); ON_STACK];
    let mut heap: Vec<(&str, &[u8], bool)> = Vec::new();
    let mut n = 0;
    for header in callers.chain(added) {
        match stack.get_mut(n) {
            Some(slot) if heap.is_empty() => *slot = header,
            _ => {
                if heap.is_empty() {
                    heap.extend_from_slice(&stack);
                }
                heap.push(header);
            }
        }
        n += 1;
    }
    let signed: &mut [(&str, &[u8], bool)] = if heap.is_empty() {
        stack.get_mut(..n).unwrap_or_default()
    } else {
        &mut heap
    };
    signed.sort_by(|a, b| cmp_lower(a.0, b.0).then_with(|| a.1.cmp(b.1)));
    // Each name lower-cased once, here; the canonical request copies it from this list
    // (`name_ends` says where each ends).
    for (i, (k, _, lower)) in signed.iter().enumerate() {
        if i > 0 {
            s.signed_headers.push(b';');
        }
        if *lower {
            s.signed_headers.extend_from_slice(k.as_bytes());
        } else {
            push_lower(&mut s.signed_headers, k);
        }
        s.name_ends.push(s.signed_headers.len());
    }
    let signed: &[(&str, &[u8], bool)] = signed;

    // Byte order of keys; a stable sort keeps repeated keys in list order. Sending the
    // canonical form itself means the wire query and the signed one cannot drift apart (the
    // server re-canonicalizes either way).
    sort_query(&mut s.order, r.query);
    push_pairs(
        &mut s.query,
        r.query,
        s.order.iter().copied(),
        Some(Set::Unreserved),
        Set::Unreserved,
    );
    s.canonical_query.extend_from_slice(&s.query);

    let cr = &mut s.canonical_request;
    cr.extend_from_slice(r.method.as_bytes());
    cr.push(b'\n');
    push(cr, r.path.as_bytes(), Set::Path);
    cr.push(b'\n');
    cr.extend_from_slice(&s.query);
    cr.push(b'\n');
    let mut name_start = 0;
    for ((_, v, _), &end) in signed.iter().zip(&s.name_ends) {
        cr.extend_from_slice(s.signed_headers.get(name_start..end).unwrap_or_default());
        name_start = end + 1;
        cr.push(b':');
        cr.extend_from_slice(v);
        cr.push(b'\n');
    }
    cr.push(b'\n');
    cr.extend_from_slice(&s.signed_headers);
    cr.push(b'\n');
    cr.extend_from_slice(&payload_hash);

    let x_date = s.values.get(x_date).unwrap_or_default();
    // `YYYYMMDD` is where `YYYYMMDDTHHMMSSZ` starts.
    s.scope
        .extend_from_slice(x_date.get(..8).unwrap_or_default());
    for part in ["/", p.region, "/", p.service, "/request"] {
        s.scope.extend_from_slice(part.as_bytes());
    }
    let sts = &mut s.string_to_sign;
    sts.extend_from_slice(b"HMAC-SHA256\n");
    sts.extend_from_slice(x_date);
    sts.push(b'\n');
    sts.extend_from_slice(&s.scope);
    sts.push(b'\n');
    sts.extend_from_slice(&hex::of32(&sha256(cr)));

    let mac = keyed(&KeyId {
        kind: Kind::Volc,
        secret: p.access_key_secret,
        day: t.day,
        region: p.region,
        service: p.service,
    });
    mac_hex(&mut s.signature, mac, sts);

    let start = s.values.len();
    let v = &mut s.values;
    v.extend_from_slice(b"HMAC-SHA256 Credential=");
    v.extend_from_slice(p.access_key_id.as_bytes());
    v.push(b'/');
    v.extend_from_slice(&s.scope);
    v.extend_from_slice(b", SignedHeaders=");
    v.extend_from_slice(&s.signed_headers);
    v.extend_from_slice(b", Signature=");
    v.extend_from_slice(&s.signature);
    s.end_authorization(start);
    s.record_sorted_query(r.query);
    Ok(())
}
