//! Starting an action from a key: pick the targets (marked rows, else the cursor row), check
//! each one's state, and open the form or the confirmation. Nothing is sent from here: a
//! confirmed dialog becomes `Command::Submit` for the queue.

use super::dialog::{Confirm, Form, FormKind, Target};
use super::msg::Command;
use super::state::{Overlay, State};
use crate::domain::Action;
use crate::panes::PaneKind;
use crate::queue::{check_image, plan, Plan, Precheck};

/// What an action key starts.
#[derive(Debug, Clone, PartialEq)]
pub enum Start {
    /// The action needs no parameters: straight to the confirmation.
    Now(Action),
    /// Ask for parameters first.
    Ask(FormKind),
}

/// What a keymap action starts on a pane, if it is a resource action.
pub fn start_for(pane: PaneKind, action: &str) -> Option<Start> {
    use Start::*;
    Some(match (pane, action) {
        (PaneKind::Workspaces, "reboot") => Now(Action::Reboot),
        (PaneKind::Workspaces, "rebuild") => Now(Action::Rebuild),
        (PaneKind::Workspaces, "start") => Now(Action::Start),
        (PaneKind::Workspaces, "stop") => Now(Action::Stop),
        (PaneKind::Workspaces, "terminate") => Now(Action::Terminate),
        (PaneKind::Workspaces, "restore") => Now(Action::Restore),
        (PaneKind::Workspaces, "auto-stop") => Now(Action::SetRunningMode("AUTO_STOP".into())),
        (PaneKind::Workspaces, "always-on") => Now(Action::SetRunningMode("ALWAYS_ON".into())),
        (PaneKind::Workspaces, "maintenance-on") => Now(Action::AdminMaintenance(true)),
        (PaneKind::Workspaces, "maintenance-off") => Now(Action::AdminMaintenance(false)),
        (PaneKind::Workspaces, "create-image") => Ask(FormKind::CreateImage),
        (PaneKind::Images, "share") => Ask(FormKind::ShareImage),
        (PaneKind::Images, "unshare") => Ask(FormKind::UnshareImage { current: vec![] }),
        (PaneKind::Images, "update-image") => Ask(FormKind::CreateUpdatedImage),
        (PaneKind::Images, "copy-image") => Ask(FormKind::CopyImage),
        (PaneKind::Images, "delete-image") => Now(Action::DeleteImage),
        (PaneKind::Pools, "start") => Now(Action::StartPool),
        (PaneKind::Pools, "stop") => Now(Action::StopPool),
        (PaneKind::Pools, "capacity") => Ask(FormKind::PoolCapacity),
        (PaneKind::Sessions, "terminate") => Now(Action::TerminateSession),
        _ => return None,
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

/// Open the confirmation for `action` on the current targets, with skipped ones worked out
/// by the queue's preconditions (`queue::plan`).
pub fn confirm(state: &mut State, action: Action) {
    let ids = target_ids(state);
    let p = &state.panes;
    let planned = match state.active {
        PaneKind::Workspaces => plan_rows(&action, &ids, |id| p.workspaces.table.get(id)),
        PaneKind::Images => plan_rows(&action, &ids, |id| p.images.table.get(id)),
        PaneKind::Pools => plan_rows(&action, &ids, |id| p.pools.table.get(id)),
        PaneKind::Sessions => plan_rows(&action, &ids, |id| p.sessions.table.get(id)),
        _ => Plan {
            to_send: vec![],
            skipped: ids
                .iter()
                .map(|id| (Target::new(id, ""), "not an action target".to_string()))
                .collect(),
        },
    };
    let region_of = ids
        .iter()
        .filter_map(|id| Some((id.clone(), state.pane().region_of(id)?)))
        .collect();
    let hidden = state.pane().hidden_marks();
    let mut confirm = Confirm::across(action, region_of, planned.to_send, planned.skipped, hidden);
    confirm.profile = state.context_name();
    state.overlay = Overlay::Confirm(Box::new(confirm));
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
