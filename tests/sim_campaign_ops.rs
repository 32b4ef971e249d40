//! The operations an image update campaign needs, with the real `aws-sdk-workspaces` client
//! over HTTP: UpdateWorkspaceBundle (a bundle points at a new image), DescribeWorkspaceSnapshots
//! (restore and rebuild snapshot times) and MigrateWorkspace (a new WorkSpace on the target
//! bundle replaces the source). Each happy path, and each error of the operation's "Errors"
//! section the emulator can produce.

mod common;

use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};

use aws_sdk_workspaces::types::{WorkspaceBundle, WorkspaceImage};
use aws_sdk_workspaces::Client;
use common::*;
use wsfleet::sim::{Fault, SimConfig};

const UNKNOWN_BUNDLE: &str = "wsb-zz99notreal";
const HALF_DAY: f64 = 12.0 * 3600.0;

fn now_secs() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs_f64()
}

async fn bundles(c: &Client, owner: Option<&str>) -> Vec<WorkspaceBundle> {
    let mut out = Vec::new();
    let mut token = None;
    loop {
        let page = c
            .describe_workspace_bundles()
            .set_owner(owner.map(str::to_string))
            .set_next_token(token)
            .send()
            .await
            .expect("DescribeWorkspaceBundles");
        out.extend(page.bundles().iter().cloned());
        token = page.next_token().map(str::to_string);
        if token.is_none() {
            return out;
        }
    }
}

async fn bundle(c: &Client, id: &str) -> WorkspaceBundle {
    let page = c
        .describe_workspace_bundles()
        .bundle_ids(id)
        .send()
        .await
        .expect("DescribeWorkspaceBundles by id");
    page.bundles()[0].clone()
}

fn by_name<'a>(bundles: &'a [WorkspaceBundle], name: &str) -> &'a WorkspaceBundle {
    bundles
        .iter()
        .find(|b| b.name() == Some(name))
        .unwrap_or_else(|| panic!("bundle {name}"))
}

fn image_named<'a>(images: &'a [WorkspaceImage], name: &str) -> &'a WorkspaceImage {
    images
        .iter()
        .find(|i| i.name() == Some(name))
        .unwrap_or_else(|| panic!("image {name}"))
}

#[tokio::test]
async fn update_workspace_bundle_points_a_custom_bundle_at_a_new_image() {
    let emu = start(30).await;
    let c = client(&emu);
    let own = bundles(&c, None).await;
    let corp = by_name(&own, "Standard-Win10-Corp").clone();
    let images = all_images(&c).await;
    let golden = image_named(&images, "Win10-Golden-2024Q4");
    assert_eq!(corp.image_id(), golden.image_id());

    // The campaign's first step: an updated image, PENDING for a while.
    let updated = c
        .create_updated_workspace_image()
        .source_image_id(golden.image_id().unwrap())
        .name("Win10-Golden-patched")
        .description("monthly patches")
        .send()
        .await
        .expect("CreateUpdatedWorkspaceImage")
        .image_id()
        .unwrap()
        .to_string();
    let err = expect_code(
        "a PENDING image",
        c.update_workspace_bundle()
            .bundle_id(corp.bundle_id().unwrap())
            .image_id(&updated)
            .send()
            .await,
        &["ResourceUnavailableException"],
    );
    assert_eq!(status_of(&err), Some(400));
    wait_until("the updated image AVAILABLE", SETTLE, || async {
        describe_image(&c, &updated)
            .await
            .and_then(|i| i.state().map(|s| s.as_str() == "AVAILABLE"))
            .unwrap_or(false)
    })
    .await;

    let before = now_secs();
    c.update_workspace_bundle()
        .bundle_id(corp.bundle_id().unwrap())
        .image_id(&updated)
        .send()
        .await
        .expect("UpdateWorkspaceBundle");
    let after = bundle(&c, corp.bundle_id().unwrap()).await;
    assert_eq!(after.image_id(), Some(updated.as_str()));
    let updated_at = after.last_updated_time().unwrap().as_secs_f64();
    assert!(
        updated_at >= before - 1.0,
        "LastUpdatedTime moves: {updated_at} vs {before}"
    );
    assert_eq!(after.name(), corp.name(), "nothing else changes");
    assert_eq!(after.compute_type(), corp.compute_type());
    // Pointing the bundle at the image it already uses again succeeds and changes nothing.
    c.update_workspace_bundle()
        .bundle_id(corp.bundle_id().unwrap())
        .image_id(&updated)
        .send()
        .await
        .expect("the same image again is a no-op");
}

#[tokio::test]
async fn update_workspace_bundle_errors() {
    let emu = start(10).await;
    let c = client(&emu);
    let own = bundles(&c, None).await;
    let corp = by_name(&own, "Standard-Win10-Corp")
        .bundle_id()
        .unwrap()
        .to_string();
    let amazon = bundles(&c, Some("AMAZON")).await;
    let public = amazon[0].bundle_id().unwrap().to_string();
    let images = all_images(&c).await;
    let win11 = image_named(&images, "Win11-Finance-v3")
        .image_id()
        .unwrap()
        .to_string();
    let linux = image_named(&images, "AmazonLinux2-Dev")
        .image_id()
        .unwrap()
        .to_string();
    let failed = image_named(&images, "Ubuntu2204-Research")
        .image_id()
        .unwrap()
        .to_string();

    let update = |b: &str, i: &str| c.update_workspace_bundle().bundle_id(b).image_id(i).send();
    let err = expect_code(
        "unknown bundle",
        update(UNKNOWN_BUNDLE, &win11).await,
        NOT_FOUND,
    );
    assert_eq!(status_of(&err), Some(400));
    expect_code(
        "unknown image",
        update(&corp, UNKNOWN_IMAGE).await,
        NOT_FOUND,
    );
    expect_code(
        "a public bundle, owned by AMAZON",
        update(&public, &win11).await,
        &["OperationNotSupportedException"],
    );
    expect_code(
        "an image in ERROR",
        update(&corp, &failed).await,
        &["ResourceUnavailableException"],
    );
    expect_code(
        "a Linux image on a Windows bundle",
        update(&corp, &linux).await,
        &["InvalidParameterValuesException"],
    );
    expect_code(
        "no ImageId (optional in the model, required by the service)",
        c.update_workspace_bundle().bundle_id(&corp).send().await,
        &["InvalidParameterValuesException"],
    );
    expect_validation("a malformed BundleId", update("wsb-X", &win11).await);
    assert_eq!(
        bundle(&c, &corp).await.image_id(),
        images
            .iter()
            .find(|i| i.name() == Some("Win10-Golden-2024Q4"))
            .and_then(|i| i.image_id()),
        "no failed call changed the bundle"
    );
    // Another Windows image is fine.
    update(&corp, &win11).await.expect("Windows 11 image");
}

#[tokio::test]
async fn describe_workspace_snapshots_lists_restore_and_rebuild_points() {
    let emu = start(30).await;
    let c = client(&emu);
    let all = all_workspaces(&c).await;
    let id = &pick(&all, 1, "AVAILABLE", |w| is_state(w, "AVAILABLE"))[0];
    let now = now_secs();
    let out = c
        .describe_workspace_snapshots()
        .workspace_id(id)
        .send()
        .await
        .expect("DescribeWorkspaceSnapshots");
    let restore: Vec<f64> = out
        .restore_snapshots()
        .iter()
        .map(|s| s.snapshot_time().unwrap().as_secs_f64())
        .collect();
    let rebuild: Vec<f64> = out
        .rebuild_snapshots()
        .iter()
        .map(|s| s.snapshot_time().unwrap().as_secs_f64())
        .collect();
    assert_eq!(restore.len(), 3, "the last three 12-hourly snapshots");
    assert!(restore[0] <= now + 1.0 && now - restore[0] < HALF_DAY + 1.0);
    for pair in restore.windows(2) {
        assert!((pair[0] - pair[1] - HALF_DAY).abs() < 0.01, "{restore:?}");
    }
    assert_eq!(rebuild.len(), 1);
    assert!(rebuild[0] < restore[2], "created before its snapshots");
    let again = c
        .describe_workspace_snapshots()
        .workspace_id(id)
        .send()
        .await
        .unwrap();
    assert_eq!(again.rebuild_snapshots(), out.rebuild_snapshots(), "stable");

    // A rebuild starts over from the user volume as it is then.
    let before = now_secs();
    let r = c
        .rebuild_workspaces()
        .rebuild_workspace_requests(rebuild_req(id))
        .send()
        .await
        .unwrap();
    assert!(r.failed_requests().is_empty());
    wait_for_state(&c, id, "AVAILABLE").await;
    let out = c
        .describe_workspace_snapshots()
        .workspace_id(id)
        .send()
        .await
        .unwrap();
    let rebuilt = out.rebuild_snapshots()[0]
        .snapshot_time()
        .unwrap()
        .as_secs_f64();
    assert!(rebuilt >= before - 1.0, "{rebuilt} vs {before}");
    assert!(out
        .restore_snapshots()
        .iter()
        .all(|s| s.snapshot_time().unwrap().as_secs_f64() > rebuilt));

    expect_code(
        "unknown WorkSpace",
        c.describe_workspace_snapshots()
            .workspace_id(UNKNOWN_WS)
            .send()
            .await,
        NOT_FOUND,
    );
    expect_validation(
        "no WorkspaceId",
        c.describe_workspace_snapshots().send().await,
    );
}

#[tokio::test]
async fn migrate_workspace_replaces_the_source_with_a_new_workspace() {
    let emu = start(60).await;
    let c = client(&emu);
    let own = bundles(&c, None).await;
    let corp = by_name(&own, "Standard-Win10-Corp")
        .bundle_id()
        .unwrap()
        .to_string();
    let amazon = bundles(&c, Some("AMAZON")).await;
    let target = by_name(&amazon, "Performance with Windows 10 (Server 2022 based)").clone();
    let all = all_workspaces(&c).await;
    let source = pick(&all, 1, "AVAILABLE on Standard-Win10-Corp", |w| {
        is_state(w, "AVAILABLE") && w.bundle_id() == Some(corp.as_str())
    })
    .remove(0);
    let src = describe_ws(&c, &source).await.unwrap();
    let src_tags = c.describe_tags().resource_id(&source).send().await.unwrap();

    let out = c
        .migrate_workspace()
        .source_workspace_id(&source)
        .bundle_id(target.bundle_id().unwrap())
        .send()
        .await
        .expect("MigrateWorkspace");
    assert_eq!(out.source_workspace_id(), Some(source.as_str()));
    let new_id = out.target_workspace_id().unwrap().to_string();
    assert_ne!(new_id, source, "a new ID");
    assert!(regex::Regex::new(r"^ws-[0-9a-z]{8,63}$")
        .unwrap()
        .is_match(&new_id));
    assert_eq!(
        state_of(&c, &source).await.as_deref(),
        Some("UPDATING"),
        "the source is being recreated"
    );
    let new = describe_ws(&c, &new_id)
        .await
        .expect("the target is listed");
    assert_eq!(state_str(&new), "PENDING");
    assert_eq!(new.bundle_id(), target.bundle_id());
    assert_eq!(new.user_name(), src.user_name(), "same user");
    assert_eq!(new.directory_id(), src.directory_id());
    let props = new.workspace_properties().unwrap();
    assert_eq!(
        props.compute_type_name().map(|c| c.as_str()),
        Some("PERFORMANCE")
    );
    assert_eq!(
        props.user_volume_size_gib(),
        src.workspace_properties().unwrap().user_volume_size_gib(),
        "the user volume is kept"
    );
    expect_code(
        "migrating it again while it is migrated",
        c.migrate_workspace()
            .source_workspace_id(&source)
            .bundle_id(target.bundle_id().unwrap())
            .send()
            .await,
        &["OperationInProgressException"],
    );

    wait_for_state(&c, &new_id, "AVAILABLE").await;
    let seen = watch_states(&c, &source, SETTLE, |s| s.is_none()).await;
    assert!(
        seen.iter()
            .flatten()
            .all(|s| s == "UPDATING" || s == "TERMINATED"),
        "the source ends terminated, then gone: {seen:?}"
    );
    let new_tags = c.describe_tags().resource_id(&new_id).send().await.unwrap();
    assert_eq!(
        new_tags.tag_list(),
        src_tags.tag_list(),
        "the tags follow the WorkSpace"
    );
}

#[tokio::test]
async fn migrate_workspace_errors() {
    let emu = start(80).await;
    let c = client(&emu);
    let own = bundles(&c, None).await;
    let linux_bundle = by_name(&own, "Power-AL2-Dev")
        .bundle_id()
        .unwrap()
        .to_string();
    let amazon = bundles(&c, Some("AMAZON")).await;
    let target = by_name(&amazon, "Value with Windows 10 (Server 2022 based)")
        .bundle_id()
        .unwrap()
        .to_string();
    let all = all_workspaces(&c).await;
    let windows = |w: &aws_sdk_workspaces::types::Workspace| {
        w.workspace_properties()
            .and_then(|p| p.operating_system_name())
            .is_some_and(|o| o.as_str().starts_with("WINDOWS"))
    };
    let ids = pick(&all, 2, "AVAILABLE Windows", |w| {
        is_state(w, "AVAILABLE") && windows(w) && w.bundle_id() != Some(target.as_str())
    });
    let migrate = |ws: &str, b: &str| {
        c.migrate_workspace()
            .source_workspace_id(ws)
            .bundle_id(b)
            .send()
    };

    expect_code(
        "unknown WorkSpace",
        migrate(UNKNOWN_WS, &target).await,
        NOT_FOUND,
    );
    expect_code(
        "unknown bundle",
        migrate(&ids[0], UNKNOWN_BUNDLE).await,
        NOT_FOUND,
    );
    let own_bundle = describe_ws(&c, &ids[0]).await.unwrap();
    expect_code(
        "the bundle it already has",
        migrate(&ids[0], own_bundle.bundle_id().unwrap()).await,
        &["InvalidParameterValuesException"],
    );
    expect_code(
        "to a Linux bundle",
        migrate(&ids[0], &linux_bundle).await,
        &["OperationNotSupportedException"],
    );
    if let Some(linux) = all.iter().find(|w| is_state(w, "AVAILABLE") && !windows(w)) {
        expect_code(
            "from a Linux WorkSpace",
            migrate(&ws_id(linux), &target).await,
            &["OperationNotSupportedException"],
        );
    }
    // A WorkSpace busy rebooting cannot be migrated.
    let r = c
        .reboot_workspaces()
        .reboot_workspace_requests(reboot_req(&ids[1]))
        .send()
        .await
        .unwrap();
    assert!(r.failed_requests().is_empty());
    let err = expect_code(
        "a REBOOTING WorkSpace",
        migrate(&ids[1], &target).await,
        &["ResourceUnavailableException"],
    );
    assert_eq!(status_of(&err), Some(400));
    expect_validation(
        "no BundleId",
        c.migrate_workspace()
            .source_workspace_id(&ids[0])
            .send()
            .await,
    );
    expect_validation("a malformed WorkSpace ID", migrate("ws-X", &target).await);
    assert_eq!(
        state_of(&c, &ids[0]).await.as_deref(),
        Some("AVAILABLE"),
        "no failed call changed it"
    );
}

/// AccessDeniedException, which every one of the three lists, as an IAM policy without the
/// action gives it.
#[tokio::test]
async fn access_denied_for_each_new_operation() {
    let faults: HashMap<String, Fault> = [
        "UpdateWorkspaceBundle",
        "DescribeWorkspaceSnapshots",
        "MigrateWorkspace",
    ]
    .into_iter()
    .map(|op| (op.to_string(), Fault::AccessDenied))
    .collect();
    let emu = start_with(SimConfig {
        faults,
        ..quiet_config(5)
    })
    .await;
    let c = client(&emu);
    let denied = &["AccessDeniedException"];
    expect_code(
        "UpdateWorkspaceBundle",
        c.update_workspace_bundle()
            .bundle_id(UNKNOWN_BUNDLE)
            .image_id(UNKNOWN_IMAGE)
            .send()
            .await,
        denied,
    );
    expect_code(
        "DescribeWorkspaceSnapshots",
        c.describe_workspace_snapshots()
            .workspace_id(UNKNOWN_WS)
            .send()
            .await,
        denied,
    );
    expect_code(
        "MigrateWorkspace",
        c.migrate_workspace()
            .source_workspace_id(UNKNOWN_WS)
            .bundle_id(UNKNOWN_BUNDLE)
            .send()
            .await,
        denied,
    );
}
