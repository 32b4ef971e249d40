//! Issue 27, modify in the real binary (`--demo`): `M` on two marked WorkSpaces, one AVAILABLE
//! STANDARD and one in a state ModifyWorkspaceProperties refuses; the form's compute pick list
//! narrowed to PERFORMANCE; the confirmation names the change and the skipped one. The
//! emulator's request log shows one ModifyWorkspaceProperties call, for the AVAILABLE one
//! only; the audit log one outcome for each target (sent and skipped).

mod pty;

use pty::{request_log, sent, Session};
use std::path::PathBuf;
use std::time::Duration;

const LOAD: Duration = Duration::from_secs(60);
const STEP: Duration = Duration::from_secs(20);

fn temp(name: &str) -> PathBuf {
    let p = std::env::temp_dir().join(format!("wsfleet-e2e-modify-{}-{name}", std::process::id()));
    let _ = std::fs::remove_file(&p);
    p
}

/// The first WorkSpace ID in the table under `screen`'s header.
fn first_id(screen: &str) -> String {
    screen
        .lines()
        .skip_while(|l| !l.contains(" ID "))
        .skip(1)
        .flat_map(|l| l.split(|c: char| c.is_whitespace() || c == '*' || c == '│'))
        .find(|w| w.starts_with("ws-") && w.len() >= 11)
        .map(str::to_string)
        .unwrap_or_else(|| panic!("no WorkSpace row:\n{screen}"))
}

/// Filter with `expr` and read the first row's ID.
fn first_of(s: &mut Session, expr: &str) -> String {
    s.send(&format!("/{expr}\r"));
    let screen = s.wait_for(expr, STEP, |sc| {
        sc.contains(&format!("/{expr} sort")) && sc.contains("[1/")
    });
    let id = first_id(&screen);
    s.send("\x1b");
    s.wait_for("filter cleared", STEP, |sc| {
        !sc.contains(&format!("/{expr}"))
    });
    id
}

#[test]
fn a_modify_sends_to_the_available_one_and_skips_the_other() {
    let (log, audit) = (temp("requests.log"), temp("audit.log"));
    let (log_s, audit_s) = (log.display().to_string(), audit.display().to_string());
    let args = [
        "--demo",
        "--size",
        "60",
        "--sim-request-log",
        &log_s,
        "--audit-log",
        &audit_s,
    ];
    let mut s = Session::spawn(&args, 160, 40);
    s.wait_for("loaded", LOAD, |sc| {
        sc.contains("WorkSpaces [1/60]") && sc.contains("refreshed")
    });
    let ok = first_of(&mut s, "state=AVAILABLE compute=STANDARD");
    let refused = first_of(&mut s, "!state=AVAILABLE !state=STOPPED");
    s.send(&format!("/id~^({ok}|{refused})$\r"));
    s.wait_for("both rows", STEP, |sc| sc.contains("[1/2 of 60]"));
    s.send("*");
    s.wait_for("marked", STEP, |sc| sc.contains(" marked "));
    s.send("M");
    s.wait_for("the form", STEP, |sc| {
        sc.contains("Modify WorkSpaces") && sc.contains("(no change)")
    });
    s.send("perf");
    s.wait_for("PERFORMANCE chosen", STEP, |sc| {
        sc.contains("> PERFORMANCE")
    });
    s.send("\r");
    let dialog = s.wait_for("the confirmation", STEP, |sc| {
        sc.contains("modify compute PERFORMANCE 1 WorkSpace")
    });
    for whole in [
        "STANDARD → PERFORMANCE",
        "billing rate",
        "modify needs AVAILABLE or STOPPED",
    ] {
        assert!(dialog.contains(whole), "{whole}:\n{dialog}");
    }
    s.confirm(&dialog);
    s.send(":queue\r");
    s.wait_for("job done", LOAD, |sc| {
        sc.contains(" modify ") && sc.contains(" done ")
    });
    s.send("q");
    assert_eq!(s.wait_exit(STEP), 0);

    let calls = request_log(&log);
    assert_eq!(
        sent(&calls, "ModifyWorkspaceProperties"),
        vec![ok.clone()],
        "the skipped one got no call"
    );
    let audit = std::fs::read_to_string(&audit).unwrap();
    let outcomes: Vec<serde_json::Value> = audit
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["operation"] == "ModifyWorkspaceProperties" && v["event"] == "outcome")
        .collect();
    let of = |id: &str| -> Vec<String> {
        outcomes
            .iter()
            .filter(|v| v["resource"] == id)
            .map(|v| v["outcome"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    assert_eq!(of(&ok), ["succeeded"], "{audit}");
    assert_eq!(of(&refused), ["skipped"], "{audit}");
}
