//! `cloudusage-fuzz-responses`: fuzz the response path (see `cloudusage_fuzz::responses`).
//!
//! ```sh
//! cargo run --release -p cloudusage-fuzz --bin cloudusage-fuzz-responses -- --cases 1000000
//! ```

use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use clap::Parser;
use cloudusage_fuzz::alloc;
use cloudusage_fuzz::cpu::thread_time;
use cloudusage_fuzz::responses::{run_case, Disagreement};
use cloudusage_fuzz::rng::parse_seed;

#[global_allocator]
static ALLOC: alloc::Counting = alloc::Counting;

/// A case over this much CPU time or live memory is a failure.
const CPU_LIMIT: Duration = Duration::from_secs(1);
const MEMORY_LIMIT: usize = 256 << 20;

#[derive(Parser)]
#[command(about = "Fuzz the runtime's JSON reader and the seed APIs' typed responses")]
struct Cli {
    /// Number of cases.
    #[arg(long, default_value_t = 1_000_000)]
    cases: u64,
    /// Run seed, decimal or `0x` hex.
    #[arg(long, default_value = "0x5eed", value_parser = parse_seed)]
    seed: u64,
    /// First case number (`--first 1234 --cases 1` reruns case 1234).
    #[arg(long, default_value_t = 0)]
    first: u64,
    /// Worker threads (default: every core).
    #[arg(long)]
    threads: Option<usize>,
}

#[derive(Default)]
struct Totals {
    valid_json: AtomicU64,
    typed_ok: AtomicU64,
    slowest_ns: AtomicU64,
    peak_bytes: AtomicU64,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let threads = cli
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let next = AtomicU64::new(cli.first);
    let end = cli.first + cli.cases;
    let totals = Totals::default();
    let failures: Mutex<Vec<Disagreement>> = Mutex::new(Vec::new());
    let started = Instant::now();
    // Panics are caught per case and reported as failures; the default hook would print
    // each one as well.
    std::panic::set_hook(Box::new(|_| {}));
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let case = next.fetch_add(1, Ordering::Relaxed);
                if case >= end {
                    break;
                }
                alloc::reset();
                let cpu = thread_time();
                let result = run_case(cli.seed, case);
                let spent = thread_time().saturating_sub(cpu);
                let peak = alloc::peak();
                totals
                    .slowest_ns
                    .fetch_max(spent.as_nanos() as u64, Ordering::Relaxed);
                totals.peak_bytes.fetch_max(peak as u64, Ordering::Relaxed);
                let mut found = match result {
                    Ok(r) => {
                        totals
                            .valid_json
                            .fetch_add(u64::from(r.valid_json), Ordering::Relaxed);
                        totals
                            .typed_ok
                            .fetch_add(u64::from(r.typed_ok), Ordering::Relaxed);
                        None
                    }
                    Err(d) => Some(d),
                };
                if found.is_none() && (spent > CPU_LIMIT || peak > MEMORY_LIMIT) {
                    found = Some(Disagreement {
                        case,
                        api: "",
                        what: format!("{spent:?} of CPU, {peak} bytes at peak"),
                        body: Vec::new(),
                    });
                }
                if let Some(d) = found {
                    if let Ok(mut f) = failures.lock() {
                        f.push(d);
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap_or_default();
    let elapsed = started.elapsed();
    println!(
        "{} cases (seed {:#x}, cases {}..{end}) in {:.1} s, {:.0} cases/s on {threads} threads",
        cli.cases,
        cli.seed,
        cli.first,
        elapsed.as_secs_f64(),
        cli.cases as f64 / elapsed.as_secs_f64().max(1e-9),
    );
    println!(
        "  {} valid JSON, {} read as a typed response; slowest case {:.3} ms of CPU, largest peak {:.1} MiB",
        totals.valid_json.load(Ordering::Relaxed),
        totals.typed_ok.load(Ordering::Relaxed),
        totals.slowest_ns.load(Ordering::Relaxed) as f64 / 1e6,
        totals.peak_bytes.load(Ordering::Relaxed) as f64 / f64::from(1 << 20),
    );
    println!("  {} failures", failures.len());
    for f in failures.iter().take(20) {
        println!(
            "  case {} ({}): {}\n    body: {}",
            f.case,
            f.api,
            f.what,
            String::from_utf8_lossy(&f.body)
        );
    }
    if failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
