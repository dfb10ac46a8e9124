//! A fuzz run: cases spread over worker threads, failures collected, accepted output handed
//! to the batch compiler.
//!
//! Each worker owns a one-thread rayon pool and runs its cases inside it: the loader and the
//! generator use rayon themselves, and with the global pool a case's work would migrate to
//! other threads, mixing the cases' allocation counts. This way every case runs on one
//! thread, and the workers together use every core.

use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::compile::{shape, Scratch};
use crate::corpus::{Seeds, SpecSet};
use crate::mutate;
use crate::oracle::{self, Failure, Outcome, Verdict};
use crate::rng::Rng;

/// What to run.
#[derive(Debug, Clone)]
pub struct Config {
    pub seed: u64,
    pub cases: u64,
    /// The first case number (to rerun one case: `first = n`, `cases = 1`).
    pub first: u64,
    pub threads: usize,
    /// Render the multi-file crate layout too for one case in this many.
    pub crate_layout_every: u64,
    /// Compile accepted output in batches of this many distinct shapes (`None`: do not).
    pub compile: Option<(Scratch, usize)>,
    /// Print progress to stderr every this often.
    pub progress: Option<Duration>,
    /// Keep at most this many failing cases of each kind and signature.
    pub keep_per_signature: usize,
}

/// A failing case.
#[derive(Debug, Clone)]
pub struct Found {
    pub case: u64,
    pub failure: Failure,
    /// Panics with the same message and place are one bug.
    pub signature: String,
    pub description: String,
    pub set: SpecSet,
}

/// Figures of a run.
#[derive(Debug, Default, Clone)]
pub struct Report {
    pub cases: u64,
    pub rejected: u64,
    pub accepted: u64,
    /// Accepted outputs with a shape not seen before (each compiled when compiling).
    pub distinct_shapes: u64,
    pub compiled: u64,
    pub compile_batches: u64,
    pub failures: Vec<Found>,
    /// Failing cases beyond `keep_per_signature`, per signature.
    pub failure_counts: BTreeMap<String, u64>,
    /// The most CPU time a case took.
    pub slowest: (Duration, u64),
    /// The most wall time a case took (more than its CPU time when the machine is busy).
    pub slowest_wall: (Duration, u64),
    pub peak: (usize, u64),
    pub total: Duration,
    /// Time spent making cases and running them, summed over threads.
    pub mutating: Duration,
    pub running: Duration,
}

impl Report {
    fn merge_case(&mut self, case: u64, outcome: &Outcome) {
        self.cases += 1;
        match outcome.verdict {
            Verdict::Rejected { .. } => self.rejected += 1,
            Verdict::Accepted { .. } => self.accepted += 1,
            _ => {}
        }
        if outcome.elapsed > self.slowest.0 {
            self.slowest = (outcome.elapsed, case);
        }
        if outcome.wall > self.slowest_wall.0 {
            self.slowest_wall = (outcome.wall, case);
        }
        if outcome.peak > self.peak.0 {
            self.peak = (outcome.peak, case);
        }
    }

    fn failure(&mut self, found: Found, keep: usize) {
        let key = format!("{}: {}", found.failure.name(), found.signature);
        let count = self.failure_counts.entry(key).or_default();
        *count += 1;
        if *count as usize <= keep {
            self.failures.push(found);
        }
    }

    /// Every figure, one per line.
    pub fn summary(&self) -> String {
        let mut out = format!(
            "cases: {}\nrejected: {}\naccepted and generated: {}\ndistinct accepted shapes: {}\ncompiled: {} in {} batches\nfailing cases: {}\nslowest case: {:.3} s CPU (case {}); most wall time: {:.3} s (case {})\npeak memory of a case: {:.1} MiB (case {})\nwall time: {:.1} s (making cases {:.1} s, running them {:.1} s, summed over threads)\nthroughput: {:.0} cases/s\n",
            self.cases,
            self.rejected,
            self.accepted,
            self.distinct_shapes,
            self.compiled,
            self.compile_batches,
            self.failure_counts.values().sum::<u64>(),
            self.slowest.0.as_secs_f64(),
            self.slowest.1,
            self.slowest_wall.0.as_secs_f64(),
            self.slowest_wall.1,
            self.peak.0 as f64 / (1 << 20) as f64,
            self.peak.1,
            self.total.as_secs_f64(),
            self.mutating.as_secs_f64(),
            self.running.as_secs_f64(),
            self.cases as f64 / self.total.as_secs_f64().max(1e-9),
        );
        for (signature, count) in &self.failure_counts {
            out.push_str(&format!("  {count} x {signature}\n"));
        }
        out
    }
}

/// The spec set of case `case` (the same on every machine and thread count).
pub fn case_set(seeds: &Seeds, seed: u64, case: u64) -> SpecSet {
    mutate::case(seeds, &mut Rng::for_case(seed, case))
}

/// Runs `f` on a one-thread rayon pool of its own (see the module docs), or inline when no
/// pool can be made.
pub fn isolated<T: Send>(pool: Option<&rayon::ThreadPool>, f: impl FnOnce() -> T + Send) -> T {
    match pool {
        Some(pool) => pool.install(f),
        None => f(),
    }
}

fn one_thread_pool() -> Option<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .stack_size(16 << 20)
        .build()
        .ok()
}

fn signature(outcome: &Outcome) -> String {
    match &outcome.verdict {
        Verdict::Panic { stage, message } => format!("{stage}: {message}"),
        Verdict::GenerateFailed { message } => message.clone(),
        Verdict::BadDiagnostics { message } => message.chars().take(80).collect(),
        _ => String::new(),
    }
}

/// An accepted output on its way to the compiler.
struct Accepted {
    case: u64,
    code: String,
    set: SpecSet,
}

/// Runs the cases of `config` over `seeds`.
pub fn run(seeds: &Seeds, config: &Config) -> Report {
    oracle::quiet_panics();
    let start = Instant::now();
    let next = AtomicU64::new(config.first);
    let end = config.first + config.cases;
    let report = Mutex::new(Report::default());
    let shapes = Mutex::new(HashSet::new());
    let (batch, sender) = match &config.compile {
        Some((_, size)) => {
            let (tx, rx) = sync_channel::<Accepted>(*size * 2);
            (Some(rx), Some(tx))
        }
        None => (None, None),
    };
    std::thread::scope(|scope| {
        let compiler = batch.map(|rx| {
            let report = &report;
            scope.spawn(move || compile_all(rx, config, report))
        });
        let workers: Vec<_> = (0..config.threads.max(1))
            .map(|_| {
                let sender = sender.clone();
                let (next, report, shapes) = (&next, &report, &shapes);
                scope.spawn(move || worker(seeds, config, next, end, report, shapes, sender))
            })
            .collect();
        drop(sender);
        let mut last = Instant::now();
        while workers.iter().any(|w| !w.is_finished()) {
            std::thread::sleep(Duration::from_millis(200));
            if let Some(every) = config.progress {
                if last.elapsed() >= every {
                    last = Instant::now();
                    if let Ok(r) = report.lock() {
                        eprintln!(
                            "[{:>6.0} s] {} cases, {} accepted, {} shapes, {} compiled, {} failing, slowest {:.3} s, peak {:.1} MiB",
                            start.elapsed().as_secs_f64(),
                            r.cases,
                            r.accepted,
                            r.distinct_shapes,
                            r.compiled,
                            r.failure_counts.values().sum::<u64>(),
                            r.slowest.0.as_secs_f64(),
                            r.peak.0 as f64 / (1 << 20) as f64
                        );
                    }
                }
            }
        }
        for w in workers {
            let _ = w.join();
        }
        if let Some(c) = compiler {
            let _ = c.join();
        }
    });
    let mut report = report.into_inner().unwrap_or_else(|e| e.into_inner());
    report.total = start.elapsed();
    report.failures.sort_by_key(|f| f.case);
    report
}

fn worker(
    seeds: &Seeds,
    config: &Config,
    next: &AtomicU64,
    end: u64,
    report: &Mutex<Report>,
    shapes: &Mutex<HashSet<u64>>,
    sender: Option<SyncSender<Accepted>>,
) {
    let pool = one_thread_pool();
    // `CLOUDUSAGE_FUZZ_TRACE=1`: name each case before it runs, to find one that hangs.
    let trace = std::env::var_os("CLOUDUSAGE_FUZZ_TRACE").is_some();
    let mut local = Report::default();
    let flush = |local: &mut Report| {
        if let Ok(mut r) = report.lock() {
            r.cases += local.cases;
            r.rejected += local.rejected;
            r.accepted += local.accepted;
            r.distinct_shapes += local.distinct_shapes;
            r.mutating += local.mutating;
            r.running += local.running;
            if local.slowest > r.slowest {
                r.slowest = local.slowest;
            }
            if local.slowest_wall > r.slowest_wall {
                r.slowest_wall = local.slowest_wall;
            }
            if local.peak > r.peak {
                r.peak = local.peak;
            }
            for f in local.failures.drain(..) {
                r.failure(f, config.keep_per_signature);
            }
        }
        *local = Report::default();
    };
    loop {
        let first = next.fetch_add(16, Ordering::Relaxed);
        if first >= end {
            break;
        }
        for case in first..(first + 16).min(end) {
            if trace {
                eprintln!("case {case}");
            }
            let made = Instant::now();
            let set = case_set(seeds, config.seed, case);
            local.mutating += made.elapsed();
            let crate_layout =
                config.crate_layout_every > 0 && case % config.crate_layout_every == 0;
            let outcome = isolated(pool.as_ref(), || oracle::run(&set, crate_layout));
            local.running += outcome.wall;
            local.merge_case(case, &outcome);
            if let Some(failure) = outcome.failure() {
                local.failures.push(Found {
                    case,
                    failure,
                    signature: signature(&outcome),
                    description: outcome.describe(),
                    set: set.clone(),
                });
            }
            if let Verdict::Accepted { code } = outcome.verdict {
                let new = shapes
                    .lock()
                    .map(|mut s| s.insert(shape(&code)))
                    .unwrap_or(false);
                if new {
                    local.distinct_shapes += 1;
                    if let Some(tx) = &sender {
                        let _ = tx.send(Accepted { case, code, set });
                    }
                }
            }
        }
        flush(&mut local);
    }
    flush(&mut local);
}

fn compile_all(rx: Receiver<Accepted>, config: &Config, report: &Mutex<Report>) {
    let Some((scratch, size)) = &config.compile else {
        return;
    };
    let mut pending: Vec<Accepted> = Vec::new();
    let check = |pending: &mut Vec<Accepted>| {
        if pending.is_empty() {
            return;
        }
        let batch: Vec<(u64, String)> = pending.iter().map(|a| (a.case, a.code.clone())).collect();
        let result = scratch.check(&batch);
        if let Ok(mut r) = report.lock() {
            r.compile_batches += 1;
            r.compiled += batch.len() as u64;
            match result {
                Ok(failed) => {
                    for (case, error) in failed {
                        if let Some(a) = pending.iter().find(|a| a.case == case) {
                            r.failure(
                                Found {
                                    case,
                                    failure: Failure::Uncompilable,
                                    signature: error
                                        .split_once(": error")
                                        .map_or(error.clone(), |(_, e)| e.to_string()),
                                    description: error,
                                    set: a.set.clone(),
                                },
                                config.keep_per_signature,
                            );
                        }
                    }
                }
                Err(e) => {
                    eprintln!("compile batch failed: {e}");
                    *r.failure_counts
                        .entry(
                            format!("compile batch error: {e}")
                                .chars()
                                .take(200)
                                .collect(),
                        )
                        .or_default() += 1;
                }
            }
        }
        pending.clear();
    };
    for accepted in rx {
        pending.push(accepted);
        if pending.len() >= *size {
            check(&mut pending);
        }
    }
    check(&mut pending);
}
