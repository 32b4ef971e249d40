//! WorkSpace state machine and FailedRequests.
//! Operations: RebootWorkspaces, RebuildWorkspaces, RestoreWorkspace, StartWorkspaces,
//! StopWorkspaces, TerminateWorkspaces, ModifyWorkspaceState, ModifyWorkspaceProperties; the
//! `FailedWorkspaceChangeRequest` shape and `Workspace.State`.

mod common;

use aws_sdk_workspaces::types::{
    FailedWorkspaceChangeRequest, RunningMode, TargetWorkspaceState, WorkspaceProperties,
};
use common::*;

const SIZE: usize = 100;

/// Asserts the WorkSpace goes straight through `transitional` to `fin` and nothing else.
async fn assert_transition(
    c: &aws_sdk_workspaces::Client,
    id: &str,
    transitional: &str,
    fin: &str,
) {
    let seen = wait_for_state(c, id, fin).await;
    assert_eq!(
        seen,
        vec![Some(transitional.to_string()), Some(fin.to_string())],
        "{id}: expected {transitional} then {fin}"
    );
}

/// Every failure row is complete, and the set of failed IDs is exactly `expected`.
fn assert_failed(what: &str, failed: &[FailedWorkspaceChangeRequest], expected: &[&str]) {
    for f in failed {
        assert!(
            f.workspace_id().is_some(),
            "{what}: FailedRequest has WorkspaceId"
        );
        assert!(
            f.error_code().is_some_and(|s| !s.is_empty()),
            "{what}: FailedRequest {:?} has ErrorCode",
            f.workspace_id()
        );
        assert!(
            f.error_message().is_some_and(|s| !s.is_empty()),
            "{what}: FailedRequest {:?} has ErrorMessage",
            f.workspace_id()
        );
    }
    let got = set_of(
        failed
            .iter()
            .map(|f| f.workspace_id().unwrap_or("").to_string()),
    );
    let want = set_of(expected.iter().map(|s| s.to_string()));
    assert_eq!(got, want, "{what}: FailedRequests");
}

#[tokio::test]
async fn reboot_goes_rebooting_then_available() {
    let emu = start(SIZE).await;
    let c = client(&emu);
    let all = all_workspaces(&c).await;
    let id = &pick(&all, 1, "AVAILABLE", |w| is_state(w, "AVAILABLE"))[0];
    let out = c
        .reboot_workspaces()
        .reboot_workspace_requests(reboot_req(id))
        .send()
        .await
        .unwrap();
    assert_failed("reboot", out.failed_requests(), &[]);
    assert_transition(&c, id, "REBOOTING", "AVAILABLE").await;
    emu.shutdown().await;
}

#[tokio::test]
async fn stop_then_start_goes_through_stopping_and_starting() {
    let emu = start(SIZE).await;
    let c = client(&emu);
    let all = all_workspaces(&c).await;
    let id = &pick(&all, 1, "AVAILABLE and AUTO_STOP", available_autostop)[0];

    let out = c
        .stop_workspaces()
        .stop_workspace_requests(stop_req(id))
        .send()
        .await
        .unwrap();
    assert_failed("stop", out.failed_requests(), &[]);
    assert_transition(&c, id, "STOPPING", "STOPPED").await;

    let out = c
        .start_workspaces()
        .start_workspace_requests(start_req(id))
        .send()
        .await
        .unwrap();
    assert_failed("start", out.failed_requests(), &[]);
    assert_transition(&c, id, "STARTING", "AVAILABLE").await;
    emu.shutdown().await;
}

#[tokio::test]
async fn rebuild_goes_rebuilding_then_available() {
    let emu = start(SIZE).await;
    let c = client(&emu);
    let all = all_workspaces(&c).await;
    let id = &pick(&all, 1, "AVAILABLE", |w| is_state(w, "AVAILABLE"))[0];
    let out = c
        .rebuild_workspaces()
        .rebuild_workspace_requests(rebuild_req(id))
        .send()
        .await
        .unwrap();
    assert_failed("rebuild", out.failed_requests(), &[]);
    assert_transition(&c, id, "REBUILDING", "AVAILABLE").await;
    emu.shutdown().await;
}

#[tokio::test]
async fn restore_goes_restoring_then_available() {
    let emu = start(SIZE).await;
    let c = client(&emu);
    let all = all_workspaces(&c).await;
    let id = &pick(&all, 1, "AVAILABLE", |w| is_state(w, "AVAILABLE"))[0];
    c.restore_workspace().workspace_id(id).send().await.unwrap();
    assert_transition(&c, id, "RESTORING", "AVAILABLE").await;
    emu.shutdown().await;
}

#[tokio::test]
async fn terminate_goes_terminating_terminated_then_gone() {
    let emu = start(SIZE).await;
    let c = client(&emu);
    let all = all_workspaces(&c).await;
    let id = &pick(&all, 1, "AVAILABLE", |w| is_state(w, "AVAILABLE"))[0];
    let out = c
        .terminate_workspaces()
        .terminate_workspace_requests(terminate_req(id))
        .send()
        .await
        .unwrap();
    assert_failed("terminate", out.failed_requests(), &[]);
    let seen = watch_states(&c, id, SETTLE, |s| s.is_none()).await;
    assert_eq!(
        seen,
        vec![
            Some("TERMINATING".to_string()),
            Some("TERMINATED".to_string()),
            None
        ],
        "TerminateWorkspaces: TERMINATING, TERMINATED briefly, then no longer returned"
    );
    let remaining = all_workspaces(&c).await;
    assert_eq!(remaining.len(), SIZE - 1);
    assert!(
        remaining.iter().all(|w| ws_id(w) != *id),
        "{id} is gone from the listing"
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn admin_maintenance_blocks_actions_and_can_be_lifted() {
    let emu = start(SIZE).await;
    let c = client(&emu);
    let all = all_workspaces(&c).await;
    let id = &pick(&all, 1, "AVAILABLE and AUTO_STOP", available_autostop)[0];

    c.modify_workspace_state()
        .workspace_id(id)
        .workspace_state(TargetWorkspaceState::AdminMaintenance)
        .send()
        .await
        .unwrap();
    wait_for_state(&c, id, "ADMIN_MAINTENANCE").await;

    // ModifyWorkspaceState: "WorkSpaces in this state do not respond to requests to reboot, stop,
    // start, rebuild, or restore."
    let out = c
        .reboot_workspaces()
        .reboot_workspace_requests(reboot_req(id))
        .send()
        .await
        .unwrap();
    assert_failed("reboot in ADMIN_MAINTENANCE", out.failed_requests(), &[id]);
    let out = c
        .stop_workspaces()
        .stop_workspace_requests(stop_req(id))
        .send()
        .await
        .unwrap();
    assert_failed("stop in ADMIN_MAINTENANCE", out.failed_requests(), &[id]);
    let out = c
        .rebuild_workspaces()
        .rebuild_workspace_requests(rebuild_req(id))
        .send()
        .await
        .unwrap();
    assert_failed("rebuild in ADMIN_MAINTENANCE", out.failed_requests(), &[id]);
    assert_eq!(state_of(&c, id).await.as_deref(), Some("ADMIN_MAINTENANCE"));

    c.modify_workspace_state()
        .workspace_id(id)
        .workspace_state(TargetWorkspaceState::Available)
        .send()
        .await
        .unwrap();
    wait_for_state(&c, id, "AVAILABLE").await;
    emu.shutdown().await;
}

#[tokio::test]
async fn modify_properties_changes_running_mode() {
    let emu = start(SIZE).await;
    let c = client(&emu);
    let all = all_workspaces(&c).await;
    let id = &pick(&all, 1, "AVAILABLE", |w| is_state(w, "AVAILABLE"))[0];
    let before = running_mode_str(all.iter().find(|w| ws_id(w) == *id).unwrap()).to_string();
    let target = if before == "ALWAYS_ON" {
        RunningMode::AutoStop
    } else {
        RunningMode::AlwaysOn
    };
    c.modify_workspace_properties()
        .workspace_id(id)
        .workspace_properties(
            WorkspaceProperties::builder()
                .running_mode(target.clone())
                .build(),
        )
        .send()
        .await
        .unwrap();
    wait_until(
        &format!("{id} RunningMode {} (was {before})", target.as_str()),
        SETTLE,
        || async {
            describe_ws(&c, id)
                .await
                .is_some_and(|w| running_mode_str(&w) == target.as_str())
        },
    )
    .await;
    emu.shutdown().await;
}

#[tokio::test]
async fn start_of_available_workspace_fails_in_failed_requests() {
    let emu = start(SIZE).await;
    let c = client(&emu);
    let all = all_workspaces(&c).await;
    let id = &pick(&all, 1, "AVAILABLE and AUTO_STOP", available_autostop)[0];
    // StartWorkspaces: "You cannot start a WorkSpace unless it has ... a state of STOPPED."
    let out = c
        .start_workspaces()
        .start_workspace_requests(start_req(id))
        .send()
        .await
        .unwrap();
    assert_failed("start AVAILABLE", out.failed_requests(), &[id]);
    tokio::time::sleep(TRANSITION / 2).await;
    assert_eq!(state_of(&c, id).await.as_deref(), Some("AVAILABLE"));
    emu.shutdown().await;
}

#[tokio::test]
async fn stop_of_stopped_workspace_fails_in_failed_requests() {
    let emu = start(SIZE).await;
    let c = client(&emu);
    let all = all_workspaces(&c).await;
    let id = &pick(&all, 1, "STOPPED", |w| is_state(w, "STOPPED"))[0];
    // StopWorkspaces: stop needs AVAILABLE, IMPAIRED, UNHEALTHY or ERROR.
    let out = c
        .stop_workspaces()
        .stop_workspace_requests(stop_req(id))
        .send()
        .await
        .unwrap();
    assert_failed("stop STOPPED", out.failed_requests(), &[id]);
    assert_eq!(state_of(&c, id).await.as_deref(), Some("STOPPED"));
    emu.shutdown().await;
}

#[tokio::test]
async fn stop_of_always_on_workspace_fails_in_failed_requests() {
    let emu = start(SIZE).await;
    let c = client(&emu);
    let all = all_workspaces(&c).await;
    let id = &pick(&all, 1, "AVAILABLE and ALWAYS_ON", |w| {
        is_state(w, "AVAILABLE") && running_mode_str(w) == "ALWAYS_ON"
    })[0];
    // StopWorkspaces: "You cannot stop a WorkSpace unless it has a running mode of AutoStop or
    // Manual".
    let out = c
        .stop_workspaces()
        .stop_workspace_requests(stop_req(id))
        .send()
        .await
        .unwrap();
    assert_failed("stop ALWAYS_ON", out.failed_requests(), &[id]);
    assert_eq!(state_of(&c, id).await.as_deref(), Some("AVAILABLE"));
    emu.shutdown().await;
}

#[tokio::test]
async fn mixed_reboot_batch_acts_on_valid_and_reports_the_rest() {
    let emu = start(SIZE).await;
    let c = client(&emu);
    let all = all_workspaces(&c).await;
    let ok = pick(&all, 2, "AVAILABLE", |w| is_state(w, "AVAILABLE"));
    let stopped = &pick(&all, 1, "STOPPED", |w| is_state(w, "STOPPED"))[0];
    let out = c
        .reboot_workspaces()
        .reboot_workspace_requests(reboot_req(&ok[0]))
        .reboot_workspace_requests(reboot_req(UNKNOWN_WS))
        .reboot_workspace_requests(reboot_req(stopped))
        .reboot_workspace_requests(reboot_req(&ok[1]))
        .send()
        .await
        .expect("wrong states and unknown IDs are not a call error");
    assert_failed(
        "reboot mixed batch",
        out.failed_requests(),
        &[UNKNOWN_WS, stopped],
    );
    for id in &ok {
        assert_eq!(
            state_of(&c, id).await.as_deref(),
            Some("REBOOTING"),
            "{id} in the same batch was still rebooted"
        );
    }
    assert_eq!(state_of(&c, stopped).await.as_deref(), Some("STOPPED"));
    emu.shutdown().await;
}

#[tokio::test]
async fn unknown_ids_come_back_in_failed_requests_for_every_batch_operation() {
    let emu = start(SIZE).await;
    let c = client(&emu);
    let out = c
        .reboot_workspaces()
        .reboot_workspace_requests(reboot_req(UNKNOWN_WS))
        .send()
        .await
        .unwrap();
    assert_failed("reboot unknown", out.failed_requests(), &[UNKNOWN_WS]);
    let out = c
        .rebuild_workspaces()
        .rebuild_workspace_requests(rebuild_req(UNKNOWN_WS))
        .send()
        .await
        .unwrap();
    assert_failed("rebuild unknown", out.failed_requests(), &[UNKNOWN_WS]);
    let out = c
        .start_workspaces()
        .start_workspace_requests(start_req(UNKNOWN_WS))
        .send()
        .await
        .unwrap();
    assert_failed("start unknown", out.failed_requests(), &[UNKNOWN_WS]);
    let out = c
        .stop_workspaces()
        .stop_workspace_requests(stop_req(UNKNOWN_WS))
        .send()
        .await
        .unwrap();
    assert_failed("stop unknown", out.failed_requests(), &[UNKNOWN_WS]);
    let out = c
        .terminate_workspaces()
        .terminate_workspace_requests(terminate_req(UNKNOWN_WS))
        .send()
        .await
        .unwrap();
    assert_failed("terminate unknown", out.failed_requests(), &[UNKNOWN_WS]);
    emu.shutdown().await;
}

#[tokio::test]
async fn mixed_start_and_terminate_batches() {
    let emu = start(SIZE).await;
    let c = client(&emu);
    let all = all_workspaces(&c).await;
    let stopped = &pick(&all, 1, "STOPPED and AUTO_STOP", stopped_autostop)[0];
    let available = &pick(&all, 1, "AVAILABLE and AUTO_STOP", available_autostop)[0];
    let out = c
        .start_workspaces()
        .start_workspace_requests(start_req(stopped))
        .start_workspace_requests(start_req(available))
        .start_workspace_requests(start_req(UNKNOWN_WS))
        .send()
        .await
        .unwrap();
    assert_failed(
        "start mixed",
        out.failed_requests(),
        &[available, UNKNOWN_WS],
    );
    assert_eq!(state_of(&c, stopped).await.as_deref(), Some("STARTING"));

    let victim = all
        .iter()
        .map(ws_id)
        .find(|id| id != stopped && id != available)
        .unwrap();
    let out = c
        .terminate_workspaces()
        .terminate_workspace_requests(terminate_req(&victim))
        .terminate_workspace_requests(terminate_req(UNKNOWN_WS))
        .send()
        .await
        .unwrap();
    assert_failed("terminate mixed", out.failed_requests(), &[UNKNOWN_WS]);
    assert_eq!(state_of(&c, &victim).await.as_deref(), Some("TERMINATING"));
    emu.shutdown().await;
}
