//! Rows and helpers that build an app `State` through `update`, shared by the snapshot tests
//! and the update-level tests.
#![allow(dead_code)]

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use wsfleet::app::{update, Msg, Rows, State};
use wsfleet::domain::*;

/// 2026-11-21 12:00:00 UTC.
pub const NOW: i64 = 1_795_262_400;
pub const DAY: i64 = 86_400;

pub fn utc() {
    // Dates in cells are local time; pin the zone so snapshots match on any machine.
    std::env::set_var("TZ", "UTC");
}

pub fn ws(id: &str, user: &str, state: &str, dir: &str) -> Workspace {
    Workspace {
        id: id.into(),
        region: "us-east-1".into(),
        user_name: user.into(),
        computer_name: format!("WSAMZN-{}", &id[3..9].to_uppercase()),
        state: WorkspaceState::parse(state),
        directory_id: dir.into(),
        bundle_id: "wsb-abc12345".into(),
        compute_type: "STANDARD".into(),
        running_mode: "AUTO_STOP".into(),
        ip_address: "10.0.1.10".into(),
        root_volume_gib: Some(80),
        user_volume_gib: Some(50),
        error_code: if state == "ERROR" {
            "InternalError".into()
        } else {
            String::new()
        },
        error_message: if state == "ERROR" {
            "The WorkSpace failed to start".into()
        } else {
            String::new()
        },
        auto_stop_minutes: Some(60),
        protocols: vec!["PCOIP".into()],
        modification_states: vec![],
        operating_system: "WINDOWS_SERVER_2022".into(),
    }
}

pub fn conn(id: &str, state: &str, last: Option<i64>) -> ConnectionStatus {
    ConnectionStatus {
        workspace_id: id.into(),
        region: "us-east-1".into(),
        state: state.into(),
        check_time: Some(NOW - 300),
        last_user_connection: last,
    }
}

pub fn page(state: &mut State, rows: Rows) {
    update(
        state,
        Msg::Page {
            region: "us-east-1".into(),
            sweep: 1,
            rows,
            last: true,
        },
    );
}

pub fn key(state: &mut State, code: KeyCode) {
    update(state, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}
