//! The row under the cursor: its detail view (with its tags) and, on an image, who it is
//! shared with.

use crate::app::msg::{Command, Outcome};
use crate::app::state::{Detail, Fetch, Overlay, State};
use crate::panes::{PaneKind, RowKind};

/// The images pane shows who each image is shared with; that takes one call per image, so it
/// is fetched for the image the cursor is on, once, rather than for every image on refresh.
pub fn shares_for_selected_image(state: &mut State) -> Option<Command> {
    if !state.active.spec().shares {
        return None;
    }
    let id = state.pane().selected_id()?;
    if state.joined.image_shares.contains_key(&id)
        || !state.joined.shares_pending.insert(id.clone())
    {
        return None;
    }
    let region = region_of_selected(state, &id);
    Some(shares_command(state.active, region, id))
}

/// The call that lists an image's shares: DescribeWorkspaceImagePermissions, or for a
/// WorkSpaces Applications image (keyed by ARN) DescribeImagePermissions.
fn shares_command(pane: PaneKind, region: String, image_id: String) -> Command {
    if pane.rows() == RowKind::AppImage {
        Command::LoadAppImageShares {
            region,
            arn: image_id,
        }
    } else {
        Command::LoadImageShares { region, image_id }
    }
}

/// The Region of a resource in the active pane (the first Region if the pane does not say).
pub fn region_of_selected(state: &State, id: &str) -> String {
    state
        .pane()
        .region_of(id)
        .filter(|r| !r.is_empty())
        .or_else(|| state.regions.first().cloned())
        .unwrap_or_default()
}

/// A WorkSpace's or a WorkSpaces Applications fleet's CloudWatch metrics, unless fetched
/// less than `FRESH_FOR` ago (or being fetched).
fn metrics_command(state: &mut State, region: &str, id: &str) -> Option<Command> {
    let rows = state.active.rows();
    if !matches!(rows, RowKind::Workspace | RowKind::AppFleet)
        || !state.joined.metrics.wants(id, state.now)
    {
        return None;
    }
    let region = region.to_string();
    Some(if rows == RowKind::AppFleet {
        Command::LoadFleetMetrics {
            region,
            arn: id.to_string(),
        }
    } else {
        Command::LoadMetrics {
            region,
            workspace_id: id.to_string(),
        }
    })
}

pub fn open_detail(state: &mut State) -> Outcome {
    let Some(id) = state.pane().selected_id() else {
        return (false, vec![]);
    };
    let region = region_of_selected(state, &id);
    let mut commands = vec![Command::LoadTags {
        region: region.clone(),
        resource_id: id.clone(),
    }];
    // Its CloudWatch metrics, unless fetched less than `FRESH_FOR` ago.
    commands.extend(metrics_command(state, &region, &id));
    if state.active.spec().shares {
        // Shares change; the detail view always asks again.
        state.joined.shares_pending.insert(id.clone());
        commands.push(shares_command(state.active, region, id.clone()));
    }
    // DescribeTags is WorkSpaces' (the registry says whose rows have tags).
    let taggable = state.active.spec().tagged;
    if !taggable {
        commands.retain(|c| !matches!(c, Command::LoadTags { .. }));
    }
    state.overlay = Overlay::Detail(Detail {
        pane: state.active,
        id,
        scroll: 0,
        tags: if taggable {
            Fetch::Loading
        } else {
            Fetch::Ready(vec![])
        },
    });
    (true, commands)
}
