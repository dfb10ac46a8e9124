//! The whole call path (`cargo bench -p cloudusage-tests --bench call_path`): the generated
//! `VodClient::describe_media_play_stat_details` next to a hand-written reqwest call and a
//! hand-written TC3-signed one, all against an in-process keep-alive loopback server that
//! answers with the VOD seed example, through the same `reqwest::Client`.
//!
//! Batches of each contestant are interleaved round by round (the machine is shared and
//! noisy): the fastest batch is the estimate, the median shows the noise. Each is run
//! sequentially and as 16 concurrent tasks. A counting global allocator gives allocations
//! per call (the server allocates nothing per request).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

use cloudusage::tencent::vod::{DescribeMediaPlayStatDetailsRequest, VodClient};
use cloudusage_runtime::{ClientConfig, Credentials};
use cloudusage_tests::alloc_count::{allocations, Counting};
use cloudusage_tests::keep_alive;
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use time::macros::datetime;

#[global_allocator]
static GLOBAL: Counting = Counting;

const VOD_EXAMPLE: &str = r#"{"Response":{"PlayStatInfoSet":[{"FileId":"5285485487985271487","Time":"2021-01-01T00:00:00+08:00","PlayTimes":13,"Traffic":23434},{"FileId":"5285485487985271487","Time":"2021-01-01T01:00:00+08:00","PlayTimes":3,"Traffic":2334}],"RequestId":"6ca31e3a-6b8e-4b4e-9256-fdc700064ef3"}}"#;
const ID: &str = "AKIDEXAMPLE";
const SECRET: &str = "secret";
const NOW: i64 = 1_622_476_800; // 2021-06-01T00:00:00+08:00
                                // Batches of about 2 ms, under the scheduler's 4 ms tick: on this shared machine longer
                                // ones were nearly all preempted at least once (medians twice the fastest), so many short
                                // batches give clean ones to take the fastest of.
const SEQUENTIAL: usize = 60;
const TASKS: usize = 16;
const PER_TASK: usize = 4;
const ROUNDS: usize = 60;

type Call = Arc<dyn Fn() -> Pin<Box<dyn Future<Output = ()> + Send>> + Send + Sync>;

struct Contestant {
    name: &'static str,
    call: Call,
    sequential: Vec<Duration>,
    concurrent: Vec<Duration>,
    allocations: (f64, f64),
}

fn hmac256(key: &[u8], message: &[u8]) -> Vec<u8> {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).unwrap();
    mac.update(message);
    mac.finalize().into_bytes().to_vec()
}

/// The request body as hand-written code would build it.
fn body() -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({
        "FileId": "5285485487985271487",
        "StartTime": "2021-01-01T00:00:00+08:00",
        "EndTime": "2021-01-01T02:00:00+08:00",
    }))
    .unwrap()
}

/// TC3 the way its documentation spells it out, with `format!` and `hex::encode`.
fn tc3_authorization(host: &str, body: &[u8]) -> String {
    let date = "2021-05-31";
    let payload = hex::encode(Sha256::digest(body));
    let canonical = format!(
        "POST\n/\n\ncontent-type:application/json\nhost:{host}\n\ncontent-type;host\n{payload}"
    );
    let scope = format!("{date}/vod/tc3_request");
    let string_to_sign = format!(
        "TC3-HMAC-SHA256\n{NOW}\n{scope}\n{}",
        hex::encode(Sha256::digest(canonical.as_bytes()))
    );
    let k = hmac256(format!("TC3{SECRET}").as_bytes(), date.as_bytes());
    let k = hmac256(&k, b"vod");
    let k = hmac256(&k, b"tc3_request");
    let signature = hex::encode(hmac256(&k, string_to_sign.as_bytes()));
    format!(
        "TC3-HMAC-SHA256 Credential={ID}/{scope}, SignedHeaders=content-type;host, Signature={signature}"
    )
}

async fn hand_written(http: &reqwest::Client, url: &str, host: &str, sign: bool) {
    let body = body();
    let mut request = http
        .post(url)
        .header("Content-Type", "application/json")
        .header("X-TC-Action", "DescribeMediaPlayStatDetails")
        .header("X-TC-Version", "2018-07-17")
        .header("X-TC-Timestamp", NOW.to_string());
    if sign {
        request = request.header("Authorization", tc3_authorization(host, &body));
    }
    let response = request.body(body).send().await.unwrap();
    let bytes = response.bytes().await.unwrap();
    let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert!(value["Response"]["PlayStatInfoSet"].is_array());
}

async fn batch(call: &Call, tasks: usize, per_task: usize) -> (Duration, f64) {
    let before = allocations();
    let started = Instant::now();
    if tasks == 1 {
        for _ in 0..per_task {
            call().await;
        }
    } else {
        let handles: Vec<_> = (0..tasks)
            .map(|_| {
                let call = call.clone();
                tokio::spawn(async move {
                    for _ in 0..per_task {
                        call().await;
                    }
                })
            })
            .collect();
        for handle in handles {
            handle.await.unwrap();
        }
    }
    let calls = (tasks * per_task) as u32;
    let per_call = started.elapsed() / calls;
    (per_call, (allocations() - before) as f64 / f64::from(calls))
}

fn fastest_and_median(batches: &[Duration]) -> (f64, f64) {
    let mut sorted = batches.to_vec();
    sorted.sort();
    let us = |d: Duration| d.as_nanos() as f64 / 1000.0;
    (us(sorted[0]), us(sorted[sorted.len() / 2]))
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let base = keep_alive::serve(VOD_EXAMPLE).await;
        let host = base.trim_start_matches("http://").to_string();
        let url = format!("{base}/");
        // One connection pool for all three: the comparison is of what each does per call.
        let http = cloudusage::runtime::tls::client_builder()
            .user_agent("bench")
            .build()
            .unwrap();
        let vod = VodClient::new(
            ClientConfig::new(Credentials::new(ID, SECRET))
                .endpoint(base.clone())
                .http_client(http.clone())
                .clock(|| datetime!(2021-06-01 0:00 +8))
                // The documented 20 calls per second would be the benchmark's speed.
                .rate_limiting(false),
        )
        .unwrap();
        let generated: Call = {
            let vod = vod.clone();
            Arc::new(move || {
                let vod = vod.clone();
                Box::pin(async move {
                    let request = DescribeMediaPlayStatDetailsRequest::new(
                        "5285485487985271487",
                        datetime!(2021-01-01 0:00 +8),
                        datetime!(2021-01-01 2:00 +8),
                    );
                    let stats = vod.describe_media_play_stat_details(request).await.unwrap();
                    assert_eq!(stats.play_stat_info_set.len(), 2);
                })
            })
        };
        let hand = |sign: bool| -> Call {
            let (http, url, host) = (http.clone(), url.clone(), host.clone());
            Arc::new(move || {
                let (http, url, host) = (http.clone(), url.clone(), host.clone());
                Box::pin(async move { hand_written(&http, &url, &host, sign).await })
            })
        };
        let mut contestants = vec![
            Contestant {
                name: "generated VodClient call",
                call: generated,
                sequential: Vec::new(),
                concurrent: Vec::new(),
                allocations: (0.0, 0.0),
            },
            Contestant {
                name: "hand-written, TC3-signed",
                call: hand(true),
                sequential: Vec::new(),
                concurrent: Vec::new(),
                allocations: (0.0, 0.0),
            },
            Contestant {
                name: "hand-written, unsigned",
                call: hand(false),
                sequential: Vec::new(),
                concurrent: Vec::new(),
                allocations: (0.0, 0.0),
            },
        ];
        // `CALL_BENCH_ONLY=generated` keeps the matching contestants (for a profiler).
        if let Ok(only) = std::env::var("CALL_BENCH_ONLY") {
            contestants.retain(|c| c.name.contains(&only));
        }
        for round in 0..=ROUNDS {
            for c in &mut contestants {
                let (sequential, seq_allocs) = batch(&c.call, 1, SEQUENTIAL).await;
                let (concurrent, con_allocs) = batch(&c.call, TASKS, PER_TASK).await;
                // Round 0 warms up connections, caches and buffers.
                if round > 0 {
                    c.sequential.push(sequential);
                    c.concurrent.push(concurrent);
                    c.allocations = (seq_allocs, con_allocs);
                }
            }
        }
        println!(
            "call path against a loopback server, {ROUNDS} interleaved rounds ({SEQUENTIAL} sequential calls, {TASKS} tasks x {PER_TASK} concurrent calls per contestant)"
        );
        for (label, pick) in [
            ("sequential", 0usize),
            ("16 concurrent tasks", 1usize),
        ] {
            println!("  {label}:");
            if contestants.len() < 3 {
                for c in &contestants {
                    let (fast, median) = fastest_and_median(if pick == 0 { &c.sequential } else { &c.concurrent });
                    println!("    {:<26} fastest {fast:>7.2} µs/call  median {median:>7.2} µs/call", c.name);
                }
                continue;
            }
            let times: Vec<(f64, f64)> = contestants
                .iter()
                .map(|c| fastest_and_median(if pick == 0 { &c.sequential } else { &c.concurrent }))
                .collect();
            for (c, (fast, median)) in contestants.iter().zip(&times) {
                let allocs = if pick == 0 { c.allocations.0 } else { c.allocations.1 };
                println!(
                    "    {:<26} fastest {:>7.2} µs/call  median {:>7.2} µs/call  vs signed {:>5.3}x  vs unsigned {:>5.3}x  {:>6.1} allocations/call",
                    c.name,
                    fast,
                    median,
                    fast / times[1].0,
                    fast / times[2].0,
                    allocs,
                );
            }
        }
    });
}
