//! Every case of the providers' signing vectors (computed with their official SDKs), checked
//! byte for byte, intermediates first.

use cloudusage_runtime::sign::{
    rpc_v1_signature, rpc_v1_string_to_sign, sign, RequestParts, SignedRequest, SigningParams,
    SigningScheme,
};
use serde_json::Value;

fn cases() -> Vec<Value> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/signing.json");
    let text = std::fs::read_to_string(path).expect("fixture present");
    let doc: Value = serde_json::from_str(&text).expect("fixture is JSON");
    doc["cases"].as_array().expect("cases").clone()
}

fn pairs(v: &Value) -> Vec<(String, String)> {
    v.as_array()
        .map(|a| {
            a.iter()
                .map(|p| {
                    (
                        p[0].as_str().unwrap().to_string(),
                        p[1].as_str().unwrap().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn headers(v: &Value) -> Vec<(String, String)> {
    v.as_object()
        .map(|o| {
            o.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
                .collect()
        })
        .unwrap_or_default()
}

/// Compares one expected field; on mismatch names the case and shows both strings.
fn same(case: &str, field: &str, expected: &Value, actual: Option<&str>) {
    let Some(expected) = expected.as_str() else {
        return;
    };
    assert_eq!(
        actual,
        Some(expected),
        "case {case}: `{field}` differs\n--- expected\n{expected}\n--- actual\n{}\n",
        actual.unwrap_or("<none>")
    );
}

fn run(case: &Value, scheme: SigningScheme) -> SignedRequest {
    let input = &case["input"];
    let mut request_headers = headers(&input["headers_before_signing"]);
    // Tencent: the caller's headers do not include the two signed ones; the SDK adds them.
    if scheme == SigningScheme::Tc3HmacSha256 {
        request_headers.push((
            "Content-Type".into(),
            input["content_type"].as_str().unwrap().into(),
        ));
        request_headers.push(("Host".into(), input["host"].as_str().unwrap().into()));
    }
    let query = pairs(&input["query"]);
    let params = SigningParams {
        access_key_id: input["access_key_id"].as_str().unwrap(),
        access_key_secret: input["access_key_secret"].as_str().unwrap(),
        session_token: input["session_token"].as_str(),
        timestamp: input["timestamp"].as_i64().unwrap(),
        nonce: input["nonce"].as_str().unwrap_or(""),
        region: input["region"].as_str().unwrap(),
        service: input["service"].as_str().unwrap(),
        action: input["action"].as_str().unwrap(),
        version: input["version"].as_str().unwrap(),
    };
    let request = RequestParts {
        method: input["method"].as_str().unwrap(),
        host: input["host"].as_str().unwrap(),
        path: input["path"].as_str().unwrap(),
        query: &query,
        headers: &request_headers,
        body: input["body"].as_str().unwrap().as_bytes(),
    };
    sign(scheme, &params, &request)
}

fn check_common(id: &str, expected: &Value, signed: &SignedRequest) {
    same(
        id,
        "payload_hash",
        &expected["payload_hash"],
        signed.payload_hash.as_deref(),
    );
    same(
        id,
        "canonical_query_string",
        &expected["canonical_query_string"],
        signed.canonical_query_string.as_deref(),
    );
    same(
        id,
        "canonical_request",
        &expected["canonical_request"],
        signed.canonical_request.as_deref(),
    );
    same(
        id,
        "credential_scope",
        &expected["credential_scope"],
        signed.credential_scope.as_deref(),
    );
    same(
        id,
        "string_to_sign",
        &expected["string_to_sign"],
        Some(&signed.string_to_sign),
    );
    same(
        id,
        "signing_key_hex",
        &expected["signing_key_hex"],
        signed.signing_key_hex.as_deref(),
    );
    same(
        id,
        "signed_headers",
        &expected["signed_headers"],
        signed.signed_headers.as_deref(),
    );
    same(
        id,
        "signature",
        &expected["signature"],
        Some(&signed.signature),
    );
    same(
        id,
        "authorization",
        &expected["authorization"],
        signed.authorization.as_deref(),
    );
}

/// Every header the signer adds must be on the SDK's request with the same value.
fn check_added_headers(id: &str, expected: &Value, signed: &SignedRequest) {
    let sent = headers(&expected["request"]["headers"]);
    for (name, value) in &signed.headers {
        let found = sent
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v);
        assert_eq!(
            found,
            Some(value),
            "case {id}: added header {name} differs from the SDK's request"
        );
    }
}

fn cases_of(algorithm: &str) -> Vec<Value> {
    let cases: Vec<Value> = cases()
        .into_iter()
        .filter(|c| c["algorithm"] == algorithm)
        .collect();
    assert!(!cases.is_empty(), "no {algorithm} cases");
    cases
}

#[test]
fn the_fixture_has_every_case() {
    let all = cases();
    assert_eq!(all.len(), 22);
    for (algorithm, n) in [
        ("TC3-HMAC-SHA256", 7),
        ("VOLC-HMAC-SHA256", 6),
        ("ACS3-HMAC-SHA256", 4),
        ("ACS-RPC-HMAC-SHA1", 5),
    ] {
        assert_eq!(
            all.iter().filter(|c| c["algorithm"] == algorithm).count(),
            n,
            "{algorithm}"
        );
    }
}

#[test]
fn tc3_hmac_sha256() {
    for case in cases_of("TC3-HMAC-SHA256") {
        let id = case["id"].as_str().unwrap();
        let signed = run(&case, SigningScheme::Tc3HmacSha256);
        check_common(id, &case["expected"], &signed);
        check_added_headers(id, &case["expected"], &signed);
        // GET: the signed query string is the one on the wire.
        let url = case["expected"]["request"]["url"].as_str().unwrap();
        let sent_query = url.split_once('?').map(|(_, q)| q).unwrap_or("");
        assert_eq!(
            signed.encoded_query, sent_query,
            "case {id}: query on the wire"
        );
    }
}

#[test]
fn volc_hmac_sha256() {
    for case in cases_of("VOLC-HMAC-SHA256") {
        let id = case["id"].as_str().unwrap();
        let signed = run(&case, SigningScheme::VolcHmacSha256);
        check_common(id, &case["expected"], &signed);
        check_added_headers(id, &case["expected"], &signed);
    }
}

#[test]
fn acs3_hmac_sha256() {
    for case in cases_of("ACS3-HMAC-SHA256") {
        let id = case["id"].as_str().unwrap();
        let signed = run(&case, SigningScheme::Acs3HmacSha256);
        check_common(id, &case["expected"], &signed);
        check_added_headers(id, &case["expected"], &signed);
    }
}

#[test]
fn acs_rpc_hmac_sha1_string_to_sign_and_signature_for_every_case() {
    for case in cases_of("ACS-RPC-HMAC-SHA1") {
        let id = case["id"].as_str().unwrap();
        let e = &case["expected"];
        let signed_params = pairs(&e["signed_params"]);
        let (canonical, string_to_sign) =
            rpc_v1_string_to_sign(case["input"]["method"].as_str().unwrap(), &signed_params);
        same(
            id,
            "canonical_query_string",
            &e["canonical_query_string"],
            Some(&canonical),
        );
        same(
            id,
            "string_to_sign",
            &e["string_to_sign"],
            Some(&string_to_sign),
        );
        let secret = case["input"]["access_key_secret"].as_str().unwrap();
        assert_eq!(
            e["hmac_key"].as_str(),
            Some(format!("{secret}&").as_str()),
            "case {id}: hmac key"
        );
        same(
            id,
            "signature",
            &e["signature"],
            Some(&rpc_v1_signature(secret, &string_to_sign)),
        );
    }
}

#[test]
fn acs_rpc_hmac_sha1_full_signer_matches_tea_openapi() {
    // The tea-openapi cases (POST, Format=json) are what this client sends; the legacy
    // aliyun-python-sdk-core cases add SDK-specific parameters and are covered above.
    let tea: Vec<Value> = cases_of("ACS-RPC-HMAC-SHA1")
        .into_iter()
        .filter(|c| c["input"]["method"] == "POST")
        .collect();
    assert_eq!(tea.len(), 3);
    for case in tea {
        let id = case["id"].as_str().unwrap();
        let e = &case["expected"];
        let signed = run(&case, SigningScheme::AcsRpcHmacSha1);
        check_common(id, e, &signed);
        let mut sent = signed.query.clone();
        let mut expected = pairs(&e["final_query"]);
        sent.sort();
        expected.sort();
        assert_eq!(sent, expected, "case {id}: final query parameters");
    }
}

#[test]
fn signing_never_panics_on_odd_input() {
    let odd = ["", " ", "直播 🎥", "%%%", "a=b&c", "\u{0}", "\n\r"];
    for scheme in [
        SigningScheme::Tc3HmacSha256,
        SigningScheme::VolcHmacSha256,
        SigningScheme::Acs3HmacSha256,
        SigningScheme::AcsRpcHmacSha1,
    ] {
        for text in odd {
            let query = vec![(text.to_string(), text.to_string())];
            let headers = vec![(text.to_string(), text.to_string())];
            let params = SigningParams {
                access_key_id: text,
                access_key_secret: text,
                session_token: Some(text),
                timestamp: i64::MAX,
                nonce: text,
                region: text,
                service: text,
                action: text,
                version: text,
            };
            let request = RequestParts {
                method: text,
                host: text,
                path: text,
                query: &query,
                headers: &headers,
                body: text.as_bytes(),
            };
            let signed = sign(scheme, &params, &request);
            assert!(!signed.signature.is_empty());
        }
    }
}
