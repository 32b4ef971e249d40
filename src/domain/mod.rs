//! Domain types the app works with. The service layer converts SDK types into these, so the
//! rest of the app never sees aws-sdk-workspaces types.

mod connection;
mod workspace;

pub use connection::ConnectionStatus;
pub use workspace::{StateClass, Workspace, WorkspaceState};
