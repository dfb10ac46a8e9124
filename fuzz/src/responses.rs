//! Fuzzing the response path: the runtime's JSON reader and the generated typed responses,
//! on answers a server could send.
//!
//! Each case takes one of the seed APIs' documented example answers in its provider's
//! envelope (or an error envelope), and mutates it: in the JSON tree (values retyped, keys
//! reordered, added, renamed and repeated, numbers at and past every limit, strings with
//! escapes, surrogates and control characters, deep nesting, the envelope's `RequestId` and
//! `Error` moved about) and in the bytes (flips, insertions of JSON tokens, cuts, repeats,
//! invalid UTF-8). Then, under `catch_unwind`:
//!
//! - the reader reads the text as a free-form value exactly as `serde_json::from_slice`
//!   does: both fail, or both succeed with the same value;
//! - the one-pass read of the envelope and the typed response of every seed API
//!   ([`cloudusage_runtime::envelope::read`]) succeeds only where the whole-body parse
//!   ([`cloudusage_runtime::envelope::open`]) finds a successful answer, with the same
//!   request id, and reads the same response as from the payload written out again by
//!   serde_json (so whitespace and escapes change nothing), unless the text sends a field
//!   twice, which the typed read refuses;
//! - the typed read of a successful answer is the same with every object's keys in the
//!   documented order (each value read in place) and shuffled (keys noted and read from
//!   where they are).

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Duration;

use cloudusage::alibaba::live::DescribeLiveGrtnDurationResponse;
use cloudusage::tencent::live::DescribeProIspPlaySumInfoListResponse;
use cloudusage::tencent::trtc::DescribeTrtcInteractiveTimeResponse;
use cloudusage::tencent::vod::DescribeMediaPlayStatDetailsResponse;
use cloudusage::volcengine::live::DescribeLiveTranscodeDataResponse;
use cloudusage_runtime::envelope::{self, Failure};
use cloudusage_runtime::json::{self, FromJson, Kind, Reader};
use cloudusage_runtime::Envelope;
use serde_json::Value;

use crate::rng::Rng;

/// The seed APIs' documented example payloads (from their pages, as the specs record them).
const VOD: &str = r#"{"PlayStatInfoSet":[{"FileId":"5285485487985271487","Time":"2021-01-01T00:00:00+08:00","PlayTimes":13,"Traffic":23434},{"FileId":"5285485487985271487","Time":"2021-01-01T01:00:00+08:00","PlayTimes":3,"Traffic":2334}],"RequestId":"6ca31e3a-6b8e-4b4e-9256-fdc700064ef3"}"#;
const ISP: &str = r#"{"DataInfoList":[{"Name":"Shandong","TotalFlux":50.0,"TotalRequest":50,"AvgFluxPerSecond":10.1}],"TotalFlux":100.0,"TotalRequest":100,"AvgFluxPerSecond":100,"PageSize":10,"PageNum":1,"TotalNum":10,"TotalPage":2,"StatType":"Province","RequestId":"e6628973-db6a-48f1-9fcd-fe0b3ba54bc9"}"#;
const TRTC: &str = r#"{"Usages":[{"SdkAppId":"total","SdkAppIdTrtcTimeUsages":[{"TimeKey":"2020-09-08 00:05:00","AudioVideoTime":512916,"VideoTimeSd":0,"VideoTimeHd":0,"VideoTimeHdp":0,"AudioTime":0}],"TotalNum":3}],"RequestId":"644956b8-9f7c-44c5-b833-31d91dba1b24"}"#;
const VOLC: &str = r#"{"DomainList":["example.com"],"StartTime":"2021-04-13T00:00:00+08:00","EndTime":"2021-04-14T00:00:00+08:00","Aggregation":86400,"Duration":12.860403541550001,"TranscodeDataList":[{"Duration":1.4475713543666666,"Resolution":"720P","TimeStamp":"2022-03-07T00:00:00+08:00","TranscodeType":"Normal_H264"},{"Duration":11.412832187183334,"Resolution":"720P","TimeStamp":"2022-03-08T00:00:00+08:00","TranscodeType":"Normal_H264"}]}"#;
const GRTN: &str = r#"{"StreamDetailData":{"StreamData":[{"TimeStamp":"2022-12-10T20:00:00Z","MediaType":"video","MediaProfile":"720P","Duration":"423304182"},{"TimeStamp":"2022-12-10T21:00:00Z","MediaType":"video","MediaProfile":"720P","Duration":"454680793"}]},"RequestId":"B955107D-E658-4E77-B913-E0AC3D31693E"}"#;

/// One seed API: its envelope, example payload and typed reader.
struct Api {
    name: &'static str,
    envelope: Envelope,
    payload: &'static str,
    /// Checks a body; `Ok(Some(response))` (as `Debug` prints it) if the typed read
    /// accepted it.
    check: fn(Envelope, &[u8]) -> Result<Option<String>, String>,
}

const APIS: [Api; 5] = [
    Api {
        name: "tencent vod DescribeMediaPlayStatDetails",
        envelope: Envelope::Tencent,
        payload: VOD,
        check: check_typed::<DescribeMediaPlayStatDetailsResponse>,
    },
    Api {
        name: "tencent live DescribeProIspPlaySumInfoList",
        envelope: Envelope::Tencent,
        payload: ISP,
        check: check_typed::<DescribeProIspPlaySumInfoListResponse>,
    },
    Api {
        name: "tencent trtc DescribeTrtcInteractiveTime",
        envelope: Envelope::Tencent,
        payload: TRTC,
        check: check_typed::<DescribeTrtcInteractiveTimeResponse>,
    },
    Api {
        name: "volcengine live DescribeLiveTranscodeData",
        envelope: Envelope::Volcengine,
        payload: VOLC,
        check: check_typed::<DescribeLiveTranscodeDataResponse>,
    },
    Api {
        name: "alibaba live DescribeLiveGrtnDuration",
        envelope: Envelope::Alibaba,
        payload: GRTN,
        check: check_typed::<DescribeLiveGrtnDurationResponse>,
    },
];

/// What one case found wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct Disagreement {
    pub case: u64,
    pub api: &'static str,
    pub what: String,
    pub body: Vec<u8>,
}

/// What a run of cases did.
#[derive(Debug, Default)]
pub struct Summary {
    pub cases: u64,
    /// Bodies serde_json accepts as JSON.
    pub valid_json: u64,
    /// Bodies a typed read accepted.
    pub typed_ok: u64,
    pub slowest: Duration,
    pub disagreements: Vec<Disagreement>,
}

/// Runs case `case` of the run seeded with `seed`: `Err` describes what went wrong.
pub fn run_case(seed: u64, case: u64) -> Result<CaseResult, Disagreement> {
    let mut rng = Rng::for_case(seed, case);
    let api = rng.pick(&APIS);
    let body = body(&mut rng, api);
    let fail = |what: String, body: &[u8]| Disagreement {
        case,
        api: api.name,
        what,
        body: body.to_vec(),
    };
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let valid = check_value(&body)?;
        let typed = (api.check)(api.envelope, &body)?;
        if valid {
            check_key_order(&mut rng, api, &body)?;
        }
        Ok::<_, String>((valid, typed.is_some()))
    }));
    match outcome {
        Ok(Ok((valid_json, typed_ok))) => Ok(CaseResult {
            valid_json,
            typed_ok,
        }),
        Ok(Err(what)) => Err(fail(what, &body)),
        Err(panic) => {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(fail(format!("panicked: {message}"), &body))
        }
    }
}

/// What a case that found nothing wrong saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseResult {
    pub valid_json: bool,
    pub typed_ok: bool,
}

/// The free-form reader against serde_json; whether the body is JSON.
fn check_value(body: &[u8]) -> Result<bool, String> {
    let ours = json::from_slice::<Value>(body);
    let theirs = serde_json::from_slice::<Value>(body);
    match (ours, theirs) {
        // Compared as written too: `-0.0 == 0.0`, but the two are different answers.
        (Ok(a), Ok(b)) if a == b && serde_json::to_vec(&a).ok() == serde_json::to_vec(&b).ok() => {
            Ok(true)
        }
        (Err(_), Err(_)) => Ok(false),
        (a, b) => Err(format!("reader {a:?}, serde_json {b:?}")),
    }
}

/// The typed read of a successful answer does not depend on the order of its keys: the
/// payload written with every object's keys in the order the seed sends them (the
/// documented order, which is the struct's: values read in place) and in a random order
/// (keys noted and read from where they are) read the same.
fn check_key_order(rng: &mut Rng, api: &Api, body: &[u8]) -> Result<(), String> {
    let Ok(payload) = envelope::open(api.envelope, 200, body) else {
        return Ok(());
    };
    let ranks = key_ranks(api.payload);
    let wrap_text = |payload: String| -> Vec<u8> {
        match api.envelope {
            Envelope::Tencent => format!(r#"{{"Response":{payload}}}"#),
            Envelope::Volcengine => format!(r#"{{"Result":{payload}}}"#),
            Envelope::Alibaba => payload,
        }
        .into_bytes()
    };
    let mut in_order = String::new();
    write_ordered(
        &payload.value,
        &mut |keys| sort_by_rank(keys, &ranks),
        &mut in_order,
    );
    let mut shuffled = String::new();
    write_ordered(
        &payload.value,
        &mut |keys| shuffle(rng, keys),
        &mut shuffled,
    );
    let a = (api.check)(api.envelope, &wrap_text(in_order))?;
    let b = (api.check)(api.envelope, &wrap_text(shuffled))?;
    if a != b {
        return Err(format!(
            "the typed read depends on key order: {a:?} in the documented order, {b:?} shuffled"
        ));
    }
    Ok(())
}

/// Each key of `text` (JSON) and where it first comes.
fn key_ranks(text: &str) -> std::collections::HashMap<String, usize> {
    let mut ranks = std::collections::HashMap::new();
    let mut rest = text;
    // Keys are the strings followed by a colon; the seeds hold no colon inside a key.
    while let Some(colon) = rest.find("\":") {
        let key_start = rest[..colon].rfind('"').map_or(0, |i| i + 1);
        let key = &rest[key_start..colon];
        let next = ranks.len();
        ranks.entry(key.to_string()).or_insert(next);
        rest = &rest[colon + 2..];
    }
    ranks
}

fn sort_by_rank(keys: &mut [&String], ranks: &std::collections::HashMap<String, usize>) {
    keys.sort_by_key(|k| ranks.get(k.as_str()).copied().unwrap_or(usize::MAX));
}

fn shuffle(rng: &mut Rng, keys: &mut [&String]) {
    for i in (1..keys.len()).rev() {
        keys.swap(i, rng.below(i + 1));
    }
}

/// `value` as JSON text, each object's keys in the order `order` puts them.
fn write_ordered(value: &Value, order: &mut dyn FnMut(&mut [&String]), out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            order(&mut keys);
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::from(key.as_str()).to_string());
                out.push(':');
                if let Some(v) = map.get(key) {
                    write_ordered(v, order, out);
                }
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_ordered(item, order, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// The one-pass typed read against the whole-body parse.
fn check_typed<T: FromJson + PartialEq + std::fmt::Debug + Send>(
    envelope: Envelope,
    body: &[u8],
) -> Result<Option<String>, String> {
    let mut typed = None;
    let one_pass = envelope::read(envelope, body, &mut |r: &mut Reader<'_>| {
        typed = Some(T::read(r)?);
        Ok(())
    });
    let whole = envelope::open(envelope, 200, body);
    match (one_pass, whole) {
        (Ok(request_id), Ok(payload)) => {
            if request_id != payload.request_id {
                return Err(format!(
                    "request id {request_id:?}, whole parse {:?}",
                    payload.request_id
                ));
            }
            let again = json::from_value::<T>(&payload.value);
            match (typed, again) {
                (Some(a), Ok(b)) if a == b => Ok(Some(format!("{a:?}"))),
                (a, b) => Err(format!(
                    "typed read {a:?}, from the payload written out again {b:?}"
                )),
            }
        }
        (Ok(_), Err(failure)) => Err(format!(
            "one pass read a response, the whole parse found {failure:?}"
        )),
        (Err(e), Ok(payload)) => {
            // The whole parse finds a successful answer; the typed read may still refuse it
            // (a payload of the wrong shape, a field sent twice), but then so must reading
            // the payload written out again, unless the refusal was a repeated field.
            match json::from_value::<T>(&payload.value) {
                Err(_) => Ok(None),
                Ok(_) if repeats_a_key(body) => Ok(None),
                Ok(_) => Err(format!(
                    "one pass failed ({e}), the payload written out again reads"
                )),
            }
        }
        (
            Err(_),
            Err(Failure::Code { .. } | Failure::Malformed { .. } | Failure::Status { .. }),
        ) => Ok(None),
    }
}

/// Whether some object of `body` (JSON) has a key twice.
fn repeats_a_key(body: &[u8]) -> bool {
    fn walk(r: &mut Reader<'_>) -> Result<bool, json::DecodeError> {
        match r.kind()? {
            Kind::Object => {
                r.begin_object()?;
                let mut keys = Vec::new();
                let mut repeated = false;
                while let Some(key) = r.next_key()? {
                    repeated |= keys.contains(&key);
                    keys.push(key);
                    repeated |= walk(r)?;
                }
                Ok(repeated)
            }
            Kind::Array => {
                r.begin_array()?;
                let mut repeated = false;
                while r.next_item()? {
                    repeated |= walk(r)?;
                }
                Ok(repeated)
            }
            _ => r.skip().map(|()| false),
        }
    }
    Reader::from_slice(body)
        .and_then(|mut r| walk(&mut r))
        .unwrap_or(false)
}

/// The body of a case: a seed answer, mutated.
fn body(rng: &mut Rng, api: &Api) -> Vec<u8> {
    let mut payload: Value = serde_json::from_str(api.payload).unwrap_or_default();
    // Mostly the payload's own tree, which the typed read cares about.
    for _ in 0..rng.below(4) {
        mutate_tree(rng, &mut payload, 0);
    }
    let mut document = wrap(rng, api.envelope, payload);
    if rng.one_in(6) {
        move_envelope_keys(rng, &mut document);
    }
    let mut text = raw_numbers(if rng.one_in(4) {
        serde_json::to_vec_pretty(&document).unwrap_or_default()
    } else {
        serde_json::to_vec(&document).unwrap_or_default()
    });
    if rng.one_in(3) {
        for _ in 0..=rng.below(3) {
            mutate_bytes(rng, &mut text);
        }
    }
    text
}

/// `payload` in `envelope`'s success form, or an error envelope.
fn wrap(rng: &mut Rng, envelope: Envelope, payload: Value) -> Value {
    let error = rng.one_in(10).then(|| {
        serde_json::json!({"Code": rng.word(&["InternalError", "Throttling", "A.B"]), "Message": "m"})
    });
    match envelope {
        Envelope::Tencent => {
            let mut response = payload;
            if let (Some(error), Value::Object(map)) = (error, &mut response) {
                map.insert("Error".into(), error);
            }
            serde_json::json!({ "Response": response })
        }
        Envelope::Volcengine => {
            let mut meta = serde_json::json!({"RequestId": "r-volc", "Action": "A"});
            if let (Some(error), Value::Object(map)) = (error, &mut meta) {
                map.insert("Error".into(), error);
            }
            serde_json::json!({ "ResponseMetadata": meta, "Result": payload })
        }
        Envelope::Alibaba => payload,
    }
}

/// Moves, duplicates or retypes an envelope key (`RequestId`, `Error`, `Response`, ...).
fn move_envelope_keys(rng: &mut Rng, document: &mut Value) {
    let key = rng.word(&[
        "RequestId",
        "Error",
        "Response",
        "Result",
        "ResponseMetadata",
    ]);
    let value = match rng.below(4) {
        0 => Value::from(42),
        1 => Value::Null,
        2 => serde_json::json!({"RequestId": "moved", "Code": "X"}),
        _ => Value::from("r-moved"),
    };
    if let Value::Object(map) = document {
        map.insert(key.to_string(), value);
    }
}

/// One change somewhere in the tree under `value`.
fn mutate_tree(rng: &mut Rng, value: &mut Value, depth: usize) {
    // Go deeper first, sometimes.
    if depth < 6 && rng.below(3) > 0 {
        match value {
            Value::Object(map) if !map.is_empty() => {
                let i = rng.below(map.len());
                if let Some((_, child)) = map.iter_mut().nth(i) {
                    return mutate_tree(rng, child, depth + 1);
                }
            }
            Value::Array(items) if !items.is_empty() => {
                let i = rng.below(items.len());
                return mutate_tree(rng, &mut items[i], depth + 1);
            }
            _ => {}
        }
    }
    // (Key order is not mutated here: serde_json's map writes keys sorted whatever order
    // they are inserted in. `check_key_order` writes each answer in two orders instead.)
    *value = match rng.below(8) {
        0 => strange_number(rng),
        1 => strange_string(rng),
        2 => Value::Null,
        3 => Value::Bool(rng.one_in(2)),
        4 => Value::Array(vec![value.take(), strange_number(rng)]),
        5 => add_key(rng, value.take()),
        6 => deep(rng),
        _ => match value.take() {
            // A string that holds a number, or the other way round (`wire: number_or_string`).
            Value::Number(n) => Value::String(n.to_string()),
            Value::String(s) => s.parse::<f64>().map_or(Value::String(s), Value::from),
            other => other,
        },
    };
}

fn strange_number(rng: &mut Rng) -> Value {
    let text = rng.word(&[
        "0",
        "-0",
        "1.0",
        "2.5",
        "-1",
        "4294967296",
        "2147483648",
        "9223372036854775807",
        "9223372036854775808",
        "18446744073709551615",
        "18446744073709551616",
        "-9223372036854775809",
        "1e3",
        "1E-7",
        "1.7976931348623157e308",
        "5e-324",
        "1700000000",
    ]);
    // Written as is: serde_json would write `-0` as `-0.0` and `1e3` as `1000.0`.
    Value::String(format!("{RAW}{text}"))
}

/// Marks a string that stands for raw number text (see [`raw_numbers`]).
const RAW: &str = "\u{1}#";

/// The number texts marked by [`RAW`] put in place of their strings.
fn raw_numbers(text: Vec<u8>) -> Vec<u8> {
    const MARK: &[u8] = b"\"\\u0001#";
    let mut out = Vec::with_capacity(text.len());
    let mut rest = &text[..];
    while let Some(at) = rest.windows(MARK.len()).position(|w| w == MARK) {
        out.extend_from_slice(&rest[..at]);
        let after = &rest[at + MARK.len()..];
        let end = after.iter().position(|&b| b == b'"').unwrap_or(after.len());
        out.extend_from_slice(&after[..end]);
        rest = after.get(end + 1..).unwrap_or_default();
    }
    out.extend_from_slice(rest);
    out
}

fn strange_string(rng: &mut Rng) -> Value {
    Value::String(
        rng.word(&[
            "",
            "é",
            "😀",
            "a\"b\\c",
            "\u{1}\u{1f}",
            "2021-01-01T00:00:00+08:00",
            "2021-01-01 00:00:00",
            "2021-02-30T00:00:00Z",
            "9999-12-31T23:59:59Z",
            "total",
            "42",
            " 42 ",
            "NaN",
            "720P",
        ])
        .to_string(),
    )
}

fn add_key(rng: &mut Rng, value: Value) -> Value {
    match value {
        Value::Object(mut map) => {
            let key = rng.word(&["Unknown", "RequestId", "Error", "A", "", "é"]);
            map.insert(key.to_string(), strange_number(rng));
            Value::Object(map)
        }
        other => other,
    }
}

fn deep(rng: &mut Rng) -> Value {
    let mut value = Value::Null;
    for _ in 0..rng.below(200) {
        value = if rng.one_in(2) {
            Value::Array(vec![value])
        } else {
            serde_json::json!({ "k": value })
        };
    }
    value
}

/// One byte-level change: a flip, a JSON token inserted, a cut, a repeat, a duplicated key.
fn mutate_bytes(rng: &mut Rng, text: &mut Vec<u8>) {
    let at = rng.below(text.len() + 1);
    match rng.below(7) {
        0 if !text.is_empty() => {
            let i = rng.below(text.len());
            text[i] = (rng.next() & 0xff) as u8;
        }
        1 => {
            let token = rng.word(&[
                "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "\\ud800", "\\udc00", "null",
                "tru", "-", "0", "1e999", " ", "\n", "\u{7f}", "\u{0}", "\"k\":1,",
            ]);
            text.splice(at..at, token.bytes());
        }
        2 => text.truncate(at),
        3 => {
            let end = (at + rng.below(16)).min(text.len());
            let piece = text[at..end].to_vec();
            text.splice(end..end, piece);
        }
        4 => {
            // Invalid UTF-8.
            text.splice(at..at, [0xC3, 0x28]);
        }
        5 => {
            // A member repeated: copy the text from one `,"` to the next.
            if let Some(start) = find(text, b",\"", at) {
                if let Some(end) = find(text, b",\"", start + 1) {
                    let member = text[start..end].to_vec();
                    text.splice(end..end, member);
                }
            }
        }
        _ => {
            if let Some(start) = find(text, b"\"", at) {
                text.splice(start + 1..start + 1, b"\\u00e9".iter().copied());
            }
        }
    }
}

fn find(text: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    text.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| from + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seeds_read_as_they_are() {
        for api in &APIS {
            let payload = serde_json::from_str(api.payload).unwrap();
            let body =
                serde_json::to_vec(&wrap(&mut Rng::for_case(0, 3), api.envelope, payload)).unwrap();
            assert!(check_value(&body).unwrap(), "{}", api.name);
            assert!(
                (api.check)(api.envelope, &body).unwrap().is_some(),
                "{}",
                api.name
            );
        }
    }

    #[test]
    fn cases_find_nothing_wrong_and_reach_the_typed_read() {
        let (mut valid, mut typed) = (0, 0);
        for case in 0..3_000 {
            let result = run_case(0x5eed, case).unwrap_or_else(|d| panic!("{d:?}"));
            valid += u32::from(result.valid_json);
            typed += u32::from(result.typed_ok);
        }
        // Most bodies stay JSON, and many stay answers the typed read accepts, so every
        // oracle is exercised.
        assert!(valid > 1_000 && typed > 300, "{valid} valid, {typed} typed");
        // A case is its seed and number alone.
        assert_eq!(run_case(7, 11), run_case(7, 11));
    }

    #[test]
    fn raw_numbers_are_written_as_they_are() {
        let value = serde_json::json!({"a": format!("{RAW}-0"), "b": [format!("{RAW}1e3"), "x"]});
        let text = raw_numbers(serde_json::to_vec(&value).unwrap());
        assert_eq!(
            String::from_utf8(text).unwrap(),
            r#"{"a":-0,"b":[1e3,"x"]}"#
        );
    }

    #[test]
    fn repeated_keys_are_found_at_any_depth() {
        assert!(repeats_a_key(br#"{"a": [{"b": 1, "b": 2}]}"#));
        assert!(!repeats_a_key(br#"{"a": [{"b": 1}, {"b": 2}], "b": 3}"#));
    }

    #[test]
    fn refusals_the_whole_parse_explains_are_not_failures() {
        // A VOD body checked as Alibaba's payload: the whole parse finds a successful answer
        // the typed read refuses, and writing it out again does not help, so it is fine;
        // a refusal of a body whose payload does read is reported.
        let vod = serde_json::to_vec(
            &serde_json::json!({"Response": serde_json::from_str::<Value>(VOD).unwrap()}),
        )
        .unwrap();
        assert_eq!(
            check_typed::<DescribeLiveGrtnDurationResponse>(Envelope::Alibaba, &vod),
            Ok(None)
        );
        // Volcengine's payload sent as Tencent's with `Result` around it: the one-pass read
        // fails (no `Response`), and so does the whole parse.
        assert_eq!(
            check_typed::<DescribeLiveTranscodeDataResponse>(Envelope::Tencent, VOLC.as_bytes()),
            Ok(None)
        );
    }
}
