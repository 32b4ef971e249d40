//! Per-resource faults: one operation failing for one resource only (a WorkSpace, a bundle, an
//! image), every other resource of the same call or of other calls going through. This is how
//! the service reports one WorkSpace of a batch failing, which per-operation faults
//! (`SimConfig::faults`, every call fails) cannot show.
//!
//! The answer is the one the WorkSpaces model (2015-04-08) gives the operation:
//! - RebootWorkspaces and RebuildWorkspaces report a WorkSpace they cannot act on in the
//!   response's `FailedRequests` (FailedWorkspaceChangeRequest: WorkspaceId, ErrorCode,
//!   ErrorMessage) and act on the others; the code is the error the model lists for them,
//!   OperationNotSupportedException ("This operation is not supported.").
//! - Operations on one resource fail the whole call with one of the errors the model lists
//!   for them (see `call_error`), with that error's documented message.
//!
//! A faulted resource is never acted on, so a retry cannot apply anything twice.

use serde_json::Value;

use super::error::ApiError;
use super::ops::resource_ids;

/// `operation` fails for `resource_id` only, for as long as the emulator runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceFault {
    /// The operation name, e.g. "RebuildWorkspaces".
    pub operation: String,
    /// The ID the request names: a WorkSpace ID (WorkspaceId, SourceWorkspaceId), a bundle ID
    /// (UpdateWorkspaceBundle's BundleId), an image ID (SourceImageId).
    pub resource_id: String,
}

impl ResourceFault {
    /// Checked: only operations with a listed error can be faulted per resource.
    pub fn new(operation: &str, resource_id: &str) -> Result<ResourceFault, String> {
        if batch_member(operation).is_none() && call_error(operation, resource_id).is_none() {
            return Err(format!(
                "{operation}: no per-resource fault (RebootWorkspaces, RebuildWorkspaces, \
                 RestoreWorkspace, MigrateWorkspace, UpdateWorkspaceBundle, \
                 CreateUpdatedWorkspaceImage)"
            ));
        }
        Ok(ResourceFault {
            operation: operation.to_string(),
            resource_id: resource_id.to_string(),
        })
    }
}

/// The batch operations that report one WorkSpace failing per item, and their list member.
fn batch_member(op: &str) -> Option<&'static str> {
    match op {
        "RebootWorkspaces" => Some("RebootWorkspaceRequests"),
        "RebuildWorkspaces" => Some("RebuildWorkspaceRequests"),
        _ => None,
    }
}

/// The error a one-resource operation fails with: one its model entry lists, that says the
/// resource cannot be acted on now (not a caller mistake such as InvalidParameterValues).
fn call_error(op: &str, id: &str) -> Option<ApiError> {
    Some(match op {
        // MigrateWorkspace: OperationInProgressException.
        "MigrateWorkspace" => ApiError::in_progress(
            "The properties of this WorkSpace are currently being modified. Try again in a \
             moment.",
        ),
        // UpdateWorkspaceBundle: ResourceUnavailableException.
        "UpdateWorkspaceBundle" => {
            ApiError::unavailable(id, "The specified resource is not available.")
        }
        // RestoreWorkspace: OperationNotSupportedException.
        "RestoreWorkspace" => {
            ApiError::not_supported("This operation is not supported.", "InjectedFault")
        }
        // CreateUpdatedWorkspaceImage: InvalidResourceStateException.
        "CreateUpdatedWorkspaceImage" => {
            ApiError::invalid_state("The state of the resource is not valid for this operation.")
        }
        _ => return None,
    })
}

/// What the faults do to one request before it runs.
pub enum Applied {
    /// No fault for this request: run it as it is.
    Untouched(Value),
    /// A batch with faulted WorkSpaces: run `body` (the others; None when none are left) and
    /// add `failed` to its FailedRequests.
    Batch {
        body: Option<Value>,
        failed: Vec<Value>,
    },
}

/// Apply the faults of `op` to the request `body`: Err fails the whole call (one-resource
/// operations); a batch loses its faulted items, reported back by `merge`.
pub fn apply(faults: &[ResourceFault], op: &str, body: Value) -> Result<Applied, ApiError> {
    let hit = |id: &str| {
        faults
            .iter()
            .any(|f| f.operation == op && f.resource_id == id)
    };
    let Some(member) = batch_member(op) else {
        let ids = resource_ids(op, &body).unwrap_or_default();
        if let Some(id) = ids.iter().find(|id| hit(id)) {
            if let Some(e) = call_error(op, id) {
                return Err(e);
            }
        }
        return Ok(Applied::Untouched(body));
    };
    let Some(items) = body.get(member).and_then(Value::as_array) else {
        return Ok(Applied::Untouched(body));
    };
    let id_of = |v: &Value| {
        v.get("WorkspaceId")
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let (faulted, kept): (Vec<Value>, Vec<Value>) = items
        .iter()
        .cloned()
        .partition(|v| id_of(v).is_some_and(|id| hit(&id)));
    if faulted.is_empty() {
        return Ok(Applied::Untouched(body));
    }
    let failed = faulted
        .iter()
        .filter_map(id_of)
        .map(|id| {
            serde_json::json!({
                "WorkspaceId": id,
                "ErrorCode": "OperationNotSupportedException",
                "ErrorMessage": "This operation is not supported.",
            })
        })
        .collect();
    let body = (!kept.is_empty()).then(|| {
        let mut b = body.clone();
        b[member] = Value::Array(kept);
        b
    });
    Ok(Applied::Batch { body, failed })
}

/// The batch's answer with the faulted WorkSpaces added to its FailedRequests.
pub fn merge(answer: Option<Value>, failed: Vec<Value>) -> Value {
    let mut answer = answer.unwrap_or_else(|| serde_json::json!({ "FailedRequests": [] }));
    match answer
        .get_mut("FailedRequests")
        .and_then(Value::as_array_mut)
    {
        Some(list) => list.extend(failed),
        None => answer["FailedRequests"] = Value::Array(failed),
    }
    answer
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rebuild_fault(id: &str) -> Vec<ResourceFault> {
        vec![ResourceFault::new("RebuildWorkspaces", id).unwrap()]
    }

    #[test]
    fn a_batch_loses_only_the_faulted_workspace() {
        let body = json!({"RebootWorkspaceRequests": [{"WorkspaceId": "ws-a"}]});
        let f = vec![ResourceFault::new("RebootWorkspaces", "ws-b").unwrap()];
        assert!(matches!(
            apply(&f, "RebootWorkspaces", body),
            Ok(Applied::Untouched(_))
        ));
        let body = json!({"RebuildWorkspaceRequests": [{"WorkspaceId": "ws-b"}]});
        let Ok(Applied::Batch { body, failed }) =
            apply(&rebuild_fault("ws-b"), "RebuildWorkspaces", body)
        else {
            panic!()
        };
        assert!(body.is_none(), "nothing left to run");
        let out = merge(None, failed);
        assert_eq!(out["FailedRequests"][0]["WorkspaceId"], "ws-b");
        assert_eq!(
            out["FailedRequests"][0]["ErrorCode"],
            "OperationNotSupportedException"
        );
    }

    #[test]
    fn a_one_resource_operation_fails_with_an_error_its_model_lists() {
        let f = vec![ResourceFault::new("MigrateWorkspace", "ws-a").unwrap()];
        let body = json!({"SourceWorkspaceId": "ws-a", "BundleId": "wsb-1"});
        let Err(e) = apply(&f, "MigrateWorkspace", body) else {
            panic!()
        };
        assert_eq!(e.code, "OperationInProgressException");
        let body = json!({"SourceWorkspaceId": "ws-z", "BundleId": "wsb-1"});
        assert!(apply(&f, "MigrateWorkspace", body).is_ok());
        assert!(ResourceFault::new("DescribeWorkspaces", "ws-a").is_err());
    }
}
