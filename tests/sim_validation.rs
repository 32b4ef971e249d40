//! Request validation: malformed IDs, over-limit arrays, out-of-range numbers, and unknown
//! resources in single-resource operations. Every rejection is a call error with the right code,
//! and a rejected call changes nothing.

mod common;

use aws_sdk_workspaces::types::{TargetWorkspaceState, WorkspaceProperties};
use common::*;

#[tokio::test]
async fn malformed_workspace_ids_are_rejected() {
    let emu = start(20).await;
    let c = client(&emu);
    for bad in ["ws-", "ws-SHOUTING1", "ws-abc", "i-12345678"] {
        expect_validation(
            &format!("DescribeWorkspaces WorkspaceIds [{bad}]"),
            c.describe_workspaces().workspace_ids(bad).send().await,
        );
    }
    expect_validation(
        "RebootWorkspaces [ws-]",
        c.reboot_workspaces()
            .reboot_workspace_requests(reboot_req("ws-"))
            .send()
            .await,
    );
    expect_validation(
        "StopWorkspaces [ws-]",
        c.stop_workspaces()
            .stop_workspace_requests(stop_req("ws-"))
            .send()
            .await,
    );
    expect_validation(
        "RestoreWorkspace ws-",
        c.restore_workspace().workspace_id("ws-").send().await,
    );
    expect_validation(
        "ModifyWorkspaceState ws-",
        c.modify_workspace_state()
            .workspace_id("ws-")
            .workspace_state(TargetWorkspaceState::Available)
            .send()
            .await,
    );
    expect_validation(
        "DescribeWorkspacesConnectionStatus [ws-]",
        c.describe_workspaces_connection_status()
            .workspace_ids("ws-")
            .send()
            .await,
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn malformed_image_bundle_directory_and_pool_ids_are_rejected() {
    let emu = start(20).await;
    let c = client(&emu);
    expect_validation(
        "DescribeWorkspaceImages [wsi-]",
        c.describe_workspace_images().image_ids("wsi-").send().await,
    );
    expect_validation(
        "DeleteWorkspaceImage wsi-",
        c.delete_workspace_image().image_id("wsi-").send().await,
    );
    expect_validation(
        "DescribeWorkspaceImagePermissions wsi-",
        c.describe_workspace_image_permissions()
            .image_id("wsi-")
            .send()
            .await,
    );
    expect_validation(
        "DescribeWorkspaces BundleId wsb-",
        c.describe_workspaces().bundle_id("wsb-").send().await,
    );
    expect_validation(
        "DescribeWorkspaceBundles [wsb-]",
        c.describe_workspace_bundles()
            .bundle_ids("wsb-")
            .send()
            .await,
    );
    expect_validation(
        "DescribeWorkspaces DirectoryId d-",
        c.describe_workspaces().directory_id("d-").send().await,
    );
    expect_validation(
        "DescribeWorkspaceDirectories [d-]",
        c.describe_workspace_directories()
            .directory_ids("d-")
            .send()
            .await,
    );
    expect_validation(
        "DescribeWorkspacesPools [wspool-]",
        c.describe_workspaces_pools()
            .pool_ids("wspool-")
            .send()
            .await,
    );
    expect_validation(
        "StartWorkspacesPool wspool-",
        c.start_workspaces_pool().pool_id("wspool-").send().await,
    );
    expect_validation(
        "DescribeWorkspacesPoolSessions wspool-",
        c.describe_workspaces_pool_sessions()
            .pool_id("wspool-")
            .send()
            .await,
    );
    expect_validation(
        "TerminateWorkspacesPoolSession not-a-uuid",
        c.terminate_workspaces_pool_session()
            .session_id("not-a-uuid")
            .send()
            .await,
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn batches_of_26_are_rejected_and_change_nothing() {
    let emu = start(60).await;
    let c = client(&emu);
    let all = all_workspaces(&c).await;
    let ids: Vec<String> = all.iter().take(26).map(ws_id).collect();
    let before: Vec<String> = all
        .iter()
        .take(26)
        .map(|w| state_str(w).to_string())
        .collect();

    let mut reboot = c.reboot_workspaces();
    let mut start = c.start_workspaces();
    let mut stop = c.stop_workspaces();
    let mut terminate = c.terminate_workspaces();
    for id in &ids {
        reboot = reboot.reboot_workspace_requests(reboot_req(id));
        start = start.start_workspace_requests(start_req(id));
        stop = stop.stop_workspace_requests(stop_req(id));
        terminate = terminate.terminate_workspace_requests(terminate_req(id));
    }
    // Reference: "Array Members: Minimum number of 1 item. Maximum number of 25 items."
    expect_validation("RebootWorkspaces x26", reboot.send().await);
    expect_validation("StartWorkspaces x26", start.send().await);
    expect_validation("StopWorkspaces x26", stop.send().await);
    expect_validation("TerminateWorkspaces x26", terminate.send().await);
    expect_validation(
        "DescribeWorkspaces WorkspaceIds x26",
        c.describe_workspaces()
            .set_workspace_ids(Some(ids.clone()))
            .send()
            .await,
    );
    expect_validation(
        "DescribeWorkspacesConnectionStatus WorkspaceIds x26",
        c.describe_workspaces_connection_status()
            .set_workspace_ids(Some(ids.clone()))
            .send()
            .await,
    );
    // Empty batches violate the minimum of 1.
    expect_validation(
        "RebootWorkspaces with no requests",
        c.reboot_workspaces()
            .set_reboot_workspace_requests(Some(vec![]))
            .send()
            .await,
    );

    let after = c
        .describe_workspaces()
        .set_workspace_ids(Some(ids[..25].to_vec()))
        .send()
        .await
        .unwrap();
    for ws in after.workspaces() {
        let i = ids.iter().position(|x| *x == ws_id(ws)).unwrap();
        assert_eq!(
            state_str(ws),
            before[i],
            "{} unchanged by rejected batches",
            ids[i]
        );
    }
    assert_eq!(after.workspaces().len(), 25, "nothing was terminated");
    emu.shutdown().await;
}

#[tokio::test]
async fn rebuild_takes_exactly_one_workspace() {
    let emu = start(20).await;
    let c = client(&emu);
    let all = all_workspaces(&c).await;
    let ids = pick(&all, 2, "AVAILABLE", |w| is_state(w, "AVAILABLE"));
    // RebuildWorkspaces: "Array Members: Fixed number of 1 item."
    expect_validation(
        "RebuildWorkspaces with 2 requests",
        c.rebuild_workspaces()
            .rebuild_workspace_requests(rebuild_req(&ids[0]))
            .rebuild_workspace_requests(rebuild_req(&ids[1]))
            .send()
            .await,
    );
    for id in &ids {
        assert_eq!(state_of(&c, id).await.as_deref(), Some("AVAILABLE"));
    }
    emu.shutdown().await;
}

#[tokio::test]
async fn unknown_workspace_in_single_resource_operations_is_not_found() {
    let emu = start(20).await;
    let c = client(&emu);
    expect_code(
        "RestoreWorkspace unknown",
        c.restore_workspace().workspace_id(UNKNOWN_WS).send().await,
        NOT_FOUND,
    );
    expect_code(
        "ModifyWorkspaceState unknown",
        c.modify_workspace_state()
            .workspace_id(UNKNOWN_WS)
            .workspace_state(TargetWorkspaceState::AdminMaintenance)
            .send()
            .await,
        NOT_FOUND,
    );
    expect_code(
        "ModifyWorkspaceProperties unknown",
        c.modify_workspace_properties()
            .workspace_id(UNKNOWN_WS)
            .workspace_properties(
                WorkspaceProperties::builder()
                    .running_mode(aws_sdk_workspaces::types::RunningMode::AutoStop)
                    .build(),
            )
            .send()
            .await,
        NOT_FOUND,
    );
    expect_code(
        "CreateWorkspaceImage from unknown WorkSpace",
        c.create_workspace_image()
            .workspace_id(UNKNOWN_WS)
            .name("img-from-nothing")
            .description("nothing")
            .send()
            .await,
        NOT_FOUND,
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn modify_workspace_state_rejects_other_target_states() {
    let emu = start(20).await;
    let c = client(&emu);
    let all = all_workspaces(&c).await;
    let id = &pick(&all, 1, "AVAILABLE", |w| is_state(w, "AVAILABLE"))[0];
    // ModifyWorkspaceState: "Valid Values: AVAILABLE | ADMIN_MAINTENANCE"
    expect_validation(
        "ModifyWorkspaceState STOPPED",
        c.modify_workspace_state()
            .workspace_id(id)
            .workspace_state(TargetWorkspaceState::from("STOPPED"))
            .send()
            .await,
    );
    assert_eq!(state_of(&c, id).await.as_deref(), Some("AVAILABLE"));
    emu.shutdown().await;
}

#[tokio::test]
async fn id_lists_over_25_are_rejected() {
    let emu = start(20).await;
    let c = client(&emu);
    let images: Vec<String> = (0..26).map(|i| format!("wsi-zz{i:08}x")).collect();
    let bundles: Vec<String> = (0..26).map(|i| format!("wsb-zz{i:08}x")).collect();
    let dirs: Vec<String> = (0..26).map(|i| format!("d-{i:010x}")).collect();
    let pools: Vec<String> = (0..26).map(|i| format!("wspool-zz{i:07}")).collect();
    expect_validation(
        "DescribeWorkspaceImages ImageIds x26",
        c.describe_workspace_images()
            .set_image_ids(Some(images))
            .send()
            .await,
    );
    expect_validation(
        "DescribeWorkspaceBundles BundleIds x26",
        c.describe_workspace_bundles()
            .set_bundle_ids(Some(bundles))
            .send()
            .await,
    );
    expect_validation(
        "DescribeWorkspaceDirectories DirectoryIds x26",
        c.describe_workspace_directories()
            .set_directory_ids(Some(dirs))
            .send()
            .await,
    );
    expect_validation(
        "DescribeWorkspacesPools PoolIds x26",
        c.describe_workspaces_pools()
            .set_pool_ids(Some(pools))
            .send()
            .await,
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn missing_required_members_are_rejected() {
    let emu = start(20).await;
    let c = client(&emu);
    let ws = ws_id(&all_workspaces(&c).await[0]);
    let img = all_images(&c).await[0].image_id().unwrap().to_string();
    expect_validation(
        "RestoreWorkspace without WorkspaceId",
        c.restore_workspace().send().await,
    );
    expect_validation(
        "ModifyWorkspaceState without WorkspaceState",
        c.modify_workspace_state().workspace_id(&ws).send().await,
    );
    expect_validation(
        "CreateTags without Tags",
        c.create_tags().resource_id(&ws).send().await,
    );
    expect_validation(
        "DescribeWorkspaceImagePermissions without ImageId",
        c.describe_workspace_image_permissions().send().await,
    );
    expect_validation(
        "UpdateWorkspaceImagePermission without AllowCopyImage",
        c.update_workspace_image_permission()
            .image_id(&img)
            .shared_account_id("210987654321")
            .send()
            .await,
    );
    expect_validation(
        "DescribeWorkspacesPoolSessions without PoolId",
        c.describe_workspaces_pool_sessions().send().await,
    );
    expect_validation(
        "RebootWorkspaces without requests",
        c.reboot_workspaces().send().await,
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn bad_user_and_workspace_names_are_rejected() {
    let emu = start(20).await;
    let c = client(&emu);
    let dir = all_workspaces(&c).await[0]
        .directory_id()
        .unwrap()
        .to_string();
    // DescribeWorkspaces: UserName length 1..63.
    expect_validation(
        "UserName of 64",
        c.describe_workspaces()
            .directory_id(&dir)
            .user_name("u".repeat(64))
            .send()
            .await,
    );
    // DescribeWorkspaces: WorkspaceName ^[a-zA-Z0-9_()][a-zA-Z0-9_.()-]{1,63}$
    expect_validation(
        "WorkspaceName with a space",
        c.describe_workspaces()
            .workspace_name("bad name")
            .send()
            .await,
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn pool_update_values_are_range_checked() {
    use aws_sdk_workspaces::types::{Capacity, TimeoutSettings};

    let emu = start(20).await;
    let c = client(&emu);
    let pool = all_pools(&c).await.remove(0);
    let id = pool.pool_id();
    // The `Capacity` shape: DesiredUserSessions minimum 0.
    expect_validation(
        "DesiredUserSessions -1",
        c.update_workspaces_pool()
            .pool_id(id)
            .capacity(
                Capacity::builder()
                    .desired_user_sessions(-1)
                    .build()
                    .unwrap(),
            )
            .send()
            .await,
    );
    // The `TimeoutSettings` shape: DisconnectTimeoutInSeconds 60..36000.
    expect_validation(
        "DisconnectTimeoutInSeconds 59",
        c.update_workspaces_pool()
            .pool_id(id)
            .timeout_settings(
                TimeoutSettings::builder()
                    .disconnect_timeout_in_seconds(59)
                    .build(),
            )
            .send()
            .await,
    );
    expect_validation(
        "Description with <>",
        c.update_workspaces_pool()
            .pool_id(id)
            .description("<bad>")
            .send()
            .await,
    );
    let after = describe_pool(&c, id).await;
    assert_eq!(
        after.capacity_status().unwrap().desired_user_sessions(),
        pool.capacity_status().unwrap().desired_user_sessions(),
        "rejected updates change nothing"
    );
    assert_eq!(after.description(), pool.description());
    emu.shutdown().await;
}
