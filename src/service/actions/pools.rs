//! Actions on pools and their sessions: StartWorkspacesPool, StopWorkspacesPool,
//! UpdateWorkspacesPool and TerminateWorkspacesPoolSession, whose ID is the session ID.

use super::{build_error, not_handled_here};
use crate::domain::{Action, ServiceError};
use crate::service::sdk_call::send_once;
use crate::service::WorkspacesService;
use aws_sdk_workspaces::types::Capacity;

impl WorkspacesService {
    pub(super) async fn pool_action(&self, action: &Action, id: &str) -> Result<(), ServiceError> {
        let c = &self.client;
        match action {
            Action::StartPool => {
                send_once!(c.start_workspaces_pool().pool_id(id))?;
            }
            Action::StopPool => {
                send_once!(c.stop_workspaces_pool().pool_id(id))?;
            }
            Action::SetPoolCapacity(n) => {
                // Only Capacity is sent, so the pool's other settings stay as they are.
                let capacity = Capacity::builder()
                    .desired_user_sessions(*n)
                    .build()
                    .map_err(build_error)?;
                send_once!(c.update_workspaces_pool().pool_id(id).capacity(capacity))?;
            }
            Action::TerminateSession => {
                send_once!(c.terminate_workspaces_pool_session().session_id(id))?;
            }
            other => return Err(not_handled_here(other)),
        }
        Ok(())
    }
}
