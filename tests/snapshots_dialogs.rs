//! Every dialog and form at 80×24 (the size an SSH session to a jump host often has), drawn
//! from fixed state with ratatui's TestBackend: each must be readable whole there, sized to
//! its content and wrapped, never cut (the navigation issue, item 1). Each case also checks
//! the text an administrator must read is on screen in full.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use wsfleet::app::state::Overlay;
use wsfleet::app::{update, Mode, Msg, Rows, State};
use wsfleet::domain::*;

mod app_fixtures;
use app_fixtures::*;

const ACCOUNT: &str = "123456789012";

fn arn(kind: &str, name: &str) -> String {
    format!("arn:aws:appstream:us-east-1:{ACCOUNT}:{kind}/{name}")
}

fn fleet_state() -> State {
    utc();
    let mut s = State::new(
        Mode::Demo,
        "us-east-1".into(),
        None,
        "http://127.0.0.1:4599".into(),
    );
    s.fixed_now = Some(NOW);
    update(&mut s, Msg::Resize(80, 24));
    page(
        &mut s,
        Rows::Workspaces(vec![
            ws("ws-a1b2c3d4e", "alice.adams", "AVAILABLE", "d-1111111111"),
            ws("ws-b2c3d4e5f", "bob.brown", "STOPPED", "d-1111111111"),
            ws(
                "ws-c3d4e5f6g",
                "carolyn.carter@corp.example",
                "AVAILABLE",
                "d-2222222222",
            ),
            ws("ws-d4e5f6g7h", "dan.diaz", "REBOOTING", "d-2222222222"),
            ws("ws-e5f6g7h8i", "erin.evans", "ERROR", "d-2222222222"),
            ws("ws-f6g7h8i9j", "frank.fox", "AVAILABLE", "d-1111111111"),
            ws("ws-g7h8i9j0k", "gina.gray", "AVAILABLE", "d-1111111111"),
            ws("ws-h8i9j0k1l", "hank.hill", "AVAILABLE", "d-1111111111"),
        ]),
    );
    page(
        &mut s,
        Rows::Connections(vec![
            conn("ws-a1b2c3d4e", "CONNECTED", Some(NOW - 2 * 3600)),
            conn("ws-c3d4e5f6g", "CONNECTED", Some(NOW - 600)),
            conn("ws-f6g7h8i9j", "DISCONNECTED", Some(NOW - 3 * DAY)),
        ]),
    );
    page(
        &mut s,
        Rows::Images(vec![WorkspaceImage {
            id: "wsi-i7ku5srfq".into(),
            region: "us-east-1".into(),
            name: "Win11-Finance-v3".into(),
            state: "AVAILABLE".into(),
            owner_account_id: ACCOUNT.into(),
            update_available: true,
            update_description: "WorkSpaces agent and driver updates".into(),
            ..Default::default()
        }]),
    );
    s.joined.image_shares.insert(
        "wsi-i7ku5srfq".into(),
        vec!["999988887777".into(), "111122223333".into()],
    );
    page(
        &mut s,
        Rows::Pools(vec![WorkspacesPool {
            id: "wspool-5kbq9nl6g".into(),
            region: "us-east-1".into(),
            name: "helpdesk-shared".into(),
            state: "RUNNING".into(),
            capacity: Some(PoolCapacity {
                desired: 13,
                actual: 13,
                available: 5,
                active: 8,
            }),
            ..Default::default()
        }]),
    );
    let image = |name: &str| AppImage {
        name: name.into(),
        region: "us-east-1".into(),
        arn: arn("image", name),
        state: "AVAILABLE".into(),
        visibility: "PRIVATE".into(),
        platform: "WINDOWS_SERVER_2022".into(),
        created: Some(NOW - 30 * DAY),
        ..Default::default()
    };
    page(
        &mut s,
        Rows::AppImages(vec![
            image("finance-apps-ws2016-v2"),
            image("finance-apps-ws2016-v3"),
        ]),
    );
    s.joined.app_updates.insert(
        arn("image", "finance-apps-ws2016-v2"),
        UpdateCheck::Available { at: NOW - 60 },
    );
    page(
        &mut s,
        Rows::AppFleets(vec![AppFleet {
            name: "finance-fleet".into(),
            region: "us-east-1".into(),
            arn: arn("fleet", "finance-fleet"),
            state: "RUNNING".into(),
            fleet_type: "ALWAYS_ON".into(),
            image_name: "finance-apps-ws2016-v2".into(),
            image_arn: arn("image", "finance-apps-ws2016-v2"),
            capacity: Some(AppCapacity {
                desired: 9,
                running: 9,
                in_use: 5,
                available: 4,
            }),
            ..Default::default()
        }]),
    );
    for p in [
        &mut s.panes.workspaces.refresh,
        &mut s.panes.connections.refresh,
        &mut s.panes.images.refresh,
        &mut s.panes.pools.refresh,
    ] {
        p.last_ok = Some(NOW);
    }
    s
}

fn render(state: &State) -> String {
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
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

fn keys(s: &mut State, text: &str) {
    for c in text.chars() {
        let key = match c {
            '\r' => KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
            '\x04' => KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL),
            c => KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE),
        };
        update(s, Msg::Key(key));
    }
}

/// Opens a dialog with `keys` from a fresh state, checks `whole` is on screen uncut, and
/// snapshots the screen as `name`.
fn case(name: &str, keys_in: &str, whole: &[&str]) {
    let mut s = fleet_state();
    keys(&mut s, keys_in);
    assert!(
        matches!(
            s.overlay,
            Overlay::Form(_) | Overlay::Confirm(_) | Overlay::Quit | Overlay::Error(_)
        ),
        "{name}: no dialog open: {:?}",
        s.overlay
    );
    s.now = NOW;
    let screen = render(&s);
    // Wrapped text may break between words: compare with line breaks and borders removed.
    let flat: String = screen
        .lines()
        .map(|l| l.trim_matches(|c| c == '│' || c == ' ').to_string())
        .collect::<Vec<_>>()
        .join(" ");
    for w in whole {
        assert!(
            flat.contains(w),
            "{name}: '{w}' is not on screen whole:\n{screen}"
        );
    }
    insta::assert_snapshot!(name, screen);
}

#[test]
fn workspace_confirmations_at_80x24() {
    // Every WorkSpace marked: skips, connected users named, the typed answer.
    case(
        "reboot_all",
        "*R",
        &[
            "RebootWorkspaces",
            "carolyn.carter@corp.example",
            "over 20 minutes",
            "Type 5",
        ],
    );
    case(
        "terminate_all",
        "*\x04",
        &["TerminateWorkspaces", "This cannot be undone", "> "],
    );
    case("rebuild_one", "B", &["RebuildWorkspaces", "alice.adams"]);
    case("restore_one", "O", &["RestoreWorkspace"]);
    case("stop_all", "*X", &["StopWorkspaces"]);
    case("maintenance_all", "*Z", &["ModifyWorkspaceState"]);
}

#[test]
fn forms_at_80x24() {
    case(
        "create_image_form",
        "I",
        &["Create an image from the WorkSpace"],
    );
    case(
        "share_image_form",
        ":img\rH",
        &["Share image with an AWS account"],
    );
    case(
        "unshare_image_form",
        ":img\rE",
        &[
            "999988887777  shared with now",
            "111122223333  shared with now",
        ],
    );
    case("update_image_form", ":img\rP", &["Create an updated image"]);
    case(
        "copy_image_form",
        ":img\rC",
        &["Copy image to another region"],
    );
    case("pool_capacity_form", ":pools\rC", &["Pool capacity"]);
    case(
        "share_app_image_form",
        ":aimg\rH",
        &["Share application image"],
    );
    case(
        "update_app_image_form",
        ":aimg\rP",
        &["Only images with an update are sent"],
    );
    case(
        "switch_fleet_image_form",
        ":afl\rI",
        &["Switch fleet finance-fleet (us-east-1) to another image"],
    );
    case("fleet_capacity_form", ":afl\rC", &["Fleet capacity"]);
}

#[test]
fn image_confirmations_at_80x24() {
    // The share is confirmed with the operation's full name and the 12-digit account.
    case(
        "share_image_confirm",
        ":img\rH999988887777\r",
        &["UpdateWorkspaceImagePermission", "999988887777"],
    );
    case(
        "delete_image_confirm",
        ":img\r\x04",
        &["DeleteWorkspaceImage", "This cannot be undone"],
    );
    case(
        "delete_app_image_confirm",
        ":aimg\r\x04",
        &["DeleteImage", "This cannot be undone"],
    );
    case("stop_fleet_confirm", ":afl\rX", &["StopFleet", "5"]);
}

#[test]
fn the_error_dialog_wraps_a_long_message_whole() {
    let message = "User: arn:aws:iam::123456789012:user/ops is not authorized to perform: \
                   workspaces:DescribeWorkspaces on resource: arn:aws:workspaces:us-east-1:\
                   123456789012:workspace/* because no identity-based policy allows the \
                   workspaces:DescribeWorkspaces action";
    let mut s = fleet_state();
    update(
        &mut s,
        Msg::PageFailed {
            region: "us-east-1".into(),
            pane: wsfleet::panes::PaneKind::Workspaces,
            sweep: 2,
            error: wsfleet::domain::ServiceError::new(
                wsfleet::domain::ErrorKind::AccessDenied,
                "AccessDeniedException",
                message,
            ),
        },
    );
    keys(&mut s, "e");
    s.now = NOW;
    let screen = render(&s);
    let flat: String = screen
        .lines()
        .map(|l| l.trim_matches(|c| c == '│' || c == ' ').to_string())
        .collect::<Vec<_>>()
        .join("");
    assert!(
        flat.contains("workspaces:DescribeWorkspacesaction")
            || flat.contains("DescribeWorkspaces action"),
        "{screen}"
    );
    insta::assert_snapshot!("error_dialog", screen);
}

fn render_at(state: &mut State, w: u16, h: u16) -> String {
    update(state, Msg::Resize(w, h));
    state.now = NOW;
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

/// Every pane at 80×24 and 160×48: identifiers whole at both sizes.
#[test]
fn every_pane_at_80x24_and_160x48() {
    let ids: &[(&str, &[&str])] = &[
        ("ws", &["ws-a1b2c3d4e", "ws-h8i9j0k1l"]),
        ("conn", &["ws-a1b2c3d4e", "ws-f6g7h8i9j"]),
        ("img", &["wsi-i7ku5srfq"]),
        ("pools", &["wspool-5kbq9nl6g"]),
        ("bundles", &[]),
        ("dirs", &[]),
        (
            "aimg",
            &["finance-apps-ws2016-v2", "finance-apps-ws2016-v3"],
        ),
        ("afl", &["finance-fleet", "finance-apps-ws2016-v2"]),
        ("queue", &[]),
    ];
    for (cmd, whole) in ids {
        for (w, h) in [(80, 24), (160, 48)] {
            let mut s = fleet_state();
            keys(&mut s, &format!(":{cmd}\r"));
            let screen = render_at(&mut s, w, h);
            for id in *whole {
                assert!(
                    screen.contains(id),
                    ":{cmd} at {w}x{h}: {id} cut:\n{screen}"
                );
            }
            insta::assert_snapshot!(format!("pane_{cmd}_{w}x{h}"), screen);
        }
    }
}

/// The finance fleet of issue 26: on a Windows Server 2016 image with an update derived from
/// it, another product line's newer image, an Amazon Linux 2 image, and 5 users streaming.
fn switch_state() -> State {
    let mut s = fleet_state();
    let image = |name: &str, platform: &str, days_ago: i64| AppImage {
        name: name.into(),
        region: "us-east-1".into(),
        arn: arn("image", name),
        state: "AVAILABLE".into(),
        visibility: "PRIVATE".into(),
        platform: platform.into(),
        created: Some(NOW - days_ago * DAY),
        ..Default::default()
    };
    let ws2016 = "WINDOWS_SERVER_2016";
    page(
        &mut s,
        Rows::AppImages(vec![
            image("finance-apps-ws2016-v2", ws2016, 60),
            image("finance-apps-ws2016-v2-20261101", ws2016, 20),
            image("finance-apps-ws2016-v3", ws2016, 10),
            image("sales-crm-ws2016-v1-20261207", ws2016, 0),
            image("hr-portal-al2-v4", "AMAZON_LINUX2", 2),
        ]),
    );
    let Some(fleet) = s.panes.app_fleets.table.rows().first().cloned() else {
        panic!("the finance fleet");
    };
    page(
        &mut s,
        Rows::AppFleets(vec![AppFleet {
            platform: ws2016.into(),
            stacks: vec!["finance-stack".into()],
            ..fleet
        }]),
    );
    let users = [
        "ana.lima",
        "ben.okafor",
        "chloe.martin",
        "dev.patel",
        "eve.zhang",
    ];
    let sessions = users
        .iter()
        .enumerate()
        .map(|(i, u)| AppSession {
            id: format!("s-{i}"),
            region: "us-east-1".into(),
            user_id: u.to_string(),
            stack: "finance-stack".into(),
            fleet: "finance-fleet".into(),
            state: "ACTIVE".into(),
            connection_state: "CONNECTED".into(),
            ..Default::default()
        })
        .collect();
    s.panes.sessions_fleet = Some(arn("fleet", "finance-fleet"));
    page(&mut s, Rows::AppSessions(sessions));
    keys(&mut s, ":afl\r");
    s
}

fn press(s: &mut State, code: KeyCode) {
    update(s, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

/// The fleet switch (issue 26): the pick list (the derived image chosen; narrowed by typing)
/// and the confirmation with both images, the platform and the users in session, at 80×24
/// and 160×48.
#[test]
fn fleet_switch_at_80x24_and_160x48() {
    for (w, h) in [(80, 24), (160, 48)] {
        let mut s = switch_state();
        keys(&mut s, "I");
        let screen = render_at(&mut s, w, h);
        for whole in [
            "Switch fleet finance-fleet (us-east-1) to another image",
            "> finance-apps-ws2016-v2-20261101",
            "sales-crm-ws2016-v1-20261207",
        ] {
            assert!(screen.contains(whole), "{whole} at {w}x{h}:\n{screen}");
        }
        assert!(!screen.contains("hr-portal-al2-v4"), "{screen}");
        insta::assert_snapshot!(format!("switch_pick_{w}x{h}"), screen);

        keys(&mut s, "sales");
        let screen = render_at(&mut s, w, h);
        assert!(
            screen.contains("> sales-crm-ws2016-v1-20261207"),
            "{screen}"
        );
        assert!(!screen.contains("v2-20261101"), "{screen}");
        insta::assert_snapshot!(format!("switch_pick_narrowed_{w}x{h}"), screen);

        for _ in 0.."sales".len() {
            press(&mut s, KeyCode::Backspace);
        }
        // Widened again, the choice stays; Home goes back to the newest derived image.
        press(&mut s, KeyCode::Home);
        keys(&mut s, "\r");
        let screen = render_at(&mut s, w, h);
        for whole in [
            "fleet finance-fleet, platform WINDOWS_SERVER_2016",
            "now finance-apps-ws2016-v2 (2026-09-22)",
            "→ finance-apps-ws2016-v2-20261101 (2026-11-01)",
            "5 streaming sessions in use now",
            "ana.lima, ben.okafor",
            "Type switch",
        ] {
            assert!(screen.contains(whole), "{whole} at {w}x{h}:\n{screen}");
        }
        insta::assert_snapshot!(format!("switch_confirm_{w}x{h}"), screen);
    }
}

/// The help at 80×24: long descriptions wrap under themselves instead of being cut.
#[test]
fn help_at_80x24_wraps_long_lines() {
    let mut s = fleet_state();
    keys(&mut s, "?");
    let screen = render_at(&mut s, 80, 24);
    assert!(screen.contains("│                  it "), "{screen}");
    insta::assert_snapshot!("help_80x24", screen);
}
