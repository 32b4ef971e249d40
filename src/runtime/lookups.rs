//! Runs a targeted lookup (`Command::LookupWorkspaces`): the WorkSpaces a filter names, by ID
//! and by user in each directory, then their connection status, each answer sent to
//! `update` as it arrives.

use crate::app::{Asker, Msg};
use crate::service::WorkspacesService;
use futures::stream::{FuturesUnordered, StreamExt};
use tokio::sync::mpsc::UnboundedSender;

/// DescribeWorkspaces and DescribeWorkspacesConnectionStatus take at most 25 IDs.
const IDS_PER_CALL: usize = 25;

pub async fn look_up(
    svc: WorkspacesService,
    ids: Vec<String>,
    users: Vec<(String, String)>,
    profile: String,
    tx: UnboundedSender<Msg>,
) {
    let mut found: Vec<String> = vec![];
    let mut failure = None;
    let mut answer = |result: Result<Vec<crate::domain::Workspace>, _>| match result {
        Ok(items) => {
            found.extend(
                items
                    .iter()
                    .map(|w: &crate::domain::Workspace| w.id.clone()),
            );
            let _ = tx.send(Msg::WorkspacesRead {
                profile: profile.clone(),
                items,
                gone: vec![],
            });
        }
        Err(e) => failure = Some(e),
    };
    for chunk in ids.chunks(IDS_PER_CALL) {
        answer(svc.lookup_workspaces(chunk).await);
    }
    // Every directory is asked at once (issue 30, item 4): each call still waits for its
    // token in the budget's line ahead of the sweep, in this order (the likeliest
    // directory first), but no call waits for the one before it to come back, so the
    // answers come as fast as the tokens do rather than one round trip after another.
    let mut by_user: FuturesUnordered<_> = users
        .iter()
        .map(|(directory, user)| svc.lookup_workspaces_of_user(directory, user))
        .collect();
    while let Some(result) = by_user.next().await {
        answer(result);
    }
    for chunk in found.chunks(IDS_PER_CALL) {
        match svc.lookup_connection_status(chunk).await {
            Ok(items) => {
                let _ = tx.send(Msg::ConnectionsRead {
                    profile: profile.clone(),
                    items,
                });
            }
            Err(e) => failure = Some(e),
        }
    }
    // The sweep still brings them; a failed lookup is said, not retried.
    if let Some(e) = failure {
        let _ = tx.send(Msg::Notice(format!(
            "lookup ({}): {}: {}",
            svc.region(),
            e.code,
            e.message
        )));
    }
}

/// Connection status of these WorkSpaces by ID (`Command::LookupConnections`), each call
/// waiting for the budget as its asker may.
pub async fn connections(
    svc: WorkspacesService,
    ids: Vec<String>,
    asker: Asker,
    profile: String,
    tx: UnboundedSender<Msg>,
) {
    for chunk in ids.chunks(IDS_PER_CALL) {
        let answer = match asker {
            Asker::Screen => svc.lookup_connection_status(chunk).await,
            Asker::Confirmation => svc.lookup_connection_status_leftover(chunk).await,
        };
        // A failure is not worth a message: the sweep brings them anyway.
        let Ok(items) = answer else {
            return;
        };
        let read = Msg::ConnectionsRead {
            profile: profile.clone(),
            items,
        };
        if tx.send(read).is_err() {
            return;
        }
    }
}
