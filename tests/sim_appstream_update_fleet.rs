//! UpdateFleet in the WorkSpaces Applications emulator, as the API reference describes it: a
//! STOPPED fleet takes every attribute (read back with DescribeFleets through the real
//! `aws-sdk-appstream` client), AttributesToDelete and DeleteVpcConfig remove them, a RUNNING
//! fleet refuses what only a stopped one may change (by fleet type), and values outside the
//! model's enums and documented ranges are ValidationException over both protocols.

mod common;
mod sim_appstream_raw;

use aws_sdk_appstream::config::retry::RetryConfig;
use aws_sdk_appstream::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_appstream::types::{
    ComputeCapacity, DomainJoinInfo, Fleet, FleetAttribute, PlatformType, S3Location, StreamView,
    VolumeConfig, VpcConfig,
};
use aws_sdk_appstream::Client;
use common::expect_code;
use serde_json::{json, Value};
use sim_appstream_raw::{call, BOTH};
use wsfleet::sim::Emulator;

const AKID: &str = "AKIDWSFLEETDEMO";
const IN_USE: &[&str] = &["ResourceInUseException"];

fn client(emu: &Emulator) -> Client {
    let conf = aws_sdk_appstream::config::Builder::new()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(common::REGION))
        .endpoint_url(emu.endpoint_url())
        .credentials_provider(Credentials::new(AKID, "secret", None, None, "test"))
        .retry_config(RetryConfig::disabled())
        .build();
    Client::from_conf(conf)
}

async fn fleets(c: &Client) -> Vec<Fleet> {
    c.describe_fleets().send().await.unwrap().fleets().to_vec()
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

fn kind(f: &Fleet) -> &str {
    f.fleet_type().map(|t| t.as_str()).unwrap_or("")
}

/// The first fleet of `fleet_type` (ELASTIC or not) in `wanted` state, stopping or starting
/// one and waiting for it to settle when none is.
async fn fleet_in(c: &Client, elastic: bool, wanted: &str) -> String {
    let all = fleets(c).await;
    let of_type: Vec<&Fleet> = all
        .iter()
        .filter(|f| (kind(f) == "ELASTIC") == elastic)
        .collect();
    if let Some(f) = of_type.iter().find(|f| state(f) == wanted) {
        return f.name().unwrap().to_string();
    }
    let name = of_type[0].name().unwrap().to_string();
    if wanted == "STOPPED" {
        c.stop_fleet().name(&name).send().await.unwrap();
    } else {
        c.start_fleet().name(&name).send().await.unwrap();
    }
    let (cr, nr) = (c, name.as_str());
    common::wait_until(wanted, common::SETTLE, || async move {
        state(&fleet(cr, nr).await) == wanted
    })
    .await;
    name
}

#[tokio::test]
async fn a_stopped_fleet_takes_every_attribute() {
    let emu = common::start(300).await;
    let c = client(&emu);
    let name = fleet_in(&c, false, "STOPPED").await;
    let before = fleet(&c, &name).await;
    let windows = before.platform().unwrap().as_str().starts_with("WINDOWS");
    let platform = if windows {
        PlatformType::WindowsServer2022
    } else {
        PlatformType::AmazonLinux2
    };
    let usb = "Wacom Tablet,03,*,*056a,*,*,0,1";
    let out = c
        .update_fleet()
        .name(&name)
        .display_name("Renamed fleet")
        .description("Every attribute changed")
        .instance_type("stream.compute.large")
        .compute_capacity(ComputeCapacity::builder().desired_instances(3).build())
        .vpc_config(
            VpcConfig::builder()
                .subnet_ids("subnet-0aaa")
                .subnet_ids("subnet-0bbb")
                .security_group_ids("sg-0ccc")
                .build(),
        )
        .max_user_duration_in_seconds(7_200)
        .disconnect_timeout_in_seconds(120)
        .idle_disconnect_timeout_in_seconds(300)
        .enable_default_internet_access(true)
        .domain_join_info(
            DomainJoinInfo::builder()
                .directory_name("corp.example.com")
                .organizational_unit_distinguished_name("OU=Fleets,DC=corp,DC=example,DC=com")
                .build(),
        )
        .iam_role_arn("arn:aws:iam::123456789012:role/FleetRole")
        .stream_view(StreamView::Desktop)
        .platform(platform.clone())
        .usb_device_filter_strings(usb)
        .session_script_s3_location(
            S3Location::builder()
                .s3_bucket("wsfleet-scripts")
                .s3_key("session/scripts.zip")
                .build(),
        )
        .max_sessions_per_instance(4)
        .root_volume_config(VolumeConfig::builder().volume_size_in_gb(200).build())
        .disable_imdsv1(true)
        .send()
        .await
        .unwrap();
    let f = fleet(&c, &name).await;
    assert_eq!(out.fleet(), Some(&f), "the answer is the fleet as stored");
    assert_eq!(f.display_name(), Some("Renamed fleet"));
    assert_eq!(f.description(), Some("Every attribute changed"));
    assert_eq!(f.instance_type(), Some("stream.compute.large"));
    assert_eq!(f.compute_capacity_status().unwrap().desired(), Some(3));
    let vpc = f.vpc_config().unwrap();
    assert_eq!(vpc.subnet_ids(), ["subnet-0aaa", "subnet-0bbb"]);
    assert_eq!(vpc.security_group_ids(), ["sg-0ccc"]);
    assert_eq!(f.max_user_duration_in_seconds(), Some(7_200));
    assert_eq!(f.disconnect_timeout_in_seconds(), Some(120));
    assert_eq!(f.idle_disconnect_timeout_in_seconds(), Some(300));
    assert_eq!(f.enable_default_internet_access(), Some(true));
    let dj = f.domain_join_info().unwrap();
    assert_eq!(dj.directory_name(), Some("corp.example.com"));
    assert_eq!(
        dj.organizational_unit_distinguished_name(),
        Some("OU=Fleets,DC=corp,DC=example,DC=com")
    );
    assert_eq!(
        f.iam_role_arn(),
        Some("arn:aws:iam::123456789012:role/FleetRole")
    );
    assert_eq!(f.stream_view(), Some(&StreamView::Desktop));
    assert_eq!(f.platform(), Some(&platform));
    assert_eq!(f.usb_device_filter_strings(), [usb]);
    let s3 = f.session_script_s3_location().unwrap();
    assert_eq!(
        (s3.s3_bucket(), s3.s3_key()),
        (Some("wsfleet-scripts"), Some("session/scripts.zip"))
    );
    assert_eq!(f.max_sessions_per_instance(), Some(4));
    assert_eq!(
        f.root_volume_config().unwrap().volume_size_in_gb(),
        Some(200)
    );
    assert_eq!(f.disable_imdsv1(), Some(true));
    assert_eq!(state(&f), "STOPPED", "an update does not start the fleet");

    // AttributesToDelete removes what it names, and only that.
    c.update_fleet()
        .name(&name)
        .set_attributes_to_delete(Some(vec![
            FleetAttribute::VpcConfigurationSecurityGroupIds,
            FleetAttribute::DomainJoinInfo,
            FleetAttribute::IamRoleArn,
            FleetAttribute::UsbDeviceFilterStrings,
            FleetAttribute::SessionScriptS3Location,
            FleetAttribute::MaxSessionsPerInstance,
            FleetAttribute::VolumeConfiguration,
        ]))
        .send()
        .await
        .unwrap();
    let f = fleet(&c, &name).await;
    let vpc = f.vpc_config().unwrap();
    assert_eq!(vpc.subnet_ids(), ["subnet-0aaa", "subnet-0bbb"]);
    assert!(vpc.security_group_ids().is_empty());
    assert!(f.domain_join_info().is_none() && f.iam_role_arn().is_none());
    assert!(f.usb_device_filter_strings().is_empty());
    assert!(f.session_script_s3_location().is_none());
    assert!(f.max_sessions_per_instance().is_none() && f.root_volume_config().is_none());
    assert_eq!(f.display_name(), Some("Renamed fleet"), "untouched");
    // DeleteVpcConfig (deprecated in the model, so sent raw) removes the VPC association;
    // with a VpcConfig it is a contradiction.
    let url = emu.endpoint_url();
    for wire in BOTH {
        let body = json!({"Name": name, "DeleteVpcConfig": true, "VpcConfig": {"SubnetIds": ["subnet-0d"]}});
        let a = call(&url, wire, AKID, "UpdateFleet", &body).await;
        assert_eq!(
            a.code(),
            "InvalidParameterCombinationException",
            "{}",
            a.body
        );
    }
    let body = json!({"Name": name, "DeleteVpcConfig": true});
    let a = call(&url, BOTH[1], AKID, "UpdateFleet", &body).await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert!(fleet(&c, &name).await.vpc_config().is_none());
}

#[tokio::test]
async fn a_stopped_elastic_fleet_takes_its_own_attributes() {
    let emu = common::start(300).await;
    let c = client(&emu);
    let name = fleet_in(&c, true, "STOPPED").await;
    c.update_fleet()
        .name(&name)
        .max_concurrent_sessions(25)
        .platform(PlatformType::AmazonLinux2)
        .vpc_config(
            VpcConfig::builder()
                .subnet_ids("subnet-0a")
                .subnet_ids("subnet-0b")
                .build(),
        )
        .send()
        .await
        .unwrap();
    let f = fleet(&c, &name).await;
    assert_eq!(f.max_concurrent_sessions(), Some(25));
    assert_eq!(f.compute_capacity_status().unwrap().desired(), Some(25));
    assert_eq!(f.platform(), Some(&PlatformType::AmazonLinux2));
    let combination = &["InvalidParameterCombinationException"];
    expect_code(
        "a platform Elastic fleets do not run",
        c.update_fleet()
            .name(&name)
            .platform(PlatformType::Windows11)
            .send()
            .await,
        combination,
    );
    expect_code(
        "one subnet",
        c.update_fleet()
            .name(&name)
            .vpc_config(VpcConfig::builder().subnet_ids("subnet-0a").build())
            .send()
            .await,
        combination,
    );
    expect_code(
        "ComputeCapacity",
        c.update_fleet()
            .name(&name)
            .compute_capacity(ComputeCapacity::builder().desired_instances(2).build())
            .send()
            .await,
        combination,
    );
    expect_code(
        "MaxSessionsPerInstance",
        c.update_fleet()
            .name(&name)
            .max_sessions_per_instance(2)
            .send()
            .await,
        combination,
    );
    assert_eq!(fleet(&c, &name).await, f, "refused updates change nothing");
}

#[tokio::test]
async fn a_running_fleet_changes_only_what_its_type_allows() {
    let emu = common::start(300).await;
    let c = client(&emu);
    let name = fleet_in(&c, false, "RUNNING").await;
    let before = fleet(&c, &name).await;
    let u = || c.update_fleet().name(&name);
    let refused = [
        ("InstanceType", u().instance_type("stream.compute.large")),
        ("Description", u().description("no")),
        (
            "MaxUserDurationInSeconds",
            u().max_user_duration_in_seconds(7_200),
        ),
        ("StreamView", u().stream_view(StreamView::Desktop)),
        (
            "EnableDefaultInternetAccess",
            u().enable_default_internet_access(true),
        ),
        (
            "IamRoleArn",
            u().iam_role_arn("arn:aws:iam::123456789012:role/R"),
        ),
        (
            "VpcConfig",
            u().vpc_config(VpcConfig::builder().subnet_ids("subnet-0a").build()),
        ),
        ("DisableIMDSV1", u().disable_imdsv1(true)),
        ("MaxSessionsPerInstance", u().max_sessions_per_instance(2)),
        (
            "AttributesToDelete",
            u().attributes_to_delete(FleetAttribute::IamRoleArn),
        ),
        ("MaxConcurrentSessions", u().max_concurrent_sessions(5)),
        (
            "UsbDeviceFilterStrings",
            u().usb_device_filter_strings("Pad,03,*,*056a,*,*,0,1"),
        ),
    ];
    for (what, req) in refused {
        let err = expect_code(what, req.send().await, IN_USE);
        assert!(format!("{err:?}").contains(what), "{what}: {err:?}");
    }
    let body = json!({"Name": name, "DeleteVpcConfig": true});
    let a = call(&emu.endpoint_url(), BOTH[0], AKID, "UpdateFleet", &body).await;
    assert_eq!(
        a.code(),
        "ResourceInUseException",
        "DeleteVpcConfig: {}",
        a.body
    );
    assert_eq!(fleet(&c, &name).await, before, "nothing changed");

    // What the reference lists for a running Always-On or On-Demand fleet.
    c.update_fleet()
        .name(&name)
        .display_name("Still running")
        .disconnect_timeout_in_seconds(600)
        .idle_disconnect_timeout_in_seconds(0)
        .compute_capacity(ComputeCapacity::builder().desired_instances(4).build())
        .send()
        .await
        .unwrap();
    let f = fleet(&c, &name).await;
    assert_eq!(f.display_name(), Some("Still running"));
    assert_eq!(f.disconnect_timeout_in_seconds(), Some(600));
    assert_eq!(f.idle_disconnect_timeout_in_seconds(), Some(0));
    assert_eq!(f.compute_capacity_status().unwrap().desired(), Some(4));

    // A running Elastic fleet: MaxConcurrentSessions and UsbDeviceFilterStrings, not Platform.
    let elastic = fleet_in(&c, true, "RUNNING").await;
    c.update_fleet()
        .name(&elastic)
        .max_concurrent_sessions(30)
        .usb_device_filter_strings("Pad,03,*,*056a,*,*,0,1")
        .send()
        .await
        .unwrap();
    let f = fleet(&c, &elastic).await;
    assert_eq!(f.max_concurrent_sessions(), Some(30));
    expect_code(
        "Platform of a running Elastic fleet",
        c.update_fleet()
            .name(&elastic)
            .platform(PlatformType::AmazonLinux2)
            .send()
            .await,
        IN_USE,
    );
}

/// Requests outside the model's enums and the documented ranges, by what is wrong.
fn invalid_updates(fleet: &str) -> Vec<(&'static str, Value)> {
    let with = |member: &str, value: Value| {
        let mut body = json!({"Name": fleet});
        body[member] = value;
        body
    };
    vec![
        ("StreamView", with("StreamView", json!("PORTRAIT"))),
        ("Platform", with("Platform", json!("WINDOWS_95"))),
        (
            "AttributesToDelete",
            with("AttributesToDelete", json!(["IAM_ROLE_ARN", "EVERYTHING"])),
        ),
        (
            "IdleDisconnectTimeoutInSeconds",
            with("IdleDisconnectTimeoutInSeconds", json!(30)),
        ),
        (
            "DisconnectTimeoutInSeconds",
            with("DisconnectTimeoutInSeconds", json!(36_001)),
        ),
        (
            "MaxUserDurationInSeconds",
            with("MaxUserDurationInSeconds", json!(599)),
        ),
        (
            "S3Bucket",
            with(
                "SessionScriptS3Location",
                json!({"S3Bucket": "Bad_Bucket."}),
            ),
        ),
        (
            "S3Bucket required",
            with("SessionScriptS3Location", json!({"S3Key": "k"})),
        ),
        (
            "UsbDeviceFilterStrings",
            with("UsbDeviceFilterStrings", json!(["not a filter"])),
        ),
        (
            "SecurityGroupIds",
            with(
                "VpcConfig",
                json!({"SecurityGroupIds": ["a", "b", "c", "d", "e", "f"]}),
            ),
        ),
        ("IamRoleArn", with("IamRoleArn", json!("not-an-arn"))),
        ("DisplayName", with("DisplayName", json!("x".repeat(101)))),
        ("Name", json!({"Name": "-bad name"})),
    ]
}

#[tokio::test]
async fn values_outside_the_model_are_validation_errors_over_both_protocols() {
    let emu = common::start(300).await;
    let c = client(&emu);
    let url = emu.endpoint_url();
    let name = fleet_in(&c, false, "STOPPED").await;
    let before = fleet(&c, &name).await;
    for wire in BOTH {
        for (what, body) in invalid_updates(&name) {
            let a = call(&url, wire, AKID, "UpdateFleet", &body).await;
            assert_eq!(a.status, 400, "{wire:?} {what}: {}", a.body);
            assert_eq!(
                a.code(),
                "ValidationException",
                "{wire:?} {what}: {}",
                a.body
            );
        }
        // The other enums of the operations served.
        let others = [
            ("DescribeImages", json!({"Type": "ALL"})),
            (
                "DescribeSessions",
                json!({"StackName": "s", "FleetName": "f", "AuthenticationType": "KERBEROS"}),
            ),
        ];
        for (op, body) in others {
            let a = call(&url, wire, AKID, op, &body).await;
            assert_eq!(a.code(), "ValidationException", "{wire:?} {op}: {}", a.body);
        }
        // An ARN that names no IAM role.
        let body = json!({"Name": name, "IamRoleArn": "arn:aws:s3:::a-bucket"});
        let a = call(&url, wire, AKID, "UpdateFleet", &body).await;
        assert_eq!(a.code(), "InvalidRoleException", "{wire:?}: {}", a.body);
    }
    assert_eq!(fleet(&c, &name).await, before, "nothing was applied");
    // The enum message names the values allowed, as the service's does.
    let a = call(
        &url,
        BOTH[0],
        AKID,
        "UpdateFleet",
        &invalid_updates(&name)[0].1,
    )
    .await;
    let message = a.body["message"].as_str().unwrap();
    assert!(message.contains("[APP, DESKTOP]"), "{message}");
}
