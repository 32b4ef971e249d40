//! Issue 24, item 8, driven through `update` like the running app: leaving while a campaign
//! is under way asks (and the campaign stays resumable, even when a wave is being sent);
//! after a restart the campaign key on the image reopens the campaign's pending step and
//! never starts a second campaign, and the queue pane names that key; the campaign's WHY is
//! readable whole.

use crossterm::event::KeyCode;
use std::collections::BTreeMap;
use wsfleet::app::state::Overlay;
use wsfleet::app::{update, Command, Msg, State};
use wsfleet::domain::*;
use wsfleet::queue::campaign::{Campaign, Step};
use wsfleet::queue::{JobId, JobState, JobView, QueueEvent};

mod app_fixtures;
mod campaign_fixtures;
use app_fixtures::*;
use campaign_fixtures::*;

fn esc(s: &mut State) {
    app_fixtures::key(s, KeyCode::Esc);
}

fn no_removal(c: &[Command]) -> bool {
    !c.iter()
        .any(|c| matches!(c, Command::RemoveCampaign { .. }))
}

#[test]
fn q_in_the_pause_between_waves_asks_and_the_campaign_stays_resumable() {
    let mut s = fleet();
    through_the_first_wave_pausing(&mut s, 60);
    assert_eq!(s.campaigns[0].next_wave_at, Some(s.now + 60));
    // No job runs: only the campaign's timer is left.
    keys(&mut s, "q");
    assert!(!s.quit, "quit without asking");
    assert!(matches!(s.overlay, Overlay::Quit), "{:?}", s.overlay);
    let text = screen(&s, 140, 50);
    assert!(text.contains("A campaign is under way"), "{text}");
    assert!(text.contains("next wave in 60 s"), "{text}");
    assert!(text.contains("The campaign stays resumable"), "{text}");
    // On a small terminal too, wrapped.
    let small = screen(&s, 80, 24);
    assert!(small.contains("resumable"), "{small}");
    // n stays, and the campaign goes on.
    keys(&mut s, "n");
    assert!(matches!(s.overlay, Overlay::None));
    assert!(!s.quit);
    let key = s.campaigns[0].key.clone();
    let c = update(&mut s, Msg::CampaignWake(key.clone())).commands;
    let sub = submits(&c);
    assert_eq!(wave_ids(sub[0]), ["ws-000000003", "ws-000000004"]);
    run_job(&mut s, 4, sub[0], &[], None);
    // In the next pause: q, then y leaves at once (nothing is in flight); the record stays.
    keys(&mut s, "q");
    let c = keys(&mut s, "y");
    assert!(s.quit);
    assert!(no_removal(&c), "{c:?}");
    assert!(submits(&c).is_empty(), "{c:?}");
    // The pause's timer firing on the way out sends nothing.
    let c = update(&mut s, Msg::CampaignWake(key)).commands;
    assert!(submits(&c).is_empty(), "{c:?}");
    let camp = &s.campaigns[0];
    assert_eq!((camp.step, camp.wave), (Step::Roll, 2));
    assert!(camp.stopped.is_none());
}

#[test]
fn quitting_while_a_wave_is_sent_puts_its_unsent_back_and_keeps_the_campaign() {
    let mut s = fleet();
    let c = to_the_first_wave(&mut s, 60);
    let spec = spec_of(submits(&c)[0]);
    let ev = |s: &mut State, e| update(s, Msg::Queue(e)).commands;
    ev(
        &mut s,
        QueueEvent::JobQueued(JobView::new(JobId(3), &spec, NOW)),
    );
    let answered = |id: &str, outcome| ResourceResult {
        id: id.into(),
        outcome,
    };
    ev(
        &mut s,
        QueueEvent::Progress {
            job: JobId(3),
            results: vec![answered(
                "ws-000000001",
                Outcome::Succeeded { result: None },
            )],
            calls: 1,
            sent: 1,
        },
    );
    keys(&mut s, "q");
    let text = screen(&s, 140, 50);
    assert!(text.contains("Jobs are still running"), "{text}");
    assert!(text.contains("The campaign stays resumable"), "{text}");
    let c = keys(&mut s, "y");
    assert!(c.contains(&Command::CancelJob(3)), "{c:?}");
    // The queue cancels what it had not sent, and the job ends.
    let mut c = ev(
        &mut s,
        QueueEvent::Progress {
            job: JobId(3),
            results: vec![answered(
                "ws-000000002",
                Outcome::cancelled("cancelled by user"),
            )],
            calls: 0,
            sent: 0,
        },
    );
    c.extend(ev(
        &mut s,
        QueueEvent::JobFinished {
            job: JobId(3),
            state: JobState::Cancelled,
            counts: Default::default(),
            at: NOW,
        },
    ));
    assert!(s.quit);
    assert!(no_removal(&c), "the campaign leaves the journal: {c:?}");
    let saved: Vec<&Campaign> = c
        .iter()
        .filter_map(|c| match c {
            Command::SaveCampaign(c) => Some(&**c),
            _ => None,
        })
        .collect();
    let last = saved.last().expect("the record is saved");
    assert_eq!(
        (last.step, last.wave, last.stopped.clone()),
        (Step::Roll, 1, None)
    );
    let member = |id: &str| last.workspaces.iter().find(|m| m.id == id).unwrap();
    assert_eq!(member("ws-000000001").outcome.as_deref(), Some("succeeded"));
    let put_back = member("ws-000000002");
    assert_eq!((put_back.wave, put_back.outcome.clone()), (None, None));
}

/// What the journal gives the next start: wave 1 done, nothing running.
fn restarted() -> (State, String) {
    restarted_with(|_| {})
}

/// `restarted`, the new session set up by `setup` first (as its config would).
fn restarted_with(setup: impl FnOnce(&mut State)) -> (State, String) {
    let mut first = fleet();
    through_the_first_wave(&mut first);
    let mut s = fleet();
    setup(&mut s);
    let mut c = first.campaigns[0].clone();
    c.open_jobs.clear();
    c.next_wave_at = None;
    let key = c.key.clone();
    update(&mut s, Msg::Campaigns(vec![c]));
    (s, key)
}

fn campaign_why(s: &State, key: &str) -> String {
    s.panes
        .queue
        .table
        .get(&format!("campaign:{key}"))
        .map(|r| r.reason.clone())
        .unwrap_or_default()
}

#[test]
fn after_a_restart_w_on_the_image_reopens_the_campaign_and_never_starts_a_second() {
    let (mut s, key) = restarted();
    assert!(matches!(s.overlay, Overlay::Resume));
    // Not now: the dialog says how to come back to it.
    assert!(
        screen(&s, 140, 50).contains("Esc: later (W on image golden reopens it"),
        "{}",
        screen(&s, 140, 50)
    );
    esc(&mut s);
    assert!(matches!(s.overlay, Overlay::None));
    keys(&mut s, ":queue\r");
    let why = campaign_why(&s, &key);
    assert_eq!(why, "step 3 of 3, wave 1 of 3: W on its image confirms");
    // Whole in its row at 200 columns.
    update(&mut s, Msg::Resize(200, 50));
    let text = screen(&s, 200, 50);
    assert!(text.contains(&why), "cut:\n{text}");
    keys(&mut s, ":img\r");
    for _ in 0..2 {
        keys(&mut s, "W");
        let Overlay::Confirm(conf) = &s.overlay else {
            panic!("not the campaign's step: {:?} {:?}", s.overlay, s.notice)
        };
        assert_eq!(conf.campaign.as_ref().map(|t| t.key.as_str()), Some(&*key));
        assert_eq!(conf.targets.len(), 4, "the 4 never sent");
        // Esc on the confirmation: W opens it again.
        esc(&mut s);
    }
    assert_eq!(s.campaigns.len(), 1, "a second campaign");
    // Confirmed: wave 2 goes, and the row no longer waits.
    keys(&mut s, "W");
    let c = keys(&mut s, "4\r");
    assert_eq!(
        wave_ids(submits(&c).last().unwrap()),
        ["ws-000000003", "ws-000000004"]
    );
    assert!(!campaign_why(&s, &key).contains("confirms"));
}

#[test]
fn the_hint_names_the_key_the_keymap_binds_to_the_campaign() {
    let bindings = BTreeMap::from([("ctrl-u".to_string(), "campaign".to_string())]);
    let (mut s, key) = restarted_with(|s| {
        s.keymap = wsfleet::config::Keymap::with_bindings(&bindings).unwrap();
    });
    esc(&mut s);
    assert!(
        s.notice
            .as_deref()
            .unwrap_or("")
            .contains("^u on image golden"),
        "{:?}",
        s.notice
    );
    keys(&mut s, ":queue\r");
    let why = campaign_why(&s, &key);
    assert!(why.contains("^u on its image confirms"), "{why}");
}

#[test]
fn a_campaign_following_its_image_at_the_restart_is_followed_again_by_w() {
    let (mut s, _) = restarted();
    let mut c = s.campaigns.remove(0);
    s.campaign_offers.clear();
    c.step = Step::WaitImage;
    c.wave = 0;
    c.workspaces.clear();
    update(&mut s, Msg::Campaigns(vec![c]));
    esc(&mut s);
    keys(&mut s, ":img\r");
    let c = keys(&mut s, "W");
    assert!(
        c.iter().any(|c| matches!(
            c,
            Command::FollowImage { image_id, .. } if image_id == "wsi-new000001"
        )),
        "{c:?} {:?} {:?}",
        s.overlay,
        s.notice
    );
    // Once is enough: W again only says where it is.
    let c = keys(&mut s, "W");
    assert!(c.is_empty(), "{c:?}");
    assert!(matches!(s.overlay, Overlay::None));
}

#[test]
fn a_stopped_campaign_does_not_keep_a_new_one_off_its_image() {
    let mut s = fleet();
    through_the_first_wave(&mut s);
    let key = s.campaigns[0].key.clone();
    let c = update(&mut s, Msg::CampaignWake(key)).commands;
    // 2 of 2 fail: over 40 %, the campaign stops.
    run_job(
        &mut s,
        4,
        submits(&c)[0],
        &["ws-000000003", "ws-000000004"],
        None,
    );
    assert_eq!(s.campaigns[0].step, Step::Stopped);
    keys(&mut s, ":img\rW");
    assert!(
        matches!(s.overlay, Overlay::Form(_)),
        "{:?} {:?}",
        s.overlay,
        s.notice
    );
}

/// The queue pane at `w` × `h` with the cursor on the campaign's row.
fn on_the_campaign_row(s: &mut State, key: &str, w: u16, h: u16) {
    update(s, Msg::Resize(w, h));
    keys(s, ":queue\r");
    let row = format!("campaign:{key}");
    let at = (0..s.panes.queue.table.view_len())
        .position(|i| s.panes.queue.table.view_row(i).unwrap().key == row)
        .expect("the campaign's row");
    keys(s, "g");
    for _ in 0..at {
        keys(s, "j");
    }
}

#[test]
fn between_waves_the_campaigns_why_shows_whole_in_its_row_at_200_columns() {
    let mut s = fleet();
    through_the_first_wave_pausing(&mut s, 60);
    let key = s.campaigns[0].key.clone();
    on_the_campaign_row(&mut s, &key, 200, 50);
    let why = campaign_why(&s, &key);
    assert!(
        why.starts_with("step 3 of 3, wave 1 of 3: next wave at "),
        "{why}"
    );
    let text = screen(&s, 200, 50);
    assert!(text.contains(&why), "cut:\n{text}");
    // Nothing else in the pane is cut for it either (the campaign's jobs' ACTION).
    assert!(!text.contains('…'), "cut:\n{text}");
}

/// Words of `text` inside its box borders, in reading order (wrapped lines joined).
fn words(text: &str) -> String {
    text.lines()
        .map(|l| l.trim_matches(|c: char| c == '│' || c.is_whitespace()))
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_long_why_is_whole_in_the_rows_detail_at_200_and_at_80_columns() {
    let mut s = fleet();
    keys(&mut s, ":img\rW");
    let Overlay::Form(f) = &mut s.overlay else {
        panic!("no form: {:?}", s.notice)
    };
    f.fields[1].1 = tui_input::Input::new("golden-dec".into());
    keys(&mut s, "\r");
    let c = keys(&mut s, "\t\r");
    run_job(&mut s, 1, submits(&c)[0], &[], Some("wsi-new000001"));
    // The new image fails, with the service's long message.
    let message = "The image could not be created because the WorkSpace it was made from \
                   did not answer the service's agent in time; try again later";
    let img = WorkspaceImage {
        id: "wsi-new000001".into(),
        state: "ERROR".into(),
        error_code: "InternalServiceError".into(),
        error_message: message.into(),
        ..Default::default()
    };
    let key = s.campaigns[0].key.clone();
    update(
        &mut s,
        Msg::CampaignImage {
            key: key.clone(),
            result: Ok(Some(img)),
        },
    );
    let why = campaign_why(&s, &key);
    assert!(
        why.starts_with("stopped: ") && why.contains(message),
        "{why}"
    );
    for (w, h) in [(200, 50), (80, 24)] {
        on_the_campaign_row(&mut s, &key, w, h);
        let c = keys(&mut s, "d");
        assert!(c.is_empty(), "a job or campaign has no tags to read: {c:?}");
        let text = screen(&s, w, h);
        assert!(
            words(&text).contains(&words(&why)),
            "{w}x{h}: not whole:\n{text}"
        );
        esc(&mut s);
    }
}
