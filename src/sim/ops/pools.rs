//! DescribeWorkspacesPools, StartWorkspacesPool, StopWorkspacesPool and UpdateWorkspacesPool.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{empty, parse, reply, Ctx};
use crate::sim::error::ApiError;
use crate::sim::paging::{cursor, finish_page, take_page};
use crate::sim::store::{PoolRec, RegionStore};
use crate::sim::types::{ApplicationSettingsResponse, PoolState, TimeoutSettings, WorkspacesPool};
use crate::sim::validate::{item, pattern, Violations};

/// Largest DesiredUserSessions accepted (beyond it: ResourceLimitExceededException).
pub const MAX_POOL_SESSIONS: i64 = 1000;

pub fn check_pool_id(v: &mut Violations, id: &Option<String>) {
    if v.required("poolId", id) {
        v.pattern("poolId", id.as_deref().unwrap_or(""), pattern::POOL_ID);
    }
}

pub fn pool_not_found(id: &str) -> ApiError {
    ApiError::not_found(id, format!("The pool {id} could not be found."))
}

/// The `DescribeWorkspacesPoolsFilter` shape.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct PoolFilter {
    name: Option<String>,
    operator: Option<String>,
    values: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DescribePoolsRequest {
    pool_ids: Option<Vec<String>>,
    filters: Option<Vec<PoolFilter>>,
    limit: Option<i64>,
    next_token: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct DescribePoolsResponse {
    workspaces_pools: Vec<WorkspacesPool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

fn filter_matches(f: &PoolFilter, name: &str) -> bool {
    let values = f.values.as_deref().unwrap_or_default();
    match f.operator.as_deref() {
        Some("EQUALS") => values.iter().any(|x| x == name),
        Some("NOTEQUALS") => values.iter().all(|x| x != name),
        Some("CONTAINS") => values.iter().any(|x| name.contains(x.as_str())),
        _ => values.iter().all(|x| !name.contains(x.as_str())),
    }
}

/// Pools are listed oldest first. Unknown PoolIds are a ResourceNotFoundException.
pub fn describe_pools(ctx: &Ctx, body: Value) -> Result<Value, ApiError> {
    const OP: &str = "DescribeWorkspacesPools";
    let req: DescribePoolsRequest = parse(body)?;
    let mut v = Violations::new();
    if let Some(ids) = &req.pool_ids {
        v.count("poolIds", ids.len(), 1, 25);
        for (i, id) in ids.iter().enumerate() {
            v.pattern(&item("poolIds", i), id, pattern::POOL_ID);
        }
    }
    if let Some(filters) = &req.filters {
        v.count("filters", filters.len(), 1, 25);
        for (i, f) in filters.iter().enumerate() {
            let path = item("filters", i);
            let p = format!("{path}.name");
            if v.required(&p, &f.name) {
                v.one_of(&p, f.name.as_deref().unwrap_or(""), &["PoolName"]);
            }
            let p = format!("{path}.operator");
            if v.required(&p, &f.operator) {
                v.one_of(
                    &p,
                    f.operator.as_deref().unwrap_or(""),
                    &["EQUALS", "NOTEQUALS", "CONTAINS", "NOTCONTAINS"],
                );
            }
            let p = format!("{path}.values");
            if v.required(&p, &f.values) {
                let values = f.values.as_deref().unwrap_or_default();
                v.count(&p, values.len(), 1, 25);
                for (j, x) in values.iter().enumerate() {
                    v.length(&item(&p, j), x, 1, Some(128));
                    v.pattern(&item(&p, j), x, pattern::POOL_FILTER_VALUE);
                }
            }
        }
    }
    if let Some(l) = req.limit {
        v.range("limit", l, 1, Some(25));
    }
    v.next_token(&req.next_token);
    v.finish()?;
    let after = cursor(OP, &req.next_token)?;
    let limit = req.limit.map_or(25, |l| l as usize);

    ctx.with_store(|store| {
        if let Some(missing) = req
            .pool_ids
            .iter()
            .flatten()
            .find(|id| !store.pools.contains_key(*id))
        {
            return Err(pool_not_found(missing));
        }
        let mut rows: Vec<&PoolRec> = store
            .pools
            .values()
            .filter(|p| {
                req.pool_ids
                    .as_ref()
                    .is_none_or(|ids| ids.contains(&p.pool.pool_id))
            })
            .filter(|p| {
                req.filters
                    .iter()
                    .flatten()
                    .all(|f| filter_matches(f, &p.pool.pool_name))
            })
            .collect();
        rows.sort_by_key(|p| p.sort_key());
        let rest = rows
            .into_iter()
            .filter(|p| after.as_ref().is_none_or(|a| p.sort_key() > *a));
        let (page, next_token) = finish_page(OP, take_page(rest, limit), |p| p.sort_key());
        reply(&DescribePoolsResponse {
            workspaces_pools: page.into_iter().map(|p| p.pool.clone()).collect(),
            next_token,
        })
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct PoolIdRequest {
    pool_id: Option<String>,
}

/// The pool, or the error for a pool that does not exist or is busy.
fn idle_pool<'a>(store: &'a RegionStore, id: &str) -> Result<&'a WorkspacesPool, ApiError> {
    let pool = &store.pools.get(id).ok_or_else(|| pool_not_found(id))?.pool;
    if pool.state.in_progress() {
        return Err(ApiError::in_progress(format!(
            "The pool {id} is {}; try again when the current operation completes.",
            pool.state.as_str()
        )));
    }
    Ok(pool)
}

/// "You cannot start a pool unless it has a running mode of AutoStop and a state of STOPPED."
pub fn start_pool(ctx: &Ctx, body: Value) -> Result<Value, ApiError> {
    let req: PoolIdRequest = parse(body)?;
    let mut v = Violations::new();
    check_pool_id(&mut v, &req.pool_id);
    v.finish()?;
    let id = req.pool_id.unwrap_or_default();
    ctx.with_store(|store| {
        let pool = idle_pool(store, &id)?;
        if pool.state != PoolState::Stopped {
            return Err(ApiError::invalid_state(format!(
                "The pool {id} is {}; only STOPPED pools can be started.",
                pool.state.as_str()
            )));
        }
        if pool.running_mode != "AUTO_STOP" {
            return Err(ApiError::not_supported(
                format!(
                    "The pool {id} runs in {} mode; only AUTO_STOP pools can be started.",
                    pool.running_mode
                ),
                "RunningModeNotAutoStop",
            ));
        }
        store.begin_pool_transition(&id, PoolState::Starting, PoolState::Running, ctx.now);
        empty()
    })
}

/// Stops a RUNNING AUTO_STOP pool; its sessions end when it reaches STOPPED. (The reference's
/// text lists WorkSpace states here; pools are stopped from RUNNING.)
pub fn stop_pool(ctx: &Ctx, body: Value) -> Result<Value, ApiError> {
    let req: PoolIdRequest = parse(body)?;
    let mut v = Violations::new();
    check_pool_id(&mut v, &req.pool_id);
    v.finish()?;
    let id = req.pool_id.unwrap_or_default();
    ctx.with_store(|store| {
        let pool = idle_pool(store, &id)?;
        if pool.state != PoolState::Running {
            return Err(ApiError::invalid_state(format!(
                "The pool {id} is {}; only RUNNING pools can be stopped.",
                pool.state.as_str()
            )));
        }
        if pool.running_mode != "AUTO_STOP" {
            return Err(ApiError::invalid_state(format!(
                "The pool {id} runs in {} mode; only AUTO_STOP pools can be stopped.",
                pool.running_mode
            )));
        }
        store.begin_pool_transition(&id, PoolState::Stopping, PoolState::Stopped, ctx.now);
        empty()
    })
}

/// The `Capacity` shape.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct CapacityRequest {
    desired_user_sessions: Option<i64>,
}

/// The `ApplicationSettingsRequest` shape.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ApplicationSettingsRequest {
    status: Option<String>,
    settings_group: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct UpdatePoolRequest {
    pool_id: Option<String>,
    bundle_id: Option<String>,
    directory_id: Option<String>,
    description: Option<String>,
    running_mode: Option<String>,
    capacity: Option<CapacityRequest>,
    timeout_settings: Option<TimeoutSettings>,
    application_settings: Option<ApplicationSettingsRequest>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct UpdatePoolResponse {
    workspaces_pool: WorkspacesPool,
}

fn check_update(v: &mut Violations, req: &UpdatePoolRequest) {
    check_pool_id(v, &req.pool_id);
    if let Some(b) = &req.bundle_id {
        v.pattern("bundleId", b, pattern::BUNDLE_ID);
    }
    if let Some(d) = &req.directory_id {
        v.length("directoryId", d, 10, Some(65));
        v.pattern("directoryId", d, pattern::DIRECTORY_ID);
    }
    if let Some(d) = &req.description {
        v.length("description", d, 1, Some(255));
        v.pattern("description", d, pattern::DESCRIPTION);
    }
    if let Some(m) = &req.running_mode {
        v.one_of("runningMode", m, &["AUTO_STOP", "ALWAYS_ON"]);
    }
    if let Some(c) = &req.capacity {
        if v.required("capacity.desiredUserSessions", &c.desired_user_sessions) {
            v.range(
                "capacity.desiredUserSessions",
                c.desired_user_sessions.unwrap_or_default(),
                0,
                None,
            );
        }
    }
    if let Some(t) = &req.timeout_settings {
        let ranges = [
            (
                "disconnectTimeoutInSeconds",
                t.disconnect_timeout_in_seconds,
                60,
                36_000,
            ),
            (
                "idleDisconnectTimeoutInSeconds",
                t.idle_disconnect_timeout_in_seconds,
                0,
                36_000,
            ),
            (
                "maxUserDurationInSeconds",
                t.max_user_duration_in_seconds,
                600,
                432_000,
            ),
        ];
        for (name, value, min, max) in ranges {
            if let Some(x) = value {
                v.range(&format!("timeoutSettings.{name}"), x, min, Some(max));
            }
        }
    }
    if let Some(a) = &req.application_settings {
        let p = "applicationSettings.status";
        if v.required(p, &a.status) {
            v.one_of(
                p,
                a.status.as_deref().unwrap_or(""),
                &["DISABLED", "ENABLED"],
            );
        }
        if let Some(g) = &a.settings_group {
            v.length("applicationSettings.settingsGroup", g, 0, Some(100));
            v.pattern(
                "applicationSettings.settingsGroup",
                g,
                pattern::SETTINGS_GROUP,
            );
        }
    }
}

/// UpdateWorkspacesPool. "The running mode can only be updated when the pool is in a stopped
/// state." A new bundle or directory puts a RUNNING pool in UPDATING; a capacity change keeps
/// it RUNNING while the actual sessions converge.
pub fn update_pool(ctx: &Ctx, body: Value) -> Result<Value, ApiError> {
    let req: UpdatePoolRequest = parse(body)?;
    let mut v = Violations::new();
    check_update(&mut v, &req);
    v.finish()?;
    let id = req.pool_id.clone().unwrap_or_default();
    ctx.with_store(|store| {
        let pool = idle_pool(store, &id)?;
        let state = pool.state;
        check_running_mode_change(pool, &id, &req)?;
        let new_bundle = req.bundle_id.as_ref().filter(|b| **b != pool.bundle_id);
        let new_directory = req
            .directory_id
            .as_ref()
            .filter(|d| **d != pool.directory_id);
        check_exist(store, new_bundle, new_directory)?;
        let desired = req.capacity.as_ref().and_then(|c| c.desired_user_sessions);
        if desired.is_some_and(|d| d > MAX_POOL_SESSIONS) {
            return Err(ApiError::limit_exceeded(format!(
                "DesiredUserSessions cannot exceed {MAX_POOL_SESSIONS} for a pool"
            )));
        }
        let reconfigure = new_bundle.is_some() || new_directory.is_some();
        let bucket = settings_bucket(store, pool, &id, &req);

        let rec = store.pools.get_mut(&id).expect("checked above");
        let p = &mut rec.pool;
        if let Some(b) = new_bundle {
            p.bundle_id = b.clone();
        }
        if let Some(d) = new_directory {
            p.directory_id = d.clone();
        }
        apply_settings(p, &req, bucket);
        if let Some(d) = desired {
            p.capacity_status.desired_user_sessions = d as i32;
        }
        if state == PoolState::Running && reconfigure {
            store.begin_pool_transition(&id, PoolState::Updating, PoolState::Running, ctx.now);
        } else if state == PoolState::Running && desired.is_some() {
            store.begin_pool_transition(&id, PoolState::Running, PoolState::Running, ctx.now);
        }
        store.sync_pool_capacity(&id);
        reply(&UpdatePoolResponse {
            workspaces_pool: store.pools[&id].pool.clone(),
        })
    })
}

/// A new running mode only while the pool is STOPPED.
fn check_running_mode_change(
    pool: &WorkspacesPool,
    id: &str,
    req: &UpdatePoolRequest,
) -> Result<(), ApiError> {
    match &req.running_mode {
        Some(m) if *m != pool.running_mode && pool.state != PoolState::Stopped => {
            Err(ApiError::invalid_state(format!(
                "The pool {id} is {}; its running mode can only change while it is STOPPED.",
                pool.state.as_str()
            )))
        }
        _ => Ok(()),
    }
}

/// A new bundle and a new directory must exist in the Region.
fn check_exist(
    store: &RegionStore,
    new_bundle: Option<&String>,
    new_directory: Option<&String>,
) -> Result<(), ApiError> {
    if let Some(b) = new_bundle {
        if !store.bundles.contains_key(b) {
            return Err(ApiError::not_found(
                b,
                format!("The bundle {b} could not be found."),
            ));
        }
    }
    if let Some(d) = new_directory {
        if !store.directories.contains_key(d) {
            return Err(ApiError::not_found(
                d,
                format!("The directory {d} could not be found."),
            ));
        }
    }
    Ok(())
}

/// The S3 bucket of ENABLED application settings: the pool's own, or the one the service
/// creates for it.
fn settings_bucket(
    store: &RegionStore,
    pool: &WorkspacesPool,
    id: &str,
    req: &UpdatePoolRequest,
) -> Option<String> {
    match &req.application_settings {
        Some(a) if a.status.as_deref() == Some("ENABLED") => Some(
            pool.application_settings
                .as_ref()
                .and_then(|s| s.s3_bucket_name.clone())
                .unwrap_or_else(|| {
                    format!(
                        "wspool-app-settings-{}-{}-{}",
                        store.region,
                        store.account_id,
                        &id["wspool-".len()..]
                    )
                }),
        ),
        _ => None,
    }
}

/// Description, running mode, timeouts and application settings, as given.
fn apply_settings(p: &mut WorkspacesPool, req: &UpdatePoolRequest, bucket: Option<String>) {
    if let Some(d) = &req.description {
        p.description = Some(d.clone());
    }
    if let Some(m) = &req.running_mode {
        p.running_mode = m.clone();
    }
    if let Some(t) = &req.timeout_settings {
        let cur = p
            .timeout_settings
            .get_or_insert_with(TimeoutSettings::default);
        cur.disconnect_timeout_in_seconds = t
            .disconnect_timeout_in_seconds
            .or(cur.disconnect_timeout_in_seconds);
        cur.idle_disconnect_timeout_in_seconds = t
            .idle_disconnect_timeout_in_seconds
            .or(cur.idle_disconnect_timeout_in_seconds);
        cur.max_user_duration_in_seconds = t
            .max_user_duration_in_seconds
            .or(cur.max_user_duration_in_seconds);
    }
    if let Some(a) = &req.application_settings {
        p.application_settings = Some(ApplicationSettingsResponse {
            status: a.status.clone().unwrap_or_default(),
            settings_group: a.settings_group.clone(),
            s3_bucket_name: bucket,
        });
    }
}
