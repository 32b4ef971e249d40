use super::dialog::{Confirm, Form};
use super::panes::{AnyPane, Panes};
use super::resource::Ctx;
use crate::domain::{ConnectionStatus, StateClass, Tag};
use crate::panes::PaneKind;
use crate::service::ServiceError;
use crate::ui::Theme;
use std::collections::{BTreeMap, HashMap, HashSet};
use tui_input::Input;

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

/// Data one pane contributes to another's cells (joined by ID).
#[derive(Debug, Default)]
pub struct Joined {
    pub connections: HashMap<String, ConnectionStatus>,
    pub users: HashMap<String, String>,
    pub workspaces_per_directory: HashMap<String, usize>,
    pub image_shares: HashMap<String, Vec<String>>,
    /// Images whose shares are being fetched, so the same image is not asked for twice.
    pub shares_pending: HashSet<String>,
}

/// Something fetched on demand.
#[derive(Debug, Clone, PartialEq)]
pub enum Fetch<T> {
    Loading,
    Ready(T),
    Failed(ServiceError),
}

/// The detail view of one resource.
#[derive(Debug)]
pub struct Detail {
    pub pane: PaneKind,
    pub id: String,
    pub scroll: u16,
    pub tags: Fetch<Vec<Tag>>,
}

/// What sits on top of the table, taking the keys.
#[derive(Debug, Default)]
pub enum Overlay {
    #[default]
    None,
    Command {
        input: Input,
        error: Option<String>,
    },
    Filter {
        input: Input,
        error: Option<String>,
    },
    Detail(Detail),
    /// The key list, scrolled by this many lines.
    Help(u16),
    /// Parameters of an action, before its confirmation.
    Form(Form),
    Confirm(Confirm),
}

/// The whole app state; drawing reads it, only `update` writes it.
#[derive(Debug)]
pub struct State {
    pub mode: Mode,
    pub region: String,
    pub profile: Option<String>,
    /// What the SDK talks to, for the header.
    pub endpoint: String,
    pub active: PaneKind,
    pub panes: Panes,
    pub joined: Joined,
    pub overlay: Overlay,
    /// A one-line notice for the status line (e.g. an unknown command).
    pub notice: Option<String>,
    /// Rows unused for this many days are highlighted in the connection pane.
    pub idle_days: i64,
    /// Terminal size, kept so scrolling can be settled in `update`, not while drawing.
    pub size: (u16, u16),
    /// Epoch seconds as of the last message, for ages like "43d ago".
    pub now: i64,
    pub quit: bool,
    pub theme: Theme,
    /// Draw with ASCII only (--ascii), for fonts without box-drawing characters.
    pub ascii: bool,
    /// No mutating call is sent; action keys say so.
    pub read_only: bool,
    pub keymap: crate::config::Keymap,
    /// Every job's per-resource outcomes, by job number.
    pub job_outcomes: HashMap<u64, Vec<crate::panes::OutcomeRow>>,
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
            active: PaneKind::Workspaces,
            panes: Panes::default(),
            joined: Joined::default(),
            overlay: Overlay::None,
            notice: None,
            idle_days: 30,
            size: (80, 24),
            now: now_epoch(),
            quit: false,
            theme: Theme::default(),
            ascii: false,
            read_only: false,
            job_outcomes: HashMap::new(),
            keymap: crate::config::Keymap::default(),
        }
    }

    pub fn ctx(&self) -> Ctx<'_> {
        ctx_of(&self.joined, self.now, self.idle_days)
    }

    pub fn pane(&self) -> &dyn AnyPane {
        self.panes.get(self.active)
    }

    /// Table body height at the current terminal size, less what prompts and a pane error
    /// line take (the same arithmetic as the layout in `ui::draw`).
    pub fn body_rows(&self) -> usize {
        let prompt = match &self.overlay {
            Overlay::Command { error, .. } | Overlay::Filter { error, .. } => {
                2 + u16::from(error.is_some())
            }
            _ => 0,
        };
        let error_line = u16::from(self.pane().refresh().error.is_some());
        self.size
            .1
            .saturating_sub(CHROME_ROWS + prompt + error_line)
            .max(1) as usize
    }

    /// WorkSpaces per state, for the header.
    pub fn counts_by_state(&self) -> BTreeMap<(StateClass, String), usize> {
        let mut counts = BTreeMap::new();
        for w in self.panes.workspaces.table.rows() {
            *counts
                .entry((w.state.class(), w.state.as_str().to_string()))
                .or_insert(0) += 1;
        }
        counts
    }
}

/// A `Ctx` from the joined data alone, so a pane can be borrowed mutably beside it.
pub fn ctx_of(joined: &Joined, now: i64, idle_days: i64) -> Ctx<'_> {
    Ctx {
        now,
        connections: &joined.connections,
        users: &joined.users,
        workspaces_per_directory: &joined.workspaces_per_directory,
        image_shares: &joined.image_shares,
        idle_days,
    }
}

pub fn now_epoch() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}
