use crate::domain::{ConnectionStatus, Workspace};
use crate::service::ServiceError;
use crossterm::event::KeyEvent;

/// Everything that can change the state: input, and answers from background tasks.
#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    Resize(u16, u16),
    /// One page of a WorkSpaces sweep; `last` closes the sweep.
    WorkspacesPage {
        sweep: u64,
        items: Vec<Workspace>,
        last: bool,
    },
    WorkspacesFailed {
        sweep: u64,
        error: ServiceError,
    },
    ConnectionPage {
        sweep: u64,
        items: Vec<ConnectionStatus>,
        last: bool,
    },
    ConnectionFailed {
        sweep: u64,
        error: ServiceError,
    },
}

/// Work `update` asks the runtime to start; never awaited by `update` itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Start a refresh of every pane now instead of waiting for the interval.
    RefreshAll,
}
