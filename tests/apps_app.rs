//! WorkSpaces Applications in the app (issue 14), driven through `update` like the running
//! app: the panes, the update check by dry run (allowed in --read-only), the updated-image
//! form's name template, switching a fleet's image, and the sessions drill-down.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use wsfleet::app::dialog::FormKind;
use wsfleet::app::state::Overlay;
use wsfleet::app::{update, Command, Mode, Msg, Rows, State};
use wsfleet::domain::*;
use wsfleet::panes::PaneKind;
use wsfleet::queue::{JobId, JobSpec, JobView, QueueEvent, Target};

mod app_fixtures;
use app_fixtures::*;

const ACCOUNT: &str = "123456789012";

fn arn(kind: &str, name: &str) -> String {
    format!("arn:aws:appstream:us-east-1:{ACCOUNT}:{kind}/{name}")
}

fn image(name: &str, state: &str, visibility: &str, created: i64) -> AppImage {
    AppImage {
        name: name.into(),
        region: "us-east-1".into(),
        arn: arn("image", name),
        state: state.into(),
        visibility: visibility.into(),
        platform: "WINDOWS_SERVER_2022".into(),
        created: Some(created),
        ..Default::default()
    }
}

fn fleet(name: &str, state: &str, image: &str, in_use: i32) -> AppFleet {
    AppFleet {
        name: name.into(),
        region: "us-east-1".into(),
        arn: arn("fleet", name),
        state: state.into(),
        fleet_type: "ON_DEMAND".into(),
        image_name: image.into(),
        image_arn: arn("image", image),
        instance_type: "stream.standard.medium".into(),
        capacity: Some(AppCapacity {
            desired: 4,
            running: 4,
            in_use,
            available: 4 - in_use,
        }),
        stacks: vec!["office-stack".into()],
        ..Default::default()
    }
}

fn state(read_only: bool) -> State {
    utc();
    let mut s = State::new(Mode::Demo, "us-east-1".into(), None, String::new());
    s.read_only = read_only;
    update(&mut s, Msg::Resize(160, 40));
    page(
        &mut s,
        Rows::AppImages(vec![
            image("Office", "AVAILABLE", "PRIVATE", NOW - 40 * DAY),
            image("Office-20261001", "AVAILABLE", "PRIVATE", NOW - 30 * DAY),
            image("Engineering", "AVAILABLE", "PRIVATE", NOW - 20 * DAY),
            image("Broken", "FAILED", "PRIVATE", NOW - 10 * DAY),
            image(
                "AppStream-WinServer2022-11-12-2026",
                "AVAILABLE",
                "PUBLIC",
                NOW - DAY,
            ),
        ]),
    );
    page(
        &mut s,
        Rows::AppFleets(vec![
            fleet("sales", "RUNNING", "Office", 3),
            fleet("labs", "STOPPED", "Engineering", 0),
        ]),
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
            c => KeyCode::Char(c),
        };
        out.extend(update(s, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))).commands);
    }
    out
}

fn command(s: &mut State, cmd: &str) {
    keys(s, &format!(":{cmd}\r"));
}

fn submitted(commands: &[Command]) -> (Action, Vec<String>, Vec<(Target, String)>) {
    match commands {
        [Command::Submit {
            action,
            targets,
            skipped,
            ..
        }] => (
            action.clone(),
            targets.iter().map(|t| t.id.clone()).collect(),
            skipped.clone(),
        ),
        other => panic!("expected one Submit, got {other:?}"),
    }
}

/// The queue answering job 1's dry runs, as the runner reports them.
fn answer(s: &mut State, action: Action, answers: &[(&str, Outcome)]) {
    let targets: Vec<Target> = answers
        .iter()
        .map(|(n, _)| Target::new(arn("image", n), *n))
        .collect();
    let mut spec = JobSpec::new(
        action,
        "us-east-1",
        wsfleet::queue::Plan {
            to_send: targets,
            skipped: vec![],
        },
    );
    spec.profile = Some(s.context_name());
    update(
        s,
        Msg::Queue(QueueEvent::JobQueued(JobView::new(JobId(1), &spec, NOW))),
    );
    update(
        s,
        Msg::Queue(QueueEvent::Progress {
            job: JobId(1),
            results: answers
                .iter()
                .map(|(n, o)| ResourceResult {
                    id: arn("image", n),
                    outcome: o.clone(),
                })
                .collect(),
            calls: answers.len() as u32,
            sent: answers.len(),
        }),
    );
}

#[test]
fn app_images_hide_aws_base_images_until_the_filter_asks() {
    let mut s = state(false);
    command(&mut s, "aimg");
    assert_eq!(s.active, PaneKind::AppImages);
    assert_eq!(s.pane().view_len(), 4, "the PUBLIC base image is hidden");
    keys(&mut s, "/public\r");
    assert_eq!(s.pane().view_len(), 1);
    keys(&mut s, "\x1b/vis=public\r");
    assert_eq!(s.pane().view_len(), 1);
}

#[test]
fn checking_for_updates_is_a_dry_run_allowed_in_read_only_and_fills_the_update_column() {
    let mut s = state(true);
    command(&mut s, "appimages");
    keys(&mut s, "*D");
    let Overlay::Confirm(c) = &s.overlay else {
        panic!("a confirmation even in read-only: {:?}", s.notice);
    };
    assert_eq!(c.action, Action::CheckAppImageUpdate);
    // The FAILED image is skipped with the reason; the three AVAILABLE ones are checked.
    assert_eq!(c.targets.len(), 3);
    assert_eq!(c.skipped.len(), 1);
    assert!(c.skipped[0].1.contains("FAILED"), "{:?}", c.skipped);
    let (action, targets, _) = submitted(&keys(&mut s, "\t\r"));
    assert_eq!(action, Action::CheckAppImageUpdate);
    assert_eq!(targets.len(), 3);

    // Answers arrive: the column says what each dry run said.
    answer(
        &mut s,
        Action::CheckAppImageUpdate,
        &[
            (
                "Office",
                Outcome::Succeeded {
                    result: Some(UPDATE_AVAILABLE.into()),
                },
            ),
            (
                "Engineering",
                Outcome::Succeeded {
                    result: Some(UPDATE_NONE.into()),
                },
            ),
            (
                "Office-20261001",
                Outcome::Failed {
                    code: "AccessDeniedException".into(),
                    message: "not authorized".into(),
                },
            ),
        ],
    );
    let updates = &s.joined.app_updates;
    assert!(matches!(
        updates[&arn("image", "Office")],
        UpdateCheck::Available { .. }
    ));
    assert!(matches!(
        updates[&arn("image", "Engineering")],
        UpdateCheck::Current { .. }
    ));
    assert_eq!(
        updates[&arn("image", "Office-20261001")].word(),
        "AccessDeniedException"
    );
    assert!(
        s.notice.is_none()
            || !s
                .notice
                .as_deref()
                .unwrap()
                .contains("new application image")
    );

    // A change is still refused in read-only.
    keys(&mut s, "U");
    keys(&mut s, "P");
    assert!(matches!(s.overlay, Overlay::None));
    assert_eq!(s.notice.as_deref(), Some("read-only: that action not sent"));
}

#[test]
fn create_updated_images_names_each_from_the_template_and_skips_those_without_an_update() {
    let mut s = state(false);
    command(&mut s, "aimg");
    answer(
        &mut s,
        Action::CheckAppImageUpdate,
        &[
            (
                "Office",
                Outcome::Succeeded {
                    result: Some(UPDATE_AVAILABLE.into()),
                },
            ),
            (
                "Engineering",
                Outcome::Succeeded {
                    result: Some(UPDATE_NONE.into()),
                },
            ),
        ],
    );
    let today = || chrono::Utc::now().format("%Y%m%d").to_string();
    let before = today();
    keys(&mut s, "*P");
    let days = [before, today()];
    let Overlay::Form(form) = &s.overlay else {
        panic!("the form: {:?}", s.notice);
    };
    let FormKind::CreateUpdatedAppImage { images, date, .. } = &form.kind else {
        panic!("{:?}", form.kind);
    };
    assert_eq!(images.len(), 4);
    assert!(days.contains(date), "{date} is today (UTC)");
    let date = date.clone();
    assert_eq!(form.fields[0].1.value(), "{name}-{yyyymmdd}");

    // A template without {name} gives every image the same name: refused, nothing sent.
    let commands = {
        let Overlay::Form(form) = &mut s.overlay else {
            unreachable!()
        };
        form.fields[0].1 = tui_input::Input::new("patched".into());
        keys(&mut s, "\r")
    };
    assert!(commands.is_empty());
    let Overlay::Form(form) = &s.overlay else {
        panic!("the form stays")
    };
    assert!(
        form.error
            .as_deref()
            .unwrap()
            .contains("put {name} in the template"),
        "{:?}",
        form.error
    );
    // A name already taken is refused too: Office-20261001 exists.
    {
        let Overlay::Form(form) = &mut s.overlay else {
            unreachable!()
        };
        form.fields[0].1 = tui_input::Input::new("{name}-20261001".into());
    }
    keys(&mut s, "\r");
    let Overlay::Form(form) = &s.overlay else {
        panic!("the form stays")
    };
    assert_eq!(
        form.error.as_deref(),
        Some("Office-20261001 already exists (for Office)")
    );

    // The default template: the confirmation sends Office only and says why not the rest.
    {
        let Overlay::Form(form) = &mut s.overlay else {
            unreachable!()
        };
        form.fields[0].1 = tui_input::Input::new("{name}-{yyyymmdd}".into());
    }
    keys(&mut s, "\r");
    let Overlay::Confirm(c) = &s.overlay else {
        panic!("the confirmation: {:?}", s.notice);
    };
    assert_eq!(c.targets.len(), 1);
    assert_eq!(
        c.action.new_image_name("Office"),
        Some(format!("Office-{date}"))
    );
    let reasons: Vec<&str> = c.skipped.iter().map(|(_, r)| r.as_str()).collect();
    assert!(
        reasons.contains(&"no update available (the last check said so)"),
        "{reasons:?}"
    );
    assert!(
        reasons.contains(&"not checked for updates yet (check first)"),
        "{reasons:?}"
    );
    let (_, targets, _) = submitted(&keys(&mut s, "\t\r"));
    assert_eq!(targets, [arn("image", "Office")]);
}

#[test]
fn a_fleet_switches_to_an_image_chosen_from_the_derived_ones_first() {
    let mut s = state(false);
    command(&mut s, "afl");
    assert_eq!(s.active, PaneKind::AppFleets);
    // Sorted by name: labs, sales. The cursor to sales.
    keys(&mut s, "j");
    keys(&mut s, "I");
    let Overlay::Form(form) = &s.overlay else {
        panic!("the form: {:?}", s.notice);
    };
    let FormKind::SwitchFleetImage { choices, .. } = &form.kind else {
        panic!("{:?}", form.kind);
    };
    assert_eq!(
        choices[0].value, "Office-20261001",
        "derived from Office, newest first"
    );
    assert!(
        !choices.iter().any(|c| c.value == "Office"),
        "not its own image"
    );
    assert!(
        !choices.iter().any(|c| c.value == "Broken"),
        "only AVAILABLE images"
    );
    assert_eq!(form.fields[0].1.value(), "Office-20261001");
    keys(&mut s, "\r");
    let Overlay::Confirm(c) = &s.overlay else {
        panic!("the confirmation: {:?}", s.notice);
    };
    assert_eq!(
        c.action,
        Action::SwitchFleetImage {
            image: "Office-20261001".into()
        }
    );
    // sales has 3 streaming sessions in use: the switch is typed to confirm.
    assert_eq!(c.expected.as_deref(), Some("switch"));
    let (_, targets, _) = submitted(&keys(&mut s, "switch\r"));
    assert_eq!(targets, [arn("fleet", "sales")]);
}

#[test]
fn stopping_a_fleet_in_use_says_so_and_needs_typing_and_enter_opens_its_sessions() {
    let mut s = state(false);
    command(&mut s, "afl");
    keys(&mut s, "j");
    keys(&mut s, "X");
    let Overlay::Confirm(c) = &s.overlay else {
        panic!("the confirmation: {:?}", s.notice);
    };
    assert_eq!(
        c.affects,
        ["sales: stopping ends the 3 streaming sessions in use now"]
    );
    assert!(c.expected.is_some());
    keys(&mut s, "\x1b");
    // Starting a RUNNING fleet: nothing to do, and why.
    keys(&mut s, "S");
    assert_eq!(
        s.notice.as_deref(),
        Some("nothing to start fleet: 1 selected, all RUNNING: start fleet needs STOPPED")
    );
    let commands = keys(&mut s, "\r");
    assert_eq!(s.active, PaneKind::AppSessions);
    assert!(matches!(
        commands.as_slice(),
        [Command::LoadAppSessions { fleet, stacks, .. }]
            if *fleet == arn("fleet", "sales") && stacks == &["office-stack".to_string()]
    ));
    keys(&mut s, "\x1b");
    assert_eq!(s.active, PaneKind::AppFleets);
}

/// Issue 26: marks stay after an action that leaves the rows in place, so `D` (check for
/// updates) then `P` (create updated images) needs no second `*`, even after the images
/// pane is read again.
#[test]
fn marks_are_kept_from_the_update_check_to_create_updated_images() {
    let mut s = state(false);
    command(&mut s, "aimg");
    keys(&mut s, "*D");
    assert!(matches!(s.overlay, Overlay::Confirm(_)), "{:?}", s.notice);
    let (action, targets, _) = submitted(&keys(&mut s, "\t\r"));
    assert_eq!(action, Action::CheckAppImageUpdate);
    assert_eq!(targets.len(), 3);
    answer(
        &mut s,
        Action::CheckAppImageUpdate,
        &[(
            "Office",
            Outcome::Succeeded {
                result: Some(UPDATE_AVAILABLE.into()),
            },
        )],
    );
    update(
        &mut s,
        Msg::Queue(QueueEvent::JobFinished {
            job: JobId(1),
            state: wsfleet::queue::JobState::Done,
            counts: Default::default(),
            at: NOW,
        }),
    );
    // The re-read after the job (what `Touched` asks for) brings the same images.
    page(
        &mut s,
        Rows::AppImages(vec![
            image("Office", "AVAILABLE", "PRIVATE", NOW - 40 * DAY),
            image("Office-20261001", "AVAILABLE", "PRIVATE", NOW - 30 * DAY),
            image("Engineering", "AVAILABLE", "PRIVATE", NOW - 20 * DAY),
            image("Broken", "FAILED", "PRIVATE", NOW - 10 * DAY),
        ]),
    );
    assert_eq!(s.pane().marks(), 4, "the marks stay");
    keys(&mut s, "P");
    let Overlay::Form(form) = &s.overlay else {
        panic!("the form: {:?}", s.notice);
    };
    let FormKind::CreateUpdatedAppImage { images, .. } = &form.kind else {
        panic!("{:?}", form.kind);
    };
    assert_eq!(images.len(), 4, "every marked image, no second *");
}
