//! The monthly WorkSpaces Applications patch in the real binary (issue 14): `:appimages` →
//! mark all → check for updates (dry runs) → create updated images → they turn AVAILABLE →
//! `:appfleets` → switch a fleet to its new image → the fleet shows it. Every call is read
//! back from the demo emulator's request log, every outcome from the audit log.

mod pty;

use pty::{request_log, Session};
use std::path::PathBuf;
use std::time::Duration;

const LOAD: Duration = Duration::from_secs(60);
const STEP: Duration = Duration::from_secs(20);

fn temp(name: &str) -> PathBuf {
    let p = std::env::temp_dir().join(format!("wsfleet-e2e-apps-{}-{name}", std::process::id()));
    let _ = std::fs::remove_file(&p);
    p
}

fn demo(name: &str, extra: &[&str]) -> (Session, PathBuf, PathBuf) {
    let (log, audit) = (
        temp(&format!("{name}.log")),
        temp(&format!("{name}-audit.log")),
    );
    let (log_s, audit_s) = (log.display().to_string(), audit.display().to_string());
    // The default demo (seed 42, size 300): 13 images of the account's own or shared with
    // it, 4 AWS base images, 4 fleets.
    let mut args = vec![
        "--demo",
        "--sim-request-log",
        &log_s,
        "--audit-log",
        &audit_s,
    ];
    args.extend_from_slice(extra);
    (Session::spawn(&args, 200, 45), log, audit)
}

/// Calls of one WorkSpaces Applications operation the emulator answered with 200.
fn app_calls(log: &[serde_json::Value], operation: &str) -> usize {
    log.iter()
        .filter(|v| v["service"] == "appstream" && v["operation"] == operation)
        .filter(|v| v["status"] == 200)
        .count()
}

fn open_app_images(s: &mut Session) -> String {
    s.wait_for("the first frame", LOAD, |sc| sc.contains("WorkSpaces ["));
    s.send(":aimg\r");
    s.wait_for("app images loaded", LOAD, |sc| {
        sc.contains("App images [1/13 of 17]") && sc.contains("refreshed")
    })
}

#[test]
fn the_monthly_patch_from_update_check_to_a_fleet_on_the_new_image() {
    let (mut s, log, audit) = demo("flow", &[]);
    open_app_images(&mut s);

    // Check every image for updates: one dry run per image the check applies to.
    s.send("*D");
    let dialog = s.wait_for("check confirmation", STEP, |sc| {
        sc.contains("check for updates 11 application images")
    });
    assert!(
        dialog.contains("1 × FAILED: check for updates needs AVAILABLE"),
        "{dialog}"
    );
    // It says it is a dry run that changes nothing (issue 26).
    assert!(dialog.contains("a dry run: changes"), "{dialog}");
    s.confirm(&dialog);
    let checked = s.wait_for("answers", STEP, |sc| {
        let answered = sc.matches(" available ").count() + sc.matches(" none ").count();
        answered == 11
    });
    let with_update = checked.matches(" available ").count();
    assert!(with_update > 0 && with_update < 11, "{checked}");
    let calls = request_log(&log);
    assert_eq!(
        app_calls(&calls, "CreateUpdatedImage"),
        11,
        "one dry run each"
    );

    // Create updated images of the marked ones: those without an update are skipped.
    s.send("*P");
    let form = s.wait_for("the form", STEP, |sc| sc.contains("{yyyymmdd} is "));
    let date = form
        .split("{yyyymmdd} is ")
        .nth(1)
        .unwrap()
        .chars()
        .take(8)
        .collect::<String>();
    s.send("\r");
    let dialog = s.wait_for("create confirmation", STEP, |sc| {
        sc.contains(&format!(
            "create updated image {with_update} application images"
        ))
    });
    assert!(
        dialog.contains(&format!("-{date}")),
        "each new name is shown: {dialog}"
    );
    assert!(
        dialog.contains("no update available (the last check said so)"),
        "{dialog}"
    );
    s.confirm(&dialog);
    s.wait_for("new images listed", STEP, |sc| {
        sc.matches(&format!("-{date}")).count() == with_update
    });
    // Followed until every new image is AVAILABLE.
    s.wait_for("new images AVAILABLE", LOAD, |sc| {
        !sc.contains("PENDING")
            && sc
                .lines()
                .filter(|l| l.contains(&format!("-{date}")))
                .all(|l| l.contains("AVAILABLE"))
    });

    // The fleet on sales-crm-al2-v2 (an image with an update in the demo) switches to its
    // new image, offered first.
    s.send(":afl\r");
    s.wait_for("fleets", LOAD, |sc| sc.contains("App fleets [1/4]"));
    s.send("/sales-fleet\r");
    s.wait_for("one fleet", STEP, |sc| sc.contains("App fleets [1/1 of 4]"));
    s.send("I");
    let new_image = format!("sales-crm-al2-v2-{date}");
    // Derived from the fleet's image and the newest: chosen in the pick list.
    s.wait_for("the choice", STEP, |sc| {
        sc.contains(&format!("> {new_image}"))
    });
    s.send("\r");
    let dialog = s.wait_for("switch confirmation", STEP, |sc| {
        sc.contains(&format!("switch to image {new_image}"))
    });
    s.confirm(&dialog);
    s.wait_for("the fleet on its new image", LOAD, |sc| {
        sc.lines()
            .any(|l| l.contains("sales-fleet") && l.contains(&new_image))
    });
    s.send("q");
    assert_eq!(s.wait_exit(STEP), 0);

    let calls = request_log(&log);
    assert_eq!(
        app_calls(&calls, "CreateUpdatedImage"),
        11 + with_update,
        "11 dry runs, then one create per image with an update"
    );
    assert_eq!(app_calls(&calls, "UpdateFleet"), 1);
    // Every outcome is in the audit log, written before the answer was acted on.
    let audit = std::fs::read_to_string(&audit).unwrap();
    let outcomes = |op: &str| {
        audit
            .lines()
            .filter(|l| l.contains(&format!("\"operation\":\"{op}\"")))
            .filter(|l| l.contains("\"event\":\"outcome\""))
            .count()
    };
    assert_eq!(
        outcomes("CreateUpdatedImage"),
        13 + 13,
        "every target of both jobs"
    );
    assert_eq!(outcomes("UpdateFleet"), 1);
}

#[test]
fn read_only_allows_the_dry_run_and_nothing_else() {
    let (mut s, log, _) = demo("read-only", &["--read-only"]);
    open_app_images(&mut s);
    s.send("*D");
    let dialog = s.wait_for("check confirmation", STEP, |sc| {
        sc.contains("check for updates 11 application images")
    });
    s.confirm(&dialog);
    s.wait_for("every answer", STEP, |sc| {
        sc.matches(" available ").count() + sc.matches(" none ").count() == 11
            && !sc.contains("jobs:")
    });
    s.send("*P");
    s.wait_for("refused", STEP, |sc| {
        sc.contains("read-only: that action not sent")
    });
    s.send("q");
    assert_eq!(s.wait_exit(STEP), 0);
    let calls = request_log(&log);
    assert_eq!(app_calls(&calls, "CreateUpdatedImage"), 11);
    let mutating: Vec<_> = calls
        .iter()
        .filter(|v| v["service"] == "appstream" && v["operation"] != "CreateUpdatedImage")
        .filter(|v| {
            let op = v["operation"].as_str().unwrap_or_default();
            !(op.starts_with("Describe") || op.starts_with("List"))
        })
        .collect();
    assert!(mutating.is_empty(), "{mutating:?}");
}
