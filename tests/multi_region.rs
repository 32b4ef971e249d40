//! Several Regions in one view, driven through `update` as the run loop drives it: rows of
//! every Region side by side with a REGION column, a failing Region's rows kept and marked
//! stale while the others refresh, `:region` and `:ctx`, and actions split per Region.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use wsfleet::app::{update, Command, Mode, Msg, Rows, State};
use wsfleet::domain::{ErrorKind, ServiceError};
use wsfleet::domain::{Workspace, WorkspaceState};
use wsfleet::panes::PaneKind;

fn ws(id: &str, region: &str, user: &str) -> Workspace {
    Workspace {
        id: id.into(),
        region: region.into(),
        user_name: user.into(),
        state: WorkspaceState::Available,
        directory_id: "d-1111111111".into(),
        compute_type: "STANDARD".into(),
        ..Default::default()
    }
}

fn page(s: &mut State, region: &str, sweep: u64, rows: Vec<Workspace>) {
    update(
        s,
        Msg::Page {
            region: region.into(),
            sweep,
            rows: Rows::Workspaces(rows),
            last: true,
        },
    );
}

/// `pane`'s sweep of `region` fails: AccessDenied on `operation`.
fn fail(s: &mut State, pane: PaneKind, region: &str, sweep: u64, operation: &str) {
    update(
        s,
        Msg::PageFailed {
            pane,
            region: region.into(),
            sweep,
            error: ServiceError::new(
                ErrorKind::AccessDenied,
                "AccessDeniedException",
                format!("not authorized to perform workspaces:{operation}"),
            ),
        },
    );
}

fn key(s: &mut State, code: KeyCode) -> Vec<Command> {
    update(s, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))).commands
}

/// A `:` command's commands, less the history save every command makes.
fn command(s: &mut State, text: &str) -> Vec<Command> {
    key(s, KeyCode::Char(':'));
    for c in text.chars() {
        key(s, KeyCode::Char(c));
    }
    let mut commands = key(s, KeyCode::Enter);
    commands.retain(|c| !matches!(c, Command::SaveHistory(_)));
    commands
}

fn two_regions() -> State {
    std::env::set_var("TZ", "UTC");
    let mut s = State::new(
        Mode::Demo,
        "us-east-1".into(),
        Some("demo".into()),
        "http://127.0.0.1:4599".into(),
    );
    s.regions.push("eu-west-1".into());
    s.joined.multi_region = true;
    update(&mut s, Msg::Resize(100, 14));
    page(
        &mut s,
        "us-east-1",
        1,
        vec![
            ws("ws-aaaaaaaa1", "us-east-1", "alice"),
            ws("ws-aaaaaaaa2", "us-east-1", "bob"),
        ],
    );
    page(
        &mut s,
        "eu-west-1",
        2,
        vec![
            ws("ws-eeeeeeee1", "eu-west-1", "erin"),
            ws("ws-eeeeeeee2", "eu-west-1", "emil"),
        ],
    );
    s
}

fn render(s: &State, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| wsfleet::ui::draw(f, s)).unwrap();
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

#[test]
fn a_sweep_of_one_region_never_drops_the_others_rows() {
    let mut s = two_regions();
    assert_eq!(s.panes.workspaces.table.len(), 4);
    // us-east-1's next sweep no longer lists ws-aaaaaaaa2: only that row goes.
    page(
        &mut s,
        "us-east-1",
        3,
        vec![ws("ws-aaaaaaaa1", "us-east-1", "alice")],
    );
    let mut ids: Vec<&str> = s
        .panes
        .workspaces
        .table
        .rows()
        .iter()
        .map(|w| w.id.as_str())
        .collect();
    ids.sort();
    assert_eq!(ids, ["ws-aaaaaaaa1", "ws-eeeeeeee1", "ws-eeeeeeee2"]);
}

#[test]
fn a_failing_region_keeps_its_rows_stale_and_its_error_shows_once() {
    let mut s = two_regions();
    fail(
        &mut s,
        PaneKind::Workspaces,
        "eu-west-1",
        4,
        "DescribeWorkspaces",
    );
    // us-east-1 refreshes fine meanwhile.
    page(
        &mut s,
        "us-east-1",
        5,
        vec![
            ws("ws-aaaaaaaa1", "us-east-1", "alice"),
            ws("ws-aaaaaaaa2", "us-east-1", "bob"),
        ],
    );
    assert_eq!(s.panes.workspaces.table.len(), 4, "eu-west-1's rows stay");
    assert!(s.panes.workspaces.region_is_stale("eu-west-1"));
    assert!(!s.panes.workspaces.region_is_stale("us-east-1"));
    let failing = s.failing_regions();
    assert_eq!(failing.len(), 1);
    assert_eq!(failing[0].0, "eu-west-1");
    // On the failing pane its own error line says what failed; the header marks the
    // Region ("eu-west-1!") and does not repeat the error, nor does the status line.
    let screen = render(&s, 100, 14);
    insta::assert_snapshot!(screen);
    assert!(screen.contains("eu-west-1!"), "{screen}");
    assert_eq!(
        screen.matches("AccessDeniedException").count(),
        1,
        "{screen}"
    );
    // On another pane, the header's third line explains the failing Region.
    key(&mut s, KeyCode::Char('5'));
    let other = render(&s, 100, 14);
    insta::assert_snapshot!("failing_region_seen_from_another_pane", other);
    assert_eq!(other.matches("AccessDeniedException").count(), 1, "{other}");
    assert!(
        other.contains("eu-west-1: AccessDeniedException"),
        "{other}"
    );
    // The bundles sweep fails in eu-west-1 too, with its own message: on that pane the
    // Region's failure is said once, by the pane's line.
    let op = "DescribeWorkspaceBundles";
    fail(&mut s, PaneKind::Bundles, "eu-west-1", 7, op);
    let bundles = render(&s, 100, 14);
    assert_eq!(
        bundles.matches("AccessDeniedException").count(),
        1,
        "{bundles}"
    );
    assert!(bundles.contains("DescribeWorkspaceBundles"), "{bundles}");
    key(&mut s, KeyCode::Char('1'));

    // The Region recovers: nothing is stale any more.
    page(
        &mut s,
        "eu-west-1",
        6,
        vec![
            ws("ws-eeeeeeee1", "eu-west-1", "erin"),
            ws("ws-eeeeeeee2", "eu-west-1", "emil"),
        ],
    );
    update(
        &mut s,
        Msg::Page {
            region: "eu-west-1".into(),
            sweep: 8,
            rows: Rows::Bundles(vec![]),
            last: true,
        },
    );
    assert!(s.failing_regions().is_empty());
    assert!(!render(&s, 100, 14).contains("STALE"));
}

#[test]
fn marks_spanning_regions_become_one_job_per_region() {
    let mut s = two_regions();
    key(&mut s, KeyCode::Char('*'));
    key(&mut s, KeyCode::Char('R'));
    // Cancel has the focus; move to OK and confirm.
    key(&mut s, KeyCode::Tab);
    let commands = key(&mut s, KeyCode::Enter);
    let mut jobs: Vec<(String, String, Vec<String>)> = commands
        .into_iter()
        .filter_map(|c| match c {
            Command::Submit {
                region,
                profile,
                targets,
                ..
            } => Some((region, profile, targets.into_iter().map(|t| t.id).collect())),
            _ => None,
        })
        .collect();
    jobs.sort();
    assert_eq!(
        jobs,
        vec![
            (
                "eu-west-1".to_string(),
                "demo".to_string(),
                vec!["ws-eeeeeeee1".to_string(), "ws-eeeeeeee2".to_string()]
            ),
            (
                "us-east-1".to_string(),
                "demo".to_string(),
                vec!["ws-aaaaaaaa1".to_string(), "ws-aaaaaaaa2".to_string()]
            ),
        ]
    );
}

#[test]
fn region_command_adds_and_removes_regions_and_checks_names() {
    let mut s = two_regions();
    key(&mut s, KeyCode::Char(' ')); // mark a us-east-1 row… and one of eu-west-1
    let cmds = command(&mut s, "region rm eu-west-1");
    assert_eq!(cmds, vec![Command::SetRegions(vec!["us-east-1".into()])]);
    assert_eq!(s.regions, ["us-east-1"]);
    assert!(s
        .panes
        .workspaces
        .table
        .rows()
        .iter()
        .all(|w| w.region == "us-east-1"));
    // A late page from the removed Region is ignored.
    page(
        &mut s,
        "eu-west-1",
        9,
        vec![ws("ws-eeeeeeee1", "eu-west-1", "erin")],
    );
    assert_eq!(s.panes.workspaces.table.len(), 2);
    // The last Region cannot go; a bad name changes nothing and says the rule.
    assert!(command(&mut s, "region rm us-east-1").is_empty());
    assert_eq!(s.regions, ["us-east-1"]);
    assert!(command(&mut s, "region add mars-1").is_empty());
    assert!(
        s.notice
            .as_deref()
            .unwrap_or("")
            .contains("not a region name"),
        "{:?}",
        s.notice
    );
    let cmds = command(&mut s, "region add ap-southeast-2");
    assert_eq!(
        cmds,
        vec![Command::SetRegions(vec![
            "us-east-1".into(),
            "ap-southeast-2".into()
        ])]
    );
}

#[test]
fn ctx_lists_profiles_and_a_switch_clears_the_old_accounts_rows() {
    let mut s = two_regions();
    let cmds = command(&mut s, "ctx");
    assert_eq!(cmds, vec![Command::ListProfiles]);
    assert_eq!(s.active, PaneKind::Contexts);
    update(
        &mut s,
        Msg::Profiles(Ok(wsfleet::service::demo_profiles(
            wsfleet::sim::DEMO_ACCOUNTS,
        ))),
    );
    assert_eq!(
        s.panes.contexts.table.len(),
        wsfleet::sim::DEMO_ACCOUNTS.len()
    );
    key(&mut s, KeyCode::Char('j'));
    let cmds = key(&mut s, KeyCode::Enter);
    assert_eq!(cmds, vec![Command::SwitchProfile("demo-dev".into())]);
    // Nothing changes until the switch is confirmed.
    assert_eq!(s.panes.workspaces.table.len(), 4);
    update(
        &mut s,
        Msg::ContextSwitched {
            profile: "demo-dev".into(),
            result: Ok(()),
        },
    );
    assert_eq!(s.profile.as_deref(), Some("demo-dev"));
    assert_eq!(s.panes.workspaces.table.len(), 0);
    assert_eq!(s.active, PaneKind::Workspaces);
    // Re-reads from the old account that arrive late are dropped.
    update(
        &mut s,
        Msg::WorkspacesRead {
            profile: "demo".into(),
            items: vec![ws("ws-aaaaaaaa1", "us-east-1", "alice")],
            gone: vec![],
        },
    );
    assert_eq!(s.panes.workspaces.table.len(), 0);
    // A failed switch changes nothing and says why.
    update(
        &mut s,
        Msg::ContextSwitched {
            profile: "nope".into(),
            result: Err("no credentials".into()),
        },
    );
    assert_eq!(s.profile.as_deref(), Some("demo-dev"));
    assert!(s.notice.as_deref().unwrap_or("").contains("no credentials"));
}

/// A view of two profiles (`--profile demo,demo-dev`) and two Regions: four places.
fn two_profiles() -> State {
    std::env::set_var("TZ", "UTC");
    let profiles = vec!["demo".to_string(), "demo-dev".to_string()];
    let places = wsfleet::domain::place::all(
        &profiles,
        &["us-east-1".to_string(), "eu-west-1".to_string()],
    );
    let mut s = State::new(
        Mode::Demo,
        places[0].clone(),
        Some("demo+demo-dev".into()),
        "http://127.0.0.1:4599".into(),
    );
    s.regions = places;
    s.accounts = profiles;
    s.joined.multi_region = true;
    update(&mut s, Msg::Resize(80, 14));
    page(
        &mut s,
        "demo/us-east-1",
        1,
        vec![ws("ws-aaaaaaaa1", "demo/us-east-1", "alice")],
    );
    page(
        &mut s,
        "demo-dev/eu-west-1",
        2,
        vec![ws("ws-dddddddd1", "demo-dev/eu-west-1", "dana")],
    );
    s
}

#[test]
fn several_profiles_show_their_places_and_the_header_counts_them() {
    let s = two_profiles();
    let screen = render(&s, 80, 14);
    assert!(screen.contains("2 profiles × 2 regions"), "{screen}");
    assert!(screen.contains("demo/us-east-1"), "{screen}");
    assert!(screen.contains("demo-dev/eu-west-1"), "{screen}");
    // The place list is not spelled out in the header (ten profiles would not fit)...
    let header = screen.lines().next().unwrap();
    assert!(!header.contains("demo-dev/"), "{header}");
    // ...unless one fails: then it is named.
    let mut s = s;
    fail(
        &mut s,
        PaneKind::Workspaces,
        "demo-dev/eu-west-1",
        3,
        "DescribeWorkspaces",
    );
    let screen = render(&s, 80, 14);
    assert!(
        screen
            .lines()
            .next()
            .unwrap()
            .contains("demo-dev/eu-west-1!"),
        "{screen}"
    );
    // One Region of two profiles.
    let mut one = two_profiles();
    command(&mut one, "region rm eu-west-1");
    let screen = render(&one, 80, 14);
    assert!(screen.contains("2 profiles × 1 region "), "{screen}");
}

#[test]
fn region_commands_apply_to_every_profile_of_the_view() {
    let mut s = two_profiles();
    let cmds = command(&mut s, "region add ap-southeast-2");
    assert_eq!(
        cmds,
        vec![Command::SetRegions(
            [
                "demo/us-east-1",
                "demo/eu-west-1",
                "demo-dev/us-east-1",
                "demo-dev/eu-west-1",
                "demo/ap-southeast-2",
                "demo-dev/ap-southeast-2"
            ]
            .map(String::from)
            .to_vec()
        )]
    );
    let cmds = command(&mut s, "region rm eu-west-1");
    assert_eq!(
        cmds,
        vec![Command::SetRegions(
            [
                "demo/us-east-1",
                "demo-dev/us-east-1",
                "demo/ap-southeast-2",
                "demo-dev/ap-southeast-2"
            ]
            .map(String::from)
            .to_vec()
        )]
    );
    // The removed places' rows go.
    assert!(s.panes.workspaces.table.get("ws-dddddddd1").is_none());
    assert!(s.panes.workspaces.table.get("ws-aaaaaaaa1").is_some());
    command(&mut s, "region");
    let notice = s.notice.clone().unwrap_or_default();
    assert!(
        notice.starts_with("regions: us-east-1, ap-southeast-2 "),
        "{notice}"
    );
}

#[test]
fn a_view_of_several_profiles_does_not_switch_to_one_of_them() {
    let mut s = two_profiles();
    let cmds = command(&mut s, "ctx demo-dev");
    assert!(cmds.is_empty(), "{cmds:?}");
    let notice = s.notice.clone().unwrap_or_default();
    assert!(notice.contains("--profile demo-dev"), "{notice}");
    assert_eq!(s.panes.workspaces.table.len(), 2);
}

#[test]
fn marks_across_profiles_become_one_job_per_place_in_the_view() {
    let mut s = two_profiles();
    key(&mut s, KeyCode::Char('*'));
    key(&mut s, KeyCode::Char('R'));
    // Cancel has the focus; move to OK and confirm.
    key(&mut s, KeyCode::Tab);
    let cmds = key(&mut s, KeyCode::Enter);
    let mut submitted: Vec<(String, String, Vec<String>)> = cmds
        .into_iter()
        .filter_map(|c| match c {
            Command::Submit {
                profile,
                region,
                targets,
                ..
            } => Some((profile, region, targets.into_iter().map(|t| t.id).collect())),
            _ => None,
        })
        .collect();
    submitted.sort();
    assert_eq!(
        submitted,
        vec![
            (
                "demo+demo-dev".into(),
                "demo-dev/eu-west-1".into(),
                vec!["ws-dddddddd1".into()]
            ),
            (
                "demo+demo-dev".into(),
                "demo/us-east-1".into(),
                vec!["ws-aaaaaaaa1".into()]
            ),
        ]
    );
}
