//! Keys typed into a prompt or a dialog field (issue 24, item 9). A terminal without
//! bracketed paste sends a paste as keys, so typed text stops at the paste's cap
//! (`paste::MAX_INPUT`), and a key past it changes nothing. The filter applies as it is
//! typed, but once per batch of keys already waiting (`State::more_waiting`, set by the event
//! loop), so a flood of keys filters the table once per frame, not once per key; and text
//! that still means the filter in force is not filtered again (`PaneState::type_filter`).

use super::paste::MAX_INPUT;
use crate::app::msg::Msg;
use crate::app::state::{ctx_of, Overlay, State};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use tui_input::backend::crossterm::to_input_request;
use tui_input::{Input, InputRequest};

/// What a key did to an input.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Typed {
    /// The text changed (not only the cursor).
    pub changed: bool,
    /// Some of it did not fit under `MAX_INPUT`.
    pub refused: bool,
}

/// The notice for text refused at the cap.
pub fn cap_notice() -> String {
    format!("input stops at {MAX_INPUT} characters")
}

/// Apply a key to `input` as tui-input would, without going past `MAX_INPUT` characters.
pub fn type_key(input: &mut Input, key: KeyEvent) -> Typed {
    let Some(request) = to_input_request(&Event::Key(key)) else {
        return Typed::default();
    };
    let full = input.value().len() >= MAX_INPUT && input.value().chars().count() >= MAX_INPUT;
    if full && matches!(request, InputRequest::InsertChar(_)) {
        return Typed {
            changed: false,
            refused: true,
        };
    }
    let changed = input.handle(request).is_some_and(|c| c.value);
    Typed {
        changed,
        // Ctrl-Y puts back the last cut, which may not fit any more.
        refused: cut_to_cap(input),
    }
}

/// `type_key`, with the notice said when text was refused.
pub fn type_into(input: &mut Input, key: KeyEvent, notice: &mut Option<String>) {
    if type_key(input, key).refused {
        *notice = Some(cap_notice());
    }
}

/// Cut `input` back to `MAX_INPUT` characters; true when it was longer.
fn cut_to_cap(input: &mut Input) -> bool {
    if input.value().len() <= MAX_INPUT || input.value().chars().count() <= MAX_INPUT {
        return false;
    }
    let text: String = input.value().chars().take(MAX_INPUT).collect();
    let cursor = input.cursor().min(MAX_INPUT);
    *input = Input::new(text).with_cursor(cursor);
    true
}

/// A key that edits the open filter prompt's text: the text changes now, the table when the
/// batch of waiting input ends (`settle_filter`).
pub fn filter_key(state: &mut State, key: KeyEvent) {
    let Overlay::Filter { input, .. } = &mut state.overlay else {
        return;
    };
    let typed = type_key(input, key);
    state.filter_pending |= typed.changed;
    if typed.refused {
        state.notice = Some(cap_notice());
    }
}

/// Whether `msg` is a key the open filter prompt takes as an edit (anything but Enter, Esc,
/// Ctrl-C and key releases), after which the table may wait for the batch's last key.
pub fn edits_filter(state: &State, msg: &Msg) -> bool {
    let Msg::Key(key) = msg else {
        return false;
    };
    let ctrl_c = key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL);
    matches!(state.overlay, Overlay::Filter { .. })
        && key.kind != KeyEventKind::Release
        && !ctrl_c
        && !matches!(key.code, KeyCode::Enter | KeyCode::Esc)
}

/// Apply the filter prompt's text to the table if keys changed it since; true if applied.
pub fn settle_filter(state: &mut State) -> bool {
    if !std::mem::take(&mut state.filter_pending) {
        return false;
    }
    let ctx = ctx_of(&state.joined, state.now, state.idle_days);
    let pane = state.panes.get_mut(state.active);
    let Overlay::Filter { input, error, .. } = &mut state.overlay else {
        return false;
    };
    // Filter as you type; a bad regex shows its error and keeps the last good filter.
    *error = pane.type_filter(input.value(), &ctx).err();
    pane.move_to(0);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    #[test]
    fn typed_text_stops_at_the_cap_and_edits_still_work_there() {
        let mut i = Input::new("x".repeat(MAX_INPUT - 1));
        assert_eq!(
            type_key(&mut i, key('a')),
            Typed {
                changed: true,
                refused: false
            }
        );
        assert_eq!(
            type_key(&mut i, key('b')),
            Typed {
                changed: false,
                refused: true
            }
        );
        assert_eq!(i.value().chars().count(), MAX_INPUT);
        assert!(i.value().ends_with("xa"));
        // Backspace makes room again; moving the cursor is no change.
        let back = KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE);
        assert!(type_key(&mut i, back).changed);
        assert!(!type_key(&mut i, KeyEvent::new(KeyCode::Left, KeyModifiers::NONE)).changed);
        assert!(type_key(&mut i, key('é')).changed);
        assert_eq!(i.value().chars().count(), MAX_INPUT);
        assert!(type_key(&mut i, key('z')).refused);
    }

    #[test]
    fn putting_back_a_cut_never_goes_past_the_cap() {
        let ctrl = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
        let mut i = Input::new("y".repeat(MAX_INPUT));
        // Ctrl-W cuts the word, Ctrl-Y puts it back twice: the second does not fit.
        assert!(type_key(&mut i, ctrl('w')).changed);
        assert_eq!(i.value(), "");
        type_key(&mut i, key('a'));
        let typed = type_key(&mut i, ctrl('y'));
        assert!(typed.changed && typed.refused, "{typed:?}");
        assert_eq!(i.value().chars().count(), MAX_INPUT);
        assert!(i.value().starts_with("ay"));
    }
}
