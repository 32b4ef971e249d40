//! Tags for the tag filter (`tag.KEY=value`, `tag.KEY~regex`, `tag.KEY`) and the TAGS column
//! of wide mode. DescribeTags takes one resource per call, so a fleet's tags cost a call per
//! WorkSpace: they are fetched only once something asks for them (a filter naming a tag, or
//! wide mode), in the budget's spare line so they never delay a refresh or an action, and
//! kept with the warm-start cache so the next start has them at once.

use crate::app::msg::Command;
use crate::app::state::State;
use crate::domain::{ServiceError, Tag};
use crate::table::Keyed;
use std::collections::BTreeMap;

/// After a failed fetch, how long before a Region's tags are asked for again.
const RETRY_AFTER_SECS: i64 = 300;

/// Whether something on screen needs tags: the active pane's filter names one, wide mode
/// shows the TAGS column, or the advisor must know which WorkSpaces carry the skip tag.
fn wanted(state: &State) -> bool {
    state.wide
        || state.panes.get(state.active).filter_tags() > 0
        || (crate::app::navigate::usage::advisor_needed(state)
            && !state.joined.billing.skip_tag.is_empty())
}

/// Start fetching the tags of WorkSpaces not fetched yet, per Region, unless that Region's
/// fetch is already running.
pub fn load_missing(state: &mut State) -> Vec<Command> {
    if !wanted(state) {
        return vec![];
    }
    // Only when the WorkSpaces changed since the last look (a page, a sweep's end) or a fetch
    // ended: not a pass over the whole fleet on every keystroke.
    let ws = &state.panes.workspaces;
    let seen = (
        ws.table.len(),
        ws.refresh.sweep,
        ws.refresh.loaded,
        state.joined.tags.len(),
        state.joined.tags_loading.len() + state.joined.tags_failed_at.len(),
        state.now / RETRY_AFTER_SECS,
    );
    if state.joined.tags_scanned == Some(seen) {
        return vec![];
    }
    state.joined.tags_scanned = Some(seen);
    let mut missing: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut known = 0;
    let joined = &state.joined;
    let resting = |region: &str| {
        joined
            .tags_failed_at
            .get(region)
            .is_some_and(|&at| state.now - at < RETRY_AFTER_SECS)
    };
    for w in state.panes.workspaces.table.rows() {
        known += usize::from(joined.tags.contains_key(w.key()));
        if !joined.tags.contains_key(w.key())
            && !joined.tags_loading.contains(w.region())
            && !resting(w.region())
        {
            missing
                .entry(w.region().to_string())
                .or_default()
                .push(w.key().to_string());
        }
    }
    state.joined.tags_known = (known, state.panes.workspaces.table.len());
    missing
        .into_iter()
        .map(|(region, resource_ids)| {
            state.joined.tags_loading.insert(region.clone());
            Command::LoadFleetTags {
                region,
                resource_ids,
            }
        })
        .collect()
}

/// One resource's tags arrived (or the fetch stopped on an error, which is said once).
pub fn on_tags(
    state: &mut State,
    region: &str,
    resource_id: String,
    result: Result<Vec<Tag>, ServiceError>,
    done: bool,
) -> bool {
    if done {
        state.joined.tags_loading.remove(region);
    }
    match result {
        Ok(tags) => {
            state.joined.tags.insert(resource_id.clone(), tags);
            state.joined.touch_ids(vec![resource_id]);
            true
        }
        Err(e) => {
            state
                .joined
                .tags_failed_at
                .insert(region.to_string(), state.now);
            state.notice = Some(format!("tags ({region}): {}: {}", e.code, e.message));
            true
        }
    }
}

/// How many WorkSpaces have their tags fetched: `(known, total)`, for the title while a tag
/// filter is on. Counted by `load_missing` when the WorkSpaces or the tags change, not on
/// every frame.
pub fn known(state: &State) -> (usize, usize) {
    state.joined.tags_known
}
