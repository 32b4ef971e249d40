//! Application state, messages and `update()`. Nothing here awaits the network: key handlers
//! change state and return `Command`s; background tasks answer with `Msg`s.

mod actions;
pub mod cache;
pub mod clipboard;
mod contexts;
pub mod dialog;
pub mod export;
pub mod filter;
pub mod fleet;
mod haystacks;
mod jobs;
mod keys;
mod msg;
pub mod pane;
pub mod panes;
mod queue_news;
mod refresh;
mod rereads;
pub mod resource;
mod run;
pub mod sort;
pub mod state;
mod table;
mod update;
pub mod validate;

pub use fleet::FleetSettings;
pub use msg::{Command, Msg, QueueNews, Rows};
pub use refresh::{Intervals, Refreshers};
pub use run::{run, RunContext};
pub use state::{Mode, RefreshStatus, State};
pub use table::{Keyed, ResourceTable};
pub use update::update;
