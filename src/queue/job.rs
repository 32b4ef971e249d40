//! Jobs as the app sees them: what to submit, the events the queue sends back, and a plain
//! per-job view the queue pane can keep up to date from those events.

use std::fmt;

use crate::domain::{Action, Outcome, ResourceResult, TargetKind};

use super::precheck::Plan;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JobId(pub u64);

impl fmt::Display for JobId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// One resource of a job: its ID, and a label for display (user name, image or pool name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub id: String,
    pub label: String,
}

impl Target {
    pub fn new(id: impl Into<String>, label: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            label: label.into(),
        }
    }
}

/// What the app submits. The app runs `plan` before confirming, so the dialog can show the
/// skipped count; the queue records those as skipped at once, and sends only `targets`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobSpec {
    pub action: Action,
    /// The account context (AWS profile) the job was confirmed in: it runs there even if the
    /// user has switched profiles since. `None`: the queue's default.
    pub profile: Option<String>,
    /// Whose `ActionApi` the job calls. For CopyImage that is the destination region.
    pub region: String,
    pub targets: Vec<Target>,
    /// Each with the reason it is not sent.
    pub skipped: Vec<(Target, String)>,
}

impl JobSpec {
    pub fn new(action: Action, region: impl Into<String>, plan: Plan) -> Self {
        Self {
            action,
            profile: None,
            region: region.into(),
            targets: plan.to_send,
            skipped: plan.skipped,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobState {
    Queued,
    Running,
    Done,
    /// Cancelled before every resource was sent; see the per-resource outcomes.
    Cancelled,
}

/// Outcomes of a job by kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub succeeded: usize,
    pub failed: usize,
    pub skipped: usize,
    pub cancelled: usize,
    /// May or may not have been applied; never sent again.
    pub unknown: usize,
}

impl Counts {
    pub fn add(&mut self, outcome: &Outcome) {
        match outcome {
            Outcome::Succeeded { .. } => self.succeeded += 1,
            Outcome::Failed { .. } => self.failed += 1,
            Outcome::Skipped { .. } => self.skipped += 1,
            Outcome::Cancelled { .. } => self.cancelled += 1,
            Outcome::Unknown { .. } => self.unknown += 1,
        }
    }

    pub fn total(&self) -> usize {
        self.succeeded + self.failed + self.skipped + self.cancelled + self.unknown
    }
}

/// What the queue tells the app. Each job sends JobQueued, then (unless cancelled while
/// queued) JobStarted and one Progress per batch, then JobFinished.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueueEvent {
    /// Accepted; the view already holds the skipped outcomes.
    JobQueued(JobView),
    JobStarted {
        job: JobId,
        at: i64,
    },
    /// Outcomes of one batch (or of every unsent resource at cancellation), with the API
    /// calls that batch took, retries included.
    Progress {
        job: JobId,
        results: Vec<ResourceResult>,
        calls: u32,
    },
    JobFinished {
        job: JobId,
        state: JobState,
        counts: Counts,
        at: i64,
    },
    /// An audit entry could not be written; the action itself went ahead.
    AuditFailed(String),
    /// Resources an API call went out for: their state may have changed, re-read them soon.
    Touched {
        /// The account context the job ran in.
        profile: Option<String>,
        region: String,
        kind: TargetKind,
        ids: Vec<String>,
    },
}

/// One row of the job's detail view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceRow {
    pub id: String,
    pub label: String,
    /// `None` until the resource's batch has been answered.
    pub outcome: Option<Outcome>,
}

/// A job as the queue pane shows it. Times are epoch seconds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobView {
    pub id: JobId,
    pub action: Action,
    pub region: String,
    pub state: JobState,
    pub queued_at: i64,
    pub started_at: Option<i64>,
    pub finished_at: Option<i64>,
    pub calls: u32,
    /// Skipped resources first, then the ones to send, in submission order.
    pub resources: Vec<ResourceRow>,
}

impl JobView {
    pub fn new(id: JobId, spec: &JobSpec, queued_at: i64) -> Self {
        let skipped = spec.skipped.iter().map(|(t, reason)| ResourceRow {
            id: t.id.clone(),
            label: t.label.clone(),
            outcome: Some(Outcome::Skipped {
                reason: reason.clone(),
            }),
        });
        let to_send = spec.targets.iter().map(|t| ResourceRow {
            id: t.id.clone(),
            label: t.label.clone(),
            outcome: None,
        });
        Self {
            id,
            action: spec.action.clone(),
            region: spec.region.clone(),
            state: JobState::Queued,
            queued_at,
            started_at: None,
            finished_at: None,
            calls: 0,
            resources: skipped.chain(to_send).collect(),
        }
    }

    pub fn total(&self) -> usize {
        self.resources.len()
    }

    /// Resources with an outcome (skipped ones included).
    pub fn done(&self) -> usize {
        self.resources
            .iter()
            .filter(|r| r.outcome.is_some())
            .count()
    }

    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for o in self.resources.iter().filter_map(|r| r.outcome.as_ref()) {
            c.add(o);
        }
        c
    }

    pub fn failures(&self) -> usize {
        self.counts().failed
    }

    /// Apply an event about this job; false if it was about another job (or none).
    pub fn apply(&mut self, event: &QueueEvent) -> bool {
        match event {
            QueueEvent::JobStarted { job, at } if *job == self.id => {
                self.state = JobState::Running;
                self.started_at = Some(*at);
            }
            QueueEvent::Progress {
                job,
                results,
                calls,
            } if *job == self.id => {
                self.calls += calls;
                for r in results {
                    // A job holds each ID once, and the queue reports each once.
                    if let Some(row) = self.resources.iter_mut().find(|row| row.id == r.id) {
                        row.outcome = Some(r.outcome.clone());
                    }
                }
            }
            QueueEvent::JobFinished { job, state, at, .. } if *job == self.id => {
                self.state = *state;
                self.finished_at = Some(*at);
            }
            _ => return false,
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_view_follows_the_events_of_its_job_only() {
        let spec = JobSpec {
            profile: None,
            action: Action::Reboot,
            region: "us-east-1".into(),
            targets: vec![Target::new("ws-a", "alice"), Target::new("ws-b", "bob")],
            skipped: vec![(Target::new("ws-c", "carol"), "STOPPED: no".into())],
        };
        let mut v = JobView::new(JobId(1), &spec, 100);
        assert_eq!((v.total(), v.done(), v.state), (3, 1, JobState::Queued));
        assert!(!v.apply(&QueueEvent::JobStarted {
            job: JobId(2),
            at: 1
        }));
        assert!(v.apply(&QueueEvent::JobStarted {
            job: JobId(1),
            at: 101
        }));
        v.apply(&QueueEvent::Progress {
            job: JobId(1),
            results: vec![
                ResourceResult {
                    id: "ws-a".into(),
                    outcome: Outcome::succeeded(),
                },
                ResourceResult {
                    id: "ws-b".into(),
                    outcome: Outcome::Failed {
                        code: "X".into(),
                        message: "y".into(),
                    },
                },
            ],
            calls: 3,
        });
        v.apply(&QueueEvent::JobFinished {
            job: JobId(1),
            state: JobState::Done,
            counts: Counts::default(),
            at: 102,
        });
        assert_eq!((v.done(), v.failures(), v.calls), (3, 1, 3));
        assert_eq!(v.state, JobState::Done);
        assert_eq!((v.started_at, v.finished_at), (Some(101), Some(102)));
        assert_eq!(v.counts().total(), 3);
    }
}
