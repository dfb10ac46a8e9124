//! Signing time per scheme (`cargo bench -p cloudusage-runtime`), next to AWS's SigV4 signer
//! (`aws-sigv4`) on the same request and to the bare hashing each scheme cannot avoid.
//!
//! The machine this runs on is shared and noisy, so every contestant runs in short batches,
//! interleaved round by round; the fastest batch is the best estimate of the cost, the median
//! shows the noise. A counting global allocator gives the allocations per call. The numbers
//! go in the project notes, never into test assertions.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::hint::black_box;
use std::time::{Duration, Instant, SystemTime};

use cloudusage_runtime::sign::{inspect, sign, RequestParts, SigningParams, SigningScheme};
use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;
use sha2::{Digest, Sha256};

/// Counts every allocation (reallocations included) made by this thread (the benchmark is
/// single-threaded): a thread-local counter, as an atomic increment would weigh on a 1 µs
/// call.
struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
}

fn allocations() -> u64 {
    ALLOCATIONS.try_with(Cell::get).unwrap_or(0)
}

fn count() {
    let _ = ALLOCATIONS.try_with(|c| c.set(c.get() + 1));
}

// SAFETY: defers every operation to the system allocator unchanged; only counts (in a
// const-initialised thread-local without destructor, which never allocates).
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count();
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

// Batches well under the scheduler's 4 ms tick: on this shared machine a batch that spans
// a tick is often preempted for a whole one (2,000 calls of 1.5 µs came out 1.4, 3.4, 5.5
// or 7.5 µs per call, in steps of 4 ms per batch), so many short batches give clean ones.
const BATCH: u32 = 250;
const ROUNDS: usize = 160;

/// One contestant: a name and a closure signing once.
struct Runner<'a> {
    name: String,
    run: Box<dyn FnMut() + 'a>,
    batches: Vec<Duration>,
    allocations: f64,
}

impl<'a> Runner<'a> {
    fn new(name: impl Into<String>, run: impl FnMut() + 'a) -> Self {
        Runner {
            name: name.into(),
            run: Box::new(run),
            batches: Vec::new(),
            allocations: 0.0,
        }
    }

    fn batch(&mut self) {
        let before = allocations();
        let started = Instant::now();
        for _ in 0..BATCH {
            (self.run)();
        }
        self.batches.push(started.elapsed() / BATCH);
        let made = allocations() - before;
        self.allocations = made as f64 / f64::from(BATCH);
    }

    fn fastest(&self) -> Duration {
        self.batches.iter().copied().min().unwrap_or_default()
    }

    fn median(&self) -> Duration {
        let mut sorted = self.batches.clone();
        sorted.sort();
        sorted.get(sorted.len() / 2).copied().unwrap_or_default()
    }
}

fn ns(d: Duration) -> f64 {
    d.as_nanos() as f64
}

/// Runs the runners interleaved, then prints each (the first is the one the ratios are for).
fn contest(title: &str, mut runners: Vec<Runner<'_>>) {
    if runners.is_empty() {
        return;
    }
    for runner in &mut runners {
        runner.batch(); // warm-up: caches, scratch buffers, derived keys
        runner.batches.clear();
    }
    for _ in 0..ROUNDS {
        for runner in &mut runners {
            runner.batch();
        }
    }
    println!("{title}");
    // `SIGNING_BENCH_TRACE=1` prints every batch (to tell noise from a bimodal cost).
    if std::env::var_os("SIGNING_BENCH_TRACE").is_some() {
        for runner in &runners {
            let batches: Vec<String> = runner
                .batches
                .iter()
                .map(|d| d.as_nanos().to_string())
                .collect();
            println!("  {}: {}", runner.name, batches.join(" "));
        }
    }
    let ours = (ns(runners[0].fastest()), ns(runners[0].median()));
    for runner in &runners {
        let (fast, median) = (ns(runner.fastest()), ns(runner.median()));
        println!(
            "  {:<26} fastest {:>7.0} ns  median {:>7.0} ns  ours/this {:>5.2}x (median {:>5.2}x)  {:>5.1} allocations/call",
            runner.name,
            fast,
            median,
            ours.0 / fast,
            ours.1 / median,
            runner.allocations,
        );
    }
}

fn hmac256(key: &[u8], msg: &[u8]) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).unwrap();
    mac.update(msg);
    mac.finalize().into_bytes().into()
}

fn main() {
    let body = br#"{"FileId":"5285890784246869930","StartTime":"2023-11-01T00:00:00+08:00","EndTime":"2023-11-07T00:00:00+08:00","Interval":"Day"}"#;
    let query = [
        ("StartTime", "2022-10-10T20:00:00Z"),
        ("EndTime", "2022-10-10T21:00:00Z"),
        ("AppId", "app-1,app-2"),
    ];
    let headers = [
        ("Content-Type", "application/json"),
        ("Host", "example.com"),
    ];
    let params = SigningParams {
        access_key_id: "AKIDEXAMPLE",
        access_key_secret: "secret",
        session_token: None,
        timestamp: 1_700_000_000,
        nonce: "3f1c0b2e9d5a47a8b6c4e2f0a1d3c5e7",
        region: "cn-north-1",
        service: "live",
        action: "DescribeLiveTranscodeData",
        version: "2023-01-01",
    };
    let identity = aws_credential_types::Credentials::new(
        params.access_key_id,
        params.access_key_secret,
        None,
        None,
        "bench",
    )
    .into();
    let aws_params = aws_sigv4::sign::v4::SigningParams::builder()
        .identity(&identity)
        .region(params.region)
        .name(params.service)
        .time(SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000))
        .settings(aws_sigv4::http_request::SigningSettings::default())
        .build()
        .expect("aws params")
        .into();

    println!(
        "signing, {ROUNDS} interleaved batches of {BATCH} calls per contestant; ratios are ours/this (below 1: ours is faster)"
    );
    for scheme in [
        SigningScheme::Tc3HmacSha256,
        SigningScheme::VolcHmacSha256,
        SigningScheme::Acs3HmacSha256,
        SigningScheme::AcsRpcHmacSha1,
    ] {
        // TC3 and Volcengine send a JSON body, the Alibaba schemes a query.
        let (query, body): (&[(&str, &str)], &[u8]) = match scheme {
            SigningScheme::Tc3HmacSha256 | SigningScheme::VolcHmacSha256 => (&[], body),
            _ => (&query, b""),
        };
        let request = RequestParts {
            method: "POST",
            host: "example.com",
            path: "/",
            query,
            headers: &headers,
            body,
        };
        // The floor hashes exactly what the scheme hashes: the body, the canonical request
        // and the string to sign, as the inspection API reports them.
        let shown = inspect(scheme, &params, &request).expect("signs");
        let canonical = shown.canonical_request.clone().unwrap_or_default();
        let sts = shown.string_to_sign.clone();
        let url = if shown.encoded_query.is_empty() {
            "https://example.com/".to_string()
        } else {
            format!("https://example.com/?{}", shown.encoded_query)
        };
        let scheme_key = |date: &str| -> [u8; 32] {
            match scheme {
                SigningScheme::Tc3HmacSha256 => {
                    let k = hmac256(
                        format!("TC3{}", params.access_key_secret).as_bytes(),
                        date.as_bytes(),
                    );
                    let k = hmac256(&k, params.service.as_bytes());
                    hmac256(&k, b"tc3_request")
                }
                _ => {
                    let k = hmac256(params.access_key_secret.as_bytes(), date.as_bytes());
                    let k = hmac256(&k, params.region.as_bytes());
                    let k = hmac256(&k, params.service.as_bytes());
                    hmac256(&k, b"request")
                }
            }
        };
        let derives = matches!(
            scheme,
            SigningScheme::Tc3HmacSha256 | SigningScheme::VolcHmacSha256
        );
        let cached_key = scheme_key("2023-11-14");
        let hashing = |derive: bool| {
            let mut out = [0u8; 32];
            match scheme {
                SigningScheme::AcsRpcHmacSha1 => {
                    let mut mac = <Hmac<Sha1> as KeyInit>::new_from_slice(b"secret&").unwrap();
                    mac.update(sts.as_bytes());
                    out[..20].copy_from_slice(&mac.finalize().into_bytes());
                }
                _ => {
                    let payload = Sha256::digest(black_box(body));
                    let cr = Sha256::digest(black_box(canonical.as_bytes()));
                    let key = if !derives {
                        let mut k = [0u8; 32];
                        k[..6].copy_from_slice(b"secret");
                        k
                    } else if derive {
                        scheme_key(black_box("2023-11-14"))
                    } else {
                        cached_key
                    };
                    let key: &[u8] = if derives { &key } else { &key[..6] };
                    out = hmac256(key, black_box(sts.as_bytes()));
                    out[0] ^= payload[0] ^ cr[0];
                }
            }
            black_box(out);
        };
        let mut runners = vec![
            Runner::new(format!("cloudusage {}", scheme.as_str()), || {
                black_box(sign(scheme, black_box(&params), black_box(&request)).ok());
            }),
            Runner::new("aws-sigv4 (same request)", || {
                let signable = aws_sigv4::http_request::SignableRequest::new(
                    "POST",
                    &url,
                    headers.iter().copied(),
                    aws_sigv4::http_request::SignableBody::Bytes(body),
                )
                .expect("signable");
                black_box(aws_sigv4::http_request::sign(signable, &aws_params).ok());
            }),
        ];
        if derives {
            runners.push(Runner::new("hashing floor (derive key)", || hashing(true)));
        }
        runners.push(Runner::new("hashing floor (cached key)", || hashing(false)));
        // `SIGNING_BENCH_ONLY=cloudusage` keeps the matching contestants (for a profiler).
        if let Ok(only) = std::env::var("SIGNING_BENCH_ONLY") {
            runners.retain(|r| r.name.contains(&only));
        }
        contest(&format!("== {}", scheme.as_str()), runners);
    }
}
