//! Alibaba Cloud ACS3-HMAC-SHA256: every header present is signed, no key derivation.

use reqwest::header::{HeaderName, HOST};

use super::clock::Utc;
use super::encoding::{all_unreserved, push_pairs, Set};
use super::key_cache::{keyed, KeyId, Kind};
use super::scratch::Scratch;
use super::{
    cmp_lower, header, hex, mac_hex, payload_hash_hex, push_lower, sha256, sort_query, trim,
    RequestParts, SignError, SigningParams,
};

const ALGORITHM: &[u8] = b"ACS3-HMAC-SHA256";
const X_ACS_ACTION: HeaderName = HeaderName::from_static("x-acs-action");
const X_ACS_VERSION: HeaderName = HeaderName::from_static("x-acs-version");
const X_ACS_DATE: HeaderName = HeaderName::from_static("x-acs-date");
const X_ACS_NONCE: HeaderName = HeaderName::from_static("x-acs-signature-nonce");
const X_ACS_CONTENT_SHA256: HeaderName = HeaderName::from_static("x-acs-content-sha256");
const X_ACS_ACCESS_KEY_ID: HeaderName = HeaderName::from_static("x-acs-accesskey-id");
const X_ACS_TOKEN: HeaderName = HeaderName::from_static("x-acs-security-token");

pub(super) fn sign(
    p: &SigningParams<'_>,
    r: &RequestParts<'_>,
    s: &mut Scratch,
) -> Result<(), SignError> {
    let t = Utc::of(p.timestamp)?;
    // Alibaba's RPC-style APIs send an empty body; its hash (of "") is still signed and
    // sent as x-acs-content-sha256.
    let payload_hash = payload_hash_hex(r.body);
    s.payload_hash = Some(payload_hash);

    // Headers the scheme requires, added unless the caller already set them; added in
    // name order, so that they need no sorting (see below).
    let given = |name: &HeaderName| header(r.headers, name.as_str()).is_some();
    if !given(&HOST) {
        s.header(HOST, r.host.as_bytes());
    }
    let token = p.session_token;
    if token.is_some() && !given(&X_ACS_ACCESS_KEY_ID) {
        s.header(X_ACS_ACCESS_KEY_ID, p.access_key_id.as_bytes());
    }
    if !given(&X_ACS_ACTION) {
        s.header(X_ACS_ACTION, p.action.as_bytes());
    }
    if !given(&X_ACS_CONTENT_SHA256) {
        s.header(X_ACS_CONTENT_SHA256, &payload_hash);
    }
    if !given(&X_ACS_DATE) {
        let start = s.values.len();
        t.push_iso8601_z(&mut s.values);
        s.end_header(X_ACS_DATE, start, false);
    }
    if let Some(token) = token.filter(|_| !given(&X_ACS_TOKEN)) {
        let start = s.values.len();
        s.values.extend_from_slice(token.as_bytes());
        s.end_header(X_ACS_TOKEN, start, true);
    }
    if !given(&X_ACS_NONCE) {
        s.header(X_ACS_NONCE, p.nonce.as_bytes());
    }
    if !given(&X_ACS_VERSION) {
        s.header(X_ACS_VERSION, p.version.as_bytes());
    }

    // Every header is signed: lower-case names, trimmed values; same-name headers merge as
    // their sorted values joined with `,`. The caller's are sorted by (name, value) (as
    // indices, in a reused buffer); the added ones are in name order already and never
    // share a name with the caller's, so the canonical order is a merge of the two lists.
    let given_order = &mut s.header_order;
    given_order.clear();
    given_order.extend(0..r.headers.len());
    let given_at = |i: usize| {
        r.headers
            .get(i)
            .map_or(("", &b""[..]), |&(k, v)| (k, trim(v.as_bytes())))
    };
    given_order.sort_by(|&a, &b| {
        let (a, b) = (given_at(a), given_at(b));
        cmp_lower(a.0, b.0).then_with(|| a.1.cmp(b.1))
    });
    let added = s.headers.iter().map(|(name, range, _)| {
        let value = s.values.get(range.clone()).unwrap_or_default();
        (name.as_str(), trim(value), true)
    });
    let mut added = added.peekable();
    let mut given_iter = given_order
        .iter()
        .map(|&i| {
            let (k, v) = given_at(i);
            (k, v, false)
        })
        .peekable();
    let all = std::iter::from_fn(|| match (given_iter.peek(), added.peek()) {
        (Some(g), Some(a)) if cmp_lower(g.0, a.0).is_gt() => added.next(),
        (Some(_), _) => given_iter.next(),
        (None, _) => added.next(),
    });

    // ACS3 leaves query keys unencoded in the canonical form (the SDK's `get_authorization`
    // does so; parameter names are ASCII identifiers, so this matches the server).
    sort_query(&mut s.order, r.query);
    push_pairs(
        &mut s.canonical_query,
        r.query,
        s.order.iter().copied(),
        None,
        Set::Unreserved,
    );
    // The wire order is free (the server re-canonicalizes): the sorted one is sent, which is
    // the canonical form itself unless a key needs encoding.
    if r.query.iter().all(|(k, _)| all_unreserved(k)) {
        s.query.extend_from_slice(&s.canonical_query);
    } else {
        push_pairs(
            &mut s.query,
            r.query,
            s.order.iter().copied(),
            Some(Set::Unreserved),
            Set::Unreserved,
        );
    }

    let cr = &mut s.canonical_request;
    cr.extend_from_slice(r.method.as_bytes());
    cr.push(b'\n');
    cr.extend_from_slice(r.path.as_bytes());
    cr.push(b'\n');
    cr.extend_from_slice(&s.canonical_query);
    cr.push(b'\n');
    let mut previous: Option<&str> = None;
    for (k, v, lower) in all {
        let same = previous.is_some_and(|p| p.eq_ignore_ascii_case(k));
        if same {
            cr.push(b',');
        } else {
            if previous.is_some() {
                cr.push(b'\n');
                s.signed_headers.push(b';');
            }
            // The added names are `HeaderName`s, lower-case already.
            if lower {
                cr.extend_from_slice(k.as_bytes());
                s.signed_headers.extend_from_slice(k.as_bytes());
            } else {
                push_lower(cr, k);
                push_lower(&mut s.signed_headers, k);
            }
            cr.push(b':');
        }
        cr.extend_from_slice(v);
        previous = Some(k);
    }
    if previous.is_some() {
        cr.push(b'\n');
    }
    cr.push(b'\n');
    cr.extend_from_slice(&s.signed_headers);
    cr.push(b'\n');
    cr.extend_from_slice(&payload_hash);

    let sts = &mut s.string_to_sign;
    sts.extend_from_slice(ALGORITHM);
    sts.push(b'\n');
    sts.extend_from_slice(&hex::of32(&sha256(cr)));
    let mac = keyed(&KeyId {
        kind: Kind::Acs3,
        secret: p.access_key_secret,
        day: 0,
        region: "",
        service: "",
    });
    mac_hex(&mut s.signature, mac, sts);

    let start = s.values.len();
    let v = &mut s.values;
    v.extend_from_slice(ALGORITHM);
    v.extend_from_slice(b" Credential=");
    v.extend_from_slice(p.access_key_id.as_bytes());
    v.extend_from_slice(b",SignedHeaders=");
    v.extend_from_slice(&s.signed_headers);
    v.extend_from_slice(b",Signature=");
    v.extend_from_slice(&s.signature);
    s.end_authorization(start);
    s.record_sorted_query(r.query);
    Ok(())
}
