//! What the queue is doing right now, in numbers (for "jobs are running: quit anyway?"), and
//! what a stop recorded.

use std::collections::HashMap;
use std::sync::Mutex;

use super::job::{Counts, JobId};

/// The queue at a glance. Read with `QueueHandle::summary`, which never waits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QueueSummary {
    pub queued_jobs: usize,
    /// Started and not finished, paused ones included.
    pub running_jobs: usize,
    pub paused_jobs: usize,
    /// Resources of queued and running jobs not sent yet: what a cancel would keep from being
    /// sent (and a quit would leave in the unfinished-jobs journal).
    pub unsent: usize,
    /// Resources in calls that have not answered yet.
    pub in_flight: usize,
}

impl QueueSummary {
    /// No job queued or running: quitting loses nothing.
    pub fn is_idle(&self) -> bool {
        self.queued_jobs == 0 && self.running_jobs == 0
    }
}

/// What `QueueHandle::shutdown` and `QueueHandle::cancel_unsent_and_wait` return, once every
/// outcome and each job's `finished` line is recorded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StopReport {
    /// Jobs that were queued or running when the stop began.
    pub jobs: usize,
    /// Their resources by outcome (the whole jobs, not only what the stop decided): the
    /// unsent ones are `cancelled`, calls that did not answer in time `unknown`.
    pub counts: Counts,
    /// Audit lines that could not be written, and why (0 and `None`: the log has everything).
    pub audit_unwritten: usize,
    pub audit_error: Option<String>,
}

impl StopReport {
    pub(crate) fn add(&mut self, c: &Counts) {
        self.jobs += 1;
        let t = &mut self.counts;
        t.sent += c.sent;
        t.succeeded += c.succeeded;
        t.failed += c.failed;
        t.skipped += c.skipped;
        t.cancelled += c.cancelled;
        t.unknown += c.unknown;
        t.pending += c.pending;
    }
}

/// One job's place in the summary.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Tally {
    pub started: bool,
    pub paused: bool,
    pub unsent: usize,
    pub in_flight: usize,
}

/// Every unfinished job's tally, kept by the jobs as they go.
#[derive(Debug, Default)]
pub(crate) struct Tallies(Mutex<HashMap<JobId, Tally>>);

impl Tallies {
    pub fn set(&self, id: JobId, f: impl FnOnce(&mut Tally)) {
        let mut map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        f(map.entry(id).or_default());
    }

    pub fn remove(&self, id: JobId) {
        let mut map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        map.remove(&id);
    }

    pub fn summary(&self) -> QueueSummary {
        let map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let mut s = QueueSummary::default();
        for t in map.values() {
            if t.started {
                s.running_jobs += 1;
            } else {
                s.queued_jobs += 1;
            }
            s.paused_jobs += usize::from(t.paused);
            s.unsent += t.unsent;
            s.in_flight += t.in_flight;
        }
        s
    }
}
