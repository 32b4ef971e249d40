//! What the campaign form's pick lists offer (issue 26: an existing thing is picked, never
//! typed as an ID): the updated image (or "create one"), the bundles step 2 updates (ticked;
//! none ticked: all of them), and the roll (rebuild, or migrate to one of the bundles
//! `checks` accepts). Nothing is chosen by a guess: "create one" and "rebuild" are the
//! campaign's defaults, and no bundle or image is chosen until the user picks it.

use super::checks::migrate_bundle;
use crate::app::model::pick::PickItem;
use crate::app::state::State;
use crate::domain::WorkspaceImage;

/// The lists of the form for a campaign from `image`, as loaded now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offers {
    pub images: Vec<PickItem>,
    pub bundles: Vec<PickItem>,
    pub rolls: Vec<PickItem>,
}

pub fn offers(state: &State, image: &WorkspaceImage) -> Offers {
    Offers {
        images: updated_images(state, image),
        bundles: bundles(state, image),
        rolls: rolls(state, image),
    }
}

fn item(label: String, detail: String, value: String) -> PickItem {
    PickItem {
        label,
        detail,
        value,
    }
}

/// Step 1, or the image it gives: "create one" (CreateUpdatedWorkspaceImage), then the
/// Region's other AVAILABLE images, newest first (step 2 points bundles at the one picked).
fn updated_images(state: &State, image: &WorkspaceImage) -> Vec<PickItem> {
    let mut others: Vec<&WorkspaceImage> = (state.panes.images.table.rows().iter())
        .filter(|i| i.region == image.region && i.id != image.id && i.state == "AVAILABLE")
        .collect();
    others.sort_by_key(|i| std::cmp::Reverse(i.created));
    let create = item(
        "create one (step 1)".into(),
        "CreateUpdatedWorkspaceImage".into(),
        String::new(),
    );
    let given = others.iter().map(|i| {
        let created = i
            .created
            .and_then(|t| chrono::DateTime::from_timestamp(t, 0))
            .map_or("date unknown".into(), |t| t.format("%Y-%m-%d").to_string());
        item(
            i.name.clone(),
            format!("{}  {}  {created}", i.id, i.platform()),
            i.id.clone(),
        )
    });
    std::iter::once(create).chain(given).collect()
}

/// Step 2: the account's bundles built from the image, with the WorkSpaces on each (step 3
/// rolls those).
fn bundles(state: &State, image: &WorkspaceImage) -> Vec<PickItem> {
    super::listed::bundles_on(state, &image.id)
        .into_iter()
        .map(|b| {
            let on = (state.panes.workspaces.table.rows().iter())
                .filter(|w| w.bundle_id == b.id && w.region == image.region)
                .count();
            item(b.id.clone(), format!("{}  {on} WorkSpaces", b.label), b.id)
        })
        .collect()
}

/// Step 3: rebuild (RebuildWorkspaces), or migrate (MigrateWorkspace) to a bundle of the
/// Region that `checks` accepts: AVAILABLE, on the image's platform. Each says its name,
/// compute type and owner.
fn rolls(state: &State, image: &WorkspaceImage) -> Vec<PickItem> {
    let rebuild = item(
        "rebuild".into(),
        "RebuildWorkspaces: same bundle".into(),
        "rebuild".into(),
    );
    let mut migrate: Vec<_> = (state.panes.bundles.table.rows().iter())
        .filter(|b| migrate_bundle(state, image, &b.id).is_ok())
        .collect();
    migrate.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
    let migrate = migrate.into_iter().map(|b| {
        let owner = if b.is_amazon() { "Amazon" } else { &b.owner };
        item(
            format!("migrate to {}", b.id),
            format!("{}  {}  {owner}", b.name, b.compute_type),
            format!("migrate:{}", b.id),
        )
    });
    std::iter::once(rebuild).chain(migrate).collect()
}
