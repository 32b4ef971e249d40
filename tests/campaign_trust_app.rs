//! Issue 24, item 8, driven through `update` like the running app: leaving while a campaign
//! is under way asks (and the campaign stays resumable, even when a wave is being sent).

use wsfleet::app::state::Overlay;
use wsfleet::app::{update, Command, Msg, State};
use wsfleet::domain::*;
use wsfleet::queue::campaign::{Campaign, Step};
use wsfleet::queue::{JobId, JobState, JobView, QueueEvent};

mod app_fixtures;
mod campaign_fixtures;
use app_fixtures::*;
use campaign_fixtures::*;

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
