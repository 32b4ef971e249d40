//! Reads for what is on screen beyond the sweeps: a resource's tags (one, or the fleet's for
//! a tag filter), a WorkSpace's snapshots, an image's shares, and one pool's or fleet's
//! sessions paged as a sweep of their pane.

use super::{misrouted, Executor};
use crate::app::{Command, Msg, Rows};
use crate::panes::PaneKind;
use crate::runtime::refresh::{page, sweep_once};
use crate::service::{all_pages, AppsService, WorkspacesService};
use tokio::sync::mpsc::UnboundedSender;

impl Executor {
    pub(super) fn loads(&self, c: Command) {
        let tx = self.tx.clone();
        match c {
            Command::LoadTags {
                region,
                resource_id,
            } => {
                let Some(svc) = self.svc(&region) else { return };
                tokio::spawn(async move {
                    let result = svc.describe_tags(&resource_id).await;
                    let _ = tx.send(Msg::Tags {
                        resource_id,
                        result,
                    });
                });
            }
            Command::LoadFleetTags {
                region,
                resource_ids,
            } => {
                let Some(svc) = self.svc(&region) else { return };
                tokio::spawn(fleet_tags(svc, region, resource_ids, tx));
            }
            Command::LoadSnapshots {
                region,
                workspace_id,
            } => {
                let Some(svc) = self.svc(&region) else { return };
                tokio::spawn(async move {
                    let result = svc.describe_workspace_snapshots(&workspace_id).await;
                    let _ = tx.send(Msg::Snapshots {
                        workspace_id,
                        result,
                    });
                });
            }
            Command::LoadImageShares { region, image_id } => {
                let Some(svc) = self.svc(&region) else { return };
                tokio::spawn(async move {
                    let result =
                        all_pages(|t| svc.describe_image_permissions_page(&image_id, t)).await;
                    let _ = tx.send(Msg::ImageShares { image_id, result });
                });
            }
            Command::LoadAppImageShares { region, arn } => {
                let Some(apps) = self.apps(&region) else {
                    return;
                };
                tokio::spawn(async move {
                    let result =
                        all_pages(|t| apps.describe_app_image_permissions_page(&arn, t)).await;
                    let _ = tx.send(Msg::ImageShares {
                        image_id: arn,
                        result,
                    });
                });
            }
            Command::LoadAppSessions {
                region,
                fleet,
                stacks,
                sweep,
            } => {
                let Some(apps) = self.apps(&region) else {
                    return;
                };
                tokio::spawn(app_sessions(apps, region, fleet, stacks, sweep, tx));
            }
            Command::LoadSessions {
                region,
                pool_id,
                sweep,
            } => {
                let Some(svc) = self.svc(&region) else { return };
                tokio::spawn(pool_sessions(svc, region, pool_id, sweep, tx));
            }
            other => misrouted("loads", &other),
        }
    }
}

/// DescribeTags for each resource in turn, in the budget's spare line, each answer sent as
/// it comes.
async fn fleet_tags(
    svc: WorkspacesService,
    region: String,
    resource_ids: Vec<String>,
    tx: UnboundedSender<Msg>,
) {
    let last = resource_ids.len().saturating_sub(1);
    for (n, resource_id) in resource_ids.into_iter().enumerate() {
        let result = svc.describe_tags_spare(&resource_id).await;
        // An error (denied, endpoint gone) stops the fetch: said once, and the next filter
        // or sweep asks again.
        let done = n == last || result.is_err();
        let stop = result.is_err();
        let msg = Msg::FleetTags {
            region: region.clone(),
            resource_id,
            result,
            done,
        };
        if tx.send(msg).is_err() || stop {
            return;
        }
    }
}

/// One sweep of a WorkSpaces Applications fleet's streaming sessions (DescribeSessions,
/// stack by stack), as the app sessions pane's sweep `sweep`.
async fn app_sessions(
    apps: AppsService,
    region: String,
    fleet: String,
    stacks: Vec<String>,
    sweep: u64,
    tx: UnboundedSender<Msg>,
) {
    let fetch = |t: Option<String>| {
        let (a, f, st) = (apps.clone(), fleet.clone(), stacks.clone());
        async move {
            page(
                a.describe_app_sessions_page(&f, &st, t).await,
                Rows::AppSessions,
            )
        }
    };
    let budget = apps.budget().clone();
    let pane = PaneKind::AppSessions;
    sweep_once(&tx, pane, &region, sweep, &fetch, &budget, &mut false).await;
}

/// One sweep of a WorkSpaces pool's sessions (DescribeWorkspacesPoolSessions), as the
/// sessions pane's sweep `sweep`.
async fn pool_sessions(
    svc: WorkspacesService,
    region: String,
    pool_id: String,
    sweep: u64,
    tx: UnboundedSender<Msg>,
) {
    let fetch = |t: Option<String>| {
        let (s, id) = (svc.clone(), pool_id.clone());
        async move { page(s.describe_pool_sessions_page(&id, t).await, Rows::Sessions) }
    };
    let budget = svc.budget().clone();
    let pane = PaneKind::Sessions;
    sweep_once(&tx, pane, &region, sweep, &fetch, &budget, &mut false).await;
}
