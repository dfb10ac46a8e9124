//! The `cloudusage` binary end to end, against loopback servers on 127.0.0.1 that check
//! every signature: output formats, dry runs, exit statuses, profile files, range queries.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use cloudusage_runtime::sign::SigningScheme;
use cloudusage_tests::{
    verify_signature, Answer, Received, TestServer, ACCESS_KEY_ID, ACCESS_KEY_SECRET,
};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime, UtcOffset};

/// A fresh, empty home directory for one test.
fn home(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cloudusage-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs the binary with only `env` (and `HOME`) in its environment.
fn run(home: &Path, env: &[(&str, &str)], args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cloudusage"))
        .env_clear()
        .env("HOME", home)
        .envs(env.iter().copied())
        .args(args)
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const TENCENT_ENV: &[(&str, &str)] = &[
    ("TENCENTCLOUD_SECRET_ID", ACCESS_KEY_ID),
    ("TENCENTCLOUD_SECRET_KEY", ACCESS_KEY_SECRET),
];

/// Two days ago and two hours later, in VOD's zone (well inside its lookback).
fn vod_period() -> (String, String) {
    let start = (OffsetDateTime::now_utc() - Duration::days(2))
        .to_offset(UtcOffset::from_hms(8, 0, 0).unwrap())
        .replace_time(time::Time::MIDNIGHT);
    let end = start + Duration::hours(2);
    (
        start.format(&Rfc3339).unwrap(),
        end.format(&Rfc3339).unwrap(),
    )
}

const VOD_ROWS: &str = r#"{"Response": {"PlayStatInfoSet": [
    {"Time": "2025-01-01T00:00:00+08:00", "FileId": "52", "PlayTimes": 3, "Traffic": 12345678901234567},
    {"Time": "2025-01-01T01:00:00+08:00", "FileId": "52", "PlayTimes": 0, "Traffic": 0}
], "RequestId": "req-1"}}"#;

/// Answers `body` to requests whose TC3 signature checks out, else 401.
fn tencent_server(body: &'static str) -> impl Fn(&Received, usize) -> Answer + Send + Sync {
    move |r, _| match verify_signature(r, SigningScheme::Tc3HmacSha256, "vod", "") {
        Ok(()) => Answer::Respond(200, body.to_string()),
        Err(why) => Answer::Respond(401, format!("{{\"test-server\": {why:?}}}")),
    }
}

fn vod_args<'a>(server: &'a TestServer, period: &'a (String, String)) -> Vec<&'a str> {
    vec![
        "tencent",
        "vod",
        "describe-media-play-stat-details",
        "--endpoint",
        &server.url,
        "--file-id",
        "52",
        "--start-time",
        &period.0,
        "--end-time",
        &period.1,
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_output_format_of_a_seed_api() {
    let server = TestServer::start(tencent_server(VOD_ROWS)).await;
    let home = home("formats");
    let period = vod_period();
    let with = |format: Option<&str>| {
        let mut args = vod_args(&server, &period);
        if let Some(f) = format {
            args.extend(["--output", f]);
        }
        let o = run(&home, TENCENT_ENV, &args);
        assert!(o.status.success(), "{}", stderr(&o));
        stdout(&o)
    };
    let json = with(Some("json"));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["RequestId"], "req-1");
    // Numbers and times exactly as the server sent them.
    assert!(json.contains("\"Traffic\": 12345678901234567"), "{json}");
    assert!(
        json.contains("\"Time\": \"2025-01-01T00:00:00+08:00\""),
        "{json}"
    );
    // Piped, the default is JSON.
    assert_eq!(with(None), json);
    assert_eq!(
        with(Some("jsonl")),
        "{\"FileId\":\"52\",\"PlayTimes\":3,\"Time\":\"2025-01-01T00:00:00+08:00\",\"Traffic\":12345678901234567}\n\
         {\"FileId\":\"52\",\"PlayTimes\":0,\"Time\":\"2025-01-01T01:00:00+08:00\",\"Traffic\":0}\n"
    );
    assert_eq!(
        with(Some("csv")),
        "FileId,PlayTimes,Time,Traffic\n\
         52,3,2025-01-01T00:00:00+08:00,12345678901234567\n\
         52,0,2025-01-01T01:00:00+08:00,0\n"
    );
    assert_eq!(
        with(Some("table")),
        "FileId  PlayTimes  Time                       Traffic\n\
         ------  ---------  -------------------------  -----------------\n\
         52      3          2025-01-01T00:00:00+08:00  12345678901234567\n\
         52      0          2025-01-01T01:00:00+08:00  0\n"
    );
    // The request carried the times in the API's format and zone.
    let sent = &server.received()[0];
    assert_eq!(sent.json()["StartTime"], period.0.replace('Z', "+08:00"));
    assert_eq!(server.received().len(), 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dry_run_signs_redacts_and_sends_nothing() {
    let server = TestServer::start(tencent_server(VOD_ROWS)).await;
    let home = home("dry-run");
    let period = vod_period();
    let mut args = vod_args(&server, &period);
    args.push("--dry-run");
    let env = [
        TENCENT_ENV,
        &[("TENCENTCLOUD_SESSION_TOKEN", "session-token-do-not-leak")],
    ]
    .concat();
    let o = run(&home, &env, &args);
    assert!(o.status.success(), "{}", stderr(&o));
    let shown = stdout(&o);
    assert!(
        shown.starts_with(&format!("POST {}/\n", server.url)),
        "{shown}"
    );
    assert!(
        // Header names as HTTP/2 and the http crate write them: lower case.
        shown.contains("x-tc-action: DescribeMediaPlayStatDetails\n"),
        "{shown}"
    );
    assert!(
        shown.contains(&format!("Credential={ACCESS_KEY_ID}/")),
        "{shown}"
    );
    assert!(shown.contains("Signature=<redacted>"), "{shown}");
    assert!(shown.contains("x-tc-token: <redacted>"), "{shown}");
    assert!(shown.contains("\"FileId\":\"52\""), "{shown}");
    for secret in [ACCESS_KEY_SECRET, "session-token-do-not-leak"] {
        assert!(!shown.contains(secret) && !stderr(&o).contains(secret));
    }
    assert!(server.received().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_breaking_a_limit_is_not_sent() {
    let server = TestServer::start(tencent_server(VOD_ROWS)).await;
    let home = home("validation");
    let start = OffsetDateTime::now_utc() - Duration::days(40);
    let end = start + Duration::days(31);
    let period = (
        start.format(&Rfc3339).unwrap(),
        end.format(&Rfc3339).unwrap(),
    );
    let mut args = vod_args(&server, &period);
    args.extend(["--interval", "Hour"]);
    let o = run(&home, TENCENT_ENV, &args);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    // The library's own message.
    assert!(
        stderr(&o).contains("StartTime..EndTime must span at most 7d when Interval = Hour"),
        "{}",
        stderr(&o)
    );
    assert!(server.received().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exit_statuses_tell_failures_apart() {
    let home = home("exit");
    let period = vod_period();
    let status = |server: &TestServer, env: &[(&str, &str)], extra: &[&str]| {
        let mut args = vod_args(server, &period);
        args.extend(extra);
        let o = run(&home, env, &args);
        (o.status.code(), stderr(&o))
    };
    let answer = |code: u16, body: &'static str| {
        move |_: &Received, _: usize| Answer::Respond(code, body.to_string())
    };

    // Usage: a value the enum does not list; a time nobody could read.
    let idle = TestServer::start(answer(200, VOD_ROWS)).await;
    assert_eq!(
        status(&idle, TENCENT_ENV, &["--interval", "Week"]).0,
        Some(2)
    );
    let o = run(
        &home,
        TENCENT_ENV,
        &[
            "tencent",
            "vod",
            "describe-media-play-stat-details",
            "--file-id",
            "x",
            "--start-time",
            "yesterday",
            "--end-time",
            "now",
            "--endpoint",
            &idle.url,
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--start-time: cannot read \"yesterday\" as a time"),
        "{}",
        stderr(&o)
    );
    // Authentication: no credentials at all, or rejected ones.
    assert_eq!(status(&idle, &[], &[]).0, Some(4));
    assert!(idle.received().is_empty());
    let rejected = TestServer::start(answer(401, r#"{"message": "who are you"}"#)).await;
    assert_eq!(status(&rejected, TENCENT_ENV, &[]).0, Some(4));
    // ... or a code the provider's spec lists as authentication, sent with HTTP 200.
    let denied = TestServer::start(answer(
        200,
        r#"{"Response": {"Error": {"Code": "AuthFailure.SignatureFailure", "Message": "bad"}, "RequestId": "req-a"}}"#,
    ))
    .await;
    assert_eq!(status(&denied, TENCENT_ENV, &[]).0, Some(4));
    // Throttling (after the client's retries): HTTP 429, or a throttling code of the spec.
    let limited = TestServer::start(answer(
        200,
        r#"{"Response": {"Error": {"Code": "RequestLimitExceeded", "Message": "later"}, "RequestId": "req-t"}}"#,
    ))
    .await;
    assert_eq!(status(&limited, TENCENT_ENV, &[]).0, Some(5));
    let busy = TestServer::start(answer(429, r#"{"message": "slow down"}"#)).await;
    assert_eq!(status(&busy, TENCENT_ENV, &[]).0, Some(5));
    // A server error code: named with its documented description and the request id.
    let failing = TestServer::start(answer(
        200,
        r#"{"Response": {"Error": {"Code": "InvalidParameterValue.FileId", "Message": "no such file"}, "RequestId": "req-9"}}"#,
    ))
    .await;
    let (code, message) = status(&failing, TENCENT_ENV, &[]);
    assert_eq!(code, Some(6), "{message}");
    assert!(
        message.contains("InvalidParameterValue.FileId")
            && message.contains("The FileId does not exist.")
            && message.contains("req-9"),
        "{message}"
    );
    // Transport: nobody listens.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let mut args = vod_args(&idle, &period);
    args[4] = &closed;
    let o = run(&home, TENCENT_ENV, &args);
    assert_eq!(o.status.code(), Some(7), "{}", stderr(&o));
    // Configuration: an endpoint that is no URL.
    let mut args = vod_args(&idle, &period);
    args[4] = "ftp://nowhere/x";
    assert_eq!(run(&home, TENCENT_ENV, &args).status.code(), Some(8));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn credentials_from_the_providers_own_cli_profiles() {
    // tccli: --profile names ~/.tccli/<profile>.credential; its .configure gives the region.
    let server = TestServer::start(tencent_server(VOD_ROWS)).await;
    let home = home("profiles");
    std::fs::create_dir_all(home.join(".tccli")).unwrap();
    std::fs::write(
        home.join(".tccli/work.credential"),
        format!(r#"{{"secretId": "{ACCESS_KEY_ID}", "secretKey": "{ACCESS_KEY_SECRET}"}}"#),
    )
    .unwrap();
    std::fs::write(
        home.join(".tccli/work.configure"),
        r#"{"_sys_param": {"region": "ap-guangzhou"}}"#,
    )
    .unwrap();
    let period = vod_period();
    let mut args = vod_args(&server, &period);
    args.extend(["--profile", "work"]);
    let o = run(&home, &[], &args);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        server.received()[0].header("x-tc-region"),
        Some("ap-guangzhou")
    );
    // A profile that does not exist is an authentication failure naming the file.
    let mut args = vod_args(&server, &period);
    args.extend(["--profile", "nope"]);
    let o = run(&home, &[], &args);
    assert_eq!(o.status.code(), Some(4));
    assert!(stderr(&o).contains("nope.credential"), "{}", stderr(&o));

    // aliyun: without --profile or environment variables, config.json's current profile.
    let ali = TestServer::start(|r: &Received, _| {
        match verify_signature(r, SigningScheme::Acs3HmacSha256, "live", "cn-shanghai") {
            Ok(()) => Answer::Respond(
                200,
                r#"{"RequestId": "r", "StreamDetailData": {"StreamData": []}}"#.into(),
            ),
            Err(why) => Answer::Respond(401, format!("{{\"test-server\": {why:?}}}")),
        }
    })
    .await;
    std::fs::create_dir_all(home.join(".aliyun")).unwrap();
    std::fs::write(
        home.join(".aliyun/config.json"),
        format!(
            r#"{{"current": "ops", "profiles": [
                {{"name": "default", "mode": "AK", "access_key_id": "wrong", "access_key_secret": "wrong"}},
                {{"name": "ops", "mode": "AK", "access_key_id": "{ACCESS_KEY_ID}", "access_key_secret": "{ACCESS_KEY_SECRET}", "region_id": "cn-shanghai"}}
            ]}}"#
        ),
    )
    .unwrap();
    let o = run(
        &home,
        &[],
        &[
            "alibaba",
            "live",
            "describe-live-grtn-duration",
            "--since",
            "1d",
            "--endpoint",
            &ali.url,
            "-o",
            "json",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(ali.received().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn range_input_file_and_completions() {
    // Volcengine, 100 days back: 93 days a request at most, so two windows, in order.
    let server = TestServer::start(|r: &Received, i| {
        match verify_signature(r, SigningScheme::VolcHmacSha256, "live", "cn-north-1") {
            Ok(()) => Answer::Respond(
                200,
                format!(r#"{{"ResponseMetadata": {{"RequestId": "r{i}"}}, "Result": {{"StartTime": "2025-01-01T00:00:00+08:00", "EndTime": "2025-01-02T00:00:00+08:00", "Aggregation": 86400, "Duration": {i}.5, "TranscodeDataList": [{{"TranscodeType": "Normal_H264", "Resolution": "720P", "TimeStamp": "2025-01-0{d}T00:00:00+08:00", "Duration": {i}.25}}]}}}}"#, d = i + 1),
            ),
            Err(why) => Answer::Respond(401, format!("{{\"test-server\": {why:?}}}")),
        }
    })
    .await;
    let home = home("range");
    let env = [
        ("VOLCENGINE_ACCESS_KEY", ACCESS_KEY_ID),
        ("VOLCENGINE_SECRET_KEY", ACCESS_KEY_SECRET),
    ];
    let request = home.join("request.json");
    std::fs::write(
        &request,
        r#"{"DomainList": ["a.example.com", "b.example.com"], "Aggregation": 86400}"#,
    )
    .unwrap();
    let o = run(
        &home,
        &env,
        &[
            "volcengine",
            "live",
            "describe-live-transcode-data",
            "--since",
            "100d",
            "--input",
            request.to_str().unwrap(),
            "--endpoint",
            &server.url,
            "-o",
            "csv",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let sent = server.received();
    assert_eq!(sent.len(), 2);
    assert_eq!(
        sent[0].json()["DomainList"],
        serde_json::json!(["a.example.com", "b.example.com"])
    );
    assert_eq!(sent[0].json()["EndTime"], sent[1].json()["StartTime"]);
    assert_eq!(
        stdout(&o),
        "Duration,Resolution,TimeStamp,TranscodeType\n\
         0.25,720P,2025-01-01T00:00:00+08:00,Normal_H264\n\
         1.25,720P,2025-01-02T00:00:00+08:00,Normal_H264\n"
    );
    // No progress bar when stderr is not a terminal.
    assert_eq!(stderr(&o), "");

    let o = run(&home, &[], &["completions", "bash"]);
    assert!(o.status.success());
    assert!(stdout(&o).contains("describe-live-transcode-data"));
}

#[test]
fn the_generator_reserves_exactly_the_global_flags() {
    assert_eq!(
        cloudusage_cli::GLOBAL_FLAGS,
        cloudusage_codegen::naming::CLI_GLOBAL_FLAGS
    );
}
