//! DescribeFleets, StartFleet, StopFleet and UpdateFleet. A fleet moves STOPPED → STARTING →
//! RUNNING and RUNNING → STOPPING → STOPPED (its sessions end), each step after the
//! transition time.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{cursor, empty_result, page, parse, pattern, reply, Ctx};
use crate::sim::appstream::errors;
use crate::sim::appstream::store::{AppStore, FleetRec};
use crate::sim::appstream::types::{fleet_state, image_state, Fleet};
use crate::sim::error::ApiError;
use crate::sim::validate::Violations;

/// Fleets per DescribeFleets page (the operation has no MaxResults).
pub const FLEETS_PER_PAGE: usize = 10;
/// DesiredInstances quota per fleet.
const MAX_INSTANCES: i64 = 150;

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DescribeFleetsRequest {
    names: Option<Vec<String>>,
    next_token: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct DescribeFleetsResult {
    fleets: Vec<Fleet>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

/// DescribeFleets: "Retrieves a list that describes one or more specified fleets, if the
/// fleet names are provided. Otherwise, all fleets in the account are described." A name
/// that matches no fleet is a ResourceNotFoundException. Sorted by name.
pub fn describe_fleets(ctx: &Ctx, body: Value) -> Result<Value, ApiError> {
    const OP: &str = "DescribeFleets";
    let req: DescribeFleetsRequest = parse(body)?;
    let mut v = Violations::new();
    if let Some(t) = &req.next_token {
        v.length("nextToken", t, 1, None);
    }
    v.finish()?;
    let after = cursor(OP, &req.next_token)?;
    ctx.with_store(|store| {
        for name in req.names.iter().flatten() {
            fleet(store, name)?;
        }
        let rows: Vec<&FleetRec> = store
            .fleets
            .values()
            .filter(|f| req.names.as_ref().is_none_or(|n| n.contains(&f.fleet.name)))
            .collect();
        let (rows, next_token) = page(OP, rows, after, FLEETS_PER_PAGE, |f| f.fleet.name.clone());
        reply(&DescribeFleetsResult {
            fleets: rows.into_iter().map(|f| f.fleet.clone()).collect(),
            next_token,
        })
    })
}

fn fleet<'a>(store: &'a AppStore, name: &str) -> Result<&'a FleetRec, ApiError> {
    store
        .fleets
        .get(name)
        .ok_or_else(|| errors::not_found(format!("The fleet {name} does not exist.")))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct NameRequest {
    name: Option<String>,
}

fn fleet_name(body: Value) -> Result<String, ApiError> {
    let req: NameRequest = parse(body)?;
    let mut v = Violations::new();
    if v.required("name", &req.name) {
        v.length("name", req.name.as_deref().unwrap_or(""), 1, None);
    }
    v.finish()?;
    Ok(req.name.unwrap_or_default())
}

/// StartFleet: a STOPPED fleet becomes STARTING, then RUNNING with its desired capacity.
/// Starting a fleet that is already STARTING or RUNNING changes nothing; a STOPPING fleet is
/// a ConcurrentModificationException; a fleet whose image is not AVAILABLE cannot start
/// (ResourceNotAvailableException).
pub fn start_fleet(ctx: &Ctx, body: Value) -> Result<Value, ApiError> {
    let name = fleet_name(body)?;
    ctx.with_store(|store| {
        let f = &fleet(store, &name)?.fleet;
        match f.state.as_str() {
            fleet_state::STARTING | fleet_state::RUNNING => return empty_result(),
            fleet_state::STOPPING => {
                return Err(errors::concurrent_modification(format!(
                    "The fleet {name} is STOPPING; start it once it is STOPPED."
                )))
            }
            _ => {}
        }
        if let Some(image) = &f.image_name {
            let ok = store
                .images
                .get(image)
                .is_some_and(|i| i.image.state == image_state::AVAILABLE);
            if !ok {
                return Err(errors::not_available(format!(
                    "The image {image} of fleet {name} is not available."
                )));
            }
        }
        store.begin_fleet_transition(&name, fleet_state::STARTING, fleet_state::RUNNING, ctx.now);
        empty_result()
    })
}

/// StopFleet: a RUNNING fleet becomes STOPPING, then STOPPED, and its streaming sessions end.
/// Stopping a STOPPED or STOPPING fleet changes nothing; a STARTING fleet is a
/// ConcurrentModificationException.
pub fn stop_fleet(ctx: &Ctx, body: Value) -> Result<Value, ApiError> {
    let name = fleet_name(body)?;
    ctx.with_store(|store| {
        match fleet(store, &name)?.fleet.state.as_str() {
            fleet_state::STOPPED | fleet_state::STOPPING => return empty_result(),
            fleet_state::STARTING => {
                return Err(errors::concurrent_modification(format!(
                    "The fleet {name} is STARTING; stop it once it is RUNNING."
                )))
            }
            _ => {}
        }
        store.begin_fleet_transition(&name, fleet_state::STOPPING, fleet_state::STOPPED, ctx.now);
        empty_result()
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ComputeCapacity {
    desired_instances: Option<i64>,
    desired_sessions: Option<i64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct UpdateFleetRequest {
    name: Option<String>,
    image_name: Option<String>,
    image_arn: Option<String>,
    instance_type: Option<String>,
    compute_capacity: Option<ComputeCapacity>,
    max_user_duration_in_seconds: Option<i64>,
    disconnect_timeout_in_seconds: Option<i64>,
    idle_disconnect_timeout_in_seconds: Option<i64>,
    description: Option<String>,
    display_name: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct UpdateFleetResult {
    fleet: Fleet,
}

/// UpdateFleet: "If the fleet is in the RUNNING state, you can update the DisplayName,
/// ComputeCapacity, ImageARN, ImageName, IdleDisconnectTimeoutInSeconds, and
/// DisconnectTimeoutInSeconds attributes. If the fleet is in the STOPPED state, you can
/// update any attribute except the fleet name." Other attributes of a RUNNING fleet are a
/// ResourceInUseException; a STARTING or STOPPING fleet a ConcurrentModificationException.
/// The new image must exist (ResourceNotFoundException), be AVAILABLE
/// (ResourceNotAvailableException) and suit the fleet's platform (IncompatibleImageException).
pub fn update_fleet(ctx: &Ctx, body: Value) -> Result<Value, ApiError> {
    let req: UpdateFleetRequest = parse(body)?;
    let mut v = Violations::new();
    check_update(&mut v, &req);
    v.finish()?;
    if req.image_name.is_some() && req.image_arn.is_some() {
        return Err(errors::invalid_combination(
            "Specify either ImageName or ImageArn, not both.",
        ));
    }
    let name = req.name.clone().unwrap_or_default();
    ctx.with_store(|store| {
        let f = fleet(store, &name)?.fleet.clone();
        check_updatable(&f, &name, &req)?;
        let image = image_for(store, &f, &req)?;
        let capacity = desired_capacity(&f, req.compute_capacity.as_ref())?;
        let Some(rec) = store.fleets.get_mut(&name) else {
            return Err(errors::not_found(format!(
                "The fleet {name} does not exist."
            )));
        };
        apply_update(&mut rec.fleet, req, image);
        if let Some(desired) = capacity {
            rec.fleet.compute_capacity_status.desired = desired;
            store.begin_capacity_change(&name, ctx.now);
        }
        reply(&UpdateFleetResult {
            fleet: store.fleets[&name].fleet.clone(),
        })
    })
}

/// UpdateFleet's model constraints.
fn check_update(v: &mut Violations, req: &UpdateFleetRequest) {
    if v.required("name", &req.name) {
        v.pattern("name", req.name.as_deref().unwrap_or(""), pattern::NAME);
    }
    if let Some(n) = &req.image_name {
        v.length("imageName", n, 1, None);
    }
    if let Some(a) = &req.image_arn {
        v.pattern("imageArn", a, pattern::ARN);
    }
    if let Some(t) = &req.instance_type {
        v.length("instanceType", t, 1, None);
    }
    if let Some(d) = &req.display_name {
        v.length("displayName", d, 0, Some(100));
    }
    if let Some(d) = &req.description {
        v.length("description", d, 0, Some(256));
    }
    if let Some(s) = req.max_user_duration_in_seconds {
        v.range("maxUserDurationInSeconds", s, 600, Some(432_000));
    }
    if let Some(s) = req.disconnect_timeout_in_seconds {
        v.range("disconnectTimeoutInSeconds", s, 60, Some(36_000));
    }
    if let Some(s) = req.idle_disconnect_timeout_in_seconds {
        v.range("idleDisconnectTimeoutInSeconds", s, 0, Some(3_600));
    }
    if let Some(c) = &req.compute_capacity {
        if let Some(n) = c.desired_instances {
            v.range("computeCapacity.desiredInstances", n, 0, None);
        }
        if let Some(n) = c.desired_sessions {
            v.range("computeCapacity.desiredSessions", n, 0, None);
        }
    }
}

/// A STARTING or STOPPING fleet cannot be updated; a RUNNING one keeps its InstanceType,
/// MaxUserDurationInSeconds and Description.
fn check_updatable(f: &Fleet, name: &str, req: &UpdateFleetRequest) -> Result<(), ApiError> {
    match f.state.as_str() {
        fleet_state::STARTING | fleet_state::STOPPING => {
            Err(errors::concurrent_modification(format!(
                "The fleet {name} is {}; update it once it settles.",
                f.state
            )))
        }
        fleet_state::RUNNING
            if req.instance_type.is_some()
                || req.max_user_duration_in_seconds.is_some()
                || req.description.is_some() =>
        {
            Err(errors::in_use(format!(
                "The fleet {name} is RUNNING: stop it to change InstanceType, \
                 MaxUserDurationInSeconds or Description."
            )))
        }
        _ => Ok(()),
    }
}

/// The attributes given replace the fleet's (capacity is changed by the caller, as it
/// starts a capacity change).
fn apply_update(fl: &mut Fleet, req: UpdateFleetRequest, image: Option<(String, String)>) {
    if let Some((image_name, image_arn)) = image {
        fl.image_name = Some(image_name);
        fl.image_arn = Some(image_arn);
    }
    if let Some(t) = req.instance_type {
        fl.instance_type = t;
    }
    if let Some(d) = req.display_name {
        fl.display_name = d;
    }
    if let Some(d) = req.description {
        fl.description = Some(d);
    }
    if let Some(s) = req.max_user_duration_in_seconds {
        fl.max_user_duration_in_seconds = s as i32;
    }
    if let Some(s) = req.disconnect_timeout_in_seconds {
        fl.disconnect_timeout_in_seconds = s as i32;
    }
    if let Some(s) = req.idle_disconnect_timeout_in_seconds {
        fl.idle_disconnect_timeout_in_seconds = s as i32;
    }
}

/// The (name, ARN) of the image UpdateFleet asks for, if any, checked against the fleet.
fn image_for(
    store: &AppStore,
    f: &Fleet,
    req: &UpdateFleetRequest,
) -> Result<Option<(String, String)>, ApiError> {
    let rec = match (&req.image_name, &req.image_arn) {
        (Some(n), _) => store.images.get(n),
        (_, Some(a)) => store.images.values().find(|i| &i.image.arn == a),
        _ => return Ok(None),
    };
    let wanted = req.image_name.as_ref().or(req.image_arn.as_ref());
    let wanted = wanted.map(String::as_str).unwrap_or_default();
    let rec =
        rec.ok_or_else(|| errors::not_found(format!("The image {wanted} does not exist.")))?;
    if f.fleet_type == "ELASTIC" {
        return Err(errors::invalid_combination(format!(
            "The fleet {} is ELASTIC; elastic fleets run app blocks, not images.",
            f.name
        )));
    }
    if rec.image.state != image_state::AVAILABLE {
        return Err(errors::not_available(format!(
            "The image {wanted} is {}.",
            rec.image.state
        )));
    }
    let windows = |p: &str| p.starts_with("WINDOWS");
    if windows(&rec.image.platform) != windows(&f.platform) {
        return Err(ApiError::new(
            400,
            "IncompatibleImageException",
            format!(
                "The image {wanted} ({}) does not suit fleet {} ({}).",
                rec.image.platform, f.name, f.platform
            ),
        ));
    }
    Ok(Some((rec.image.name.clone(), rec.image.arn.clone())))
}

/// The new Desired capacity from ComputeCapacity. DesiredSessions is for multi-session
/// fleets only, and ELASTIC fleets have no capacity to set (InvalidParameterCombination).
fn desired_capacity(f: &Fleet, c: Option<&ComputeCapacity>) -> Result<Option<i32>, ApiError> {
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
