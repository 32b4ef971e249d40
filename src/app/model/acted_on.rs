//! The WorkSpaces an action is working on (issue 26): they stay in the view, marked as acted
//! on, until they settle, even when the filter no longer matches them. After rebooting
//! `state=UNHEALTHY` the view read "[0 of 300]": the rows turned REBOOTING and left the
//! filter, so the admin could not watch the reboot.

use std::collections::HashMap;

/// Where an acted-on row stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Confirmed; the job's outcome for it has not come.
    Sent,
    /// The call for it succeeded; no read of the row since has shown it moving.
    Answered,
    /// Read in a transitional state (REBOOTING, STARTING, STOPPING…) after its call.
    Moving,
}

/// Acted-on rows by ID. A row leaves when its call did not succeed, or when a read after the
/// call shows it settled (no longer transitional), or when it leaves the table.
#[derive(Debug, Clone, Default)]
pub struct ActedOn {
    rows: HashMap<String, Phase>,
}

impl ActedOn {
    /// An action was confirmed for these rows.
    pub fn add(&mut self, ids: impl IntoIterator<Item = String>) {
        for id in ids {
            self.rows.insert(id, Phase::Sent);
        }
    }

    pub fn contains(&self, id: &str) -> bool {
        !self.rows.is_empty() && self.rows.contains_key(id)
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// The job's outcome for `id`: a call that did not succeed (failed, unknown, skipped,
    /// cancelled) changes nothing to watch. True when the row left.
    pub fn answered(&mut self, id: &str, succeeded: bool) -> bool {
        match self.rows.get_mut(id) {
            Some(phase) if succeeded => {
                if *phase == Phase::Sent {
                    *phase = Phase::Answered;
                }
                false
            }
            Some(_) => self.rows.remove(id).is_some(),
            None => false,
        }
    }

    /// A fresh read of `id` (DescribeWorkspaces by ID) in a state that is `moving` or not.
    /// Before its call is answered the read says nothing about the action. True when the
    /// row left (it settled).
    pub fn read(&mut self, id: &str, moving: bool) -> bool {
        match self.rows.get_mut(id) {
            Some(Phase::Sent) | None => false,
            Some(phase) if moving => {
                *phase = Phase::Moving;
                false
            }
            Some(_) => self.rows.remove(id).is_some(),
        }
    }

    /// Rows seen moving that now settled (by any read, a sweep's page too), and rows no
    /// longer held; `moving(id)` is `None` when the row is not held. True when any left.
    pub fn settle(&mut self, moving: impl Fn(&str) -> Option<bool>) -> bool {
        let before = self.rows.len();
        self.rows.retain(|id, phase| match moving(id) {
            None => false,
            Some(still) => *phase != Phase::Moving || still,
        });
        self.rows.len() != before
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_stays_from_its_confirmation_until_a_read_after_its_call_shows_it_settled() {
        let mut a = ActedOn::default();
        a.add(["ws-1".to_string(), "ws-2".to_string(), "ws-3".to_string()]);
        // A read before the call is answered (still UNHEALTHY) says nothing.
        assert!(!a.read("ws-1", false));
        assert!(a.contains("ws-1"));
        // ws-3's call failed: nothing to watch.
        assert!(!a.answered("ws-1", true) && !a.answered("ws-2", true));
        assert!(a.answered("ws-3", false));
        // ws-1 reads REBOOTING, then a page still shows it moving, then it settles.
        assert!(!a.read("ws-1", true));
        assert!(!a.settle(|_| Some(true)));
        assert!(a.settle(|id| Some(id != "ws-1")));
        assert!(!a.contains("ws-1"));
        // ws-2 (say, a running mode change) never moves: its first read after the call
        // settles it; a page never settles a row not seen moving.
        assert!(!a.settle(|_| Some(false)));
        assert!(a.read("ws-2", false));
        assert!(a.is_empty());
    }

    #[test]
    fn a_row_that_leaves_the_table_leaves_the_set() {
        let mut a = ActedOn::default();
        a.add(["ws-1".to_string()]);
        assert!(a.settle(|_| None));
        assert_eq!(a.len(), 0);
    }
}
