//! Injected faults, random errors, hangs and latency.

mod common;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use aws_sdk_workspaces::config::retry::RetryConfig;
use aws_sdk_workspaces::config::timeout::TimeoutConfig;
use aws_sdk_workspaces::error::{ProvideErrorMetadata, SdkError};
use common::*;
use wsfleet::sim::{Fault, SimConfig};

async fn start_with_fault(op: &str, fault: Fault) -> wsfleet::sim::Emulator {
    let mut faults = HashMap::new();
    faults.insert(op.to_string(), fault);
    start_with(SimConfig {
        faults,
        ..quiet_config(20)
    })
    .await
}

async fn describe_workspaces_still_works(c: &aws_sdk_workspaces::Client) {
    let out = c
        .describe_workspaces()
        .limit(5)
        .send()
        .await
        .expect("DescribeWorkspaces is unaffected by a fault on another operation");
    assert_eq!(out.workspaces().len(), 5);
}

#[tokio::test]
async fn unknown_operation_fault() {
    let emu = start_with_fault("DescribeWorkspaceImages", Fault::UnknownOperation).await;
    let c = client(&emu);
    let err = expect_code(
        "DescribeWorkspaceImages with UnknownOperation fault",
        c.describe_workspace_images().send().await,
        &["UnknownOperationException"],
    );
    assert_eq!(status_of(&err), Some(400));
    describe_workspaces_still_works(&c).await;
    assert_eq!(emu.stats().faulted, 1);
    emu.shutdown().await;
}

#[tokio::test]
async fn access_denied_fault() {
    let emu = start_with_fault("DescribeWorkspaceImages", Fault::AccessDenied).await;
    let c = client(&emu);
    let err = c.describe_workspace_images().send().await.unwrap_err();
    assert_eq!(
        status_of(&err),
        Some(400),
        "AccessDeniedException is HTTP 400 (DescribeWorkspaceImages' Errors)"
    );
    assert!(
        err.into_service_error().is_access_denied_exception(),
        "the SDK maps it to DescribeWorkspaceImagesError::AccessDeniedException"
    );
    describe_workspaces_still_works(&c).await;
    assert_eq!(emu.stats().faulted, 1);
    emu.shutdown().await;
}

#[tokio::test]
async fn html_500_fault() {
    let emu = start_with_fault("DescribeWorkspaceImages", Fault::Html500).await;
    let (c, cap) = capturing_client(&emu, None);
    let err = c.describe_workspace_images().send().await.unwrap_err();
    assert_eq!(status_of(&err), Some(500));
    // An HTML body cannot be parsed as an awsJson1.1 error, so the SDK reports a response
    // error carrying the raw 500 rather than a modelled service error.
    assert!(
        matches!(err, SdkError::ResponseError(_) | SdkError::ServiceError(_)),
        "an HTTP 500 reaches the SDK as a response/service error: {}",
        code_of(&err)
    );
    assert!(
        err.code().is_none(),
        "no error code can be parsed from HTML"
    );
    let raw = cap.take();
    assert!(
        raw.header("content-type")
            .unwrap_or("")
            .starts_with("text/html"),
        "HTML body: {:?}",
        raw.header("content-type")
    );
    describe_workspaces_still_works(&c).await;
    emu.shutdown().await;
}

#[tokio::test]
async fn error_rate_one_fails_every_call_with_500_or_503() {
    let emu = start_with(SimConfig {
        error_rate: 1.0,
        ..quiet_config(20)
    })
    .await;
    let c = client(&emu);
    let mut codes = Vec::new();
    for _ in 0..8 {
        let err = c.describe_workspaces().send().await.unwrap_err();
        let code = code_of(&err);
        let status = status_of(&err);
        match code.as_str() {
            "InternalFailure" => assert_eq!(status, Some(500)),
            "ServiceUnavailable" => assert_eq!(status, Some(503)),
            other => {
                panic!("expected InternalFailure/ServiceUnavailable, got {other} ({status:?})")
            }
        }
        codes.push(code);
    }
    let err = c
        .reboot_workspaces()
        .reboot_workspace_requests(reboot_req(UNKNOWN_WS))
        .send()
        .await
        .unwrap_err();
    assert!(matches!(
        code_of(&err).as_str(),
        "InternalFailure" | "ServiceUnavailable"
    ));
    assert_eq!(emu.stats().faulted, 9, "every call was faulted: {codes:?}");
    emu.shutdown().await;
}

#[tokio::test]
async fn hang_fault_trips_the_sdk_timeout() {
    let emu = start_with_fault("DescribeAccount", Fault::Hang(Duration::from_secs(3))).await;
    let conf = config_builder(&emu.endpoint_url(), REGION, RetryConfig::disabled())
        .timeout_config(
            TimeoutConfig::builder()
                .operation_timeout(Duration::from_millis(300))
                .build(),
        )
        .build();
    let c = aws_sdk_workspaces::Client::from_conf(conf);
    let t0 = Instant::now();
    let err = c.describe_account().send().await.unwrap_err();
    assert!(
        matches!(err, SdkError::TimeoutError(_)),
        "{}",
        code_of(&err)
    );
    assert!(t0.elapsed() < Duration::from_secs(3));
    describe_workspaces_still_works(&c).await;
    emu.shutdown().await;
}

#[tokio::test]
async fn latency_is_added_to_every_call() {
    let emu = start_with(SimConfig {
        latency: Duration::from_millis(300),
        ..quiet_config(10)
    })
    .await;
    let c = client(&emu);
    let t0 = Instant::now();
    c.describe_account().send().await.unwrap();
    assert!(
        t0.elapsed() >= Duration::from_millis(300),
        "took {:?}",
        t0.elapsed()
    );
    emu.shutdown().await;
}
