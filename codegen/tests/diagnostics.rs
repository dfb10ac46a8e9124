//! Each kind of spec mistake is reported with the right file, line:column and key path.
//! Every fixture in `fixtures/bad/` starts with `# expect: <line>:<col> <key path> | <message part>`.

use std::path::PathBuf;

use cloudusage_codegen::load::{load_sources, SourceFile};

const PROVIDER: &str = "name: P\nsigning: { default: tc3-hmac-sha256 }\nenvelope: tencent\ncredentials: { access_key_id: [A], access_key_secret: [B] }\n";
const SERVICE: &str = "name: S\nversion: \"2020-01-01\"\nendpoint: s.example.com\n";

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
        SourceFile {
            path: PathBuf::from(format!("p/s/{name}.yaml")),
            text: text.into(),
        },
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
    let (pos, path) = head.split_once(' ').unwrap();
    let (l, c) = pos.split_once(':').unwrap();
    Expectation {
        line: l.parse().unwrap(),
        column: c.parse().unwrap(),
        path: path.into(),
        message: message.into(),
    }
}

fn check(kind: &str) {
    let file =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/bad/{kind}.yaml"));
    let text = std::fs::read_to_string(&file).unwrap();
    let expected = expectation(&text);
    let diagnostics =
        load_sources(&with_api("Bad", &text)).expect_err("the fixture must be rejected");
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
    assert_eq!(found.file, PathBuf::from("p/s/Bad.yaml"), "{kind}");
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
);

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
    for expected in [
        "operations.Bad.limits.rate",
        "operations.Other.http.method",
        "operations.Other.request.X.type",
        "operations.Other.extra",
    ] {
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
