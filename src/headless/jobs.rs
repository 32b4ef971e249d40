//! `wsfleet jobs` and `wsfleet resume JOB` (issue 29): the profile's unfinished jobs from the
//! journal a stopped `do` (or TUI) leaves, and resuming one as the TUI resumes it
//! (`app::resume`, `runtime::resume`): the queue first records the jobs of a process that
//! died, then the job's never-sent targets are re-read as they are now and planned again
//! (`journal::resume_spec`), and the same confirmation as a new job is asked. Targets that
//! were sent, or may have been applied (unknown), are never among them.

use super::confirm::{self, Ask};
use super::connect::{connect, Connected, EXIT_SETUP};
use super::get::{services, session_state};
use super::outcomes::Outcomes;
use super::send::Sender;
use crate::app::State;
use crate::cli::{Cli, DoOutput, JobsArgs, ResumeArgs};
use crate::config::Config;
use crate::domain::{Action, TargetKind, UpdateCheck};
use crate::panes::PaneKind;
use crate::queue::journal::{self, UnfinishedJob};
use crate::queue::{CheckedImage, JobSpec, Target};
use crate::service::WorkspacesService;
use std::collections::HashMap;
use std::process::ExitCode;

fn say(text: &str) {
    use std::io::Write as _;
    let line = crate::config::printable_lines(text);
    let _ = writeln!(std::io::stderr(), "wsfleet: {line}");
}

fn bad(text: &str) -> ExitCode {
    say(text);
    ExitCode::from(EXIT_SETUP)
}

/// The journal's directory and the session's state (its profile names the journal file).
async fn open(cli: &Cli, cfg: &Config) -> Result<(std::path::PathBuf, Connected, State), String> {
    let dir = journal::default_dir().ok_or("no data directory for the journal")?;
    let connected = connect(cli, cfg).await.map_err(|e| e.message)?;
    let state = session_state(cfg, &connected);
    Ok((dir, connected, state))
}

/// How the job ended, in a word.
fn how(job: &UnfinishedJob) -> &'static str {
    if job.interrupted() {
        "interrupted"
    } else if job.unrecorded() {
        "died"
    } else {
        "ended"
    }
}

fn iso(secs: i64) -> String {
    chrono::DateTime::from_timestamp(secs, 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

/// `wsfleet jobs`: one line (or JSON object) per unfinished job of the profile.
pub async fn list(cli: &Cli, cfg: &Config, args: &JobsArgs) -> ExitCode {
    let (dir, _connected, state) = match open(cli, cfg).await {
        Ok(opened) => opened,
        Err(e) => return bad(&e),
    };
    let jobs = match journal::load(&dir, &state.context_name()) {
        Ok(jobs) => jobs,
        Err(e) => {
            say(&e);
            return ExitCode::FAILURE;
        }
    };
    let mut out = String::new();
    if args.output == DoOutput::Text && !jobs.is_empty() {
        out.push_str("JOB  ACTION  REGION  STATE  NOT SENT  UNKNOWN  QUEUED\n");
    }
    for job in &jobs {
        let campaign = job.campaign.as_ref().map(|c| c.key.clone());
        out.push_str(&match args.output {
            DoOutput::Jsonl => serde_json::json!({
                "job": job.key,
                "action": job.action.name(),
                "operation": job.action.operation(),
                "region": job.region,
                "state": how(job),
                "not_sent": job.not_sent.len(),
                "unknown": job.unknown.len() + job.in_flight.len(),
                "queued_at": iso(job.queued_at),
                "campaign": campaign,
            })
            .to_string(),
            DoOutput::Text => format!(
                "{}  {}  {}  {}  {}  {}  {}{}",
                job.key,
                job.action.name(),
                job.region,
                how(job),
                job.not_sent.len(),
                job.unknown.len() + job.in_flight.len(),
                iso(job.queued_at),
                campaign.map_or(String::new(), |c| format!("  (campaign {c})"))
            ),
        });
        out.push('\n');
    }
    let _ = super::print::emit(crate::config::printable_lines(&out).as_bytes());
    ExitCode::SUCCESS
}

/// Why `job` is not resumed from the command line, if it is not.
fn not_resumable(job: &UnfinishedJob, state: &State) -> Option<String> {
    if job.campaign.is_some() {
        return Some("a step of an image update campaign: resume the campaign in the TUI".into());
    }
    if matches!(job.action, Action::CreateWorkspaces(_)) {
        return Some("a create is not resumed (CreateWorkspaces is not idempotent)".into());
    }
    if pane_of(job.action.target_kind()).is_none() {
        return Some("sessions cannot be re-read by ID".into());
    }
    if !state.regions.contains(&job.region) {
        return Some(format!(
            "it ran in {}, which this run does not show (--region)",
            job.region
        ));
    }
    None
}

/// The pane whose sweep re-reads targets of this kind.
fn pane_of(kind: TargetKind) -> Option<PaneKind> {
    Some(match kind {
        TargetKind::Workspace => PaneKind::Workspaces,
        TargetKind::Image => PaneKind::Images,
        TargetKind::Bundle => PaneKind::Bundles,
        TargetKind::Pool => PaneKind::Pools,
        TargetKind::Directory => PaneKind::Directories,
        TargetKind::AppImage => PaneKind::AppImages,
        TargetKind::AppFleet => PaneKind::AppFleets,
        TargetKind::PoolSession | TargetKind::AppSession => return None,
    })
}

/// `wsfleet resume JOB`.
pub async fn resume(cli: &Cli, cfg: &Config, args: &ResumeArgs) -> ExitCode {
    let flags = &args.confirmation;
    if cfg.read_only && !flags.dry_run {
        return bad("read-only: only --dry-run is allowed; the job stays in the journal");
    }
    let (dir, connected, mut state) = match open(cli, cfg).await {
        Ok(opened) => opened,
        Err(e) => return bad(&e),
    };
    let profile = state.context_name();
    let found =
        journal::load(&dir, &profile).map(|jobs| jobs.into_iter().find(|j| j.key == args.job));
    let job = match found {
        Ok(Some(job)) => job,
        Ok(None) => {
            return bad(&format!(
                "no unfinished job {} (wsfleet jobs lists them)",
                args.job
            ))
        }
        Err(e) => return bad(&e),
    };
    if let Some(why) = not_resumable(&job, &state) {
        return bad(&format!(
            "{} not resumed: {why}; it stays in the journal",
            job.key
        ));
    }
    let services = services(
        cfg,
        &connected,
        std::slice::from_ref(&job.region),
        cfg.read_only,
    );
    // As the TUI at start: the queue records the jobs of a process that died before it
    // takes any job; the entry is read again after.
    let sender = Sender::start(cfg, &profile, services.clone());
    if let Err(e) = sender.queue.recover(profile.clone()).await {
        return bad(&format!(
            "jobs ended by a crash could not be recorded ({e}): nothing sent"
        ));
    }
    let job = match journal::load(&dir, &profile)
        .map(|jobs| jobs.into_iter().find(|j| j.key == args.job))
    {
        Ok(Some(job)) => job,
        _ => return bad(&format!("{} left the journal: nothing sent", args.job)),
    };
    let spec = match reread(&mut state, &services, &job).await {
        Ok(spec) => spec,
        Err(e) => {
            return bad(&format!(
                "re-read failed ({e}): nothing sent; the job stays in the journal"
            ))
        }
    };
    let unknown = job.unknown.len();
    if unknown > 0 {
        say(&format!(
            "{unknown} may have been applied (unknown): never resent; check them by hand"
        ));
    }
    let to = Sending {
        sender,
        services: &services,
        flags,
    };
    confirm_and_send(cfg, &mut state, to, job, spec).await
}

/// The queue the job goes to (the one that recorded the dead jobs), and how it is confirmed.
struct Sending<'a> {
    sender: Sender,
    services: &'a [WorkspacesService],
    flags: &'a crate::cli::Confirmation,
}

/// The same confirmation as a new job, then the job that replaces the entry.
async fn confirm_and_send(
    cfg: &Config,
    state: &mut State,
    to: Sending<'_>,
    job: UnfinishedJob,
    spec: JobSpec,
) -> ExitCode {
    let Sending {
        sender,
        services,
        flags,
    } = to;
    let kind = pane_of(job.action.target_kind()).unwrap_or(PaneKind::Workspaces);
    let to_send = HashMap::from([(job.region.clone(), spec.targets.clone())]);
    // WorkSpaces were re-read by ID (`reread`), their connection status with them.
    let by_id = kind == PaneKind::Workspaces;
    let rows = kind.rows();
    let affects = confirm::affects(state, services, rows, &job.action, &to_send, by_id).await;
    let ask = Ask {
        action: &job.action,
        noun: super::verbs::noun(kind),
        eligible: spec.targets.len(),
        affects,
        typed_over: cfg.confirm_typed_over,
    };
    if flags.dry_run {
        print_spec(&spec);
        say(&ask.needs());
        return ExitCode::SUCCESS;
    }
    if let Err(e) = confirm::confirmed(&ask, flags) {
        return bad(&format!("{e}; the job stays in the journal"));
    }
    let eligible = spec.targets.len();
    let noun = super::verbs::noun(kind);
    let out = Outcomes::new(
        "wsfleet resume",
        job.action.clone(),
        noun,
        flags.output,
        eligible,
    );
    sender.run(vec![(spec, Some(job.key))], out).await
}

fn print_spec(spec: &JobSpec) {
    let mut out = String::new();
    for t in &spec.targets {
        out.push_str(&format!("  send  {}  {}\n", t.id, t.label));
    }
    for (t, why) in &spec.skipped {
        out.push_str(&format!("  skip  {}  {why}\n", t.id));
    }
    let _ = super::print::emit(crate::config::printable_lines(&out).as_bytes());
}

/// The job's never-sent targets read again (WorkSpaces by ID, the others by their pane's
/// sweep) and planned with the queue's prechecks.
async fn reread(
    state: &mut State,
    services: &[WorkspacesService],
    job: &UnfinishedJob,
) -> Result<JobSpec, String> {
    let kind = pane_of(job.action.target_kind()).ok_or("not re-readable")?;
    let failures = if kind == PaneKind::Workspaces {
        let ids: Vec<String> = job.not_sent.iter().map(|t: &Target| t.id.clone()).collect();
        super::load::look_up_ids(state, services, &ids).await
    } else {
        let mut quiet = |_: usize| {};
        super::load::sweep(state, services, &[kind], &mut quiet).await
    };
    if !failures.is_empty() {
        return Err(failures.join("; "));
    }
    let p = &state.panes;
    Ok(match kind {
        PaneKind::Workspaces => journal::resume_spec(job, p.workspaces.table.rows()),
        PaneKind::Images => journal::resume_spec(job, p.images.table.rows()),
        PaneKind::Bundles => journal::resume_spec(job, p.bundles.table.rows()),
        PaneKind::Pools => journal::resume_spec(job, p.pools.table.rows()),
        PaneKind::Directories => journal::resume_spec(job, p.directories.table.rows()),
        PaneKind::AppFleets => journal::resume_spec(job, p.app_fleets.table.rows()),
        _ => {
            // The update check that allowed the job was made before it stopped; the service
            // has the last word on whether the update is still there (as `runtime::resume`).
            let seen = UpdateCheck::Available { at: 0 };
            let checked: Vec<CheckedImage> = p
                .app_images
                .table
                .rows()
                .iter()
                .map(|image| CheckedImage {
                    image,
                    update: Some(&seen),
                })
                .collect();
            journal::resume_spec(job, &checked)
        }
    })
}
