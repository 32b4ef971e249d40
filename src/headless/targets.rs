//! The targets of a `do`: the rows the pane's view keeps (filter, or `--ids`), split by place
//! and by the queue's prechecks (`queue::plan`) into those to send and those skipped, with
//! the reasons the TUI's confirmation shows.

use crate::app::State;
use crate::domain::Action;
use crate::panes::{PaneKind, RowKind};
use crate::queue::{self, CheckedImage, Plan, Target};
use std::collections::BTreeMap;

/// Each place's plan for the rows the view of `kind` shows, in view order.
pub fn plan(state: &State, kind: PaneKind, action: &Action) -> BTreeMap<String, Plan> {
    let pane = state.panes.get(kind);
    let mut by_place: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for id in state.panes.visit(kind, super::get::ViewIds) {
        let place = pane.region_of(&id).unwrap_or_default();
        by_place.entry(place).or_default().push(id);
    }
    by_place
        .into_iter()
        .map(|(place, ids)| (place, plan_ids(state, kind, action, &ids)))
        .collect()
}

/// `action` on these rows of the pane of `kind`, as the TUI plans a confirmation
/// (`app::act::actions::confirm_with`); a row not found is skipped, so it too has its one
/// outcome.
fn plan_ids(state: &State, kind: PaneKind, action: &Action, ids: &[String]) -> Plan {
    let p = &state.panes;
    let found = |id: &String| match kind.rows() {
        RowKind::Workspace => p.workspaces.table.get(id).is_some(),
        RowKind::Image => p.images.table.get(id).is_some(),
        RowKind::Pool => p.pools.table.get(id).is_some(),
        RowKind::AppFleet => p.app_fleets.table.get(id).is_some(),
        RowKind::AppImage => p.app_images.table.get(id).is_some(),
        RowKind::Bundle => p.bundles.table.get(id).is_some(),
        RowKind::Directory => p.directories.table.get(id).is_some(),
        _ => false,
    };
    let (ids, missing): (Vec<String>, Vec<String>) = ids.iter().cloned().partition(found);
    let mut plan = match kind.rows() {
        RowKind::Workspace => {
            queue::plan(action, ids.iter().filter_map(|i| p.workspaces.table.get(i)))
        }
        RowKind::Image => queue::plan(action, ids.iter().filter_map(|i| p.images.table.get(i))),
        RowKind::Pool => queue::plan(action, ids.iter().filter_map(|i| p.pools.table.get(i))),
        RowKind::Bundle => queue::plan(action, ids.iter().filter_map(|i| p.bundles.table.get(i))),
        RowKind::Directory => queue::plan(
            action,
            ids.iter().filter_map(|i| p.directories.table.get(i)),
        ),
        RowKind::AppFleet => {
            queue::plan(action, ids.iter().filter_map(|i| p.app_fleets.table.get(i)))
        }
        RowKind::AppImage => {
            let updates = &state.joined.app_updates;
            let checked: Vec<CheckedImage> = ids
                .iter()
                .filter_map(|i| p.app_images.table.get(i))
                .map(|image| CheckedImage {
                    image,
                    update: updates.get(&image.arn),
                })
                .collect();
            queue::plan(action, checked.iter())
        }
        _ => Plan::default(),
    };
    // Unshare: only images shared with the account (their shares read by `shares`).
    let shares = &state.joined.image_shares;
    plan = queue::skip_not_shared(action, plan, |id| shares.get(id).map(Vec::as_slice));
    let why = "not listed (not read, or gone)";
    plan.skipped.extend(
        missing
            .into_iter()
            .map(|id| (Target::new(id, ""), why.to_string())),
    );
    plan
}

/// IDs from `--ids FILE` (`-`: stdin), one per line; blank lines and repeats ignored.
pub fn read_ids(path: &std::path::Path) -> Result<Vec<String>, String> {
    let text = if path == std::path::Path::new("-") {
        std::io::read_to_string(std::io::stdin())
    } else {
        std::fs::read_to_string(path)
    }
    .map_err(|e| format!("--ids {}: {e}", path.display()))?;
    let mut ids: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    ids.sort();
    ids.dedup();
    if ids.is_empty() {
        return Err(format!("--ids {}: no IDs", path.display()));
    }
    Ok(ids)
}

/// An ID of `--ids` found in no place shown is skipped, so it too has its one outcome.
pub fn add_not_found(
    plans: &mut BTreeMap<String, Plan>,
    state: &State,
    kind: PaneKind,
    ids: &[String],
) {
    let pane = state.panes.get(kind);
    let place = state.regions.first().cloned().unwrap_or_default();
    let places = state.regions.join(", ");
    for id in ids.iter().filter(|id| pane.region_of(id).is_none()) {
        let target = Target::new(id.clone(), "");
        let reason = format!("not found in {places}");
        plans
            .entry(place.clone())
            .or_default()
            .skipped
            .push((target, reason));
    }
}

/// With `--ids` on a pane other than WorkSpaces (read by a sweep, not looked up by ID): only
/// the rows named, as a filter of their IDs would keep them.
pub fn keep_only(plans: &mut BTreeMap<String, Plan>, ids: &[String]) {
    let named = |t: &Target| ids.binary_search(&t.id).is_ok();
    for p in plans.values_mut() {
        p.to_send.retain(named);
        p.skipped.retain(|(t, _)| named(t));
    }
}
