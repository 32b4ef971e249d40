//! `wsfleet do` (issue 29): the real binary against the emulator over HTTP; what was sent is
//! read from the emulator's request log (mutating operations carry their resource IDs).

mod common;

use common::*;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::PathBuf;
use wsfleet::sim::{Emulator, RequestLog};

const SIZE: usize = 120;

struct Setup {
    emu: Emulator,
    dir: PathBuf,
    log: PathBuf,
}

async fn setup(name: &str) -> Setup {
    let dir = std::env::temp_dir().join(format!("wsfleet-cli-do-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("config.toml"), "").unwrap();
    let log = dir.join("requests.jsonl");
    let emu = start_with(wsfleet::sim::SimConfig {
        request_log: Some(RequestLog::open(&log).unwrap()),
        ..quiet_config(SIZE)
    })
    .await;
    Setup { emu, dir, log }
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Setup {
    async fn wsfleet(&self, args: &[&str]) -> Run {
        let (_, akid, _) = wsfleet::sim::DEMO_ACCOUNTS[0];
        let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_wsfleet"))
            .arg("--config")
            .arg(self.dir.join("config.toml"))
            .arg("--audit-log")
            .arg(self.dir.join("audit.log"))
            .args([
                "--endpoint-url",
                &self.emu.endpoint_url(),
                "--region",
                REGION,
            ])
            .args(args)
            .env("WSFLEET_DATA_DIR", self.dir.join("data"))
            .env("AWS_ACCESS_KEY_ID", akid)
            .env("AWS_SECRET_ACCESS_KEY", "emulated")
            .env("AWS_CONFIG_FILE", "/dev/null")
            .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
            .env_remove("AWS_PROFILE")
            .output()
            .await
            .unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
        }
    }

    /// The mutating calls the emulator received since last asked: operation and IDs.
    fn mutations(&self) -> Vec<(String, Vec<String>)> {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        std::fs::write(&self.log, "").unwrap();
        text.lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap())
            .filter_map(|v| {
                let ids = v.get("resources")?.as_array()?.clone();
                let ids = ids.iter().map(|i| i.as_str().unwrap().to_string());
                Some((v["operation"].as_str().unwrap().to_string(), ids.collect()))
            })
            .collect()
    }

    fn audit(&self) -> Vec<Value> {
        let text = std::fs::read_to_string(self.dir.join("audit.log")).unwrap_or_default();
        text.lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }
}

/// The IDs a dry run would send and skip.
fn dry_run_ids(stdout: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    let pick = |word: &str| {
        stdout
            .lines()
            .filter_map(|l| l.trim().strip_prefix(word))
            .map(|rest| rest.split_whitespace().next().unwrap().to_string())
            .collect()
    };
    (pick("send "), pick("skip "))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reboot_sends_exactly_the_eligible_ids_in_batches_of_25_with_one_outcome_each() {
    let s = setup("reboot").await;
    let all = all_workspaces(&client(&s.emu)).await;
    let available = set_of(all.iter().filter(|w| is_state(w, "AVAILABLE")).map(ws_id));
    assert!(available.len() > 50, "{}", available.len());
    s.mutations();

    // The dry run: the plan, nothing sent.
    let dry = s
        .wsfleet(&["do", "reboot", "--filter", "state=AVAILABLE", "--dry-run"])
        .await;
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    let (send, skip) = dry_run_ids(&dry.stdout);
    assert_eq!(&send | &skip, available);
    assert!(s.mutations().is_empty());

    // More than confirm_typed_over: --yes is not enough, a wrong count sends nothing.
    for args in [
        &["--yes"][..],
        &["--confirm", "3"],
        &["--confirm", &(send.len() + 1).to_string()],
    ] {
        let mut all_args = vec!["do", "reboot", "--filter", "state=AVAILABLE"];
        all_args.extend_from_slice(args);
        let run = s.wsfleet(&all_args).await;
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("nothing sent"), "{}", run.stderr);
        assert_eq!(run.stdout, "");
    }
    // --max below the count refuses too.
    let n = send.len().to_string();
    let run = s
        .wsfleet(&[
            "do",
            "reboot",
            "--filter",
            "state=AVAILABLE",
            "--confirm",
            &n,
            "--max",
            "10",
        ])
        .await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(s.mutations().is_empty());
    assert!(s.audit().is_empty(), "nothing refused is audited as sent");

    let run = s
        .wsfleet(&[
            "do",
            "reboot",
            "--filter",
            "state=AVAILABLE",
            "--confirm",
            &n,
            "-o",
            "jsonl",
        ])
        .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let calls = s.mutations();
    assert!(calls
        .iter()
        .all(|(op, ids)| op == "RebootWorkspaces" && ids.len() <= 25));
    assert_eq!(calls.len(), send.len().div_ceil(25));
    let sent: Vec<String> = calls.into_iter().flat_map(|(_, ids)| ids).collect();
    assert_eq!(sent.len(), send.len(), "each ID once");
    assert_eq!(set_of(sent), send);
    // One outcome line per target, sent or skipped.
    let lines: Vec<Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), send.len() + skip.len());
    let succeeded = lines.iter().filter(|l| l["outcome"] == "succeeded");
    assert_eq!(
        set_of(succeeded.map(|l| l["resource"].as_str().unwrap().to_string())),
        send
    );
    // The audit log has each call before its outcome, and one outcome per target.
    let audit = s.audit();
    let outcomes = audit.iter().filter(|l| l["event"] == "outcome").count();
    assert_eq!(outcomes, send.len() + skip.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_few_unhealthy_ones_need_only_yes_and_read_only_sends_nothing() {
    let s = setup("unhealthy").await;
    let all = all_workspaces(&client(&s.emu)).await;
    let unhealthy = set_of(all.iter().filter(|w| is_state(w, "UNHEALTHY")).map(ws_id));
    assert!(!unhealthy.is_empty() && unhealthy.len() <= 25);
    s.mutations();

    let run = s
        .wsfleet(&[
            "--read-only",
            "do",
            "reboot",
            "--filter",
            "state=UNHEALTHY",
            "--yes",
        ])
        .await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    let run = s
        .wsfleet(&[
            "--read-only",
            "do",
            "reboot",
            "--filter",
            "state=UNHEALTHY",
            "--dry-run",
        ])
        .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(s.mutations().is_empty());

    let run = s
        .wsfleet(&["do", "reboot", "--filter", "state=UNHEALTHY", "--yes"])
        .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let calls = s.mutations();
    assert_eq!(calls.len(), 1);
    assert_eq!(set_of(calls[0].1.clone()), unhealthy);
    assert_eq!(run.stdout.lines().count(), unhealthy.len());
    assert!(
        run.stdout
            .lines()
            .all(|l| l.contains("  reboot  succeeded")),
        "{}",
        run.stdout
    );

    // A destructive action needs the count, whatever its size.
    let run = s
        .wsfleet(&["do", "terminate", "--filter", "state=UNHEALTHY", "--yes"])
        .await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(s.mutations().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_mid_job_records_every_outcome_and_keeps_a_resumable_journal() {
    let s = setup("sigterm").await;
    s.mutations();
    let dry = s
        .wsfleet(&["do", "rebuild", "--filter", "state=AVAILABLE", "--dry-run"])
        .await;
    let (send, skip) = dry_run_ids(&dry.stdout);
    assert!(send.len() > 10);
    // RebuildWorkspaces takes one WorkSpace per call: at one call a second the job is long.
    let (_, akid, _) = wsfleet::sim::DEMO_ACCOUNTS[0];
    let n = send.len().to_string();
    let child = tokio::process::Command::new(env!("CARGO_BIN_EXE_wsfleet"))
        .arg("--config")
        .arg(s.dir.join("config.toml"))
        .arg("--audit-log")
        .arg(s.dir.join("audit.log"))
        .args(["--endpoint-url", &s.emu.endpoint_url(), "--region", REGION])
        .args(["--api-rate", "1", "--api-burst", "1"])
        .args([
            "do",
            "rebuild",
            "--filter",
            "state=AVAILABLE",
            "--confirm",
            &n,
        ])
        .args(["-o", "jsonl"])
        .env("WSFLEET_DATA_DIR", s.dir.join("data"))
        .env("AWS_ACCESS_KEY_ID", akid)
        .env("AWS_SECRET_ACCESS_KEY", "emulated")
        .env("AWS_CONFIG_FILE", "/dev/null")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        .env_remove("AWS_PROFILE")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait for the first rebuild to reach the emulator, then stop it as systemd or cron would.
    let log = s.log.clone();
    wait_until("the first RebuildWorkspaces", SETTLE, || {
        let log = log.clone();
        async move {
            std::fs::read_to_string(&log)
                .unwrap_or_default()
                .contains("RebuildWorkspaces")
        }
    })
    .await;
    // SAFETY: kill sends SIGTERM to the child this test started.
    unsafe { libc::kill(child.id().unwrap() as i32, libc::SIGTERM) };
    let out = child.wait_with_output().await.unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(143), "{stderr}");
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // Every target has exactly one outcome; some were never sent.
    let ids: Vec<String> = lines
        .iter()
        .map(|l| l["resource"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), send.len() + skip.len());
    assert_eq!(set_of(ids), &send | &skip);
    let cancelled: Vec<&Value> = lines
        .iter()
        .filter(|l| l["outcome"] == "cancelled")
        .collect();
    assert!(!cancelled.is_empty());
    let sent = s.mutations().into_iter().flat_map(|(_, ids)| ids).count();
    assert!(
        sent < send.len(),
        "stopped mid-job: {sent} of {}",
        send.len()
    );
    // The journal keeps the unsent, to resume.
    let journal =
        std::fs::read_to_string(s.dir.join("data").join("unfinished-default.json")).unwrap();
    let unsent = cancelled[0]["resource"].as_str().unwrap();
    assert!(journal.contains(unsent), "{journal}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ids_from_get_on_stdin_are_acted_on_and_an_unknown_one_is_skipped() {
    let s = setup("ids").await;
    let get = s
        .wsfleet(&["get", "ws", "--filter", "state=UNHEALTHY", "-o", "ids"])
        .await;
    assert_eq!(get.code, 0, "{}", get.stderr);
    let unhealthy = set_of(get.stdout.lines().map(String::from));
    assert!(!unhealthy.is_empty());
    s.mutations();
    let (_, akid, _) = wsfleet::sim::DEMO_ACCOUNTS[0];
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_wsfleet"))
        .arg("--config")
        .arg(s.dir.join("config.toml"))
        .arg("--audit-log")
        .arg(s.dir.join("audit.log"))
        .args(["--endpoint-url", &s.emu.endpoint_url(), "--region", REGION])
        .args(["do", "reboot", "--ids", "-", "--yes", "-o", "jsonl"])
        .env("WSFLEET_DATA_DIR", s.dir.join("data"))
        .env("AWS_ACCESS_KEY_ID", akid)
        .env("AWS_SECRET_ACCESS_KEY", "emulated")
        .env("AWS_CONFIG_FILE", "/dev/null")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        .env_remove("AWS_PROFILE")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let input = format!("{}{UNKNOWN_WS}\n", get.stdout);
    {
        use tokio::io::AsyncWriteExt;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(input.as_bytes()).await.unwrap();
    }
    let out = child.wait_with_output().await.unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), unhealthy.len() + 1);
    let unknown = lines.iter().find(|l| l["resource"] == UNKNOWN_WS).unwrap();
    assert_eq!(unknown["outcome"], "skipped");
    let sent: Vec<String> = s.mutations().into_iter().flat_map(|(_, ids)| ids).collect();
    assert_eq!(set_of(sent), unhealthy);
}
