use super::table::{Keyed, ResourceTable};
use crate::domain::{ConnectionStatus, StateClass, Workspace};
use crate::service::ServiceError;
use crate::ui::Theme;
use std::collections::{BTreeMap, HashMap};

impl Keyed for Workspace {
    fn key(&self) -> &str {
        &self.id
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// Against the embedded emulator.
    Demo,
    /// Against a real (or compatible) endpoint.
    Live,
}

/// Where one pane's background refresh stands.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RefreshStatus {
    /// The sweep currently arriving (or last finished).
    pub sweep: u64,
    /// Rows received so far in the current sweep.
    pub loaded: usize,
    pub in_progress: bool,
    /// Wall clock (epoch seconds) of the last sweep that finished without error.
    pub last_ok: Option<i64>,
    /// The last sweep's error, cleared by the next good sweep. Rows from before stay, stale.
    pub error: Option<ServiceError>,
}

impl RefreshStatus {
    pub fn is_stale(&self) -> bool {
        self.error.is_some()
    }
}

/// The whole app state; drawing reads it, only `update` writes it.
#[derive(Debug)]
pub struct State {
    pub mode: Mode,
    pub region: String,
    pub profile: Option<String>,
    /// What the SDK talks to, for the header ("AWS" for the default endpoint).
    pub endpoint: String,
    pub workspaces: ResourceTable<Workspace>,
    pub workspaces_refresh: RefreshStatus,
    pub connections: HashMap<String, ConnectionStatus>,
    pub connections_refresh: RefreshStatus,
    /// Terminal size, kept so scrolling can be settled in `update`, not while drawing.
    pub size: (u16, u16),
    /// Epoch seconds as of the last message, for ages like "43d ago".
    pub now: i64,
    pub quit: bool,
    pub theme: Theme,
}

/// Rows the header, status line and table chrome take; the rest is the table body.
pub const CHROME_ROWS: u16 = 6;

impl State {
    pub fn new(mode: Mode, region: String, profile: Option<String>, endpoint: String) -> Self {
        Self {
            mode,
            region,
            profile,
            endpoint,
            workspaces: ResourceTable::default(),
            workspaces_refresh: RefreshStatus::default(),
            connections: HashMap::new(),
            connections_refresh: RefreshStatus::default(),
            size: (80, 24),
            now: now_epoch(),
            quit: false,
            theme: Theme::default(),
        }
    }

    /// Table body height at the current terminal size.
    pub fn body_rows(&self) -> usize {
        self.size.1.saturating_sub(CHROME_ROWS).max(1) as usize
    }

    /// WorkSpaces per state, for the header.
    pub fn counts_by_state(&self) -> BTreeMap<(StateClass, String), usize> {
        let mut counts = BTreeMap::new();
        for w in self.workspaces.rows() {
            *counts
                .entry((w.state.class(), w.state.as_str().to_string()))
                .or_insert(0) += 1;
        }
        counts
    }
}

pub fn now_epoch() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}
