use super::*;
use crate::queue::journal::{self, UnknownTarget};

fn campaign(n: usize, connected: &[usize], wave_size: usize, connected_last: bool) -> Campaign {
    Campaign {
        key: "c1".into(),
        profile: Some("ops".into()),
        region: "us-east-1".into(),
        old_image: "wsi-old".into(),
        old_image_name: String::new(),
        new_image: Some("wsi-new".into()),
        image_name: String::new(),
        image_description: String::new(),
        step: Step::Roll,
        stopped: None,
        bundles: vec![Member::new(&Target::new("wsb-1", "b"))],
        workspaces: (0..n)
            .map(|i| Member {
                connected: connected.contains(&i),
                bundle_id: "wsb-1".into(),
                ..Member::new(&Target::new(format!("ws-{i}"), format!("user{i}")))
            })
            .collect(),
        plan: Some(WavePlan {
            roll: Roll::Rebuild,
            wave_size,
            pause_secs: 0,
            stop_over_percent: 30,
            connected_last,
            stop_on_connected: false,
        }),
        wave: 0,
        open_jobs: vec![],
        next_wave_at: None,
        awaiting_confirmation: false,
    }
}

fn ids(t: &[Target]) -> Vec<&str> {
    t.iter().map(|t| t.id.as_str()).collect()
}

fn failed() -> Outcome {
    Outcome::Failed {
        code: "InvalidResourceState.Workspace".into(),
        message: "no".into(),
    }
}

#[test]
fn waves_take_the_wave_size_and_leave_connected_users_for_last() {
    let mut c = campaign(6, &[0], 2, true);
    assert_eq!(c.wave_count(), 3);
    assert_eq!(ids(&c.next_wave()), ["ws-1", "ws-2"]);
    assert_eq!(ids(&c.next_wave()), ["ws-3", "ws-4"]);
    assert_eq!(
        ids(&c.next_wave()),
        ["ws-5", "ws-0"],
        "the connected user last"
    );
    assert!(c.next_wave().is_empty());
    assert_eq!(c.wave, 3);
    assert!(c.skipped_connected().is_empty());
}

#[test]
fn connected_users_can_be_skipped_with_an_outcome() {
    let mut c = campaign(4, &[1, 2], 2, false);
    let skipped = c.skipped_connected();
    assert_eq!(
        skipped
            .iter()
            .map(|(t, _)| t.id.as_str())
            .collect::<Vec<_>>(),
        ["ws-1", "ws-2"]
    );
    assert!(skipped[0].1.contains("user connected"));
    assert_eq!(ids(&c.next_wave()), ["ws-0", "ws-3"]);
    assert!(c.next_wave().is_empty());
    assert_eq!(c.counts(), (0, 0, 2, 2));
    // Recorded once: asking again gives nothing more.
    assert!(c.skipped_connected().is_empty());
}

#[test]
fn the_stop_rule_stops_when_more_than_n_percent_of_a_wave_fails() {
    let mut c = campaign(6, &[], 2, true);
    let w = c.next_wave();
    c.record(&w[0].id, &Outcome::succeeded());
    c.record(&w[1].id, &failed());
    // 1 of 2 is 50 % > 30 %.
    let why = c.check_wave().unwrap_err();
    assert_eq!(why, "wave 1: 1 of 2 failed, more than 30%");
    let rest = c.stop(&why);
    assert_eq!(
        rest.len(),
        4 + 1,
        "the 4 WorkSpaces not sent and the bundle not updated"
    );
    assert!(rest[0].1.starts_with("campaign stopped (wave 1"));
    assert_eq!(c.step, Step::Stopped);
    assert!(c.next_wave().is_empty(), "nothing is sent after a stop");
    // Every WorkSpace has exactly one outcome.
    assert!(c.workspaces.iter().all(|m| m.outcome.is_some()));

    let mut lenient = campaign(6, &[], 2, true);
    lenient.plan.as_mut().unwrap().stop_over_percent = 50;
    let w = lenient.next_wave();
    lenient.record(&w[0].id, &failed());
    lenient.record(&w[1].id, &Outcome::succeeded());
    assert!(
        lenient.check_wave().is_ok(),
        "exactly 50 % is not more than 50 %"
    );
}

#[test]
fn an_unknown_outcome_counts_as_a_failure_for_the_stop_rule() {
    let mut c = campaign(2, &[], 2, true);
    let w = c.next_wave();
    c.record(
        &w[0].id,
        &Outcome::Unknown {
            code: "InternalFailure".into(),
            message: "may have".into(),
        },
    );
    c.record(&w[1].id, &Outcome::succeeded());
    assert!(c.check_wave().is_err());
}

fn journaled(not_sent: &[&str], unknown: &[&str], in_flight: &[&str]) -> UnfinishedJob {
    UnfinishedJob {
        key: "k".into(),
        job: 3,
        action: Action::Rebuild,
        name: "rebuild".into(),
        operation: "RebuildWorkspaces".into(),
        profile: Some("ops".into()),
        region: "us-east-1".into(),
        queued_at: 1,
        updated_at: 1,
        state: "interrupted".into(),
        not_sent: not_sent.iter().map(|id| Target::new(*id, "")).collect(),
        in_flight: in_flight.iter().map(|id| Target::new(*id, "")).collect(),
        unknown: unknown
            .iter()
            .map(|id| UnknownTarget {
                id: id.to_string(),
                label: String::new(),
                code: "InternalFailure".into(),
                message: "may or may not have been applied".into(),
            })
            .collect(),
        campaign: Some(CampaignTag {
            key: "c1".into(),
            step: "wave 2 of 3".into(),
        }),
        counts: Default::default(),
        calls: 0,
    }
}

#[test]
fn after_a_restart_never_sent_ones_go_again_and_ambiguous_ones_never_do() {
    let mut c = campaign(6, &[], 3, true);
    let w1 = c.next_wave();
    for t in &w1 {
        c.record(&t.id, &Outcome::succeeded());
    }
    // Wave 2 was sent in part when wsfleet stopped: ws-3 answered (recorded in the journal
    // only as gone from not_sent), ws-4 unknown, ws-5 never sent.
    let w2 = c.next_wave();
    assert_eq!(ids(&w2), ["ws-3", "ws-4", "ws-5"]);
    c.open_jobs = vec![3];
    c.fold_journal(&[journaled(&["ws-5"], &["ws-4"], &[])]);
    assert!(c.open_jobs.is_empty());
    let m = |id: &str| c.workspaces.iter().find(|m| m.id == id).unwrap().clone();
    assert_eq!(m("ws-4").outcome.as_deref(), Some("unknown"));
    assert_eq!(m("ws-3").outcome.as_deref(), Some("unknown"));
    assert!(m("ws-3").detail.contains("not sent again"));
    assert_eq!(m("ws-5").wave, None);
    assert_eq!(m("ws-5").outcome, None);
    // The next wave holds only the never-sent one.
    assert_eq!(ids(&c.next_wave()), ["ws-5"]);
    assert!(c.next_wave().is_empty());
}

#[test]
fn in_flight_calls_are_unknown_after_a_restart() {
    let mut c = campaign(2, &[], 2, true);
    c.next_wave();
    c.fold_journal(&[journaled(&[], &[], &["ws-0"])]);
    let m = &c.workspaces[0];
    assert_eq!(m.outcome.as_deref(), Some("unknown"));
    assert!(m.detail.starts_with("NoAnswerRecorded"));
}

#[test]
fn a_campaign_is_kept_in_the_journal_until_it_is_removed_with_its_jobs() {
    let dir = std::env::temp_dir().join(format!("wsfleet-campaign-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut c = campaign(6, &[0], 2, true);
    journal::put_campaign(&dir, "ops", &c).unwrap();
    c.next_wave();
    journal::put_campaign(&dir, "ops", &c).unwrap();
    let loaded = journal::load_campaigns(&dir, "ops").unwrap();
    assert_eq!(loaded, vec![c.clone()], "replaced, not added");
    journal::put(&dir, "ops", &journaled(&["ws-1"], &[], &[]), None).unwrap();
    let jobs = journal::load(&dir, "ops").unwrap();
    assert_eq!(jobs[0].campaign.as_ref().unwrap().key, "c1");
    journal::remove_campaign(&dir, "ops", "c1").unwrap();
    assert!(journal::load(&dir, "ops").unwrap().is_empty());
    assert!(
        !journal::path(&dir, "ops").exists(),
        "the empty journal is removed"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_summary_says_step_wave_and_counts() {
    let mut c = campaign(6, &[], 2, true);
    let w = c.next_wave();
    c.record(&w[0].id, &Outcome::succeeded());
    c.record(&w[1].id, &failed());
    assert_eq!(
        c.summary(),
        "campaign wsi-old → wsi-new: step 3 of 3: WorkSpaces, wave 1 of 3; 1 ok, 1 failed or \
         unknown, 0 skipped, 4 to go"
    );
    // Named by the images' names once known (issue 26): the ID only keys it.
    c.old_image_name = "golden".into();
    c.image_name = "golden-20261207".into();
    assert!(
        c.summary().starts_with(
            "campaign golden → golden-20261207: step 3 of 3: WorkSpaces, wave 1 of 3;"
        ),
        "{}",
        c.summary()
    );
}

#[test]
fn connected_users_are_rechecked_before_each_wave_and_stop_when_not_allowed() {
    let mut c = campaign(4, &[], 2, true);
    c.plan.as_mut().unwrap().stop_on_connected = true;
    assert!(c.check_connected().is_ok());
    c.next_wave();
    // A user of the next wave connects during the pause: the rule sees it, the sent don't count.
    let later = c
        .workspaces
        .iter()
        .find(|m| m.wave.is_none())
        .unwrap()
        .id
        .clone();
    let sent = c
        .workspaces
        .iter()
        .find(|m| m.wave.is_some())
        .unwrap()
        .id
        .clone();
    c.refresh_connected(|id| id == later || id == sent);
    assert!(c.check_connected().unwrap_err().contains(&later));
    assert!(
        !c.workspaces
            .iter()
            .find(|m| m.id == sent)
            .unwrap()
            .connected
    );
    // Allowed (last): no stop.
    c.plan.as_mut().unwrap().stop_on_connected = false;
    assert!(c.check_connected().is_ok());
}

#[test]
fn a_wave_cancelled_by_quitting_is_put_back_and_goes_again_when_resumed() {
    let mut c = campaign(6, &[], 2, true);
    assert_eq!(ids(&c.next_wave()), ["ws-0", "ws-1"]);
    assert_eq!(ids(&c.next_wave()), ["ws-2", "ws-3"]);
    // Wave 2: ws-2 answered, ws-3 was cancelled unsent on the way out.
    c.record("ws-2", &Outcome::Succeeded { result: None });
    c.put_back("ws-3");
    assert_eq!(c.wave, 2, "ws-2 went out in wave 2");
    assert_eq!(ids(&c.next_wave()), ["ws-3", "ws-4"]);
    // Wave 3 cancelled whole: nothing of it went out, so it is not counted.
    c.put_back("ws-3");
    c.put_back("ws-4");
    assert_eq!(c.wave, 2);
    assert_eq!(c.counts(), (1, 0, 0, 5));
    assert_eq!(ids(&c.next_wave()), ["ws-3", "ws-4"]);
    assert_eq!(c.wave, 3);
}
