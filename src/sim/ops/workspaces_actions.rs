//! RebootWorkspaces, RebuildWorkspaces, StartWorkspaces, StopWorkspaces, TerminateWorkspaces
//! and RestoreWorkspace.
//!
//! The batch operations act on every WorkSpace they can and report the others in
//! FailedRequests (FailedWorkspaceChangeRequest: WorkspaceId, ErrorCode, ErrorMessage) rather
//! than failing the call. Codes follow the service's `Problem.Resource` style:
//! `ResourceNotFound.Workspace` for an unknown ID, `InvalidResourceState.Workspace` for a
//! state the action does not accept, `OperationNotSupported.RunningMode` for start/stop of a
//! WorkSpace whose running mode is ALWAYS_ON. RestoreWorkspace takes one WorkSpace and has an
//! empty response, so it fails the whole call instead.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{empty, parse, reply, Ctx};
use crate::sim::error::ApiError;
use crate::sim::seed::MINUTE;
use crate::sim::store::{ConnState, WorkspaceNext, WorkspaceRec};
use crate::sim::types::{FailedWorkspaceChangeRequest, Millis, WorkspaceState};
use crate::sim::validate::{item, pattern, Violations};

use WorkspaceState::*;

/// Why an action refuses one WorkSpace.
struct Refusal {
    code: &'static str,
    message: String,
}

fn wrong_state(rec: &WorkspaceRec, op: &str, rule: &str) -> Refusal {
    let state = rec.ws.state.as_str();
    let extra = if rec.ws.state == AdminMaintenance {
        " WorkSpaces in ADMIN_MAINTENANCE do not respond to reboot, stop, start, rebuild or \
         restore requests."
    } else {
        ""
    };
    Refusal {
        code: "InvalidResourceState.Workspace",
        message: format!(
            "The WorkSpace {} is {state}; {op} requires {rule}.{extra}",
            rec.ws.workspace_id
        ),
    }
}

/// "You cannot start/stop a WorkSpace unless it has a running mode of AutoStop or Manual."
fn check_running_mode(rec: &WorkspaceRec, op: &str) -> Result<(), Refusal> {
    let mode = rec.ws.workspace_properties.running_mode.as_deref();
    if matches!(mode, Some("AUTO_STOP") | Some("MANUAL")) {
        return Ok(());
    }
    Err(Refusal {
        code: "OperationNotSupported.RunningMode",
        message: format!(
            "The WorkSpace {} has running mode {}; {op} requires AUTO_STOP or MANUAL.",
            rec.ws.workspace_id,
            mode.unwrap_or("ALWAYS_ON")
        ),
    })
}

/// One batch action: its rules, and the states it moves a WorkSpace through.
struct Action {
    /// The request's list member.
    member: &'static str,
    max: usize,
    check: fn(&WorkspaceRec, Millis) -> Result<(), Refusal>,
    transitional: WorkspaceState,
    then: WorkspaceNext,
}

/// RebootWorkspaces: "You cannot reboot a WorkSpace unless its state is AVAILABLE, UNHEALTHY,
/// or REBOOTING. Reboot a WorkSpace in the REBOOTING state only if your WorkSpace has been
/// stuck in the REBOOTING state for over 20 minutes."
fn reboot_rule(rec: &WorkspaceRec, now: Millis) -> Result<(), Refusal> {
    match rec.ws.state {
        Available | Unhealthy => Ok(()),
        Rebooting if now.saturating_sub(rec.state_since) > 20 * MINUTE => Ok(()),
        _ => Err(wrong_state(
            rec,
            "RebootWorkspaces",
            "AVAILABLE, UNHEALTHY, or REBOOTING for over 20 minutes",
        )),
    }
}

/// RebuildWorkspaces: "AVAILABLE, ERROR, UNHEALTHY, STOPPED, or REBOOTING".
fn rebuild_rule(rec: &WorkspaceRec, _: Millis) -> Result<(), Refusal> {
    match rec.ws.state {
        Available | Error | Unhealthy | Stopped | Rebooting => Ok(()),
        _ => Err(wrong_state(
            rec,
            "RebuildWorkspaces",
            "AVAILABLE, ERROR, UNHEALTHY, STOPPED, or REBOOTING",
        )),
    }
}

/// StartWorkspaces: running mode AutoStop or Manual and a state of STOPPED.
fn start_rule(rec: &WorkspaceRec, _: Millis) -> Result<(), Refusal> {
    if rec.ws.state != Stopped {
        return Err(wrong_state(rec, "StartWorkspaces", "STOPPED"));
    }
    check_running_mode(rec, "StartWorkspaces")
}

/// StopWorkspaces: running mode AutoStop or Manual and a state of AVAILABLE, IMPAIRED,
/// UNHEALTHY, or ERROR.
fn stop_rule(rec: &WorkspaceRec, _: Millis) -> Result<(), Refusal> {
    if !matches!(rec.ws.state, Available | Impaired | Unhealthy | Error) {
        return Err(wrong_state(
            rec,
            "StopWorkspaces",
            "AVAILABLE, IMPAIRED, UNHEALTHY, or ERROR",
        ));
    }
    check_running_mode(rec, "StopWorkspaces")
}

/// TerminateWorkspaces: "You can terminate a WorkSpace that is in any state except SUSPENDED."
fn terminate_rule(rec: &WorkspaceRec, _: Millis) -> Result<(), Refusal> {
    if rec.ws.state == Suspended {
        return Err(wrong_state(
            rec,
            "TerminateWorkspaces",
            "any state except SUSPENDED",
        ));
    }
    Ok(())
}

/// RestoreWorkspace: "AVAILABLE, ERROR, UNHEALTHY, or STOPPED".
fn restore_rule(rec: &WorkspaceRec, _: Millis) -> Result<(), Refusal> {
    match rec.ws.state {
        Available | Error | Unhealthy | Stopped => Ok(()),
        _ => Err(wrong_state(
            rec,
            "RestoreWorkspace",
            "AVAILABLE, ERROR, UNHEALTHY, or STOPPED",
        )),
    }
}

const REBOOT: Action = Action {
    member: "RebootWorkspaceRequests",
    max: 25,
    check: reboot_rule,
    transitional: Rebooting,
    then: WorkspaceNext::State(Available),
};
const REBUILD: Action = Action {
    member: "RebuildWorkspaceRequests",
    // "Array Members: Fixed number of 1 item."
    max: 1,
    check: rebuild_rule,
    transitional: Rebuilding,
    then: WorkspaceNext::State(Available),
};
const START: Action = Action {
    member: "StartWorkspaceRequests",
    max: 25,
    check: start_rule,
    transitional: Starting,
    then: WorkspaceNext::State(Available),
};
const STOP: Action = Action {
    member: "StopWorkspaceRequests",
    max: 25,
    check: stop_rule,
    transitional: Stopping,
    then: WorkspaceNext::State(Stopped),
};
const TERMINATE: Action = Action {
    member: "TerminateWorkspaceRequests",
    max: 25,
    check: terminate_rule,
    transitional: Terminating,
    then: WorkspaceNext::State(Terminated),
};

pub fn reboot(ctx: &Ctx, body: Value) -> Result<Value, ApiError> {
    run_batch(&REBOOT, ctx, body)
}
pub fn rebuild(ctx: &Ctx, body: Value) -> Result<Value, ApiError> {
    run_batch(&REBUILD, ctx, body)
}
pub fn start(ctx: &Ctx, body: Value) -> Result<Value, ApiError> {
    run_batch(&START, ctx, body)
}
pub fn stop(ctx: &Ctx, body: Value) -> Result<Value, ApiError> {
    run_batch(&STOP, ctx, body)
}
pub fn terminate(ctx: &Ctx, body: Value) -> Result<Value, ApiError> {
    run_batch(&TERMINATE, ctx, body)
}

/// RebootRequest, RebuildRequest, StartRequest, StopRequest, TerminateRequest.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct WorkspaceRequest {
    workspace_id: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct BatchResponse {
    failed_requests: Vec<FailedWorkspaceChangeRequest>,
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_ascii_lowercase().to_string() + c.as_str())
        .unwrap_or_default()
}

fn run_batch(action: &Action, ctx: &Ctx, body: Value) -> Result<Value, ApiError> {
    let Value::Object(mut members) = body else {
        return Err(ApiError::serialization(
            "The request body must be a JSON object",
        ));
    };
    let requests: Option<Vec<WorkspaceRequest>> =
        parse(members.remove(action.member).unwrap_or(Value::Null))?;
    let member = lower_first(action.member);
    let mut v = Violations::new();
    if v.required(&member, &requests) {
        let requests = requests.as_deref().unwrap_or_default();
        v.count(&member, requests.len(), 1, action.max);
        for (i, r) in requests.iter().enumerate() {
            let path = format!("{}.workspaceId", item(&member, i));
            if v.required(&path, &r.workspace_id) {
                v.pattern(
                    &path,
                    r.workspace_id.as_deref().unwrap_or(""),
                    pattern::WORKSPACE_ID,
                );
            }
        }
    }
    v.finish()?;
    let ids: Vec<String> = requests
        .unwrap_or_default()
        .into_iter()
        .filter_map(|r| r.workspace_id)
        .collect();

    ctx.with_store(|store| {
        let mut failed = Vec::new();
        for id in ids {
            let verdict = match store.workspaces.get(&id) {
                None => Err(Refusal {
                    code: "ResourceNotFound.Workspace",
                    message: format!("The WorkSpace {id} could not be found in {}.", store.region),
                }),
                Some(rec) => (action.check)(rec, ctx.now),
            };
            match verdict {
                Err(r) => failed.push(FailedWorkspaceChangeRequest {
                    workspace_id: id,
                    error_code: r.code.to_string(),
                    error_message: r.message,
                }),
                Ok(()) => begin(store, action.transitional, action.then, &id, ctx.now),
            }
        }
        reply(&BatchResponse {
            failed_requests: failed,
        })
    })
}

/// Starts the action on one WorkSpace. Already-terminating WorkSpaces are left as they are.
fn begin(
    store: &mut crate::sim::store::RegionStore,
    transitional: WorkspaceState,
    then: WorkspaceNext,
    id: &str,
    now: Millis,
) {
    let Some(rec) = store.workspaces.get_mut(id) else {
        return;
    };
    if transitional == Terminating && matches!(rec.ws.state, Terminating | Terminated) {
        return;
    }
    // The action resolves an earlier failure, and ends the user's session.
    rec.ws.error_code = None;
    rec.ws.error_message = None;
    rec.conn.state = ConnState::Disconnected;
    if transitional == Rebuilding {
        // RebuildWorkspaces recreates the root volume and restores the user volume "from the
        // last available snapshot": DescribeWorkspaceSnapshots counts from here.
        rec.rebuilt = now;
    }
    store.begin_workspace_transition(id, transitional, then, now);
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RestoreRequest {
    workspace_id: Option<String>,
}

/// RestoreWorkspace: one WorkSpace; unknown → ResourceNotFoundException, a state it does not
/// accept → OperationNotSupportedException (the reference lists no InvalidResourceState error
/// for this operation).
pub fn restore(ctx: &Ctx, body: Value) -> Result<Value, ApiError> {
    let req: RestoreRequest = parse(body)?;
    let mut v = Violations::new();
    v.required_pattern("workspaceId", &req.workspace_id, pattern::WORKSPACE_ID);
    v.finish()?;
    let id = req.workspace_id.unwrap_or_default();
    ctx.with_store(|store| {
        let rec = store.workspaces.get(&id).ok_or_else(|| {
            ApiError::not_found(&id, format!("The WorkSpace {id} could not be found."))
        })?;
        restore_rule(rec, ctx.now)
            .map_err(|r| ApiError::not_supported(r.message, "InvalidResourceState"))?;
        begin(
            store,
            Restoring,
            WorkspaceNext::State(Available),
            &id,
            ctx.now,
        );
        empty()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::seed::FleetParams;
    use crate::sim::seed::Regions;
    use crate::sim::stores::lock;
    use serde_json::json;

    const NOW: Millis = 1_760_000_000_000;
    const ALL: [WorkspaceState; 17] = [
        Pending,
        Available,
        Impaired,
        Unhealthy,
        Rebooting,
        Starting,
        Rebuilding,
        Restoring,
        Maintenance,
        AdminMaintenance,
        Terminating,
        Terminated,
        Suspended,
        Updating,
        Stopping,
        Stopped,
        Error,
    ];

    fn regions() -> Regions {
        Regions::new(FleetParams {
            seed: 5,
            size: 20,
            account_id: "123456789012".into(),
            transition: 3_000,
        })
    }

    /// Puts the first WorkSpace in `state` (entered 1 minute ago) with `mode`, runs `op` on it
    /// and returns the FailedRequests error code, if any.
    fn try_action(op: &str, state: WorkspaceState, mode: &str, since: Millis) -> Option<String> {
        let regions = regions();
        let id = {
            let arc = regions.get("123456789012", "us-east-1", NOW);
            let mut store = lock(&arc);
            let rec = store.workspaces.values_mut().next().unwrap();
            rec.ws.state = state;
            rec.state_since = since;
            rec.pending = None;
            rec.ws.workspace_properties.running_mode = Some(mode.to_string());
            rec.ws.workspace_id.clone()
        };
        let ctx = Ctx {
            account: "123456789012",
            stores: &regions,
            region: "us-east-1",
            now: NOW,
        };
        let member = format!("{}WorkspaceRequests", op.trim_end_matches("Workspaces"));
        let body = json!({ member: [{ "WorkspaceId": id }] });
        let spec = crate::sim::ops::OPERATIONS.find(op).unwrap();
        let out = spec.run(&ctx, body).unwrap();
        out["FailedRequests"][0]["ErrorCode"]
            .as_str()
            .map(str::to_string)
    }

    fn accepted(op: &str, mode: &str) -> Vec<WorkspaceState> {
        ALL.iter()
            .copied()
            .filter(|s| try_action(op, *s, mode, NOW - MINUTE).is_none())
            .collect()
    }

    #[test]
    fn each_action_accepts_exactly_the_states_the_reference_lists() {
        assert_eq!(
            accepted("RebootWorkspaces", "AUTO_STOP"),
            [Available, Unhealthy]
        );
        assert_eq!(
            accepted("RebuildWorkspaces", "AUTO_STOP"),
            [Available, Unhealthy, Rebooting, Stopped, Error]
        );
        assert_eq!(accepted("StartWorkspaces", "AUTO_STOP"), [Stopped]);
        assert_eq!(
            accepted("StopWorkspaces", "AUTO_STOP"),
            [Available, Impaired, Unhealthy, Error]
        );
        let terminable: Vec<_> = ALL.iter().copied().filter(|s| *s != Suspended).collect();
        assert_eq!(accepted("TerminateWorkspaces", "ALWAYS_ON"), terminable);
    }

    #[test]
    fn running_mode_and_the_twenty_minute_reboot_rule() {
        assert_eq!(accepted("StartWorkspaces", "ALWAYS_ON"), []);
        assert_eq!(accepted("StopWorkspaces", "ALWAYS_ON"), []);
        assert_eq!(accepted("StopWorkspaces", "MANUAL").len(), 4);
        assert_eq!(
            try_action("StopWorkspaces", Available, "ALWAYS_ON", NOW).as_deref(),
            Some("OperationNotSupported.RunningMode")
        );
        assert_eq!(
            try_action("RebootWorkspaces", AdminMaintenance, "AUTO_STOP", NOW).as_deref(),
            Some("InvalidResourceState.Workspace")
        );
        // Stuck in REBOOTING for over 20 minutes: may be rebooted again.
        assert_eq!(
            try_action(
                "RebootWorkspaces",
                Rebooting,
                "AUTO_STOP",
                NOW - 21 * MINUTE
            ),
            None
        );
    }
}
