//! Nothing lost on exit: SIGHUP in the middle of a bulk reboot records exactly one outcome per
//! target, the next start offers the job, and resuming it sends only what was never sent —
//! counted in the emulator's own request log. And an unwritable audit log sends nothing.

mod pty;

use pty::{request_log, sent, typed, wait_until, Session};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

const LOAD: Duration = Duration::from_secs(120);
const STEP: Duration = Duration::from_secs(10);

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("wsfleet-e2e-int-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Resource IDs of the answered RebootWorkspaces calls in the request log.
fn rebooted(log: &[Value]) -> Vec<String> {
    sent(log, "RebootWorkspaces")
}

/// How many answered RebootWorkspaces calls the request log holds.
fn reboot_calls(log: &[Value]) -> usize {
    log.iter()
        .filter(|v| v["operation"] == "RebootWorkspaces" && v["status"] == 200)
        .count()
}

/// The count the confirmation asks to be typed.
fn typed_count(screen: &str) -> String {
    typed(screen).expect("typing is asked for")
}

fn demo(d: &Path, size: &str, extra: &[&str]) -> Session {
    let (data, log, audit) = (d.join("data"), d.join("requests.log"), d.join("audit.log"));
    let (data, log, audit) = (
        data.display().to_string(),
        log.display().to_string(),
        audit.display().to_string(),
    );
    let mut args = vec!["--demo", "--size", size, "--sim-request-log", &log];
    if !extra.contains(&"--audit-log") {
        args.extend_from_slice(&["--audit-log", &audit]);
    }
    args.extend_from_slice(extra);
    let env = [
        ("TERM", "xterm-256color"),
        ("WSFLEET_DATA_DIR", data.as_str()),
    ];
    Session::spawn_with_env(&args, 200, 40, &env)
}

#[test]
fn sighup_mid_reboot_accounts_for_every_target_and_resume_sends_no_duplicate() {
    let d = dir("sighup");
    // The demo emulator throttles as AWS does (2 calls/s, bursts of 5), so the reboot's 25-ID
    // batches go out about two a second: a signal after the third lands mid-job.
    let mut s = demo(&d, "1000", &[]);
    s.wait_for("loaded", LOAD, |sc| {
        sc.contains("WorkSpaces [1/1000]") && sc.contains("refreshed")
    });
    // Mark all 1,000: those not AVAILABLE are skipped, with their reason as outcome.
    s.send("*");
    s.wait_for("all marked", STEP, |sc| sc.contains("1000 marked"));
    s.send("R");
    let dialog = s.wait_for("confirmation", STEP, |sc| sc.contains("Type "));
    let n = typed_count(&dialog);
    let to_send: usize = n.parse().unwrap();
    let targets = 1000;
    s.send(&format!("{n}\r"));
    // Three batches answered, the rest still to come: the SSH session drops.
    let log = d.join("requests.log");
    wait_until("three batches answered", LOAD, || {
        rebooted(&request_log(&log)).len() >= 75
    });
    s.signal(libc::SIGHUP);
    assert_eq!(s.wait_exit(LOAD), 0);
    assert!(s.is_cooked(), "terminal restored");

    // Exactly one outcome per target, and a finished line.
    let audit = request_log(&d.join("audit.log"));
    let mut outcome_of: HashMap<String, String> = HashMap::new();
    for v in audit.iter().filter(|v| v["event"] == "outcome") {
        let id = v["resource"].as_str().unwrap().to_string();
        let outcome = v["outcome"].as_str().unwrap().to_string();
        assert!(
            outcome_of.insert(id.clone(), outcome).is_none(),
            "{id} twice"
        );
    }
    assert_eq!(outcome_of.len(), targets, "one outcome per target");
    assert!(audit.iter().any(|v| v["event"] == "finished"));
    // Every reboot the emulator applied is recorded succeeded (or unknown), never cancelled.
    let first_log = request_log(&log);
    let (first_run, first_calls) = (rebooted(&first_log), reboot_calls(&first_log));
    let applied: HashSet<&String> = first_run.iter().collect();
    for id in &applied {
        let o = outcome_of[*id].as_str();
        assert!(o == "succeeded" || o == "unknown", "{id}: {o}");
    }
    let cancelled = outcome_of.values().filter(|o| *o == "cancelled").count();
    let skipped = outcome_of.values().filter(|o| *o == "skipped").count();
    assert_eq!(skipped, targets - to_send);
    assert!(cancelled > 0, "the signal came mid-job");
    let unknown: HashSet<&String> = outcome_of
        .iter()
        .filter(|(_, o)| *o == "unknown")
        .map(|(id, _)| id)
        .collect();
    println!(
        "{targets} targets ({skipped} skipped): {} applied before SIGHUP, {cancelled} cancelled (not sent), {} unknown",
        applied.len(),
        unknown.len()
    );

    // The next start offers the job; resuming sends the rest, each once.
    let mut s = demo(&d, "1000", &[]);
    s.wait_for("offered", LOAD, |sc| {
        sc.contains("An earlier session did not finish") && sc.contains("never sent")
    });
    s.wait_for("loaded", LOAD, |sc| sc.contains("refreshed"));
    s.send("r");
    // The ordinary confirmation of a reboot of that many, typed as for a new job.
    let dialog = s.wait_for("the resumed job's confirmation", LOAD, |sc| {
        sc.contains("Type ")
    });
    s.send(&format!("{}\r", typed_count(&dialog)));
    s.send(":queue\r");
    s.wait_for("resumed job done", LOAD, |sc| {
        sc.contains("reboot") && sc.contains(" done ")
    });
    s.send("q");
    assert_eq!(s.wait_exit(STEP), 0);
    let lines = request_log(&log);
    let all = rebooted(&lines);
    let second_run = &all[first_run.len()..];
    let unique: HashSet<&String> = all.iter().collect();
    assert_eq!(unique.len(), all.len(), "0 duplicates across both runs");
    assert_eq!(
        second_run.len(),
        cancelled,
        "resume sent exactly the never-sent ones"
    );
    assert!(second_run.iter().all(|id| !unknown.contains(id)));
    println!(
        "resume sent {} in {} calls; {} reboots in all, 0 duplicates",
        second_run.len(),
        reboot_calls(&lines) - first_calls,
        all.len()
    );
    // The journal is empty again: a third start offers nothing.
    let journal =
        std::fs::read_to_string(d.join("data").join("unfinished-demo.json")).unwrap_or_default();
    assert!(!journal.contains("\"key\""), "{journal}");
}

#[test]
fn an_unwritable_audit_log_sends_nothing_and_says_why() {
    let d = dir("audit");
    // The audit log's folder is a regular file: the log cannot be created.
    std::fs::write(d.join("afile"), b"not a folder").unwrap();
    let audit = d.join("afile").join("audit.log").display().to_string();
    let mut s = demo(&d, "40", &["--audit-log", &audit]);
    s.wait_for("loaded", LOAD, |sc| {
        sc.contains("WorkSpaces [1/40]") && sc.contains("refreshed")
    });
    s.send("/state=available\r");
    s.wait_for("filtered", STEP, |sc| sc.contains("/state=available sort"));
    s.send("*R");
    let dialog = s.wait_for("confirmation", STEP, |sc| sc.contains("reboot "));
    s.confirm(&dialog);
    s.wait_for("refusal said", LOAD, |sc| {
        sc.contains("reboot not sent") && sc.contains("os error")
    });
    s.send("q");
    assert_eq!(s.wait_exit(STEP), 0);
    let sent = rebooted(&request_log(&d.join("requests.log")));
    assert!(sent.is_empty(), "{sent:?}");
    let mutating = request_log(&d.join("requests.log"))
        .iter()
        .filter(|v| v.get("resources").is_some())
        .count();
    assert_eq!(mutating, 0);
}

/// `wsfleet sim` on `port`, logging every request to `log`; waits until it accepts calls.
fn start_sim(port: u16, log: &Path) -> std::process::Child {
    pty::start_sim(
        port,
        &[
            "--size".as_ref(),
            "200".as_ref(),
            "--request-log".as_ref(),
            log.as_os_str(),
        ],
    )
}

#[test]
fn an_endpoint_down_mid_job_pauses_it_and_nothing_never_sent_is_called_unknown() {
    let d = dir("down");
    let port = pty::free_port();
    let log = d.join("requests.log");
    let mut sim = start_sim(port, &log);
    let (_, akid, _) = wsfleet::sim::DEMO_ACCOUNTS[0];
    let endpoint = format!("http://127.0.0.1:{port}");
    let (audit, data, config) = (d.join("audit.log"), d.join("data"), d.join("config.toml"));
    std::fs::write(&config, "").unwrap();
    let (audit_s, data_s, config_s) = (
        audit.display().to_string(),
        data.display().to_string(),
        config.display().to_string(),
    );
    let env = [
        ("TERM", "xterm-256color"),
        ("WSFLEET_DATA_DIR", data_s.as_str()),
        ("AWS_ACCESS_KEY_ID", akid),
        ("AWS_SECRET_ACCESS_KEY", "emulated"),
        ("AWS_CONFIG_FILE", "/dev/null"),
        ("AWS_SHARED_CREDENTIALS_FILE", "/dev/null"),
    ];
    let mut s = Session::spawn_with_env(
        &[
            "--config",
            &config_s,
            "--endpoint-url",
            &endpoint,
            "--region",
            "us-east-1",
            "--audit-log",
            &audit_s,
        ],
        200,
        40,
        &env,
    );
    s.wait_for("loaded", LOAD, |sc| {
        sc.contains("WorkSpaces [1/200]") && sc.contains("refreshed")
    });
    s.send("/state=available\r");
    s.wait_for("filtered", STEP, |sc| sc.contains("/state=available sort"));
    s.send("*R");
    let dialog = s.wait_for("confirmation", STEP, |sc| sc.contains("Type "));
    let n = typed_count(&dialog);
    let targets: usize = n.parse().unwrap();
    s.send(&format!("{n}\r"));
    wait_until("two batches answered", LOAD, || {
        rebooted(&request_log(&log)).len() >= 50
    });
    // The endpoint goes away mid-job: refused connections are certain "not sent".
    sim.kill().unwrap();
    sim.wait().unwrap();
    s.wait_for("paused, said on screen", LOAD, |sc| {
        sc.contains("reboot paused in us-east-1") && sc.contains("PAUSED")
    });
    // It comes back on the same port: the job resumes by itself.
    let mut sim = start_sim(port, &log);
    s.send(":queue\r");
    s.wait_for("job done", LOAD, |sc| {
        sc.contains(" done ") && sc.contains(&format!("{targets}/{targets}"))
    });
    s.send("q");
    assert_eq!(s.wait_exit(STEP), 0);
    sim.kill().unwrap();
    sim.wait().unwrap();

    let audit = request_log(&audit);
    let outcomes: Vec<&Value> = audit.iter().filter(|v| v["event"] == "outcome").collect();
    assert_eq!(outcomes.len(), targets, "one outcome per target");
    assert!(
        outcomes.iter().all(|v| v["outcome"] == "succeeded"),
        "no unknown or failed outcome for batches never sent"
    );
    let sent = rebooted(&request_log(&log));
    let unique: HashSet<&String> = sent.iter().collect();
    assert_eq!(sent.len(), targets, "every target sent once");
    assert_eq!(unique.len(), targets, "0 duplicates");
    println!("endpoint down: {targets} targets, each sent once, all succeeded");
}
