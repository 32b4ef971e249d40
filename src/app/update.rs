//! `update`: apply one message to the state. Never awaits; what the runtime must do comes
//! back as `Effects` (redraw or not, and commands to start). Every message goes through here:
//! input, pages, queue events, answers to commands.

use super::effects::Effects;
use super::msg::{Msg, Outcome, Rows};
use super::state::{now_epoch, State};
use crate::app::input::keys::on_key;
use crate::app::io::cache::Snapshot;
use crate::app::navigate::arrive;
use crate::app::navigate::show::rebuild_active;
use crate::app::{act, campaign, input, navigate, track};
use crate::domain::{ServiceError, Tag, Workspace};
use crate::panes::PaneKind;

/// Apply one message. Returns whether anything visible changed (so the runtime knows to
/// redraw) and the commands to start. The active pane's scroll is settled once, here, after
/// whatever the message changed.
pub fn update(state: &mut State, msg: Msg) -> Effects {
    state.now = state.fixed_now.unwrap_or_else(now_epoch);
    // Typed filter text waits only through more typing (`typing`): anything else finds it
    // applied, and so does the frame after the batch.
    if !input::typing::edits_filter(state, &msg) {
        input::typing::settle_filter(state);
    }
    crate::app::navigate::doctor::note(state, &msg);
    let (mut redraw, mut commands) = apply(state, msg);
    redraw |= crate::app::navigate::doctor::refresh(state);
    commands.extend(crate::app::navigate::doctor::ask_shares(state));
    let (opened, resumed) = track::resume::open_next(state);
    redraw |= opened;
    commands.extend(resumed);
    if !state.more_waiting {
        redraw |= input::typing::settle_filter(state);
    }
    redraw |= act::confirm_status::refresh(state);
    commands.extend(act::confirm_status::ask(state));
    commands.extend(crate::app::navigate::tags::load_missing(state));
    settle_scroll(state);
    commands.extend(navigate::usage::load_missing(state));
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

fn apply(state: &mut State, msg: Msg) -> Outcome {
    match msg {
        Msg::Key(key) => on_key(state, key),
        Msg::Paste(text) => (input::paste::on_paste(state, &text), vec![]),
        Msg::Resize(w, h) => {
            state.size = (w, h);
            (true, vec![])
        }
        Msg::Page {
            region,
            sweep,
            rows,
            last,
        } => on_page(state, region, sweep, rows, last),
        Msg::PageFailed {
            pane,
            region,
            sweep,
            error,
        } => arrive::on_page_failed(state, pane, &region, sweep, error),
        Msg::Cached { profile, result } => on_cached(state, profile, result),
        Msg::Tags {
            resource_id,
            result,
        } => arrive::on_tags(state, resource_id, result),
        Msg::Metrics {
            workspace_id,
            result,
        } => crate::app::navigate::metrics::on_metrics(state, workspace_id, result),
        Msg::Usage { ids, result } => navigate::usage::on_usage(state, ids, result),
        Msg::Queue(event) => track::queue_news::on_queue_event(state, event),
        Msg::WorkspacesRead {
            profile,
            items,
            gone,
        } => on_workspaces_read(state, profile, items, gone),
        Msg::ConnectionsRead { profile, items } => {
            arrive::on_connections_read(state, profile, items)
        }
        Msg::Snapshots {
            workspace_id,
            result,
        } => (
            act::restore_note::on_snapshots(state, workspace_id, result),
            vec![],
        ),
        msg @ (Msg::Campaigns(_) | Msg::CampaignImage { .. } | Msg::CampaignWake(_)) => {
            on_campaign(state, msg)
        }
        Msg::Unfinished(result) => (track::resume::on_loaded(state, result), vec![]),
        msg @ (Msg::History(_) | Msg::Resumable(_)) => on_journal_news(state, msg),
        Msg::CreateUserLooked {
            round,
            target,
            result,
        } => crate::app::create::lookup::on_answer(state, round, target, result),
        Msg::Tick => on_tick(state),
        Msg::Notice(text) => {
            state.notice = Some(text);
            (true, vec![])
        }
        Msg::Profiles(result) => (navigate::contexts::on_profiles(state, result), vec![]),
        Msg::ContextSwitched { profile, result } => (
            navigate::contexts::on_switched(state, profile, result),
            vec![],
        ),
        Msg::FleetTags {
            region,
            resource_id,
            result,
            done,
        } => on_fleet_tags(state, &region, resource_id, result, done),
        Msg::ImageShares { image_id, result } => arrive::on_image_shares(state, image_id, result),
    }
}

/// What the runtime read of earlier runs: the history file, or a job it can resume.
fn on_journal_news(state: &mut State, msg: Msg) -> Outcome {
    match msg {
        Msg::History(entries) => {
            state.history = crate::app::model::history::History::from_entries(entries);
            (false, vec![])
        }
        Msg::Resumable(r) => {
            state.resumables.push(*r);
            (true, vec![])
        }
        _ => (false, vec![]),
    }
}

/// A campaign's news: its list read, an image it waits for, or its wake-up.
fn on_campaign(state: &mut State, msg: Msg) -> Outcome {
    match msg {
        Msg::Campaigns(list) => (campaign::steps::on_loaded(state, list), vec![]),
        Msg::CampaignImage { key, result } => {
            (true, campaign::steps::on_image(state, &key, result))
        }
        Msg::CampaignWake(key) => (true, campaign::steps::on_wake(state, &key)),
        _ => (false, vec![]),
    }
}

/// A sweep's page: into its pane; acted-on rows it shows settled leave the view (issue 26),
/// and an open form's pick lists offer what is loaded now.
fn on_page(state: &mut State, region: String, sweep: u64, rows: Rows, last: bool) -> Outcome {
    let (shown, commands) = arrive::on_page(state, region, sweep, rows, last);
    act::acted::settle(state);
    let offered = campaign::steps::offer_again(state) | act::migrate::offer_again(state);
    (shown || offered, commands)
}

/// WorkSpaces re-read after a job touched them, if still this context's.
fn on_workspaces_read(
    state: &mut State,
    profile: String,
    items: Vec<Workspace>,
    gone: Vec<String>,
) -> Outcome {
    if profile != state.context_name() {
        return (false, vec![]);
    }
    (
        track::queue_news::on_workspaces_read(state, items, gone),
        vec![],
    )
}

/// A resource's tags for the tag filter and wide mode (DescribeTags in the spare budget).
fn on_fleet_tags(
    state: &mut State,
    region: &str,
    resource_id: String,
    result: Result<Vec<Tag>, ServiceError>,
    done: bool,
) -> Outcome {
    let redraw = navigate::tags::on_tags(state, region, resource_id, result, done);
    rebuild_active(state);
    (redraw, vec![])
}

/// A Region's snapshot from the warm-start cache, if it is still this context's and shown.
fn on_cached(
    state: &mut State,
    profile: String,
    result: Result<Option<Snapshot>, String>,
) -> Outcome {
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

/// The clock: a notice shown long enough goes.
fn on_tick(state: &mut State) -> Outcome {
    let expired = state
        .notice_deadline()
        .is_some_and(|d| std::time::Instant::now() >= d);
    if expired {
        state.notice = None;
    }
    (expired, vec![])
}

fn settle_scroll(state: &mut State) {
    let h = state.body_rows();
    state.panes.get_mut(state.active).scroll_into_view(h);
}
