//! Whatever `check` accepts compiles, without warnings.
//!
//! Many spec shapes are generated: every type (each scalar, times, closed and open enums,
//! structs, and a list of each) in every position a parameter can take (optional, required,
//! with a `default`, a list `default`, a `default_by_span`, in the query or a header, with
//! its bounds), each with a response field of the same type, plus APIs that use every limit,
//! pagination, nesting, wire quirks, named time formats and the made-up `shapes` API of
//! `tests/downstream`. Each shape is checked on its own, as `check` would check it; the
//! loader may reject a shape (a default on a datetime, a struct in the query), but every
//! shape it accepts is generated, all of them into one crate, and compiled with one
//! `cargo check` under `-D warnings`. A loader check removed (a shape that does not compile
//! allowed back in) fails this test; so does an emitter change that breaks an accepted shape.

mod support;

use support::{cargo_check, workspace};

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use cloudusage_codegen::load::{load_dir, load_sources, SourceFile};

/// The three envelopes and their signature schemes; shape `i` goes to provider `i % 3`.
const PROVIDERS: &[(&str, &str)] = &[
    (
        "tc",
        "name: T\nsigning: { default: tc3-hmac-sha256 }\nenvelope: tencent\ncredentials: { access_key_id: [A], access_key_secret: [B] }\nerrors:\n  - { code: InternalError, description: d, retryable: true }\nerror_kinds: { throttling: [RequestLimitExceeded], auth: [AuthFailure] }\n",
    ),
    (
        "vc",
        "name: V\nsigning: { default: volc-hmac-sha256 }\nenvelope: volcengine\ncredentials: { access_key_id: [A], access_key_secret: [B], session_token: [C] }\n",
    ),
    (
        "al",
        "name: A\nsigning: { default: acs3-hmac-sha256, also: [acs-rpc-hmac-sha1] }\nenvelope: alibaba\ncredentials: { access_key_id: [A], access_key_secret: [B] }\n",
    ),
];

const SERVICE: &str = "name: S\nversion: \"2020-01-01\"\nendpoint: s.test.invalid\ndefault_region: r-1\ntime_formats:\n  - { name: beijing, format: \"yyyy-MM-dd HH:mm:ss\", utc_offset: \"+08:00\" }\n  - { name: stamp, format: \"[year][month][day][hour][minute][second]\" }\n";

/// Named types every generated shape may use.
const TYPES: &str = "types:
  - name: Level
    enum: { values: [ { value: High }, { value: Low }, { value: \"3600\", rust_name: OneHour } ] }
  - name: Seconds
    enum: { values: [ { value: \"60\" }, { value: \"3600\" } ] }
  - name: Tag
    enum: { open: true, values: [ { value: t1 }, { value: t-2 } ] }
  - name: Pair
    fields:
      - { name: Key, type: string, required: true }
      - { name: Values, type: list, items: Level }
      - { name: At, type: datetime, format: rfc3339, utc_offset: \"+08:00\" }
      - { name: Next, type: Pair }
";

/// A type as a spec writes it: the `type` key and what else it needs, a value of it and a
/// second value (for defaults, `one_of` and conditions), and the bounds it can take.
struct Ty {
    id: &'static str,
    keys: &'static str,
    value: &'static str,
    other: &'static str,
    bounds: &'static str,
}

const TYPES_OF_PARAMS: &[Ty] = &[
    Ty { id: "Str", keys: "type: string", value: "a", other: "b", bounds: "length: { min: 1, max: 10 }" },
    Ty { id: "Bool", keys: "type: bool", value: "true", other: "false", bounds: "" },
    Ty { id: "I32", keys: "type: i32", value: "7", other: "-3", bounds: "range: { min: -5, max: 100 }" },
    Ty { id: "I64", keys: "type: i64", value: "7", other: "86400", bounds: "range: { min: 1 }" },
    Ty { id: "U32", keys: "type: u32", value: "7", other: "9", bounds: "range: { max: 100 }" },
    Ty { id: "U64", keys: "type: u64", value: "7", other: "9", bounds: "range: { min: 0, max: 100000 }" },
    Ty { id: "F64", keys: "type: f64", value: "1.5", other: "2", bounds: "range: { min: 0.5, max: 2.5 }" },
    Ty { id: "Time", keys: "type: datetime\n    format: \"[year]-[month]-[day]T[hour]:[minute]:[second]Z\"\n    utc_offset: \"+00:00\"", value: "x", other: "y", bounds: "" },
    Ty { id: "Named", keys: "type: datetime\n    format: beijing", value: "x", other: "y", bounds: "" },
    Ty { id: "Day", keys: "type: date\n    format: date", value: "x", other: "y", bounds: "" },
    Ty { id: "Level", keys: "type: Level", value: "High", other: "\"3600\"", bounds: "" },
    Ty { id: "Tag", keys: "type: Tag", value: "t1", other: "t-2", bounds: "" },
    Ty { id: "Pair", keys: "type: Pair", value: "x", other: "y", bounds: "" },
];

/// `keys` of a type as a list of it.
fn list_keys(ty: &Ty) -> String {
    let mut lines = ty.keys.lines();
    let first = lines.next().unwrap().replace("type: ", "items: ");
    let mut out = format!("type: list\n    {first}");
    for l in lines {
        write!(out, "\n{l}").unwrap();
    }
    out
}

/// The ways a parameter can be written: (name, extra keys; `{v}` / `{o}` are the type's two
/// values, `{bounds}` its bounds).
const POSITIONS: &[(&str, &str)] = &[
    ("Plain", ""),
    ("Required", "required: true"),
    ("Default", "default: {v}"),
    ("ListDefault", "default: [{v}, {o}]"),
    ("BySpan", "default_by_span: { start: StartTime, end: EndTime, rules: [ { below: 1d, value: {o} }, { value: {v} } ] }"),
    ("Query", "in: query"),
    ("QueryComma", "in: query\n    list_encoding: comma"),
    ("QueryRepeat", "in: query\n    list_encoding: repeat"),
    ("Header", "in: header\n    list_encoding: indexed1"),
    ("Bounded", "{bounds}\n    one_of: [{v}, {o}]\n    min_items: 1\n    max_items: 4"),
    ("BoundedScalar", "{bounds}\n    one_of: [{v}, {o}]"),
    ("Deprecated", "deprecated: { note: use another }"),
];

/// Every API has a period (so `default_by_span` and spans have something to name).
const PERIOD: &str = "  - { name: StartTime, type: date, format: date, required: true }
  - { name: EndTime, type: date, format: date, required: true }
";

fn shape_api(action: &str, limits: &str, request: &str, response: &str, extra: &str) -> String {
    format!(
        "action: {action}\ntitle: A generated shape.\nhttp: {{ method: POST, params_in: body }}\nlimits:\n  spans: [ {{ start: StartTime, end: EndTime }} ]\n{limits}request:\n{PERIOD}{request}response:\n{response}{TYPES}{extra}"
    )
}

/// One parameter (and a response field of the same type) per shape, in every position.
fn parameter_shapes() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for ty in TYPES_OF_PARAMS {
        for list in [false, true] {
            let keys = if list {
                list_keys(ty)
            } else {
                ty.keys.to_string()
            };
            for (position, extra) in POSITIONS {
                let extra = extra
                    .replace("{v}", ty.value)
                    .replace("{o}", ty.other)
                    .replace("{bounds}", ty.bounds);
                let extra = extra.trim_start_matches('\n');
                let action = format!("{position}{}{}", if list { "ListOf" } else { "" }, ty.id);
                let mut request = format!("  - name: Value\n    {keys}\n");
                if !extra.trim().is_empty() {
                    writeln!(request, "    {extra}").unwrap();
                }
                let required = if *position == "Required" {
                    "true"
                } else {
                    "false"
                };
                let response = format!("  - name: Out\n    {keys}\n    required: {required}\n  - {{ name: RequestId, type: string }}\n");
                out.push((
                    action.clone(),
                    shape_api(&action, "", &request, &response, ""),
                ));
            }
        }
    }
    out
}

/// APIs that use the rest of the format: every limit, conditions on every kind of scalar,
/// granularity of each kind, pagination, GET, wire quirks, nesting and recursion.
fn feature_shapes() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let conditions = [
        ("Level", "type: Level\n    default: Low", "High"),
        ("I64", "type: i64\n    default: 60", "3600"),
        ("Str", "type: string", "fine"),
        ("Bool", "type: bool\n    default: false", "true"),
        ("Tag", "type: Tag", "t1"),
    ];
    for (id, keys, equals) in conditions {
        let action = format!("Conditional{id}");
        let limits = format!(
            "  rate: {{ limit: 20/s, scope: account }}\n  regions: [r-1, r-2]\n  lookback: [ {{ param: StartTime, max: 365d }} ]\n  freshness: 20m\n  extra_spans:\n    - {{ start: StartTime, end: EndTime, max: 7d, when: {{ param: Mode, equals: {equals} }} }}\n    - {{ start: StartTime, end: EndTime, min: 1d, max: 90d, end_inclusive: true }}\n"
        );
        let request = format!("  - name: Mode\n    {keys}\n");
        out.push((
            action.clone(),
            shape_api(
                &action,
                &limits,
                &request,
                "  - { name: Total, type: u64, required: true }\n",
                "",
            ),
        ));
    }
    for (id, granularity, keys) in [
        ("Fixed", "granularity: { every: 5m }", "type: string"),
        ("Buckets", "granularity: { param: Mode, buckets: [ { value: High, length: 1h }, { value: Low, length: 1d } ] }", "type: Level\n    default: High"),
        ("Unit", "granularity: { param: Mode, unit: 1s }", "type: i64\n    one_of: [60, 86400]\n    default: 86400"),
        ("EnumUnit", "granularity: { param: Mode, unit: 1s }", "type: Seconds\n    required: true"),
    ] {
        let action = format!("Granularity{id}");
        out.push((
            action.clone(),
            shape_api(
                &action,
                &format!("  {granularity}\n  rate: 5/min\n"),
                &format!("  - name: Mode\n    {keys}\n"),
                "  - { name: Total, type: f64, wire: number_or_string }\n",
                "",
            ),
        ));
    }
    out.push((
        "Paged".into(),
        shape_api(
            "Paged",
            "  rate: { limit: 100/min, scope: access_key }\n",
            "  - { name: PageNum, type: i64, default: 1, range: { min: 1 } }\n  - { name: PageSize, type: u32, range: { min: 1, max: 100 } }\n",
            "  - { name: Items, type: list, items: Pair }\n  - { name: TotalPage, type: i64 }\n  - { name: TotalNum, type: u64 }\n",
            "pagination: { page_number: PageNum, page_size: PageSize, items: Items, total_pages: TotalPage, total_items: TotalNum }\n",
        ),
    ));
    out.push((
        "Quirks".into(),
        shape_api(
            "Quirks",
            "",
            "  - { name: Detail, type: bool }\n",
            "  - { name: Owner, type: u64, wire: id_or_word }\n  - { name: Owners, type: list, items: i64, wire: id_or_word }\n  - { name: Durations, type: list, items: f64, wire: number_or_string }\n  - { name: Times, type: list, items: datetime, format: iso8601-utc }\n  - { name: Stamps, type: list, items: datetime, format: unix-seconds }\n  - { name: Stamp, type: datetime, format: unix-seconds }\n  - { name: Extra, type: Pair, present_when: { param: Detail } }\n  - { name: Levels, type: list, items: Level, present_when: { param: Detail, equals: true } }\n",
            "errors:\n  - { code: InvalidParameter.Detail, description: d, http_status: 400 }\n  - { code: InternalError, description: d, retryable: true }\n",
        ),
    ));
    let get = "action: Fetched\ntitle: t\nhttp: { method: GET, params_in: query }\nrequest:\n  - { name: Names, type: list, items: string, list_encoding: indexed0 }\n  - { name: Since, type: datetime, format: rfc3339, utc_offset: \"+08:00\" }\n  - { name: Until, type: datetime, format: rfc3339, utc_offset: \"+08:00\" }\n  - { name: After, type: datetime, format: unix-seconds }\nlimits:\n  spans: [ { start: Since, end: Until, max: 1h } ]\nresponse: []\n".to_string();
    out.push(("Fetched".into(), get));
    out.iter_mut().for_each(|(_, text)| {
        *text = text.replace("extra_spans:", "spans:").replace(
            "limits:\n  spans: [ { start: StartTime, end: EndTime } ]\n  rate",
            "limits:\n  rate",
        );
    });
    out
}

/// Whether `check` accepts the shape on its own (one provider, service and API), else why not.
fn accepted(provider: usize, action: &str, text: &str) -> Result<(), String> {
    let files = [
        (
            format!("{}/provider.yaml", PROVIDERS[provider].0),
            PROVIDERS[provider].1.to_string(),
        ),
        (
            format!("{}/s/service.yaml", PROVIDERS[provider].0),
            SERVICE.to_string(),
        ),
        (
            format!("{}/s/{action}.yaml", PROVIDERS[provider].0),
            text.to_string(),
        ),
    ];
    let files: Vec<SourceFile> = files
        .into_iter()
        .map(|(path, text)| SourceFile {
            path: PathBuf::from(path),
            text,
        })
        .collect();
    load_sources(&files).map(|_| ()).map_err(|e| e.to_string())
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn every_accepted_shape_compiles() {
    let tmp = tempfile::tempdir().unwrap();
    let specs = tmp.path().join("specs");
    let shapes: Vec<(String, String)> = parameter_shapes()
        .into_iter()
        .chain(feature_shapes())
        .collect();
    let mut kept = Vec::new();
    let mut why = std::collections::BTreeMap::new();
    for (i, (action, text)) in shapes.iter().enumerate() {
        let provider = i % PROVIDERS.len();
        match accepted(provider, action, text) {
            Ok(()) => {
                let (id, _) = PROVIDERS[provider];
                write(&specs.join(format!("{id}/s/{action}.yaml")), text);
                kept.push(action.as_str());
            }
            Err(e) => {
                why.insert(action.as_str(), e);
            }
        }
    }
    for (id, text) in PROVIDERS {
        write(&specs.join(format!("{id}/provider.yaml")), text);
        write(&specs.join(format!("{id}/s/service.yaml")), SERVICE);
    }
    // The made-up API of every nested shape, as its own provider and service.
    let downstream = workspace().join("tests/downstream/specs/tencent");
    write(
        &specs.join("dn/provider.yaml"),
        &std::fs::read_to_string(downstream.join("provider.yaml")).unwrap(),
    );
    for file in ["service.yaml", "DescribeWireShapes.yaml"] {
        write(
            &specs.join("dn/shapes").join(file),
            &std::fs::read_to_string(downstream.join("shapes").join(file)).unwrap(),
        );
    }

    // The shapes this test exists for must be among the accepted ones, so that it cannot
    // pass by rejecting everything.
    for must in [
        "ListDefaultListOfLevel",
        "ListDefaultListOfStr",
        "ListDefaultListOfI32",
        "DefaultLevel",
        "DefaultF64",
        "BySpanLevel",
        "BySpanI64",
        "QueryCommaListOfTag",
        "HeaderListOfU64",
        "BoundedListOfStr",
        "BoundedScalarF64",
        "RequiredPair",
        "PlainListOfNamed",
        "ConditionalLevel",
        "ConditionalBool",
        "GranularityUnit",
        "GranularityEnumUnit",
        "Paged",
        "Quirks",
        "Fetched",
    ] {
        assert!(
            kept.contains(&must),
            "the shape {must} is rejected: {}",
            why.get(must).map_or("", |e| e.as_str())
        );
    }

    eprintln!("{} of {} shapes accepted", kept.len(), shapes.len());
    let loaded = load_dir(&specs).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded.catalog.api_count(), kept.len() + 1);
    let options = cloudusage_codegen::emit::EmitOptions {
        cli: true,
        ..Default::default()
    };
    let single = cloudusage_codegen::generate::render_single_file(&loaded.catalog, &options)
        .unwrap_or_else(|e| panic!("{e}"));

    let crate_dir = tmp.path().join("shapes");
    let runtime = workspace().join("runtime").canonicalize().unwrap();
    write(
        &crate_dir.join("Cargo.toml"),
        &format!(
            "[package]\nname = \"shapes\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n[dependencies]\ncloudusage-runtime = {{ path = {:?} }}\n\n[features]\ndefault = [\"cli\"]\ncli = [\"cloudusage-runtime/cli\"]\n\n[workspace]\n",
            runtime.display().to_string()
        ),
    );
    write(&crate_dir.join("src/lib.rs"), &single);
    std::fs::copy(workspace().join("Cargo.lock"), crate_dir.join("Cargo.lock")).unwrap();
    let output = cargo_check(&crate_dir.join("Cargo.toml"), false).unwrap();
    if std::env::var_os("COMPILE_EVERYTHING_KEEP").is_some() {
        eprintln!("kept {}", tmp.keep().display());
    }
    assert!(
        output.status.success(),
        "{} accepted shapes do not compile:\n{}",
        kept.len(),
        String::from_utf8_lossy(&output.stderr)
    );
    // Shapes that cannot be generated are still rejected (checked after compiling, so that
    // a shape let through shows what it breaks).
    for rejected in [
        "DefaultListOfLevel",
        "BySpanListOfStr",
        "ListDefaultI64",
        "DefaultTime",
    ] {
        assert!(
            !kept.contains(&rejected),
            "the shape {rejected} is accepted"
        );
    }
}
