//! Issue 27, create WorkSpaces from a CSV in the real binary (`--demo`, 80x24), as an
//! administrator does it: Enter on a directory, `N` (that directory chosen), the bundle picked
//! by typing to narrow, `@users.csv` of 60 users. The file has one line twice: the form refuses
//! it with both line numbers and nothing is sent; the line removed, the form is sent again.
//! Three users already have a WorkSpace in the directory (read off the drill-down): the
//! confirmation skips them with their WorkSpace IDs. An unknown user and an unknown bundle pass
//! the model's checks and are the service's to refuse (FailedRequests). The emulator's request
//! log shows 3 CreateWorkspaces calls (25 + 25 + 6) carrying exactly the 56 users not skipped;
//! the audit log one outcome per user (the new WorkSpace's ID, the service's error code, or the
//! skip with the existing ID); the new rows reach AVAILABLE on screen.

mod pty;

use pty::{request_log, Session};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::time::{Duration, Instant};

const LOAD: Duration = Duration::from_secs(60);
const STEP: Duration = Duration::from_secs(20);
/// The new WorkSpaces go PENDING → AVAILABLE in the emulator's transition time (3 s), then
/// the app reads them again.
const SETTLE: Duration = Duration::from_secs(90);
const NEW_USERS: usize = 54;

/// A fresh directory under the temp dir for this run's files.
fn temp_dir() -> PathBuf {
    let p = std::env::temp_dir().join(format!("wsfleet-e2e-create-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&p);
    std::fs::create_dir_all(&p).unwrap();
    p
}

/// (ID, user) of the WorkSpace rows under the table header on `screen`.
fn rows(screen: &str) -> Vec<(String, String)> {
    screen
        .lines()
        .skip_while(|l| !l.contains(" ID "))
        .skip(1)
        .filter_map(|l| {
            let mut words = l
                .split(|c: char| c.is_whitespace() || c == '*' || c == '│')
                .filter(|w| !w.is_empty());
            let id = words.next()?;
            let user = words.next()?;
            id.starts_with("ws-")
                .then(|| (id.to_string(), user.to_string()))
        })
        .collect()
}

/// The CSV: 54 new users, the 3 `existing` ones, an unknown user, a line with an unknown
/// bundle, and (when `duplicate`) new.user010 again as line 61.
fn csv(existing: &[(String, String)], duplicate: bool) -> String {
    let mut text = String::from("user,bundle\n");
    for n in 1..=NEW_USERS {
        text.push_str(&format!("new.user{n:03},\n"));
    }
    for (_, user) in existing {
        text.push_str(&format!("{user},\n"));
    }
    text.push_str("nobody.here,\n");
    text.push_str("new.user055,wsb-zz99notreal9\n");
    if duplicate {
        text.push_str("new.user010,\n");
    }
    text
}

#[test]
fn a_csv_of_sixty_users_creates_the_eligible_ones_in_three_calls() {
    let started = Instant::now();
    let dir = temp_dir();
    let (log, audit, file) = (
        dir.join("requests.log"),
        dir.join("audit.log"),
        dir.join("users.csv"),
    );
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
    let mut s = Session::spawn(&args, 80, 24);
    s.wait_for("loaded", LOAD, |sc| {
        sc.contains("WorkSpaces [1/60]") && sc.contains("refreshed")
    });
    // The first directory's WorkSpaces (Enter drills down), and three of its users.
    s.send(":dirs\r");
    s.wait_for("directories", STEP, |sc| {
        sc.contains("Directories [1/") && sc.contains("REGISTERED")
    });
    s.send("\r");
    let drilled = s.wait_for("the directory's WorkSpaces", STEP, |sc| {
        sc.contains("/dir=d-") && rows(sc).len() >= 3
    });
    let directory = drilled
        .split("/dir=")
        .nth(1)
        .and_then(|t| t.split_whitespace().next())
        .unwrap()
        .to_string();
    let existing: Vec<(String, String)> = rows(&drilled).into_iter().take(3).collect();

    s.send("N");
    s.wait_for("the form, the directory chosen", STEP, |sc| {
        sc.contains("Create WorkSpaces") && sc.contains("Bundle: none chosen")
    });
    s.send("\tstandard");
    s.wait_for("a STANDARD bundle chosen", STEP, |sc| {
        sc.lines()
            .any(|l| l.contains("> ") && l.contains("STANDARD"))
    });
    std::fs::write(&file, csv(&existing, true)).unwrap();
    s.send(&format!("\t@{}\r", file.display()));
    s.wait_for("the duplicate refused with both lines", STEP, |sc| {
        sc.contains("lines 11 and 61: two WorkSpaces for new.user010")
    });
    assert!(
        !request_log(&log)
            .iter()
            .any(|v| v["operation"] == "CreateWorkspaces"),
        "nothing is sent while the form refuses the file"
    );

    // The administrator removes the second line and sends the form again.
    std::fs::write(&file, csv(&existing, false)).unwrap();
    s.send("\r");
    let dialog = s.wait_for("the confirmation", STEP, |sc| {
        sc.contains("create 56 WorkSpaces") && sc.contains("Type 56")
    });
    for (id, user) in &existing {
        let skip = format!("{user} already has {id}");
        assert!(dialog.contains(&skip), "{skip}:\n{dialog}");
    }
    s.confirm(&dialog);
    s.wait_for("the job finished", LOAD, |sc| {
        sc.contains("create: 2 of 59 failed")
    });
    // The new rows, AVAILABLE: `/` opens the drill-down's filter, narrowed to them.
    s.send("/");
    let typing = format!("/dir={directory}");
    s.wait_for("the filter", STEP, |sc| {
        sc.lines().any(|l| l.trim_end() == typing)
    });
    s.send(" user~^new\\.user0 state=AVAILABLE\r");
    s.wait_for("the new WorkSpaces AVAILABLE", SETTLE, |sc| {
        sc.contains(&format!("[1/{NEW_USERS} of 114]"))
    });
    s.send("q");
    assert_eq!(s.wait_exit(STEP), 0);

    let eligible: BTreeSet<String> = (1..=NEW_USERS + 1)
        .map(|n| format!("new.user{n:03}"))
        .chain(["nobody.here".to_string()])
        .map(|u| format!("{directory}/{u}"))
        .collect();
    check_calls(&log, &eligible);
    let outcomes = check_audit(&audit, &eligible, &directory, &existing);
    let created: BTreeSet<&String> = outcomes.values().filter(|r| r.starts_with("ws-")).collect();
    assert_eq!(created.len(), NEW_USERS, "a new WorkSpace ID each");
    eprintln!("e2e_create took {:?}", started.elapsed());
    let _ = std::fs::remove_dir_all(&dir);
}

/// 3 answered CreateWorkspaces calls, at most 25 users each, carrying every eligible user
/// exactly once and nobody else.
fn check_calls(log: &std::path::Path, eligible: &BTreeSet<String>) {
    let calls: Vec<Vec<String>> = request_log(log)
        .iter()
        .filter(|v| v["operation"] == "CreateWorkspaces")
        .map(|v| {
            assert_eq!(v["status"], 200, "{v}");
            (v["resources"].as_array().unwrap().iter())
                .map(|r| r.as_str().unwrap().to_string())
                .collect()
        })
        .collect();
    let sizes: Vec<usize> = calls.iter().map(Vec::len).collect();
    assert_eq!(sizes, [25, 25, 6], "users per CreateWorkspaces call");
    let all: Vec<&String> = calls.iter().flatten().collect();
    let once: BTreeSet<&String> = all.iter().copied().collect();
    assert_eq!(once.len(), all.len(), "no user sent twice");
    assert_eq!(
        once,
        eligible.iter().collect(),
        "exactly the eligible users"
    );
}

/// One CreateWorkspaces outcome per user in the audit log, each after a `sending` line that
/// named it (sent users): skipped with the existing WorkSpace's ID, failed with the service's
/// code, or succeeded with the new WorkSpace's ID. Returns user → result (ID or code).
fn check_audit(
    audit: &std::path::Path,
    eligible: &BTreeSet<String>,
    directory: &str,
    existing: &[(String, String)],
) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(audit).unwrap();
    let lines: Vec<serde_json::Value> = (text.lines())
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["operation"] == "CreateWorkspaces")
        .collect();
    let mut announced = BTreeSet::new();
    let mut outcomes = BTreeMap::new();
    for v in &lines {
        let ids = v["ids"].as_array().cloned().unwrap_or_default();
        match v["event"].as_str().unwrap_or_default() {
            "sending" => announced.extend(ids.iter().map(|i| i.as_str().unwrap().to_string())),
            "outcome" => {
                let user = v["resource"].as_str().unwrap().to_string();
                let outcome = v["outcome"].as_str().unwrap();
                assert!(
                    outcome == "skipped" || announced.contains(&user),
                    "{user} {outcome} before a sending line named it"
                );
                let said = match outcome {
                    "succeeded" => v["result"].as_str().unwrap_or_default().to_string(),
                    "failed" => v["error_code"].as_str().unwrap_or_default().to_string(),
                    _ => format!("{outcome}: {}", v["message"].as_str().unwrap_or_default()),
                };
                let again = outcomes.insert(user.clone(), said);
                assert!(again.is_none(), "{user} has two outcomes:\n{text}");
            }
            _ => {}
        }
    }
    assert_eq!(outcomes.len(), eligible.len() + existing.len(), "{text}");
    let of = |user: &str| outcomes[&format!("{directory}/{user}")].clone();
    assert_eq!(of("nobody.here"), "ResourceNotFound.User");
    assert_eq!(of("new.user055"), "ResourceNotFound.Bundle");
    for (id, user) in existing {
        let skip = of(user);
        assert!(
            skip.starts_with("skipped") && skip.contains(id.as_str()),
            "{skip}"
        );
    }
    for n in 1..=NEW_USERS {
        let result = of(&format!("new.user{n:03}"));
        assert!(result.starts_with("ws-"), "new.user{n:03}: {result}");
    }
    outcomes
}
