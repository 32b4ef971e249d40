//! The campaign's own row in the queue pane (issue 17: "the campaign's progress in the queue
//! pane (step, wave, counts)"), beside the rows of its jobs: one row per campaign of this
//! session, keyed `campaign:<key>`, refreshed after every queue event.

use super::state::{ctx_of, State};
use crate::panes::JobRow;
use crate::queue::campaign::{Campaign, Step};

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
        key: format!("campaign:{}", c.key),
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

/// Put every campaign's row in the queue pane; true when the queue pane shows.
pub fn show(state: &mut State) -> bool {
    if state.campaigns.is_empty() {
        return false;
    }
    let rows = state.campaigns.iter().map(queue_row).collect();
    let ctx = ctx_of(&state.joined, state.now, state.idle_days);
    state.panes.queue.apply_rows(rows, &[]);
    state.panes.queue.rebuild(&ctx);
    state.active == crate::panes::PaneKind::Queue
}
