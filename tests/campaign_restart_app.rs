//! Issue 26: after a restart, the campaign's outcome list shows every target's outcome so
//! far. A campaign goes through its first wave and its second is answered in part; the
//! record the app saved (`Command::SaveCampaign`, written to the unfinished-jobs journal as
//! the runtime does) is read back and folded with the journal's jobs at the next start, and
//! the outcomes pane of the restarted app lists the bundle and all six WorkSpaces, each with
//! the outcome it had.

use wsfleet::app::state::Overlay;
use wsfleet::app::{update, Command, Msg, State};
use wsfleet::domain::*;
use wsfleet::panes::PaneKind;
use wsfleet::queue::campaign::Campaign;
use wsfleet::queue::{journal, JobId, JobView, QueueEvent};

mod app_fixtures;
mod campaign_fixtures;
use app_fixtures::*;
use campaign_fixtures::*;

/// The last record of the campaign the app asked to save in `commands`.
fn saved(commands: &[Command]) -> Option<Campaign> {
    commands.iter().rev().find_map(|c| match c {
        Command::SaveCampaign(c) => Some((**c).clone()),
        _ => None,
    })
}

/// Each bundle and WorkSpace of the outcomes pane with its outcome, by ID.
fn outcomes(s: &State) -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = s
        .panes
        .outcomes
        .table
        .rows()
        .iter()
        .map(|o| (o.id.clone(), o.outcome.clone()))
        .collect();
    rows.sort();
    rows
}

#[test]
fn after_a_restart_the_campaigns_outcomes_list_every_target_with_its_outcome() {
    let mut s = fleet();
    let mut record = saved(&through_the_first_wave_pausing(&mut s, 60)).expect("saved");
    let key = s.campaigns[0].key.clone();
    // Wave 2 goes; one WorkSpace answers, and wsfleet ends before the other does.
    let c = update(&mut s, Msg::CampaignWake(key.clone())).commands;
    record = saved(&c).unwrap_or(record);
    let spec = spec_of(submits(&c)[0]);
    let ev = |s: &mut State, e| update(s, Msg::Queue(e)).commands;
    ev(
        &mut s,
        QueueEvent::JobQueued(JobView::new(JobId(4), &spec, NOW)),
    );
    let c = ev(
        &mut s,
        QueueEvent::Progress {
            job: JobId(4),
            results: vec![ResourceResult {
                id: spec.targets[0].id.clone(),
                outcome: Outcome::Failed {
                    code: "InvalidResourceState.Workspace".into(),
                    message: "no".into(),
                },
            }],
            calls: 1,
            sent: 1,
        },
    );
    record = saved(&c).unwrap_or(record);
    wsfleet::app::campaign::row::open_outcomes(&mut s, &key);
    let before = outcomes(&s);
    assert_eq!(before.len(), 7, "1 bundle and 6 WorkSpaces: {before:?}");

    // The journal as the runtime writes it, read back at the next start.
    let dir = std::env::temp_dir().join(format!("wsfleet-camp-restart-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let profile = record.profile.clone().unwrap();
    journal::put_campaign(&dir, &profile, &record).unwrap();
    let mut loaded = journal::load_campaigns(&dir, &profile).unwrap();
    let jobs = journal::load(&dir, &profile).unwrap_or_default();
    for c in &mut loaded {
        c.fold_journal(&jobs);
    }
    let _ = std::fs::remove_dir_all(&dir);

    let mut s = fleet();
    update(&mut s, Msg::Campaigns(loaded));
    assert!(matches!(s.overlay, Overlay::Resume));
    app_fixtures::key(&mut s, crossterm::event::KeyCode::Esc);
    keys(&mut s, ":queue\r");
    let at = (0..s.panes.queue.table.view_len())
        .position(|i| s.panes.queue.table.view_row(i).unwrap().key == format!("campaign:{key}"))
        .expect("the campaign's row after the restart");
    keys(&mut s, "g");
    for _ in 0..at {
        keys(&mut s, "j");
    }
    keys(&mut s, "\r");
    assert_eq!(s.active, PaneKind::Outcomes);
    let after = outcomes(&s);
    // Every target, with the outcome it had; the one whose answer never came is unknown
    // (never resent), not pending.
    assert_eq!(after.len(), 7, "{after:?}");
    let unanswered = &spec.targets[1].id;
    for ((id, was), (id2, now)) in before.iter().zip(&after) {
        assert_eq!(id, id2);
        if id == unanswered {
            assert_eq!((was.as_str(), now.as_str()), ("pending", "unknown"), "{id}");
        } else {
            assert_eq!(was, now, "{id}");
        }
    }
    let text = screen(&s, 140, 50);
    assert!(text.contains("Outcomes of campaign golden [1/7]"), "{text}");
}
