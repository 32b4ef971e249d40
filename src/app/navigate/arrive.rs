//! Rows and answers arriving from the service: a sweep's pages (and its failure), connection
//! status re-read by ID, a resource's tags and an image's shares.

use super::detail::shares_for_selected_image;
use super::show::{rebuild_active, rebuild_all};
use crate::app::model::panes::Sweep;
use crate::app::msg::{Command, Outcome, Rows};
use crate::app::state::{ctx_of, Fetch, Overlay, State};
use crate::domain::{ConnectionStatus, ServiceError, Tag};
use crate::panes::PaneKind;

/// A page of a pane's sweep: into its pane, and what it makes worth fetching or saving.
pub fn on_page(state: &mut State, region: String, sweep: u64, rows: Rows, last: bool) -> Outcome {
    let pane = rows.pane();
    if !state.shows_region(&region) {
        // A Region removed (or a profile left) while its sweep was under way.
        return (false, vec![]);
    }
    apply_rows(state, &region, sweep, rows, last);
    let visible = pane == state.active || pane.spec().in_header;
    let mut commands = vec![];
    if pane == PaneKind::Images {
        commands.extend(shares_for_selected_image(state));
    }
    if pane == PaneKind::Workspaces && last {
        // A Region's WorkSpaces sweep ended: keep it for the next start now, so a
        // crash or SIGKILL loses at most one sweep's news.
        commands.push(Command::SaveCache(region));
    }
    (visible, commands)
}

/// A sweep failed: the pane keeps its rows, marked stale, with the error.
pub fn on_page_failed(
    state: &mut State,
    pane: PaneKind,
    region: &str,
    sweep: u64,
    error: ServiceError,
) -> Outcome {
    if !state.shows_region(region) {
        return (false, vec![]);
    }
    let error = name_the_operation(error, pane.spec().operation);
    state.panes.get_mut(pane).fail_sweep(region, sweep, error);
    (true, vec![])
}

/// A resource's tags (DescribeTags) for the detail view, kept for the tag filter too.
pub fn on_tags(
    state: &mut State,
    resource_id: String,
    result: Result<Vec<Tag>, ServiceError>,
) -> Outcome {
    if let Ok(tags) = &result {
        state.joined.tags.insert(resource_id.clone(), tags.clone());
        state.joined.touch();
    }
    if let Overlay::Detail(d) = &mut state.overlay {
        if d.id == resource_id {
            d.tags = match result {
                Ok(t) => Fetch::Ready(t),
                Err(e) => Fetch::Failed(e),
            };
            return (true, vec![]);
        }
    }
    (false, vec![])
}

/// Connection status re-read by ID (a lookup or a confirmation's targets).
pub fn on_connections_read(
    state: &mut State,
    profile: String,
    items: Vec<ConnectionStatus>,
) -> Outcome {
    if profile != state.context_name() {
        return (false, vec![]);
    }
    for c in &items {
        state
            .joined
            .connections
            .insert(c.workspace_id.clone(), c.clone());
    }
    // Named: only these rows' filter haystacks are rebuilt (asked for on every
    // scroll of a big fleet, so this must not cost the whole table).
    state
        .joined
        .touch_ids(items.iter().map(|c| c.workspace_id.clone()).collect());
    state.panes.connections.apply_rows(items, &[]);
    rebuild_all(state);
    (true, vec![])
}

/// Who an image is shared with (DescribeWorkspaceImagePermissions or DescribeImagePermissions).
pub fn on_image_shares(
    state: &mut State,
    image_id: String,
    result: Result<Vec<String>, ServiceError>,
) -> Outcome {
    state.joined.shares_pending.remove(&image_id);
    match result {
        Ok(accounts) => {
            state.joined.image_shares.insert(image_id, accounts);
            state.joined.touch();
        }
        Err(e) => state.notice = Some(format!("image shares: {e}")),
    }
    rebuild_active(state);
    (true, vec![])
}

/// Put a page into its pane, keeping the data other panes join from it (user names and
/// WorkSpaces per directory from WorkSpaces, connection status from Connections) in step.
fn apply_rows(state: &mut State, region: &str, sweep: u64, rows: Rows, last: bool) {
    let at = Sweep {
        region,
        sweep,
        last,
        now: state.now,
    };
    let (now, idle) = (state.now, state.idle_days);
    let panes = &mut state.panes;
    let joined = &mut state.joined;
    // Joined data changes (and panes sorted by it re-sort) only when a value does; the
    // WorkSpaces whose value changed are named, so only their rows' haystacks are rebuilt.
    let mut changed: Vec<String> = vec![];
    match &rows {
        Rows::Workspaces(items) => {
            for w in items {
                let old = joined.users.insert(w.id.clone(), w.user_name.clone());
                if old.as_ref() != Some(&w.user_name) {
                    changed.push(w.id.clone());
                }
            }
        }
        Rows::Connections(items) => {
            for c in items {
                let old = joined.connections.insert(c.workspace_id.clone(), c.clone());
                if old.as_ref() != Some(c) {
                    changed.push(c.workspace_id.clone());
                }
            }
        }
        _ => {}
    }
    let kind = rows.pane();
    if !changed.is_empty() && kind == PaneKind::Workspaces {
        joined.touch_ids(std::mem::take(&mut changed));
    }
    panes.take_page(rows, at, &ctx_of(joined, now, idle));
    match kind {
        PaneKind::Workspaces if last => {
            let mut per_directory = std::collections::HashMap::new();
            for w in panes.workspaces.table.rows() {
                *per_directory.entry(w.directory_id.clone()).or_insert(0) += 1;
            }
            let users = joined.users.len();
            joined
                .users
                .retain(|id, _| panes.workspaces.table.get(id).is_some());
            if per_directory != joined.workspaces_per_directory || users != joined.users.len() {
                joined.workspaces_per_directory = per_directory;
                joined.touch();
            }
            panes.directories.rebuild(&ctx_of(joined, now, idle));
        }
        PaneKind::Connections => {
            let mut forgotten = false;
            if last {
                let before = joined.connections.len();
                joined
                    .connections
                    .retain(|id, _| panes.connections.table.get(id).is_some());
                forgotten = before != joined.connections.len();
            }
            if forgotten {
                joined.touch();
            } else if !changed.is_empty() {
                joined.touch_ids(changed);
            }
            // The WorkSpaces pane shows connection columns; its sort may depend on them.
            panes.workspaces.rebuild(&ctx_of(joined, now, idle));
        }
        _ => {}
    }
}

/// An answer that is not the AWS JSON protocol (an HTML page from a proxy, or an endpoint
/// that lacks the operation) says which operation got it and what it likely means.
fn name_the_operation(mut error: ServiceError, operation: &str) -> ServiceError {
    if error.code.starts_with("HTTP ") && error.message.starts_with("unexpected response") {
        error.message = format!(
            "{operation} got an answer that is not the AWS JSON protocol: the endpoint may not \
             implement {operation}"
        );
    }
    error
}
