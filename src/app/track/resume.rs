//! Jobs an earlier session did not finish (the queue's unfinished-jobs journal): said at once
//! on start, and offered one at a time. The offer only chooses: `r` re-reads the targets, and
//! then the ordinary confirmation for that action opens, built from the action and the
//! resources as they are now (eligible count, skip reasons, connected users, the same typing
//! rules as a new job), never from text in the file. Only targets never sent are considered;
//! those whose outcome is unknown are never sent again.

use crate::app::model::dialog::Confirm;
use crate::app::msg::{Command, Resumable};
use crate::app::state::{Overlay, State};
use crate::queue::journal::UnfinishedJob;
use crossterm::event::{KeyCode, KeyEvent};

/// The journal was read on start.
pub fn on_loaded(state: &mut State, result: Result<Vec<UnfinishedJob>, String>) -> bool {
    match result {
        Ok(jobs) if jobs.is_empty() => false,
        Ok(jobs) => {
            state.unfinished = jobs;
            if matches!(state.overlay, Overlay::None) {
                state.overlay = Overlay::Resume;
            }
            true
        }
        Err(why) => {
            state.notice = Some(format!("unfinished jobs unreadable: {why}"));
            true
        }
    }
}

/// A key while the resume dialog shows the first unfinished job: r resumes it, d discards
/// it, Esc leaves every remaining one in the journal for next time.
pub fn on_key(state: &mut State, key: KeyEvent) -> (bool, Vec<Command>) {
    if let Some(campaign) = state.campaign_offers.first().cloned() {
        return on_campaign_key(state, key, campaign);
    }
    let Some(job) = state.unfinished.first().cloned() else {
        state.overlay = Overlay::None;
        return (true, vec![]);
    };
    let command = match key.code {
        // Read-only sends nothing: the job is kept, untouched, for a session that may send.
        KeyCode::Char('r') | KeyCode::Char('R') if state.read_only => {
            state.notice = Some(format!(
                "read-only: {} not resumed; it stays in the journal",
                job.action.name()
            ));
            return (true, vec![]);
        }
        KeyCode::Char('r') | KeyCode::Char('R') => {
            state.notice = Some(format!(
                "{}: re-reading {} targets; the confirmation opens when they are read",
                job.action.name(),
                job.not_sent.len()
            ));
            Command::ResumeJob(Box::new(job))
        }
        KeyCode::Char('d') | KeyCode::Char('D') => Command::DiscardJob {
            profile: job.profile.clone(),
            key: job.key.clone(),
        },
        KeyCode::Esc => {
            state.notice = Some(format!(
                "{} unfinished job(s) kept for the next start",
                state.unfinished.len()
            ));
            state.unfinished.clear();
            state.overlay = Overlay::None;
            return (true, vec![]);
        }
        _ => return (false, vec![]),
    };
    state.unfinished.remove(0);
    if state.unfinished.is_empty() {
        state.overlay = Overlay::None;
    }
    (true, vec![command])
}

/// A key on an unfinished campaign: `r` carries on where it stopped (the step's confirmation
/// opens again for what was never sent), `d` discards it (and its jobs) from the journal,
/// `Esc` keeps it for the next start and, in this session, for the campaign key on its image
/// (its row in the queue pane says which key).
fn on_campaign_key(state: &mut State, key: KeyEvent, campaign: String) -> (bool, Vec<Command>) {
    let commands = match key.code {
        KeyCode::Char('r') | KeyCode::Char('R') => {
            state.campaign_offers.remove(0);
            crate::app::campaign::steps::resume(state, &campaign)
        }
        KeyCode::Char('d') | KeyCode::Char('D') => {
            state.campaign_offers.remove(0);
            let profile = state
                .campaigns
                .iter()
                .find(|c| c.key == campaign)
                .and_then(|c| c.profile.clone());
            state.campaigns.retain(|c| c.key != campaign);
            vec![Command::RemoveCampaign {
                profile,
                key: campaign,
            }]
        }
        KeyCode::Esc => {
            // Still in the journal, and still known here: its image's campaign key reopens
            // it rather than starting a second campaign on the same image.
            state.campaign_offers.clear();
            if let Some(c) = state.campaigns.iter().find(|c| c.key == campaign) {
                state.notice = Some(format!(
                    "campaign kept: {} reopens it; the next start offers it again",
                    crate::app::campaign::row::reopen_hint(&state.keymap, c)
                ));
            }
            if state.unfinished.is_empty() {
                state.overlay = Overlay::None;
            }
            return (true, vec![]);
        }
        _ => return (false, vec![]),
    };
    crate::app::campaign::row::show(state);
    if state.campaign_offers.is_empty()
        && state.unfinished.is_empty()
        && matches!(state.overlay, Overlay::Resume)
    {
        state.overlay = Overlay::None;
    }
    (true, commands)
}

/// What the resume dialog shows now: unfinished campaigns first, then jobs.
pub fn offer(state: &State) -> Option<(String, Vec<String>)> {
    if let Some(key) = state.campaign_offers.first() {
        let c = state.campaigns.iter().find(|c| &c.key == key)?;
        let mut lines = crate::app::campaign::steps::describe(c);
        lines.truncate(8);
        lines.push(
            "r resumes: the step's confirmation opens again for what was never sent; \
             what may have been applied is never resent"
                .into(),
        );
        lines.push(format!(
            "Esc: later ({} reopens it; the next start offers it again)",
            crate::app::campaign::row::reopen_hint(&state.keymap, c)
        ));
        return Some((
            format!(
                "An earlier session did not finish this campaign (1 of {}):",
                state.campaign_offers.len()
            ),
            lines,
        ));
    }
    let job = state.unfinished.first()?;
    Some((
        format!(
            "An earlier session did not finish this job (1 of {}):",
            state.unfinished.len()
        ),
        describe(job),
    ))
}

/// The lines about a job for the dialog: from the action's type (its name and operation),
/// never from the file's free text.
pub fn describe(job: &UnfinishedJob) -> Vec<String> {
    let how = if job.interrupted() {
        "interrupted when wsfleet stopped"
    } else {
        "wsfleet was killed or crashed; its outcomes were recorded at this start"
    };
    let head = format!(
        "{} in {} ({}), {how}",
        job.action.name(),
        job.region,
        job.action.operation()
    );
    if matches!(job.action, crate::domain::Action::CreateWorkspaces(_)) {
        return crate::app::create::resume::describe(head, job);
    }
    let mut lines = vec![
        head,
        format!(
            "{} never sent: r re-checks them and opens the confirmation for those still \
             eligible",
            job.not_sent.len()
        ),
    ];
    let unknown = job.unknown.len() + job.in_flight.len();
    if unknown > 0 {
        lines.push(format!(
            "{unknown} may have been applied: never resent (outcome unknown in the audit log)"
        ));
    }
    lines
}

/// When no other dialog is open: a re-read job's confirmation first, else the offer of the
/// next unfinished job or campaign (it comes back after any other dialog closes, until
/// each is resumed, discarded, or all are kept with Esc).
pub fn open_next(state: &mut State) -> (bool, Vec<Command>) {
    if !matches!(state.overlay, Overlay::None | Overlay::Resume) {
        return (false, vec![]);
    }
    if !state.resumables.is_empty() {
        let r = state.resumables.remove(0);
        return (true, confirm(state, r));
    }
    let offers = !state.unfinished.is_empty() || !state.campaign_offers.is_empty();
    if offers && matches!(state.overlay, Overlay::None) {
        state.overlay = Overlay::Resume;
        return (true, vec![]);
    }
    (false, vec![])
}

/// Open the ordinary confirmation for a re-read job; with nothing eligible, no dialog: the
/// job is submitted with nothing to send, so its skipped targets get their outcomes and its
/// entry leaves the journal.
fn confirm(state: &mut State, mut r: Resumable) -> Vec<Command> {
    if let Some(checked) = r.create.take() {
        return crate::app::create::resume::open(state, r, *checked);
    }
    let Resumable {
        job,
        targets,
        skipped,
        workspaces,
        ..
    } = r;
    if !workspaces.is_empty() {
        super::queue_news::on_workspaces_read(state, workspaces, vec![]);
    }
    let profile = job.profile.clone().unwrap_or_else(|| state.context_name());
    if targets.is_empty() {
        state.notice = Some(format!(
            "{} not resumed: none of its {} targets is eligible now; the job leaves the journal",
            job.action.name(),
            skipped.len()
        ));
        return vec![Command::Submit {
            action: job.action,
            profile,
            region: job.region,
            targets,
            skipped,
            campaign: None,
            resumes: Some(job.key),
        }];
    }
    let region_of = targets
        .iter()
        .chain(skipped.iter().map(|(t, _)| t))
        .map(|t| (t.id.clone(), job.region.clone()))
        .collect();
    let mut c = Confirm::across(job.action, region_of, targets, skipped, 0);
    c.profile = profile;
    c.resumes = Some(job.key);
    crate::app::act::actions::open_confirm(state, c);
    // A restore's confirmation says which snapshot it goes back to, as for a new one.
    crate::app::act::restore_note::on_open(state)
}
