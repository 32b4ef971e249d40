//! `update`: apply one message to the state. Never awaits; what the runtime must do comes
//! back as `Effects` (redraw or not, and commands to start). Every message goes through here:
//! input, pages, queue events, answers to commands.

use super::effects::Effects;
use super::msg::{Command, Msg, Rows};
use super::state::{ctx_of, now_epoch, Fetch, Overlay, State};
use crate::app::input::keys::on_key;
use crate::app::model::panes::Sweep;
use crate::app::navigate::detail::shares_for_selected_image;
use crate::app::navigate::show::{rebuild_active, rebuild_all};
use crate::domain::ServiceError;
use crate::panes::PaneKind;

/// Apply one message. Returns whether anything visible changed (so the runtime knows to
/// redraw) and the commands to start. The active pane's scroll is settled once, here, after
/// whatever the message changed.
pub fn update(state: &mut State, msg: Msg) -> Effects {
    state.now = state.fixed_now.unwrap_or_else(now_epoch);
    // Typed filter text waits only through more typing (`typing`): anything else finds it
    // applied, and so does the frame after the batch.
    if !crate::app::input::typing::edits_filter(state, &msg) {
        crate::app::input::typing::settle_filter(state);
    }
    let (mut redraw, mut commands) = apply(state, msg);
    let (opened, resumed) = crate::app::track::resume::open_next(state);
    redraw |= opened;
    commands.extend(resumed);
    if !state.more_waiting {
        redraw |= crate::app::input::typing::settle_filter(state);
    }
    redraw |= crate::app::act::confirm_status::refresh(state);
    commands.extend(crate::app::act::confirm_status::ask(state));
    commands.extend(crate::app::navigate::tags::load_missing(state));
    settle_scroll(state);
    commands.extend(crate::app::navigate::lookups::connections_on_screen(state));
    share_workspace_marks(state);
    time_notice(state);
    if state.active == PaneKind::Queue {
        // The queue pane shows every job's counts: the failure is acknowledged.
        state.alert = None;
    }
    settle_scroll(state);
    Effects { redraw, commands }
}

/// Note when a new notice appeared, so it clears `NOTICE_FOR` later.
fn time_notice(state: &mut State) {
    match (&state.notice, &state.notice_at) {
        (None, _) => state.notice_at = None,
        (Some(n), Some((_, seen))) if n == seen => {}
        (Some(n), _) => state.notice_at = Some((std::time::Instant::now(), n.clone())),
    }
}

/// The WorkSpaces and connection panes list the same WorkSpaces (by ID), so they share
/// marks: the pane whose marks changed last gives them to the other.
fn share_workspace_marks(state: &mut State) {
    let p = &mut state.panes;
    let (ws, conn) = (p.workspaces.marks_version, p.connections.marks_version);
    if ws > conn {
        p.connections.marks = p.workspaces.marks.clone();
        p.connections.marks_version = ws;
    } else if conn > ws {
        p.workspaces.marks = p.connections.marks.clone();
        p.workspaces.marks_version = conn;
    }
}

fn apply(state: &mut State, msg: Msg) -> (bool, Vec<Command>) {
    match msg {
        Msg::Key(key) => on_key(state, key),
        Msg::Paste(text) => (crate::app::input::paste::on_paste(state, &text), vec![]),
        Msg::Resize(w, h) => {
            state.size = (w, h);
            (true, vec![])
        }
        Msg::Page {
            region,
            sweep,
            rows,
            last,
        } => {
            let pane = rows.pane();
            if !state.shows_region(&region) {
                // A Region removed (or a profile left) while its sweep was under way.
                return (false, vec![]);
            }
            apply_rows(state, &region, sweep, rows, last);
            let visible = pane == state.active
                || pane == PaneKind::Workspaces
                || pane == PaneKind::Connections;
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
        Msg::PageFailed {
            pane,
            region,
            sweep,
            error,
        } => {
            if !state.shows_region(&region) {
                return (false, vec![]);
            }
            let error = name_the_operation(error, pane.spec().operation);
            state.panes.get_mut(pane).fail_sweep(&region, sweep, error);
            (true, vec![])
        }
        Msg::Cached { profile, result } => {
            if profile != state.context_name() {
                return (false, vec![]);
            }
            match result {
                Ok(Some(snapshot)) if state.shows_region(&snapshot.region) => {
                    crate::app::navigate::cached::apply(state, snapshot)
                }
                Ok(_) => return (false, vec![]),
                Err(why) => state.notice = Some(format!("cache ignored: {why}")),
            }
            (true, vec![])
        }
        Msg::Tags {
            resource_id,
            result,
        } => {
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
        Msg::Queue(event) => crate::app::track::queue_news::on_queue_event(state, event),
        Msg::WorkspacesRead {
            profile,
            items,
            gone,
        } => {
            if profile != state.context_name() {
                return (false, vec![]);
            }
            let changed = crate::app::track::queue_news::on_workspaces_read(state, items, gone);
            (changed, vec![])
        }
        Msg::ConnectionsRead { profile, items } => {
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
        Msg::Snapshots {
            workspace_id,
            result,
        } => (
            crate::app::act::restore_note::on_snapshots(state, workspace_id, result),
            vec![],
        ),
        Msg::Campaigns(list) => (crate::app::campaign::steps::on_loaded(state, list), vec![]),
        Msg::CampaignImage { key, result } => (
            true,
            crate::app::campaign::steps::on_image(state, &key, result),
        ),
        Msg::CampaignWake(key) => (true, crate::app::campaign::steps::on_wake(state, &key)),
        Msg::Unfinished(result) => (crate::app::track::resume::on_loaded(state, result), vec![]),
        Msg::Resumable(r) => {
            state.resumables.push(*r);
            (true, vec![])
        }
        Msg::Tick => {
            let expired = state
                .notice_deadline()
                .is_some_and(|d| std::time::Instant::now() >= d);
            if expired {
                state.notice = None;
            }
            (expired, vec![])
        }
        Msg::Notice(text) => {
            state.notice = Some(text);
            (true, vec![])
        }
        Msg::Profiles(result) => (
            crate::app::navigate::contexts::on_profiles(state, result),
            vec![],
        ),
        Msg::ContextSwitched { profile, result } => (
            crate::app::navigate::contexts::on_switched(state, profile, result),
            vec![],
        ),
        Msg::FleetTags {
            region,
            resource_id,
            result,
            done,
        } => {
            let redraw =
                crate::app::navigate::tags::on_tags(state, &region, resource_id, result, done);
            rebuild_active(state);
            (redraw, vec![])
        }
        Msg::ImageShares { image_id, result } => {
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
    }
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

fn settle_scroll(state: &mut State) {
    let h = state.body_rows();
    state.panes.get_mut(state.active).scroll_into_view(h);
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
