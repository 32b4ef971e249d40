//! CloudWatch in the emulator (GetMetricData, ListMetrics), driven by the real
//! `aws-sdk-cloudwatch` client (RPC v2 CBOR, awsQuery-compatible errors) on the same port as
//! WorkSpaces: the documented limits, paging with NextToken, the model's errors, series
//! consistent with each WorkSpace's connection status, its own throttle bucket and its
//! request log lines.

mod common;

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use aws_sdk_cloudwatch::config::retry::RetryConfig;
use aws_sdk_cloudwatch::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_cloudwatch::primitives::DateTime;
use aws_sdk_cloudwatch::types::{
    Dimension, Metric, MetricDataQuery, MetricDataResult, MetricStat, StatusCode,
};
use aws_sdk_cloudwatch::Client;
use common::{expect_code, quiet_config, start_with};
use serde_json::Value;
use wsfleet::sim::{Emulator, RequestLog, SimConfig, ThrottleConfig};

const DAY: i64 = 86_400;

fn cloudwatch(emu: &Emulator) -> Client {
    let conf = aws_sdk_cloudwatch::config::Builder::new()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(common::REGION))
        .endpoint_url(emu.endpoint_url())
        .credentials_provider(Credentials::new("AKIDWSFLEETDEMO", "s", None, None, "test"))
        .retry_config(RetryConfig::disabled())
        .build();
    Client::from_conf(conf)
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn query(id: &str, ws: &str, metric: &str, stat: &str, period: i32) -> MetricDataQuery {
    let metric = Metric::builder()
        .namespace("AWS/WorkSpaces")
        .metric_name(metric)
        .dimensions(Dimension::builder().name("WorkspaceId").value(ws).build())
        .build();
    MetricDataQuery::builder()
        .id(id)
        .metric_stat(
            MetricStat::builder()
                .metric(metric)
                .period(period)
                .stat(stat)
                .build(),
        )
        .build()
}

/// (connected now, never connected, connected before but not now) WorkSpace IDs.
async fn pick_workspaces(emu: &Emulator) -> (String, String, String) {
    let ws = common::client(emu);
    let mut by_kind: HashMap<&str, String> = HashMap::new();
    let mut token = None;
    loop {
        let page = ws
            .describe_workspaces_connection_status()
            .set_next_token(token)
            .send()
            .await
            .unwrap();
        for s in page.workspaces_connection_status() {
            let id = s.workspace_id().unwrap().to_string();
            let kind = match (
                s.connection_state().map(|c| c.as_str()),
                s.last_known_user_connection_timestamp(),
            ) {
                (Some("CONNECTED"), _) => "connected",
                (_, None) => "never",
                (_, Some(_)) => "before",
            };
            by_kind.entry(kind).or_insert(id);
        }
        token = page.next_token().map(str::to_string);
        if token.is_none() {
            break;
        }
    }
    (
        by_kind["connected"].clone(),
        by_kind["never"].clone(),
        by_kind["before"].clone(),
    )
}

async fn results(
    c: &Client,
    queries: Vec<MetricDataQuery>,
    start: i64,
    end: i64,
) -> Vec<MetricDataResult> {
    let out = c
        .get_metric_data()
        .set_metric_data_queries(Some(queries))
        .start_time(DateTime::from_secs(start))
        .end_time(DateTime::from_secs(end))
        .send()
        .await
        .expect("GetMetricData");
    assert!(out.next_token().is_none());
    out.metric_data_results().to_vec()
}

#[tokio::test]
async fn series_follow_the_connection_status() {
    let emu = start_with(quiet_config(200)).await;
    let c = cloudwatch(&emu);
    let (connected, never, before) = pick_workspaces(&emu).await;
    let end = now();
    let start = end - 14 * DAY;

    let latest = results(
        &c,
        vec![query("u", &connected, "UserConnected", "Maximum", 3600)],
        start,
        end,
    )
    .await;
    assert_eq!(latest[0].status_code(), Some(&StatusCode::Complete));
    // Newest first (ScanBy defaults to TimestampDescending): the current hour, connected.
    assert_eq!(latest[0].values().first(), Some(&1.0), "{latest:?}");
    let first = latest[0].timestamps()[0].secs();
    assert!(end - first < 3600, "the latest period is the current hour");

    let names = [
        "UserConnected",
        "InSessionLatency",
        "CPUUsage",
        "MemoryUsage",
        "RootVolumeDiskUsage",
        "UserVolumeDiskUsage",
        "UDPPacketLossRate",
        "SessionLaunchTime",
        "ConnectionAttempt",
        "ConnectionFailure",
    ];
    let nothing = results(
        &c,
        names
            .iter()
            .enumerate()
            .map(|(i, m)| query(&format!("m{i}"), &never, m, "Average", 86_400))
            .collect(),
        start,
        end,
    )
    .await;
    assert_eq!(nothing.len(), names.len());
    for r in &nothing {
        assert!(r.values().is_empty(), "never connected has no data: {r:?}");
        assert_eq!(r.status_code(), Some(&StatusCode::Complete));
    }

    // Daily hours connected are whole hours, at most 24, for one who connected before.
    let daily = results(
        &c,
        vec![query("h", &before, "UserConnected", "Sum", 86_400)],
        start - 60 * DAY,
        end,
    )
    .await;
    for v in daily[0].values() {
        assert!(*v >= 0.0 && *v <= 24.0 && v.fract() == 0.0, "{v}");
    }
    // Deterministic: the same question, the same answer.
    let again = results(
        &c,
        vec![query("h", &before, "UserConnected", "Sum", 86_400)],
        start - 60 * DAY,
        end,
    )
    .await;
    assert_eq!(daily[0].values(), again[0].values());
}

#[tokio::test]
async fn at_most_500_queries_per_call() {
    let emu = start_with(quiet_config(200)).await;
    let c = cloudwatch(&emu);
    let (connected, _, _) = pick_workspaces(&emu).await;
    let end = now();
    let many = |n: usize| -> Vec<MetricDataQuery> {
        (0..n)
            .map(|i| query(&format!("q{i}"), &connected, "CPUUsage", "Average", 86_400))
            .collect()
    };
    let ok = results(&c, many(500), end - 14 * DAY, end).await;
    assert_eq!(ok.len(), 500);
    let res = c
        .get_metric_data()
        .set_metric_data_queries(Some(many(501)))
        .start_time(DateTime::from_secs(end - DAY))
        .end_time(DateTime::from_secs(end))
        .send()
        .await;
    expect_code("501 queries", res, &["InvalidParameterValue"]);
}

#[tokio::test]
async fn pages_follow_max_datapoints_with_next_token() {
    let emu = start_with(quiet_config(200)).await;
    let c = cloudwatch(&emu);
    let (connected, _, before) = pick_workspaces(&emu).await;
    let end = now();
    let start = end - 14 * DAY;
    let queries = vec![
        query("a", &connected, "CPUUsage", "Maximum", 3600),
        query("b", &before, "UserConnected", "Sum", 86_400),
        query("c", &connected, "MemoryUsage", "Average", 3600),
    ];
    let whole = results(&c, queries.clone(), start, end).await;
    let mut paged: HashMap<String, Vec<f64>> = HashMap::new();
    let mut token: Option<String> = None;
    let mut calls = 0;
    loop {
        let out = c
            .get_metric_data()
            .set_metric_data_queries(Some(queries.clone()))
            .start_time(DateTime::from_secs(start))
            .end_time(DateTime::from_secs(end))
            .max_datapoints(25)
            .set_next_token(token)
            .send()
            .await
            .unwrap();
        calls += 1;
        let n: usize = out
            .metric_data_results()
            .iter()
            .map(|r| r.values().len())
            .sum();
        assert!(n <= 25, "a page holds at most MaxDatapoints");
        for r in out.metric_data_results() {
            paged
                .entry(r.id().unwrap().to_string())
                .or_default()
                .extend(r.values());
        }
        token = out.next_token().map(str::to_string);
        if token.is_none() {
            break;
        }
    }
    let total: usize = whole.iter().map(|r| r.values().len()).sum();
    assert!(total > 25, "enough datapoints to page: {total}");
    assert_eq!(calls, total.div_ceil(25));
    for r in &whole {
        assert_eq!(paged[r.id().unwrap()], r.values(), "{:?}", r.id());
    }

    let forged = c
        .get_metric_data()
        .set_metric_data_queries(Some(queries))
        .start_time(DateTime::from_secs(start))
        .end_time(DateTime::from_secs(end))
        .next_token("1.0.0000000000000000")
        .send()
        .await;
    let err = expect_code("forged token", forged, &["InvalidNextToken"]);
    assert!(err.into_service_error().is_invalid_next_token());
}

#[tokio::test]
async fn invalid_requests_get_the_models_errors() {
    let emu = start_with(quiet_config(50)).await;
    let c = cloudwatch(&emu);
    let end = now();
    let ws = "ws-0000000000";
    let call = |q: Vec<MetricDataQuery>, start: i64, end: i64| {
        c.get_metric_data()
            .set_metric_data_queries(Some(q))
            .start_time(DateTime::from_secs(start))
            .end_time(DateTime::from_secs(end))
            .send()
    };
    let bad_id = call(
        vec![query("Bad-id", ws, "CPUUsage", "Average", 60)],
        end - DAY,
        end,
    );
    expect_code("Id pattern", bad_id.await, &["InvalidParameterValue"]);
    let dup = vec![
        query("a", ws, "CPUUsage", "Average", 60),
        query("a", ws, "MemoryUsage", "Average", 60),
    ];
    expect_code(
        "duplicate Id",
        call(dup, end - DAY, end).await,
        &["InvalidParameterValue"],
    );
    let reversed = call(
        vec![query("a", ws, "CPUUsage", "Average", 60)],
        end,
        end - DAY,
    );
    expect_code(
        "StartTime after EndTime",
        reversed.await,
        &["InvalidParameterValue"],
    );
    let period = call(
        vec![query("a", ws, "CPUUsage", "Average", 90)],
        end - DAY,
        end,
    );
    expect_code("Period", period.await, &["InvalidParameterValue"]);
    let stat = call(
        vec![query("a", ws, "CPUUsage", "Median", 60)],
        end - DAY,
        end,
    );
    expect_code("Stat", stat.await, &["InvalidParameterValue"]);
    let neither = MetricDataQuery::builder().id("a").build();
    expect_code(
        "neither MetricStat nor Expression",
        call(vec![neither], end - DAY, end).await,
        &["InvalidParameterCombination"],
    );

    // Every code above is one the model names (its awsQuery code).
    let Some(model) = load_model() else { return };
    let codes: Vec<&str> = model["shapes"]
        .as_object()
        .unwrap()
        .values()
        .filter_map(|s| s["error"]["code"].as_str())
        .collect();
    for code in [
        "InvalidParameterValue",
        "InvalidParameterCombination",
        "MissingParameter",
        "InvalidNextToken",
    ] {
        assert!(codes.contains(&code), "{code} is in the model");
    }
    assert_eq!(
        model["metadata"]["targetPrefix"],
        "GraniteServiceVersion20100801"
    );
}

#[tokio::test]
async fn list_metrics_pages_and_leaves_out_the_never_connected() {
    let emu = start_with(quiet_config(200)).await;
    let c = cloudwatch(&emu);
    let (connected, never, _) = pick_workspaces(&emu).await;
    let mut all = vec![];
    let mut token = None;
    loop {
        let out = c
            .list_metrics()
            .namespace("AWS/WorkSpaces")
            .set_next_token(token)
            .send()
            .await
            .unwrap();
        assert!(out.metrics().len() <= 500);
        all.extend(out.metrics().iter().cloned());
        token = out.next_token().map(str::to_string);
        if token.is_none() {
            break;
        }
    }
    let of = |id: &str| {
        all.iter()
            .filter(|m| m.dimensions().iter().any(|d| d.value() == Some(id)))
            .count()
    };
    assert!(of(&connected) > 0);
    assert_eq!(of(&never), 0);
    assert!(all.len() > 500, "more than one page: {}", all.len());
}

#[tokio::test]
async fn its_own_throttle_bucket_and_request_log_lines() {
    let dir = std::env::temp_dir().join(format!("wsfleet-cw-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("requests.jsonl");
    let emu = start_with(SimConfig {
        throttle: Some(ThrottleConfig {
            rate: 0.0,
            burst: 1,
        }),
        request_log: Some(RequestLog::open(&path).unwrap()),
        ..quiet_config(20)
    })
    .await;
    let c = cloudwatch(&emu);
    let end = now();
    let ask = || {
        c.get_metric_data()
            .metric_data_queries(query("a", "ws-0000000000", "CPUUsage", "Average", 3600))
            .start_time(DateTime::from_secs(end - DAY))
            .end_time(DateTime::from_secs(end))
            .send()
    };
    ask().await.expect("the first call has the bucket's token");
    expect_code("second call", ask().await, &["ThrottlingException"]);
    // WorkSpaces' bucket is another.
    common::client(&emu)
        .describe_workspaces()
        .limit(1)
        .send()
        .await
        .expect("WorkSpaces has its own token");
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let cw: Vec<&Value> = lines
        .iter()
        .filter(|l| l["operation"] == "GetMetricData")
        .collect();
    assert_eq!(cw.len(), 2);
    for l in cw {
        assert_eq!(l["service"], "monitoring", "{l}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn load_model() -> Option<Value> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/specs/monitoring-2010-08-01.service.json.gz");
    if !path.exists() {
        eprintln!("skipped: {} is not there", path.display());
        return None;
    }
    let out = std::process::Command::new("gzip")
        .arg("-dc")
        .arg(&path)
        .output()
        .expect("gzip runs");
    let mut text = String::new();
    out.stdout.as_slice().read_to_string(&mut text).unwrap();
    Some(serde_json::from_str(&text).unwrap())
}
