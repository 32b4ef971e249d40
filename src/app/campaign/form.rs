//! The campaign's form (Images pane, `W`): what the administrator chooses before step 1, and
//! the campaign it makes.

use super::checks::check;
use super::choice::{parse, NAME_FIELD};
use super::confirm::reopen;
use super::steps::save;
use crate::app::model::dialog::{Form, FormKind, UPDATED_NAME_TEMPLATE};
use crate::app::msg::Command;
use crate::app::state::{Overlay, State};
use crate::domain::updated_image_name;
use crate::queue::campaign::{Campaign, Member, Step};
use tui_input::Input;

/// `W` on an image: reopen the campaign under way on it (its pending step's confirmation, a
/// restart's included), else open the form.
pub fn begin(state: &mut State) -> Vec<Command> {
    if state.read_only {
        state.notice = Some("read-only: campaign not started".into());
        return vec![];
    }
    let Some(id) = state.pane().selected_id() else {
        state.notice = Some("nothing selected".into());
        return vec![];
    };
    // One campaign per image at a time: a second would roll the same WorkSpaces again. A
    // finished or stopped one does not stand in the way of a new one.
    if let Some(i) = state.campaigns.iter().position(|c| {
        !matches!(c.step, Step::Done | Step::Stopped)
            && (c.old_image == id || c.new_image.as_deref() == Some(&id))
    }) {
        let commands = reopen(state, i);
        super::row::show(state);
        return commands;
    }
    let Some(img) = state.panes.images.table.get(&id) else {
        return vec![];
    };
    if img.state != "AVAILABLE" {
        state.notice = Some(format!("{id}: {}: a campaign needs AVAILABLE", img.state));
        return vec![];
    }
    let region = img.region.clone();
    let offered = super::offers::offers(state, img);
    let bundles_listed = !offered.bundles.is_empty();
    let mut form = Form::new(FormKind::Campaign {
        image_id: id.clone(),
        images: offered.images,
        // With no update, creating one fails: nothing is chosen until an image is picked.
        create: img.update_available,
        bundles: offered.bundles,
        rolls: offered.rolls,
    });
    // The new image's name as `P` names an updated image: {name}-{yyyymmdd}, today (UTC).
    let date = crate::app::act::app_forms::yyyymmdd(state.now);
    let name = updated_image_name(UPDATED_NAME_TEMPLATE, &img.name, &date);
    form.fields[NAME_FIELD].1 = Input::new(name);
    if !img.update_available {
        form.error = Some("no update available: pick an updated image".into());
    }
    state.overlay = Overlay::Form(form);
    // None listed yet (the Bundles pane's first sweep may not have run on a busy account):
    // read the bundles now; the form lists them as they arrive (it reads them when drawn and
    // again when submitted).
    if !bundles_listed {
        return vec![Command::RefreshPane {
            region,
            pane: crate::panes::PaneKind::Bundles,
        }];
    }
    vec![]
}

/// Bundles or images arrived while the campaign form is open: its pick lists offer what is
/// loaded now (the choices made stay). True when it is open.
pub fn offer_again(state: &mut State) -> bool {
    let Overlay::Form(form) = &state.overlay else {
        return false;
    };
    let FormKind::Campaign { image_id, .. } = &form.kind else {
        return false;
    };
    let Some(image) = state.panes.images.table.get(image_id) else {
        return false;
    };
    let offered = super::offers::offers(state, image);
    let Overlay::Form(form) = &mut state.overlay else {
        return false;
    };
    if let FormKind::Campaign {
        images,
        bundles,
        rolls,
        ..
    } = &mut form.kind
    {
        images.clone_from(&offered.images);
        bundles.clone_from(&offered.bundles);
        rolls.clone_from(&offered.rolls);
    }
    form.offer_again(0, offered.images);
    form.offer_again(2, offered.bundles);
    form.offer_again(3, offered.rolls);
    true
}

/// The form was filled: check every step's input (`checks`), then make the campaign and ask
/// to confirm its first step. A broken rule is the error, and nothing is made or sent.
pub fn on_form(state: &mut State, form: &Form) -> Result<Vec<Command>, String> {
    let FormKind::Campaign { image_id, .. } = &form.kind else {
        return Ok(vec![]);
    };
    let values: Vec<&str> = form.fields.iter().map(|(_, i)| i.value()).collect();
    let choice = parse(&values)?;
    let Some(image) = state.panes.images.table.get(image_id) else {
        return Err(format!("{image_id} is no longer listed"));
    };
    let checked = check(state, image, &choice)?;
    let c = Campaign {
        key: format!("{}-{}", chrono::Utc::now().timestamp_millis(), image_id),
        profile: Some(state.context_name()),
        region: image.region.clone(),
        old_image: image_id.clone(),
        old_image_name: image.name.clone(),
        new_image: choice.new_image.clone(),
        image_name: checked.new_image_name,
        image_description: format!("updated from {image_id} by a wsfleet campaign"),
        step: if choice.new_image.is_some() {
            Step::Bundles
        } else {
            Step::CreateImage
        },
        stopped: None,
        bundles: checked.bundles.iter().map(Member::new).collect(),
        workspaces: vec![],
        plan: Some(choice.plan),
        wave: 0,
        open_jobs: vec![],
        next_wave_at: None,
        awaiting_confirmation: true,
    };
    state.campaigns.push(c);
    let i = state.campaigns.len() - 1;
    state.overlay = Overlay::None;
    let mut commands = save(state, i);
    commands.extend(reopen(state, i));
    // Its row in the queue pane from the start: waiting for step 1's confirmation.
    super::row::show(state);
    Ok(commands)
}
