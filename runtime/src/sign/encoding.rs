//! The percent-encodings the signature schemes use.

/// RFC 3986 unreserved encoding: `A-Z a-z 0-9 - _ . ~` stay, every other UTF-8 byte becomes
/// `%XX` (uppercase hex). Space is `%20`, `*` is `%2A`.
///
/// This is also Alibaba's `percentEncode` (both ACS3 values and RPC V1): the SDKs form-encode
/// and then patch `+` to `%20`, `*` to `%2A` and `%7E` back to `~`, which lands exactly on
/// the unreserved set, so one function serves Volcengine and both Alibaba schemes.
pub fn unreserved(text: &str) -> String {
    encode(text, false, false)
}

/// Like [`unreserved`] but keeps `/` (canonical URIs).
pub fn path(text: &str) -> String {
    encode(text, true, false)
}

/// `application/x-www-form-urlencoded` as Python's `urlencode` writes it: unreserved
/// characters stay, space is `+`, everything else `%XX`.
pub fn form(text: &str) -> String {
    encode(text, false, true)
}

fn encode(text: &str, keep_slash: bool, space_plus: bool) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    for &b in text.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b'/' if keep_slash => out.push('/'),
            b' ' if space_plus => out.push('+'),
            _ => {
                out.push('%');
                out.push(HEX[usize::from(b >> 4)] as char);
                out.push(HEX[usize::from(b & 0xf)] as char);
            }
        }
    }
    out
}

/// `k=v&k=v` with both sides encoded by `encode`.
pub(crate) fn join_pairs<'a>(
    pairs: impl IntoIterator<Item = &'a (String, String)>,
    encode_key: fn(&str) -> String,
    encode_value: fn(&str) -> String,
) -> String {
    let mut out = String::new();
    for (k, v) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(&encode_key(k));
        out.push('=');
        out.push_str(&encode_value(v));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings() {
        assert_eq!(unreserved("a b*c~d/e+直"), "a%20b%2Ac~d%2Fe%2B%E7%9B%B4");
        assert_eq!(path("/a b/"), "/a%20b/");
        assert_eq!(form("2023-11-13 00:00:00"), "2023-11-13+00%3A00%3A00");
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
