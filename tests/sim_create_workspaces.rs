//! CreateWorkspaces over the SDK: the model's validation (ValidationException, nothing
//! created), FailedRequests with the service's codes per request (unknown directory, unknown
//! bundle, user not in the directory, user who already has a WorkSpace there, bad running
//! mode or volume), and PendingRequests that go PENDING → AVAILABLE.

mod common;

use aws_sdk_workspaces::types::{RunningMode, Tag, WorkspaceProperties, WorkspaceRequest};
use aws_sdk_workspaces::Client;
use common::*;
use wsfleet::sim::unassigned_user;

fn request(dir: &str, user: &str, bundle: &str) -> WorkspaceRequest {
    WorkspaceRequest::builder()
        .directory_id(dir)
        .user_name(user)
        .bundle_id(bundle)
        .build()
        .unwrap()
}

/// A registered directory, an existing WorkSpace in it (its user), and a bundle.
async fn fixture(c: &Client) -> (String, String, String) {
    let all = all_workspaces(c).await;
    let ws = &all[0];
    let dir = ws.directory_id().unwrap().to_string();
    let user = ws.user_name().unwrap().to_string();
    let bundle = ws.bundle_id().unwrap().to_string();
    (dir, user, bundle)
}

#[tokio::test]
async fn creates_pending_workspaces_that_become_available_and_fails_the_rest_per_request() {
    let emu = start(30).await;
    let c = client(&emu);
    let (dir, existing_user, bundle) = fixture(&c).await;
    let props = WorkspaceProperties::builder()
        .running_mode(RunningMode::AutoStop)
        .running_mode_auto_stop_timeout_in_minutes(120)
        .build();
    let good = WorkspaceRequest::builder()
        .directory_id(&dir)
        .user_name(unassigned_user(1))
        .bundle_id(&bundle)
        .workspace_properties(props)
        .tags(Tag::builder().key("Team").value("new").build().unwrap())
        .build()
        .unwrap();
    let out = c
        .create_workspaces()
        .workspaces(good)
        .workspaces(request(&dir, &unassigned_user(2), &bundle))
        // The same user twice in one call: the second is refused.
        .workspaces(request(&dir, &unassigned_user(2), &bundle))
        .workspaces(request("d-90ffffffff", &unassigned_user(3), &bundle))
        .workspaces(request(&dir, &unassigned_user(4), "wsb-zz99notreal"))
        .workspaces(request(&dir, "nobody.here", &bundle))
        .workspaces(request(&dir, &existing_user, &bundle))
        .send()
        .await
        .expect("CreateWorkspaces answers");
    let pending = out.pending_requests();
    assert_eq!(pending.len(), 2, "{out:?}");
    assert!(pending.iter().all(|w| state_str(w) == "PENDING"));
    assert_eq!(pending[0].user_name(), Some(unassigned_user(1).as_str()));
    assert_eq!(running_mode_str(&pending[0]), "AUTO_STOP");
    let codes: Vec<(String, String)> = out
        .failed_requests()
        .iter()
        .map(|f| {
            (
                f.workspace_request()
                    .map(|r| r.user_name().to_string())
                    .unwrap_or_default(),
                f.error_code().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let expect = |u: &str, code: &str| (u.to_string(), code.to_string());
    assert_eq!(
        codes,
        vec![
            expect(&unassigned_user(2), "ResourceExists.Workspace"),
            expect(&unassigned_user(3), "ResourceNotFound.Directory"),
            expect(&unassigned_user(4), "ResourceNotFound.Bundle"),
            expect("nobody.here", "ResourceNotFound.User"),
            expect(&existing_user, "ResourceExists.Workspace"),
        ]
    );

    // The new WorkSpace is found by directory and user name, and becomes AVAILABLE.
    let id = pending[0].workspace_id().unwrap().to_string();
    let found = c
        .describe_workspaces()
        .directory_id(&dir)
        .user_name(unassigned_user(1))
        .send()
        .await
        .unwrap();
    assert_eq!(found.workspaces()[0].workspace_id(), Some(id.as_str()));
    wait_state(&c, &id, "AVAILABLE").await;
    let tags = c.describe_tags().resource_id(&id).send().await.unwrap();
    assert_eq!(tags.tag_list()[0].key(), "Team");
}

#[tokio::test]
async fn the_model_is_checked_before_anything_is_created() {
    let emu = start(10).await;
    let c = client(&emu);
    let (dir, _, bundle) = fixture(&c).await;
    let before = all_workspaces(&c).await.len();
    // 26 requests: over the list's maximum of 25.
    let mut call = c.create_workspaces();
    for n in 1..=26 {
        call = call.workspaces(request(&dir, &unassigned_user(n), &bundle));
    }
    expect_validation("26 requests", call.send().await);
    // A bad bundle ID pattern in one request refuses the whole call.
    let res = c
        .create_workspaces()
        .workspaces(request(&dir, &unassigned_user(1), &bundle))
        .workspaces(request(&dir, &unassigned_user(2), "bundle-1"))
        .send()
        .await;
    expect_validation("bundle pattern", res);
    let long = "u".repeat(64);
    let res = c
        .create_workspaces()
        .workspaces(request(&dir, &long, &bundle))
        .send()
        .await;
    expect_validation("user name over 63", res);
    assert_eq!(all_workspaces(&c).await.len(), before, "nothing created");
}

#[tokio::test]
async fn running_mode_and_volume_rules_fail_only_their_request() {
    let emu = start(10).await;
    let c = client(&emu);
    let (dir, _, bundle) = fixture(&c).await;
    let with = |user: String, p: WorkspaceProperties| {
        WorkspaceRequest::builder()
            .directory_id(&dir)
            .user_name(user)
            .bundle_id(&bundle)
            .workspace_properties(p)
            .build()
            .unwrap()
    };
    let out = c
        .create_workspaces()
        .workspaces(with(
            unassigned_user(1),
            WorkspaceProperties::builder()
                .running_mode(RunningMode::AutoStop)
                .running_mode_auto_stop_timeout_in_minutes(45)
                .build(),
        ))
        .workspaces(with(
            unassigned_user(2),
            WorkspaceProperties::builder()
                .user_volume_size_gib(5000)
                .build(),
        ))
        .workspaces(with(
            unassigned_user(3),
            WorkspaceProperties::builder()
                .running_mode(RunningMode::AlwaysOn)
                .build(),
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(out.pending_requests().len(), 1);
    let codes: Vec<&str> = out
        .failed_requests()
        .iter()
        .map(|f| f.error_code().unwrap_or_default())
        .collect();
    assert_eq!(
        codes,
        vec![
            "InvalidParameterValuesException",
            "InvalidParameterValuesException"
        ]
    );
}

async fn wait_state(c: &Client, id: &str, want: &str) {
    let deadline = std::time::Instant::now() + SETTLE;
    loop {
        if state_of(c, id).await.as_deref() == Some(want) {
            return;
        }
        assert!(std::time::Instant::now() < deadline, "{id} never {want}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}
