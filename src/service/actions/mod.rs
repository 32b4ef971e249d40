//! The mutating operations: one `Action` on one batch of IDs becomes exactly one WorkSpaces call.
//!
//! Rules every call here follows:
//! - Read-only mode refuses before the budget or the network is touched.
//! - The call waits for an urgent slot of the rate budget (actions go before refreshes); a
//!   throttled call slows the budget down, as the throttle policy says (`domain::throttle`).
//! - The SDK never retries it (`sdk_call::send_once!`): its standard retry also resends after a 500 or a
//!   timeout, when the service may already have acted. The queue retries what certainly was not
//!   acted on (Throttled, 503 ServiceUnavailable) itself.
//!
//! What comes back (`settle`): per-WorkSpace FailedRequests of the batch operations become
//! `Outcome::Failed` with the service's ErrorCode and ErrorMessage, the other IDs succeeded.
//! A whole-call error is `Err` only when its kind is Throttled, Retryable (5xx, timeouts,
//! dropped connections) or NotSent (the request never left: connection refused, DNS, TLS,
//! credentials): the queue decides from the kind and code whether it may resend. Every other
//! whole-call error is a definite refusal by the service (not found, wrong state, not
//! supported, bad parameter, access denied…), so it is reported as `Failed` for each ID of the
//! batch, with the service's code and message.
//!
//! The operations that create an image (CreateWorkspaceImage, CreateUpdatedWorkspaceImage,
//! CopyWorkspaceImage) succeed with the new image's ID as the result, MigrateWorkspace with the
//! new WorkSpace's ID.

mod campaign;
mod create;
mod images;
mod pools;
mod tags;
mod workspaces;

pub use create::UnknownCreates;

use super::WorkspacesService;
use crate::domain::{Action, ErrorKind, Outcome, ResourceResult, ServiceError};
use crate::queue::ActionApi;
use futures::future::BoxFuture;

impl ActionApi for WorkspacesService {
    fn execute<'a>(
        &'a self,
        action: &'a Action,
        ids: &'a [String],
    ) -> BoxFuture<'a, Result<Vec<ResourceResult>, ServiceError>> {
        Box::pin(self.run_action(action, ids))
    }
}

impl WorkspacesService {
    /// Send one batch of one action: one call, one result per ID (see the module docs).
    pub async fn run_action(
        &self,
        action: &Action,
        ids: &[String],
    ) -> Result<Vec<ResourceResult>, ServiceError> {
        if action.is_apps() {
            return match &self.apps {
                Some(apps) => apps.run_apps_action(action, ids).await,
                None => settle(
                    ids,
                    ServiceError::new(
                        ErrorKind::NotSupported,
                        "NotConnected",
                        "WorkSpaces Applications is not connected here: nothing was sent",
                    ),
                ),
            };
        }
        if self.read_only {
            return Err(read_only_error());
        }
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        if ids.len() > action.batch_size() {
            // The queue promises never to do this; refuse rather than let the service reject
            // the whole batch, and say why.
            return Err(ServiceError::new(
                ErrorKind::InvalidInput,
                "BatchTooLarge",
                format!(
                    "{} takes at most {} per call, got {}",
                    action.operation(),
                    action.batch_size(),
                    ids.len()
                ),
            ));
        }
        self.budget.acquire_urgent().await;
        let result = self.send_call(action, ids).await;
        if matches!(&result, Err(e) if e.kind == ErrorKind::Throttled) {
            // The queue, which sends it again, sees no budget: slow it down here, as a
            // throttled read does (`domain::throttle`).
            self.budget.throttled();
        }
        result
    }

    /// The one call of `run_action`, after its budget token.
    async fn send_call(
        &self,
        action: &Action,
        ids: &[String],
    ) -> Result<Vec<ResourceResult>, ServiceError> {
        match action {
            Action::CreateWorkspaces(all) => match self.create_workspaces(all, ids).await {
                Ok(results) => Ok(results),
                Err(e) => settle(ids, e),
            },
            Action::Reboot | Action::Rebuild | Action::Start | Action::Stop | Action::Terminate => {
                match self.workspaces_batch(action, ids).await {
                    Ok(failed) => Ok(batch_results(ids, &failed)),
                    Err(e) => settle(ids, e),
                }
            }
            Action::SetTags { .. } => self.tag_action(action, ids).await,
            _ => {
                // Single-resource operations: the one ID is the whole call.
                let id = &ids[0];
                let res = match action {
                    Action::Restore
                    | Action::SetRunningMode(_)
                    | Action::ModifyProperties(_)
                    | Action::AdminMaintenance(_)
                    | Action::CreateImage { .. } => self.workspace_single(action, id).await,
                    Action::ShareImage { .. }
                    | Action::UnshareImage { .. }
                    | Action::CreateUpdatedImage { .. }
                    | Action::CopyImage { .. }
                    | Action::DeleteImage => self.image_action(action, id).await,
                    Action::UpdateBundle { .. } | Action::Migrate { .. } => {
                        self.campaign_action(action, id).await
                    }
                    _ => self.pool_action(action, id).await.map(|()| None),
                };
                match res {
                    Ok(result) => Ok(vec![ResourceResult {
                        id: id.clone(),
                        outcome: Outcome::Succeeded { result },
                    }]),
                    Err(e) => settle(ids, e),
                }
            }
        }
    }
}

/// The error `execute` returns in read-only mode. No variant of its own: AccessDenied is what
/// it means to the queue (do not retry, every ID failed), and the code tells the user why.
pub fn read_only_error() -> ServiceError {
    ServiceError::new(
        ErrorKind::AccessDenied,
        "ReadOnly",
        "wsfleet is in read-only mode: no mutating call was sent",
    )
}

/// A request the SDK refused to build (a required member missing): nothing was sent.
pub(super) fn build_error(e: aws_sdk_workspaces::error::BuildError) -> ServiceError {
    ServiceError::new(ErrorKind::InvalidInput, "InvalidRequest", e.to_string())
}

/// `run_action` sent an action to the wrong group's function: a bug here, reported as a
/// refusal (nothing was sent) rather than a panic in the queue's task.
pub(super) fn not_handled_here(action: &Action) -> ServiceError {
    ServiceError::new(
        ErrorKind::InvalidInput,
        "InvalidRequest",
        format!(
            "{} was routed to the wrong operation group",
            action.operation()
        ),
    )
}

fn succeeded(id: &str) -> ResourceResult {
    ResourceResult {
        id: id.to_string(),
        outcome: Outcome::succeeded(),
    }
}

/// A whole-call error: `Err` when the queue may want to retry or must report "may have acted"
/// (Throttled, Retryable, NotSent); otherwise the service refused the call, so every ID failed
/// with its code and message.
pub(crate) fn settle(
    ids: &[String],
    err: ServiceError,
) -> Result<Vec<ResourceResult>, ServiceError> {
    match err.kind {
        ErrorKind::Throttled | ErrorKind::Retryable | ErrorKind::NotSent => Err(err),
        ErrorKind::AccessDenied
        | ErrorKind::NotSupported
        | ErrorKind::InvalidInput
        | ErrorKind::Other => Ok(ids
            .iter()
            .map(|id| ResourceResult {
                id: id.clone(),
                outcome: Outcome::Failed {
                    code: err.code.clone(),
                    message: err.message.clone(),
                },
            })
            .collect()),
    }
}

/// One result per ID of a batch call: the IDs in FailedRequests failed with the service's
/// ErrorCode and ErrorMessage, the rest succeeded. Entries for IDs not in the batch are ignored.
pub(crate) fn batch_results(
    ids: &[String],
    failed: &[aws_sdk_workspaces::types::FailedWorkspaceChangeRequest],
) -> Vec<ResourceResult> {
    ids.iter()
        .map(|id| {
            match failed
                .iter()
                .find(|f| f.workspace_id() == Some(id.as_str()))
            {
                Some(f) => ResourceResult {
                    id: id.clone(),
                    outcome: Outcome::Failed {
                        code: f.error_code().unwrap_or("UnknownError").to_string(),
                        message: f.error_message().unwrap_or_default().to_string(),
                    },
                },
                None => succeeded(id),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_workspaces::types::FailedWorkspaceChangeRequest;

    fn ids(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn failed_requests_fail_their_ids_and_the_rest_succeed() {
        let failed = [
            FailedWorkspaceChangeRequest::builder()
                .workspace_id("ws-b")
                .error_code("InvalidResourceState.Workspace")
                .error_message("is STOPPED")
                .build(),
            // Not in the batch: ignored rather than invented as an extra result.
            FailedWorkspaceChangeRequest::builder()
                .workspace_id("ws-zzz")
                .build(),
        ];
        let out = batch_results(&ids(&["ws-a", "ws-b"]), &failed);
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].outcome, Outcome::succeeded());
        assert_eq!(
            out[1].outcome,
            Outcome::Failed {
                code: "InvalidResourceState.Workspace".into(),
                message: "is STOPPED".into()
            }
        );
    }

    #[test]
    fn only_throttled_and_retryable_errors_stay_errors() {
        let batch = ids(&["ws-a", "ws-b"]);
        for kind in [
            ErrorKind::Throttled,
            ErrorKind::Retryable,
            ErrorKind::NotSent,
        ] {
            assert!(settle(&batch, ServiceError::new(kind, "X", "")).is_err());
        }
        for kind in [
            ErrorKind::AccessDenied,
            ErrorKind::NotSupported,
            ErrorKind::InvalidInput,
            ErrorKind::Other,
        ] {
            let out = settle(&batch, ServiceError::new(kind, "Code", "msg")).unwrap();
            assert_eq!(out.len(), 2);
            assert!(out.iter().all(|r| r.outcome
                == Outcome::Failed {
                    code: "Code".into(),
                    message: "msg".into()
                }));
        }
    }
}
