//! Actions on WorkSpaces. Batch operations (RebootWorkspaces, RebuildWorkspaces,
//! StartWorkspaces, StopWorkspaces, TerminateWorkspaces) answer 200 with FailedRequests for the
//! WorkSpaces they refused; the single-resource ones (RestoreWorkspace,
//! ModifyWorkspaceProperties, ModifyWorkspaceState, CreateWorkspaceImage) fail the whole call
//! instead.

use super::{build_error, no_retry, not_handled_here};
use crate::domain::{Action, ServiceError};
use crate::service::WorkspacesService;
use aws_sdk_workspaces::types::{
    FailedWorkspaceChangeRequest, RebootRequest, RebuildRequest, RunningMode, StartRequest,
    StopRequest, TargetWorkspaceState, TerminateRequest, WorkspaceProperties,
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
                let reqs = ids
                    .iter()
                    .map(|id| RebootRequest::builder().workspace_id(id).build())
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(build_error)?;
                c.reboot_workspaces()
                    .set_reboot_workspace_requests(Some(reqs))
                    .customize()
                    .config_override(no_retry())
                    .send()
                    .await
                    .map_err(ServiceError::from_sdk)?
                    .failed_requests
            }
            Action::Rebuild => {
                let reqs = ids
                    .iter()
                    .map(|id| RebuildRequest::builder().workspace_id(id).build())
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(build_error)?;
                c.rebuild_workspaces()
                    .set_rebuild_workspace_requests(Some(reqs))
                    .customize()
                    .config_override(no_retry())
                    .send()
                    .await
                    .map_err(ServiceError::from_sdk)?
                    .failed_requests
            }
            Action::Start => {
                let reqs = ids
                    .iter()
                    .map(|id| StartRequest::builder().workspace_id(id).build())
                    .collect();
                c.start_workspaces()
                    .set_start_workspace_requests(Some(reqs))
                    .customize()
                    .config_override(no_retry())
                    .send()
                    .await
                    .map_err(ServiceError::from_sdk)?
                    .failed_requests
            }
            Action::Stop => {
                let reqs = ids
                    .iter()
                    .map(|id| StopRequest::builder().workspace_id(id).build())
                    .collect();
                c.stop_workspaces()
                    .set_stop_workspace_requests(Some(reqs))
                    .customize()
                    .config_override(no_retry())
                    .send()
                    .await
                    .map_err(ServiceError::from_sdk)?
                    .failed_requests
            }
            Action::Terminate => {
                let reqs = ids
                    .iter()
                    .map(|id| TerminateRequest::builder().workspace_id(id).build())
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(build_error)?;
                c.terminate_workspaces()
                    .set_terminate_workspace_requests(Some(reqs))
                    .customize()
                    .config_override(no_retry())
                    .send()
                    .await
                    .map_err(ServiceError::from_sdk)?
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
                c.restore_workspace()
                    .workspace_id(id)
                    .customize()
                    .config_override(no_retry())
                    .send()
                    .await
                    .map_err(ServiceError::from_sdk)?;
                None
            }
            Action::SetRunningMode(mode) => {
                // Only RunningMode is sent: the other properties keep their values, and for
                // AUTO_STOP the service keeps (or defaults) RunningModeAutoStopTimeoutInMinutes.
                let props = WorkspaceProperties::builder()
                    .running_mode(RunningMode::from(mode.as_str()))
                    .build();
                c.modify_workspace_properties()
                    .workspace_id(id)
                    .workspace_properties(props)
                    .customize()
                    .config_override(no_retry())
                    .send()
                    .await
                    .map_err(ServiceError::from_sdk)?;
                None
            }
            Action::AdminMaintenance(on) => {
                let state = if *on {
                    TargetWorkspaceState::AdminMaintenance
                } else {
                    TargetWorkspaceState::Available
                };
                c.modify_workspace_state()
                    .workspace_id(id)
                    .workspace_state(state)
                    .customize()
                    .config_override(no_retry())
                    .send()
                    .await
                    .map_err(ServiceError::from_sdk)?;
                None
            }
            Action::CreateImage { name, description } => {
                // Description is required by CreateWorkspaceImage; an empty one is sent as is
                // and the service's validation error becomes the outcome.
                c.create_workspace_image()
                    .workspace_id(id)
                    .name(name)
                    .description(description)
                    .customize()
                    .config_override(no_retry())
                    .send()
                    .await
                    .map_err(ServiceError::from_sdk)?
                    .image_id
            }
            other => return Err(not_handled_here(other)),
        };
        Ok(created)
    }
}
