//! The `WorkspaceImage`, `OperatingSystem`, `UpdateResult`, `ErrorDetails` and
//! `ImagePermission` shapes.

use serde::Serialize;

/// `WorkspaceImage.State` valid values: AVAILABLE | PENDING | ERROR.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ImageState {
    Available,
    Pending,
    Error,
}

impl ImageState {
    pub fn as_str(self) -> &'static str {
        match self {
            ImageState::Available => "AVAILABLE",
            ImageState::Pending => "PENDING",
            ImageState::Error => "ERROR",
        }
    }
}

/// The `WorkspaceImage` shape.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct WorkspaceImage {
    pub image_id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub operating_system: OperatingSystem,
    pub state: ImageState,
    pub required_tenancy: String,
    pub created: f64,
    pub owner_account_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updates: Option<UpdateResult>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_details: Option<Vec<ErrorDetails>>,
}

/// The `OperatingSystem` shape: Type is WINDOWS | LINUX.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OperatingSystem {
    #[serde(rename = "Type")]
    pub kind: String,
}

/// The `UpdateResult` shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateResult {
    pub update_available: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// The `ErrorDetails` shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ErrorDetails {
    pub error_code: String,
    pub error_message: String,
}

/// The `ImagePermission` shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ImagePermission {
    pub shared_account_id: String,
}
