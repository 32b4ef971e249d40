//! Starting an action from a key: pick the targets (marked rows, else the cursor row), check
//! each one's state, and open the form or the confirmation. Nothing is sent from here: a
//! confirmed dialog becomes `Command::Submit` for the queue.

use super::dialog::{Confirm, Form, FormKind, Target};
use super::msg::Command;
use super::state::{Overlay, State};
use crate::config::keymap::KeyAction;
use crate::domain::Action;
use crate::panes::PaneKind;
use crate::queue::{check_image, check_pool, check_session, check_workspace};

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
    use PaneKind::{Images, Pools, Sessions, Workspaces};
    use Start::*;
    Some(match (action, pane) {
        (K::Reboot, Workspaces) => Now(Action::Reboot),
        (K::Rebuild, Workspaces) => Now(Action::Rebuild),
        (K::Start, Workspaces) => Now(Action::Start),
        (K::Stop, Workspaces) => Now(Action::Stop),
        (K::Terminate, Workspaces) => Now(Action::Terminate),
        (K::Restore, Workspaces) => Now(Action::Restore),
        (K::AutoStop, Workspaces) => Now(Action::SetRunningMode("AUTO_STOP".into())),
        (K::AlwaysOn, Workspaces) => Now(Action::SetRunningMode("ALWAYS_ON".into())),
        (K::MaintenanceOn, Workspaces) => Now(Action::AdminMaintenance(true)),
        (K::MaintenanceOff, Workspaces) => Now(Action::AdminMaintenance(false)),
        (K::CreateImage, Workspaces) => Ask(FormKind::CreateImage),
        (K::Share, Images) => Ask(FormKind::ShareImage),
        (K::Unshare, Images) => Ask(FormKind::UnshareImage { current: vec![] }),
        (K::UpdateImage, Images) => Ask(FormKind::CreateUpdatedImage),
        (K::CopyImage, Images) => Ask(FormKind::CopyImage),
        (K::DeleteImage, Images) => Now(Action::DeleteImage),
        (K::Start, Pools) => Now(Action::StartPool),
        (K::Stop, Pools) => Now(Action::StopPool),
        (K::Capacity, Pools) => Ask(FormKind::PoolCapacity),
        (K::Terminate, Sessions) => Now(Action::TerminateSession),
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
            | K::Capacity,
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
            | K::CopyIds
            | K::Help
            | K::Quit
            | K::Sessions
            | K::Outcomes
            | K::UseContext
            | K::CancelJob,
            _,
        ) => return None,
    })
}

/// Marked resources of the active pane, or the one under the cursor.
fn target_ids(state: &State) -> Vec<String> {
    let pane = state.panes.get(state.active);
    let marked = pane.marked_ids();
    if marked.is_empty() {
        pane.selected_id().into_iter().collect()
    } else {
        marked
    }
}

/// Begin an action: refuse in read-only mode, otherwise open its form or confirmation.
pub fn begin(state: &mut State, start: Start) -> Vec<Command> {
    let name = match &start {
        Start::Now(a) => a.name(),
        Start::Ask(_) => "that action".into(),
    };
    if state.read_only {
        state.notice = Some(format!("read-only: {name} not sent"));
        return vec![];
    }
    if target_ids(state).is_empty() {
        state.notice = Some("nothing selected".into());
        return vec![];
    }
    match start {
        Start::Now(action) => confirm(state, action),
        Start::Ask(kind) => {
            let kind = match kind {
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

/// Open the confirmation for `action` on the current targets, with skipped ones worked out.
pub fn confirm(state: &mut State, action: Action) {
    let ids = target_ids(state);
    let mut targets = vec![];
    let mut skipped = vec![];
    let mut region_of = std::collections::HashMap::new();
    for id in ids {
        if let Some(r) = state.pane().region_of(&id) {
            region_of.insert(id.clone(), r);
        }
        let (label, check) = match state.active {
            PaneKind::Workspaces => match state.panes.workspaces.table.get(&id) {
                Some(w) => (w.user_name.clone(), check_workspace(&action, w)),
                None => (String::new(), Err("no longer listed".into())),
            },
            PaneKind::Images => match state.panes.images.table.get(&id) {
                Some(i) => (i.name.clone(), check_image(&action, i)),
                None => (String::new(), Err("no longer listed".into())),
            },
            PaneKind::Pools => match state.panes.pools.table.get(&id) {
                Some(p) => (p.name.clone(), check_pool(&action, p)),
                None => (String::new(), Err("no longer listed".into())),
            },
            PaneKind::Sessions => match state.panes.sessions.table.get(&id) {
                Some(s) => (s.user_id.clone(), check_session(&action, s)),
                None => (String::new(), Err("no longer listed".into())),
            },
            _ => (String::new(), Err("not an action target".into())),
        };
        match check {
            Ok(()) => targets.push(Target { id, label }),
            Err(reason) => skipped.push((Target { id, label }, reason)),
        }
    }
    let hidden = state.pane().hidden_marks();
    let mut confirm = Confirm::across(action, region_of, targets, skipped, hidden);
    confirm.profile = state.context_name();
    state.overlay = Overlay::Confirm(Box::new(confirm));
}
