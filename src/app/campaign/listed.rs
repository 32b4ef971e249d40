//! What is loaded that the campaign goes by: the account's bundles built from the image (the
//! ones step 2 updates), read by the form's offers, its intro and its checks alike.

use crate::app::state::State;
use crate::queue::Target;

/// The IDs of the account's bundles built from `image`, as loaded now (the form shows them).
pub fn listed_bundles(state: &State, image: &str) -> Vec<String> {
    bundles_on(state, image).into_iter().map(|b| b.id).collect()
}

/// The account's bundles built from `image` (Amazon's cannot be updated:
/// UpdateWorkspaceBundle), with their names.
pub(super) fn bundles_on(state: &State, image: &str) -> Vec<Target> {
    state
        .panes
        .bundles
        .table
        .rows()
        .iter()
        .filter(|b| b.image_id == image && !b.is_amazon())
        .map(|b| Target::new(&b.id, &b.name))
        .collect()
}
