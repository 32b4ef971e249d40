//! The `WorkspaceBundle`, `ComputeType`, `RootStorage` and `UserStorage` shapes.

use serde::Serialize;

/// The `WorkspaceBundle` shape.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct WorkspaceBundle {
    pub bundle_id: String,
    pub name: String,
    pub owner: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub image_id: String,
    pub root_storage: Storage,
    pub user_storage: Storage,
    pub compute_type: ComputeType,
    pub last_updated_time: f64,
    pub creation_time: f64,
    pub state: String,
    pub bundle_type: String,
}

/// `RootStorage` / `UserStorage`: Capacity is a string of GiB, e.g. "80".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Storage {
    pub capacity: String,
}

/// The `ComputeType` shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ComputeType {
    pub name: String,
}
