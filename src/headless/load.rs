//! Reading a pane's rows into a headless `State`, through the TUI's own machinery: each
//! Region's sweeps are the refresh tasks (`runtime::Refreshers`, paced by the place's
//! `RateBudget`, throttled reads retried as the TUI retries them), lookups are
//! `runtime::lookups::look_up`, and every answer goes through `app::update` as in the TUI.

use crate::app::{self, Command, Msg, State};
use crate::panes::PaneKind;
use crate::runtime::lookups::look_up;
use crate::runtime::refresh::SweepCounter;
use crate::runtime::{Intervals, Refreshers};
use crate::service::WorkspacesService;
use std::collections::HashSet;
use std::time::Duration;
use tokio::sync::mpsc;

/// A sweep runs once: the next one would come a day later, long after the process is gone.
const ONCE: Duration = Duration::from_secs(86_400);

/// Called with the rows read so far after each answer (for the progress bar).
pub type Progress<'a> = &'a mut dyn FnMut(usize);

/// Sweep `panes` in every place of `services`, each answer applied to `state`; what failed,
/// one line per place and pane.
pub async fn sweep(
    state: &mut State,
    services: &[WorkspacesService],
    panes: &[PaneKind],
    progress: Progress<'_>,
) -> Vec<String> {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let mut every = Intervals::default();
    let mut pending: HashSet<(String, PaneKind)> = HashSet::new();
    for &pane in panes {
        every.set(pane, ONCE);
        for s in services {
            pending.insert((s.region().to_string(), pane));
        }
    }
    let counter = SweepCounter::default();
    let refreshers: Vec<Refreshers> = services
        .iter()
        .map(|s| Refreshers::start(s.clone(), tx.clone(), &every, counter.clone()))
        .collect();
    drop(tx);
    let (mut failures, mut rows) = (vec![], 0);
    while !pending.is_empty() {
        let Some(msg) = rx.recv().await else { break };
        match &msg {
            Msg::Page {
                region,
                rows: page,
                last,
                ..
            } => {
                rows += page.len();
                if *last {
                    pending.remove(&(region.clone(), page.pane()));
                }
            }
            Msg::PageFailed {
                pane,
                region,
                error,
                ..
            } => {
                failures.push(format!(
                    "{region}: {}: {}: {}",
                    pane.spec().operation,
                    error.code,
                    error.message
                ));
                pending.remove(&(region.clone(), *pane));
            }
            _ => {}
        }
        app::update(state, msg);
        progress(rows);
    }
    drop(refreshers);
    failures
}

/// The WorkSpaces the Workspaces pane's filter names, looked up by ID and by user (in each
/// directory already read) as the TUI looks them up when such a filter is submitted
/// (`app::lookups::for_filter`); what failed.
pub async fn look_up_named(
    state: &mut State,
    services: &[WorkspacesService],
    progress: Progress<'_>,
) -> Vec<String> {
    state.active = PaneKind::Workspaces;
    let (tx, mut rx) = mpsc::unbounded_channel();
    let profile = state.context_name();
    let mut tasks = vec![];
    for command in app::lookups::for_filter(state) {
        let Command::LookupWorkspaces { region, ids, users } = command else {
            continue;
        };
        if let Some(svc) = services.iter().find(|s| s.region() == region) {
            let job = look_up(svc.clone(), ids, users, profile.clone(), tx.clone());
            tasks.push(tokio::spawn(job));
        }
    }
    drop(tx);
    let mut failures = vec![];
    while let Some(msg) = rx.recv().await {
        if let Msg::Notice(text) = &msg {
            failures.push(text.clone());
            continue;
        }
        app::update(state, msg);
        progress(state.panes.workspaces.table.rows().len());
    }
    failures
}

/// These WorkSpaces, looked up by ID (DescribeWorkspaces with WorkspaceIds, 25 a call) in
/// every place, each answer applied to `state`; what failed.
pub async fn look_up_ids(
    state: &mut State,
    services: &[WorkspacesService],
    ids: &[String],
) -> Vec<String> {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let profile = state.context_name();
    for svc in services {
        let job = look_up(
            svc.clone(),
            ids.to_vec(),
            vec![],
            profile.clone(),
            tx.clone(),
        );
        tokio::spawn(job);
    }
    drop(tx);
    let mut failures = vec![];
    while let Some(msg) = rx.recv().await {
        if let Msg::Notice(text) = &msg {
            failures.push(text.clone());
            continue;
        }
        app::update(state, msg);
    }
    failures
}
