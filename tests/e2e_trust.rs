//! End to end with --demo: what you see is what you act on, counted in the emulator's
//! request log; the connection pane's clean-up flow; a failed job seen on any pane; quitting
//! with a job running.

mod pty;

use pty::{request_log, sent, Session};
use std::time::Duration;

const LOAD: Duration = Duration::from_secs(60);
const STEP: Duration = Duration::from_secs(10);

fn temp(name: &str) -> std::path::PathBuf {
    let p = std::env::temp_dir().join(format!("wsfleet-e2e-trust-{}-{name}", std::process::id()));
    let _ = std::fs::remove_file(&p);
    p
}

/// A demo of 40 WorkSpaces whose emulator logs every request, loaded; and that log.
fn logged_demo(name: &str) -> (Session, std::path::PathBuf) {
    let log = temp(&format!("{name}.log"));
    let audit = temp(&format!("{name}-audit.log"));
    let (log_s, audit_s) = (log.display().to_string(), audit.display().to_string());
    let s = Session::spawn(
        &[
            "--demo",
            "--size",
            "40",
            "--sim-request-log",
            &log_s,
            "--audit-log",
            &audit_s,
        ],
        120,
        40,
    );
    s.wait_for("loaded", LOAD, |sc| {
        sc.contains("WorkSpaces [1/40]") && sc.contains("refreshed")
    });
    (s, log)
}

#[test]
fn marks_hidden_by_the_filter_are_not_sent() {
    let (mut s, log) = logged_demo("hidden");
    // Mark every AVAILABLE WorkSpace, then narrow the filter to one of them by its ID.
    s.send("/state=available\r");
    s.wait_for("filtered", STEP, |sc| sc.contains("/state=available sort"));
    s.send("*");
    let screen = s.wait_for("marked", STEP, |sc| sc.contains(" marked "));
    let first: String = screen
        .lines()
        .find_map(|l| l.split_once("*ws-"))
        .map(|(_, rest)| format!("ws-{}", &rest[..9]))
        .expect("a marked row");
    // Esc clears the filter (sent alone: Esc and a key together read as Alt+key).
    s.send("\x1b");
    s.wait_for("filter cleared", STEP, |sc| sc.contains("/40] sort:"));
    s.send(&format!("/{first}\r"));
    s.wait_for("one row", STEP, |sc| sc.contains("[1/1 of 40]"));
    s.send("R");
    let dialog = s.wait_for("confirmation", STEP, |sc| {
        sc.contains("reboot 1 WorkSpace") && sc.contains("NOT included (+ includes them)")
    });
    s.confirm(&dialog);
    s.send(":queue\r");
    s.wait_for("job done", LOAD, |sc| {
        sc.contains("1/1") && sc.contains("done")
    });
    s.send("q");
    assert_eq!(s.wait_exit(STEP), 0);
    assert_eq!(sent(&request_log(&log), "RebootWorkspaces"), vec![first]);
}

#[test]
fn the_connection_pane_stops_what_it_shows_and_nothing_else() {
    let (mut s, log) = logged_demo("conn");
    s.send(":conn\r");
    s.wait_for("connections", LOAD, |sc| {
        sc.contains("Connections [1/40]") && sc.contains("refreshed")
    });
    s.send("/disconnected\r");
    s.wait_for("filtered", STEP, |sc| sc.contains("/disconnected sort"));
    s.send("*X");
    let dialog = s.wait_for("confirmation", STEP, |sc| sc.contains("stop "));
    let n: usize = dialog
        .split("stop ")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .expect("the count in the dialog");
    assert!(
        !dialog.contains("CONNECTED now"),
        "only disconnected users: {dialog}"
    );
    s.confirm(&dialog);
    s.send(":queue\r");
    // The job's row also counts the skipped (already STOPPED) ones.
    s.wait_for("job done", LOAD, |sc| {
        sc.contains(" stop ") && sc.contains(" done ")
    });
    s.send("q");
    assert_eq!(s.wait_exit(STEP), 0);
    assert_eq!(sent(&request_log(&log), "StopWorkspaces").len(), n);
}

#[test]
fn a_failed_job_is_flashed_on_every_pane_until_acknowledged() {
    let audit = temp("failed-audit.log");
    let audit_s = audit.display().to_string();
    let mut s = Session::spawn(
        &[
            "--demo",
            "--size",
            "20",
            "--sim-fault",
            "RebootWorkspaces=access-denied",
            "--audit-log",
            &audit_s,
        ],
        120,
        40,
    );
    s.wait_for("loaded", LOAD, |sc| {
        sc.contains("WorkSpaces [1/20]") && sc.contains("refreshed")
    });
    s.send("/state=available\r");
    s.wait_for("filtered", STEP, |sc| sc.contains("/state=available sort"));
    s.send("R");
    let dialog = s.wait_for("confirmation", STEP, |sc| sc.contains("reboot 1 WorkSpace"));
    s.confirm(&dialog);
    s.wait_for("alert", LOAD, |sc| {
        sc.contains("reboot: 1 of 1 failed in us-east-1") && sc.contains("FAILURES")
    });
    // Another pane: the alert is still there.
    s.send(":img\r");
    s.wait_for("alert on images", STEP, |sc| {
        sc.contains("Images [") && sc.contains("reboot: 1 of 1 failed")
    });
    s.send("\x1b");
    s.wait_for("acknowledged", STEP, |sc| {
        !sc.contains("reboot: 1 of 1 failed") && !sc.contains("FAILURES")
    });
    s.send("q");
    assert_eq!(s.wait_exit(STEP), 0);
}
