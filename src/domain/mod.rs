//! Domain types the app works with. The service layer converts SDK types into these, so the
//! rest of the app never sees aws-sdk-workspaces types. `throttle` is the one retry policy
//! for failed calls; it lives here because the queue, which never sees the service layer,
//! follows it too.

mod action;
pub mod advice;
mod apps;
pub mod billing;
mod bundle;
mod connection;
mod directory;
pub mod doctor;
mod error;
pub mod fleet_metrics;
mod image;
pub mod metrics;
pub mod modify;
mod new_workspace;
pub mod new_workspace_csv;
pub mod new_workspace_rules;
pub mod place;
mod pool;
mod profile;
mod snapshot;
mod tag;
pub mod tagging;
pub mod throttle;
pub mod usage;
pub mod usage_book;
pub mod validate;
mod workspace;

pub use action::{updated_image_name, Action, Outcome, ResourceResult, TargetKind};
pub use apps::{
    AppCapacity, AppFleet, AppImage, AppSession, UpdateCheck, UPDATE_AVAILABLE, UPDATE_NONE,
};
pub use bundle::{WorkspaceBundle, AMAZON_BUNDLE_OWNER};
pub use connection::ConnectionStatus;
pub use directory::WorkspaceDirectory;
pub use error::{classify_code, ErrorKind, ServiceError};
pub use image::{ImageErrorDetail, WorkspaceImage};
pub use modify::PropertyChange;
pub use new_workspace::{split_target_id, target_id, CreateRequests, NewWorkspace};
pub use pool::{PoolCapacity, PoolError, PoolSession, WorkspacesPool};
pub use profile::ProfileInfo;
pub use snapshot::WorkspaceSnapshots;
pub use tag::Tag;
pub use workspace::{StateClass, Workspace, WorkspaceState};
