//! Wire shapes of WorkSpaces Applications (AppStream 2.0 API, 2016-12-01): `Image`, `Fleet`,
//! `Stack`, `Session` and the structures inside them. Member names are the model's exactly:
//! PascalCase, except `ImagePermissions` (`allowFleet`, `allowImageBuilder`) and
//! `SharedImagePermissions` (`sharedAccountId`, `imagePermissions`). Absent optional members
//! are left out; timestamps are epoch seconds.

use serde::{Deserialize, Serialize};

/// Members whose shape is `Timestamp`, for the CBOR encoder (tag 1).
pub const TIMESTAMP_MEMBERS: &[&str] = &[
    "CreatedTime",
    "PublicBaseImageReleasedDate",
    "ErrorTimestamp",
    "StartTime",
    "MaxExpirationTime",
];

/// `ImageState` values the emulator uses (PENDING while CreateUpdatedImage builds).
pub mod image_state {
    pub const PENDING: &str = "PENDING";
    pub const AVAILABLE: &str = "AVAILABLE";
    pub const FAILED: &str = "FAILED";
    pub const DELETING: &str = "DELETING";
}

/// `FleetState`: STARTING | RUNNING | STOPPING | STOPPED.
pub mod fleet_state {
    pub const STARTING: &str = "STARTING";
    pub const RUNNING: &str = "RUNNING";
    pub const STOPPING: &str = "STOPPING";
    pub const STOPPED: &str = "STOPPED";
}

/// The `Image` shape.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Image {
    pub name: String,
    pub arn: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_image_arn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    pub state: String,
    /// PUBLIC (AWS base images), PRIVATE (owned) or SHARED (shared with this account).
    pub visibility: String,
    pub image_builder_supported: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_builder_name: Option<String>,
    pub platform: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state_change_reason: Option<StateChangeReason>,
    pub applications: Vec<Application>,
    pub created_time: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_base_image_released_date: Option<f64>,
    pub appstream_agent_version: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_permissions: Option<ImagePermissions>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub image_errors: Vec<ResourceError>,
    /// "TRUE" when the image runs the latest agent: CreateUpdatedImage has nothing to apply.
    pub latest_appstream_agent_version: String,
    pub supported_instance_families: Vec<String>,
    pub image_shared_with_others: String,
    pub image_type: String,
}

/// The `ImageStateChangeReason` shape.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StateChangeReason {
    pub code: String,
    pub message: String,
}

/// The `Application` shape (the members a catalog shows).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Application {
    pub name: String,
    pub display_name: String,
    pub launch_path: String,
    pub enabled: bool,
    pub platforms: Vec<String>,
    pub instance_families: Vec<String>,
}

/// The `ImagePermissions` shape (camelCase members in the model).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImagePermissions {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_fleet: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_image_builder: Option<bool>,
}

/// The `SharedImagePermissions` shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SharedImagePermissions {
    pub shared_account_id: String,
    pub image_permissions: ImagePermissions,
}

/// The `ResourceError` shape (ImageErrors).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResourceError {
    pub error_code: String,
    pub error_message: String,
    pub error_timestamp: f64,
}

/// The `Fleet` shape.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Fleet {
    pub arn: String,
    pub name: String,
    pub display_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// ALWAYS_ON and ON_DEMAND fleets stream an image; ELASTIC fleets run app blocks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_arn: Option<String>,
    pub instance_type: String,
    pub fleet_type: String,
    pub compute_capacity_status: ComputeCapacityStatus,
    pub max_user_duration_in_seconds: i32,
    pub disconnect_timeout_in_seconds: i32,
    pub idle_disconnect_timeout_in_seconds: i32,
    pub state: String,
    /// None once UpdateFleet deletes it (DeleteVpcConfig, AttributesToDelete).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc_config: Option<VpcConfig>,
    pub created_time: f64,
    pub fleet_errors: Vec<FleetError>,
    pub enable_default_internet_access: bool,
    pub stream_view: String,
    pub platform: String,
    /// ELASTIC fleets only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_concurrent_sessions: Option<i32>,
    /// Multi-session fleets only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_sessions_per_instance: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain_join_info: Option<DomainJoinInfo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iam_role_arn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usb_device_filter_strings: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_script_s3_location: Option<S3Location>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub root_volume_config: Option<VolumeConfig>,
    #[serde(rename = "DisableIMDSV1", skip_serializing_if = "Option::is_none")]
    pub disable_imdsv1: Option<bool>,
}

/// The `DomainJoinInfo` shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DomainJoinInfo {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub directory_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organizational_unit_distinguished_name: Option<String>,
}

/// The `S3Location` shape (S3Bucket is required).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct S3Location {
    pub s3_bucket: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub s3_key: Option<String>,
}

/// The `VolumeConfig` shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VolumeConfig {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volume_size_in_gb: Option<i64>,
}

/// The `ComputeCapacityStatus` shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ComputeCapacityStatus {
    pub desired: i32,
    pub running: i32,
    pub in_use: i32,
    pub available: i32,
}

/// The `VpcConfig` shape.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct VpcConfig {
    pub subnet_ids: Vec<String>,
    pub security_group_ids: Vec<String>,
}

/// The `FleetError` shape.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct FleetError {
    pub error_code: String,
    pub error_message: String,
}

/// The `Stack` shape (the members a listing shows).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Stack {
    pub arn: String,
    pub name: String,
    pub display_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub created_time: f64,
    pub storage_connectors: Vec<StorageConnector>,
    pub user_settings: Vec<UserSetting>,
    pub application_settings: ApplicationSettings,
    pub stack_errors: Vec<StackError>,
}

/// The `StorageConnector` shape.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StorageConnector {
    pub connector_type: String,
}

/// The `UserSetting` shape.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserSetting {
    pub action: String,
    pub permission: String,
}

/// The `ApplicationSettingsResponse` shape.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ApplicationSettings {
    pub enabled: bool,
}

/// The `StackError` shape.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StackError {
    pub error_code: String,
    pub error_message: String,
}

/// The `Session` shape.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Session {
    pub id: String,
    pub user_id: String,
    pub stack_name: String,
    pub fleet_name: String,
    /// ACTIVE | PENDING | EXPIRED.
    pub state: String,
    /// CONNECTED | NOT_CONNECTED.
    pub connection_state: String,
    pub start_time: f64,
    pub max_expiration_time: f64,
    /// API | SAML | USERPOOL | AWS_AD.
    pub authentication_type: String,
    pub network_access_configuration: NetworkAccessConfiguration,
    pub instance_id: String,
}

/// The `NetworkAccessConfiguration` shape.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct NetworkAccessConfiguration {
    pub eni_private_ip_address: String,
    pub eni_id: String,
}
