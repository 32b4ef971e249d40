//! Targeted lookups: the WorkSpaces a filter names (by ID, or by user in each directory),
//! read directly instead of waiting for the sweep to reach them. A cold 20,000-WorkSpace
//! sweep takes about 14 minutes at AWS's 2 calls/s; these take a call or two, and wait in the
//! budget's line ahead of the sweep's pages (in line with actions).

use super::read::{read_in_line, Line};
use super::workspaces::{connection_from_sdk, workspace_from_sdk};
use super::WorkspacesService;
use crate::domain::{ConnectionStatus, ServiceError, Workspace};

impl WorkspacesService {
    /// DescribeWorkspaces by WorkspaceIds (at most 25 per call), ahead of the sweep.
    pub async fn lookup_workspaces(&self, ids: &[String]) -> Result<Vec<Workspace>, ServiceError> {
        self.workspaces_by_id_in(ids, Line::Ahead).await
    }

    /// DescribeWorkspaces by DirectoryId and UserName (the API takes the user only with
    /// its directory), ahead of the sweep.
    pub async fn lookup_workspaces_of_user(
        &self,
        directory_id: &str,
        user_name: &str,
    ) -> Result<Vec<Workspace>, ServiceError> {
        let out = read_in_line(&self.budget, self.read_retry, Line::Ahead, || {
            self.client
                .describe_workspaces()
                .directory_id(directory_id)
                .user_name(user_name)
                .send()
        })
        .await?;
        Ok(out
            .workspaces()
            .iter()
            .map(|w| workspace_from_sdk(w, &self.region))
            .collect())
    }

    /// DescribeWorkspacesConnectionStatus by WorkspaceIds (at most 25 per call), ahead of
    /// the sweep: a looked-up WorkSpace shows whether its user is connected at once.
    pub async fn lookup_connection_status(
        &self,
        ids: &[String],
    ) -> Result<Vec<ConnectionStatus>, ServiceError> {
        self.connection_status_in(ids, Line::Ahead).await
    }

    /// DescribeWorkspacesConnectionStatus by WorkspaceIds for an open confirmation's
    /// targets: ahead of the sweep, but only with the tokens a running job leaves, so the
    /// job keeps its rate (`RateBudget::acquire_leftover`).
    pub async fn lookup_connection_status_leftover(
        &self,
        ids: &[String],
    ) -> Result<Vec<ConnectionStatus>, ServiceError> {
        self.connection_status_in(ids, Line::Leftover).await
    }

    async fn connection_status_in(
        &self,
        ids: &[String],
        line: Line,
    ) -> Result<Vec<ConnectionStatus>, ServiceError> {
        let out = read_in_line(&self.budget, self.read_retry, line, || {
            self.client
                .describe_workspaces_connection_status()
                .set_workspace_ids(Some(ids.to_vec()))
                .send()
        })
        .await?;
        Ok(out
            .workspaces_connection_status()
            .iter()
            .map(|c| connection_from_sdk(c, &self.region))
            .collect())
    }
}
