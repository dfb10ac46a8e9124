//! Each item is emitted once: a provider's common error codes in the provider's module, a
//! named type that several APIs of a service declare with one shape in the service's `types`
//! module; a name whose shapes differ stays with each API; a struct that contains itself is
//! boxed. The workspace layout (one crate per provider and per service) compiles.

mod support;

use support::{cargo_check, workspace};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use cloudusage_codegen::emit::EmitOptions;
use cloudusage_codegen::generate::{generate_workspace, render_crate_sources, WorkspaceOptions};
use cloudusage_codegen::load::load_dir;

const SERVICE: &str = r#"name: Stats (test only)
version: "2000-01-01"
endpoint: stats.test.invalid
"#;

// `Point` and `Kind` are declared alike by both APIs (docs differ), `Conflict` differently;
// `Node` contains itself through an optional field and through a list.
const A: &str = r#"action: DescribeA
title: First API.
http: { method: POST, params_in: body }
request:
  - { name: Kind, type: Kind }
response:
  - { name: Points, type: list, items: Point }
  - { name: Tree, type: Node }
  - { name: Other, type: Conflict }
  - { name: RequestId, type: string, required: true }
types:
  - name: Point
    doc: A point, as A documents it.
    fields:
      - { name: Time, type: string, required: true }
      - { name: Value, type: f64 }
  - name: Kind
    enum: { values: [ { value: Fine }, { value: Coarse } ] }
  - name: Node
    fields:
      - { name: Name, type: string, required: true }
      - { name: Parent, type: Node }
      - { name: Children, type: list, items: Node }
  - name: Conflict
    fields:
      - { name: A, type: string }
errors:
  - { code: InvalidParameter.Kind, description: Bad kind. }
"#;

const B: &str = r#"action: DescribeB
title: Second API.
http: { method: POST, params_in: body }
request:
  - { name: Filter, type: Point, required: true }
  - { name: Kind, type: Kind }
response:
  - { name: Points, type: list, items: Point }
  - { name: Other, type: Conflict }
  - { name: RequestId, type: string, required: true }
types:
  - name: Point
    doc: A point, as B documents it.
    fields:
      - { name: Time, type: string, required: true }
      - { name: Value, type: f64 }
  - name: Kind
    enum: { values: [ { value: Fine }, { value: Coarse } ] }
  - name: Conflict
    fields:
      - { name: B, type: i64 }
"#;

fn write_specs(root: &Path) {
    let tencent = root.join("tencent");
    std::fs::create_dir_all(tencent.join("stats")).unwrap();
    std::fs::copy(
        workspace().join("specs/tencent/provider.yaml"),
        tencent.join("provider.yaml"),
    )
    .unwrap();
    std::fs::write(tencent.join("stats/service.yaml"), SERVICE).unwrap();
    std::fs::write(tencent.join("stats/DescribeA.yaml"), A).unwrap();
    std::fs::write(tencent.join("stats/DescribeB.yaml"), B).unwrap();
}

fn sources(specs: &Path) -> BTreeMap<PathBuf, String> {
    let catalog = load_dir(specs).unwrap().catalog;
    render_crate_sources(&catalog, &EmitOptions::default()).unwrap()
}

fn count(files: &BTreeMap<PathBuf, String>, needle: &str) -> usize {
    files
        .values()
        .map(|text| text.matches(needle).count())
        .sum()
}

#[test]
fn shared_items_are_emitted_once() {
    let tmp = tempfile::tempdir().unwrap();
    write_specs(tmp.path());
    let files = sources(tmp.path());
    let file = |p: &str| files.get(Path::new(p)).unwrap_or_else(|| panic!("no {p}"));

    // The provider's common codes: once, in the provider's module.
    assert_eq!(count(&files, "\n    CommonErrorCode {\n"), 1);
    assert!(file("tencent/mod.rs").contains("\n    CommonErrorCode {\n"));
    // An API without codes of its own uses them directly; one with codes falls back to them.
    assert!(file("tencent/stats/describe_b.rs")
        .contains("pub type DescribeBErrorCode = super::CommonErrorCode;"));
    assert!(file("tencent/stats/describe_a.rs")
        .contains("DescribeAErrorCode: common super::CommonErrorCode {"));

    // Same shape in both APIs: once, in the service's types module, imported by each API.
    let types = file("tencent/stats/types.rs");
    assert_eq!(count(&files, "pub struct Point {"), 1);
    assert!(types.contains("pub struct Point {"));
    assert_eq!(count(&files, "closed Kind {"), 1);
    assert!(types.contains("closed Kind {"));
    for api in ["describe_a", "describe_b"] {
        let text = file(&format!("tencent/stats/{api}.rs"));
        assert!(text.contains("pub use super::types::{"), "{api}");
        // Conflicting shapes: one copy per API, none shared.
        assert_eq!(text.matches("pub struct Conflict {").count(), 1, "{api}");
    }
    assert!(!types.contains("Conflict"));
    // B sends Point, so the one shared Point is serialisable and has a builder.
    let point = &types[types.find("pub struct Point {").unwrap()..];
    let point = &point[..point.find("\n}\n").unwrap()];
    assert!(point.ends_with("    serialize"), "{point}");
    assert!(types.contains(
        "builder! {\n    Point {\n        new(time: into(::std::string::String));\n        value: opt(f64),"
    ));

    // Used by one API only: stays there, boxed where it contains itself.
    let a = file("tencent/stats/describe_a.rs");
    assert!(a.contains("parent: ::std::option::Option<::std::boxed::Box<Node>> = opt(\"Parent\"),"));
    assert!(a.contains("children: ::std::vec::Vec<Node> = list(\"Children\"),"));
}

#[test]
fn parallel_generation_is_deterministic() {
    let tmp = tempfile::tempdir().unwrap();
    write_specs(tmp.path());
    let first = sources(tmp.path());
    for _ in 0..3 {
        assert_eq!(sources(tmp.path()), first);
    }
}

/// One crate per provider and per service; a user crate sees one `Point` type through both
/// APIs, and the common codes through the provider crate.
#[test]
fn the_workspace_layout_compiles() {
    let tmp = tempfile::tempdir().unwrap();
    let specs = tmp.path().join("specs");
    write_specs(&specs);
    let out = tmp.path().join("ws");
    let runtime = workspace().join("runtime").canonicalize().unwrap();
    let options = WorkspaceOptions {
        prefix: "t".to_string(),
        runtime: format!("{{ path = {:?} }}", runtime.display().to_string()),
    };
    let written = generate_workspace(&specs, &out, &options).unwrap();
    assert!(written.contains(&out.join("t-tencent-stats/src/types.rs")));
    assert!(written.contains(&out.join("t-tencent/src/lib.rs")));
    // Nothing changes, nothing is written.
    assert!(generate_workspace(&specs, &out, &options)
        .unwrap()
        .is_empty());

    let user = out.join("user");
    std::fs::create_dir_all(user.join("src")).unwrap();
    std::fs::write(
        user.join("Cargo.toml"),
        "[package]\nname = \"user\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n[dependencies]\nt-tencent = { path = \"../t-tencent\" }\nt-tencent-stats = { path = \"../t-tencent-stats\" }\n",
    )
    .unwrap();
    std::fs::write(
        user.join("src/lib.rs"),
        r#"use t_tencent_stats::{describe_a, describe_b, DescribeBRequest};

pub fn same_point(p: describe_a::Point) -> describe_b::Point {
    p
}

pub fn request(p: describe_b::Point) -> DescribeBRequest {
    DescribeBRequest::new(p).kind(describe_a::Kind::Fine)
}

pub fn common(code: t_tencent::CommonErrorCode) -> describe_a::DescribeAErrorCode {
    code.into()
}
"#,
    )
    .unwrap();
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    std::fs::write(
        out.join("Cargo.toml"),
        manifest.replace("members = [\n", "members = [\n    \"user\",\n"),
    )
    .unwrap();
    std::fs::copy(workspace().join("Cargo.lock"), out.join("Cargo.lock")).unwrap();

    let output = cargo_check(&out.join("Cargo.toml"), true).unwrap();
    assert!(
        output.status.success(),
        "the generated workspace does not compile:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
