//! Running one case: load and check the spec set, and generate it when it is accepted, under
//! `catch_unwind`, timed, its allocations counted. The verdict says what went wrong, if
//! anything; compiling accepted output is [`crate::compile`]'s job.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

use cloudusage_codegen::emit::EmitOptions;
use cloudusage_codegen::generate::{render_crate_sources, render_single_file};
use cloudusage_codegen::load::load_bytes;

use crate::corpus::SpecSet;

/// The limits every case must stay within.
pub const TIME_LIMIT: Duration = Duration::from_secs(1);
pub const MEMORY_LIMIT: usize = 256 << 20;

/// What happened to one case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The loader rejected it with this many located problems.
    Rejected { problems: usize },
    /// Accepted and generated: the `build.rs` single file.
    Accepted { code: String },
    /// Something panicked (a bug, whatever the input).
    Panic {
        stage: &'static str,
        message: String,
    },
    /// Accepted, then generation failed (the generated code does not parse).
    GenerateFailed { message: String },
    /// Rejected without saying why, or naming a file that is not in the set.
    BadDiagnostics { message: String },
}

/// A verdict with the case's cost.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub verdict: Verdict,
    /// CPU time of the case (it runs on one thread), which the limit applies to.
    pub elapsed: Duration,
    /// Wall time of the case, for the record.
    pub wall: Duration,
    /// Peak bytes allocated by the case (0 without the counting allocator).
    pub peak: usize,
}

/// The kinds of failure, as fixtures and reports name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Failure {
    Panic,
    Unparsable,
    Diagnostics,
    Slow,
    Memory,
    Uncompilable,
}

impl Failure {
    pub fn name(self) -> &'static str {
        match self {
            Failure::Panic => "panic",
            Failure::Unparsable => "unparsable",
            Failure::Diagnostics => "diagnostics",
            Failure::Slow => "slow",
            Failure::Memory => "memory",
            Failure::Uncompilable => "uncompilable",
        }
    }
}

impl Outcome {
    /// The failure this outcome is, if any (the verdict first, then the limits).
    pub fn failure(&self) -> Option<Failure> {
        match self.verdict {
            Verdict::Panic { .. } => Some(Failure::Panic),
            Verdict::GenerateFailed { .. } => Some(Failure::Unparsable),
            Verdict::BadDiagnostics { .. } => Some(Failure::Diagnostics),
            _ if self.elapsed > TIME_LIMIT => Some(Failure::Slow),
            _ if self.peak > MEMORY_LIMIT => Some(Failure::Memory),
            _ => None,
        }
    }

    /// A one-line description for reports.
    pub fn describe(&self) -> String {
        let what = match &self.verdict {
            Verdict::Rejected { problems } => format!("rejected ({problems} problems)"),
            Verdict::Accepted { .. } => "accepted".to_string(),
            Verdict::Panic { stage, message } => format!("panic in {stage}: {message}"),
            Verdict::GenerateFailed { message } => format!("generation failed: {message}"),
            Verdict::BadDiagnostics { message } => message.clone(),
        };
        format!(
            "{what}; {:.3} s CPU ({:.3} s wall), {:.1} MiB",
            self.elapsed.as_secs_f64(),
            self.wall.as_secs_f64(),
            self.peak as f64 / (1 << 20) as f64
        )
    }
}

thread_local! {
    static LAST_PANIC: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Installs a panic hook that records the message and location for [`run`] instead of
/// printing it (a million cases would bury everything else).
pub fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "<non-string panic>".to_string());
        let location = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        LAST_PANIC.with(|p| *p.borrow_mut() = Some(format!("{message} at {location}")));
    }));
}

fn panic_message() -> String {
    LAST_PANIC
        .with(|p| p.borrow_mut().take())
        .unwrap_or_else(|| "panic".to_string())
}

/// Loads, checks and (when accepted) generates `set`. `crate_layout` also renders the
/// multi-file crate layout (slower; the fuzzer does it for a share of cases).
pub fn run(set: &SpecSet, crate_layout: bool) -> Outcome {
    crate::alloc::reset();
    let start = Instant::now();
    let cpu = crate::cpu::thread_time();
    let verdict = verdict(set, crate_layout);
    let elapsed = crate::cpu::thread_time().saturating_sub(cpu);
    let wall = start.elapsed();
    let peak = crate::alloc::peak();
    Outcome {
        verdict,
        elapsed,
        wall,
        peak,
    }
}

fn verdict(set: &SpecSet, crate_layout: bool) -> Verdict {
    let files: Vec<(std::path::PathBuf, Vec<u8>)> = set
        .files
        .iter()
        .map(|f| (f.path.clone(), f.bytes.clone()))
        .collect();
    let loaded = match catch_unwind(AssertUnwindSafe(|| load_bytes(&files))) {
        Ok(loaded) => loaded,
        Err(_) => {
            return Verdict::Panic {
                stage: "load",
                message: panic_message(),
            }
        }
    };
    let catalog = match loaded {
        Ok(catalog) => catalog,
        Err(diagnostics) => {
            if diagnostics.is_empty() {
                return Verdict::BadDiagnostics {
                    message: "rejected without a diagnostic".to_string(),
                };
            }
            if let Some(d) = diagnostics
                .items
                .iter()
                .find(|d| !set.files.iter().any(|f| f.path == d.file))
            {
                return Verdict::BadDiagnostics {
                    message: format!("a diagnostic names a file not in the set: {d}"),
                };
            }
            return Verdict::Rejected {
                problems: diagnostics.len(),
            };
        }
    };
    let generated = catch_unwind(AssertUnwindSafe(|| {
        let single = render_single_file(&catalog, &EmitOptions::default())?;
        if crate_layout {
            let options = EmitOptions {
                features: true,
                ..EmitOptions::default()
            };
            render_crate_sources(&catalog, &options)?;
        }
        Ok::<_, cloudusage_codegen::generate::GenerateError>(single)
    }));
    match generated {
        Ok(Ok(code)) => Verdict::Accepted { code },
        Ok(Err(e)) => Verdict::GenerateFailed {
            message: e.to_string(),
        },
        Err(_) => Verdict::Panic {
            stage: "generate",
            message: panic_message(),
        },
    }
}
