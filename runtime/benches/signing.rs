//! Signing time per scheme (`cargo bench -p cloudusage-runtime`). A plain timing loop:
//! the numbers go in the project notes, never into test assertions.

use std::hint::black_box;
use std::time::Instant;

use cloudusage_runtime::sign::{sign, RequestParts, SigningParams, SigningScheme};

fn main() {
    let body = br#"{"FileId":"5285890784246869930","StartTime":"2023-11-01T00:00:00+08:00","EndTime":"2023-11-07T00:00:00+08:00","Interval":"Day"}"#;
    let query = vec![
        ("StartTime".to_string(), "2022-10-10T20:00:00Z".to_string()),
        ("EndTime".to_string(), "2022-10-10T21:00:00Z".to_string()),
        ("AppId".to_string(), "app-1,app-2".to_string()),
    ];
    let headers = vec![
        ("Content-Type".to_string(), "application/json".to_string()),
        ("Host".to_string(), "example.com".to_string()),
    ];
    let params = SigningParams {
        access_key_id: "AKIDEXAMPLE",
        access_key_secret: "secret",
        session_token: None,
        timestamp: 1_700_000_000,
        nonce: "3f1c0b2e9d5a47a8b6c4e2f0a1d3c5e7",
        region: "cn-north-1",
        service: "live",
        action: "DescribeLiveTranscodeData",
        version: "2023-01-01",
    };
    const N: u32 = 20_000;
    for scheme in [
        SigningScheme::Tc3HmacSha256,
        SigningScheme::VolcHmacSha256,
        SigningScheme::Acs3HmacSha256,
        SigningScheme::AcsRpcHmacSha1,
    ] {
        let (query, body): (&[(String, String)], &[u8]) = match scheme {
            SigningScheme::Tc3HmacSha256 | SigningScheme::VolcHmacSha256 => (&[], body),
            _ => (&query, b""),
        };
        let request = RequestParts {
            method: "POST",
            host: "example.com",
            path: "/",
            query,
            headers: &headers,
            body,
        };
        let started = Instant::now();
        for _ in 0..N {
            black_box(sign(scheme, black_box(&params), black_box(&request)));
        }
        let per = started.elapsed() / N;
        println!("sign {:<18} {:>8} ns/op", scheme.as_str(), per.as_nanos());
    }
}
