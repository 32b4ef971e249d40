//! Hostile input through `update`: a huge paste lands at once, cleaned and capped.

use wsfleet::app::paste::MAX_INPUT;
use wsfleet::app::state::Overlay;
use wsfleet::app::{update, Mode, Msg, Rows, State};

use crate::app_fixtures::*;

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

/// Item 4: a 4,096-character filter of repeated words and distinct regexes is one term's
/// work per row (its cost is in BENCHMARKS.md; here, that it applies and means what it says).
#[test]
fn a_4096_character_filter_applies_in_one_event() {
    utc();
    let mut s = State::new(Mode::Demo, "us-east-1".into(), None, String::new());
    update(&mut s, Msg::Resize(120, 40));
    let rows = (0..3_000)
        .map(|i| {
            let user = if i % 3 == 0 { "alice" } else { "bob" };
            ws(&format!("ws-{i:09}"), user, "AVAILABLE", "d-1")
        })
        .collect();
    page(&mut s, Rows::Workspaces(rows));
    let mut filter = String::new();
    for i in 0.. {
        let term = if i % 2 == 0 {
            "a ".to_string()
        } else {
            format!("id~ws|{i} ")
        };
        if filter.len() + term.len() > MAX_INPUT {
            break;
        }
        filter.push_str(&term);
    }
    key(&mut s, crossterm::event::KeyCode::Char('/'));
    update(&mut s, Msg::Paste(filter.clone()));
    let Overlay::Filter { input, error, .. } = &s.overlay else {
        panic!("the filter prompt stays open");
    };
    assert_eq!(input.value().len(), filter.len());
    assert_eq!(*error, None);
    // Every row passes the regexes; "a" is in alice and in AVAILABLE, so all 3,000 show.
    assert_eq!(s.pane().view_len(), 3_000);
    key(&mut s, crossterm::event::KeyCode::Char(' '));
    key(&mut s, crossterm::event::KeyCode::Char('i'));
    key(&mut s, crossterm::event::KeyCode::Char('c'));
    assert_eq!(s.pane().view_len(), 1_000, "then ' ic' keeps only alice");
}

/// Issue 24, item 9: 100 KB typed into the filter without bracketed paste (a key per
/// character) stops at the paste's cap, with a message. Keys the event loop finds already
/// waiting (`State::more_waiting`) leave the table as it is until the last of them; a key
/// that is not an edit (Enter) finds what was typed applied.
#[test]
fn keys_typed_past_the_cap_stop_there_and_waiting_keys_filter_once() {
    use crossterm::event::KeyCode;
    utc();
    let mut s = State::new(Mode::Demo, "us-east-1".into(), None, String::new());
    update(&mut s, Msg::Resize(120, 40));
    let rows = (0..3_000)
        .map(|i| {
            let user = if i % 3 == 0 { "alice" } else { "bob" };
            ws(&format!("ws-{i:09}"), user, "AVAILABLE", "d-1")
        })
        .collect();
    page(&mut s, Rows::Workspaces(rows));
    key(&mut s, KeyCode::Char('/'));
    let typed: String = "alice ".repeat(100_000 / 6);
    let last = typed.chars().count() - 1;
    for (i, c) in typed.chars().enumerate() {
        s.more_waiting = i < last;
        key(&mut s, KeyCode::Char(c));
        if i == 1_000 {
            assert_eq!(s.pane().view_len(), 3_000, "not filtered while keys wait");
            assert_eq!(s.pane().filter_text(), "");
        }
    }
    let Overlay::Filter { input, error, .. } = &s.overlay else {
        panic!("the filter prompt stays open");
    };
    assert_eq!(input.value().chars().count(), MAX_INPUT);
    assert_eq!(*error, None);
    let shown = input.value().trim().to_string();
    assert_eq!(s.notice.as_deref(), Some("input stops at 4096 characters"));
    // Filtered after the last key: "alice" and the cut "alic" keep alice's rows.
    assert_eq!(s.pane().filter_text(), shown);
    assert_eq!(s.pane().view_len(), 1_000);
    // Backspace makes room; with more keys waiting behind it, Enter (not an edit) applies it.
    s.more_waiting = true;
    for _ in 0..4 {
        key(&mut s, KeyCode::Backspace);
    }
    key(&mut s, KeyCode::Char('b'));
    key(&mut s, KeyCode::Char('o'));
    key(&mut s, KeyCode::Char('b'));
    assert_eq!(s.pane().filter_text(), shown, "still waiting");
    key(&mut s, KeyCode::Enter);
    s.more_waiting = false;
    assert!(matches!(s.overlay, Overlay::None));
    assert!(s.pane().filter_text().ends_with("alice bob"));
    assert_eq!(s.pane().view_len(), 0, "nobody is both alice and bob");
}

/// 10,000 random key events, pastes and resizes into `update` on a 3,000-row fleet: no
/// panic, and the state stays consistent after each one. Seeded, so a failure repeats.
#[test]
fn ten_thousand_random_events_never_panic_and_keep_the_state_consistent() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use rand::{Rng, SeedableRng};
    utc();
    let mut s = State::new(Mode::Demo, "us-east-1".into(), None, String::new());
    update(&mut s, Msg::Resize(120, 40));
    let states = ["AVAILABLE", "STOPPED", "ERROR", "REBOOTING", "UNHEALTHY"];
    let rows: Vec<_> = (0..3_000)
        .map(|i| {
            ws(
                &format!("ws-{i:09}"),
                &format!("user{i}"),
                states[i % states.len()],
                "d-1111111111",
            )
        })
        .collect();
    page(&mut s, Rows::Workspaces(rows));
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    let keys = [
        "j", "k", "g", "G", " ", "*", "V", "U", "/", ":", "\r", "\x1b", "\t", "1", "2", "3", "4",
        "5", "6", ">", "<", "s", "R", "X", "S", "+", "d", "?", "y", "a", "e", "q", "n", "~",
    ];
    for _ in 0..10_000 {
        let msg = match rng.random_range(0..100) {
            0..=2 => Msg::Resize(rng.random_range(1..300), rng.random_range(1..100)),
            3..=4 => Msg::Paste(
                (0..rng.random_range(0..200))
                    .map(|_| rng.random_range(0u8..=127) as char)
                    .collect(),
            ),
            _ => {
                let k = keys[rng.random_range(0..keys.len())];
                let code = match k {
                    "\r" => KeyCode::Enter,
                    "\x1b" => KeyCode::Esc,
                    "\t" => KeyCode::Tab,
                    k => KeyCode::Char(k.chars().next().unwrap()),
                };
                let mods = if rng.random_range(0..20) == 0 {
                    KeyModifiers::CONTROL
                } else {
                    KeyModifiers::NONE
                };
                // Ctrl-C with nothing running quits: keep going instead, as a user would not.
                if mods == KeyModifiers::CONTROL && code == KeyCode::Char('c') {
                    continue;
                }
                Msg::Key(KeyEvent::new(code, mods))
            }
        };
        update(&mut s, msg);
        s.quit = false;
        // Consistent: the view is within the table, marks are rows of it, shared marks agree.
        let pane = s.pane();
        assert!(pane.view_len() <= 3_000);
        assert!(s.panes.workspaces.marks.len() <= 3_000);
        assert!(s.panes.workspaces.marks.iter().all(|id| s
            .panes
            .workspaces
            .table
            .get(id)
            .is_some()));
        assert_eq!(
            s.panes.workspaces.marks, s.panes.connections.marks,
            "shared marks agree"
        );
    }
}
