//! End to end with --demo: bulk reboot through the queue, sharing an image, read-only mode.

mod pty;

use pty::Session;
use std::time::Duration;

const LOAD: Duration = Duration::from_secs(60);
const STEP: Duration = Duration::from_secs(10);

#[test]
fn mark_thirty_reboot_confirm_and_watch_them_come_back() {
    let audit = std::env::temp_dir().join(format!("wsfleet-e2e-audit-{}.log", std::process::id()));
    let _ = std::fs::remove_file(&audit);
    let audit_arg = audit.to_string_lossy().to_string();
    let mut s = Session::spawn(
        &["--demo", "--size", "80", "--audit-log", &audit_arg],
        120,
        40,
    );
    s.wait_for("fleet loaded", LOAD, |sc| sc.contains("refreshed"));

    // Only AVAILABLE WorkSpaces, then mark the first 30 with a range.
    s.send("/state=available\r");
    s.wait_for("filter", STEP, |sc| sc.contains("/state=available sort"));
    s.send("g ");
    s.wait_for("first mark", STEP, |sc| sc.contains("1 marked"));
    s.send(&"j".repeat(28));
    s.send("V");
    s.wait_for("30 marked", STEP, |sc| sc.contains("30 marked"));

    // Reboot: the confirmation names the action and the count; over 25 targets (the
    // default `confirm_typed_over`) the count must be typed.
    s.send("R");
    s.wait_for("confirmation", STEP, |sc| {
        sc.contains("reboot 30 WorkSpaces") && sc.contains("Type 30 and press Enter")
    });
    s.send("\t\r");
    s.wait_for("Enter without the count refused", STEP, |sc| {
        sc.contains("type 30 to confirm")
    });
    s.send("30\r");
    s.wait_for("queued", STEP, |sc| sc.contains("reboot queued for 30"));

    // The queue pane shows the job reach 30/30.
    s.send(":queue\r");
    s.wait_for("job done", LOAD, |sc| {
        sc.contains("30/30") && sc.contains("done")
    });

    // Back on the WorkSpaces pane, nothing stays REBOOTING: the rebooted WorkSpaces are
    // re-read until they settle. Only this end is checked: REBOOTING lasts 3 s in the
    // emulator and re-reads run every 3 s, so whether a row ever shows it is timing.
    s.send(":ws\r");
    s.send("/state=rebooting\r");
    s.wait_for("all back to AVAILABLE", LOAD, |sc| {
        sc.contains("WorkSpaces [0 of 80]")
    });
    s.send("q");
    assert_eq!(s.wait_exit(STEP), 0);

    // One audit line per resource outcome, plus the job's own lines.
    let log = std::fs::read_to_string(&audit).expect("audit log written");
    let outcomes = log
        .lines()
        .filter(|l| l.contains("\"outcome\":\"succeeded\""))
        .count();
    assert_eq!(outcomes, 30, "{log}");
}

#[test]
fn share_an_image_and_see_it_in_its_shares() {
    let audit = std::env::temp_dir().join(format!(
        "wsfleet-e2e-audit-share-{}.log",
        std::process::id()
    ));
    let audit_arg = audit.to_string_lossy().to_string();
    let mut s = Session::spawn(
        &["--demo", "--size", "20", "--audit-log", &audit_arg],
        120,
        40,
    );
    s.wait_for("loaded", LOAD, |sc| sc.contains("refreshed"));
    s.send(":img\r");
    s.wait_for("images", LOAD, |sc| sc.contains("wsi-"));
    s.send("H");
    s.wait_for("share form", STEP, |sc| {
        sc.contains("Share image with an AWS account")
    });
    // A bad account ID is refused in the form; nothing is sent.
    s.send("12345\r");
    s.wait_for("rule shown", STEP, |sc| sc.contains("exactly 12 digits"));
    s.send(&"\x7f".repeat(5));
    s.send("210987654321\r");
    s.wait_for("confirmation", STEP, |sc| {
        sc.contains("share with 210987654321")
    });
    s.send("\t\r");
    s.send(":queue\r");
    s.wait_for("job done", LOAD, |sc| {
        sc.contains("1/1") && sc.contains("done")
    });
    s.send(":img\r");
    s.wait_for("images", STEP, |sc| sc.contains("┌ Images ["));
    s.send("d");
    s.wait_for("shares in details", LOAD, |sc| {
        sc.contains("SharedWith") && sc.contains("210987654321")
    });
    s.send("\x1b");
    s.wait_for("closed", STEP, |sc| !sc.contains("SharedWith"));
    s.send("q");
    assert_eq!(s.wait_exit(STEP), 0);
}

#[test]
fn read_only_refuses_actions_and_shows_the_badge() {
    let mut s = Session::spawn(&["--demo", "--size", "20", "--read-only"], 100, 24);
    let screen = s.wait_for("loaded", LOAD, |sc| sc.contains("ws-"));
    assert!(screen.contains(" RO "), "{screen}");
    s.send("R");
    s.wait_for("refused", STEP, |sc| {
        sc.contains("read-only: reboot not sent")
    });
    s.send("\x04"); // ctrl-d: terminate
    s.wait_for("refused", STEP, |sc| {
        sc.contains("read-only: terminate not sent")
    });
    s.send("q");
    assert_eq!(s.wait_exit(STEP), 0);
}
