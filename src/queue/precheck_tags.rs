//! Preconditions of tags in bulk (`Action::SetTags`): CreateTags and DeleteTags take
//! "WorkSpaces, registered directories, images, custom bundles" and more, in any state the
//! resource still exists in. Amazon-owned bundles are not custom bundles, so they are skipped;
//! a WorkSpace being terminated is gone before a tag could matter.

use crate::domain::{TargetKind, WorkspaceState};

/// Rows of these kinds take tags unless their `check_tags` says otherwise.
pub(super) fn taggable(kind: TargetKind) -> Result<(), String> {
    match kind {
        TargetKind::Workspace
        | TargetKind::Image
        | TargetKind::Bundle
        | TargetKind::Directory
        | TargetKind::Pool => Ok(()),
        _ => Err("tags are set here on WorkSpaces, images, bundles, directories and pools".into()),
    }
}

/// A WorkSpace being terminated (or gone) takes no tags.
pub(super) fn workspace(state: &WorkspaceState) -> Result<(), String> {
    match state {
        WorkspaceState::Terminating | WorkspaceState::Terminated => Err(format!(
            "{}: a terminated WorkSpace takes no tags",
            state.as_str()
        )),
        _ => Ok(()),
    }
}
