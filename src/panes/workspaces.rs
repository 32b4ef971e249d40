//! The WorkSpaces pane: every WorkSpace with its state, joined with its connection status.

use crate::domain::{StateClass, Workspace};
use crate::table::format::{age, clock_date, gib};
use crate::table::resource::{col, Column, Ctx, Resource, UNKNOWN, WIDE_ONLY};
use crate::table::resource::{last_conn_key, num_key};
use crate::table::Keyed;

use super::workspace_usage as usage;

impl Keyed for Workspace {
    fn key(&self) -> &str {
        &self.id
    }
    fn region(&self) -> &str {
        &self.region
    }
    /// The header counts WorkSpaces by state.
    fn tally(&self) -> &str {
        self.state.as_str()
    }
}

/// The connection state, with its age when it cannot be current (`CONNECTED 2h ago` on a
/// STOPPED WorkSpace): DescribeWorkspacesConnectionStatus is swept apart from
/// DescribeWorkspaces, so a state change can arrive before the connection state catches up.
fn conn_state(w: &Workspace, ctx: &Ctx) -> String {
    match ctx.connections.get(&w.id) {
        Some(c) if conn_is_stale(w, ctx) => format!("{} {}", c.state, age(c.check_time, ctx.now)),
        Some(c) => c.state.clone(),
        None => String::new(),
    }
}

/// A user can be connected only to a WorkSpace that is running: CONNECTED on any other
/// state was checked before the WorkSpace changed.
fn conn_is_stale(w: &Workspace, ctx: &Ctx) -> bool {
    use crate::domain::WorkspaceState as S;
    ctx.connections
        .get(&w.id)
        .is_some_and(|c| c.state == "CONNECTED")
        && !matches!(
            w.state,
            S::Available | S::Impaired | S::Unhealthy | S::AdminMaintenance | S::Updating
        )
}

fn last_conn(w: &Workspace, ctx: &Ctx) -> Option<i64> {
    ctx.connections
        .get(&w.id)
        .and_then(|c| c.last_user_connection)
}

/// The state, with what is being modified while ModificationStates has anything:
/// "UPDATING+COMPUTE", "AVAILABLE+ROOT".
fn state_cell(w: &Workspace) -> String {
    match crate::domain::modify::modifying_text(w) {
        m if m.is_empty() => w.state.as_str().to_string(),
        m => format!("{}+{m}", w.state.as_str()),
    }
}

/// The running mode, with its auto-stop timeout (RunningModeAutoStopTimeoutInMinutes).
fn running_mode(w: &Workspace) -> String {
    match w.auto_stop_minutes {
        Some(m) => format!("{} (stops after {m} min idle)", w.running_mode),
        None => w.running_mode.clone(),
    }
}

/// "COMPUTE_TYPE UPDATE_IN_PROGRESS", one per change in progress.
fn modification_states(w: &Workspace) -> String {
    let states = w
        .modification_states
        .iter()
        .map(|(r, s)| format!("{r} {s}"));
    states.collect::<Vec<_>>().join(", ")
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
    col::<Workspace>("ID", &["id"], 13, 0, |w, _| w.id.clone()).id(),
    col::<Workspace>("USER", &["user"], 16, 0, |w, _| w.user_name.clone()),
    col::<Workspace>("STATE", &["state"], 17, 0, |w, _| state_cell(w)).coloured(),
    col::<Workspace>("CONN", &["conn", "connection"], 12, 1, conn_state)
        .faded(conn_is_stale)
        .live(),
    col::<Workspace>("LAST CONN", &["last", "lastconn"], 9, 2, |w, ctx| {
        if ctx.connections.contains_key(&w.id) {
            age(last_conn(w, ctx), ctx.now)
        } else {
            String::new()
        }
    })
    .time()
    .sorted(|w, ctx| last_conn_key(ctx.connections.contains_key(&w.id), last_conn(w, ctx)))
    .live(),
    col::<Workspace>("COMPUTER", &["computer", "host"], 15, 3, |w, _| {
        w.computer_name.clone()
    }),
    col::<Workspace>("ERROR", &["error", "err"], 24, 3, |w, _| error_text(w)),
    col::<Workspace>("COMPUTE", &["compute"], 11, 4, |w, _| {
        w.compute_type.clone()
    }),
    col::<Workspace>("MODE", &["mode", "running"], 9, 4, |w, _| {
        w.running_mode.clone()
    }),
    col::<Workspace>("DIRECTORY", &["dir", "directory"], 13, 5, |w, _| {
        w.directory_id.clone()
    }),
    col::<Workspace>("IP", &["ip"], 15, 5, |w, _| w.ip_address.clone()),
    col::<Workspace>("BUNDLE", &["bundle"], 13, 6, |w, _| w.bundle_id.clone()),
    col::<Workspace>("ROOT", &["root"], 5, 7, |w, _| gib(w.root_volume_gib))
        .sorted(|w, _| num_key(w.root_volume_gib.map(f64::from))),
    col::<Workspace>("USERVOL", &["uservol"], 7, 7, |w, _| gib(w.user_volume_gib))
        .sorted(|w, _| num_key(w.user_volume_gib.map(f64::from))),
    col::<Workspace>("REGION", &["region"], 14, 8, |w, _| w.region.clone()),
    // Wide mode only (WIDE_ONLY): tags cost a DescribeTags call per WorkSpace.
    col::<Workspace>("TAGS", &["tags"], 20, WIDE_ONLY, tags_text).live(),
    // Wide mode or `[columns]` only: CloudWatch's GetMetricData, asked for what they show.
    usage::HOURS,
    usage::LAT95,
    usage::CPU,
    usage::DISK,
    usage::ADVICE,
];

/// `Team=Finance CostCenter=42`; `?` while not fetched yet.
fn tags_text(w: &Workspace, ctx: &Ctx) -> String {
    match ctx.tags.get(&w.id) {
        None => UNKNOWN.into(),
        Some(tags) => tags
            .iter()
            .map(|t| format!("{}={}", t.key, t.value))
            .collect::<Vec<_>>()
            .join(" "),
    }
}

impl Resource for Workspace {
    const NOUN: &'static str = "WorkSpace";
    const PLURAL: &'static str = "WorkSpaces";
    // CONN and LAST CONN tell time with `age` only.
    const CLOCK_WATCHED: bool = true;
    const FILTER_AHEAD: bool = true;

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
            ("RunningMode", running_mode(self)),
            ("RootVolumeSizeGib", gib(self.root_volume_gib)),
            ("UserVolumeSizeGib", gib(self.user_volume_gib)),
            ("Protocols", self.protocols.join(", ")),
            ("ModificationStates", modification_states(self)),
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
