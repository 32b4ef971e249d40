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
mod workspaces_create;
mod workspaces_describe;
mod workspaces_modify;

use super::operation::{self, op, OpTable};
use super::seed::FleetParams;

pub use super::operation::{empty, parse, reply};
pub use resources::resource_ids;

/// What a WorkSpaces operation works with (`operation::Ctx` over every Region's fleet).
pub type Ctx<'a> = operation::Ctx<'a, FleetParams>;

/// Every operation, by its X-Amz-Target name.
pub static OPERATIONS: OpTable<FleetParams> = OpTable(&[
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
    op(
        "CreateWorkspaces",
        true,
        workspaces_create::create_workspaces,
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
]);
