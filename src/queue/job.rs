//! Jobs as the app sees them: what to submit, the states a job goes through and its counts.
//! The lowest room of the queue: every other one reads these types, and this one reads only
//! `domain`. (`view` holds the events the queue sends back and a per-job picture kept from
//! them.)

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::domain::{Action, Outcome};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JobId(pub u64);

impl fmt::Display for JobId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// One resource of a job: its ID, and a label for display (user name, image or pool name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

/// What the confirmation dialog shows and the job is built from (`precheck::plan`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    pub to_send: Vec<Target>,
    /// Each with the reason, in words an administrator understands.
    pub skipped: Vec<(Target, String)>,
}

/// What a campaign job carries: whose it is and which step, for the queue pane, the audit log
/// and the journal (`queue::campaign`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignTag {
    pub key: String,
    /// "create image", "bundles", "wave 2 of 3".
    pub step: String,
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
    /// The image update campaign this job is a step of (`queue::campaign`).
    pub campaign: Option<CampaignTag>,
}

impl JobSpec {
    pub fn new(action: Action, region: impl Into<String>, plan: Plan) -> Self {
        Self {
            action,
            profile: None,
            region: region.into(),
            targets: plan.to_send,
            skipped: plan.skipped,
            campaign: None,
        }
    }
}

/// Where a job is. The last four are final: every resource has its outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobState {
    Queued,
    Running,
    /// Sending is held and resumes by itself once the cause clears: the audit log cannot
    /// record the next batch, or the endpoint cannot be reached. Cancel still works.
    Paused {
        reason: String,
    },
    Done,
    /// Cancelled by the user before every resource was sent; see the per-resource outcomes.
    Cancelled,
    /// Nothing was sent: the audit log could not record the job before its first call (the
    /// reason names the file and the OS error), or the queue was shutting down.
    Refused {
        reason: String,
    },
    /// wsfleet stopped (`QueueHandle::shutdown`) before every resource was sent or answered.
    /// The unfinished-jobs journal keeps the unsent and unknown resources.
    Interrupted,
}

impl JobState {
    /// One word for the queue pane and the audit log.
    pub fn label(&self) -> &'static str {
        match self {
            JobState::Queued => "queued",
            JobState::Running => "running",
            JobState::Paused { .. } => "paused",
            JobState::Done => "done",
            JobState::Cancelled => "cancelled",
            JobState::Refused { .. } => "refused",
            JobState::Interrupted => "interrupted",
        }
    }

    pub fn is_final(&self) -> bool {
        matches!(
            self,
            JobState::Done | JobState::Cancelled | JobState::Refused { .. } | JobState::Interrupted
        )
    }
}

/// A job's resources by outcome, right in every state: `pending` are those without an outcome
/// yet (not sent, or in a call not yet answered), and the others add up with it to the total.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Counts {
    /// Resources in a call that went out (or may have): answered, failed by the service, or
    /// unknown. Not the ones skipped, cancelled, or refused before sending.
    pub sent: usize,
    pub succeeded: usize,
    pub failed: usize,
    pub skipped: usize,
    pub cancelled: usize,
    /// May or may not have been applied; never sent again.
    pub unknown: usize,
    pub pending: usize,
}

impl Counts {
    /// Count one recorded outcome (`pending` and `sent` are the caller's).
    pub fn add(&mut self, outcome: &Outcome) {
        match outcome {
            Outcome::Succeeded { .. } => self.succeeded += 1,
            Outcome::Failed { .. } => self.failed += 1,
            Outcome::Skipped { .. } => self.skipped += 1,
            Outcome::Cancelled { .. } => self.cancelled += 1,
            Outcome::Unknown { .. } => self.unknown += 1,
        }
    }

    /// Resources with an outcome.
    pub fn done(&self) -> usize {
        self.succeeded + self.failed + self.skipped + self.cancelled + self.unknown
    }

    /// Every resource of the job.
    pub fn total(&self) -> usize {
        self.done() + self.pending
    }

    /// "650 sent: 640 succeeded, 10 failed; 1171 cancelled" — only the parts that are not 0.
    pub fn describe(&self) -> String {
        let sent: Vec<String> = [
            (self.succeeded, "succeeded"),
            (self.failed, "failed"),
            (self.unknown, "unknown (may have been applied)"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect();
        let mut parts = vec![];
        if self.sent > 0 || !sent.is_empty() {
            parts.push(format!("{} sent: {}", self.sent, sent.join(", ")));
        }
        for (n, what) in [
            (self.cancelled, "cancelled"),
            (self.skipped, "skipped"),
            (self.pending, "pending"),
        ] {
            if n > 0 {
                parts.push(format!("{n} {what}"));
            }
        }
        if parts.is_empty() {
            "nothing to send".into()
        } else {
            parts.join("; ")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_add_up_and_describe_only_what_is_there() {
        let mut c = Counts {
            pending: 2,
            sent: 3,
            ..Counts::default()
        };
        c.add(&Outcome::succeeded());
        c.add(&Outcome::Failed {
            code: "X".into(),
            message: "y".into(),
        });
        c.add(&Outcome::Unknown {
            code: "InternalFailure".into(),
            message: "may or may not have been applied: boom".into(),
        });
        c.add(&Outcome::cancelled("cancelled by user, not sent"));
        assert_eq!((c.done(), c.total()), (4, 6));
        assert_eq!(
            c.describe(),
            "3 sent: 1 succeeded, 1 failed, 1 unknown (may have been applied); 1 cancelled; \
             2 pending"
        );
        assert_eq!(Counts::default().describe(), "nothing to send");
    }

    #[test]
    fn final_states_are_the_ones_with_every_outcome() {
        assert!(!JobState::Paused { reason: "x".into() }.is_final());
        assert!(JobState::Interrupted.is_final());
        assert_eq!(JobState::Refused { reason: "x".into() }.label(), "refused");
    }
}
