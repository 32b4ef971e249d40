//! Applying queue news and re-read WorkSpaces to the state.

use super::msg::QueueNews;
use super::state::{ctx_of, State};
use crate::domain::Workspace;
use crate::panes::PaneKind;

pub fn on_queue_news(state: &mut State, news: QueueNews) -> bool {
    let ctx = ctx_of(&state.joined, state.now, state.idle_days);
    match news {
        QueueNews::Job(row) => {
            state.panes.queue.apply_rows(vec![row], &[]);
            state.panes.queue.rebuild(&ctx);
            state.active == PaneKind::Queue
        }
        QueueNews::Outcomes { job, rows } => {
            let stored = state.job_outcomes.entry(job).or_default();
            for r in rows {
                match stored.iter_mut().find(|o| o.id == r.id) {
                    Some(o) => *o = r,
                    None => stored.push(r),
                }
            }
            if state.panes.outcomes_job == Some(job) {
                let rows = stored.clone();
                state.panes.outcomes.apply_rows(rows, &[]);
                state.panes.outcomes.rebuild(&ctx);
                return state.active == PaneKind::Outcomes;
            }
            false
        }
        QueueNews::AuditFailed(e) => {
            state.notice = Some(format!("AUDIT LOG NOT WRITTEN: {e}"));
            true
        }
    }
}

pub fn on_workspaces_read(state: &mut State, items: Vec<Workspace>, gone: Vec<String>) -> bool {
    for w in &items {
        state.joined.users.insert(w.id.clone(), w.user_name.clone());
    }
    state.joined.touch();
    state.panes.workspaces.apply_rows(items, &gone);
    let ctx = ctx_of(&state.joined, state.now, state.idle_days);
    state.panes.workspaces.rebuild(&ctx);
    true
}

/// Show one job's outcomes (Enter on a job in the queue pane).
pub fn open_outcomes(state: &mut State, job: u64) {
    let rows = state.job_outcomes.get(&job).cloned().unwrap_or_default();
    state.panes.outcomes = Default::default();
    state.panes.outcomes_job = Some(job);
    state.panes.outcomes.apply_rows(rows, &[]);
    state.active = PaneKind::Outcomes;
    let ctx = ctx_of(&state.joined, state.now, state.idle_days);
    state.panes.outcomes.rebuild(&ctx);
}
