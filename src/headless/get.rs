//! `wsfleet get PANE` (issue 29): one pane's rows, read as the TUI reads them and printed
//! with `:export`'s values, for scripts and cron.

use super::connect::{connect, Connected, EXIT_SETUP};
use super::{load, print, wants};
use crate::app::pane::PaneState;
use crate::app::panes::VisitPane;
use crate::app::state::ctx_of;
use crate::app::{Setup, State};
use crate::cli::{Cli, GetArgs, GetOutput};
use crate::config::{Config, Theme};
use crate::panes::PaneKind;
use crate::service::WorkspacesService;
use crate::table::filter::{ColumnName, Terms};
use crate::table::resource::{column_names, Resource};
use std::process::ExitCode;

/// Printed on stderr with the `wsfleet get:` prefix, control characters escaped.
fn say(text: &str) {
    use std::io::Write as _;
    let line = crate::config::printable_lines(text);
    let _ = writeln!(std::io::stderr(), "wsfleet get: {line}");
}

/// The panes `get` lists: those `:` opens by name that list an account's resources, and the
/// fleet doctor's findings over them.
fn gettable() -> impl Iterator<Item = PaneKind> {
    PaneKind::all().filter(|k| k.spec().command && (k.spec().resources || *k == PaneKind::Doctor))
}

/// What was asked, checked before anything is read.
pub(super) struct Request {
    pub(super) kind: PaneKind,
    /// Indexes of the pane's columns to print, in order.
    pub(super) shown: Vec<usize>,
    pub(super) filter: String,
    pub(super) sort: Option<(String, bool)>,
}

impl Request {
    fn parse(args: &GetArgs) -> Result<Request, String> {
        let kind = PaneKind::from_command(&args.pane)
            .filter(|k| gettable().any(|g| g == *k))
            .ok_or_else(|| {
                let names: Vec<&str> = gettable().map(|k| k.commands()[0]).collect();
                format!("unknown pane '{}' (panes: {})", args.pane, names.join(", "))
            })?;
        let all = columns_of(kind);
        let shown = match (args.output, args.columns.as_slice()) {
            (GetOutput::Ids, _) => vec![],
            (_, []) => (0..all.len()).collect(),
            (_, names) => {
                (kind.spec().column_layout)(names).map_err(|e| format!("--columns: {e}"))?
            }
        };
        let sort = args.sort.as_deref().map(parse_sort).transpose()?;
        Ok(Request {
            kind,
            shown,
            filter: args.filter.clone().unwrap_or_default(),
            sort,
        })
    }
}

/// `COL`, `COL:asc` or `COL:desc`.
fn parse_sort(s: &str) -> Result<(String, bool), String> {
    let (name, desc) = match s.rsplit_once(':') {
        Some((name, "desc")) => (name, true),
        Some((name, "asc")) => (name, false),
        Some(_) => return Err(format!("--sort {s}: expected COL, COL:asc or COL:desc")),
        None => (s, false),
    };
    Ok((name.to_string(), desc))
}

/// A pane kind's column names, from its row type.
struct Names;

impl VisitPane for Names {
    type Out = Vec<ColumnName>;
    fn visit<R: Resource>(self, _: &PaneState<R>) -> Vec<ColumnName> {
        column_names::<R>()
    }
}

/// The IDs of the rows the view shows, in its order.
pub(super) struct ViewIds;

impl VisitPane for ViewIds {
    type Out = Vec<String>;
    fn visit<R: Resource>(self, p: &PaneState<R>) -> Vec<String> {
        (0..p.table.view_len())
            .filter_map(|i| p.table.view_row(i))
            .map(|r| r.key().to_string())
            .collect()
    }
}

/// A pane kind's column names.
fn columns_of(kind: PaneKind) -> Vec<ColumnName> {
    crate::app::panes::Panes::default().visit(kind, Names)
}

pub async fn run(cli: &Cli, cfg: &Config, args: &GetArgs) -> ExitCode {
    let request = match Request::parse(args) {
        Ok(r) => r,
        Err(e) => {
            say(&e);
            return ExitCode::from(EXIT_SETUP);
        }
    };
    // The filter and sort are checked against the pane's columns before any call is sent.
    let mut state = State::start(Setup::new(
        crate::app::Mode::Live,
        String::new(),
        None,
        String::new(),
    ));
    if let Err(e) = arrange(&mut state, &request) {
        say(&e);
        return ExitCode::from(EXIT_SETUP);
    }
    let connected = match connect(cli, cfg).await {
        Ok(c) => c,
        Err(e) => {
            say(&e.message);
            return ExitCode::from(e.code);
        }
    };
    let mut state = session_state(cfg, &connected);
    let _ = arrange(&mut state, &request);
    let services = services(cfg, &connected, &state.regions, true);
    let failures = read(&mut state, &services, &request).await;
    if request.kind == PaneKind::Doctor {
        // The findings over everything read (the last page may have come in a batch).
        state.doctor.stale = true;
        crate::app::doctor::refresh(&mut state);
    }
    // Joined data (connection status, users) may have come after the rows: filter and sort
    // once more with all of it.
    let _ = arrange(&mut state, &request);
    for f in &failures {
        say(f);
    }
    if let Err(e) = output(&state, &request, args.output) {
        say(&format!("cannot write the output: {e}"));
        return ExitCode::FAILURE;
    }
    if failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// The pane's filter and sort, as `/` and `:sort` set them in the TUI.
pub(super) fn arrange(state: &mut State, request: &Request) -> Result<(), String> {
    state.active = request.kind;
    let ctx = ctx_of(&state.joined, state.now, state.idle_days);
    let pane = state.panes.get_mut(request.kind);
    pane.set_filter(&request.filter, &ctx)
        .map_err(|e| format!("--filter: {e}"))?;
    if let Some((name, desc)) = &request.sort {
        pane.sort_by_name(name, *desc, &ctx)
            .map_err(|e| format!("--sort: {e}"))?;
    }
    Ok(())
}

/// The state a TUI session would start with, on the places it would show.
pub(super) fn session_state(cfg: &Config, connected: &Connected) -> State {
    let place = &connected.place;
    let profiles: Vec<String> = connected.accounts.iter().map(|(p, _)| p.clone()).collect();
    let (profile, places) = if profiles.is_empty() {
        (place.profile.clone(), place.regions.clone())
    } else {
        (
            Some(profiles.join("+")),
            crate::domain::place::all(&profiles, &place.regions),
        )
    };
    State::start(Setup {
        mode: place.mode.clone(),
        regions: places,
        accounts: profiles,
        profile,
        endpoint: place.endpoint.clone(),
        notice: None,
        idle_days: i64::from(cfg.idle_days),
        read_only: true,
        confirm_typed_over: cfg.confirm_typed_over,
        keymap: cfg.keymap.clone(),
        theme: Theme::default(),
        ascii: cfg.ascii,
        column_layouts: vec![],
        doctor: cfg.doctor.clone(),
        billing: cfg.billing.clone(),
    })
}

/// Each place's service, with its own budget at the configured rate (`api.rate`,
/// `api.burst`), as the TUI's; `get` sends nothing mutating.
pub(super) fn services(
    cfg: &Config,
    connected: &Connected,
    places: &[String],
    read_only: bool,
) -> Vec<WorkspacesService> {
    places
        .iter()
        .map(|place| {
            let connector = crate::domain::place::profile(place)
                .and_then(|p| connected.accounts.iter().find(|(name, _)| name == p))
                .map_or(&connected.connector, |(_, c)| c);
            connector
                .service(place, cfg.api.rate, cfg.api.burst)
                .with_read_only(read_only)
        })
        .collect()
}

/// Read what the answer needs (see `wants`), with a progress line on a terminal.
pub(super) async fn read(
    state: &mut State,
    services: &[WorkspacesService],
    request: &Request,
) -> Vec<String> {
    let columns = columns_of(request.kind);
    let terms = Terms::parse(&request.filter, &columns).unwrap_or_default();
    let bar = super::progress::Bar::reading();
    let mut tick = |n: usize| bar.set(n);
    if request.kind == PaneKind::Doctor {
        // What the doctor's rules read, and nothing else (it is no sweep of its own).
        let panes = crate::app::doctor::panes_read();
        return load::sweep(state, services, &panes, &mut tick).await;
    }
    match wants::lookup_only(request.kind, &request.filter) {
        Some(users) => {
            let mut failures = vec![];
            if users {
                failures = load::sweep(state, services, &[PaneKind::Directories], &mut tick).await;
            }
            failures.extend(load::look_up_named(state, services, &mut tick).await);
            failures
        }
        None => {
            let panes = wants::sweeps(request.kind, &columns, &request.shown, &terms);
            load::sweep(state, services, &panes, &mut tick).await
        }
    }
}

fn output(state: &State, request: &Request, format: GetOutput) -> std::io::Result<()> {
    if format == GetOutput::Ids {
        let ids = state.panes.visit(request.kind, ViewIds);
        let mut text = ids.join("\n");
        if !ids.is_empty() {
            text.push('\n');
        }
        return print::emit(text.as_bytes());
    }
    let ctx = ctx_of(&state.joined, state.now, state.idle_days);
    let (headers, rows) = state.panes.get(request.kind).export_rows(&ctx);
    let (headers, rows) = print::project(&headers, rows, &request.shown);
    let bytes = print::render(format, &headers, &rows).map_err(std::io::Error::other)?;
    print::emit(&bytes)
}
