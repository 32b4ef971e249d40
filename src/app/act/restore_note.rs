//! Before RestoreWorkspace is confirmed, say which snapshot it goes back to: the confirmation
//! opens at once with "not known yet", a background DescribeWorkspaceSnapshots per WorkSpace
//! (`Command::LoadSnapshots`) answers with `Msg::Snapshots`, and the line is rewritten. An
//! administrator then knows how much work the restore throws away before typing to confirm.

pub use crate::app::model::dialog::SnapshotNote;
use crate::app::msg::Command;
use crate::app::state::{Overlay, State};
use crate::domain::{Action, ServiceError, WorkspaceSnapshots};
use crate::table::format::{age, clock_date};

/// At most this many WorkSpaces are looked up and named (one call each); the rest are counted.
const NAMED: usize = 5;

/// The confirmation just opened: if it is a restore, put the placeholder lines in and ask for
/// the snapshots of (the first few of) its targets.
pub fn on_open(state: &mut State) -> Vec<Command> {
    let Overlay::Confirm(c) = &state.overlay else {
        return vec![];
    };
    if c.action != Action::Restore {
        return vec![];
    }
    let mut commands = vec![];
    for t in c.targets.iter().take(NAMED) {
        let region = c.region_of.get(&t.id).cloned().unwrap_or_default();
        state.snapshots.insert(t.id.clone(), SnapshotNote::Loading);
        commands.push(Command::LoadSnapshots {
            region,
            workspace_id: t.id.clone(),
        });
    }
    rewrite(state);
    commands
}

/// DescribeWorkspaceSnapshots answered for one WorkSpace.
pub fn on_snapshots(
    state: &mut State,
    workspace_id: String,
    result: Result<WorkspaceSnapshots, ServiceError>,
) -> bool {
    let note = match result {
        Ok(s) => SnapshotNote::Known(s),
        Err(e) => SnapshotNote::Failed(e.to_string()),
    };
    state.snapshots.insert(workspace_id, note);
    rewrite(state)
}

/// Replace the confirmation's snapshot lines with what is known now. Returns whether the
/// dialog changed.
fn rewrite(state: &mut State) -> bool {
    let now = state.now;
    let notes = &state.snapshots;
    let Overlay::Confirm(c) = &mut state.overlay else {
        return false;
    };
    if c.action != Action::Restore {
        return false;
    }
    let one = c.targets.len() == 1;
    let mut lines: Vec<String> = c
        .targets
        .iter()
        .take(NAMED)
        .map(|t| {
            let who = if one {
                String::new()
            } else {
                format!("{}: ", t.id)
            };
            format!("{who}{}", line(notes.get(&t.id), now))
        })
        .collect();
    if c.targets.len() > NAMED {
        lines.push(format!(
            "{} more restore to their own latest snapshots",
            c.targets.len() - NAMED
        ));
    }
    let old = std::mem::take(&mut c.snapshot_lines);
    c.affects.drain(..old.min(c.affects.len()));
    c.snapshot_lines = lines.len();
    for (i, l) in lines.into_iter().enumerate() {
        c.affects.insert(i, l);
    }
    // Restore is destructive: typing is asked already; say so anyway in case that changes.
    c.require_typing();
    true
}

/// "restores to the snapshot of 2026-11-30 02:00 (9h ago); changes since then are lost".
fn line(note: Option<&SnapshotNote>, now: i64) -> String {
    match note {
        Some(SnapshotNote::Known(s)) => match s.restore_point() {
            Some(t) => format!(
                "restores to the snapshot of {} ({}); changes since then are lost",
                clock_date(t),
                age(Some(t), now)
            ),
            None => "no restore snapshot listed (DescribeWorkspaceSnapshots): the service \
                     will refuse the restore"
                .into(),
        },
        Some(SnapshotNote::Failed(e)) => {
            format!("snapshot time unknown: DescribeWorkspaceSnapshots failed: {e}")
        }
        Some(SnapshotNote::Loading) | None => {
            "restores to its latest snapshot: time not known yet (DescribeWorkspaceSnapshots)"
                .into()
        }
    }
}
