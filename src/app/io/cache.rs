//! Warm start: the last fleet seen per account context and Region is kept in the user's cache
//! directory and shown at once on the next start, marked as cached (stale) until that
//! Region's first sweep replaces it. A missing cache is normal; a corrupt or old-format one is
//! ignored with a notice, never fatal.

use crate::domain::{
    ConnectionStatus, Tag, Workspace, WorkspaceBundle, WorkspaceDirectory, WorkspaceImage,
    WorkspacesPool,
};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Bumped whenever the snapshot's shape changes; other versions are ignored.
pub const VERSION: u32 = 1;

/// One Region's rows of every top pane, as last seen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub version: u32,
    /// Epoch seconds.
    pub saved_at: i64,
    pub profile: String,
    pub region: String,
    pub workspaces: Vec<Workspace>,
    pub connections: Vec<ConnectionStatus>,
    pub images: Vec<WorkspaceImage>,
    pub pools: Vec<WorkspacesPool>,
    pub bundles: Vec<WorkspaceBundle>,
    pub directories: Vec<WorkspaceDirectory>,
    /// Tags fetched so far of this Region's resources, by resource ID (absent in caches
    /// written before tags were fetched).
    #[serde(default)]
    pub tags: std::collections::BTreeMap<String, Vec<Tag>>,
    /// When wsfleet first saw each WorkSpace and since when it is in its state (the fleet
    /// doctor's "for how long"; absent in caches written before it).
    #[serde(default)]
    pub seen: std::collections::BTreeMap<String, crate::domain::doctor::Seen>,
    /// CloudWatch metrics fetched for details, by WorkSpace ID (or fleet ARN), with when
    /// they were fetched (absent in caches written before metrics were kept).
    #[serde(default)]
    pub metrics: std::collections::BTreeMap<String, super::cached_metrics::CachedMetrics>,
    /// Usage summaries (the usage columns and the advisor), by WorkSpace ID, with when they
    /// were fetched (absent in caches written before they were kept).
    #[serde(default)]
    pub usage: std::collections::BTreeMap<String, CachedUsage>,
}

/// One WorkSpace's usage summary as saved, with when it was fetched (epoch seconds).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CachedUsage {
    pub at: i64,
    pub summary: crate::domain::usage::UsageSummary,
}

/// The cache directory: WSFLEET_CACHE_DIR, else the platform's (~/.cache/wsfleet on Linux).
pub fn default_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("WSFLEET_CACHE_DIR") {
        return Some(PathBuf::from(d));
    }
    directories::ProjectDirs::from("", "", "wsfleet").map(|d| d.cache_dir().to_path_buf())
}

/// Write atomically (a temporary file renamed over the old one), readable by the user only:
/// the fleet's user names and IPs are not for everyone on a shared jump host.
///
/// Saves in this process take turns, and one older than what was already written to `path`
/// is skipped: a background save after a sweep may still be running when the one on the way
/// out starts, and must not land after it.
pub fn save(path: &Path, snapshot: &Snapshot) -> std::io::Result<()> {
    static WRITTEN: std::sync::Mutex<Vec<(PathBuf, i64)>> = std::sync::Mutex::new(Vec::new());
    let mut written = WRITTEN.lock().unwrap_or_else(|p| p.into_inner());
    match written.iter_mut().find(|(p, _)| p == path) {
        Some((_, at)) if *at > snapshot.saved_at => return Ok(()),
        Some((_, at)) => *at = snapshot.saved_at,
        None => written.push((path.to_path_buf(), snapshot.saved_at)),
    }
    if let Some(dir) = path.parent() {
        // 0700 whatever the umask (under umask 000 create_dir_all made it 0777).
        crate::private_file::create_private_dir(dir)?;
    }
    // The process ID keeps another wsfleet on the same profile off this temporary file.
    let tmp = path.with_extension(format!("json.tmp{}", std::process::id()));
    let written = write_new(&tmp, snapshot).and_then(|()| std::fs::rename(&tmp, path));
    if written.is_err() {
        // Never leave a temporary file behind (e.g. a folder stands where the cache goes).
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// The snapshot in a new file, 0600, never through a symbolic link.
fn write_new(tmp: &Path, snapshot: &Snapshot) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    // Whatever a name of ours was left as (a crash's file, a FIFO planted there, which would
    // block the write) is removed first; then only a new file is written.
    let _ = std::fs::remove_file(tmp);
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true)
        .create_new(true)
        .mode(0o600)
        .custom_flags(libc::O_NOFOLLOW);
    let mut f = std::io::BufWriter::new(opts.open(tmp)?);
    serde_json::to_writer(&mut f, snapshot).map_err(std::io::Error::other)?;
    f.flush()
}

/// `Ok(None)`: no cache yet. `Err`: a cache that cannot be used, with why (for the notice).
pub fn load(path: &Path) -> Result<Option<Snapshot>, String> {
    // Never through a symbolic link, as it is never written through one.
    let bytes = match crate::private_file::read_no_follow(path) {
        Ok(Some(b)) => b,
        Ok(None) => return Ok(None),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    #[derive(Deserialize)]
    struct Head {
        version: u32,
    }
    match serde_json::from_slice::<Head>(&bytes) {
        Ok(h) if h.version != VERSION => {
            return Err(format!(
                "{}: format version {} (this wsfleet reads {VERSION})",
                path.display(),
                h.version
            ))
        }
        Ok(_) => {}
        Err(e) => return Err(format!("{}: {e}", path.display())),
    }
    serde_json::from_slice(&bytes)
        .map(Some)
        .map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::navigate::cached::{apply, path_for, snapshot_of};
    use crate::app::state::State;

    #[test]
    fn the_cache_directory_is_created_0700_whatever_the_umask_allows() {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("wsfleet-cache-mode-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let path = dir.join("sub").join("fleet-demo-demo-us-east-1.json");
        let s = State::new(
            crate::app::Mode::Demo,
            "us-east-1".into(),
            None,
            String::new(),
        );
        save(&path, &snapshot_of(&s, "us-east-1")).unwrap();
        for d in [&dir, &dir.join("sub")] {
            let mode = std::fs::metadata(d).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o700, "{}", d.display());
        }
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_failed_save_leaves_no_temporary_file() {
        let dir = std::env::temp_dir().join(format!("wsfleet-cache-dir-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        // A folder stands where the cache file goes: the rename fails.
        let path = dir.join("fleet-demo-demo-us-east-1.json");
        std::fs::create_dir_all(path.join("in-the-way")).unwrap();
        let s = State::new(
            crate::app::Mode::Demo,
            "us-east-1".into(),
            None,
            String::new(),
        );
        assert!(save(&path, &snapshot_of(&s, "us-east-1")).is_err());
        let left: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().collect();
        assert_eq!(left.len(), 1, "only the folder in the way: {left:?}");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_cache_that_is_a_symbolic_link_is_never_read() {
        let dir = std::env::temp_dir().join(format!("wsfleet-cache-link-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("fleet-demo-demo-us-east-1.json");
        let s = State::new(
            crate::app::Mode::Demo,
            "us-east-1".into(),
            None,
            String::new(),
        );
        save(&dir.join("real.json"), &snapshot_of(&s, "us-east-1")).unwrap();
        assert!(load(&dir.join("real.json")).unwrap().is_some());
        std::os::unix::fs::symlink(dir.join("real.json"), &path).unwrap();
        let err = load(&path).unwrap_err();
        assert!(
            err.ends_with("a symbolic link, which is never followed"),
            "{err}"
        );
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn the_cache_of_one_endpoint_is_never_another_endpoints() {
        let dir = Path::new("/c");
        let at = |mode, endpoint: &str| {
            let s = State::new(
                mode,
                "us-east-1".into(),
                Some("ops".into()),
                endpoint.into(),
            );
            path_for(dir, &s, "us-east-1")
        };
        let a = at(crate::app::Mode::Live, "http://10.0.0.1:4599");
        let b = at(crate::app::Mode::Live, "http://10.0.0.2:4599");
        assert_ne!(a, b);
        assert_eq!(
            at(crate::app::Mode::Live, "workspaces.us-east-1.amazonaws.com"),
            dir.join("fleet-live-ops-us-east-1.json")
        );
        // The demo's emulator gets a new port each run; its fleet is the same.
        assert_eq!(
            at(crate::app::Mode::Demo, "http://127.0.0.1:1111"),
            at(crate::app::Mode::Demo, "http://127.0.0.1:2222")
        );
    }
    use crate::app::{update, Mode, Msg, Rows};
    use crate::domain::WorkspaceState;

    fn state_with(rows: Vec<Workspace>) -> State {
        let mut s = State::new(Mode::Demo, "us-east-1".into(), None, String::new());
        update(
            &mut s,
            Msg::Page {
                region: "us-east-1".into(),
                sweep: 1,
                rows: Rows::Workspaces(rows),
                last: true,
            },
        );
        s
    }

    fn ws(id: &str) -> Workspace {
        Workspace {
            id: id.into(),
            region: "us-east-1".into(),
            user_name: "ann".into(),
            state: WorkspaceState::Available,
            ..Default::default()
        }
    }

    fn temp(name: &str) -> PathBuf {
        std::env::temp_dir().join(format!("wsfleet-cache-test-{}-{name}", std::process::id()))
    }

    #[test]
    fn a_snapshot_round_trips_and_shows_as_cached_until_the_first_sweep() {
        let s = state_with(vec![ws("ws-aaaaaaaa1"), ws("ws-aaaaaaaa2")]);
        let dir = temp("roundtrip");
        let path = path_for(&dir, &s, "us-east-1");
        assert!(path.ends_with("fleet-demo-demo-us-east-1.json"));
        save(&path, &snapshot_of(&s, "us-east-1")).unwrap();
        let back = load(&path).unwrap().expect("a snapshot");
        assert_eq!(back, snapshot_of(&s, "us-east-1"));

        let mut fresh = State::new(Mode::Demo, "us-east-1".into(), None, String::new());
        apply(&mut fresh, back);
        assert_eq!(fresh.panes.workspaces.table.len(), 2);
        assert!(fresh.panes.workspaces.refresh.cached_at.is_some());
        // The first sweep replaces the cached rows: one WorkSpace is gone since.
        update(
            &mut fresh,
            Msg::Page {
                region: "us-east-1".into(),
                sweep: 1,
                rows: Rows::Workspaces(vec![ws("ws-aaaaaaaa1")]),
                last: true,
            },
        );
        assert_eq!(fresh.panes.workspaces.table.len(), 1);
        assert!(fresh.panes.workspaces.refresh.cached_at.is_none());
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn a_cache_read_after_the_first_pages_never_replaces_live_rows() {
        let saved = state_with(vec![ws("ws-aaaaaaaa1"), ws("ws-aaaaaaaa2")]);
        let snapshot = snapshot_of(&saved, "us-east-1");
        let mut s = State::new(Mode::Demo, "us-east-1".into(), None, String::new());
        let mut live = ws("ws-aaaaaaaa1");
        live.state = WorkspaceState::Rebooting;
        // The sweep's first page (not its last) beats the cache read.
        update(
            &mut s,
            Msg::Page {
                region: "us-east-1".into(),
                sweep: 1,
                rows: Rows::Workspaces(vec![live.clone()]),
                last: false,
            },
        );
        let profile = s.context_name();
        update(
            &mut s,
            Msg::Cached {
                profile,
                result: Ok(Some(snapshot.clone())),
            },
        );
        let t = &s.panes.workspaces.table;
        assert_eq!(t.get("ws-aaaaaaaa1"), Some(&live), "the live row stays");
        assert!(t.get("ws-aaaaaaaa2").is_some(), "the cache fills the rest");
        assert!(s.panes.workspaces.refresh.cached_at.is_some());
        // A snapshot of another profile (read before a :ctx switch) is dropped.
        let mut other = State::new(Mode::Demo, "us-east-1".into(), None, String::new());
        let changed = update(
            &mut other,
            Msg::Cached {
                profile: "someone-else".into(),
                result: Ok(Some(snapshot)),
            },
        )
        .redraw;
        assert!(!changed && other.panes.workspaces.table.is_empty());
    }

    #[test]
    fn an_older_snapshot_never_lands_after_a_newer_one() {
        let s = state_with(vec![ws("ws-aaaaaaaa1")]);
        let dir = temp("order");
        let path = path_for(&dir, &s, "us-east-1");
        let mut newer = snapshot_of(&s, "us-east-1");
        newer.saved_at = 2_000;
        let mut older = newer.clone();
        older.saved_at = 1_000;
        older.workspaces.clear();
        save(&path, &newer).unwrap();
        // The background save of the last sweep finishing after the save on the way out.
        save(&path, &older).unwrap();
        assert_eq!(load(&path).unwrap(), Some(newer));
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn a_corrupt_or_old_cache_is_refused_with_a_reason_and_a_missing_one_is_none() {
        let dir = temp("corrupt");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("fleet.json");
        assert_eq!(load(&path), Ok(None));
        std::fs::write(&path, b"{\"version\":1,\"workspaces\":[tru").unwrap();
        assert!(load(&path).unwrap_err().contains("fleet.json"));
        std::fs::write(&path, b"{\"version\":0}").unwrap();
        assert!(load(&path).unwrap_err().contains("format version 0"));
        let _ = std::fs::remove_dir_all(dir);
    }
}
