//! Restore says which snapshot it goes back to (issue 17, section 2): the confirmation opens
//! at once, asks for DescribeWorkspaceSnapshots in the background, and shows the snapshot's
//! time and age once the emulator answers over HTTP (or the error when it refuses). Driven
//! through `update` like the running app; the command is run by the real service layer.

mod common;

use common::unlimited_service as service;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use wsfleet::app::state::Overlay;
use wsfleet::app::{update, Command, Mode, Msg, Rows, State};
use wsfleet::service::WorkspacesService;
use wsfleet::sim::Fault;
use wsfleet::table::format::clock_date;

fn keys(s: &mut State, text: &str) -> Vec<Command> {
    let mut out = vec![];
    for c in text.chars() {
        let code = match c {
            '\r' => KeyCode::Enter,
            c => KeyCode::Char(c),
        };
        out.extend(update(s, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))).commands);
    }
    out
}

/// The app with the emulator's WorkSpaces, the cursor on an AVAILABLE one, `O` pressed:
/// returns the state, the WorkSpace and the commands the key gave.
async fn restore_dialog(svc: &WorkspacesService) -> (State, String, Vec<Command>) {
    let page = svc.describe_workspaces_page(None).await.expect("describe");
    let id = page
        .items
        .iter()
        .find(|w| w.state.as_str() == "AVAILABLE")
        .expect("an AVAILABLE WorkSpace")
        .id
        .clone();
    let mut s = State::new(Mode::Demo, common::REGION.into(), None, String::new());
    update(&mut s, Msg::Resize(120, 40));
    update(
        &mut s,
        Msg::Page {
            region: common::REGION.into(),
            sweep: 1,
            rows: Rows::Workspaces(page.items),
            last: true,
        },
    );
    keys(&mut s, &format!("/{id}\r"));
    let commands = keys(&mut s, "O");
    (s, id, commands)
}

fn snapshot_line(s: &State) -> String {
    match &s.overlay {
        Overlay::Confirm(c) => {
            assert_eq!(c.snapshot_lines, 1);
            assert!(c.expected.is_some(), "restore is typed to confirm");
            c.affects[0].clone()
        }
        other => panic!("no confirmation: {other:?}, notice {:?}", s.notice),
    }
}

/// Runs the one LoadSnapshots command as the runtime does, and feeds the answer back.
async fn answer(s: &mut State, svc: &WorkspacesService, commands: Vec<Command>, id: &str) {
    let [Command::LoadSnapshots {
        region,
        workspace_id,
    }] = commands.as_slice()
    else {
        panic!("expected one LoadSnapshots, got {commands:?}");
    };
    assert_eq!(
        (region.as_str(), workspace_id.as_str()),
        (common::REGION, id)
    );
    let result = svc.describe_workspace_snapshots(workspace_id).await;
    update(
        s,
        Msg::Snapshots {
            workspace_id: workspace_id.clone(),
            result,
        },
    );
}

#[tokio::test]
async fn the_restore_confirmation_names_the_snapshot_time_and_its_age() {
    let emu = common::start(10).await;
    let svc = service(&emu);
    let (mut s, id, commands) = restore_dialog(&svc).await;
    assert!(
        snapshot_line(&s).contains("not known yet"),
        "{}",
        snapshot_line(&s)
    );
    answer(&mut s, &svc, commands, &id).await;
    let expected = svc.describe_workspace_snapshots(&id).await.unwrap();
    let at = expected.restore_point().expect("a restore snapshot");
    let line = snapshot_line(&s);
    assert!(
        line.starts_with(&format!("restores to the snapshot of {}", clock_date(at))),
        "{line}"
    );
    assert!(
        line.ends_with("ago); changes since then are lost"),
        "{line}"
    );
}

#[tokio::test]
async fn a_failed_lookup_is_said_with_the_error() {
    let mut cfg = common::quiet_config(10);
    cfg.faults
        .insert("DescribeWorkspaceSnapshots".into(), Fault::AccessDenied);
    let emu = common::start_with(cfg).await;
    let svc = service(&emu);
    let (mut s, id, commands) = restore_dialog(&svc).await;
    answer(&mut s, &svc, commands, &id).await;
    let line = snapshot_line(&s);
    assert!(
        line.starts_with("snapshot time unknown: DescribeWorkspaceSnapshots failed:")
            && line.contains("AccessDenied"),
        "{line}"
    );
}
