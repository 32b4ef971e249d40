//! The fleet doctor seen from the state: what each message tells it (states seen and since
//! when, reboots that went out), its findings worked out again when what they read changed
//! and the pane is shown, the image shares its rule asks for, and where each finding's rows
//! and fix live (pane, filter, key).

use crate::app::msg::{Command, Msg, Rows};
use crate::app::state::{ctx_of, State};
use crate::config::keymap::KeyAction;
use crate::doctor::{examine, Fleet};
use crate::domain::doctor::{Finding, Fix, Subject};
use crate::domain::{Action, Outcome};
use crate::panes::PaneKind;
use crate::queue::QueueEvent;

/// Note what `msg` tells the doctor, before `update` applies it: WorkSpaces' states as read,
/// reboots that succeeded, and that its findings may have changed.
pub fn note(state: &mut State, msg: &Msg) {
    let now = state.now;
    match msg {
        Msg::Page {
            rows: Rows::Workspaces(items),
            ..
        } => state.doctor.see(items, now),
        Msg::WorkspacesRead { profile, items, .. } if *profile == state.context_name() => {
            state.doctor.see(items, now)
        }
        Msg::Queue(QueueEvent::Progress { job, results, .. }) => {
            if state.jobs.action(job.0) == Some(&Action::Reboot) {
                for r in results {
                    if matches!(r.outcome, Outcome::Succeeded { .. }) {
                        state.doctor.rebooted.insert(r.id.clone(), now);
                    }
                }
            }
            state.doctor.stale = true;
        }
        Msg::Page { .. }
        | Msg::Cached { .. }
        | Msg::ConnectionsRead { .. }
        | Msg::ImageShares { .. }
        | Msg::Usage { .. }
        | Msg::FleetTags { .. }
        | Msg::ContextSwitched { .. }
        | Msg::Queue(_) => state.doctor.stale = true,
        _ => {}
    }
}

/// Work the findings out again if what they read changed and the pane is shown (and no more
/// messages wait behind this one); whether the pane's rows changed.
pub fn refresh(state: &mut State) -> bool {
    if !state.doctor.stale || state.active != PaneKind::Doctor || state.more_waiting {
        return false;
    }
    state.doctor.stale = false;
    let mut found = findings(state);
    for f in &mut found {
        f.fix_text = fix_text(state, f);
    }
    let pane = &mut state.panes.doctor;
    let same =
        pane.table.len() == found.len() && found.iter().all(|f| pane.table.get(&f.rule) == Some(f));
    let first = pane.refresh.last_ok.is_none();
    if same && !first {
        return false;
    }
    let sweep = pane.refresh.sweep + 1;
    pane.apply_page("", sweep, found);
    pane.finish_sweep("", sweep, state.now);
    let ctx = ctx_of(&state.joined, state.now, state.idle_days);
    state.panes.doctor.rebuild(&ctx);
    true
}

/// Every finding over what the state holds now.
pub fn findings(state: &State) -> Vec<Finding> {
    let p = &state.panes;
    let fleet = Fleet {
        now: state.now,
        config: &state.doctor.config,
        idle_days: state.idle_days,
        workspaces: p.workspaces.table.rows(),
        connections: &state.joined.connections,
        seen: &state.doctor.seen,
        rebooted: &state.doctor.rebooted,
        images: p.images.table.rows(),
        image_shares: &state.joined.image_shares,
        bundles: p.bundles.table.rows(),
        pools: p.pools.table.rows(),
        app_images: p.app_images.table.rows(),
        app_updates: &state.joined.app_updates,
        app_fleets: p.app_fleets.table.rows(),
        usage: &state.joined.usage,
        tags: &state.joined.tags,
        billing: &state.joined.billing,
    };
    examine(&fleet)
}

/// The shares of images not read yet, asked once each while the pane is shown (the rule on
/// images shared outside the allow-list reads them: DescribeWorkspaceImagePermissions).
pub fn ask_shares(state: &mut State) -> Vec<Command> {
    if state.active != PaneKind::Doctor {
        return vec![];
    }
    let mut commands = vec![];
    for img in state.panes.images.table.rows() {
        let known = state.joined.image_shares.contains_key(&img.id)
            || state.joined.shares_pending.contains(&img.id);
        if known || !state.doctor.shares_asked.insert(img.id.clone()) {
            continue;
        }
        state.joined.shares_pending.insert(img.id.clone());
        commands.push(Command::LoadImageShares {
            region: img.region.clone(),
            image_id: img.id.clone(),
        });
    }
    commands
}

/// The panes whose rows the rules read (`wsfleet get doctor` sweeps these and no others).
pub fn panes_read() -> Vec<PaneKind> {
    use crate::doctor::Reads;
    crate::doctor::reads()
        .into_iter()
        .map(|r| match r {
            Reads::Workspaces => PaneKind::Workspaces,
            Reads::Connections => PaneKind::Connections,
            Reads::Images => PaneKind::Images,
            Reads::Bundles => PaneKind::Bundles,
            Reads::Pools => PaneKind::Pools,
            Reads::AppImages => PaneKind::AppImages,
            Reads::AppFleets => PaneKind::AppFleets,
            Reads::Usage => PaneKind::Workspaces,
        })
        .fold(vec![], |mut out, p| {
            if !out.contains(&p) {
                out.push(p);
            }
            out
        })
}

/// The pane that lists a finding's resources.
pub fn pane_of(subject: Subject) -> PaneKind {
    match subject {
        Subject::Workspaces => PaneKind::Workspaces,
        Subject::Bundles => PaneKind::Bundles,
        Subject::Images => PaneKind::Images,
        Subject::Pools => PaneKind::Pools,
        Subject::AppImages => PaneKind::AppImages,
        Subject::AppFleets => PaneKind::AppFleets,
    }
}

/// The pane and key action a fix is taken with, on resources of `subject`.
pub fn fix_target(fix: Fix, subject: Subject) -> (PaneKind, KeyAction) {
    let action = match fix {
        Fix::Reboot => KeyAction::Reboot,
        Fix::Rebuild => KeyAction::Rebuild,
        Fix::Stop => KeyAction::Stop,
        Fix::AutoStop => KeyAction::AutoStop,
        Fix::AlwaysOn => KeyAction::AlwaysOn,
        Fix::Terminate => KeyAction::Terminate,
        Fix::Modify => KeyAction::Modify,
        Fix::Migrate => KeyAction::Migrate,
        Fix::Campaign => KeyAction::Campaign,
        Fix::Unshare => KeyAction::Unshare,
        Fix::Capacity => KeyAction::Capacity,
        Fix::UpdateAppImage => KeyAction::UpdateImage,
    };
    (pane_of(subject), action)
}

/// The subject and IDs a finding's fix opens on: its own, or (a campaign) its images.
pub fn fix_rows(f: &Finding) -> (Subject, Vec<String>) {
    f.fix_on.clone().unwrap_or((f.subject, f.ids.clone()))
}

/// "R reboot", with the keys the keymap binds; empty without a fix.
fn fix_text(state: &State, f: &Finding) -> String {
    let Some(fix) = f.fix else {
        return String::new();
    };
    let (_, action) = fix_target(fix, fix_rows(f).0);
    let keys = state.keymap.keys_for(action);
    let keys = if keys.is_empty() {
        "[keys]".into()
    } else {
        keys
    };
    format!("{keys} {action}")
}

/// The filter that shows exactly `ids` in their pane: `id~^(a|b)$`; WorkSpaces Applications
/// rows by their name (the part of the ARN after the last `/`).
pub fn id_filter(subject: Subject, ids: &[String]) -> String {
    let (column, names): (&str, Vec<&str>) = match subject {
        Subject::AppImages | Subject::AppFleets => (
            "name",
            ids.iter()
                .map(|a| a.rsplit('/').next().unwrap_or(a))
                .collect(),
        ),
        _ => ("id", ids.iter().map(String::as_str).collect()),
    };
    let alternatives: Vec<String> = names.iter().map(|n| escape(n)).collect();
    format!("{column}~^({})$", alternatives.join("|"))
}

/// `text` matched literally in a regex, readably: resource IDs, names and ARNs hold `-`, which
/// needs no escape outside a class (`regex::escape` adds one), and sometimes `.` or `/`.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\.+*?()|[]{}^$#&~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_id_filter_names_exactly_the_set() {
        let ids = vec!["ws-a1".to_string(), "ws-b.2".to_string()];
        assert_eq!(
            id_filter(Subject::Workspaces, &ids),
            r"id~^(ws-a1|ws-b\.2)$"
        );
        let arns = vec!["arn:aws:appstream:us-east-1:1:fleet/sales".to_string()];
        assert_eq!(id_filter(Subject::AppFleets, &arns), "name~^(sales)$");
    }
}
