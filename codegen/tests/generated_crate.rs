//! The committed `generated/` crate is exactly what the specs generate, and a new API needs
//! nothing but its spec file.

mod support;

use support::{cargo_check, workspace};

use std::path::Path;

use cloudusage_codegen::generate::{check_crate, render_crate};
use cloudusage_codegen::load::load_dir;

#[test]
fn generated_crate_is_not_stale() {
    let staleness =
        check_crate(&workspace().join("specs"), &workspace().join("generated")).unwrap();
    assert!(
        staleness.is_fresh(),
        "generated/ is stale; run `cargo run -p cloudusage-codegen -- generate`\n{staleness}"
    );
    assert!(
        cloudusage_codegen::generate::check_cli_manifest(
            &workspace().join("specs"),
            &workspace().join("cli")
        )
        .unwrap(),
        "cli/Cargo.toml's features are stale; run `cargo run -p cloudusage-codegen -- generate`"
    );
}

#[test]
fn generation_is_deterministic() {
    let catalog = load_dir(&workspace().join("specs")).unwrap().catalog;
    let toml = std::fs::read_to_string(workspace().join("generated/Cargo.toml")).unwrap();
    assert_eq!(
        render_crate(&catalog, &toml).unwrap(),
        render_crate(&catalog, &toml).unwrap()
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

const SIXTH_API: &str = r#"
action: DescribeBillingData
title: Query CDN/live billing data by domain.
http: { method: POST, params_in: body }
limits:
  rate: 20/s
  spans:
    - { start: StartTime, end: EndTime, max: 31d }
  lookback:
    - { param: StartTime, max: 92d }
request:
  - { name: StartTime, type: datetime, format: "[year]-[month]-[day] [hour]:[minute]:[second]", utc_offset: "+08:00", required: true }
  - { name: EndTime, type: datetime, format: "[year]-[month]-[day] [hour]:[minute]:[second]", utc_offset: "+08:00", required: true }
  - { name: PlayDomains, type: list, items: string, max_items: 100 }
  - { name: Granularity, type: i64, one_of: [5, 60, 1440], default: 5 }
response:
  - name: DataInfoList
    type: list
    items: BillData
  - { name: RequestId, type: string, required: true }
types:
  - name: BillData
    fields:
      - { name: Time, type: string, required: true }
      - { name: Flux, type: f64, required: true }
      - { name: Bandwidth, type: f64, wire: number_or_string }
errors:
  - { code: InvalidParameter.TimeSpan, description: The span is too long. }
"#;

#[test]
fn a_sixth_api_is_one_spec_file() {
    let tmp = tempfile::tempdir().unwrap();
    let specs = tmp.path().join("specs");
    copy_dir(&workspace().join("specs"), &specs);
    std::fs::write(
        specs.join("tencent/live/DescribeBillingData.yaml"),
        SIXTH_API,
    )
    .unwrap();

    let crate_dir = tmp.path().join("sixth");
    std::fs::create_dir_all(&crate_dir).unwrap();
    let runtime = workspace().join("runtime").canonicalize().unwrap();
    let toml = format!(
        "[package]\nname = \"sixth\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n[dependencies]\ncloudusage-runtime = {{ path = {:?} }}\n\n[workspace]\n",
        runtime.display().to_string()
    );
    std::fs::write(crate_dir.join("Cargo.toml"), toml).unwrap();
    let written = cloudusage_codegen::generate::generate_crate(&specs, &crate_dir).unwrap();
    let api_file = crate_dir.join("src/tencent/live/describe_billing_data.rs");
    assert!(written.contains(&api_file), "{written:?}");
    std::fs::write(
        crate_dir.join("src/check.rs"),
        "pub fn _uses_it() -> crate::tencent::live::DescribeBillingDataRequest {\n    crate::tencent::live::DescribeBillingDataRequest::new(time::OffsetDateTime::UNIX_EPOCH, time::OffsetDateTime::UNIX_EPOCH).granularity(60)\n}\nuse cloudusage_runtime::reexports::time;\n",
    )
    .unwrap();
    let lib = std::fs::read_to_string(crate_dir.join("src/lib.rs")).unwrap();
    std::fs::write(crate_dir.join("src/lib.rs"), format!("{lib}\nmod check;\n")).unwrap();

    let output = cargo_check(&crate_dir.join("Cargo.toml"), false).unwrap();
    assert!(
        output.status.success(),
        "the generated crate with a sixth API does not compile:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
