//! The data `State` holds, no handlers: each pane's table and refresh status, dialogs, jobs, the `:` history.

pub mod acted_on;
pub mod column_widths;
pub mod create_form;
pub mod create_lookups;
pub mod dialog;
pub mod doctor;
pub mod drill_path;
pub mod form;
pub mod history;
pub mod jobs;
pub mod metrics;
pub mod modify_form;
pub mod pane;
pub mod panes;
pub mod pick;
pub mod refresh;
