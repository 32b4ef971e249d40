//! Issue 27, tags in bulk (`T`): the form's rules, the 50-tag limit per resource and Amazon
//! bundles skipped before the confirmation, read-only mode, and the outcome applied to the
//! known tags so `tag.` filters see it at once. Driven through `update` like the running app;
//! the queue's events are fed by hand (the queue itself: queue_emulator.rs).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use wsfleet::app::state::Overlay;
use wsfleet::app::{update, Command, Mode, Msg, Rows, State};
use wsfleet::domain::*;
use wsfleet::panes::PaneKind;
use wsfleet::queue::{JobId, JobSpec, JobView, Plan, QueueEvent, Target};

mod app_fixtures;
use app_fixtures::*;

fn tag(k: &str, v: &str) -> Tag {
    Tag {
        key: k.into(),
        value: v.into(),
    }
}

fn id(i: usize) -> String {
    format!("ws-{i:09}")
}

/// Four WorkSpaces with their tags known; the last one already has 50.
fn fleet() -> State {
    utc();
    let mut s = State::new(Mode::Demo, "us-east-1".into(), None, String::new());
    update(&mut s, Msg::Resize(120, 30));
    let rows = (0..4)
        .map(|i| ws(&id(i), &format!("user{i:02}"), "AVAILABLE", "d-1111111111"))
        .collect();
    page(&mut s, Rows::Workspaces(rows));
    for i in 0..3 {
        s.joined
            .tags
            .insert(id(i), vec![tag("env", "test"), tag("old", "1")]);
    }
    let full = (0..50).map(|n| tag(&format!("k{n}"), "v")).collect();
    s.joined.tags.insert(id(3), full);
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

fn confirmation(s: &State) -> (Action, Vec<String>, Vec<(String, String)>) {
    match &s.overlay {
        Overlay::Confirm(c) => (
            c.action.clone(),
            c.targets.iter().map(|t| t.id.clone()).collect(),
            (c.skipped.iter())
                .map(|(t, why)| (t.id.clone(), why.clone()))
                .collect(),
        ),
        other => panic!("no confirmation: {other:?}, notice {:?}", s.notice),
    }
}

fn form_error(s: &State) -> Option<String> {
    match &s.overlay {
        Overlay::Form(f) => f.error.clone(),
        other => panic!("no form: {other:?}"),
    }
}

/// The job's outcomes as the queue reports them.
fn answered(s: &mut State, action: &Action, results: Vec<(String, Outcome)>) -> Vec<Command> {
    let targets = results.iter().map(|(id, _)| Target::new(id, "")).collect();
    let plan = Plan {
        to_send: targets,
        skipped: vec![],
    };
    let mut spec = JobSpec::new(action.clone(), "us-east-1", plan);
    spec.profile = Some(s.context_name());
    update(
        s,
        Msg::Queue(QueueEvent::JobQueued(JobView::new(JobId(1), &spec, NOW))),
    );
    let results = (results.into_iter())
        .map(|(id, outcome)| ResourceResult { id, outcome })
        .collect::<Vec<_>>();
    let n = results.len();
    update(
        s,
        Msg::Queue(QueueEvent::Progress {
            job: JobId(1),
            results,
            calls: n as u32,
            sent: n,
        }),
    )
    .commands
}

fn shown(s: &State) -> Vec<String> {
    let t = &s.panes.workspaces.table;
    (0..t.view_len())
        .map(|i| t.view_row(i).unwrap().id.clone())
        .collect()
}

#[test]
fn bad_input_shows_the_rule_broken_and_sends_nothing() {
    let mut s = fleet();
    keys(&mut s, "T");
    for (typed, says) in [
        ("env", "key=value"),
        ("aws:x=1", "reserved"),
        ("env=a,-env", "named twice"),
    ] {
        let sent = keys(&mut s, &format!("{typed}\r"));
        assert!(sent.is_empty(), "{typed}: {sent:?}");
        let e = form_error(&s).expect("an error in the form");
        assert!(e.contains(says), "{typed}: {e}");
        // Clear the field for the next try.
        for _ in 0..typed.len() {
            update(
                &mut s,
                Msg::Key(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE)),
            );
        }
    }
}

#[test]
fn the_fifty_tag_limit_is_checked_per_resource_from_its_known_tags() {
    let mut s = fleet();
    // Mark all four, then add a new key and remove one.
    keys(&mut s, "*T");
    keys(&mut s, "team=blue, -old\r");
    let (action, targets, skipped) = confirmation(&s);
    assert_eq!(
        action,
        Action::SetTags {
            on: TargetKind::Workspace,
            add: vec![("team".into(), "blue".into())],
            remove: vec!["old".into()],
        }
    );
    assert_eq!(targets, vec![id(0), id(1), id(2)]);
    assert_eq!(skipped.len(), 1);
    assert_eq!(skipped[0].0, id(3));
    assert!(skipped[0].1.contains("51 tags"), "{}", skipped[0].1);
    // Changing a key it already has adds no tag: allowed at 50.
    keys(&mut s, "\x1b*T");
    keys(&mut s, "k0=new\r");
    let (_, targets, skipped) = confirmation(&s);
    assert_eq!(targets.len(), 4, "{skipped:?}");
}

#[test]
fn a_success_updates_the_tags_and_the_tag_filter_sees_it_at_once() {
    let mut s = fleet();
    keys(&mut s, "T");
    keys(&mut s, "env=prod, -old\r");
    let (action, targets, _) = confirmation(&s);
    assert_eq!(targets, vec![id(0)]);
    let sent = keys(&mut s, "\t\r");
    assert!(
        matches!(sent.as_slice(), [Command::Submit { .. }]),
        "{sent:?}"
    );
    let after = answered(
        &mut s,
        &action,
        vec![
            (id(0), Outcome::succeeded()),
            // Half done: the additions stand, the removal did not happen.
            (
                id(1),
                Outcome::Failed {
                    code: "ThrottlingException".into(),
                    message: "tags added; removal not applied (send it again): slow down".into(),
                },
            ),
            (
                id(2),
                Outcome::Failed {
                    code: "InvalidParameterValuesException".into(),
                    message: "refused".into(),
                },
            ),
        ],
    );
    assert_eq!(
        s.joined.tags.get(&id(0)),
        Some(&vec![tag("env", "prod")]),
        "applied from the outcome"
    );
    // The half-done one is read again (DescribeTags of that resource only); the refused one
    // is unchanged.
    assert!(!s.joined.tags.contains_key(&id(1)));
    assert!(
        after.iter().any(|c| matches!(c,
            Command::LoadFleetTags { resource_ids, .. } if resource_ids == &vec![id(1)])),
        "{after:?}"
    );
    assert_eq!(s.joined.tags.get(&id(2)).unwrap().len(), 2);
    keys(&mut s, "/tag.env=prod\r");
    assert_eq!(shown(&s), vec![id(0)]);
}

#[test]
fn amazon_bundles_are_skipped_with_a_reason() {
    utc();
    let mut s = State::new(Mode::Demo, "us-east-1".into(), None, String::new());
    update(&mut s, Msg::Resize(120, 30));
    let bundle = |id: &str, owner: &str| WorkspaceBundle {
        id: id.into(),
        region: "us-east-1".into(),
        name: id.into(),
        owner: owner.into(),
        state: "AVAILABLE".into(),
        ..Default::default()
    };
    page(
        &mut s,
        Rows::Bundles(vec![
            bundle("wsb-amazon001", AMAZON_BUNDLE_OWNER),
            bundle("wsb-own000001", "123456789012"),
        ]),
    );
    s.active = PaneKind::Bundles;
    keys(&mut s, "*T");
    keys(&mut s, "env=x\r");
    let (action, targets, skipped) = confirmation(&s);
    assert!(matches!(
        action,
        Action::SetTags {
            on: TargetKind::Bundle,
            ..
        }
    ));
    assert_eq!(targets, vec!["wsb-own000001".to_string()]);
    assert_eq!(skipped.len(), 1);
    assert_eq!(skipped[0].0, "wsb-amazon001");
    assert!(skipped[0].1.contains("Amazon bundle"), "{}", skipped[0].1);
}

#[test]
fn read_only_says_so_and_opens_nothing() {
    let mut s = fleet();
    s.read_only = true;
    let sent = keys(&mut s, "T");
    assert!(sent.is_empty());
    assert!(matches!(s.overlay, Overlay::None), "{:?}", s.overlay);
    assert!(
        s.notice.as_deref().unwrap_or("").contains("read-only"),
        "{:?}",
        s.notice
    );
}

/// The screen at 80×24 as one string per row.
fn screen_80x24(s: &mut State) -> String {
    update(s, Msg::Resize(80, 24));
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    t.draw(|f| wsfleet::ui::draw(f, s)).unwrap();
    let buf = t.backend().buffer();
    (0..24)
        .map(|y| (0..80).map(|x| buf[(x, y)].symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn at_80x24_the_form_shows_its_rule_and_the_confirmation_the_change() {
    let mut s = fleet();
    keys(&mut s, "*T");
    keys(&mut s, "env=prod, -old");
    let form = screen_80x24(&mut s);
    // The rule wraps inside the box; nothing of it is cut.
    let flat: String = form
        .lines()
        .map(|l| l.trim_matches(|c| c == '│' || c == ' '))
        .collect::<Vec<_>>()
        .join(" ");
    for part in [
        "key=value adds or changes",
        "-key removes",
        "no aws: keys",
        "at most 50 tags per",
        "resource",
    ] {
        assert!(flat.contains(part), "{part:?} not on screen:\n{form}");
    }
    assert!(form.contains("Tags: env=prod, -old"), "{form}");
    keys(&mut s, "\r");
    let confirm = screen_80x24(&mut s);
    assert!(confirm.contains("tags env=prod, -old"), "{confirm}");
    // Four marked; one would pass 50 tags and is skipped with its reason.
    assert!(confirm.contains('3'), "{confirm}");
    assert!(confirm.contains("51 tags"), "{confirm}");
}
