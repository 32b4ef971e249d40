//! The campaign's own row in the queue pane (issue 17: "the campaign's progress in the queue
//! pane (step, wave, counts)"), beside the rows of its jobs: one row per campaign of this
//! session, keyed `campaign:<key>`, refreshed after every queue event.

use super::panes::OutcomesOf;
use super::state::{ctx_of, State};
use crate::panes::{JobRow, OutcomeRow, PaneKind};
use crate::queue::campaign::{Campaign, Step};

/// How a campaign's row key starts (the rest is the campaign's key).
pub const KEY_PREFIX: &str = "campaign:";

/// The row: ACTION names the images, STATE the step, PROGRESS the WorkSpaces with an outcome
/// (the bundles during step 2), WHY the wave and what it waits for.
pub fn queue_row(c: &Campaign) -> JobRow {
    let new = c.new_image.as_deref().unwrap_or("(new image)");
    let (ok, bad, skipped, left) = c.counts();
    let (done, total) = match c.step {
        Step::CreateImage | Step::WaitImage | Step::Bundles => {
            let done = c.bundles.iter().filter(|m| m.outcome.is_some()).count();
            (done, c.bundles.len())
        }
        _ => (ok + bad + skipped, ok + bad + skipped + left),
    };
    let state = match c.step {
        Step::Done => "done",
        Step::Stopped => "stopped",
        _ if c.awaiting_confirmation => "waiting",
        _ if !c.open_jobs.is_empty() => "running",
        _ => "paused",
    };
    let mut why = c.step.label().to_string();
    if c.wave > 0 {
        why.push_str(&format!(", wave {} of {}", c.wave, c.wave_count()));
    }
    if c.awaiting_confirmation {
        why.push_str(": waits for confirmation (W on the image)");
    } else if c.next_wave_at.is_some() && c.open_jobs.is_empty() {
        why.push_str(": pause before the next wave");
    }
    if let Some(s) = &c.stopped {
        why = format!("stopped: {s}");
    }
    JobRow {
        key: format!("{KEY_PREFIX}{}", c.key),
        job: 0,
        action: format!("campaign {} → {new}", c.old_image),
        operation: "campaign".into(),
        region: c.region.clone(),
        total,
        done,
        succeeded: ok,
        failed: bad,
        skipped,
        state: state.into(),
        reason: why,
        summary: c.summary(),
        ..JobRow::default()
    }
}

/// Put every campaign's row in the queue pane (and, when the outcomes pane shows a
/// campaign, its rows); true when either shows.
pub fn show(state: &mut State) -> bool {
    if state.campaigns.is_empty() {
        return false;
    }
    let rows = state.campaigns.iter().map(queue_row).collect();
    let members = match &state.panes.outcomes_of {
        Some(OutcomesOf::Campaign(key)) => Some(member_rows(state, key)),
        _ => None,
    };
    let ctx = ctx_of(&state.joined, state.now, state.idle_days);
    state.panes.queue.apply_rows(rows, &[]);
    state.panes.queue.rebuild(&ctx);
    let outcomes_shown = members.is_some() && state.active == PaneKind::Outcomes;
    if let Some(rows) = members {
        state.panes.outcomes.apply_rows(rows, &[]);
        state.panes.outcomes.rebuild(&ctx);
    }
    state.active == PaneKind::Queue || outcomes_shown
}

/// Enter on a campaign's row (`campaign:<key>`, given `key`): the outcomes pane lists its
/// bundles and WorkSpaces with the outcome each has so far, and follows them as waves go.
pub fn open_outcomes(state: &mut State, key: &str) {
    let key = key.to_string();
    state.panes.outcomes = Default::default();
    state
        .panes
        .outcomes
        .apply_rows(member_rows(state, &key), &[]);
    state.panes.outcomes_of = Some(OutcomesOf::Campaign(key));
    state.active = PaneKind::Outcomes;
    let ctx = ctx_of(&state.joined, state.now, state.idle_days);
    state.panes.outcomes.rebuild(&ctx);
}

/// One outcome row per bundle and WorkSpace of the campaign: "pending" until its wave (or
/// the bundle step) records an outcome; the message says the wave and the detail.
fn member_rows(state: &State, key: &str) -> Vec<OutcomeRow> {
    let Some(c) = state.campaigns.iter().find(|c| c.key == key) else {
        return vec![];
    };
    c.bundles
        .iter()
        .chain(&c.workspaces)
        .map(|m| {
            let mut message = m.wave.map(|w| format!("wave {w}")).unwrap_or_default();
            if !m.detail.is_empty() {
                if !message.is_empty() {
                    message.push_str(": ");
                }
                message.push_str(&m.detail);
            }
            OutcomeRow {
                id: m.id.clone(),
                label: m.label.clone(),
                outcome: m.outcome.clone().unwrap_or_else(|| "pending".into()),
                code: String::new(),
                message,
            }
        })
        .collect()
}
