//! Taking each provider's response envelope apart: the payload on success, the code,
//! message and request id on failure.

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

/// Splits `body` (answered with `status`) by `envelope`.
pub fn open(envelope: Envelope, status: u16, body: &str) -> Result<Payload, Failure> {
    let success = (200..300).contains(&status);
    let json: Value = match serde_json::from_str(body) {
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
            let Some(response) = json.get("Response") else {
                return Err(if success {
                    Failure::Malformed {
                        message: "no `Response` object".into(),
                        request_id: None,
                    }
                } else {
                    Failure::Status { request_id: None }
                });
            };
            let request_id = text(response, "RequestId");
            if let Some(error) = response.get("Error") {
                return Err(Failure::Code {
                    code: text(error, "Code").unwrap_or_default(),
                    message: text(error, "Message").unwrap_or_default(),
                    request_id,
                });
            }
            if !success {
                return Err(Failure::Status { request_id });
            }
            Ok(Payload {
                value: response.clone(),
                request_id,
            })
        }
        Envelope::Volcengine => {
            let meta = json.get("ResponseMetadata");
            let request_id = meta.and_then(|m| text(m, "RequestId"));
            if let Some(error) = meta.and_then(|m| m.get("Error")) {
                return Err(Failure::Code {
                    code: text(error, "Code").unwrap_or_default(),
                    message: text(error, "Message").unwrap_or_default(),
                    request_id,
                });
            }
            if !success {
                return Err(Failure::Status { request_id });
            }
            match json.get("Result") {
                Some(result) => Ok(Payload {
                    value: result.clone(),
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
}
