//! A campaign's fleet and the steps an administrator goes through, for the app-level
//! campaign tests (`campaign_app`, `campaign_trust_app`): 1 image with an update, 1 bundle,
//! 6 WorkSpaces (user0 connected), driven through `update` with queue events standing in for
//! the queue.

#![allow(dead_code)]

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use wsfleet::app::state::Overlay;
use wsfleet::app::{update, Command, Mode, Msg, Rows, State};
use wsfleet::domain::*;
use wsfleet::queue::{JobId, JobSpec, JobState, JobView, QueueEvent, Target};

use crate::app_fixtures::*;

pub fn keys(s: &mut State, text: &str) -> Vec<Command> {
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

pub fn fleet() -> State {
    utc();
    let mut s = State::new(Mode::Demo, "us-east-1".into(), None, String::new());
    update(&mut s, Msg::Resize(140, 50));
    let img = WorkspaceImage {
        id: "wsi-old000001".into(),
        region: "us-east-1".into(),
        name: "golden".into(),
        state: "AVAILABLE".into(),
        os_type: "WINDOWS".into(),
        update_available: true,
        ..Default::default()
    };
    page(&mut s, Rows::Images(vec![img]));
    let bundle = WorkspaceBundle {
        id: "wsb-abc12345".into(),
        region: "us-east-1".into(),
        name: "std".into(),
        image_id: "wsi-old000001".into(),
        owner: "123456789012".into(),
        state: "AVAILABLE".into(),
        ..Default::default()
    };
    page(&mut s, Rows::Bundles(vec![bundle]));
    let rows: Vec<Workspace> = (0..6)
        .map(|i| {
            ws(
                &format!("ws-{i:09}"),
                &format!("user{i}"),
                "AVAILABLE",
                "d-1",
            )
        })
        .collect();
    page(&mut s, Rows::Workspaces(rows));
    let conns = (0..6)
        .map(|i| {
            let st = if i == 0 { "CONNECTED" } else { "DISCONNECTED" };
            conn(&format!("ws-{i:09}"), st, Some(NOW))
        })
        .collect();
    page(&mut s, Rows::Connections(conns));
    s
}

/// The job a `Command::Submit` of a campaign asks the queue for.
pub fn spec_of(cmd: &Command) -> JobSpec {
    let (spec, _) = (cmd.clone().into_job()).unwrap_or_else(|| panic!("not a submit: {cmd:?}"));
    assert!(spec.campaign.is_some(), "campaign jobs are tagged");
    spec
}

/// What the queue would say for one submitted job: queued, its outcomes, finished.
pub fn run_job(
    s: &mut State,
    id: u64,
    cmd: &Command,
    fail: &[&str],
    result: Option<&str>,
) -> Vec<Command> {
    let spec = spec_of(cmd);
    let targets = &spec.targets;
    let mut out = vec![];
    let mut ev = |s: &mut State, e| out.extend(update(s, Msg::Queue(e)).commands);
    ev(
        s,
        QueueEvent::JobQueued(JobView::new(JobId(id), &spec, NOW)),
    );
    let results = targets
        .iter()
        .map(|t: &Target| ResourceResult {
            id: t.id.clone(),
            outcome: if fail.contains(&t.id.as_str()) {
                Outcome::Failed {
                    code: "InvalidResourceState.Workspace".into(),
                    message: "no".into(),
                }
            } else {
                Outcome::Succeeded {
                    result: result.map(str::to_string),
                }
            },
        })
        .collect();
    ev(
        s,
        QueueEvent::Progress {
            job: JobId(id),
            results,
            calls: 1,
            sent: targets.len(),
        },
    );
    ev(
        s,
        QueueEvent::JobFinished {
            job: JobId(id),
            state: JobState::Done,
            counts: Default::default(),
            at: NOW,
        },
    );
    out
}

pub fn submits(c: &[Command]) -> Vec<&Command> {
    c.iter()
        .filter(|c| matches!(c, Command::Submit { .. }))
        .collect()
}

pub fn wave_ids(c: &Command) -> Vec<String> {
    match c {
        Command::Submit { targets, .. } => targets.iter().map(|t| t.id.clone()).collect(),
        _ => vec![],
    }
}

/// The form, steps 1 (image) and 2 (bundle) and the first wave of 2 of 6 WorkSpaces, as an
/// administrator goes through them; pause 0, stop over 40 %. The commands after wave 1.
pub fn through_the_first_wave(s: &mut State) -> Vec<Command> {
    through_the_first_wave_pausing(s, 0)
}

/// `through_the_first_wave` with a pause of `pause` s between waves.
pub fn through_the_first_wave_pausing(s: &mut State, pause: u64) -> Vec<Command> {
    let c = to_the_first_wave(s, pause);
    let sub = submits(&c);
    assert_eq!(wave_ids(sub[0]), ["ws-000000001", "ws-000000002"]);
    let c = run_job(s, 3, sub[0], &[], None);
    assert!(
        c.iter()
            .any(|c| matches!(c, Command::WakeCampaign { after_secs, .. } if *after_secs == pause)),
        "{c:?}"
    );
    c
}

/// The form and steps 1 and 2, then step 3 confirmed: the commands that send wave 1 (not
/// yet queued).
pub fn to_the_first_wave(s: &mut State, pause: u64) -> Vec<Command> {
    keys(s, ":img\r");
    keys(s, "W");
    let Overlay::Form(_) = &s.overlay else {
        panic!("no form: {:?} {:?}", s.overlay, s.notice)
    };
    // Field 2: the new image's name; 5: wave size 2; 6: the pause; 7: stop over 40 %.
    let Overlay::Form(f) = &mut s.overlay else {
        panic!()
    };
    f.fields[4].1 = tui_input::Input::new("2".into());
    f.fields[5].1 = tui_input::Input::new(pause.to_string());
    f.fields[6].1 = tui_input::Input::new("40".into());
    f.fields[1].1 = tui_input::Input::new("golden-dec".into());
    let c = keys(s, "\r");
    assert!(matches!(c.as_slice(), [Command::SaveCampaign(_)]), "{c:?}");
    // Step 1: create the updated image, confirmed with Tab + Enter.
    let c = keys(s, "\t\r");
    let sub = submits(&c);
    assert_eq!(sub.len(), 1);
    assert!(
        matches!(c[0], Command::SaveCampaign(_)),
        "saved before it is sent"
    );
    let c = run_job(s, 1, sub[0], &[], Some("wsi-new000001"));
    assert!(c.iter().any(
        |c| matches!(c, Command::FollowImage { image_id, .. } if image_id == "wsi-new000001")
    ));
    // The image turns AVAILABLE: step 2's confirmation.
    let img = WorkspaceImage {
        id: "wsi-new000001".into(),
        state: "AVAILABLE".into(),
        ..Default::default()
    };
    let key = s.campaigns[0].key.clone();
    update(
        s,
        Msg::CampaignImage {
            key,
            result: Ok(Some(img)),
        },
    );
    let c = keys(s, "\t\r");
    let sub = submits(&c);
    assert!(
        matches!(sub[0], Command::Submit { action: Action::UpdateBundle { image_id }, .. } if image_id == "wsi-new000001")
    );
    run_job(s, 2, sub[0], &[], None);
    // Step 3: 6 WorkSpaces, destructive, typed; the connected user is named.
    let Overlay::Confirm(conf) = &s.overlay else {
        panic!("{:?}", s.notice)
    };
    assert_eq!(conf.targets.len(), 6);
    assert!(
        conf.affects.iter().any(|a| a.contains("user0")),
        "{:?}",
        conf.affects
    );
    keys(s, "6\r")
}

/// The screen `s` draws on a `w` × `h` terminal, one line per row.
pub fn screen(s: &State, w: u16, h: u16) -> String {
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
    t.draw(|f| wsfleet::ui::draw(f, s)).unwrap();
    let buf = t.backend().buffer().clone();
    (0..h)
        .map(|y| (0..w).map(|x| buf[(x, y)].symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}
