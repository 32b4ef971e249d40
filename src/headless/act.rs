//! `wsfleet do ACTION --filter EXPR` (issue 29, item 2): WorkSpaces actions for scripts and
//! cron, planned by the queue's prechecks (`queue::plan`, the skip reasons the TUI shows),
//! confirmed without a terminal by `--yes` or `--confirm N`, and sent through the TUI's own
//! queue: the audit log records each call before it is sent, the journal keeps what a stop
//! leaves unsent, and every target gets exactly one outcome.

use super::connect::{connect, EXIT_SETUP};
use super::get::{arrange, read, services, session_state, Request};
use crate::cli::{Cli, DoArgs, DoOutput};
use crate::config::Config;
use crate::domain::{Action, Outcome};
use crate::panes::PaneKind;
use crate::queue::{self, ActionApi, AuditLog, JobSpec, Plan, QueueConfig, QueueEvent};
use crate::service::WorkspacesService;
use std::collections::{BTreeMap, HashMap};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

/// The actions `do` takes, each named as the TUI's action table names it.
const ACTIONS: [Action; 6] = [
    Action::Reboot,
    Action::Start,
    Action::Stop,
    Action::Rebuild,
    Action::Terminate,
    Action::Restore,
];

/// How long calls in flight get to answer after SIGINT, SIGTERM or SIGHUP.
const GRACE: Duration = Duration::from_secs(5);

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
    let Some(action) = ACTIONS.iter().find(|a| a.name() == args.action).cloned() else {
        let names: Vec<String> = ACTIONS.iter().map(Action::name).collect();
        return bad(&format!(
            "unknown action '{}' (actions: {})",
            args.action,
            names.join(", ")
        ));
    };
    if cfg.read_only && !args.dry_run {
        return bad("read-only: only --dry-run is allowed");
    }
    let ids = match args.ids.as_deref().map(read_ids).transpose() {
        Ok(ids) => ids,
        Err(e) => return bad(&e),
    };
    let request = Request {
        kind: PaneKind::Workspaces,
        shown: vec![],
        filter: args.filter.clone().unwrap_or_default(),
        sort: None,
    };
    let connected = match connect(cli, cfg).await {
        Ok(c) => c,
        Err(e) => return bad(&e.message),
    };
    let mut state = session_state(cfg, &connected);
    if let Err(e) = arrange(&mut state, &request) {
        return bad(&e);
    }
    let services = services(cfg, &connected, &state.regions, cfg.read_only);
    let failures = match &ids {
        Some(ids) => super::load::look_up_ids(&mut state, &services, ids).await,
        None => read(&mut state, &services, &request).await,
    };
    if !failures.is_empty() {
        for f in &failures {
            say(f);
        }
        return bad("the WorkSpaces could not all be read: nothing sent");
    }
    let _ = arrange(&mut state, &request);
    let mut plans = plan(&state, &action);
    if let Some(ids) = &ids {
        add_not_found(&mut plans, &state, ids);
    }
    let eligible: usize = plans.values().map(|p| p.to_send.len()).sum();
    if args.dry_run {
        print_plan(&action, &plans);
        return ExitCode::SUCCESS;
    }
    if let Err(e) = confirmed(cfg, args, &action, eligible) {
        return bad(&e);
    }
    send(
        cfg,
        &state.context_name(),
        services,
        action,
        plans,
        args.output,
    )
    .await
}

/// Each place's plan: the WorkSpaces the filter keeps, split by the queue's prechecks into
/// those to send and those skipped with the reason.
fn plan(state: &crate::app::State, action: &Action) -> BTreeMap<String, Plan> {
    let table = &state.panes.workspaces.table;
    let mut by_place: BTreeMap<String, Vec<&crate::domain::Workspace>> = BTreeMap::new();
    for w in (0..table.view_len()).filter_map(|i| table.view_row(i)) {
        by_place.entry(w.region.clone()).or_default().push(w);
    }
    by_place
        .into_iter()
        .map(|(place, rows)| (place, queue::plan(action, rows)))
        .collect()
}

/// IDs from `--ids FILE` (`-`: stdin), one per line; blank lines and repeats ignored.
fn read_ids(path: &std::path::Path) -> Result<Vec<String>, String> {
    let text = if path == std::path::Path::new("-") {
        std::io::read_to_string(std::io::stdin())
    } else {
        std::fs::read_to_string(path)
    }
    .map_err(|e| format!("--ids {}: {e}", path.display()))?;
    let mut ids: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    ids.sort();
    ids.dedup();
    if ids.is_empty() {
        return Err(format!("--ids {}: no IDs", path.display()));
    }
    Ok(ids)
}

/// An ID of `--ids` found in no place shown is skipped, so it too has its one outcome.
fn add_not_found(plans: &mut BTreeMap<String, Plan>, state: &crate::app::State, ids: &[String]) {
    let table = &state.panes.workspaces.table;
    let place = state.regions.first().cloned().unwrap_or_default();
    let places = state.regions.join(", ");
    for id in ids.iter().filter(|id| table.get(id).is_none()) {
        let target = queue::Target::new(id.clone(), "");
        let reason = format!("not found in {places}");
        plans
            .entry(place.clone())
            .or_default()
            .skipped
            .push((target, reason));
    }
}

/// The confirmation rules without a terminal: a destructive action, or more than
/// `confirm_typed_over` targets, needs `--confirm N` with N the number that will be sent;
/// anything else `--yes` (or the right `--confirm`). `--max N` caps the number.
fn confirmed(cfg: &Config, args: &DoArgs, action: &Action, eligible: usize) -> Result<(), String> {
    if let Some(max) = args.max.filter(|&m| eligible > m) {
        return Err(format!(
            "{eligible} WorkSpaces would be sent {action}, more than --max {max}: nothing sent"
        ));
    }
    let typed = action.is_destructive() || eligible > cfg.confirm_typed_over;
    match (args.confirm, args.yes) {
        (Some(n), _) if n == eligible => Ok(()),
        (Some(n), _) => Err(format!(
            "--confirm {n}, but {eligible} WorkSpaces would be sent {action}: nothing sent"
        )),
        (None, true) if !typed => Ok(()),
        (None, true) => Err(format!(
            "{action} of {eligible} WorkSpaces needs --confirm {eligible}, not --yes: nothing sent"
        )),
        (None, false) => Err(format!(
            "needs --yes or --confirm {eligible} ({eligible} WorkSpaces would be sent {action}): nothing sent"
        )),
    }
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

/// Submit one job per place to the TUI's queue and print every outcome as it comes; stop
/// as the TUI stops on SIGINT, SIGTERM and SIGHUP.
async fn send(
    cfg: &Config,
    profile: &str,
    services: Vec<WorkspacesService>,
    action: Action,
    plans: BTreeMap<String, Plan>,
    output: DoOutput,
) -> ExitCode {
    let audit_path = cfg
        .audit_log
        .clone()
        .or_else(AuditLog::default_path)
        .unwrap_or_else(|| "wsfleet-audit.log".into());
    let apis: HashMap<String, Arc<dyn ActionApi>> = services
        .into_iter()
        .map(|s| (s.region().to_string(), Arc::new(s) as Arc<dyn ActionApi>))
        .collect();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let queue = queue::spawn_configured(
        move |_, place| apis.get(place).cloned(),
        AuditLog::new(audit_path),
        Some(profile.to_string()),
        tx,
        QueueConfig {
            journal_dir: queue::journal::default_dir(),
            ..QueueConfig::default()
        },
    );
    let mut outcomes = Outcomes::new(action.clone(), output);
    let mut jobs = BTreeMap::new();
    for (place, plan) in plans
        .into_iter()
        .filter(|(_, p)| !p.to_send.is_empty() || !p.skipped.is_empty())
    {
        for (t, why) in &plan.skipped {
            outcomes.print(
                &place,
                &t.id,
                &Outcome::Skipped {
                    reason: why.clone(),
                },
            );
        }
        let id = queue.submit(JobSpec::new(action.clone(), place.clone(), plan));
        jobs.insert(id, place);
    }
    let mut signal = super::signals::Signals::new();
    let mut stopped = None;
    while !jobs.is_empty() {
        tokio::select! {
            event = rx.recv() => match event {
                Some(e) => outcomes.on_event(e, &mut jobs),
                None => break,
            },
            code = signal.next(), if stopped.is_none() => {
                stopped = Some(code);
                let _ = queue.shutdown(GRACE).await;
            }
        }
    }
    outcomes.summary();
    match stopped {
        Some(code) => ExitCode::from(code),
        None => outcomes.exit_code(),
    }
}

/// Every outcome printed once, and counted for the exit status.
struct Outcomes {
    action: Action,
    output: DoOutput,
    counts: BTreeMap<&'static str, usize>,
}

impl Outcomes {
    fn new(action: Action, output: DoOutput) -> Self {
        Outcomes {
            action,
            output,
            counts: BTreeMap::new(),
        }
    }

    fn on_event(&mut self, event: QueueEvent, jobs: &mut BTreeMap<queue::JobId, String>) {
        match event {
            QueueEvent::Progress { job, results, .. } => {
                let place = jobs.get(&job).cloned().unwrap_or_default();
                for r in results {
                    self.print(&place, &r.id, &r.outcome);
                }
            }
            QueueEvent::JobFinished { job, .. } => {
                jobs.remove(&job);
            }
            _ => {}
        }
    }

    fn print(&mut self, place: &str, id: &str, outcome: &Outcome) {
        *self.counts.entry(outcome.label()).or_default() += 1;
        let (code, message) = match outcome {
            Outcome::Failed { code, message } | Outcome::Unknown { code, message } => {
                (Some(code.as_str()), Some(message.as_str()))
            }
            Outcome::Skipped { reason } | Outcome::Cancelled { reason } => {
                (None, Some(reason.as_str()))
            }
            Outcome::Succeeded { .. } => (None, None),
        };
        let line = match self.output {
            DoOutput::Jsonl => serde_json::json!({
                "region": place,
                "action": self.action.name(),
                "operation": self.action.operation(),
                "resource": id,
                "outcome": outcome.label(),
                "code": code,
                "message": message,
                "result": outcome.result(),
            })
            .to_string(),
            DoOutput::Text => {
                let why = [code, message]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(": ");
                crate::config::printable_lines(&format!(
                    "{id}  {}  {}  {why}",
                    self.action.name(),
                    outcome.label()
                ))
                .trim_end()
                .to_string()
            }
        };
        let _ = super::print::emit(format!("{line}\n").as_bytes());
    }

    fn summary(&self) {
        let parts: Vec<String> = self
            .counts
            .iter()
            .map(|(k, n)| format!("{n} {k}"))
            .collect();
        let total: usize = self.counts.values().sum();
        say(&format!(
            "{} of {total} WorkSpaces: {}",
            self.action.name(),
            parts.join(", ")
        ));
    }

    /// 3 when some may have been applied, else 1 when some failed, else 0.
    fn exit_code(&self) -> ExitCode {
        let has = |k: &str| self.counts.get(k).is_some_and(|&n| n > 0);
        if has("unknown") {
            ExitCode::from(3)
        } else if has("failed") || has("cancelled") {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        }
    }
}
