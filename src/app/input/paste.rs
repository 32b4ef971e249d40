//! Pasted text (bracketed paste: the terminal hands it over as one event, so a 100 KB paste
//! never queues behind Enter, Esc or Ctrl-C). It goes into the prompt or field that has the
//! focus, without control characters, and never past `MAX_INPUT` characters (typed keys
//! stop there too: `typing`).

use crate::app::state::{Overlay, State};
use tui_input::{Input, InputRequest};

/// The longest text a prompt or dialog field takes.
pub const MAX_INPUT: usize = 4_096;

/// A paste arrived; returns whether anything visible changed.
pub fn on_paste(state: &mut State, text: &str) -> bool {
    let cut = match &mut state.overlay {
        Overlay::Command { input, .. } => insert(input, text),
        Overlay::Filter { input, .. } => {
            // The filter applies as it is typed, once the input waiting is in (`typing`).
            state.filter_pending = true;
            insert(input, text)
        }
        // A pick list narrows by what is pasted, as typed.
        Overlay::Form(f) if f.pick(f.focus).is_some() => return f.pick_paste(text),
        Overlay::Form(f) => match f.fields.get_mut(f.focus) {
            Some((_, input)) => insert(input, text),
            None => return false,
        },
        Overlay::Confirm(c) if c.expected.is_some() => insert(&mut c.typed, text),
        // Nowhere to type: a paste is not a string of key presses.
        _ => return false,
    };
    if cut {
        state.notice = Some(format!("pasted text cut to {MAX_INPUT} characters"));
    }
    true
}

/// Insert `text` at the cursor, line breaks as spaces and other control characters dropped,
/// up to `MAX_INPUT` characters in all; true when some of it did not fit.
pub fn insert(input: &mut Input, text: &str) -> bool {
    let room = MAX_INPUT.saturating_sub(input.value().chars().count());
    let mut clean = text
        .chars()
        .map(|c| {
            if c == '\n' || c == '\r' || c == '\t' {
                ' '
            } else {
                c
            }
        })
        .filter(|c| !c.is_control());
    let mut taken = 0;
    for c in clean.by_ref().take(room) {
        input.handle(InputRequest::InsertChar(c));
        taken += 1;
    }
    taken == room && clean.next().is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paste_is_cleaned_and_capped() {
        let mut i = Input::default();
        assert!(!insert(&mut i, "a\tb\nc\u{1b}[31m"));
        assert_eq!(i.value(), "a b c[31m");
        let mut i = Input::default();
        assert!(insert(&mut i, &"x".repeat(100_000)));
        assert_eq!(i.value().chars().count(), MAX_INPUT);
        assert!(insert(&mut i, "more"));
        assert_eq!(i.value().chars().count(), MAX_INPUT);
    }
}
