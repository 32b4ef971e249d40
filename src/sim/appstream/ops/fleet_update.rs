//! UpdateFleet: "If the fleet is in the STOPPED state, you can update any attribute except the
//! fleet name. If the fleet is in the RUNNING state, you can update the following based on the
//! fleet type: Always-On and On-Demand fleet types: DisplayName, ComputeCapacity, ImageARN,
//! ImageName, IdleDisconnectTimeoutInSeconds, and DisconnectTimeoutInSeconds. Elastic fleet
//! type: DisplayName, IdleDisconnectTimeoutInSeconds, DisconnectTimeoutInSeconds,
//! MaxConcurrentSessions, SessionScriptS3Location and UsbDeviceFilterStrings."
//!
//! Any other attribute of a RUNNING fleet is a ResourceInUseException, a STARTING or STOPPING
//! fleet a ConcurrentModificationException. The request's model constraints are in
//! `fleet_update_checks`; the changes are made to a copy of the fleet, checked as a whole
//! (image, capacity, platform) and only then stored, so a refused update changes nothing.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::fleet_update_checks::{check_request, check_result, desired_capacity, image_for};
use super::fleets::fleet;
use super::shared_images::shared_with_caller;
use super::{parse, reply, Ctx};
use crate::sim::appstream::errors;
use crate::sim::appstream::types::{
    fleet_state, DomainJoinInfo, Fleet, S3Location, VolumeConfig, VpcConfig,
};
use crate::sim::error::ApiError;
use crate::sim::validate::Violations;

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ComputeCapacity {
    pub desired_instances: Option<i64>,
    pub desired_sessions: Option<i64>,
}

/// `VpcConfig` as a request gives it: a list left out is kept.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VpcConfigUpdate {
    pub subnet_ids: Option<Vec<String>>,
    pub security_group_ids: Option<Vec<String>>,
}

/// The `UpdateFleetRequest` shape, every member.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateFleetRequest {
    pub name: Option<String>,
    pub image_name: Option<String>,
    pub image_arn: Option<String>,
    pub instance_type: Option<String>,
    pub compute_capacity: Option<ComputeCapacity>,
    pub vpc_config: Option<VpcConfigUpdate>,
    pub max_user_duration_in_seconds: Option<i64>,
    pub disconnect_timeout_in_seconds: Option<i64>,
    pub delete_vpc_config: Option<bool>,
    pub description: Option<String>,
    pub display_name: Option<String>,
    pub enable_default_internet_access: Option<bool>,
    pub domain_join_info: Option<DomainJoinInfo>,
    pub idle_disconnect_timeout_in_seconds: Option<i64>,
    pub attributes_to_delete: Option<Vec<String>>,
    pub iam_role_arn: Option<String>,
    pub stream_view: Option<String>,
    pub platform: Option<String>,
    pub max_concurrent_sessions: Option<i64>,
    pub usb_device_filter_strings: Option<Vec<String>>,
    pub session_script_s3_location: Option<S3Location>,
    pub max_sessions_per_instance: Option<i64>,
    pub root_volume_config: Option<VolumeConfig>,
    #[serde(rename = "DisableIMDSV1")]
    pub disable_imdsv1: Option<bool>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct UpdateFleetResult {
    fleet: Fleet,
}

/// UpdateFleet (see the module documentation).
pub fn update_fleet(ctx: &Ctx, body: Value) -> Result<Value, ApiError> {
    let req: UpdateFleetRequest = parse(body)?;
    let mut v = Violations::new();
    check_request(&mut v, &req);
    v.finish()?;
    if req.image_name.is_some() && req.image_arn.is_some() {
        return Err(errors::invalid_combination(
            "Specify either ImageName or ImageArn, not both.",
        ));
    }
    if req.vpc_config.is_some() && req.delete_vpc_config == Some(true) {
        return Err(errors::invalid_combination(
            "Specify either VpcConfig or DeleteVpcConfig, not both.",
        ));
    }
    let name = req.name.clone().unwrap_or_default();
    // Images other accounts share are read before the caller's store is locked.
    let shared = match req.image_name.is_some() || req.image_arn.is_some() {
        true => shared_with_caller(ctx),
        false => vec![],
    };
    ctx.with_store(|store| {
        let f = fleet(store, &name)?.fleet.clone();
        check_state(&f, &req)?;
        let image = image_for(store, &shared, &f, &req)?;
        let mut next = f.clone();
        let image_platform = match image {
            Some((name, arn, platform)) => {
                next.image_name = Some(name);
                next.image_arn = Some(arn);
                Some(platform)
            }
            // A new Platform must still suit the image the fleet keeps.
            None if req.platform.is_some() => next
                .image_name
                .as_ref()
                .and_then(|n| store.images.get(n))
                .map(|r| r.image.platform.clone()),
            None => None,
        };
        apply(&mut next, &req);
        check_result(&f, &next, image_platform.as_deref(), &req)?;
        let capacity = desired_capacity(&next, req.compute_capacity.as_ref())?;
        let Some(rec) = store.fleets.get_mut(&name) else {
            return Err(errors::not_found(format!(
                "The fleet {name} does not exist."
            )));
        };
        rec.fleet = next;
        if let Some(desired) = capacity {
            rec.fleet.compute_capacity_status.desired = desired;
            store.begin_capacity_change(&name, ctx.now);
        } else {
            store.sync_capacity(&name);
        }
        reply(&UpdateFleetResult {
            fleet: store.fleets[&name].fleet.clone(),
        })
    })
}

/// The attributes a RUNNING fleet of this type may change, by request member name.
fn running_allows(f: &Fleet, member: &str) -> bool {
    const ANY: &[&str] = &[
        "DisplayName",
        "IdleDisconnectTimeoutInSeconds",
        "DisconnectTimeoutInSeconds",
    ];
    const ALWAYS_ON_ON_DEMAND: &[&str] = &["ComputeCapacity", "ImageArn", "ImageName"];
    const ELASTIC: &[&str] = &[
        "MaxConcurrentSessions",
        "SessionScriptS3Location",
        "UsbDeviceFilterStrings",
    ];
    let own = if f.fleet_type == "ELASTIC" {
        ELASTIC
    } else {
        ALWAYS_ON_ON_DEMAND
    };
    ANY.contains(&member) || own.contains(&member)
}

/// The request members given (AttributesToDelete as the attribute each entry deletes).
fn members_given(req: &UpdateFleetRequest) -> Vec<&'static str> {
    let given = [
        ("ImageName", req.image_name.is_some()),
        ("ImageArn", req.image_arn.is_some()),
        ("InstanceType", req.instance_type.is_some()),
        ("ComputeCapacity", req.compute_capacity.is_some()),
        ("VpcConfig", req.vpc_config.is_some()),
        (
            "MaxUserDurationInSeconds",
            req.max_user_duration_in_seconds.is_some(),
        ),
        (
            "DisconnectTimeoutInSeconds",
            req.disconnect_timeout_in_seconds.is_some(),
        ),
        ("DeleteVpcConfig", req.delete_vpc_config == Some(true)),
        ("Description", req.description.is_some()),
        ("DisplayName", req.display_name.is_some()),
        (
            "EnableDefaultInternetAccess",
            req.enable_default_internet_access.is_some(),
        ),
        ("DomainJoinInfo", req.domain_join_info.is_some()),
        (
            "IdleDisconnectTimeoutInSeconds",
            req.idle_disconnect_timeout_in_seconds.is_some(),
        ),
        ("IamRoleArn", req.iam_role_arn.is_some()),
        ("StreamView", req.stream_view.is_some()),
        ("Platform", req.platform.is_some()),
        (
            "MaxConcurrentSessions",
            req.max_concurrent_sessions.is_some(),
        ),
        (
            "UsbDeviceFilterStrings",
            req.usb_device_filter_strings.is_some(),
        ),
        (
            "SessionScriptS3Location",
            req.session_script_s3_location.is_some(),
        ),
        (
            "MaxSessionsPerInstance",
            req.max_sessions_per_instance.is_some(),
        ),
        ("RootVolumeConfig", req.root_volume_config.is_some()),
        ("DisableIMDSV1", req.disable_imdsv1.is_some()),
    ];
    let mut out: Vec<&'static str> = given.iter().filter(|(_, g)| *g).map(|(m, _)| *m).collect();
    for a in req.attributes_to_delete.iter().flatten() {
        out.push(match a.as_str() {
            "USB_DEVICE_FILTER_STRINGS" => "UsbDeviceFilterStrings",
            "SESSION_SCRIPT_S3_LOCATION" => "SessionScriptS3Location",
            _ => "AttributesToDelete",
        });
    }
    out
}

/// A STARTING or STOPPING fleet cannot be updated; a RUNNING one only changes what its type
/// allows (see the module documentation).
fn check_state(f: &Fleet, req: &UpdateFleetRequest) -> Result<(), ApiError> {
    match f.state.as_str() {
        fleet_state::STARTING | fleet_state::STOPPING => {
            Err(errors::concurrent_modification(format!(
                "The fleet {} is {}; update it once it settles.",
                f.name, f.state
            )))
        }
        fleet_state::RUNNING => {
            let refused: Vec<&str> = members_given(req)
                .into_iter()
                .filter(|m| !running_allows(f, m))
                .collect();
            if refused.is_empty() {
                return Ok(());
            }
            Err(errors::in_use(format!(
                "The fleet {} is RUNNING: stop it to change {}.",
                f.name,
                refused.join(", ")
            )))
        }
        _ => Ok(()),
    }
}

/// The request's changes made to `fl`: AttributesToDelete first, then the members given
/// (the image and capacity are set by the caller: both are checked first).
fn apply(fl: &mut Fleet, req: &UpdateFleetRequest) {
    for a in req.attributes_to_delete.iter().flatten() {
        delete_attribute(fl, a);
    }
    if req.delete_vpc_config == Some(true) {
        fl.vpc_config = None;
    }
    if let Some(vpc) = &req.vpc_config {
        let cur = fl.vpc_config.get_or_insert_with(VpcConfig::default);
        if let Some(s) = &vpc.subnet_ids {
            cur.subnet_ids = s.clone();
        }
        if let Some(g) = &vpc.security_group_ids {
            cur.security_group_ids = g.clone();
        }
    }
    set(&mut fl.instance_type, &req.instance_type);
    set(&mut fl.display_name, &req.display_name);
    set(&mut fl.stream_view, &req.stream_view);
    set(&mut fl.platform, &req.platform);
    set_some(&mut fl.description, &req.description);
    set_some(&mut fl.iam_role_arn, &req.iam_role_arn);
    set_some(&mut fl.domain_join_info, &req.domain_join_info);
    set_some(
        &mut fl.usb_device_filter_strings,
        &req.usb_device_filter_strings,
    );
    set_some(
        &mut fl.session_script_s3_location,
        &req.session_script_s3_location,
    );
    set_some(&mut fl.root_volume_config, &req.root_volume_config);
    set_some(&mut fl.disable_imdsv1, &req.disable_imdsv1);
    if let Some(b) = req.enable_default_internet_access {
        fl.enable_default_internet_access = b;
    }
    let int = |n: i64| n.clamp(i32::MIN as i64, i32::MAX as i64) as i32;
    let seconds = [
        (
            &mut fl.max_user_duration_in_seconds,
            req.max_user_duration_in_seconds,
        ),
        (
            &mut fl.disconnect_timeout_in_seconds,
            req.disconnect_timeout_in_seconds,
        ),
        (
            &mut fl.idle_disconnect_timeout_in_seconds,
            req.idle_disconnect_timeout_in_seconds,
        ),
    ];
    for (field, value) in seconds {
        if let Some(s) = value {
            *field = int(s);
        }
    }
    if let Some(n) = req.max_concurrent_sessions {
        fl.max_concurrent_sessions = Some(int(n));
    }
    if let Some(n) = req.max_sessions_per_instance {
        fl.max_sessions_per_instance = Some(int(n));
    }
}

fn set<T: Clone>(field: &mut T, value: &Option<T>) {
    if let Some(v) = value {
        *field = v.clone();
    }
}

fn set_some<T: Clone>(field: &mut Option<T>, value: &Option<T>) {
    if value.is_some() {
        *field = value.clone();
    }
}

/// One `FleetAttribute` of AttributesToDelete (already checked against the enum).
fn delete_attribute(fl: &mut Fleet, attribute: &str) {
    match attribute {
        "VPC_CONFIGURATION" => fl.vpc_config = None,
        "VPC_CONFIGURATION_SECURITY_GROUP_IDS" => {
            if let Some(vpc) = &mut fl.vpc_config {
                vpc.security_group_ids.clear();
            }
        }
        "DOMAIN_JOIN_INFO" => fl.domain_join_info = None,
        "IAM_ROLE_ARN" => fl.iam_role_arn = None,
        "USB_DEVICE_FILTER_STRINGS" => fl.usb_device_filter_strings = None,
        "SESSION_SCRIPT_S3_LOCATION" => fl.session_script_s3_location = None,
        "MAX_SESSIONS_PER_INSTANCE" => fl.max_sessions_per_instance = None,
        "VOLUME_CONFIGURATION" => fl.root_volume_config = None,
        _ => {}
    }
}
