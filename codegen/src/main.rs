//! `cloudusage-codegen`: check specs, print their JSON Schema, generate or verify the crate.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use cloudusage_codegen::generate::{
    check_cli_manifest, check_crate, generate_cli_manifest, generate_crate, generate_workspace,
    GenerateError, WorkspaceOptions,
};
use cloudusage_codegen::load::{load_dir, LoadError};

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
    /// Check a specs directory and print every problem (exit status 1 if any).
    Check {
        /// The specs directory.
        #[arg(default_value = "specs")]
        specs: PathBuf,
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
        Command::Check { specs } => match load_dir(&specs) {
            Ok(mut loaded) => {
                for w in &mut loaded.warnings.items {
                    w.file = specs.join(&w.file);
                }
                eprint!("{}", loaded.warnings.warning_lines());
                let apis = loaded.catalog.api_count();
                let warned = match loaded.warnings.len() {
                    0 => String::new(),
                    1 => " (1 warning)".to_string(),
                    n => format!(" ({n} warnings)"),
                };
                println!("{}: {apis} APIs, no problems{warned}", specs.display());
                ExitCode::SUCCESS
            }
            Err(err) => report(&specs, err),
        },
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

fn report(specs: &std::path::Path, err: LoadError) -> ExitCode {
    match err {
        LoadError::Invalid(mut diags) => {
            // Name files as the user can open them.
            for d in &mut diags.items {
                d.file = specs.join(&d.file);
            }
            eprintln!("{diags}");
        }
        other => eprintln!("error: {other}"),
    }
    ExitCode::FAILURE
}
