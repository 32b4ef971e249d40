//! The confirmation of a campaign's step (after the form, after each step, after a restart
//! and on `W`): built from the step and the current state like any action's confirmation,
//! with the campaign's tag so confirming moves the campaign on (`campaign::on_confirmed`).

use super::row::reopen_hint;
use crate::app::model::dialog::Confirm;
use crate::app::msg::Command;
use crate::app::state::{Overlay, State};
use crate::domain::Action;
use crate::queue::campaign::{Campaign, Member, Step};
use crate::queue::{plan, Target};

/// A step's action, the targets it would send now and those precheck skips.
type StepPlan = (Action, Vec<Target>, Vec<(Target, String)>);

/// Open the confirmation of campaign `i`'s current step, if it waits for one; a campaign
/// an earlier session left following its new image follows it again.
pub fn reopen(state: &mut State, i: usize) -> Vec<Command> {
    let c = &state.campaigns[i];
    if !c.awaiting_confirmation {
        state.notice = Some(c.summary());
        return vec![];
    }
    if c.step == Step::WaitImage {
        return follow_again(state, i);
    }
    let Some((action, targets, skipped)) = step_plan(state, c) else {
        return vec![];
    };
    if targets.is_empty() {
        state.notice = Some(format!("{}: nothing left to send", c.summary()));
        return vec![];
    }
    let confirm = confirmation(state, c, action, targets, skipped);
    // Nothing new is confirmed on the way out: the record keeps the step for the next start.
    if matches!(state.overlay, Overlay::None) && !state.quitting {
        state.overlay = Overlay::Confirm(Box::new(confirm));
    } else {
        state.notice = Some(format!(
            "{}: waits for your confirmation ({})",
            c.summary(),
            reopen_hint(&state.keymap, c)
        ));
    }
    vec![]
}

/// Step 1's image is still being made (DescribeWorkspaceImages until it leaves PENDING):
/// follow it again, as the session that created it did.
fn follow_again(state: &mut State, i: usize) -> Vec<Command> {
    let c = &mut state.campaigns[i];
    c.awaiting_confirmation = false;
    let Some(image_id) = c.new_image.clone() else {
        return vec![];
    };
    state.notice = Some(format!("{}: following {image_id}", c.summary()));
    vec![Command::FollowImage {
        key: c.key.clone(),
        region: c.region.clone(),
        image_id,
    }]
}

/// What the step would send now: step 1 the old image, step 2 the bundles not yet updated,
/// step 3 the WorkSpaces never sent, checked again by precheck against their state now.
fn step_plan(state: &State, c: &Campaign) -> Option<StepPlan> {
    let new_image = c.new_image.clone().unwrap_or_default();
    Some(match c.step {
        Step::CreateImage => (
            Action::CreateUpdatedImage {
                name: c.image_name.clone(),
                description: c.image_description.clone(),
            },
            vec![Target::new(&c.old_image, c.title())],
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
            let action = c.plan.as_ref()?.roll.action();
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
        _ => return None,
    })
}

/// The step's confirmation: the ordinary one for the action, with the wave plan on top for
/// step 3, typed when it affects users or is large, tagged with the campaign.
fn confirmation(
    state: &State,
    c: &Campaign,
    action: Action,
    targets: Vec<Target>,
    skipped: Vec<(Target, String)>,
) -> Confirm {
    let region_of = targets
        .iter()
        .chain(skipped.iter().map(|(t, _)| t))
        .map(|t| (t.id.clone(), c.region.clone()))
        .collect();
    let mut confirm = Confirm::across(action, region_of, targets, skipped, 0);
    confirm.profile = c.profile.clone().unwrap_or_default();
    confirm.affects = crate::app::act::affects::affects(state, &confirm.action, &confirm.targets);
    confirm.joined_lines = confirm.affects.len();
    if let Some(p) = c.plan.as_ref().filter(|_| c.step == Step::Roll) {
        confirm.affects.insert(
            0,
            format!(
                "campaign {}, step 3 of 3: in waves of {}, {} s apart; stops when more than \
                 {}% of a wave fails; connected users {}",
                c.title(),
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
    confirm.campaign = Some(c.tag(c.step.label()));
    confirm
}
