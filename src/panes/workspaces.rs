//! The WorkSpaces pane: every WorkSpace with its state, joined with its connection status.

use crate::app::filter::ColumnName;
use crate::app::resource::num_key;
use crate::app::resource::{Column, Ctx, Resource};
use crate::app::Keyed;
use crate::domain::{StateClass, Workspace};
use crate::ui::format::{age, clock_date, gib};

impl Keyed for Workspace {
    fn key(&self) -> &str {
        &self.id
    }
}

const fn name(title: &'static str, aliases: &'static [&'static str]) -> ColumnName {
    ColumnName { title, aliases }
}

fn conn_state(w: &Workspace, ctx: &Ctx) -> String {
    ctx.connections
        .get(&w.id)
        .map(|c| c.state.clone())
        .unwrap_or_default()
}

fn last_conn(w: &Workspace, ctx: &Ctx) -> Option<i64> {
    ctx.connections
        .get(&w.id)
        .and_then(|c| c.last_user_connection)
}

fn error_text(w: &Workspace) -> String {
    match (w.error_code.is_empty(), w.error_message.is_empty()) {
        (true, true) => String::new(),
        (false, true) => w.error_code.clone(),
        (true, false) => w.error_message.clone(),
        (false, false) => format!("{}: {}", w.error_code, w.error_message),
    }
}

static COLUMNS: &[Column<Workspace>] = &[
    Column {
        name: name("ID", &["id"]),
        width: 13,
        priority: 0,
        text: |w, _| w.id.clone(),
        sort: None,
        state_coloured: false,
    },
    Column {
        name: name("USER", &["user"]),
        width: 16,
        priority: 0,
        text: |w, _| w.user_name.clone(),
        sort: None,
        state_coloured: false,
    },
    Column {
        name: name("STATE", &["state"]),
        width: 17,
        priority: 0,
        text: |w, _| w.state.as_str().to_string(),
        sort: None,
        state_coloured: true,
    },
    Column {
        name: name("CONN", &["conn", "connection"]),
        width: 12,
        priority: 1,
        text: conn_state,
        sort: None,
        state_coloured: false,
    },
    Column {
        name: name("LAST CONN", &["last", "lastconn"]),
        width: 9,
        priority: 2,
        text: |w, ctx| {
            if ctx.connections.contains_key(&w.id) {
                age(last_conn(w, ctx), ctx.now)
            } else {
                String::new()
            }
        },
        sort: Some(|w, ctx| num_key(last_conn(w, ctx).map(|t| t as f64))),
        state_coloured: false,
    },
    Column {
        name: name("COMPUTER", &["computer", "host"]),
        width: 15,
        priority: 3,
        text: |w, _| w.computer_name.clone(),
        sort: None,
        state_coloured: false,
    },
    Column {
        name: name("ERROR", &["error", "err"]),
        width: 24,
        priority: 3,
        text: |w, _| error_text(w),
        sort: None,
        state_coloured: false,
    },
    Column {
        name: name("COMPUTE", &["compute"]),
        width: 11,
        priority: 4,
        text: |w, _| w.compute_type.clone(),
        sort: None,
        state_coloured: false,
    },
    Column {
        name: name("MODE", &["mode", "running"]),
        width: 9,
        priority: 4,
        text: |w, _| w.running_mode.clone(),
        sort: None,
        state_coloured: false,
    },
    Column {
        name: name("DIRECTORY", &["dir", "directory"]),
        width: 12,
        priority: 5,
        text: |w, _| w.directory_id.clone(),
        sort: None,
        state_coloured: false,
    },
    Column {
        name: name("IP", &["ip"]),
        width: 15,
        priority: 5,
        text: |w, _| w.ip_address.clone(),
        sort: None,
        state_coloured: false,
    },
    Column {
        name: name("BUNDLE", &["bundle"]),
        width: 13,
        priority: 6,
        text: |w, _| w.bundle_id.clone(),
        sort: None,
        state_coloured: false,
    },
    Column {
        name: name("ROOT", &["root"]),
        width: 5,
        priority: 7,
        text: |w, _| gib(w.root_volume_gib),
        sort: Some(|w, _| num_key(w.root_volume_gib.map(f64::from))),
        state_coloured: false,
    },
    Column {
        name: name("USERVOL", &["uservol"]),
        width: 7,
        priority: 7,
        text: |w, _| gib(w.user_volume_gib),
        sort: Some(|w, _| num_key(w.user_volume_gib.map(f64::from))),
        state_coloured: false,
    },
    Column {
        name: name("REGION", &["region"]),
        width: 14,
        priority: 8,
        text: |w, _| w.region.clone(),
        sort: None,
        state_coloured: false,
    },
];

impl Resource for Workspace {
    const NOUN: &'static str = "WorkSpace";
    const PLURAL: &'static str = "WorkSpaces";

    fn columns() -> &'static [Column<Self>] {
        COLUMNS
    }

    fn state_class(&self) -> Option<StateClass> {
        Some(self.state.class())
    }

    fn state_text(&self) -> &str {
        self.state.as_str()
    }

    fn detail(&self, ctx: &Ctx) -> Vec<(&'static str, String)> {
        let conn = ctx.connections.get(&self.id);
        vec![
            ("WorkspaceId", self.id.clone()),
            ("Region", self.region.clone()),
            ("UserName", self.user_name.clone()),
            ("ComputerName", self.computer_name.clone()),
            ("State", self.state.as_str().to_string()),
            ("DirectoryId", self.directory_id.clone()),
            ("BundleId", self.bundle_id.clone()),
            ("IpAddress", self.ip_address.clone()),
            ("ComputeTypeName", self.compute_type.clone()),
            ("RunningMode", self.running_mode.clone()),
            ("RootVolumeSizeGib", gib(self.root_volume_gib)),
            ("UserVolumeSizeGib", gib(self.user_volume_gib)),
            ("ErrorCode", self.error_code.clone()),
            ("ErrorMessage", self.error_message.clone()),
            (
                "ConnectionState",
                conn.map(|c| c.state.clone()).unwrap_or_default(),
            ),
            (
                "ConnectionStateCheckTimestamp",
                conn.and_then(|c| c.check_time)
                    .map(clock_date)
                    .unwrap_or_default(),
            ),
            (
                "LastKnownUserConnectionTimestamp",
                match conn {
                    Some(c) => match c.last_user_connection {
                        Some(t) => format!("{} ({})", clock_date(t), age(Some(t), ctx.now)),
                        None => "never".into(),
                    },
                    None => String::new(),
                },
            ),
        ]
    }
}
