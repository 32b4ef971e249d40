//! The `WorkspaceDirectory` shape and the nested shapes the emulator fills in
//! (`SelfservicePermissions`, `DefaultWorkspaceCreationProperties`,
//! `WorkspaceAccessProperties`, `SamlProperties`, `CertificateBasedAuthProperties`).

use serde::Serialize;

/// The `WorkspaceDirectory` shape. Members for features the generated directories do
/// not use (IDCConfig, MicrosoftEntraConfig, StreamingProperties, ActiveDirectoryConfig…) are
/// left out.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct WorkspaceDirectory {
    pub directory_id: String,
    pub alias: String,
    pub directory_name: String,
    pub registration_code: String,
    pub subnet_ids: Vec<String>,
    pub dns_ip_addresses: Vec<String>,
    pub customer_user_name: String,
    pub iam_role_id: String,
    pub directory_type: String,
    pub workspace_security_group_id: String,
    pub state: String,
    pub workspace_creation_properties: DefaultWorkspaceCreationProperties,
    /// The one member whose wire name is camelCase in the reference.
    #[serde(rename = "ipGroupIds")]
    pub ip_group_ids: Vec<String>,
    pub workspace_access_properties: WorkspaceAccessProperties,
    pub tenancy: String,
    pub selfservice_permissions: SelfservicePermissions,
    pub saml_properties: SamlProperties,
    pub certificate_based_auth_properties: CertificateBasedAuthProperties,
    pub endpoint_encryption_mode: String,
    pub user_identity_type: String,
    pub workspace_type: String,
    pub workspace_directory_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workspace_directory_description: Option<String>,
}

/// The `DefaultWorkspaceCreationProperties` shape.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DefaultWorkspaceCreationProperties {
    pub enable_internet_access: bool,
    pub enable_maintenance_mode: bool,
    pub user_enabled_as_local_administrator: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_ou: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_security_group_id: Option<String>,
}

/// The `WorkspaceAccessProperties` shape: each device type is ALLOW | DENY.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct WorkspaceAccessProperties {
    pub device_type_windows: String,
    pub device_type_osx: String,
    pub device_type_web: String,
    pub device_type_ios: String,
    pub device_type_android: String,
    pub device_type_chrome_os: String,
    pub device_type_zero_client: String,
    pub device_type_linux: String,
    pub device_type_work_spaces_thin_client: String,
}

/// The `SelfservicePermissions` shape: each is ENABLED | DISABLED.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SelfservicePermissions {
    pub restart_workspace: String,
    pub increase_volume_size: String,
    pub change_compute_type: String,
    pub switch_running_mode: String,
    pub rebuild_workspace: String,
}

/// The `SamlProperties` shape.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SamlProperties {
    pub status: String,
    pub relay_state_parameter_name: String,
}

/// The `CertificateBasedAuthProperties` shape.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CertificateBasedAuthProperties {
    pub status: String,
}
