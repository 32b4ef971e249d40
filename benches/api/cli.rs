//! `wsfleet get` and `wsfleet do` against the AWS CLI v1 (issue 29's benchmark): both run as
//! processes against the emulator (throttling on), each against a fresh emulator of the same
//! seed with a full bucket.
//!
//! - Listing: `wsfleet get ws -o ids` (the release binary) against `aws workspaces
//!   describe-workspaces --page-size 25 --query 'Workspaces[].WorkspaceId' --output text`
//!   (the CLI auto-paginates).
//! - Bulk reboot: `wsfleet do reboot --ids - --confirm N -o jsonl` (the IDs on stdin; it
//!   looks them up by ID, checks them, asks the connection status of the eligible ones and
//!   sends them in batches of 25 through the queue) against a shell-style loop of `aws
//!   workspaces reboot-workspaces` with 25 IDs each (no lookup, no check).
//!
//! Time is wall time of the processes (start-up included), against ceil(C/R) for the calls C
//! each tool made, and against the task's own floor ceil(ceil(N/25)/R): the fewest calls that
//! do the job (one describe per page of 25, one reboot per 25 IDs).

use super::{emulator, last_line, run_cli, CliRun, Rate, REGION};
use crate::common::pty::bin;
use crate::common::{secs, Table};
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use wsfleet::domain::Workspace;
use wsfleet::sim::SimStats;

pub struct CliTask {
    task: &'static str,
    tool: &'static str,
    n: usize,
    /// IDs printed (listing), or targets rebooted (reboot).
    done: usize,
    elapsed: Duration,
    stats: SimStats,
    note: String,
}

/// A scratch home for one wsfleet process: empty config, its own audit log and journal.
fn home(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("wsfleet-bench-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch home");
    std::fs::write(dir.join("config.toml"), "").expect("empty config");
    dir
}

/// The release binary with `args`, against `url` at the bench's rate (its budget:
/// `--api-rate R --api-burst B`), `stdin` written to it; waits for it to finish.
fn run_wsfleet(url: &str, r: Rate, home: &std::path::Path, args: &[String], stdin: &str) -> CliRun {
    let mut cmd = Command::new(bin());
    cmd.arg("--config")
        .arg(home.join("config.toml"))
        .arg("--audit-log")
        .arg(home.join("audit.log"))
        .args(["--endpoint-url", url, "--region", REGION])
        .args(["--api-rate", &r.rate.to_string()])
        .args(["--api-burst", &r.burst.to_string()])
        .args(args)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("WSFLEET_DATA_DIR", home.join("data"))
        // The emulator's default account, as the CLI side uses.
        .env("AWS_ACCESS_KEY_ID", "AKIDEMULATOR")
        .env("AWS_SECRET_ACCESS_KEY", "emulator")
        .env("AWS_CONFIG_FILE", "/dev/null")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_REGION")
        .env_remove("WSFLEET_CONFIG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let start = Instant::now();
    let mut child = cmd.spawn().expect("spawn wsfleet");
    let mut input = child.stdin.take().unwrap();
    let text = stdin.to_string();
    let in_thread = std::thread::spawn(move || {
        let _ = input.write_all(text.as_bytes());
    });
    let mut err = child.stderr.take().unwrap();
    let err_thread = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = err.read_to_string(&mut s);
        s
    });
    let mut stdout = vec![];
    let mut first_byte = None;
    let mut out = child.stdout.take().unwrap();
    let mut buf = [0u8; 65536];
    while let Ok(n) = out.read(&mut buf) {
        if n == 0 {
            break;
        }
        first_byte.get_or_insert_with(|| start.elapsed());
        stdout.extend_from_slice(&buf[..n]);
    }
    let status = child.wait().expect("wait wsfleet");
    let _ = in_thread.join();
    CliRun {
        elapsed: start.elapsed(),
        first_byte,
        ok: status.success(),
        stdout,
        stderr: err_thread.join().unwrap_or_default(),
    }
}

fn lines(bytes: &[u8]) -> usize {
    String::from_utf8_lossy(bytes)
        .split_whitespace()
        .filter(|w| w.starts_with("ws-"))
        .count()
}

/// `wsfleet get ws -o ids` on a fleet of `n`.
pub async fn wsfleet_list(n: usize, r: Rate) -> CliTask {
    let emu = emulator(n, r).await;
    let url = emu.endpoint_url();
    let dir = home("get");
    let args = ["get", "ws", "-o", "ids"].map(String::from).to_vec();
    let (u, d) = (url.clone(), dir.clone());
    let run = tokio::task::spawn_blocking(move || run_wsfleet(&u, r, &d, &args, ""))
        .await
        .unwrap();
    let stats = emu.stats();
    emu.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
    task(
        "get ws -o ids",
        "wsfleet",
        n,
        lines(&run.stdout),
        &run,
        stats,
    )
}

/// `aws workspaces describe-workspaces --page-size 25 --query …` on a fleet of `n`.
pub async fn cli_list(aws: String, n: usize, r: Rate) -> CliTask {
    let emu = emulator(n, r).await;
    let url = emu.endpoint_url();
    let args: Vec<String> = [
        "workspaces",
        "describe-workspaces",
        "--page-size",
        "25",
        "--query",
        "Workspaces[].WorkspaceId",
        "--output",
        "text",
    ]
    .map(String::from)
    .to_vec();
    let run = tokio::task::spawn_blocking(move || run_cli(&aws, &url, &args))
        .await
        .unwrap();
    let stats = emu.stats();
    emu.shutdown().await;
    let done = lines(&run.stdout);
    task(
        "describe-workspaces ids",
        "aws cli v1",
        n,
        done,
        &run,
        stats,
    )
}

/// `wsfleet do reboot --ids - --confirm N` of these AVAILABLE WorkSpaces.
pub async fn wsfleet_reboot(size: usize, ws: &[Workspace], r: Rate) -> CliTask {
    let emu = emulator(size, r).await;
    let url = emu.endpoint_url();
    let dir = home("do");
    let ids: String = ws.iter().map(|w| format!("{}\n", w.id)).collect();
    let args: Vec<String> = ["do", "reboot", "--ids", "-", "-o", "jsonl", "--confirm"]
        .map(String::from)
        .into_iter()
        .chain([ws.len().to_string()])
        .collect();
    let d = dir.clone();
    let run = tokio::task::spawn_blocking(move || run_wsfleet(&url, r, &d, &args, &ids))
        .await
        .unwrap();
    let stats = emu.stats();
    emu.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
    let done = String::from_utf8_lossy(&run.stdout)
        .lines()
        .filter(|l| l.contains("\"outcome\":\"succeeded\""))
        .count();
    task("do reboot", "wsfleet", ws.len(), done, &run, stats)
}

/// A loop of `aws workspaces reboot-workspaces` with 25 IDs each.
pub async fn cli_reboot(aws: String, size: usize, ws: &[Workspace], r: Rate) -> CliTask {
    let emu = emulator(size, r).await;
    let url = emu.endpoint_url();
    let ids: Vec<String> = ws.iter().map(|w| w.id.clone()).collect();
    let start = Instant::now();
    let runs = tokio::task::spawn_blocking(move || {
        ids.chunks(25)
            .map(|chunk| {
                let mut args: Vec<String> = [
                    "workspaces",
                    "reboot-workspaces",
                    "--output",
                    "json",
                    "--reboot-workspace-requests",
                ]
                .map(String::from)
                .to_vec();
                args.extend(chunk.iter().cloned());
                run_cli(&aws, &url, &args)
            })
            .collect::<Vec<_>>()
    })
    .await
    .unwrap();
    let elapsed = start.elapsed();
    let stats = emu.stats();
    emu.shutdown().await;
    let failed_requests: usize = runs
        .iter()
        .map(|r| super::json_len(&r.stdout, "FailedRequests"))
        .sum();
    let failed: Vec<&CliRun> = runs.iter().filter(|r| !r.ok).collect();
    let sent = runs.iter().filter(|r| r.ok).count() * 25;
    let mut note = format!(
        "{} commands, {} failed, {failed_requests} FailedRequests",
        runs.len(),
        failed.len()
    );
    if let Some(f) = failed.first() {
        note.push_str(&format!("; e.g. {}", last_line(&f.stderr)));
    }
    CliTask {
        task: "reboot-workspaces loop",
        tool: "aws cli v1",
        n: ws.len(),
        done: sent.min(ws.len()).saturating_sub(failed_requests),
        elapsed,
        stats,
        note,
    }
}

fn task(
    name: &'static str,
    tool: &'static str,
    n: usize,
    done: usize,
    run: &CliRun,
    stats: SimStats,
) -> CliTask {
    let mut note = if run.ok {
        "exit 0".to_string()
    } else {
        format!("FAILED: {}", last_line(&run.stderr))
    };
    if let Some(t) = run.first_byte {
        note.push_str(&format!("; first output at {}", secs(t)));
    }
    CliTask {
        task: name,
        tool,
        n,
        done,
        elapsed: run.elapsed,
        stats,
        note,
    }
}

pub fn table(r: Rate) -> Table {
    Table::new(
        &format!(
            "wsfleet get / do against the AWS CLI v1, processes, throttling {}/s burst {}",
            r.rate, r.burst
        ),
        &[
            "task",
            "tool",
            "N",
            "done",
            "time",
            "calls C (by operation)",
            "throttled",
            "ceil(C/R)",
            "time/ceil(C/R)",
            "task floor ceil(ceil(N/25)/R)",
            "time/task floor",
            "notes",
        ],
    )
}

pub fn row(t: &mut Table, c: &CliTask, r: Rate) {
    let calls = c.stats.total_calls();
    let by_op: Vec<String> = c
        .stats
        .calls
        .iter()
        .map(|(op, n)| format!("{op} {n}"))
        .collect();
    let e = c.elapsed.as_secs_f64();
    let own = r.ceil_floor(calls);
    let floor = r.ceil_floor(c.n.div_ceil(25) as u64);
    t.row(vec![
        c.task.into(),
        c.tool.into(),
        c.n.to_string(),
        c.done.to_string(),
        secs(c.elapsed),
        format!("{calls} ({})", by_op.join(", ")),
        c.stats.total_throttled().to_string(),
        format!("{own:.0} s"),
        format!("{:.2}", e / own),
        format!("{floor:.0} s"),
        format!("{:.2}", e / floor),
        c.note.clone(),
    ]);
}

/// The section: listing a fleet of WSFLEET_BENCH_GET_SIZE (10,000; quick 1,000), rebooting
/// `reboot_n`, each tool in turn.
pub async fn run(aws: Option<String>, reboot_n: usize, r: Rate) {
    let n: usize = crate::common::env_num("WSFLEET_BENCH_GET_SIZE", 10_000, 1_000);
    let mut t = table(r);
    let c = wsfleet_list(n, r).await;
    row(&mut t, &c, r);
    println!("wsfleet get {n}: {} ({})", secs(c.elapsed), c.note);
    if let Some(aws) = &aws {
        let c = cli_list(aws.clone(), n, r).await;
        row(&mut t, &c, r);
        println!("aws describe {n}: {} ({})", secs(c.elapsed), c.note);
    }
    let (size, ws) = super::available_ids(reboot_n, r).await;
    let c = wsfleet_reboot(size, &ws, r).await;
    row(&mut t, &c, r);
    println!(
        "wsfleet do reboot {}: {} ({})",
        ws.len(),
        secs(c.elapsed),
        c.note
    );
    if let Some(aws) = &aws {
        let c = cli_reboot(aws.clone(), size, &ws, r).await;
        row(&mut t, &c, r);
        println!(
            "aws reboot loop {}: {} ({})",
            ws.len(),
            secs(c.elapsed),
            c.note
        );
    }
    t.print();
}
