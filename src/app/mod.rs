//! Application state, messages and `update()`. Nothing here awaits the network: key handlers
//! change state and return `Command`s; background tasks answer with `Msg`s.

mod actions;
mod affects;
mod app_forms;
pub mod cache;
pub mod campaign;
mod campaign_confirm;
mod campaign_form;
mod campaign_row;
pub mod clipboard;
mod confirm_status;
mod contexts;
pub mod dialog;
mod effects;
pub mod export;
pub mod help;
pub mod history;
pub mod jobs;
mod keys;
pub mod lookups;
mod msg;
pub mod pane;
pub mod panes;
pub mod paste;
mod queue_news;
pub mod quitting;
pub mod restore_note;
pub mod resume;
pub mod state;
pub mod tags;
pub mod typing;
mod update;

pub use effects::Effects;
pub use msg::{Asker, Command, Msg, Resumable, Rows};
pub use state::{Mode, RefreshStatus, State};
pub use update::update;
