//! wsfleet: a terminal UI fleet manager for Amazon WorkSpaces.
//!
//! The crate is split so that tests can reach every layer:
//! - `sim`: an embedded emulator of the WorkSpaces API (awsJson1.1 over HTTP on 127.0.0.1).
//! - `service`: the only module that knows aws-sdk-workspaces; it turns SDK types into the
//!   domain types in `domain` and classifies errors.
//! - `app`: state, messages and `update()`; `ui`: drawing from `&State`.

pub mod app;
pub mod cli;
pub mod config;
pub mod doctor;
pub mod domain;
pub mod headless;
pub mod panes;
mod private_file;
pub mod queue;
pub mod runtime;
pub mod service;
pub mod sim;
pub mod table;
pub mod ui;
