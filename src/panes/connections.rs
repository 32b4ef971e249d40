//! The connection status pane: who last used each WorkSpace and when, to find idle ones.

use crate::app::filter::ColumnName;
use crate::app::resource::num_key;
use crate::app::resource::{Column, Ctx, Resource};
use crate::app::Keyed;
use crate::domain::{ConnectionStatus, StateClass};
use crate::ui::format::{age, clock_date};

impl Keyed for ConnectionStatus {
    fn key(&self) -> &str {
        &self.workspace_id
    }
}

const fn name(title: &'static str, aliases: &'static [&'static str]) -> ColumnName {
    ColumnName { title, aliases }
}

fn user(c: &ConnectionStatus, ctx: &Ctx) -> String {
    ctx.users.get(&c.workspace_id).cloned().unwrap_or_default()
}

fn idle_days(c: &ConnectionStatus, ctx: &Ctx) -> String {
    c.idle_days(ctx.now)
        .map(|d| d.to_string())
        .unwrap_or_else(|| "never".into())
}

static COLUMNS: &[Column<ConnectionStatus>] = &[
    Column {
        name: name("WORKSPACE", &["id", "workspace"]),
        width: 13,
        priority: 0,
        text: |c, _| c.workspace_id.clone(),
        sort: None,
        state_coloured: false,
    },
    Column {
        name: name("USER", &["user"]),
        width: 16,
        priority: 0,
        text: user,
        sort: None,
        state_coloured: false,
    },
    Column {
        name: name("STATE", &["state", "conn"]),
        width: 12,
        priority: 0,
        text: |c, _| c.state.clone(),
        sort: None,
        state_coloured: true,
    },
    Column {
        name: name("LAST CONN", &["last", "lastconn"]),
        width: 10,
        priority: 0,
        text: |c, ctx| age(c.last_user_connection, ctx.now),
        // Oldest first when ascending: idle WorkSpaces come to the top; never-used last.
        sort: Some(|c, _| num_key(c.last_user_connection.map(|t| t as f64))),
        state_coloured: false,
    },
    Column {
        name: name("IDLE DAYS", &["idle", "days"]),
        width: 9,
        priority: 1,
        text: idle_days,
        sort: Some(|c, ctx| num_key(c.idle_days(ctx.now).map(|d| d as f64))),
        state_coloured: false,
    },
    Column {
        name: name("LAST CONNECTED AT", &["lastat"]),
        width: 17,
        priority: 2,
        text: |c, _| {
            c.last_user_connection
                .map(clock_date)
                .unwrap_or_else(|| "never".into())
        },
        sort: Some(|c, _| num_key(c.last_user_connection.map(|t| t as f64))),
        state_coloured: false,
    },
    Column {
        name: name("CHECKED", &["checked", "check"]),
        width: 17,
        priority: 3,
        text: |c, _| c.check_time.map(clock_date).unwrap_or_default(),
        sort: Some(|c, _| num_key(c.check_time.map(|t| t as f64))),
        state_coloured: false,
    },
];

impl Resource for ConnectionStatus {
    const NOUN: &'static str = "connection";
    const PLURAL: &'static str = "connections";

    fn columns() -> &'static [Column<Self>] {
        COLUMNS
    }

    fn state_class(&self) -> Option<StateClass> {
        Some(match self.state.as_str() {
            "CONNECTED" => StateClass::Healthy,
            "DISCONNECTED" => StateClass::Stopped,
            _ => StateClass::Bad,
        })
    }

    fn state_text(&self) -> &str {
        &self.state
    }

    fn attention(&self, ctx: &Ctx) -> bool {
        // Unused for N days or more (never used counts as idle too).
        self.idle_days(ctx.now).is_none_or(|d| d >= ctx.idle_days)
    }

    fn detail(&self, ctx: &Ctx) -> Vec<(&'static str, String)> {
        vec![
            ("WorkspaceId", self.workspace_id.clone()),
            ("UserName", user(self, ctx)),
            ("ConnectionState", self.state.clone()),
            (
                "ConnectionStateCheckTimestamp",
                self.check_time.map(clock_date).unwrap_or_default(),
            ),
            (
                "LastKnownUserConnectionTimestamp",
                match self.last_user_connection {
                    Some(t) => format!("{} ({})", clock_date(t), age(Some(t), ctx.now)),
                    None => "never".into(),
                },
            ),
        ]
    }
}
