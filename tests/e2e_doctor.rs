//! End to end with --demo: the fleet doctor's UNHEALTHY finding leads, through its fix key and
//! the ordinary typed or plain confirmation, to a reboot of exactly the WorkSpaces that are
//! UNHEALTHY, counted in the emulator's request log.

mod pty;

use pty::{request_log, sent, Session};
use std::collections::BTreeSet;
use std::time::Duration;

const LOAD: Duration = Duration::from_secs(60);
const STEP: Duration = Duration::from_secs(10);

fn temp(name: &str) -> std::path::PathBuf {
    let p = std::env::temp_dir().join(format!("wsfleet-e2e-doctor-{}-{name}", std::process::id()));
    let _ = std::fs::remove_file(&p);
    p
}

/// The WorkSpace IDs on `screen` (the table's rows).
fn ids_on(screen: &str) -> BTreeSet<String> {
    let re = regex::Regex::new(r"\bws-[a-z0-9]{9}\b").unwrap();
    re.find_iter(screen)
        .map(|m| m.as_str().to_string())
        .collect()
}

/// `[1/N of 120]`: N, the rows the filter shows.
fn shown(screen: &str) -> usize {
    let re = regex::Regex::new(r"\[\d+/(\d+) of \d+\]").unwrap();
    re.captures(screen)
        .and_then(|c| c[1].parse().ok())
        .unwrap_or(0)
}

/// The WorkSpaces the filter `state=STATE` shows, read off the screen.
fn in_state(s: &mut Session, state: &str) -> BTreeSet<String> {
    s.send(&format!("/state={state}\r"));
    let screen = s.wait_for(state, STEP, |sc| sc.contains(&format!("/state={state}")));
    let ids = ids_on(&screen);
    let n = shown(&screen);
    assert_eq!(ids.len(), n, "every {state} row on screen: {screen}");
    s.send("\x1b");
    s.wait_for("filter cleared", STEP, |sc| !sc.contains("/state="));
    ids
}

#[test]
fn the_doctors_unhealthy_finding_reboots_exactly_those_workspaces() {
    let log = temp("requests.log");
    let audit = temp("audit.log");
    let config = temp("config.toml");
    // No waiting on the clock: UNHEALTHY for 0 minutes is a finding at once.
    std::fs::write(&config, "[doctor]\nunhealthy_minutes = 0\n").unwrap();
    let (log_s, audit_s, config_s) = (
        log.display().to_string(),
        audit.display().to_string(),
        config.display().to_string(),
    );
    let mut s = Session::spawn(
        &[
            "--demo",
            "--size",
            "120",
            "--sim-request-log",
            &log_s,
            "--audit-log",
            &audit_s,
            "--config",
            &config_s,
        ],
        120,
        50,
    );
    s.wait_for("loaded", LOAD, |sc| {
        sc.contains("WorkSpaces [1/120]") && sc.contains("refreshed")
    });
    // RebootWorkspaces takes UNHEALTHY (IMPAIRED ones are the doctor's `impaired` finding).
    let bad = in_state(&mut s, "UNHEALTHY");
    assert!(!bad.is_empty(), "the demo fleet has UNHEALTHY WorkSpaces");
    s.send(":doctor\r");
    s.wait_for("the doctor", STEP, |sc| sc.contains("UNHEALTHY over 0 min"));
    s.send("/rule=unhealthy\r");
    s.wait_for("the finding", STEP, |sc| sc.contains("[1/1 of"));
    s.send("R");
    // "reboot 3 WorkSpaces" (the FIX column says "R reboot" already).
    let asks = format!("reboot {} WorkSpace", bad.len());
    let dialog = s.wait_for("confirmation", STEP, |sc| sc.contains(&asks));
    assert!(
        !dialog.contains("NOT included"),
        "no other marked rows: {dialog}"
    );
    s.confirm(&dialog);
    s.send(":queue\r");
    s.wait_for("job done", LOAD, |sc| {
        sc.contains(" reboot ") && sc.contains(" done ")
    });
    s.send("q");
    assert_eq!(s.wait_exit(STEP), 0);
    let rebooted: BTreeSet<String> = sent(&request_log(&log), "RebootWorkspaces")
        .into_iter()
        .collect();
    assert_eq!(rebooted, bad);
}
