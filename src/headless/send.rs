//! Sending confirmed jobs through the TUI's own queue (`queue::spawn_configured`: batches, the
//! place's budget, the audit log's `sending` line before each call, the journal) and printing
//! every outcome as it comes. SIGINT, SIGTERM, SIGHUP and a closed stdout stop it as the
//! TUI's signals do: nothing more is sent, every target gets its outcome in the audit log,
//! the journal keeps what was not sent, and the exit status says it was interrupted.

use super::outcomes::Outcomes;
use super::signals::Signals;
use crate::config::Config;
use crate::queue::{
    self, ActionApi, AuditLog, JobId, JobSpec, QueueConfig, QueueEvent, QueueHandle,
};
use crate::service::WorkspacesService;
use std::collections::{BTreeMap, HashMap};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc::UnboundedReceiver;

/// How long calls in flight get to answer after a stop.
const GRACE: Duration = Duration::from_secs(5);

/// The queue of a headless run, and its events.
pub struct Sender {
    pub queue: QueueHandle,
    events: UnboundedReceiver<QueueEvent>,
}

impl Sender {
    /// The queue over `services` (one per place), auditing to the configured log and keeping
    /// the journal in the data directory, as the TUI's.
    pub fn start(cfg: &Config, profile: &str, services: Vec<WorkspacesService>) -> Sender {
        let audit_path = cfg
            .audit_log
            .clone()
            .or_else(AuditLog::default_path)
            .unwrap_or_else(|| "wsfleet-audit.log".into());
        let apis: HashMap<String, Arc<dyn ActionApi>> = services
            .into_iter()
            .map(|s| (s.region().to_string(), Arc::new(s) as Arc<dyn ActionApi>))
            .collect();
        let (tx, events) = tokio::sync::mpsc::unbounded_channel();
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
        Sender { queue, events }
    }

    /// Submit `jobs` (each new, or resuming the journal entry named), print every outcome
    /// (skips first), and wait until each job finished or a stop recorded it.
    pub async fn run(
        mut self,
        jobs: Vec<(JobSpec, Option<String>)>,
        mut out: Outcomes,
    ) -> ExitCode {
        let mut running: BTreeMap<JobId, String> = BTreeMap::new();
        for (spec, resumes) in jobs {
            for (t, why) in &spec.skipped {
                let reason = why.clone();
                out.print(
                    &spec.region,
                    &t.id,
                    &crate::domain::Outcome::Skipped { reason },
                );
            }
            let place = spec.region.clone();
            let id = match resumes {
                Some(key) => self.queue.resume(key, spec),
                None => self.queue.submit(spec),
            };
            running.insert(id, place);
        }
        let mut signals = Signals::new();
        let mut stopped = None;
        while !running.is_empty() {
            if stopped.is_none() && out.stdout_closed() {
                // `| head -1` went away: as SIGHUP, with a broken pipe's status.
                stopped = Some(super::signals::CLOSED_STDOUT);
                let _ = self.queue.shutdown(GRACE).await;
                continue;
            }
            tokio::select! {
                event = self.events.recv() => match event {
                    Some(e) => on_event(&mut out, e, &mut running),
                    None => break,
                },
                code = signals.next(), if stopped.is_none() => {
                    stopped = Some(code);
                    let _ = self.queue.shutdown(GRACE).await;
                }
            }
        }
        out.finish();
        match stopped {
            Some(code) => ExitCode::from(code),
            None => out.exit_code(),
        }
    }
}

fn on_event(out: &mut Outcomes, event: QueueEvent, running: &mut BTreeMap<JobId, String>) {
    match event {
        QueueEvent::Progress { job, results, .. } => {
            let place = running.get(&job).cloned().unwrap_or_default();
            for r in results {
                out.print(&place, &r.id, &r.outcome);
            }
        }
        QueueEvent::JobFinished { job, .. } => {
            running.remove(&job);
        }
        QueueEvent::JobPaused { reason, .. } => out.say(&format!("paused: {reason}")),
        QueueEvent::AuditFailed(e) => out.say(&format!("audit log: {e}")),
        QueueEvent::JournalFailed(e) => out.say(&format!("journal: {e}")),
        _ => {}
    }
}
