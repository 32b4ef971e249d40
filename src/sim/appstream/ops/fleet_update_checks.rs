//! What UpdateFleet checks: the request against the model's constraints (ValidationException),
//! the image asked for, the new capacity, and the updated fleet as a whole against the API
//! documentation (which attributes suit which fleet type and platform).

use super::fleet_update::{ComputeCapacity, UpdateFleetRequest};
use super::pattern;
use crate::sim::appstream::errors;
use crate::sim::appstream::store::AppStore;
use crate::sim::appstream::types::{image_state, Fleet, Image, S3Location};
use crate::sim::error::ApiError;
use crate::sim::validate::{item, matches, Violations};

/// DesiredInstances quota per fleet.
const MAX_INSTANCES: i64 = 150;

/// The `StreamView` enum.
pub const STREAM_VIEWS: &[&str] = &["APP", "DESKTOP"];
/// The `PlatformType` enum.
pub const PLATFORMS: &[&str] = &[
    "WINDOWS",
    "WINDOWS_SERVER_2016",
    "WINDOWS_SERVER_2019",
    "WINDOWS_SERVER_2022",
    "WINDOWS_SERVER_2025",
    "WINDOWS_11",
    "AMAZON_LINUX2",
    "RHEL8",
    "ROCKY_LINUX8",
    "UBUNTU_PRO_2404",
];
/// The `FleetAttribute` enum (AttributesToDelete).
pub const FLEET_ATTRIBUTES: &[&str] = &[
    "VPC_CONFIGURATION",
    "VPC_CONFIGURATION_SECURITY_GROUP_IDS",
    "DOMAIN_JOIN_INFO",
    "IAM_ROLE_ARN",
    "USB_DEVICE_FILTER_STRINGS",
    "SESSION_SCRIPT_S3_LOCATION",
    "MAX_SESSIONS_PER_INSTANCE",
    "VOLUME_CONFIGURATION",
];
/// Platform: "WINDOWS_SERVER_2019, AMAZON_LINUX2 and UBUNTU_PRO_2404 are supported for
/// Elastic fleets."
const ELASTIC_PLATFORMS: &[&str] = &["WINDOWS_SERVER_2019", "AMAZON_LINUX2", "UBUNTU_PRO_2404"];

/// `UsbDeviceFilterString`, as the model gives it.
const USB_FILTER: &str = r"^((\w*)\s*(\w*)\s*\,\s*(\w*)\s*\,\s*\*?(\w*)\s*\,\s*\*?(\w*)\s*\,\s*\*?\d*\s*\,\s*\*?\d*\s*\,\s*[0-1]\s*\,\s*[0-1]\s*)$";
/// `S3Bucket` is `^[0-9a-z\.\-]*(?<!\.)$` in the model; Rust's regex has no look-behind, so
/// "no trailing dot" is written as "empty, or ending in anything but a dot".
const S3_BUCKET: &str = r"^(?:[0-9a-z.\-]*[0-9a-z\-])?$";

/// UpdateFleet's model constraints, and the ranges its documentation gives.
pub fn check_request(v: &mut Violations, req: &UpdateFleetRequest) {
    if v.required("name", &req.name) {
        v.pattern("name", req.name.as_deref().unwrap_or(""), pattern::NAME);
    }
    let min1 = [
        ("imageName", &req.image_name),
        ("instanceType", &req.instance_type),
    ];
    for (member, value) in min1 {
        if let Some(s) = value {
            v.length(member, s, 1, None);
        }
    }
    for (member, value) in [
        ("imageArn", &req.image_arn),
        ("iamRoleArn", &req.iam_role_arn),
    ] {
        if let Some(a) = value {
            v.pattern(member, a, pattern::ARN);
        }
    }
    if let Some(d) = &req.display_name {
        v.length("displayName", d, 0, Some(100));
    }
    if let Some(d) = &req.description {
        v.length("description", d, 0, Some(256));
    }
    if let Some(s) = &req.stream_view {
        v.one_of("streamView", s, STREAM_VIEWS);
    }
    if let Some(p) = &req.platform {
        v.one_of("platform", p, PLATFORMS);
    }
    for (i, a) in req.attributes_to_delete.iter().flatten().enumerate() {
        v.one_of(&item("attributesToDelete", i), a, FLEET_ATTRIBUTES);
    }
    check_numbers(v, req);
    check_structures(v, req);
}

/// The documented ranges: "Specify a value between 600 and 432000" (MaxUserDuration…),
/// "between 60 and 36000" (DisconnectTimeout…), "0 … Otherwise, … between 60 and 36000"
/// (IdleDisconnectTimeout…); counts are never negative.
fn check_numbers(v: &mut Violations, req: &UpdateFleetRequest) {
    if let Some(s) = req.max_user_duration_in_seconds {
        v.range("maxUserDurationInSeconds", s, 600, Some(432_000));
    }
    if let Some(s) = req.disconnect_timeout_in_seconds {
        v.range("disconnectTimeoutInSeconds", s, 60, Some(36_000));
    }
    if let Some(s) = req.idle_disconnect_timeout_in_seconds.filter(|s| *s != 0) {
        v.range("idleDisconnectTimeoutInSeconds", s, 60, Some(36_000));
    }
    if let Some(c) = &req.compute_capacity {
        if let Some(n) = c.desired_instances {
            v.range("computeCapacity.desiredInstances", n, 0, None);
        }
        if let Some(n) = c.desired_sessions {
            v.range("computeCapacity.desiredSessions", n, 0, None);
        }
    }
    if let Some(n) = req.max_concurrent_sessions {
        v.range("maxConcurrentSessions", n, 1, None);
    }
    if let Some(n) = req.max_sessions_per_instance {
        v.range("maxSessionsPerInstance", n, 1, None);
    }
    if let Some(n) = req
        .root_volume_config
        .as_ref()
        .and_then(|r| r.volume_size_in_gb)
    {
        v.range("rootVolumeConfig.volumeSizeInGb", n, 1, None);
    }
}

/// VpcConfig, DomainJoinInfo, UsbDeviceFilterStrings and SessionScriptS3Location.
fn check_structures(v: &mut Violations, req: &UpdateFleetRequest) {
    if let Some(vpc) = &req.vpc_config {
        if let Some(g) = &vpc.security_group_ids {
            v.count("vpcConfig.securityGroupIds", g.len(), 0, 5);
        }
        // Both lists are of `String`, which is at least one character.
        let lists = [
            ("vpcConfig.subnetIds", &vpc.subnet_ids),
            ("vpcConfig.securityGroupIds", &vpc.security_group_ids),
        ];
        for (member, list) in lists {
            for (i, id) in list.iter().flatten().enumerate() {
                v.length(&item(member, i), id, 1, None);
            }
        }
    }
    let ou = req
        .domain_join_info
        .as_ref()
        .and_then(|d| d.organizational_unit_distinguished_name.as_ref());
    if let Some(ou) = ou {
        v.length(
            "domainJoinInfo.organizationalUnitDistinguishedName",
            ou,
            0,
            Some(2000),
        );
    }
    for (i, s) in req.usb_device_filter_strings.iter().flatten().enumerate() {
        let member = item("usbDeviceFilterStrings", i);
        v.length(&member, s, 0, Some(100));
        v.pattern(&member, s, USB_FILTER);
    }
    if let Some(loc) = &req.session_script_s3_location {
        check_s3_location(v, "sessionScriptS3Location", loc);
    }
}

/// The `S3Location` shape: S3Bucket required (3..63, the bucket pattern), S3Key 1..1024.
fn check_s3_location(v: &mut Violations, member: &str, loc: &S3Location) {
    let bucket = format!("{member}.s3Bucket");
    if v.required(&bucket, &loc.s3_bucket) {
        let b = loc.s3_bucket.as_deref().unwrap_or("");
        v.length(&bucket, b, 3, Some(63));
        v.pattern(&bucket, b, S3_BUCKET);
    }
    if let Some(k) = &loc.s3_key {
        v.length(&format!("{member}.s3Key"), k, 1, Some(1024));
    }
}

/// The (name, ARN, platform) of the image UpdateFleet asks for, if any: one of the account's
/// own, or one another account shares with it for fleets (allowFleet).
pub fn image_for(
    store: &AppStore,
    shared: &[Image],
    f: &Fleet,
    req: &UpdateFleetRequest,
) -> Result<Option<(String, String, String)>, ApiError> {
    let wanted = match (&req.image_name, &req.image_arn) {
        (Some(n), _) => n,
        (_, Some(a)) => a,
        _ => return Ok(None),
    };
    let is_it = |i: &Image| {
        req.image_name.as_ref() == Some(&i.name) || req.image_arn.as_ref() == Some(&i.arn)
    };
    let own = store.images.values().map(|r| &r.image).find(|i| is_it(i));
    let image = match own {
        Some(i) => i,
        None => shared
            .iter()
            .find(|i| is_it(i))
            .ok_or_else(|| errors::not_found(format!("The image {wanted} does not exist.")))?,
    };
    let for_fleets = image
        .image_permissions
        .is_none_or(|p| p.allow_fleet == Some(true));
    if !for_fleets {
        return Err(errors::not_permitted(format!(
            "The image {wanted} is shared with this account without allowFleet."
        )));
    }
    if f.fleet_type == "ELASTIC" {
        return Err(errors::invalid_combination(format!(
            "The fleet {} is ELASTIC; elastic fleets run app blocks, not images.",
            f.name
        )));
    }
    if image.state != image_state::AVAILABLE {
        return Err(errors::not_available(format!(
            "The image {wanted} is {}.",
            image.state
        )));
    }
    Ok(Some((
        image.name.clone(),
        image.arn.clone(),
        image.platform.clone(),
    )))
}

/// The updated fleet `next` of `f` as a whole: attributes for one fleet type only, the
/// platforms Elastic fleets support, an image that suits the platform and an IAM role ARN.
pub fn check_result(
    f: &Fleet,
    next: &Fleet,
    image_platform: Option<&str>,
    req: &UpdateFleetRequest,
) -> Result<(), ApiError> {
    let elastic = f.fleet_type == "ELASTIC";
    let combination = |what: &str| {
        Err(errors::invalid_combination(format!(
            "The fleet {} is {}: {what}",
            f.name, f.fleet_type
        )))
    };
    if elastic && req.max_sessions_per_instance.is_some() {
        return combination("MaxSessionsPerInstance applies to multi-session fleets only.");
    }
    if !elastic && req.max_concurrent_sessions.is_some() {
        return combination("MaxConcurrentSessions applies to Elastic fleets only.");
    }
    if elastic && req.platform.is_some() && !ELASTIC_PLATFORMS.contains(&next.platform.as_str()) {
        return combination(
            "Elastic fleets run WINDOWS_SERVER_2019, AMAZON_LINUX2 or UBUNTU_PRO_2404.",
        );
    }
    let subnets = req.vpc_config.as_ref().and_then(|c| c.subnet_ids.as_ref());
    if elastic && subnets.is_some_and(|s| s.len() < 2) {
        return combination(
            "Elastic fleets need at least two subnets in different Availability Zones.",
        );
    }
    let windows = |p: &str| p.starts_with("WINDOWS");
    if let Some(p) = image_platform.filter(|p| windows(p) != windows(&next.platform)) {
        return Err(ApiError::new(
            400,
            "IncompatibleImageException",
            format!(
                "The image {} ({p}) does not suit fleet {} ({}).",
                next.image_name.as_deref().unwrap_or(""),
                f.name,
                next.platform
            ),
        ));
    }
    let role = next
        .iam_role_arn
        .as_deref()
        .filter(|_| req.iam_role_arn.is_some());
    if let Some(role) = role.filter(|r| !matches(r, IAM_ROLE)) {
        return Err(ApiError::new(
            400,
            "InvalidRoleException",
            format!("{role} is not an IAM role the fleet can assume."),
        ));
    }
    Ok(())
}

/// An IAM role's ARN (what IamRoleArn must name for the fleet to assume it).
const IAM_ROLE: &str = r"^arn:aws(?:-cn|-iso-b|-iso|-us-gov)?:iam::[0-9]{12}:role/.+$";

/// The new Desired capacity from ComputeCapacity. "This is not allowed for Elastic fleets"
/// (InvalidParameterCombination), and DesiredSessions is for multi-session fleets only.
pub fn desired_capacity(f: &Fleet, c: Option<&ComputeCapacity>) -> Result<Option<i32>, ApiError> {
    let Some(c) = c else {
        return Ok(None);
    };
    if f.fleet_type == "ELASTIC" {
        return Err(errors::invalid_combination(format!(
            "The fleet {} is ELASTIC; set MaxConcurrentSessions instead of ComputeCapacity.",
            f.name
        )));
    }
    if c.desired_sessions.is_some() && f.max_sessions_per_instance.is_none() {
        return Err(errors::invalid_combination(format!(
            "The fleet {} is a single-session fleet; set DesiredInstances, not DesiredSessions.",
            f.name
        )));
    }
    let desired = match (c.desired_instances, c.desired_sessions) {
        (Some(n), _) => n,
        (None, Some(s)) => {
            let per = f.max_sessions_per_instance.unwrap_or(1).max(1) as u64;
            (s as u64).div_ceil(per) as i64
        }
        (None, None) => return Ok(None),
    };
    if desired > MAX_INSTANCES {
        return Err(errors::limit_exceeded(format!(
            "A fleet can have at most {MAX_INSTANCES} instances."
        )));
    }
    Ok(Some(desired as i32))
}
