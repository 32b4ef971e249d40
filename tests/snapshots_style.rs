//! How wsfleet looks without colour (NO_COLOR) and without box-drawing glyphs (--ascii), drawn
//! from fixed state with ratatui's TestBackend.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use ratatui::Terminal;
use wsfleet::app::{update, Mode, Msg, Rows, State};
use wsfleet::config::Theme;
use wsfleet::domain::*;

/// 2026-11-21 12:00:00 UTC.
const NOW: i64 = 1_795_262_400;

fn ws(id: &str, user: &str, state: &str) -> Workspace {
    Workspace {
        id: id.into(),
        region: "us-east-1".into(),
        user_name: user.into(),
        computer_name: format!("WSAMZN-{}", &id[3..9].to_uppercase()),
        state: WorkspaceState::parse(state),
        directory_id: "d-1111111111".into(),
        bundle_id: "wsb-abc12345".into(),
        compute_type: "STANDARD".into(),
        running_mode: "AUTO_STOP".into(),
        ip_address: "10.0.1.10".into(),
        root_volume_gib: Some(80),
        user_volume_gib: Some(50),
        ..Default::default()
    }
}

fn key(state: &mut State, code: KeyCode) {
    update(state, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn fixed_state() -> State {
    std::env::set_var("TZ", "UTC");
    let mut s = State::new(
        Mode::Demo,
        "us-east-1".into(),
        None,
        "http://127.0.0.1:4599".into(),
    );
    update(&mut s, Msg::Resize(100, 20));
    update(
        &mut s,
        Msg::Page {
            region: "us-east-1".into(),
            sweep: 1,
            rows: Rows::Workspaces(vec![
                ws("ws-a1b2c3d4e", "alice.adams", "AVAILABLE"),
                ws("ws-b2c3d4e5f", "bob.brown", "STOPPED"),
                ws("ws-c3d4e5f6g", "carol.chen", "UNHEALTHY"),
                ws("ws-d4e5f6g7h", "dan.diaz", "REBOOTING"),
                ws("ws-e5f6g7h8i", "erin.evans", "ERROR"),
                ws("ws-f6g7h8i9j", "frank.fox", "ADMIN_MAINTENANCE"),
            ]),
            last: true,
        },
    );
    s.panes.workspaces.refresh.last_ok = Some(NOW);
    s.now = NOW;
    s
}

fn draw(state: &State, w: u16, h: u16) -> Buffer {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| wsfleet::ui::draw(f, state)).unwrap();
    t.backend().buffer().clone()
}

fn text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

fn row_of(buf: &Buffer, needle: &str) -> u16 {
    let t = text(buf);
    t.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle} not on screen:\n{t}")) as u16
}

fn assert_ascii(screen: &str) {
    for (n, l) in screen.lines().enumerate() {
        assert!(l.is_ascii(), "line {n} is not ASCII: {l:?}\n{screen}");
    }
}

/// Marks on two rows, the cursor moved to the third.
fn marked_state() -> State {
    let mut s = fixed_state();
    key(&mut s, KeyCode::Char(' '));
    key(&mut s, KeyCode::Char(' '));
    s.now = NOW;
    s
}

#[test]
fn no_color_draws_no_colour_but_keeps_cursor_marks_and_states() {
    let mut s = marked_state();
    s.theme = Theme::default().without_colour();
    let buf = draw(&s, 100, 20);
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let c = &buf[(x, y)];
            assert_eq!(
                (c.fg, c.bg),
                (Color::Reset, Color::Reset),
                "cell ({x}, {y}) {:?} has a colour",
                c.symbol()
            );
        }
    }
    // The cursor row (third, after two marks) is reversed across the table.
    let cursor = row_of(&buf, "ws-c3d4e5f6g");
    assert!(buf[(5, cursor)].modifier.contains(Modifier::REVERSED));
    for other in ["ws-a1b2c3d4e", "ws-d4e5f6g7h"] {
        let y = row_of(&buf, other);
        assert!(
            !buf[(5, y)].modifier.contains(Modifier::REVERSED),
            "{other}"
        );
    }
    // Marked rows keep their `*`, and the state is spelled out.
    let screen = text(&buf);
    let line = |id: &str| screen.lines().find(|l| l.contains(id)).unwrap().to_string();
    assert!(line("ws-a1b2c3d4e").contains("*ws-a1b2c3d4e"), "{screen}");
    assert!(line("ws-b2c3d4e5f").contains("*ws-b2c3d4e5f"), "{screen}");
    assert!(line("ws-c3d4e5f6g").contains(" ws-c3d4e5f6g"), "{screen}");
    assert!(line("ws-c3d4e5f6g").contains("UNHEALTHY"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn no_color_keeps_the_theme_modifiers() {
    // High contrast without colour: still bold states and a reversed cursor.
    let t = Theme::load("high-contrast", None).unwrap().without_colour();
    assert!(t.reverse_selection && t.bold_states);
    assert_eq!(t.healthy, Color::Reset);
}

#[test]
fn ascii_mode_draws_the_whole_screen_in_ascii() {
    let mut s = marked_state();
    s.ascii = true;
    key(&mut s, KeyCode::Char('s')); // reverse the sort: the indicator is now "v"
    key(&mut s, KeyCode::Char('/'));
    for c in "user~^[a-d]".chars() {
        key(&mut s, KeyCode::Char(c));
    }
    s.now = NOW;
    let screen = text(&draw(&s, 100, 20));
    assert_ascii(&screen);
    assert!(screen.contains("+-"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn ascii_mode_help_and_confirmation() {
    let mut s = fixed_state();
    s.ascii = true;
    key(&mut s, KeyCode::Char('?'));
    s.now = NOW;
    let help = text(&draw(&s, 100, 30));
    assert_ascii(&help);
    assert!(help.contains("j Down  move down"), "{help}");
    insta::assert_snapshot!("ascii_help", help);

    key(&mut s, KeyCode::Esc);
    // Mark everything and reboot: the skipped rows are counted with "x", not "×".
    key(&mut s, KeyCode::Char('*'));
    key(&mut s, KeyCode::Char('R'));
    s.now = NOW;
    let confirm = text(&draw(&s, 100, 24));
    assert_ascii(&confirm);
    insta::assert_snapshot!("ascii_confirm", confirm);
}

#[test]
fn the_default_is_still_box_drawing() {
    let s = fixed_state();
    let screen = text(&draw(&s, 100, 20));
    assert!(screen.contains('┌') && screen.contains('↑'), "{screen}");
}
