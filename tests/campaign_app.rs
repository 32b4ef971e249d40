//! An image update campaign driven through `update` like the running app (issue 17, section
//! 1): form, step confirmations, queue events standing in for the queue, waves of 2 over 6
//! WorkSpaces with one connected user left for last, and the stop rule.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use wsfleet::app::state::Overlay;
use wsfleet::app::{update, Command, Mode, Msg, Rows, State};
use wsfleet::domain::*;
use wsfleet::panes::PaneKind;
use wsfleet::queue::campaign::Step;
use wsfleet::queue::{JobId, JobSpec, JobState, JobView, QueueEvent, Target};

mod app_fixtures;
use app_fixtures::*;

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

fn fleet() -> State {
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

/// What the queue would say for one submitted job: queued, its outcomes, finished.
fn run_job(
    s: &mut State,
    id: u64,
    cmd: &Command,
    fail: &[&str],
    result: Option<&str>,
) -> Vec<Command> {
    let Command::Submit {
        action,
        profile,
        region,
        targets,
        skipped,
        campaign,
        ..
    } = cmd
    else {
        panic!("not a submit: {cmd:?}")
    };
    assert!(campaign.is_some(), "campaign jobs are tagged");
    let spec = JobSpec {
        action: action.clone(),
        profile: Some(profile.clone()),
        region: region.clone(),
        targets: targets.clone(),
        skipped: skipped.clone(),
        campaign: campaign.clone(),
    };
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

fn submits(c: &[Command]) -> Vec<&Command> {
    c.iter()
        .filter(|c| matches!(c, Command::Submit { .. }))
        .collect()
}

fn wave_ids(c: &Command) -> Vec<String> {
    match c {
        Command::Submit { targets, .. } => targets.iter().map(|t| t.id.clone()).collect(),
        _ => vec![],
    }
}

/// The form, steps 1 (image) and 2 (bundle) and the first wave of 2 of 6 WorkSpaces, as an
/// administrator goes through them; pause 0, stop over 40 %. The commands after wave 1.
fn through_the_first_wave(s: &mut State) -> Vec<Command> {
    keys(s, ":img\r");
    keys(s, "W");
    let Overlay::Form(_) = &s.overlay else {
        panic!("no form: {:?} {:?}", s.overlay, s.notice)
    };
    // Field 2: the new image's name; 5: wave size 2; 6: pause 0; 7: stop over 40 %.
    let Overlay::Form(f) = &mut s.overlay else {
        panic!()
    };
    f.fields[4].1 = tui_input::Input::new("2".into());
    f.fields[5].1 = tui_input::Input::new("0".into());
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
    let c = keys(s, "6\r");
    let sub = submits(&c);
    assert_eq!(wave_ids(sub[0]), ["ws-000000001", "ws-000000002"]);
    let c = run_job(s, 3, sub[0], &[], None);
    assert!(c
        .iter()
        .any(|c| matches!(c, Command::WakeCampaign { after_secs: 0, .. })));
    c
}

#[test]
fn a_campaign_goes_image_bundles_then_waves_and_stops_when_a_wave_fails() {
    let mut s = fleet();
    through_the_first_wave(&mut s);
    // Enter on the campaign's row in the queue pane: its bundle and WorkSpaces, each with
    // the outcome it has so far.
    keys(&mut s, ":queue\r");
    let at = (0..s.panes.queue.table.view_len())
        .position(|i| {
            s.panes
                .queue
                .table
                .view_row(i)
                .unwrap()
                .key
                .starts_with("campaign:")
        })
        .expect("the campaign's row");
    for _ in 0..at {
        keys(&mut s, "j");
    }
    keys(&mut s, "\r");
    assert_eq!(s.active, PaneKind::Outcomes);
    let outcome = |s: &State, id: &str| {
        s.panes
            .outcomes
            .table
            .get(id)
            .map(|o| (o.outcome.clone(), o.message.clone()))
    };
    assert_eq!(s.panes.outcomes.table.len(), 7, "1 bundle and 6 WorkSpaces");
    assert_eq!(
        outcome(&s, "ws-000000001"),
        Some(("succeeded".into(), "wave 1".into()))
    );
    assert_eq!(outcome(&s, "ws-000000003").unwrap().0, "pending");
    let key = s.campaigns[0].key.clone();
    let c = update(&mut s, Msg::CampaignWake(key.clone())).commands;
    let sub = submits(&c);
    assert_eq!(wave_ids(sub[0]), ["ws-000000003", "ws-000000004"]);
    // One of two fails: 50 % > 40 %: the campaign stops, the rest recorded as not sent.
    let c = run_job(&mut s, 4, sub[0], &["ws-000000003"], None);
    assert_eq!(s.campaigns[0].step, Step::Stopped);
    let rest = submits(&c);
    let Command::Submit {
        targets, skipped, ..
    } = rest[0]
    else {
        panic!()
    };
    assert!(targets.is_empty(), "nothing more is sent");
    let ids: Vec<&str> = skipped.iter().map(|(t, _)| t.id.as_str()).collect();
    assert_eq!(ids, ["ws-000000000", "ws-000000005"]);
    assert!(c
        .iter()
        .any(|c| matches!(c, Command::RemoveCampaign { .. })));
    // Every WorkSpace has exactly one outcome, and the open outcomes pane followed.
    assert!(s.campaigns[0]
        .workspaces
        .iter()
        .all(|m| m.outcome.is_some()));
    assert_eq!(outcome(&s, "ws-000000003").unwrap().0, "failed");
    assert!(
        (0..6).all(|i| outcome(&s, &format!("ws-00000000{i}")).unwrap().0 != "pending"),
        "{:?}",
        s.panes.outcomes.table.rows()
    );
}

/// Right after start on a busy account the Bundles pane may not have loaded: `W` asks for
/// it, and the form lists the bundles once they arrive (and submits with them).
#[test]
fn with_no_bundles_loaded_the_campaign_reads_them_and_the_form_lists_them_on_arrival() {
    utc();
    let mut s = State::new(Mode::Demo, "us-east-1".into(), None, String::new());
    update(&mut s, Msg::Resize(140, 50));
    page(
        &mut s,
        Rows::Images(vec![WorkspaceImage {
            id: "wsi-old000001".into(),
            region: "us-east-1".into(),
            name: "golden".into(),
            state: "AVAILABLE".into(),
            update_available: true,
            ..Default::default()
        }]),
    );
    keys(&mut s, ":img\r");
    let commands = keys(&mut s, "W");
    assert!(
        commands.iter().any(|c| matches!(
            c,
            Command::RefreshPane { pane: wsfleet::panes::PaneKind::Bundles, region } if region == "us-east-1"
        )),
        "{commands:?}"
    );
    let screen = |s: &State| {
        let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(140, 50)).unwrap();
        t.draw(|f| wsfleet::ui::draw(f, s)).unwrap();
        let buf = t.backend().buffer().clone();
        (0..50)
            .map(|y| (0..140).map(|x| buf[(x, y)].symbol()).collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(screen(&s).contains("none loaded yet"), "{}", screen(&s));
    page(
        &mut s,
        Rows::Bundles(vec![WorkspaceBundle {
            id: "wsb-abc12345".into(),
            region: "us-east-1".into(),
            image_id: "wsi-old000001".into(),
            owner: "123456789012".into(),
            state: "AVAILABLE".into(),
            ..Default::default()
        }]),
    );
    assert!(
        screen(&s).contains("Bundles built from it: wsb-abc12345"),
        "{}",
        screen(&s)
    );
}

/// Quit inside the pause after a wave and start again: confirming the campaign again before
/// the pause is over sends nothing; the next wave goes when the pause ends.
#[test]
fn a_campaign_confirmed_again_inside_its_pause_waits_for_the_pause_to_end() {
    let mut first = fleet();
    through_the_first_wave(&mut first);
    // What the journal keeps: wave 1 done, the pause running for 20 s more.
    let mut s = fleet();
    let mut c = first.campaigns[0].clone();
    c.next_wave_at = Some(s.now + 20);
    c.open_jobs.clear();
    let key = c.key.clone();
    update(&mut s, Msg::Campaigns(vec![c]));
    let cmds = keys(&mut s, "r");
    assert!(submits(&cmds).is_empty(), "{cmds:?}");
    let Overlay::Confirm(conf) = &s.overlay else {
        panic!("no confirmation: {:?} {:?}", s.overlay, s.notice)
    };
    assert_eq!(conf.targets.len(), 4, "the 4 never sent");
    let cmds = keys(&mut s, "4\r");
    assert!(
        submits(&cmds).is_empty(),
        "nothing is sent inside the pause: {cmds:?}"
    );
    assert!(
        cmds.iter()
            .any(|c| matches!(c, Command::WakeCampaign { after_secs: 20, .. })),
        "{cmds:?}"
    );
    let notice = s.notice.clone().unwrap_or_default();
    assert!(
        notice.contains("pause between waves ends in 20 s"),
        "{notice}"
    );
    // The pause ends: wave 2.
    let cmds = update(&mut s, Msg::CampaignWake(key)).commands;
    let sub = submits(&cmds);
    assert_eq!(wave_ids(sub[0]), ["ws-000000003", "ws-000000004"]);
}
