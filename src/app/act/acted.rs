//! What an action leaves behind in the view (issue 26): the WorkSpaces it works on stay shown,
//! marked as acted on, until they settle (`model::acted_on`); and the marks stay after an
//! action that leaves its rows in place, so a second action (stop, then start) needs no `*`
//! again. Marks go only where the rows go (terminate, delete, migrate: a new ID).

use crate::app::model::acted_on::ActedOn;
use crate::app::model::dialog::Confirm;
use crate::app::state::{ctx_of, State};
use crate::domain::{Action, Outcome, Workspace};
use crate::panes::RowKind;
use crate::queue::QueueEvent;

/// Actions after which their rows are gone (or, for a migration, listed under a new ID).
fn removes_rows(action: &Action) -> bool {
    matches!(
        action,
        Action::Terminate
            | Action::Migrate { .. }
            | Action::DeleteImage
            | Action::DeleteAppImage
            | Action::TerminateSession
            | Action::ExpireSession
    )
}

/// A confirmation was accepted: the rows it sends to are acted on (WorkSpaces, listed by the
/// WorkSpaces and connection panes alike), and the marks are spent only if the rows go away.
/// Marked rows the filter hides and that were left out stay marked either way.
pub fn on_confirmed(state: &mut State, c: &Confirm) {
    if removes_rows(&c.action) {
        let spent: Vec<String> = (c.targets.iter())
            .chain(c.skipped.iter().map(|(t, _)| t))
            .map(|t| t.id.clone())
            .collect();
        state.panes.get_mut(state.active).unmark(&spent);
    }
    // A create's targets are users, not rows: its new rows arrive by ID when re-read. Tags do
    // not move a WorkSpace's state: nothing to watch settle.
    let creates = matches!(c.action, Action::CreateWorkspaces(_));
    let moves = !matches!(c.action, Action::SetTags { .. });
    if state.active.rows() == RowKind::Workspace && !creates && moves {
        let ids: Vec<String> = c.targets.iter().map(|t| t.id.clone()).collect();
        each(state, |a| {
            a.add(ids.iter().cloned());
            false
        });
    }
}

/// The job's outcomes: a row whose call did not succeed has nothing to watch. True when the
/// view changed.
pub fn on_event(state: &mut State, event: &QueueEvent) -> bool {
    let QueueEvent::Progress { results, .. } = event else {
        return false;
    };
    if state.panes.workspaces.acted.is_empty() {
        return false;
    }
    each(state, |a| {
        let mut left = false;
        for r in results {
            let ok = matches!(r.outcome, Outcome::Succeeded { .. });
            left |= a.answered(&r.id, ok);
        }
        left
    })
}

/// WorkSpaces read by ID (a re-read after the action, or of rows in transitional states):
/// each shows whether it is still moving. Called before they are applied; `gone` left.
pub fn on_read(state: &mut State, items: &[Workspace], gone: &[String]) -> bool {
    if state.panes.workspaces.acted.is_empty() {
        return false;
    }
    each(state, |a| {
        let mut left = false;
        for w in items {
            left |= a.read(&w.id, w.state.is_transitional());
        }
        for id in gone {
            left |= a.answered(id, false);
        }
        left
    })
}

/// After a sweep's page: rows seen moving that it shows settled, and rows no longer held,
/// leave the set.
pub fn settle(state: &mut State) -> bool {
    if state.panes.workspaces.acted.is_empty() {
        return false;
    }
    let table = &state.panes.workspaces.table;
    let moving = |id: &str| table.get(id).map(|w| w.state.is_transitional());
    let mut acted = std::mem::take(&mut state.panes.workspaces.acted);
    let left = acted.settle(moving);
    state.panes.workspaces.acted = acted;
    if left {
        state.panes.connections.acted = state.panes.workspaces.acted.clone();
        rebuild(state);
    }
    left
}

/// Apply `f` to the WorkSpaces pane's acted-on set and give the connection pane the same
/// (they list the same WorkSpaces, as they share marks); rebuild both views when `f` says
/// rows left.
fn each(state: &mut State, f: impl FnOnce(&mut ActedOn) -> bool) -> bool {
    let left = f(&mut state.panes.workspaces.acted);
    state.panes.connections.acted = state.panes.workspaces.acted.clone();
    if left {
        rebuild(state);
    }
    left
}

fn rebuild(state: &mut State) {
    let ctx = ctx_of(&state.joined, state.now, state.idle_days);
    state.panes.workspaces.rebuild(&ctx);
    state.panes.connections.rebuild(&ctx);
}
