//! Reading a response (`cargo bench -p cloudusage-tests --bench response_decoding`): the
//! generated `DescribeMediaPlayStatDetailsResponse` read in one pass from the body bytes,
//! envelope included, next to what hand-written code does first (`serde_json::from_slice`
//! into a `Value`, before any typed field is taken out of it). Two bodies: the VOD seed's
//! documented example, and the same answer with 1,000 rows. Batches are interleaved; the
//! fastest is the estimate, the median shows the noise.

use std::hint::black_box;
use std::time::{Duration, Instant};

use cloudusage::tencent::vod::DescribeMediaPlayStatDetailsResponse;
use cloudusage_runtime::envelope;
use cloudusage_runtime::json::{FromJson, Reader};
use cloudusage_runtime::Envelope;
use cloudusage_tests::alloc_count::{allocations_this_thread as allocations, CountingThisThread};

#[global_allocator]
static GLOBAL: CountingThisThread = CountingThisThread;

const ROUNDS: usize = 100;

const ROW: &str = r#"{"FileId":"5285485487985271487","Time":"2021-01-01T00:00:00+08:00","PlayTimes":13,"Traffic":23434}"#;

fn body(rows: usize) -> Vec<u8> {
    let rows = vec![ROW; rows].join(",");
    format!(
        r#"{{"Response":{{"PlayStatInfoSet":[{rows}],"RequestId":"6ca31e3a-6b8e-4b4e-9256-fdc700064ef3"}}}}"#
    )
    .into_bytes()
}

fn typed(body: &[u8]) -> usize {
    let mut response = None;
    let request_id = envelope::read(Envelope::Tencent, body, &mut |r: &mut Reader<'_>| {
        response = Some(DescribeMediaPlayStatDetailsResponse::read(r)?);
        Ok(())
    });
    assert!(request_id.is_ok_and(|id| id.is_some()));
    response.map_or(0, |r| r.play_stat_info_set.len())
}

fn value(body: &[u8]) -> usize {
    let value: serde_json::Value = serde_json::from_slice(body).unwrap();
    value["Response"]["PlayStatInfoSet"]
        .as_array()
        .map_or(0, Vec::len)
}

struct Contestant {
    name: &'static str,
    read: fn(&[u8]) -> usize,
    batches: Vec<Duration>,
    allocations: f64,
}

fn main() {
    for rows in [2, 1000] {
        let body = body(rows);
        assert_eq!(typed(&body), rows);
        assert_eq!(value(&body), rows);
        let per_batch: u32 = if rows > 100 { 4 } else { 400 };
        let mut contestants = [
            Contestant {
                name: "generated typed read (one pass)",
                read: typed,
                batches: Vec::new(),
                allocations: 0.0,
            },
            Contestant {
                name: "serde_json::from_slice::<Value>",
                read: value,
                batches: Vec::new(),
                allocations: 0.0,
            },
        ];
        for round in 0..=ROUNDS {
            for c in &mut contestants {
                let before = allocations();
                let started = Instant::now();
                for _ in 0..per_batch {
                    black_box((c.read)(black_box(&body)));
                }
                let per = started.elapsed() / per_batch;
                if round > 0 {
                    c.batches.push(per);
                    c.allocations = (allocations() - before) as f64 / f64::from(per_batch);
                }
            }
        }
        println!(
            "{rows} rows ({} bytes), {ROUNDS} interleaved batches of {per_batch}",
            body.len()
        );
        let fastest_value = contestants[1].batches.iter().min().copied();
        for c in &mut contestants {
            c.batches.sort();
            let fastest = c.batches[0];
            println!(
                "  {:<34} fastest {:>9.2} µs  median {:>9.2} µs  vs Value {:>5.2}x  {:>7.1} allocations",
                c.name,
                fastest.as_nanos() as f64 / 1000.0,
                c.batches[c.batches.len() / 2].as_nanos() as f64 / 1000.0,
                fastest_value.map_or(0.0, |v| fastest.as_secs_f64() / v.as_secs_f64()),
                c.allocations,
            );
        }
    }
}
