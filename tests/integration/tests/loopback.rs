//! The generated clients against real HTTP servers on 127.0.0.1: every request's signature is
//! recomputed by the server from what it received; answers are the pages' examples.

use std::time::Duration;

use cloudusage::alibaba::live as ali;
use cloudusage::tencent::live as tlive;
#[allow(deprecated)]
use cloudusage::tencent::trtc;
use cloudusage::tencent::vod;
use cloudusage::volcengine::live as volc;
use cloudusage_runtime::sign::SigningScheme;
use cloudusage_runtime::{ClientConfig, Credentials, Error, RetryPolicy};
use cloudusage_tests::{
    verify_signature, Answer, Received, TestServer, ACCESS_KEY_ID, ACCESS_KEY_SECRET,
};
use futures_util::StreamExt;
use time::macros::{date, datetime};
use time::OffsetDateTime;

fn config(server: &TestServer, now: OffsetDateTime) -> ClientConfig {
    ClientConfig::new(Credentials::new(ACCESS_KEY_ID, ACCESS_KEY_SECRET))
        .endpoint(server.url.clone())
        .clock(move || now)
        .nonce(|| "test-nonce-0001".to_string())
        .timeout(Duration::from_secs(5))
        .retry(RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(10),
            max_delay: Duration::from_millis(50),
        })
}

fn tencent(body: &str) -> String {
    format!("{{\"Response\": {body}}}")
}

fn tencent_error(code: &str, request_id: &str) -> String {
    format!(
        r#"{{"Response":{{"Error":{{"Code":"{code}","Message":"m"}},"RequestId":"{request_id}"}}}}"#
    )
}

/// Answers `body` when the signature checks out and `check` passes, else a 401 naming why.
fn signed_answer(
    scheme: SigningScheme,
    service: &'static str,
    region: &'static str,
    check: impl Fn(&Received) -> Result<(), String> + Send + Sync + 'static,
    body: String,
) -> impl Fn(&Received, usize) -> Answer + Send + Sync + 'static {
    move |r, _| match verify_signature(r, scheme, service, region).and_then(|_| check(r)) {
        Ok(()) => Answer::Respond(200, body.clone()),
        Err(why) => Answer::Respond(401, format!("{{\"test-server\": {why:?}}}")),
    }
}

fn expect(cond: bool, what: &str) -> Result<(), String> {
    if cond {
        Ok(())
    } else {
        Err(what.to_string())
    }
}

/// A valid VOD request (two hours, hourly by default).
fn vod_two_hours() -> vod::DescribeMediaPlayStatDetailsRequest {
    vod::DescribeMediaPlayStatDetailsRequest::new(
        "x",
        datetime!(2021-01-01 0:00 +8),
        datetime!(2021-01-01 2:00 +8),
    )
}

/// An invalid VOD request: hourly over a month, past the documented 7 days.
fn vod_hourly_over_a_month() -> vod::DescribeMediaPlayStatDetailsRequest {
    vod::DescribeMediaPlayStatDetailsRequest::new(
        "x",
        datetime!(2021-01-01 0:00 +8),
        datetime!(2021-02-01 0:00 +8),
    )
    .interval(vod::describe_media_play_stat_details::Interval::Hour)
}

const VOD_EXAMPLE: &str = r#"{"PlayStatInfoSet":[{"FileId":"5285485487985271487","Time":"2021-01-01T00:00:00+08:00","PlayTimes":13,"Traffic":23434},{"FileId":"5285485487985271487","Time":"2021-01-01T01:00:00+08:00","PlayTimes":3,"Traffic":2334}],"RequestId":"6ca31e3a-6b8e-4b4e-9256-fdc700064ef3"}"#;

#[tokio::test]
async fn vod_signed_call_returns_the_typed_example() {
    let check = |r: &Received| {
        let body = r.json();
        expect(r.method == "POST" && r.path == "/", "POST /")?;
        expect(
            r.header("x-tc-action") == Some("DescribeMediaPlayStatDetails"),
            "action",
        )?;
        expect(r.header("x-tc-version") == Some("2018-07-17"), "version")?;
        expect(
            body["FileId"] == "5285485487985271487"
                && body["StartTime"] == "2021-01-01T00:00:00+08:00"
                && body["EndTime"] == "2021-01-01T02:00:00+08:00",
            "body",
        )?;
        expect(
            r.header("user-agent")
                .is_some_and(|u| u.starts_with("cloudusage/")),
            "user agent",
        )
    };
    let server = TestServer::start(signed_answer(
        SigningScheme::Tc3HmacSha256,
        "vod",
        "",
        check,
        tencent(VOD_EXAMPLE),
    ))
    .await;
    let client = vod::VodClient::new(config(&server, datetime!(2021-06-01 0:00 +8))).unwrap();
    let request = vod::DescribeMediaPlayStatDetailsRequest::new(
        "5285485487985271487",
        datetime!(2021-01-01 0:00 +8),
        datetime!(2021-01-01 2:00 +8),
    );
    let response = client
        .describe_media_play_stat_details(request)
        .await
        .unwrap();
    assert_eq!(response.play_stat_info_set.len(), 2);
    assert_eq!(response.play_stat_info_set[0].play_times, 13);
    assert_eq!(response.request_id, "6ca31e3a-6b8e-4b4e-9256-fdc700064ef3");
}

/// Generated methods return a named future (`cloudusage::runtime::Call`): it is `Send`, holds
/// its request until first polled, and sends nothing if dropped unpolled.
#[tokio::test]
async fn a_call_is_a_lazy_send_future() {
    fn assert_send<T: Send>(t: T) -> T {
        t
    }
    let server = TestServer::start(|_, _| Answer::Respond(200, tencent(VOD_EXAMPLE))).await;
    let client = vod::VodClient::new(config(&server, datetime!(2021-06-01 0:00 +8))).unwrap();
    let call = assert_send(client.describe_media_play_stat_details(vod_two_hours()));
    assert_eq!(call.request(), Some(&vod_two_hours()));
    drop(call);
    tokio::task::yield_now().await;
    assert!(
        server.received().is_empty(),
        "an unpolled call sent a request"
    );
    let call = client.describe_media_play_stat_details(vod_two_hours());
    let response = call.await.unwrap();
    assert_eq!(response.play_stat_info_set.len(), 2);
    assert_eq!(server.received().len(), 1);
}

const ISP_PAGE: &str = r#"{"DataInfoList":[{"Name":"Shandong","TotalFlux":50.0,"TotalRequest":50,"AvgFluxPerSecond":10.1}],"TotalFlux":100.0,"TotalRequest":100,"AvgFluxPerSecond":100,"PageSize":10,"PageNum":PAGE,"TotalNum":30,"TotalPage":3,"StatType":"Province","RequestId":"req-PAGE"}"#;

#[tokio::test]
async fn live_signed_call_and_pagination_walks_every_page() {
    let server = TestServer::start(|r: &Received, _| {
        if let Err(why) = verify_signature(r, SigningScheme::Tc3HmacSha256, "live", "") {
            return Answer::Respond(401, format!("{why:?}"));
        }
        let body = r.json();
        let page = body["PageNum"].as_i64().unwrap_or(1);
        if body["StartTime"] != "2019-03-01 00:00:00"
            || body["StatType"] != "Province"
            || body["PlayDomains"][0] != "5000.playdomain.com"
        {
            return Answer::Respond(400, "bad body".into());
        }
        Answer::Respond(200, tencent(&ISP_PAGE.replace("PAGE", &page.to_string())))
    })
    .await;
    let client = tlive::LiveClient::new(config(&server, datetime!(2019-03-01 13:00 +8))).unwrap();
    let request = tlive::DescribeProIspPlaySumInfoListRequest::new(
        datetime!(2019-03-01 0:00 +8),
        datetime!(2019-03-01 12:00 +8),
        tlive::describe_pro_isp_play_sum_info_list::StatType::Province,
    )
    .play_domains(["5000.playdomain.com"]);
    let first = client
        .describe_pro_isp_play_sum_info_list(request.clone())
        .await
        .unwrap();
    assert_eq!(
        (first.data_info_list[0].name.as_str(), first.total_page),
        ("Shandong", 3)
    );
    let pages: Vec<_> = client
        .describe_pro_isp_play_sum_info_list_pages(request)
        .collect()
        .await;
    let numbers: Vec<i64> = pages.into_iter().map(|p| p.unwrap().page_num).collect();
    assert_eq!(numbers, vec![1, 2, 3]);
    let sent: Vec<i64> = server
        .received()
        .iter()
        .skip(1)
        .map(|r| r.json()["PageNum"].as_i64().unwrap_or(1))
        .collect();
    assert_eq!(sent, vec![1, 2, 3]);
}

const VOLC_EXAMPLE: &str = r#"{"ResponseMetadata":{"RequestId":"201806041104200100100232280022D30","Action":"DescribeLiveTranscodeData","Version":"2023-01-01","Service":"live","Region":"cn-north-1"},"Result":{"DomainList":["example.com"],"StartTime":"2021-04-13T00:00:00+08:00","EndTime":"2021-04-14T00:00:00+08:00","Aggregation":86400,"Duration":12.860403541550001,"TranscodeDataList":[{"Duration":1.4475713543666666,"Resolution":"720P","TimeStamp":"2022-03-07T00:00:00+08:00","TranscodeType":"Normal_H264"}]}}"#;

#[tokio::test]
async fn volcengine_signed_call_returns_the_typed_example() {
    let check = |r: &Received| {
        expect(
            r.query_value("Action") == Some("DescribeLiveTranscodeData")
                && r.query_value("Version") == Some("2023-01-01"),
            "action and version in the query",
        )?;
        let body = r.json();
        expect(
            body["DomainList"] == serde_json::json!(["example.com", "example2.com"])
                && body["Aggregation"] == 86400
                && body["StartTime"] == "2021-04-13T00:00:00+08:00",
            "body",
        )
    };
    let server = TestServer::start(signed_answer(
        SigningScheme::VolcHmacSha256,
        "live",
        "cn-north-1",
        check,
        VOLC_EXAMPLE.into(),
    ))
    .await;
    let client = volc::LiveClient::new(config(&server, datetime!(2021-05-01 0:00 +8))).unwrap();
    let request = volc::DescribeLiveTranscodeDataRequest::new(
        datetime!(2021-04-13 0:00 +8),
        datetime!(2021-04-14 0:00 +8),
    )
    .domain_list(["example.com", "example2.com"])
    .aggregation(86400);
    let response = client.describe_live_transcode_data(request).await.unwrap();
    assert_eq!(response.duration, 12.860403541550001);
    assert_eq!(
        response.transcode_data_list[0].resolution,
        volc::describe_live_transcode_data::Resolution::R720p
    );
}

const TRTC_EXAMPLE: &str = r#"{"Usages":[{"TotalNum":2,"SdkAppId":"1400243510","SdkAppIdTrtcTimeUsages":[{"AudioVideoTime":0,"VideoTimeSd":3633229,"VideoTimeHd":7266458,"VideoTimeHdp":10899687,"AudioTime":8435963,"TimeKey":"2020-09-07"}]}],"RequestId":"644956b8-9f7c-44c5-b833-31d91dba1b24"}"#;

#[tokio::test]
#[allow(deprecated)]
async fn trtc_signed_call_pins_the_region() {
    let check = |r: &Received| {
        expect(
            r.header("x-tc-region") == Some("ap-guangzhou"),
            "region header",
        )?;
        let body = r.json();
        expect(
            body["StartTime"] == "2020-09-07"
                && body["EndTime"] == "2020-09-08"
                && body["SdkAppId"] == 1400243510,
            "body",
        )
    };
    let server = TestServer::start(signed_answer(
        SigningScheme::Tc3HmacSha256,
        "trtc",
        "",
        check,
        tencent(TRTC_EXAMPLE),
    ))
    .await;
    let client = trtc::TrtcClient::new(config(&server, datetime!(2020-10-01 0:00 +8))).unwrap();
    let request =
        trtc::DescribeTrtcInteractiveTimeRequest::new(date!(2020 - 09 - 07), date!(2020 - 09 - 08))
            .sdk_app_id(1400243510);
    let response = client
        .describe_trtc_interactive_time(request.clone())
        .await
        .unwrap();
    assert_eq!(response.usages[0].sdk_app_id.id(), Some(&1400243510));
    // Another region is rejected before anything is sent.
    let elsewhere =
        trtc::TrtcClient::new(config(&server, datetime!(2020-10-01 0:00 +8)).region("ap-beijing"))
            .unwrap();
    let before = server.received().len();
    assert!(matches!(
        elsewhere.describe_trtc_interactive_time(request).await,
        Err(Error::Validation(_))
    ));
    assert_eq!(server.received().len(), before);
}

const GRTN_EXAMPLE: &str = r#"{"StreamDetailData":{"StreamData":[{"TimeStamp":"2022-12-10T20:00:00Z","MediaType":"video","MediaProfile":"720P","Duration":"423304182"},{"TimeStamp":"2022-12-10T21:00:00Z","MediaType":"video","MediaProfile":"720P","Duration":"454680793"}]},"RequestId":"B955107D-E658-4E77-B913-E0AC3D31693E"}"#;

fn grtn_request() -> ali::DescribeLiveGrtnDurationRequest {
    ali::DescribeLiveGrtnDurationRequest::new(
        datetime!(2022-12-10 20:00 UTC),
        datetime!(2022-12-10 22:00 UTC),
    )
    .area([
        ali::describe_live_grtn_duration::Area::Cn,
        ali::describe_live_grtn_duration::Area::OverSeas,
    ])
}

#[tokio::test]
async fn alibaba_acs3_and_rpc_v1_signed_calls() {
    for scheme in [SigningScheme::Acs3HmacSha256, SigningScheme::AcsRpcHmacSha1] {
        let check = move |r: &Received| {
            expect(
                r.query_value("StartTime") == Some("2022-12-10T20:00:00Z")
                    && r.query_value("EndTime") == Some("2022-12-10T22:00:00Z")
                    && r.query_value("Area") == Some("CN,OverSeas"),
                "query",
            )?;
            expect(r.body.is_empty(), "empty body")?;
            match scheme {
                SigningScheme::Acs3HmacSha256 => expect(
                    r.header("x-acs-action") == Some("DescribeLiveGrtnDuration")
                        && r.header("x-acs-version") == Some("2016-11-01"),
                    "x-acs headers",
                ),
                _ => expect(
                    r.query_value("Action") == Some("DescribeLiveGrtnDuration")
                        && r.query_value("Version") == Some("2016-11-01"),
                    "action in query",
                ),
            }
        };
        let server = TestServer::start(signed_answer(
            scheme,
            "live",
            "cn-hangzhou",
            check,
            GRTN_EXAMPLE.into(),
        ))
        .await;
        let mut cfg = config(&server, datetime!(2022-12-31 0:00 UTC));
        if scheme == SigningScheme::AcsRpcHmacSha1 {
            cfg = cfg.signing(scheme);
        }
        let client = ali::LiveClient::new(cfg).unwrap();
        assert_eq!(client.runtime().signing_scheme(), scheme);
        let response = client
            .describe_live_grtn_duration(grtn_request())
            .await
            .unwrap();
        let data = response.stream_detail_data.unwrap().stream_data;
        assert_eq!((data[0].duration, data[1].duration), (423304182, 454680793));
    }
}

#[tokio::test]
#[allow(deprecated)]
async fn every_success_response_carries_its_request_id() {
    // Read the same way for every provider, wherever its envelope puts the id.
    let server = TestServer::start(|_, _| Answer::Respond(200, tencent(VOD_EXAMPLE))).await;
    let client = vod::VodClient::new(config(&server, datetime!(2021-06-01 0:00 +8))).unwrap();
    let r = client
        .describe_media_play_stat_details(vod_two_hours())
        .await
        .unwrap();
    assert_eq!(r.request_id(), Some("6ca31e3a-6b8e-4b4e-9256-fdc700064ef3"));

    let server =
        TestServer::start(|_, _| Answer::Respond(200, tencent(&ISP_PAGE.replace("PAGE", "1"))))
            .await;
    let client = tlive::LiveClient::new(config(&server, datetime!(2019-03-01 13:00 +8))).unwrap();
    let r = client
        .describe_pro_isp_play_sum_info_list(tlive::DescribeProIspPlaySumInfoListRequest::new(
            datetime!(2019-03-01 0:00 +8),
            datetime!(2019-03-01 12:00 +8),
            tlive::describe_pro_isp_play_sum_info_list::StatType::Province,
        ))
        .await
        .unwrap();
    assert_eq!(r.request_id(), Some("req-1"));

    let server = TestServer::start(|_, _| Answer::Respond(200, tencent(TRTC_EXAMPLE))).await;
    let client = trtc::TrtcClient::new(config(&server, datetime!(2020-10-01 0:00 +8))).unwrap();
    let r = client
        .describe_trtc_interactive_time(trtc::DescribeTrtcInteractiveTimeRequest::new(
            date!(2020 - 09 - 07),
            date!(2020 - 09 - 08),
        ))
        .await
        .unwrap();
    assert_eq!(r.request_id(), Some("644956b8-9f7c-44c5-b833-31d91dba1b24"));

    // Volcengine's id is in ResponseMetadata, outside the Result payload.
    let server = TestServer::start(|_, _| Answer::Respond(200, VOLC_EXAMPLE.into())).await;
    let client = volc::LiveClient::new(config(&server, datetime!(2021-05-01 0:00 +8))).unwrap();
    let r = client
        .describe_live_transcode_data(volc_request())
        .await
        .unwrap();
    assert_eq!(r.request_id(), Some("201806041104200100100232280022D30"));

    let server = TestServer::start(|_, _| Answer::Respond(200, GRTN_EXAMPLE.into())).await;
    let client = ali::LiveClient::new(config(&server, datetime!(2022-12-31 0:00 UTC))).unwrap();
    let r = client
        .describe_live_grtn_duration(grtn_request())
        .await
        .unwrap();
    assert_eq!(r.request_id(), Some("B955107D-E658-4E77-B913-E0AC3D31693E"));
}

// ---------- errors, retries, timeouts ----------

#[tokio::test]
async fn each_provider_error_envelope_maps_to_its_typed_error() {
    let server = TestServer::start(|_, _| {
        Answer::Respond(
            200,
            tencent_error("InvalidParameterValue.FileId", "tc-req-1"),
        )
    })
    .await;
    let client = vod::VodClient::new(config(&server, datetime!(2021-06-01 0:00 +8))).unwrap();
    let err = client
        .describe_media_play_stat_details(vod_two_hours())
        .await
        .unwrap_err();
    assert_eq!(
        err.code(),
        Some(&vod::DescribeMediaPlayStatDetailsErrorCode::InvalidParameterValueFileId)
    );
    assert_eq!(err.request_id(), Some("tc-req-1"));
    assert!(err
        .raw_body()
        .unwrap()
        .contains("InvalidParameterValue.FileId"));
    assert_eq!(server.received().len(), 1, "not retryable: sent once");

    let server = TestServer::start(|_, _| Answer::Respond(403, r#"{"ResponseMetadata":{"RequestId":"volc-req-2","Error":{"Code":"RequestForbidden.BillingStatus","Message":"Billing status is not available"}}}"#.into())).await;
    let client = volc::LiveClient::new(config(&server, datetime!(2021-05-01 0:00 +8))).unwrap();
    let err = client
        .describe_live_transcode_data(volc::DescribeLiveTranscodeDataRequest::new(
            datetime!(2021-04-13 0:00 +8),
            datetime!(2021-04-14 0:00 +8),
        ))
        .await
        .unwrap_err();
    let Error::Api(api) = &err else {
        panic!("{err}")
    };
    assert_eq!(
        api.code,
        volc::DescribeLiveTranscodeDataErrorCode::RequestForbiddenBillingStatus
    );
    assert_eq!(
        (api.http_status, api.request_id.as_deref()),
        (403, Some("volc-req-2"))
    );

    let server = TestServer::start(|_, _| Answer::Respond(403, r#"{"Code":"OperationDenied","Message":"Your LIVE service is suspended.","RequestId":"ali-req-3"}"#.into())).await;
    let client = ali::LiveClient::new(config(&server, datetime!(2022-12-31 0:00 UTC))).unwrap();
    let err = client
        .describe_live_grtn_duration(grtn_request())
        .await
        .unwrap_err();
    assert_eq!(
        err.code(),
        Some(&ali::DescribeLiveGrtnDurationErrorCode::OperationDenied)
    );
    assert_eq!(err.request_id(), Some("ali-req-3"));
}

#[tokio::test]
async fn throttling_is_retried_then_succeeds() {
    let server = TestServer::start(|_, i| {
        if i == 0 {
            Answer::Respond(503, r#"{"Code":"Throttling","Message":"Request was denied due to request throttling.","RequestId":"t1"}"#.into())
        } else {
            Answer::Respond(200, GRTN_EXAMPLE.into())
        }
    })
    .await;
    let client = ali::LiveClient::new(config(&server, datetime!(2022-12-31 0:00 UTC))).unwrap();
    assert!(client
        .describe_live_grtn_duration(grtn_request())
        .await
        .is_ok());
    assert_eq!(server.received().len(), 2);
}

const VOLC_THROTTLED: &str = r#"{"ResponseMetadata":{"RequestId":"volc-throttled","Error":{"Code":"AccountFlowLimitExceeded","Message":"Account flow limit exceeded"}}}"#;

fn volc_request() -> volc::DescribeLiveTranscodeDataRequest {
    volc::DescribeLiveTranscodeDataRequest::new(
        datetime!(2021-04-13 0:00 +8),
        datetime!(2021-04-14 0:00 +8),
    )
}

#[tokio::test]
async fn volcengine_throttling_is_retried_no_sooner_than_retry_after() {
    let server = TestServer::start(|_, i| {
        if i == 0 {
            Answer::RespondWith(
                429,
                vec![("Retry-After".into(), "1".into())],
                VOLC_THROTTLED.into(),
            )
        } else {
            Answer::Respond(200, VOLC_EXAMPLE.into())
        }
    })
    .await;
    let patient = RetryPolicy {
        max_attempts: 3,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_secs(2),
    };
    let client =
        volc::LiveClient::new(config(&server, datetime!(2021-05-01 0:00 +8)).retry(patient))
            .unwrap();
    let response = client.describe_live_transcode_data(volc_request()).await;
    assert!(response.is_ok(), "{response:?}");
    let received = server.received();
    assert_eq!(received.len(), 2);
    // Measured at the server: the retry came no sooner than the server asked.
    let gap = received[1].at.duration_since(received[0].at);
    assert!(gap >= Duration::from_secs(1), "retried after {gap:?}");

    // A wait longer than the policy allows is not waited out: the caller gets the error.
    let server = TestServer::start(|_, _| {
        Answer::RespondWith(
            429,
            vec![("Retry-After".into(), "30".into())],
            VOLC_THROTTLED.into(),
        )
    })
    .await;
    let client =
        volc::LiveClient::new(config(&server, datetime!(2021-05-01 0:00 +8)).retry(patient))
            .unwrap();
    let err = client
        .describe_live_transcode_data(volc_request())
        .await
        .unwrap_err();
    assert!(err.is_throttling() && err.is_retryable(), "{err}");
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn an_http_429_is_throttling_whatever_its_code() {
    // A code no spec lists, with a 429: still throttling, so retried.
    let server = TestServer::start(|_, i| {
        if i == 0 {
            Answer::Respond(429, r#"{"ResponseMetadata":{"RequestId":"x","Error":{"Code":"SomethingNew","Message":"slow"}}}"#.into())
        } else {
            Answer::Respond(200, VOLC_EXAMPLE.into())
        }
    })
    .await;
    let client = volc::LiveClient::new(config(&server, datetime!(2021-05-01 0:00 +8))).unwrap();
    assert!(client
        .describe_live_transcode_data(volc_request())
        .await
        .is_ok());
    assert_eq!(server.received().len(), 2);
    // And without an envelope.
    let server = TestServer::start(|_, _| Answer::Respond(429, "busy".into())).await;
    let client = ali::LiveClient::new(
        config(&server, datetime!(2022-12-31 0:00 UTC)).retry(RetryPolicy::none()),
    )
    .unwrap();
    let err = client
        .describe_live_grtn_duration(grtn_request())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Http { status: 429, .. }) && err.is_throttling());
}

/// Every error says what kind it is, from the provider's spec, without a trait import: this
/// file does not `use cloudusage_runtime::ErrorCode`.
#[tokio::test]
async fn errors_say_whether_they_are_throttling_auth_or_retryable() {
    async fn tencent_error_for(code: &'static str) -> vod::DescribeMediaPlayStatDetailsError {
        let server =
            TestServer::start(move |_, _| Answer::Respond(200, tencent_error(code, "tc-kind")))
                .await;
        let client = vod::VodClient::new(
            config(&server, datetime!(2021-06-01 0:00 +8)).retry(RetryPolicy::none()),
        )
        .unwrap();
        client
            .describe_media_play_stat_details(vod_two_hours())
            .await
            .unwrap_err()
    }
    // (code, throttling, auth, retryable)
    let cases = [
        ("RequestLimitExceeded.UinLimitExceeded", true, false, true),
        // Not in the spec, but of the provider's throttling family.
        ("RequestLimitExceeded.SomethingNew", true, false, true),
        ("AuthFailure.SignatureFailure", false, true, false),
        ("AuthFailure.SomethingNew", false, true, false),
        ("InternalError", false, false, true),
        ("InvalidParameterValue.FileId", false, false, false),
    ];
    for (code, throttling, auth, retryable) in cases {
        let err = tencent_error_for(code).await;
        assert_eq!(err.code_str(), Some(code));
        let typed = err.code().unwrap();
        assert_eq!(typed.code(), code);
        assert_eq!(
            (typed.is_throttling(), typed.is_auth(), typed.is_retryable()),
            (throttling, auth, retryable),
            "{code}"
        );
        assert_eq!(
            (err.is_throttling(), err.is_auth(), err.is_retryable()),
            (throttling, auth, retryable),
            "{code}"
        );
        assert_eq!(err.request_id(), Some("tc-kind"));
    }

    // Alibaba: a throttling sub-code and an authorisation failure.
    for (code, status, throttling, auth) in [
        ("Throttling.User", 400, true, false),
        ("Forbidden.RAM", 403, false, true),
        ("InvalidAccessKeyId.NotFound", 404, false, true),
    ] {
        let body = format!(r#"{{"Code":"{code}","Message":"m","RequestId":"ali-kind"}}"#);
        let server = TestServer::start(move |_, _| Answer::Respond(status, body.clone())).await;
        let client = ali::LiveClient::new(
            config(&server, datetime!(2022-12-31 0:00 UTC)).retry(RetryPolicy::none()),
        )
        .unwrap();
        let err = client
            .describe_live_grtn_duration(grtn_request())
            .await
            .unwrap_err();
        assert_eq!(
            (err.is_throttling(), err.is_auth()),
            (throttling, auth),
            "{code}"
        );
        assert_eq!(err.http_status(), Some(status));
    }
}

#[tokio::test]
async fn server_failures_become_typed_errors() {
    let run = |answer: &'static str, status: u16| async move {
        let server = TestServer::start(move |_, _| Answer::Respond(status, answer.into())).await;
        let client = vod::VodClient::new(
            config(&server, datetime!(2021-06-01 0:00 +8)).retry(RetryPolicy::none()),
        )
        .unwrap();
        let err = client
            .describe_media_play_stat_details(vod_two_hours())
            .await
            .unwrap_err();
        (err, server.received().len())
    };
    let (err, _) = run("<html>oops</html>", 500).await;
    assert!(
        matches!(&err, Error::Http { status: 500, body, .. } if body.contains("oops")),
        "{err}"
    );
    let (err, _) = run(r#"{"Response":{"PlayStatInfoSet":[{"FileId""#, 200).await;
    assert!(matches!(&err, Error::Decode { .. }), "truncated: {err}");
    let (err, _) = run("not json at all", 200).await;
    assert!(
        matches!(&err, Error::Decode { body, .. } if body == "not json at all"),
        "{err}"
    );
    let (err, _) = run(
        r#"{"Response":{"RequestId":"r9","PlayStatInfoSet":"wrong"}}"#,
        200,
    )
    .await;
    assert!(
        matches!(&err, Error::Decode { request_id: Some(id), .. } if id == "r9"),
        "{err}"
    );

    // A 500 is retried up to the policy's limit.
    let server = TestServer::start(|_, _| Answer::Respond(500, "down".into())).await;
    let client = vod::VodClient::new(config(&server, datetime!(2021-06-01 0:00 +8))).unwrap();
    let _ = client
        .describe_media_play_stat_details(vod_two_hours())
        .await;
    assert_eq!(server.received().len(), 3);
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let server = TestServer::start(|_, _| Answer::Hang).await;
    let client = vod::VodClient::new(
        config(&server, datetime!(2021-06-01 0:00 +8))
            .timeout(Duration::from_millis(300))
            .retry(RetryPolicy::none()),
    )
    .unwrap();
    let started = std::time::Instant::now();
    let err = client
        .describe_media_play_stat_details(vod_two_hours())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout(_)), "{err}");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn options_of_one_call_replace_the_clients() {
    // Timeout, proven by the clock: the client waits 5 s, this call 300 ms.
    let server = TestServer::start(|_, _| Answer::Hang).await;
    let client = vod::VodClient::new(
        config(&server, datetime!(2021-06-01 0:00 +8)).retry(RetryPolicy::none()),
    )
    .unwrap();
    let started = std::time::Instant::now();
    let err = client
        .describe_media_play_stat_details(vod_two_hours())
        .timeout(Duration::from_millis(300))
        .await
        .unwrap_err();
    let took = started.elapsed();
    assert!(
        matches!(err, Error::Timeout(d) if d == Duration::from_millis(300)),
        "{err}"
    );
    assert!(
        took >= Duration::from_millis(300) && took < Duration::from_secs(2),
        "{took:?}"
    );

    // Retries: the client retries a 500 three times, this call not at all.
    let server = TestServer::start(|_, _| Answer::Respond(500, "down".into())).await;
    let client = vod::VodClient::new(config(&server, datetime!(2021-06-01 0:00 +8))).unwrap();
    let _ = client
        .describe_media_play_stat_details(vod_two_hours())
        .retry(RetryPolicy::none())
        .await;
    assert_eq!(server.received().len(), 1);

    // Validation: the client is strict, this call is not checked.
    let server = TestServer::start(|_, _| Answer::Respond(200, tencent(VOD_EXAMPLE))).await;
    let client = vod::VodClient::new(config(&server, datetime!(2021-06-01 0:00 +8))).unwrap();
    let unchecked = client
        .describe_media_play_stat_details(vod_hourly_over_a_month())
        .validation(cloudusage_runtime::ValidationMode::Off)
        .await;
    assert!(unchecked.is_ok(), "{unchecked:?}");
    assert!(client
        .describe_media_play_stat_details(vod_hourly_over_a_month())
        .await
        .is_err());
    assert_eq!(server.received().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calls_with_options_share_the_clients_rate_limit() {
    // Alibaba's API allows 10 calls per second: 11 calls, some with options of their own,
    // must not reach the server within one second.
    let server = TestServer::start(|_, _| Answer::Respond(200, GRTN_EXAMPLE.into())).await;
    let client = ali::LiveClient::new(
        config(&server, datetime!(2022-12-31 0:00 UTC))
            .credentials(Credentials::new("AKID-options", ACCESS_KEY_SECRET)),
    )
    .unwrap();
    let calls = (0..11).map(|i| {
        let client = client.clone();
        tokio::spawn(async move {
            let call = client.describe_live_grtn_duration(grtn_request());
            if i % 2 == 0 {
                call.timeout(Duration::from_secs(3))
                    .retry(RetryPolicy::none())
                    .await
            } else {
                call.await
            }
        })
    });
    for call in futures_util::future::join_all(calls).await {
        assert!(call.unwrap().is_ok());
    }
    let mut times: Vec<_> = server.received().iter().map(|r| r.at).collect();
    times.sort();
    assert_eq!(times.len(), 11);
    assert!(times[10].duration_since(times[0]) >= Duration::from_secs(1));
}

#[tokio::test]
async fn every_api_rejects_an_end_before_its_start() {
    let server = TestServer::start(|_, _| Answer::Respond(500, "must not be sent".into())).await;
    let backwards = |err: String| {
        assert!(err.contains("must not be before"), "{err}");
    };
    let c = vod::VodClient::new(config(&server, datetime!(2021-06-01 0:00 +8))).unwrap();
    let r = vod::DescribeMediaPlayStatDetailsRequest::new(
        "x",
        datetime!(2021-01-01 2:00 +8),
        datetime!(2021-01-01 0:00 +8),
    );
    let err = c
        .describe_media_play_stat_details(r)
        .await
        .unwrap_err()
        .to_string();
    // Times are shown in the parameter's wire format.
    assert!(
        err.contains("EndTime = 2021-01-01T00:00:00+08:00 (start 2021-01-01T02:00:00+08:00)"),
        "{err}"
    );
    backwards(err);
    let c = tlive::LiveClient::new(config(&server, datetime!(2019-03-01 13:00 +8))).unwrap();
    let r = tlive::DescribeProIspPlaySumInfoListRequest::new(
        datetime!(2019-03-01 12:00 +8),
        datetime!(2019-03-01 0:00 +8),
        tlive::describe_pro_isp_play_sum_info_list::StatType::Province,
    );
    let err = c
        .describe_pro_isp_play_sum_info_list(r)
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("EndTime = 2019-03-01 00:00:00 (start 2019-03-01 12:00:00)"),
        "{err}"
    );
    backwards(err);
    #[allow(deprecated)]
    {
        let c = trtc::TrtcClient::new(config(&server, datetime!(2020-10-01 0:00 +8))).unwrap();
        let r = trtc::DescribeTrtcInteractiveTimeRequest::new(
            date!(2020 - 09 - 08),
            date!(2020 - 09 - 07),
        );
        let err = c
            .describe_trtc_interactive_time(r)
            .await
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("EndTime = 2020-09-07 (start 2020-09-08)"),
            "{err}"
        );
        backwards(err);
    }
    let c = volc::LiveClient::new(config(&server, datetime!(2021-05-01 0:00 +8))).unwrap();
    let r = volc::DescribeLiveTranscodeDataRequest::new(
        datetime!(2021-04-14 0:00 +8),
        datetime!(2021-04-13 0:00 +8),
    );
    backwards(
        c.describe_live_transcode_data(r)
            .await
            .unwrap_err()
            .to_string(),
    );
    let c = ali::LiveClient::new(config(&server, datetime!(2022-12-31 0:00 UTC))).unwrap();
    let r = ali::DescribeLiveGrtnDurationRequest::new(
        datetime!(2022-12-10 22:00 UTC),
        datetime!(2022-12-10 20:00 UTC),
    );
    backwards(
        c.describe_live_grtn_duration(r)
            .await
            .unwrap_err()
            .to_string(),
    );
    assert!(server.received().is_empty(), "nothing is sent");
}

#[tokio::test]
async fn invalid_requests_are_never_sent() {
    let server = TestServer::start(|_, _| Answer::Respond(200, tencent(VOD_EXAMPLE))).await;
    let client = vod::VodClient::new(config(&server, datetime!(2021-06-01 0:00 +8))).unwrap();
    let request = vod_hourly_over_a_month();
    let err = client
        .describe_media_play_stat_details(request)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Validation(v) if v.concerns("EndTime")),
        "{err}"
    );
    assert!(server.received().is_empty());
}

#[test]
fn secrets_never_reach_debug_output() {
    let client = vod::VodClient::new(ClientConfig::new(
        Credentials::new(ACCESS_KEY_ID, ACCESS_KEY_SECRET).with_session_token("sts-token-secret"),
    ))
    .unwrap();
    let shown = format!("{client:?}");
    assert!(shown.contains(ACCESS_KEY_ID));
    assert!(
        !shown.contains(ACCESS_KEY_SECRET) && !shown.contains("sts-token-secret"),
        "{shown}"
    );
}

#[tokio::test]
async fn the_test_server_rejects_a_wrong_signature() {
    // Without this, every signed-call test above would pass even if verification were a no-op.
    let server = TestServer::start(signed_answer(
        SigningScheme::Tc3HmacSha256,
        "vod",
        "",
        |_| Ok(()),
        tencent(VOD_EXAMPLE),
    ))
    .await;
    let wrong = config(&server, datetime!(2021-06-01 0:00 +8))
        .credentials(Credentials::new(ACCESS_KEY_ID, "not-the-secret"))
        .retry(RetryPolicy::none());
    let client = vod::VodClient::new(wrong).unwrap();
    let err = client
        .describe_media_play_stat_details(vod_two_hours())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Http { status: 401, body, .. } if body.contains("signature mismatch")),
        "{err}"
    );
}

/// Records the fields of every `WARN` event.
#[derive(Default, Clone)]
struct Warnings(std::sync::Arc<std::sync::Mutex<Vec<String>>>);

impl tracing::Subscriber for Warnings {
    fn enabled(&self, metadata: &tracing::Metadata<'_>) -> bool {
        *metadata.level() == tracing::Level::WARN
    }
    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        struct Text(String);
        impl tracing::field::Visit for Text {
            fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
                self.0.push_str(&format!("{}={:?} ", field.name(), value));
            }
        }
        let mut text = Text(String::new());
        event.record(&mut text);
        self.0.lock().unwrap().push(text.0);
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

#[test]
fn warn_and_off_modes_send_an_invalid_request_and_only_warn_says_why() {
    let warnings = Warnings::default();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let _guard = tracing::subscriber::set_default(warnings.clone());
    runtime.block_on(async {
        let server = TestServer::start(|_, _| Answer::Respond(200, tencent(VOD_EXAMPLE))).await;
        let client = vod::VodClient::new(
            config(&server, datetime!(2021-06-01 0:00 +8))
                .validation(cloudusage_runtime::ValidationMode::Warn),
        )
        .unwrap();
        let request = vod_hourly_over_a_month();
        let response = client
            .describe_media_play_stat_details(request.clone())
            .await;
        assert!(response.is_ok(), "{response:?}");
        assert_eq!(server.received().len(), 1);

        // Off: sent without a word.
        let unchecked = vod::VodClient::new(
            config(&server, datetime!(2021-06-01 0:00 +8))
                .validation(cloudusage_runtime::ValidationMode::Off),
        )
        .unwrap();
        let response = unchecked.describe_media_play_stat_details(request).await;
        assert!(response.is_ok(), "{response:?}");
        assert_eq!(server.received().len(), 2);
    });
    let warnings = warnings.0.lock().unwrap();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("DescribeMediaPlayStatDetails")
            && warnings[0].contains("EndTime")
            && warnings[0].contains("Interval = Hour"),
        "{}",
        warnings[0]
    );
}

#[tokio::test]
async fn session_tokens_never_reach_errors_or_debug_output() {
    const TOKEN: &str = "sts-token-secret";
    // A port nobody listens on: every attempt fails to connect.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let config = ClientConfig::new(
        Credentials::new(ACCESS_KEY_ID, ACCESS_KEY_SECRET).with_session_token(TOKEN),
    )
    .endpoint(format!("http://127.0.0.1:{port}"))
    .clock(|| datetime!(2022-12-11 0:00 UTC))
    .signing(SigningScheme::AcsRpcHmacSha1)
    .retry(RetryPolicy {
        max_attempts: 1,
        ..RetryPolicy::default()
    });
    let client = ali::LiveClient::new(config).unwrap();

    // RPC V1 signs the token into the URL; inspecting the request must not show it.
    let prepared = client.runtime().prepare(&grtn_request()).unwrap();
    assert!(prepared.url.contains(TOKEN), "the token is sent");
    let shown = format!("{prepared:?}");
    assert!(!shown.contains(TOKEN), "{shown}");
    assert!(shown.contains("SecurityToken=<redacted>"), "{shown}");

    let err = client
        .describe_live_grtn_duration(grtn_request())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    for shown in [err.to_string(), format!("{err:?}")] {
        assert!(!shown.contains(TOKEN), "{shown}");
    }
}
