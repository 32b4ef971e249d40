//! The `Workspace`, `WorkspaceProperties`, `WorkspaceConnectionStatus` and
//! `FailedWorkspaceChangeRequest` shapes.

use serde::{Deserialize, Serialize};

/// `Workspace.State` valid values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum WorkspaceState {
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
}

impl WorkspaceState {
    pub fn as_str(self) -> &'static str {
        match self {
            WorkspaceState::Pending => "PENDING",
            WorkspaceState::Available => "AVAILABLE",
            WorkspaceState::Impaired => "IMPAIRED",
            WorkspaceState::Unhealthy => "UNHEALTHY",
            WorkspaceState::Rebooting => "REBOOTING",
            WorkspaceState::Starting => "STARTING",
            WorkspaceState::Rebuilding => "REBUILDING",
            WorkspaceState::Restoring => "RESTORING",
            WorkspaceState::Maintenance => "MAINTENANCE",
            WorkspaceState::AdminMaintenance => "ADMIN_MAINTENANCE",
            WorkspaceState::Terminating => "TERMINATING",
            WorkspaceState::Terminated => "TERMINATED",
            WorkspaceState::Suspended => "SUSPENDED",
            WorkspaceState::Updating => "UPDATING",
            WorkspaceState::Stopping => "STOPPING",
            WorkspaceState::Stopped => "STOPPED",
            WorkspaceState::Error => "ERROR",
        }
    }
}

/// The `Workspace` shape. Members the emulator never sets (RelatedWorkspaces,
/// StandbyWorkspacesProperties) are left out, as the service does for such WorkSpaces.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Workspace {
    pub workspace_id: String,
    pub directory_id: String,
    pub user_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
    pub state: WorkspaceState,
    pub bundle_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subnet_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub computer_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volume_encryption_key: Option<String>,
    pub user_volume_encryption_enabled: bool,
    pub root_volume_encryption_enabled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workspace_name: Option<String>,
    pub workspace_properties: WorkspaceProperties,
    pub modification_states: Vec<ModificationState>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_replication_settings: Option<DataReplicationSettings>,
}

/// The `WorkspaceProperties` shape. Used both in responses and as the
/// ModifyWorkspaceProperties request member, so every member is optional and enums stay
/// strings (an unknown enum value is a validation error, not a parse error).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct WorkspaceProperties {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub running_mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub running_mode_auto_stop_timeout_in_minutes: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root_volume_size_gib: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_volume_size_gib: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compute_type_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocols: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operating_system_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub global_accelerator: Option<GlobalAcceleratorForWorkSpace>,
}

/// The `GlobalAcceleratorForWorkSpace` shape.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GlobalAcceleratorForWorkSpace {
    #[serde(default)]
    pub mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred_protocol: Option<String>,
}

/// The `ModificationState` shape.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ModificationState {
    pub resource: String,
    pub state: String,
}

/// The `DataReplicationSettings` shape.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DataReplicationSettings {
    pub data_replication: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recovery_snapshot_time: Option<f64>,
}

/// The `WorkspaceConnectionStatus` shape.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct WorkspaceConnectionStatus {
    pub workspace_id: String,
    pub connection_state: String,
    pub connection_state_check_timestamp: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_known_user_connection_timestamp: Option<f64>,
}

/// The `FailedWorkspaceChangeRequest` shape.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct FailedWorkspaceChangeRequest {
    pub workspace_id: String,
    pub error_code: String,
    pub error_message: String,
}
