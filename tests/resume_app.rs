//! A resumed job is confirmed like a new one: the offer only chooses, and `r` leads (after the
//! targets are re-read) to the ordinary confirmation of that action, built from the action and
//! what was read, with the same typing rules; read-only never resumes. Driven through `update`
//! like the running app.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use wsfleet::app::state::Overlay;
use wsfleet::app::{update, Command, Mode, Msg, Resumable, Rows, State};
use wsfleet::domain::*;
use wsfleet::queue::journal::UnfinishedJob;
use wsfleet::queue::Target;

mod app_fixtures;
use app_fixtures::*;

fn state() -> State {
    utc();
    let mut s = State::new(
        Mode::Demo,
        "us-east-1".into(),
        Some("demo".into()),
        String::new(),
    );
    update(&mut s, Msg::Resize(120, 40));
    s
}

fn press(s: &mut State, c: char) -> Vec<Command> {
    let code = match c {
        '\r' => KeyCode::Enter,
        '\x1b' => KeyCode::Esc,
        c => KeyCode::Char(c),
    };
    update(s, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))).commands
}

fn typed(s: &mut State, text: &str) -> Vec<Command> {
    text.chars().flat_map(|c| press(s, c)).collect()
}

fn job(action: Action, n: usize) -> UnfinishedJob {
    UnfinishedJob {
        key: "k-1".into(),
        job: 3,
        action,
        // Free text of the file: never shown.
        name: "reboot, harmless".into(),
        operation: "RebootWorkspaces".into(),
        profile: Some("demo".into()),
        region: "us-east-1".into(),
        queued_at: 1,
        updated_at: 1,
        state: "interrupted".into(),
        not_sent: (0..n)
            .map(|i| Target::new(format!("ws-{i:09}"), ""))
            .collect(),
        in_flight: vec![],
        unknown: vec![],
        campaign: None,
        counts: Default::default(),
        calls: 0,
    }
}

fn offer(s: &mut State, j: &UnfinishedJob) {
    update(s, Msg::Unfinished(Ok(vec![j.clone()])));
    assert!(matches!(s.overlay, Overlay::Resume));
}

/// The job's targets as re-read: all AVAILABLE, the first `connected` with a user in.
fn reread(s: &mut State, j: &UnfinishedJob, connected: usize) -> Vec<Command> {
    let rows: Vec<Workspace> = j
        .not_sent
        .iter()
        .enumerate()
        .map(|(i, t)| ws(&t.id, &format!("user{i:02}"), "AVAILABLE", "d-1111111111"))
        .collect();
    let conns = j
        .not_sent
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let state = if i < connected {
                "CONNECTED"
            } else {
                "DISCONNECTED"
            };
            conn(&t.id, state, Some(NOW))
        })
        .collect();
    page(s, Rows::Connections(conns));
    update(
        s,
        Msg::Resumable(Box::new(Resumable {
            job: j.clone(),
            targets: j.not_sent.clone(),
            skipped: vec![],
            workspaces: rows,
            create: None,
        })),
    )
    .commands
}

fn confirm(s: &State) -> &wsfleet::app::dialog::Confirm {
    match &s.overlay {
        Overlay::Confirm(c) => c,
        other => panic!("no confirmation: {other:?}, notice {:?}", s.notice),
    }
}

#[test]
fn r_only_chooses_the_confirmation_of_that_many_asks_for_the_count() {
    let mut s = state();
    let j = job(Action::Reboot, 30);
    offer(&mut s, &j);
    let commands = press(&mut s, 'r');
    assert!(
        matches!(commands.as_slice(), [Command::ResumeJob(job)] if job.key == "k-1"),
        "{commands:?}"
    );
    assert!(
        !matches!(s.overlay, Overlay::Confirm(_)),
        "nothing to confirm yet"
    );
    reread(&mut s, &j, 0);
    let c = confirm(&s);
    assert_eq!(c.targets.len(), 30);
    assert_eq!(c.resumes.as_deref(), Some("k-1"));
    assert_eq!(
        c.expected.as_deref(),
        Some("30"),
        "over confirm_typed_over (25)"
    );
    // Enter alone sends nothing; the count typed sends one job that replaces the entry.
    assert!(press(&mut s, '\r').is_empty());
    let commands = typed(&mut s, "30\r");
    match commands.as_slice() {
        [Command::Submit {
            action: Action::Reboot,
            targets,
            resumes,
            ..
        }] => {
            assert_eq!(targets.len(), 30);
            assert_eq!(resumes.as_deref(), Some("k-1"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn connected_users_make_a_small_resume_typed_too() {
    let mut s = state();
    let j = job(Action::Reboot, 3);
    offer(&mut s, &j);
    press(&mut s, 'r');
    reread(&mut s, &j, 1);
    let c = confirm(&s);
    assert!(c.expected.is_some(), "a user is connected: typed");
    assert!(
        c.affects.iter().any(|l| l.contains("CONNECTED")),
        "{:?}",
        c.affects
    );
}

#[test]
fn an_entry_edited_to_terminate_gets_terminates_confirmation_not_the_files_words() {
    let mut s = state();
    let j = job(Action::Terminate, 2);
    offer(&mut s, &j);
    let shown = wsfleet::app::resume::describe(&j).join("\n");
    assert!(
        shown.contains("terminate in us-east-1 (TerminateWorkspaces)"),
        "{shown}"
    );
    assert!(!shown.contains("harmless") && !shown.contains("RebootWorkspaces"));
    press(&mut s, 'r');
    reread(&mut s, &j, 0);
    let c = confirm(&s);
    assert_eq!(c.action, Action::Terminate);
    assert!(c.expected.is_some(), "terminate is always typed");
    // Cancelled: nothing sent, the entry kept, and said.
    assert!(press(&mut s, '\x1b').is_empty());
    assert!(s.notice.as_deref().unwrap().contains("kept in the journal"));
}

#[test]
fn read_only_never_resumes_and_keeps_the_entry() {
    let mut s = state();
    s.read_only = true;
    let j = job(Action::Reboot, 3);
    offer(&mut s, &j);
    assert!(press(&mut s, 'r').is_empty());
    assert!(s.notice.as_deref().unwrap().contains("read-only"));
    assert_eq!(s.unfinished.len(), 1, "still offered");
}

#[test]
fn a_resume_with_nothing_eligible_leaves_the_journal_without_a_dialog() {
    let mut s = state();
    let j = job(Action::Reboot, 2);
    offer(&mut s, &j);
    press(&mut s, 'r');
    let skipped: Vec<(Target, String)> = j
        .not_sent
        .iter()
        .map(|t| (t.clone(), "not found when re-read".to_string()))
        .collect();
    let commands = update(
        &mut s,
        Msg::Resumable(Box::new(Resumable {
            job: j.clone(),
            targets: vec![],
            skipped,
            workspaces: vec![],
            create: None,
        })),
    )
    .commands;
    assert!(!matches!(s.overlay, Overlay::Confirm(_)));
    match commands.as_slice() {
        [Command::Submit {
            targets,
            skipped,
            resumes,
            ..
        }] => {
            assert!(targets.is_empty());
            assert_eq!(skipped.len(), 2);
            assert_eq!(resumes.as_deref(), Some("k-1"));
        }
        other => panic!("{other:?}"),
    }
}
