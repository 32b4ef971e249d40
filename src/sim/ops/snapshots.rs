//! DescribeWorkspaceSnapshots: the snapshots a WorkSpace can be restored (RestoreSnapshots:
//! root and user volume) or rebuilt (RebuildSnapshots: user volume) from.
//!
//! WorkSpaces takes a snapshot of both volumes every 12 hours; the emulator lists the last
//! three, newest first, at a per-WorkSpace phase derived from its ID (so answers are
//! deterministic and two WorkSpaces do not share times), never before the WorkSpace was created
//! or last rebuilt. The rebuild snapshot is the one taken when it was created or last rebuilt
//! (`WorkspaceRec::rebuilt`). A WorkSpace still PENDING has none of either.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{parse, reply, Ctx};
use crate::sim::error::ApiError;
use crate::sim::seed::{fnv64, HOUR};
use crate::sim::store::WorkspaceRec;
use crate::sim::types::{epoch_seconds, Millis, WorkspaceState};
use crate::sim::validate::{pattern, Violations};

/// How often restore snapshots are taken.
pub const RESTORE_EVERY: Millis = 12 * HOUR;
/// How many restore snapshots are listed.
const RESTORE_KEPT: usize = 3;

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DescribeSnapshotsRequest {
    workspace_id: Option<String>,
}

/// The `Snapshot` shape.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Snapshot {
    snapshot_time: f64,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct DescribeSnapshotsResponse {
    rebuild_snapshots: Vec<Snapshot>,
    restore_snapshots: Vec<Snapshot>,
}

/// The restore snapshot times of `rec` at `now`, newest first.
pub fn restore_times(rec: &WorkspaceRec, now: Millis) -> Vec<Millis> {
    if rec.ws.state == WorkspaceState::Pending {
        return vec![];
    }
    let phase = fnv64(&rec.ws.workspace_id) % RESTORE_EVERY;
    let Some(since_phase) = now.checked_sub(phase) else {
        return vec![];
    };
    let latest = since_phase / RESTORE_EVERY * RESTORE_EVERY + phase;
    (0..RESTORE_KEPT as u64)
        .filter_map(|k| latest.checked_sub(k * RESTORE_EVERY))
        .filter(|t| *t > rec.rebuilt)
        .collect()
}

pub fn describe_snapshots(ctx: &Ctx, body: Value) -> Result<Value, ApiError> {
    let req: DescribeSnapshotsRequest = parse(body)?;
    let mut v = Violations::new();
    v.required_pattern("workspaceId", &req.workspace_id, pattern::WORKSPACE_ID);
    v.finish()?;
    let id = req.workspace_id.unwrap_or_default();
    ctx.with_store(|store| {
        let rec = store.workspaces.get(&id).ok_or_else(|| {
            ApiError::not_found(&id, format!("The WorkSpace {id} could not be found."))
        })?;
        let snap = |t: Millis| Snapshot {
            snapshot_time: epoch_seconds(t),
        };
        let rebuild = if rec.ws.state == WorkspaceState::Pending {
            vec![]
        } else {
            vec![snap(rec.rebuilt)]
        };
        reply(&DescribeSnapshotsResponse {
            rebuild_snapshots: rebuild,
            restore_snapshots: restore_times(rec, ctx.now).into_iter().map(snap).collect(),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::seed::{generate, FleetParams, DAY};

    #[test]
    fn restore_snapshots_are_twelve_hours_apart_after_the_last_rebuild() {
        let now = 1_760_000_000_000;
        let store = generate(
            &FleetParams {
                seed: 3,
                size: 10,
                account_id: "123456789012".into(),
                transition: 1_000,
            },
            "us-east-1",
            now,
        );
        let mut rec = store
            .workspaces
            .values()
            .find(|r| r.ws.state == WorkspaceState::Available)
            .unwrap()
            .clone();
        let times = restore_times(&rec, now);
        assert_eq!(times.len(), 3);
        assert!(times[0] <= now && now - times[0] < RESTORE_EVERY);
        assert_eq!(times[0] - times[1], RESTORE_EVERY);
        assert_eq!(times, restore_times(&rec, now), "deterministic");
        rec.rebuilt = now - DAY + 1;
        let times = restore_times(&rec, now);
        assert!(times.iter().all(|t| *t > rec.rebuilt), "{times:?}");
        assert!(!times.is_empty() && times.len() < 3);
        rec.rebuilt = now;
        assert!(
            restore_times(&rec, now).is_empty(),
            "none yet after a rebuild"
        );
    }
}
