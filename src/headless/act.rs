//! `wsfleet do ACTION --filter EXPR` (issue 29, item 2): the TUI's actions on WorkSpaces,
//! images, pools and fleets for scripts and cron, planned by the queue's prechecks
//! (`queue::plan`, the skip reasons the TUI shows), confirmed without a terminal by `--yes`
//! or `--confirm N` (`confirm`), and sent through the TUI's own queue (`send`): the audit log
//! records each call before it is sent, the journal keeps what a stop leaves unsent, and
//! every target gets exactly one outcome.

use super::confirm::{self, Ask};
use super::connect::{connect, EXIT_SETUP};
use super::get::{arrange, read, services, session_state, Request};
use super::outcomes::Outcomes;
use super::send::Sender;
use super::{targets, verbs};
use crate::cli::{Cli, DoArgs};
use crate::config::Config;
use crate::domain::Action;
use crate::panes::{PaneKind, RowKind};
use crate::queue::{JobSpec, Plan, Target};
use std::collections::{BTreeMap, HashMap};
use std::process::ExitCode;

fn say(text: &str) {
    use std::io::Write as _;
    let line = crate::config::printable_lines(text);
    let _ = writeln!(std::io::stderr(), "wsfleet do: {line}");
}

fn bad(text: &str) -> ExitCode {
    say(text);
    ExitCode::from(EXIT_SETUP)
}

pub async fn run(cli: &Cli, cfg: &Config, args: &DoArgs) -> ExitCode {
    let (kind, action) = match verbs::parse(args) {
        Ok(parsed) => parsed,
        Err(e) => return bad(&e),
    };
    let flags = &args.confirmation;
    // A dry run of the service's own (CreateUpdatedImage dryRun) changes nothing either.
    if cfg.read_only && !flags.dry_run && !action.changes_nothing() {
        return bad("read-only: only --dry-run is allowed");
    }
    let ids = match args.ids.as_deref().map(targets::read_ids).transpose() {
        Ok(ids) => ids,
        Err(e) => return bad(&e),
    };
    // WorkSpaces named by ID are looked up by ID, their connection status with them.
    let read_by_id = ids.is_some() && kind.rows() == RowKind::Workspace;
    let Read {
        kind,
        mut state,
        services,
        plans,
        connected: _connected,
    } = match read_targets(cli, cfg, args, kind, &action, ids).await {
        Ok(read) => read,
        Err(e) => return bad(&e),
    };
    let to_send: HashMap<String, Vec<Target>> = plans
        .iter()
        .map(|(place, p)| (place.clone(), p.to_send.clone()))
        .collect();
    let eligible = to_send.values().map(Vec::len).sum();
    let rows = kind.rows();
    let affects =
        confirm::affects(&mut state, &services, rows, &action, &to_send, read_by_id).await;
    let ask = Ask {
        action: &action,
        noun: verbs::noun(kind),
        eligible,
        affects,
        typed_over: cfg.confirm_typed_over,
    };
    if flags.dry_run {
        print_plan(&action, &plans);
        say(&ask.needs());
        return ExitCode::SUCCESS;
    }
    if let Err(e) = confirm::confirmed(&ask, flags) {
        return bad(&e);
    }
    let sender = Sender::start(cfg, &state.context_name(), services);
    let jobs = plans
        .into_iter()
        .filter(|(_, p)| !p.to_send.is_empty() || !p.skipped.is_empty())
        .map(|(place, plan)| (JobSpec::new(action.clone(), place, plan), None))
        .collect();
    let noun = verbs::noun(kind);
    let out = Outcomes::new("wsfleet do", action, noun, flags.output, eligible);
    sender.run(jobs, out).await
}

/// What was read for a `do`: the pane acted on, the state holding its rows, each place's
/// service, and each place's plan.
struct Read {
    kind: PaneKind,
    state: crate::app::State,
    services: Vec<crate::service::WorkspacesService>,
    plans: BTreeMap<String, Plan>,
    /// Kept for as long as the run: it holds the demo's emulator.
    connected: super::connect::Connected,
}

/// Read the rows the filter (or `--ids`) names, as the TUI reads them, and plan `action` on
/// those the view keeps; a read that fails sends nothing.
async fn read_targets(
    cli: &Cli,
    cfg: &Config,
    args: &DoArgs,
    kind: PaneKind,
    action: &Action,
    ids: Option<Vec<String>>,
) -> Result<Read, String> {
    // WorkSpaces named by ID are looked up by ID (DescribeWorkspaces WorkspaceIds), in the
    // WorkSpaces pane whatever pane their rows are shown in.
    let by_id = ids.is_some() && kind.rows() == RowKind::Workspace;
    let kind = if by_id { PaneKind::Workspaces } else { kind };
    let request = Request {
        kind,
        shown: vec![],
        filter: args.filter.clone().unwrap_or_default(),
        sort: None,
    };
    let connected = connect(cli, cfg).await.map_err(|e| e.message)?;
    let mut state = session_state(cfg, &connected);
    arrange(&mut state, &request)?;
    let services = services(cfg, &connected, &state.regions, cfg.read_only);
    let mut failures = match &ids {
        Some(ids) if by_id => super::load::look_up_ids(&mut state, &services, ids).await,
        _ => read(&mut state, &services, &request).await,
    };
    // The connection pane's rows are WorkSpaces: their prechecks read the WorkSpaces.
    if kind == PaneKind::Connections {
        let mut quiet = |_: usize| {};
        let sweep = [PaneKind::Workspaces];
        failures.extend(super::load::sweep(&mut state, &services, &sweep, &mut quiet).await);
    }
    // Unshare: who each image is shared with, for the precheck (`shares`).
    if super::shares::needed(action) {
        let _ = arrange(&mut state, &request);
        let only = ids.as_deref();
        failures.extend(super::shares::read(&mut state, &services, kind, only).await);
    }
    if !failures.is_empty() {
        for f in &failures {
            say(f);
        }
        return Err(format!(
            "the {} could not all be read: nothing sent",
            verbs::noun(kind)
        ));
    }
    let _ = arrange(&mut state, &request);
    let mut plans = targets::plan(&state, kind, action);
    if let Some(ids) = &ids {
        targets::keep_only(&mut plans, ids);
        targets::add_not_found(&mut plans, &state, kind, ids);
    }
    super::forms::settle(&mut state, &services, action, &mut plans).await?;
    Ok(Read {
        kind,
        state,
        services,
        plans,
        connected,
    })
}

/// The plan on stdout: each target, each skip and why, and the calls per place.
fn print_plan(action: &Action, plans: &BTreeMap<String, Plan>) {
    let mut out = String::new();
    for (place, p) in plans {
        let calls = p.to_send.len().div_ceil(action.batch_size().max(1));
        out.push_str(&format!(
            "{place}: {} to send in {calls} {} call(s), {} skipped\n",
            p.to_send.len(),
            action.operation(),
            p.skipped.len()
        ));
        for t in &p.to_send {
            out.push_str(&format!("  send  {}  {}\n", t.id, t.label));
        }
        for (t, why) in &p.skipped {
            out.push_str(&format!("  skip  {}  {why}\n", t.id));
        }
    }
    let _ = super::print::emit(crate::config::printable_lines(&out).as_bytes());
}
