//! DescribeFleets, StartFleet and StopFleet (UpdateFleet is in `fleet_update`). A fleet moves
//! STOPPED → STARTING → RUNNING and RUNNING → STOPPING → STOPPED (its sessions end), each
//! step after the transition time.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{check_names, cursor, empty_result, page, parse, reply, Ctx};
use crate::sim::appstream::errors;
use crate::sim::appstream::store::{AppStore, FleetRec};
use crate::sim::appstream::types::{fleet_state, image_state, Fleet};
use crate::sim::error::ApiError;
use crate::sim::validate::Violations;

/// Fleets per DescribeFleets page (the operation has no MaxResults).
pub const FLEETS_PER_PAGE: usize = 10;

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
    check_names(&mut v, "names", &req.names);
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

pub(super) fn fleet<'a>(store: &'a AppStore, name: &str) -> Result<&'a FleetRec, ApiError> {
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
