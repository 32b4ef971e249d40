//! wsfleet without the TUI (issue 29): `wsfleet get PANE` prints a pane's rows for scripts
//! and cron, read through the same services, budget, filter and columns as the TUI; `wsfleet
//! do ACTION` acts through the same prechecks, confirmation rules, queue, audit log and
//! journal; `wsfleet jobs` and `wsfleet resume JOB` list and resume what a stop left.
//!
//! Only `main` depends on this module; it depends on `app`, `runtime`, `service`, `table`.

pub mod act;
mod closest;
mod confirm;
pub mod connect;
mod forms;
pub mod get;
pub mod jobs;
mod load;
mod outcomes;
mod print;
mod progress;
mod send;
mod shares;
mod signals;
mod targets;
mod verbs;
mod wants;
