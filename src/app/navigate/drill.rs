//! Drill-downs: from a pool or fleet to its sessions, from a directory, bundle or image to
//! what it holds, and from a WorkSpace up to its bundle or directory.

use super::detail::region_of_selected;
use super::show::drill_to;
use crate::app::msg::{Command, Outcome};
use crate::app::state::State;
use crate::panes::PaneKind;

pub fn open_sessions(state: &mut State) -> Outcome {
    if state.active == PaneKind::AppFleets {
        return open_app_sessions(state);
    }
    let Some(pool_id) = state.pane().selected_id() else {
        return (false, vec![]);
    };
    let sweep = state.panes.sessions.refresh.sweep + 1;
    let region = region_of_selected(state, &pool_id);
    if state.panes.sessions_pool.as_deref() != Some(pool_id.as_str()) {
        state.panes.sessions = Default::default();
    }
    state.panes.sessions.heading = Some(format!("Sessions of {pool_id}"));
    state.panes.sessions_pool = Some(pool_id.clone());
    let _ = drill_to(state, PaneKind::Sessions, None);
    (
        true,
        vec![Command::LoadSessions {
            region,
            pool_id,
            sweep,
        }],
    )
}

/// Enter on a fleet: its streaming sessions (DescribeSessions for each associated stack).
fn open_app_sessions(state: &mut State) -> Outcome {
    let Some(arn) = state.pane().selected_id() else {
        return (false, vec![]);
    };
    if state.panes.app_fleets.table.get(&arn).is_none() {
        return (false, vec![]);
    }
    if state.panes.sessions_fleet.as_deref() != Some(arn.as_str()) {
        state.panes.app_sessions = Default::default();
    }
    let fleet = crate::table::format::short_id(&arn);
    state.panes.app_sessions.heading = Some(format!("Sessions of {fleet}"));
    state.panes.sessions_fleet = Some(arn);
    let _ = drill_to(state, PaneKind::AppSessions, None);
    let commands: Vec<Command> = reload_app_sessions(state).into_iter().collect();
    if commands.is_empty() {
        state.notice = Some("the fleet is associated with no stack: no sessions".into());
    }
    (true, commands)
}

/// Read the app sessions pane's fleet's sessions again (opened, or a session expired).
pub fn reload_app_sessions(state: &State) -> Option<Command> {
    let arn = state.panes.sessions_fleet.clone()?;
    let fleet = state.panes.app_fleets.table.get(&arn)?;
    if fleet.stacks.is_empty() {
        return None;
    }
    Some(Command::LoadAppSessions {
        region: fleet.region.clone(),
        stacks: fleet.stacks.clone(),
        fleet: arn,
        sweep: state.panes.app_sessions.refresh.sweep + 1,
    })
}

/// Read the sessions pane's pool's sessions again (a session was terminated).
pub fn reload_pool_sessions(state: &State) -> Option<Command> {
    let pool_id = state.panes.sessions_pool.clone()?;
    let region = state.panes.pools.table.get(&pool_id)?.region.clone();
    Some(Command::LoadSessions {
        region,
        pool_id,
        sweep: state.panes.sessions.refresh.sweep + 1,
    })
}

/// Enter on a directory or bundle: the WorkSpaces in it; on an image: the bundles built from
/// it. The child pane opens filtered by the parent's ID (`dir=d-…`, `bundle=wsb-…`,
/// `image=wsi-…`), so the breadcrumb shows whose rows they are; one Esc goes back up, and
/// the child's filter is put back as it was.
pub fn drill_down(state: &mut State) -> Outcome {
    let Some(id) = state.pane().selected_id() else {
        return (false, vec![]);
    };
    let Some((child, column)) = state.active.spec().child else {
        return (false, vec![]);
    };
    if let Err(e) = drill_to(state, child, Some(&format!("{column}={id}"))) {
        state.notice = Some(e);
    }
    (true, vec![])
}

/// From a WorkSpace (on the WorkSpaces or connection pane) up to its bundle or directory:
/// that pane, filtered to it (`id=wsb-…`); Esc comes back.
pub fn go_to_parent(state: &mut State, parent: PaneKind) -> Outcome {
    let Some(id) = state.pane().selected_id() else {
        return (false, vec![]);
    };
    let Some(w) = state.panes.workspaces.table.get(&id) else {
        state.notice = Some(format!("{id} is not loaded yet"));
        return (true, vec![]);
    };
    let target = match parent {
        PaneKind::Bundles => w.bundle_id.clone(),
        _ => w.directory_id.clone(),
    };
    if let Err(e) = drill_to(state, parent, Some(&format!("id={target}"))) {
        state.notice = Some(e);
        return (true, vec![]);
    }
    if state.pane().view_len() == 0 {
        state.notice = Some(format!("{target} is not listed here (yet)"));
    }
    (true, vec![])
}
