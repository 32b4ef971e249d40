//! The `WorkspacesPool`, `CapacityStatus`, `TimeoutSettings`, `ApplicationSettingsResponse`,
//! `WorkspacesPoolError` and `WorkspacesPoolSession` shapes.

use serde::{Deserialize, Serialize};

/// `WorkspacesPool.State` valid values. The emulator neither creates nor
/// deletes pools, but keeps the full set of values.
#[allow(dead_code)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PoolState {
    Creating,
    Deleting,
    Running,
    Starting,
    Stopped,
    Stopping,
    Updating,
}

impl PoolState {
    pub fn as_str(self) -> &'static str {
        match self {
            PoolState::Creating => "CREATING",
            PoolState::Deleting => "DELETING",
            PoolState::Running => "RUNNING",
            PoolState::Starting => "STARTING",
            PoolState::Stopped => "STOPPED",
            PoolState::Stopping => "STOPPING",
            PoolState::Updating => "UPDATING",
        }
    }

    /// States in which the pool is busy with an earlier request.
    pub fn in_progress(self) -> bool {
        matches!(
            self,
            PoolState::Creating
                | PoolState::Deleting
                | PoolState::Starting
                | PoolState::Stopping
                | PoolState::Updating
        )
    }
}

/// The `WorkspacesPool` shape.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct WorkspacesPool {
    pub pool_id: String,
    pub pool_arn: String,
    pub capacity_status: CapacityStatus,
    pub pool_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub state: PoolState,
    pub created_at: f64,
    pub bundle_id: String,
    pub directory_id: String,
    pub errors: Vec<WorkspacesPoolError>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub application_settings: Option<ApplicationSettingsResponse>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout_settings: Option<TimeoutSettings>,
    pub running_mode: String,
}

/// The `CapacityStatus` shape: Actual = Available + Active.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CapacityStatus {
    pub available_user_sessions: i32,
    pub desired_user_sessions: i32,
    pub actual_user_sessions: i32,
    pub active_user_sessions: i32,
}

/// The `TimeoutSettings` shape; also the UpdateWorkspacesPool request member.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TimeoutSettings {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disconnect_timeout_in_seconds: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idle_disconnect_timeout_in_seconds: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_user_duration_in_seconds: Option<i64>,
}

/// The `ApplicationSettingsResponse` shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ApplicationSettingsResponse {
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub settings_group: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub s3_bucket_name: Option<String>,
}

/// The `WorkspacesPoolError` shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct WorkspacesPoolError {
    pub error_code: String,
    pub error_message: String,
}

/// The `WorkspacesPoolSession` shape.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct WorkspacesPoolSession {
    pub authentication_type: String,
    pub connection_state: String,
    pub session_id: String,
    pub instance_id: String,
    pub pool_id: String,
    pub expiration_time: f64,
    pub network_access_configuration: NetworkAccessConfiguration,
    pub start_time: f64,
    pub user_id: String,
}

/// The `NetworkAccessConfiguration` shape.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct NetworkAccessConfiguration {
    pub eni_private_ip_address: String,
    pub eni_id: String,
}
