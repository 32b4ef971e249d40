//! The data `State` holds, no handlers: each pane's table and refresh status, dialogs, jobs, the `:` history.

pub mod dialog;
pub mod form;
pub mod history;
pub mod jobs;
pub mod pane;
pub mod panes;
pub mod pick;
pub mod refresh;
