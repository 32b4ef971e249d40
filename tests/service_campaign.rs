//! The service calls an image update campaign and the restore confirmation add, with the real
//! SDK against the embedded emulator over HTTP: DescribeWorkspaceSnapshots (read through the
//! budget), UpdateWorkspaceBundle and MigrateWorkspace (through `ActionApi::execute`, one call
//! each, refusals as per-resource failures with the service's code).

mod common;

use std::sync::Arc;

use common::*;
use wsfleet::domain::{Action, Outcome, WorkspaceBundle, AMAZON_BUNDLE_OWNER};
use wsfleet::queue::ActionApi;
use wsfleet::service::{demo_client, ClientOptions, RateBudget, WorkspacesService};

fn service(emu: &wsfleet::sim::Emulator) -> WorkspacesService {
    let client = demo_client(&emu.endpoint_url(), REGION, &ClientOptions::default());
    WorkspacesService::new(client, REGION.into(), Arc::new(RateBudget::unlimited()))
}

async fn one(svc: &WorkspacesService, action: Action, id: &str) -> Outcome {
    let out = svc
        .execute(&action, &[id.to_string()])
        .await
        .unwrap_or_else(|e| panic!("{action}: whole-call error {e}"));
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].id, id);
    out[0].outcome.clone()
}

async fn own_bundles(svc: &WorkspacesService) -> Vec<WorkspaceBundle> {
    let page = svc
        .describe_bundles_page(None, None)
        .await
        .expect("bundles");
    page.items
        .into_iter()
        .filter(|b| b.owner != AMAZON_BUNDLE_OWNER)
        .collect()
}

#[tokio::test]
async fn snapshots_of_a_workspace_are_listed_newest_first() {
    let emu = start(20).await;
    let svc = service(&emu);
    let c = client(&emu);
    let ws = all_workspaces(&c)
        .await
        .into_iter()
        .find(|w| is_state(w, "AVAILABLE"))
        .expect("an AVAILABLE WorkSpace");
    let snaps = svc
        .describe_workspace_snapshots(&ws_id(&ws))
        .await
        .expect("DescribeWorkspaceSnapshots");
    let now = chrono::Utc::now().timestamp();
    assert!(!snaps.restore.is_empty(), "restore snapshots: {snaps:?}");
    assert!(
        snaps.restore.windows(2).all(|w| w[0] >= w[1]),
        "newest first"
    );
    assert!(snaps.restore_point().unwrap() <= now);
    assert_eq!(snaps.restore_point(), snaps.restore.first().copied());

    let err = svc
        .describe_workspace_snapshots(UNKNOWN_WS)
        .await
        .expect_err("an unknown WorkSpace");
    assert_eq!(err.code, "ResourceNotFoundException", "{err}");
}

#[tokio::test]
async fn update_bundle_points_it_at_another_image() {
    let emu = start(20).await;
    let svc = service(&emu);
    let bundles = own_bundles(&svc).await;
    let bundle = bundles
        .first()
        .expect("the seed has custom bundles")
        .clone();
    let images = all_images(&client(&emu)).await;
    let other = images
        .iter()
        .find(|i| image_state(i) == "AVAILABLE" && i.image_id() != Some(bundle.image_id.as_str()))
        .and_then(|i| i.image_id())
        .expect("another AVAILABLE image")
        .to_string();
    let out = one(
        &svc,
        Action::UpdateBundle {
            image_id: other.clone(),
        },
        &bundle.id,
    )
    .await;
    assert_eq!(out, Outcome::succeeded());
    let after = own_bundles(&svc).await;
    let b = after.iter().find(|b| b.id == bundle.id).unwrap();
    assert_eq!(b.image_id, other, "UpdateWorkspaceBundle changed ImageId");
    // The new image, followed by ID as a campaign does.
    let img = svc.describe_image(&other).await.expect("describe").unwrap();
    assert_eq!(img.state, "AVAILABLE");
    assert!(svc.describe_image(UNKNOWN_IMAGE).await.unwrap().is_none());

    // A refusal is a per-resource failure with the service's code, not a whole-call error.
    let out = one(
        &svc,
        Action::UpdateBundle { image_id: other },
        "wsb-zz99notrl",
    )
    .await;
    match out {
        Outcome::Failed { code, .. } => assert!(
            NOT_FOUND.contains(&code.as_str()) || VALIDATION.contains(&code.as_str()),
            "{code}"
        ),
        o => panic!("expected a failure, got {o:?}"),
    }
}

fn image_state(i: &aws_sdk_workspaces::types::WorkspaceImage) -> &str {
    i.state().map(|s| s.as_str()).unwrap_or("")
}

#[tokio::test]
async fn migrate_answers_with_the_new_workspace() {
    let emu = start(30).await;
    let svc = service(&emu);
    let c = client(&emu);
    let bundles = own_bundles(&svc).await;
    let all = all_workspaces(&c).await;
    // An AVAILABLE WorkSpace and an own bundle it is not on, whose image is AVAILABLE.
    let mut pair = None;
    for w in all.iter().filter(|w| is_state(w, "AVAILABLE")) {
        for b in &bundles {
            let img = describe_image(&c, &b.image_id).await;
            if Some(b.id.as_str()) != w.bundle_id()
                && img.is_some_and(|i| image_state(&i) == "AVAILABLE")
            {
                pair = Some((
                    ws_id(w),
                    w.bundle_id().unwrap_or("").to_string(),
                    b.id.clone(),
                ));
                break;
            }
        }
        if pair.is_some() {
            break;
        }
    }
    let (ws, _own, target) = pair.expect("a WorkSpace and another bundle");
    let out = one(
        &svc,
        Action::Migrate {
            bundle_id: target.clone(),
        },
        &ws,
    )
    .await;
    let new_id = match out {
        Outcome::Succeeded { result: Some(id) } => id,
        o => panic!("expected TargetWorkspaceId, got {o:?}"),
    };
    assert_ne!(new_id, ws);
    let new_ws = describe_ws(&c, &new_id).await.expect("the new WorkSpace");
    assert_eq!(new_ws.bundle_id(), Some(target.as_str()));

    // The bundle a WorkSpace already has: refused, per resource, with the service's code.
    let other = all
        .iter()
        .find(|w| is_state(w, "AVAILABLE") && ws_id(w) != ws)
        .unwrap();
    let out = one(
        &svc,
        Action::Migrate {
            bundle_id: other.bundle_id().unwrap().to_string(),
        },
        &ws_id(other),
    )
    .await;
    assert!(
        matches!(&out, Outcome::Failed { code, .. } if VALIDATION.contains(&code.as_str())),
        "{out:?}"
    );
}
