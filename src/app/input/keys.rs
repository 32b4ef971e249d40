//! The key path's first step: a key goes to the one handler for the mode it finds the app in
//! (the table, a prompt, a dialog, a view that is read), and from there to its action.
//! Handlers never call back in here.

use super::{detail, dialog, prompt, table};
use crate::app::msg::Outcome;
use crate::app::state::{Overlay, State};
use crate::app::track::{quitting, resume};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

pub fn on_key(state: &mut State, key: KeyEvent) -> Outcome {
    if key.kind == KeyEventKind::Release {
        return (false, vec![]);
    }
    if matches!(state.overlay, Overlay::Quit) {
        return quitting::on_key(state, key);
    }
    if matches!(state.overlay, Overlay::Resume) {
        return resume::on_key(state, key);
    }
    if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
        return (true, quitting::request(state));
    }
    match &state.overlay {
        Overlay::None => table::on_table_key(state, key),
        Overlay::Command { .. } => prompt::on_command_key(state, key),
        Overlay::Filter { .. } => prompt::on_filter_key(state, key),
        Overlay::Detail(_) => detail::on_detail_key(state, key),
        Overlay::Help(scroll) => {
            let scroll = *scroll;
            detail::on_help_key(state, scroll, key)
        }
        Overlay::Form(_) => dialog::on_form_key(state, key),
        Overlay::Confirm(_) => dialog::on_confirm_key(state, key),
        Overlay::Error(_) => dialog::on_error_key(state, key),
        Overlay::Quit | Overlay::Resume => unreachable!("handled above"),
    }
}
