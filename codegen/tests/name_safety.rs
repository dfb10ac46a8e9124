//! Names that pass `check` compile: prelude and std names as types, keywords and generated
//! method names as fields, case-only clashes, a keyword as a service name. The clashes that
//! cannot be escaped are rejected with a located diagnostic instead.

use std::path::{Path, PathBuf};
use std::process::Command;

use cloudusage_codegen::load::load_dir;

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

const PRELUDE: &[&str] = &[
    "Option", "Result", "String", "Vec", "Box", "Some", "None", "Ok", "Err", "Default", "Clone",
    "Send", "Sync", "Fn", "Iterator", "From", "Into", "Copy", "Drop", "Sized",
];

/// An API whose types are all named like prelude items, whose fields are named like
/// keywords and generated methods, with wire names differing only in case.
fn adversarial_api(action: &str) -> String {
    let mut types = String::new();
    for name in PRELUDE {
        types.push_str(&format!(
            "  - name: {name}\n    fields:\n      - {{ name: Value, type: string }}\n      - {{ name: Next, type: {name} }}\n"
        ));
    }
    format!(
        r####"action: {action}
title: Adversarial names.
http: {{ method: POST, params_in: body }}
request:
  - {{ name: New, type: string, required: true }}
  - {{ name: Validate, type: i64 }}
  - {{ name: ToWire, type: bool }}
  - {{ name: Type, type: string }}
  - {{ name: Self, type: string }}
  - {{ name: Crate, type: string }}
  - {{ name: Async, type: Option }}
  - {{ name: Match, type: list, items: Result }}
  - {{ name: Filter, type: Topic_Info }}
response:
  - {{ name: Result, type: Result }}
  - {{ name: Vec, type: list, items: Vec }}
  - {{ name: 名称, type: string }}
  - {{ name: RequestId, type: string, required: true }}
types:
{types}  - name: Topic_Info
    doc: "### A heading, not an attribute\n#[not_an_attribute]\n#![nor_this]"
    fields:
      - {{ name: InstanceId, type: string }}
      - {{ name: InstanceID, type: string }}
      - {{ name: New, type: i64 }}
      - {{ name: Empty, type: Nothing }}
  - name: Nothing
    fields: []
"####
    )
}

fn write_specs(root: &Path, service: &str, apis: &[(&str, String)]) {
    let dir = root.join("tencent").join(service);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        workspace().join("specs/tencent/provider.yaml"),
        root.join("tencent/provider.yaml"),
    )
    .unwrap();
    std::fs::write(
        dir.join("service.yaml"),
        format!("name: Test\nversion: \"2000-01-01\"\nendpoint: {service}.test.invalid\n"),
    )
    .unwrap();
    for (action, text) in apis {
        std::fs::write(dir.join(format!("{action}.yaml")), text).unwrap();
    }
}

#[test]
fn adversarial_names_compile() {
    let tmp = tempfile::tempdir().unwrap();
    let specs = tmp.path().join("specs");
    // Two APIs declare the prelude-named types alike, so they are shared in `types` too.
    write_specs(
        &specs,
        "as",
        &[
            ("DescribeNames", adversarial_api("DescribeNames")),
            ("DescribeMore", adversarial_api("DescribeMore")),
        ],
    );
    let catalog = load_dir(&specs).unwrap_or_else(|e| panic!("{e}")).catalog;
    assert_eq!(catalog.api_count(), 2);

    let crate_dir = tmp.path().join("names");
    std::fs::create_dir_all(&crate_dir).unwrap();
    let runtime = workspace().join("runtime").canonicalize().unwrap();
    std::fs::write(
        crate_dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"names\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n[dependencies]\ncloudusage-runtime = {{ path = {:?} }}\n\n[workspace]\n",
            runtime.display().to_string()
        ),
    )
    .unwrap();
    cloudusage_codegen::generate::generate_crate(&specs, &crate_dir).unwrap();
    // The keyword service is the module `as_`; setters that would shadow generated methods
    // and case-only field clashes are renamed, and a user can call all of them.
    std::fs::write(
        crate_dir.join("src/check.rs"),
        r#"use crate::tencent::as_::{describe_names as api, DescribeNamesRequest};

pub fn build() -> DescribeNamesRequest {
    DescribeNamesRequest::new("n")
        .validate_(1)
        .to_wire_(true)
        .type_("t")
        .self_("s")
        .crate_("c")
        .async_(api::Option::new())
}

pub fn read(info: &api::TopicInfo) -> (Option<&String>, Option<&String>, Option<i64>) {
    (info.instance_id.as_ref(), info.instance_id_2.as_ref(), info.new_)
}
"#,
    )
    .unwrap();
    let lib = std::fs::read_to_string(crate_dir.join("src/lib.rs")).unwrap();
    std::fs::write(
        crate_dir.join("src/lib.rs"),
        format!("{lib}\npub mod check;\n"),
    )
    .unwrap();
    std::fs::copy(workspace().join("Cargo.lock"), crate_dir.join("Cargo.lock")).unwrap();

    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("target"));
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["check", "--quiet", "--offline", "--manifest-path"])
        .arg(crate_dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target)
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "adversarial names do not compile:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Clashes no escape can fix are diagnostics naming the file and the key.
#[test]
fn unescapable_clashes_are_rejected() {
    let api = |action: &str| {
        format!("action: {action}\ntitle: T.\nhttp: {{ method: POST, params_in: body }}\nrequest: []\nresponse: []\n")
    };
    let cases: Vec<(Vec<(&str, String)>, &str)> = vec![
        (
            vec![("DescribeAbc", api("DescribeAbc")), ("DescribeABC", api("DescribeABC"))],
            "both become the module `describe_abc`",
        ),
        (vec![("Types", api("Types"))], "would be the module `types`"),
        (
            vec![(
                "DescribeX",
                api("DescribeX").replace(
                    "response: []\n",
                    "response: []\ntypes:\n  - name: DescribeXResponse\n    fields: []\n",
                ),
            )],
            "type name `DescribeXResponse` is reserved for generated items",
        ),
        (
            vec![(
                "DescribeY",
                api("DescribeY").replace(
                    "response: []\n",
                    "response: []\ntypes:\n  - name: Topic_Info\n    fields: []\n  - name: TopicInfo\n    fields: []\n",
                ),
            )],
            "types `Topic_Info` and `TopicInfo` both become the Rust type `TopicInfo`",
        ),
        (
            vec![(
                "DescribeZ",
                api("DescribeZ").replace(
                    "request: []\n",
                    "request:\n  - { name: InstanceId, type: string }\n  - { name: InstanceID, type: string }\n",
                ),
            )],
            "parameters `InstanceId` and `InstanceID` both become the Rust field `instance_id`",
        ),
    ];
    for (apis, expected) in cases {
        let tmp = tempfile::tempdir().unwrap();
        write_specs(tmp.path(), "svc", &apis);
        let err = load_dir(tmp.path()).expect_err(expected).to_string();
        assert!(err.contains(expected), "expected {expected:?} in:\n{err}");
        assert!(err.contains(".yaml"), "no file named in:\n{err}");
    }
}

/// Whatever a spec calls a field, its Rust name is an identifier (never a panic in the
/// generator's `Ident::new`).
#[test]
fn every_field_name_becomes_an_identifier() {
    for wire in [
        "StartTime",
        "type",
        "Self",
        "self",
        "crate",
        "super",
        "_",
        "__",
        "9Lives",
        "a-b.c d",
        "名称",
        "$",
        "",
        "New",
        "to_wire",
        "Ünïcödé",
        "x\u{200b}y",
        "😀",
    ] {
        let name = cloudusage_codegen::naming::member_name(wire);
        let parsed = syn::parse_str::<syn::Ident>(&name);
        assert!(parsed.is_ok(), "{wire:?} -> {name:?} is not an identifier");
    }
}
