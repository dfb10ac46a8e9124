//! The importer writes specs from tccli metadata that load and compile, says what it could
//! not express, rewrites nothing on a second run; the drift check finds what changed.
//! Fixtures are small hand-written `api.json` files in tccli's layout.

mod support;

use support::cargo_check;

use std::io::Write;
use std::path::{Path, PathBuf};

use cloudusage_codegen::drift::drift_tencent;
use cloudusage_codegen::generate::{generate_workspace, WorkspaceOptions};
use cloudusage_codegen::import::import_tencent;
use cloudusage_codegen::load::load_dir;

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn services() -> PathBuf {
    manifest_dir().join("tests/fixtures/tccli/services")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn imported_specs_load_and_say_what_is_missing() {
    let tmp = tempfile::tempdir().unwrap();
    let report = import_tencent(&services(), tmp.path()).unwrap();
    assert_eq!((report.services, report.actions), (2, 3));
    // tccli's default version keeps the plain name; the other is suffixed.
    let stat = tmp.path().join("tencent/stat");
    assert!(stat.join("DescribeUsage.yaml").is_file());
    assert!(tmp
        .path()
        .join("tencent/stat_v20230101/DescribeUsage.yaml")
        .is_file());
    assert!(read(&stat.join("service.yaml")).contains("version: \"2020-01-01\""));

    // What could not be expressed is counted, with examples, and in the spec's notes.
    let kinds: Vec<(&str, usize)> = report
        .unexpressed
        .iter()
        .map(|(k, (n, _))| (*k, *n))
        .collect();
    assert!(
        kinds.contains(&("disabled members (left out)", 1)),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&("members of a type the format lacks (left out)", 1)),
        "{kinds:?}"
    );
    // Counted per action: two actions have time members.
    assert!(
        kinds.contains(&("time members kept as strings", 2)),
        "{kinds:?}"
    );
    let usage = read(&stat.join("DescribeUsage.yaml"));
    assert!(usage.contains("`DescribeUsageRequest.Legacy` is disabled in the metadata"));
    assert!(usage.contains("`DescribeUsageRequest.Blob` is left out: member kind `map`"));
    assert!(usage.contains("The metadata has no limits"));
    // Nothing invented: times stay strings, requirement only where the metadata says so.
    assert!(usage
        .contains("- { name: \"StartTime\", type: string, required: true, doc: \"起始时间。\" }"));
    assert!(usage.contains("- { name: \"Limit\", type: u64, required: true, doc: \"条数\" }"));
    assert!(usage.contains(
        "- { name: \"Domains\", type: list, items: string, doc: \"域名列表，\\\"a\\\\b\\\"。\" }"
    ));
    assert!(!usage.contains("Legacy\", type"));
    let tree = read(&stat.join("DescribeTree.yaml"));
    assert!(tree.contains("deprecated: { note: \"The metadata marks this API offline.\" }"));

    let catalog = load_dir(tmp.path())
        .unwrap_or_else(|e| panic!("{e}"))
        .catalog;
    assert_eq!(catalog.api_count(), 3);
    let usage = catalog.providers[0].services[0]
        .apis
        .iter()
        .find(|a| a.action == "DescribeUsage")
        .unwrap();
    // Wire names differing only in case are both kept.
    let point = usage.types.iter().find(|t| t.name == "UsagePoint").unwrap();
    let cloudusage_codegen::model::TypeKind::Struct(fields) = &point.kind else {
        panic!("UsagePoint is a struct")
    };
    let names: Vec<&str> = fields.iter().map(|f| f.rust_name.as_str()).collect();
    assert!(
        names.contains(&"instance_id") && names.contains(&"instance_id_2"),
        "{names:?}"
    );

    // A second import rewrites nothing.
    let again = import_tencent(&services(), tmp.path()).unwrap();
    assert!(again.written.is_empty(), "{:?}", again.written);
}

#[test]
fn a_wheel_imports_like_its_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let wheel = tmp.path().join("tccli-0.0.0-py2.py3-none-any.whl");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&wheel).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for rel in [
        "__init__.py",
        "stat/v20200101/api.json",
        "stat/v20230101/api.json",
    ] {
        zip.start_file(format!("tccli/services/{rel}"), options)
            .unwrap();
        zip.write_all(read(&services().join(rel)).as_bytes())
            .unwrap();
    }
    zip.finish().unwrap();

    let from_wheel = tmp.path().join("from-wheel");
    let from_dir = tmp.path().join("from-dir");
    import_tencent(&wheel, &from_wheel).unwrap();
    import_tencent(&services(), &from_dir).unwrap();
    for file in [
        "stat/DescribeUsage.yaml",
        "stat/DescribeTree.yaml",
        "stat_v20230101/DescribeUsage.yaml",
    ] {
        assert_eq!(
            read(&from_wheel.join("tencent").join(file)),
            read(&from_dir.join("tencent").join(file)),
            "{file}"
        );
    }
}

/// What `check` accepts from the importer compiles (recursive, empty and shared types,
/// numbered fields, keyword-free names).
#[test]
fn imported_specs_compile() {
    let tmp = tempfile::tempdir().unwrap();
    let specs = tmp.path().join("specs");
    import_tencent(&services(), &specs).unwrap();
    let out = tmp.path().join("ws");
    let runtime = manifest_dir().join("../runtime").canonicalize().unwrap();
    let options = WorkspaceOptions {
        prefix: "imp".to_string(),
        runtime: format!("{{ path = {:?} }}", runtime.display().to_string()),
    };
    generate_workspace(&specs, &out, &options).unwrap();
    std::fs::copy(manifest_dir().join("../Cargo.lock"), out.join("Cargo.lock")).unwrap();
    let output = cargo_check(&out.join("Cargo.toml"), true).unwrap();
    assert!(
        output.status.success(),
        "imported specs do not compile:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn drift_is_none_against_the_metadata_the_specs_came_from() {
    let tmp = tempfile::tempdir().unwrap();
    import_tencent(&services(), tmp.path()).unwrap();
    let report = drift_tencent(tmp.path(), &services()).unwrap();
    assert!(report.is_empty(), "{report}");
}

#[test]
fn drift_reports_each_kind_of_change() {
    let tmp = tempfile::tempdir().unwrap();
    import_tencent(&services(), tmp.path()).unwrap();
    let usage = tmp.path().join("tencent/stat/DescribeUsage.yaml");
    let text = read(&usage)
        // Retyped and no longer required.
        .replace(
            "- { name: \"Limit\", type: u64, required: true,",
            "- { name: \"Limit\", type: string,",
        )
        // Removed from the spec: the metadata has it (added).
        .replace(
            "  - { name: \"EndTime\", type: string, required: true, doc: \"结束时间。\" }\n",
            "",
        )
        // In the spec, not in the metadata (removed).
        .replace(
            "response:\n",
            "response:\n  - { name: \"Gone\", type: i64 }\n",
        );
    std::fs::write(&usage, text).unwrap();
    // An action the provider does not list.
    let tree = read(&tmp.path().join("tencent/stat/DescribeTree.yaml"));
    std::fs::write(
        tmp.path().join("tencent/stat/DescribeForest.yaml"),
        tree.replace("action: DescribeTree", "action: DescribeForest"),
    )
    .unwrap();

    let report = drift_tencent(tmp.path(), &services()).unwrap();
    let text = report.to_string();
    let usage = &report.apis["stat/DescribeUsage"];
    assert!(
        usage.contains(&"request: added `EndTime` (datetime_iso, required)".to_string()),
        "{text}"
    );
    assert!(
        usage.contains(
            &"request: `Limit` retyped: the spec says string, the metadata uint64".to_string()
        ),
        "{text}"
    );
    assert!(
        usage.contains(
            &"request: `Limit` is optional in the spec, required in the metadata".to_string()
        ),
        "{text}"
    );
    assert!(
        usage.contains(&"response: removed `Gone` (the metadata no longer has it)".to_string()),
        "{text}"
    );
    assert_eq!(
        report.apis["stat/DescribeForest"],
        ["the provider no longer lists this action"]
    );
    assert_eq!(report.apis.len(), 2, "{text}");
}
