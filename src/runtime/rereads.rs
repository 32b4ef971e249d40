//! Between full sweeps, WorkSpaces in transitional states (and those an action just touched)
//! are re-read by ID, 25 per DescribeWorkspaces call, every few seconds, so a reboot is seen
//! finishing without repaging the fleet. When nothing is transitional, nothing is sent.

use crate::app::Msg;
use crate::app::State;
use crate::service::WorkspacesService;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use tokio::sync::mpsc::UnboundedSender;
use tokio::task::JoinHandle;

/// DescribeWorkspaces takes at most 25 WorkspaceIds.
const IDS_PER_CALL: usize = 25;

/// How often transitional WorkSpaces are re-read.
pub const REREAD_EVERY: std::time::Duration = std::time::Duration::from_secs(3);

#[derive(Default)]
pub struct Rereads {
    /// IDs an action touched, by Region, not yet re-read.
    touched: HashMap<String, BTreeSet<String>>,
    /// The round under way per Region; a Region is skipped until it ends, so re-reads never
    /// pile up faster than the budget lets them through.
    running: HashMap<String, JoinHandle<()>>,
}

impl Rereads {
    /// An action went out for these WorkSpaces: read them at the next round.
    pub fn touched(&mut self, region: &str, ids: &[String]) {
        self.touched
            .entry(region.to_string())
            .or_default()
            .extend(ids.iter().cloned());
    }

    /// Start one round of re-reads in every Region that has something to re-read and no
    /// round under way; `svc_of` gives each Region's service.
    pub fn tick<'a>(
        &mut self,
        state: &State,
        svc_of: impl Fn(&str) -> Option<&'a WorkspacesService>,
        tx: &UnboundedSender<Msg>,
    ) {
        self.running.retain(|_, h| !h.is_finished());
        let mut plan = transitional_by_region(state);
        for (region, ids) in &mut self.touched {
            plan.entry(region.clone())
                .or_default()
                .extend(ids.iter().cloned());
        }
        for (region, ids) in plan {
            if ids.is_empty() || self.running.contains_key(&region) {
                continue;
            }
            let Some(svc) = svc_of(&region) else {
                self.touched.remove(&region);
                continue;
            };
            self.touched.remove(&region);
            let task = tokio::spawn(reread_once(
                svc.clone(),
                ids.into_iter().collect(),
                tx.clone(),
                state.context_name(),
            ));
            self.running.insert(region, task);
        }
    }
}

/// WorkSpaces shown in a transitional state, by Region.
pub fn transitional_by_region(state: &State) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for w in state.panes.workspaces.table.rows() {
        // A WorkSpace being modified (ModificationStates) is re-read until it settles, even
        // when its state stays AVAILABLE or STOPPED.
        if w.state.is_transitional() || !w.modification_states.is_empty() {
            out.entry(w.region.clone())
                .or_default()
                .insert(w.id.clone());
        }
    }
    out
}

/// One round: every ID once, 25 per call; rows come back as `Msg::WorkspacesRead`.
async fn reread_once(
    svc: WorkspacesService,
    ids: Vec<String>,
    tx: UnboundedSender<Msg>,
    profile: String,
) {
    for chunk in ids.chunks(IDS_PER_CALL) {
        // A failed re-read is not worth a message: the next round or sweep retries.
        let Ok(items) = svc.describe_workspaces_by_id(chunk).await else {
            continue;
        };
        let seen: HashSet<&str> = items.iter().map(|w| w.id.as_str()).collect();
        let gone: Vec<String> = chunk
            .iter()
            .filter(|id| !seen.contains(id.as_str()))
            .cloned()
            .collect();
        let read = Msg::WorkspacesRead {
            profile: profile.clone(),
            items,
            gone,
        };
        if tx.send(read).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{update, Mode, Rows};
    use crate::domain::{Workspace, WorkspaceState};

    fn ws(id: &str, region: &str, state: WorkspaceState) -> Workspace {
        Workspace {
            id: id.into(),
            region: region.into(),
            state,
            ..Default::default()
        }
    }

    #[test]
    fn only_transitional_workspaces_are_planned_and_nothing_once_they_settle() {
        let mut s = State::new(Mode::Demo, "us-east-1".into(), None, String::new());
        s.regions.push("eu-west-1".into());
        let page = |s: &mut State, region: &str, sweep, rows| {
            update(
                s,
                Msg::Page {
                    region: region.into(),
                    sweep,
                    rows: Rows::Workspaces(rows),
                    last: true,
                },
            );
        };
        page(
            &mut s,
            "us-east-1",
            1,
            vec![
                ws("ws-a", "us-east-1", WorkspaceState::Rebooting),
                ws("ws-b", "us-east-1", WorkspaceState::Available),
            ],
        );
        page(
            &mut s,
            "eu-west-1",
            2,
            vec![ws("ws-c", "eu-west-1", WorkspaceState::Stopping)],
        );
        let plan = transitional_by_region(&s);
        assert_eq!(plan["us-east-1"], BTreeSet::from(["ws-a".to_string()]));
        assert_eq!(plan["eu-west-1"], BTreeSet::from(["ws-c".to_string()]));
        // The re-reads come back settled: nothing is left to re-read.
        let profile = s.context_name();
        update(
            &mut s,
            Msg::WorkspacesRead {
                profile,
                items: vec![
                    ws("ws-a", "us-east-1", WorkspaceState::Available),
                    ws("ws-c", "eu-west-1", WorkspaceState::Stopped),
                ],
                gone: vec![],
            },
        );
        assert!(transitional_by_region(&s).is_empty());
    }
}
