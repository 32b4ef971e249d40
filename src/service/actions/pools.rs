//! Actions on pools and their sessions: StartWorkspacesPool, StopWorkspacesPool,
//! UpdateWorkspacesPool and TerminateWorkspacesPoolSession, whose ID is the session ID.

use super::{build_error, no_retry, not_handled_here};
use crate::domain::{Action, ServiceError};
use crate::service::WorkspacesService;
use aws_sdk_workspaces::types::Capacity;

impl WorkspacesService {
    pub(super) async fn pool_action(&self, action: &Action, id: &str) -> Result<(), ServiceError> {
        let c = &self.client;
        match action {
            Action::StartPool => {
                c.start_workspaces_pool()
                    .pool_id(id)
                    .customize()
                    .config_override(no_retry())
                    .send()
                    .await
                    .map_err(ServiceError::from_sdk)?;
            }
            Action::StopPool => {
                c.stop_workspaces_pool()
                    .pool_id(id)
                    .customize()
                    .config_override(no_retry())
                    .send()
                    .await
                    .map_err(ServiceError::from_sdk)?;
            }
            Action::SetPoolCapacity(n) => {
                // Only Capacity is sent, so the pool's other settings stay as they are.
                let capacity = Capacity::builder()
                    .desired_user_sessions(*n)
                    .build()
                    .map_err(build_error)?;
                c.update_workspaces_pool()
                    .pool_id(id)
                    .capacity(capacity)
                    .customize()
                    .config_override(no_retry())
                    .send()
                    .await
                    .map_err(ServiceError::from_sdk)?;
            }
            Action::TerminateSession => {
                c.terminate_workspaces_pool_session()
                    .session_id(id)
                    .customize()
                    .config_override(no_retry())
                    .send()
                    .await
                    .map_err(ServiceError::from_sdk)?;
            }
            other => return Err(not_handled_here(other)),
        }
        Ok(())
    }
}
