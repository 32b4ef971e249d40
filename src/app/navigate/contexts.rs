//! Account contexts and Regions at run time: `:ctx [PROFILE]` lists the AWS profiles and
//! switches to one, `:region add|rm NAME…` changes which Regions the panes aggregate.
//! Nothing here waits: switching answers later with `Msg::ContextSwitched`.

use super::show::rebuild_active;
use crate::app::msg::{Command, Outcome};
use crate::app::state::{Joined, State};
use crate::domain::ProfileInfo;
use crate::domain::{place, validate};
use crate::panes::{ContextRow, PaneKind};

/// Whether a `:` command is one of ours.
pub fn is_context_command(cmd: &str) -> bool {
    matches!(
        cmd.split_whitespace().next(),
        Some("ctx" | "context" | "contexts" | "profiles" | "region" | "regions")
    )
}

/// Run `:ctx …` or `:region …`.
pub fn run_command(state: &mut State, cmd: &str) -> Outcome {
    let mut words = cmd.split_whitespace();
    let verb = words.next().unwrap_or_default();
    let args: Vec<&str> = words.collect();
    if verb.starts_with("region") {
        return region_command(state, &args);
    }
    match args.as_slice() {
        [] => {
            state.active = PaneKind::Contexts;
            state.notice = Some("reading the AWS profiles…".into());
            (true, vec![Command::ListProfiles])
        }
        [profile] => switch(state, profile),
        _ => {
            state.notice = Some("usage: :ctx [PROFILE]".into());
            (true, vec![])
        }
    }
}

/// Enter on a profile in the contexts pane.
pub fn use_selected(state: &mut State) -> Outcome {
    match state
        .panes
        .contexts
        .table
        .selected()
        .map(|c| c.name.clone())
    {
        Some(name) => switch(state, &name),
        None => (false, vec![]),
    }
}

fn switch(state: &mut State, profile: &str) -> Outcome {
    if !state.accounts.is_empty() {
        // The view's places, cache and jobs are all of its set of profiles.
        state.notice = Some(format!(
            "a view of {}: run wsfleet --profile {profile} for it alone",
            state.accounts.join(", ")
        ));
        return (true, vec![]);
    }
    if state.profile.as_deref() == Some(profile) {
        state.notice = Some(format!("already in profile {profile}"));
        return (true, vec![]);
    }
    state.notice = Some(format!("switching to profile {profile}…"));
    (true, vec![Command::SwitchProfile(profile.to_string())])
}

/// The profiles arrived (or could not be read).
pub fn on_profiles(state: &mut State, result: Result<Vec<ProfileInfo>, String>) -> bool {
    match result {
        Ok(list) => {
            let current = state.context_name();
            let rows: Vec<ContextRow> = list
                .into_iter()
                .map(|p| ContextRow {
                    current: p.name == current || state.accounts.contains(&p.name),
                    name: p.name,
                    region: p.region,
                    kind: p.kind,
                })
                .collect();
            state.notice = Some(if rows.is_empty() {
                "no profiles in the AWS config files (~/.aws/config, ~/.aws/credentials)".into()
            } else {
                format!("{} profiles; Enter switches", rows.len())
            });
            let pane = &mut state.panes.contexts;
            let sweep = pane.refresh.sweep + 1;
            pane.apply_page("", sweep, rows);
            pane.finish_sweep("", sweep, state.now);
        }
        Err(e) => state.notice = Some(e),
    }
    rebuild_active(state);
    true
}

/// The switch went through (rows of the old account go) or not (nothing changes).
pub fn on_switched(state: &mut State, profile: String, result: Result<(), String>) -> bool {
    match result {
        Ok(()) => {
            for kind in PaneKind::resources() {
                state.panes.get_mut(kind).clear_rows();
            }
            state.panes.sessions_pool = None;
            state.panes.sessions_fleet = None;
            state.panes.sessions.heading = None;
            state.panes.app_sessions.heading = None;
            let multi_region = state.joined.multi_region;
            state.joined = Joined::default();
            state.joined.multi_region = multi_region;
            state.joined.touch();
            for row in state.panes.contexts.table.rows_mut() {
                row.current = row.name == profile;
            }
            state.notice = Some(format!("profile {profile}: loading…"));
            state.profile = Some(profile);
            state.active = PaneKind::Workspaces;
        }
        Err(e) => state.notice = Some(format!("cannot switch to profile {profile}: {e}")),
    }
    rebuild_active(state);
    true
}

fn region_command(state: &mut State, args: &[&str]) -> Outcome {
    let usage = "usage: :region add NAME… | :region rm NAME…";
    let (op, names) = match args.split_first() {
        None => {
            state.notice = Some(format!("regions: {}  ({usage})", shown_regions(state)));
            return (true, vec![]);
        }
        Some((op, names)) if !names.is_empty() => (*op, names),
        Some(_) => {
            state.notice = Some(usage.into());
            return (true, vec![]);
        }
    };
    // Every name is checked before anything changes.
    let mut checked = vec![];
    for n in names {
        match validate::region(n) {
            Ok(r) => checked.push(r),
            Err(e) => {
                state.notice = Some(e);
                return (true, vec![]);
            }
        }
    }
    // With several profiles, a Region is added to (or removed from) every one of them.
    let checked = place::all(&state.accounts, &checked);
    match op {
        "add" | "+" => {
            let new: Vec<String> = checked
                .into_iter()
                .filter(|r| !state.regions.contains(r))
                .collect();
            if new.is_empty() {
                state.notice = Some("already shown".into());
                return (true, vec![]);
            }
            state.notice = Some(format!("added {}: loading…", new.join(", ")));
            state.regions.extend(new);
        }
        "rm" | "remove" | "del" | "-" => {
            if let Some(r) = checked.iter().find(|r| !state.regions.contains(r)) {
                state.notice = Some(format!("{r} is not shown"));
                return (true, vec![]);
            }
            if checked.len() >= state.regions.len() {
                state.notice = Some("at least one Region must stay".into());
                return (true, vec![]);
            }
            for r in &checked {
                for kind in PaneKind::resources() {
                    state.panes.get_mut(kind).forget_region(r);
                }
            }
            state.regions.retain(|r| !checked.contains(r));
            state.notice = Some(format!("removed {}", checked.join(", ")));
        }
        _ => {
            state.notice = Some(usage.into());
            return (true, vec![]);
        }
    }
    state.joined.multi_region = state.regions.len() > 1;
    state.joined.touch();
    rebuild_active(state);
    (true, vec![Command::SetRegions(state.regions.clone())])
}

/// The Regions shown, each once (with several profiles, every profile shows each of them).
fn shown_regions(state: &State) -> String {
    let mut regions: Vec<&str> = vec![];
    for r in state.regions.iter().map(|p| place::region(p)) {
        if !regions.contains(&r) {
            regions.push(r);
        }
    }
    regions.join(", ")
}
