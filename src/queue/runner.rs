//! The queue task: accepts jobs, runs them one batch at a time per region in submission order,
//! and reports every outcome as an event and an audit line.
//!
//! One job at a time per region is the simplest order that is obviously correct: a later job
//! on the same WorkSpaces (stop, then start) never overtakes an earlier one, and the region's
//! rate budget is what limits throughput anyway. Regions are independent of each other.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender};

use crate::domain::{Outcome, ResourceResult};

use super::audit::{AuditContext, AuditLog};
use super::batch::{all, batches, send_batch, BatchReport, CancelFlag, CANCELLED};
use super::job::{Counts, JobId, JobSpec, JobState, JobView, QueueEvent};
use super::retry::RetryPolicy;
use super::ActionApi;

/// The app's side of the queue. Cheap to clone; never blocks.
#[derive(Debug, Clone)]
pub struct QueueHandle {
    commands: UnboundedSender<Command>,
    next_id: Arc<AtomicU64>,
}

#[derive(Debug)]
enum Command {
    Submit(JobId, JobSpec),
    Cancel(JobId),
}

impl QueueHandle {
    /// Queue a job; its events follow on the event channel, starting with JobQueued.
    pub fn submit(&self, spec: JobSpec) -> JobId {
        let id = JobId(self.next_id.fetch_add(1, Ordering::Relaxed) + 1);
        // Only fails once the runtime is shutting down; nothing is left to report to then.
        let _ = self.commands.send(Command::Submit(id, spec));
        id
    }

    /// Cancel a job: a queued job finishes at once with every unsent resource Cancelled; a
    /// running one sends no further batch (the batch in flight finishes and reports). A
    /// finished or unknown job is left alone.
    pub fn cancel(&self, id: JobId) {
        let _ = self.commands.send(Command::Cancel(id));
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
    spawn_with(apis, audit, profile, events, RetryPolicy::default())
}

/// `spawn` with another retry policy.
pub fn spawn_with(
    apis: impl Fn(Option<&str>, &str) -> Option<Arc<dyn ActionApi>> + Send + Sync + 'static,
    audit: AuditLog,
    profile: Option<String>,
    events: UnboundedSender<QueueEvent>,
    policy: RetryPolicy,
) -> QueueHandle {
    let (commands, rx) = unbounded_channel();
    let shared = Arc::new(Shared {
        apis: Box::new(apis),
        audit,
        profile,
        events,
        policy,
    });
    tokio::spawn(dispatch(shared, rx));
    QueueHandle {
        commands,
        next_id: Arc::new(AtomicU64::new(0)),
    }
}

type ApiLookup = dyn Fn(Option<&str>, &str) -> Option<Arc<dyn ActionApi>> + Send + Sync;

struct Shared {
    apis: Box<ApiLookup>,
    audit: AuditLog,
    profile: Option<String>,
    events: UnboundedSender<QueueEvent>,
    policy: RetryPolicy,
}

impl Shared {
    fn emit(&self, event: QueueEvent) {
        // The app has gone away: nobody is left to tell.
        let _ = self.events.send(event);
    }
}

struct Queued {
    id: JobId,
    spec: JobSpec,
    cancel: CancelFlag,
}

#[derive(Default)]
struct Region {
    waiting: VecDeque<Queued>,
    running: Option<(JobId, CancelFlag)>,
}

async fn dispatch(shared: Arc<Shared>, mut commands: UnboundedReceiver<Command>) {
    let (done_tx, mut done_rx) = unbounded_channel::<String>();
    let mut regions: HashMap<String, Region> = HashMap::new();
    let mut open = true;
    loop {
        tokio::select! {
            cmd = commands.recv(), if open => match cmd {
                Some(Command::Submit(id, spec)) => {
                    let job = accept(&shared, id, spec);
                    regions.entry(job.spec.region.clone()).or_default().waiting.push_back(job);
                }
                Some(Command::Cancel(id)) => cancel(&shared, &mut regions, id),
                None => open = false,
            },
            Some(region) = done_rx.recv() => {
                if let Some(r) = regions.get_mut(&region) {
                    r.running = None;
                }
            }
        }
        for (name, r) in regions.iter_mut().filter(|(_, r)| r.running.is_none()) {
            if let Some(job) = r.waiting.pop_front() {
                r.running = Some((job.id, job.cancel.clone()));
                let (shared, done, name) = (shared.clone(), done_tx.clone(), name.clone());
                tokio::spawn(async move {
                    // Run in its own task so that even a panic frees the region for the next job.
                    let _ = tokio::spawn(run(shared, job)).await;
                    let _ = done.send(name);
                });
            }
        }
        let idle = regions
            .values()
            .all(|r| r.running.is_none() && r.waiting.is_empty());
        if !open && idle {
            break;
        }
    }
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Record the job: each resource once (skipped wins over sent), skipped outcomes at once.
fn accept(shared: &Shared, id: JobId, mut spec: JobSpec) -> Queued {
    let mut seen = HashSet::new();
    spec.skipped.retain(|(t, _)| seen.insert(t.id.clone()));
    spec.targets.retain(|t| seen.insert(t.id.clone()));
    let view = JobView::new(id, &spec, now());
    let mut audit = Auditor::new(shared, id, &spec);
    audit.submitted(spec.targets.len(), spec.skipped.len());
    for (t, reason) in &spec.skipped {
        let outcome = Outcome::Skipped {
            reason: reason.clone(),
        };
        audit.outcome(&t.id, &t.label, &outcome);
    }
    shared.emit(QueueEvent::JobQueued(view));
    Queued {
        id,
        spec,
        cancel: CancelFlag::default(),
    }
}

fn cancel(shared: &Shared, regions: &mut HashMap<String, Region>, id: JobId) {
    for r in regions.values_mut() {
        match &r.running {
            Some((running, flag)) if *running == id => return flag.cancel(),
            _ => {}
        }
        if let Some(pos) = r.waiting.iter().position(|q| q.id == id) {
            if let Some(job) = r.waiting.remove(pos) {
                let mut run = JobRun::new(shared, &job);
                let ids: Vec<String> = job.spec.targets.iter().map(|t| t.id.clone()).collect();
                run.record(BatchReport {
                    results: all(&ids, &Outcome::cancelled(CANCELLED)),
                    calls: 0,
                });
                run.finish();
            }
            return;
        }
    }
}

async fn run(shared: Arc<Shared>, job: Queued) {
    let mut run = JobRun::new(&shared, &job);
    shared.emit(QueueEvent::JobStarted {
        job: job.id,
        at: now(),
    });
    let spec = &job.spec;
    let profile = spec.profile.as_deref().or(shared.profile.as_deref());
    let api = (shared.apis)(profile, &spec.region);
    let ids: Vec<String> = spec.targets.iter().map(|t| t.id.clone()).collect();
    let mut sent = 0;
    for chunk in batches(&spec.action, &ids) {
        if job.cancel.is_cancelled() {
            break;
        }
        let report = match &api {
            Some(api) => {
                send_batch(
                    api.as_ref(),
                    &spec.action,
                    chunk,
                    &shared.policy,
                    &job.cancel,
                )
                .await
            }
            None => BatchReport {
                results: all(chunk, &no_client(&spec.region)),
                calls: 0,
            },
        };
        if report.calls > 0 {
            shared.emit(QueueEvent::Touched {
                profile: profile.map(str::to_string),
                region: spec.region.clone(),
                kind: spec.action.target_kind(),
                ids: chunk.to_vec(),
            });
        }
        sent += chunk.len();
        run.record(report);
    }
    if sent < ids.len() {
        run.record(BatchReport {
            results: all(&ids[sent..], &Outcome::cancelled(CANCELLED)),
            calls: 0,
        });
    }
    run.finish();
}

fn no_client(region: &str) -> Outcome {
    Outcome::Failed {
        code: "NoClient".into(),
        message: format!("not sent: no WorkSpaces client for region {region}"),
    }
}

/// Tallies a job's outcomes and reports each as a Progress event and an audit line.
struct JobRun<'a> {
    shared: &'a Shared,
    id: JobId,
    labels: HashMap<&'a str, &'a str>,
    audit: Auditor<'a>,
    counts: Counts,
    calls: u32,
}

impl<'a> JobRun<'a> {
    fn new(shared: &'a Shared, job: &'a Queued) -> Self {
        let counts = Counts {
            skipped: job.spec.skipped.len(),
            ..Counts::default()
        };
        Self {
            shared,
            id: job.id,
            labels: job
                .spec
                .targets
                .iter()
                .map(|t| (t.id.as_str(), t.label.as_str()))
                .collect(),
            audit: Auditor::new(shared, job.id, &job.spec),
            counts,
            calls: 0,
        }
    }

    fn record(&mut self, report: BatchReport) {
        for ResourceResult { id, outcome } in &report.results {
            self.counts.add(outcome);
            let label = self.labels.get(id.as_str()).copied().unwrap_or("");
            self.audit.outcome(id, label, outcome);
        }
        self.calls += report.calls;
        self.shared.emit(QueueEvent::Progress {
            job: self.id,
            results: report.results,
            calls: report.calls,
        });
    }

    fn finish(mut self) {
        self.audit.finished(self.counts, self.calls);
        let state = if self.counts.cancelled > 0 {
            JobState::Cancelled
        } else {
            JobState::Done
        };
        self.shared.emit(QueueEvent::JobFinished {
            job: self.id,
            state,
            counts: self.counts,
            at: now(),
        });
    }
}

/// Writes a job's audit lines. A failure is reported when it starts (not once per line of a
/// 1,000-resource job), and again if writing recovers and then fails anew.
struct Auditor<'a> {
    shared: &'a Shared,
    ctx: AuditContext<'a>,
    failing: bool,
}

impl<'a> Auditor<'a> {
    fn new(shared: &'a Shared, id: JobId, spec: &'a JobSpec) -> Self {
        Self {
            shared,
            ctx: AuditContext {
                profile: spec.profile.as_deref().or(shared.profile.as_deref()),
                region: &spec.region,
                action: &spec.action,
                job: id,
            },
            failing: false,
        }
    }

    // Plain file writes of one short line each: quick enough to do on the runtime.
    fn check(&mut self, written: Result<(), String>) {
        match written {
            Ok(()) => self.failing = false,
            Err(e) if !self.failing => {
                self.failing = true;
                self.shared.emit(QueueEvent::AuditFailed(e));
            }
            Err(_) => {}
        }
    }

    fn submitted(&mut self, targets: usize, skipped: usize) {
        let r = self.shared.audit.submitted(self.ctx, targets, skipped);
        self.check(r);
    }

    fn outcome(&mut self, id: &str, label: &str, outcome: &Outcome) {
        let r = self.shared.audit.outcome(self.ctx, id, label, outcome);
        self.check(r);
    }

    fn finished(&mut self, counts: Counts, calls: u32) {
        let r = self.shared.audit.finished(self.ctx, counts, calls);
        self.check(r);
    }
}
