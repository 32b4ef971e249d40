//! WorkSpaces Applications on the wire: awsJson1.1 with X-Amz-Target
//! PhotonAdminProxyService.<Operation> (what the AWS CLI and boto3 send), unknown targets,
//! faults, random errors and DescribeFleets paging, alongside the SDK's RPC v2 CBOR.

mod common;

use std::collections::HashMap;

use aws_sdk_appstream::config::retry::RetryConfig;
use aws_sdk_appstream::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_appstream::Client;
use common::{expect_code, raw_post, status_of};
use wsfleet::sim::{Emulator, Fault, SimConfig};

const JSON_11: &str = "application/x-amz-json-1.1";
const AUTH: &str = "AWS4-HMAC-SHA256 Credential=AKIDWSFLEETDEMO/20261130/us-east-1/appstream/\
                    aws4_request, SignedHeaders=host;x-amz-target, Signature=abcdef";

fn client(emu: &Emulator) -> Client {
    let conf = aws_sdk_appstream::config::Builder::new()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(common::REGION))
        .endpoint_url(emu.endpoint_url())
        .credentials_provider(Credentials::new(
            "AKIDWSFLEETDEMO",
            "secret",
            None,
            None,
            "test",
        ))
        .retry_config(RetryConfig::disabled())
        .build();
    Client::from_conf(conf)
}

async fn json_call(emu: &Emulator, target: &str, body: &str) -> common::RawResponse {
    raw_post(
        &emu.endpoint_url(),
        &[
            ("Content-Type", JSON_11),
            ("X-Amz-Target", target),
            ("Authorization", AUTH),
        ],
        body,
    )
    .await
}

#[tokio::test]
async fn aws_json_1_1_is_served_with_the_photon_target() {
    let emu = common::start(40).await;
    let raw = json_call(&emu, "PhotonAdminProxyService.DescribeFleets", "{}").await;
    assert_eq!(raw.status, 200, "{}", raw.text());
    assert!(raw.header("content-type").unwrap().starts_with(JSON_11));
    let body = raw.json();
    let fleets = body["Fleets"].as_array().unwrap();
    assert_eq!(fleets.len(), 4);
    assert!(fleets[0]["CreatedTime"].is_number(), "epoch seconds");
    assert!(fleets[0]["ComputeCapacityStatus"]["Desired"].is_number());

    let raw = json_call(
        &emu,
        "PhotonAdminProxyService.CreateUpdatedImage",
        r#"{"existingImageName": "no-such-image", "newImageName": "x", "dryRun": true}"#,
    )
    .await;
    assert_eq!(raw.status, 400);
    assert_eq!(raw.json()["__type"], "ResourceNotFoundException");

    let raw = json_call(
        &emu,
        "PhotonAdminProxyService.DescribeImages",
        r#"{"MaxResults": 26}"#,
    )
    .await;
    assert_eq!(raw.status, 400);
    assert_eq!(raw.json()["__type"], "ValidationException");

    let raw = json_call(&emu, "PhotonAdminProxyService.CreateFleet", "{}").await;
    assert_eq!(raw.status, 400);
    assert_eq!(raw.json()["__type"], "UnknownOperationException");
    let raw = json_call(&emu, "PhotonAdminProxyService", "{}").await;
    assert_eq!(raw.json()["__type"], "UnknownOperationException");
    assert_eq!(emu.stats().calls_to("DescribeFleets"), 1);
}

#[tokio::test]
async fn faults_and_random_errors_apply_to_appstream_operations() {
    let emu = common::start_with(SimConfig {
        faults: HashMap::from([("DescribeImages".to_string(), Fault::AccessDenied)]),
        ..common::quiet_config(40)
    })
    .await;
    let c = client(&emu);
    let err = expect_code(
        "faulted DescribeImages",
        c.describe_images().send().await,
        &["AccessDeniedException"],
    );
    assert!(
        format!("{:?}", err).contains("appstream:DescribeImages"),
        "{err:?}"
    );
    c.describe_fleets()
        .send()
        .await
        .expect("other operations run");

    let emu = common::start_with(SimConfig {
        error_rate: 1.0,
        ..common::quiet_config(40)
    })
    .await;
    let err = expect_code(
        "error_rate 1.0",
        client(&emu).describe_fleets().send().await,
        &["InternalFailure", "ServiceUnavailable"],
    );
    assert!(matches!(status_of(&err), Some(500 | 503)));
    assert_eq!(emu.stats().total_calls(), 0, "nothing ran");
}

#[tokio::test]
async fn describe_fleets_and_stacks_page() {
    // 900 scales to 12 fleets and 9 stacks: two pages of fleets at 10 per page.
    let emu = common::start(900).await;
    let c = client(&emu);
    let first = c.describe_fleets().send().await.unwrap();
    assert_eq!(first.fleets().len(), 10);
    let token = first.next_token().expect("a second page").to_string();
    let second = c.describe_fleets().next_token(&token).send().await.unwrap();
    assert_eq!(second.fleets().len(), 2);
    assert!(second.next_token().is_none());
    let mut names: Vec<_> = first
        .fleets()
        .iter()
        .chain(second.fleets())
        .filter_map(|f| f.name())
        .collect();
    names.dedup();
    assert_eq!(names.len(), 12);
    let stacks = c.describe_stacks().send().await.unwrap();
    assert_eq!(stacks.stacks().len(), 9);
    expect_code(
        "token of another operation",
        c.describe_stacks().next_token(&token).send().await,
        &["ValidationException"],
    );
}
