//! Each kind of spec mistake is reported with the right file, line:column and key path.
//! Every fixture in `fixtures/bad/` starts with `# expect: <line>:<col> <key path> | <message part>`.
//! It is loaded as the API file `p/s/Bad.yaml` of service `s`, or `p/s/<Action>.yaml` after a
//! `# file: <Action>` line; each `# sibling: <Action>` line adds a minimal API file of that
//! action beside it (for clashes between the names of two APIs).

use std::path::PathBuf;

use cloudusage_codegen::load::{load_sources, load_sources_with_warnings, SourceFile};

const PROVIDER: &str = "name: P\nsigning: { default: tc3-hmac-sha256 }\nenvelope: tencent\ncredentials: { access_key_id: [A], access_key_secret: [B] }\n";
const SERVICE: &str = "name: S\nversion: \"2020-01-01\"\nendpoint: s.example.com\n";

fn api_file(action: &str, text: &str) -> SourceFile {
    SourceFile {
        path: PathBuf::from(format!("p/s/{action}.yaml")),
        text: text.into(),
    }
}

fn with_api(name: &str, text: &str) -> Vec<SourceFile> {
    vec![
        SourceFile {
            path: PathBuf::from("p/provider.yaml"),
            text: PROVIDER.into(),
        },
        SourceFile {
            path: PathBuf::from("p/s/service.yaml"),
            text: SERVICE.into(),
        },
        api_file(name, text),
    ]
}

struct Expectation {
    line: u64,
    column: u64,
    path: String,
    message: String,
}

fn expectation(text: &str) -> Expectation {
    let line = text
        .lines()
        .next()
        .unwrap()
        .strip_prefix("# expect: ")
        .expect("expect line");
    let (head, message) = line.split_once(" | ").unwrap();
    let (pos, path) = head.split_once(' ').unwrap_or((head, ""));
    let (l, c) = pos.split_once(':').unwrap();
    Expectation {
        line: l.parse().unwrap(),
        column: c.parse().unwrap(),
        path: path.into(),
        message: message.into(),
    }
}

/// The value of each `# <key>: <value>` header line of a fixture.
fn header<'a>(text: &'a str, key: &str) -> Vec<&'a str> {
    let prefix = format!("# {key}: ");
    text.lines()
        .take_while(|l| l.starts_with('#'))
        .filter_map(|l| l.strip_prefix(prefix.as_str()))
        .collect()
}

fn check(kind: &str) {
    let file =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/bad/{kind}.yaml"));
    let text = std::fs::read_to_string(&file).unwrap();
    let expected = expectation(&text);
    let action = header(&text, "file").first().copied().unwrap_or("Bad");
    let mut files = with_api(action, &text);
    for sibling in header(&text, "sibling") {
        files.push(api_file(
            sibling,
            &format!("action: {sibling}\ntitle: t\nhttp: {{ method: POST, params_in: body }}\nrequest: []\nresponse: []\n"),
        ));
    }
    let diagnostics = load_sources(&files).expect_err("the fixture must be rejected");
    let found = diagnostics
        .items
        .iter()
        .find(|d| d.path == expected.path && d.message.contains(&expected.message));
    let Some(found) = found else {
        panic!(
            "{kind}: no diagnostic at `{}` containing {:?}; got:\n{diagnostics}",
            expected.path, expected.message
        );
    };
    assert_eq!(
        found.file,
        PathBuf::from(format!("p/s/{action}.yaml")),
        "{kind}"
    );
    assert_eq!(
        (found.pos.line, found.pos.column),
        (expected.line, expected.column),
        "{kind}: position of {found}"
    );
}

macro_rules! kinds {
    ($($kind:ident),* $(,)?) => {$(
        #[test]
        fn $kind() {
            check(stringify!($kind));
        }
    )*};
}

kinds!(
    unknown_type,
    duplicate_param,
    duplicate_type,
    limit_unknown_param,
    limit_wrong_type,
    default_out_of_range,
    default_not_in_enum,
    required_with_default,
    condition_value_not_in_enum,
    malformed_duration,
    malformed_rate,
    duplicate_error_code,
    unknown_key,
    bad_time_format,
    span_default_unknown_param,
    comma_in_comma_joined_enum,
    reserved_type_name,
    type_names_clash,
    invalid_rust_name,
    enum_variants_clash,
    error_variants_clash,
    action_module_clash,
    action_client_method,
    action_reserved_item,
    pages_method_clash,
    granularity_shape,
    granularity_unit_not_numeric,
    granularity_bucket_not_in_enum,
    order_rule_with_condition,
    list_default_not_a_list,
    list_default_on_scalar,
    list_default_item_not_in_enum,
    list_default_too_many_items,
    list_default_by_span,
    quoted_number,
    default_not_in_one_of,
    duration_without_unit,
    unknown_key_suggestion,
    unknown_type_suggestion,
    unknown_param_suggestion,
    unknown_time_format,
    time_format_preset_kind,
    time_format_fixes_zone,
    present_when_required,
    present_when_unknown_param,
    rate_scope_unknown,
    duplicate_key,
);

/// An unknown type makes its parameter unusable; the limits naming that parameter say
/// nothing more (the one error is the type's).
#[test]
fn an_unknown_type_is_the_only_error_of_its_parameter() {
    let text = "action: Bad\ntitle: t\nhttp: { method: POST, params_in: body }\nlimits:\n  spans: [ { start: StartTime, end: EndTime, max: 1d } ]\n  lookback: [ { param: StartTime, max: 30d } ]\nrequest:\n  - { name: StartTime, type: datetim, required: true }\n  - { name: EndTime, type: date, format: date, required: true }\n  - { name: Mode, type: Mod }\n  - { name: PageNum, type: i64 }\n  - { name: PageSize, type: i64 }\nresponse:\n  - { name: Items, type: lst }\npagination: { page_number: PageNum, page_size: PageSize, items: Items }\ndefault_limits: 1\n";
    let text = text.replace("default_limits: 1\n", "");
    let diagnostics = load_sources(&with_api("Bad", &text)).unwrap_err();
    let messages: Vec<String> = diagnostics.items.iter().map(|d| d.to_string()).collect();
    assert_eq!(diagnostics.len(), 3, "{diagnostics}");
    assert!(
        messages[0]
            .contains("request.StartTime.type: unknown type `datetim` (did you mean `datetime`?)"),
        "{diagnostics}"
    );
    assert!(
        messages[1].contains("request.Mode.type: unknown type `Mod`"),
        "{diagnostics}"
    );
    assert!(
        messages[2].contains("response.Items.type: unknown type `lst` (did you mean `list`?)"),
        "{diagnostics}"
    );
}

#[test]
fn every_problem_of_every_file_is_reported_at_once() {
    let mut files = with_api(
        "Bad",
        &std::fs::read_to_string(
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/bad/malformed_rate.yaml"),
        )
        .unwrap(),
    );
    files.push(SourceFile {
        path: PathBuf::from("p/s/Other.yaml"),
        text: "action: Other\ntitle: t\nhttp: { method: PUT, params_in: body }\nrequest:\n  - { name: X, type: nope }\nresponse: []\nextra: 1\n".into(),
    });
    let diagnostics = load_sources(&files).unwrap_err();
    let paths: Vec<&str> = diagnostics.items.iter().map(|d| d.path.as_str()).collect();
    for expected in ["limits.rate", "http.method", "request.X.type", "extra"] {
        assert!(
            paths.contains(&expected),
            "{expected} missing from {paths:?}"
        );
    }
}

#[test]
fn syntax_errors_have_a_position() {
    let diagnostics =
        load_sources(&with_api("Bad", "action: Bad\ntitle: [unclosed\n")).unwrap_err();
    let d = &diagnostics.items[0];
    assert!(d.pos.line >= 2, "{d}");
    assert!(d.message.starts_with("invalid YAML"), "{d}");
}

/// A warning does not stop a spec from loading; it is reported with its file, line:column
/// and key path, and `check` prints it as `warning: file:line:col: path: message`.
#[test]
fn a_period_without_an_order_rule_is_warned_about_where_its_end_is_declared() {
    let file =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/warn/unordered_period.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    let expected = expectation(&text);
    let (catalog, warnings) = load_sources_with_warnings(&with_api("Bad", &text));
    assert!(catalog.is_ok(), "a warning is not an error");
    assert_eq!(warnings.len(), 1, "{}", warnings.warning_lines());
    let w = &warnings.items[0];
    assert_eq!(w.file, PathBuf::from("p/s/Bad.yaml"));
    assert_eq!(
        (w.pos.line, w.pos.column),
        (expected.line, expected.column),
        "{w}"
    );
    assert_eq!(w.path, expected.path);
    assert!(w.message.contains(&expected.message), "{w}");
    // The line, and a caret under the column, as rustc shows them.
    assert_eq!(
        warnings.warning_lines(),
        format!(
            "warning: p/s/Bad.yaml:{}:{}: {}: {}\n  |\n9 |   - name: EndTime\n  |           ^\n",
            expected.line, expected.column, expected.path, w.message
        )
    );

    // An order rule (a span without min or max) silences it, and is no warning itself.
    let ordered = text.replace(
        "request:\n",
        "limits:\n  spans:\n    - { start: StartTime, end: EndTime }\nrequest:\n",
    );
    let (catalog, warnings) = load_sources_with_warnings(&with_api("Bad", &ordered));
    assert!(catalog.is_ok());
    assert!(warnings.is_empty(), "{}", warnings.warning_lines());
}

/// Each fixture of `fixtures/warn/` loads, with exactly one warning: the expected one, at its
/// line:column and key path. A `# default_region: <r>` header gives the service that region.
fn check_warning(kind: &str) {
    let file =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/warn/{kind}.yaml"));
    let text = std::fs::read_to_string(&file).unwrap();
    let expected = expectation(&text);
    let mut files = with_api("Bad", &text);
    if let Some(region) = header(&text, "default_region").first() {
        files[1]
            .text
            .push_str(&format!("default_region: {region}\n"));
    }
    let (catalog, warnings) = load_sources_with_warnings(&files);
    if let Err(e) = catalog {
        panic!("{kind}: a warning is not an error, but:\n{e}");
    }
    assert_eq!(warnings.len(), 1, "{kind}:\n{}", warnings.warning_lines());
    let w = &warnings.items[0];
    assert_eq!(w.file, PathBuf::from("p/s/Bad.yaml"), "{kind}");
    assert_eq!(w.path, expected.path, "{kind}: {w}");
    assert!(w.message.contains(&expected.message), "{kind}: {w}");
    assert_eq!(
        (w.pos.line, w.pos.column),
        (expected.line, expected.column),
        "{kind}: {w}"
    );
}

macro_rules! warnings {
    ($($kind:ident),* $(,)?) => {$(
        #[test]
        fn $kind() {
            check_warning(stringify!($kind));
        }
    )*};
}

warnings!(
    dead_condition,
    redundant_spans,
    contradictory_spans,
    loose_conditional_span,
    region_pin_excludes_default,
);

/// A build script's `.unwrap()` prints `Debug`: it must show the diagnostics as readably as
/// `Display` does, not a dump of the error's structure.
#[test]
fn build_errors_read_the_same_from_display_and_debug() {
    let dir = tempfile::tempdir().unwrap();
    let specs = dir.path().join("specs");
    std::fs::create_dir_all(specs.join("p/s")).unwrap();
    std::fs::write(specs.join("p/provider.yaml"), PROVIDER).unwrap();
    std::fs::write(specs.join("p/s/service.yaml"), SERVICE).unwrap();
    std::fs::write(
        specs.join("p/s/Bad.yaml"),
        "action: Bad\ntitle: t\nhttp: { method: POST, params_in: body }\nrequest:\n  - { name: X, type: Nope }\nresponse: []\n",
    )
    .unwrap();
    let err = cloudusage_codegen::Builder::new(&specs)
        .out_dir(dir.path().join("out"))
        .compile()
        .unwrap_err();
    let (display, debug) = (err.to_string(), format!("{err:?}"));
    assert_eq!(display, debug);
    assert!(display.contains("Bad.yaml:5:"), "{display}");
    // The file as the build script named the directory, and the line with a caret.
    assert!(
        display.contains(&format!(
            "error: {}:5:22:",
            specs.join("p/s/Bad.yaml").display()
        )),
        "{display}"
    );
    assert!(
        display.contains("5 |   - { name: X, type: Nope }\n  |                      ^\n"),
        "{display}"
    );
    assert!(display.contains("Nope"), "{display}");
}

#[test]
fn an_unknown_profile_file_format_is_located() {
    let mut files = with_api(
        "Ok",
        "action: Ok\ntitle: t\nhttp: { method: POST, params_in: body }\nrequest: []\nresponse: []\n",
    );
    files[0].text = PROVIDER.replace(
        "access_key_secret: [B] }",
        "access_key_secret: [B], profile_file: awscli }",
    );
    let diagnostics = load_sources(&files).unwrap_err();
    let d = &diagnostics.items[0];
    assert_eq!(d.pos.line, 4, "{d}");
    assert!(d.path.ends_with("credentials.profile_file"), "{d}");
    assert!(
        d.message.contains("unknown profile file format `awscli`"),
        "{d}"
    );
}
