//! WorkSpaces Applications (AppStream 2.0) in the emulator, driven by the real
//! `aws-sdk-appstream` client (RPC v2 CBOR) on the same port as WorkSpaces.

mod common;

use std::collections::HashSet;

use aws_sdk_appstream::config::retry::RetryConfig;
use aws_sdk_appstream::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_appstream::types::{
    AuthenticationType, ComputeCapacity, Fleet, Image, ImagePermissions, Session, VisibilityType,
};
use aws_sdk_appstream::Client;
use common::{expect_code, status_of, SETTLE};
use wsfleet::sim::{Emulator, RequestLog, SimConfig, ThrottleConfig};

const VALIDATION: &[&str] = &["ValidationException"];
const NOT_FOUND: &[&str] = &["ResourceNotFoundException"];

fn config() -> SimConfig {
    common::quiet_config(300)
}

fn appstream(emu: &Emulator, akid: &str) -> Client {
    let conf = aws_sdk_appstream::config::Builder::new()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(common::REGION))
        .endpoint_url(emu.endpoint_url())
        .credentials_provider(Credentials::new(akid, "secret", None, None, "test"))
        .retry_config(RetryConfig::disabled())
        .build();
    Client::from_conf(conf)
}

fn client(emu: &Emulator) -> Client {
    appstream(emu, "AKIDWSFLEETDEMO")
}

async fn all_images(c: &Client) -> Vec<Image> {
    let mut out = Vec::new();
    let mut token = None;
    loop {
        let page = c
            .describe_images()
            .max_results(5)
            .set_next_token(token)
            .send()
            .await
            .expect("DescribeImages");
        assert!(page.images().len() <= 5);
        out.extend(page.images().iter().cloned());
        token = page.next_token().map(String::from);
        if token.is_none() {
            return out;
        }
    }
}

async fn image(c: &Client, name: &str) -> Image {
    c.describe_images()
        .names(name)
        .send()
        .await
        .unwrap()
        .images()[0]
        .clone()
}

async fn all_fleets(c: &Client) -> Vec<Fleet> {
    let mut out = Vec::new();
    let mut token = None;
    loop {
        let page = c
            .describe_fleets()
            .set_next_token(token)
            .send()
            .await
            .unwrap();
        out.extend(page.fleets().iter().cloned());
        token = page.next_token().map(String::from);
        if token.is_none() {
            return out;
        }
    }
}

async fn fleet(c: &Client, name: &str) -> Fleet {
    c.describe_fleets()
        .names(name)
        .send()
        .await
        .unwrap()
        .fleets()[0]
        .clone()
}

fn state(f: &Fleet) -> &str {
    f.state().map(|s| s.as_str()).unwrap_or("")
}

fn in_use(f: &Fleet) -> i32 {
    f.compute_capacity_status()
        .and_then(|c| c.in_use())
        .unwrap_or(-1)
}

/// Every session of a stack and fleet, over all authentication types.
async fn sessions(c: &Client, stack: &str, fleet: &str) -> Vec<Session> {
    let mut out = Vec::new();
    for auth in [
        AuthenticationType::Api,
        AuthenticationType::Saml,
        AuthenticationType::Userpool,
    ] {
        let mut token = None;
        loop {
            let page = c
                .describe_sessions()
                .stack_name(stack)
                .fleet_name(fleet)
                .authentication_type(auth.clone())
                .limit(2)
                .set_next_token(token)
                .send()
                .await
                .unwrap();
            out.extend(page.sessions().iter().cloned());
            token = page.next_token().map(String::from);
            if token.is_none() {
                break;
            }
        }
    }
    out
}

async fn stack_of(c: &Client, fleet: &str) -> String {
    let out = c
        .list_associated_stacks()
        .fleet_name(fleet)
        .send()
        .await
        .unwrap();
    out.names()[0].clone()
}

/// Polls `check` until it holds, failing after SETTLE.
async fn settle<F, Fut>(what: &str, check: F)
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = std::time::Instant::now() + SETTLE;
    while !check().await {
        assert!(
            std::time::Instant::now() < deadline,
            "timed out waiting: {what}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
}

fn is_private(i: &Image) -> bool {
    i.visibility() == Some(&VisibilityType::Private)
}

fn has_update(i: &Image) -> bool {
    i.latest_appstream_agent_version().map(|v| v.as_str()) == Some("FALSE")
}

fn image_state(i: &Image) -> &str {
    i.state().map(|s| s.as_str()).unwrap_or("")
}

#[tokio::test]
async fn describe_images_pages_filters_and_refuses_bad_input() {
    let emu = common::start_with(config()).await;
    let c = client(&emu);
    let images = all_images(&c).await;
    let names: HashSet<_> = images.iter().filter_map(|i| i.name()).collect();
    assert_eq!(names.len(), images.len(), "no image repeats across pages");
    assert_eq!(images.iter().filter(|i| is_private(i)).count(), 12);
    assert!(images.iter().any(|i| image_state(i) == "FAILED"));
    assert!(images.iter().any(|i| is_private(i) && has_update(i)));
    assert!(images.iter().any(|i| is_private(i) && !has_update(i)));
    let first = &images[0];
    assert!(first.created_time().is_some(), "timestamps decode");
    assert!(first
        .arn()
        .unwrap()
        .starts_with("arn:aws:appstream:us-east-1:"));

    let public = c
        .describe_images()
        .r#type(VisibilityType::Public)
        .send()
        .await
        .unwrap();
    assert!(!public.images().is_empty());
    for i in public.images() {
        assert!(
            i.name().unwrap().starts_with("AppStream-"),
            "{:?}",
            i.name()
        );
        assert!(i.arn().unwrap().contains("::image/"), "AWS-owned ARN");
        assert!(i.public_base_image_released_date().is_some());
    }

    let err = expect_code(
        "unknown name",
        c.describe_images().names("no-such-image").send().await,
        NOT_FOUND,
    );
    assert_eq!(status_of(&err), Some(400));
    expect_code(
        "MaxResults 26",
        c.describe_images().max_results(26).send().await,
        VALIDATION,
    );
    expect_code(
        "Names and Arns",
        c.describe_images()
            .names(first.name().unwrap())
            .arns(first.arn().unwrap())
            .send()
            .await,
        &["InvalidParameterCombinationException"],
    );
    expect_code(
        "foreign token",
        c.describe_images().next_token("garbage").send().await,
        VALIDATION,
    );
}

#[tokio::test]
async fn create_updated_image_dry_run_creates_nothing_and_the_update_becomes_available() {
    let emu = common::start_with(config()).await;
    let c = client(&emu);
    let images = all_images(&c).await;
    let stale = images
        .iter()
        .find(|i| is_private(i) && has_update(i) && image_state(i) == "AVAILABLE")
        .unwrap()
        .name()
        .unwrap()
        .to_string();
    let current = images
        .iter()
        .find(|i| is_private(i) && !has_update(i) && image_state(i) == "AVAILABLE")
        .unwrap()
        .name()
        .unwrap()
        .to_string();

    let dry = c
        .create_updated_image()
        .existing_image_name(&stale)
        .new_image_name("dry-run-only")
        .dry_run(true)
        .send()
        .await
        .unwrap();
    assert_eq!(dry.can_update_image(), Some(true));
    assert_eq!(dry.image().unwrap().name(), Some(stale.as_str()));
    let dry = c
        .create_updated_image()
        .existing_image_name(&current)
        .new_image_name("dry-run-only")
        .dry_run(true)
        .send()
        .await
        .unwrap();
    assert_eq!(dry.can_update_image(), Some(false));
    assert_eq!(
        all_images(&c).await.len(),
        images.len(),
        "dry runs create nothing"
    );
    expect_code(
        "dry run never created it",
        c.describe_images().names("dry-run-only").send().await,
        NOT_FOUND,
    );

    let made = c
        .create_updated_image()
        .existing_image_name(&stale)
        .new_image_name(format!("{stale}-updated"))
        .new_image_display_name("Updated")
        .new_image_tags("team", "qa")
        .send()
        .await
        .unwrap();
    assert_eq!(made.can_update_image(), Some(true));
    let new = made.image().unwrap();
    let new_name = new.name().unwrap().to_string();
    assert_eq!(image_state(new), "PENDING");
    assert_eq!(image_state(&image(&c, &new_name).await), "PENDING");
    let (cr, nr) = (&c, new_name.as_str());
    settle("the updated image is AVAILABLE", || async move {
        image_state(&image(cr, nr).await) == "AVAILABLE"
    })
    .await;
    let updated = image(&c, &new_name).await;
    assert!(!has_update(&updated), "the new image is current");
    assert_eq!(updated.display_name(), Some("Updated"));
    let tags = c
        .list_tags_for_resource()
        .resource_arn(updated.arn().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(tags.tags().unwrap()["team"], "qa");
    let dry = c
        .create_updated_image()
        .existing_image_name(&new_name)
        .new_image_name("again")
        .dry_run(true)
        .send()
        .await
        .unwrap();
    assert_eq!(dry.can_update_image(), Some(false));

    expect_code(
        "taken name",
        c.create_updated_image()
            .existing_image_name(&stale)
            .new_image_name(&current)
            .send()
            .await,
        &["ResourceAlreadyExistsException"],
    );
    expect_code(
        "unknown existing image",
        c.create_updated_image()
            .existing_image_name("no-such-image")
            .new_image_name("x1")
            .send()
            .await,
        NOT_FOUND,
    );
    expect_code(
        "no update available",
        c.create_updated_image()
            .existing_image_name(&current)
            .new_image_name("x2")
            .send()
            .await,
        &["OperationNotPermittedException"],
    );
    let failed = images
        .iter()
        .find(|i| image_state(i) == "FAILED")
        .unwrap()
        .name()
        .unwrap();
    expect_code(
        "FAILED image",
        c.create_updated_image()
            .existing_image_name(failed)
            .new_image_name("x3")
            .send()
            .await,
        &["OperationNotPermittedException"],
    );
    let public = images
        .iter()
        .find(|i| !is_private(i))
        .unwrap()
        .name()
        .unwrap();
    expect_code(
        "public image",
        c.create_updated_image()
            .existing_image_name(public)
            .new_image_name("x4")
            .send()
            .await,
        &["OperationNotPermittedException"],
    );
    let err = expect_code(
        "invalid new name",
        c.create_updated_image()
            .existing_image_name(&stale)
            .new_image_name("has space")
            .send()
            .await,
        VALIDATION,
    );
    assert_eq!(status_of(&err), Some(400));
}

#[tokio::test]
async fn fleets_start_stop_and_update() {
    let emu = common::start_with(config()).await;
    let c = client(&emu);
    let fleets = all_fleets(&c).await;
    assert_eq!(fleets.len(), 4);
    let types: HashSet<_> = fleets
        .iter()
        .filter_map(|f| f.fleet_type().map(|t| t.as_str().to_string()))
        .collect();
    assert!(types.len() >= 2, "{types:?}");

    // STOPPED -> STARTING -> RUNNING
    let stopped = fleets.iter().find(|f| state(f) == "STOPPED").unwrap();
    let name = stopped.name().unwrap().to_string();
    c.start_fleet().name(&name).send().await.unwrap();
    assert_eq!(state(&fleet(&c, &name).await), "STARTING");
    let (cr, nr) = (&c, name.as_str());
    settle("fleet RUNNING", || async move {
        state(&fleet(cr, nr).await) == "RUNNING"
    })
    .await;
    let running = fleet(&c, &name).await;
    let cap = running.compute_capacity_status().unwrap();
    assert_eq!(cap.running(), cap.desired());

    // RUNNING -> STOPPING -> STOPPED, and the sessions end.
    let busy = fleets
        .iter()
        .find(|f| state(f) == "RUNNING" && in_use(f) > 0)
        .unwrap();
    let busy_name = busy.name().unwrap().to_string();
    let stack = stack_of(&c, &busy_name).await;
    assert_eq!(
        sessions(&c, &stack, &busy_name).await.len() as i32,
        in_use(busy)
    );
    c.stop_fleet().name(&busy_name).send().await.unwrap();
    assert_eq!(state(&fleet(&c, &busy_name).await), "STOPPING");
    expect_code(
        "start while STOPPING",
        c.start_fleet().name(&busy_name).send().await,
        &["ConcurrentModificationException"],
    );
    let (cr, nr) = (&c, busy_name.as_str());
    settle("fleet STOPPED", || async move {
        state(&fleet(cr, nr).await) == "STOPPED"
    })
    .await;
    assert!(sessions(&c, &stack, &busy_name).await.is_empty());
    assert_eq!(in_use(&fleet(&c, &busy_name).await), 0);

    // UpdateFleet: another Windows image and a new capacity.
    let f = fleet(&c, &name).await;
    let windows = |i: &Image| {
        i.platform()
            .is_some_and(|p| p.as_str().starts_with("WINDOWS"))
    };
    let images = all_images(&c).await;
    let other = images
        .iter()
        .find(|i| {
            is_private(i)
                && image_state(i) == "AVAILABLE"
                && windows(i)
                && i.name() != f.image_name()
        })
        .unwrap();
    let out = c
        .update_fleet()
        .name(&name)
        .image_name(other.name().unwrap())
        .compute_capacity(ComputeCapacity::builder().desired_instances(7).build())
        .send()
        .await
        .unwrap();
    assert_eq!(out.fleet().unwrap().image_name(), other.name());
    let now = fleet(&c, &name).await;
    assert_eq!(now.image_name(), other.name());
    assert_eq!(now.image_arn(), other.arn());
    assert_eq!(now.compute_capacity_status().unwrap().desired(), Some(7));
    let (cr, nr) = (&c, name.as_str());
    settle("capacity converges", || async move {
        fleet(cr, nr)
            .await
            .compute_capacity_status()
            .unwrap()
            .running()
            == Some(7)
    })
    .await;

    expect_code(
        "ImageName and ImageArn",
        c.update_fleet()
            .name(&name)
            .image_name(other.name().unwrap())
            .image_arn(other.arn().unwrap())
            .send()
            .await,
        &["InvalidParameterCombinationException"],
    );
    expect_code(
        "negative capacity",
        c.update_fleet()
            .name(&name)
            .compute_capacity(ComputeCapacity::builder().desired_instances(-1).build())
            .send()
            .await,
        VALIDATION,
    );
    expect_code(
        "unknown image",
        c.update_fleet()
            .name(&name)
            .image_name("no-such-image")
            .send()
            .await,
        NOT_FOUND,
    );
    expect_code(
        "unknown fleet",
        c.start_fleet().name("no-such-fleet").send().await,
        NOT_FOUND,
    );
    expect_code(
        "image in use",
        c.delete_image().name(other.name().unwrap()).send().await,
        &["ResourceInUseException"],
    );
    // An image no fleet uses can be deleted.
    let fleets = all_fleets(&c).await;
    let used: HashSet<_> = fleets.iter().filter_map(|f| f.image_name()).collect();
    let unused = images
        .iter()
        .find(|i| is_private(i) && !used.contains(i.name().unwrap()))
        .unwrap()
        .name()
        .unwrap();
    let deleted = c.delete_image().name(unused).send().await.unwrap();
    assert_eq!(image_state(deleted.image().unwrap()), "DELETING");
    expect_code(
        "deleted",
        c.describe_images().names(unused).send().await,
        NOT_FOUND,
    );
}

#[tokio::test]
async fn stacks_sessions_and_expiry() {
    let emu = common::start_with(config()).await;
    let c = client(&emu);
    let stacks = c.describe_stacks().send().await.unwrap();
    assert_eq!(stacks.stacks().len(), 3);
    for s in stacks.stacks() {
        let fleets = c
            .list_associated_fleets()
            .stack_name(s.name().unwrap())
            .send()
            .await
            .unwrap();
        for f in fleets.names() {
            let back = c
                .list_associated_stacks()
                .fleet_name(f)
                .send()
                .await
                .unwrap();
            assert!(back.names().iter().any(|n| Some(n.as_str()) == s.name()));
        }
    }
    expect_code(
        "unknown stack",
        c.describe_stacks().names("no-such-stack").send().await,
        NOT_FOUND,
    );

    let fleets = all_fleets(&c).await;
    let busy = fleets
        .iter()
        .find(|f| state(f) == "RUNNING" && in_use(f) > 0)
        .unwrap();
    let name = busy.name().unwrap();
    let stack = stack_of(&c, name).await;
    let all = sessions(&c, &stack, name).await;
    assert_eq!(all.len() as i32, in_use(busy));
    let s = &all[0];
    assert!(s.start_time().is_some() && s.max_expiration_time().is_some());
    assert!(s.network_access_configuration().is_some());
    // Without AuthenticationType only API sessions are listed, as the service does.
    let default = c
        .describe_sessions()
        .stack_name(&stack)
        .fleet_name(name)
        .send()
        .await
        .unwrap();
    assert!(default
        .sessions()
        .iter()
        .all(|s| s.authentication_type() == Some(&AuthenticationType::Api)));

    c.expire_session()
        .session_id(s.id().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(sessions(&c, &stack, name).await.len(), all.len() - 1);
    assert_eq!(in_use(&fleet(&c, name).await), in_use(busy) - 1);
    expect_code(
        "bad stack name",
        c.describe_sessions()
            .stack_name("bad name")
            .fleet_name(name)
            .send()
            .await,
        VALIDATION,
    );
    expect_code(
        "bad auth type",
        c.describe_sessions()
            .stack_name(&stack)
            .fleet_name(name)
            .authentication_type(AuthenticationType::from("KERBEROS"))
            .send()
            .await,
        VALIDATION,
    );
}

#[tokio::test]
async fn image_permissions_and_accounts() {
    let emu = common::start_with(config()).await;
    let c = client(&emu);
    let images = all_images(&c).await;
    let mut shared = None;
    for i in images.iter().filter(|i| is_private(i)) {
        let p = c
            .describe_image_permissions()
            .name(i.name().unwrap())
            .send()
            .await
            .unwrap();
        if !p.shared_image_permissions_list().is_empty() {
            shared = Some((i.name().unwrap().to_string(), p));
        }
    }
    let (name, perms) = shared.expect("one image is shared");
    assert_eq!(
        perms.shared_image_permissions_list()[0].shared_account_id(),
        Some("210987654321")
    );

    let allow = ImagePermissions::builder()
        .allow_fleet(true)
        .allow_image_builder(true)
        .build();
    expect_code(
        "short account",
        c.update_image_permissions()
            .name(&name)
            .shared_account_id("12345")
            .image_permissions(allow.clone())
            .send()
            .await,
        VALIDATION,
    );
    c.update_image_permissions()
        .name(&name)
        .shared_account_id("111122223333")
        .image_permissions(allow)
        .send()
        .await
        .unwrap();
    let p = c
        .describe_image_permissions()
        .name(&name)
        .max_results(1)
        .send()
        .await
        .unwrap();
    assert_eq!(p.shared_image_permissions_list().len(), 1);
    let next = c
        .describe_image_permissions()
        .name(&name)
        .max_results(1)
        .next_token(p.next_token().expect("a second page"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        next.shared_image_permissions_list()[0].shared_account_id(),
        Some("210987654321")
    );
    c.delete_image_permissions()
        .name(&name)
        .shared_account_id("111122223333")
        .send()
        .await
        .unwrap();
    expect_code(
        "not shared any more",
        c.delete_image_permissions()
            .name(&name)
            .shared_account_id("111122223333")
            .send()
            .await,
        NOT_FOUND,
    );

    // The second demo account has resources of its own.
    let dev = appstream(&emu, "AKIDWSFLEETDEV");
    let dev_images = all_images(&dev).await;
    let arn = dev_images
        .iter()
        .find(|i| is_private(i))
        .unwrap()
        .arn()
        .unwrap();
    assert!(arn.contains(":210987654321:image/"), "{arn}");
}

#[tokio::test]
async fn appstream_has_its_own_throttling_bucket_and_logs_its_calls() {
    let dir = std::env::temp_dir().join(format!("wsfleet-appstream-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("requests.jsonl");
    let _ = std::fs::remove_file(&path);
    let emu = common::start_with(SimConfig {
        throttle: Some(ThrottleConfig {
            rate: 0.001,
            burst: 2,
        }),
        request_log: Some(RequestLog::open(&path).unwrap()),
        ..config()
    })
    .await;
    let c = client(&emu);
    let fleets = c.describe_fleets().send().await.unwrap();
    let stopped = fleets
        .fleets()
        .iter()
        .find(|f| state(f) == "STOPPED")
        .unwrap()
        .name()
        .unwrap()
        .to_string();
    c.start_fleet().name(&stopped).send().await.unwrap();
    let err = expect_code(
        "third AppStream call",
        c.describe_images().send().await,
        &["ThrottlingException"],
    );
    assert_eq!(status_of(&err), Some(400));
    let ws = common::client(&emu);
    ws.describe_workspaces()
        .send()
        .await
        .expect("WorkSpaces has a bucket of its own");
    assert_eq!(emu.stats().total_throttled(), 1);
    assert_eq!(emu.stats().mutating_calls(), 1, "StartFleet");

    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    let start = &lines[1];
    assert_eq!(start["operation"], "StartFleet");
    assert_eq!(start["service"], "appstream");
    assert_eq!(start["status"], 200);
    assert_eq!(start["account"], "123456789012");
    assert_eq!(start["resources"], serde_json::json!([stopped]));
    assert_eq!(lines[2]["error"], "ThrottlingException");
    assert_eq!(lines[3]["operation"], "DescribeWorkspaces");
    assert!(
        lines[3].get("service").is_none(),
        "WorkSpaces lines are unchanged"
    );
}
