//! `--dry-run`: a signed request as text, with what would let someone replay it or act as
//! the caller (signatures, session tokens) replaced by `<redacted>`. The access key id stays:
//! it tells which key would sign, and is no secret on its own.

use cloudusage_runtime::PreparedRequest;

const REDACTED: &str = "<redacted>";

/// Whether a header or query parameter carries a secret outright.
fn secret_name(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name.contains("token") || name == "signature"
}

/// An `Authorization` value with its `Signature=` part redacted.
fn authorization(value: &str) -> String {
    match value.find("Signature=") {
        Some(at) => {
            let start = at + "Signature=".len();
            let end = value[start..]
                .find([',', ' '])
                .map_or(value.len(), |i| start + i);
            format!("{}{REDACTED}{}", &value[..start], &value[end..])
        }
        None => REDACTED.to_string(),
    }
}

fn url(url: &str) -> String {
    let Some((base, query)) = url.split_once('?') else {
        return url.to_string();
    };
    let pairs: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((k, _)) if secret_name(k) => format!("{k}={REDACTED}"),
            _ => pair.to_string(),
        })
        .collect();
    format!("{base}?{}", pairs.join("&"))
}

/// The request as an HTTP message: request line, headers, blank line, body.
pub fn show(request: &PreparedRequest) -> String {
    let mut out = format!("{} {}\n", request.method, url(&request.url));
    for (name, value) in &request.headers {
        let name = name.as_str();
        let value = value.to_str().unwrap_or("<not text>");
        let value = if name.eq_ignore_ascii_case("authorization") {
            authorization(value)
        } else if secret_name(name) {
            REDACTED.to_string()
        } else {
            value.to_string()
        };
        out.push_str(&format!("{name}: {value}\n"));
    }
    out.push('\n');
    if !request.body.is_empty() {
        out.push_str(&String::from_utf8_lossy(&request.body));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_and_tokens_are_redacted() {
        use cloudusage_runtime::reqwest::header::{HeaderMap, HeaderValue};
        let mut headers = HeaderMap::new();
        headers.insert(
            "authorization",
            HeaderValue::from_static("TC3-HMAC-SHA256 Credential=AK/2025/vod/tc3_request, SignedHeaders=host, Signature=deadbeef"),
        );
        headers.insert("x-tc-token", HeaderValue::from_static("tok"));
        headers.insert("x-tc-action", HeaderValue::from_static("X"));
        let request = PreparedRequest {
            method: cloudusage_runtime::reqwest::Method::POST,
            url: "http://h/?Action=X&Signature=abc%3D&SecurityToken=tok&AccessKeyId=AK".into(),
            headers,
            body: b"{}".to_vec(),
        };
        let shown = show(&request);
        assert!(!shown.contains("deadbeef") && !shown.contains("tok\n") && !shown.contains("abc"));
        assert!(shown.contains("Signature=<redacted>&SecurityToken=<redacted>&AccessKeyId=AK"));
        assert!(shown.contains("SignedHeaders=host, Signature=<redacted>\n"));
        assert!(shown.contains("x-tc-token: <redacted>\nx-tc-action: X\n"));
    }
}
