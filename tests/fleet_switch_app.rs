//! Switching a WorkSpaces Applications fleet's image (issue 26), driven through `update` like
//! the running app: the pick list holds only the images the fleet can run (its Region and
//! platform, AVAILABLE, shared ones only where the grant allows fleets), derived ones first
//! and newest first, nothing chosen when none is derived, typing narrows; the confirmation
//! names the fleet, both images, the platform and the users in session, and needs typing
//! when sessions are in use.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use wsfleet::app::dialog::FormKind;
use wsfleet::app::state::Overlay;
use wsfleet::app::{update, Command, Mode, Msg, Rows, State};
use wsfleet::domain::*;

mod app_fixtures;
use app_fixtures::*;

const ACCOUNT: &str = "123456789012";
const AL2: &str = "AMAZON_LINUX2";

fn arn(kind: &str, name: &str) -> String {
    format!("arn:aws:appstream:us-east-1:{ACCOUNT}:{kind}/{name}")
}

fn image(name: &str, platform: &str, visibility: &str, days_ago: i64) -> AppImage {
    AppImage {
        name: name.into(),
        region: "us-east-1".into(),
        arn: arn("image", name),
        state: "AVAILABLE".into(),
        visibility: visibility.into(),
        platform: platform.into(),
        created: Some(NOW - days_ago * DAY),
        ..Default::default()
    }
}

fn fleet(name: &str, image: &str, in_use: i32) -> AppFleet {
    AppFleet {
        name: name.into(),
        region: "us-east-1".into(),
        arn: arn("fleet", name),
        state: "RUNNING".into(),
        fleet_type: "ON_DEMAND".into(),
        image_name: image.into(),
        image_arn: arn("image", image),
        platform: AL2.into(),
        capacity: Some(AppCapacity {
            desired: 8,
            running: 8,
            in_use,
            available: 8 - in_use,
        }),
        stacks: vec!["finance-stack".into()],
        ..Default::default()
    }
}

fn session(id: &str, user: &str) -> AppSession {
    AppSession {
        id: id.into(),
        region: "us-east-1".into(),
        user_id: user.into(),
        stack: "finance-stack".into(),
        fleet: "finance-fleet".into(),
        state: "ACTIVE".into(),
        connection_state: "CONNECTED".into(),
        ..Default::default()
    }
}

fn state() -> State {
    utc();
    let mut s = State::new(Mode::Demo, "us-east-1".into(), None, String::new());
    update(&mut s, Msg::Resize(160, 40));
    let built_on_v1 = AppImage {
        base_image_arn: arn("image", "finance-al2-v1"),
        ..image("finance-al2-v2", AL2, "PRIVATE", 5)
    };
    let failed = AppImage {
        state: "FAILED".into(),
        ..image("finance-al2-broken", AL2, "PRIVATE", 1)
    };
    let shared_builders_only = AppImage {
        allow_fleet: Some(false),
        ..image("partner-al2-builders", AL2, "SHARED", 2)
    };
    let shared_for_fleets = AppImage {
        allow_fleet: Some(true),
        ..image("partner-al2-fleets", AL2, "SHARED", 3)
    };
    let elsewhere = AppImage {
        region: "eu-west-1".into(),
        ..image("finance-al2-v1-eu", AL2, "PRIVATE", 1)
    };
    page(
        &mut s,
        Rows::AppImages(vec![
            image("finance-al2-v1", AL2, "PRIVATE", 60),
            image("finance-al2-v1-20261101", AL2, "PRIVATE", 20),
            built_on_v1,
            image("hr-al2-v1", AL2, "PRIVATE", 10),
            image(
                "sales-crm-ws2016-v1-20261207",
                "WINDOWS_SERVER_2016",
                "PRIVATE",
                0,
            ),
            image("AppStream-AmazonLinux2-11-01-2026", AL2, "PUBLIC", 4),
            failed,
            shared_builders_only,
            shared_for_fleets,
            elsewhere,
            image("ops-al2", AL2, "PRIVATE", 90),
        ]),
    );
    page(
        &mut s,
        Rows::AppFleets(vec![
            fleet("finance-fleet", "finance-al2-v1", 5),
            fleet("ops-fleet", "ops-al2", 0),
        ]),
    );
    keys(&mut s, ":afl\r");
    s
}

fn keys(s: &mut State, text: &str) -> Vec<Command> {
    let mut out = vec![];
    for c in text.chars() {
        out.extend(key_code(s, char_key(c)));
    }
    out
}

fn char_key(c: char) -> KeyCode {
    match c {
        '\r' => KeyCode::Enter,
        '\x1b' => KeyCode::Esc,
        '\t' => KeyCode::Tab,
        '\x08' => KeyCode::Backspace,
        c => KeyCode::Char(c),
    }
}

fn key_code(s: &mut State, code: KeyCode) -> Vec<Command> {
    update(s, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))).commands
}

/// The open form's pick list: the labels it shows and the chosen one.
fn picked(s: &State) -> (Vec<String>, String) {
    let Overlay::Form(form) = &s.overlay else {
        panic!("the form: {:?}", s.notice);
    };
    let pick = form.pick(0).expect("the image is a pick list");
    let shown = pick.shown().iter().map(|(_, i)| i.label.clone()).collect();
    (shown, form.fields[0].1.value().to_string())
}

#[test]
fn the_list_holds_only_images_the_fleet_can_run_derived_first_newest_first() {
    let mut s = state();
    // Sorted by name: finance-fleet first.
    let commands = keys(&mut s, "I");
    let Overlay::Form(form) = &s.overlay else {
        panic!("the form: {:?}", s.notice);
    };
    let FormKind::SwitchFleetImage { fleet, derived, .. } = &form.kind else {
        panic!("{:?}", form.kind);
    };
    assert_eq!(fleet, "finance-fleet", "the form names the fleet");
    assert_eq!(*derived, 2);
    let (shown, chosen) = picked(&s);
    assert_eq!(
        shown,
        [
            // Derived from finance-al2-v1 (built on it, then named after it), newest first.
            "finance-al2-v2",
            "finance-al2-v1-20261101",
            // The account's own, then shared for fleets, newest first; AWS base images last.
            "partner-al2-fleets",
            "hr-al2-v1",
            "ops-al2",
            "AppStream-AmazonLinux2-11-01-2026",
        ],
        "no Windows image, no FAILED one, no share without allowFleet, not the current \
         image, none of another Region"
    );
    assert_eq!(chosen, "finance-al2-v2", "the newest derived one is chosen");
    // Its sessions are read so the confirmation can name the users.
    assert!(
        matches!(commands.as_slice(), [Command::LoadAppSessions { fleet, .. }]
            if *fleet == arn("fleet", "finance-fleet")),
        "{commands:?}"
    );
}

#[test]
fn with_none_derived_nothing_is_chosen_and_typing_narrows() {
    let mut s = state();
    keys(&mut s, "j");
    let commands = keys(&mut s, "I");
    assert!(commands.is_empty(), "no session in use: nothing to read");
    let (shown, chosen) = picked(&s);
    assert_eq!(shown.len(), 6, "{shown:?}");
    assert_eq!(chosen, "", "nothing derived from ops-al2: nothing chosen");
    keys(&mut s, "\r");
    let Overlay::Form(form) = &s.overlay else {
        panic!("Enter with nothing chosen keeps the form");
    };
    assert!(form
        .error
        .as_deref()
        .unwrap_or("")
        .contains("pick an image"));
    // ↓ chooses the first shown (the newest), ↓ again the next.
    key_code(&mut s, KeyCode::Down);
    assert_eq!(picked(&s).1, "partner-al2-fleets");
    key_code(&mut s, KeyCode::Down);
    assert_eq!(picked(&s).1, "finance-al2-v2");
    // Typing narrows (every word, any case) and chooses the first left.
    keys(&mut s, "HR");
    assert_eq!(
        picked(&s),
        (vec!["hr-al2-v1".to_string()], "hr-al2-v1".into())
    );
    keys(&mut s, "\x08\x08partner");
    assert_eq!(picked(&s).0, ["partner-al2-fleets"]);
    keys(&mut s, "\r");
    let Overlay::Confirm(c) = &s.overlay else {
        panic!("the confirmation: {:?}", s.notice);
    };
    assert_eq!(
        c.action,
        Action::SwitchFleetImage {
            image: "partner-al2-fleets".into()
        }
    );
    assert!(c.affects.is_empty(), "{:?}", c.affects);
    assert_eq!(c.expected, None, "no session in use: OK confirms");
}

#[test]
fn sessions_in_use_are_named_and_need_typing() {
    let mut s = state();
    keys(&mut s, "I\r");
    let affects = |s: &State| match &s.overlay {
        Overlay::Confirm(c) => c.affects.clone(),
        _ => panic!("the confirmation"),
    };
    assert_eq!(
        affects(&s),
        [
            "finance-fleet: 5 streaming sessions in use now, on the current image:",
            "  users: reading them (DescribeSessions)",
        ]
    );
    // DescribeSessions answers while the confirmation is open.
    page(
        &mut s,
        Rows::AppSessions(vec![
            session("s-1", "alice"),
            session("s-2", "bob"),
            session("s-3", "carol"),
        ]),
    );
    assert_eq!(affects(&s)[1], "  alice, bob, carol");
    let Overlay::Confirm(c) = &s.overlay else {
        unreachable!()
    };
    assert_eq!(
        c.expected.as_deref(),
        Some("switch"),
        "typed, as for a stop"
    );
    // Enter alone does not send it.
    assert!(keys(&mut s, "\r").is_empty());
    let sent = keys(&mut s, "switch\r");
    match sent.as_slice() {
        [Command::Submit {
            action, targets, ..
        }] => {
            assert_eq!(
                *action,
                Action::SwitchFleetImage {
                    image: "finance-al2-v2".into()
                }
            );
            let ids: Vec<&str> = targets.iter().map(|t| t.id.as_str()).collect();
            assert_eq!(ids, [arn("fleet", "finance-fleet")]);
        }
        other => panic!("expected one Submit, got {other:?}"),
    }
}
