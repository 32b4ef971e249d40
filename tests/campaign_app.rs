//! An image update campaign driven through `update` like the running app (issue 17, section
//! 1): form, step confirmations, queue events standing in for the queue, waves of 2 over 6
//! WorkSpaces with one connected user left for last, and the stop rule.

use wsfleet::app::state::Overlay;
use wsfleet::app::{update, Command, Mode, Msg, Rows, State};
use wsfleet::domain::*;
use wsfleet::panes::PaneKind;
use wsfleet::queue::campaign::Step;

mod app_fixtures;
mod campaign_fixtures;
use app_fixtures::*;
use campaign_fixtures::*;

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
        screen(&s).contains("wsb-abc12345: 0 WorkSpaces"),
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
