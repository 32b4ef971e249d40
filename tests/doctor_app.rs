//! The fleet doctor in the app (`:doctor`): its pane at 80x24, Enter showing exactly a
//! finding's rows in their pane, and its fix key opening the ordinary confirmation on exactly
//! them (never on other marked rows), read-only refusing.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use wsfleet::app::state::Overlay;
use wsfleet::app::{update, Mode, Msg, Rows, Setup, State};
use wsfleet::domain::doctor::DoctorConfig;
use wsfleet::domain::*;

mod app_fixtures;
use app_fixtures::*;

const UNHEALTHY: [&str; 2] = ["ws-c3d4e5f6g", "ws-g7h8i9j0k"];

fn state(read_only: bool) -> State {
    utc();
    let mut setup = Setup::new(
        Mode::Demo,
        "us-east-1".into(),
        None,
        "http://127.0.0.1:4599".into(),
    );
    setup.read_only = read_only;
    setup.doctor = DoctorConfig {
        unhealthy_minutes: 0,
        ..Default::default()
    };
    let mut s = State::start(setup);
    s.fixed_now = Some(NOW);
    update(&mut s, Msg::Resize(80, 24));
    let mut wsp = ws("ws-h8i9j0k1l", "hana.ito", "IMPAIRED", "d-2222222222");
    wsp.protocols = vec!["WSP".into()];
    let mut always_on = ws("ws-a1b2c3d4e", "alice.adams", "AVAILABLE", "d-1111111111");
    always_on.running_mode = "ALWAYS_ON".into();
    page(
        &mut s,
        Rows::Workspaces(vec![
            always_on,
            ws("ws-b2c3d4e5f", "bob.brown", "STOPPED", "d-1111111111"),
            ws("ws-c3d4e5f6g", "carol.chen", "UNHEALTHY", "d-2222222222"),
            ws("ws-e5f6g7h8i", "erin.evans", "ERROR", "d-2222222222"),
            ws("ws-g7h8i9j0k", "gina.gold", "UNHEALTHY", "d-1111111111"),
            wsp,
        ]),
    );
    page(
        &mut s,
        Rows::Connections(vec![
            conn("ws-a1b2c3d4e", "DISCONNECTED", Some(NOW - 45 * DAY)),
            conn("ws-b2c3d4e5f", "DISCONNECTED", Some(NOW - 3 * DAY)),
            conn("ws-c3d4e5f6g", "DISCONNECTED", Some(NOW - DAY)),
            conn("ws-e5f6g7h8i", "UNKNOWN", Some(NOW - 9 * DAY)),
            conn("ws-g7h8i9j0k", "DISCONNECTED", Some(NOW - DAY)),
            conn("ws-h8i9j0k1l", "DISCONNECTED", Some(NOW - DAY)),
        ]),
    );
    s
}

fn keys(s: &mut State, text: &str) {
    for c in text.chars() {
        let code = match c {
            '\r' => KeyCode::Enter,
            c => KeyCode::Char(c),
        };
        let mods = if c.is_ascii_uppercase() {
            KeyModifiers::SHIFT
        } else {
            KeyModifiers::NONE
        };
        update(s, Msg::Key(KeyEvent::new(code, mods)));
    }
}

fn render(state: &State, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| wsfleet::ui::draw(f, state)).unwrap();
    let buf = t.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

fn view_ids(s: &State) -> Vec<String> {
    let t = &s.panes.workspaces.table;
    let mut ids: Vec<String> = (0..t.view_len())
        .filter_map(|i| t.view_row(i))
        .map(|w| w.id.clone())
        .collect();
    ids.sort();
    ids
}

#[test]
fn the_doctors_pane_at_80x24() {
    let mut s = state(false);
    keys(&mut s, ":doctor\r");
    assert_eq!(s.active, wsfleet::panes::PaneKind::Doctor);
    s.now = NOW;
    insta::assert_snapshot!(render(&s, 80, 24));
}

#[test]
fn enter_shows_exactly_the_findings_workspaces_and_esc_comes_back() {
    let mut s = state(false);
    keys(&mut s, ":doctor\r/rule=unhealthy\r");
    assert_eq!(s.panes.doctor.table.view_len(), 1);
    keys(&mut s, "\r");
    assert_eq!(s.active, wsfleet::panes::PaneKind::Workspaces);
    assert_eq!(view_ids(&s), UNHEALTHY);
    update(
        &mut s,
        Msg::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)),
    );
    assert_eq!(s.active, wsfleet::panes::PaneKind::Doctor);
}

#[test]
fn the_fix_key_confirms_a_reboot_of_exactly_the_findings_workspaces() {
    let mut s = state(false);
    // A mark elsewhere in the WorkSpaces pane is not carried into the doctor's fix.
    keys(&mut s, "j ");
    assert_eq!(s.panes.workspaces.marks.len(), 1);
    keys(&mut s, ":doctor\r/rule=unhealthy\rR");
    let Overlay::Confirm(c) = &s.overlay else {
        panic!("no confirmation: {:?}", s.notice);
    };
    assert_eq!(c.action, Action::Reboot);
    let mut targets: Vec<&str> = c.targets.iter().map(|t| t.id.as_str()).collect();
    targets.sort();
    assert_eq!(targets, UNHEALTHY);
    assert_eq!(c.hidden_marked, 0);
    assert_eq!(
        view_ids(&s),
        UNHEALTHY,
        "the pane behind shows exactly them"
    );
}

#[test]
fn read_only_says_so_and_opens_nothing() {
    let mut s = state(true);
    keys(&mut s, ":doctor\r/rule=unhealthy\rR");
    assert!(matches!(s.overlay, Overlay::None));
    assert_eq!(s.notice.as_deref(), Some("read-only: reboot not sent"));
    assert_eq!(s.active, wsfleet::panes::PaneKind::Doctor);
}

#[test]
fn findings_follow_the_data_they_read() {
    let mut s = state(false);
    keys(&mut s, ":doctor\r");
    let unhealthy = |s: &State| s.panes.doctor.table.get("unhealthy").map(|f| f.ids.len());
    assert_eq!(unhealthy(&s), Some(2));
    let mut fixed = ws("ws-c3d4e5f6g", "carol.chen", "AVAILABLE", "d-2222222222");
    fixed.protocols = vec!["WSP".into()];
    let e = update(
        &mut s,
        Msg::WorkspacesRead {
            profile: "demo".into(),
            items: vec![fixed],
            gone: vec![],
        },
    );
    assert!(e.redraw);
    assert_eq!(unhealthy(&s), Some(1));
}
