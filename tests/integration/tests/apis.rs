//! Per API: a valid request passes, each documented limit rejects the value just past it and
//! accepts the value at it, the page's example response parses, every error code maps.

use cloudusage::alibaba::live::describe_live_grtn_duration as grtn;
use cloudusage::tencent::live::describe_pro_isp_play_sum_info_list as isp;
#[allow(deprecated)]
use cloudusage::tencent::trtc::describe_trtc_interactive_time as trtc;
use cloudusage::tencent::vod::describe_media_play_stat_details as vod;
use cloudusage::volcengine::live::describe_live_transcode_data as volc;
use cloudusage_runtime::{ErrorCode, Rule, ValidationContext};
use time::macros::{date, datetime};
use time::Duration;

fn ctx(now: time::OffsetDateTime) -> ValidationContext {
    ValidationContext::at(now, None)
}

fn rules(e: &cloudusage_runtime::ValidationErrors) -> Vec<(&'static str, &Rule)> {
    e.violations.iter().map(|v| (v.param, &v.rule)).collect()
}

// ---------- VOD ----------

#[test]
fn vod_hourly_allows_seven_days_and_not_a_second_more() {
    let now = datetime!(2024-06-30 0:00 +8);
    let start = datetime!(2024-06-01 0:00 +8);
    let ok = vod::DescribeMediaPlayStatDetailsRequest::new(
        "5285485487985271487",
        start,
        start + Duration::days(7),
    )
    .interval(vod::Interval::Hour);
    assert_eq!(ok.validate(&ctx(now)), Ok(()));
    let over = vod::DescribeMediaPlayStatDetailsRequest::new(
        "f",
        start,
        start + Duration::days(7) + Duration::seconds(1),
    )
    .interval(vod::Interval::Hour);
    let err = over.validate(&ctx(now)).unwrap_err();
    assert!(
        matches!(rules(&err)[..], [("EndTime", Rule::MaxSpan { .. })]),
        "{err}"
    );
    assert!(err.to_string().contains("EndTime"), "{err}");
}

#[test]
fn vod_daily_allows_ninety_days() {
    let now = datetime!(2024-12-30 0:00 +8);
    let start = datetime!(2024-06-01 0:00 +8);
    let at = vod::DescribeMediaPlayStatDetailsRequest::new("f", start, start + Duration::days(90))
        .interval(vod::Interval::Day);
    assert_eq!(at.validate(&ctx(now)), Ok(()));
    let past = vod::DescribeMediaPlayStatDetailsRequest::new(
        "f",
        start,
        start + Duration::days(90) + Duration::seconds(1),
    )
    .interval(vod::Interval::Day);
    assert!(past.validate(&ctx(now)).unwrap_err().concerns("EndTime"));
}

#[test]
fn vod_default_interval_follows_the_span() {
    let now = datetime!(2024-06-30 0:00 +8);
    let start = datetime!(2024-06-01 0:00 +8);
    // Under a day: hourly by default.
    let short =
        vod::DescribeMediaPlayStatDetailsRequest::new("f", start, start + Duration::hours(23));
    assert_eq!(short.effective_interval(), vod::Interval::Hour);
    // A day or more: daily by default, so 8 days pass (the hourly limit does not apply)...
    let eight =
        vod::DescribeMediaPlayStatDetailsRequest::new("f", start, start + Duration::days(8));
    assert_eq!(eight.effective_interval(), vod::Interval::Day);
    assert_eq!(eight.validate(&ctx(now)), Ok(()));
    // ...unless hourly is asked for explicitly.
    assert!(eight
        .interval(vod::Interval::Hour)
        .validate(&ctx(now))
        .is_err());
}

#[test]
fn vod_looks_back_one_year() {
    let now = datetime!(2025-01-01 0:00 +8);
    let at = vod::DescribeMediaPlayStatDetailsRequest::new(
        "f",
        now - Duration::days(365),
        now - Duration::days(364),
    );
    assert_eq!(at.validate(&ctx(now)), Ok(()));
    let before = vod::DescribeMediaPlayStatDetailsRequest::new(
        "f",
        now - Duration::days(365) - Duration::seconds(1),
        now - Duration::days(364),
    );
    assert!(matches!(
        rules(&before.validate(&ctx(now)).unwrap_err())[..],
        [("StartTime", Rule::Lookback { .. })]
    ));
}

#[test]
fn vod_end_before_start_is_rejected() {
    let now = datetime!(2024-06-30 0:00 +8);
    let r = vod::DescribeMediaPlayStatDetailsRequest::new(
        "f",
        datetime!(2024-06-02 0:00 +8),
        datetime!(2024-06-01 0:00 +8),
    )
    .interval(vod::Interval::Day);
    assert!(matches!(
        rules(&r.validate(&ctx(now)).unwrap_err())[..],
        [("EndTime", Rule::Order { .. })]
    ));
}

#[test]
fn vod_wire_format_is_iso_in_beijing_time() {
    let r = vod::DescribeMediaPlayStatDetailsRequest::new(
        "f",
        datetime!(2021-01-01 0:00 UTC),
        datetime!(2021-01-01 2:00 UTC),
    );
    let wire = r.to_wire().unwrap();
    assert_eq!(wire.body["StartTime"], "2021-01-01T08:00:00+08:00");
    assert!(wire.body.get("Interval").is_none(), "defaults are not sent");
}

#[test]
fn vod_example_response_parses() {
    let body = r#"{"PlayStatInfoSet":[{"FileId":"5285485487985271487","Time":"2021-01-01T00:00:00+08:00","PlayTimes":13,"Traffic":23434},{"FileId":"5285485487985271487","Time":"2021-01-01T01:00:00+08:00","PlayTimes":3,"Traffic":2334}],"RequestId":"6ca31e3a-6b8e-4b4e-9256-fdc700064ef3","Unexpected":1}"#;
    let r: vod::DescribeMediaPlayStatDetailsResponse =
        cloudusage_runtime::json::from_str(body).unwrap();
    assert_eq!(r.play_stat_info_set.len(), 2);
    assert_eq!(r.play_stat_info_set[0].play_times, 13);
    assert_eq!(r.play_stat_info_set[1].traffic, 2334);
    assert_eq!(r.play_stat_info_set[1].time, datetime!(2021-01-01 1:00 +8));
    assert_eq!(r.request_id, "6ca31e3a-6b8e-4b4e-9256-fdc700064ef3");
}

#[test]
fn vod_error_codes_map() {
    use cloudusage::tencent::vod::CommonErrorCode as Common;
    use vod::DescribeMediaPlayStatDetailsErrorCode as C;
    for (code, expected) in [
        ("FailedOperation", C::FailedOperation),
        ("FailedOperation.DBError", C::FailedOperationDbError),
        (
            "InvalidParameterValue.EndTime",
            C::InvalidParameterValueEndTime,
        ),
        (
            "InvalidParameterValue.FileId",
            C::InvalidParameterValueFileId,
        ),
        (
            "InvalidParameterValue.Interval",
            C::InvalidParameterValueInterval,
        ),
        (
            "InvalidParameterValue.StartTime",
            C::InvalidParameterValueStartTime,
        ),
        (
            "AuthFailure.SignatureFailure",
            C::Common(Common::AuthFailureSignatureFailure),
        ),
        (
            "RequestLimitExceeded",
            C::Common(Common::RequestLimitExceeded),
        ),
    ] {
        let mapped = C::from_code(code);
        assert_eq!(mapped, expected);
        assert_eq!(mapped.code(), code);
    }
    assert!(C::Common(Common::RequestLimitExceeded).retryable());
    assert!(C::Common(Common::InternalError).retryable());
    assert!(!C::InvalidParameterValueFileId.retryable());
    // A code nobody documents is kept, inside the provider's common type.
    let unknown = C::from_code("Brand.New");
    assert_eq!(unknown, C::Common(Common::Unknown("Brand.New".into())));
    assert_eq!(unknown.code(), "Brand.New");
    assert!(!unknown.is_documented());
    assert!(C::InvalidParameterValueFileId.is_documented());
}

// ---------- Tencent Live ----------

fn isp_request(now: time::OffsetDateTime) -> isp::DescribeProIspPlaySumInfoListRequest {
    isp::DescribeProIspPlaySumInfoListRequest::new(
        now - Duration::hours(12),
        now,
        isp::StatType::Province,
    )
}

#[test]
fn live_page_ranges_and_defaults() {
    let now = datetime!(2019-03-01 12:00 +8);
    assert_eq!(isp_request(now).validate(&ctx(now)), Ok(()));
    assert_eq!(isp_request(now).effective_page_num(), 1);
    assert_eq!(isp_request(now).effective_page_size(), 20);
    for (n, ok) in [(1, true), (1000, true), (0, false), (1001, false)] {
        assert_eq!(
            isp_request(now).page_num(n).validate(&ctx(now)).is_ok(),
            ok,
            "PageNum {n}"
        );
        assert_eq!(
            isp_request(now).page_size(n).validate(&ctx(now)).is_ok(),
            ok,
            "PageSize {n}"
        );
    }
    let both = isp_request(now)
        .page_num(0)
        .page_size(1001)
        .validate(&ctx(now))
        .unwrap_err();
    assert_eq!(both.violations.len(), 2, "all failures together: {both}");
}

#[test]
fn live_only_the_last_day() {
    let now = datetime!(2019-03-02 12:00 +8);
    let at = isp::DescribeProIspPlaySumInfoListRequest::new(
        now - Duration::days(1),
        now,
        isp::StatType::Isp,
    );
    assert_eq!(at.validate(&ctx(now)), Ok(()));
    let before = isp::DescribeProIspPlaySumInfoListRequest::new(
        now - Duration::days(1) - Duration::seconds(1),
        now,
        isp::StatType::Isp,
    );
    assert!(before
        .validate(&ctx(now))
        .unwrap_err()
        .concerns("StartTime"));
}

#[test]
fn live_wire_is_beijing_time_without_offset() {
    let r = isp::DescribeProIspPlaySumInfoListRequest::new(
        datetime!(2019-02-28 16:00 UTC),
        datetime!(2019-03-01 4:00 UTC),
        isp::StatType::Province,
    )
    .play_domains(["5000.playdomain.com"]);
    let wire = r.to_wire().unwrap();
    assert_eq!(wire.body["StartTime"], "2019-03-01 00:00:00");
    assert_eq!(wire.body["EndTime"], "2019-03-01 12:00:00");
    assert_eq!(
        wire.body["PlayDomains"],
        serde_json::json!(["5000.playdomain.com"])
    );
}

pub const ISP_EXAMPLE: &str = r#"{"DataInfoList":[{"Name":"Shandong","TotalFlux":50.0,"TotalRequest":50,"AvgFluxPerSecond":10.1}],"TotalFlux":100.0,"TotalRequest":100,"AvgFluxPerSecond":100,"PageSize":10,"PageNum":1,"TotalNum":10,"TotalPage":2,"StatType":"Province","RequestId":"e6628973-db6a-48f1-9fcd-fe0b3ba54bc9"}"#;

#[test]
fn live_example_response_parses() {
    let r: isp::DescribeProIspPlaySumInfoListResponse =
        cloudusage_runtime::json::from_str(ISP_EXAMPLE).unwrap();
    assert_eq!(r.data_info_list[0].name, "Shandong");
    assert_eq!(r.data_info_list[0].avg_flux_per_second, 10.1);
    assert_eq!(
        (r.total_num, r.total_page, r.avg_flux_per_second),
        (10, 2, 100.0)
    );
}

#[test]
fn live_error_codes_map() {
    use isp::DescribeProIspPlaySumInfoListErrorCode as C;
    for (code, expected) in [
        ("FailedOperation", C::FailedOperation),
        ("InvalidParameterValue", C::InvalidParameterValue),
        ("MissingParameter", C::MissingParameter),
    ] {
        assert_eq!(C::from_code(code), expected);
    }
}

// ---------- Volcengine ----------

#[test]
fn volcengine_span_lookback_and_aggregation() {
    let now = datetime!(2022-01-01 0:00 +8);
    let start = datetime!(2021-04-13 0:00 +8);
    let ok = volc::DescribeLiveTranscodeDataRequest::new(start, start + Duration::days(93))
        .domain_list(["example.com", "example2.com"])
        .aggregation(86400);
    assert_eq!(ok.validate(&ctx(now)), Ok(()));
    let long = volc::DescribeLiveTranscodeDataRequest::new(
        start,
        start + Duration::days(93) + Duration::seconds(1),
    );
    assert!(long.validate(&ctx(now)).unwrap_err().concerns("EndTime"));
    let hourly = volc::DescribeLiveTranscodeDataRequest::new(start, start + Duration::days(1))
        .aggregation(3600);
    assert!(matches!(
        rules(&hourly.validate(&ctx(now)).unwrap_err())[..],
        [("Aggregation", Rule::OneOf { .. })]
    ));
    let at = volc::DescribeLiveTranscodeDataRequest::new(
        now - Duration::days(366),
        now - Duration::days(365),
    );
    assert_eq!(at.validate(&ctx(now)), Ok(()));
    let old = volc::DescribeLiveTranscodeDataRequest::new(
        now - Duration::days(366) - Duration::seconds(1),
        now - Duration::days(365),
    );
    assert!(old.validate(&ctx(now)).unwrap_err().concerns("StartTime"));
}

pub const VOLC_EXAMPLE: &str = r#"{"DomainList":["example.com"],"StartTime":"2021-04-13T00:00:00+08:00","EndTime":"2021-04-14T00:00:00+08:00","Aggregation":86400,"Duration":12.860403541550001,"TranscodeDataList":[{"Duration":1.4475713543666666,"Resolution":"720P","TimeStamp":"2022-03-07T00:00:00+08:00","TranscodeType":"Normal_H264"},{"Duration":11.412832187183334,"Resolution":"720P","TimeStamp":"2022-03-08T00:00:00+08:00","TranscodeType":"Normal_H264"}]}"#;

#[test]
fn volcengine_example_response_parses() {
    let r: volc::DescribeLiveTranscodeDataResponse =
        cloudusage_runtime::json::from_str(VOLC_EXAMPLE).unwrap();
    assert_eq!(r.duration, 12.860403541550001);
    assert_eq!(r.transcode_data_list[0].resolution, volc::Resolution::R720p);
    assert_eq!(
        r.transcode_data_list[0].transcode_type,
        volc::TranscodeType::NormalH264
    );
    assert_eq!(
        r.transcode_data_list[1].time_stamp,
        datetime!(2022-03-08 0:00 +8)
    );
    // Open enums keep values the page does not list.
    let r: volc::TranscodeData = cloudusage_runtime::json::from_str(r#"{"Duration":1,"Resolution":"8K","TimeStamp":"2022-03-07T00:00:00+08:00","TranscodeType":"Normal_AV1"}"#).unwrap();
    assert_eq!(r.resolution, volc::Resolution::Unknown("8K".into()));
}

#[test]
fn volcengine_error_codes_map_with_statuses() {
    use volc::DescribeLiveTranscodeDataErrorCode as C;
    for (code, status, retry) in [
        ("CommonErr", 200, true),
        ("InvalidParam", 400, false),
        ("InvalidParam.BindError", 400, false),
        ("RequestForbidden", 403, false),
        ("RequestForbidden.AccountIDNotAllow", 403, false),
        ("RequestForbidden.BillingStatus", 403, false),
        ("ResourceNotFound", 404, true),
        ("InternalError", 500, true),
        ("InternalServiceError", 502, true),
        ("InternalServiceError.BadResponse", 502, true),
        ("InternalServiceTimeout", 504, true),
        ("FlowLimitExceeded", 429, true),
    ] {
        let c = C::from_code(code);
        assert!(c.is_documented(), "{code}");
        assert_eq!(
            (c.http_status(), c.retryable()),
            (Some(status), retry),
            "{code}"
        );
    }
}

// ---------- TRTC ----------

#[allow(deprecated)]
mod trtc_tests {
    use super::*;

    #[test]
    fn trtc_thirty_one_days_inclusive_and_region_pin() {
        let now = datetime!(2020-12-01 0:00 +8);
        let pinned = ValidationContext::at(now, Some("ap-guangzhou".into()));
        let ok = trtc::DescribeTrtcInteractiveTimeRequest::new(
            date!(2020 - 09 - 01),
            date!(2020 - 10 - 01),
        );
        assert_eq!(ok.validate(&pinned), Ok(()), "31 days, both included");
        let long = trtc::DescribeTrtcInteractiveTimeRequest::new(
            date!(2020 - 09 - 01),
            date!(2020 - 10 - 02),
        );
        assert!(long.validate(&pinned).unwrap_err().concerns("EndTime"));
        let one_day = trtc::DescribeTrtcInteractiveTimeRequest::new(
            date!(2020 - 09 - 08),
            date!(2020 - 09 - 08),
        );
        assert_eq!(one_day.validate(&pinned), Ok(()));
        let elsewhere = ValidationContext::at(now, Some("ap-beijing".into()));
        assert!(matches!(
            rules(&ok.validate(&elsewhere).unwrap_err())[..],
            [("Region", Rule::Region { .. })]
        ));
        assert_eq!(ok.to_wire().unwrap().body["StartTime"], "2020-09-01");
    }

    pub const TRTC_TOTAL: &str = r#"{"Usages":[{"SdkAppId":"total","SdkAppIdTrtcTimeUsages":[{"TimeKey":"2020-09-08 00:05:00","AudioVideoTime":512916,"VideoTimeSd":0,"VideoTimeHd":0,"VideoTimeHdp":0,"AudioTime":0}],"TotalNum":3}],"RequestId":"644956b8-9f7c-44c5-b833-31d91dba1b24"}"#;

    #[test]
    fn trtc_examples_parse_with_ids_and_words() {
        let by_app = r#"{"Usages":[{"TotalNum":2,"SdkAppId":"1400243510","SdkAppIdTrtcTimeUsages":[{"AudioVideoTime":0,"VideoTimeSd":3633229,"VideoTimeHd":7266458,"VideoTimeHdp":10899687,"AudioTime":8435963,"TimeKey":"2020-09-07"}]}],"RequestId":"644956b8-9f7c-44c5-b833-31d91dba1b24"}"#;
        let r: trtc::DescribeTrtcInteractiveTimeResponse =
            cloudusage_runtime::json::from_str(by_app).unwrap();
        assert_eq!(r.usages[0].sdk_app_id.id(), Some(&1400243510));
        assert_eq!(
            r.usages[0].sdk_app_id_trtc_time_usages[0].video_time_hdp,
            10899687
        );
        let r: trtc::DescribeTrtcInteractiveTimeResponse =
            cloudusage_runtime::json::from_str(TRTC_TOTAL).unwrap();
        assert_eq!(r.usages[0].sdk_app_id.word(), Some("total"));
        assert_eq!(
            r.usages[0].sdk_app_id_trtc_time_usages[0].time_key,
            "2020-09-08 00:05:00"
        );
    }

    #[test]
    fn trtc_error_codes_map() {
        use trtc::DescribeTrtcInteractiveTimeErrorCode as C;
        for (code, expected) in [
            ("InternalError", C::InternalError),
            ("InternalError.DBError", C::InternalErrorDbError),
            ("InvalidParameter", C::InvalidParameter),
            ("InvalidParameter.SdkAppId", C::InvalidParameterSdkAppId),
        ] {
            assert_eq!(C::from_code(code), expected);
        }
    }
}

// ---------- Alibaba ----------

#[test]
fn alibaba_span_bounds_lookback_and_app_ids() {
    let now = datetime!(2022-12-31 0:00 UTC);
    let start = datetime!(2022-12-10 20:00 UTC);
    let r = |end| grtn::DescribeLiveGrtnDurationRequest::new(start, end);
    assert_eq!(r(start + Duration::minutes(5)).validate(&ctx(now)), Ok(()));
    assert!(matches!(
        rules(
            &r(start + Duration::minutes(5) - Duration::seconds(1))
                .validate(&ctx(now))
                .unwrap_err()
        )[..],
        [("EndTime", Rule::MinSpan { .. })]
    ));
    let now = datetime!(2023-02-01 0:00 UTC);
    let start = datetime!(2022-12-10 20:00 UTC);
    let r = |end| grtn::DescribeLiveGrtnDurationRequest::new(start, end);
    assert_eq!(r(start + Duration::days(31)).validate(&ctx(now)), Ok(()));
    assert!(r(start + Duration::days(31) + Duration::seconds(1))
        .validate(&ctx(now))
        .is_err());
    let now = start + Duration::days(90);
    assert_eq!(r(start + Duration::days(1)).validate(&ctx(now)), Ok(()));
    assert!(r(start + Duration::days(1))
        .validate(&ctx(now + Duration::seconds(1)))
        .unwrap_err()
        .concerns("StartTime"));
    let thirty = r(start + Duration::hours(1)).app_id((0..30).map(|i| format!("app{i}")));
    assert_eq!(thirty.validate(&ctx(now)), Ok(()));
    let wire = thirty.to_wire().unwrap();
    let app_ids = wire.query.iter().find(|(k, _)| k == "AppId").unwrap();
    assert_eq!(
        app_ids.1.split(',').count(),
        30,
        "one comma-joined parameter"
    );
    let thirty_one = r(start + Duration::hours(1)).app_id((0..31).map(|i| format!("app{i}")));
    assert!(matches!(
        rules(&thirty_one.validate(&ctx(now)).unwrap_err())[..],
        [("AppId", Rule::Items { .. })]
    ));
}

#[test]
fn alibaba_comma_joined_items_cannot_hold_a_comma() {
    let now = datetime!(2022-12-31 0:00 UTC);
    let r = grtn::DescribeLiveGrtnDurationRequest::new(
        datetime!(2022-12-10 20:00 UTC),
        datetime!(2022-12-10 22:00 UTC),
    );
    // "a,b" would reach the server as two app ids; an unlisted area likewise.
    let err = r
        .clone()
        .app_id(["app-1", "a,b"])
        .area([grtn::Area::Cn, grtn::Area::Unknown("US,EU".into())])
        .validate(&ctx(now))
        .unwrap_err();
    assert!(matches!(
        rules(&err)[..],
        [
            ("AppId", Rule::Separator { separator: ',' }),
            ("Area", Rule::Separator { separator: ',' })
        ]
    ));
    assert!(err.to_string().contains("\"a,b\""), "{err}");
    assert_eq!(r.app_id(["app-1", "app-2"]).validate(&ctx(now)), Ok(()));
}

#[test]
fn alibaba_wire_is_utc_z_and_comma_lists() {
    let r = grtn::DescribeLiveGrtnDurationRequest::new(
        datetime!(2022-12-11 4:00 +8),
        datetime!(2022-12-11 6:00 +8),
    )
    .area([grtn::Area::Cn, grtn::Area::OverSeas])
    .interval(grtn::Interval::OneHour);
    let wire = r.to_wire().unwrap();
    assert!(wire.body.is_empty());
    assert_eq!(
        wire.query,
        vec![
            ("StartTime".to_string(), "2022-12-10T20:00:00Z".to_string()),
            ("EndTime".to_string(), "2022-12-10T22:00:00Z".to_string()),
            ("Area".to_string(), "CN,OverSeas".to_string()),
            ("Interval".to_string(), "3600".to_string()),
        ]
    );
    assert_eq!(r.effective_interval(), grtn::Interval::OneHour);
}

pub const GRTN_EXAMPLE: &str = r#"{"StreamDetailData":{"StreamData":[{"TimeStamp":"2022-12-10T20:00:00Z","MediaType":"video","MediaProfile":"720P","Duration":"423304182"},{"TimeStamp":"2022-12-10T21:00:00Z","MediaType":"video","MediaProfile":"720P","Duration":"454680793"}]},"RequestId":"B955107D-E658-4E77-B913-E0AC3D31693E"}"#;

#[test]
fn alibaba_example_response_parses_duration_strings() {
    let r: grtn::DescribeLiveGrtnDurationResponse =
        cloudusage_runtime::json::from_str(GRTN_EXAMPLE).unwrap();
    let data = &r.stream_detail_data.unwrap().stream_data;
    assert_eq!(data[0].duration, 423304182);
    assert_eq!(data[1].duration, 454680793);
    assert_eq!(data[0].media_type, Some(grtn::MediaType::Video));
    assert_eq!(data[0].media_profile, Some(grtn::MediaProfile::R720p));
    assert_eq!(data[1].time_stamp, datetime!(2022-12-10 21:00 UTC));
}

#[test]
fn alibaba_error_codes_map_with_statuses() {
    use grtn::DescribeLiveGrtnDurationErrorCode as C;
    for (code, status) in [
        ("InvalidStartTime.Malformed", 400),
        ("InvalidEndTime.Malformed", 400),
        ("InvalidAreaParameter", 400),
        ("InvalidEndTime.Mismatch", 400),
        ("InvalidTimeSpan", 400),
        ("InvalidTime.ValueNotSupported", 400),
        ("InvalidTime.Malformed", 400),
        ("InvalidAppIdParameter", 400),
        ("InvalidParameterInterval", 400),
        ("Throttling", 503),
        ("IllegalOperation", 403),
        ("OperationDenied", 403),
    ] {
        let c = C::from_code(code);
        assert!(c.is_documented(), "{code}");
        assert_eq!(c.http_status(), Some(status), "{code}");
    }
    assert!(C::Throttling.retryable());
    assert!(!C::OperationDenied.retryable());
}
