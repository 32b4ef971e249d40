use crate::app::model::dialog::{Confirm, Form};
use crate::app::model::panes::{AnyPane, Panes};
pub use crate::app::model::refresh::RefreshStatus;
use crate::config::Theme;
use crate::domain::ServiceError;
use crate::domain::{ConnectionStatus, StateClass, Tag, UpdateCheck, WorkspaceState};
use crate::panes::PaneKind;
use crate::table::resource::Ctx;
use crate::table::touched::TouchLog;
use std::collections::{BTreeMap, HashMap, HashSet};
use tui_input::Input;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// Against the embedded emulator.
    Demo,
    /// Against a real (or compatible) endpoint.
    Live,
}

/// Data one pane contributes to another's cells (joined by ID).
#[derive(Debug, Default)]
pub struct Joined {
    /// Several Regions are shown: the Region column is worth its width.
    pub multi_region: bool,
    /// By WorkSpace ID; looked up per row for every sort, filter and frame (foldhash:
    /// SipHash was a quarter of sorting 50,000 rows by CONN).
    pub connections: foldhash::HashMap<String, ConnectionStatus>,
    pub users: HashMap<String, String>,
    pub workspaces_per_directory: HashMap<String, usize>,
    /// Accounts each image is shared with, by WorkSpaces image ID or WorkSpaces
    /// Applications image ARN (fetched on demand).
    pub image_shares: HashMap<String, Vec<String>>,
    /// The last update check (CreateUpdatedImage dry run) of each WorkSpaces Applications
    /// image, by ARN: kept across sweeps, which do not carry it.
    pub app_updates: HashMap<String, UpdateCheck>,
    /// Images whose shares are being fetched, so the same image is not asked for twice.
    pub shares_pending: HashSet<String>,
    /// Tags by resource ID, as far as fetched (DescribeTags, one resource per call, in the
    /// budget's spare line; see `app::tags`). Kept with the warm-start cache.
    pub tags: HashMap<String, Vec<Tag>>,
    /// CloudWatch metrics of WorkSpaces whose details were opened, with their age.
    pub metrics: crate::app::metrics::MetricsCache,
    /// Usage summaries (the usage columns and the advisor), with their age.
    pub usage: crate::domain::usage_book::UsageBook,
    /// The `[billing]` config the advisor works from.
    pub billing: crate::domain::billing::Billing,
    /// What the WorkSpaces pane looked like when stale summaries were last looked for
    /// (`navigate::usage::fleet_missing`).
    pub usage_scanned: Option<(usize, u64, usize, i64)>,
    /// WorkSpaces whose connection status was asked for by ID (on screen before the sweep
    /// brought it), so each is asked once.
    pub connections_asked: HashSet<String>,
    /// Regions whose tags are being fetched now.
    pub tags_loading: HashSet<String>,
    /// When a Region's tag fetch last stopped on an error (epoch seconds): not asked again
    /// for a while, so a denied DescribeTags is not retried on every keystroke.
    pub tags_failed_at: HashMap<String, i64>,
    /// What the WorkSpaces pane looked like when missing tags were last looked for (see
    /// `app::tags::load_missing`).
    pub tags_scanned: Option<(usize, u64, usize, usize, usize, i64)>,
    /// WorkSpaces with their tags fetched, of all, as of that look.
    pub tags_known: (usize, usize),
    /// Bumped by `touch` whenever the maps above change (see `Ctx::generation`).
    generation: u64,
    /// Which resources each bump was about.
    touched: TouchLog,
}

impl Joined {
    /// Note that joined data changed: panes sorted by a joined column re-sort. Numbers come
    /// from one process-wide counter, so a fresh `Joined` never repeats an old number.
    pub fn touch(&mut self) {
        self.bump(None);
    }

    /// `touch`, for changes of these resources' joined data only.
    pub fn touch_ids(&mut self, ids: Vec<String>) {
        self.bump(Some(ids));
    }

    fn bump(&mut self, ids: Option<Vec<String>>) {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        self.generation = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.touched.record(self.generation, ids);
    }
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
        /// The filter in force when the prompt opened: Esc on text that does not parse
        /// puts it back, rather than leave a half-typed term applied.
        opened_with: String,
    },
    Detail(Detail),
    /// The key list, scrolled by this many lines.
    Help(u16),
    /// Parameters of an action, before its confirmation.
    Form(Form),
    Confirm(Box<Confirm>),
    /// Jobs are running or queued: quit anyway (cancelling what is unsent) or stay?
    Quit,
    /// Jobs an earlier session did not finish: resume or discard the first of `unfinished`.
    Resume,
    /// The pane's error in full (`e`): the error line is cut at the pane's width.
    Error(String),
}

/// The whole app state; drawing reads it, only `update` writes it.
#[derive(Debug)]
pub struct State {
    pub mode: Mode,
    /// The places shown, aggregated in every pane (--region, repeatable; `:region`): Regions,
    /// or "PROFILE/REGION" for each profile in `accounts` (`domain::place`).
    pub regions: Vec<String>,
    /// The profiles of a view of several (`--profile a,b`); empty with one profile.
    pub accounts: Vec<String>,
    /// The account context (`:ctx`); `None` is the AWS default chain.
    pub profile: Option<String>,
    /// What the SDK talks to, for the header.
    pub endpoint: String,
    pub active: PaneKind,
    pub panes: Panes,
    pub joined: Joined,
    pub overlay: Overlay,
    /// A one-line notice for the status line (e.g. an unknown command). It clears by itself
    /// `NOTICE_FOR` after it was set (k9s's flash).
    pub notice: Option<String>,
    /// When the notice on screen was set, and which text that was.
    pub notice_at: Option<(std::time::Instant, String)>,
    /// A job ended with failures (or stopped): said in the error colour on every pane until
    /// acknowledged (Esc, or opening `:queue`).
    pub alert: Option<(u64, String)>,
    /// The drill-down that led to the active pane, its first step first: Esc goes up it,
    /// the breadcrumb shows it (`model::drill_path`).
    pub drill: Vec<crate::app::model::drill_path::Crumb>,
    /// Ctrl-E hid the header (k9s), for one more table row on a small terminal.
    pub header_hidden: bool,
    /// Ctrl-W: every column of the pane, not only those that fit (k9s's wide mode).
    pub wide: bool,
    /// The `:` prompt's history (Up/Down), saved across runs.
    pub history: crate::app::model::history::History,
    /// Rows unused for this many days are highlighted in the connection pane.
    pub idle_days: i64,
    /// Terminal size, kept so scrolling can be settled in `update`, not while drawing.
    pub size: (u16, u16),
    /// Epoch seconds as of the last message, for ages like "43d ago".
    pub now: i64,
    /// A clock that does not move (tests and snapshots): `now` stays this.
    pub fixed_now: Option<i64>,
    pub quit: bool,
    /// Set by the event loop while more messages already wait behind the one being applied
    /// (keys of a flood, pages): the filter prompt's text is applied to the table once, after
    /// the batch's last key (`typing::settle_filter`), not once per key.
    pub more_waiting: bool,
    /// The filter prompt's text changed since it was last applied to the table.
    pub filter_pending: bool,
    /// The user chose to quit with jobs running: unsent batches were cancelled, and the app
    /// quits once every job has ended.
    pub quitting: bool,
    /// Unfinished jobs of an earlier session still to decide on (the resume dialog).
    pub unfinished: Vec<crate::queue::journal::UnfinishedJob>,
    pub theme: Theme,
    /// Draw with ASCII only (--ascii), for fonts without box-drawing characters.
    pub ascii: bool,
    /// No mutating call is sent; action keys say so.
    pub read_only: bool,
    /// Confirmations of more targets than this need the count typed (`confirm_typed_over`).
    pub confirm_typed_over: usize,
    pub keymap: crate::config::Keymap,
    /// Every job the queue has reported, stored once.
    pub jobs: crate::app::model::jobs::JobBook,
    /// Restore points of WorkSpaces a restore confirmation asked about (DescribeWorkspaceSnapshots).
    pub snapshots: std::collections::HashMap<String, crate::app::model::dialog::SnapshotNote>,
    /// Image update campaigns of this session and those an earlier one did not finish.
    pub campaigns: Vec<crate::queue::campaign::Campaign>,
    /// Keys of unfinished campaigns the resume dialog still offers (before the jobs).
    pub campaign_offers: Vec<String>,
    /// Unfinished jobs re-read and waiting for their confirmation to open (when no other
    /// dialog is open).
    pub resumables: Vec<super::msg::Resumable>,
    /// The open create form's lookups of users the table cannot vouch for.
    pub create_lookups: crate::app::model::create_lookups::Lookups,
    /// The fleet doctor's thresholds and what it remembers (`:doctor`).
    pub doctor: crate::app::model::doctor::DoctorState,
}

/// What a session starts with: the mode, the account context and its Regions, and what the
/// config chose. `State::start` builds the whole state from it.
pub struct Setup {
    pub mode: Mode,
    /// The Regions shown (with `--all-profiles`, `profile@region` places).
    pub regions: Vec<String>,
    /// The profiles of an `--all-profiles` view (empty otherwise).
    pub accounts: Vec<String>,
    pub profile: Option<String>,
    pub endpoint: String,
    /// Shown on the status line at once (a loose audit log's mode, say).
    pub notice: Option<String>,
    pub idle_days: i64,
    pub read_only: bool,
    pub confirm_typed_over: usize,
    pub keymap: crate::config::Keymap,
    pub theme: Theme,
    pub ascii: bool,
    pub column_layouts: crate::panes::ColumnLayouts,
    /// `[doctor]`: the fleet doctor's thresholds.
    pub doctor: crate::domain::doctor::DoctorConfig,
    /// The `[billing]` config (the ADVICE column).
    pub billing: crate::domain::billing::Billing,
}

impl Setup {
    /// One Region, and the config's defaults for the rest.
    pub fn new(mode: Mode, region: String, profile: Option<String>, endpoint: String) -> Setup {
        Setup {
            mode,
            regions: vec![region],
            accounts: vec![],
            profile,
            endpoint,
            notice: None,
            idle_days: 30,
            read_only: false,
            confirm_typed_over: 25,
            keymap: crate::config::Keymap::default(),
            theme: Theme::default(),
            ascii: false,
            column_layouts: vec![],
            doctor: Default::default(),
            billing: crate::domain::billing::Billing::default(),
        }
    }
}

/// How long an ordinary notice stays on the status line.
pub const NOTICE_FOR: std::time::Duration = std::time::Duration::from_secs(6);

/// Rows the header, status line and table chrome take; the rest is the table body.
pub const CHROME_ROWS: u16 = 6;

impl State {
    /// A state with the defaults for everything but where it looks (as tests and benches
    /// start): `State::start(Setup::new(…))`.
    pub fn new(mode: Mode, region: String, profile: Option<String>, endpoint: String) -> Self {
        Self::start(Setup::new(mode, region, profile, endpoint))
    }

    /// The one constructor: the whole state from what the session starts with.
    pub fn start(s: Setup) -> Self {
        let mut panes = Panes::default();
        panes.set_layouts(&s.column_layouts);
        let mut joined = Joined {
            billing: s.billing.clone(),
            ..Joined::default()
        };
        if s.regions.len() > 1 {
            // The Region column is worth its width.
            joined.multi_region = true;
            joined.touch();
        }
        Self {
            mode: s.mode,
            regions: s.regions,
            accounts: s.accounts,
            profile: s.profile,
            endpoint: s.endpoint,
            active: PaneKind::Workspaces,
            panes,
            joined,
            overlay: Overlay::None,
            notice: s.notice,
            notice_at: None,
            alert: None,
            drill: vec![],
            header_hidden: false,
            wide: false,
            history: Default::default(),
            idle_days: s.idle_days,
            confirm_typed_over: s.confirm_typed_over,
            size: (80, 24),
            now: now_epoch(),
            fixed_now: None,
            quit: false,
            more_waiting: false,
            filter_pending: false,
            quitting: false,
            unfinished: vec![],
            theme: s.theme,
            ascii: s.ascii,
            read_only: s.read_only,
            jobs: Default::default(),
            snapshots: Default::default(),
            campaigns: vec![],
            campaign_offers: vec![],
            resumables: vec![],
            create_lookups: Default::default(),
            doctor: crate::app::model::doctor::DoctorState::new(s.doctor),
            keymap: s.keymap,
        }
    }

    /// Header lines: two, and a third naming failing Regions when several are shown.
    pub fn header_rows(&self) -> u16 {
        if self.header_hidden {
            return 0;
        }
        2 + u16::from(!self.header_failures().is_empty())
    }

    /// The failing Regions the header's third line explains: with several Regions, each
    /// failing one, except the one the active pane already shows on its own error line
    /// (each Region's failure is said once on screen, even when the pane's operation failed
    /// with its own message).
    pub fn header_failures(&self) -> Vec<(String, ServiceError)> {
        if self.regions.len() < 2 {
            return vec![];
        }
        // The pane's line shows its first failing Region's error (see RefreshStatus::summary).
        let on_pane = self
            .panes
            .region_status(self.active)
            .iter()
            .find(|(_, s)| s.error.is_some())
            .map(|(r, _)| r);
        self.failing_regions()
            .into_iter()
            .filter(|(r, _)| Some(r) != on_pane)
            .collect()
    }

    /// Whether rows of `region` belong on screen (it may have been removed mid-sweep).
    pub fn shows_region(&self, region: &str) -> bool {
        self.regions.iter().any(|r| r == region)
    }

    /// Whether calls go over plain HTTP to a host that is not this machine (`--endpoint-url
    /// http://…`): worth a warning on every screen. Loopback (the emulator) is fine.
    pub fn plaintext_endpoint(&self) -> bool {
        let Some(rest) = self.endpoint.strip_prefix("http://") else {
            return false;
        };
        let authority = rest.split('/').next().unwrap_or_default();
        let host = match authority.strip_prefix('[') {
            Some(v6) => v6.split(']').next().unwrap_or_default(),
            None => authority.split(':').next().unwrap_or_default(),
        };
        let loopback = host.eq_ignore_ascii_case("localhost")
            || host
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback());
        !loopback
    }

    /// When the notice on screen clears by itself (None: no notice).
    pub fn notice_deadline(&self) -> Option<std::time::Instant> {
        self.notice_at.as_ref().map(|(at, _)| *at + NOTICE_FOR)
    }

    /// The account context as the audit log and the queue name it.
    pub fn context_name(&self) -> String {
        self.profile.clone().unwrap_or_else(|| match self.mode {
            Mode::Demo => "demo".into(),
            Mode::Live => "default".into(),
        })
    }

    /// Regions that themselves fail, with the first error seen: unreachable (a request
    /// never sent), or every pane that has tried the Region failing. One operation denied
    /// or missing marks its own pane, not the Region.
    pub fn failing_regions(&self) -> Vec<(String, ServiceError)> {
        use crate::domain::ErrorKind;
        // Per Region: the first error, whether it was unreachable, panes tried and failed.
        let mut seen: BTreeMap<&String, (Option<&ServiceError>, bool, usize, usize)> =
            BTreeMap::new();
        for kind in PaneKind::TOP {
            for (region, status) in self.panes.region_status(kind) {
                let tried = status.error.is_some() || status.last_ok.is_some();
                let entry = seen.entry(region).or_default();
                entry.2 += usize::from(tried);
                if let Some(e) = &status.error {
                    entry.0.get_or_insert(e);
                    entry.1 |= e.kind == ErrorKind::NotSent;
                    entry.3 += 1;
                }
            }
        }
        seen.into_iter()
            .filter_map(|(region, (error, unreachable, tried, failed))| {
                let e = error?;
                (unreachable || failed == tried).then(|| (region.clone(), e.clone()))
            })
            .collect()
    }

    pub fn ctx(&self) -> Ctx<'_> {
        ctx_of(&self.joined, self.now, self.idle_days)
    }

    pub fn pane(&self) -> &dyn AnyPane {
        self.panes.get(self.active)
    }

    /// Rows the `:` or `/` prompt takes: its input, its error wrapped whole (up to three
    /// lines, so a long regex error is read in full at 80 columns), and a rule.
    pub fn prompt_rows(&self) -> u16 {
        match &self.overlay {
            Overlay::Command { error, .. } | Overlay::Filter { error, .. } => {
                let width = usize::from(self.size.0.max(1));
                let error_lines = error
                    .as_ref()
                    .map_or(0, |e| e.chars().count().div_ceil(width).clamp(1, 3));
                2 + error_lines as u16
            }
            _ => 0,
        }
    }

    /// Table body height at the current terminal size, less what prompts and a pane error
    /// line take (the same arithmetic as the layout in `ui::draw`).
    pub fn body_rows(&self) -> usize {
        let prompt = self.prompt_rows();
        let error_line = u16::from(self.pane().refresh().error.is_some());
        // CHROME_ROWS counts the usual two header lines; hidden (Ctrl-E) they are rows too.
        let chrome = (CHROME_ROWS + self.header_rows()).saturating_sub(2);
        self.size
            .1
            .saturating_sub(chrome + prompt + error_line)
            .max(1) as usize
    }

    /// WorkSpaces per state, for the header.
    pub fn counts_by_state(&self) -> BTreeMap<(StateClass, &str), usize> {
        // The table keeps these counts as rows come and go (`Keyed::tally`): a frame only
        // orders the handful of states.
        self.panes
            .workspaces
            .table
            .tallies()
            .map(|(name, n)| ((WorkspaceState::parse(name).class(), name), n))
            .collect()
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
        app_updates: &joined.app_updates,
        tags: &joined.tags,
        usage: &joined.usage,
        billing: &joined.billing,
        idle_days,
        multi_region: joined.multi_region,
        generation: joined.generation,
        touched: &joined.touched,
    }
}

pub fn now_epoch() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}
