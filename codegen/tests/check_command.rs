//! `cloudusage-codegen check`: a specs directory, or any folder or file inside one; warnings
//! printed apart from problems, failing only with `--deny-warnings`; files named as given.
#![cfg(feature = "cli")]

use std::path::Path;
use std::process::{Command, Output};

const PROVIDER: &str = "name: P\nsigning: { default: tc3-hmac-sha256 }\nenvelope: tencent\ncredentials: { access_key_id: [A], access_key_secret: [B] }\n";
const SERVICE: &str = "name: S\nversion: \"2020-01-01\"\nendpoint: s.example.com\n";
/// A period without an order rule: one warning.
const WARNED: &str = "action: Warned\ntitle: t\nhttp: { method: POST, params_in: body }\nrequest:\n  - { name: StartTime, type: date, format: date }\n  - { name: EndTime, type: date, format: date }\nresponse: []\n";
const BROKEN: &str = "action: Broken\ntitle: t\nhttp: { method: POST, params_in: body }\nrequest:\n  - { name: X, type: strin }\nresponse: []\n";

fn write(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn check(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cloudusage-codegen"))
        .arg("check")
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap()
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn a_file_or_folder_inside_the_specs_directory_is_checked_with_its_context() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "specs/p/provider.yaml", PROVIDER);
    write(root, "specs/p/s/service.yaml", SERVICE);
    write(root, "specs/p/s/Warned.yaml", WARNED);
    write(root, "specs/p/t/service.yaml", SERVICE);
    write(root, "specs/p/t/Broken.yaml", BROKEN);

    // The whole directory: the problem, named as the user wrote the path, and the warning.
    let out = check(root, &["specs"]);
    let (_, err) = text(&out);
    assert!(!out.status.success());
    assert!(err.contains("error: specs/p/t/Broken.yaml:5:"), "{err}");
    assert!(err.contains("did you mean `string`?"), "{err}");
    assert!(err.contains("warning: specs/p/s/Warned.yaml:6:"), "{err}");

    // One service folder: only its own warning; the problem elsewhere is only counted.
    let out = check(root, &["specs/p/s"]);
    let (stdout, err) = text(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        stdout.contains("specs/p/s: no problems (1 warning) (specs has 1 problem elsewhere"),
        "{stdout}"
    );
    assert!(err.contains("warning: specs/p/s/Warned.yaml:6:"), "{err}");
    assert!(!err.contains("Broken"), "{err}");

    // --deny-warnings fails on it.
    let out = check(root, &["specs/p/s", "--deny-warnings"]);
    assert!(!out.status.success());
    assert!(text(&out).1.contains("warnings are denied"));

    // One file, from inside the directory, relative to where the command runs.
    let out = check(&root.join("specs/p"), &["t/Broken.yaml"]);
    let (_, err) = text(&out);
    assert!(!out.status.success());
    assert!(err.contains("error: t/Broken.yaml:5:"), "{err}");
    assert!(!err.contains("Warned"), "{err}");

    // Outside any specs directory.
    let out = check(root, &["."]);
    assert!(!out.status.success());
    assert!(text(&out).1.contains("is not in a specs directory"));
}
