//! End to end with --demo (issue 27): `T` on a WorkSpace, a bad edit refused in the form, the
//! job through the queue, and a `tag.` filter showing the new tag; read-only refuses `T`.

mod pty;

use pty::Session;
use std::time::Duration;

const LOAD: Duration = Duration::from_secs(60);
const STEP: Duration = Duration::from_secs(10);

#[test]
fn tag_a_workspace_and_filter_by_the_new_tag() {
    let audit = std::env::temp_dir().join(format!("wsfleet-e2e-tags-{}.log", std::process::id()));
    let _ = std::fs::remove_file(&audit);
    let audit_arg = audit.to_string_lossy().to_string();
    let mut s = Session::spawn(
        &["--demo", "--size", "20", "--audit-log", &audit_arg],
        120,
        40,
    );
    s.wait_for("fleet loaded", LOAD, |sc| sc.contains("refreshed"));
    s.send("T");
    s.wait_for("tag form", STEP, |sc| {
        sc.contains("Tags: add, change or remove") && sc.contains("at most 50 tags")
    });
    // A bare key is neither an addition nor a removal: refused in the form.
    s.send("team\r");
    s.wait_for("rule shown", STEP, |sc| {
        sc.contains("write key=value to add")
    });
    s.send(&"\x7f".repeat(4));
    s.send("team=blue\r");
    s.wait_for("confirmation", STEP, |sc| {
        sc.contains("tags team=blue 1 WorkSpace") && sc.contains("(CreateTags)")
    });
    s.send("\t\r");
    s.send(":queue\r");
    s.wait_for("job done", LOAD, |sc| {
        sc.contains("1/1") && sc.contains("done")
    });
    s.send(":ws\r");
    s.send("/tag.team=blue\r");
    s.wait_for("the tagged WorkSpace alone", LOAD, |sc| {
        sc.contains("[1/1 of 20]")
    });
    s.send("q");
    assert_eq!(s.wait_exit(STEP), 0);

    let log = std::fs::read_to_string(&audit).expect("audit log written");
    let sending = (log.lines())
        .filter(|l| {
            l.contains("\"event\":\"sending\"") && l.contains("\"operation\":\"CreateTags\"")
        })
        .count();
    assert_eq!(sending, 1, "{log}");
    assert_eq!(
        log.lines()
            .filter(|l| l.contains("\"outcome\":\"succeeded\""))
            .count(),
        1,
        "{log}"
    );
}

#[test]
fn read_only_refuses_tags() {
    let mut s = Session::spawn(&["--demo", "--size", "20", "--read-only"], 100, 24);
    s.wait_for("loaded", LOAD, |sc| sc.contains("ws-"));
    s.send("T");
    s.wait_for("refused", STEP, |sc| sc.contains("read-only:"));
    let screen = s.wait_for("no form", STEP, |sc| !sc.contains("Tags: add"));
    assert!(!screen.contains("Confirm"), "{screen}");
    s.send("q");
    assert_eq!(s.wait_exit(STEP), 0);
}
