//! Alibaba Cloud RPC V1: HMAC-SHA1 over the sorted, doubly encoded query; the signature
//! travels as the `Signature` query parameter and no header is signed.

use base64::Engine;
use hmac::{KeyInit, Mac};

use super::clock::Utc;
use super::encoding::{is_unreserved, push, push_pairs, unreserved_run, Set};
use super::key_cache::{keyed, KeyId, KeyedMac, Kind};
use super::scratch::Scratch;
use super::{
    key_order, prefix, prefix_of, sort_query, text, RequestParts, SignError, SigningParams,
};

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

/// Where the value of one of the scheme's own parameters comes from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Source {
    AccessKeyId,
    Action,
    /// Written in the fragments already.
    Constant,
    /// `SecurityToken`: only with a session token.
    Token,
    /// `Format`: only when the caller sets none.
    Format,
    Nonce,
    Timestamp,
    Version,
}

/// One of the scheme's own parameters: its name, and the name already written as `&Name=`
/// for the canonical query and `%26Name%3D` for the string to sign (constants with their
/// value), so that each is one copy per buffer.
struct Own {
    key: &'static str,
    /// `key`'s first bytes as [`prefix`](super::prefix) has them, for the merge with the
    /// caller's keys.
    prefix: u64,
    canonical: &'static str,
    to_sign: &'static str,
    source: Source,
    /// Whether it sorts before the caller's on an equal key (see [`sign`]).
    first: bool,
}

/// The scheme's own parameters in key order (the SDK's two groups, merged).
static OWN: [Own; 9] = [
    Own {
        key: "AccessKeyId",
        prefix: prefix_of(b"AccessKeyId"),
        canonical: "&AccessKeyId=",
        to_sign: "%26AccessKeyId%3D",
        source: Source::AccessKeyId,
        first: false,
    },
    Own {
        key: "Action",
        prefix: prefix_of(b"Action"),
        canonical: "&Action=",
        to_sign: "%26Action%3D",
        source: Source::Action,
        first: true,
    },
    Own {
        key: "Format",
        prefix: prefix_of(b"Format"),
        canonical: "&Format=json",
        to_sign: "%26Format%3Djson",
        source: Source::Format,
        first: true,
    },
    Own {
        key: "SecurityToken",
        prefix: prefix_of(b"SecurityToken"),
        canonical: "&SecurityToken=",
        to_sign: "%26SecurityToken%3D",
        source: Source::Token,
        first: false,
    },
    Own {
        key: "SignatureMethod",
        prefix: prefix_of(b"SignatureMethod"),
        canonical: "&SignatureMethod=HMAC-SHA1",
        to_sign: "%26SignatureMethod%3DHMAC-SHA1",
        source: Source::Constant,
        first: false,
    },
    Own {
        key: "SignatureNonce",
        prefix: prefix_of(b"SignatureNonce"),
        canonical: "&SignatureNonce=",
        to_sign: "%26SignatureNonce%3D",
        source: Source::Nonce,
        first: true,
    },
    Own {
        key: "SignatureVersion",
        prefix: prefix_of(b"SignatureVersion"),
        canonical: "&SignatureVersion=1.0",
        to_sign: "%26SignatureVersion%3D1.0",
        source: Source::Constant,
        first: false,
    },
    Own {
        key: "Timestamp",
        prefix: prefix_of(b"Timestamp"),
        canonical: "&Timestamp=",
        to_sign: "%26Timestamp%3D",
        source: Source::Timestamp,
        first: true,
    },
    Own {
        key: "Version",
        prefix: prefix_of(b"Version"),
        canonical: "&Version=",
        to_sign: "%26Version%3D",
        source: Source::Version,
        first: true,
    },
];

/// Stable insertion sort of `order` (indices into `query`) by key bytes: the caller's
/// parameters are few, where this beats the general sort.
fn sort_callers(order: &mut Vec<usize>, query: &[(&str, &str)]) {
    if query.len() > 24 {
        sort_query(order, query);
        return;
    }
    order.clear();
    for i in 0..query.len() {
        let key = query.get(i).map_or("", |q| q.0);
        let mut at = order.len();
        while at > 0 {
            let before = order
                .get(at - 1)
                .and_then(|&j| query.get(j))
                .map_or("", |q| q.0);
            if key_order(before, key).is_le() {
                break;
            }
            at -= 1;
        }
        order.insert(at, i);
    }
}

/// Appends `text` to the canonical query `cq` (encoded with [`Set::Unreserved`]) and to
/// the string to sign `sts` (encoded twice: an escape `%XY` is `%25XY` there), in one pass.
/// A text that needs no escape (most) is copied whole into each; one that does (a time, a
/// list) is written byte by byte after its first run: its runs are short, and two library
/// copies per run cost more than the bytes.
fn push_both(cq: &mut Vec<u8>, sts: &mut Vec<u8>, text: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let bytes = text.as_bytes();
    let (kept, rest) = bytes.split_at(unreserved_run(bytes).min(bytes.len()));
    cq.extend_from_slice(kept);
    sts.extend_from_slice(kept);
    if rest.is_empty() {
        return;
    }
    cq.reserve(3 * rest.len());
    sts.reserve(5 * rest.len());
    for &b in rest {
        if is_unreserved(b) {
            cq.push(b);
            sts.push(b);
        } else {
            let (hi, lo) = (HEX[usize::from(b >> 4)], HEX[usize::from(b & 0xf)]);
            cq.extend_from_slice(&[b'%', hi, lo]);
            sts.extend_from_slice(&[b'%', b'2', b'5', hi, lo]);
        }
    }
}

/// Standard base64 (with padding) of a 20-byte SHA-1 digest: 28 characters, the last `=`.
fn base64_20(digest: &[u8; 20]) -> [u8; 28] {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let char_of = |v: u32| ALPHABET[(v & 63) as usize];
    let mut out = [b'='; 28];
    let mut input = [0u8; 21];
    input[..20].copy_from_slice(digest);
    for (group, chars) in input.chunks_exact(3).zip(out.chunks_exact_mut(4)) {
        let v = u32::from(group[0]) << 16 | u32::from(group[1]) << 8 | u32::from(group[2]);
        chars[0] = char_of(v >> 18);
        chars[1] = char_of(v >> 12);
        chars[2] = char_of(v >> 6);
        chars[3] = char_of(v);
    }
    // 20 bytes are six groups and two bytes: three characters, then the padding.
    out[27] = b'=';
    out
}

pub(super) fn sign(
    p: &SigningParams<'_>,
    r: &RequestParts<'_>,
    s: &mut Scratch,
) -> Result<(), SignError> {
    let t = Utc::of(p.timestamp)?;
    let timestamp = t.iso8601_z();
    // The caller's `Format` wins: the response format is theirs to choose, and a second
    // `Format` would be signed and sent next to it.
    let format = !r.query.iter().any(|(k, _)| *k == "Format");
    let value = |source: Source| match source {
        Source::AccessKeyId => Some(p.access_key_id),
        Source::Action => Some(p.action),
        Source::Constant => Some(""),
        Source::Token => p.session_token,
        Source::Format => format.then_some(""),
        Source::Nonce => Some(p.nonce),
        Source::Timestamp => Some(""),
        Source::Version => Some(p.version),
    };
    // The SDK sorts the whole set stably, the list being its own first parameters
    // (`first`), the caller's, then its own last ones: the caller's, sorted stably by key,
    // merged with the scheme's own, where on an equal key a `first` one goes before the
    // caller's and a last one after.
    sort_callers(&mut s.order, r.query);
    let (cq, sts) = (&mut s.canonical_query, &mut s.string_to_sign);
    sts.extend(r.method.bytes().map(|b| b.to_ascii_uppercase()));
    sts.extend_from_slice(b"&%2F&");
    let mut own = OWN.iter().filter_map(|o| Some((o, value(o.source)?)));
    let mut callers = s.order.iter().filter_map(|&i| r.query.get(i));
    let (mut o, mut c) = (own.next(), callers.next());
    let mut first_pair = true;
    loop {
        let take_own = match (o, c) {
            // Keys in byte order, by their first bytes where they differ there (a call to
            // `memcmp` per step was a tenth of the signature).
            (Some((own, _)), Some(caller)) => match own
                .prefix
                .cmp(&prefix(caller.0, false))
                .then_with(|| own.key.cmp(caller.0))
            {
                std::cmp::Ordering::Less => true,
                std::cmp::Ordering::Greater => false,
                std::cmp::Ordering::Equal => own.first,
            },
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        // The first parameter has no `&` before it.
        let (skip_cq, skip_sts) = if first_pair { (1, 3) } else { (0, 0) };
        first_pair = false;
        if let (true, Some((own_param, own_value))) = (take_own, o) {
            o = own.next();
            let fragment =
                |f: &'static str, skip: usize| f.as_bytes().get(skip..).unwrap_or_default();
            cq.extend_from_slice(fragment(own_param.canonical, skip_cq));
            sts.extend_from_slice(fragment(own_param.to_sign, skip_sts));
            match own_param.source {
                Source::Constant | Source::Format => {}
                // Written straight in its encoded forms: `:` is its only reserved character.
                Source::Timestamp => {
                    Utc::push_iso8601_z_with(&timestamp, cq, b"%3A");
                    Utc::push_iso8601_z_with(&timestamp, sts, b"%253A");
                }
                _ => push_both(cq, sts, own_value),
            }
            if s.inspect {
                let shown = match own_param.source {
                    Source::Constant | Source::Format => {
                        own_param.canonical.split_once('=').map_or("", |(_, v)| v)
                    }
                    Source::Timestamp => std::str::from_utf8(&timestamp).unwrap_or_default(),
                    _ => own_value,
                };
                s.wire_pairs
                    .push((own_param.key.to_string(), shown.to_string()));
            }
        } else if let Some(&(key, value)) = c {
            c = callers.next();
            if skip_cq == 0 {
                cq.push(b'&');
                sts.extend_from_slice(b"%26");
            }
            push_both(cq, sts, key);
            cq.push(b'=');
            sts.extend_from_slice(b"%3D");
            push_both(cq, sts, value);
            if s.inspect {
                s.wire_pairs.push((key.to_string(), value.to_string()));
            }
        }
    }

    let mac = keyed(&KeyId {
        kind: Kind::RpcV1,
        secret: p.access_key_secret,
        day: 0,
        region: "",
        service: "",
    });
    let digest = match mac {
        KeyedMac::Sha1(mut m) => {
            m.update(&s.string_to_sign);
            let mut out = [0u8; 20];
            out.copy_from_slice(&m.finalize().into_bytes());
            out
        }
        KeyedMac::Sha256(_) => [0u8; 20],
    };
    s.signature.extend_from_slice(&base64_20(&digest));

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

#[cfg(test)]
mod tests {
    use base64::Engine;

    #[test]
    fn the_own_parameters_are_in_key_order_with_their_prefixes() {
        for own in &super::OWN {
            assert_eq!(own.prefix, super::prefix(own.key, false), "{}", own.key);
        }
        assert!(super::OWN.windows(2).all(|w| w[0].key < w[1].key));
    }

    #[test]
    fn base64_of_a_digest_is_the_standard_one() {
        for seed in [0u8, 1, 7, 0x5a, 0xff] {
            let digest: [u8; 20] =
                std::array::from_fn(|i| seed.wrapping_mul(31).wrapping_add(i as u8 * 13));
            let expected = base64::engine::general_purpose::STANDARD.encode(digest);
            assert_eq!(&super::base64_20(&digest)[..], expected.as_bytes());
        }
    }
}
