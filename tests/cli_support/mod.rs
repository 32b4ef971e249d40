//! The real binary against the emulator over HTTP, for the `wsfleet do`, `jobs` and `resume`
//! tests: what was sent is read from the emulator's request log (mutating operations carry
//! their resource IDs), what was recorded from the audit log and the journal.
#![allow(dead_code)]

use crate::common::*;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::PathBuf;
use wsfleet::sim::{Emulator, RequestLog};

pub const SIZE: usize = 120;

pub struct Setup {
    pub emu: Emulator,
    pub dir: PathBuf,
    pub log: PathBuf,
}

pub async fn setup(name: &str) -> Setup {
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

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Setup {
    /// The binary with this setup's config, audit log, data directory and endpoint.
    pub fn command(&self, args: &[&str]) -> tokio::process::Command {
        let (_, akid, _) = wsfleet::sim::DEMO_ACCOUNTS[0];
        let mut c = tokio::process::Command::new(env!("CARGO_BIN_EXE_wsfleet"));
        c.arg("--config")
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
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        c
    }

    pub async fn wsfleet(&self, args: &[&str]) -> Run {
        let out = self.command(args).output().await.unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
        }
    }

    /// Every request the emulator received since last asked, as logged.
    pub fn requests(&self) -> Vec<Value> {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        std::fs::write(&self.log, "").unwrap();
        text.lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap())
            .collect()
    }

    /// The mutating calls the emulator received since last asked: operation and IDs.
    pub fn mutations(&self) -> Vec<(String, Vec<String>)> {
        self.requests()
            .into_iter()
            .filter_map(|v| {
                let ids = v.get("resources")?.as_array()?.clone();
                let ids = ids.iter().map(|i| i.as_str().unwrap().to_string());
                Some((v["operation"].as_str().unwrap().to_string(), ids.collect()))
            })
            .collect()
    }

    pub fn audit(&self) -> Vec<Value> {
        let text = std::fs::read_to_string(self.dir.join("audit.log")).unwrap_or_default();
        text.lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    /// The audit log's outcome lines: resource → outcomes recorded for it.
    pub fn audited_outcomes(&self) -> std::collections::BTreeMap<String, Vec<String>> {
        let mut out = std::collections::BTreeMap::<String, Vec<String>>::new();
        for l in self.audit().iter().filter(|l| l["event"] == "outcome") {
            let id = l["resource"].as_str().unwrap().to_string();
            out.entry(id)
                .or_default()
                .push(l["outcome"].as_str().unwrap_or_default().to_string());
        }
        out
    }

    pub fn journal(&self) -> Option<String> {
        std::fs::read_to_string(self.dir.join("data").join("unfinished-default.json")).ok()
    }
}

/// The IDs a dry run would send and skip.
pub fn dry_run_ids(stdout: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    let pick = |word: &str| {
        stdout
            .lines()
            .filter_map(|l| l.trim().strip_prefix(word))
            .map(|rest| rest.split_whitespace().next().unwrap().to_string())
            .collect()
    };
    (pick("send "), pick("skip "))
}

/// JSON lines of stdout.
pub fn json_lines(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// A `do` stopped by SIGTERM mid-job: the plan it was given, and what it printed and exited
/// with.
pub struct Stopped {
    pub send: BTreeSet<String>,
    pub skip: BTreeSet<String>,
    pub out: std::process::Output,
}

impl Setup {
    /// `do rebuild --filter state=AVAILABLE` at one call a second (RebuildWorkspaces takes one
    /// WorkSpace per call, so the job is long), stopped with SIGTERM, as systemd or cron would,
    /// once its first rebuild reached the emulator. The request log is taken first, so
    /// `mutations()` afterwards gives what the stopped job sent.
    pub async fn rebuild_stopped_by_sigterm(&self) -> Stopped {
        let dry = self
            .wsfleet(&["do", "rebuild", "--filter", "state=AVAILABLE", "--dry-run"])
            .await;
        let (send, skip) = dry_run_ids(&dry.stdout);
        assert!(send.len() > 10, "{}", dry.stdout);
        self.mutations();
        let n = send.len().to_string();
        let child = self
            .command(&[
                "--api-rate",
                "1",
                "--api-burst",
                "1",
                "do",
                "rebuild",
                "--filter",
                "state=AVAILABLE",
                "--confirm",
                &n,
                "-o",
                "jsonl",
            ])
            .spawn()
            .unwrap();
        let log = self.log.clone();
        // After the sweep and the connection status of the targets, at one call a second.
        wait_until(
            "the first RebuildWorkspaces",
            std::time::Duration::from_secs(60),
            || {
                let log = log.clone();
                async move {
                    std::fs::read_to_string(&log)
                        .unwrap_or_default()
                        .contains("RebuildWorkspaces")
                }
            },
        )
        .await;
        // SAFETY: kill sends SIGTERM to the child this test started.
        unsafe { libc::kill(child.id().unwrap() as i32, libc::SIGTERM) };
        let out = child.wait_with_output().await.unwrap();
        Stopped { send, skip, out }
    }
}
