//! Smoke test with the real `aws-sdk-workspaces` client: the SDK is strict about shapes
//! (timestamps must be numbers, enums strings, required members present), so parsing whole
//! responses proves the wire format.

use std::time::Duration;

use aws_sdk_workspaces::config::retry::RetryConfig;
use aws_sdk_workspaces::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_workspaces::error::ProvideErrorMetadata;
use aws_sdk_workspaces::types::{RebootRequest, WorkspaceState};
use aws_sdk_workspaces::Client;

use super::{Emulator, SimConfig};

fn client(emu: &Emulator, region: &str) -> Client {
    let conf = aws_sdk_workspaces::config::Builder::new()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(region.to_string()))
        .endpoint_url(emu.endpoint_url())
        .credentials_provider(Credentials::new("AKIDTEST", "secret", None, None, "test"))
        .retry_config(RetryConfig::disabled())
        .build();
    Client::from_conf(conf)
}

async fn quiet(size: usize) -> Emulator {
    Emulator::start(SimConfig {
        size,
        throttle: None,
        transition: Duration::from_millis(300),
        ..SimConfig::default()
    })
    .await
    .unwrap()
}

/// Every WorkSpace ID, paging through DescribeWorkspaces 25 at a time.
async fn all_workspace_ids(c: &Client) -> Vec<String> {
    let mut ids = Vec::new();
    let mut token = None;
    loop {
        let page = c
            .describe_workspaces()
            .limit(25)
            .set_next_token(token)
            .send()
            .await
            .unwrap();
        ids.extend(
            page.workspaces()
                .iter()
                .map(|w| w.workspace_id().unwrap().to_string()),
        );
        token = page.next_token().map(str::to_string);
        if token.is_none() {
            return ids;
        }
    }
}

/// The ID of an AVAILABLE WorkSpace on the first page.
async fn first_available(c: &Client) -> String {
    let all = c.describe_workspaces().limit(25).send().await.unwrap();
    all.workspaces()
        .iter()
        .find(|w| w.state() == Some(&WorkspaceState::Available))
        .unwrap()
        .workspace_id()
        .unwrap()
        .to_string()
}

async fn state_of(c: &Client, id: &str) -> Option<WorkspaceState> {
    let out = c
        .describe_workspaces()
        .workspace_ids(id)
        .send()
        .await
        .unwrap();
    out.workspaces()[0].state().cloned()
}

#[tokio::test]
async fn describe_workspaces_pages_and_reboot_round_trips() {
    let emu = quiet(60).await;
    let c = client(&emu, "us-east-1");
    let ids = all_workspace_ids(&c).await;
    assert_eq!(ids.len(), 60);
    let mut sorted = ids.clone();
    sorted.dedup();
    assert_eq!(sorted.len(), 60);

    let target = first_available(&c).await;
    let out = c
        .reboot_workspaces()
        .reboot_workspace_requests(
            RebootRequest::builder()
                .workspace_id(&target)
                .build()
                .unwrap(),
        )
        .reboot_workspace_requests(
            RebootRequest::builder()
                .workspace_id("ws-zz99notreal")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(out.failed_requests().len(), 1);
    assert_eq!(
        out.failed_requests()[0].error_code(),
        Some("ResourceNotFound.Workspace")
    );
    assert_eq!(state_of(&c, &target).await, Some(WorkspaceState::Rebooting));
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(state_of(&c, &target).await, Some(WorkspaceState::Available));
    assert_eq!(emu.stats().calls_to("RebootWorkspaces"), 1);
    emu.shutdown().await;
}

#[tokio::test]
async fn every_describe_parses_in_the_sdk() {
    let emu = quiet(30).await;
    let c = client(&emu, "eu-west-1");
    let ws = c.describe_workspaces().send().await.unwrap();
    let id = ws.workspaces()[0].workspace_id().unwrap().to_string();
    let status = c
        .describe_workspaces_connection_status()
        .workspace_ids(&id)
        .send()
        .await
        .unwrap();
    assert!(status.workspaces_connection_status()[0]
        .connection_state_check_timestamp()
        .is_some());
    let dirs = c.describe_workspace_directories().send().await.unwrap();
    assert_eq!(dirs.directories().len(), 3);
    let bundles = c
        .describe_workspace_bundles()
        .owner("AMAZON")
        .send()
        .await
        .unwrap();
    assert!(!bundles.bundles().is_empty());
    let images = c.describe_workspace_images().send().await.unwrap();
    let image = images.images()[0].image_id().unwrap().to_string();
    c.describe_workspace_image_permissions()
        .image_id(&image)
        .send()
        .await
        .unwrap();
    let pools = c.describe_workspaces_pools().send().await.unwrap();
    let pool = pools.workspaces_pools()[0].pool_id().to_string();
    let sessions = c
        .describe_workspaces_pool_sessions()
        .pool_id(&pool)
        .send()
        .await
        .unwrap();
    assert!(!sessions.sessions().is_empty());
    c.describe_tags().resource_id(&id).send().await.unwrap();
    c.describe_account().send().await.unwrap();

    let err = c.describe_workspaces().limit(26).send().await.unwrap_err();
    assert_eq!(err.code(), Some("ValidationException"));
    let err = c
        .describe_workspaces()
        .next_token("bogus")
        .send()
        .await
        .unwrap_err();
    assert!(err
        .into_service_error()
        .is_invalid_parameter_values_exception());
    emu.shutdown().await;
}

#[tokio::test]
async fn throttling_is_recognised_by_the_sdk() {
    // A slow refill keeps the count exact however long the calls take on a busy machine.
    let emu = Emulator::start(SimConfig {
        size: 10,
        throttle: Some(super::ThrottleConfig {
            rate: 0.1,
            burst: 5,
        }),
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let c = client(&emu, "us-east-1");
    let mut throttled = 0;
    for _ in 0..8 {
        if let Err(e) = c.describe_account().send().await {
            assert_eq!(e.code(), Some("ThrottlingException"));
            throttled += 1;
        }
    }
    assert_eq!(throttled, 3, "burst of 5, then throttled");
    assert_eq!(emu.stats().total_throttled(), throttled);
    emu.shutdown().await;
}
