//! The request log (`SimConfig::request_log`, `wsfleet sim --request-log`): one JSON line per
//! request that reached the emulator, accepted or not, readable as soon as the client has its
//! answer.

mod common;

use std::collections::HashMap;
use std::path::PathBuf;

use aws_sdk_workspaces::config::retry::RetryConfig;
use aws_sdk_workspaces::config::Credentials;
use aws_sdk_workspaces::Client;
use common::*;
use serde_json::{json, Value};
use wsfleet::sim::{Emulator, Fault, RequestLog, SimConfig, ThrottleConfig};

const JSON_11: &str = "application/x-amz-json-1.1";

fn log_path(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("wsfleet-sim-reqlog-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    let _ = std::fs::remove_file(&path);
    path
}

fn lines(path: &PathBuf) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

/// The keys that say what happened, without the time.
fn summary(line: &Value) -> Value {
    let mut l = line.clone();
    l.as_object_mut().unwrap().remove("time");
    l
}

#[tokio::test]
async fn every_request_is_one_line_with_its_answer_and_resources() {
    let path = log_path("mixed.jsonl");
    // Two tokens and no refill: the third call that gets past the faults is throttled, every
    // time. StopWorkspaces always fails with AccessDenied (a fault answers before throttling).
    let emu = start_with(SimConfig {
        throttle: Some(ThrottleConfig {
            rate: 0.0,
            burst: 2,
        }),
        faults: HashMap::from([("StopWorkspaces".to_string(), Fault::AccessDenied)]),
        request_log: Some(RequestLog::open(&path).unwrap()),
        ..quiet_config(20)
    })
    .await;
    let c = client(&emu);

    let page = c.describe_workspaces().limit(3).send().await.unwrap();
    let ids: Vec<String> = page.workspaces().iter().map(ws_id).collect();
    assert_eq!(ids.len(), 3);
    assert_eq!(
        lines(&path).len(),
        1,
        "the line is there once the answer is"
    );

    let reboot = c
        .reboot_workspaces()
        .set_reboot_workspace_requests(Some(ids.iter().map(|id| reboot_req(id)).collect()))
        .send()
        .await
        .unwrap();
    assert!(reboot.failed_requests().is_empty());
    let stop = c
        .stop_workspaces()
        .stop_workspace_requests(stop_req(&ids[0]));
    expect_code(
        "StopWorkspaces",
        stop.send().await,
        &["AccessDeniedException"],
    );
    expect_code(
        "the third call past the faults",
        c.describe_workspaces().send().await,
        &["ThrottlingException"],
    );
    // Rejected before any of that: no signature, and an operation the emulator does not serve.
    let unsigned = raw_post(
        &emu.endpoint_url(),
        &[
            ("Content-Type", JSON_11),
            ("X-Amz-Target", "WorkspacesService.RestoreWorkspace"),
        ],
        r#"{"WorkspaceId":"ws-unsigned1"}"#,
    )
    .await;
    assert_eq!(unsigned.status, 403);
    let (odd, _cap) = capturing_client(&emu, Some("WorkspacesService.NoSuchOperation"));
    expect_code(
        "unknown operation",
        odd.describe_account().send().await,
        &["UnknownOperationException"],
    );

    let got = lines(&path);
    let ws = "123456789012";
    let want = [
        json!({"account": ws, "region": REGION, "operation": "DescribeWorkspaces",
               "status": 200, "error": null}),
        json!({"account": ws, "region": REGION, "operation": "RebootWorkspaces",
               "status": 200, "error": null, "resources": ids}),
        json!({"account": ws, "region": REGION, "operation": "StopWorkspaces",
               "status": 400, "error": "AccessDeniedException", "resources": [ids[0]]}),
        json!({"account": ws, "region": REGION, "operation": "DescribeWorkspaces",
               "status": 400, "error": "ThrottlingException"}),
        json!({"account": null, "region": null, "operation": "RestoreWorkspace",
               "status": 403, "error": "MissingAuthenticationToken",
               "resources": ["ws-unsigned1"]}),
        json!({"account": ws, "region": REGION, "operation": "NoSuchOperation",
               "status": 400, "error": "UnknownOperationException"}),
    ];
    assert_eq!(got.len(), want.len(), "{got:#?}");
    for (line, want) in got.iter().zip(&want) {
        assert_eq!(&summary(line), want);
        let time = line["time"].as_str().unwrap();
        let parsed = chrono::DateTime::parse_from_rfc3339(time).unwrap();
        assert_eq!(parsed.offset().local_minus_utc(), 0, "UTC: {time}");
        assert!(
            time.ends_with('Z') && time.len() == 24,
            "milliseconds: {time}"
        );
    }
    let times: Vec<&str> = got.iter().map(|l| l["time"].as_str().unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "{times:?}");
    // The log counts what was sent; the stats count what was accepted.
    let stats = emu.stats();
    assert_eq!(stats.calls_to("RebootWorkspaces"), 1);
    assert_eq!(stats.total_calls(), 2);
    emu.shutdown().await;
}

#[tokio::test]
async fn concurrent_requests_write_whole_lines() {
    let path = log_path("concurrent.jsonl");
    let emu = start_with(SimConfig {
        request_log: Some(RequestLog::open(&path).unwrap()),
        ..quiet_config(20)
    })
    .await;
    let default = client(&emu);
    // The access key picks the account (`DEMO_ACCOUNTS`): the log says whose call it was.
    let dev = Client::from_conf(
        config_builder(&emu.endpoint_url(), OTHER_REGION, RetryConfig::disabled())
            .credentials_provider(Credentials::new("AKIDWSFLEETDEV", "s", None, None, "t"))
            .build(),
    );
    let ids = fake_ws_ids(25);
    let calls = (0..40).map(|i| {
        let (c, ids) = (if i % 2 == 0 { &default } else { &dev }, &ids);
        async move {
            let reqs = ids.iter().map(|id| terminate_req(id)).collect();
            c.terminate_workspaces()
                .set_terminate_workspace_requests(Some(reqs))
                .send()
                .await
                .unwrap();
        }
    });
    futures::future::join_all(calls).await;

    let got = lines(&path);
    assert_eq!(got.len(), 40);
    let mut by_account: HashMap<(String, String), usize> = HashMap::new();
    for line in &got {
        assert_eq!(line["operation"], "TerminateWorkspaces");
        assert_eq!(line["status"], 200);
        assert_eq!(line["resources"], json!(ids), "each line whole");
        let key = (
            line["account"].as_str().unwrap().to_string(),
            line["region"].as_str().unwrap().to_string(),
        );
        *by_account.entry(key).or_default() += 1;
    }
    assert_eq!(
        by_account,
        HashMap::from([
            (("123456789012".into(), REGION.into()), 20),
            (("210987654321".into(), OTHER_REGION.into()), 20),
        ])
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn the_log_does_not_change_answers() {
    let path = log_path("compare.jsonl");
    let plain = start(20).await;
    let logged = start_with(SimConfig {
        request_log: Some(RequestLog::open(&path).unwrap()),
        ..quiet_config(20)
    })
    .await;
    let answer = |emu: &Emulator| {
        let (c, cap) = capturing_client(emu, None);
        async move {
            let _ = c.describe_workspaces().limit(5).send().await;
            let raw = cap.take();
            (raw.status, raw.json())
        }
    };
    assert_eq!(answer(&plain).await, answer(&logged).await);
    assert_eq!(lines(&path).len(), 1);
    plain.shutdown().await;
    logged.shutdown().await;
}
