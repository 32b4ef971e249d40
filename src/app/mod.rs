//! Application state, messages and `update()`. Nothing here awaits the network: key handlers
//! change state and return `Command`s; background tasks answer with `Msg`s.

pub mod filter;
mod msg;
mod refresh;
mod run;
pub mod sort;
mod state;
mod table;
mod update;

pub use msg::{Command, Msg};
pub use refresh::Refreshers;
pub use run::run;
pub use state::{Mode, RefreshStatus, State};
pub use table::{Keyed, ResourceTable};
pub use update::update;
