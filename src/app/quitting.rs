//! Leaving while jobs run: nothing is lost on exit. `q`, `:q` and Ctrl-C with jobs running
//! or queued ask first; the choice is to stay, or to cancel what is not yet sent and quit
//! once the calls in flight have answered (so every target has its outcome in the audit log).

use super::msg::Command;
use super::state::{Overlay, State};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The user asked to quit.
pub fn request(state: &mut State) -> Vec<Command> {
    if state.quitting {
        return vec![];
    }
    if state.jobs.summary().any() {
        state.overlay = Overlay::Quit;
        vec![]
    } else {
        state.quit = true;
        vec![]
    }
}

/// A key while the quit dialog is open: Esc or n stays; y, Enter or Ctrl-C cancels what is
/// unsent and quits after the calls in flight answer.
pub fn on_key(state: &mut State, key: KeyEvent) -> (bool, Vec<Command>) {
    let ctrl_c = key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Esc | KeyCode::Char('n') | KeyCode::Char('N') => {
            state.overlay = Overlay::None;
            (true, vec![])
        }
        KeyCode::Char('y') | KeyCode::Char('Y') | KeyCode::Enter => (true, cancel_and_quit(state)),
        _ if ctrl_c => (true, cancel_and_quit(state)),
        _ => (false, vec![]),
    }
}

/// Cancel every unfinished job's unsent batches; quit when the last job has ended.
fn cancel_and_quit(state: &mut State) -> Vec<Command> {
    state.overlay = Overlay::None;
    state.quitting = true;
    state.notice = Some("quitting: unsent batches cancelled, waiting for calls in flight".into());
    let commands = state
        .jobs
        .unfinished()
        .into_iter()
        .map(Command::CancelJob)
        .collect();
    check_done(state);
    commands
}

/// While quitting: leave once no job is running or queued any more.
pub fn check_done(state: &mut State) {
    if state.quitting && !state.jobs.summary().any() {
        state.quit = true;
    }
}
