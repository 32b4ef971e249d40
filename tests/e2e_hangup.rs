//! The SSH drop and the hard kill: wsfleet's terminal closing under it (no SIGHUP reaches it,
//! as behind a shell that ignores one) stops a bulk reboot exactly as SIGHUP does, and a
//! SIGKILL's calls in flight are accounted for at the next start. Each is checked against the
//! emulator's own request log: every target one outcome, every applied call a succeeded or
//! unknown line, nothing sent before its `sending` line.

mod pty;

use pty::hangup::Droppable;
use pty::{request_log, sent, typed, wait_until, Session};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

const LOAD: Duration = Duration::from_secs(120);
const STEP: Duration = Duration::from_secs(10);

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("wsfleet-e2e-hup-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// `--demo` arguments logging requests and audit into `d`.
fn demo_args(d: &Path, size: &str, extra: &[&str]) -> Vec<String> {
    let mut args: Vec<String> = vec![
        "--demo".into(),
        "--size".into(),
        size.into(),
        "--sim-request-log".into(),
        d.join("requests.log").display().to_string(),
        "--audit-log".into(),
        d.join("audit.log").display().to_string(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    args
}

/// Each target's outcome in the audit log; panics on a target with two.
fn outcomes(audit: &[Value]) -> HashMap<String, String> {
    let mut outcome_of = HashMap::new();
    for v in audit.iter().filter(|v| v["event"] == "outcome") {
        let id = v["resource"].as_str().unwrap().to_string();
        let outcome = v["outcome"].as_str().unwrap().to_string();
        let job = &v["job"];
        assert!(
            outcome_of.insert(id.clone(), outcome).is_none(),
            "{id} has two outcomes (job {job})"
        );
    }
    outcome_of
}

/// Every ID the emulator was asked to reboot was first in a `sending` line.
fn nothing_sent_unrecorded(audit: &[Value], applied: &[String]) {
    let recorded: HashSet<&str> = audit
        .iter()
        .filter(|v| v["event"] == "sending")
        .flat_map(|v| v["ids"].as_array().unwrap().iter())
        .map(|id| id.as_str().unwrap())
        .collect();
    for id in applied {
        assert!(recorded.contains(id.as_str()), "{id} sent unrecorded");
    }
}

fn journal(d: &Path) -> Value {
    let text = std::fs::read_to_string(d.join("data").join("unfinished-demo.json"))
        .expect("the journal is kept");
    serde_json::from_str(&text).unwrap()
}

#[test]
fn a_terminal_that_hangs_up_mid_reboot_is_a_sighup() {
    let d = dir("drop");
    let args = demo_args(&d, "1000", &[]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut s = Droppable::spawn(&d, &args, 200, 40, &[]);
    s.wait_for("loaded", LOAD, |sc| {
        sc.contains("WorkSpaces [1/1000]") && sc.contains("refreshed")
    });
    s.send("*");
    s.wait_for("all marked", STEP, |sc| sc.contains("1000 marked"));
    s.send("R");
    let dialog = s.wait_for("confirmation", STEP, |sc| sc.contains("Type "));
    let n = typed(&dialog).expect("typing is asked for");
    s.send(&format!("{n}\r"));
    let log = d.join("requests.log");
    wait_until("three batches answered", LOAD, || {
        sent(&request_log(&log), "RebootWorkspaces").len() >= 75
    });
    // The SSH connection drops: the terminal's other side closes. The shell in front of
    // wsfleet ignores the SIGHUP the kernel sends it; wsfleet gets none.
    s.hang_up();
    assert_eq!(
        s.wait_status(LOAD),
        0,
        "exit status after a dropped terminal"
    );

    let audit = request_log(&d.join("audit.log"));
    let outcome_of = outcomes(&audit);
    assert_eq!(outcome_of.len(), 1000, "one outcome per target");
    let finished: Vec<&Value> = audit.iter().filter(|v| v["event"] == "finished").collect();
    assert_eq!(finished.len(), 1, "one finished line");
    assert_eq!(finished[0]["state"], "interrupted");
    let applied = sent(&request_log(&log), "RebootWorkspaces");
    nothing_sent_unrecorded(&audit, &applied);
    for id in &applied {
        let o = outcome_of[id].as_str();
        assert!(o == "succeeded" || o == "unknown", "{id} applied but {o}");
    }
    let cancelled = outcome_of.values().filter(|o| *o == "cancelled").count();
    assert!(cancelled > 0, "the drop came mid-job");
    // The journal keeps the job for resume: exactly the cancelled (never sent) targets.
    let j = journal(&d);
    let job = &j["jobs"][0];
    assert_eq!(job["state"], "interrupted");
    assert_eq!(job["not_sent"].as_array().unwrap().len(), cancelled);
    assert!(job["in_flight"].as_array().is_none_or(|a| a.is_empty()));
    println!(
        "dropped terminal: {} applied, {cancelled} cancelled (kept for resume), exit 0",
        applied.len()
    );
    resume_is_confirmed_like_a_new_job(&d, cancelled);
}

/// A restarted wsfleet with the same data directory and logs.
fn restart(d: &Path, extra: &[&str]) -> Session {
    let args = demo_args(d, "1000", extra);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let data = d.join("data").display().to_string();
    let env = [
        ("TERM", "xterm-256color"),
        ("WSFLEET_DATA_DIR", data.as_str()),
    ];
    Session::spawn_with_env(&args, 200, 40, &env)
}

/// Esc on the offer (every job kept for the next start), then `q` once it has closed (an Esc
/// and a key sent together read as Alt and that key).
fn keep_all_and_quit(s: &mut Session) {
    s.send("\x1b");
    s.wait_for("the offer closed", STEP, |sc| {
        !sc.contains("An earlier session did not finish")
    });
    s.send("q");
}

fn offered(s: &Session) -> String {
    s.wait_for("the resume offer", LOAD, |sc| {
        sc.contains("An earlier session did not finish") && sc.contains("never sent")
    })
}

/// The job the drop left: read-only refuses to resume it; an entry edited to another action
/// gets that action's own confirmation (and typing), never text from the file; cancelling it
/// keeps the entry; the real one resumes only after its count is typed, and sends only what
/// was never sent.
fn resume_is_confirmed_like_a_new_job(d: &Path, never_sent: usize) {
    let log = d.join("requests.log");
    let sending_lines = || {
        request_log(&d.join("audit.log"))
            .iter()
            .filter(|v| v["event"] == "sending")
            .count()
    };
    let sending_before = sending_lines();

    // --read-only: r refuses, the entry stays, nothing is written or sent.
    let mut s = restart(d, &["--read-only"]);
    offered(&s);
    s.wait_for("loaded", LOAD, |sc| sc.contains("refreshed"));
    s.send("r");
    s.wait_for("refused", STEP, |sc| {
        sc.contains("read-only: reboot not resumed")
    });
    keep_all_and_quit(&mut s);
    assert_eq!(s.wait_exit(STEP), 0);
    assert_eq!(sending_lines(), sending_before);
    assert_eq!(journal(d)["jobs"].as_array().unwrap().len(), 1, "kept");

    // The entry edited to Terminate: the dialog names terminate from the action type, and r
    // opens terminate's own confirmation, typed.
    let file = d.join("data").join("unfinished-demo.json");
    let mut j = journal(d);
    j["jobs"][0]["action"] = serde_json::json!("Terminate");
    j["jobs"][0]["operation"] = serde_json::json!("RebootWorkspaces");
    std::fs::write(&file, serde_json::to_vec(&j).unwrap()).unwrap();
    let mut s = restart(d, &[]);
    let offer = offered(&s);
    assert!(
        offer.contains("terminate in us-east-1 (TerminateWorkspaces)"),
        "{offer}"
    );
    s.wait_for("loaded", LOAD, |sc| sc.contains("refreshed"));
    s.send("r");
    let dialog = s.wait_for("terminate's confirmation", LOAD, |sc| sc.contains("Type "));
    assert!(dialog.to_lowercase().contains("terminate"), "{dialog}");
    s.send("\x1b");
    s.wait_for("cancelled", STEP, |sc| sc.contains("kept in the journal"));
    s.send("q");
    assert_eq!(s.wait_exit(STEP), 0);
    assert!(sent(&request_log(&log), "TerminateWorkspaces").is_empty());
    assert_eq!(
        journal(d)["jobs"][0]["action"],
        "Terminate",
        "kept as it was"
    );

    // Back to the real job: its confirmation asks for the count, like a new job of that size.
    j["jobs"][0]["action"] = serde_json::json!("Reboot");
    std::fs::write(&file, serde_json::to_vec(&j).unwrap()).unwrap();
    let before = sent(&request_log(&log), "RebootWorkspaces");
    let mut s = restart(d, &[]);
    offered(&s);
    s.wait_for("loaded", LOAD, |sc| sc.contains("refreshed"));
    s.send("r");
    let dialog = s.wait_for("reboot's confirmation", LOAD, |sc| sc.contains("Type "));
    let n = typed(&dialog).unwrap();
    let count: usize = n.parse().unwrap();
    assert!(count > 25 && count <= never_sent, "{dialog}");
    s.send(&format!("{n}\r"));
    s.send(":queue\r");
    s.wait_for("resumed job done", LOAD, |sc| {
        sc.contains("reboot") && sc.contains(" done ")
    });
    s.send("q");
    assert_eq!(s.wait_exit(STEP), 0);
    let all = sent(&request_log(&log), "RebootWorkspaces");
    let unique: HashSet<&String> = all.iter().collect();
    assert_eq!(unique.len(), all.len(), "0 duplicates");
    assert_eq!(
        all.len() - before.len(),
        count,
        "only the never-sent, each once"
    );
    assert!(!d.join("data").join("unfinished-demo.json").exists());
}

#[test]
fn an_idle_wsfleet_whose_terminal_hangs_up_exits_0() {
    let d = dir("idle");
    let args = demo_args(&d, "40", &[]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut s = Droppable::spawn(&d, &args, 80, 24, &[]);
    s.wait_for("loaded", LOAD, |sc| sc.contains("refreshed"));
    s.hang_up();
    assert_eq!(s.wait_status(LOAD), 0);
}

#[test]
fn after_kill_9_the_next_start_records_the_calls_in_flight_once() {
    let d = dir("kill9");
    // Every call takes a second, so a call is surely in flight when the kill comes.
    let args = demo_args(&d, "200", &["--sim-latency", "1000"]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let data = d.join("data").display().to_string();
    let env = [
        ("TERM", "xterm-256color"),
        ("WSFLEET_DATA_DIR", data.as_str()),
    ];
    let mut s = Session::spawn_with_env(&args, 200, 40, &env);
    s.wait_for("loaded", LOAD, |sc| {
        sc.contains("WorkSpaces [1/200]") && sc.contains("refreshed")
    });
    s.send("/state=available\r");
    s.wait_for("filtered", STEP, |sc| sc.contains("/state=available sort"));
    s.send("*R");
    let dialog = s.wait_for("confirmation", STEP, |sc| sc.contains("Type "));
    let n = typed(&dialog).unwrap();
    let targets: usize = n.parse().unwrap();
    s.send(&format!("{n}\r"));
    // The journal says a batch is in a call: kill -9 now.
    let file = d.join("data").join("unfinished-demo.json");
    let in_flight = || -> Vec<String> {
        let Ok(text) = std::fs::read_to_string(&file) else {
            return vec![];
        };
        let Ok(j) = serde_json::from_str::<Value>(&text) else {
            return vec![];
        };
        j["jobs"][0]["in_flight"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|t| t["id"].as_str().unwrap().to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    wait_until("a call in flight", LOAD, || !in_flight().is_empty());
    s.signal(libc::SIGKILL);
    s.wait_exit(STEP);
    let flying = in_flight();
    assert!(!flying.is_empty());
    let audit_path = d.join("audit.log");
    let before = request_log(&audit_path);
    assert!(!before.iter().any(|v| v["event"] == "finished"));

    // The next start records them before anything else: unknown, never resent; the job's
    // finished line; its never-sent targets cancelled (and offered for resume).
    let start = || {
        let args = demo_args(&d, "200", &[]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        Session::spawn_with_env(&args, 200, 40, &env)
    };
    let mut s = start();
    let offer = s.wait_for("the offer", LOAD, |sc| {
        sc.contains("An earlier session did not finish")
    });
    assert!(offer.contains("killed or crashed"), "{offer}");
    assert!(
        offer.contains("may have been applied: never resent"),
        "{offer}"
    );
    keep_all_and_quit(&mut s);
    assert_eq!(s.wait_exit(STEP), 0);
    let audit = request_log(&audit_path);
    let outcome_of = outcomes(&audit);
    assert_eq!(outcome_of.len(), targets, "every target one outcome");
    for id in &flying {
        assert_eq!(outcome_of[id], "unknown", "{id}");
    }
    let finished: Vec<&Value> = audit.iter().filter(|v| v["event"] == "finished").collect();
    assert_eq!(finished.len(), 1);
    assert!(finished[0]["message"]
        .as_str()
        .unwrap()
        .contains("killed or crashed"));
    assert_eq!(finished[0]["counts"]["unknown"], flying.len());
    let applied = sent(&request_log(&d.join("requests.log")), "RebootWorkspaces");
    nothing_sent_unrecorded(&audit, &applied);

    // Once: a third start writes nothing more.
    let mut s = start();
    s.wait_for("the offer", LOAD, |sc| {
        sc.contains("An earlier session did not finish")
    });
    keep_all_and_quit(&mut s);
    assert_eq!(s.wait_exit(STEP), 0);
    assert_eq!(request_log(&audit_path).len(), audit.len(), "recorded once");
}
