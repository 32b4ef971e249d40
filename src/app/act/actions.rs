//! Starting an action from a key: pick the targets (marked rows, else the cursor row), check
//! each one's state, and open the form or the confirmation. Nothing is sent from here: a
//! confirmed dialog becomes `Command::Submit` for the queue.

use crate::app::model::dialog::{Confirm, Form, FormKind, Target};
use crate::app::msg::Command;
use crate::app::state::{Overlay, State};
use crate::config::keymap::KeyAction;
use crate::domain::Action;
use crate::panes::PaneKind;
use crate::queue::{check_image, plan, CheckedImage, Plan, Precheck};

/// What an action key starts.
#[derive(Debug, Clone, PartialEq)]
pub enum Start {
    /// The action needs no parameters: straight to the confirmation.
    Now(Action),
    /// Ask for parameters first.
    Ask(FormKind),
}

/// What a keymap action starts on a pane, if it is a resource action there.
pub fn start_for(pane: PaneKind, action: KeyAction) -> Option<Start> {
    use KeyAction as K;
    use PaneKind::{
        AppFleets, AppImages, AppSessions, Connections, Images, Pools, Sessions, Workspaces,
    };
    use Start::*;
    Some(match (action, pane) {
        (K::Reboot, Workspaces | Connections) => Now(Action::Reboot),
        (K::Rebuild, Workspaces | Connections) => Now(Action::Rebuild),
        (K::Start, Workspaces | Connections) => Now(Action::Start),
        (K::Stop, Workspaces | Connections) => Now(Action::Stop),
        (K::Terminate, Workspaces | Connections) => Now(Action::Terminate),
        (K::Restore, Workspaces | Connections) => Now(Action::Restore),
        (K::AutoStop, Workspaces | Connections) => Now(Action::SetRunningMode("AUTO_STOP".into())),
        (K::AlwaysOn, Workspaces | Connections) => Now(Action::SetRunningMode("ALWAYS_ON".into())),
        (K::MaintenanceOn, Workspaces | Connections) => Now(Action::AdminMaintenance(true)),
        (K::MaintenanceOff, Workspaces | Connections) => Now(Action::AdminMaintenance(false)),
        (K::CreateImage, Workspaces | Connections) => Ask(FormKind::CreateImage),
        (K::Share, Images) => Ask(FormKind::ShareImage),
        (K::Unshare, Images) => Ask(FormKind::UnshareImage { current: vec![] }),
        (K::UpdateImage, Images) => Ask(FormKind::CreateUpdatedImage),
        (K::CopyImage, Images) => Ask(FormKind::CopyImage),
        (K::DeleteImage, Images) => Now(Action::DeleteImage),
        (K::Start, Pools) => Now(Action::StartPool),
        (K::Stop, Pools) => Now(Action::StopPool),
        (K::Capacity, Pools) => Ask(FormKind::PoolCapacity),
        (K::Terminate, Sessions) => Now(Action::TerminateSession),
        // WorkSpaces Applications.
        (K::CheckUpdates, AppImages) => Now(Action::CheckAppImageUpdate),
        (K::UpdateImage, AppImages) => Ask(FormKind::CreateUpdatedAppImage {
            images: vec![],
            taken: vec![],
            date: String::new(),
        }),
        (K::Share, AppImages) => Ask(FormKind::ShareAppImage),
        (K::Unshare, AppImages) => Ask(FormKind::UnshareAppImage { current: vec![] }),
        (K::DeleteImage, AppImages) => Now(Action::DeleteAppImage),
        (K::Start, AppFleets) => Now(Action::StartFleet),
        (K::Stop, AppFleets) => Now(Action::StopFleet),
        (K::Capacity, AppFleets) => Ask(FormKind::FleetCapacity),
        (K::SwitchImage, AppFleets) => Ask(FormKind::SwitchFleetImage { choices: vec![] }),
        (K::Terminate, AppSessions) => Now(Action::ExpireSession),
        // A resource action in a pane it has no resource for (the keymap's scopes keep it out).
        (
            K::Reboot
            | K::Rebuild
            | K::Start
            | K::Stop
            | K::Terminate
            | K::Restore
            | K::AutoStop
            | K::AlwaysOn
            | K::MaintenanceOn
            | K::MaintenanceOff
            | K::CreateImage
            | K::Share
            | K::Unshare
            | K::UpdateImage
            | K::CopyImage
            | K::DeleteImage
            | K::Capacity
            | K::CheckUpdates
            | K::SwitchImage,
            _,
        ) => return None,
        // Moving, marking, prompts and drill-downs: the key handler does these itself. Listed
        // rather than caught with `_` so a new action has to be placed on one side or the other.
        (
            K::Down
            | K::Up
            | K::PageDown
            | K::PageUp
            | K::Top
            | K::Bottom
            | K::NextPane
            | K::PrevPane
            | K::Command
            | K::Filter
            | K::SortNext
            | K::SortPrev
            | K::SortReverse
            | K::Details
            | K::Mark
            | K::MarkAll
            | K::MarkRange
            | K::ClearMarks
            | K::Refresh
            | K::ToggleHeader
            | K::ToggleWide
            | K::ShowError
            | K::CopyIds
            | K::Help
            | K::Quit
            | K::Sessions
            | K::DrillDown
            | K::GoBundle
            | K::GoDirectory
            | K::Outcomes
            | K::UseContext
            | K::CancelJob
            | K::Campaign,
            _,
        ) => return None,
    })
}

/// What an action acts on: the marked rows the filter shows, or the cursor row when nothing
/// is marked. Marked rows the filter hides are never acted on unless `include_hidden`.
pub struct Picked {
    pub ids: Vec<String>,
    /// Marked rows the filter hides (included only when asked).
    pub hidden: Vec<String>,
}

fn picked(state: &State, include_hidden: bool) -> Picked {
    let pane = state.panes.get(state.active);
    if pane.marks() == 0 {
        return Picked {
            ids: pane.selected_id().into_iter().collect(),
            hidden: vec![],
        };
    }
    let mut ids = pane.visible_marked_ids();
    let mut hidden = pane.marked_ids();
    hidden.retain(|id| ids.binary_search(id).is_err());
    if include_hidden {
        ids.extend(hidden.iter().cloned());
        ids.sort();
    }
    Picked { ids, hidden }
}

fn target_ids(state: &State) -> Vec<String> {
    picked(state, false).ids
}

/// Begin an action: refuse in read-only mode, otherwise open its form or confirmation.
pub fn begin(state: &mut State, start: Start) -> Vec<Command> {
    let name = match &start {
        Start::Now(a) => a.name(),
        Start::Ask(_) => "that action".into(),
    };
    // A dry run changes nothing, so read-only mode allows it.
    let harmless = matches!(&start, Start::Now(a) if a.changes_nothing());
    if state.read_only && !harmless {
        state.notice = Some(format!("read-only: {name} not sent"));
        return vec![];
    }
    let p = picked(state, false);
    if p.ids.is_empty() {
        state.notice = Some(if p.hidden.is_empty() {
            "nothing selected".into()
        } else {
            format!(
                "nothing to act on: all {} marked rows are hidden by the filter (Esc clears it)",
                p.hidden.len()
            )
        });
        return vec![];
    }
    match start {
        Start::Now(action) => {
            confirm(state, action);
            return super::restore_note::on_open(state);
        }
        Start::Ask(kind) => {
            let kind = match kind {
                FormKind::UnshareAppImage { .. } => {
                    let id = target_ids(state).remove(0);
                    let current = state
                        .joined
                        .image_shares
                        .get(&id)
                        .cloned()
                        .unwrap_or_default();
                    FormKind::UnshareAppImage { current }
                }
                FormKind::CreateUpdatedAppImage { .. } => {
                    match super::app_forms::updated_images(state, &target_ids(state)) {
                        Ok(kind) => kind,
                        Err(why) => {
                            state.notice = Some(why);
                            return vec![];
                        }
                    }
                }
                FormKind::SwitchFleetImage { .. } => {
                    super::app_forms::switch_choices(state, &target_ids(state))
                }
                FormKind::UnshareImage { .. } => {
                    let id = target_ids(state).remove(0);
                    let current = state
                        .joined
                        .image_shares
                        .get(&id)
                        .cloned()
                        .unwrap_or_default();
                    FormKind::UnshareImage { current }
                }
                FormKind::CreateUpdatedImage => {
                    // Offered only where the image has an update; otherwise say why not.
                    let probe = Action::CreateUpdatedImage {
                        name: "x".into(),
                        description: "x".into(),
                    };
                    for id in target_ids(state) {
                        if let Some(img) = state.panes.images.table.get(&id) {
                            if let Err(why) = check_image(&probe, img) {
                                state.notice = Some(format!("{id}: {why}"));
                                return vec![];
                            }
                        }
                    }
                    kind
                }
                other => other,
            };
            state.overlay = Overlay::Form(Form::new(kind));
        }
    }
    vec![]
}

/// Open the confirmation for `action` on the current targets, with skipped ones worked out
/// by the queue's preconditions (`queue::plan`). With nothing eligible there is no dialog:
/// the status line says why.
pub fn confirm(state: &mut State, action: Action) {
    confirm_with(state, action, false)
}

/// The same, including (or not) the marked rows the filter hides.
pub fn confirm_with(state: &mut State, action: Action, include_hidden: bool) {
    let Picked { ids, hidden } = picked(state, include_hidden);
    let p = &state.panes;
    let planned = match state.active {
        // The connection pane lists WorkSpaces too: its actions are WorkSpace actions.
        PaneKind::Workspaces | PaneKind::Connections => {
            plan_rows(&action, &ids, |id| p.workspaces.table.get(id))
        }
        PaneKind::Images => plan_rows(&action, &ids, |id| p.images.table.get(id)),
        PaneKind::Pools => plan_rows(&action, &ids, |id| p.pools.table.get(id)),
        PaneKind::Sessions => plan_rows(&action, &ids, |id| p.sessions.table.get(id)),
        PaneKind::AppImages => {
            let updates = &state.joined.app_updates;
            let checked: Vec<CheckedImage> = ids
                .iter()
                .filter_map(|id| p.app_images.table.get(id))
                .map(|image| CheckedImage {
                    image,
                    update: updates.get(&image.arn),
                })
                .collect();
            plan_rows(&action, &ids, |id| {
                checked.iter().find(|c| c.image.arn == id)
            })
        }
        PaneKind::AppFleets => plan_rows(&action, &ids, |id| p.app_fleets.table.get(id)),
        PaneKind::AppSessions => plan_rows(&action, &ids, |id| p.app_sessions.table.get(id)),
        _ => Plan {
            to_send: vec![],
            skipped: ids
                .iter()
                .map(|id| (Target::new(id, ""), "not an action target".to_string()))
                .collect(),
        },
    };
    if planned.to_send.is_empty() {
        state.notice = Some(nothing_to_do(&action, ids.len(), &planned.skipped));
        return;
    }
    let region_of = ids
        .iter()
        .filter_map(|id| Some((id.clone(), region_of(state, id)?)))
        .collect();
    let hidden_count = hidden.len();
    let mut confirm = Confirm::across(
        action,
        region_of,
        planned.to_send,
        planned.skipped,
        hidden_count,
    );
    confirm.include_hidden = include_hidden && hidden_count > 0;
    confirm.profile = state.context_name();
    open_confirm(state, confirm);
}

/// Show `confirm` with who it affects (connected users, sessions in use) and the typing rule
/// every job keeps: typed when anyone is affected or the count is over `confirm_typed_over`
/// (new jobs and resumed ones alike).
pub fn open_confirm(state: &mut State, mut confirm: Confirm) {
    confirm.affects = super::affects::affects(state, &confirm.action, &confirm.targets);
    confirm.joined_lines = confirm.affects.len();
    if !confirm.affects.is_empty() || confirm.targets.len() > state.confirm_typed_over {
        confirm.require_typing();
    }
    state.overlay = Overlay::Confirm(Box::new(confirm));
}

/// A target's Region: the pane's row, or for the connection pane the WorkSpace's.
fn region_of(state: &State, id: &str) -> Option<String> {
    state
        .pane()
        .region_of(id)
        .filter(|r| !r.is_empty())
        .or_else(|| {
            state
                .panes
                .workspaces
                .table
                .get(id)
                .map(|w| w.region.clone())
        })
}

/// "nothing to stop: 3 selected, 3 × STOPPED: stop needs AVAILABLE, …".
fn nothing_to_do(action: &Action, picked: usize, skipped: &[(Target, String)]) -> String {
    let mut reasons: Vec<(String, usize)> = vec![];
    for (_, why) in skipped {
        match reasons.iter_mut().find(|(r, _)| r == why) {
            Some((_, n)) => *n += 1,
            None => reasons.push((why.clone(), 1)),
        }
    }
    reasons.sort_by_key(|r| std::cmp::Reverse(r.1));
    let why = match reasons.as_slice() {
        [(reason, n)] if *n == picked => format!("all {reason}"),
        _ => reasons
            .iter()
            .map(|(r, n)| format!("{n} × {r}"))
            .collect::<Vec<_>>()
            .join("; "),
    };
    format!("nothing to {}: {picked} selected, {why}", action.name())
}

/// Plan `action` on the rows `row` finds by ID; an ID no longer listed is skipped.
fn plan_rows<'a, T: Precheck + 'a>(
    action: &Action,
    ids: &[String],
    row: impl Fn(&str) -> Option<&'a T>,
) -> Plan {
    let mut missing = vec![];
    let rows: Vec<&T> = ids
        .iter()
        .filter_map(|id| {
            let r = row(id);
            if r.is_none() {
                missing.push((Target::new(id, ""), "no longer listed".to_string()));
            }
            r
        })
        .collect();
    let mut planned = plan(action, rows);
    planned.skipped.extend(missing);
    planned
}
