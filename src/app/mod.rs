//! Application state, messages and `update()`. Nothing here awaits the network: key handlers
//! change state and return `Command`s; background tasks answer with `Msg`s.
//!
//! Rooms, top to bottom (each imports only rooms below it; `update` is on top and nothing
//! imports it): `update` → `input` (keys by mode) → `track` (queue news, resume, quitting) →
//! `campaign` → `act` (actions, confirmations) → `navigate` (panes shown, drill-downs, lookups)
//! → the core types `state`, `msg`, `effects` → `io` (bytes: cache file, export, clipboard)
//! and `model` (the data `State` holds). `python3 ../shared/tools/modcycles.py src --inside app`
//! checks it.

mod act;
pub mod campaign;
mod create;
mod effects;
mod input;
mod io;
mod model;
mod msg;
mod navigate;
pub mod state;
mod submit_job;
mod track;
mod update;

// The rooms' public modules, under the paths the runtime, the UI and the tests use.
pub use act::{app_forms, migrate, restore_note, tag_edit};
pub use input::{help, paste, typing};
pub use io::{clipboard, export};
pub use model::{dialog, drill_path, history, jobs, metrics, pane, panes, pick};
pub use navigate::{doctor, lookups, tags};
pub use track::{quitting, resume};

/// The warm-start cache: its file (`io::cache`) and the rows the state puts in and takes out
/// (`navigate::cached`), under the one path the runtime uses.
pub mod cache {
    pub use super::io::cache::*;
    pub use super::navigate::cached::{apply, path_for, snapshot_of};
}

pub use effects::Effects;
pub use msg::{Asker, Command, Msg, Resumable, Rows};
pub use state::{Mode, RefreshStatus, Setup, State};
pub use update::update;
