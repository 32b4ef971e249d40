//! After an action, re-read the WorkSpaces it touched (DescribeWorkspaces by WorkspaceIds, 25
//! per call) until none is in a transitional state, so the user watches REBOOTING turn
//! AVAILABLE without a full refresh of the fleet.

use super::msg::Msg;
use crate::service::WorkspacesService;
use std::collections::HashSet;
use std::time::Duration;
use tokio::sync::mpsc::UnboundedSender;

/// DescribeWorkspaces takes at most 25 WorkspaceIds.
const IDS_PER_CALL: usize = 25;

/// Give up watching after this long; the regular sweep takes over.
const WATCH_FOR: Duration = Duration::from_secs(30 * 60);

pub async fn watch_workspaces(
    svc: WorkspacesService,
    mut ids: Vec<String>,
    tx: UnboundedSender<Msg>,
    every: Duration,
    profile: String,
) {
    let started = tokio::time::Instant::now();
    // A first look soon after the action, so the transitional state shows.
    tokio::time::sleep(every.min(Duration::from_secs(1))).await;
    while !ids.is_empty() && started.elapsed() < WATCH_FOR {
        let mut still_moving = vec![];
        for chunk in ids.chunks(IDS_PER_CALL) {
            match svc.describe_workspaces_by_id(chunk).await {
                Ok(items) => {
                    let seen: HashSet<&str> = items.iter().map(|w| w.id.as_str()).collect();
                    let gone: Vec<String> = chunk
                        .iter()
                        .filter(|id| !seen.contains(id.as_str()))
                        .cloned()
                        .collect();
                    still_moving.extend(
                        items
                            .iter()
                            .filter(|w| w.state.is_transitional())
                            .map(|w| w.id.clone()),
                    );
                    let read = Msg::WorkspacesRead {
                        profile: profile.clone(),
                        items,
                        gone,
                    };
                    if tx.send(read).is_err() {
                        return;
                    }
                }
                // A failed re-read is not worth a message: the next round or sweep retries.
                Err(_) => still_moving.extend(chunk.iter().cloned()),
            }
        }
        ids = still_moving;
        if !ids.is_empty() {
            tokio::time::sleep(every).await;
        }
    }
}
