//! Taking each provider's response envelope apart: the payload on success, the code,
//! message and request id on failure. The body is parsed from its bytes once; the payload
//! is moved out of the parsed envelope, never copied.

use serde_json::Value;

use crate::operation::Envelope;

/// A successful answer: the payload to decode and the request id.
#[derive(Debug, PartialEq)]
pub struct Payload {
    pub value: Value,
    pub request_id: Option<String>,
}

/// What the envelope says went wrong.
#[derive(Debug, PartialEq)]
pub enum Failure {
    /// The envelope carries an error code.
    Code {
        code: String,
        message: String,
        request_id: Option<String>,
    },
    /// A failure status without an error envelope.
    Status { request_id: Option<String> },
    /// The body is not the envelope (not JSON, truncated, wrong shape).
    Malformed {
        message: String,
        request_id: Option<String>,
    },
}

fn text(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// An `Error: {Code, Message}` object (Tencent and Volcengine).
fn error_object(error: &Value, request_id: Option<String>) -> Failure {
    Failure::Code {
        code: text(error, "Code").unwrap_or_default(),
        message: text(error, "Message").unwrap_or_default(),
        request_id,
    }
}

/// Takes member `key` out of an object.
fn take(value: &mut Value, key: &str) -> Option<Value> {
    match value {
        Value::Object(map) => map.remove(key),
        _ => None,
    }
}

/// Splits `body` (answered with `status`) by `envelope`.
pub fn open(envelope: Envelope, status: u16, body: impl AsRef<[u8]>) -> Result<Payload, Failure> {
    let success = (200..300).contains(&status);
    let mut json: Value = match serde_json::from_slice(body.as_ref()) {
        Ok(v) => v,
        Err(e) if success => {
            return Err(Failure::Malformed {
                message: e.to_string(),
                request_id: None,
            })
        }
        Err(_) => return Err(Failure::Status { request_id: None }),
    };
    match envelope {
        Envelope::Tencent => {
            let Some(response) = take(&mut json, "Response") else {
                return Err(if success {
                    Failure::Malformed {
                        message: "no `Response` object".into(),
                        request_id: None,
                    }
                } else {
                    Failure::Status { request_id: None }
                });
            };
            let request_id = text(&response, "RequestId");
            if let Some(error) = response.get("Error") {
                return Err(error_object(error, request_id));
            }
            if !success {
                return Err(Failure::Status { request_id });
            }
            Ok(Payload {
                value: response,
                request_id,
            })
        }
        Envelope::Volcengine => {
            let meta = json.get("ResponseMetadata");
            let request_id = meta.and_then(|m| text(m, "RequestId"));
            if let Some(error) = meta.and_then(|m| m.get("Error")) {
                return Err(error_object(error, request_id));
            }
            if !success {
                return Err(Failure::Status { request_id });
            }
            match take(&mut json, "Result") {
                Some(result) => Ok(Payload {
                    value: result,
                    request_id,
                }),
                None => Err(Failure::Malformed {
                    message: "no `Result` object".into(),
                    request_id,
                }),
            }
        }
        Envelope::Alibaba => {
            let request_id = text(&json, "RequestId");
            if !success {
                return Err(match text(&json, "Code") {
                    Some(code) => Failure::Code {
                        code,
                        message: text(&json, "Message").unwrap_or_default(),
                        request_id,
                    },
                    None => Failure::Status { request_id },
                });
            }
            Ok(Payload {
                value: json,
                request_id,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tencent_error_inside_a_200() {
        let body =
            r#"{"Response":{"Error":{"Code":"InternalError","Message":"boom"},"RequestId":"r1"}}"#;
        assert_eq!(
            open(Envelope::Tencent, 200, body),
            Err(Failure::Code {
                code: "InternalError".into(),
                message: "boom".into(),
                request_id: Some("r1".into())
            })
        );
    }

    #[test]
    fn volcengine_result_and_error() {
        let ok = r#"{"ResponseMetadata":{"RequestId":"r2"},"Result":{"A":1}}"#;
        assert_eq!(
            open(Envelope::Volcengine, 200, ok)
                .unwrap()
                .request_id
                .as_deref(),
            Some("r2")
        );
        let err = r#"{"ResponseMetadata":{"RequestId":"r3","Error":{"Code":"InvalidParam","Message":"m"}}}"#;
        assert!(
            matches!(open(Envelope::Volcengine, 400, err), Err(Failure::Code { code, .. }) if code == "InvalidParam")
        );
    }

    #[test]
    fn alibaba_flat_error_and_garbage() {
        let err = r#"{"Code":"Throttling","Message":"slow down","RequestId":"r4"}"#;
        assert!(
            matches!(open(Envelope::Alibaba, 503, err), Err(Failure::Code { code, .. }) if code == "Throttling")
        );
        assert!(matches!(
            open(Envelope::Alibaba, 200, "{\"Req"),
            Err(Failure::Malformed { .. })
        ));
        assert!(matches!(
            open(Envelope::Alibaba, 500, "<html>"),
            Err(Failure::Status { .. })
        ));
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        const ENVELOPES: [Envelope; 3] =
            [Envelope::Tencent, Envelope::Volcengine, Envelope::Alibaba];

        /// JSON built from the keys the envelopes look at, nested at random, with values of
        /// every JSON type.
        fn envelope_like() -> impl Strategy<Value = Value> {
            let leaf = prop_oneof![
                Just(Value::Null),
                any::<bool>().prop_map(Value::Bool),
                any::<i64>().prop_map(Value::from),
                ".{0,8}".prop_map(Value::String),
            ];
            let keys = prop::sample::select(vec![
                "Response",
                "Error",
                "Code",
                "Message",
                "RequestId",
                "ResponseMetadata",
                "Result",
                "x",
            ]);
            leaf.prop_recursive(4, 32, 6, move |inner| {
                prop_oneof![
                    prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                    prop::collection::btree_map(keys.clone(), inner, 0..5).prop_map(|m| {
                        Value::Object(m.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
                    }),
                ]
            })
        }

        proptest! {
            #[test]
            fn any_body_gives_an_answer_and_failures_are_never_successes(
                envelope in prop::sample::select(ENVELOPES.to_vec()),
                status in 100u16..600,
                json in envelope_like(),
                cut in any::<prop::sample::Index>(),
            ) {
                let text = json.to_string();
                let truncated: String = text.chars().take(cut.index(text.chars().count() + 1)).collect();
                for body in [&text, &truncated] {
                    if open(envelope, status, body).is_ok() {
                        prop_assert!((200..300).contains(&status), "{status} {body}");
                    }
                }
            }

            #[test]
            fn an_error_envelope_keeps_code_message_and_request_id(
                envelope in prop::sample::select(ENVELOPES.to_vec()),
                status in prop::sample::select(vec![200u16, 400, 403, 500, 503]),
                code in "[A-Za-z.]{1,20}",
                message in ".{0,30}",
                request_id in "[a-f0-9-]{1,36}",
            ) {
                let error = serde_json::json!({ "Code": code, "Message": message });
                let body = match envelope {
                    Envelope::Tencent => serde_json::json!({
                        "Response": { "Error": error, "RequestId": request_id }
                    }),
                    Envelope::Volcengine => serde_json::json!({
                        "ResponseMetadata": { "Error": error, "RequestId": request_id }
                    }),
                    Envelope::Alibaba => serde_json::json!({
                        "Code": code, "Message": message, "RequestId": request_id
                    }),
                };
                let failure = open(envelope, status, body.to_string());
                // Alibaba's flat envelope is an error only with a failure status.
                if envelope == Envelope::Alibaba && status == 200 {
                    prop_assert!(failure.is_ok());
                } else {
                    prop_assert_eq!(
                        failure,
                        Err(Failure::Code { code, message, request_id: Some(request_id) })
                    );
                }
            }
        }
    }
}
