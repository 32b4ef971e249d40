//! Connection status of an action's targets while its confirmation is open (the
//! large-fleet issue): the connection sweep of a big fleet may not have reached the marked
//! WorkSpaces yet, and a confirmation that says nobody is connected must not rest on that.
//! Targets whose status is not known are asked for by ID (DescribeWorkspacesConnectionStatus,
//! 25 per call, ahead of the sweep), once each; as answers arrive the confirmation names
//! the users connected now, and typing the confirmation becomes required if any are. These
//! lookups take only the calls a running job leaves (`Asker::Confirmation`).

use crate::app::msg::{Asker, Command};
use crate::app::state::{Overlay, State};

/// Lookups for the open confirmation's targets with no known connection status.
pub fn ask(state: &mut State) -> Vec<Command> {
    let Overlay::Confirm(c) = &state.overlay else {
        return vec![];
    };
    if !c.action.disrupts_sessions() {
        return vec![];
    }
    let pairs = c.targets.iter().filter_map(|t| {
        let region = c.region_of.get(&t.id)?;
        Some((region.as_str(), t.id.as_str()))
    });
    // Asked while a job may be running in the same Region: the job keeps its calls.
    crate::app::navigate::lookups::ask_connections(&mut state.joined, pairs, Asker::Confirmation)
}

/// Bring the open confirmation's "who is connected" lines up to date with what is known now.
pub fn refresh(state: &mut State) -> bool {
    let Overlay::Confirm(c) = &state.overlay else {
        return false;
    };
    let affects = super::affects::affects(state, &c.action, &c.targets);
    let Overlay::Confirm(c) = &mut state.overlay else {
        return false;
    };
    // Lines others put before them (the snapshot a restore goes back to, a campaign's
    // plan) stay.
    let keep = c.affects.len() - c.joined_lines.min(c.affects.len());
    if c.affects[keep..] == affects[..] {
        return false;
    }
    c.affects.truncate(keep);
    c.joined_lines = affects.len();
    c.affects.extend(affects);
    if !c.affects.is_empty() {
        c.require_typing();
    }
    true
}
