//! The lazy state machine: actions put a resource into a transitional state and schedule when
//! it settles; `advance(now)` applies every settlement that is due, in time order, whenever a
//! request touches the store. No background task is needed, and a store left alone for an
//! hour catches up in one step.
//!
//! Transitions (the valid values of `Workspace.State`, `WorkspaceImage.State` and
//! `WorkspacesPool.State`):
//! - WorkSpaces: REBOOTING/STARTING/REBUILDING/RESTORING → AVAILABLE, STOPPING → STOPPED,
//!   SUSPENDED (image creation) and UPDATING (ModifyWorkspaceProperties) → the state before,
//!   TERMINATING → TERMINATED → removed ("TERMINATED state is returned only briefly").
//! - Images: PENDING → AVAILABLE.
//! - Pools: STARTING → RUNNING, STOPPING → STOPPED (sessions end), UPDATING → RUNNING, and
//!   capacity changes of a RUNNING pool converge after one transition time.

use std::cmp::Reverse;

use super::{ConnState, RegionStore};
use crate::sim::types::{ImageState, Millis, PoolState, WorkspaceState};

/// What a WorkSpace becomes when its pending transition is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkspaceNext {
    State(WorkspaceState),
    /// TERMINATED WorkSpaces are cleaned up and no longer described.
    Gone,
}

/// A scheduled settlement. `seq` ties it to its timer: a newer action replaces `pending`, and
/// the older timer is then ignored when it fires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pending<S> {
    pub due: Millis,
    pub then: S,
    pub seq: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Target {
    Workspace(String),
    Image(String),
    Pool(String),
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Timer {
    due: Millis,
    seq: u64,
    target: Target,
}

impl RegionStore {
    fn schedule(&mut self, due: Millis, target: Target) -> u64 {
        self.next_seq += 1;
        let seq = self.next_seq;
        self.timers.push(Reverse(Timer { due, seq, target }));
        seq
    }

    /// Puts WorkSpace `id` into `transitional` now; it becomes `then` after the transition time.
    pub fn begin_workspace_transition(
        &mut self,
        id: &str,
        transitional: WorkspaceState,
        then: WorkspaceNext,
        now: Millis,
    ) {
        let due = now + self.transition;
        let seq = self.schedule(due, Target::Workspace(id.to_string()));
        if let Some(rec) = self.workspaces.get_mut(id) {
            rec.ws.state = transitional;
            rec.state_since = now;
            rec.pending = Some(Pending { due, then, seq });
        }
    }

    /// Sets a WorkSpace's state at once (ModifyWorkspaceState), cancelling any pending change.
    pub fn set_workspace_state(&mut self, id: &str, state: WorkspaceState, now: Millis) {
        if let Some(rec) = self.workspaces.get_mut(id) {
            rec.ws.state = state;
            rec.state_since = now;
            rec.pending = None;
        }
    }

    /// Marks image `id` PENDING; it becomes AVAILABLE after the transition time.
    pub fn begin_image_pending(&mut self, id: &str, now: Millis) {
        let due = now + self.transition;
        let seq = self.schedule(due, Target::Image(id.to_string()));
        if let Some(rec) = self.images.get_mut(id) {
            rec.image.state = ImageState::Pending;
            rec.pending = Some(Pending {
                due,
                then: ImageState::Available,
                seq,
            });
        }
    }

    /// Puts pool `id` into `transitional` now; it becomes `then` after the transition time.
    /// With `transitional == then` (a capacity change of a RUNNING pool) only the capacity
    /// converges.
    pub fn begin_pool_transition(
        &mut self,
        id: &str,
        transitional: PoolState,
        then: PoolState,
        now: Millis,
    ) {
        let due = now + self.transition;
        let seq = self.schedule(due, Target::Pool(id.to_string()));
        if let Some(rec) = self.pools.get_mut(id) {
            rec.pool.state = transitional;
            rec.pending = Some(Pending { due, then, seq });
        }
    }

    /// Applies every settlement due at or before `now`, oldest first.
    pub fn advance(&mut self, now: Millis) {
        while self.timers.peek().is_some_and(|t| t.0.due <= now) {
            let Some(Reverse(timer)) = self.timers.pop() else {
                break;
            };
            match &timer.target {
                Target::Workspace(id) => self.settle_workspace(id, &timer),
                Target::Image(id) => self.settle_image(id, &timer),
                Target::Pool(id) => self.settle_pool(id, &timer),
            }
        }
    }

    fn settle_workspace(&mut self, id: &str, timer: &Timer) {
        let Some(rec) = self.workspaces.get_mut(id) else {
            return;
        };
        let Some(p) = rec.pending.filter(|p| p.seq == timer.seq) else {
            return; // superseded by a later action
        };
        rec.pending = None;
        match p.then {
            WorkspaceNext::State(state) => {
                rec.ws.state = state;
                rec.state_since = p.due;
                rec.ws.modification_states.clear();
                if state == WorkspaceState::Terminated {
                    // Returned "only briefly before the WorkSpace directory metadata is
                    // cleaned up" (TerminateWorkspaces).
                    let due = p.due + self.transition;
                    let seq = self.schedule(due, Target::Workspace(id.to_string()));
                    if let Some(rec) = self.workspaces.get_mut(id) {
                        rec.pending = Some(Pending {
                            due,
                            then: WorkspaceNext::Gone,
                            seq,
                        });
                    }
                } else if state == WorkspaceState::Stopped {
                    rec.conn.state = ConnState::Disconnected;
                }
            }
            WorkspaceNext::Gone => {
                self.workspaces.remove(id);
                self.tags.remove(id);
            }
        }
    }

    fn settle_image(&mut self, id: &str, timer: &Timer) {
        let Some(rec) = self.images.get_mut(id) else {
            return;
        };
        if let Some(p) = rec.pending.filter(|p| p.seq == timer.seq) {
            rec.image.state = p.then;
            rec.pending = None;
        }
    }

    fn settle_pool(&mut self, id: &str, timer: &Timer) {
        let Some(rec) = self.pools.get_mut(id) else {
            return;
        };
        let Some(p) = rec.pending.filter(|p| p.seq == timer.seq) else {
            return;
        };
        rec.pending = None;
        rec.pool.state = p.then;
        if p.then == PoolState::Stopped {
            // Stopping a pool ends its streaming sessions.
            self.sessions.retain(|_, s| s.pool_id != id);
        }
        self.sync_pool_capacity(id);
    }

    /// Recomputes a pool's CapacityStatus from its state and sessions:
    /// Actual = Available + Active (the `CapacityStatus` shape).
    pub fn sync_pool_capacity(&mut self, id: &str) {
        let active = self.sessions.values().filter(|s| s.pool_id == id).count() as i32;
        let Some(rec) = self.pools.get_mut(id) else {
            return;
        };
        let cap = &mut rec.pool.capacity_status;
        cap.active_user_sessions = active;
        if rec.pool.state == PoolState::Stopped {
            cap.actual_user_sessions = active;
        } else if rec.pending.is_none() {
            cap.actual_user_sessions = cap.desired_user_sessions.max(active);
        } else {
            cap.actual_user_sessions = cap.actual_user_sessions.max(active);
        }
        cap.available_user_sessions = cap.actual_user_sessions - active;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::seed::{generate, FleetParams};

    fn store() -> RegionStore {
        let params = FleetParams {
            seed: 1,
            size: 40,
            account_id: "123456789012".into(),
            transition: 3_000,
        };
        generate(&params, "us-east-1", 1_700_000_000_000)
    }

    fn available(s: &RegionStore) -> String {
        s.workspaces
            .values()
            .find(|r| r.ws.state == WorkspaceState::Available)
            .unwrap()
            .ws
            .workspace_id
            .clone()
    }

    #[test]
    fn transitions_settle_lazily_at_their_due_time() {
        let mut s = store();
        let id = available(&s);
        let t0 = 1_700_000_100_000;
        s.begin_workspace_transition(
            &id,
            WorkspaceState::Rebooting,
            WorkspaceNext::State(WorkspaceState::Available),
            t0,
        );
        s.advance(t0 + 2_999);
        assert_eq!(s.workspaces[&id].ws.state, WorkspaceState::Rebooting);
        s.advance(t0 + 3_000);
        assert_eq!(s.workspaces[&id].ws.state, WorkspaceState::Available);
        assert_eq!(s.workspaces[&id].state_since, t0 + 3_000);
    }

    #[test]
    fn termination_passes_through_terminated_then_removes() {
        let mut s = store();
        let id = available(&s);
        s.merge_tags(&id, &[crate::sim::types::Tag::new("a", "b")]);
        let t0 = 1_700_000_100_000;
        s.begin_workspace_transition(
            &id,
            WorkspaceState::Terminating,
            WorkspaceNext::State(WorkspaceState::Terminated),
            t0,
        );
        s.advance(t0 + 3_000);
        assert_eq!(s.workspaces[&id].ws.state, WorkspaceState::Terminated);
        s.advance(t0 + 5_999);
        assert!(s.workspaces.contains_key(&id));
        s.advance(t0 + 6_000);
        assert!(!s.workspaces.contains_key(&id));
        assert!(!s.tags.contains_key(&id));

        // A long pause catches up through both steps at once.
        let id2 = available(&s);
        s.begin_workspace_transition(
            &id2,
            WorkspaceState::Terminating,
            WorkspaceNext::State(WorkspaceState::Terminated),
            t0,
        );
        s.advance(t0 + 3_600_000);
        assert!(!s.workspaces.contains_key(&id2));
    }

    #[test]
    fn a_later_action_supersedes_the_pending_one() {
        let mut s = store();
        let id = available(&s);
        let t0 = 1_700_000_100_000;
        s.begin_workspace_transition(
            &id,
            WorkspaceState::Rebooting,
            WorkspaceNext::State(WorkspaceState::Available),
            t0,
        );
        s.begin_workspace_transition(
            &id,
            WorkspaceState::Terminating,
            WorkspaceNext::State(WorkspaceState::Terminated),
            t0 + 1_000,
        );
        s.advance(t0 + 3_500);
        assert_eq!(
            s.workspaces[&id].ws.state,
            WorkspaceState::Terminating,
            "the reboot's timer no longer applies"
        );
        s.advance(t0 + 4_000);
        assert_eq!(s.workspaces[&id].ws.state, WorkspaceState::Terminated);
    }

    #[test]
    fn pools_stop_and_start_with_capacity() {
        let mut s = store();
        let running = s
            .pools
            .values()
            .find(|p| p.pool.state == PoolState::Running)
            .unwrap()
            .pool
            .pool_id
            .clone();
        let t0 = 1_700_000_100_000;
        s.begin_pool_transition(&running, PoolState::Stopping, PoolState::Stopped, t0);
        s.advance(t0 + 3_000);
        let p = &s.pools[&running].pool;
        assert_eq!(p.state, PoolState::Stopped);
        assert_eq!(p.capacity_status.actual_user_sessions, 0);
        assert!(s.sessions.values().all(|x| x.pool_id != running));
        s.begin_pool_transition(
            &running,
            PoolState::Starting,
            PoolState::Running,
            t0 + 4_000,
        );
        s.advance(t0 + 7_000);
        let cap = s.pools[&running].pool.capacity_status;
        assert_eq!(cap.actual_user_sessions, cap.desired_user_sessions);
        assert_eq!(
            cap.actual_user_sessions,
            cap.available_user_sessions + cap.active_user_sessions
        );
    }

    #[test]
    fn images_become_available() {
        let mut s = store();
        let id = s.images.keys().next().unwrap().clone();
        let t0 = 1_700_000_100_000;
        s.begin_image_pending(&id, t0);
        assert_eq!(s.images[&id].image.state, ImageState::Pending);
        s.advance(t0 + 3_000);
        assert_eq!(s.images[&id].image.state, ImageState::Available);
    }
}
