//! Issue 27, modify: `M` on marked WorkSpaces opens the ModifyWorkspaceProperties form (pick
//! lists for compute type, running mode and protocol; numbers for the sizes), its rules show
//! in the form, each target's rules become skip reasons, and the confirmation names each
//! target's change and the billing rate, asking for typing when a compute change would
//! restart a connected user's WorkSpace. Driven through `update` like the running app.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use wsfleet::app::state::Overlay;
use wsfleet::app::{update, Command, Mode, Msg, Rows, State};
use wsfleet::domain::*;

mod app_fixtures;
use app_fixtures::*;

/// ws-000000000 AVAILABLE (user connected), ws-000000001 AVAILABLE, ws-000000002 REBOOTING;
/// all STANDARD with 80/50 GB.
fn fleet(read_only: bool) -> State {
    utc();
    let mut s = State::new(Mode::Demo, "us-east-1".into(), None, String::new());
    s.read_only = read_only;
    update(&mut s, Msg::Resize(120, 30));
    let rows = vec![
        ws("ws-000000000", "alice", "AVAILABLE", "d-1111111111"),
        ws("ws-000000001", "bob", "AVAILABLE", "d-1111111111"),
        ws("ws-000000002", "carol", "REBOOTING", "d-1111111111"),
    ];
    let conns = vec![
        conn("ws-000000000", "CONNECTED", Some(NOW - 60)),
        conn("ws-000000001", "DISCONNECTED", Some(NOW - DAY)),
        conn("ws-000000002", "DISCONNECTED", Some(NOW - DAY)),
    ];
    page(&mut s, Rows::Workspaces(rows));
    page(&mut s, Rows::Connections(conns));
    s
}

fn keys(s: &mut State, text: &str) -> Vec<Command> {
    let mut out = vec![];
    for c in text.chars() {
        let code = match c {
            '\r' => KeyCode::Enter,
            '\x1b' => KeyCode::Esc,
            '\t' => KeyCode::Tab,
            c => KeyCode::Char(c),
        };
        out.extend(update(s, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))).commands);
    }
    out
}

fn screen(s: &State) -> String {
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 30)).unwrap();
    t.draw(|f| wsfleet::ui::draw(f, s)).unwrap();
    let buf = t.backend().buffer();
    (0..30)
        .map(|y| (0..120).map(|x| buf[(x, y)].symbol()).collect::<String>() + "\n")
        .collect()
}

fn form_error(s: &State) -> Option<String> {
    match &s.overlay {
        Overlay::Form(f) => f.error.clone(),
        other => panic!("no form: {other:?}, notice {:?}", s.notice),
    }
}

#[test]
fn a_compute_change_names_each_change_skips_the_rebooting_one_and_asks_for_typing() {
    let mut s = fleet(false);
    keys(&mut s, "*M");
    assert!(matches!(s.overlay, Overlay::Form(_)), "M opens the form");
    // The compute type's pick list: typing narrows it to PERFORMANCE.
    keys(&mut s, "perf\r");
    let Overlay::Confirm(c) = &s.overlay else {
        panic!("no confirmation: {:?} {:?}", s.overlay, s.notice)
    };
    let sent: Vec<&str> = c.targets.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(sent, ["ws-000000000", "ws-000000001"]);
    assert_eq!(c.skipped.len(), 1);
    assert_eq!(c.skipped[0].0.id, "ws-000000002");
    assert!(c.skipped[0]
        .1
        .contains("REBOOTING: modify needs AVAILABLE or STOPPED"));
    assert_eq!(
        c.action,
        Action::ModifyProperties(PropertyChange {
            compute: Some("PERFORMANCE".into()),
            ..Default::default()
        })
    );
    // alice is connected and a compute change restarts her WorkSpace: the count is typed.
    assert_eq!(c.expected.as_deref(), Some("2"));
    let text = screen(&s);
    assert!(text.contains("STANDARD → PERFORMANCE"), "{text}");
    assert!(text.contains("billing rate"), "{text}");
    assert!(text.contains("restarts the WorkSpace"), "{text}");
    assert!(text.contains("alice"), "{text}");
    let sent = keys(&mut s, "2\r");
    match sent.as_slice() {
        [Command::Submit {
            targets, skipped, ..
        }] => {
            assert_eq!(targets.len(), 2);
            assert_eq!(skipped.len(), 1, "the skipped one is recorded, not sent");
        }
        other => panic!("not submitted: {other:?}"),
    }
}

#[test]
fn a_volume_change_says_old_and_new_size_and_needs_no_typing_when_nobody_is_cut_off() {
    let mut s = fleet(false);
    keys(&mut s, "*M");
    // User volume 80/50 → 80/100, one of the allowed pairs.
    keys(&mut s, "\t\t100\r");
    let Overlay::Confirm(c) = &s.overlay else {
        panic!("no confirmation: {:?} {:?}", s.overlay, s.notice)
    };
    assert_eq!(c.targets.len(), 2);
    assert_eq!(c.expected, None, "no restart, few targets: OK and Cancel");
    let text = screen(&s);
    assert!(text.contains("user 50 → 100 GB"), "{text}");
}

#[test]
fn the_form_shows_the_rule_it_breaks_and_sends_nothing() {
    let mut s = fleet(false);
    keys(&mut s, "*M");
    let sent = keys(&mut s, "\r");
    assert!(sent.is_empty());
    assert!(form_error(&s).unwrap().contains("nothing to change"));
    // A compute change with a root volume: "not at the same time".
    keys(&mut s, "power\t175\r");
    assert!(form_error(&s).unwrap().contains("same time"));
    keys(&mut s, "\x1b");
    keys(&mut s, "M\t\t120\r");
    // 80 GB of root takes a user volume of 10, 50 or 100 only: every target is skipped.
    assert!(matches!(s.overlay, Overlay::None));
    let notice = s.notice.clone().unwrap_or_default();
    assert!(notice.contains("not an allowed pair"), "{notice}");
}

#[test]
fn read_only_says_so_and_opens_nothing() {
    let mut s = fleet(true);
    let sent = keys(&mut s, "*M");
    assert!(sent.is_empty());
    assert!(matches!(s.overlay, Overlay::None));
    assert!(s.notice.clone().unwrap_or_default().contains("read-only"));
}
