//! ModifyWorkspaceProperties' rules for volumes, compute type and protocol over the SDK: the
//! admin guide's "Modify a WorkSpace" page
//! (https://docs.aws.amazon.com/workspaces/latest/adminguide/modify-workspaces.html), with the
//! errors the model lists for the operation, and ModificationStates while a change applies.

mod common;

use aws_sdk_workspaces::types::{Compute, Protocol, Workspace, WorkspaceProperties};
use common::*;
use std::time::Duration;

const SIZE: usize = 120;
const INVALID: &[&str] = &["InvalidParameterValuesException"];
const NOT_NOW: &[&str] = &["InvalidResourceStateException"];

fn props(w: &Workspace) -> &WorkspaceProperties {
    w.workspace_properties().expect("WorkspaceProperties")
}

fn sizes(w: &Workspace) -> (i32, i32) {
    let p = props(w);
    (
        p.root_volume_size_gib().unwrap_or(0),
        p.user_volume_size_gib().unwrap_or(0),
    )
}

fn compute(w: &Workspace) -> &str {
    props(w).compute_type_name().map_or("", |c| c.as_str())
}

fn protocol_is(w: &Workspace, p: &str) -> bool {
    props(w).protocols().iter().any(|x| x.as_str() == p)
}

/// AVAILABLE WorkSpaces whose properties pass `pred`, the first `n`.
async fn available(
    c: &aws_sdk_workspaces::Client,
    n: usize,
    what: &str,
    pred: impl Fn(&Workspace) -> bool,
) -> Vec<String> {
    let all = all_workspaces(c).await;
    pick(&all, n, what, |w| is_state(w, "AVAILABLE") && pred(w))
}

async fn modify(
    c: &aws_sdk_workspaces::Client,
    id: &str,
    p: WorkspaceProperties,
) -> Result<
    aws_sdk_workspaces::operation::modify_workspace_properties::ModifyWorkspacePropertiesOutput,
    aws_sdk_workspaces::error::SdkError<
        aws_sdk_workspaces::operation::modify_workspace_properties::ModifyWorkspacePropertiesError,
        aws_sdk_workspaces::config::http::HttpResponse,
    >,
> {
    c.modify_workspace_properties()
        .workspace_id(id)
        .workspace_properties(p)
        .send()
        .await
}

async fn settled(c: &aws_sdk_workspaces::Client, id: &str) {
    wait_until(&format!("{id} settles"), SETTLE, || async {
        describe_ws(c, id)
            .await
            .is_some_and(|w| w.modification_states().is_empty() && !is_state(&w, "UPDATING"))
    })
    .await;
}

#[tokio::test]
async fn volumes_grow_only_in_the_allowed_pairs_one_at_a_time() {
    let emu = start(SIZE).await;
    let c = client(&emu);
    let id = &available(&c, 1, "on 80/50 or larger", |w| {
        let (r, u) = sizes(w);
        r >= 80 && u >= 50 && !compute(w).starts_with("GRAPHICS")
    })
    .await[0];
    let w = describe_ws(&c, id).await.unwrap();
    let (root, user) = sizes(&w);
    let b = || WorkspaceProperties::builder();
    let both = b()
        .root_volume_size_gib(root.max(175) + 10)
        .user_volume_size_gib(user.max(100) + 10);
    expect_code(
        "root and user at once",
        modify(&c, id, both.build()).await,
        INVALID,
    );
    let with_compute = b()
        .user_volume_size_gib(user + 10)
        .compute_type_name(Compute::Power);
    expect_code(
        "volume with compute",
        modify(&c, id, with_compute.build()).await,
        INVALID,
    );
    let shrink = b().user_volume_size_gib(user - 10);
    expect_code("shrink", modify(&c, id, shrink.build()).await, INVALID);
    // 80 GB of root takes a user volume of 10, 50 or 100 only; 175 GB of root at least 100.
    let odd = if root == 80 {
        b().user_volume_size_gib(120)
    } else {
        b().user_volume_size_gib(2001)
    };
    expect_code(
        "a pair outside the groups",
        modify(&c, id, odd.build()).await,
        INVALID,
    );
    assert_eq!(
        sizes(&describe_ws(&c, id).await.unwrap()),
        (root, user),
        "nothing applied"
    );

    let grown = if root == 80 { 100 } else { user + 20 };
    if grown != user {
        modify(&c, id, b().user_volume_size_gib(grown).build())
            .await
            .unwrap();
        settled(&c, id).await;
        assert_eq!(sizes(&describe_ws(&c, id).await.unwrap()).1, grown);
        // "once in a 6-hour period"
        let again = b().root_volume_size_gib(root.max(175) + 5).build();
        expect_code(
            "second expansion within 6 hours",
            modify(&c, id, again).await,
            NOT_NOW,
        );
    }
    emu.shutdown().await;
}

#[tokio::test]
async fn compute_goes_up_once_in_6_hours_and_down_once_in_30_days() {
    let emu = start(SIZE).await;
    let c = client(&emu);
    let id = &available(&c, 1, "STANDARD", |w| compute(w) == "STANDARD").await[0];
    let to = |c: Compute| WorkspaceProperties::builder().compute_type_name(c).build();
    modify(&c, id, to(Compute::Performance)).await.unwrap();
    settled(&c, id).await;
    assert_eq!(compute(&describe_ws(&c, id).await.unwrap()), "PERFORMANCE");
    expect_code(
        "up again within 6 hours",
        modify(&c, id, to(Compute::Power)).await,
        NOT_NOW,
    );
    modify(&c, id, to(Compute::Standard)).await.unwrap();
    settled(&c, id).await;
    expect_code(
        "down again within 30 days",
        modify(&c, id, to(Compute::Value)).await,
        NOT_NOW,
    );
    expect_code(
        "graphics from non-graphics",
        modify(&c, id, to(Compute::Graphics)).await,
        &["UnsupportedWorkspaceConfigurationException"],
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn the_protocol_changes_only_from_pcoip() {
    let emu = start(SIZE).await;
    let c = client(&emu);
    let wsp = &available(&c, 1, "WSP", |w| protocol_is(w, "WSP")).await[0];
    let to = |p: Protocol| WorkspaceProperties::builder().protocols(p).build();
    expect_code(
        "WSP to PCOIP",
        modify(&c, wsp, to(Protocol::Pcoip)).await,
        &["UnsupportedWorkspaceConfigurationException"],
    );
    let pcoip = &available(&c, 1, "PCOIP", |w| protocol_is(w, "PCOIP")).await[0];
    modify(&c, pcoip, to(Protocol::Wsp)).await.unwrap();
    assert!(protocol_is(&describe_ws(&c, pcoip).await.unwrap(), "WSP"));
    emu.shutdown().await;
}

#[tokio::test]
async fn modification_states_go_initiated_in_progress_then_clear() {
    // A long transition, so the first half (UPDATE_INITIATED) is seen for sure.
    let mut cfg = quiet_config(SIZE);
    cfg.transition = Duration::from_secs(4);
    let emu = start_with(cfg).await;
    let c = client(&emu);
    let id = &available(&c, 1, "STANDARD", |w| compute(w) == "STANDARD").await[0];
    let p = WorkspaceProperties::builder()
        .compute_type_name(Compute::Performance)
        .build();
    modify(&c, id, p.clone()).await.unwrap();
    let states = |w: &Workspace| -> Vec<(String, String)> {
        w.modification_states()
            .iter()
            .map(|m| {
                (
                    m.resource().map_or("", |r| r.as_str()).to_string(),
                    m.state().map_or("", |s| s.as_str()).to_string(),
                )
            })
            .collect()
    };
    let first = states(&describe_ws(&c, id).await.unwrap());
    assert_eq!(
        first,
        vec![("COMPUTE_TYPE".into(), "UPDATE_INITIATED".into())]
    );
    expect_code(
        "a second change while one applies",
        modify(&c, id, p).await,
        &["OperationInProgressException"],
    );
    wait_until("UPDATE_IN_PROGRESS", SETTLE, || async {
        let w = describe_ws(&c, id).await.unwrap();
        states(&w) == vec![("COMPUTE_TYPE".to_string(), "UPDATE_IN_PROGRESS".to_string())]
    })
    .await;
    settled(&c, id).await;
    emu.shutdown().await;
}
