//! `cloudusage-codegen`: check specs, print their JSON Schema, generate or verify the crate.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use cloudusage_codegen::generate::{
    check_cli_manifest, check_crate, generate_cli_manifest, generate_crate, generate_workspace,
    GenerateError, WorkspaceOptions,
};
use cloudusage_codegen::load::{load_dir_with_warnings, specs_root, LoadError};

#[derive(Parser)]
#[command(
    version,
    about = "Typed, validated, signed Rust clients from YAML API specs"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check specs and print every problem and warning (exit status 1 on a problem).
    Check {
        /// The specs directory, or a provider or service folder or one spec file inside it
        /// (checked with the rest of the specs directory, which it is part of).
        #[arg(default_value = "specs")]
        specs: PathBuf,
        /// Fail (exit status 1) on warnings too.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Print the JSON Schema of spec files (for editors).
    Schema,
    /// Regenerate the committed crate from the specs (writes only files that change).
    Generate {
        #[arg(long, default_value = "specs")]
        specs: PathBuf,
        /// The generated crate's directory.
        #[arg(long, default_value = "generated")]
        out: PathBuf,
        /// The command-line crate, whose features mirror the generated crate's (skipped if
        /// it has no Cargo.toml).
        #[arg(long, default_value = "cli")]
        cli: PathBuf,
    },
    /// Generate a workspace of crates, one per provider (its common error codes) and one per
    /// service, for catalogues too large for one crate (writes only files that change).
    Workspace {
        #[arg(long, default_value = "specs")]
        specs: PathBuf,
        /// The workspace directory.
        #[arg(long)]
        out: PathBuf,
        /// Crate names start with this (`cloudusage` gives `cloudusage-tencent-vod`).
        #[arg(long, default_value = "cloudusage")]
        prefix: String,
        /// The cloudusage-runtime crate's directory, for a path dependency (default: the
        /// registry version).
        #[arg(long)]
        runtime: Option<PathBuf>,
    },
    /// Write specs from a provider's metadata (for Tencent Cloud: a tccli wheel, its
    /// `tccli/services` folder, or one `api.json`). Unchanged files are not rewritten.
    Import {
        /// The provider whose metadata this is (`tencent`).
        #[arg(value_parser = ["tencent"])]
        provider: String,
        /// The metadata.
        path: PathBuf,
        /// The specs directory to write into.
        #[arg(long, default_value = "specs")]
        out: PathBuf,
    },
    /// Compare hand-written specs with the provider's current metadata; exit status 1 on drift.
    Drift {
        /// The specs directory.
        specs: PathBuf,
        /// The metadata (as for `import`).
        metadata: PathBuf,
    },
    /// Fail (exit status 1) with a diff if the committed crate is not what the specs generate.
    Verify {
        #[arg(long, default_value = "specs")]
        specs: PathBuf,
        #[arg(long, default_value = "generated")]
        out: PathBuf,
        #[arg(long, default_value = "cli")]
        cli: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check {
            specs,
            deny_warnings,
        } => check(&specs, deny_warnings),
        Command::Generate { specs, out, cli } => {
            match generate_crate(&specs, &out).and_then(|mut written| {
                if cli.join("Cargo.toml").exists() && generate_cli_manifest(&specs, &cli)? {
                    written.push(cli.join("Cargo.toml"));
                }
                Ok(written)
            }) {
                Ok(written) => {
                    for path in &written {
                        println!("wrote {}", path.display());
                    }
                    println!(
                        "{}: up to date ({} files changed)",
                        out.display(),
                        written.len()
                    );
                    ExitCode::SUCCESS
                }
                Err(GenerateError::Load(err)) => report(&specs, err),
                Err(err) => {
                    eprintln!("error: {err}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Verify { specs, out, cli } => match check_crate(&specs, &out).and_then(|s| {
            let cli_fresh = !cli.join("Cargo.toml").exists() || check_cli_manifest(&specs, &cli)?;
            Ok((s, cli_fresh))
        }) {
            Ok((_, false)) => {
                eprintln!(
                    "{}/Cargo.toml's features are stale: run `cargo run -p cloudusage-codegen -- generate`",
                    cli.display()
                );
                ExitCode::FAILURE
            }
            Ok((staleness, true)) if staleness.is_fresh() => {
                println!("{} is up to date", out.display());
                ExitCode::SUCCESS
            }
            Ok((staleness, true)) => {
                eprintln!("{staleness}");
                eprintln!(
                    "{} is stale: run `cargo run -p cloudusage-codegen -- generate`",
                    out.display()
                );
                ExitCode::FAILURE
            }
            Err(GenerateError::Load(err)) => report(&specs, err),
            Err(err) => {
                eprintln!("error: {err}");
                ExitCode::FAILURE
            }
        },
        Command::Workspace {
            specs,
            out,
            prefix,
            runtime,
        } => {
            let runtime = match runtime.map(|r| r.canonicalize().map(|r| (r.clone(), r))) {
                None => format!("\"{}\"", env!("CARGO_PKG_VERSION")),
                Some(Ok((path, _))) => format!("{{ path = {:?} }}", path.display().to_string()),
                Some(Err(e)) => {
                    eprintln!("error: the runtime directory: {e}");
                    return ExitCode::FAILURE;
                }
            };
            let options = WorkspaceOptions { prefix, runtime };
            match generate_workspace(&specs, &out, &options) {
                Ok(written) => {
                    println!("{}: {} files written", out.display(), written.len());
                    ExitCode::SUCCESS
                }
                Err(GenerateError::Load(err)) => report(&specs, err),
                Err(err) => {
                    eprintln!("error: {err}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Import {
            provider: _,
            path,
            out,
        } => match cloudusage_codegen::import::import_tencent(&path, &out) {
            Ok(report) => {
                print!("{report}");
                ExitCode::SUCCESS
            }
            Err(err) => {
                eprintln!("error: {err}");
                ExitCode::FAILURE
            }
        },
        Command::Drift { specs, metadata } => {
            match cloudusage_codegen::drift::drift_tencent(&specs, &metadata) {
                Ok(report) if report.is_empty() => {
                    println!("no drift");
                    ExitCode::SUCCESS
                }
                Ok(report) => {
                    print!("{report}");
                    ExitCode::FAILURE
                }
                Err(cloudusage_codegen::drift::DriftError::Load(err)) => report(&specs, err),
                Err(err) => {
                    eprintln!("error: {err}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Schema => {
            let schema = cloudusage_codegen::spec::raw::json_schema();
            match serde_json::to_string_pretty(&schema) {
                Ok(text) => {
                    // A closed pipe (`| head`) is not an error worth a panic.
                    let _ = writeln!(std::io::stdout(), "{text}");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

fn report(_specs: &std::path::Path, err: LoadError) -> ExitCode {
    // `load_dir` names files as the user can open them.
    match err {
        LoadError::Invalid(diags) => eprintln!("{diags}"),
        other => eprintln!("error: {other}"),
    }
    ExitCode::FAILURE
}

/// `file` relative to `dir` (with `..` where it is not below it).
fn relative_to(file: &std::path::Path, dir: &std::path::Path) -> PathBuf {
    let file: Vec<_> = file.components().collect();
    let dir: Vec<_> = dir.components().collect();
    let common = file.iter().zip(&dir).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..dir.len() {
        out.push("..");
    }
    for c in &file[common..] {
        out.push(c);
    }
    out
}

/// `check`: the specs directory `path` is (or is inside), with only the problems and
/// warnings of `path` shown when it is a part of it.
fn check(path: &std::path::Path, deny_warnings: bool) -> ExitCode {
    let Some(root) = specs_root(path) else {
        eprintln!(
            "error: {} is not in a specs directory (a folder holding `<provider>/provider.yaml`)",
            path.display()
        );
        return ExitCode::FAILURE;
    };
    let real = |p: &std::path::Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let real_path = real(path);
    let whole = real(&root) == real_path;
    let within = |file: &std::path::Path| whole || real(file).starts_with(&real_path);
    // Files named as the user would open them from here.
    let shown = |file: &mut PathBuf| {
        if root.is_absolute() && path.is_relative() {
            if let Ok(cwd) = std::env::current_dir() {
                *file = relative_to(file, &cwd);
            }
        }
    };
    let (loaded, mut warnings) = load_dir_with_warnings(&root);
    warnings.items.retain(|w| within(&w.file));
    warnings.items.iter_mut().for_each(|w| shown(&mut w.file));
    eprint!("{}", warnings.warning_lines());
    let warned = match warnings.len() {
        0 => String::new(),
        1 => " (1 warning)".to_string(),
        n => format!(" ({n} warnings)"),
    };
    match loaded {
        Ok(loaded) => {
            let apis = if whole {
                loaded.catalog.api_count()
            } else {
                loaded
                    .catalog
                    .providers
                    .iter()
                    .flat_map(|p| &p.services)
                    .flat_map(|s| &s.apis)
                    .filter(|a| within(&root.join(&a.source)))
                    .count()
            };
            println!("{}: {apis} APIs, no problems{warned}", path.display());
            if deny_warnings && !warnings.is_empty() {
                eprintln!("error: warnings are denied (--deny-warnings)");
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        Err(LoadError::Invalid(mut diags)) => {
            let all = diags.len();
            diags.items.retain(|d| within(&d.file));
            diags.items.iter_mut().for_each(|d| shown(&mut d.file));
            if diags.is_empty() {
                // The part is fine; the rest of its specs directory is someone else's to fix.
                println!(
                    "{}: no problems{warned} ({} has {all} problem{} elsewhere: run `check {}`)",
                    path.display(),
                    root.display(),
                    if all == 1 { "" } else { "s" },
                    root.display()
                );
                if deny_warnings && !warnings.is_empty() {
                    eprintln!("error: warnings are denied (--deny-warnings)");
                    return ExitCode::FAILURE;
                }
                return ExitCode::SUCCESS;
            }
            eprintln!("{diags}");
            ExitCode::FAILURE
        }
        Err(other) => {
            eprintln!("error: {other}");
            ExitCode::FAILURE
        }
    }
}
