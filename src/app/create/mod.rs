//! Create WorkSpaces (`N` on the WorkSpaces pane): the form (directory and bundle pick lists,
//! users as a comma list or `@PATH` to a CSV file, running mode, volumes, encryption, tags,
//! name), every line checked before anything is sent, users who already have a WorkSpace in
//! the directory skipped with its ID (as the table knows them, or looked up: `lookup`), then
//! the ordinary confirmation, typed over `confirm_typed_over`. Targets are `directory/user`
//! (`NewWorkspace::target_id`). A resumed create job: `resume`.

pub mod lookup;
pub mod resume;

use crate::app::model::dialog::{Confirm, Form, FormKind, Target, CREATE_DEFAULTS};
use crate::app::model::pick::PickItem;
use crate::app::msg::Command;
use crate::app::state::{Overlay, State};
use crate::domain::new_workspace_csv::{from_csv, from_list, Line};
use crate::domain::new_workspace_rules as rules;
use crate::domain::{target_id, Action, CreateRequests, NewWorkspace, AMAZON_BUNDLE_OWNER};
use std::collections::HashMap;

/// `N`: open the form, or say why not.
pub fn begin(state: &mut State) -> Vec<Command> {
    if state.read_only {
        state.notice = Some("read-only: create WorkSpaces not sent".into());
        return vec![];
    }
    let directories: Vec<PickItem> = (state.panes.directories.table.rows().iter())
        .filter(|d| d.state == "REGISTERED")
        .map(|d| {
            let mut item =
                PickItem::new(d.name.clone(), format!("{}  {}", d.directory_type, d.state));
            item.value = d.id.clone();
            item
        })
        .collect();
    let mut bundles: Vec<&crate::domain::WorkspaceBundle> =
        state.panes.bundles.table.rows().iter().collect();
    // The account's own first, then Amazon's.
    bundles.sort_by_key(|b| (b.owner == AMAZON_BUNDLE_OWNER, b.name.clone()));
    let bundles: Vec<PickItem> = bundles
        .iter()
        .map(|b| {
            let mut item = PickItem::new(
                b.name.clone(),
                format!("{}  {}", b.compute_type, owner(&b.owner)),
            );
            item.value = b.id.clone();
            item
        })
        .collect();
    if directories.is_empty() {
        state.notice = Some("no registered directory loaded (:directories)".into());
        return vec![];
    }
    state.create_lookups.restart();
    let drilled = drilled_directory(state);
    let chosen = directories
        .iter()
        .position(|d| Some(&d.value) == drilled.as_ref());
    let mut form = Form::new(FormKind::CreateWorkspaces {
        directories,
        bundles,
        chosen,
    });
    for (f, d) in form.fields.iter_mut().zip(CREATE_DEFAULTS).skip(2) {
        f.1 = tui_input::Input::new(d.to_string());
    }
    state.overlay = Overlay::Form(form);
    vec![]
}

/// The directory whose WorkSpaces are shown when `N` is pressed in a directory's drill-down
/// (Enter on a directory filters the WorkSpaces pane by `dir=d-…`).
fn drilled_directory(state: &State) -> Option<String> {
    use crate::panes::PaneKind;
    let step = state.drill.last()?;
    let from_directory = step.parent == PaneKind::Directories && step.child == state.active;
    let id = step.set.strip_prefix("dir=")?;
    (from_directory && state.active == PaneKind::Workspaces).then(|| id.trim().to_string())
}

fn owner(o: &str) -> &str {
    if o == AMAZON_BUNDLE_OWNER {
        "Amazon"
    } else {
        "own"
    }
}

/// Enter in the form (taken out of the overlay): the confirmation opens, or the form stays
/// with the broken rule, or with "looking up N users" and the lookups to start.
pub fn on_enter(state: &mut State, mut form: Form) -> Vec<Command> {
    if !state.create_lookups.waiting.is_empty() {
        lookup::keep_open(state, form);
        return vec![];
    }
    match on_form(state, &form) {
        Ok(lookups) if lookups.is_empty() => vec![],
        Ok(lookups) => {
            lookup::keep_open(state, form);
            lookups
        }
        Err(e) => {
            form.error = Some(e);
            state.overlay = Overlay::Form(form);
            vec![]
        }
    }
}

/// Every field and line checked; the confirmation opens (no commands), or the lookups of
/// users the table cannot vouch for are returned, or the broken rule.
fn on_form(state: &mut State, form: &Form) -> Result<Vec<Command>, String> {
    let v = |i: usize| form.fields[i].1.value().trim().to_string();
    let template = template(&v)?;
    let users = v(2);
    let lines = match users.strip_prefix('@') {
        Some(path) => {
            let text = std::fs::read_to_string(path.trim())
                .map_err(|e| format!("{}: {e}", path.trim()))?;
            from_csv(&text, &template)
        }
        None => from_list(&users, &template),
    }
    .map_err(|errors| errors.join("; "))?;
    let region_of = regions(state, &lines)?;
    let (to_send, skipped, need) = precheck(state, lines, &region_of);
    if !need.is_empty() {
        return Ok(lookup::ask(state, need));
    }
    if to_send.is_empty() {
        return Err(format!(
            "nothing to create: {}",
            skipped.first().map_or("no users", |(_, why)| why.as_str())
        ));
    }
    let requests = to_send.iter().map(|l| l.request.clone()).collect();
    let targets: Vec<Target> = to_send
        .iter()
        .map(|l| Target::new(l.request.target_id(), l.request.user_name.clone()))
        .collect();
    let action = Action::CreateWorkspaces(Box::new(CreateRequests { requests }));
    let mut confirm = Confirm::across(action, region_of, targets, skipped, 0);
    confirm.profile = state.context_name();
    let summary = summary(state, &template, &to_send);
    crate::app::act::actions::open_confirm(state, confirm);
    if let Overlay::Confirm(c) = &mut state.overlay {
        c.affects.splice(0..0, summary);
    }
    Ok(vec![])
}

/// Each user's Region, which is their directory's (a line may name another loaded
/// directory); a line whose directory is not registered here, or whose bundle is of another
/// Region or not AVAILABLE, is refused.
fn regions(state: &State, lines: &[Line]) -> Result<HashMap<String, String>, String> {
    let mut region_of = HashMap::new();
    for l in lines {
        let r = &l.request;
        let dir = (state.panes.directories.table.get(&r.directory_id))
            .filter(|d| d.state == "REGISTERED")
            .ok_or_else(|| {
                format!(
                    "line {}: {} is not a registered directory listed here",
                    l.line, r.directory_id
                )
            })?;
        // CreateWorkspaces takes a bundle of the directory's Region (else the user's request
        // fails with ResourceNotFound.Bundle): refused here, before anything is sent.
        if let Some(b) = state.panes.bundles.table.get(&r.bundle_id) {
            let unavailable = !b.state.is_empty() && b.state != "AVAILABLE";
            if b.region != dir.region || unavailable {
                return Err(format!(
                    "line {}: bundle {} is {} in {}, the directory {} is in {}: pick an \
                     AVAILABLE bundle of the directory's Region",
                    l.line, b.name, b.state, b.region, dir.name, dir.region
                ));
            }
        }
        region_of.insert(r.target_id(), dir.region.clone());
    }
    Ok(region_of)
}

/// The form's values every line starts from.
fn template(v: &dyn Fn(usize) -> String) -> Result<NewWorkspace, String> {
    if v(0).is_empty() {
        return Err("pick a directory (↑ ↓, or type to narrow)".into());
    }
    if v(1).is_empty() {
        return Err("pick a bundle (↑ ↓, or type to narrow)".into());
    }
    let running_mode = rules::running_mode(&v(3))?;
    let opt = |i: usize, what: &str| -> Result<Option<i32>, String> {
        let s = v(i);
        if s.is_empty() {
            Ok(None)
        } else {
            rules::number(&s, what).map(Some)
        }
    };
    let auto_stop = opt(4, "auto-stop")?.filter(|_| running_mode == "AUTO_STOP");
    let encrypted = match v(7).to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" => true,
        "no" | "n" | "false" | "" => false,
        other => return Err(format!("encrypt volumes: yes or no, not {other}")),
    };
    Ok(NewWorkspace {
        directory_id: v(0),
        bundle_id: v(1),
        user_name: String::new(),
        running_mode,
        auto_stop_minutes: auto_stop,
        root_volume_gib: opt(5, "root volume")?,
        user_volume_gib: opt(6, "user volume")?,
        encrypted,
        kms_key: v(8),
        tags: rules::tags(&v(9))?,
        workspace_name: v(10),
    })
}

/// Users to send, users skipped because they already have a WorkSpace in the directory (as
/// the table knows them, or as a lookup answered), and users to look up first
/// (`(region, directory, user)`: not in the table, their Region not swept in full, not
/// answered yet). The table is read once into a map, not once per line.
#[allow(clippy::type_complexity)]
fn precheck(
    state: &State,
    lines: Vec<Line>,
    region_of: &HashMap<String, String>,
) -> (
    Vec<Line>,
    Vec<(Target, String)>,
    Vec<(String, String, String)>,
) {
    let has: HashMap<String, &str> = (state.panes.workspaces.table.rows().iter())
        .filter(|w| w.state.as_str() != "TERMINATED")
        .map(|w| (target_id(&w.directory_id, &w.user_name), w.id.as_str()))
        .collect();
    let (mut send, mut skipped, mut need) = (vec![], vec![], vec![]);
    for l in lines {
        let r = &l.request;
        let id = r.target_id();
        let answered = state.create_lookups.answers.get(&id);
        let found = has
            .get(&id)
            .copied()
            .or(answered.and_then(|a| a.as_deref()));
        let region = region_of.get(&id).cloned().unwrap_or_default();
        if let Some(ws) = found {
            let why = format!("{} already has {} in {}", r.user_name, ws, r.directory_id);
            skipped.push((Target::new(id, r.user_name.clone()), why));
        } else if answered.is_some() || lookup::swept(state, &region) {
            send.push(l);
        } else {
            need.push((region, r.directory_id.clone(), r.user_name.clone()));
        }
    }
    (send, skipped, need)
}

/// The confirmation's first lines: directory, bundle (compute, OS), running mode and its
/// billing, the first users.
fn summary(state: &State, t: &NewWorkspace, send: &[Line]) -> Vec<String> {
    let dir = (state.panes.directories.table.get(&t.directory_id))
        .map_or(t.directory_id.clone(), |d| format!("{} ({})", d.name, d.id));
    let bundle = state
        .panes
        .bundles
        .table
        .get(&t.bundle_id)
        .map_or(t.bundle_id.clone(), |b| {
            format!("{} ({}, {})", b.name, b.compute_type, b.description)
        });
    let billing = match t.running_mode.as_str() {
        "ALWAYS_ON" => "ALWAYS_ON: billed monthly".to_string(),
        _ => format!(
            "AUTO_STOP after {} min: billed hourly",
            t.auto_stop_minutes.unwrap_or(60)
        ),
    };
    let first: Vec<&str> = send
        .iter()
        .take(5)
        .map(|l| l.request.user_name.as_str())
        .collect();
    let more = send.len().saturating_sub(first.len());
    let mut users = first.join(", ");
    if more > 0 {
        users.push_str(&format!(" and {more} more"));
    }
    vec![
        format!("directory {dir}"),
        format!("bundle {bundle}"),
        billing,
        format!("users {users}"),
    ]
}
