//! Migrate (issue 27, `ctrl-g` on WorkSpaces): MigrateWorkspace to a bundle picked from the
//! Region's AVAILABLE bundles, each with its platform; WorkSpaces of another platform are
//! skipped with the reason; the confirmation says what migration keeps and rebuilds, and is
//! always typed (`Action::is_destructive`). The new WorkSpace IDs are the outcomes' results
//! (TargetWorkspaceId), followed by `track::queue_news`.

use crate::app::model::dialog::FormKind;
use crate::app::model::pick::PickItem;
use crate::app::state::{Overlay, State};
use crate::domain::{Action, WorkspaceBundle};
use crate::queue::Plan;

/// What the confirmation says first, for a migration to `bundle_id`.
pub fn lines(state: &State, bundle_id: &str) -> Vec<String> {
    let bundle = state.panes.bundles.table.get(bundle_id);
    let name = bundle.map_or(bundle_id.to_string(), |b| {
        format!("{} ({bundle_id})", b.name)
    });
    let image = bundle.map_or("its image".to_string(), |b| format!("image {}", b.image_id));
    // MigrateWorkspace: "recreates the WorkSpace by using a new root volume from the target
    // bundle image and the user volume from the last available snapshot of the original".
    vec![
        format!("Migrates to {name}:"),
        "  keeps the user volume (D:, /home) from its last snapshot;".into(),
        format!("  rebuilds the root volume (C:) from {image} (its programs go);"),
        "  each WorkSpace gets a new ID (the old one is terminated).".into(),
    ]
}

/// The form: the AVAILABLE bundles of the targets' Region (bundle IDs are a Region's), with
/// their platform, name, compute type and owner; nothing chosen until the user picks.
pub fn form(state: &State, ids: &[String]) -> Result<FormKind, String> {
    let table = &state.panes.workspaces.table;
    let mut regions: Vec<&str> = (ids.iter())
        .filter_map(|id| table.get(id))
        .map(|w| w.region.as_str())
        .collect();
    regions.sort();
    regions.dedup();
    let region = match regions.as_slice() {
        [one] => one.to_string(),
        [] => return Err("no WorkSpace to migrate".into()),
        _ => {
            return Err("migrate: mark WorkSpaces of one Region (a bundle is of one Region)".into())
        }
    };
    Ok(FormKind::MigrateWorkspace {
        choices: offered(state, &region),
        region,
    })
}

/// The bundles a WorkSpace of `region` can migrate to.
fn offered(state: &State, region: &str) -> Vec<PickItem> {
    let mut bundles: Vec<&WorkspaceBundle> = (state.panes.bundles.table.rows().iter())
        .filter(|b| b.region == region && b.state == "AVAILABLE")
        // MigrateWorkspace migrates Windows WorkSpaces only (OperationNotSupportedException).
        .filter(|b| platform(state, &b.id).is_none_or(|p| p.starts_with("WINDOWS")))
        .collect();
    bundles.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
    bundles
        .into_iter()
        .map(|b| {
            // "own" rather than the account ID: the line fits 80 columns (as in the create form).
            let owner = if b.is_amazon() { "Amazon" } else { "own" };
            let platform = platform(state, &b.id).unwrap_or_else(|| "platform not known".into());
            PickItem {
                label: b.name.clone(),
                detail: format!("{}  {platform}  {}  {owner}", b.id, b.compute_type),
                value: b.id.clone(),
            }
        })
        .collect()
}

/// A bundle's platform ("WINDOWS DEFAULT"…): its image's, when the image is loaded (Amazon's
/// bundles' images are not the account's, so theirs is not known).
fn platform(state: &State, bundle_id: &str) -> Option<String> {
    let bundle = state.panes.bundles.table.get(bundle_id)?;
    let image = state.panes.images.table.get(&bundle.image_id)?;
    Some(image.platform())
}

/// Bundles arrived while the migrate form is open: it offers what is loaded now. True when
/// it is open.
pub fn offer_again(state: &mut State) -> bool {
    let Overlay::Form(form) = &state.overlay else {
        return false;
    };
    let FormKind::MigrateWorkspace { region, .. } = &form.kind else {
        return false;
    };
    let items = offered(state, region);
    let Overlay::Form(form) = &mut state.overlay else {
        return false;
    };
    if let FormKind::MigrateWorkspace { choices, .. } = &mut form.kind {
        choices.clone_from(&items);
    }
    form.offer_again(0, items);
    true
}

/// WorkSpaces whose platform (their bundle's) is known and is not the target bundle's are
/// skipped, with the reason: MigrateWorkspace keeps a WorkSpace on its platform.
pub fn skip_other_platforms(state: &State, bundle_id: &str, planned: &mut Plan) {
    let Some(to) = platform(state, bundle_id) else {
        return;
    };
    let table = &state.panes.workspaces.table;
    let (mut send, mut skip) = (vec![], vec![]);
    for t in std::mem::take(&mut planned.to_send) {
        let from = table.get(&t.id).and_then(|w| platform(state, &w.bundle_id));
        match from {
            Some(from) if from != to => {
                skip.push((t, format!("{from}: a {to} bundle is another platform")))
            }
            _ => send.push(t),
        }
    }
    planned.to_send = send;
    planned.skipped.extend(skip);
}

/// The confirmation of a migration just opened: what it keeps and rebuilds comes first (the
/// lines that say who is connected follow and are kept up to date after them).
pub fn on_open(state: &mut State) {
    let Overlay::Confirm(c) = &state.overlay else {
        return;
    };
    let Action::Migrate { bundle_id } = &c.action else {
        return;
    };
    let first = lines(state, bundle_id);
    let Overlay::Confirm(c) = &mut state.overlay else {
        return;
    };
    c.affects.splice(0..0, first);
    c.require_typing();
}
