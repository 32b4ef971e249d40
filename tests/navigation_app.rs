//! k9s habits (issue 15, the parts done): help lists every `:` command and the pane's filter
//! names and scrolls without running past its end; a sort change starts at the top; IDs sort
//! bytewise and `never` is the oldest last connection. Driven through `update`.

use crossterm::event::KeyCode;
use wsfleet::app::state::Overlay;
use wsfleet::app::{update, Mode, Msg, Rows, State};

mod app_fixtures;
use app_fixtures::*;

fn fleet(rows: u16) -> State {
    utc();
    let mut s = State::new(Mode::Demo, "us-east-1".into(), None, String::new());
    s.fixed_now = Some(NOW);
    update(&mut s, Msg::Resize(80, rows));
    page(
        &mut s,
        Rows::Workspaces(vec![
            ws("ws-73hgyvjmc", "olga.stewart", "AVAILABLE", "d-1"),
            ws("ws-2987as0p8", "amy.adams", "AVAILABLE", "d-1"),
            ws("ws-17o9q5p0h", "zed.zane", "STOPPED", "d-1"),
        ]),
    );
    page(
        &mut s,
        Rows::Connections(vec![
            conn("ws-73hgyvjmc", "CONNECTED", Some(NOW - 60)),
            conn("ws-2987as0p8", "DISCONNECTED", None),
            conn("ws-17o9q5p0h", "DISCONNECTED", Some(NOW - 30 * DAY)),
        ]),
    );
    s
}

fn scroll(s: &State) -> u16 {
    match s.overlay {
        Overlay::Help(n) => n,
        ref other => panic!("help is closed: {other:?}"),
    }
}

fn order(s: &State) -> Vec<String> {
    let t = &s.panes.workspaces.table;
    (0..t.view_len())
        .filter_map(|p| t.view_row(p))
        .map(|w| w.id.clone())
        .collect()
}

#[test]
fn help_lists_commands_and_filter_names_and_stops_at_its_end() {
    let mut s = fleet(24);
    let lines = wsfleet::app::help::lines(&s);
    let text: Vec<String> = lines.iter().map(|(k, w)| format!("{k} {w}")).collect();
    let text = text.join("\n");
    for needle in [
        ":ctx [PROFILE]",
        ":region add|rm",
        ":export[!] csv|json PATH",
        ":aimg :afl",
    ] {
        assert!(text.contains(needle), "{needle} missing:\n{text}");
    }
    assert!(text.contains("last (LAST CONN)"), "{text}");
    key(&mut s, KeyCode::Char('?'));
    assert_eq!(scroll(&s), 0);
    let end = wsfleet::app::help::max_scroll(&s);
    assert!(end > 0, "help is longer than 24 rows");
    key(&mut s, KeyCode::Char('G'));
    assert_eq!(scroll(&s), end);
    key(&mut s, KeyCode::Char('j'));
    key(&mut s, KeyCode::PageDown);
    assert_eq!(scroll(&s), end, "never past the last line");
    key(&mut s, KeyCode::Char('g'));
    assert_eq!(scroll(&s), 0);
    key(&mut s, KeyCode::PageDown);
    assert!(scroll(&s) > 1 && scroll(&s) <= end);
    key(&mut s, KeyCode::Esc);
    assert!(matches!(s.overlay, Overlay::None));
}

#[test]
fn ids_sort_bytewise_a_new_sort_starts_at_the_top_and_never_is_oldest() {
    let mut s = fleet(24);
    assert_eq!(order(&s), ["ws-17o9q5p0h", "ws-2987as0p8", "ws-73hgyvjmc"]);
    // Cursor on the last row, then sort by USER: the view starts at the top again.
    key(&mut s, KeyCode::Char('G'));
    key(&mut s, KeyCode::Char('>'));
    assert_eq!(s.pane().sort_label(), "USER↑");
    assert_eq!(
        s.panes.workspaces.table.selected().unwrap().user_name,
        "amy.adams"
    );
    // LAST CONN ascending: never first (the oldest), then 30 days, then a minute ago.
    while s.pane().sort_label() != "LAST CONN↑" {
        key(&mut s, KeyCode::Char('>'));
    }
    assert_eq!(order(&s), ["ws-2987as0p8", "ws-17o9q5p0h", "ws-73hgyvjmc"]);
    key(&mut s, KeyCode::Char('s'));
    assert_eq!(order(&s), ["ws-73hgyvjmc", "ws-17o9q5p0h", "ws-2987as0p8"]);
}
