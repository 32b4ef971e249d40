//! Image update campaigns in the app (`queue::campaign` holds the record and its rules): the
//! form (`campaign_form`), one confirmation per step (`campaign_confirm`), the queue events
//! that move a campaign on, and the commands that persist it, follow its image and wake it
//! after a wave's pause.
//!
//! Every call is an ordinary queue job tagged with the campaign (`Command::Submit`'s
//! `campaign`), so it is audited before it is sent and journaled like any job. The record is
//! saved (`Command::SaveCampaign`) before each step's job is submitted and after each answer.

use super::confirm::reopen;
pub use super::form::{begin, offer_again, on_form};
use crate::app::model::dialog::Confirm;
use crate::app::msg::Command;
use crate::app::state::{Overlay, State};
use crate::domain::{Action, Outcome, ResourceResult, ServiceError, WorkspaceImage};
use crate::queue::campaign::{Campaign, Member, Step};
use crate::queue::{JobState, QueueEvent, Target};

/// A campaign step was confirmed: save the record, then submit the step's first job.
pub fn on_confirmed(state: &mut State, confirm: Confirm) -> Vec<Command> {
    let commands = confirmed(state, confirm);
    // Not waiting any more: its row says so now, not at the next queue event (inside a
    // pause between waves there is none until the pause ends).
    super::row::show(state);
    commands
}

fn confirmed(state: &mut State, confirm: Confirm) -> Vec<Command> {
    let Some(tag) = &confirm.campaign else {
        return vec![];
    };
    let Some(i) = state.campaigns.iter().position(|c| c.key == tag.key) else {
        return vec![];
    };
    let c = &mut state.campaigns[i];
    c.awaiting_confirmation = false;
    let mut submits = vec![];
    match c.step {
        Step::CreateImage | Step::Bundles => {
            submits.push((confirm.action.clone(), confirm.targets, confirm.skipped))
        }
        Step::Roll => {
            // Confirmed again after a restart inside the pause between waves: the pause the
            // campaign was planned with still holds; the wave (checked again then, as any
            // wave is) goes when it ends, and nothing of this confirmation is sent.
            let pause_left = c.next_wave_at.map_or(0, |at| at - state.now);
            if pause_left > 0 {
                let (key, summary) = (c.key.clone(), c.summary());
                state.notice = Some(format!(
                    "{summary}; the pause between waves ends in {pause_left} s: the next wave goes then"
                ));
                let mut commands = save(state, i);
                commands.push(Command::WakeCampaign {
                    key,
                    after_secs: pause_left as u64,
                });
                return commands;
            }
            let action = confirm.action.clone();
            // Skipped by precheck now: recorded, and sent to the queue as skipped.
            let mut skipped = confirm.skipped;
            for (t, why) in &skipped {
                c.record(
                    &t.id,
                    &Outcome::Skipped {
                        reason: why.clone(),
                    },
                );
            }
            refresh_connected(c, &state.joined.connections);
            if let Err(why) = c.check_connected() {
                let mut commands = save(state, i);
                commands.extend(stop(state, i, why));
                return commands;
            }
            skipped.extend(c.skipped_connected());
            if !skipped.is_empty() {
                submits.push((action.clone(), vec![], skipped));
            }
            let wave = c.next_wave();
            submits.push((action, wave, vec![]));
        }
        _ => {}
    }
    state.notice = Some(state.campaigns[i].summary());
    let mut commands = save(state, i);
    commands.extend(
        submits
            .into_iter()
            .map(|(a, t, s)| submit(&state.campaigns[i], a, t, s)),
    );
    commands
}

fn submit(
    c: &Campaign,
    action: Action,
    targets: Vec<Target>,
    skipped: Vec<(Target, String)>,
) -> Command {
    // The job's action names what the step does ("rebuild [campaign step 3 of 3, wave 1 of
    // 8]"); the campaign's own row names the campaign.
    let step = match c.step {
        Step::Roll if !targets.is_empty() => format!(
            "{}, wave {} of {}",
            c.step.short_label(),
            c.wave,
            c.wave_count()
        ),
        Step::Roll => format!("{}, not sent", c.step.short_label()),
        s => s.short_label().to_string(),
    };
    Command::Submit {
        resumes: None,
        action,
        profile: c.profile.clone().unwrap_or_default(),
        region: c.region.clone(),
        targets,
        skipped,
        campaign: Some(c.tag(step)),
    }
}

pub fn save(state: &State, i: usize) -> Vec<Command> {
    vec![Command::SaveCampaign(Box::new(state.campaigns[i].clone()))]
}

/// A queue event: campaign jobs move their campaign on.
pub fn on_event(state: &mut State, event: &QueueEvent) -> Vec<Command> {
    match event {
        QueueEvent::JobQueued(view) => {
            if let Some(tag) = &view.campaign {
                if let Some(c) = state.campaigns.iter_mut().find(|c| c.key == tag.key) {
                    c.open_jobs.push(view.id.0);
                }
            }
            vec![]
        }
        QueueEvent::Progress { job, results, .. } => on_progress(state, job.0, results),
        QueueEvent::JobFinished { job, state: js, .. } => {
            let Some(i) = of_job(state, job.0) else {
                return vec![];
            };
            let c = &mut state.campaigns[i];
            c.open_jobs.retain(|j| *j != job.0);
            if *js == JobState::Interrupted || !c.open_jobs.is_empty() {
                // On the way out: the journal keeps the job and the campaign.
                return vec![];
            }
            if *js == JobState::Cancelled && state.quitting {
                // Cancelled because wsfleet is quitting (`q`, `y`), not by the administrator:
                // the campaign stays where it is, its unsent put back, for the next start.
                return save(state, i);
            }
            if *js == JobState::Cancelled {
                return stop(state, i, "cancelled by user".into());
            }
            advance(state, i)
        }
        _ => vec![],
    }
}

/// Outcomes of a campaign job: the new image's ID (step 1), or what became of a bundle or
/// WorkSpace.
fn on_progress(state: &mut State, job: u64, results: &[ResourceResult]) -> Vec<Command> {
    let Some(i) = of_job(state, job) else {
        return vec![];
    };
    let quitting = state.quitting;
    let c = &mut state.campaigns[i];
    for r in results {
        // Cancelled unsent on the way out (`q`, `y`): no outcome of the campaign, which is
        // resumed at the next start and sends it then.
        if quitting && matches!(r.outcome, Outcome::Cancelled { .. }) {
            c.put_back(&r.id);
            continue;
        }
        if c.step == Step::CreateImage && r.id == c.old_image {
            if let Some(new) = r.outcome.result() {
                c.new_image = Some(new.to_string());
            } else {
                let why = match &r.outcome {
                    Outcome::Failed { code, message } | Outcome::Unknown { code, message } => {
                        format!("{code}: {message}")
                    }
                    o => o.label().to_string(),
                };
                c.stopped = Some(format!("create updated image: {why}"));
            }
            continue;
        }
        c.record(&r.id, &r.outcome);
    }
    save(state, i)
}

fn of_job(state: &State, job: u64) -> Option<usize> {
    state
        .campaigns
        .iter()
        .position(|c| c.open_jobs.contains(&job))
}

/// The connection status (DescribeWorkspacesConnectionStatus) the app holds now.
fn refresh_connected(
    c: &mut Campaign,
    conns: &foldhash::HashMap<String, crate::domain::ConnectionStatus>,
) {
    c.refresh_connected(|id| conns.get(id).is_some_and(|s| s.state == "CONNECTED"));
}

/// Every job of the step has ended: go to the next step (or wave), or stop.
fn advance(state: &mut State, i: usize) -> Vec<Command> {
    let c = &mut state.campaigns[i];
    match c.step {
        Step::CreateImage => match (&c.new_image, c.stopped.clone()) {
            (Some(image), _) => {
                c.step = Step::WaitImage;
                let follow = Command::FollowImage {
                    key: c.key.clone(),
                    region: c.region.clone(),
                    image_id: image.clone(),
                };
                let mut commands = save(state, i);
                commands.push(follow);
                commands
            }
            (None, why) => {
                c.stopped = None;
                stop(
                    state,
                    i,
                    why.unwrap_or_else(|| "no image was created".into()),
                )
            }
        },
        Step::Bundles => after_bundles(state, i),
        Step::Roll => after_wave(state, i),
        _ => vec![],
    }
}

/// The bundles are updated: the WorkSpaces on them, with their users' connection status now,
/// become the members to roll, and step 3's confirmation opens.
fn after_bundles(state: &mut State, i: usize) -> Vec<Command> {
    let c = &mut state.campaigns[i];
    if !c
        .bundles
        .iter()
        .any(|m| m.outcome.as_deref() == Some("succeeded"))
    {
        return stop(state, i, "no bundle was updated".into());
    }
    // The WorkSpaces on the updated bundles, with their users' connection status now.
    let updated: Vec<String> = c
        .bundles
        .iter()
        .filter(|m| m.outcome.as_deref() == Some("succeeded"))
        .map(|m| m.id.clone())
        .collect();
    let conns = &state.joined.connections;
    c.workspaces = state
        .panes
        .workspaces
        .table
        .rows()
        .iter()
        .filter(|w| updated.contains(&w.bundle_id) && w.region == c.region)
        .map(|w| Member {
            bundle_id: w.bundle_id.clone(),
            connected: conns.get(&w.id).is_some_and(|s| s.state == "CONNECTED"),
            ..Member::new(&Target::new(&w.id, &w.user_name))
        })
        .collect();
    c.step = Step::Roll;
    c.awaiting_confirmation = true;
    let mut commands = save(state, i);
    commands.extend(reopen(state, i));
    commands
}

/// A wave has answered: stop if it failed too much, finish if no WorkSpace is left, else
/// wait the pause before the next wave.
fn after_wave(state: &mut State, i: usize) -> Vec<Command> {
    let c = &mut state.campaigns[i];
    if let Err(why) = c.check_wave() {
        return stop(state, i, why);
    }
    let pause = c.plan.as_ref().map_or(0, |p| p.pause_secs);
    let left = c
        .workspaces
        .iter()
        .any(|m| m.outcome.is_none() && m.wave.is_none());
    if !left {
        c.step = Step::Done;
        state.notice = Some(c.summary());
        let (profile, key) = (c.profile.clone(), c.key.clone());
        return vec![Command::RemoveCampaign { profile, key }];
    }
    c.next_wave_at = Some(state.now + pause as i64);
    state.notice = Some(format!("{}; next wave in {pause} s", c.summary()));
    let key = c.key.clone();
    let mut commands = save(state, i);
    commands.push(Command::WakeCampaign {
        key,
        after_secs: pause,
    });
    commands
}

/// Stop campaign `i`: what was not sent is recorded (in the audit log too, through a job of
/// skipped targets), and the campaign leaves the journal.
fn stop(state: &mut State, i: usize, why: String) -> Vec<Command> {
    let c = &mut state.campaigns[i];
    let rest = c.stop(&why);
    state.alert = Some((0, c.summary()));
    let action = c
        .plan
        .as_ref()
        .map(|p| p.roll.action())
        .unwrap_or(Action::Rebuild);
    let mut commands = vec![];
    let ws_rest: Vec<(Target, String)> = rest
        .into_iter()
        .filter(|(t, _)| !c.bundles.iter().any(|b| b.id == t.id))
        .collect();
    if !ws_rest.is_empty() {
        commands.push(submit(c, action, vec![], ws_rest));
    }
    commands.push(Command::RemoveCampaign {
        profile: c.profile.clone(),
        key: c.key.clone(),
    });
    commands
}

/// The updated image settled (or could not be read).
pub fn on_image(
    state: &mut State,
    key: &str,
    result: Result<Option<WorkspaceImage>, ServiceError>,
) -> Vec<Command> {
    let commands = image_settled(state, key, result);
    // Step 2 waits, or the campaign stopped: its row says so now (no job has run since).
    super::row::show(state);
    commands
}

fn image_settled(
    state: &mut State,
    key: &str,
    result: Result<Option<WorkspaceImage>, ServiceError>,
) -> Vec<Command> {
    let Some(i) = state.campaigns.iter().position(|c| c.key == key) else {
        return vec![];
    };
    match result {
        Ok(Some(img)) if img.state == "AVAILABLE" => {
            let c = &mut state.campaigns[i];
            c.step = Step::Bundles;
            c.awaiting_confirmation = true;
            let mut commands = save(state, i);
            commands.extend(reopen(state, i));
            commands
        }
        Ok(Some(img)) => {
            let why = format!(
                "updated image {} is {}: {} {}",
                img.id, img.state, img.error_code, img.error_message
            );
            stop(state, i, why.trim().to_string())
        }
        Ok(None) => stop(state, i, "the updated image no longer exists".into()),
        Err(e) => {
            state.notice = Some(format!("campaign: reading the updated image failed: {e}"));
            vec![]
        }
    }
}

/// A wave's pause is over: send the next wave.
pub fn on_wake(state: &mut State, key: &str) -> Vec<Command> {
    let Some(i) = state.campaigns.iter().position(|c| c.key == key) else {
        return vec![];
    };
    let c = &mut state.campaigns[i];
    // While quitting no wave starts: the record keeps the campaign between waves.
    if c.step != Step::Roll || !c.open_jobs.is_empty() || state.quitting {
        return vec![];
    }
    // Users connect and leave during a roll: their status now decides, not the plan's.
    refresh_connected(c, &state.joined.connections);
    if let Err(why) = c.check_connected() {
        return stop(state, i, why);
    }
    let skipped = c.skipped_connected();
    let wave = c.next_wave();
    let action = c.plan.as_ref().map(|p| p.roll.action()).unwrap();
    let mut commands = vec![];
    if !skipped.is_empty() {
        commands.push(submit(&state.campaigns[i], action.clone(), vec![], skipped));
    }
    if wave.is_empty() {
        commands.extend(advance(state, i));
        return commands;
    }
    state.notice = Some(state.campaigns[i].summary());
    let mut out = save(state, i);
    out.extend(commands);
    out.push(submit(&state.campaigns[i], action, wave, vec![]));
    out
}

/// Campaigns an earlier session did not finish (already folded with their journaled jobs):
/// kept, and offered by the resume dialog.
pub fn on_loaded(state: &mut State, campaigns: Vec<Campaign>) -> bool {
    if campaigns.is_empty() {
        return false;
    }
    for mut c in campaigns {
        // What it was doing stopped with the last session; it goes on once confirmed again
        // (`r` here, or the campaign key on its image later), or, while its new image was
        // being made, once told to follow it again.
        if matches!(c.step, Step::Roll | Step::Bundles | Step::CreateImage) {
            c.awaiting_confirmation = c.open_jobs.is_empty();
        }
        if c.step == Step::WaitImage {
            c.awaiting_confirmation = true;
        }
        state.campaign_offers.push(c.key.clone());
        state.campaigns.push(c);
    }
    if matches!(state.overlay, Overlay::None) {
        state.overlay = Overlay::Resume;
    }
    super::row::show(state);
    true
}

/// `r` in the resume dialog on a campaign: carry on where it stopped (its step's
/// confirmation, or following its new image).
pub fn resume(state: &mut State, key: &str) -> Vec<Command> {
    let Some(i) = state.campaigns.iter().position(|c| c.key == key) else {
        return vec![];
    };
    if state.campaigns[i].step != Step::WaitImage {
        // The confirmation takes the dialog's place.
        state.overlay = Overlay::None;
    }
    let commands = reopen(state, i);
    super::row::show(state);
    commands
}

/// One line per campaign for the queue pane's header and the resume dialog.
pub fn describe(c: &Campaign) -> Vec<String> {
    let mut lines = vec![c.summary()];
    for m in c.workspaces.iter().filter(|m| m.outcome.is_some()) {
        lines.push(format!(
            "  {} {}: wave {}, {} {}",
            m.id,
            m.label,
            m.wave.map_or("-".into(), |w| w.to_string()),
            m.outcome.as_deref().unwrap_or(""),
            m.detail
        ));
    }
    lines
}
