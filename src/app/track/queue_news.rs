//! Applying queue events and re-read WorkSpaces to the state.

use crate::app::model::jobs::QueueNews;
use crate::app::model::panes::OutcomesOf;
use crate::app::msg::Command;
use crate::app::navigate::detail::shares_for_selected_image;
use crate::app::state::{ctx_of, State};
use crate::domain::{Action, Outcome, ResourceResult, TargetKind, UpdateCheck, Workspace};
use crate::panes::PaneKind;
use crate::queue::QueueEvent;

/// One event from the queue: bookkeeping in `state.jobs`, the queue panes, and re-reads of
/// what an action touched.
pub fn on_queue_event(state: &mut State, event: QueueEvent) -> (bool, Vec<Command>) {
    if let QueueEvent::Touched {
        profile,
        region,
        kind,
        ids,
    } = event
    {
        return on_touched(state, profile, region, kind, ids);
    }
    let mut changed = false;
    let mut commands = vec![];
    if let QueueEvent::Progress { job, results, .. } = &event {
        changed |= update_checks(state, job.0, results);
        commands.extend(new_workspaces(state, job.0, results));
    }
    // Tags in bulk: the outcome is applied to the known tags (or they are read again).
    let retagged = crate::app::act::tag_edit::on_event(state, &event);
    // A row whose call did not succeed leaves the acted-on rows.
    changed |= crate::app::act::acted::on_event(state, &event);
    for news in state.jobs.apply(&event) {
        changed |= on_queue_news(state, news);
    }
    // Campaign jobs move their campaign on (next step, next wave, or stop).
    let campaign = crate::app::campaign::steps::on_event(state, &event);
    changed |= !campaign.is_empty();
    commands.extend(campaign);
    commands.extend(retagged);
    changed |= crate::app::campaign::row::show(state);
    match &event {
        QueueEvent::JobPaused { job, .. } => {
            state.alert = state.jobs.alert(job.0).map(|a| (job.0, a));
            changed = true;
        }
        // The pause is over: its alert goes (a failure alert of another job stays).
        QueueEvent::JobResumed { job }
            if state.alert.as_ref().is_some_and(|(j, _)| *j == job.0) =>
        {
            state.alert = None;
            changed = true;
        }
        QueueEvent::JobFinished { job, .. } => {
            if let Some(text) = state.jobs.alert(job.0) {
                state.alert = Some((job.0, text));
                changed = true;
            } else if state.alert.as_ref().is_some_and(|(j, _)| *j == job.0) {
                state.alert = None;
                changed = true;
            }
            commands.extend(new_images(state, job.0));
            super::quitting::check_done(state);
        }
        _ => {}
    }
    (changed, commands)
}

/// A job that made images (create image, create updated image, copy): say their IDs and
/// re-read the images pane of the job's Region at once, where they show as PENDING.
fn new_images(state: &mut State, job: u64) -> Vec<Command> {
    let (noun, pane) = match state.jobs.action(job) {
        // Only these make images. A dry run's results are its answers; a migration's and a
        // create's are new WorkSpaces (`new_workspaces`, and the queue re-reads a create's).
        Some(Action::CreateUpdatedAppImage { .. }) => ("application image", PaneKind::AppImages),
        Some(
            Action::CreateImage { .. }
            | Action::CreateUpdatedImage { .. }
            | Action::CopyImage { .. },
        ) => ("image", PaneKind::Images),
        Some(Action::CreateWorkspaces(_)) => return created(state, job),
        _ => return vec![],
    };
    let ids = state.jobs.results(job);
    if ids.is_empty() {
        return vec![];
    }
    let region = state.jobs.region(job).unwrap_or_default();
    state.notice = Some(format!(
        "new {noun} {} in {region} (PENDING)",
        ids.join(", ")
    ));
    vec![Command::RefreshPane { region, pane }]
}

/// A finished create job: the new WorkSpaces' IDs (CreateWorkspaces' PendingRequests, the
/// outcomes' results); the queue has re-read them, so their rows show PENDING, then AVAILABLE.
fn created(state: &mut State, job: u64) -> Vec<Command> {
    let ids = state.jobs.results(job);
    if !ids.is_empty() {
        let region = state.jobs.region(job).unwrap_or_default();
        state.notice = Some(format!(
            "created {} WorkSpaces in {region}: {} (PENDING)",
            ids.len(),
            ids.join(", ")
        ));
    }
    vec![]
}

/// Migrated WorkSpaces (MigrateWorkspace answers with TargetWorkspaceId, the outcome's
/// result): read the new IDs at once, so the new rows appear (PENDING, then re-read while
/// transitional until AVAILABLE); the old ones are re-read as touched and leave as they are
/// terminated.
fn new_workspaces(state: &mut State, job: u64, results: &[ResourceResult]) -> Vec<Command> {
    if !matches!(state.jobs.action(job), Some(Action::Migrate { .. })) {
        return vec![];
    }
    let ids: Vec<String> = (results.iter())
        .filter_map(|r| r.outcome.result().map(str::to_string))
        .collect();
    if ids.is_empty() {
        return vec![];
    }
    let region = state.jobs.region(job).unwrap_or_default();
    let pairs: Vec<String> = (results.iter())
        .filter_map(|r| Some(format!("{} → {}", r.id, r.outcome.result()?)))
        .collect();
    state.notice = Some(format!("migrated: {} (new IDs, PENDING)", pairs.join(", ")));
    vec![Command::Reread { region, ids }]
}

/// The answers of an update check (CreateUpdatedImage dry runs) as they arrive: each image's
/// update column says what its dry run said, and when; a refusal (AccessDenied…) shows too.
fn update_checks(state: &mut State, job: u64, results: &[ResourceResult]) -> bool {
    if state.jobs.action(job) != Some(&Action::CheckAppImageUpdate) {
        return false;
    }
    let at = state.now;
    let mut changed = false;
    for r in results {
        let check = match &r.outcome {
            Outcome::Succeeded { result } => UpdateCheck::from_result(result.as_deref(), at),
            Outcome::Failed { code, .. } | Outcome::Unknown { code, .. } => {
                Some(UpdateCheck::Refused {
                    code: code.clone(),
                    at,
                })
            }
            Outcome::Skipped { .. } | Outcome::Cancelled { .. } => None,
        };
        if let Some(check) = check {
            state.joined.app_updates.insert(r.id.clone(), check);
            changed = true;
        }
    }
    if changed {
        state.joined.touch();
        let ctx = ctx_of(&state.joined, state.now, state.idle_days);
        state.panes.app_images.rebuild(&ctx);
    }
    changed && state.active == PaneKind::AppImages
}

/// An action went out: re-read what it touched, if it is in the context shown now.
fn on_touched(
    state: &mut State,
    profile: Option<String>,
    region: String,
    kind: TargetKind,
    ids: Vec<String>,
) -> (bool, Vec<Command>) {
    if profile.as_deref() != Some(state.context_name().as_str()) {
        return (false, vec![]);
    }
    match kind {
        TargetKind::Workspace => (false, vec![Command::Reread { region, ids }]),
        TargetKind::Image => {
            // What we know of these images' shares is stale.
            for id in &ids {
                state.joined.image_shares.remove(id);
            }
            state.joined.touch();
            let mut commands = vec![Command::RefreshPane {
                region,
                pane: PaneKind::Images,
            }];
            commands.extend(shares_for_selected_image(state));
            (state.active == PaneKind::Images, commands)
        }
        TargetKind::Bundle => (
            false,
            vec![Command::RefreshPane {
                region,
                pane: PaneKind::Bundles,
            }],
        ),
        TargetKind::Pool => (
            false,
            vec![Command::RefreshPane {
                region,
                pane: PaneKind::Pools,
            }],
        ),
        TargetKind::PoolSession => {
            let commands = crate::app::navigate::drill::reload_pool_sessions(state)
                .into_iter()
                .collect();
            (false, commands)
        }
        TargetKind::AppImage => {
            for id in &ids {
                state.joined.image_shares.remove(id);
            }
            state.joined.touch();
            let pane = PaneKind::AppImages;
            (false, vec![Command::RefreshPane { region, pane }])
        }
        TargetKind::AppFleet => {
            let pane = PaneKind::AppFleets;
            (false, vec![Command::RefreshPane { region, pane }])
        }
        // Only tags act on directories, and their outcome is applied without a re-read.
        TargetKind::Directory => (false, vec![]),
        TargetKind::AppSession => {
            // The fleet's in-use count and its session list both changed.
            let pane = PaneKind::AppFleets;
            let mut commands = vec![Command::RefreshPane { region, pane }];
            commands.extend(crate::app::navigate::drill::reload_app_sessions(state));
            (false, commands)
        }
    }
}

fn on_queue_news(state: &mut State, news: QueueNews) -> bool {
    let ctx = ctx_of(&state.joined, state.now, state.idle_days);
    match news {
        QueueNews::Job(row) => {
            state.panes.queue.apply_rows(vec![*row], &[]);
            state.panes.queue.rebuild(&ctx);
            state.active == PaneKind::Queue
        }
        QueueNews::Outcomes { job, rows } => {
            if state.panes.outcomes_of == Some(OutcomesOf::Job(job)) {
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
        QueueNews::JournalFailed(e) => {
            state.notice = Some(format!(
                "JOURNAL NOT WRITTEN (nothing is sent without it): {e}"
            ));
            true
        }
    }
}

pub fn on_workspaces_read(state: &mut State, items: Vec<Workspace>, gone: Vec<String>) -> bool {
    for w in &items {
        state.joined.users.insert(w.id.clone(), w.user_name.clone());
    }
    state.joined.touch();
    // Acted-on rows read moving stay in view; read settled, they go (issue 26).
    crate::app::act::acted::on_read(state, &items, &gone);
    state.panes.workspaces.apply_rows(items, &gone);
    let ctx = ctx_of(&state.joined, state.now, state.idle_days);
    state.panes.workspaces.rebuild(&ctx);
    true
}

/// Show one job's outcomes (Enter on a job in the queue pane).
pub fn open_outcomes(state: &mut State, job: u64) {
    let rows = state.jobs.outcome_rows(job);
    state.panes.outcomes = Default::default();
    state.panes.outcomes.heading = Some(format!("Outcomes of job {job}"));
    state.panes.outcomes_of = Some(OutcomesOf::Job(job));
    state.panes.outcomes.apply_rows(rows, &[]);
    state.active = PaneKind::Outcomes;
    let ctx = ctx_of(&state.joined, state.now, state.idle_days);
    state.panes.outcomes.rebuild(&ctx);
}
