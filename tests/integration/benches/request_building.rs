//! Request building per provider (`cargo bench -p cloudusage-tests --bench
//! request_building`): validate, encode and sign one call of each seed API, without sending
//! it. Batches of each API are interleaved (the machine is shared and noisy): the fastest
//! batch is the estimate, the median shows the noise. A counting allocator gives the
//! allocations per call.

use std::hint::black_box;
use std::time::{Duration, Instant};

use cloudusage::alibaba::live as ali;
use cloudusage::tencent::vod;
use cloudusage::volcengine::live as volc;
use cloudusage_runtime::sign::SigningScheme;
use cloudusage_runtime::{Client, ClientConfig, Credentials, Operation};
use cloudusage_tests::alloc_count::{allocations_this_thread as allocations, CountingThisThread};
use time::macros::datetime;

#[global_allocator]
static GLOBAL: CountingThisThread = CountingThisThread;

// Batches well under the scheduler's 4 ms tick: on this shared machine a batch that spans
// a tick is often preempted for a whole one (2,000 calls of 1.5 µs came out 1.4, 3.4, 5.5
// or 7.5 µs per call, in steps of 4 ms per batch), so many short batches give clean ones.
const BATCH: u32 = 250;
const ROUNDS: usize = 160;

struct Runner<'a> {
    name: &'static str,
    run: Box<dyn FnMut() + 'a>,
    batches: Vec<Duration>,
    allocations: f64,
}

fn runner<'a, O: Operation>(name: &'static str, client: &'a Client, request: &'a O) -> Runner<'a> {
    assert!(client.prepare(request).is_ok(), "{name}");
    Runner {
        name,
        run: Box::new(move || {
            let _ = black_box(client.prepare(black_box(request)));
        }),
        batches: Vec::new(),
        allocations: 0.0,
    }
}

fn config(now: time::OffsetDateTime) -> ClientConfig {
    ClientConfig::new(Credentials::new("AKIDEXAMPLE", "secret"))
        .clock(move || now)
        .nonce(|| "nonce".into())
}

fn main() {
    let tencent = Client::new(&vod::SERVICE, config(datetime!(2021-06-01 0:00 +8))).unwrap();
    let tencent_request = vod::DescribeMediaPlayStatDetailsRequest::new(
        "5285485487985271487",
        datetime!(2021-01-01 0:00 +8),
        datetime!(2021-01-01 2:00 +8),
    );
    let volcengine = Client::new(&volc::SERVICE, config(datetime!(2021-05-01 0:00 +8))).unwrap();
    let volcengine_request = volc::DescribeLiveTranscodeDataRequest::new(
        datetime!(2021-04-13 0:00 +8),
        datetime!(2021-04-14 0:00 +8),
    )
    .domain_list(["example.com", "example2.com"]);
    let alibaba = Client::new(&ali::SERVICE, config(datetime!(2022-12-31 0:00 UTC))).unwrap();
    let alibaba_rpc = Client::new(
        &ali::SERVICE,
        config(datetime!(2022-12-31 0:00 UTC)).signing(SigningScheme::AcsRpcHmacSha1),
    )
    .unwrap();
    let alibaba_request = ali::DescribeLiveGrtnDurationRequest::new(
        datetime!(2022-12-10 20:00 UTC),
        datetime!(2022-12-10 22:00 UTC),
    )
    .app_id(["a", "b"]);
    let mut runners = vec![
        runner(
            "tencent DescribeMediaPlayStatDetails",
            &tencent,
            &tencent_request,
        ),
        runner(
            "volcengine DescribeLiveTranscodeData",
            &volcengine,
            &volcengine_request,
        ),
        runner(
            "alibaba DescribeLiveGrtnDuration (ACS3)",
            &alibaba,
            &alibaba_request,
        ),
        runner(
            "alibaba DescribeLiveGrtnDuration (RPC V1)",
            &alibaba_rpc,
            &alibaba_request,
        ),
    ];
    // `REQUEST_BENCH_ONLY=tencent` keeps the matching runners (for a profiler).
    if let Ok(only) = std::env::var("REQUEST_BENCH_ONLY") {
        runners.retain(|r| r.name.contains(&only));
    }
    for round in 0..=ROUNDS {
        for r in &mut runners {
            let before = allocations();
            let started = Instant::now();
            for _ in 0..BATCH {
                (r.run)();
            }
            let per = started.elapsed() / BATCH;
            // Round 0 warms up (scratch buffers, derived keys, parsed time formats).
            if round > 0 {
                r.batches.push(per);
                r.allocations = (allocations() - before) as f64 / f64::from(BATCH);
            }
        }
    }
    println!("validate + encode + sign, {ROUNDS} interleaved batches of {BATCH} calls");
    for r in &mut runners {
        r.batches.sort();
        println!(
            "  {:<42} fastest {:>6.2} µs  median {:>6.2} µs  {:>5.1} allocations/call",
            r.name,
            r.batches[0].as_nanos() as f64 / 1000.0,
            r.batches[r.batches.len() / 2].as_nanos() as f64 / 1000.0,
            r.allocations,
        );
    }
}
