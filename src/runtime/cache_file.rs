//! The warm-start cache on disk: each Region's fleet read at start (off the UI thread) and
//! saved when a sweep ends and on the way out, so the next start shows rows at once.

use crate::app::cache::{self, Snapshot};
use crate::app::{Msg, State};
use std::path::{Path, PathBuf};
use tokio::sync::mpsc::UnboundedSender;

/// Warm start: read each Region's snapshot off the UI thread (50,000 WorkSpaces are tens of
/// megabytes of JSON), so the first frame never waits for it.
pub fn load_in_background(state: &State, dir: &Path, tx: &UnboundedSender<Msg>) {
    for region in &state.regions {
        let path = cache::path_for(dir, state, region);
        let (tx, profile) = (tx.clone(), state.context_name());
        tokio::task::spawn_blocking(move || {
            let result = cache::load(&path);
            let _ = tx.send(Msg::Cached { profile, result });
        });
    }
}

/// Keep each Region's fleet for the next start, if this run saw it refreshed.
pub fn save(state: &State, dir: &Path) {
    for region in &state.regions {
        if let Some((path, snapshot)) = fresh_snapshot(state, dir, region) {
            // The terminal is being restored; a cache that cannot be written is not worth
            // failing the exit for.
            let _ = cache::save(&path, &snapshot);
        }
    }
}

/// A Region's WorkSpaces sweep just ended: save its fleet now too, off the UI thread, so a
/// crash or a SIGKILL loses at most one sweep's news (at 50,000 a save is ~24 MB of JSON).
pub fn save_in_background(state: &State, dir: &Path, region: &str, tx: &UnboundedSender<Msg>) {
    if let Some((path, snapshot)) = fresh_snapshot(state, dir, region) {
        let tx = tx.clone();
        tokio::task::spawn_blocking(move || {
            if let Err(e) = cache::save(&path, &snapshot) {
                // Said once per run: every later save would fail the same way.
                static SAID: std::sync::atomic::AtomicBool =
                    std::sync::atomic::AtomicBool::new(false);
                if !SAID.swap(true, std::sync::atomic::Ordering::Relaxed) {
                    let _ = tx.send(Msg::Notice(format!(
                        "fleet cache not saved ({}: {e}); the next start loads from scratch",
                        path.display()
                    )));
                }
            }
        });
    }
}

/// Where and what to save for `region`, if this run saw it refreshed (never a Region still
/// showing only the old cache, or one that never answered).
fn fresh_snapshot(state: &State, dir: &Path, region: &str) -> Option<(PathBuf, Snapshot)> {
    let fresh = state
        .panes
        .workspaces
        .regions
        .get(region)
        .is_some_and(|s| s.last_ok.is_some() && s.cached_at.is_none());
    fresh.then(|| {
        (
            cache::path_for(dir, state, region),
            cache::snapshot_of(state, region),
        )
    })
}
