//! A rate limit counted per account (`rate: { limit: 5/s, scope: account }`) holds at the
//! server across access keys: clients of three different keys, each calling as fast as it
//! may, together never put more than the limit into any window. Per access key (the
//! default), each key would have had a budget of its own, three times the limit in all.

use std::time::{Duration, Instant};

use cloudusage_downstream_example::tencent::shapes::describe_wire_shapes::Window;
use cloudusage_downstream_example::tencent::shapes::{DescribeWireShapesRequest, ShapesClient};
use cloudusage_runtime::{ClientConfig, Credentials, Operation, RetryPolicy};
use cloudusage_tests::{Answer, ServerOptions, TestServer};
use time::macros::datetime;

const ANSWER: &str = r#"{"Response":{"Samples":[],"RequestId":"r"}}"#;

fn request() -> DescribeWireShapesRequest {
    DescribeWireShapesRequest::new(Window::new(datetime!(2024-03-01 08:00 +8)))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_account_wide_limit_is_shared_by_every_access_key() {
    let info = DescribeWireShapesRequest::INFO;
    let limit = info.rate_limit.expect("the spec documents a rate limit");
    assert!(info.per_account, "the spec scopes the limit to the account");
    let server = TestServer::start_with(
        ServerOptions {
            keep_alive: true,
            ..ServerOptions::default()
        },
        |_, _| Answer::Respond(200, ANSWER.to_string()),
    )
    .await;
    let per_key = limit.count as usize + 1;
    let started = Instant::now();
    let tasks: Vec<_> = ["AKID-one", "AKID-two", "AKID-three"]
        .into_iter()
        .flat_map(|key| {
            let config = ClientConfig::new(Credentials::new(key, "secret"))
                .endpoint(&server.url)
                .clock(|| datetime!(2024-03-02 0:00 UTC))
                .retry(RetryPolicy::none());
            let client = ShapesClient::new(config).unwrap();
            (0..per_key).map(move |_| {
                let client = client.clone();
                tokio::spawn(async move { client.describe_wire_shapes(request()).await })
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    let mut arrivals: Vec<Instant> = server.received().iter().map(|r| r.at).collect();
    arrivals.sort();
    assert_eq!(arrivals.len(), 3 * per_key);
    // The fullest window of the limit's length starts at an arrival.
    let window = Duration::from_secs(limit.per_seconds);
    let most = (0..arrivals.len())
        .map(|i| {
            arrivals[i..]
                .iter()
                .take_while(|t| t.duration_since(arrivals[i]) < window)
                .count()
        })
        .max()
        .unwrap_or(0);
    let figures = format!(
        "{} calls from 3 keys in {:.2?}; limit {} per {window:?} for the account; worst window holds {most}",
        arrivals.len(),
        started.elapsed(),
        limit.count
    );
    eprintln!("{figures}");
    assert!(most <= limit.count as usize, "{figures}");
}
