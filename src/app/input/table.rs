//! Keys on the table: through the keymap to moving, marking, sorting, drill-downs and the
//! resource actions (each starts its form or confirmation in `act`).

use crate::app::msg::{Command, Outcome};
use crate::app::navigate::detail::open_detail;
use crate::app::navigate::detail::shares_for_selected_image;
use crate::app::navigate::drill::{drill_down, go_to_parent, open_sessions};
use crate::app::navigate::show::{back_up, switch_to};
use crate::app::state::{ctx_of, Overlay, State};
use crate::config::keymap::KeyAction;
use crate::panes::PaneKind;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_input::Input;

pub fn on_table_key(state: &mut State, key: KeyEvent) -> Outcome {
    // Esc and the pane number keys are fixed; everything else goes through the keymap.
    if key.code == KeyCode::Esc {
        return on_escape(state);
    }
    if let KeyCode::Char(c @ '1'..='6') = key.code {
        if key.modifiers.is_empty() || key.modifiers == KeyModifiers::SHIFT {
            switch_to(state, PaneKind::TOP[c as usize - '1' as usize]);
            return (true, shares_for_selected_image(state).into_iter().collect());
        }
    }
    if state.active == PaneKind::Doctor {
        // A finding's fix key (its FIX column) before the pane's own bindings.
        if let Some(outcome) = super::doctor::on_fix_key(state, &key) {
            return outcome;
        }
    }
    let Some(action) = state.keymap.action(state.active, &key) else {
        return (false, vec![]);
    };
    let mut commands = match on_action(state, action) {
        Step::Done(commands) => commands,
        Step::Leave(outcome) => return outcome,
    };
    commands.extend(shares_for_selected_image(state));
    (true, commands)
}

/// What a table action did: stayed on the table (its commands; the image under the cursor
/// may want its shares), or went on to a view or dialog that says what happened itself.
enum Step {
    Done(Vec<Command>),
    Leave(Outcome),
}

fn on_action(state: &mut State, action: KeyAction) -> Step {
    use KeyAction as K;
    use Step::{Done, Leave};
    let page = state.body_rows() as isize;
    let ctx = ctx_of(&state.joined, state.now, state.idle_days);
    let pane = state.panes.get_mut(state.active);
    match action {
        K::Quit => return Done(crate::app::track::quitting::request(state)),
        K::Down => pane.move_by(1),
        K::Up => pane.move_by(-1),
        K::PageDown => pane.move_by(page),
        K::PageUp => pane.move_by(-page),
        K::Top => pane.move_to(0),
        K::Bottom => pane.move_to(usize::MAX),
        K::Mark => {
            pane.toggle_mark();
            pane.move_by(1);
        }
        K::MarkAll => pane.mark_all_visible(),
        K::MarkRange => pane.mark_range(),
        K::ClearMarks => pane.clear_marks(),
        K::SortNext => pane.shift_sort(1, &ctx),
        K::SortPrev => pane.shift_sort(-1, &ctx),
        K::SortReverse => pane.reverse_sort(&ctx),
        K::Refresh => return Done(vec![Command::RefreshAll]),
        K::CopyIds => return Done(copy_ids(state)),
        K::Filter => open_filter(state),
        K::Command => {
            state.overlay = Overlay::Command {
                input: Input::default(),
                error: None,
            }
        }
        K::Help => state.overlay = Overlay::Help(0),
        K::NextPane => switch_to(state, state.active.next()),
        K::PrevPane => switch_to(state, state.active.prev()),
        K::ToggleHeader => state.header_hidden = !state.header_hidden,
        K::ToggleWide => state.wide = !state.wide,
        K::ShowError => show_error(state),
        K::Outcomes => open_outcomes(state),
        K::CancelJob => return Done(cancel_job(state)),
        K::Sessions => return Leave(open_sessions(state)),
        K::OpenFinding => return Leave(super::doctor::open(state)),
        K::DrillDown => return Leave(drill_down(state)),
        K::GoBundle => return Leave(go_to_parent(state, PaneKind::Bundles)),
        K::GoDirectory => return Leave(go_to_parent(state, PaneKind::Directories)),
        K::UseContext => return Leave(crate::app::navigate::contexts::use_selected(state)),
        K::Details => return Leave(open_detail(state)),
        K::Campaign => return Leave((true, crate::app::campaign::steps::begin(state))),
        K::CreateWorkspaces => return Leave((true, crate::app::create::begin(state))),
        // The rest are resource actions (`Act` in the action table): what each starts on
        // this pane comes from the table, not from a list here.
        _ => return Leave(start_resource_action(state, action)),
    }
    Done(vec![])
}

/// Yank: the marked IDs, or the cursor row's, to the clipboard (OSC 52).
fn copy_ids(state: &mut State) -> Vec<Command> {
    let pane = state.pane();
    let mut ids = pane.marked_ids();
    if ids.is_empty() {
        ids.extend(pane.selected_id());
    }
    if ids.is_empty() {
        state.notice = Some("nothing to copy".into());
        return vec![];
    }
    state.notice = Some(crate::app::io::clipboard::copied_notice(ids.len()));
    vec![Command::Copy(ids.join("\n"))]
}

/// The filter prompt, with the text in force; what typing will search is built now, so no
/// keystroke waits for it.
fn open_filter(state: &mut State) {
    let ctx = ctx_of(&state.joined, state.now, state.idle_days);
    let pane = state.panes.get_mut(state.active);
    pane.prepare_filter(&ctx);
    let text = pane.filter_text().to_string();
    state.overlay = Overlay::Filter {
        input: Input::new(text.clone()),
        error: None,
        opened_with: text,
    };
}

/// The pane's last error in full, with the Regions that failed.
fn show_error(state: &mut State) {
    let refresh = state.pane().refresh();
    let Some(e) = &refresh.error else {
        state.notice = Some("no error on this pane".into());
        return;
    };
    let regions = refresh.failing.join(", ");
    let region = if regions.is_empty() {
        String::new()
    } else {
        format!("Region: {regions}\n\n")
    };
    let text = format!("{region}{}\n\n{}", e.code, e.message);
    state.overlay = Overlay::Error(text);
}

/// Enter on a queue row: its campaign's or its job's per-resource outcomes.
fn open_outcomes(state: &mut State) {
    let Some(key) = state.pane().selected_id() else {
        return;
    };
    match key.strip_prefix(crate::app::campaign::row::KEY_PREFIX) {
        Some(campaign) => crate::app::campaign::row::open_outcomes(state, campaign),
        None => {
            if let Ok(job) = key.parse() {
                crate::app::track::queue_news::open_outcomes(state, job);
            }
        }
    }
}

fn cancel_job(state: &State) -> Vec<Command> {
    let job = state.pane().selected_id().and_then(|k| k.parse().ok());
    job.map(Command::CancelJob).into_iter().collect()
}

/// A resource action (reboot, share, capacity…): its form or confirmation; nothing is sent yet.
fn start_resource_action(state: &mut State, action: KeyAction) -> Outcome {
    let Some(start) = crate::app::act::actions::start_for(state.active, action) else {
        return (false, vec![]);
    };
    state.notice = None;
    let commands = crate::app::act::actions::begin(state, start);
    (true, commands)
}

/// Esc backs out (k9s habit): up the drill-down path one step, to the parent pane with its
/// filter and cursor as left; at a top pane it clears the filter, and with none does nothing
/// (Esc pressed twice "to be safe" never lands somewhere else).
fn on_escape(state: &mut State) -> Outcome {
    if state.alert.is_some() {
        // First Esc acknowledges a failed job's alert.
        state.alert = None;
    } else if back_up(state) {
        // Up one step.
    } else if !state.pane().filter_text().is_empty() {
        let ctx = ctx_of(&state.joined, state.now, state.idle_days);
        let _ = state.panes.get_mut(state.active).set_filter("", &ctx);
    } else {
        return (false, vec![]);
    }
    (true, vec![])
}
