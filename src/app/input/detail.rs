//! Keys in the views that are read, not acted in: a row's detail and help.

use crate::app::msg::Outcome;
use crate::app::state::{Overlay, State};
use crossterm::event::{KeyCode, KeyEvent};

pub fn on_detail_key(state: &mut State, key: KeyEvent) -> Outcome {
    let Overlay::Detail(d) = &mut state.overlay else {
        return (false, vec![]);
    };
    match key.code {
        KeyCode::Esc | KeyCode::Char('q') | KeyCode::Enter | KeyCode::Char('d') => {
            state.overlay = Overlay::None
        }
        KeyCode::Char('j') | KeyCode::Down => d.scroll = d.scroll.saturating_add(1),
        KeyCode::Char('k') | KeyCode::Up => d.scroll = d.scroll.saturating_sub(1),
        KeyCode::PageDown => d.scroll = d.scroll.saturating_add(10),
        KeyCode::PageUp => d.scroll = d.scroll.saturating_sub(10),
        KeyCode::Char('g') | KeyCode::Home => d.scroll = 0,
        _ => return (false, vec![]),
    }
    (true, vec![])
}

/// These close help; j/k, PgUp/PgDn, g/G scroll, never past the last line; other keys are
/// ignored so help is not lost.
pub fn on_help_key(state: &mut State, scroll: u16, key: KeyEvent) -> Outcome {
    let end = super::help::max_scroll(state);
    let page = state.size.1.saturating_sub(state.header_rows() + 4).max(1);
    let to = match key.code {
        KeyCode::Esc | KeyCode::Char('?') | KeyCode::Char('q') => {
            state.overlay = Overlay::None;
            return (true, vec![]);
        }
        KeyCode::Char('j') | KeyCode::Down => scroll.saturating_add(1),
        KeyCode::Char('k') | KeyCode::Up => scroll.saturating_sub(1),
        KeyCode::PageDown | KeyCode::Char(' ') => scroll.saturating_add(page),
        KeyCode::PageUp => scroll.saturating_sub(page),
        KeyCode::Char('g') | KeyCode::Home => 0,
        KeyCode::Char('G') | KeyCode::End => end,
        _ => return (false, vec![]),
    };
    let to = to.min(end);
    state.overlay = Overlay::Help(to);
    (to != scroll, vec![])
}
