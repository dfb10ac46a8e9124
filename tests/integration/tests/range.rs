//! Range queries against loopback servers that enforce each seed API's documented span,
//! lookback and rate rules on every request they receive, and answer one data point per
//! bucket of the window asked for. The rules are written here from the providers' pages,
//! independently of the specs, so a planner that breaks one is caught at the server.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::Duration as StdDuration;

use cloudusage::alibaba::live as ali;
use cloudusage::tencent::live as tlive;
#[allow(deprecated)]
use cloudusage::tencent::trtc;
use cloudusage::tencent::vod;
use cloudusage::volcengine::live as volc;
use cloudusage_runtime::range::{Clip, OutOfReach, PlanError};
use cloudusage_runtime::{
    ClientConfig, Credentials, RangeError, RangeOptions, RetryPolicy, Window,
};
use cloudusage_tests::{Answer, Received, TestServer, ACCESS_KEY_ID, ACCESS_KEY_SECRET};
use futures_util::StreamExt;
use time::format_description::well_known::Rfc3339;
use time::macros::{date, datetime, format_description, offset};
use time::{Date, Duration, OffsetDateTime};

fn config(server: &TestServer, now: OffsetDateTime) -> ClientConfig {
    ClientConfig::new(Credentials::new(ACCESS_KEY_ID, ACCESS_KEY_SECRET))
        .endpoint(server.url.clone())
        .clock(move || now)
        .timeout(StdDuration::from_secs(5))
        .retry(RetryPolicy {
            max_attempts: 2,
            base_delay: StdDuration::from_millis(5),
            max_delay: StdDuration::from_millis(10),
        })
}

/// What a rule server saw: every rule broken, and each request's arrival.
#[derive(Default)]
struct Log {
    broken: Vec<String>,
    windows: Vec<(OffsetDateTime, OffsetDateTime)>,
}

type SharedLog = Arc<Mutex<Log>>;

/// Checks one request's period against the documented rules; returns what is broken.
struct Rules {
    max: Duration,
    min: Duration,
    lookback: Duration,
    now: OffsetDateTime,
}

impl Rules {
    fn check(&self, start: OffsetDateTime, end: OffsetDateTime, span: Duration) -> Vec<String> {
        let mut broken = Vec::new();
        if end < start {
            broken.push(format!("end {end} before start {start}"));
        }
        if span > self.max {
            broken.push(format!("{start}..{end} spans {span}, over {}", self.max));
        }
        if span < self.min {
            broken.push(format!("{start}..{end} spans {span}, under {}", self.min));
        }
        if start < self.now - self.lookback {
            broken.push(format!("start {start} beyond the lookback"));
        }
        broken
    }
}

/// Every bucket start in `[start, end)`, buckets counted from midnight at +08:00 (or UTC).
fn buckets(start: OffsetDateTime, end: OffsetDateTime, step: Duration) -> Vec<OffsetDateTime> {
    let mut out = Vec::new();
    let origin = start.replace_time(time::Time::MIDNIGHT);
    let mut t = origin;
    while t < end {
        if t >= start {
            out.push(t);
        }
        t += step;
    }
    out
}

/// A range's buckets gathered from a stream: none twice, none missing.
fn assert_contiguous(times: &[OffsetDateTime], step: Duration) {
    let unique: BTreeSet<_> = times.iter().collect();
    assert_eq!(unique.len(), times.len(), "a bucket came back twice");
    for pair in times.windows(2) {
        assert_eq!(pair[1] - pair[0], step, "a gap or disorder at {}", pair[0]);
    }
}

fn assert_plan_is_exact(windows: &[Window], start: OffsetDateTime, end: OffsetDateTime) {
    assert_eq!(windows.first().unwrap().start, start);
    assert_eq!(windows.last().unwrap().end, end);
}

// ---- Tencent VOD: 7 days hourly, 90 days daily, a year back, 20/s. ----

fn vod_server(
    now: OffsetDateTime,
    log: SharedLog,
    fail_from: Option<OffsetDateTime>,
) -> impl Fn(&Received, usize) -> Answer {
    move |r: &Received, _| {
        let body = r.json();
        let start =
            OffsetDateTime::parse(body["StartTime"].as_str().unwrap_or(""), &Rfc3339).unwrap();
        let end = OffsetDateTime::parse(body["EndTime"].as_str().unwrap_or(""), &Rfc3339).unwrap();
        let (max, step) = match body["Interval"].as_str() {
            Some("Hour") => (Duration::days(7), Duration::HOUR),
            Some("Day") => (Duration::days(90), Duration::DAY),
            other => {
                log.lock()
                    .unwrap()
                    .broken
                    .push(format!("Interval {other:?} not pinned"));
                (Duration::days(90), Duration::DAY)
            }
        };
        let rules = Rules {
            max,
            min: Duration::ZERO,
            lookback: Duration::days(365),
            now,
        };
        let broken = rules.check(start, end, end - start);
        let mut log = log.lock().unwrap();
        log.windows.push((start, end));
        if !broken.is_empty() {
            log.broken.extend(broken);
            return Answer::Respond(200, r#"{"Response":{"Error":{"Code":"InvalidParameterValue.StartTime","Message":"bad"},"RequestId":"r"}}"#.into());
        }
        if fail_from.is_some_and(|f| start == f) {
            return Answer::Respond(200, r#"{"Response":{"Error":{"Code":"FailedOperation","Message":"no"},"RequestId":"r-failed"}}"#.into());
        }
        let items: Vec<String> = buckets(start.to_offset(offset!(+8)), end, step)
            .iter()
            .map(|t| {
                let time = t
                    .format(format_description!(
                        "[year]-[month]-[day]T[hour]:[minute]:[second]+08:00"
                    ))
                    .unwrap();
                format!(r#"{{"Time":"{time}","FileId":"f","PlayTimes":1,"Traffic":2}}"#)
            })
            .collect();
        Answer::Respond(
            200,
            format!(
                r#"{{"Response":{{"PlayStatInfoSet":[{}],"RequestId":"r"}}}}"#,
                items.join(",")
            ),
        )
    }
}

#[tokio::test]
async fn vod_a_year_daily_is_the_fewest_valid_windows_and_every_bucket_once() {
    let now = datetime!(2025-01-10 0:00 +8);
    let log = SharedLog::default();
    let server = TestServer::start(vod_server(now, log.clone(), None)).await;
    let client = vod::VodClient::new(config(&server, now)).unwrap();
    let (start, end) = (datetime!(2024-01-16 0:00 +8), datetime!(2025-01-09 0:00 +8));
    // No Interval: the default for a period this long is Day, pinned on every window.
    let request = vod::DescribeMediaPlayStatDetailsRequest::new("f", start, end);
    let progress = Arc::new(Mutex::new(Vec::new()));
    let seen = progress.clone();
    let stream = client
        .describe_media_play_stat_details_range(
            request,
            RangeOptions::default()
                .on_progress(move |p| seen.lock().unwrap().push((p.done, p.total))),
        )
        .unwrap();
    // 359 days at 90 days a window: 4 windows, the fewest possible.
    assert_eq!(stream.plan().windows.len(), 4);
    assert!(stream.plan().clipped.is_empty());
    assert_plan_is_exact(&stream.plan().windows, start, end);
    let results: Vec<_> = stream.collect().await;
    let mut times = Vec::new();
    for (i, window) in results.into_iter().enumerate() {
        let window = window.unwrap();
        assert_eq!(window.index, i);
        times.extend(
            window.responses[0]
                .play_stat_info_set
                .iter()
                .map(|p| p.time),
        );
    }
    assert_eq!(times.len(), 359);
    assert_contiguous(&times, Duration::DAY);
    assert_eq!(times[0], start);
    let log = log.lock().unwrap();
    assert!(log.broken.is_empty(), "{:?}", log.broken);
    assert_eq!(log.windows.len(), 4);
    assert_eq!(*progress.lock().unwrap(), [(1, 4), (2, 4), (3, 4), (4, 4)]);
}

#[tokio::test]
async fn vod_a_failed_window_is_named_keeps_what_arrived_and_resumes() {
    let now = datetime!(2025-01-10 0:00 +8);
    let (start, end) = (datetime!(2024-11-01 0:00 +8), datetime!(2024-12-01 0:00 +8));
    let request = vod::DescribeMediaPlayStatDetailsRequest::new("f", start, end)
        .interval(vod::describe_media_play_stat_details::Interval::Hour);
    // The third window (from 2024-11-15) fails until the server is healed.
    let log = SharedLog::default();
    let failing = TestServer::start(vod_server(
        now,
        log.clone(),
        Some(datetime!(2024-11-15 0:00 +8)),
    ))
    .await;
    let client = vod::VodClient::new(config(&failing, now)).unwrap();
    let stream = client
        .describe_media_play_stat_details_range(
            request.clone(),
            RangeOptions::default().concurrency(1),
        )
        .unwrap();
    // 30 days at 7 days a window.
    assert_eq!(stream.plan().windows.len(), 5);
    let results: Vec<_> = stream.collect().await;
    assert_eq!(results.len(), 3, "the stream ends at the failure");
    let mut times: Vec<OffsetDateTime> = Vec::new();
    for r in &results[..2] {
        let w = r.as_ref().unwrap();
        times.extend(w.responses[0].play_stat_info_set.iter().map(|p| p.time));
    }
    let failed = results[2].as_ref().unwrap_err();
    assert_eq!(failed.index, 2);
    assert_eq!(failed.window.start, datetime!(2024-11-15 0:00 +8));
    assert_eq!(failed.window.end, datetime!(2024-11-22 0:00 +8));
    assert!(failed.to_string().contains("2024-11-15"), "{failed}");
    assert_eq!(failed.source.request_id(), Some("r-failed"));
    assert_eq!(failed.remaining().len(), 3);

    let healed = TestServer::start(vod_server(now, log.clone(), None)).await;
    let client = vod::VodClient::new(config(&healed, now)).unwrap();
    let rest: Vec<_> = client
        .describe_media_play_stat_details_range(
            request,
            RangeOptions::default().windows(failed.remaining().to_vec()),
        )
        .unwrap()
        .collect()
        .await;
    for r in rest {
        times.extend(
            r.unwrap().responses[0]
                .play_stat_info_set
                .iter()
                .map(|p| p.time),
        );
    }
    assert_eq!(times.len(), 30 * 24);
    assert_contiguous(&times, Duration::HOUR);
    assert!(log.lock().unwrap().broken.is_empty());
}

// ---- Volcengine: 93 days, daily, 366 days back, data 20 minutes late, 100/min. ----

#[tokio::test]
async fn volcengine_a_year_stops_short_of_unsettled_data() {
    let now = datetime!(2025-01-10 12:00 +8);
    let log = SharedLog::default();
    let logged = log.clone();
    let server = TestServer::start(move |r: &Received, _| {
        let body = r.json();
        let start = OffsetDateTime::parse(body["StartTime"].as_str().unwrap(), &Rfc3339).unwrap();
        let end = OffsetDateTime::parse(body["EndTime"].as_str().unwrap(), &Rfc3339).unwrap();
        let rules = Rules { max: Duration::days(93), min: Duration::ZERO, lookback: Duration::days(366), now };
        let mut broken = rules.check(start, end, end - start);
        // Left out, the documented default (86400) applies.
        if !body["Aggregation"].is_null() && body["Aggregation"] != 86400 {
            broken.push("Aggregation not daily".into());
        }
        if end > now - Duration::minutes(20) {
            broken.push(format!("end {end} inside the 20-minute delay"));
        }
        let mut log = logged.lock().unwrap();
        log.windows.push((start, end));
        log.broken.extend(broken);
        let items: Vec<String> = buckets(start, end, Duration::DAY)
            .iter()
            .map(|t| format!(r#"{{"TranscodeType":"Normal_H264","Resolution":"720P","TimeStamp":"{}","Duration":1.5}}"#, t.format(&Rfc3339).unwrap()))
            .collect();
        Answer::Respond(200, format!(
            r#"{{"ResponseMetadata":{{"RequestId":"r","Action":"DescribeLiveTranscodeData","Version":"2023-01-01"}},"Result":{{"StartTime":"{}","EndTime":"{}","Aggregation":86400,"Duration":1.0,"TranscodeDataList":[{}]}}}}"#,
            body["StartTime"].as_str().unwrap(), body["EndTime"].as_str().unwrap(), items.join(",")))
    })
    .await;
    let client = volc::LiveClient::new(config(&server, now)).unwrap();
    let start = datetime!(2024-01-15 0:00 +8);
    let request = volc::DescribeLiveTranscodeDataRequest::new(start, now);
    let stream = client
        .describe_live_transcode_data_range(request, RangeOptions::default())
        .unwrap();
    let plan = stream.plan().clone();
    assert_eq!(plan.windows.len(), 4);
    assert_eq!(
        plan.clipped,
        [Clip::Freshness {
            requested: now,
            end: now - Duration::minutes(20)
        }]
    );
    let results: Vec<_> = stream.collect().await;
    let times: Vec<OffsetDateTime> = results
        .into_iter()
        .flat_map(|w| {
            w.unwrap().responses[0]
                .transcode_data_list
                .iter()
                .map(|d| d.time_stamp)
                .collect::<Vec<_>>()
        })
        .collect();
    assert_contiguous(&times, Duration::DAY);
    assert_eq!(times.len(), 362);
    let log = log.lock().unwrap();
    assert!(log.broken.is_empty(), "{:?}", log.broken);
    // Seams are at midnight in the API's time zone.
    for (s, _) in &log.windows[1..] {
        assert_eq!(s.to_offset(offset!(+8)).time(), time::Time::MIDNIGHT);
    }
}

// ---- Alibaba: 5 minutes to 31 days, hourly, 90 days back, 10/s. ----

fn grtn_server(now: OffsetDateTime, log: SharedLog) -> impl Fn(&Received, usize) -> Answer {
    move |r: &Received, _| {
        let start = OffsetDateTime::parse(r.query_value("StartTime").unwrap(), &Rfc3339).unwrap();
        let end = OffsetDateTime::parse(r.query_value("EndTime").unwrap(), &Rfc3339).unwrap();
        let rules = Rules {
            max: Duration::days(31),
            min: Duration::minutes(5),
            lookback: Duration::days(90),
            now,
        };
        let mut log = log.lock().unwrap();
        log.windows.push((start, end));
        log.broken.extend(rules.check(start, end, end - start));
        let items: Vec<String> = buckets(start, end, Duration::HOUR)
            .iter()
            .map(|t| format!(r#"{{"TimeStamp":"{}","MediaType":"video","MediaProfile":"720P","Duration":"7"}}"#, t.format(&Rfc3339).unwrap()))
            .collect();
        Answer::Respond(
            200,
            format!(
                r#"{{"StreamDetailData":{{"StreamData":[{}]}},"RequestId":"r"}}"#,
                items.join(",")
            ),
        )
    }
}

#[tokio::test]
async fn alibaba_a_year_is_clipped_to_the_lookback_or_refused() {
    let now = datetime!(2025-01-10 0:00 UTC);
    let log = SharedLog::default();
    let server = TestServer::start(grtn_server(now, log.clone())).await;
    let client = ali::LiveClient::new(config(&server, now)).unwrap();
    let (start, end) = (
        datetime!(2024-01-10 0:00 UTC),
        datetime!(2025-01-09 0:00 UTC),
    );
    let request = ali::DescribeLiveGrtnDurationRequest::new(start, end);

    let refused = client.describe_live_grtn_duration_range(
        request.clone(),
        RangeOptions::default().out_of_reach(OutOfReach::Fail),
    );
    assert!(matches!(
        refused,
        Err(RangeError::Plan(PlanError::BeyondLookback {
            param: "start",
            ..
        }))
    ));

    let stream = client
        .describe_live_grtn_duration_range(request, RangeOptions::default().concurrency(3))
        .unwrap();
    let plan = stream.plan().clone();
    let [Clip::Lookback { start: clipped, .. }] = plan.clipped[..] else {
        panic!("{:?}", plan.clipped)
    };
    // Inside the 90-day window by the margin, on an hour.
    assert!(clipped > now - Duration::days(90));
    assert_eq!(clipped.time().minute(), 0);
    // 89 days and some hours at 31 days a window.
    assert_eq!(plan.windows.len(), 3);
    let results: Vec<_> = stream.collect().await;
    let times: Vec<OffsetDateTime> = results
        .into_iter()
        .flat_map(|w| {
            w.unwrap().responses[0]
                .stream_detail_data
                .as_ref()
                .map(|d| {
                    d.stream_data
                        .iter()
                        .map(|s| s.time_stamp)
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
        .collect();
    assert_contiguous(&times, Duration::HOUR);
    assert_eq!(*times.last().unwrap(), end - Duration::HOUR);
    let log = log.lock().unwrap();
    assert!(log.broken.is_empty(), "{:?}", log.broken);
    assert_eq!(log.windows.len(), 3);
}

#[tokio::test]
async fn alibaba_a_short_tail_keeps_the_minimum_span() {
    let now = datetime!(2025-01-10 0:00 UTC);
    let log = SharedLog::default();
    let server = TestServer::start(grtn_server(now, log.clone())).await;
    let client = ali::LiveClient::new(config(&server, now)).unwrap();
    // 31 days and 2 minutes: the second window would be 2 minutes, under the 5-minute minimum.
    let (start, end) = (
        datetime!(2024-11-01 0:00 UTC),
        datetime!(2024-12-02 0:02 UTC),
    );
    let stream = client
        .describe_live_grtn_duration_range(
            ali::DescribeLiveGrtnDurationRequest::new(start, end),
            RangeOptions::default(),
        )
        .unwrap();
    assert_eq!(stream.plan().windows.len(), 2);
    assert_plan_is_exact(&stream.plan().windows, start, end);
    for w in stream.collect::<Vec<_>>().await {
        w.unwrap();
    }
    assert!(
        log.lock().unwrap().broken.is_empty(),
        "{:?}",
        log.lock().unwrap().broken
    );
}

// ---- Tencent TRTC: dates, both included, at most 31 days, 20/s. ----

#[tokio::test]
#[allow(deprecated)]
async fn trtc_a_year_of_dates_counts_each_day_once() {
    let now = datetime!(2025-01-10 0:00 +8);
    let log = SharedLog::default();
    let logged = log.clone();
    let server = TestServer::start(move |r: &Received, _| {
        let body = r.json();
        let fmt = format_description!("[year]-[month]-[day]");
        let start = Date::parse(body["StartTime"].as_str().unwrap(), fmt).unwrap();
        let end = Date::parse(body["EndTime"].as_str().unwrap(), fmt).unwrap();
        let (s, e) = (start.midnight().assume_utc(), end.midnight().assume_utc());
        let rules = Rules { max: Duration::days(31), min: Duration::ZERO, lookback: Duration::days(3650), now };
        let mut log = logged.lock().unwrap();
        log.windows.push((s, e));
        // Both dates are included: d..=d is one day.
        log.broken.extend(rules.check(s, e, e - s + Duration::DAY));
        let days: Vec<String> = buckets(s, e + Duration::DAY, Duration::DAY)
            .iter()
            .map(|t| format!(r#"{{"TimeKey":"{}","AudioVideoTime":0,"VideoTimeSd":0,"VideoTimeHd":0,"VideoTimeHdp":0,"AudioTime":1}}"#, t.date()))
            .collect();
        Answer::Respond(200, format!(
            r#"{{"Response":{{"Usages":[{{"TotalNum":{},"SdkAppId":"1400000000","SdkAppIdTrtcTimeUsages":[{}]}}],"RequestId":"r"}}}}"#,
            days.len(), days.join(",")))
    })
    .await;
    let client = trtc::TrtcClient::new(config(&server, now)).unwrap();
    let request =
        trtc::DescribeTrtcInteractiveTimeRequest::new(date!(2024 - 01 - 01), date!(2024 - 12 - 31));
    let stream = client
        .describe_trtc_interactive_time_range(request, RangeOptions::default().concurrency(4))
        .unwrap();
    // 366 days at 31 a window.
    assert_eq!(stream.plan().windows.len(), 12);
    let mut days = Vec::new();
    for w in stream.collect::<Vec<_>>().await {
        let w = w.unwrap();
        for u in &w.responses[0].usages {
            days.extend(
                u.sdk_app_id_trtc_time_usages
                    .iter()
                    .map(|t| t.time_key.clone()),
            );
        }
    }
    let parsed: Vec<OffsetDateTime> = days
        .iter()
        .map(|d| {
            Date::parse(d, format_description!("[year]-[month]-[day]"))
                .unwrap()
                .midnight()
                .assume_utc()
        })
        .collect();
    assert_eq!(parsed.len(), 366);
    assert_contiguous(&parsed, Duration::DAY);
    let log = log.lock().unwrap();
    assert!(log.broken.is_empty(), "{:?}", log.broken);
    assert_eq!(log.windows.len(), 12);
}

// ---- Tencent Live: both times within the last day, pages of results, 100/s. ----

#[tokio::test]
async fn tencent_live_clips_to_the_last_day_and_walks_every_page() {
    let now = datetime!(2025-01-10 12:00 +8);
    let log = SharedLog::default();
    let logged = log.clone();
    let server = TestServer::start(move |r: &Received, _| {
        let body = r.json();
        let fmt = format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
        let parse = |v: &serde_json::Value| {
            time::PrimitiveDateTime::parse(v.as_str().unwrap_or(""), fmt)
                .unwrap()
                .assume_offset(offset!(+8))
        };
        let (start, end) = (parse(&body["StartTime"]), parse(&body["EndTime"]));
        let rules = Rules { max: Duration::days(3650), min: Duration::ZERO, lookback: Duration::DAY, now };
        let mut broken = rules.check(start, end, end - start);
        if end < now - Duration::DAY {
            broken.push(format!("end {end} beyond the last day"));
        }
        let page = body["PageNum"].as_i64().unwrap_or(1);
        let mut log = logged.lock().unwrap();
        log.windows.push((start, end));
        log.broken.extend(broken);
        Answer::Respond(200, format!(
            r#"{{"Response":{{"DataInfoList":[{{"Name":"p{page}","TotalFlux":1.0,"TotalRequest":1,"AvgFluxPerSecond":1.0}}],"TotalFlux":3.0,"TotalRequest":3,"AvgFluxPerSecond":1,"PageSize":1,"PageNum":{page},"TotalNum":3,"TotalPage":3,"StatType":"Province","RequestId":"r{page}"}}}}"#))
    })
    .await;
    let client = tlive::LiveClient::new(config(&server, now)).unwrap();
    let request = tlive::DescribeProIspPlaySumInfoListRequest::new(
        now - Duration::days(3),
        now - Duration::hours(1),
        tlive::describe_pro_isp_play_sum_info_list::StatType::Province,
    );
    assert!(matches!(
        client.describe_pro_isp_play_sum_info_list_range(
            request.clone(),
            RangeOptions::default().out_of_reach(OutOfReach::Fail)
        ),
        Err(RangeError::Plan(PlanError::BeyondLookback {
            param: "start",
            ..
        }))
    ));
    assert!(server.received().is_empty());
    let stream = client
        .describe_pro_isp_play_sum_info_list_range(request, RangeOptions::default())
        .unwrap();
    assert_eq!(stream.plan().windows.len(), 1);
    assert!(matches!(stream.plan().clipped[..], [Clip::Lookback { .. }]));
    let windows: Vec<_> = stream.collect().await;
    let pages: Vec<String> = windows[0]
        .as_ref()
        .unwrap()
        .responses
        .iter()
        .map(|r| r.data_info_list[0].name.clone())
        .collect();
    assert_eq!(pages, ["p1", "p2", "p3"]);
    let log = log.lock().unwrap();
    assert!(log.broken.is_empty(), "{:?}", log.broken);
    assert_eq!(log.windows.len(), 3);
}

/// A long hourly range is many windows: sent several at a time, they still arrive at the
/// server no faster than the documented 20 per second.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vod_many_windows_arrive_at_the_documented_rate() {
    let now = datetime!(2025-01-10 0:00 +8);
    let log = SharedLog::default();
    let server = TestServer::start(vod_server(now, log.clone(), None)).await;
    let client = vod::VodClient::new(config(&server, now)).unwrap();
    let (start, end) = (datetime!(2024-07-01 0:00 +8), datetime!(2024-12-01 0:00 +8));
    let request = vod::DescribeMediaPlayStatDetailsRequest::new("f", start, end)
        .interval(vod::describe_media_play_stat_details::Interval::Hour);
    let stream = client
        .describe_media_play_stat_details_range(request, RangeOptions::default().concurrency(8))
        .unwrap();
    // 153 days at 7 days a window.
    assert_eq!(stream.plan().windows.len(), 22);
    let mut times = Vec::new();
    for w in stream.collect::<Vec<_>>().await {
        times.extend(
            w.unwrap().responses[0]
                .play_stat_info_set
                .iter()
                .map(|p| p.time),
        );
    }
    assert_eq!(times.len(), 153 * 24);
    assert_contiguous(&times, Duration::HOUR);
    let mut arrivals: Vec<_> = server.received().iter().map(|r| r.at).collect();
    arrivals.sort();
    for (i, t) in arrivals.iter().enumerate() {
        let within = arrivals[i..]
            .iter()
            .filter(|u| u.duration_since(*t) < StdDuration::from_millis(900))
            .count();
        assert!(within <= 20, "{within} requests within 0.9 s");
    }
    assert!(log.lock().unwrap().broken.is_empty());
}

mod properties {
    use super::*;
    use cloudusage_runtime::{RangeQuery, ValidationContext};
    use proptest::prelude::*;

    /// A client that is never called: planning and validation need no server.
    fn offline<C>(make: impl FnOnce(ClientConfig) -> C, now: OffsetDateTime) -> C {
        make(
            ClientConfig::new(Credentials::new(ACCESS_KEY_ID, ACCESS_KEY_SECRET))
                .endpoint("http://127.0.0.1:9")
                .clock(move || now),
        )
    }

    /// Windows of one plan cover the period without gap or overlap and each is valid.
    fn check<O: RangeQuery>(
        request: &O,
        windows: &[Window],
        ctx: &ValidationContext,
    ) -> Result<(), TestCaseError> {
        for pair in windows.windows(2) {
            prop_assert!(pair[0].end <= pair[1].start, "overlap: {:?}", pair);
        }
        for w in windows {
            let r = request.over(*w);
            prop_assert_eq!(r.period(), *w);
            if let Err(e) = r.validate(ctx) {
                return Err(TestCaseError::fail(format!("{w}: {e}")));
            }
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn vod_windows_are_valid(back in 0i64..=364 * 24, hours in 0i64..=900 * 24, interval in 0u8..3) {
            let now = datetime!(2025-01-10 0:00 +8);
            let start = now - Duration::hours(back);
            let end = start + Duration::hours(hours);
            let mut request = vod::DescribeMediaPlayStatDetailsRequest::new("f", start, end);
            request = match interval {
                0 => request,
                1 => request.interval(vod::describe_media_play_stat_details::Interval::Hour),
                _ => request.interval(vod::describe_media_play_stat_details::Interval::Day),
            };
            let client = offline(|c| vod::VodClient::new(c).unwrap(), now);
            let stream = client.describe_media_play_stat_details_range(request.clone(), RangeOptions::default()).unwrap();
            let windows = &stream.plan().windows;
            prop_assert_eq!(windows[0].start, start);
            prop_assert_eq!(windows.last().unwrap().end, end);
            for pair in windows.windows(2) {
                prop_assert_eq!(pair[0].end, pair[1].start);
            }
            check(&request, windows, &client.runtime().validation_context())?;
        }

        #[test]
        fn alibaba_windows_are_valid(back in 0i64..=89 * 24 * 60, minutes in 5i64..=200 * 24 * 60) {
            let now = datetime!(2025-01-10 0:00 UTC);
            let start = now - Duration::minutes(back);
            let end = start + Duration::minutes(minutes);
            let request = ali::DescribeLiveGrtnDurationRequest::new(start, end);
            let client = offline(|c| ali::LiveClient::new(c).unwrap(), now);
            let stream = client.describe_live_grtn_duration_range(request.clone(), RangeOptions::default()).unwrap();
            let windows = &stream.plan().windows;
            prop_assert_eq!(windows[0].start, start);
            prop_assert_eq!(windows.last().unwrap().end, end);
            check(&request, windows, &client.runtime().validation_context())?;
        }

        #[test]
        #[allow(deprecated)]
        fn trtc_windows_are_valid(from in 0i64..=3000, days in 0i64..=800) {
            let now = datetime!(2025-01-10 0:00 +8);
            let start = date!(2016 - 01 - 01) + Duration::days(from);
            let end = start + Duration::days(days);
            let request = trtc::DescribeTrtcInteractiveTimeRequest::new(start, end);
            let client = offline(|c| trtc::TrtcClient::new(c).unwrap(), now);
            let stream = client.describe_trtc_interactive_time_range(request.clone(), RangeOptions::default()).unwrap();
            let windows = &stream.plan().windows;
            // Dates, both included: each day in exactly one window.
            let mut day = start;
            for w in windows {
                prop_assert_eq!(w.start.date(), day);
                day = w.end.date() + Duration::DAY;
            }
            prop_assert_eq!(day, end + Duration::DAY);
            check(&request, windows, &client.runtime().validation_context())?;
        }

        #[test]
        fn volcengine_windows_are_valid(back in 0i64..=365 * 24, hours in 1i64..=700 * 24) {
            let now = datetime!(2025-01-10 0:00 +8);
            let start = now - Duration::hours(back);
            let end = start + Duration::hours(hours);
            let request = volc::DescribeLiveTranscodeDataRequest::new(start, end);
            let client = offline(|c| volc::LiveClient::new(c).unwrap(), now);
            match client.describe_live_transcode_data_range(request.clone(), RangeOptions::default()) {
                Ok(stream) => check(&request, &stream.plan().windows, &client.runtime().validation_context())?,
                // Entirely newer than the data (the 20-minute delay): refused, nothing sent.
                Err(RangeError::Plan(PlanError::NotSettled { .. })) => prop_assert!(start > now - Duration::minutes(20)),
                Err(e) => return Err(TestCaseError::fail(e.to_string())),
            }
        }
    }
}
