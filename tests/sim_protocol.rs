//! Wire protocol (awsJson1.1), authentication, Regions, determinism and call statistics.

mod common;

use aws_sdk_workspaces::error::ProvideErrorMetadata;
use common::*;
use wsfleet::sim::SimConfig;

const JSON_11: &str = "application/x-amz-json-1.1";

fn error_type(raw: &RawResponse) -> String {
    raw.json()
        .get("__type")
        .and_then(|v| v.as_str())
        .unwrap_or_else(|| panic!("error body has __type: {}", raw.text()))
        .to_string()
}

#[tokio::test]
async fn responses_are_amz_json_1_1() {
    let emu = start(10).await;
    let (c, cap) = capturing_client(&emu, None);
    c.describe_workspaces().limit(2).send().await.unwrap();
    let raw = cap.take();
    assert_eq!(raw.status, 200);
    let ct = raw.header("content-type").expect("Content-Type header");
    assert!(ct.starts_with(JSON_11), "Content-Type {ct:?}");
    let body = raw.json();
    assert_eq!(
        body["Workspaces"].as_array().map(Vec::len),
        Some(2),
        "PascalCase members on the wire: {body}"
    );

    // Errors are JSON too, with __type naming the code the SDK reports.
    let err = c.describe_workspaces().limit(0).send().await.unwrap_err();
    let raw = cap.take();
    assert_eq!(raw.status, 400);
    assert!(raw
        .header("content-type")
        .unwrap_or("")
        .starts_with(JSON_11));
    let ty = error_type(&raw);
    let code = err.code().expect("SDK parsed an error code");
    assert!(
        ty.ends_with(code),
        "__type {ty:?} ends with the SDK code {code:?}"
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn unknown_target_is_unknown_operation() {
    let emu = start(10).await;
    let (c, cap) = capturing_client(&emu, Some("WorkspacesService.NoSuchOperation"));
    let err = c.describe_account().send().await.unwrap_err();
    let raw = cap.take();
    assert_eq!(raw.status, 400, "unknown X-Amz-Target: {}", raw.text());
    assert!(raw
        .header("content-type")
        .unwrap_or("")
        .starts_with(JSON_11));
    let ty = error_type(&raw);
    assert!(ty.contains("UnknownOperationException"), "__type {ty:?}");
    assert_eq!(err.code(), Some("UnknownOperationException"));
    assert_eq!(emu.stats().total_calls(), 0, "nothing was accepted");
    emu.shutdown().await;
}

#[tokio::test]
async fn request_without_authorization_is_rejected() {
    let emu = start(10).await;
    let raw = raw_post(
        &emu.endpoint_url(),
        &[
            ("Content-Type", JSON_11),
            ("X-Amz-Target", "WorkspacesService.DescribeWorkspaces"),
        ],
        "{}",
    )
    .await;
    assert!(
        raw.status == 400 || raw.status == 403,
        "missing Authorization gives 400/403, got {}: {}",
        raw.status,
        raw.text()
    );
    let ty = error_type(&raw);
    assert!(!ty.is_empty());
    let body = raw.json();
    let msg = body
        .get("message")
        .or_else(|| body.get("Message"))
        .and_then(|m| m.as_str())
        .unwrap_or("");
    assert!(!msg.is_empty(), "a clear message: {body}");
    assert!(body.get("Workspaces").is_none(), "no data leaks: {body}");
    assert_eq!(emu.stats().total_calls(), 0);
    emu.shutdown().await;
}

#[tokio::test]
async fn regions_hold_separate_fleets() {
    let emu = start(40).await;
    let us = client_in(&emu, REGION);
    let eu = client_in(&emu, OTHER_REGION);
    let us_all = all_workspaces(&us).await;
    let eu_all = all_workspaces(&eu).await;
    assert_eq!(us_all.len(), 40);
    assert_eq!(eu_all.len(), 40);
    let us_ids = set_of(us_all.iter().map(ws_id));
    let eu_ids = set_of(eu_all.iter().map(ws_id));
    assert!(
        us_ids.is_disjoint(&eu_ids),
        "the two Regions share no WorkSpace"
    );

    let us_id = &pick(&us_all, 1, "AVAILABLE", |w| is_state(w, "AVAILABLE"))[0];
    assert!(
        describe_ws(&eu, us_id).await.is_none(),
        "{us_id} is not in eu-west-1"
    );
    let out = eu
        .reboot_workspaces()
        .reboot_workspace_requests(reboot_req(us_id))
        .send()
        .await
        .unwrap();
    assert_eq!(
        out.failed_requests().len(),
        1,
        "eu-west-1 does not know {us_id}"
    );
    assert_eq!(state_of(&us, us_id).await.as_deref(), Some("AVAILABLE"));

    // Acting in one Region leaves the other untouched.
    let eu_before: Vec<String> = eu_all.iter().map(|w| state_str(w).to_string()).collect();
    us.reboot_workspaces()
        .reboot_workspace_requests(reboot_req(us_id))
        .send()
        .await
        .unwrap();
    assert_eq!(state_of(&us, us_id).await.as_deref(), Some("REBOOTING"));
    let eu_after: Vec<String> = all_workspaces(&eu)
        .await
        .iter()
        .map(|w| state_str(w).to_string())
        .collect();
    assert_eq!(eu_before, eu_after);
    emu.shutdown().await;
}

async fn first_page(seed: u64) -> Vec<(String, String)> {
    let emu = start_with(SimConfig {
        seed,
        ..quiet_config(60)
    })
    .await;
    let c = client(&emu);
    let page = c.describe_workspaces().limit(25).send().await.unwrap();
    let ids = page
        .workspaces()
        .iter()
        .map(|w| (ws_id(w), state_str(w).to_string()))
        .collect();
    emu.shutdown().await;
    ids
}

#[tokio::test]
async fn same_seed_same_fleet_different_seed_different_fleet() {
    let a = first_page(7).await;
    let b = first_page(7).await;
    let other = first_page(8).await;
    assert_eq!(a.len(), 25);
    assert_eq!(a, b, "seed 7 twice gives the same first page");
    assert_ne!(
        a.iter().map(|x| &x.0).collect::<Vec<_>>(),
        other.iter().map(|x| &x.0).collect::<Vec<_>>(),
        "seed 8 gives different IDs"
    );
}

#[tokio::test]
async fn stats_count_accepted_and_mutating_calls() {
    let emu = start(20).await;
    let c = client(&emu);
    let all = all_workspaces(&c).await;
    let id = &pick(&all, 1, "AVAILABLE", |w| is_state(w, "AVAILABLE"))[0];
    emu.reset_stats();
    assert_eq!(
        emu.stats().total_calls(),
        0,
        "reset_stats clears the counters"
    );

    for _ in 0..3 {
        c.describe_workspaces().limit(5).send().await.unwrap();
    }
    c.describe_tags().resource_id(id).send().await.unwrap();
    c.describe_workspace_images().send().await.unwrap();
    c.reboot_workspaces()
        .reboot_workspace_requests(reboot_req(id))
        .send()
        .await
        .unwrap();
    c.create_tags()
        .resource_id(id)
        .tags(tag("a", "b"))
        .send()
        .await
        .unwrap();

    let stats = emu.stats();
    assert_eq!(stats.calls_to("DescribeWorkspaces"), 3);
    assert_eq!(stats.calls_to("DescribeTags"), 1);
    assert_eq!(stats.calls_to("RebootWorkspaces"), 1);
    assert_eq!(stats.calls_to("CreateTags"), 1);
    assert_eq!(stats.calls_to("StopWorkspaces"), 0);
    assert_eq!(stats.total_calls(), 7);
    assert_eq!(
        stats.mutating_calls(),
        2,
        "only RebootWorkspaces and CreateTags mutate: {:?}",
        stats.calls
    );
    assert_eq!(stats.total_throttled(), 0);
    emu.shutdown().await;
}
