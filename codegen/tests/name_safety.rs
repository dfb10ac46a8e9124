//! Names that pass `check` compile; names that cannot be escaped are rejected with a located
//! diagnostic. Adversarial specs (prelude and std names as types and fields, keywords in every
//! position, case-only differences, names equal to generated items and methods, non-ASCII
//! names) are written to a temporary directory; the loader must reject exactly the clashes
//! no escape can fix, and everything it accepts is generated and compiled with
//! `-D warnings` (one `cargo check` for the crate layout and the `build.rs` single file).
//!
//! The test depends only on the public contract of generated code that README.md and
//! specs/README.md document (the service module re-exports `<Action>Request`, `new()` takes
//! the required parameters in spec order, a setter per optional one, public response fields,
//! one client method per action, error-code variants), with every Rust name taken from
//! `cloudusage_codegen::naming` or the loaded model, so it holds for any emitter.

mod support;

use support::{cargo_check, workspace};

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use cloudusage_codegen::load::{load_dir, LoadError};
use cloudusage_codegen::model::{Api, Catalog, TypeKind, TypeRef};
use cloudusage_codegen::naming;

/// A specs directory being written.
struct Specs {
    root: PathBuf,
}

impl Specs {
    fn new(root: &Path) -> Self {
        Specs {
            root: root.to_path_buf(),
        }
    }

    fn file(&self, path: &str, text: &str) -> &Self {
        let path = self.root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    /// The real Tencent Cloud provider file (its common error codes included).
    fn tencent(&self) -> &Self {
        let text =
            std::fs::read_to_string(workspace().join("specs/tencent/provider.yaml")).unwrap();
        self.file("tencent/provider.yaml", &text)
    }

    fn provider(&self, id: &str, errors: &[&str]) -> &Self {
        let mut text = String::from("name: P\nsigning: { default: volc-hmac-sha256 }\nenvelope: volcengine\ncredentials: { access_key_id: [A], access_key_secret: [B] }\n");
        if !errors.is_empty() {
            text.push_str("errors:\n");
            for e in errors {
                writeln!(text, "  - {{ code: \"{e}\", description: d }}").unwrap();
            }
        }
        self.file(&format!("{id}/provider.yaml"), &text)
    }

    fn service(&self, provider: &str, id: &str) -> &Self {
        self.file(
            &format!("{provider}/{id}/service.yaml"),
            &format!(
                "name: S\nversion: \"2000-01-01\"\nendpoint: {}.test.invalid\n",
                id.replace('_', "-")
            ),
        )
    }

    /// `<provider>/<service>/<action>.yaml`: `body` is everything after `http`.
    fn api(&self, service: &str, action: &str, body: &str) -> &Self {
        self.file(
            &format!("{service}/{action}.yaml"),
            &format!(
                "action: {action}\ntitle: Adversarial names.\nhttp: {{ method: POST, params_in: body }}\n{body}"
            ),
        )
    }
}

const EMPTY: &str = "request: []\nresponse: []\n";

/// Types named like prelude and std items, the runtime's and generated code's own names.
const STRUCTS: &[&str] = &[
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Some",
    "Err",
    "Clone",
    "Send",
    "Sync",
    "Fn",
    "Iterator",
    "From",
    "Into",
    "Copy",
    "Drop",
    "Sized",
    "Future",
    "Stream",
    "ToString",
    "AsRef",
    "Debug",
    "Request",
    "Response",
    "WireParams",
    "DescribeNames",
    "DescribeMoreClient",
];
/// Structs with no fields (an emitter must not make them unit structs: `None` would then
/// shadow the prelude's `None` in expressions).
const EMPTY_STRUCTS: &[&str] = &["None", "Ok", "Default", "Unpin", "Paginated", "Validator"];
const ENUMS: &[&str] = &[
    "Display",
    "Hash",
    "PartialEq",
    "Eq",
    "Json",
    "Error",
    "ErrorCode",
    "Operation",
    "Client",
    "Service",
    "Types",
    "Rt",
    "Self",
    "Common",
    "Unknown",
    "Value",
    "Duration",
    "OffsetDateTime",
    "Date",
    "Interval",
];

/// An API whose types are named like prelude and std items, whose fields are named like
/// keywords, generated methods and the generated code's local variables, with wire names
/// that differ only in case, non-ASCII and symbol names, and error codes named like the
/// variants generated code adds.
fn adversarial_body() -> String {
    let mut types = String::new();
    for name in STRUCTS {
        writeln!(
            types,
            "  - name: {name}\n    fields:\n      - {{ name: Value, type: string, required: true }}\n      - {{ name: Next, type: {name} }}\n      - {{ name: Self, type: list, items: {name} }}"
        )
        .unwrap();
    }
    for name in EMPTY_STRUCTS {
        writeln!(types, "  - name: {name}\n    fields: []").unwrap();
    }
    for (i, name) in ENUMS.iter().enumerate() {
        let open = i % 2 == 0;
        writeln!(
            types,
            "  - name: {name}\n    enum:\n      open: {open}\n      values: [ {{ value: Self }}, {{ value: self, rust_name: LowerSelf }}, {{ value: type }}, {{ value: None }}, {{ value: Some }}, {{ value: Ok }}, {{ value: Err }}, {{ value: 小时 }}, {{ value: 天 }}, {{ value: ALL }}, {{ value: \"0\" }}, {{ value: 720P }}, {{ value: Common }} ]"
        )
        .unwrap();
    }
    let mut everything = String::from("  - name: Everything\n    fields:\n");
    for name in STRUCTS.iter().chain(EMPTY_STRUCTS).chain(ENUMS) {
        writeln!(everything, "      - {{ name: {name}, type: {name} }}").unwrap();
    }
    format!(
        r####"limits:
  spans:
    - {{ start: Start, end: End, max: 7d, when: {{ param: Interval, equals: 5 }} }}
  lookback:
    - {{ param: Start, max: 30d }}
request:
  - {{ name: New, type: string, required: true }}
  - {{ name: Value, type: string, required: true }}
  - {{ name: Request, type: i64, required: true }}
  - {{ name: Ctx, type: bool, required: true }}
  - {{ name: Start, type: datetime, format: "[year]-[month]-[day] [hour]:[minute]:[second]", utc_offset: "+08:00" }}
  - {{ name: End, type: datetime, format: "[year]-[month]-[day] [hour]:[minute]:[second]", utc_offset: "+08:00" }}
  - {{ name: Validate, type: i64 }}
  - {{ name: ToWire, type: bool }}
  - {{ name: Clone, type: string }}
  - {{ name: ToJson, type: string }}
  - {{ name: FromJson, type: string }}
  - {{ name: From, type: string }}
  - {{ name: Into, type: string }}
  - {{ name: Default, type: string }}
  - {{ name: Type, type: string }}
  - {{ name: Self, type: string }}
  - {{ name: Self_, type: string }}
  - {{ name: self, type: string }}
  - {{ name: Crate, type: string }}
  - {{ name: Super, type: string }}
  - {{ name: Async, type: Option }}
  - {{ name: Await, type: string }}
  - {{ name: Dyn, type: string }}
  - {{ name: Gen, type: string }}
  - {{ name: Try, type: string }}
  - {{ name: Match, type: list, items: Result }}
  - {{ name: Filter, type: Topic_Info }}
  - {{ name: All, type: Everything }}
  - {{ name: Interval, type: i64, default: 5 }}
  - {{ name: EffectiveInterval, type: i64 }}
  - {{ name: Kind, type: Self, default: Self }}
  - {{ name: EffectiveKind, type: string }}
  - {{ name: InstanceId, type: string }}
  - {{ name: InstanceID, type: string }}
  - {{ name: Instance_Id, type: string, default: x }}
  - {{ name: Grain, type: i64, default_by_span: {{ start: Start, end: End, rules: [ {{ below: 1d, value: 60 }}, {{ value: 3600 }} ] }} }}
  - {{ name: EffectiveGrain, type: i64 }}
  - {{ name: V, type: string }}
  - {{ name: E, type: string }}
  - {{ name: O, type: string }}
  - {{ name: F, type: string }}
  - {{ name: Inner, type: string }}
  - {{ name: Other, type: string }}
  - {{ name: Common, type: string }}
  - {{ name: Code, type: string }}
  - {{ name: Unknown, type: string }}
  - {{ name: "_", type: string }}
  - {{ name: "9Lives", type: string }}
  - {{ name: 名称, type: string }}
  - {{ name: X², type: string }}
  - {{ name: a-b.c d, type: string }}
  - {{ name: Ünïcödé, type: string }}
  - {{ name: "😀", type: string }}
response:
  - {{ name: Result, type: Result }}
  - {{ name: Vec, type: list, items: Vec }}
  - {{ name: All, type: Everything, required: true }}
  - {{ name: 名称, type: string }}
  - {{ name: New, type: string }}
  - {{ name: NEW, type: string }}
  - {{ name: Self, type: Self }}
  - {{ name: Type, type: string }}
  - {{ name: "_", type: string }}
  - {{ name: RequestId, type: string, required: true }}
types:
{types}{everything}  - name: Topic_Info
    doc: "### A heading, not an attribute\n#[not_an_attribute]\n#![nor_this]"
    fields:
      - {{ name: InstanceId, type: string }}
      - {{ name: InstanceID, type: string }}
      - {{ name: New, type: i64 }}
      - {{ name: NEW, type: i64 }}
      - {{ name: Validate, type: string }}
      - {{ name: Clone, type: string }}
      - {{ name: Empty, type: None }}
      - {{ name: Self, type: Self }}
      - {{ name: 名称, type: string }}
errors:
  - {{ code: Unknown, description: d }}
  - {{ code: Common, description: d }}
  - {{ code: Self, description: d }}
  - {{ code: 小时, description: d }}
  - {{ code: FailedOperation.DBError, description: d }}
"####
    )
}

/// Every spec the loader must accept, across providers and services named like keywords
/// and like the modules generated code declares.
fn write_accepted(specs: &Specs) {
    let body = adversarial_body();
    specs
        .tencent()
        .service("tencent", "as")
        // The same types in two APIs: shared in the service's `types` module.
        .api("tencent/as", "DescribeNames", &body)
        .api("tencent/as", "DescribeMore", &body)
        // `Option` again, but another shape: stays in its API's module.
        .api(
            "tencent/as",
            "DescribeOther",
            "request:\n  - { name: Option, type: Option }\nresponse: []\ntypes:\n  - name: Option\n    fields: [ { name: Other, type: bool } ]\n",
        )
        // Modules named like the keyword `self` and the generated `types` and `rt`.
        .api("tencent/as", "Self", EMPTY)
        .api("tencent/as", "Types", EMPTY)
        .api("tencent/as", "Rt", EMPTY)
        .api("tencent/as", "DescribeAbc", EMPTY)
        // Paginated, with a defaulted page number whose effective method another parameter's
        // setter would take; `DescribeListPage` is a different method.
        .api(
            "tencent/as",
            "DescribeList",
            "request:\n  - { name: PageNum, type: i64, default: 1 }\n  - { name: EffectivePageNum, type: i64 }\n  - { name: Type, type: i64 }\nresponse:\n  - { name: Self, type: list, items: string }\n  - { name: New, type: i64 }\npagination: { page_number: PageNum, page_size: Type, items: Self, total_items: New }\n",
        )
        // Keywords and non-ASCII names in the query and headers.
        .file(
            "tencent/as/DescribeQuery.yaml",
            "action: DescribeQuery\ntitle: T.\nhttp: { method: GET, params_in: query }\nrequest:\n  - { name: Type, type: string, required: true }\n  - { name: Self, type: list, items: string, list_encoding: comma }\n  - { name: Match, type: list, items: i64, list_encoding: repeat }\n  - { name: 名称, type: i64 }\n  - { name: Crate, type: string, in: header }\n  - { name: Mode, type: Mode, default: Self }\nresponse: []\ntypes:\n  - name: Mode\n    enum: { values: [ { value: Self }, { value: Err }, { value: None } ] }\n",
        )
        .api("tencent/as", "DescribeListPage", EMPTY)
        .service("tencent", "rt")
        .api("tencent/rt", "Rt", EMPTY)
        .service("tencent", "types")
        .api("tencent/types", "Types", EMPTY)
        .service("tencent", "self")
        .api("tencent/self", "Self", EMPTY)
        // A provider named like the runtime alias of every module, whose common codes are
        // named like the variants generated code adds.
        .provider("rt", &["Unknown", "Common", "Self", "小时"])
        .service("rt", "crate")
        .api(
            "rt/crate",
            "DescribeErrors",
            "request: []\nresponse: []\nerrors:\n  - { code: Unknown, description: d }\n  - { code: Common, description: d }\n  - { code: InternalError, description: d }\n",
        )
        .api("rt/crate", "DescribeNothing", EMPTY)
        // Providers and services named like the standard crates.
        .provider("std", &[])
        .service("std", "core")
        .api("std/core", "DescribeNothing", EMPTY)
        // A provider with no common codes.
        .provider("super", &[])
        .service("super", "super")
        .api(
            "super/super",
            "Super",
            "request: []\nresponse: []\nerrors:\n  - { code: Unknown, description: d }\n  - { code: Common, description: d }\n",
        )
        .api("super/super", "DescribeNothing", EMPTY);
}

fn is_ascii_ident(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name != "_"
        && !naming::is_keyword(name)
        && syn::parse_str::<syn::Ident>(name).is_ok()
}

/// rustc's `non_snake_case` rule, so `-D warnings` holds.
fn is_snake(name: &str) -> bool {
    is_ascii_ident(name)
        && !name.chars().any(|c| c.is_ascii_uppercase())
        && !name.trim_matches('_').contains("__")
}

/// rustc's `non_camel_case_types` rule.
fn is_camel(name: &str) -> bool {
    is_ascii_ident(name)
        && name.starts_with(|c: char| c.is_ascii_uppercase())
        && !name.trim_matches('_').contains('_')
}

/// What the loaded model promises the emitters: every member name an identifier, unique in
/// its struct, never a generated method nor another parameter's effective method.
fn check_model(catalog: &Catalog) {
    for api in catalog
        .providers
        .iter()
        .flat_map(|p| &p.services)
        .flat_map(|s| &s.apis)
    {
        let effective: Vec<String> = api
            .params
            .iter()
            .filter(|p| p.default.is_some())
            .map(|p| naming::effective_method(&p.rust_name))
            .collect();
        let mut members: Vec<Vec<&str>> =
            vec![api.params.iter().map(|p| p.rust_name.as_str()).collect()];
        members.push(api.response.iter().map(|f| f.rust_name.as_str()).collect());
        for t in &api.types {
            assert!(is_camel(&naming::type_name(&t.name)), "{}", t.name);
            match &t.kind {
                TypeKind::Struct(fields) => {
                    members.push(fields.iter().map(|f| f.rust_name.as_str()).collect())
                }
                TypeKind::Enum(e) => {
                    for v in &e.values {
                        let variant = v
                            .rust_name
                            .clone()
                            .unwrap_or_else(|| naming::variant_name(&v.value));
                        assert!(is_camel(&variant), "{} -> {variant}", v.value);
                    }
                }
            }
        }
        for names in &members {
            for (i, name) in names.iter().enumerate() {
                assert!(is_snake(name), "{}: {name}", api.action);
                assert!(!names[..i].contains(name), "{}: {name} twice", api.action);
                assert!(
                    !naming::GENERATED_METHODS.contains(name),
                    "{}: {name}",
                    api.action
                );
            }
        }
        for p in &api.params {
            assert!(
                !effective.contains(&p.rust_name),
                "{}: the setter {} is an effective method",
                api.action,
                p.rust_name
            );
        }
        for e in &api.errors {
            assert!(is_camel(&naming::error_variant_name(&e.code)), "{}", e.code);
        }
    }
}

/// A value of a parameter's type for generated usage code, if it is a simple one.
fn value_of(ty: &TypeRef) -> Option<&'static str> {
    match ty {
        TypeRef::String => Some("\"x\""),
        TypeRef::Bool => Some("true"),
        TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64 => Some("1"),
        TypeRef::F64 => Some("1.0"),
        _ => None,
    }
}

/// Code a user could write against the documented public API: build every request with
/// `new()` and call each simple setter, read every response field, name every own error
/// code, call every client method. Paths come from `naming`, names from the model.
fn usage(catalog: &Catalog) -> String {
    let mut out =
        String::from("#![allow(dead_code, non_snake_case, unused_variables, clippy::all)]\n");
    for p in &catalog.providers {
        let pm = naming::module_name(&p.id);
        if let Some(e) = p.errors.first() {
            writeln!(
                out,
                "pub fn _{pm}_common() -> crate::{pm}::{code} {{ crate::{pm}::{code}::{} }}",
                naming::error_variant_name(&e.code),
                code = naming::COMMON_ERROR_CODE,
            )
            .unwrap();
        }
        for s in &p.services {
            let path = format!("crate::{pm}::{}", naming::module_name(&s.id));
            let client = naming::client_name(&s.id);
            for api in &s.apis {
                usage_of_api(&mut out, &path, &client, api);
            }
        }
    }
    out
}

fn usage_of_api(out: &mut String, path: &str, client: &str, api: &Api) {
    let f = format!(
        "_{}_{}",
        path.replace("::", "_"),
        naming::module_name(&api.action)
    );
    let request = naming::request_name(&api.action);
    let args: Vec<&str> = api
        .params
        .iter()
        .filter(|p| p.required)
        .map(|p| value_of(&p.ty).expect("required parameters of simple types"))
        .collect();
    let mut build = format!("{path}::{request}::new({})", args.join(", "));
    for p in api.params.iter().filter(|p| !p.required) {
        if let Some(v) = value_of(&p.ty) {
            write!(build, ".{}({v})", p.rust_name).unwrap();
        }
    }
    writeln!(
        out,
        "pub fn {f}_request() -> {path}::{request} {{ {build} }}"
    )
    .unwrap();
    let reads: Vec<String> = api
        .response
        .iter()
        .map(|r| format!("let _ = &r.{};", r.rust_name))
        .collect();
    writeln!(
        out,
        "pub fn {f}_response(r: &{path}::{}) {{ {} }}",
        naming::response_name(&api.action),
        reads.concat()
    )
    .unwrap();
    if let Some(e) = api.errors.first() {
        writeln!(
            out,
            "pub fn {f}_code() -> {path}::{code} {{ {path}::{code}::{} }}",
            naming::error_variant_name(&e.code),
            code = naming::error_code_name(&api.action)
        )
        .unwrap();
    }
    let mut calls = format!(
        "let _ = client.{}({f}_request());",
        naming::client_method(&api.action)
    );
    if api.pagination.is_some() {
        write!(
            calls,
            "let _ = client.{}({f}_request());",
            naming::pages_method(&api.action)
        )
        .unwrap();
    }
    writeln!(
        out,
        "pub fn {f}_call(client: &{path}::{client}) {{ {calls} }}"
    )
    .unwrap();
}

#[test]
fn adversarial_names_compile() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("specs");
    write_accepted(&Specs::new(&root));
    let catalog = load_dir(&root).unwrap_or_else(|e| panic!("{e}")).catalog;
    assert_eq!(catalog.api_count(), 18);
    check_model(&catalog);

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
    // The crate layout, and the single file `build.rs` users include, side by side.
    cloudusage_codegen::generate::generate_crate(&root, &crate_dir).unwrap();
    let single = cloudusage_codegen::generate::render_single_file(
        &catalog,
        &cloudusage_codegen::emit::EmitOptions::default(),
    )
    .unwrap();
    std::fs::write(crate_dir.join("src/single.rs"), single).unwrap();
    std::fs::write(crate_dir.join("src/usage.rs"), usage(&catalog)).unwrap();
    let lib = std::fs::read_to_string(crate_dir.join("src/lib.rs")).unwrap();
    std::fs::write(
        crate_dir.join("src/lib.rs"),
        format!("{lib}\npub mod single {{\n    include!(\"single.rs\");\n}}\npub mod usage;\n"),
    )
    .unwrap();
    std::fs::copy(workspace().join("Cargo.lock"), crate_dir.join("Cargo.lock")).unwrap();

    let output = cargo_check(&crate_dir.join("Cargo.toml"), false).unwrap();
    if std::env::var_os("NAME_SAFETY_KEEP").is_some() {
        eprintln!("kept {}", tmp.keep().display());
    }
    assert!(
        output.status.success(),
        "adversarial names do not compile:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// One diagnostic a case must produce: its file, key path and part of its message. A
/// diagnostic about a key has its line and column; one about a directory name has none.
struct Expect {
    file: &'static str,
    path: &'static str,
    message: &'static str,
    located: bool,
}

fn expect(file: &'static str, path: &'static str, message: &'static str) -> Expect {
    Expect {
        file,
        path,
        message,
        located: true,
    }
}

fn expect_dir(file: &'static str, path: &'static str, message: &'static str) -> Expect {
    Expect {
        located: false,
        ..expect(file, path, message)
    }
}

/// Clashes no escape can fix: each case must produce exactly its diagnostics, each naming
/// the file, the position (unless it is about a directory name) and the key.
#[test]
fn unescapable_clashes_are_rejected() {
    type Case = (fn(&Specs), Vec<Expect>);
    let cases: Vec<Case> = vec![
        (
            |s| {
                s.tencent()
                    .service("tencent", "svc")
                    .api("tencent/svc", "DescribeAbc", EMPTY)
                    .api("tencent/svc", "DescribeABC", EMPTY);
            },
            vec![
                expect(
                    "tencent/svc/DescribeAbc.yaml",
                    "action",
                    "actions `DescribeAbc` and `DescribeABC` (tencent/svc/DescribeABC.yaml) both become the module `describe_abc`",
                ),
                expect(
                    "tencent/svc/DescribeABC.yaml",
                    "action",
                    "actions `DescribeABC` and `DescribeAbc` (tencent/svc/DescribeAbc.yaml) both become the module `describe_abc`",
                ),
            ],
        ),
        (
            |s| {
                s.tencent()
                    .service("tencent", "svc")
                    .api("tencent/svc", "Common", EMPTY)
                    .api("tencent/svc", "New", EMPTY)
                    .api("tencent/svc", "FromEnv", EMPTY)
                    .api("tencent/svc", "Runtime", EMPTY)
                    .api("tencent/svc", "Clone", EMPTY);
            },
            vec![
                expect(
                    "tencent/svc/Common.yaml",
                    "action",
                    "action `Common` would generate `CommonErrorCode`",
                ),
                expect(
                    "tencent/svc/New.yaml",
                    "action",
                    "action `New` would be the client method `new`",
                ),
                expect(
                    "tencent/svc/FromEnv.yaml",
                    "action",
                    "action `FromEnv` would be the client method `from_env`",
                ),
                expect(
                    "tencent/svc/Runtime.yaml",
                    "action",
                    "action `Runtime` would be the client method `runtime`",
                ),
                expect(
                    "tencent/svc/Clone.yaml",
                    "action",
                    "action `Clone` would be the client method `clone`",
                ),
            ],
        ),
        (
            |s| {
                s.tencent()
                    .service("tencent", "svc")
                    .api(
                        "tencent/svc",
                        "DescribeX",
                        "request:\n  - { name: PageNum, type: i64 }\n  - { name: PageSize, type: i64 }\nresponse:\n  - { name: Items, type: list, items: string }\npagination: { page_number: PageNum, page_size: PageSize, items: Items }\n",
                    )
                    .api("tencent/svc", "DescribeXPages", EMPTY);
            },
            vec![expect(
                "tencent/svc/DescribeX.yaml",
                "pagination",
                "the client method streaming the pages of `DescribeX` is `describe_x_pages`, which is also the method of the action `DescribeXPages` (tencent/svc/DescribeXPages.yaml)",
            )],
        ),
        (
            |s| {
                s.tencent()
                    .service("tencent", "svc")
                    .api(
                        "tencent/svc",
                        "DescribeY",
                        "request: []\nresponse: []\ntypes:\n  - { name: DescribeYRequest, fields: [] }\n  - { name: DescribeZErrorCode, fields: [] }\n  - { name: CommonErrorCode, fields: [] }\n  - { name: SvcClient, fields: [] }\n  - { name: Self, fields: [] }\n  - { name: Self_, fields: [] }\n  - { name: Topic_Info, fields: [] }\n  - { name: TopicInfo, fields: [] }\n",
                    )
                    .api("tencent/svc", "DescribeZ", EMPTY);
            },
            vec![
                expect(
                    "tencent/svc/DescribeY.yaml",
                    "types.DescribeYRequest.name",
                    "type name `DescribeYRequest` is reserved for the generated items of `DescribeY`",
                ),
                expect(
                    "tencent/svc/DescribeY.yaml",
                    "types.DescribeZErrorCode.name",
                    "type name `DescribeZErrorCode` is reserved for the generated items of `DescribeZ`, which the service module re-exports",
                ),
                expect(
                    "tencent/svc/DescribeY.yaml",
                    "types.CommonErrorCode.name",
                    "type name `CommonErrorCode` is reserved for the provider's common error codes",
                ),
                expect(
                    "tencent/svc/DescribeY.yaml",
                    "types.SvcClient.name",
                    "type name `SvcClient` is reserved for the client of the service `svc`",
                ),
                expect(
                    "tencent/svc/DescribeY.yaml",
                    "types.Self_.name",
                    "types `Self` and `Self_` both become the Rust type `Self_`",
                ),
                expect(
                    "tencent/svc/DescribeY.yaml",
                    "types.TopicInfo.name",
                    "types `Topic_Info` and `TopicInfo` both become the Rust type `TopicInfo`",
                ),
            ],
        ),
        (
            |s| {
                s.tencent().service("tencent", "svc").api(
                    "tencent/svc",
                    "DescribeE",
                    "request: []\nresponse: []\ntypes:\n  - name: E\n    enum:\n      values:\n        - { value: a, rust_name: Self }\n        - { value: b, rust_name: ALL }\n        - { value: c, rust_name: Unknown }\n        - { value: d, rust_name: lower }\n        - { value: a-b }\n        - { value: a_b }\n        - { value: Unknown }\nerrors:\n  - { code: FailedOperation.DBError, description: d }\n  - { code: FailedOperation.DbError, description: d }\n  - { code: Unknown, description: d }\n  - { code: Unknown_, description: d }\n",
                );
            },
            vec![
                expect(
                    "tencent/svc/DescribeE.yaml",
                    "types.E.enum.values.a.rust_name",
                    "rust_name `Self` is a Rust keyword",
                ),
                expect(
                    "tencent/svc/DescribeE.yaml",
                    "types.E.enum.values.b.rust_name",
                    "rust_name `ALL` is the constant listing every value",
                ),
                expect(
                    "tencent/svc/DescribeE.yaml",
                    "types.E.enum.values.c.rust_name",
                    "rust_name `Unknown` is the variant of unlisted values",
                ),
                expect(
                    "tencent/svc/DescribeE.yaml",
                    "types.E.enum.values.d.rust_name",
                    "rust_name `lower` must be an UpperCamelCase identifier",
                ),
                expect(
                    "tencent/svc/DescribeE.yaml",
                    "types.E.enum.values.a_b.value",
                    "values `a-b` and `a_b` both become the variant `AB`: set `rust_name`",
                ),
                expect(
                    "tencent/svc/DescribeE.yaml",
                    "types.E.enum.values.Unknown.value",
                    "`Unknown` is the variant of unlisted values",
                ),
                expect(
                    "tencent/svc/DescribeE.yaml",
                    "errors.FailedOperation.DbError.code",
                    "error codes `FailedOperation.DBError` and `FailedOperation.DbError` both become the Rust variant `FailedOperationDbError`",
                ),
                expect(
                    "tencent/svc/DescribeE.yaml",
                    "errors.Unknown_.code",
                    "error codes `Unknown` and `Unknown_` both become the Rust variant `Unknown_`",
                ),
            ],
        ),
        (
            |s| {
                s.provider("default", &[])
                    .provider("runtime", &[])
                    .tencent()
                    .service("tencent", "as")
                    .service("tencent", "as_")
                    .service("tencent", "types")
                    .service("tencent", "types_");
            },
            vec![
                expect_dir(
                    "default/provider.yaml",
                    "",
                    "a provider cannot be named `default`",
                ),
                expect_dir(
                    "runtime/provider.yaml",
                    "",
                    "a provider cannot be named `runtime`: in the workspace layout the provider's crate would be `cloudusage-runtime`",
                ),
                expect_dir(
                    "tencent/as_/service.yaml",
                    "",
                    "services `as` (tencent/as/service.yaml) and `as_` both become the module `as_`",
                ),
                expect_dir(
                    "tencent/types_/service.yaml",
                    "",
                    "services `types` (tencent/types/service.yaml) and `types_` both become the module `types_`",
                ),
            ],
        ),
    ];
    for (write, expected) in cases {
        let tmp = tempfile::tempdir().unwrap();
        write(&Specs::new(tmp.path()));
        let diagnostics = match load_dir(tmp.path()) {
            Err(LoadError::Invalid(d)) => d,
            Err(e) => panic!("{e}"),
            Ok(_) => panic!("accepted; expected {:?}", expected[0].message),
        };
        for e in &expected {
            let found = diagnostics.items.iter().find(|d| {
                // `load_dir` names files under the directory it was given.
                d.file.strip_prefix(tmp.path()) == Ok(Path::new(e.file))
                    && d.path == e.path
                    && d.message.contains(e.message)
            });
            let Some(found) = found else {
                panic!(
                    "no diagnostic in {} at `{}` containing {:?}; got:\n{diagnostics}",
                    e.file, e.path, e.message
                );
            };
            assert_eq!(found.pos.is_known(), e.located, "{found}");
        }
        assert_eq!(
            diagnostics.items.len(),
            expected.len(),
            "more diagnostics than expected:\n{diagnostics}"
        );
    }
}

/// Whatever a spec calls something, its Rust name is an ASCII identifier that is no keyword
/// and passes rustc's case lints (never a panic in the generator's `Ident::new`).
fn assert_names_of(wire: &str) {
    let snake = [
        naming::field_name(wire),
        naming::member_name(wire),
        naming::module_name(wire),
        naming::client_method(wire),
        naming::pages_method(wire),
        naming::effective_method(&naming::member_name(wire)),
        naming::numbered(&naming::member_name(wire), 2),
    ];
    for name in snake {
        assert!(is_snake(&name), "{wire:?} -> {name:?}");
        let _ = proc_macro2::Ident::new(&name, proc_macro2::Span::call_site());
    }
    let camel = [
        naming::type_name(wire),
        naming::variant_name(wire),
        naming::error_variant_name(wire),
    ];
    for name in camel {
        assert!(is_camel(&name), "{wire:?} -> {name:?}");
        let _ = proc_macro2::Ident::new(&name, proc_macro2::Span::call_site());
    }
    assert!(
        !naming::GENERATED_METHODS.contains(&naming::member_name(wire).as_str()),
        "{wire:?}"
    );
    assert!(
        !naming::RESERVED_MODULES.contains(&naming::module_name(wire).as_str()),
        "{wire:?}"
    );
}

#[test]
fn every_name_becomes_an_identifier() {
    let keywords = [
        "as",
        "async",
        "await",
        "break",
        "const",
        "continue",
        "crate",
        "dyn",
        "else",
        "enum",
        "extern",
        "false",
        "fn",
        "for",
        "gen",
        "if",
        "impl",
        "in",
        "let",
        "loop",
        "match",
        "mod",
        "move",
        "mut",
        "pub",
        "ref",
        "return",
        "self",
        "Self",
        "static",
        "struct",
        "super",
        "trait",
        "true",
        "type",
        "unsafe",
        "use",
        "where",
        "while",
        "abstract",
        "become",
        "box",
        "do",
        "final",
        "macro",
        "override",
        "priv",
        "try",
        "typeof",
        "unsized",
        "virtual",
        "yield",
        "union",
        "macro_rules",
        "raw",
        "safe",
    ];
    for k in keywords {
        for wire in [k.to_string(), k.to_uppercase(), {
            let mut c = k.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        }] {
            assert_names_of(&wire);
        }
    }
    for wire in [
        "StartTime",
        "_",
        "__",
        "_Self",
        "Self_",
        "9Lives",
        "a-b.c d",
        "名称",
        "$",
        "",
        "New",
        "to_wire",
        "ToWire",
        "Ünïcödé",
        "x\u{200b}y",
        "😀",
        "X²",
        "e\u{301}",
        "ǅ",
        "𝐀",
        "Ⅻ",
        "٣",
        "types",
        "Types",
        "rt",
        "runtime",
        "Unknown",
        "Common",
        "ALL",
        "None",
        "Option",
    ] {
        assert_names_of(wire);
    }
}

proptest::proptest! {
    #[test]
    fn any_text_becomes_an_identifier(wire in proptest::prelude::any::<String>()) {
        assert_names_of(&wire);
    }

    #[test]
    fn any_word_becomes_an_identifier(wire in "[A-Za-z0-9_. -]{0,12}") {
        assert_names_of(&wire);
    }
}
