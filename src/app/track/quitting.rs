//! Leaving while jobs run: nothing is lost on exit. `q`, `:q` and Ctrl-C with jobs running
//! or queued, or with a campaign under way (between waves, following its new image), ask
//! first; the choice is to stay, or to cancel what is not yet sent and quit once the calls in
//! flight have answered (so every target has its outcome in the audit log). A campaign stops
//! where it is and stays in the journal: the next start offers to resume it.

use crate::app::msg::Command;
use crate::app::state::{Overlay, State};
use crate::queue::campaign::{Campaign, Step};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The user asked to quit.
pub fn request(state: &mut State) -> Vec<Command> {
    if state.quitting {
        return vec![];
    }
    if state.jobs.summary().any() || !under_way(state).is_empty() {
        state.overlay = Overlay::Quit;
        vec![]
    } else {
        state.quit = true;
        vec![]
    }
}

/// Campaigns that move on by themselves: a step's jobs, the new image being followed, the
/// pause before the next wave (a timer sends it). One waiting for its step's confirmation
/// sends nothing until confirmed, so leaving it needs no question.
pub fn under_way(state: &State) -> Vec<&Campaign> {
    state
        .campaigns
        .iter()
        .filter(|c| !c.awaiting_confirmation)
        .filter(|c| !matches!(c.step, Step::Done | Step::Stopped))
        .collect()
}

/// What the quit dialog says: heading, what is running, what `y` does, and what stays.
pub struct QuitText {
    pub heading: String,
    pub detail: Vec<String>,
    pub yes: String,
    pub footer: Vec<String>,
}

/// The quit dialog's text for the state now.
pub fn text(state: &State) -> QuitText {
    let jobs = state.jobs.summary();
    let campaigns = under_way(state);
    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut t = QuitText {
        heading: "Every job has ended".into(),
        detail: vec!["Nothing is left to send; y quits now.".into()],
        yes: "cancel what is not yet sent, wait for calls in flight, then quit".into(),
        footer: vec!["Every target gets its outcome in the audit log either way.".into()],
    };
    if jobs.any() {
        t.heading = "Jobs are still running".into();
        t.detail = vec![format!(
            "{} running, {} queued, {} paused; {} without an outcome yet.",
            count(jobs.running, "job", "jobs"),
            jobs.queued,
            jobs.paused,
            count(jobs.unanswered, "target", "targets")
        )];
    } else if !campaigns.is_empty() {
        t.heading = "A campaign is under way".into();
        t.detail.clear();
        t.yes = "quit now: the campaign sends nothing more in this session".into();
    }
    for c in &campaigns {
        t.detail.push(match c.next_wave_at {
            Some(at) if c.open_jobs.is_empty() => format!(
                "{}; next wave in {} s",
                c.summary(),
                (at - state.now).max(0)
            ),
            _ => c.summary(),
        });
    }
    if !campaigns.is_empty() {
        t.footer.push(
            "The campaign stays resumable: it is kept in the journal and the next start offers \
             to resume it (nothing it has sent is sent again)."
                .into(),
        );
    }
    t
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
