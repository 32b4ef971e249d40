//! Warm start: the fleet of the last run shows at once, marked CACHED until the first
//! refresh replaces it; a corrupt cache is ignored with a notice.

mod pty;

use pty::Session;
use std::time::Duration;

const LOAD: Duration = Duration::from_secs(60);

fn dir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("wsfleet-e2e-cache-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

#[test]
fn the_second_start_shows_the_last_fleet_at_once_then_replaces_it() {
    let cache = dir("warm");
    let cache_s = cache.to_string_lossy().to_string();
    let env = [("TERM", "xterm-256color"), ("WSFLEET_CACHE_DIR", &cache_s)];
    let mut s = Session::spawn_with_env(&["--demo", "--size", "40"], 120, 30, &env);
    s.wait_for("first run loaded", LOAD, |sc| {
        sc.contains("WorkSpaces [1/40]") && sc.contains("refreshed")
    });
    s.send("q");
    assert_eq!(s.wait_exit(Duration::from_secs(10)), 0);
    let saved = cache.join("fleet-demo-demo-us-east-1.json");
    assert!(saved.exists(), "snapshot saved at {}", saved.display());

    // Second start, with every emulator call 1.5 s late: the first sweep needs two
    // DescribeWorkspaces pages (40 rows, 25 a page), so it ends 3 s after the start at the
    // earliest, long after the snapshot (read from disk at start) is shown. Without the
    // latency the sweep may end first, and the cache is then rightly dropped unseen. All 40
    // rows with the badge are what only the cache draws: the first page brings 25.
    let mut s = Session::spawn_with_env(
        &["--demo", "--size", "40", "--sim-latency", "1500"],
        120,
        30,
        &env,
    );
    s.wait_for("the cached fleet drawn", LOAD, |sc| {
        sc.contains("WorkSpaces [1/40]") && sc.contains("CACHED")
    });
    s.wait_for("replaced by the first refresh", LOAD, |sc| {
        sc.contains("WorkSpaces [1/40]") && !sc.contains("CACHED")
    });
    s.send("q");
    assert_eq!(s.wait_exit(Duration::from_secs(10)), 0);
    let _ = std::fs::remove_dir_all(cache);
}

#[test]
fn a_corrupt_cache_is_ignored_with_a_notice() {
    let cache = dir("corrupt");
    std::fs::create_dir_all(&cache).unwrap();
    std::fs::write(
        cache.join("fleet-demo-demo-us-east-1.json"),
        b"{\"version\":1,\"work",
    )
    .unwrap();
    let cache_s = cache.to_string_lossy().to_string();
    let env = [("TERM", "xterm-256color"), ("WSFLEET_CACHE_DIR", &cache_s)];
    let mut s = Session::spawn_with_env(&["--demo", "--size", "20"], 120, 30, &env);
    s.wait_for("notice", LOAD, |sc| sc.contains("cache ignored"));
    s.wait_for("fleet loads anyway", LOAD, |sc| {
        sc.contains("WorkSpaces [1/20]")
    });
    s.send("q");
    assert_eq!(s.wait_exit(Duration::from_secs(10)), 0);
    let _ = std::fs::remove_dir_all(cache);
}

/// SIGTERM (a kill), SIGHUP (the SSH session closed) and SIGINT (`kill -INT`) end the session
/// as `q` does: exit code 0, the terminal restored, the fleet cached for the next start.
#[test]
fn sigterm_and_sighup_restore_the_terminal_and_save_the_cache() {
    for (name, sig) in [
        ("term", libc::SIGTERM),
        ("hup", libc::SIGHUP),
        ("int", libc::SIGINT),
    ] {
        let cache = dir(name);
        let cache_s = cache.to_string_lossy().to_string();
        let env = [("TERM", "xterm-256color"), ("WSFLEET_CACHE_DIR", &cache_s)];
        let mut s = Session::spawn_with_env(&["--demo", "--size", "30"], 120, 30, &env);
        s.wait_for("loaded", LOAD, |sc| {
            sc.contains("WorkSpaces [1/30]") && sc.contains("refreshed")
        });
        assert!(!s.is_cooked(), "raw mode while running");
        s.signal(sig);
        assert_eq!(s.wait_exit(Duration::from_secs(10)), 0, "{name}");
        assert!(s.is_cooked(), "{name}: terminal restored");
        let saved = cache.join("fleet-demo-demo-us-east-1.json");
        assert!(
            saved.exists(),
            "{name}: snapshot saved at {}",
            saved.display()
        );
        let _ = std::fs::remove_dir_all(cache);
    }
}

/// The fleet is saved after each WorkSpaces sweep too, so even a SIGKILL (nothing can
/// catch it) leaves the next start a cache.
#[test]
fn a_killed_session_still_leaves_the_last_sweep_cached() {
    let cache = dir("kill");
    let cache_s = cache.to_string_lossy().to_string();
    let env = [("TERM", "xterm-256color"), ("WSFLEET_CACHE_DIR", &cache_s)];
    let s = Session::spawn_with_env(&["--demo", "--size", "30"], 120, 30, &env);
    s.wait_for("loaded", LOAD, |sc| {
        sc.contains("WorkSpaces [1/30]") && sc.contains("refreshed")
    });
    // The save starts when the sweep ends and runs beside the UI: wait for the file, which
    // is written whole (renamed into place), so once it exists it holds the whole sweep.
    let saved = cache.join("fleet-demo-demo-us-east-1.json");
    pty::wait_until("the snapshot saved after the sweep", LOAD, || {
        saved.exists()
    });
    s.signal(libc::SIGKILL);
    drop(s);
    let snapshot = std::fs::read_to_string(&saved).expect("a snapshot was saved");
    assert_eq!(
        snapshot.matches("\"user_name\"").count(),
        30,
        "all 30 WorkSpaces"
    );
    let _ = std::fs::remove_dir_all(cache);
}
