//! The queue task: accepts jobs, runs them one at a time per region in submission order, and
//! stops them on cancel or on the way out.
//!
//! One job at a time per region is the simplest order that is obviously correct: a later job
//! on the same WorkSpaces (stop, then start) never overtakes an earlier one, and the region's
//! rate budget is what limits throughput anyway. Regions are independent of each other.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender};
use tokio::sync::oneshot;

use crate::domain::Outcome;

use super::audit::{AuditContext, AuditLog};
use super::control::{HaltSwitch, QueueConfig};
use super::exec::{JobEnd, JobRun, Queued};
use super::job::{JobId, JobSpec, Target};
use super::journal;
use super::recovery::Recovered;
use super::shared::Shared;
use super::summary::{QueueSummary, StopReport, Tallies};
use super::unfinished::DEFAULT_PROFILE;
use super::view::{JobView, QueueEvent};
use super::ActionApi;
use crate::domain::throttle::RetryPolicy;

/// The app's side of the queue. Cheap to clone; `submit`, `cancel` and `summary` never block.
#[derive(Debug, Clone)]
pub struct QueueHandle {
    commands: UnboundedSender<Command>,
    next_id: Arc<AtomicU64>,
    tallies: Arc<Tallies>,
}

#[derive(Debug)]
enum Command {
    Submit {
        id: JobId,
        /// Boxed: a job's spec is far larger than the other commands.
        spec: Box<JobSpec>,
        /// The journal key of the unfinished job this one resumes.
        resumes: Option<String>,
        /// Outcomes known without a call (`QueueHandle::submit_settled`).
        settled: Vec<(Target, Outcome)>,
    },
    Cancel(JobId),
    Stop {
        /// None: cancel what is unsent and wait for the calls in flight without a limit.
        grace: Option<Duration>,
        reply: oneshot::Sender<StopReport>,
    },
    /// Record the journal's dead jobs (`recovery`) before any job is accepted.
    Recover {
        profile: String,
        reply: oneshot::Sender<Result<Recovered, String>>,
    },
}

impl QueueHandle {
    /// Queue a job; its events follow on the event channel, starting with JobQueued. After a
    /// stop (`shutdown`, `cancel_unsent_and_wait`) the job is refused: nothing is sent.
    pub fn submit(&self, spec: JobSpec) -> JobId {
        self.send_job(spec, None)
    }

    /// Queue the job that resumes an unfinished one (built with `journal::resume_spec`). Once
    /// the new job is recorded, the old entry leaves the journal in the same write, so the
    /// same resources can never be resumed twice.
    pub fn resume(&self, key: impl Into<String>, spec: JobSpec) -> JobId {
        self.send_job(spec, Some(key.into()))
    }

    /// Queue a job (resuming `resumes`, if any) with outcomes known without a call: a
    /// resumed create's users whose lost CreateWorkspaces did create a WorkSpace (succeeded
    /// with its ID, found by DescribeWorkspaces) and those still unknown. They are recorded
    /// when the job is accepted, as skipped ones are, and never sent.
    pub fn submit_settled(
        &self,
        spec: JobSpec,
        resumes: Option<String>,
        settled: Vec<(Target, Outcome)>,
    ) -> JobId {
        self.send(spec, resumes, settled)
    }

    fn send_job(&self, spec: JobSpec, resumes: Option<String>) -> JobId {
        self.send(spec, resumes, vec![])
    }

    fn send(
        &self,
        spec: JobSpec,
        resumes: Option<String>,
        settled: Vec<(Target, Outcome)>,
    ) -> JobId {
        let id = JobId(self.next_id.fetch_add(1, Ordering::Relaxed) + 1);
        // Only fails once the queue has stopped; nothing is left to report to then.
        let spec = Box::new(spec);
        let _ = self.commands.send(Command::Submit {
            id,
            spec,
            resumes,
            settled,
        });
        id
    }

    /// Cancel a job: a queued job finishes at once with every resource cancelled; a running
    /// one sends no further batch (the batch in flight finishes and reports). A finished or
    /// unknown job is left alone.
    pub fn cancel(&self, id: JobId) {
        let _ = self.commands.send(Command::Cancel(id));
    }

    /// Jobs queued and running, and resources not yet sent, right now.
    pub fn summary(&self) -> QueueSummary {
        self.tallies.summary()
    }

    /// Stop on the way out: nothing more is sent from now on; calls in flight get up to
    /// `grace` to answer (their resources are then `unknown`); every unsent resource is
    /// `cancelled` ("interrupted, not sent"); every outcome and each job's `finished` line go
    /// to the audit log, and interrupted jobs stay in the journal. Returns once all of that is
    /// written. The queue accepts nothing afterwards.
    pub async fn shutdown(&self, grace: Duration) -> StopReport {
        self.stop(Some(grace)).await
    }

    /// The user's "cancel what is unsent and quit": every job's unsent batches are cancelled
    /// ("cancelled by user, not sent"), calls in flight are awaited to their answer (no limit
    /// but the SDK's own timeouts), everything is recorded, and the jobs leave the journal.
    /// A later `shutdown` still puts a deadline on the calls in flight.
    pub async fn cancel_unsent_and_wait(&self) -> StopReport {
        self.stop(None).await
    }

    /// At start, before any job: record the outcomes and `finished` lines of `profile`'s
    /// journaled jobs whose process died, and set aside entries that cannot be acted on.
    /// The request is queued when this is called (not when the answer is awaited), so it is
    /// done before any job submitted after the call is even accepted.
    pub fn recover(
        &self,
        profile: String,
    ) -> impl std::future::Future<Output = Result<Recovered, String>> + Send + 'static {
        let (reply, rx) = oneshot::channel();
        let sent = self
            .commands
            .send(Command::Recover { profile, reply })
            .is_ok();
        async move {
            if !sent {
                return Err("the queue has stopped".into());
            }
            rx.await
                .unwrap_or_else(|_| Err("the queue has stopped".into()))
        }
    }

    async fn stop(&self, grace: Option<Duration>) -> StopReport {
        let (reply, rx) = oneshot::channel();
        if self.commands.send(Command::Stop { grace, reply }).is_err() {
            return StopReport::default();
        }
        rx.await.unwrap_or_default()
    }
}

/// Start the queue on the current tokio runtime. `apis` gives the `ActionApi` of a profile and
/// region (the service for that account and region, whose calls go through the region's
/// budget as urgent calls); a job for one it does not know fails every resource with code
/// "NoClient". `profile` is the default context, for jobs that name none.
pub fn spawn(
    apis: impl Fn(Option<&str>, &str) -> Option<Arc<dyn ActionApi>> + Send + Sync + 'static,
    audit: AuditLog,
    profile: Option<String>,
    events: UnboundedSender<QueueEvent>,
) -> QueueHandle {
    spawn_configured(apis, audit, profile, events, QueueConfig::default())
}

/// `spawn` with another retry policy.
pub fn spawn_with(
    apis: impl Fn(Option<&str>, &str) -> Option<Arc<dyn ActionApi>> + Send + Sync + 'static,
    audit: AuditLog,
    profile: Option<String>,
    events: UnboundedSender<QueueEvent>,
    retry: RetryPolicy,
) -> QueueHandle {
    let config = QueueConfig {
        retry,
        ..QueueConfig::default()
    };
    spawn_configured(apis, audit, profile, events, config)
}

/// `spawn` with every setting: retry and pause policies, and the journal's directory (the
/// app passes its data directory; `None` keeps no journal).
pub fn spawn_configured(
    apis: impl Fn(Option<&str>, &str) -> Option<Arc<dyn ActionApi>> + Send + Sync + 'static,
    audit: AuditLog,
    profile: Option<String>,
    events: UnboundedSender<QueueEvent>,
    config: QueueConfig,
) -> QueueHandle {
    let (commands, rx) = unbounded_channel();
    let tallies = Arc::new(Tallies::default());
    let shared = Arc::new(Shared::new(
        Box::new(apis),
        audit,
        profile,
        events,
        config,
        tallies.clone(),
    ));
    tokio::spawn(dispatch(shared, rx));
    QueueHandle {
        commands,
        next_id: Arc::new(AtomicU64::new(0)),
        tallies,
    }
}

#[derive(Default)]
struct Region {
    waiting: VecDeque<Queued>,
    running: Option<(JobId, HaltSwitch)>,
}

/// A stop under way: who waits for its report, and the report so far.
struct Stopping {
    grace: Option<Duration>,
    replies: Vec<oneshot::Sender<StopReport>>,
    report: StopReport,
}

async fn dispatch(shared: Arc<Shared>, mut commands: UnboundedReceiver<Command>) {
    let (done_tx, mut done_rx) = unbounded_channel::<(String, JobEnd)>();
    let mut regions: HashMap<String, Region> = HashMap::new();
    let mut open = true;
    let mut stopping: Option<Stopping> = None;
    loop {
        tokio::select! {
            cmd = commands.recv(), if open => match cmd {
                Some(Command::Submit { id, spec, resumes, settled }) => {
                    let spec = *spec;
                    if stopping.is_some() {
                        refuse_stopped(&shared, id, spec, settled);
                    } else if let Some(job) = accept(&shared, id, spec, resumes, settled) {
                        regions.entry(job.spec.region.clone()).or_default().waiting.push_back(job);
                    }
                }
                Some(Command::Cancel(id)) => cancel(&shared, &mut regions, id),
                Some(Command::Recover { profile, reply }) => {
                    let result = match &shared.config.journal_dir {
                        Some(dir) => super::recovery::recover(dir, &profile, &shared.audit),
                        None => Ok(Recovered::default()),
                    };
                    let _ = reply.send(result);
                }
                Some(Command::Stop { grace, reply }) => {
                    let s = stopping.get_or_insert_with(|| Stopping {
                        grace,
                        replies: vec![],
                        report: StopReport::default(),
                    });
                    s.replies.push(reply);
                    // A shutdown after "cancel what is unsent" adds a deadline to the calls
                    // still in flight.
                    s.grace = match (s.grace, grace) {
                        (Some(a), Some(b)) => Some(a.min(b)),
                        (a, b) => a.or(b),
                    };
                    stop_all(&shared, &mut regions, s);
                }
                None => open = false,
            },
            Some((region, end)) = done_rx.recv() => {
                if let Some(r) = regions.get_mut(&region) {
                    r.running = None;
                }
                if let Some(s) = &mut stopping {
                    s.report.add(&end.counts);
                }
            }
        }
        if stopping.is_none() {
            start_waiting(&shared, &mut regions, &done_tx);
        }
        let idle = regions
            .values()
            .all(|r| r.running.is_none() && r.waiting.is_empty());
        if idle {
            if let Some(s) = stopping.take() {
                let mut report = s.report;
                if let Err(e) = shared.audit.flush() {
                    report.audit_error = Some(e);
                }
                report.audit_unwritten = shared.audit.unwritten();
                for reply in s.replies {
                    let _ = reply.send(report.clone());
                }
                break;
            }
            if !open {
                break;
            }
        }
    }
}

fn start_waiting(
    shared: &Arc<Shared>,
    regions: &mut HashMap<String, Region>,
    done_tx: &UnboundedSender<(String, JobEnd)>,
) {
    for (name, r) in regions.iter_mut().filter(|(_, r)| r.running.is_none()) {
        if let Some(job) = r.waiting.pop_front() {
            r.running = Some((job.id, job.halt.clone()));
            let (shared, done, name) = (shared.clone(), done_tx.clone(), name.clone());
            tokio::spawn(async move {
                let counts = job.spec.targets.len() + job.spec.skipped.len();
                // Run in its own task so that even a panic frees the region for the next job.
                let end = tokio::spawn(async move { JobRun::new(&shared, &job).run().await })
                    .await
                    .unwrap_or_else(|_| JobEnd {
                        counts: super::job::Counts {
                            pending: counts,
                            ..Default::default()
                        },
                    });
                let _ = done.send((name, end));
            });
        }
    }
}

/// Halt every job: the queued ones end now, the running ones stop sending.
fn stop_all(shared: &Shared, regions: &mut HashMap<String, Region>, s: &mut Stopping) {
    let deadline = s.grace.map(|g| tokio::time::Instant::now() + g);
    let halt = |h: &HaltSwitch| match deadline {
        Some(d) => h.interrupt(d),
        None => h.cancel(),
    };
    for r in regions.values_mut() {
        for job in r.waiting.drain(..) {
            halt(&job.halt);
            let end = JobRun::new(shared, &job).finish();
            s.report.add(&end.counts);
        }
        if let Some((_, h)) = &r.running {
            halt(h);
        }
    }
}

/// Record the job: each resource once (skipped wins over sent), the `submitted` line (without
/// which nothing is sent), skipped outcomes at once, and the journal entry.
fn accept(
    shared: &Shared,
    id: JobId,
    mut spec: JobSpec,
    resumes: Option<String>,
    mut settled: Vec<(Target, Outcome)>,
) -> Option<Queued> {
    let mut seen = HashSet::new();
    settled.retain(|(t, _)| seen.insert(t.id.clone()));
    spec.skipped.retain(|(t, _)| seen.insert(t.id.clone()));
    spec.targets.retain(|t| seen.insert(t.id.clone()));
    let queued_ms = chrono::Utc::now().timestamp_millis();
    let key = journal::key(queued_ms, id.0);
    let mut job = Queued::new(id, spec, key, shared.profile.as_deref());
    job.settled = settled;
    let submitted = record_submitted(shared, &job);
    if let Err(e) = submitted {
        let outcome = Outcome::Failed {
            code: "AuditLogUnavailable".into(),
            message: format!("not sent: {e}"),
        };
        JobRun::new(shared, &job).refuse(outcome, e);
        return None;
    }
    if let Err(e) = journal_accepted(shared, &job, resumes.as_deref()) {
        // The journal is what makes a crash recoverable: without it nothing is sent, exactly
        // as without the audit log.
        let outcome = Outcome::Failed {
            code: "JournalUnavailable".into(),
            message: format!("not sent: {e}"),
        };
        JobRun::new(shared, &job).refuse(outcome, e);
        return None;
    }
    let unsent = job.spec.targets.len();
    shared.tallies.set(id, |t| t.unsent = unsent);
    Some(job)
}

/// The accepted job's journal entry, written in the same write that takes out the entry it
/// resumes (which leaves even when the new job has nothing left to send).
fn journal_accepted(shared: &Shared, job: &Queued, resumes: Option<&str>) -> Result<(), String> {
    let Some(dir) = &shared.config.journal_dir else {
        return Ok(());
    };
    let profile = job.profile.as_deref().unwrap_or(DEFAULT_PROFILE);
    let r = if !job.spec.targets.is_empty() {
        journal::put(dir, profile, &job.journal_entry(), resumes)
    } else if let Some(key) = resumes {
        journal::remove(dir, profile, key)
    } else {
        return Ok(());
    };
    shared.journal_result(r.clone());
    r
}

/// A job submitted after a stop began: recorded, not sent.
fn refuse_stopped(shared: &Shared, id: JobId, spec: JobSpec, settled: Vec<(Target, Outcome)>) {
    let mut job = Queued::new(id, spec, String::new(), shared.profile.as_deref());
    job.settled = settled;
    let _ = record_submitted(shared, &job);
    let reason = "wsfleet is stopping: the queue takes no new job".to_string();
    JobRun::new(shared, &job).refuse(Outcome::cancelled(format!("not sent: {reason}")), reason);
}

/// Tell the app the job is queued, write its `submitted` line and its skipped outcomes; the
/// `submitted` line's result decides whether anything may be sent.
fn record_submitted(shared: &Shared, job: &Queued) -> Result<(), String> {
    let mut view = JobView::new(job.id, &job.spec, job.queued_at);
    view.resources.extend(
        job.settled
            .iter()
            .map(|(t, outcome)| super::view::ResourceRow {
                id: t.id.clone(),
                label: t.label.clone(),
                outcome: Some(outcome.clone()),
            }),
    );
    shared.emit(QueueEvent::JobQueued(view));
    let ctx = job.ctx();
    let submitted = shared
        .audit
        .submitted(ctx, job.spec.targets.len(), job.spec.skipped.len());
    shared.audit_result(submitted.clone());
    skipped_lines(shared, ctx, &job.spec);
    // Settled without a call (a resumed create's lookups): recorded now, never sent.
    for (t, outcome) in &job.settled {
        let r = shared.audit.outcome(ctx, &t.id, &t.label, outcome);
        shared.audit_result(r);
    }
    submitted
}

/// The skipped resources' outcomes, recorded when the job is accepted.
fn skipped_lines(shared: &Shared, ctx: AuditContext, spec: &JobSpec) {
    for (t, reason) in &spec.skipped {
        let outcome = Outcome::Skipped {
            reason: reason.clone(),
        };
        let r = shared.audit.outcome(ctx, &t.id, &t.label, &outcome);
        shared.audit_result(r);
    }
}

fn cancel(shared: &Shared, regions: &mut HashMap<String, Region>, id: JobId) {
    for r in regions.values_mut() {
        match &r.running {
            Some((running, halt)) if *running == id => return halt.cancel(),
            _ => {}
        }
        if let Some(pos) = r.waiting.iter().position(|q| q.id == id) {
            if let Some(job) = r.waiting.remove(pos) {
                job.halt.cancel();
                JobRun::new(shared, &job).finish();
            }
            return;
        }
    }
}

#[cfg(test)]
#[path = "runner_tests.rs"]
mod tests;
