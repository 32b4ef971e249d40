//! wsfleet without the TUI (issue 29): `wsfleet get PANE` prints a pane's rows for scripts
//! and cron, read through the same services, budget, filter and columns as the TUI.
//!
//! Only `main` depends on this module; it depends on `app`, `runtime`, `service`, `table`.

pub mod act;
pub mod connect;
pub mod get;
mod load;
mod print;
mod progress;
mod signals;
mod wants;
