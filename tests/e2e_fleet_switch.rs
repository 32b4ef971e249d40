//! Switching a WorkSpaces Applications fleet's image in the real binary (issue 26): `I` on a
//! RUNNING fleet with streaming sessions in use opens a pick list named after the fleet; an
//! image is picked with ↓; the confirmation names the sessions' users and needs typing
//! (Enter alone sends nothing); typed, the emulator's fleet runs the new image. The call is
//! read back from the demo emulator's request log, its outcome from the audit log.

mod pty;

use pty::{request_log, Session};
use std::path::PathBuf;
use std::time::Duration;

const LOAD: Duration = Duration::from_secs(60);
const STEP: Duration = Duration::from_secs(20);

fn temp(name: &str) -> PathBuf {
    let p = std::env::temp_dir().join(format!("wsfleet-e2e-switch-{}-{name}", std::process::id()));
    let _ = std::fs::remove_file(&p);
    p
}

/// The name after `before` on the first line of `screen` holding it.
fn word_after(screen: &str, before: &str) -> String {
    let rest = screen.split(before).nth(1).unwrap_or_default();
    rest.split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn a_fleet_in_use_switches_to_a_picked_image_after_typing() {
    let (log, audit) = (temp("requests.log"), temp("audit.log"));
    let (log_s, audit_s) = (log.display().to_string(), audit.display().to_string());
    let args = [
        "--demo",
        "--sim-request-log",
        &log_s,
        "--audit-log",
        &audit_s,
    ];
    let mut s = Session::spawn(&args, 200, 45);
    s.wait_for("the first frame", LOAD, |sc| sc.contains("WorkSpaces ["));
    s.send(":afl\r");
    s.wait_for("fleets", LOAD, |sc| {
        sc.contains("App fleets [1/4]") && sc.contains("refreshed")
    });
    // The demo's finance fleet (issue 26's): ALWAYS_ON, RUNNING, users streaming.
    s.send("/finance-fleet\r");
    s.wait_for("the fleet", STEP, |sc| sc.contains("App fleets [1/1 of 4]"));
    s.send("I");
    let form = s.wait_for("the pick list", STEP, |sc| {
        sc.contains("Switch fleet ") && sc.contains("↑ ↓ choose, type to narrow")
    });
    let fleet = word_after(&form, "Switch fleet ");
    assert!(form.contains("sessions in use"), "{form}");
    // Nothing chosen when no image is derived from the fleet's: ↓ chooses the first.
    if !form.contains("  > ") {
        s.send("\x1b[B");
    }
    let form = s.wait_for("a choice", STEP, |sc| sc.contains("  > "));
    let image = word_after(&form, "  > ");
    s.send("\r");
    let dialog = s.wait_for("the confirmation", STEP, |sc| {
        sc.contains(&format!("switch to image {image}"))
    });
    for whole in [
        format!("fleet {fleet}, platform "),
        format!("→ {image} ("),
        "streaming sessions in use now, on the current image".to_string(),
        "Type switch".to_string(),
    ] {
        assert!(dialog.contains(&whole), "{whole}:\n{dialog}");
    }
    // The users are named once DescribeSessions answers.
    s.wait_for("users named", STEP, |sc| sc.contains("@example.com"));
    // Enter alone does not send it.
    s.send("\r");
    s.wait_for("typing asked", STEP, |sc| {
        sc.contains("type switch to confirm")
    });
    s.send("switch\r");
    s.wait_for("the fleet on its new image", LOAD, |sc| {
        sc.lines().any(|l| l.contains(&fleet) && l.contains(&image))
    });
    s.send("q");
    assert_eq!(s.wait_exit(STEP), 0);

    let calls = request_log(&log);
    let updates: Vec<_> = calls
        .iter()
        .filter(|v| v["service"] == "appstream" && v["operation"] == "UpdateFleet")
        .collect();
    assert_eq!(updates.len(), 1, "{updates:?}");
    let audit = std::fs::read_to_string(&audit).unwrap();
    let lines: Vec<&str> = audit
        .lines()
        .filter(|l| l.contains("\"operation\":\"UpdateFleet\""))
        .collect();
    let outcomes = lines
        .iter()
        .filter(|l| l.contains("\"event\":\"outcome\""))
        .count();
    assert_eq!(outcomes, 1, "one outcome for the one fleet: {lines:?}");
    assert!(
        !lines[0].contains("\"event\":\"outcome\""),
        "the job is logged before anything is sent: {lines:?}"
    );
}
