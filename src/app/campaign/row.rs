//! The campaign's own row in the queue pane (issue 17: "the campaign's progress in the queue
//! pane (step, wave, counts)"), beside the rows of its jobs: one row per campaign of this
//! session, keyed `campaign:<key>`, refreshed after every queue event.

use crate::app::model::panes::OutcomesOf;
use crate::app::state::{ctx_of, State};
use crate::config::keymap::KeyAction;
use crate::config::Keymap;
use crate::panes::{JobRow, OutcomeRow, PaneKind};
use crate::queue::campaign::{Campaign, Step};
use crate::table::format::clock;

/// How a campaign's row key starts (the rest is the campaign's key).
pub const KEY_PREFIX: &str = "campaign:";

/// The row: ACTION names the images, STATE what the campaign does, PROGRESS the WorkSpaces
/// with an outcome (the bundles during step 2), WHY the step, the wave and what it waits for
/// (`hint`: the keys that reopen its step). Short enough for the WHY to show whole at 200
/// columns in the common cases; the detail view (`d`) shows it whole at any width.
pub fn queue_row(c: &Campaign, hint: &str) -> JobRow {
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
    JobRow {
        key: format!("{KEY_PREFIX}{}", c.key),
        job: 0,
        action: action(c),
        operation: "campaign".into(),
        region: c.region.clone(),
        total,
        done,
        succeeded: ok,
        failed: bad,
        skipped,
        state: state.into(),
        reason: why(c, hint),
        summary: c.summary(),
        ..JobRow::default()
    }
}

/// The ACTION of a campaign's row: the campaign by its images' names.
fn action(c: &Campaign) -> String {
    format!("campaign {} → {}", c.title(), c.new_title())
}

/// The WHY of a campaign's row: the step, the wave, and what the campaign waits for ("step 3
/// of 3, wave 1 of 4: next wave at 14:05:10"); short, so it shows whole beside the
/// campaign's jobs (the status line and the detail view name the step in full).
fn why(c: &Campaign, hint: &str) -> String {
    if let Some(s) = &c.stopped {
        return format!("stopped: {s}");
    }
    let mut step = c.step.short_label().to_string();
    if c.wave > 0 {
        step.push_str(&format!(", wave {} of {}", c.wave, c.wave_count()));
    }
    let mut why = vec![step];
    if c.awaiting_confirmation && c.step == Step::WaitImage {
        why.push(format!("{hint} follows the new image again"));
    } else if c.awaiting_confirmation {
        why.push(format!("{hint} confirms"));
    } else if let Some(at) = c.next_wave_at.filter(|_| c.open_jobs.is_empty()) {
        why.push(format!("next wave at {}", clock(at)));
    }
    why.join(": ")
}

/// The keys that reopen a campaign's step, on its image ("W on image golden"), from the
/// keymap as configured.
pub fn reopen_hint(keymap: &Keymap, c: &Campaign) -> String {
    format!("{} on image {}", campaign_keys(keymap), c.title())
}

/// The same in the campaign's row, whose ACTION names the image ("W on its image"): an image's
/// name can be long, and the WHY shows whole beside the campaign's jobs.
fn row_hint(keymap: &Keymap) -> String {
    format!("{} on its image", campaign_keys(keymap))
}

fn campaign_keys(keymap: &Keymap) -> String {
    let keys = keymap.keys_for(KeyAction::Campaign);
    if keys.is_empty() {
        "the campaign key ([keys] campaign)".to_string()
    } else {
        keys
    }
}

/// Put every campaign's row in the queue pane (and, when the outcomes pane shows a
/// campaign, its rows), and take out the rows of campaigns no longer kept; true when either
/// pane shows.
pub fn show(state: &mut State) -> bool {
    let gone: Vec<String> = state
        .panes
        .queue
        .table
        .rows()
        .iter()
        .filter_map(|r| r.key.strip_prefix(KEY_PREFIX))
        .filter(|key| !state.campaigns.iter().any(|c| c.key == *key))
        .map(|key| format!("{KEY_PREFIX}{key}"))
        .collect();
    if state.campaigns.is_empty() && gone.is_empty() {
        return false;
    }
    let rows = state
        .campaigns
        .iter()
        .map(|c| queue_row(c, &row_hint(&state.keymap)))
        .collect();
    let members = match &state.panes.outcomes_of {
        Some(OutcomesOf::Campaign(key)) => Some(member_rows(state, key)),
        _ => None,
    };
    let ctx = ctx_of(&state.joined, state.now, state.idle_days);
    state.panes.queue.apply_rows(rows, &gone);
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
    let title = state.campaigns.iter().find(|c| c.key == key);
    let title = title.map_or(key.as_str(), |c| c.title());
    state.panes.outcomes.heading = Some(format!("Outcomes of campaign {title}"));
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
