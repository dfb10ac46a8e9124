//! The five seed specs load cleanly and keep the facts a careless transcription loses.

use std::path::PathBuf;

use cloudusage_codegen::load::load_dir;
use cloudusage_codegen::model::*;

fn specs_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../specs")
}

fn catalog() -> Catalog {
    match load_dir(&specs_dir()) {
        Ok(loaded) => loaded.catalog,
        Err(e) => panic!("specs/ must load without diagnostics:\n{e}"),
    }
}

fn api<'a>(
    c: &'a Catalog,
    provider: &str,
    service: &str,
    action: &str,
) -> (&'a Provider, &'a Service, &'a Api) {
    let p = c.providers.iter().find(|p| p.id == provider).unwrap();
    let s = p.services.iter().find(|s| s.id == service).unwrap();
    let a = s.apis.iter().find(|a| a.action == action).unwrap();
    (p, s, a)
}

fn days(d: &Option<SpecDuration>) -> Option<u64> {
    d.as_ref().map(|d| d.seconds / 86_400)
}

#[test]
fn the_five_seed_apis_load_with_zero_diagnostics() {
    // By name, not by count: a sixth spec dropped into `specs/` keeps this green.
    let c = catalog();
    for (provider, service, action) in [
        ("tencent", "vod", "DescribeMediaPlayStatDetails"),
        ("tencent", "live", "DescribeProIspPlaySumInfoList"),
        ("tencent", "trtc", "DescribeTrtcInteractiveTime"),
        ("volcengine", "live", "DescribeLiveTranscodeData"),
        ("alibaba", "live", "DescribeLiveGrtnDuration"),
    ] {
        let (_, _, a) = api(&c, provider, service, action);
        assert_eq!(a.action, action);
    }
}

#[test]
fn vod_spans_depend_on_interval_and_its_default() {
    let c = catalog();
    let (_, s, a) = api(&c, "tencent", "vod", "DescribeMediaPlayStatDetails");
    assert_eq!(
        (s.version.as_str(), s.endpoint.as_str()),
        ("2018-07-17", "vod.tencentcloudapi.com")
    );
    assert_eq!(
        a.rate_limit,
        Some(RateLimit {
            count: 20,
            per: RatePer::Second
        })
    );
    let by = |v: &str| {
        a.spans
            .iter()
            .find(|s| {
                s.when
                    .as_ref()
                    .is_some_and(|w| w.param == "Interval" && w.equals == Literal::Str(v.into()))
            })
            .unwrap()
    };
    assert_eq!(days(&by("Hour").max), Some(7));
    assert_eq!(days(&by("Day").max), Some(90));
    let Some(DefaultValue::BySpan(rule)) = &a.param("Interval").unwrap().default else {
        panic!("default_by_span")
    };
    assert_eq!(
        rule.rules[0].below.as_ref().map(|b| b.seconds),
        Some(86_400)
    );
    assert_eq!(rule.rules[0].value, Literal::Str("Hour".into()));
    assert_eq!(
        (rule.rules[1].below.is_none(), &rule.rules[1].value),
        (true, &Literal::Str("Day".into()))
    );
    assert_eq!(a.lookbacks[0].max.seconds, 365 * 86_400);
    assert_eq!(
        a.param("StartTime")
            .unwrap()
            .time
            .as_ref()
            .unwrap()
            .utc_offset_seconds,
        Some(8 * 3600)
    );
}

#[test]
fn live_pages_and_beijing_time() {
    let c = catalog();
    let (_, _, a) = api(&c, "tencent", "live", "DescribeProIspPlaySumInfoList");
    assert_eq!(
        a.rate_limit,
        Some(RateLimit {
            count: 100,
            per: RatePer::Second
        })
    );
    for (name, default) in [("PageNum", 1), ("PageSize", 20)] {
        let p = a.param(name).unwrap();
        assert_eq!(
            p.range,
            Some(NumRange {
                min: Some(1.0),
                max: Some(1000.0)
            }),
            "{name}"
        );
        assert_eq!(
            p.default,
            Some(DefaultValue::Value(Literal::Int(default))),
            "{name}"
        );
    }
    let t = a.param("StartTime").unwrap().time.clone().unwrap();
    assert_eq!(t.format, "[year]-[month]-[day] [hour]:[minute]:[second]");
    assert_eq!(t.utc_offset_seconds, Some(8 * 3600));
    assert_eq!(
        a.lookbacks
            .iter()
            .find(|l| l.param == "StartTime")
            .unwrap()
            .max
            .seconds,
        86_400
    );
    let p = a.pagination.as_ref().unwrap();
    assert_eq!(
        (
            p.page_number.as_str(),
            p.page_size.as_str(),
            p.items.as_str()
        ),
        ("PageNum", "PageSize", "DataInfoList")
    );
}

#[test]
fn volcengine_span_lookback_rate_and_aggregation() {
    let c = catalog();
    let (p, s, a) = api(&c, "volcengine", "live", "DescribeLiveTranscodeData");
    assert_eq!(p.envelope, Envelope::Volcengine);
    assert_eq!(s.default_region.as_deref(), Some("cn-north-1"));
    assert_eq!(days(&a.spans[0].max), Some(93));
    assert_eq!(a.lookbacks[0].max.seconds, 366 * 86_400);
    assert_eq!(
        a.rate_limit,
        Some(RateLimit {
            count: 100,
            per: RatePer::Minute
        })
    );
    let agg = a.param("Aggregation").unwrap();
    assert_eq!(agg.one_of, vec![Literal::Int(86_400)]);
    assert_eq!(agg.default, Some(DefaultValue::Value(Literal::Int(86_400))));
    assert!(a.param("StartTime").unwrap().required && a.param("EndTime").unwrap().required);
}

#[test]
fn trtc_dates_pin_and_deprecation() {
    let c = catalog();
    let (_, _, a) = api(&c, "tencent", "trtc", "DescribeTrtcInteractiveTime");
    assert_eq!(days(&a.spans[0].max), Some(31));
    assert!(a.spans[0].end_inclusive);
    assert_eq!(a.param("StartTime").unwrap().ty, TypeRef::Date);
    assert_eq!(
        a.param("StartTime").unwrap().time.as_ref().unwrap().format,
        "[year]-[month]-[day]"
    );
    assert_eq!(a.regions, vec!["ap-guangzhou".to_string()]);
    assert!(a.deprecated.is_some());
    let usage = a.type_def("OneSdkAppIdUsagesInfo").unwrap();
    let TypeKind::Struct(fields) = &usage.kind else {
        panic!()
    };
    assert_eq!(
        fields.iter().find(|f| f.name == "SdkAppId").unwrap().wire,
        WireQuirk::IdOrWord
    );
}

#[test]
fn alibaba_spans_lookback_app_ids_and_duration_quirk() {
    let c = catalog();
    let (p, _, a) = api(&c, "alibaba", "live", "DescribeLiveGrtnDuration");
    assert_eq!(p.signing.default, SigningScheme::Acs3HmacSha256);
    assert_eq!(p.signing.also, vec![SigningScheme::AcsRpcHmacSha1]);
    assert_eq!(a.spans[0].min.as_ref().map(|d| d.seconds), Some(300));
    assert_eq!(days(&a.spans[0].max), Some(31));
    assert_eq!(a.lookbacks[0].max.seconds, 90 * 86_400);
    let app = a.param("AppId").unwrap();
    assert_eq!(
        (
            app.location,
            app.list_encoding,
            app.items.and_then(|i| i.max)
        ),
        (Location::Query, Some(ListEncoding::Comma), Some(30))
    );
    let TypeKind::Struct(fields) = &a.type_def("StreamData").unwrap().kind else {
        panic!()
    };
    assert_eq!(
        fields.iter().find(|f| f.name == "Duration").unwrap().wire,
        WireQuirk::NumberOrString
    );
    let TypeKind::Enum(area) = &a.type_def("Area").unwrap().kind else {
        panic!()
    };
    assert!(area.open);
    let op = a
        .errors
        .iter()
        .find(|e| e.code == "OperationDenied")
        .unwrap();
    assert_eq!((op.http_status, op.messages.len()), (Some(403), 2));
}

#[test]
fn providers_declare_the_common_error_families() {
    let c = catalog();
    let has = |provider: &str, code: &str| {
        c.providers
            .iter()
            .find(|p| p.id == provider)
            .unwrap()
            .errors
            .iter()
            .any(|e| e.code == code)
    };
    for code in [
        "AuthFailure.SignatureFailure",
        "AuthFailure.SignatureExpire",
        "AuthFailure.SecretIdNotFound",
        "RequestLimitExceeded",
        "InternalError",
        "InvalidParameter",
    ] {
        assert!(has("tencent", code), "tencent {code}");
    }
    for code in [
        "SignatureDoesNotMatch",
        "InvalidTimestamp",
        "InvalidAccessKey",
        "FlowLimitExceeded",
        "InternalError",
        "InvalidParameter",
    ] {
        assert!(has("volcengine", code), "volcengine {code}");
    }
    for code in [
        "SignatureDoesNotMatch",
        "InvalidTimeStamp.Expired",
        "InvalidAccessKeyId.NotFound",
        "Throttling",
        "InternalError",
        "InvalidParameter",
    ] {
        assert!(has("alibaba", code), "alibaba {code}");
    }
}
