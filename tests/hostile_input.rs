//! Hostile input through `update`: a huge paste lands at once, cleaned and capped.

use wsfleet::app::paste::MAX_INPUT;
use wsfleet::app::state::Overlay;
use wsfleet::app::{update, Mode, Msg, Rows, State};

mod app_fixtures;
use app_fixtures::*;

#[test]
fn a_100_kb_paste_into_the_filter_lands_in_one_event_capped_with_a_message() {
    utc();
    let mut s = State::new(Mode::Demo, "us-east-1".into(), None, String::new());
    update(&mut s, Msg::Resize(120, 40));
    page(
        &mut s,
        Rows::Workspaces(vec![ws("ws-aaaaaaaa1", "alice", "AVAILABLE", "d-1")]),
    );
    key(&mut s, crossterm::event::KeyCode::Char('/'));
    let paste = format!("alice\n{}", "\u{1b}x".repeat(50_000));
    assert_eq!(paste.len(), 100_006);
    let effects = update(&mut s, Msg::Paste(paste));
    assert!(effects.redraw);
    let Overlay::Filter { input, .. } = &s.overlay else {
        panic!("the filter prompt stays open");
    };
    assert_eq!(input.value().chars().count(), MAX_INPUT);
    assert!(
        input.value().starts_with("alice x"),
        "newline became a space, ESC dropped"
    );
    assert!(!input.value().contains('\u{1b}'));
    assert_eq!(
        s.notice.as_deref(),
        Some("pasted text cut to 4096 characters")
    );
    // A paste with no prompt open types nothing.
    key(&mut s, crossterm::event::KeyCode::Esc);
    key(&mut s, crossterm::event::KeyCode::Esc);
    let marks = s.panes.workspaces.marks.len();
    let effects = update(&mut s, Msg::Paste("   RRR".into()));
    assert!(!effects.redraw && effects.commands.is_empty());
    assert_eq!(s.panes.workspaces.marks.len(), marks);
    assert!(matches!(s.overlay, Overlay::None));
}
