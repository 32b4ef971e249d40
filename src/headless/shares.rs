//! `wsfleet do unshare`: who each target image is shared with, read before the plan so the
//! queue's precheck (`queue::skip_not_shared`) skips an image not shared with the account,
//! as the TUI's confirmation does. One read per image, paced by its place's budget:
//! DescribeWorkspaceImagePermissions, or DescribeImagePermissions for a WorkSpaces
//! Applications image; each answer goes through `app::update` as in the TUI.

use super::get::ViewIds;
use crate::app::{self, Msg, State};
use crate::domain::Action;
use crate::panes::{PaneKind, RowKind};
use crate::service::{all_pages, WorkspacesService};

/// Whether `action` needs the shares of its targets.
pub fn needed(action: &Action) -> bool {
    matches!(
        action,
        Action::UnshareImage { .. } | Action::UnshareAppImage { .. }
    )
}

/// Read the shares of the images the view of `kind` shows (only those of `only`, when given);
/// what failed, one line per image.
pub async fn read(
    state: &mut State,
    services: &[WorkspacesService],
    kind: PaneKind,
    only: Option<&[String]>,
) -> Vec<String> {
    let applications = kind.rows() == RowKind::AppImage;
    let mut ids = state.panes.visit(kind, ViewIds);
    if let Some(only) = only {
        ids.retain(|id| only.contains(id));
    }
    // An AWS base image or one another account shares with this one is skipped by its own
    // precheck ("the specified private image"); its permissions are not this account's to
    // read.
    let own = |id: &String| {
        let image = state.panes.app_images.table.get(id);
        image.is_none_or(|i| !matches!(i.visibility.as_str(), "PUBLIC" | "SHARED"))
    };
    if applications {
        ids.retain(own);
    }
    let mut failures = vec![];
    for id in ids {
        let place = state.panes.get(kind).region_of(&id).unwrap_or_default();
        let Some(svc) = services.iter().find(|s| s.region() == place) else {
            continue;
        };
        let result = if applications {
            match svc.apps() {
                Some(apps) => all_pages(|t| apps.describe_app_image_permissions_page(&id, t)).await,
                None => continue,
            }
        } else {
            all_pages(|t| svc.describe_image_permissions_page(&id, t)).await
        };
        if let Err(e) = &result {
            let op = if applications {
                "DescribeImagePermissions"
            } else {
                "DescribeWorkspaceImagePermissions"
            };
            failures.push(format!("{place}: {op} {id}: {}: {}", e.code, e.message));
            continue;
        }
        app::update(
            state,
            Msg::ImageShares {
                image_id: id,
                result,
            },
        );
    }
    failures
}
