//! Taking each provider's response envelope apart: the payload on success, the code,
//! message and request id on failure.
//!
//! A successful answer is read once, from its bytes: [`read`] walks the envelope and hands
//! the reader to the typed payload where the payload starts, noting the request id (and a
//! Tencent `Error`, which comes with status 200) as it passes. Anything unexpected (an
//! error, a malformed body, a payload of the wrong shape) sends the body to [`open`], which
//! parses it whole and says what went wrong: errors are rare, and their path can afford it.

use std::borrow::Cow;

use serde_json::Value;

use crate::json::{DecodeError, Kind, Reader};
use crate::operation::Envelope;

/// What reads the typed payload, positioned at its first byte.
pub type PayloadReader<'p> = dyn FnMut(&mut Reader<'_>) -> Result<(), DecodeError> + Send + 'p;

/// Reads a successful (2xx) answer in one pass: `payload` reads the payload where the
/// envelope puts it, and the request id is returned. Fails on anything else: an error in
/// the envelope, a malformed body, or `payload`'s own error; [`open`] then tells which.
pub fn read(
    envelope: Envelope,
    body: &[u8],
    payload: &mut PayloadReader<'_>,
) -> Result<Option<String>, DecodeError> {
    let mut r = Reader::from_slice(body)?;
    let request_id = match envelope {
        Envelope::Tencent => {
            let mut request_id = None;
            let mut found = false;
            r.begin_object()?;
            while let Some(key) = r.next_key()? {
                if key == "Response" {
                    // `RequestId` and `Error` sit beside the payload's own fields.
                    r.watch_next_object(true);
                    payload(&mut r)?;
                    request_id = watched(&mut r)?;
                    found = true;
                } else {
                    r.skip()?;
                }
            }
            if !found {
                return Err(DecodeError::new("no `Response` object"));
            }
            request_id
        }
        Envelope::Volcengine => {
            let mut request_id = None;
            let mut found = false;
            r.begin_object()?;
            while let Some(key) = r.next_key()? {
                match &*key {
                    // Anything but an object has nothing to say (as for `open`).
                    "ResponseMetadata" if r.kind()? != Kind::Object => r.skip()?,
                    "ResponseMetadata" => {
                        r.begin_object()?;
                        while let Some(key) = r.next_key()? {
                            match &*key {
                                "RequestId" => request_id = r.text_value()?.map(Cow::into_owned),
                                "Error" => return Err(carries_an_error()),
                                _ => r.skip()?,
                            }
                        }
                    }
                    "Result" => {
                        payload(&mut r)?;
                        found = true;
                    }
                    _ => r.skip()?,
                }
            }
            if !found {
                return Err(DecodeError::new("no `Result` object"));
            }
            request_id
        }
        Envelope::Alibaba => {
            // The whole body is the payload, its `RequestId` among the payload's fields. An
            // error comes with a failure status, so a `Code` here is only a field.
            r.watch_next_object(false);
            payload(&mut r)?;
            watched(&mut r)?
        }
    };
    r.end()?;
    Ok(request_id)
}

fn carries_an_error() -> DecodeError {
    DecodeError::new("the answer carries an `Error`")
}

/// The request id seen in the watched payload object, unless it held an error.
fn watched(r: &mut Reader<'_>) -> Result<Option<String>, DecodeError> {
    let (request_id, error) = r.end_watch();
    if error {
        return Err(carries_an_error());
    }
    Ok(request_id.map(Cow::into_owned))
}

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

    /// [`read`] with the payload kept as a free-form value.
    fn read_value(envelope: Envelope, body: &str) -> Result<(Value, Option<String>), DecodeError> {
        let mut value = None;
        let request_id = read(envelope, body.as_bytes(), &mut |r: &mut Reader<'_>| {
            value = Some(r.value()?);
            Ok(())
        })?;
        Ok((value.unwrap_or_default(), request_id))
    }

    #[test]
    fn one_pass_reads_the_payload_and_request_id_wherever_they_are() {
        let tencent = r#"{"Response":{"A":1,"RequestId":"r1","B":[{"RequestId":"inner"}]}}"#;
        let (value, id) = read_value(Envelope::Tencent, tencent).unwrap();
        assert_eq!(value["A"], 1);
        assert_eq!(id.as_deref(), Some("r1"));
        for volc in [
            r#"{"ResponseMetadata":{"RequestId":"r2"},"Result":{"A":1}}"#,
            r#"{"Result":{"A":1},"ResponseMetadata":{"RequestId":"r2","Action":"X"}}"#,
        ] {
            let (value, id) = read_value(Envelope::Volcengine, volc).unwrap();
            assert_eq!((value["A"].as_i64(), id.as_deref()), (Some(1), Some("r2")));
        }
        let (_, id) = read_value(Envelope::Alibaba, r#"{"RequestId":7,"Code":"x"}"#).unwrap();
        assert_eq!(id.as_deref(), Some("7"));
    }

    #[test]
    fn one_pass_gives_up_on_errors_and_broken_bodies() {
        for (envelope, body) in [
            (
                Envelope::Tencent,
                r#"{"Response":{"Error":{"Code":"X","Message":"m"},"RequestId":"r"}}"#,
            ),
            (Envelope::Tencent, r#"{"Other":{}}"#),
            (Envelope::Tencent, r#"{"Response":{"A":1}} x"#),
            (Envelope::Tencent, r#"{"Response":{"A":1}"#),
            (
                Envelope::Volcengine,
                r#"{"ResponseMetadata":{"Error":{"Code":"X"}},"Result":{}}"#,
            ),
            (Envelope::Volcengine, r#"{"ResponseMetadata":{}}"#),
            (Envelope::Alibaba, "<html>"),
        ] {
            assert!(read_value(envelope, body).is_err(), "{body}");
        }
    }

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

            /// The one-pass reader agrees with the whole-body parse on every successful
            /// answer: the same payload and request id, and it fails wherever `open` does.
            #[test]
            fn one_pass_agrees_with_the_whole_parse(
                envelope in prop::sample::select(ENVELOPES.to_vec()),
                json in envelope_like(),
                cut in any::<prop::sample::Index>(),
            ) {
                let text = json.to_string();
                let truncated: String = text.chars().take(cut.index(text.chars().count() + 1)).collect();
                for body in [&text, &truncated] {
                    match (read_value(envelope, body), open(envelope, 200, body)) {
                        (Ok((value, id)), Ok(payload)) => {
                            prop_assert_eq!(value, payload.value);
                            prop_assert_eq!(id, payload.request_id);
                        }
                        (Err(_), Err(_)) => {}
                        (ours, whole) => prop_assert!(false, "{body}: {ours:?} vs {whole:?}"),
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
