//! The campaign's form (Images pane, `W`): what the administrator chooses before step 1, and
//! the campaign it makes.

use super::checks::check;
use super::confirm::reopen;
use super::steps::save;
use crate::app::model::dialog::{Form, FormKind, UPDATED_NAME_TEMPLATE};
use crate::app::msg::Command;
use crate::app::state::{Overlay, State};
use crate::domain::updated_image_name;
use crate::queue::campaign::{Campaign, Member, Roll, Step, WavePlan};
use crate::queue::Target;
use tui_input::Input;

/// The field of the new image's name (`CAMPAIGN_LABELS`).
const NAME_FIELD: usize = 1;

/// What the form says, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct CampaignChoice {
    pub new_image: Option<String>,
    pub image_name: String,
    /// Empty: every bundle listed.
    pub bundles: Vec<String>,
    pub plan: WavePlan,
}

/// Check every field; the first broken rule is the error.
pub fn parse(values: &[&str]) -> Result<CampaignChoice, String> {
    let new_image = Some(values[0].trim().to_string()).filter(|s| !s.is_empty());
    if let Some(id) = &new_image {
        // DescribeWorkspaceImages ImageIds: ^wsi-[0-9a-z]{9,63}$.
        if !id.starts_with("wsi-") {
            return Err(format!("{id} is not an image ID (wsi-…)"));
        }
    }
    // Checked with the image's Region in view (`checks`): the name must be new there.
    let image_name = if new_image.is_none() {
        values[NAME_FIELD].trim().to_string()
    } else {
        String::new()
    };
    let bundles = values[2]
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    let roll = match values[3].trim() {
        "rebuild" | "" => Roll::Rebuild,
        m if m.starts_with("migrate:") => Roll::Migrate {
            bundle_id: m["migrate:".len()..].trim().to_string(),
        },
        other => return Err(format!("roll: rebuild or migrate:<bundle-id>, not {other}")),
    };
    let number = |i: usize, what: &str, min: u64, max: u64| -> Result<u64, String> {
        let n: u64 = values[i]
            .trim()
            .parse()
            .map_err(|_| format!("{what}: a whole number"))?;
        if !(min..=max).contains(&n) {
            return Err(format!("{what}: {min} to {max}"));
        }
        Ok(n)
    };
    let wave_size = number(4, "wave size", 1, 1000)? as usize;
    let pause_secs = number(5, "pause", 0, 86_400)?;
    let stop_over_percent = number(6, "stop rule", 0, 100)? as u32;
    // stop: the campaign stops before a wave while a WorkSpace not yet sent has a user
    // connected (re-checked before each wave).
    let (connected_last, stop_on_connected) = match values[7].trim() {
        "last" => (true, false),
        "skip" => (false, false),
        "stop" => (true, true),
        other => return Err(format!("connected users: last, skip or stop, not {other}")),
    };
    Ok(CampaignChoice {
        new_image,
        image_name,
        bundles,
        plan: WavePlan {
            roll,
            wave_size,
            pause_secs,
            stop_over_percent,
            connected_last,
            stop_on_connected,
        },
    })
}

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
    let bundles = listed_bundles(state, &id);
    let mut form = Form::new(FormKind::Campaign {
        image_id: id.clone(),
        bundles: bundles.clone(),
    });
    // The new image's name as `P` names an updated image: {name}-{yyyymmdd}, today (UTC).
    let date = crate::app::act::app_forms::yyyymmdd(state.now);
    let name = updated_image_name(UPDATED_NAME_TEMPLATE, &img.name, &date);
    form.fields[NAME_FIELD].1 = Input::new(name);
    if !img.update_available {
        form.error = Some("no update available: give an updated image's ID".into());
    }
    state.overlay = Overlay::Form(form);
    // None listed yet (the Bundles pane's first sweep may not have run on a busy account):
    // read the bundles now; the form lists them as they arrive (it reads them when drawn and
    // again when submitted).
    if bundles.is_empty() {
        return vec![Command::RefreshPane {
            region,
            pane: crate::panes::PaneKind::Bundles,
        }];
    }
    vec![]
}

/// The IDs of the account's bundles built from `image`, as loaded now (the form shows them).
pub fn listed_bundles(state: &State, image: &str) -> Vec<String> {
    bundles_on(state, image).into_iter().map(|b| b.id).collect()
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_with_a_name_make_a_rebuild_campaign() {
        let mut v: Vec<&str> = crate::app::model::dialog::CAMPAIGN_DEFAULTS.to_vec();
        v[1] = "golden-2026-12";
        let c = parse(&v).unwrap();
        assert_eq!(c.new_image, None);
        assert_eq!(c.plan.roll, Roll::Rebuild);
        assert_eq!((c.plan.wave_size, c.plan.pause_secs), (10, 300));
        assert!(c.plan.connected_last);
        v[7] = "maybe";
        assert!(parse(&v).unwrap_err().contains("last, skip or stop"));
        v[7] = "stop";
        assert!(parse(&v).unwrap().plan.stop_on_connected);
        v[7] = "skip";
        v[4] = "0";
        assert_eq!(parse(&v).unwrap_err(), "wave size: 1 to 1000");
    }
}
