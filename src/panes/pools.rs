//! The pools pane: WorkSpaces pools with their capacity; Enter opens a pool's sessions.

use crate::domain::{StateClass, WorkspacesPool};
use crate::table::format::clock_date;
use crate::table::resource::num_key;
use crate::table::resource::{col, Column, Ctx, Resource};
use crate::table::sort::SortKey;
use crate::table::Keyed;

impl Keyed for WorkspacesPool {
    fn key(&self) -> &str {
        &self.id
    }
    fn region(&self) -> &str {
        &self.region
    }
}

fn cap(p: &WorkspacesPool, f: fn(&crate::domain::PoolCapacity) -> i32) -> String {
    p.capacity
        .as_ref()
        .map(|c| f(c).to_string())
        .unwrap_or_default()
}

fn cap_key(p: &WorkspacesPool, f: fn(&crate::domain::PoolCapacity) -> i32) -> SortKey {
    num_key(p.capacity.as_ref().map(|c| f64::from(f(c))))
}

fn errors(p: &WorkspacesPool) -> String {
    p.errors
        .iter()
        .map(|e| format!("{}: {}", e.code, e.message))
        .collect::<Vec<_>>()
        .join("; ")
}

static COLUMNS: &[Column<WorkspacesPool>] = &[
    col::<WorkspacesPool>("ID", &["id"], 16, 0, |p, _| p.id.clone()).id(),
    col::<WorkspacesPool>("NAME", &["name"], 18, 0, |p, _| p.name.clone()),
    col::<WorkspacesPool>("STATE", &["state"], 9, 0, |p, _| p.state.clone()).coloured(),
    col::<WorkspacesPool>("DESIRED", &["desired"], 7, 1, |p, _| cap(p, |c| c.desired))
        .sorted(|p, _| cap_key(p, |c| c.desired)),
    col::<WorkspacesPool>("ACTUAL", &["actual"], 6, 1, |p, _| cap(p, |c| c.actual))
        .sorted(|p, _| cap_key(p, |c| c.actual)),
    col::<WorkspacesPool>("AVAIL", &["available", "avail"], 5, 1, |p, _| {
        cap(p, |c| c.available)
    })
    .sorted(|p, _| cap_key(p, |c| c.available)),
    col::<WorkspacesPool>("IN USE", &["inuse", "active"], 6, 1, |p, _| {
        cap(p, |c| c.active)
    })
    .sorted(|p, _| cap_key(p, |c| c.active)),
    col::<WorkspacesPool>("ERRORS", &["errors", "error"], 20, 2, |p, _| errors(p)),
    col::<WorkspacesPool>("BUNDLE", &["bundle"], 13, 3, |p, _| p.bundle_id.clone()),
    col::<WorkspacesPool>("DIRECTORY", &["dir", "directory"], 13, 3, |p, _| {
        p.directory_id.clone()
    }),
    col::<WorkspacesPool>("MODE", &["mode"], 10, 4, |p, _| p.running_mode.clone()),
    col::<WorkspacesPool>("CREATED", &["created"], 16, 5, |p, _| {
        p.created.map(clock_date).unwrap_or_default()
    })
    .time()
    .sorted(|p, _| num_key(p.created.map(|t| t as f64))),
    col::<WorkspacesPool>("REGION", &["region"], 14, 8, |p, _| p.region.clone()),
];

impl Resource for WorkspacesPool {
    const NOUN: &'static str = "pool";
    const PLURAL: &'static str = "pools";

    fn columns() -> &'static [Column<Self>] {
        COLUMNS
    }

    fn state_class(&self) -> Option<StateClass> {
        Some(WorkspacesPool::state_class(self))
    }

    fn state_text(&self) -> &str {
        &self.state
    }

    fn detail(&self, _ctx: &Ctx) -> Vec<(&'static str, String)> {
        let secs = |v: Option<i32>| v.map(|s| format!("{s}s")).unwrap_or_default();
        vec![
            ("PoolId", self.id.clone()),
            ("PoolArn", self.arn.clone()),
            ("Region", self.region.clone()),
            ("PoolName", self.name.clone()),
            ("Description", self.description.clone()),
            ("State", self.state.clone()),
            ("Capacity.DesiredUserSessions", cap(self, |c| c.desired)),
            ("Capacity.ActualUserSessions", cap(self, |c| c.actual)),
            ("Capacity.AvailableUserSessions", cap(self, |c| c.available)),
            ("Capacity.ActiveUserSessions", cap(self, |c| c.active)),
            ("BundleId", self.bundle_id.clone()),
            ("DirectoryId", self.directory_id.clone()),
            ("RunningMode", self.running_mode.clone()),
            (
                "DisconnectTimeoutInSeconds",
                secs(self.disconnect_timeout_secs),
            ),
            (
                "IdleDisconnectTimeoutInSeconds",
                secs(self.idle_disconnect_timeout_secs),
            ),
            (
                "MaxUserDurationInSeconds",
                secs(self.max_user_duration_secs),
            ),
            (
                "ApplicationSettings.Status",
                self.app_settings_status.clone(),
            ),
            (
                "ApplicationSettings.SettingsGroup",
                self.app_settings_group.clone(),
            ),
            (
                "CreatedAt",
                self.created.map(clock_date).unwrap_or_default(),
            ),
            ("Errors", errors(self)),
        ]
    }
}
