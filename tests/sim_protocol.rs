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
    assert!(
        raw.header("x-amzn-requestid")
            .is_some_and(|v| !v.is_empty()),
        "x-amzn-RequestId header"
    );
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

/// The 29 operations the emulator serves, each called once with valid input.
#[tokio::test]
async fn every_operation_is_served() {
    use aws_sdk_workspaces::types::{
        Capacity, RunningMode, TargetWorkspaceState, WorkspaceProperties,
    };

    let emu = start(40).await;
    let c = client(&emu);
    let eu = client_in(&emu, OTHER_REGION);
    let all = all_workspaces(&c).await;
    let avail = pick(&all, 6, "AVAILABLE and AUTO_STOP", available_autostop);
    let stopped = &pick(&all, 1, "STOPPED and AUTO_STOP", stopped_autostop)[0];
    let images = all_images(&c).await;
    let img = images[0].image_id().unwrap().to_string();
    let upd = images
        .iter()
        .find(|i| i.updates().and_then(|u| u.update_available()) == Some(true))
        .expect("an image with an update")
        .image_id()
        .unwrap()
        .to_string();
    let pools = all_pools(&c).await;
    let pool = pools[0].pool_id().to_string();
    let mut session_id = None;
    for p in &pools {
        if let Some(s) = pool_sessions(&c, p.pool_id()).await.first() {
            session_id = Some(s.session_id().to_string());
            break;
        }
    }
    emu.reset_stats();

    c.describe_workspaces().limit(1).send().await.unwrap();
    c.describe_workspaces_connection_status()
        .workspace_ids(&avail[0])
        .send()
        .await
        .unwrap();
    c.describe_workspace_bundles().send().await.unwrap();
    c.describe_workspace_directories().send().await.unwrap();
    c.describe_workspace_images().send().await.unwrap();
    c.describe_workspace_image_permissions()
        .image_id(&img)
        .send()
        .await
        .unwrap();
    c.describe_workspaces_pools().send().await.unwrap();
    c.describe_workspaces_pool_sessions()
        .pool_id(&pool)
        .send()
        .await
        .unwrap();
    c.describe_account().send().await.unwrap();
    c.create_tags()
        .resource_id(&avail[0])
        .tags(tag("k", "v"))
        .send()
        .await
        .unwrap();
    c.describe_tags()
        .resource_id(&avail[0])
        .send()
        .await
        .unwrap();
    c.delete_tags()
        .resource_id(&avail[0])
        .tag_keys("k")
        .send()
        .await
        .unwrap();
    c.reboot_workspaces()
        .reboot_workspace_requests(reboot_req(&avail[0]))
        .send()
        .await
        .unwrap();
    c.rebuild_workspaces()
        .rebuild_workspace_requests(rebuild_req(&avail[1]))
        .send()
        .await
        .unwrap();
    c.restore_workspace()
        .workspace_id(&avail[2])
        .send()
        .await
        .unwrap();
    c.stop_workspaces()
        .stop_workspace_requests(stop_req(&avail[3]))
        .send()
        .await
        .unwrap();
    c.start_workspaces()
        .start_workspace_requests(start_req(stopped))
        .send()
        .await
        .unwrap();
    c.modify_workspace_state()
        .workspace_id(&avail[4])
        .workspace_state(TargetWorkspaceState::AdminMaintenance)
        .send()
        .await
        .unwrap();
    c.modify_workspace_properties()
        .workspace_id(&avail[5])
        .workspace_properties(
            WorkspaceProperties::builder()
                .running_mode(RunningMode::AlwaysOn)
                .build(),
        )
        .send()
        .await
        .unwrap();
    let created = c
        .create_workspace_image()
        .workspace_id(&avail[5])
        .name("smoke-image")
        .description("smoke")
        .send()
        .await
        .unwrap();
    c.create_updated_workspace_image()
        .source_image_id(&upd)
        .name("smoke-updated")
        .description("smoke")
        .send()
        .await
        .unwrap();
    eu.copy_workspace_image()
        .source_image_id(&img)
        .source_region(REGION)
        .name("smoke-copy")
        .send()
        .await
        .unwrap();
    c.update_workspace_image_permission()
        .image_id(&img)
        .shared_account_id("210987654321")
        .allow_copy_image(true)
        .send()
        .await
        .unwrap();
    let created_id = created.image_id().unwrap().to_string();
    wait_until("smoke image AVAILABLE", SETTLE, || async {
        describe_image(&c, &created_id)
            .await
            .is_some_and(|i| i.state().map(|s| s.as_str()) == Some("AVAILABLE"))
    })
    .await;
    c.delete_workspace_image()
        .image_id(&created_id)
        .send()
        .await
        .unwrap();
    let p = describe_pool(&c, &pool).await;
    c.update_workspaces_pool()
        .pool_id(&pool)
        .capacity(
            Capacity::builder()
                .desired_user_sessions(p.capacity_status().unwrap().desired_user_sessions() + 1)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    // Start/stop whichever AUTO_STOP pool allows it in its current state.
    let auto = pools
        .iter()
        .find(|p| p.running_mode().as_str() == "AUTO_STOP")
        .expect("an AUTO_STOP pool");
    if auto.state().as_str() == "STOPPED" {
        c.start_workspaces_pool()
            .pool_id(auto.pool_id())
            .send()
            .await
            .unwrap();
        wait_until("pool RUNNING", SETTLE, || async {
            describe_pool(&c, auto.pool_id()).await.state().as_str() == "RUNNING"
        })
        .await;
        c.stop_workspaces_pool()
            .pool_id(auto.pool_id())
            .send()
            .await
            .unwrap();
    } else {
        c.stop_workspaces_pool()
            .pool_id(auto.pool_id())
            .send()
            .await
            .unwrap();
        wait_until("pool STOPPED", SETTLE, || async {
            describe_pool(&c, auto.pool_id()).await.state().as_str() == "STOPPED"
        })
        .await;
        c.start_workspaces_pool()
            .pool_id(auto.pool_id())
            .send()
            .await
            .unwrap();
    }
    c.terminate_workspaces_pool_session()
        .session_id(session_id.expect("a pool session"))
        .send()
        .await
        .unwrap();
    c.terminate_workspaces()
        .terminate_workspace_requests(terminate_req(&avail[0]))
        .send()
        .await
        .unwrap();

    let stats = emu.stats();
    let ops = [
        "CopyWorkspaceImage",
        "CreateTags",
        "CreateUpdatedWorkspaceImage",
        "CreateWorkspaceImage",
        "DeleteTags",
        "DeleteWorkspaceImage",
        "DescribeAccount",
        "DescribeTags",
        "DescribeWorkspaceBundles",
        "DescribeWorkspaceDirectories",
        "DescribeWorkspaceImagePermissions",
        "DescribeWorkspaceImages",
        "DescribeWorkspaces",
        "DescribeWorkspacesConnectionStatus",
        "DescribeWorkspacesPools",
        "DescribeWorkspacesPoolSessions",
        "ModifyWorkspaceProperties",
        "ModifyWorkspaceState",
        "RebootWorkspaces",
        "RebuildWorkspaces",
        "RestoreWorkspace",
        "StartWorkspaces",
        "StartWorkspacesPool",
        "StopWorkspaces",
        "StopWorkspacesPool",
        "TerminateWorkspaces",
        "TerminateWorkspacesPoolSession",
        "UpdateWorkspaceImagePermission",
        "UpdateWorkspacesPool",
    ];
    for op in ops {
        assert!(
            stats.calls_to(op) >= 1,
            "{op} counted in stats: {:?}",
            stats.calls
        );
    }
    // 19 mutating operations, each called exactly once above.
    assert_eq!(
        stats.mutating_calls(),
        19,
        "mutating calls: {:?}",
        stats.calls
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn malformed_json_body_is_a_client_error() {
    let emu = start(10).await;
    let (c, cap) = capturing_client_with(&emu, None, Some("{\"Limit\": 5,"));
    let err = c.describe_workspaces().send().await.unwrap_err();
    let raw = cap.take();
    assert_eq!(
        raw.status,
        400,
        "truncated JSON is the caller's fault: {}",
        raw.text()
    );
    assert!(!error_type(&raw).is_empty());
    assert!(err.code().is_some());
    emu.shutdown().await;
}
