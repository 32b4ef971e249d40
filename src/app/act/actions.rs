//! Starting an action from a key: pick the targets (marked rows, else the cursor row), check
//! each one's state, and open the form or the confirmation. Nothing is sent from here: a
//! confirmed dialog becomes `Command::Submit` for the queue.

use crate::app::model::dialog::{Confirm, Form, FormKind, Target};
use crate::app::msg::Command;
use crate::app::state::{Overlay, State};
use crate::config::keymap::KeyAction;
use crate::domain::Action;
use crate::panes::{PaneKind, RowKind};
use crate::queue::{check_image, plan, CheckedImage, Plan, Precheck};

/// What an action key starts.
#[derive(Debug, Clone, PartialEq)]
pub enum Start {
    /// The action needs no parameters: straight to the confirmation.
    Now(Action),
    /// Ask for parameters first.
    Ask(FormKind),
}

/// What a resource action key starts on a pane: `None` where the action table
/// (`config::keymap`'s key actions) does not offer it there. Only what it starts is said here,
/// by the kind of row the pane lists; where it applies is the table's alone.
pub fn start_for(pane: PaneKind, action: KeyAction) -> Option<Start> {
    if !action.acts_on_rows() || !action.applies(pane) {
        return None;
    }
    start_on(pane.rows(), action)
}

fn start_on(rows: RowKind, action: KeyAction) -> Option<Start> {
    use KeyAction as K;
    use RowKind::{
        AppFleet, AppImage, AppSession, Bundle, Directory, Image, Pool, PoolSession, Workspace,
    };
    use Start::*;
    Some(match (action, rows) {
        (K::Reboot, Workspace) => Now(Action::Reboot),
        (K::Rebuild, Workspace) => Now(Action::Rebuild),
        (K::Start, Workspace) => Now(Action::Start),
        (K::Stop, Workspace) => Now(Action::Stop),
        (K::Terminate, Workspace) => Now(Action::Terminate),
        (K::Restore, Workspace) => Now(Action::Restore),
        (K::AutoStop, Workspace) => Now(Action::SetRunningMode("AUTO_STOP".into())),
        (K::AlwaysOn, Workspace) => Now(Action::SetRunningMode("ALWAYS_ON".into())),
        (K::MaintenanceOn, Workspace) => Now(Action::AdminMaintenance(true)),
        (K::MaintenanceOff, Workspace) => Now(Action::AdminMaintenance(false)),
        (K::CreateImage, Workspace) => Ask(FormKind::CreateImage),
        (K::Modify, Workspace) => Ask(FormKind::ModifyWorkspace),
        (K::Migrate, Workspace) => Ask(FormKind::MigrateWorkspace {
            region: String::new(),
            choices: vec![],
        }),
        (K::Share, Image) => Ask(FormKind::ShareImage),
        (K::Unshare, Image) => Ask(FormKind::UnshareImage { current: vec![] }),
        (K::UpdateImage, Image) => Ask(FormKind::CreateUpdatedImage),
        (K::CopyImage, Image) => Ask(FormKind::CopyImage { regions: vec![] }),
        (K::DeleteImage, Image) => Now(Action::DeleteImage),
        (K::Start, Pool) => Now(Action::StartPool),
        (K::Stop, Pool) => Now(Action::StopPool),
        (K::Capacity, Pool) => Ask(FormKind::PoolCapacity),
        (K::Terminate, PoolSession) => Now(Action::TerminateSession),
        // WorkSpaces Applications.
        (K::CheckUpdates, AppImage) => Now(Action::CheckAppImageUpdate),
        (K::UpdateImage, AppImage) => Ask(FormKind::CreateUpdatedAppImage {
            images: vec![],
            taken: vec![],
            date: String::new(),
        }),
        (K::Share, AppImage) => Ask(FormKind::ShareAppImage),
        (K::Unshare, AppImage) => Ask(FormKind::UnshareAppImage { current: vec![] }),
        (K::DeleteImage, AppImage) => Now(Action::DeleteAppImage),
        (K::Start, AppFleet) => Now(Action::StartFleet),
        (K::Stop, AppFleet) => Now(Action::StopFleet),
        (K::Capacity, AppFleet) => Ask(FormKind::FleetCapacity),
        (K::SwitchImage, AppFleet) => Ask(FormKind::SwitchFleetImage {
            fleet: String::new(),
            choices: vec![],
            derived: 0,
        }),
        (K::Terminate, AppSession) => Now(Action::ExpireSession),
        (K::SetTags, Workspace | Image | Bundle | Directory | Pool) => {
            Ask(super::tag_edit::form(rows)?)
        }
        // A pair the table offers but nothing starts: the test below fails on it.
        _ => return None,
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
            super::restore_note::on_open(state)
        }
        Start::Ask(kind) => {
            let switch = matches!(kind, FormKind::SwitchFleetImage { .. });
            let shares = match fill_form(state, kind) {
                Ok(kind) => {
                    let shares = super::unshare_shares::on_open(state, &kind, &p.ids);
                    state.overlay = Overlay::Form(Form::new(kind));
                    shares
                }
                Err(why) => {
                    state.notice = Some(why);
                    return vec![];
                }
            };
            if switch {
                return super::app_forms::on_switch_open(state, &p.ids);
            }
            shares
        }
    }
}

/// A form filled with what it offers for the targets (an image's current shares, the images
/// a fleet can switch to…), or why it does not open.
fn fill_form(state: &State, kind: FormKind) -> Result<FormKind, String> {
    let shares = |state: &State| {
        let id = target_ids(state).remove(0);
        let current = state.joined.image_shares.get(&id);
        current.cloned().unwrap_or_default()
    };
    Ok(match kind {
        FormKind::UnshareAppImage { .. } => FormKind::UnshareAppImage {
            current: shares(state),
        },
        FormKind::CreateUpdatedAppImage { .. } => {
            super::app_forms::updated_images(state, &target_ids(state))?
        }
        FormKind::SwitchFleetImage { .. } => {
            super::app_forms::switch_choices(state, &target_ids(state))?
        }
        FormKind::CopyImage { .. } => super::app_forms::copy_regions(state, &target_ids(state)),
        FormKind::MigrateWorkspace { .. } => super::migrate::form(state, &target_ids(state))?,
        FormKind::UnshareImage { .. } => FormKind::UnshareImage {
            current: shares(state),
        },
        FormKind::CreateUpdatedImage => {
            // Offered only where the image has an update; otherwise say why not.
            let probe = Action::CreateUpdatedImage {
                name: "x".into(),
                description: "x".into(),
            };
            for id in target_ids(state) {
                if let Some(img) = state.panes.images.table.get(&id) {
                    check_image(&probe, img).map_err(|why| format!("{id}: {why}"))?;
                }
            }
            kind
        }
        other => other,
    })
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
    // By the kind of row the pane lists (the registry's `rows`): each kind is held in one
    // table, and the connection pane's rows are WorkSpaces.
    let planned = match state.active.rows() {
        RowKind::Workspace => plan_rows(&action, &ids, |id| p.workspaces.table.get(id)),
        RowKind::Image => plan_rows(&action, &ids, |id| p.images.table.get(id)),
        RowKind::Bundle => plan_rows(&action, &ids, |id| p.bundles.table.get(id)),
        RowKind::Pool => plan_rows(&action, &ids, |id| p.pools.table.get(id)),
        RowKind::PoolSession => plan_rows(&action, &ids, |id| p.sessions.table.get(id)),
        RowKind::AppImage => {
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
        RowKind::AppFleet => plan_rows(&action, &ids, |id| p.app_fleets.table.get(id)),
        RowKind::AppSession => plan_rows(&action, &ids, |id| p.app_sessions.table.get(id)),
        RowKind::Directory => plan_rows(&action, &ids, |id| p.directories.table.get(id)),
        // wsfleet's own rows (jobs, outcomes, profiles, findings) are no AWS resource.
        RowKind::Job | RowKind::Outcome | RowKind::Profile | RowKind::Finding => Plan {
            to_send: vec![],
            skipped: ids
                .iter()
                .map(|id| (Target::new(id, ""), "not an action target".to_string()))
                .collect(),
        },
    };
    let mut planned = super::tag_edit::over_limit(state, &action, planned);
    // Unshare: only images known to be shared with the account (`queue::skip_not_shared`).
    let shares = &state.joined.image_shares;
    planned =
        crate::queue::skip_not_shared(&action, planned, |id| shares.get(id).map(Vec::as_slice));
    if let Action::Migrate { bundle_id } = &action {
        super::migrate::skip_other_platforms(state, bundle_id, &mut planned);
    }
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
    super::migrate::on_open(state);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::panes::REGISTRY;

    /// Every resource action the action table offers on a pane starts something there, and
    /// none starts where the table does not offer it.
    #[test]
    fn every_pane_starts_exactly_the_actions_the_table_offers_it() {
        for spec in &REGISTRY {
            for action in KeyAction::all() {
                let offered = action.acts_on_rows() && action.applies(spec.kind);
                assert_eq!(
                    start_for(spec.kind, action).is_some(),
                    offered,
                    "{action} on {:?}",
                    spec.kind
                );
            }
        }
    }
}
