//! What the campaign form says above its fields: the image and the three steps, and the
//! bundles step 2 updates with how many WorkSpaces each holds (step 3 rolls those), counted
//! in the WorkSpaces as loaded when the form is drawn (bundles and WorkSpaces loading
//! meanwhile show up).

use crate::app::model::dialog::{Form, FormKind};
use crate::app::state::State;

/// Bundles listed one a line; more are counted.
const SHOWN: usize = 4;

/// The form's intro, one string a line (the dialog wraps them).
pub fn intro(state: &State, form: &Form) -> Vec<String> {
    let FormKind::Campaign { image_id, .. } = &form.kind else {
        return vec![];
    };
    let name = state
        .panes
        .images
        .table
        .get(image_id)
        .map(|i| format!("{} ({image_id})", i.name))
        .unwrap_or_else(|| image_id.clone());
    let mut lines = vec![format!(
        "From {name}: (1) an updated image, (2) its bundles, (3) their WorkSpaces in waves; \
         each step is confirmed."
    )];
    lines.extend(bundle_lines(state, form, image_id));
    lines
}

/// "Bundles to update (WorkSpaces on each):" and a line per bundle the Bundles field names
/// (blank: every one built from the image).
fn bundle_lines(state: &State, form: &Form, image_id: &str) -> Vec<String> {
    let listed = super::listed::bundles_on(state, image_id);
    if listed.is_empty() {
        let why = if state.panes.bundles.refresh.last_ok.is_some() {
            "none"
        } else {
            "none loaded yet (reading them)"
        };
        return vec![format!("Bundles built from it: {why}")];
    }
    let named: Vec<&str> = form
        .fields
        .get(BUNDLES_FIELD)
        .map(|(_, i)| {
            i.value()
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
        })
        .into_iter()
        .flatten()
        .collect();
    let chosen: Vec<_> = listed
        .iter()
        .filter(|b| named.is_empty() || named.contains(&b.id.as_str()))
        .collect();
    let loading = state.panes.workspaces.refresh.last_ok.is_none();
    let mut lines = vec![format!(
        "Bundles to update (WorkSpaces on each{}):",
        if loading { ", still loading" } else { "" }
    )];
    let region = state.panes.images.table.get(image_id).map(|i| &i.region);
    for b in chosen.iter().take(SHOWN) {
        let on = state
            .panes
            .workspaces
            .table
            .rows()
            .iter()
            .filter(|w| w.bundle_id == b.id && Some(&w.region) == region)
            .count();
        let name = if b.label.is_empty() {
            String::new()
        } else {
            format!(" {}", b.label)
        };
        lines.push(format!("  {}{name}: {on} WorkSpaces", b.id));
    }
    if chosen.len() > SHOWN {
        lines.push(format!("  and {} more", chosen.len() - SHOWN));
    }
    lines
}

/// The Bundles field (`CAMPAIGN_LABELS`).
const BUNDLES_FIELD: usize = 2;
