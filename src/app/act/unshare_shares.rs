//! Unsharing images: who each target image is shared with must be known before the
//! confirmation plans it (`queue::skip_not_shared` skips an image not shared with the account,
//! and one whose shares were not read). The images pane reads the shares of the image under
//! the cursor only, so opening the unshare form reads those of every other target too
//! (DescribeWorkspaceImagePermissions, or DescribeImagePermissions for a WorkSpaces
//! Applications image), while the account is being chosen.

use crate::app::model::dialog::FormKind;
use crate::app::msg::Command;
use crate::app::state::State;
use crate::panes::RowKind;

/// The reads of the target images' shares not known or under way, for an unshare form.
pub fn on_open(state: &mut State, kind: &FormKind, ids: &[String]) -> Vec<Command> {
    let app = match kind {
        FormKind::UnshareImage { .. } => false,
        FormKind::UnshareAppImage { .. } => true,
        _ => return vec![],
    };
    let mut commands = vec![];
    for id in ids {
        if state.joined.image_shares.contains_key(id)
            || !state.joined.shares_pending.insert(id.clone())
        {
            continue;
        }
        let region = state
            .pane()
            .region_of(id)
            .filter(|r| !r.is_empty())
            .or_else(|| state.regions.first().cloned())
            .unwrap_or_default();
        commands.push(if app && state.active.rows() == RowKind::AppImage {
            Command::LoadAppImageShares {
                region,
                arn: id.clone(),
            }
        } else {
            Command::LoadImageShares {
                region,
                image_id: id.clone(),
            }
        });
    }
    commands
}
