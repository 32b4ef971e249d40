//! The confirmation of a campaign's step (after the form, after each step, after a restart
//! and on `W`): built from the step and the current state like any action's confirmation,
//! with the campaign's tag so confirming moves the campaign on (`campaign::on_confirmed`).

use super::dialog::Confirm;
use super::msg::Command;
use super::state::{Overlay, State};
use crate::domain::Action;
use crate::queue::campaign::{Member, Step};
use crate::queue::{plan, Target};

/// Open the confirmation of campaign `i`'s current step, if it waits for one.
pub(super) fn reopen(state: &mut State, i: usize) -> Vec<Command> {
    let c = &state.campaigns[i];
    if !c.awaiting_confirmation {
        state.notice = Some(c.summary());
        return vec![];
    }
    let new_image = c.new_image.clone().unwrap_or_default();
    let (action, targets, skipped): (Action, Vec<Target>, Vec<(Target, String)>) = match c.step {
        Step::CreateImage => (
            Action::CreateUpdatedImage {
                name: c.image_name.clone(),
                description: c.image_description.clone(),
            },
            vec![Target::new(&c.old_image, "")],
            vec![],
        ),
        Step::Bundles => {
            let targets = c
                .bundles
                .iter()
                .filter(|m| m.outcome.is_none())
                .map(|m| Target::new(&m.id, &m.label))
                .collect();
            let action = Action::UpdateBundle {
                image_id: new_image,
            };
            (action, targets, vec![])
        }
        Step::Roll => {
            let action = c.plan.as_ref().map(|p| p.roll.action()).unwrap();
            let ids: Vec<&Member> = c
                .workspaces
                .iter()
                .filter(|m| m.outcome.is_none() && m.wave.is_none())
                .collect();
            let rows: Vec<&crate::domain::Workspace> = ids
                .iter()
                .filter_map(|m| state.panes.workspaces.table.get(&m.id))
                .collect();
            let p = plan(&action, rows);
            (action, p.to_send, p.skipped)
        }
        _ => return vec![],
    };
    if targets.is_empty() {
        state.notice = Some(format!("{}: nothing left to send", c.summary()));
        return vec![];
    }
    let region_of = targets
        .iter()
        .chain(skipped.iter().map(|(t, _)| t))
        .map(|t| (t.id.clone(), c.region.clone()))
        .collect();
    let tag = c.tag(c.step.label());
    let mut confirm = Confirm::across(action, region_of, targets, skipped, 0);
    confirm.profile = c.profile.clone().unwrap_or_default();
    confirm.affects = super::affects::affects(state, &confirm.action, &confirm.targets);
    confirm.joined_lines = confirm.affects.len();
    if let Some(p) = c.plan.as_ref().filter(|_| c.step == Step::Roll) {
        confirm.affects.insert(
            0,
            format!(
                "campaign step 3: in waves of {}, {} s apart; stops when more than {}% of a \
                 wave fails; connected users {}",
                p.wave_size,
                p.pause_secs,
                p.stop_over_percent,
                match (p.stop_on_connected, p.connected_last) {
                    (true, _) => "stop the campaign",
                    (false, true) => "last",
                    (false, false) => "skipped",
                }
            ),
        );
    }
    if !confirm.affects.is_empty() || confirm.targets.len() > state.confirm_typed_over {
        confirm.require_typing();
    }
    confirm.campaign = Some(tag);
    if matches!(state.overlay, Overlay::None) {
        state.overlay = Overlay::Confirm(Box::new(confirm));
    } else {
        state.notice = Some(format!(
            "{}: waits for your confirmation (U on the image)",
            c.summary()
        ));
    }
    vec![]
}
