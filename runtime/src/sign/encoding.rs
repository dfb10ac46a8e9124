//! The percent-encodings the signature schemes use, written in one pass straight into the
//! caller's buffer: runs of characters that stay are copied as slices, only the others are
//! escaped.

/// Which characters stay as they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Set {
    /// RFC 3986 unreserved: `A-Z a-z 0-9 - _ . ~`; everything else `%XX`.
    Unreserved,
    /// Unreserved and `/` (canonical URIs).
    Path,
    /// Unreserved, with space written as `+` (`application/x-www-form-urlencoded`).
    Form,
}

/// RFC 3986 unreserved encoding: `A-Z a-z 0-9 - _ . ~` stay, every other UTF-8 byte becomes
/// `%XX` (uppercase hex). Space is `%20`, `*` is `%2A`.
///
/// This is also Alibaba's `percentEncode` (both ACS3 values and RPC V1): the SDKs form-encode
/// and then patch `+` to `%20`, `*` to `%2A` and `%7E` back to `~`, which lands exactly on
/// the unreserved set, so one function serves Volcengine and both Alibaba schemes.
pub fn unreserved(text: &str) -> String {
    encode(text, Set::Unreserved)
}

/// Like [`unreserved`] but keeps `/` (canonical URIs).
pub fn path(text: &str) -> String {
    encode(text, Set::Path)
}

/// `application/x-www-form-urlencoded` as Python's `urlencode` writes it: unreserved
/// characters stay, space is `+`, everything else `%XX`.
pub fn form(text: &str) -> String {
    encode(text, Set::Form)
}

fn encode(text: &str, set: Set) -> String {
    let mut out = Vec::with_capacity(text.len() + text.len() / 2);
    push(&mut out, text.as_bytes(), set);
    super::text(out)
}

/// Whether a byte is RFC 3986 unreserved.
const fn unreserved_byte(b: u8) -> bool {
    matches!(b, b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~')
}

static UNRESERVED: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < 256 {
        table[i] = unreserved_byte(i as u8);
        i += 1;
    }
    table
};

/// How many bytes `text` starts with that [`Set::Unreserved`] keeps: eight at a time
/// through the table (one branch per eight bytes), then byte by byte.
pub(crate) fn unreserved_run(text: &[u8]) -> usize {
    let mut n = 0;
    let mut chunks = text.chunks_exact(8);
    for chunk in &mut chunks {
        let kept = chunk
            .iter()
            .fold(true, |all, &b| all & UNRESERVED[usize::from(b)]);
        if !kept {
            break;
        }
        n += 8;
    }
    let rest = text.get(n..).unwrap_or_default();
    n + rest
        .iter()
        .position(|&b| !UNRESERVED[usize::from(b)])
        .unwrap_or(rest.len())
}

/// Whether [`Set::Unreserved`] keeps `b` (one table load).
pub(crate) fn is_unreserved(b: u8) -> bool {
    UNRESERVED[usize::from(b)]
}

/// Whether `text` is written unchanged by [`Set::Unreserved`].
pub(crate) fn all_unreserved(text: &str) -> bool {
    text.bytes().all(|b| UNRESERVED[usize::from(b)])
}

/// Per set, per byte: the bytes it is written as (1 or 3 of them) and, last, how many.
static TABLES: [[[u8; 4]; 256]; 3] = [table(Set::Unreserved), table(Set::Path), table(Set::Form)];

const fn table(set: Set) -> [[u8; 4]; 256] {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = [[0u8; 4]; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        out[i] = if unreserved_byte(b) || (b == b'/' && matches!(set, Set::Path)) {
            [b, 0, 0, 1]
        } else if b == b' ' && matches!(set, Set::Form) {
            [b'+', 0, 0, 1]
        } else {
            [b'%', HEX[i >> 4], HEX[i & 0xf], 3]
        };
        i += 1;
    }
    out
}

/// Appends `text` encoded with `set` to `out`: runs of bytes that stay are copied whole,
/// each other byte is written from the table (a fixed-size copy, no formatting).
pub(crate) fn push(out: &mut Vec<u8>, text: &[u8], set: Set) {
    let table = &TABLES[set as usize];
    out.reserve(text.len() + text.len() / 2);
    let mut rest = text;
    loop {
        let (kept, tail) = rest.split_at(unreserved_run(rest).min(rest.len()));
        out.extend_from_slice(kept);
        let Some((&b, tail)) = tail.split_first() else {
            break;
        };
        let code = &table[usize::from(b)];
        if code[3] == 1 {
            out.push(code[0]);
        } else {
            out.extend_from_slice(&[code[0], code[1], code[2]]);
        }
        rest = tail;
    }
}

/// Appends `k=v&k=v` to `out`, keys encoded with `keys` (`None`: written as they are), values
/// with `values`, in the order `order` gives (indices into `pairs`).
pub(crate) fn push_pairs(
    out: &mut Vec<u8>,
    pairs: &[(&str, &str)],
    order: impl Iterator<Item = usize>,
    keys: Option<Set>,
    values: Set,
) {
    for (n, i) in order.enumerate() {
        let Some((k, v)) = pairs.get(i) else { continue };
        if n > 0 {
            out.push(b'&');
        }
        match keys {
            Some(set) => push(out, k.as_bytes(), set),
            None => out.extend_from_slice(k.as_bytes()),
        }
        out.push(b'=');
        push(out, v.as_bytes(), values);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings() {
        assert_eq!(unreserved("a b*c~d/e+直"), "a%20b%2Ac~d%2Fe%2B%E7%9B%B4");
        assert_eq!(path("/a b/"), "/a%20b/");
        assert_eq!(form("2023-11-13 00:00:00"), "2023-11-13+00%3A00%3A00");
        assert_eq!(unreserved(""), "");
        assert_eq!(unreserved("%"), "%25");
        assert!(all_unreserved("Abc-1_2.3~") && !all_unreserved("a b"));
    }

    #[test]
    fn pairs_in_the_given_order() {
        let pairs = [("b k", "x y"), ("a", "1")];
        let mut out = Vec::new();
        push_pairs(&mut out, &pairs, [1, 0].into_iter(), None, Set::Unreserved);
        assert_eq!(out, b"a=1&b k=x%20y");
        out.clear();
        push_pairs(&mut out, &pairs, 0..2, Some(Set::Form), Set::Form);
        assert_eq!(out, b"b+k=x+y&a=1");
    }

    /// Alibaba's percentEncode rules: form-encode, then `+`→`%20`, `*`→`%2A`, `%7E`→`~`.
    #[test]
    fn alibaba_percent_encode_rules() {
        let alibaba = |s: &str| {
            form(s)
                .replace('+', "%20")
                .replace('*', "%2A")
                .replace("%7E", "~")
        };
        for s in ["a b", "x*y", "~t", "app one,应用*3,a+b/c=d&e%", "(!')"] {
            assert_eq!(unreserved(s), alibaba(s), "{s}");
        }
        assert_eq!(unreserved("a b*~"), "a%20b%2A~");
    }
}
