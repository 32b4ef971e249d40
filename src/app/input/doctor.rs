//! Keys on the doctor's pane: Enter opens a finding's resources in their own pane, filtered
//! to exactly them; the finding's fix key (shown in its FIX column, as the keymap binds it
//! on that pane) opens that action's ordinary form or confirmation on exactly them: they are
//! shown filtered, marked (and nothing else), and the action's key is pressed there, so the
//! targets, prechecks, skips, typing and queue are those of any action.

use crate::app::msg::Outcome;
use crate::app::navigate::doctor::{fix_rows, fix_target, id_filter, pane_of};
use crate::app::navigate::show::drill_to;
use crate::app::state::State;
use crate::config::keymap::KeyAction;
use crate::domain::doctor::{Finding, Subject};
use crate::panes::{subject_plural, PaneKind};
use crossterm::event::KeyEvent;
use std::collections::HashSet;

/// Enter on a finding: its resources in their pane, filtered to them (Esc comes back).
pub fn open(state: &mut State) -> Outcome {
    let Some(f) = state.panes.doctor.table.selected().cloned() else {
        return (false, vec![]);
    };
    if let Err(e) = show_rows(state, f.subject, &f.ids) {
        state.notice = Some(e);
    }
    (true, vec![])
}

/// The key pressed on a finding, if it is its fix's key: the fix's confirmation (or form).
pub fn on_fix_key(state: &mut State, key: &KeyEvent) -> Option<Outcome> {
    let f = state.panes.doctor.table.selected()?.clone();
    let (subject, ids) = fix_rows(&f);
    let (pane, action) = fix_target(f.fix?, subject);
    if state.keymap.action(pane, key) != Some(action) {
        return None;
    }
    Some(fix(state, &f, pane, action, &ids))
}

fn fix(
    state: &mut State,
    f: &Finding,
    pane: PaneKind,
    action: KeyAction,
    ids: &[String],
) -> Outcome {
    if state.read_only && action != KeyAction::CheckUpdates {
        state.notice = Some(format!("read-only: {action} not sent"));
        return (true, vec![]);
    }
    let subject = fix_rows(f).0;
    if let Err(e) = show_rows(state, subject, ids) {
        state.notice = Some(e);
        return (true, vec![]);
    }
    let marked = mark_exactly(state, pane, ids);
    if marked == 0 {
        let what = subject_plural(subject);
        state.notice = Some(format!("none of the {} {what} is listed now", ids.len()));
        return (true, vec![]);
    }
    if action == KeyAction::Campaign {
        // A campaign starts on one image, the cursor's (the first of the finding's).
        return (true, crate::app::campaign::steps::begin(state));
    }
    let Some(start) = crate::app::act::actions::start_for(pane, action) else {
        return (true, vec![]);
    };
    state.notice = None;
    (true, crate::app::act::actions::begin(state, start))
}

/// Drill down to the pane listing `subject`, filtered to exactly `ids`.
fn show_rows(state: &mut State, subject: Subject, ids: &[String]) -> Result<(), String> {
    if ids.is_empty() {
        return Err("the finding names nothing now".into());
    }
    drill_to(state, pane_of(subject), Some(&id_filter(subject, ids)))
}

/// Mark exactly the rows of `ids` the pane shows (its other marks go): the action then
/// works on them and on nothing else, as if they had been marked by hand. How many.
fn mark_exactly(state: &mut State, pane: PaneKind, ids: &[String]) -> usize {
    let wanted: HashSet<&String> = ids.iter().collect();
    let p = state.panes.get_mut(pane);
    p.clear_marks();
    p.mark_all_visible();
    let extra: Vec<String> = p
        .visible_marked_ids()
        .into_iter()
        .filter(|id| !wanted.contains(id))
        .collect();
    p.unmark(&extra);
    p.marks()
}
