//! The documented rate limits hold where they matter: at the server. A loopback server
//! records when each request arrives; for each seed API, at its documented rate, no window of
//! the documented length may hold more arrivals than the limit.
//!
//! Each API is driven three ways at once, each with its own access key (the limiter counts
//! per API and access key, as the providers do, so the three do not share a budget):
//! - several clients built separately, and their clones, called from many tasks;
//! - a new client for every call, each dropped after its call, from several tasks;
//! - one client whose first calls open new connections (which the server makes slow, as a
//!   handshake over a real network is) and whose later calls reuse pooled ones.
//!
//! About two windows of calls each (one window and a few calls for the per-minute API), so
//! the whole file takes about a minute.

#![allow(deprecated)] // TRTC's API is deprecated, its rate limit still documented.

use std::time::{Duration, Instant};

use cloudusage::alibaba::live as ali;
use cloudusage::tencent::live as tlive;
use cloudusage::tencent::trtc;
use cloudusage::tencent::vod;
use cloudusage::volcengine::live as volc;
use cloudusage_runtime::{ClientConfig, Credentials, Operation, RateLimit, RetryPolicy};
use cloudusage_tests::{Answer, ServerOptions, TestServer, ACCESS_KEY_SECRET};
use time::macros::{date, datetime};

/// What a new connection costs at the server before its first request is read. Below the
/// limiter's documented margin (10% of the window, at most 1 s) as real jitter must be.
const HANDSHAKE: Duration = Duration::from_millis(30);

#[derive(Debug, Clone, Copy, PartialEq)]
enum Api {
    TencentVod,
    TencentLive,
    TencentTrtc,
    VolcengineLive,
    AlibabaLive,
}

impl Api {
    fn rate(self) -> RateLimit {
        let limit = match self {
            Api::TencentVod => vod::DescribeMediaPlayStatDetailsRequest::INFO.rate_limit,
            Api::TencentLive => tlive::DescribeProIspPlaySumInfoListRequest::INFO.rate_limit,
            Api::TencentTrtc => trtc::DescribeTrtcInteractiveTimeRequest::INFO.rate_limit,
            Api::VolcengineLive => volc::DescribeLiveTranscodeDataRequest::INFO.rate_limit,
            Api::AlibabaLive => ali::DescribeLiveGrtnDurationRequest::INFO.rate_limit,
        };
        limit.expect("every seed API documents a rate limit")
    }

    /// Enough calls that a limiter letting one call too many through would show it: about
    /// two windows' worth, or one window and a few for a per-minute limit.
    fn calls(self) -> usize {
        let rate = self.rate();
        let count = rate.count as usize;
        if rate.per_seconds > 1 {
            count + 5
        } else {
            2 * count + 1
        }
    }

    fn answer(self) -> &'static str {
        match self {
            Api::TencentVod => r#"{"Response":{"PlayStatInfoSet":[],"RequestId":"r"}}"#,
            Api::TencentLive => {
                r#"{"Response":{"DataInfoList":[],"TotalFlux":1.0,"TotalRequest":1,"AvgFluxPerSecond":1,"PageSize":10,"PageNum":1,"TotalNum":0,"TotalPage":1,"StatType":"Province","RequestId":"r"}}"#
            }
            Api::TencentTrtc => r#"{"Response":{"Usages":[],"RequestId":"r"}}"#,
            Api::VolcengineLive => {
                r#"{"ResponseMetadata":{"RequestId":"r"},"Result":{"DomainList":[],"StartTime":"2021-04-13T00:00:00+08:00","EndTime":"2021-04-14T00:00:00+08:00","Aggregation":86400,"Duration":1.0,"TranscodeDataList":[]}}"#
            }
            Api::AlibabaLive => r#"{"StreamDetailData":{"StreamData":[]},"RequestId":"r"}"#,
        }
    }

    fn client(self, url: &str, key: &str) -> Client {
        let config = |now| {
            ClientConfig::new(Credentials::new(key, ACCESS_KEY_SECRET))
                .endpoint(url)
                .clock(move || now)
                .timeout(Duration::from_secs(10))
                .retry(RetryPolicy::none())
        };
        match self {
            Api::TencentVod => {
                Client::Vod(vod::VodClient::new(config(datetime!(2021-06-01 0:00 +8))).unwrap())
            }
            Api::TencentLive => Client::Live(
                tlive::LiveClient::new(config(datetime!(2019-03-01 13:00 +8))).unwrap(),
            ),
            Api::TencentTrtc => {
                Client::Trtc(trtc::TrtcClient::new(config(datetime!(2020-10-01 0:00 +8))).unwrap())
            }
            Api::VolcengineLive => {
                Client::Volc(volc::LiveClient::new(config(datetime!(2021-05-01 0:00 +8))).unwrap())
            }
            Api::AlibabaLive => {
                Client::Ali(ali::LiveClient::new(config(datetime!(2022-12-31 0:00 UTC))).unwrap())
            }
        }
    }
}

#[derive(Clone)]
enum Client {
    Vod(vod::VodClient),
    Live(tlive::LiveClient),
    Trtc(trtc::TrtcClient),
    Volc(volc::LiveClient),
    Ali(ali::LiveClient),
}

impl Client {
    /// One valid call; panics on any failure (the server always answers the example).
    async fn call(&self) {
        let result = match self {
            Client::Vod(c) => c
                .describe_media_play_stat_details(vod::DescribeMediaPlayStatDetailsRequest::new(
                    "x",
                    datetime!(2021-01-01 0:00 +8),
                    datetime!(2021-01-01 2:00 +8),
                ))
                .await
                .map(drop)
                .map_err(|e| e.to_string()),
            Client::Live(c) => c
                .describe_pro_isp_play_sum_info_list(
                    tlive::DescribeProIspPlaySumInfoListRequest::new(
                        datetime!(2019-03-01 0:00 +8),
                        datetime!(2019-03-01 12:00 +8),
                        tlive::describe_pro_isp_play_sum_info_list::StatType::Province,
                    ),
                )
                .await
                .map(drop)
                .map_err(|e| e.to_string()),
            Client::Trtc(c) => c
                .describe_trtc_interactive_time(trtc::DescribeTrtcInteractiveTimeRequest::new(
                    date!(2020 - 09 - 07),
                    date!(2020 - 09 - 08),
                ))
                .await
                .map(drop)
                .map_err(|e| e.to_string()),
            Client::Volc(c) => c
                .describe_live_transcode_data(volc::DescribeLiveTranscodeDataRequest::new(
                    datetime!(2021-04-13 0:00 +8),
                    datetime!(2021-04-14 0:00 +8),
                ))
                .await
                .map(drop)
                .map_err(|e| e.to_string()),
            Client::Ali(c) => c
                .describe_live_grtn_duration(ali::DescribeLiveGrtnDurationRequest::new(
                    datetime!(2022-12-10 20:00 UTC),
                    datetime!(2022-12-10 22:00 UTC),
                ))
                .await
                .map(drop)
                .map_err(|e| e.to_string()),
        };
        if let Err(e) = result {
            panic!("call failed: {e}");
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Scenario {
    /// Three clients built separately, used through clones from one task per call.
    ManyClientsAndTasks,
    /// A new client for every call, dropped after it, from four tasks.
    NewClientPerCall,
    /// One client: first calls on new (slow) connections, later ones on pooled connections.
    FreshThenPooled,
}

/// The most arrivals any window of `window` holds (windows starting at an arrival, which is
/// where the fullest ones start), and the shortest time `limit + 1` consecutive arrivals took.
fn worst_window(arrivals: &[Instant], window: Duration, limit: usize) -> (usize, Option<Duration>) {
    let mut most = 0;
    let mut shortest: Option<Duration> = None;
    for (i, start) in arrivals.iter().enumerate() {
        let within = arrivals[i..]
            .iter()
            .take_while(|t| t.duration_since(*start) < window)
            .count();
        most = most.max(within);
        if let Some(last) = arrivals.get(i + limit) {
            let took = last.duration_since(*start);
            shortest = Some(shortest.map_or(took, |s| s.min(took)));
        }
    }
    (most, shortest)
}

async fn drive(api: Api, scenario: Scenario) -> String {
    let server = TestServer::start_with(
        ServerOptions {
            keep_alive: true,
            new_connection_delay: HANDSHAKE,
        },
        move |_, _| Answer::Respond(200, api.answer().to_string()),
    )
    .await;
    // Its own access key: scenarios of one API run at once without sharing a budget.
    let key = format!("AKID-{api:?}-{scenario:?}");
    let calls = api.calls();
    let started = Instant::now();
    match scenario {
        Scenario::ManyClientsAndTasks => {
            let clients: Vec<Client> = (0..3).map(|_| api.client(&server.url, &key)).collect();
            let tasks: Vec<_> = (0..calls)
                .map(|i| {
                    let client = clients[i % clients.len()].clone();
                    tokio::spawn(async move { client.call().await })
                })
                .collect();
            for task in tasks {
                task.await.unwrap();
            }
        }
        Scenario::NewClientPerCall => {
            // Four tasks, each building a client for every call and dropping it after.
            let loops: Vec<_> = (0..4)
                .map(|i| {
                    let (url, key) = (server.url.clone(), key.clone());
                    let mine = (i..calls).step_by(4).count();
                    tokio::spawn(async move {
                        for _ in 0..mine {
                            api.client(&url, &key).call().await;
                        }
                    })
                })
                .collect();
            for task in loops {
                task.await.unwrap();
            }
        }
        Scenario::FreshThenPooled => {
            let client = api.client(&server.url, &key);
            let tasks: Vec<_> = (0..calls)
                .map(|_| {
                    let client = client.clone();
                    tokio::spawn(async move { client.call().await })
                })
                .collect();
            for task in tasks {
                task.await.unwrap();
            }
        }
    }
    let elapsed = started.elapsed();
    let mut arrivals: Vec<Instant> = server.received().iter().map(|r| r.at).collect();
    arrivals.sort();
    assert_eq!(arrivals.len(), calls, "{api:?} {scenario:?}");
    let rate = api.rate();
    let limit = rate.count as usize;
    let window = Duration::from_secs(rate.per_seconds);
    let (most, shortest) = worst_window(&arrivals, window, limit);
    let figures = format!(
        "{api:?} {scenario:?}: {calls} calls in {elapsed:.2?}; limit {limit} per {window:?}; \
         worst window holds {most}; {} consecutive arrivals took at least {shortest:.3?}",
        limit + 1
    );
    eprintln!("{figures}");
    assert!(most <= limit, "{figures}");
    figures
}

async fn holds_at_the_server(api: Api) {
    let (a, b, c) = tokio::join!(
        drive(api, Scenario::ManyClientsAndTasks),
        drive(api, Scenario::NewClientPerCall),
        drive(api, Scenario::FreshThenPooled),
    );
    // The figures are printed as each scenario ends; keep them together for the record.
    eprintln!("{a}\n{b}\n{c}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tencent_vod_rate_holds_at_the_server() {
    holds_at_the_server(Api::TencentVod).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tencent_live_rate_holds_at_the_server() {
    holds_at_the_server(Api::TencentLive).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tencent_trtc_rate_holds_at_the_server() {
    holds_at_the_server(Api::TencentTrtc).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn volcengine_live_rate_holds_at_the_server() {
    holds_at_the_server(Api::VolcengineLive).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn alibaba_live_rate_holds_at_the_server() {
    holds_at_the_server(Api::AlibabaLive).await;
}
