//! Running one job: its batches in order, each recorded in the audit log before it is sent and
//! its outcomes after; pauses while the log cannot be written or the endpoint cannot be
//! reached; the journal kept up to date; and exactly one outcome per resource however the job
//! ends (done, cancelled, interrupted, refused).

use std::collections::{HashMap, VecDeque};

use futures::future::BoxFuture;

use crate::domain::{Outcome, ResourceResult};

use super::audit::AuditContext;
use super::batch::{all, batches, Hooks, Sender, Sent};
use super::control::{secs, HaltSwitch};
use super::job::{Counts, JobId, JobSpec, JobState, Target};
use super::journal;
use super::shared::{now, Shared};
use super::unfinished::{UnfinishedJob, UnknownTarget, DEFAULT_PROFILE};
use super::view::QueueEvent;

/// A job the dispatcher has accepted.
pub(super) struct Queued {
    pub id: JobId,
    pub spec: JobSpec,
    pub halt: HaltSwitch,
    /// Its journal key.
    pub key: String,
    /// The profile it runs in: its own, or the queue's default.
    pub profile: Option<String>,
    pub queued_at: i64,
    /// Outcomes known without a call, recorded when the job is accepted
    /// (`QueueHandle::submit_settled`): never sent.
    pub settled: Vec<(Target, Outcome)>,
}

impl Queued {
    /// A job as the queue accepts it now, in its own profile or else `default_profile`.
    pub fn new(id: JobId, spec: JobSpec, key: String, default_profile: Option<&str>) -> Self {
        Self {
            id,
            profile: spec
                .profile
                .clone()
                .or_else(|| default_profile.map(str::to_string)),
            halt: HaltSwitch::default(),
            key,
            queued_at: chrono::Utc::now().timestamp(),
            spec,
            settled: vec![],
        }
    }

    /// The settled outcomes that are unknown: a journal entry keeps them, never to be sent.
    fn settled_unknown(&self) -> Vec<UnknownTarget> {
        (self.settled.iter())
            .filter_map(|(t, o)| match o {
                Outcome::Unknown { code, message } => Some(UnknownTarget {
                    id: t.id.clone(),
                    label: t.label.clone(),
                    code: code.clone(),
                    message: message.clone(),
                }),
                _ => None,
            })
            .collect()
    }

    /// Counts as accepted: skipped and settled outcomes, the rest pending.
    fn accepted_counts(&self) -> Counts {
        let mut counts = Counts {
            skipped: self.spec.skipped.len(),
            ..Counts::default()
        };
        self.settled.iter().for_each(|(_, o)| counts.add(o));
        counts
    }

    /// Its unfinished-jobs journal entry as accepted: queued, every target not yet sent.
    pub fn journal_entry(&self) -> UnfinishedJob {
        UnfinishedJob {
            key: self.key.clone(),
            job: self.id.0,
            action: self.spec.action.clone(),
            name: self.spec.action.name(),
            operation: self.spec.action.operation().to_string(),
            profile: self.profile.clone(),
            region: self.spec.region.clone(),
            queued_at: self.queued_at,
            updated_at: self.queued_at,
            state: "queued".into(),
            not_sent: self.spec.targets.clone(),
            in_flight: vec![],
            unknown: self.settled_unknown(),
            campaign: self.spec.campaign.clone(),
            counts: self.accepted_counts(),
            calls: 0,
        }
    }

    /// What every audit line of this job carries.
    pub fn ctx(&self) -> AuditContext<'_> {
        AuditContext {
            profile: self.profile.as_deref(),
            region: &self.spec.region,
            action: &self.spec.action,
            job: self.id,
            campaign: self.spec.campaign.as_ref(),
        }
    }
}

/// How a job ended, for the dispatcher's stop report.
#[derive(Debug, Clone)]
pub(super) struct JobEnd {
    pub counts: Counts,
}

const BY_USER: &str = "cancelled by user, not sent";
const INTERRUPTED: &str = "interrupted, not sent";

/// One job's bookkeeping while it runs.
pub(super) struct JobRun<'a> {
    shared: &'a Shared,
    job: &'a Queued,
    labels: HashMap<&'a str, &'a str>,
    counts: Counts,
    calls: u32,
    /// Batches not answered yet, in order; the front one is in flight when `in_flight`.
    unsent: VecDeque<Vec<String>>,
    unsent_ids: usize,
    in_flight: bool,
    unknown: Vec<UnknownTarget>,
    paused: bool,
    /// A shutdown's deadline passed with a call unanswered.
    gave_up: bool,
    /// Calls of the batch a halt stopped (throttled, NotSent), not reported yet.
    halted_calls: u32,
}

impl<'a> JobRun<'a> {
    pub fn new(shared: &'a Shared, job: &'a Queued) -> Self {
        let ids: Vec<String> = job.spec.targets.iter().map(|t| t.id.clone()).collect();
        let unsent: VecDeque<Vec<String>> = batches(&job.spec.action, &ids)
            .into_iter()
            .map(<[String]>::to_vec)
            .collect();
        Self {
            shared,
            job,
            labels: job
                .spec
                .targets
                .iter()
                .map(|t| (t.id.as_str(), t.label.as_str()))
                .collect(),
            counts: job.accepted_counts(),
            calls: 0,
            unsent,
            unsent_ids: ids.len(),
            in_flight: false,
            unknown: job.settled_unknown(),
            paused: false,
            gave_up: false,
            halted_calls: 0,
        }
    }

    fn ctx(&self) -> AuditContext<'a> {
        self.job.ctx()
    }

    /// Send every batch, then record how the job ended.
    pub async fn run(mut self) -> JobEnd {
        let shared = self.shared;
        let job = self.job;
        shared.tallies.set(job.id, |t| t.started = true);
        shared.emit(QueueEvent::JobStarted {
            job: job.id,
            at: now(),
        });
        let _ = self.checkpoint();
        let api = (shared.apis)(job.profile.as_deref(), &job.spec.region);
        let Some(api) = api else {
            let ids: Vec<String> = self.unsent.drain(..).flatten().collect();
            self.unsent_ids = 0;
            let outcome = Outcome::Failed {
                code: "NoClient".into(),
                message: format!(
                    "not sent: no WorkSpaces client for region {}",
                    job.spec.region
                ),
            };
            self.record(all(&ids, &outcome), 0, 0);
            return self.finish();
        };
        let mut sender = Sender {
            api: api.as_ref(),
            action: &job.spec.action,
            retry: &shared.config.retry,
            pause: &shared.config.pause,
            halt: &job.halt,
            not_sent_streak: 0,
        };
        while let Some(ids) = self.unsent.front().cloned() {
            if job.halt.is_halted() {
                break;
            }
            match sender.send(&mut self, &ids).await {
                Sent::Answered {
                    results,
                    calls,
                    reached,
                    gave_up,
                } => {
                    self.unsent.pop_front();
                    self.unsent_ids -= ids.len();
                    self.in_flight = false;
                    self.gave_up |= gave_up;
                    // Tags change nothing a re-read would show: the app applies the outcome.
                    let retags = matches!(job.spec.action, crate::domain::Action::SetTags { .. });
                    if reached && !retags {
                        shared.emit(QueueEvent::Touched {
                            profile: job.profile.clone(),
                            region: job.spec.region.clone(),
                            kind: job.spec.action.target_kind(),
                            ids: touched(&job.spec.action, ids, &results),
                        });
                    }
                    let sent = if reached { results.len() } else { 0 };
                    self.record(results, calls, sent);
                    let _ = self.checkpoint();
                }
                Sent::Halted { calls } => {
                    // Not applied: the batch is recorded with the rest of the unsent, and
                    // its calls with it.
                    self.halted_calls = calls;
                    self.in_flight = false;
                    break;
                }
            }
        }
        self.finish()
    }

    /// Record every unsent resource as not sent, and how the job ended.
    pub fn finish(mut self) -> JobEnd {
        let by_user = self.job.halt.by_user();
        let rest: Vec<String> = self.unsent.drain(..).flatten().collect();
        self.unsent_ids = 0;
        let stopped_unsent = !rest.is_empty();
        if stopped_unsent {
            let reason = if by_user { BY_USER } else { INTERRUPTED };
            let calls = std::mem::take(&mut self.halted_calls);
            self.record(all(&rest, &Outcome::cancelled(reason)), calls, 0);
        }
        let state = if self.gave_up || (stopped_unsent && !by_user) {
            JobState::Interrupted
        } else if by_user && self.counts.cancelled > 0 {
            JobState::Cancelled
        } else {
            JobState::Done
        };
        let journal_rest: Vec<String> = if state == JobState::Interrupted {
            rest
        } else {
            vec![]
        };
        self.end(state, journal_rest)
    }

    /// Nothing is sent: every resource gets `outcome`, and the job ends `Refused`.
    pub fn refuse(mut self, outcome: Outcome, reason: String) -> JobEnd {
        let ids: Vec<String> = self.unsent.drain(..).flatten().collect();
        self.unsent_ids = 0;
        self.record(all(&ids, &outcome), 0, 0);
        self.end(JobState::Refused { reason }, vec![])
    }

    fn end(self, state: JobState, journal_rest: Vec<String>) -> JobEnd {
        let (shared, job) = (self.shared, self.job);
        let r = shared
            .audit
            .finished(self.ctx(), &state, self.counts, self.calls);
        shared.audit_result(r);
        if state == JobState::Interrupted {
            let mut entry = self.journal_entry("interrupted");
            entry.not_sent = self.targets(&journal_rest);
            let _ = self.journal_put(&entry);
        } else if !matches!(state, JobState::Refused { .. }) {
            self.journal_remove();
        }
        shared.tallies.remove(job.id);
        shared.emit(QueueEvent::JobFinished {
            job: job.id,
            state,
            counts: self.counts,
            at: now(),
        });
        JobEnd {
            counts: self.counts,
        }
    }

    /// Outcomes of one batch: an audit line each, the tallies, one Progress event.
    fn record(&mut self, results: Vec<ResourceResult>, calls: u32, sent: usize) {
        for ResourceResult { id, outcome } in &results {
            self.counts.add(outcome);
            let label = self.labels.get(id.as_str()).copied().unwrap_or("");
            let r = self.shared.audit.outcome(self.ctx(), id, label, outcome);
            self.shared.audit_result(r);
            if let Outcome::Unknown { code, message } = outcome {
                self.unknown.push(UnknownTarget {
                    id: id.clone(),
                    label: label.to_string(),
                    code: code.clone(),
                    message: message.clone(),
                });
            }
        }
        self.counts.sent += sent;
        self.calls += calls;
        self.shared.emit(QueueEvent::Progress {
            job: self.job.id,
            results,
            calls,
            sent,
        });
    }

    /// The summary's tally and the journal, after every change of what is unsent or in flight;
    /// the journal's error when it could not be written.
    fn checkpoint(&self) -> Result<(), String> {
        let in_flight = if self.in_flight {
            self.unsent.front().map_or(0, Vec::len)
        } else {
            0
        };
        let (unsent, paused) = (self.unsent_ids - in_flight, self.paused);
        self.shared.tallies.set(self.job.id, |t| {
            t.unsent = unsent;
            t.in_flight = in_flight;
            t.paused = paused;
        });
        let state = if self.paused { "paused" } else { "running" };
        self.journal_put(&self.journal_entry(state))
    }

    fn journal_entry(&self, state: &str) -> UnfinishedJob {
        let job = self.job;
        let skip = usize::from(self.in_flight);
        let not_sent: Vec<String> = self.unsent.iter().skip(skip).flatten().cloned().collect();
        let in_flight: Vec<String> = if self.in_flight {
            self.unsent.front().cloned().unwrap_or_default()
        } else {
            vec![]
        };
        UnfinishedJob {
            updated_at: now(),
            state: state.to_string(),
            not_sent: self.targets(&not_sent),
            in_flight: self.targets(&in_flight),
            unknown: self.unknown.clone(),
            counts: self.counts,
            calls: self.calls,
            ..job.journal_entry()
        }
    }

    fn targets(&self, ids: &[String]) -> Vec<Target> {
        ids.iter()
            .map(|id| {
                Target::new(
                    id.clone(),
                    self.labels.get(id.as_str()).copied().unwrap_or(""),
                )
            })
            .collect()
    }

    fn journal_profile(&self) -> &str {
        self.job.profile.as_deref().unwrap_or(DEFAULT_PROFILE)
    }

    /// A job with nothing to send has nothing to resume: it is never journaled.
    fn journal_dir(&self) -> Option<&'a std::path::Path> {
        let dir = self.shared.config.journal_dir.as_deref()?;
        (!self.job.spec.targets.is_empty()).then_some(dir)
    }

    fn journal_put(&self, entry: &UnfinishedJob) -> Result<(), String> {
        let Some(dir) = self.journal_dir() else {
            return Ok(());
        };
        let r = journal::put(dir, self.journal_profile(), entry, None);
        self.shared.journal_result(r.clone());
        r
    }

    fn journal_remove(&self) {
        if let Some(dir) = self.journal_dir() {
            let r = journal::remove(dir, self.journal_profile(), &self.job.key);
            self.shared.journal_result(r);
        }
    }

    fn pause(&mut self, reason: String) {
        self.paused = true;
        let _ = self.checkpoint();
        self.shared.emit(QueueEvent::JobPaused {
            job: self.job.id,
            reason,
        });
    }

    fn resume(&mut self) {
        if self.paused {
            self.paused = false;
            let _ = self.checkpoint();
            self.shared
                .emit(QueueEvent::JobResumed { job: self.job.id });
        }
    }
}

impl Hooks for JobRun<'_> {
    /// The audit log must record the call before it is sent, and the journal that it is in
    /// flight (so that after a crash it is never resent); while either cannot be written, the
    /// job pauses and tries again with backoff (a cancel or shutdown ends the wait).
    fn before_call<'b>(&'b mut self, ids: &'b [String], attempt: u32) -> BoxFuture<'b, bool> {
        Box::pin(async move {
            let mut failures = 0;
            loop {
                if self.job.halt.is_halted() {
                    return false;
                }
                let (what, e) = match self.shared.audit.sending(self.ctx(), ids, attempt) {
                    Ok(()) => {
                        self.shared.audit_result(Ok(()));
                        self.in_flight = true;
                        match self.checkpoint() {
                            Ok(()) => break,
                            Err(e) => {
                                self.in_flight = false;
                                ("journal", e)
                            }
                        }
                    }
                    Err(e) => {
                        self.shared.audit_result(Err(e.clone()));
                        ("audit log", e)
                    }
                };
                failures += 1;
                let wait = self.shared.config.pause.audit_wait(failures);
                self.pause(format!(
                    "{what} unwritable, retrying in {} s: {e}",
                    secs(wait)
                ));
                if !self.job.halt.sleep(wait).await {
                    return false;
                }
            }
            if failures > 0 {
                self.resume();
            }
            true
        })
    }

    fn unsent_again(&mut self, _ids: &[String]) {
        self.in_flight = false;
        let _ = self.checkpoint();
    }

    fn paused(&mut self, reason: String) {
        self.pause(reason);
    }

    fn resumed(&mut self) {
        self.resume();
    }
}

/// The WorkSpaces a batch touched, to re-read: its targets, or for CreateWorkspaces (whose
/// targets are `directory/user`) the new WorkSpaces' IDs.
fn touched(
    action: &crate::domain::Action,
    ids: Vec<String>,
    results: &[ResourceResult],
) -> Vec<String> {
    match action {
        crate::domain::Action::CreateWorkspaces(_) => results
            .iter()
            .filter_map(|r| r.outcome.result().map(str::to_string))
            .collect(),
        _ => ids,
    }
}
