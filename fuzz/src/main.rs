//! `cloudusage-fuzz`: fuzz the spec loader and generator (see the library docs).
//!
//! ```sh
//! cargo run --release -p cloudusage-fuzz -- --cases 1000000
//! ```

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use cloudusage_fuzz::compile::Scratch;
use cloudusage_fuzz::corpus::{load, workspace_root, SpecSet};
use cloudusage_fuzz::minimize::{minimize, Budget};
use cloudusage_fuzz::oracle::{self, Failure};
use cloudusage_fuzz::rng::parse_seed;
use cloudusage_fuzz::run::{isolated, run, Config, Found};
use cloudusage_fuzz::{alloc, fixture};

#[global_allocator]
static ALLOC: alloc::Counting = alloc::Counting;

#[derive(Parser)]
#[command(about = "Structure-aware fuzzing of the cloudusage spec loader and generator")]
struct Cli {
    /// Number of cases.
    #[arg(long, default_value_t = 100_000)]
    cases: u64,
    /// Run seed, decimal or `0x` hex: the same seed and case numbers give the same inputs.
    #[arg(long, default_value = "0x5eed", value_parser = parse_seed)]
    seed: u64,
    /// First case number (`--first 1234 --cases 1` reruns case 1234).
    #[arg(long, default_value_t = 0)]
    first: u64,
    /// Worker threads (default: every core).
    #[arg(long)]
    threads: Option<usize>,
    /// Distinct accepted outputs per `cargo check` batch; 0 compiles nothing.
    #[arg(long, default_value_t = 200)]
    compile_batch: usize,
    /// Where minimised failing cases are written as regression fixtures.
    #[arg(long)]
    fixtures: Option<PathBuf>,
    /// The workspace holding the seeds (`specs/`, the downstream and diagnostics fixtures)
    /// and the runtime.
    #[arg(long)]
    root: Option<PathBuf>,
    /// Write the spec sets of the cases under this directory instead of running them
    /// (`--first n --cases 1 --dump d`: the input of case n, to load by hand).
    #[arg(long)]
    dump: Option<PathBuf>,
    /// Render the multi-file crate layout too for one case in this many.
    #[arg(long, default_value_t = 16)]
    crate_layout_every: u64,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = cli.root.unwrap_or_else(workspace_root);
    let seeds = match load(&root) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Some(dir) = &cli.dump {
        for case in cli.first..cli.first + cli.cases {
            let set = cloudusage_fuzz::run::case_set(&seeds, cli.seed, case);
            let about = format!("case {case} of seed {:#x}", cli.seed);
            match fixture::write(&dir.join(case.to_string()), Failure::Panic, &set, &about) {
                Ok(path) => println!("{}", path.display()),
                Err(e) => eprintln!("error: {e}"),
            }
        }
        return ExitCode::SUCCESS;
    }
    let threads = cli
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| root.join("target"), PathBuf::from)
        .join("fuzz-compile");
    let compile = (cli.compile_batch > 0).then(|| {
        (
            Scratch {
                dir: target.join("scratch"),
                workspace: root.clone(),
                target: target.join("target"),
            },
            cli.compile_batch,
        )
    });
    let config = Config {
        seed: cli.seed,
        cases: cli.cases,
        first: cli.first,
        threads,
        crate_layout_every: cli.crate_layout_every,
        compile,
        progress: Some(Duration::from_secs(30)),
        keep_per_signature: 3,
    };
    eprintln!(
        "fuzzing: {} cases from case {}, seed {:#x}, {} seed sets, {threads} threads",
        cli.cases,
        cli.first,
        cli.seed,
        seeds.sets.len()
    );
    let report = run(&seeds, &config);
    print!("{}", report.summary());
    // One fixture per signature: the first case of each, minimised.
    let mut done = std::collections::BTreeSet::new();
    for found in &report.failures {
        if !done.insert((found.failure, found.signature.clone())) {
            continue;
        }
        println!(
            "case {} ({}): {}",
            found.case,
            found.failure.name(),
            found.description
        );
        if let Some(dir) = &cli.fixtures {
            let small = shrink(found);
            let about = format!(
                "cloudusage-fuzz --seed {:#x} --first {} --cases 1\n{}: {}",
                cli.seed,
                found.case,
                found.failure.name(),
                found.description
            );
            match fixture::write(dir, found.failure, &small, &about) {
                Ok(path) => println!("  minimised to {}", path.display()),
                Err(e) => eprintln!("  cannot write the fixture: {e}"),
            }
        }
    }
    if report.failure_counts.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// The smallest set failing like `found` (compile failures are kept whole: each try would
/// be a `cargo check`).
fn shrink(found: &Found) -> SpecSet {
    if found.failure == Failure::Uncompilable {
        return found.set.clone();
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .stack_size(16 << 20)
        .build()
        .ok();
    let fails = |set: &SpecSet| {
        let outcome = isolated(pool.as_ref(), || oracle::run(set, true));
        outcome.failure() == Some(found.failure)
            && match found.failure {
                Failure::Panic | Failure::Unparsable => format!("{:?}", outcome.verdict).contains(
                    found
                        .signature
                        .rsplit(" at ")
                        .next()
                        .unwrap_or(&found.signature),
                ),
                _ => true,
            }
    };
    minimize(
        &found.set,
        &fails,
        Budget {
            tries: 3_000,
            time: Duration::from_secs(60),
        },
    )
}
