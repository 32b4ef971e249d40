//! Which pane is shown: switching to one (a new drill-down path), drilling down (a step on
//! the path), going back up, and rebuilding a pane's view after its rows or what it joins
//! changed.

use crate::app::model::drill_path::{Crumb, DEPTH};
use crate::app::state::{ctx_of, State};
use crate::panes::PaneKind;

/// A pane chosen by name or number (`:`, Tab, 1–6): the drill-down path is left, each
/// step's pane put back as it was before the drill-down filtered it.
pub fn switch_to(state: &mut State, pane: PaneKind) {
    leave_path(state);
    show(state, pane);
}

/// Down from the active pane to `child`, filtered by `filter` (`dir=d-…`) when given; the
/// cursor starts at the top. On a filter that does not parse nothing moves and the reason
/// returns.
pub fn drill_to(state: &mut State, child: PaneKind, filter: Option<&str>) -> Result<(), String> {
    let path_ok = state.drill.last().is_none_or(|c| c.child == state.active);
    if !path_ok {
        // The active pane was opened some other way: the old path no longer leads here.
        leave_path(state);
    }
    let pane = state.panes.get(child);
    let mut crumb = Crumb {
        parent: state.active,
        child,
        set: pane.filter_text().to_string(),
        filter_before: pane.filter_text().to_string(),
        cursor_before: pane.selected_id(),
    };
    if let Some(filter) = filter {
        let ctx = ctx_of(&state.joined, state.now, state.idle_days);
        state.panes.get_mut(child).set_filter(filter, &ctx)?;
        crumb.set = state.panes.get(child).filter_text().to_string();
    }
    state.drill.push(crumb);
    if state.drill.len() > DEPTH {
        state.drill.remove(0);
    }
    show(state, child);
    state.panes.get_mut(child).move_to(0);
    Ok(())
}

/// Esc: one step up the drill-down path, to the parent as it was left (filter and cursor).
/// A drill-down pane opened without a path (a job's outcomes) goes to its registered parent.
/// False when the active pane is at the top.
pub fn back_up(state: &mut State) -> bool {
    let on_path = state.drill.last().is_some_and(|c| c.child == state.active);
    if !on_path {
        leave_path(state);
        let Some((parent, _)) = state.active.spec().parent else {
            return false;
        };
        show(state, parent);
        return true;
    }
    let Some(crumb) = state.drill.pop() else {
        return false;
    };
    put_back(state, &crumb);
    show(state, crumb.parent);
    true
}

/// Forget the drill-down path, putting every step's pane back as it was, deepest first.
fn leave_path(state: &mut State) {
    while let Some(crumb) = state.drill.pop() {
        put_back(state, &crumb);
    }
}

/// The child of `crumb` as it was before the drill-down: its filter and cursor, unless its
/// filter changed since (then the filter is the user's, and so is the cursor).
fn put_back(state: &mut State, crumb: &Crumb) {
    let ctx = ctx_of(&state.joined, state.now, state.idle_days);
    let pane = state.panes.get_mut(crumb.child);
    if pane.filter_text() != crumb.set {
        return;
    }
    if crumb.set != crumb.filter_before {
        // The text parsed before, so it parses again.
        let _ = pane.set_filter(&crumb.filter_before, &ctx);
    }
    match &crumb.cursor_before {
        Some(id) => pane.select(id),
        None => pane.move_to(0),
    }
}

pub fn show(state: &mut State, pane: PaneKind) {
    state.active = pane;
    state.notice = None;
    rebuild_active(state);
}

/// Re-filter and re-sort every pane (after rows arrived outside the usual paths).
pub fn rebuild_all(state: &mut State) {
    let ctx = ctx_of(&state.joined, state.now, state.idle_days);
    for kind in PaneKind::resources() {
        state.panes.get_mut(kind).rebuild(&ctx);
    }
}

pub fn rebuild_active(state: &mut State) {
    let ctx = ctx_of(&state.joined, state.now, state.idle_days);
    state.panes.get_mut(state.active).rebuild(&ctx);
}
