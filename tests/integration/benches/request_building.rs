//! Request building per provider (`cargo bench -p cloudusage-tests`): validate, encode and
//! sign one call of each seed API, without sending it.

use std::hint::black_box;
use std::time::Instant;

use cloudusage::alibaba::live as ali;
use cloudusage::tencent::vod;
use cloudusage::volcengine::live as volc;
use cloudusage_runtime::{Client, ClientConfig, Credentials, Operation};
use time::macros::datetime;

fn bench<O: Operation>(name: &str, client: &Client, request: &O) {
    const N: u32 = 20_000;
    assert!(client.prepare(request).is_ok());
    let started = Instant::now();
    for _ in 0..N {
        let _ = black_box(client.prepare(black_box(request)));
    }
    let per = started.elapsed() / N;
    println!(
        "build+sign {name:<32} {:>8.2} µs/op",
        per.as_nanos() as f64 / 1000.0
    );
}

fn config(now: time::OffsetDateTime) -> ClientConfig {
    ClientConfig::new(Credentials::new("AKIDEXAMPLE", "secret"))
        .clock(move || now)
        .nonce(|| "nonce".into())
}

fn main() {
    let client = Client::new(&vod::SERVICE, config(datetime!(2021-06-01 0:00 +8))).unwrap();
    bench(
        "tencent DescribeMediaPlayStatDetails",
        &client,
        &vod::DescribeMediaPlayStatDetailsRequest::new(
            "5285485487985271487",
            datetime!(2021-01-01 0:00 +8),
            datetime!(2021-01-01 2:00 +8),
        ),
    );
    let client = Client::new(&volc::SERVICE, config(datetime!(2021-05-01 0:00 +8))).unwrap();
    bench(
        "volcengine DescribeLiveTranscodeData",
        &client,
        &volc::DescribeLiveTranscodeDataRequest::new(
            datetime!(2021-04-13 0:00 +8),
            datetime!(2021-04-14 0:00 +8),
        )
        .domain_list(["example.com", "example2.com"]),
    );
    let client = Client::new(&ali::SERVICE, config(datetime!(2022-12-31 0:00 UTC))).unwrap();
    bench(
        "alibaba DescribeLiveGrtnDuration",
        &client,
        &ali::DescribeLiveGrtnDurationRequest::new(
            datetime!(2022-12-10 20:00 UTC),
            datetime!(2022-12-10 22:00 UTC),
        )
        .app_id(["a", "b"]),
    );
}
