//! Turning the queue's events into the queue pane's rows. The run loop keeps each job's
//! `JobView` (the queue's own bookkeeping) and hands the state plain rows.

use super::msg::QueueNews;
use crate::domain::Outcome;
use crate::panes::{JobRow, OutcomeRow};
use crate::queue::{JobState, JobView, QueueEvent, ResourceRow};
use std::collections::HashMap;

/// Every job seen so far, by number.
#[derive(Default)]
pub struct JobBook {
    jobs: HashMap<u64, JobView>,
}

impl JobBook {
    /// Apply one event; returns the news for the state (if any).
    pub fn apply(&mut self, event: &QueueEvent) -> Vec<QueueNews> {
        let (job, ids): (u64, Option<Vec<String>>) = match event {
            QueueEvent::JobQueued(view) => {
                self.jobs.insert(view.id.0, view.clone());
                (view.id.0, None)
            }
            QueueEvent::JobStarted { job, .. } | QueueEvent::JobFinished { job, .. } => {
                (job.0, Some(vec![]))
            }
            QueueEvent::Progress { job, results, .. } => {
                (job.0, Some(results.iter().map(|r| r.id.clone()).collect()))
            }
            QueueEvent::AuditFailed(e) => return vec![QueueNews::AuditFailed(e.clone())],
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
            JobState::Done => "done",
            JobState::Cancelled => "cancelled",
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
        Some(Outcome::Succeeded) => ("succeeded", String::new(), String::new()),
        Some(Outcome::Failed { code, message }) => ("failed", code.clone(), message.clone()),
        Some(Outcome::Skipped { reason }) => ("skipped", String::new(), reason.clone()),
        Some(Outcome::Cancelled) => ("cancelled", String::new(), String::new()),
    };
    OutcomeRow {
        id: r.id.clone(),
        label: r.label.clone(),
        outcome: outcome.to_string(),
        code,
        message,
    }
}
