//! Actions on WorkSpaces. Batch operations (RebootWorkspaces, RebuildWorkspaces,
//! StartWorkspaces, StopWorkspaces, TerminateWorkspaces) answer 200 with FailedRequests for the
//! WorkSpaces they refused; the single-resource ones (RestoreWorkspace,
//! ModifyWorkspaceProperties, ModifyWorkspaceState, CreateWorkspaceImage) fail the whole call
//! instead.

use super::{build_error, not_handled_here};
use crate::domain::{Action, ServiceError};
use crate::service::sdk_call::send_once;
use crate::service::WorkspacesService;
use aws_sdk_workspaces::error::BuildError;
use aws_sdk_workspaces::types::{
    Compute, FailedWorkspaceChangeRequest, Protocol, RebootRequest, RebuildRequest, RunningMode,
    StartRequest, StopRequest, TargetWorkspaceState, TerminateRequest, WorkspaceProperties,
};

impl WorkspacesService {
    /// One batch call; returns the FailedRequests. Rebuild goes through here too: its request
    /// is a list (of exactly one) and it answers with FailedRequests like the others.
    pub(super) async fn workspaces_batch(
        &self,
        action: &Action,
        ids: &[String],
    ) -> Result<Vec<FailedWorkspaceChangeRequest>, ServiceError> {
        let c = &self.client;
        let failed = match action {
            Action::Reboot => {
                let reqs = each(ids, |id| RebootRequest::builder().workspace_id(id).build())?;
                send_once!(c
                    .reboot_workspaces()
                    .set_reboot_workspace_requests(Some(reqs)))?
                .failed_requests
            }
            Action::Rebuild => {
                let reqs = each(ids, |id| RebuildRequest::builder().workspace_id(id).build())?;
                send_once!(c
                    .rebuild_workspaces()
                    .set_rebuild_workspace_requests(Some(reqs)))?
                .failed_requests
            }
            Action::Start => {
                let reqs = each(ids, |id| {
                    Ok(StartRequest::builder().workspace_id(id).build())
                })?;
                send_once!(c
                    .start_workspaces()
                    .set_start_workspace_requests(Some(reqs)))?
                .failed_requests
            }
            Action::Stop => {
                let reqs = each(ids, |id| {
                    Ok(StopRequest::builder().workspace_id(id).build())
                })?;
                send_once!(c.stop_workspaces().set_stop_workspace_requests(Some(reqs)))?
                    .failed_requests
            }
            Action::Terminate => {
                let reqs = each(ids, |id| {
                    TerminateRequest::builder().workspace_id(id).build()
                })?;
                send_once!(c
                    .terminate_workspaces()
                    .set_terminate_workspace_requests(Some(reqs)))?
                .failed_requests
            }
            other => return Err(not_handled_here(other)),
        };
        Ok(failed.unwrap_or_default())
    }

    /// One single-WorkSpace call; `Ok` carries CreateWorkspaceImage's new image ID (the
    /// other operations create nothing).
    pub(super) async fn workspace_single(
        &self,
        action: &Action,
        id: &str,
    ) -> Result<Option<String>, ServiceError> {
        let c = &self.client;
        let created = match action {
            Action::Restore => {
                send_once!(c.restore_workspace().workspace_id(id))?;
                None
            }
            Action::SetRunningMode(mode) => {
                // Only RunningMode is sent: the other properties keep their values, and for
                // AUTO_STOP the service keeps (or defaults) RunningModeAutoStopTimeoutInMinutes.
                let props = WorkspaceProperties::builder()
                    .running_mode(RunningMode::from(mode.as_str()))
                    .build();
                send_once!(c
                    .modify_workspace_properties()
                    .workspace_id(id)
                    .workspace_properties(props))?;
                None
            }
            Action::ModifyProperties(change) => {
                // Only the properties the form set are sent; the others keep their values.
                send_once!(c
                    .modify_workspace_properties()
                    .workspace_id(id)
                    .workspace_properties(properties_of(change)))?;
                None
            }
            Action::AdminMaintenance(on) => {
                let state = if *on {
                    TargetWorkspaceState::AdminMaintenance
                } else {
                    TargetWorkspaceState::Available
                };
                send_once!(c
                    .modify_workspace_state()
                    .workspace_id(id)
                    .workspace_state(state))?;
                None
            }
            Action::CreateImage { name, description } => {
                // Description is required by CreateWorkspaceImage; an empty one is sent as is
                // and the service's validation error becomes the outcome.
                send_once!(c
                    .create_workspace_image()
                    .workspace_id(id)
                    .name(name)
                    .description(description))?
                .image_id
            }
            other => return Err(not_handled_here(other)),
        };
        Ok(created)
    }
}

/// ModifyWorkspaceProperties' WorkspaceProperties with the members `change` sets.
fn properties_of(change: &crate::domain::PropertyChange) -> WorkspaceProperties {
    WorkspaceProperties::builder()
        .set_compute_type_name(change.compute.as_deref().map(Compute::from))
        .set_root_volume_size_gib(change.root_gb)
        .set_user_volume_size_gib(change.user_gb)
        .set_running_mode(change.running_mode.as_deref().map(RunningMode::from))
        .set_running_mode_auto_stop_timeout_in_minutes(change.auto_stop_minutes)
        .set_protocols(change.protocol.as_deref().map(|p| vec![Protocol::from(p)]))
        .build()
}

/// One request per WorkSpace of the batch, as `build` makes it; a request the SDK refuses to
/// build (a required member missing) fails the whole call before anything is sent.
fn each<R>(
    ids: &[String],
    build: impl Fn(&str) -> Result<R, BuildError>,
) -> Result<Vec<R>, ServiceError> {
    ids.iter()
        .map(|id| build(id))
        .collect::<Result<Vec<_>, _>>()
        .map_err(build_error)
}
