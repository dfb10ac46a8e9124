//! Alibaba Cloud RPC V1: HMAC-SHA1 over the sorted, doubly encoded query; the signature
//! travels as the `Signature` query parameter and no header is signed.

use base64::Engine;
use hmac::{KeyInit, Mac};

use super::clock::Utc;
use super::encoding::{push, push_pairs, unreserved_run, Set};
use super::key_cache::{KeyId, KeyedMac, Kind, CACHE};
use super::scratch::Scratch;
use super::{sort_query, text, RequestParts, SignError, SigningParams};

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

/// One parameter of the signed set. The scheme's own carry their name already written as
/// `&Name=` for the canonical query and `%26Name%3D` for the string to sign (constants
/// with their value too), so each is one copy per buffer; `plain_value`: the value needs
/// no encoding (a constant, written in the fragments).
#[derive(Clone, Copy)]
struct Param<'a> {
    key: &'a str,
    value: &'a str,
    /// `&Name=` and `%26Name%3D` (the scheme's own), else empty.
    fragments: (&'a str, &'a str),
    plain_value: bool,
    /// Among the scheme's own, whether it sorts before the caller's on an equal key (see
    /// [`sign`]).
    first: bool,
}

impl<'a> Param<'a> {
    const fn own(
        key: &'a str,
        value: &'a str,
        fragments: (&'a str, &'a str),
        plain_value: bool,
        first: bool,
    ) -> Self {
        Param {
            key,
            value,
            fragments,
            plain_value,
            first,
        }
    }
}

/// Stable insertion sort of `order` (indices into `query`) by key bytes: the caller's
/// parameters are few, where this beats the general sort.
fn sort_callers(order: &mut Vec<usize>, query: &[(&str, &str)]) {
    if query.len() > 24 {
        sort_query(order, query);
        return;
    }
    order.clear();
    for i in 0..query.len() {
        let key = query.get(i).map_or("", |q| q.0).as_bytes();
        let mut at = order.len();
        while at > 0 {
            let before = order
                .get(at - 1)
                .and_then(|&j| query.get(j))
                .map_or("", |q| q.0);
            if before.as_bytes() <= key {
                break;
            }
            at -= 1;
        }
        order.insert(at, i);
    }
}

/// Appends `text` to the canonical query `cq` (encoded with [`Set::Unreserved`]) and to
/// the string to sign `sts` (encoded twice: an escape `%XY` is `%25XY` there), in one pass:
/// runs of unreserved bytes are copied to both, each other byte written from the table.
fn push_both(cq: &mut Vec<u8>, sts: &mut Vec<u8>, text: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut rest = text.as_bytes();
    loop {
        let (kept, tail) = rest.split_at(unreserved_run(rest).min(rest.len()));
        cq.extend_from_slice(kept);
        sts.extend_from_slice(kept);
        let Some((&b, tail)) = tail.split_first() else {
            break;
        };
        let (hi, lo) = (HEX[usize::from(b >> 4)], HEX[usize::from(b & 0xf)]);
        cq.extend_from_slice(&[b'%', hi, lo]);
        sts.extend_from_slice(&[b'%', b'2', b'5', hi, lo]);
        rest = tail;
    }
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
    let format = !r.query.iter().any(|(k, _)| *k == "Format");
    // The SDK sorts the whole set stably, the list being its own first parameters
    // (`first`), the caller's, then its own last ones. The scheme's own, in key order (a
    // merge of the two groups, fixed at compile time but for the optional ones):
    let own_all = [
        Param::own(
            "AccessKeyId",
            p.access_key_id,
            ("&AccessKeyId=", "%26AccessKeyId%3D"),
            false,
            false,
        ),
        Param::own("Action", p.action, ("&Action=", "%26Action%3D"), false, true),
        Param::own(
            "Format",
            "json",
            ("&Format=json", "%26Format%3Djson"),
            true,
            true,
        ),
        Param::own(
            "SecurityToken",
            p.session_token.unwrap_or(""),
            ("&SecurityToken=", "%26SecurityToken%3D"),
            false,
            false,
        ),
        Param::own(
            "SignatureMethod",
            "HMAC-SHA1",
            ("&SignatureMethod=HMAC-SHA1", "%26SignatureMethod%3DHMAC-SHA1"),
            true,
            false,
        ),
        Param::own(
            "SignatureNonce",
            p.nonce,
            ("&SignatureNonce=", "%26SignatureNonce%3D"),
            false,
            true,
        ),
        Param::own(
            "SignatureVersion",
            "1.0",
            ("&SignatureVersion=1.0", "%26SignatureVersion%3D1.0"),
            true,
            false,
        ),
        Param::own(
            "Timestamp",
            timestamp,
            ("&Timestamp=", "%26Timestamp%3D"),
            false,
            true,
        ),
        Param::own("Version", p.version, ("&Version=", "%26Version%3D"), false, true),
    ];
    let present = |i: &usize| match i {
        2 => format,
        3 => p.session_token.is_some(),
        _ => true,
    };
    // The caller's, sorted stably by key, merged in: on an equal key a `first` one of the
    // scheme's goes before the caller's, a last one after.
    sort_callers(&mut s.order, r.query);
    let mut callers = s.order.iter().filter_map(|&i| r.query.get(i)).map(|&(k, v)| Param {
        key: k,
        value: v,
        fragments: ("", ""),
        plain_value: false,
        first: false,
    });
    let mut own = (0..own_all.len())
        .filter(present)
        .filter_map(|i| own_all.get(i).copied());
    let (mut o, mut c) = (own.next(), callers.next());
    let cq = &mut s.canonical_query;
    let sts = &mut s.string_to_sign;
    sts.extend(r.method.bytes().map(|b| b.to_ascii_uppercase()));
    sts.extend_from_slice(b"&%2F&");
    let mut n = 0;
    loop {
        let next = match (o, c) {
            (Some(a), Some(b)) => {
                let take_own = match a.key.as_bytes().cmp(b.key.as_bytes()) {
                    std::cmp::Ordering::Less => true,
                    std::cmp::Ordering::Greater => false,
                    std::cmp::Ordering::Equal => a.first,
                };
                if take_own {
                    o = own.next();
                    a
                } else {
                    c = callers.next();
                    b
                }
            }
            (Some(a), None) => {
                o = own.next();
                a
            }
            (None, Some(b)) => {
                c = callers.next();
                b
            }
            (None, None) => break,
        };
        let (cq_fragment, sts_fragment) = next.fragments;
        if cq_fragment.is_empty() {
            if n > 0 {
                cq.push(b'&');
                sts.extend_from_slice(b"%26");
            }
            push_both(cq, sts, next.key);
            cq.push(b'=');
            sts.extend_from_slice(b"%3D");
        } else {
            // The first parameter has no `&` before it.
            let (skip_cq, skip_sts) = if n == 0 { (1, 3) } else { (0, 0) };
            cq.extend_from_slice(cq_fragment.as_bytes().get(skip_cq..).unwrap_or_default());
            sts.extend_from_slice(sts_fragment.as_bytes().get(skip_sts..).unwrap_or_default());
        }
        n += 1;
        if !next.plain_value {
            push_both(cq, sts, next.value);
        }
        if s.inspect {
            s.wire_pairs
                .push((next.key.to_string(), next.value.to_string()));
        }
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
        let signature = text(s.signature.clone());
        s.wire_pairs.push(("Signature".to_string(), signature));
    }
    Ok(())
}
