//! ModifyWorkspaceProperties and ModifyWorkspaceState.

use serde::Deserialize;
use serde_json::Value;

use super::{empty, parse, Ctx};
use crate::sim::error::ApiError;
use crate::sim::store::{RegionStore, WorkspaceNext};
use crate::sim::types::{
    epoch_seconds, DataReplicationSettings, ModificationState, Workspace, WorkspaceProperties,
    WorkspaceState,
};
use crate::sim::validate::{item, pattern, Violations};

#[path = "workspaces_modify_rules.rs"]
mod rules;

pub const COMPUTE_TYPES: &[&str] = &[
    "VALUE",
    "STANDARD",
    "PERFORMANCE",
    "POWER",
    "GRAPHICS",
    "POWERPRO",
    "GENERALPURPOSE_4XLARGE",
    "GENERALPURPOSE_8XLARGE",
    "GRAPHICSPRO",
    "GRAPHICS_G4DN",
    "GRAPHICSPRO_G4DN",
];
const RUNNING_MODES: &[&str] = &["AUTO_STOP", "ALWAYS_ON", "MANUAL"];
const OPERATING_SYSTEMS: &[&str] = &[
    "AMAZON_LINUX_2",
    "UBUNTU_18_04",
    "UBUNTU_20_04",
    "UBUNTU_22_04",
    "UNKNOWN",
    "WINDOWS_10",
    "WINDOWS_11",
    "WINDOWS_7",
    "WINDOWS_SERVER_2016",
    "WINDOWS_SERVER_2019",
    "WINDOWS_SERVER_2022",
    "RHEL_8",
    "ROCKY_8",
];

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ModifyPropertiesRequest {
    workspace_id: Option<String>,
    workspace_properties: Option<WorkspaceProperties>,
    data_replication: Option<String>,
}

fn check_workspace_id(v: &mut Violations, id: &Option<String>) {
    v.required_pattern("workspaceId", id, pattern::WORKSPACE_ID);
}

/// Constraint checks of a `WorkspaceProperties` member at `m` (also CreateWorkspaces').
pub fn check_properties(v: &mut Violations, m: &str, p: &WorkspaceProperties) {
    if let Some(x) = &p.running_mode {
        v.one_of(&format!("{m}.runningMode"), x, RUNNING_MODES);
    }
    if let Some(x) = &p.compute_type_name {
        v.one_of(&format!("{m}.computeTypeName"), x, COMPUTE_TYPES);
    }
    if let Some(x) = &p.operating_system_name {
        v.one_of(&format!("{m}.operatingSystemName"), x, OPERATING_SYSTEMS);
    }
    for (i, x) in p.protocols.iter().flatten().enumerate() {
        v.one_of(&item(&format!("{m}.protocols"), i), x, &["PCOIP", "WSP"]);
    }
    if let Some(ga) = &p.global_accelerator {
        let path = format!("{m}.globalAccelerator.mode");
        if v.required(&path, &ga.mode) {
            v.one_of(
                &path,
                ga.mode.as_deref().unwrap_or(""),
                &["ENABLED_AUTO", "DISABLED", "INHERITED"],
            );
        }
        if let Some(pp) = &ga.preferred_protocol {
            v.one_of(
                &format!("{m}.globalAccelerator.preferredProtocol"),
                pp,
                &["TCP", "NONE", "INHERITED"],
            );
        }
    }
}

fn is_graphics(compute: &str) -> bool {
    compute.starts_with("GRAPHICS")
}

pub fn modify_properties(ctx: &Ctx, body: Value) -> Result<Value, ApiError> {
    let req: ModifyPropertiesRequest = parse(body)?;
    let mut v = Violations::new();
    check_workspace_id(&mut v, &req.workspace_id);
    if let Some(p) = &req.workspace_properties {
        check_properties(&mut v, "workspaceProperties", p);
    }
    if let Some(d) = &req.data_replication {
        v.one_of(
            "dataReplication",
            d,
            &["NO_REPLICATION", "PRIMARY_AS_SOURCE"],
        );
    }
    v.finish()?;
    if req.workspace_properties.is_none() && req.data_replication.is_none() {
        return Err(ApiError::invalid_parameter(
            "Specify WorkspaceProperties or DataReplication",
        ));
    }
    let id = req.workspace_id.unwrap_or_default();
    let new = req.workspace_properties.unwrap_or_default();
    ctx.with_store(|store| {
        apply_properties(store, &id, &new, ctx.now)?;
        if let Some(d) = req.data_replication {
            if let Some(rec) = store.workspaces.get_mut(&id) {
                rec.ws.data_replication_settings = Some(DataReplicationSettings {
                    recovery_snapshot_time: (d == "PRIMARY_AS_SOURCE")
                        .then(|| epoch_seconds(ctx.now)),
                    data_replication: d,
                });
            }
        }
        empty()
    })
}

/// Checks and applies new WorkspaceProperties. Running mode, protocols and the rest change at
/// once; a new compute type or larger volumes put the WorkSpace in UPDATING with
/// ModificationStates until the change completes.
fn apply_properties(
    store: &mut RegionStore,
    id: &str,
    new: &WorkspaceProperties,
    now: u64,
) -> Result<(), ApiError> {
    let rec = store.workspaces.get(id).ok_or_else(|| {
        ApiError::not_found(id, format!("The WorkSpace {id} could not be found."))
    })?;
    let ws = &rec.ws;
    check_modifiable(ws, id)?;
    check_running_mode(ws, id, new)?;
    let mut changes = compute_type_change(id, &ws.workspace_properties, new)?;
    changes.extend(volume_changes(&ws.workspace_properties, new)?);
    let history = store.modified.get(id).copied().unwrap_or_default();
    let asked = rules::check(id, &ws.workspace_properties, new, &history, now)?;
    rules::record(
        store.modified.entry(id.to_string()).or_default(),
        &asked,
        now,
    );

    let state = ws.state;
    let rec = store.workspaces.get_mut(id).expect("checked above");
    merge_properties(&mut rec.ws.workspace_properties, new);
    if !changes.is_empty() {
        // UPDATE_INITIATED, then UPDATE_IN_PROGRESS half-way (`progress`), then cleared when
        // the WorkSpace settles (`store::machine`).
        rec.ws.modification_states = changes
            .iter()
            .map(|r| ModificationState {
                resource: r.to_string(),
                state: "UPDATE_INITIATED".to_string(),
            })
            .collect();
        store.begin_workspace_transition(
            id,
            WorkspaceState::Updating,
            WorkspaceNext::State(state),
            now,
        );
    }
    Ok(())
}

/// A change's ModificationStates go from UPDATE_INITIATED to UPDATE_IN_PROGRESS half-way
/// through its transition; DescribeWorkspaces calls this before it answers.
pub fn progress(store: &mut RegionStore, now: u64) {
    let half = store.transition / 2;
    for rec in store.workspaces.values_mut() {
        if rec.ws.modification_states.is_empty() || now < rec.state_since + half {
            continue;
        }
        for m in &mut rec.ws.modification_states {
            if m.state == "UPDATE_INITIATED" {
                m.state = "UPDATE_IN_PROGRESS".to_string();
            }
        }
    }
}

/// No modification in progress, and the WorkSpace AVAILABLE or STOPPED.
fn check_modifiable(ws: &Workspace, id: &str) -> Result<(), ApiError> {
    if !ws.modification_states.is_empty() {
        return Err(ApiError::in_progress(format!(
            "The properties of WorkSpace {id} are currently being modified. Try again in a moment."
        )));
    }
    if !matches!(
        ws.state,
        WorkspaceState::Available | WorkspaceState::Stopped
    ) {
        return Err(ApiError::invalid_state(format!(
            "The WorkSpace {id} is {}; its properties can be modified when it is AVAILABLE or \
             STOPPED.",
            ws.state.as_str()
        )));
    }
    Ok(())
}

/// RunningMode and RunningModeAutoStopTimeoutInMinutes: MANUAL is for WorkSpaces Core only,
/// the timeout is a multiple of 60 minutes for AUTO_STOP, and a STOPPED WorkSpace starts
/// before it becomes ALWAYS_ON.
fn check_running_mode(ws: &Workspace, id: &str, new: &WorkspaceProperties) -> Result<(), ApiError> {
    let cur = &ws.workspace_properties;
    let mode = new.running_mode.as_deref().or(cur.running_mode.as_deref());
    if new.running_mode.as_deref() == Some("MANUAL") {
        return Err(ApiError::invalid_parameter(
            "The MANUAL running mode is only supported by Amazon WorkSpaces Core; this account \
             is not allow-listed for it.",
        ));
    }
    if let Some(t) = new.running_mode_auto_stop_timeout_in_minutes {
        if mode != Some("AUTO_STOP") {
            return Err(ApiError::invalid_parameter(
                "RunningModeAutoStopTimeoutInMinutes applies only to AUTO_STOP WorkSpaces",
            ));
        }
        if t < 60 || t % 60 != 0 {
            return Err(ApiError::invalid_parameter(
                "RunningModeAutoStopTimeoutInMinutes must be a positive multiple of 60",
            ));
        }
    }
    if ws.state == WorkspaceState::Stopped && new.running_mode.as_deref() == Some("ALWAYS_ON") {
        return Err(ApiError::invalid_state(format!(
            "Start the WorkSpace {id} before switching it to ALWAYS_ON."
        )));
    }
    Ok(())
}

/// A new compute type, which cannot cross between graphics and non-graphics bundles.
fn compute_type_change(
    id: &str,
    cur: &WorkspaceProperties,
    new: &WorkspaceProperties,
) -> Result<Vec<&'static str>, ApiError> {
    let Some(c) = &new.compute_type_name else {
        return Ok(vec![]);
    };
    let old = cur.compute_type_name.as_deref().unwrap_or("");
    if c == old {
        return Ok(vec![]);
    }
    if is_graphics(c) != is_graphics(old) {
        return Err(ApiError::unsupported_configuration(format!(
            "The compute type of WorkSpace {id} cannot change between {old} and {c}: \
             graphics and non-graphics bundles are not interchangeable."
        )));
    }
    Ok(vec!["COMPUTE_TYPE"])
}

/// Larger volumes: they only grow, within their sizes' range.
fn volume_changes(
    cur: &WorkspaceProperties,
    new: &WorkspaceProperties,
) -> Result<Vec<&'static str>, ApiError> {
    let mut changes = Vec::new();
    for (resource, new_size, old_size, min) in [
        (
            "ROOT_VOLUME",
            new.root_volume_size_gib,
            cur.root_volume_size_gib,
            80,
        ),
        (
            "USER_VOLUME",
            new.user_volume_size_gib,
            cur.user_volume_size_gib,
            10,
        ),
    ] {
        let (Some(n), Some(o)) = (new_size, old_size) else {
            continue;
        };
        if n < o {
            return Err(ApiError::invalid_parameter(format!(
                "Volumes can only grow: {resource} is {o} GiB, requested {n} GiB"
            )));
        }
        if !(min..=2000).contains(&n) {
            return Err(ApiError::invalid_parameter(format!(
                "{resource} size must be between {min} and 2000 GiB"
            )));
        }
        if n > o {
            changes.push(resource);
        }
    }
    Ok(changes)
}

/// The members given replace the current ones; a new running mode other than AUTO_STOP
/// drops the auto-stop timeout, AUTO_STOP keeps it or defaults it to 60.
fn merge_properties(p: &mut WorkspaceProperties, new: &WorkspaceProperties) {
    if let Some(m) = &new.running_mode {
        p.running_mode = Some(m.clone());
        p.running_mode_auto_stop_timeout_in_minutes = match m.as_str() {
            "AUTO_STOP" => p.running_mode_auto_stop_timeout_in_minutes.or(Some(60)),
            _ => None,
        };
    }
    if let Some(t) = new.running_mode_auto_stop_timeout_in_minutes {
        p.running_mode_auto_stop_timeout_in_minutes = Some(t);
    }
    merge(&mut p.compute_type_name, &new.compute_type_name);
    merge(&mut p.root_volume_size_gib, &new.root_volume_size_gib);
    merge(&mut p.user_volume_size_gib, &new.user_volume_size_gib);
    merge(&mut p.protocols, &new.protocols);
    merge(&mut p.operating_system_name, &new.operating_system_name);
    merge(&mut p.global_accelerator, &new.global_accelerator);
}

fn merge<T: Clone>(slot: &mut Option<T>, new: &Option<T>) {
    if let Some(n) = new {
        *slot = Some(n.clone());
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ModifyStateRequest {
    workspace_id: Option<String>,
    workspace_state: Option<String>,
}

/// ModifyWorkspaceState: AVAILABLE ↔ ADMIN_MAINTENANCE, at once. Setting the state a
/// WorkSpace already has is accepted; any other current state is InvalidResourceState.
pub fn modify_state(ctx: &Ctx, body: Value) -> Result<Value, ApiError> {
    let req: ModifyStateRequest = parse(body)?;
    let mut v = Violations::new();
    check_workspace_id(&mut v, &req.workspace_id);
    if v.required("workspaceState", &req.workspace_state) {
        v.one_of(
            "workspaceState",
            req.workspace_state.as_deref().unwrap_or(""),
            &["AVAILABLE", "ADMIN_MAINTENANCE"],
        );
    }
    v.finish()?;
    let id = req.workspace_id.unwrap_or_default();
    let target = match req.workspace_state.as_deref() {
        Some("ADMIN_MAINTENANCE") => WorkspaceState::AdminMaintenance,
        _ => WorkspaceState::Available,
    };
    ctx.with_store(|store| {
        let rec = store.workspaces.get(&id).ok_or_else(|| {
            ApiError::not_found(&id, format!("The WorkSpace {id} could not be found."))
        })?;
        let from = rec.ws.state;
        let allowed = from == target
            || matches!(
                (from, target),
                (WorkspaceState::Available, WorkspaceState::AdminMaintenance)
                    | (WorkspaceState::AdminMaintenance, WorkspaceState::Available)
            );
        if !allowed {
            return Err(ApiError::invalid_state(format!(
                "The WorkSpace {id} is {}; ModifyWorkspaceState can move a WorkSpace between \
                 AVAILABLE and ADMIN_MAINTENANCE only.",
                from.as_str()
            )));
        }
        if from != target {
            store.set_workspace_state(&id, target, ctx.now);
        }
        empty()
    })
}
