//! The jobs the queue has reported, each stored once as the queue's own `JobView`, and the
//! queue pane's rows made from them.

use crate::domain::Outcome;
use crate::panes::{JobRow, OutcomeRow};
use crate::queue::{JobState, JobView, QueueEvent, ResourceRow};
use std::collections::HashMap;

/// What one queue event changed, in the queue pane's terms.
#[derive(Debug)]
pub enum QueueNews {
    Job(Box<JobRow>),
    Outcomes {
        job: u64,
        rows: Vec<OutcomeRow>,
    },
    /// The audit log could not be written: the user must know.
    AuditFailed(String),
    /// The unfinished-jobs journal could not be written: jobs wait until it can be.
    JournalFailed(String),
}

/// Jobs not yet ended, for the header and the quit dialog.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct JobsSummary {
    pub running: usize,
    pub queued: usize,
    /// Paused (endpoint unreachable, audit log failing): they resume by themselves.
    pub paused: usize,
    /// Targets of those jobs without an outcome yet.
    pub unanswered: usize,
}

impl JobsSummary {
    pub fn any(&self) -> bool {
        self.running + self.queued + self.paused > 0
    }
}

/// Every job seen so far, by number.
#[derive(Debug, Default)]
pub struct JobBook {
    jobs: HashMap<u64, JobView>,
}

impl JobBook {
    /// Every resource outcome of one job, as the outcomes pane shows them.
    pub fn outcome_rows(&self, job: u64) -> Vec<OutcomeRow> {
        self.jobs
            .get(&job)
            .map(|v| v.resources.iter().map(outcome_row).collect())
            .unwrap_or_default()
    }

    /// What the user must not miss about a job now: it ended with failures or outcomes
    /// that may have been applied, it was refused, or it paused ("reboot: 25 of 800 failed
    /// in us-east-1"). `None` when all is well.
    pub fn alert(&self, job: u64) -> Option<String> {
        let v = self.jobs.get(&job)?;
        let c = v.counts();
        let what = v.action.name();
        let region = &v.region;
        match &v.state {
            JobState::Paused { reason } => Some(format!("{what} paused in {region}: {reason}")),
            JobState::Refused { reason } => Some(format!("{what} not sent: {reason}")),
            _ if !v.state.is_final() => None,
            _ if c.failed + c.unknown > 0 => {
                let mut text = format!("{what}: ");
                if c.failed > 0 {
                    text.push_str(&format!("{} of {} failed", c.failed, v.total()));
                }
                if c.unknown > 0 {
                    if c.failed > 0 {
                        text.push_str(", ");
                    }
                    text.push_str(&format!(
                        "{} of {} may have been applied",
                        c.unknown,
                        v.total()
                    ));
                }
                Some(format!("{text} in {region} (:queue, Esc dismisses)"))
            }
            _ => None,
        }
    }

    /// The Region a job runs in.
    pub fn region(&self, job: u64) -> Option<String> {
        self.jobs.get(&job).map(|v| v.region.clone())
    }

    /// A job's action.
    pub fn action(&self, job: u64) -> Option<&crate::domain::Action> {
        self.jobs.get(&job).map(|v| &v.action)
    }

    /// New image IDs from a job's outcomes (create image, create updated image, copy).
    pub fn results(&self, job: u64) -> Vec<String> {
        self.jobs
            .get(&job)
            .map(|v| {
                v.resources
                    .iter()
                    .filter_map(|r| r.outcome.as_ref()?.result().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The jobs still running or queued, by number.
    pub fn unfinished(&self) -> Vec<u64> {
        let mut jobs: Vec<u64> = self
            .jobs
            .values()
            .filter(|v| !v.state.is_final())
            .map(|v| v.id.0)
            .collect();
        jobs.sort();
        jobs
    }

    /// Jobs running or queued, and targets not yet answered, for the header.
    pub fn summary(&self) -> JobsSummary {
        let mut s = JobsSummary::default();
        for v in self.jobs.values() {
            match v.state {
                JobState::Running => s.running += 1,
                JobState::Queued => s.queued += 1,
                JobState::Paused { .. } => s.paused += 1,
                _ => continue,
            }
            s.unanswered += v.total().saturating_sub(v.done());
        }
        s
    }

    /// Apply one event; returns the news for the state (if any).
    pub fn apply(&mut self, event: &QueueEvent) -> Vec<QueueNews> {
        let (job, ids): (u64, Option<Vec<String>>) = match event {
            QueueEvent::JobQueued(view) => {
                self.jobs.insert(view.id.0, view.clone());
                (view.id.0, None)
            }
            QueueEvent::JobStarted { job, .. }
            | QueueEvent::JobPaused { job, .. }
            | QueueEvent::JobResumed { job }
            | QueueEvent::JobFinished { job, .. } => (job.0, Some(vec![])),
            QueueEvent::Progress { job, results, .. } => {
                (job.0, Some(results.iter().map(|r| r.id.clone()).collect()))
            }
            QueueEvent::AuditFailed(e) => return vec![QueueNews::AuditFailed(e.clone())],
            QueueEvent::JournalFailed(e) => return vec![QueueNews::JournalFailed(e.clone())],
            QueueEvent::Touched { .. } => return vec![],
        };
        let Some(view) = self.jobs.get_mut(&job) else {
            return vec![];
        };
        view.apply(event);
        let rows: Vec<OutcomeRow> = view
            .resources
            .iter()
            .filter(|r| ids.as_ref().is_none_or(|ids| ids.contains(&r.id)))
            .map(outcome_row)
            .collect();
        let mut news = vec![QueueNews::Job(Box::new(job_row(view)))];
        if !rows.is_empty() {
            news.push(QueueNews::Outcomes { job, rows });
        }
        news
    }
}

pub fn job_row(v: &JobView) -> JobRow {
    let c = v.counts();
    JobRow {
        key: v.id.0.to_string(),
        job: v.id.0,
        // A campaign's job says which campaign step (or wave) it is.
        action: match &v.campaign {
            Some(t) => format!("{} [campaign {}]", v.action.name(), t.step),
            None => v.action.name(),
        },
        operation: v.action.operation().to_string(),
        region: v.region.clone(),
        total: v.total(),
        done: v.done(),
        succeeded: c.succeeded,
        failed: c.failed,
        skipped: c.skipped,
        cancelled: c.cancelled,
        unknown: c.unknown,
        sent: c.sent,
        state: v.state.label().to_string(),
        reason: match &v.state {
            JobState::Paused { reason } | JobState::Refused { reason } => reason.clone(),
            _ => String::new(),
        },
        summary: c.describe(),
        calls: v.calls,
        started: v.started_at,
        finished: v.finished_at,
    }
}

fn outcome_row(r: &ResourceRow) -> OutcomeRow {
    let (outcome, code, message) = match &r.outcome {
        None => ("pending", String::new(), String::new()),
        Some(Outcome::Succeeded { result }) => (
            "succeeded",
            String::new(),
            result.clone().unwrap_or_default(),
        ),
        Some(Outcome::Failed { code, message }) => ("failed", code.clone(), message.clone()),
        Some(Outcome::Skipped { reason }) => ("skipped", String::new(), reason.clone()),
        Some(Outcome::Cancelled { reason }) => ("cancelled", String::new(), reason.clone()),
        Some(Outcome::Unknown { code, message }) => ("unknown", code.clone(), message.clone()),
    };
    OutcomeRow {
        id: r.id.clone(),
        label: r.label.clone(),
        outcome: outcome.to_string(),
        code,
        message,
    }
}
