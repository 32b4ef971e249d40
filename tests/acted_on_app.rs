//! Issue 26: rows an action is working on stay in the view, marked as acted on, until they
//! settle; and marks stay after an action that leaves its rows in place. Driven through
//! `update` like the running app; the queue's events and the re-reads are fed by hand.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use wsfleet::app::state::Overlay;
use wsfleet::app::{update, Command, Mode, Msg, Rows, State};
use wsfleet::domain::*;
use wsfleet::queue::{JobId, QueueEvent};

mod app_fixtures;
use app_fixtures::*;

/// Three UNHEALTHY WorkSpaces among six; nobody connected.
fn fleet() -> State {
    utc();
    let mut s = State::new(Mode::Demo, "us-east-1".into(), None, String::new());
    update(&mut s, Msg::Resize(120, 30));
    let mut rows = vec![];
    let mut conns = vec![];
    for i in 0..6 {
        let id = format!("ws-{i:09}");
        let state = if i < 3 { "UNHEALTHY" } else { "AVAILABLE" };
        rows.push(ws(&id, &format!("user{i:02}"), state, "d-1111111111"));
        conns.push(conn(&id, "DISCONNECTED", Some(NOW - DAY)));
    }
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

/// The targets of the confirmation open now.
fn targets(s: &State) -> Vec<String> {
    match &s.overlay {
        Overlay::Confirm(c) => c.targets.iter().map(|t| t.id.clone()).collect(),
        other => panic!("no confirmation: {other:?}, notice {:?}", s.notice),
    }
}

/// OK (Tab to it, Enter): the job's Submit.
fn confirm(s: &mut State) -> Vec<String> {
    let sent = keys(s, "\t\r");
    match sent.as_slice() {
        [Command::Submit { targets, .. }] => targets.iter().map(|t| t.id.clone()).collect(),
        other => panic!("not submitted: {other:?}"),
    }
}

fn shown(s: &State) -> Vec<String> {
    let t = &s.panes.workspaces.table;
    (0..t.view_len())
        .map(|i| t.view_row(i).unwrap().id.clone())
        .collect()
}

fn id(i: usize) -> String {
    format!("ws-{i:09}")
}

fn answered(s: &mut State, ids: &[String], ok: bool) {
    let outcome = || match ok {
        true => Outcome::succeeded(),
        false => Outcome::Failed {
            code: "InvalidResourceStateException".into(),
            message: "no".into(),
        },
    };
    let results = (ids.iter())
        .map(|id| ResourceResult {
            id: id.clone(),
            outcome: outcome(),
        })
        .collect();
    update(
        s,
        Msg::Queue(QueueEvent::Progress {
            job: JobId(1),
            results,
            calls: 1,
            sent: ids.len(),
        }),
    );
}

/// A re-read by ID (`Msg::WorkspacesRead`) of these rows in `state`.
fn read(s: &mut State, ids: &[String], state: &str) {
    let profile = s.context_name();
    let items = (ids.iter())
        .map(|id| ws(id, "u", state, "d-1111111111"))
        .collect();
    update(
        s,
        Msg::WorkspacesRead {
            profile,
            items,
            gone: vec![],
        },
    );
}

/// The screen's rows as text.
fn screen(s: &State) -> Vec<String> {
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 30)).unwrap();
    t.draw(|f| wsfleet::ui::draw(f, s)).unwrap();
    let buf = t.backend().buffer();
    (0..30)
        .map(|y| (0..120).map(|x| buf[(x, y)].symbol()).collect())
        .collect()
}

#[test]
fn rebooted_unhealthy_rows_stay_in_view_marked_as_acted_on_until_they_settle() {
    let mut s = fleet();
    keys(&mut s, "/state=UNHEALTHY\r*R");
    let unhealthy = vec![id(0), id(1), id(2)];
    assert_eq!(targets(&s), unhealthy);
    assert_eq!(confirm(&mut s), unhealthy);
    // The rows are still UNHEALTHY until re-read; the job answers for two, one failed.
    answered(&mut s, &unhealthy[..2], true);
    answered(&mut s, &unhealthy[2..], false);
    // The re-read shows the two REBOOTING: the filter no longer matches them, yet they stay,
    // with the acted-on marker; the failed one is still UNHEALTHY and shown by the filter.
    read(&mut s, &unhealthy[..2], "REBOOTING");
    assert_eq!(shown(&s), unhealthy, "the view is not [0 of 6]");
    let rows = screen(&s);
    let row = |id: &str| rows.iter().find(|r| r.contains(id)).unwrap().clone();
    assert!(
        row(&unhealthy[0]).contains(&format!(">{}", unhealthy[0])),
        "{rows:#?}"
    );
    assert!(
        row(&unhealthy[2]).contains(&format!("*{}", unhealthy[2])),
        "{rows:#?}"
    );
    assert!(rows[29].contains("2 acted on"), "{}", rows[29]);
    // A sweep's page still showing them REBOOTING keeps them; a re-read of one AVAILABLE
    // settles it, and it leaves the view (the filter hides it, still marked).
    update(
        &mut s,
        Msg::Page {
            region: "us-east-1".into(),
            sweep: 2,
            rows: Rows::Workspaces(vec![ws(&id(1), "user01", "REBOOTING", "d-1111111111")]),
            last: false,
        },
    );
    read(&mut s, &unhealthy[..1], "AVAILABLE");
    assert_eq!(shown(&s), [id(1), id(2)]);
    // The other settles by a sweep's page.
    update(
        &mut s,
        Msg::Page {
            region: "us-east-1".into(),
            sweep: 2,
            rows: Rows::Workspaces(vec![ws(&id(1), "user01", "AVAILABLE", "d-1111111111")]),
            last: false,
        },
    );
    assert_eq!(shown(&s), [id(2)]);
    assert!(s.panes.workspaces.acted.is_empty());
    assert_eq!(s.panes.workspaces.hidden_marks(), 2);
    assert!(!screen(&s)[29].contains("acted on"));
}

/// Issue 26: "Marks are kept after an action that leaves the rows in place". A second action
/// acts on the same rows without `*` again; a terminate, whose rows go, spends the marks.
#[test]
fn marks_stay_after_an_action_that_leaves_the_rows_so_a_second_acts_on_the_same_rows() {
    let mut s = fleet();
    keys(&mut s, "/state=AVAILABLE\r*Z");
    let available = vec![id(3), id(4), id(5)];
    assert_eq!(confirm(&mut s), available);
    assert_eq!(
        s.panes.workspaces.marks.len(),
        3,
        "maintenance on leaves them"
    );
    // They are still shown (acted on), so the next action takes them as they are.
    answered(&mut s, &available, true);
    read(&mut s, &available, "ADMIN_MAINTENANCE");
    assert!(
        s.panes.workspaces.acted.is_empty(),
        "not transitional: settled"
    );
    keys(&mut s, "\x1b/state=ADMIN_MAINTENANCE\r");
    assert_eq!(shown(&s), available);
    keys(&mut s, "Y");
    assert_eq!(targets(&s), available, "no `*` again");
    assert_eq!(confirm(&mut s), available);
    assert_eq!(s.panes.workspaces.marks.len(), 3);
    // The connection pane shares them, and an action there keeps them too.
    assert_eq!(s.panes.connections.marks.len(), 3);
    // Terminate removes the rows: the marks go with it (type the count to confirm).
    keys(&mut s, "\x1b");
    update(
        &mut s,
        Msg::Key(KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL)),
    );
    assert_eq!(targets(&s), available);
    let sent = keys(&mut s, "3\r");
    assert!(
        matches!(sent.as_slice(), [Command::Submit { .. }]),
        "{sent:?}"
    );
    assert!(s.panes.workspaces.marks.is_empty());
}
