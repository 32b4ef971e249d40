//! What the fleet doctor keeps beside the panes' rows: its thresholds, when wsfleet first saw
//! each WorkSpace and since when it is in its state, the reboots wsfleet sent, and whether
//! anything its rules read changed since the findings were worked out.

use crate::domain::doctor::{DoctorConfig, Seen};
use crate::domain::Workspace;
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Default)]
pub struct DoctorState {
    pub config: DoctorConfig,
    /// By WorkSpace ID (kept in the warm-start cache).
    pub seen: HashMap<String, Seen>,
    /// WorkSpaces a reboot sent by wsfleet succeeded for, and when (this session).
    pub rebooted: HashMap<String, i64>,
    /// Something the rules read changed since the findings were last worked out.
    pub stale: bool,
    /// Images whose shares the doctor asked for (once each).
    pub shares_asked: std::collections::HashSet<String>,
}

impl DoctorState {
    pub fn new(config: DoctorConfig) -> Self {
        DoctorState {
            config,
            stale: true,
            ..Default::default()
        }
    }

    /// WorkSpaces as read now: new ones are first seen now, a changed state starts now.
    pub fn see(&mut self, items: &[Workspace], now: i64) {
        for w in items {
            let state = w.state.as_str();
            match self.seen.get_mut(&w.id) {
                Some(s) if s.state == state => {}
                Some(s) => {
                    s.state = state.to_string();
                    s.since = now;
                }
                None => {
                    let seen = Seen {
                        first: now,
                        state: state.to_string(),
                        since: now,
                    };
                    self.seen.insert(w.id.clone(), seen);
                }
            }
        }
        self.stale = true;
    }

    /// What an earlier run saw (the warm-start cache): the earlier first sighting wins, and
    /// the earlier start of the same state.
    pub fn remember(&mut self, cached: &BTreeMap<String, Seen>) {
        for (id, old) in cached {
            match self.seen.get_mut(id) {
                Some(s) => {
                    s.first = s.first.min(old.first);
                    if s.state == old.state {
                        s.since = s.since.min(old.since);
                    }
                }
                None => {
                    self.seen.insert(id.clone(), old.clone());
                }
            }
        }
        self.stale = true;
    }

    /// The sightings of these WorkSpaces, for the cache.
    pub fn of<'a>(&self, ids: impl Iterator<Item = &'a str>) -> BTreeMap<String, Seen> {
        ids.filter_map(|id| Some((id.to_string(), self.seen.get(id)?.clone())))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::WorkspaceState;

    fn ws(id: &str, state: WorkspaceState) -> Workspace {
        Workspace {
            id: id.into(),
            state,
            ..Default::default()
        }
    }

    #[test]
    fn a_state_counts_from_its_change_and_the_cache_keeps_older_sightings() {
        let mut d = DoctorState::default();
        d.see(&[ws("ws-a", WorkspaceState::Available)], 100);
        d.see(&[ws("ws-a", WorkspaceState::Available)], 200);
        assert_eq!(d.seen["ws-a"].since, 100);
        d.see(&[ws("ws-a", WorkspaceState::Unhealthy)], 300);
        assert_eq!((d.seen["ws-a"].first, d.seen["ws-a"].since), (100, 300));
        let mut cached = BTreeMap::new();
        let old = |state: &str| Seen {
            first: 10,
            state: state.into(),
            since: 20,
        };
        cached.insert("ws-a".to_string(), old("UNHEALTHY"));
        d.remember(&cached);
        assert_eq!((d.seen["ws-a"].first, d.seen["ws-a"].since), (10, 20));
    }
}
