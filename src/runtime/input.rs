//! Terminal input as messages: the event a key, paste or resize makes, and the events
//! already waiting folded into the same frame.

use crate::app::Msg;
use crossterm::event::Event;

/// The message a terminal event makes, if any.
pub fn input_msg(ev: Event) -> Option<Msg> {
    match ev {
        Event::Key(k) => Some(Msg::Key(k)),
        Event::Resize(w, h) => Some(Msg::Resize(w, h)),
        Event::Paste(text) => Some(Msg::Paste(text)),
        _ => None,
    }
}

/// Most terminal events one frame takes: a flood of keys still shows its progress.
pub const INPUT_PER_FRAME: usize = 1_024;

/// Add the terminal events already read and waiting, without waiting for more; true when
/// the input ended or failed. Read with `event::read` only once `event::poll` says one is
/// ready, so it never blocks, and no waker is left with the `EventStream` outside the
/// loop's `select!` (crossterm's stream keeps one waker for its wake-up thread). While that
/// thread waits for input it holds the reader, and `poll` says nothing is ready.
pub fn fold_waiting_input(pending: &mut Vec<Msg>) -> bool {
    let zero = std::time::Duration::ZERO;
    for _ in 0..INPUT_PER_FRAME {
        match crossterm::event::poll(zero) {
            Ok(true) => {}
            Ok(false) => return false,
            Err(_) => return true,
        }
        match crossterm::event::read() {
            Ok(ev) => pending.extend(input_msg(ev)),
            Err(_) => return true,
        }
    }
    false
}
