//! Issue 27, create WorkSpaces (`N`): the form with its directory and bundle pick lists, a
//! CSV of users checked line by line before anything is sent (refusals name the line and the
//! rule, duplicates both lines), users the table shows with a WorkSpace skipped with its ID,
//! and the confirmation typed over `confirm_typed_over`. Driven through `update`.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use wsfleet::app::state::Overlay;
use wsfleet::app::{update, Command, Mode, Msg, Rows, State};
use wsfleet::domain::*;

mod app_fixtures;
use app_fixtures::*;

const DIR: &str = "d-9000000001";
const BUNDLE: &str = "wsb-abcdefgh1";

fn fleet(read_only: bool) -> State {
    utc();
    let mut s = State::new(Mode::Demo, "us-east-1".into(), None, String::new());
    s.read_only = read_only;
    update(&mut s, Msg::Resize(100, 30));
    let rows = (0..3)
        .map(|i| {
            ws(
                &format!("ws-{i:09}"),
                &format!("old.user{i}"),
                "AVAILABLE",
                DIR,
            )
        })
        .collect();
    page(&mut s, Rows::Workspaces(rows));
    page(
        &mut s,
        Rows::Directories(vec![WorkspaceDirectory {
            id: DIR.into(),
            name: "corp.example.com".into(),
            region: "us-east-1".into(),
            directory_type: "AD_CONNECTOR".into(),
            state: "REGISTERED".into(),
            ..Default::default()
        }]),
    );
    page(
        &mut s,
        Rows::Bundles(vec![WorkspaceBundle {
            id: BUNDLE.into(),
            name: "Standard Windows".into(),
            region: "us-east-1".into(),
            compute_type: "STANDARD".into(),
            owner: "AMAZON".into(),
            state: "AVAILABLE".into(),
            ..Default::default()
        }]),
    );
    s
}

fn keys(s: &mut State, text: &str) -> Vec<Command> {
    let mut out = vec![];
    for c in text.chars() {
        let code = match c {
            '\r' => KeyCode::Enter,
            '\x1b' => KeyCode::Esc,
            '\t' => KeyCode::Tab,
            '↓' => KeyCode::Down,
            '\x7f' => KeyCode::Backspace,
            c => KeyCode::Char(c),
        };
        out.extend(update(s, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))).commands);
    }
    out
}

/// `N`, the bundle picked, the users field set to `users`, Enter.
fn fill(s: &mut State, users: &str) {
    keys(s, "N");
    assert!(matches!(s.overlay, Overlay::Form(_)), "{:?}", s.notice);
    keys(s, "\t↓\t");
    keys(s, users);
    keys(s, "\r");
}

fn form_error(s: &State) -> String {
    match &s.overlay {
        Overlay::Form(f) => f.error.clone().unwrap_or_default(),
        other => panic!("no form: {other:?}"),
    }
}

fn csv_file(name: &str, lines: &[String]) -> String {
    let p = std::env::temp_dir().join(format!("wsfleet-{name}-{}.csv", std::process::id()));
    let mut text = String::from("user,bundle,root_volume_gib\n");
    for l in lines {
        text.push_str(l);
        text.push('\n');
    }
    std::fs::write(&p, text).unwrap();
    p.to_string_lossy().to_string()
}

/// 60 lines: 3 users who already have a WorkSpace, 1 unknown user, 1 unknown bundle (both
/// for the service to refuse), the rest new users.
fn sixty() -> Vec<String> {
    let mut lines: Vec<String> = (1..=55).map(|n| format!("new.user{n:03},,")).collect();
    lines.extend((0..3).map(|i| format!("old.user{i},,")));
    lines.push("nobody.here,,".into());
    lines.push("new.user056,wsb-zz99notreal9,".into());
    lines
}

#[test]
fn a_csv_of_sixty_skips_users_with_a_workspace_and_needs_the_count_typed() {
    let mut s = fleet(false);
    let path = csv_file("create60", &sixty());
    fill(&mut s, &format!("@{path}"));
    let Overlay::Confirm(c) = &s.overlay else {
        panic!("no confirmation: {}", form_error(&s));
    };
    assert_eq!(c.targets.len(), 57);
    assert_eq!(c.skipped.len(), 3);
    assert!(
        c.skipped[0].1.contains("already has ws-000000000"),
        "{:?}",
        c.skipped
    );
    assert_eq!(c.expected.as_deref(), Some("57"));
    assert!(
        c.affects.iter().any(|l| l.contains("billed hourly")),
        "{:?}",
        c.affects
    );
    let sent = keys(&mut s, "57\r");
    let [Command::Submit {
        action: Action::CreateWorkspaces(all),
        targets,
        skipped,
        ..
    }] = sent.as_slice()
    else {
        panic!("not submitted: {sent:?}");
    };
    assert_eq!(targets.len(), 57);
    assert_eq!(skipped.len(), 3);
    assert_eq!(all.requests.len(), 57);
    assert_eq!(targets[0].id, format!("{DIR}/new.user001"));
    let odd = all.get(&format!("{DIR}/new.user056")).unwrap();
    assert_eq!(
        odd.bundle_id, "wsb-zz99notreal9",
        "a line's cell overrides the form"
    );
    assert_eq!(
        all.get(&format!("{DIR}/new.user001")).unwrap().bundle_id,
        BUNDLE
    );
}

#[test]
fn bad_lines_are_refused_with_their_line_numbers_and_nothing_is_sent() {
    let mut s = fleet(false);
    let mut lines = sixty();
    lines[4] = "new.user005,,50".into();
    lines.push("new.user010,,".into());
    let path = csv_file("createbad", &lines);
    fill(&mut s, &format!("@{path}"));
    let e = form_error(&s);
    assert!(
        e.contains("line 6: root volume 50 GiB must be 80–2000 GiB"),
        "{e}"
    );
    assert!(
        e.contains("lines 11 and 62: two WorkSpaces for new.user010"),
        "{e}"
    );
}

#[test]
fn the_form_needs_a_bundle_and_read_only_opens_nothing() {
    let mut s = fleet(false);
    keys(&mut s, "N");
    keys(&mut s, "\t\tann\r");
    assert!(form_error(&s).contains("pick a bundle"));
    let mut s = fleet(true);
    let sent = keys(&mut s, "N");
    assert!(sent.is_empty());
    assert!(matches!(s.overlay, Overlay::None));
    assert_eq!(
        s.notice.as_deref(),
        Some("read-only: create WorkSpaces not sent")
    );
}

/// A finished create says the new WorkSpaces' IDs as WorkSpaces (not as new images, which
/// the image jobs' notice had said), and asks for no Images re-read.
#[test]
fn a_finished_create_names_its_new_workspaces() {
    use wsfleet::queue::{JobId, JobSpec, JobView, QueueEvent};
    let mut s = fleet(false);
    fill(&mut s, "new.user001");
    let Overlay::Confirm(_) = &s.overlay else {
        panic!("no confirmation: {}", form_error(&s));
    };
    let sent = keys(&mut s, "\t\r");
    let [Command::Submit {
        action,
        profile,
        region,
        targets,
        ..
    }] = sent.as_slice()
    else {
        panic!("not submitted: {sent:?}");
    };
    let spec = JobSpec {
        action: action.clone(),
        profile: Some(profile.clone()),
        region: region.clone(),
        targets: targets.clone(),
        skipped: vec![],
        campaign: None,
    };
    update(
        &mut s,
        Msg::Queue(QueueEvent::JobQueued(JobView::new(JobId(3), &spec, NOW))),
    );
    let results = vec![ResourceResult {
        id: targets[0].id.clone(),
        outcome: Outcome::Succeeded {
            result: Some("ws-0000000c1".into()),
        },
    }];
    update(
        &mut s,
        Msg::Queue(QueueEvent::Progress {
            job: JobId(3),
            results,
            calls: 1,
            sent: 1,
        }),
    );
    let out = update(
        &mut s,
        Msg::Queue(QueueEvent::JobFinished {
            job: JobId(3),
            state: wsfleet::queue::JobState::Done,
            counts: Default::default(),
            at: NOW,
        }),
    );
    let notice = s.notice.clone().unwrap_or_default();
    assert!(
        notice.starts_with("created 1 WorkSpaces in us-east-1: ws-0000000c1"),
        "{notice}"
    );
    assert!(!notice.contains("image"), "{notice}");
    assert!(
        !out.commands
            .iter()
            .any(|c| matches!(c, Command::RefreshPane { .. })),
        "{:?}",
        out.commands
    );
}

/// `N` in a directory's drill-down (Enter on a directory) has that directory chosen; a bundle
/// of another Region than the directory's is refused before anything is sent (CreateWorkspaces
/// would fail the user with ResourceNotFound.Bundle).
#[test]
fn a_directory_drill_down_chooses_its_directory_and_a_bundle_must_share_its_region() {
    let mut s = fleet(false);
    let other = "d-9000000002";
    page(
        &mut s,
        Rows::Directories(vec![WorkspaceDirectory {
            id: other.into(),
            name: "branch.example.com".into(),
            region: "eu-west-1".into(),
            directory_type: "SIMPLE_AD".into(),
            state: "REGISTERED".into(),
            ..Default::default()
        }]),
    );
    keys(&mut s, ":dirs\r");
    let at = |s: &State| s.pane().selected_id().unwrap_or_default();
    while at(&s) != other {
        keys(&mut s, "↓");
    }
    keys(&mut s, "\rN");
    let Overlay::Form(f) = &s.overlay else {
        panic!("no form: {:?}", s.notice);
    };
    let chosen = f
        .pick(0)
        .and_then(|p| p.selected())
        .map(|i| i.value.clone());
    assert_eq!(chosen.as_deref(), Some(other), "the drilled directory");
    // The only bundle is in us-east-1; the directory in eu-west-1.
    keys(&mut s, "\t↓\tann\r");
    let error = form_error(&s);
    assert!(
        error.contains("bundle Standard Windows is AVAILABLE in us-east-1")
            && error.contains("eu-west-1"),
        "{error}"
    );
}

/// The running mode is a pick list narrowed by typing (the model's AUTO_STOP and ALWAYS_ON);
/// the tags are read by the `T` action's parser, and a removal (`-key`) is refused in a
/// create with the rule, nothing sent.
#[test]
fn the_running_mode_is_picked_and_tags_take_no_removals() {
    let mut s = fleet(false);
    keys(&mut s, "N\t↓\tnew.user001\t");
    let Overlay::Form(f) = &s.overlay else {
        panic!("no form: {:?}", s.notice);
    };
    let modes: Vec<&str> = (f.pick(3).unwrap().items().iter())
        .map(|i| i.value.as_str())
        .collect();
    assert_eq!(modes, ["AUTO_STOP", "ALWAYS_ON"]);
    assert_eq!(f.fields[3].1.value(), "AUTO_STOP", "chosen at first");
    keys(&mut s, "alw\t\t\t\t\t\t-Team\r");
    let e = form_error(&s);
    assert!(
        e.contains("'-Team': a new WorkSpace has no tags to remove"),
        "{e}"
    );
    keys(&mut s, &"\x7f".repeat(5));
    keys(&mut s, "Team=x\r");
    let Overlay::Confirm(c) = &s.overlay else {
        panic!("no confirmation: {}", form_error(&s));
    };
    assert!(
        c.affects.iter().any(|l| l == "ALWAYS_ON: billed monthly"),
        "{:?}",
        c.affects
    );
    let sent = keys(&mut s, "\t\r");
    let [Command::Submit {
        action: Action::CreateWorkspaces(all),
        ..
    }] = sent.as_slice()
    else {
        panic!("not submitted: {sent:?}");
    };
    let r = &all.requests[0];
    assert_eq!(r.running_mode, "ALWAYS_ON");
    assert_eq!(r.tags, [("Team".to_string(), "x".to_string())]);
}
