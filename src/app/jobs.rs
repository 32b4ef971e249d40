//! The jobs the queue has reported, each stored once as the queue's own `JobView`, and the
//! queue pane's rows made from them.

use crate::domain::Outcome;
use crate::panes::{JobRow, OutcomeRow};
use crate::queue::{JobState, JobView, QueueEvent, ResourceRow};
use std::collections::HashMap;

/// What one queue event changed, in the queue pane's terms.
#[derive(Debug)]
pub enum QueueNews {
    Job(JobRow),
    Outcomes {
        job: u64,
        rows: Vec<OutcomeRow>,
    },
    /// The audit log could not be written: the user must know.
    AuditFailed(String),
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
            QueueEvent::AuditFailed(e) | QueueEvent::JournalFailed(e) => {
                return vec![QueueNews::AuditFailed(e.clone())]
            }
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
        let mut news = vec![QueueNews::Job(job_row(view))];
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
        action: v.action.name(),
        operation: v.action.operation().to_string(),
        region: v.region.clone(),
        total: v.total(),
        done: v.done(),
        succeeded: c.succeeded,
        failed: c.failed,
        skipped: c.skipped,
        cancelled: c.cancelled,
        state: match v.state {
            JobState::Queued => "queued",
            JobState::Running => "running",
            JobState::Paused { .. } => "paused",
            JobState::Done => "done",
            JobState::Cancelled => "cancelled",
            JobState::Refused { .. } => "refused",
            JobState::Interrupted => "interrupted",
        }
        .to_string(),
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
