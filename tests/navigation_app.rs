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

fn command(s: &mut State, cmd: &str) {
    key(s, KeyCode::Char(':'));
    for c in cmd.chars() {
        key(s, KeyCode::Char(c));
    }
    key(s, KeyCode::Enter);
}

/// Issue 26: panes chosen by name are no path to walk back. Esc at a top pane clears its
/// filter (k9s), and with none does nothing: pressing it twice "to be safe" stays put.
#[test]
fn esc_at_a_top_pane_clears_its_filter_and_otherwise_stays() {
    use wsfleet::panes::PaneKind;
    let mut s = fleet(24);
    // `:ws state=STOPPED` opens the pane with a filter; a bad one says why and stays.
    command(&mut s, "conn");
    assert_eq!(s.active, PaneKind::Connections);
    command(&mut s, "ws state=STOPPED");
    assert_eq!(s.active, PaneKind::Workspaces);
    assert_eq!(s.pane().filter_text(), "state=STOPPED");
    assert_eq!(s.pane().view_len(), 1);
    command(&mut s, "queue");
    assert_eq!(s.active, PaneKind::Queue);
    // No filter on the queue: Esc, twice, does nothing.
    key(&mut s, KeyCode::Esc);
    key(&mut s, KeyCode::Esc);
    assert_eq!(s.active, PaneKind::Queue);
    // The WorkSpaces pane kept its filter; Esc clears it, and then stays.
    command(&mut s, "ws");
    assert_eq!(s.pane().filter_text(), "state=STOPPED");
    key(&mut s, KeyCode::Esc);
    assert_eq!(s.active, PaneKind::Workspaces);
    assert_eq!(s.pane().filter_text(), "");
    assert_eq!(s.pane().view_len(), 3);
    key(&mut s, KeyCode::Esc);
    assert_eq!(s.active, PaneKind::Workspaces);
    // A bad filter after a pane name: the prompt says why and nothing switches.
    command(&mut s, "conn nosuch=1");
    assert_eq!(s.active, PaneKind::Workspaces);
    match &s.overlay {
        Overlay::Command { error: Some(e), .. } => assert!(e.contains("unknown column"), "{e}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn enter_drills_from_a_directory_to_its_workspaces_and_from_an_image_to_its_bundles() {
    use wsfleet::domain::{WorkspaceBundle, WorkspaceDirectory, WorkspaceImage};
    use wsfleet::panes::PaneKind;
    let mut s = fleet(24);
    page(
        &mut s,
        Rows::Directories(vec![WorkspaceDirectory {
            id: "d-1".into(),
            region: "us-east-1".into(),
            ..Default::default()
        }]),
    );
    page(
        &mut s,
        Rows::Images(vec![WorkspaceImage {
            id: "wsi-abc".into(),
            region: "us-east-1".into(),
            name: "golden".into(),
            state: "AVAILABLE".into(),
            ..Default::default()
        }]),
    );
    page(
        &mut s,
        Rows::Bundles(vec![
            WorkspaceBundle {
                id: "wsb-1".into(),
                region: "us-east-1".into(),
                image_id: "wsi-abc".into(),
                ..Default::default()
            },
            WorkspaceBundle {
                id: "wsb-2".into(),
                region: "us-east-1".into(),
                image_id: "wsi-other".into(),
                ..Default::default()
            },
        ]),
    );
    command(&mut s, "dirs");
    key(&mut s, KeyCode::Enter);
    assert_eq!(s.active, PaneKind::Workspaces);
    assert_eq!(s.pane().filter_text(), "dir=d-1");
    assert_eq!(s.pane().view_len(), 3);
    // One Esc goes back to the directories; the WorkSpaces pane's filter is put back.
    key(&mut s, KeyCode::Esc);
    assert_eq!(s.active, PaneKind::Directories);
    assert_eq!(s.panes.workspaces.filter_text, "");
    // Details stay on `d`.
    key(&mut s, KeyCode::Char('d'));
    assert!(matches!(s.overlay, Overlay::Detail(_)));
    key(&mut s, KeyCode::Esc);
    command(&mut s, "img");
    key(&mut s, KeyCode::Enter);
    assert_eq!(s.active, PaneKind::Bundles);
    assert_eq!(s.pane().filter_text(), "image=wsi-abc");
    assert_eq!(s.pane().view_len(), 1);
}

#[test]
fn sort_command_jumps_to_a_column_in_either_direction() {
    let mut s = fleet(24);
    command(&mut s, "sort user desc");
    assert_eq!(s.pane().sort_label(), "USER↓");
    assert_eq!(
        s.panes.workspaces.table.selected().unwrap().user_name,
        "zed.zane"
    );
    command(&mut s, "sort last");
    assert_eq!(s.pane().sort_label(), "LAST CONN↑");
    command(&mut s, "sort nosuch");
    match &s.overlay {
        Overlay::Command { error: Some(e), .. } => {
            assert!(e.starts_with("unknown column 'nosuch'"))
        }
        other => panic!("{other:?}"),
    }
    key(&mut s, KeyCode::Esc);
    command(&mut s, "sort user sideways");
    match &s.overlay {
        Overlay::Command { error: Some(e), .. } => assert_eq!(e, "usage: :sort COLUMN [asc|desc]"),
        other => panic!("{other:?}"),
    }
    assert_eq!(s.pane().sort_label(), "LAST CONN↑", "nothing changed");
}

#[test]
fn an_answer_that_is_not_the_protocol_names_the_operation() {
    use wsfleet::domain::{ErrorKind, ServiceError};
    use wsfleet::panes::PaneKind;
    let mut s = fleet(24);
    update(
        &mut s,
        Msg::PageFailed {
            region: "us-east-1".into(),
            pane: PaneKind::Images,
            sweep: 1,
            error: ServiceError::new(
                ErrorKind::Retryable,
                "HTTP 500",
                "unexpected response: not the AWS JSON protocol",
            ),
        },
    );
    let error = s
        .panes
        .get(PaneKind::Images)
        .refresh()
        .error
        .clone()
        .unwrap();
    assert_eq!(
        error.to_string(),
        "HTTP 500: DescribeWorkspaceImages got an answer that is not the AWS JSON protocol: \
         the endpoint may not implement DescribeWorkspaceImages"
    );
}

#[test]
fn ctrl_e_hides_and_shows_the_header() {
    use crossterm::event::{KeyEvent, KeyModifiers};
    let mut s = fleet(24);
    assert_eq!(s.header_rows(), 2);
    let ctrl_e = || Msg::Key(KeyEvent::new(KeyCode::Char('e'), KeyModifiers::CONTROL));
    update(&mut s, ctrl_e());
    assert_eq!(s.header_rows(), 0);
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    t.draw(|f| wsfleet::ui::draw(f, &s)).unwrap();
    let top: String = (0..80)
        .map(|x| t.backend().buffer()[(x, 0)].symbol().to_string())
        .collect();
    assert!(
        top.starts_with("┌ WorkSpaces [1/3]"),
        "the table takes the top row: {top}"
    );
    update(&mut s, ctrl_e());
    assert_eq!(s.header_rows(), 2);
}

#[test]
fn a_sweep_in_progress_says_how_many_of_the_expected_rows_arrived() {
    let mut s = fleet(24);
    update(
        &mut s,
        Msg::Page {
            region: "us-east-1".into(),
            sweep: 99,
            rows: Rows::Workspaces(vec![ws("ws-73hgyvjmc", "olga.stewart", "AVAILABLE", "d-1")]),
            last: false,
        },
    );
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    t.draw(|f| wsfleet::ui::draw(f, &s)).unwrap();
    let status: String = (0..80)
        .map(|x| t.backend().buffer()[(x, 23)].symbol().to_string())
        .collect();
    assert!(status.contains("loading WorkSpaces… 1 of ~3"), "{status}");
}

#[test]
fn ctrl_w_shows_every_column() {
    use crossterm::event::{KeyEvent, KeyModifiers};
    let mut s = fleet(24);
    update(&mut s, Msg::Resize(120, 24));
    let header = |s: &State| {
        let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 24)).unwrap();
        t.draw(|f| wsfleet::ui::draw(f, s)).unwrap();
        let buf = t.backend().buffer().clone();
        let line = |y: u16| {
            (0..120)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
        };
        (line(2), line(3))
    };
    let (_, normal) = header(&s);
    // At 120 columns the lowest-priority columns drop; wide mode lays out every one in
    // declared order and lets the terminal cut the right end.
    assert!(!normal.contains("REGION"), "{normal}");
    assert!(!normal.contains("USERVOL"), "{normal}");
    update(
        &mut s,
        Msg::Key(KeyEvent::new(KeyCode::Char('w'), KeyModifiers::CONTROL)),
    );
    let (title, wide) = header(&s);
    assert!(title.contains("wide"), "{title}");
    assert!(wide.contains("ERROR") && wide.contains("COMPUTE"), "{wide}");
    // Nothing squeezed: identifiers keep their width.
    assert!(wide.contains("│ ID           USER"), "{wide}");
    println!("{wide}");
}

#[test]
fn e_opens_the_pane_error_in_full() {
    use wsfleet::domain::{ErrorKind, ServiceError};
    use wsfleet::panes::PaneKind;
    let mut s = fleet(24);
    key(&mut s, KeyCode::Char('e'));
    assert_eq!(s.notice.as_deref(), Some("no error on this pane"));
    let message = "User: arn:aws:iam::123456789012:user/ops is not authorized to perform: \
                   workspaces:DescribeWorkspaces on resource: arn:aws:workspaces:us-east-1:\
                   123456789012:workspace/* because no identity-based policy allows the \
                   workspaces:DescribeWorkspaces action";
    update(
        &mut s,
        Msg::PageFailed {
            region: "us-east-1".into(),
            pane: PaneKind::Workspaces,
            sweep: 1,
            error: ServiceError::new(ErrorKind::AccessDenied, "AccessDeniedException", message),
        },
    );
    key(&mut s, KeyCode::Char('e'));
    let Overlay::Error(text) = &s.overlay else {
        panic!("{:?}", s.overlay);
    };
    assert!(
        text.contains("AccessDeniedException") && text.contains(message),
        "{text}"
    );
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    t.draw(|f| wsfleet::ui::draw(f, &s)).unwrap();
    let buf = t.backend().buffer();
    let screen: String = (0..24)
        .flat_map(|y| (0..80).map(move |x| (x, y)))
        .map(|(x, y)| buf[(x, y)].symbol().to_string())
        .collect();
    assert!(
        screen.contains("DescribeWorkspaces action"),
        "the end is on screen"
    );
    key(&mut s, KeyCode::Esc);
    assert!(matches!(s.overlay, Overlay::None));
}

#[test]
fn the_command_prompt_walks_its_history_with_up_and_down() {
    use wsfleet::app::Command;
    use wsfleet::panes::PaneKind;
    let mut s = fleet(24);
    command(&mut s, "conn");
    command(&mut s, "img");
    command(&mut s, "ws");
    key(&mut s, KeyCode::Char(':'));
    key(&mut s, KeyCode::Up);
    key(&mut s, KeyCode::Up);
    let Overlay::Command { input, .. } = &s.overlay else {
        panic!("{:?}", s.overlay);
    };
    assert_eq!(input.value(), "img");
    key(&mut s, KeyCode::Down);
    key(&mut s, KeyCode::Up);
    let effects = update(
        &mut s,
        Msg::Key(crossterm::event::KeyEvent::new(
            KeyCode::Enter,
            crossterm::event::KeyModifiers::NONE,
        )),
    );
    assert_eq!(s.active, PaneKind::Images);
    // Saved (oldest first, the repeat moved to the end) for the next run.
    assert!(effects.commands.contains(&Command::SaveHistory(vec![
        "conn".into(),
        "ws".into(),
        "img".into()
    ])));
}

/// The screen as text, one string per row.
fn screen(s: &State, w: u16, h: u16) -> Vec<String> {
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
    t.draw(|f| wsfleet::ui::draw(f, s)).unwrap();
    let buf = t.backend().buffer().clone();
    (0..h)
        .map(|y| (0..w).map(|x| buf[(x, y)].symbol().to_string()).collect())
        .collect()
}

#[test]
fn the_title_shows_the_cursor_position_and_the_breadcrumb_the_way_back() {
    use wsfleet::domain::WorkspaceDirectory;
    let mut s = fleet(24);
    assert!(screen(&s, 80, 24)[2].starts_with("┌ WorkSpaces [1/3] "));
    key(&mut s, KeyCode::Char('j'));
    assert!(screen(&s, 80, 24)[2].starts_with("┌ WorkSpaces [2/3] "));
    // No way back yet: no breadcrumb on the bottom border.
    assert!(!screen(&s, 80, 24)[22].contains('›'));
    page(
        &mut s,
        Rows::Directories(vec![WorkspaceDirectory {
            id: "d-1".into(),
            region: "us-east-1".into(),
            ..Default::default()
        }]),
    );
    command(&mut s, "dirs");
    key(&mut s, KeyCode::Enter);
    let rows = screen(&s, 80, 24);
    assert!(rows[2].contains("WorkSpaces [1/3] /dir=d-1"), "{}", rows[2]);
    assert!(
        rows[22].starts_with("└ Directories › WorkSpaces dir=d-1 "),
        "{}",
        rows[22]
    );
    // A filter that hides rows says of how many: [1/1 of 3].
    filter(&mut s, "zed");
    assert!(screen(&s, 80, 24)[2].contains("WorkSpaces [1/1 of 3] /zed"));
    filter(&mut s, "nobody");
    assert!(screen(&s, 80, 24)[2].contains("WorkSpaces [0 of 3] /nobody"));
}

fn filter(s: &mut State, text: &str) {
    key(s, KeyCode::Char('/'));
    key(s, KeyCode::Char('u'));
    // Ctrl-U clears the prompt; then type the filter.
    update(
        s,
        Msg::Key(crossterm::event::KeyEvent::new(
            KeyCode::Char('u'),
            crossterm::event::KeyModifiers::CONTROL,
        )),
    );
    for c in text.chars() {
        key(s, KeyCode::Char(c));
    }
    key(s, KeyCode::Enter);
}

#[test]
fn b_and_i_jump_from_a_workspace_to_its_bundle_and_directory_and_esc_comes_back() {
    use wsfleet::domain::{WorkspaceBundle, WorkspaceDirectory};
    use wsfleet::panes::PaneKind;
    let mut s = fleet(24);
    page(
        &mut s,
        Rows::Bundles(vec![
            WorkspaceBundle {
                id: "wsb-abc12345".into(),
                region: "us-east-1".into(),
                ..Default::default()
            },
            WorkspaceBundle {
                id: "wsb-other".into(),
                region: "us-east-1".into(),
                ..Default::default()
            },
        ]),
    );
    page(
        &mut s,
        Rows::Directories(vec![
            WorkspaceDirectory {
                id: "d-1".into(),
                region: "us-east-1".into(),
                ..Default::default()
            },
            WorkspaceDirectory {
                id: "d-2".into(),
                region: "us-east-1".into(),
                ..Default::default()
            },
        ]),
    );
    key(&mut s, KeyCode::Char('b'));
    assert_eq!(s.active, PaneKind::Bundles);
    assert_eq!(s.pane().filter_text(), "id=wsb-abc12345");
    assert_eq!(s.pane().view_len(), 1);
    key(&mut s, KeyCode::Esc);
    assert_eq!(s.active, PaneKind::Workspaces);
    assert_eq!(s.panes.bundles.filter_text, "");
    key(&mut s, KeyCode::Char('i'));
    assert_eq!(s.active, PaneKind::Directories);
    assert_eq!(s.pane().filter_text(), "id=d-1");
    assert_eq!(s.pane().view_len(), 1);
    // From the connection pane too (it lists the same WorkSpaces).
    command(&mut s, "conn");
    key(&mut s, KeyCode::Char('b'));
    assert_eq!(s.active, PaneKind::Bundles);
}

#[test]
fn a_connected_state_on_a_stopped_workspace_is_shown_with_its_age_and_dimmed() {
    use ratatui::style::Modifier;
    let mut s = fleet(24);
    page(
        &mut s,
        Rows::Connections(vec![
            conn("ws-73hgyvjmc", "CONNECTED", Some(NOW - 60)),
            conn("ws-2987as0p8", "DISCONNECTED", None),
            // zed.zane's WorkSpace is STOPPED: this was checked before it stopped.
            conn("ws-17o9q5p0h", "CONNECTED", Some(NOW - 600)),
        ]),
    );
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 24)).unwrap();
    t.draw(|f| wsfleet::ui::draw(f, &s)).unwrap();
    let buf = t.backend().buffer().clone();
    let line = |y: u16| (0..100).map(|x| buf[(x, y)].symbol()).collect::<String>();
    let (y, row) = (0..24)
        .map(|y| (y, line(y)))
        .find(|(_, l)| l.contains("zed.zane"))
        .unwrap();
    assert!(row.contains("CONNECTED 5m ago"), "{row}");
    let x = row.find("CONNECTED 5m").unwrap();
    let x = row[..x].chars().count() as u16;
    assert!(buf[(x, y)].modifier.contains(Modifier::DIM), "{row}");
    // A current CONNECTED is neither aged nor dimmed.
    let (y, row) = (0..24)
        .map(|y| (y, line(y)))
        .find(|(_, l)| l.contains("olga.stewart"))
        .unwrap();
    let x = row[..row.find("CONNECTED").unwrap()].chars().count() as u16;
    assert!(!row.contains("CONNECTED 1m"), "{row}");
    assert!(!buf[(x, y)].modifier.contains(Modifier::DIM), "{row}");
}

#[test]
fn at_80_columns_the_status_line_never_overlaps_itself() {
    let mut s = fleet(24);
    // Mark every row, then hide them with a filter: the longest marks text.
    key(&mut s, KeyCode::Char('*'));
    filter(&mut s, "nobody");
    // A sweep under way with an expected total.
    update(
        &mut s,
        Msg::Page {
            region: "us-east-1".into(),
            sweep: 2,
            rows: Rows::Workspaces(vec![ws("ws-73hgyvjmc", "olga.stewart", "AVAILABLE", "d-1")]),
            last: false,
        },
    );
    let status = screen(&s, 80, 24)[23].clone();
    assert!(status.contains("3 marked"), "{status}");
    assert!(status.contains("loading WorkSpaces… 1 of ~3"), "{status}");
    // The hints come last and only whole: nothing is written over the message.
    assert!(
        !status.contains(": cmd") || status.ends_with("q quit "),
        "{status}"
    );
    let full = "3 marked (3 hidden by filter)";
    let short = "3 marked (3 hidden)";
    assert!(status.contains(full) || status.contains(short), "{status}");
    // At 60 columns the marks shorten rather than push the message off.
    update(&mut s, Msg::Resize(60, 24));
    let status = screen(&s, 60, 24)[23].clone();
    assert!(status.contains("loading WorkSpaces… 1 of ~3"), "{status}");
    assert!(status.contains("3"), "{status}");
}

#[test]
fn one_failing_operation_marks_its_pane_not_the_region() {
    use wsfleet::domain::ErrorKind;
    use wsfleet::domain::ServiceError;
    use wsfleet::panes::PaneKind;
    let mut s = fleet(24);
    let denied = ServiceError {
        kind: ErrorKind::AccessDenied,
        code: "AccessDeniedException".into(),
        message: "not authorized to perform: workspaces:DescribeWorkspaceImages".into(),
    };
    update(
        &mut s,
        Msg::PageFailed {
            pane: PaneKind::Images,
            region: "us-east-1".into(),
            sweep: 1,
            error: denied,
        },
    );
    assert!(s.failing_regions().is_empty(), "WorkSpaces loaded fine");
    assert!(!screen(&s, 80, 24)[0].contains("us-east-1!"));
    // Unreachable is the Region's own failure.
    let refused = ServiceError {
        kind: ErrorKind::NotSent,
        code: "ConnectionRefused".into(),
        message: "connection refused".into(),
    };
    update(
        &mut s,
        Msg::PageFailed {
            pane: PaneKind::Workspaces,
            region: "us-east-1".into(),
            sweep: 2,
            error: refused,
        },
    );
    assert_eq!(s.failing_regions().len(), 1);
    assert!(screen(&s, 80, 24)[0].contains("us-east-1!"));
}

#[test]
fn a_tag_filter_fetches_tags_once_in_the_background_and_filters_as_they_arrive() {
    use wsfleet::app::Command;
    use wsfleet::domain::ServiceError;
    use wsfleet::domain::{ErrorKind, Tag};
    let mut s = fleet(24);
    // Nothing asks for tags yet: none are fetched.
    let fx = update(&mut s, Msg::Tick);
    assert!(!fx
        .commands
        .iter()
        .any(|c| matches!(c, Command::LoadFleetTags { .. })));
    key(&mut s, KeyCode::Char('/'));
    let mut commands = vec![];
    for c in "tag.Team=finance".chars() {
        commands.extend(
            update(
                &mut s,
                Msg::Key(crossterm::event::KeyEvent::new(
                    KeyCode::Char(c),
                    crossterm::event::KeyModifiers::NONE,
                )),
            )
            .commands,
        );
    }
    // One fetch for the Region, of every WorkSpace, asked once however many keys follow.
    let loads: Vec<_> = commands
        .iter()
        .filter_map(|c| match c {
            Command::LoadFleetTags {
                region,
                resource_ids,
            } => Some((region.clone(), resource_ids.len())),
            _ => None,
        })
        .collect();
    assert_eq!(loads, [("us-east-1".to_string(), 3)]);
    key(&mut s, KeyCode::Enter);
    assert_eq!(s.pane().view_len(), 0, "no tags known yet");
    assert!(screen(&s, 100, 24)[2].contains("tags 0 of 3"));
    let tags = |id: &str, team: &str, done: bool| Msg::FleetTags {
        region: "us-east-1".into(),
        resource_id: id.into(),
        result: Ok(vec![Tag {
            key: "Team".into(),
            value: team.into(),
        }]),
        done,
    };
    update(&mut s, tags("ws-73hgyvjmc", "Finance", false));
    assert_eq!(s.pane().view_len(), 1);
    assert!(screen(&s, 100, 24)[2].contains("tags 1 of 3"));
    update(&mut s, tags("ws-2987as0p8", "Eng", false));
    update(&mut s, tags("ws-17o9q5p0h", "finance", true));
    assert_eq!(s.pane().view_len(), 2);
    assert!(!screen(&s, 100, 24)[2].contains("tags "), "all known");
    // Wide mode shows them in the TAGS column.
    update(
        &mut s,
        Msg::Key(crossterm::event::KeyEvent::new(
            KeyCode::Char('w'),
            crossterm::event::KeyModifiers::CONTROL,
        )),
    );
    let wide = screen(&s, 400, 24);
    assert!(wide[3].contains("TAGS"), "{}", wide[3]);
    assert!(wide.iter().any(|l| l.contains("Team=Finance")), "{wide:?}");
    // A denied fetch is said once and not asked again on the next keys.
    s.joined.tags.clear();
    let fx = update(&mut s, Msg::Tick);
    assert!(fx
        .commands
        .iter()
        .any(|c| matches!(c, Command::LoadFleetTags { .. })));
    update(
        &mut s,
        Msg::FleetTags {
            region: "us-east-1".into(),
            resource_id: "ws-73hgyvjmc".into(),
            result: Err(ServiceError {
                kind: ErrorKind::AccessDenied,
                code: "AccessDeniedException".into(),
                message: "not authorized to perform: workspaces:DescribeTags".into(),
            }),
            done: true,
        },
    );
    assert!(s
        .notice
        .as_deref()
        .unwrap()
        .contains("AccessDeniedException"));
    let fx = update(&mut s, Msg::Tick);
    assert!(!fx
        .commands
        .iter()
        .any(|c| matches!(c, Command::LoadFleetTags { .. })));
}

#[test]
fn the_connection_pane_says_it_waits_for_the_workspaces_sweep_on_a_cold_start() {
    use wsfleet::panes::PaneKind;
    utc();
    let mut s = State::new(Mode::Demo, "us-east-1".into(), None, String::new());
    update(&mut s, Msg::Resize(80, 24));
    // The first page of a WorkSpaces sweep still under way; no connection page yet.
    update(
        &mut s,
        Msg::Page {
            region: "us-east-1".into(),
            sweep: 1,
            rows: Rows::Workspaces(vec![ws("ws-aaaaaaaa1", "alice", "AVAILABLE", "d-1")]),
            last: false,
        },
    );
    key(&mut s, KeyCode::Tab);
    assert_eq!(s.active, PaneKind::Connections);
    let last = screen(&s, 80, 24)[23].clone();
    assert!(
        last.contains("connection status comes after the WorkSpaces"),
        "{last}"
    );
}

/// Esc on a filter that does not parse puts back the filter the prompt opened with, not the
/// half-typed terms before the error (issue 26: `/idle>30` on WorkSpaces left `/idle`
/// applied, `[0 of 300]`); Esc on one that parses keeps it, as the table shows it.
#[test]
fn esc_on_an_invalid_filter_restores_the_filter_the_prompt_opened_with() {
    let mut s = fleet(24);
    filter(&mut s, "amy");
    assert_eq!(order(&s), ["ws-2987as0p8"]);
    key(&mut s, KeyCode::Char('/'));
    for c in " idle>3".chars() {
        key(&mut s, KeyCode::Char(c));
    }
    let Overlay::Filter { error, .. } = &s.overlay else {
        panic!("the prompt is open: {:?}", s.overlay);
    };
    assert!(
        error.as_deref().is_some_and(|e| e.contains("idle")),
        "{error:?}"
    );
    assert!(
        order(&s).is_empty(),
        "the word 'idle' was applied while typed"
    );
    key(&mut s, KeyCode::Esc);
    assert!(matches!(s.overlay, Overlay::None));
    assert_eq!(s.pane().filter_text(), "amy");
    assert_eq!(order(&s), ["ws-2987as0p8"]);
    let title = &screen(&s, 80, 24)[2];
    assert!(title.contains("of 3] /amy"), "{title}");
    // A filter that parses stays as typed when Esc closes the prompt.
    key(&mut s, KeyCode::Char('/'));
    for c in " ada".chars() {
        key(&mut s, KeyCode::Char(c));
    }
    key(&mut s, KeyCode::Esc);
    assert_eq!(s.pane().filter_text(), "amy ada");
}

/// Down the active pane with `j` until the cursor is on `id`.
fn cursor_to(s: &mut State, id: &str) {
    for _ in 0..s.pane().view_len() {
        if s.pane().selected_id().as_deref() == Some(id) {
            return;
        }
        key(s, KeyCode::Char('j'));
    }
    assert_eq!(s.pane().selected_id().as_deref(), Some(id));
}

/// Two images, three bundles (two built from `wsi-abc`) and three directories, beside the
/// fleet's WorkSpaces (all in bundle `wsb-abc12345`, directory `d-1`).
fn catalogue() -> State {
    use wsfleet::domain::{WorkspaceBundle, WorkspaceDirectory, WorkspaceImage};
    let mut s = fleet(24);
    let image = |id: &str| WorkspaceImage {
        id: id.into(),
        region: "us-east-1".into(),
        name: id.into(),
        state: "AVAILABLE".into(),
        ..Default::default()
    };
    page(
        &mut s,
        Rows::Images(vec![image("wsi-abc"), image("wsi-zzz")]),
    );
    let bundle = |id: &str, image: &str| WorkspaceBundle {
        id: id.into(),
        region: "us-east-1".into(),
        image_id: image.into(),
        ..Default::default()
    };
    page(
        &mut s,
        Rows::Bundles(vec![
            bundle("wsb-abc12345", "wsi-abc"),
            bundle("wsb-second", "wsi-abc"),
            bundle("wsb-other", "wsi-zzz"),
        ]),
    );
    let dir = |id: &str| WorkspaceDirectory {
        id: id.into(),
        region: "us-east-1".into(),
        ..Default::default()
    };
    page(
        &mut s,
        Rows::Directories(vec![dir("d-1"), dir("d-2"), dir("d-3")]),
    );
    s
}

/// Issue 26: one Esc from a drill-down is back on the parent, its filter and cursor as they
/// were; the child's filter is put back as it was before the drill-down.
#[test]
fn one_esc_leaves_a_drill_down_for_its_parent_with_cursor_and_filter_kept() {
    use wsfleet::panes::PaneKind;
    let mut s = catalogue();
    command(&mut s, "dirs");
    filter(&mut s, "d-");
    cursor_to(&mut s, "d-2");
    key(&mut s, KeyCode::Enter);
    assert_eq!(s.active, PaneKind::Workspaces);
    assert_eq!(s.pane().filter_text(), "dir=d-2");
    key(&mut s, KeyCode::Esc);
    assert_eq!(s.active, PaneKind::Directories);
    assert_eq!(s.pane().filter_text(), "d-");
    assert_eq!(s.pane().selected_id().as_deref(), Some("d-2"));
    assert_eq!(s.panes.workspaces.filter_text, "");
    // At the top now, with a filter: Esc clears it (k9s); then Esc does nothing.
    key(&mut s, KeyCode::Esc);
    assert_eq!(s.active, PaneKind::Directories);
    assert_eq!(s.pane().filter_text(), "");
    key(&mut s, KeyCode::Esc);
    assert_eq!(s.active, PaneKind::Directories);
}

/// Issue 26: a path of several drill-downs (image → its bundles → a bundle's WorkSpaces) is
/// the breadcrumb, and Esc goes up it one step at a time, each pane as it was left.
#[test]
fn esc_goes_up_a_path_of_several_drill_downs_one_step_at_a_time() {
    use wsfleet::panes::PaneKind;
    let mut s = catalogue();
    cursor_to(&mut s, "ws-2987as0p8");
    command(&mut s, "img");
    cursor_to(&mut s, "wsi-abc");
    key(&mut s, KeyCode::Enter);
    assert_eq!(s.active, PaneKind::Bundles);
    assert_eq!(s.pane().view_len(), 2);
    cursor_to(&mut s, "wsb-abc12345");
    key(&mut s, KeyCode::Enter);
    assert_eq!(s.active, PaneKind::Workspaces);
    assert_eq!(s.pane().filter_text(), "bundle=wsb-abc12345");
    let rows = screen(&s, 100, 24);
    assert!(
        rows[22].starts_with("└ Images › Bundles image=wsi-abc › WorkSpaces bundle=wsb-abc12345 "),
        "{}",
        rows[22]
    );
    // Up to the bundles: the image's two, the cursor where it was; the WorkSpaces pane is
    // back to every WorkSpace with its cursor on the one it was on.
    key(&mut s, KeyCode::Esc);
    assert_eq!(s.active, PaneKind::Bundles);
    assert_eq!(s.pane().filter_text(), "image=wsi-abc");
    assert_eq!(s.pane().selected_id().as_deref(), Some("wsb-abc12345"));
    assert_eq!(s.panes.workspaces.filter_text, "");
    assert_eq!(
        s.panes.workspaces.table.selected().map(|w| w.id.as_str()),
        Some("ws-2987as0p8")
    );
    assert!(screen(&s, 100, 24)[22].starts_with("└ Images › Bundles image=wsi-abc "));
    // Up to the images; then at the top, nothing further.
    key(&mut s, KeyCode::Esc);
    assert_eq!(s.active, PaneKind::Images);
    assert_eq!(s.pane().selected_id().as_deref(), Some("wsi-abc"));
    assert_eq!(s.panes.bundles.filter_text, "");
    assert!(!screen(&s, 100, 24)[22].contains('›'));
    key(&mut s, KeyCode::Esc);
    key(&mut s, KeyCode::Esc);
    assert_eq!(s.active, PaneKind::Images);
}

/// Issue 26: panes chosen by name are no path: the breadcrumb after `:ws` `:img` `:bundles`
/// names no pane before, and `:` from inside a drill-down starts over (the drill-down's
/// filter is put back).
#[test]
fn switching_panes_by_name_starts_a_new_path() {
    use wsfleet::panes::PaneKind;
    let mut s = catalogue();
    command(&mut s, "ws");
    command(&mut s, "img");
    command(&mut s, "bundles");
    let bottom = &screen(&s, 100, 24)[22];
    assert!(!bottom.contains('›'), "{bottom}");
    assert!(!bottom.contains("Images"), "{bottom}");
    // Tab and the number keys too.
    key(&mut s, KeyCode::Tab);
    key(&mut s, KeyCode::Char('3'));
    assert_eq!(s.active, PaneKind::Images);
    assert!(!screen(&s, 100, 24)[22].contains('›'));
    // Down a drill-down, then away by name: the path is gone.
    key(&mut s, KeyCode::Enter);
    assert_eq!(s.active, PaneKind::Bundles);
    assert!(screen(&s, 100, 24)[22].contains("Images › Bundles image="));
    command(&mut s, "dirs");
    assert!(!screen(&s, 100, 24)[22].contains('›'));
    assert_eq!(s.panes.bundles.filter_text, "");
    key(&mut s, KeyCode::Esc);
    assert_eq!(s.active, PaneKind::Directories);
}
