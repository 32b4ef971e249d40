//! The campaign form's checks (issue 26): every step's input is checked when the form is
//! submitted, against what wsfleet has loaded, so no campaign starts with a step that cannot
//! run. A roll of `migrate:` with no bundle once passed, steps 1 and 2 ran, and every
//! MigrateWorkspace of wave 1 failed with `BundleId ""`. The first broken rule is the error:
//! nothing is sent and the form stays open.

use super::choice::CampaignChoice;
use crate::app::state::State;
use crate::domain::{validate, Action, WorkspaceBundle, WorkspaceImage};
use crate::queue::campaign::Roll;
use crate::queue::Target;

/// What the checks found: the bundles step 2 updates, and the updated image's name (the one
/// to create, or the given image's).
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    pub bundles: Vec<Target>,
    pub new_image_name: String,
}

/// Check the form's choice for a campaign from `image`, step by step.
pub fn check(
    state: &State,
    image: &WorkspaceImage,
    choice: &CampaignChoice,
) -> Result<Checked, String> {
    let new_image_name = match &choice.new_image {
        Some(id) => given_image(state, image, id)?,
        None => new_name(state, image, &choice.image_name)?,
    };
    let bundles = chosen_bundles(state, image, &choice.bundles)?;
    if let Roll::Migrate { bundle_id } = &choice.plan.roll {
        migrate_bundle(state, image, bundle_id)?;
    }
    Ok(Checked {
        bundles,
        new_image_name,
    })
}

/// Step 1 skipped: the updated image given by ID is loaded, in the Region, AVAILABLE (step 2
/// points bundles at it: UpdateWorkspaceBundle) and not the image itself. Its name.
fn given_image(state: &State, image: &WorkspaceImage, id: &str) -> Result<String, String> {
    validate::action(&Action::UpdateBundle {
        image_id: id.to_string(),
    })
    .map_err(|e| format!("updated image: {e}"))?;
    if id == image.id {
        return Err(format!(
            "updated image: {id} is the image the campaign updates"
        ));
    }
    let given = state.panes.images.table.get(id);
    let Some(given) = given.filter(|i| i.region == image.region) else {
        return Err(format!(
            "updated image: {id} is not an image of {} (as loaded)",
            image.region
        ));
    };
    if given.state != "AVAILABLE" {
        return Err(format!(
            "updated image: {id} is {}: bundles can only use an AVAILABLE image",
            given.state
        ));
    }
    Ok(given.name.clone())
}

/// Step 1: CreateUpdatedWorkspaceImage's Name follows the API's rule and is not taken by an
/// image of the Region (image names are unique within an account and Region).
fn new_name(state: &State, image: &WorkspaceImage, name: &str) -> Result<String, String> {
    let name = validate::image_name(name).map_err(|e| format!("new image name: {e}"))?;
    let taken = state
        .panes
        .images
        .table
        .rows()
        .iter()
        .any(|i| i.region == image.region && i.name == name);
    if taken {
        return Err(format!(
            "new image name: {name} is taken in {}: image names are unique in a Region",
            image.region
        ));
    }
    Ok(name)
}

/// Step 2: the bundles named are the account's and built from the image (none named: every
/// one listed), and there is at least one.
fn chosen_bundles(
    state: &State,
    image: &WorkspaceImage,
    named: &[String],
) -> Result<Vec<Target>, String> {
    let listed = super::listed::bundles_on(state, &image.id);
    let mut chosen = vec![];
    for id in named {
        match listed.iter().find(|b| &b.id == id) {
            Some(b) => chosen.push(b.clone()),
            None => {
                return Err(format!(
                    "bundles: {id} is not a bundle built from {}",
                    image.id
                ))
            }
        }
    }
    if named.is_empty() {
        chosen = listed;
    }
    if chosen.is_empty() {
        return Err(format!(
            "bundles: no bundle of this account is built from {}",
            image.id
        ));
    }
    Ok(chosen)
}

/// Step 3 with `migrate:`: MigrateWorkspace's BundleId is a bundle of the Region, AVAILABLE,
/// on the image's platform (its operating system and tenancy: a BYOL image's WorkSpaces go
/// to BYOL bundles). The form offers only the bundles this passes (`offers`).
pub(super) fn migrate_bundle(
    state: &State,
    image: &WorkspaceImage,
    id: &str,
) -> Result<(), String> {
    if id.is_empty() {
        return Err("roll: migrate needs the bundle to migrate to (migrate:wsb-…)".into());
    }
    validate::action(&Action::Migrate {
        bundle_id: id.to_string(),
    })
    .map_err(|e| format!("roll: {e}"))?;
    let bundle = state.panes.bundles.table.get(id);
    let Some(bundle) = bundle.filter(|b| b.region == image.region) else {
        return Err(format!(
            "roll: {id} is not a bundle of {} (as loaded)",
            image.region
        ));
    };
    if bundle.state != "AVAILABLE" {
        return Err(format!(
            "roll: {id} is {}: WorkSpaces migrate only to an AVAILABLE bundle",
            bundle.state
        ));
    }
    same_platform(state, image, bundle)
}

/// The bundle's image (as loaded) has the campaign image's operating system and tenancy.
fn same_platform(
    state: &State,
    image: &WorkspaceImage,
    bundle: &WorkspaceBundle,
) -> Result<(), String> {
    let Some(its) = state.panes.images.table.get(&bundle.image_id) else {
        return Err(format!(
            "roll: the platform of {} cannot be checked: its image {} is not loaded",
            bundle.id, bundle.image_id
        ));
    };
    let platform = WorkspaceImage::platform;
    if platform(its) != platform(image) {
        return Err(format!(
            "roll: {} is a {} bundle and {} a {} image: WorkSpaces migrate only on their \
             platform",
            bundle.id,
            platform(its),
            image.name,
            platform(image)
        ));
    }
    Ok(())
}
