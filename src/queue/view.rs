//! What the queue tells the app (`QueueEvent`), and a plain per-job view the queue pane can
//! keep up to date from those events alone.

use crate::domain::{Action, Outcome, ResourceResult, TargetKind};

use super::job::{CampaignTag, Counts, JobId, JobSpec, JobState};

/// What the queue tells the app. Each job sends JobQueued, then (unless it is refused or ends
/// while queued) JobStarted and one Progress per batch, any number of JobPaused / JobResumed,
/// then JobFinished. Every resource's outcome comes exactly once: in JobQueued (skipped) or
/// in one Progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueueEvent {
    /// Accepted; the view already holds the skipped outcomes.
    JobQueued(JobView),
    JobStarted {
        job: JobId,
        at: i64,
    },
    /// Sending is held; `reason` says why and when it tries again ("endpoint unreachable,
    /// retrying in 8 s: …", "audit log unwritable, retrying in 2 s: …"). Sent again with a
    /// new reason at each failed try while paused.
    JobPaused {
        job: JobId,
        reason: String,
    },
    /// The cause of the pause cleared; the job sends again.
    JobResumed {
        job: JobId,
    },
    /// Outcomes of one batch (or of every unsent resource when the job ends early), with the
    /// API calls that batch took (retries included) and how many of `results` were sent.
    Progress {
        job: JobId,
        results: Vec<ResourceResult>,
        calls: u32,
        sent: usize,
    },
    JobFinished {
        job: JobId,
        state: JobState,
        counts: Counts,
        at: i64,
    },
    /// An audit entry could not be written. Nothing is sent until the log records it (the
    /// job pauses, or is refused if its `submitted` line could not be written).
    AuditFailed(String),
    /// The unfinished-jobs journal could not be written (the jobs go on; a crash now could
    /// leave the journal out of date).
    JournalFailed(String),
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
    /// `None` until the resource's batch has been answered (or the job ended without it).
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
    /// Resources whose call went out (see `Counts::sent`).
    pub sent: usize,
    /// Skipped resources first, then the ones to send, in submission order.
    pub resources: Vec<ResourceRow>,
    /// The image update campaign the job is a step of (boxed: most jobs have none).
    pub campaign: Option<Box<CampaignTag>>,
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
            sent: 0,
            resources: skipped.chain(to_send).collect(),
            campaign: spec.campaign.clone().map(Box::new),
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

    /// Every count, `pending` and `sent` included.
    pub fn counts(&self) -> Counts {
        let mut c = Counts {
            sent: self.sent,
            ..Counts::default()
        };
        for r in &self.resources {
            match &r.outcome {
                Some(o) => c.add(o),
                None => c.pending += 1,
            }
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
            QueueEvent::JobPaused { job, reason } if *job == self.id => {
                self.state = JobState::Paused {
                    reason: reason.clone(),
                };
            }
            QueueEvent::JobResumed { job } if *job == self.id => {
                self.state = JobState::Running;
            }
            QueueEvent::Progress {
                job,
                results,
                calls,
                sent,
            } if *job == self.id => {
                self.calls += calls;
                self.sent += sent;
                for r in results {
                    // A job holds each ID once, and the queue reports each once.
                    if let Some(row) = self.resources.iter_mut().find(|row| row.id == r.id) {
                        row.outcome = Some(r.outcome.clone());
                    }
                }
            }
            QueueEvent::JobFinished { job, state, at, .. } if *job == self.id => {
                self.state = state.clone();
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
    use crate::queue::Target;

    #[test]
    fn a_view_follows_the_events_of_its_job_only() {
        let spec = JobSpec {
            profile: None,
            action: Action::Reboot,
            region: "us-east-1".into(),
            targets: vec![Target::new("ws-a", "alice"), Target::new("ws-b", "bob")],
            skipped: vec![(Target::new("ws-c", "carol"), "STOPPED: no".into())],
            campaign: None,
        };
        let mut v = JobView::new(JobId(1), &spec, 100);
        assert_eq!(
            (v.total(), v.done(), v.state.clone()),
            (3, 1, JobState::Queued)
        );
        assert!(!v.apply(&QueueEvent::JobStarted {
            job: JobId(2),
            at: 1
        }));
        assert!(v.apply(&QueueEvent::JobStarted {
            job: JobId(1),
            at: 101
        }));
        v.apply(&QueueEvent::JobPaused {
            job: JobId(1),
            reason: "endpoint unreachable, retrying in 2 s".into(),
        });
        assert_eq!(v.state.label(), "paused");
        assert_eq!(
            (v.counts().pending, v.counts().sent, v.counts().total()),
            (2, 0, 3)
        );
        v.apply(&QueueEvent::JobResumed { job: JobId(1) });
        assert_eq!(v.state, JobState::Running);
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
            sent: 2,
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
        let c = v.counts();
        assert_eq!((c.total(), c.sent, c.pending, c.skipped), (3, 2, 0, 1));
    }
}
