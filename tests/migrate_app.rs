//! Issue 27, Migrate (`ctrl-g` on WorkSpaces) driven through `update` like the running app:
//! the bundle is picked from the Region's AVAILABLE bundles (another Region's, a PENDING one
//! and a Linux one are not offered), WorkSpaces of another platform or in a state
//! MigrateWorkspace refuses are skipped with the reason, the confirmation says what is kept
//! and rebuilt and is typed even for one WorkSpace, `--read-only` sends nothing, and the new
//! WorkSpace IDs the outcomes carry are read at once.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use wsfleet::app::state::Overlay;
use wsfleet::app::{update, Command, Mode, Msg, Rows, State};
use wsfleet::domain::*;
use wsfleet::queue::{JobId, JobSpec, JobView, QueueEvent};

mod app_fixtures;
use app_fixtures::*;

fn image(id: &str, name: &str, os: &str, tenancy: &str) -> WorkspaceImage {
    WorkspaceImage {
        id: id.into(),
        region: "us-east-1".into(),
        name: name.into(),
        state: "AVAILABLE".into(),
        os_type: os.into(),
        required_tenancy: tenancy.into(),
        ..Default::default()
    }
}

fn bundle(id: &str, name: &str, image: &str, state: &str) -> WorkspaceBundle {
    WorkspaceBundle {
        id: id.into(),
        region: "us-east-1".into(),
        name: name.into(),
        image_id: image.into(),
        compute_type: "PERFORMANCE".into(),
        owner: "123456789012".into(),
        state: state.into(),
        ..Default::default()
    }
}

/// WorkSpaces on a Windows bundle (one STOPPED, one REBOOTING) and one on a BYOL bundle;
/// bundles of every kind to choose from.
fn fleet() -> State {
    utc();
    let mut s = State::new(Mode::Demo, "us-east-1".into(), None, String::new());
    s.fixed_now = Some(NOW);
    s.now = NOW;
    update(&mut s, Msg::Resize(80, 24));
    page(
        &mut s,
        Rows::Images(vec![
            image("wsi-win000001", "golden", "WINDOWS", ""),
            image("wsi-win000002", "golden-2", "WINDOWS", "DEFAULT"),
            image("wsi-lnx000001", "ubuntu", "LINUX", ""),
            image("wsi-byl000001", "byol", "WINDOWS", "DEDICATED"),
        ]),
    );
    let mut other_region = bundle("wsb-west0001", "west", "wsi-win000002", "AVAILABLE");
    other_region.region = "us-west-2".into();
    page(
        &mut s,
        Rows::Bundles(vec![
            bundle("wsb-abc12345", "std", "wsi-win000001", "AVAILABLE"),
            bundle("wsb-new00001", "power-v2", "wsi-win000002", "AVAILABLE"),
            bundle("wsb-pnd00001", "building", "wsi-win000002", "PENDING"),
            bundle("wsb-lnx00001", "linux", "wsi-lnx000001", "AVAILABLE"),
            bundle("wsb-byl00001", "byol", "wsi-byl000001", "AVAILABLE"),
            other_region,
        ]),
    );
    let mut rows = vec![
        ws("ws-000000001", "ann", "AVAILABLE", "d-1"),
        ws("ws-000000002", "bob", "STOPPED", "d-1"),
        ws("ws-000000003", "cid", "REBOOTING", "d-1"),
        ws("ws-000000004", "dee", "AVAILABLE", "d-1"),
    ];
    rows[3].bundle_id = "wsb-byl00001".into();
    page(&mut s, Rows::Workspaces(rows));
    s
}

fn keys(s: &mut State, text: &str) -> Vec<Command> {
    let mut out = vec![];
    for c in text.chars() {
        let code = match c {
            '\r' => KeyCode::Enter,
            '\t' => KeyCode::Tab,
            c => KeyCode::Char(c),
        };
        out.extend(update(s, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))).commands);
    }
    out
}

fn ctrl_g(s: &mut State) -> Vec<Command> {
    let k = KeyEvent::new(KeyCode::Char('g'), KeyModifiers::CONTROL);
    update(s, Msg::Key(k)).commands
}

fn down(s: &mut State) {
    update(
        s,
        Msg::Key(KeyEvent::new(KeyCode::Down, KeyModifiers::NONE)),
    );
}

fn screen(s: &State, w: u16, h: u16) -> String {
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
    t.draw(|f| wsfleet::ui::draw(f, s)).unwrap();
    let buf = t.backend().buffer().clone();
    (0..h)
        .map(|y| {
            (0..w)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The form's offered bundle IDs, in order.
fn offered(s: &State) -> Vec<String> {
    let Overlay::Form(f) = &s.overlay else {
        panic!("no form: {:?} {:?}", s.overlay, s.notice)
    };
    f.pick(0)
        .unwrap()
        .items()
        .iter()
        .map(|i| i.value.clone())
        .collect()
}

#[test]
fn the_pick_list_offers_the_regions_available_windows_bundles_and_chooses_none() {
    let mut s = fleet();
    assert!(ctrl_g(&mut s).is_empty());
    // Sorted by name: byol, power-v2, std. Not the PENDING one, the Linux one (migration
    // is for Windows WorkSpaces), nor another Region's.
    assert_eq!(
        offered(&s),
        ["wsb-byl00001", "wsb-new00001", "wsb-abc12345"]
    );
    let Overlay::Form(f) = &s.overlay else {
        panic!()
    };
    assert_eq!(f.fields[0].1.value(), "", "nothing chosen by a guess");
    let text = screen(&s, 80, 24);
    assert!(
        text.contains("WINDOWS DEDICATED"),
        "platforms shown:\n{text}"
    );
    // Enter with nothing picked: the rule, nothing sent.
    assert!(keys(&mut s, "\r").is_empty());
    let Overlay::Form(f) = &s.overlay else {
        panic!("the form closed")
    };
    assert_eq!(
        f.error.as_deref(),
        Some("pick a bundle (↑ ↓, or type to narrow)")
    );
    // Typing narrows: "power" leaves one, chosen.
    keys(&mut s, "power");
    let Overlay::Form(f) = &s.overlay else {
        panic!()
    };
    assert_eq!(f.fields[0].1.value(), "wsb-new00001");
}

#[test]
fn one_workspace_must_still_type_and_the_confirmation_says_what_is_kept() {
    let mut s = fleet();
    ctrl_g(&mut s);
    keys(&mut s, "power\r");
    let Overlay::Confirm(c) = &s.overlay else {
        panic!("no confirmation: {:?} {:?}", s.overlay, s.notice)
    };
    assert_eq!(
        c.action,
        Action::Migrate {
            bundle_id: "wsb-new00001".into()
        }
    );
    assert_eq!(c.targets.len(), 1);
    assert_eq!(c.expected.as_deref(), Some("migrate"), "typed for one");
    let text = screen(&s, 80, 24);
    for said in [
        "keeps the user volume (D:, /home)",
        "rebuilds the root volume (C:)",
        "gets a new ID",
        "Type migrate and press Enter",
    ] {
        assert!(text.contains(said), "{said}:\n{text}");
    }
    // Enter alone does not confirm.
    assert!(keys(&mut s, "\r").is_empty());
    let c = keys(&mut s, "migrate\r");
    let [Command::Submit {
        action, targets, ..
    }] = c.as_slice()
    else {
        panic!("{c:?}")
    };
    assert!(matches!(action, Action::Migrate { .. }));
    assert_eq!(targets[0].id, "ws-000000001");
}

#[test]
fn other_platforms_and_states_migrate_refuses_are_skipped_with_reasons() {
    let mut s = fleet();
    keys(&mut s, "*");
    ctrl_g(&mut s);
    keys(&mut s, "power\r");
    let Overlay::Confirm(c) = &s.overlay else {
        panic!("no confirmation: {:?} {:?}", s.overlay, s.notice)
    };
    let sent: Vec<&str> = c.targets.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        sent,
        ["ws-000000001", "ws-000000002"],
        "AVAILABLE and STOPPED"
    );
    let why = |id: &str| {
        c.skipped
            .iter()
            .find(|(t, _)| t.id == id)
            .map(|(_, w)| w.clone())
            .unwrap_or_default()
    };
    assert!(
        why("ws-000000003")
            .contains("REBOOTING: migrate to wsb-new00001 needs AVAILABLE or STOPPED"),
        "{:?}",
        c.skipped
    );
    assert!(
        why("ws-000000004")
            .contains("WINDOWS DEDICATED: a WINDOWS DEFAULT bundle is another platform"),
        "{:?}",
        c.skipped
    );
    assert_eq!(c.expected.as_deref(), Some("2"), "the count typed");
}

#[test]
fn read_only_says_so_and_opens_nothing() {
    let mut s = fleet();
    s.read_only = true;
    assert!(ctrl_g(&mut s).is_empty());
    assert!(matches!(s.overlay, Overlay::None), "{:?}", s.overlay);
    assert!(s.notice.as_deref().unwrap_or("").contains("read-only"));
}

#[test]
fn the_new_workspace_ids_are_read_at_once_and_the_new_row_appears() {
    let mut s = fleet();
    ctrl_g(&mut s);
    keys(&mut s, "power\r");
    let c = keys(&mut s, "migrate\r");
    let Some(Command::Submit {
        action,
        profile,
        region,
        targets,
        ..
    }) = c.first()
    else {
        panic!("{c:?}")
    };
    let spec = JobSpec {
        action: action.clone(),
        profile: Some(profile.clone()),
        region: region.clone(),
        targets: targets.clone(),
        skipped: vec![],
        campaign: None,
    };
    let view = JobView::new(JobId(7), &spec, NOW);
    update(&mut s, Msg::Queue(QueueEvent::JobQueued(view)));
    let results = vec![ResourceResult {
        id: "ws-000000001".into(),
        outcome: Outcome::Succeeded {
            result: Some("ws-0000000n1".into()),
        },
    }];
    let out = update(
        &mut s,
        Msg::Queue(QueueEvent::Progress {
            job: JobId(7),
            results,
            calls: 1,
            sent: 1,
        }),
    );
    assert!(
        out.commands.iter().any(|c| matches!(c,
            Command::Reread { region, ids } if region == "us-east-1" && ids == &["ws-0000000n1".to_string()])),
        "{:?}",
        out.commands
    );
    assert!(s
        .notice
        .as_deref()
        .unwrap_or("")
        .contains("ws-000000001 → ws-0000000n1"));
    let me = s.context_name();
    // The re-read: the new row PENDING, the old one UPDATING; later AVAILABLE, and gone.
    let mut new = ws("ws-0000000n1", "ann", "PENDING", "d-1");
    new.bundle_id = "wsb-new00001".into();
    let old = ws("ws-000000001", "ann", "UPDATING", "d-1");
    update(
        &mut s,
        Msg::WorkspacesRead {
            profile: me.clone(),
            items: vec![new.clone(), old],
            gone: vec![],
        },
    );
    assert!(s.panes.workspaces.table.get("ws-0000000n1").is_some());
    new.state = WorkspaceState::Available;
    update(
        &mut s,
        Msg::WorkspacesRead {
            profile: me.clone(),
            items: vec![new],
            gone: vec!["ws-000000001".into()],
        },
    );
    let w = s.panes.workspaces.table.get("ws-0000000n1").unwrap();
    assert_eq!(w.state, WorkspaceState::Available);
    assert!(
        s.panes.workspaces.table.get("ws-000000001").is_none(),
        "the old row went"
    );
}

#[test]
fn the_migrate_form_and_confirmation_at_80x24() {
    let mut s = fleet();
    s.panes.workspaces.refresh.last_ok = Some(NOW);
    keys(&mut s, "*");
    ctrl_g(&mut s);
    down(&mut s);
    down(&mut s);
    insta::assert_snapshot!("migrate_form_80x24", screen(&s, 80, 24));
    keys(&mut s, "\r");
    assert!(matches!(s.overlay, Overlay::Confirm(_)), "{:?}", s.notice);
    insta::assert_snapshot!("migrate_confirm_80x24", screen(&s, 80, 24));
}
