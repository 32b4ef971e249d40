//! The operations the emulator serves, one file per group, and the dispatch table.
//!
//! Every operation parses its request leniently (unknown members are ignored, as the service
//! does; a member of the wrong JSON type is a SerializationException), checks the model
//! constraints (ValidationException), then applies its own rules with the error names its
//! reference section lists.

mod account;
mod bundles_update;
mod directories_bundles;
mod image_permissions;
mod images;
mod images_shared;
mod migrate;
mod pool_sessions;
mod pools;
mod resources;
mod snapshots;
mod tags;
mod workspaces_actions;
mod workspaces_describe;
mod workspaces_modify;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use super::error::ApiError;
use super::store::{lock, RegionStore, Regions};
use super::types::Millis;

pub use resources::resource_ids;

/// One served operation.
pub struct OpSpec {
    pub name: &'static str,
    /// Whether an accepted call can change state (SimStats::mutating_calls).
    pub mutating: bool,
    handler: fn(&Ctx, Value) -> Result<Value, ApiError>,
}

const fn op(
    name: &'static str,
    mutating: bool,
    handler: fn(&Ctx, Value) -> Result<Value, ApiError>,
) -> OpSpec {
    OpSpec {
        name,
        mutating,
        handler,
    }
}

/// Every operation, by its X-Amz-Target name.
pub static OPERATIONS: &[OpSpec] = &[
    op(
        "DescribeWorkspaces",
        false,
        workspaces_describe::describe_workspaces,
    ),
    op(
        "DescribeWorkspacesConnectionStatus",
        false,
        workspaces_describe::describe_connection_status,
    ),
    op("RebootWorkspaces", true, workspaces_actions::reboot),
    op("RebuildWorkspaces", true, workspaces_actions::rebuild),
    op("StartWorkspaces", true, workspaces_actions::start),
    op("StopWorkspaces", true, workspaces_actions::stop),
    op("TerminateWorkspaces", true, workspaces_actions::terminate),
    op("RestoreWorkspace", true, workspaces_actions::restore),
    op(
        "DescribeWorkspaceSnapshots",
        false,
        snapshots::describe_snapshots,
    ),
    op("MigrateWorkspace", true, migrate::migrate),
    op(
        "ModifyWorkspaceProperties",
        true,
        workspaces_modify::modify_properties,
    ),
    op(
        "ModifyWorkspaceState",
        true,
        workspaces_modify::modify_state,
    ),
    op(
        "DescribeWorkspaceDirectories",
        false,
        directories_bundles::describe_directories,
    ),
    op(
        "DescribeWorkspaceBundles",
        false,
        directories_bundles::describe_bundles,
    ),
    op("UpdateWorkspaceBundle", true, bundles_update::update_bundle),
    op("DescribeWorkspaceImages", false, images::describe_images),
    op("CreateWorkspaceImage", true, images::create_image),
    op(
        "CreateUpdatedWorkspaceImage",
        true,
        images::create_updated_image,
    ),
    op("CopyWorkspaceImage", true, images::copy_image),
    op("DeleteWorkspaceImage", true, images::delete_image),
    op(
        "DescribeWorkspaceImagePermissions",
        false,
        image_permissions::describe_permissions,
    ),
    op(
        "UpdateWorkspaceImagePermission",
        true,
        image_permissions::update_permission,
    ),
    op("DescribeWorkspacesPools", false, pools::describe_pools),
    op("StartWorkspacesPool", true, pools::start_pool),
    op("StopWorkspacesPool", true, pools::stop_pool),
    op("UpdateWorkspacesPool", true, pools::update_pool),
    op(
        "DescribeWorkspacesPoolSessions",
        false,
        pool_sessions::describe_sessions,
    ),
    op(
        "TerminateWorkspacesPoolSession",
        true,
        pool_sessions::terminate_session,
    ),
    op("DescribeTags", false, tags::describe_tags),
    op("CreateTags", true, tags::create_tags),
    op("DeleteTags", true, tags::delete_tags),
    op("DescribeAccount", false, account::describe_account),
];

pub fn find(name: &str) -> Option<&'static OpSpec> {
    OPERATIONS.iter().find(|o| o.name == name)
}

pub fn is_mutating(name: &str) -> bool {
    find(name).is_some_and(|o| o.mutating)
}

/// What an operation works with: every Region's store, the Region of the request and the
/// time it is handled at.
pub struct Ctx<'a> {
    pub regions: &'a Regions,
    /// The account the request's access key belongs to.
    pub account: &'a str,
    pub region: &'a str,
    pub now: Millis,
}

impl Ctx<'_> {
    /// Runs `f` on the request Region's store, locked and brought up to date with `now`.
    pub fn with_store<R>(
        &self,
        f: impl FnOnce(&mut RegionStore) -> Result<R, ApiError>,
    ) -> Result<R, ApiError> {
        self.with_store_of(self.region, f)
    }

    /// Runs `f` on another Region's store (CopyWorkspaceImage's SourceRegion), created on
    /// first use.
    pub fn with_store_of<R>(
        &self,
        region: &str,
        f: impl FnOnce(&mut RegionStore) -> Result<R, ApiError>,
    ) -> Result<R, ApiError> {
        let arc = self.regions.get_in(self.account, region, self.now);
        let mut store = lock(&arc);
        store.advance(self.now);
        f(&mut store)
    }
}

/// Runs the operation `spec` in `ctx`.
pub fn dispatch(spec: &OpSpec, ctx: &Ctx, body: Value) -> Result<Value, ApiError> {
    (spec.handler)(ctx, body)
}

/// The request members, leniently: unknown members are ignored, wrong JSON types rejected.
pub fn parse<T: DeserializeOwned>(body: Value) -> Result<T, ApiError> {
    serde_json::from_value(body)
        .map_err(|e| ApiError::serialization(format!("Unable to parse the request body: {e}")))
}

/// The response body.
pub fn reply<T: Serialize>(out: &T) -> Result<Value, ApiError> {
    serde_json::to_value(out).map_err(|e| {
        ApiError::new(
            500,
            "InternalFailure",
            format!("response serialization: {e}"),
        )
    })
}

/// The empty response of operations whose reference says "an empty HTTP body": awsJson
/// services send `{}`.
pub fn empty() -> Result<Value, ApiError> {
    Ok(Value::Object(Default::default()))
}
