//! Which pane is shown: switching to one (remembered for Esc), going back, and rebuilding a
//! pane's view after its rows or what it joins changed.

use crate::app::state::{ctx_of, State};
use crate::panes::PaneKind;

/// How many views Esc can go back through.
const BACK_DEPTH: usize = 20;

pub fn switch_to(state: &mut State, pane: PaneKind) {
    if pane != state.active {
        state.back.push(state.active);
        if state.back.len() > BACK_DEPTH {
            state.back.remove(0);
        }
    }
    show(state, pane);
}

/// Back to `pane` (Esc): it leaves the back list rather than being added to it.
pub fn back_to(state: &mut State, pane: PaneKind) {
    if state.back.last() == Some(&pane) {
        state.back.pop();
    }
    show(state, pane);
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
