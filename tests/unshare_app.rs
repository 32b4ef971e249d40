//! Unsharing images in the TUI (issue 29's precheck, shared with `wsfleet do`): opening the
//! unshare form reads who each marked image is shared with, and the confirmation skips an
//! image not shared with the account (or whose shares were not read), with the reason; only
//! the images shared with it are submitted. Driven through `update` like the running app.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use wsfleet::app::state::Overlay;
use wsfleet::app::{update, Command, Mode, Msg, Rows, State};
use wsfleet::domain::*;

mod app_fixtures;
use app_fixtures::*;

const ACCOUNT: &str = "111122223333";
const OTHER: &str = "444455556666";

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

fn image(id: &str) -> WorkspaceImage {
    WorkspaceImage {
        id: id.into(),
        region: "us-east-1".into(),
        name: id.into(),
        state: "AVAILABLE".into(),
        os_type: "WINDOWS".into(),
        ..Default::default()
    }
}

/// Four images in the images pane, every one marked.
fn marked_images() -> (State, Vec<Command>) {
    utc();
    let mut s = State::new(Mode::Demo, "us-east-1".into(), None, String::new());
    update(&mut s, Msg::Resize(120, 30));
    let ids = [
        "wsi-aaaa00001",
        "wsi-bbbb00002",
        "wsi-cccc00003",
        "wsi-dddd00004",
    ];
    page(&mut s, Rows::Images(ids.iter().map(|i| image(i)).collect()));
    let mut commands = keys(&mut s, ":img\r");
    commands.extend(keys(&mut s, "*"));
    (s, commands)
}

/// The images whose shares these commands read.
fn share_reads(commands: &[Command]) -> Vec<String> {
    let mut out: Vec<String> = commands
        .iter()
        .filter_map(|c| match c {
            Command::LoadImageShares { image_id, .. } => Some(image_id.clone()),
            _ => None,
        })
        .collect();
    out.sort();
    out
}

fn shares(s: &mut State, id: &str, accounts: &[&str]) {
    update(
        s,
        Msg::ImageShares {
            image_id: id.into(),
            result: Ok(accounts.iter().map(|a| a.to_string()).collect()),
        },
    );
}

#[test]
fn unshare_sends_only_the_images_shared_with_the_account_and_says_why_not_the_others() {
    let (mut s, mut commands) = marked_images();
    // E: the unshare form; every marked image's shares are read (the one under the cursor's
    // read may already be under way from arriving in the pane).
    commands.extend(keys(&mut s, "E"));
    assert!(matches!(s.overlay, Overlay::Form(_)), "{:?}", s.notice);
    assert_eq!(
        share_reads(&commands),
        [
            "wsi-aaaa00001",
            "wsi-bbbb00002",
            "wsi-cccc00003",
            "wsi-dddd00004"
        ]
    );
    shares(&mut s, "wsi-aaaa00001", &[ACCOUNT, OTHER]);
    shares(&mut s, "wsi-bbbb00002", &[OTHER]);
    shares(&mut s, "wsi-cccc00003", &[]);
    // wsi-dddd00004's answer has not come: it is not sent on a guess.
    let Overlay::Form(f) = &mut s.overlay else {
        panic!("the form closed")
    };
    f.fields[0].1 = tui_input::Input::new(ACCOUNT.into());
    assert!(keys(&mut s, "\r").is_empty(), "nothing sent from the form");
    let Overlay::Confirm(c) = &s.overlay else {
        panic!("no confirmation: {:?} {:?}", s.overlay, s.notice)
    };
    let targets: Vec<&str> = c.targets.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(targets, ["wsi-aaaa00001"]);
    let skipped: Vec<(&str, &str)> = c
        .skipped
        .iter()
        .map(|(t, why)| (t.id.as_str(), why.as_str()))
        .collect();
    let not_shared = format!("not shared with {ACCOUNT}: nothing to unshare");
    assert!(
        skipped.contains(&("wsi-bbbb00002", not_shared.as_str())),
        "{skipped:?}"
    );
    assert!(
        skipped.contains(&("wsi-cccc00003", not_shared.as_str())),
        "{skipped:?}"
    );
    let unread = skipped.iter().find(|(id, _)| *id == "wsi-dddd00004");
    assert!(
        unread.is_some_and(|(_, why)| why.contains("shares were not read")),
        "{skipped:?}"
    );
    assert_eq!(skipped.len(), 3);
    // Confirmed (unshare is destructive: typed), the job carries the shared image alone.
    let typed = c.expected.clone();
    let sent = match typed {
        Some(text) => keys(&mut s, &format!("{text}\r")),
        None => keys(&mut s, "\t\r"),
    };
    let submitted: Vec<&Command> = sent
        .iter()
        .filter(|c| matches!(c, Command::Submit { .. }))
        .collect();
    match submitted.as_slice() {
        [Command::Submit { targets, .. }] => {
            let ids: Vec<&str> = targets.iter().map(|t| t.id.as_str()).collect();
            assert_eq!(ids, ["wsi-aaaa00001"]);
        }
        other => panic!("not submitted: {other:?}"),
    }
}

#[test]
fn unshare_of_images_shared_with_nobody_opens_no_confirmation() {
    let (mut s, _) = marked_images();
    keys(&mut s, "E");
    for id in [
        "wsi-aaaa00001",
        "wsi-bbbb00002",
        "wsi-cccc00003",
        "wsi-dddd00004",
    ] {
        shares(&mut s, id, &[OTHER]);
    }
    let Overlay::Form(f) = &mut s.overlay else {
        panic!("the form closed")
    };
    f.fields[0].1 = tui_input::Input::new(ACCOUNT.into());
    assert!(keys(&mut s, "\r").is_empty(), "nothing sent");
    assert!(!matches!(s.overlay, Overlay::Confirm(_)));
    let notice = s.notice.clone().unwrap_or_default();
    assert!(notice.contains("not shared with"), "{notice:?}");
}
