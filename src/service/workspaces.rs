//! DescribeWorkspaces and DescribeWorkspacesConnectionStatus, one page per call, converted to
//! domain types. Callers get pages one at a time so rows can be shown as they arrive.

use super::read::{read_in_line, Line};
use super::{Swept, WorkspacesService};
use crate::domain::{ConnectionStatus, ServiceError, Workspace, WorkspaceState};

/// One page of a paginated describe call.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_token: Option<String>,
}

/// DescribeWorkspaces allows at most 25 per page (Limit: 1–25).
pub const WORKSPACES_PAGE: i32 = 25;

impl WorkspacesService {
    /// One page of DescribeWorkspaces over the whole fleet.
    pub async fn describe_workspaces_page(
        &self,
        next_token: Option<String>,
    ) -> Result<Page<Workspace>, ServiceError> {
        let out = self
            .read(|| {
                self.client
                    .describe_workspaces()
                    .limit(WORKSPACES_PAGE)
                    .set_next_token(next_token.clone())
                    .send()
            })
            .await?;
        Ok(Page {
            items: out
                .workspaces()
                .iter()
                .map(|w| workspace_from_sdk(w, &self.region))
                .collect(),
            next_token: out.next_token().map(str::to_string),
        })
    }

    /// DescribeWorkspaces for specific WorkSpaces (at most 25 IDs per call).
    pub async fn describe_workspaces_by_id(
        &self,
        ids: &[String],
    ) -> Result<Vec<Workspace>, ServiceError> {
        self.workspaces_by_id_in(ids, Line::Normal).await
    }

    /// DescribeWorkspaces by WorkspaceIds, waiting in `line` of the budget.
    pub(crate) async fn workspaces_by_id_in(
        &self,
        ids: &[String],
        line: Line,
    ) -> Result<Vec<Workspace>, ServiceError> {
        let out = read_in_line(&self.budget, self.read_retry, line, || {
            self.client
                .describe_workspaces()
                .set_workspace_ids(Some(ids.to_vec()))
                .send()
        })
        .await?;
        Ok(out
            .workspaces()
            .iter()
            .map(|w| workspace_from_sdk(w, &self.region))
            .collect())
    }

    /// One page of DescribeWorkspacesConnectionStatus over the whole fleet (25 per page).
    pub async fn describe_connection_status_page(
        &self,
        next_token: Option<String>,
    ) -> Result<Page<ConnectionStatus>, ServiceError> {
        self.connection_status_page_in(next_token, Line::Normal)
            .await
    }

    /// `describe_connection_status_page` in the budget's later line: after every other
    /// refresh (`RateBudget::acquire_later`).
    pub async fn describe_connection_status_page_later(
        &self,
        next_token: Option<String>,
    ) -> Result<Page<ConnectionStatus>, ServiceError> {
        self.connection_status_page_in(next_token, Line::Later)
            .await
    }

    async fn connection_status_page_in(
        &self,
        next_token: Option<String>,
        line: Line,
    ) -> Result<Page<ConnectionStatus>, ServiceError> {
        let out = read_in_line(&self.budget, self.read_retry, line, || {
            self.client
                .describe_workspaces_connection_status()
                .set_next_token(next_token.clone())
                .send()
        })
        .await?;
        Ok(Page {
            items: out
                .workspaces_connection_status()
                .iter()
                .map(|c| connection_from_sdk(c, &self.region))
                .collect(),
            next_token: out.next_token().map(str::to_string),
        })
    }
}

/// The WorkSpaces pane's sweep: DescribeWorkspaces over the whole fleet.
impl Swept for Workspace {
    type Client = WorkspacesService;

    async fn page(
        c: &WorkspacesService,
        token: Option<String>,
        _later: bool,
    ) -> Result<Page<Self>, ServiceError> {
        c.describe_workspaces_page(token).await
    }
}

/// The connection pane's sweep: DescribeWorkspacesConnectionStatus over the whole fleet.
impl Swept for ConnectionStatus {
    type Client = WorkspacesService;

    async fn page(
        c: &WorkspacesService,
        token: Option<String>,
        later: bool,
    ) -> Result<Page<Self>, ServiceError> {
        if later {
            c.describe_connection_status_page_later(token).await
        } else {
            c.describe_connection_status_page(token).await
        }
    }
}

fn text(s: Option<&str>) -> String {
    s.unwrap_or_default().to_string()
}

pub(crate) fn workspace_from_sdk(
    w: &aws_sdk_workspaces::types::Workspace,
    region: &str,
) -> Workspace {
    let props = w.workspace_properties();
    Workspace {
        id: text(w.workspace_id()),
        region: region.to_string(),
        user_name: text(w.user_name()),
        computer_name: text(w.computer_name()),
        state: WorkspaceState::parse(w.state().map(|s| s.as_str()).unwrap_or("UNKNOWN")),
        directory_id: text(w.directory_id()),
        bundle_id: text(w.bundle_id()),
        compute_type: text(
            props
                .and_then(|p| p.compute_type_name())
                .map(|c| c.as_str()),
        ),
        running_mode: text(props.and_then(|p| p.running_mode()).map(|m| m.as_str())),
        ip_address: text(w.ip_address()),
        root_volume_gib: props.and_then(|p| p.root_volume_size_gib()),
        user_volume_gib: props.and_then(|p| p.user_volume_size_gib()),
        error_code: text(w.error_code()),
        error_message: text(w.error_message()),
        auto_stop_minutes: props.and_then(|p| p.running_mode_auto_stop_timeout_in_minutes()),
        protocols: props
            .map(|p| {
                p.protocols()
                    .iter()
                    .map(|x| x.as_str().to_string())
                    .collect()
            })
            .unwrap_or_default(),
        operating_system: text(
            props
                .and_then(|p| p.operating_system_name())
                .map(|o| o.as_str()),
        ),
        modification_states: w
            .modification_states()
            .iter()
            .map(|m| {
                (
                    text(m.resource().map(|r| r.as_str())),
                    text(m.state().map(|s| s.as_str())),
                )
            })
            .collect(),
    }
}

pub(crate) fn connection_from_sdk(
    c: &aws_sdk_workspaces::types::WorkspaceConnectionStatus,
    region: &str,
) -> ConnectionStatus {
    ConnectionStatus {
        workspace_id: text(c.workspace_id()),
        region: region.to_string(),
        state: text(c.connection_state().map(|s| s.as_str())),
        check_time: c.connection_state_check_timestamp().map(|t| t.secs()),
        last_user_connection: c.last_known_user_connection_timestamp().map(|t| t.secs()),
    }
}
