//! The AWS CLI's `appstream` commands (awsJson1.1 with X-Amz-Target
//! PhotonAdminProxyService.<Operation>) against `wsfleet sim`. The `aws` it runs:
//! `WSFLEET_AWS_CLI` (set by `.ci/run`, which installs the CLI into target/ci-venv), else
//! /tmp/awscli-venv/bin/aws from benches/setup-awscli.sh, else one on PATH. Without one the test
//! says why and passes as skipped, or fails under `WSFLEET_CI_REQUIRE_TOOLS=1` (`.ci/run`): the
//! test itself never installs anything.

mod external;

mod aws_cli;

use aws_cli::{find_aws, start_sim};
use serde_json::Value;
use std::path::PathBuf;

/// `aws appstream <args>` against the emulator.
fn aws(bin: &PathBuf, port: u16, args: &[&str]) -> Result<Value, String> {
    aws_cli::aws(bin, port, "appstream", args)
}

#[test]
fn aws_cli_appstream_commands() {
    let bin = match find_aws() {
        Ok(bin) => bin,
        Err(why) => return external::skip("aws_cli_appstream_commands", &why),
    };
    let (_sim, port) = start_sim();

    let images = aws(&bin, port, &["describe-images"]).unwrap();
    let images = images["Images"].as_array().unwrap();
    assert!(images.len() >= 12, "{}", images.len());
    let stale = images
        .iter()
        .find(|i| i["Visibility"] == "PRIVATE" && i["LatestAppstreamAgentVersion"] == "FALSE")
        .and_then(|i| i["Name"].as_str())
        .unwrap()
        .to_string();

    let dry = aws(
        &bin,
        port,
        &[
            "create-updated-image",
            "--existing-image-name",
            &stale,
            "--new-image-name",
            "cli-dry-run",
            "--dry-run",
        ],
    )
    .unwrap();
    assert_eq!(dry["canUpdateImage"], true);
    assert_eq!(dry["image"]["Name"], stale.as_str());
    let missing = aws(&bin, port, &["describe-images", "--names", "cli-dry-run"]).unwrap_err();
    assert!(missing.contains("ResourceNotFoundException"), "{missing}");

    let fleets = aws(&bin, port, &["describe-fleets"]).unwrap();
    let stopped = fleets["Fleets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["State"] == "STOPPED")
        .and_then(|f| f["Name"].as_str())
        .unwrap()
        .to_string();
    aws(&bin, port, &["start-fleet", "--name", &stopped]).unwrap();
    let after = aws(&bin, port, &["describe-fleets", "--names", &stopped]).unwrap();
    assert_eq!(after["Fleets"][0]["State"], "STARTING");

    let err = aws(&bin, port, &["start-fleet", "--name", "no-such-fleet"]).unwrap_err();
    assert!(err.contains("ResourceNotFoundException"), "{err}");
}
