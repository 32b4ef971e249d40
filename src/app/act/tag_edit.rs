//! Tags in bulk (`T`): the form for the pane's kind of row, the 50-tag limit checked per
//! resource from its known tags before the confirmation, and the outcome applied to the
//! known tags so the TAGS column and `tag.` filters show it without a re-read.

use crate::app::model::dialog::{FormKind, Target};
use crate::app::msg::Command;
use crate::app::state::State;
use crate::domain::tagging::MAX_TAGS;
use crate::domain::{Action, Outcome, ResourceResult, TargetKind};
use crate::panes::RowKind;
use crate::queue::{Plan, QueueEvent};

/// The tag form for a pane listing `rows`, if they take tags.
pub fn form(rows: RowKind) -> Option<FormKind> {
    let on = match rows {
        RowKind::Workspace => TargetKind::Workspace,
        RowKind::Image => TargetKind::Image,
        RowKind::Bundle => TargetKind::Bundle,
        RowKind::Directory => TargetKind::Directory,
        RowKind::Pool => TargetKind::Pool,
        _ => return None,
    };
    Some(FormKind::SetTags { on })
}

/// Targets whose known tags the edit would take past 50 are skipped with the count (CreateTags
/// is sent first, so the removals do not make room). Resources whose tags are not known yet
/// are sent: the service has the last word (ResourceLimitExceededException).
pub fn over_limit(state: &State, action: &Action, planned: Plan) -> Plan {
    let Some(edit) = action.tag_edit() else {
        return planned;
    };
    let Plan {
        to_send,
        mut skipped,
    } = planned;
    let mut keep: Vec<Target> = vec![];
    for t in to_send {
        let after = (state.joined.tags.get(&t.id)).map(|tags| edit.count_after_add(tags));
        match after {
            Some(n) if n > MAX_TAGS => {
                let why = format!("would have {n} tags: a resource holds at most {MAX_TAGS}");
                skipped.push((t, why));
            }
            _ => keep.push(t),
        }
    }
    Plan {
        to_send: keep,
        skipped,
    }
}

/// A tag job's outcomes as they arrive: a resource whose edit succeeded gets it applied to its
/// known tags; one whose tags are not known, or whose edit was half done or may have been,
/// has its tags read again (DescribeTags, that resource only). A refusal changed nothing.
pub fn on_event(state: &mut State, event: &QueueEvent) -> Vec<Command> {
    let QueueEvent::Progress { job, results, .. } = event else {
        return vec![];
    };
    let Some(edit) = state.jobs.action(job.0).and_then(Action::tag_edit) else {
        return vec![];
    };
    let mut applied = vec![];
    let mut read_again = vec![];
    for ResourceResult { id, outcome } in results {
        let half_done = match outcome {
            Outcome::Succeeded { .. } => match state.joined.tags.get_mut(id) {
                Some(tags) => {
                    edit.apply(tags);
                    applied.push(id.clone());
                    continue;
                }
                None => true,
            },
            Outcome::Unknown { .. } => true,
            Outcome::Failed { message, .. } => message.starts_with("tags added"),
            Outcome::Skipped { .. } | Outcome::Cancelled { .. } => false,
        };
        if half_done {
            state.joined.tags.remove(id);
            read_again.push(id.clone());
        }
    }
    if !applied.is_empty() || !read_again.is_empty() {
        let mut ids = applied;
        ids.extend(read_again.iter().cloned());
        state.joined.touch_ids(ids);
    }
    let region = state.jobs.region(job.0).unwrap_or_default();
    if read_again.is_empty() || !state.joined.tags_loading.insert(region.clone()) {
        // A fetch of that Region is running; the next look for missing tags asks again.
        return vec![];
    }
    vec![Command::LoadFleetTags {
        region,
        resource_ids: read_again,
    }]
}
