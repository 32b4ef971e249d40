//! Full load and bulk reboot against the emulator with its throttling model on, wsfleet side
//! by side with the AWS CLI v1 scripted the way an admin would.
//!
//! The rate is scaled up from AWS's 2 calls/s to keep runs short; results are reported as
//! ratios to the rate floor. Two floors are given:
//!   - `(C - B) / R`: the least time in which the emulator's token bucket (rate R, burst B)
//!     accepts C calls. This is the true minimum.
//!   - `ceil(C / R)`: the floor as the issue states it (ignores the initial burst).
//!
//! wsfleet's side runs the app's own code: `Refreshers::start` (every top pane's sweep,
//! through the real service layer and its `RateBudget::matching(R, B)`), messages folded and
//! fed through `update` exactly like the event loop, frames drawn into a `TestBackend` when
//! `update` says something changed. The bulk reboot goes through the command queue.
//!
//! The AWS CLI side: `aws workspaces describe-workspaces` then
//! `aws workspaces describe-workspaces-connection-status` (each auto-paginates), and for the
//! reboot a loop over chunks of 25 IDs, one `aws workspaces reboot-workspaces` each. Each tool
//! gets a fresh emulator (same seed, same fleet, full bucket). Calls and ThrottlingExceptions
//! are counted by the emulator.
//!
//! Section `cli` (`api/cli.rs`): `wsfleet get ws -o ids` and `wsfleet do reboot` as
//! processes against the same AWS CLI v1 commands (env WSFLEET_BENCH_GET_SIZE, default 10000).
//!
//! Three more sections, wsfleet alone: the sweep order (`api/sweep_order.rs`), many
//! accounts × Regions at once (`api/accounts.rs`), and every WorkSpace's usage from
//! CloudWatch for the billing-mode advisor (`api/usage.rs`).
//!
//! Env: WSFLEET_BENCH_SIZES (default "10000,50000"), WSFLEET_BENCH_RATE (default 20),
//! WSFLEET_BENCH_BURST (default 5), WSFLEET_BENCH_REBOOT (default 1000),
//! WSFLEET_BENCH_AWS (path of the `aws` executable; default /tmp/awscli-venv/bin/aws, then
//! `aws` on PATH; "none" skips the CLI), WSFLEET_BENCH_SKIP_LOAD=1, WSFLEET_BENCH_QUICK=1,
//! WSFLEET_BENCH_SECTIONS (default "load,reboot,sweep,accounts,cli,usage"),
//! WSFLEET_BENCH_SWEEP_SIZES (default "20000"), WSFLEET_BENCH_ACCOUNTS (default 10),
//! WSFLEET_BENCH_ACCOUNT_SIZE (WorkSpaces per account and Region, default 1000),
//! WSFLEET_BENCH_USAGE_SIZES (default "10000").

#[path = "api/accounts.rs"]
mod accounts;
#[path = "api/cli.rs"]
mod cli;
mod common;
#[path = "api/sweep_order.rs"]
mod sweep_order;
#[path = "api/usage.rs"]
mod usage;

use common::{env_list, env_num, find_aws, page_info, secs, Table};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::mpsc::unbounded_channel;
use wsfleet::app::{update, Mode, Msg, State};
use wsfleet::domain::{Action, Workspace, WorkspaceState};
use wsfleet::panes::PaneKind;
use wsfleet::queue::{AuditLog, JobSpec, QueueEvent, Target};
use wsfleet::runtime::{Intervals, Refreshers, SweepOrder};
use wsfleet::service::{demo_client, ClientOptions, RateBudget, WorkspacesService};
use wsfleet::sim::{Emulator, SimConfig, SimStats, ThrottleConfig};

const REGION: &str = "us-east-1";
/// Every top pane's first sweep is the full load.
const TOP_PANES: [PaneKind; 6] = PaneKind::TOP;

#[derive(Clone, Copy)]
struct Rate {
    rate: f64,
    burst: u32,
}

impl Rate {
    /// (C - B) / R: the least time the emulator's bucket needs to accept `calls`.
    fn floor(&self, calls: u64) -> f64 {
        (calls.saturating_sub(u64::from(self.burst))) as f64 / self.rate
    }

    /// ceil(C / R), the floor.
    fn ceil_floor(&self, calls: u64) -> f64 {
        (calls as f64 / self.rate).ceil()
    }
}

async fn emulator(size: usize, r: Rate) -> Emulator {
    let emu = Emulator::start(SimConfig {
        size,
        throttle: Some(ThrottleConfig {
            rate: r.rate,
            burst: r.burst,
        }),
        transition: Duration::from_millis(300),
        ..SimConfig::default()
    })
    .await
    .expect("start the emulator");
    // The emulator builds a Region's fleet on the first call there; at 50,000 that stalls
    // the first calls long enough that calls sent correctly paced arrive bunched and one is
    // throttled. A real endpoint has no such stall, so by default the fleet is built first
    // (WSFLEET_BENCH_NO_WARMUP=1 measures with the stall).
    if !std::env::var("WSFLEET_BENCH_NO_WARMUP").is_ok_and(|v| v == "1") {
        warm_up(&emu.endpoint_url()).await;
        refill(r).await;
        emu.reset_stats();
    }
    emu
}

/// One call of each sweep's first page, so the emulator has built the Region's fleet.
async fn warm_up(url: &str) {
    let client = demo_client(url, REGION, &ClientOptions::default());
    let svc = WorkspacesService::new(client, REGION.into(), Arc::new(RateBudget::unlimited()));
    let _ = svc.describe_workspaces_page(None).await;
    let _ = svc.describe_connection_status_page(None).await;
}

fn service(emu: &Emulator, r: Rate) -> WorkspacesService {
    let client = demo_client(&emu.endpoint_url(), REGION, &ClientOptions::default());
    WorkspacesService::new(
        client,
        REGION.into(),
        Arc::new(RateBudget::matching(r.rate, r.burst)),
    )
}

/// Let the emulator's bucket fill up again, so every run starts from a full burst.
async fn refill(r: Rate) {
    tokio::time::sleep(Duration::from_secs_f64(f64::from(r.burst) / r.rate + 0.3)).await;
}

struct Load {
    tool: &'static str,
    size: usize,
    rows: usize,
    first_rows: Option<Duration>,
    /// WorkSpaces and connection status both complete.
    full: Option<Duration>,
    /// Every call of the load done (for wsfleet: every top pane's first sweep).
    all: Option<Duration>,
    stats: SimStats,
    note: String,
}

async fn wsfleet_load(size: usize, r: Rate) -> Load {
    let emu = emulator(size, r).await;
    let svc = service(&emu, r);
    let mut state = State::new(Mode::Demo, REGION.into(), None, emu.endpoint_url());
    let (cols, lines) = (160, 48);
    let mut term = Terminal::new(TestBackend::new(cols, lines)).unwrap();
    update(&mut state, Msg::Resize(cols, lines));
    let (tx, mut rx) = unbounded_channel();
    let start = Instant::now();
    // Intervals long enough that no second sweep starts during the run.
    let refreshers = Refreshers::start(
        svc,
        tx,
        &Intervals::from_base(Duration::from_secs(86_400)),
        Default::default(),
    );
    term.draw(|f| wsfleet::ui::draw(f, &state)).unwrap();
    let mut done: HashMap<PaneKind, Duration> = HashMap::new();
    let mut failed = vec![];
    let mut first_rows = None;
    let deadline = Duration::from_secs(3600);
    while TOP_PANES.iter().any(|p| !done.contains_key(p)) {
        let left = deadline.saturating_sub(start.elapsed());
        let Ok(Some(msg)) = tokio::time::timeout(left, rx.recv()).await else {
            failed.push("timed out".to_string());
            break;
        };
        // Fold whatever else is waiting into one frame, as the event loop does.
        let mut pending = vec![msg];
        while let Ok(more) = rx.try_recv() {
            pending.push(more);
        }
        let mut dirty = false;
        for msg in pending {
            if let Some((pane, true, _)) = page_info(&msg) {
                done.entry(pane).or_insert(start.elapsed());
            }
            if let Msg::PageFailed { pane, error, .. } = &msg {
                done.entry(*pane).or_insert(start.elapsed());
                failed.push(format!("{pane:?}: {error}"));
            }
            // Commands (e.g. image shares for a selected image) are not executed here.
            let changed = update(&mut state, msg).redraw;
            dirty |= changed;
        }
        if dirty {
            term.draw(|f| wsfleet::ui::draw(f, &state)).unwrap();
            if first_rows.is_none() && !state.panes.workspaces.table.is_empty() {
                first_rows = Some(start.elapsed());
            }
        }
    }
    drop(refreshers);
    let stats = emu.stats();
    emu.shutdown().await;
    let full = match (
        done.get(&PaneKind::Workspaces),
        done.get(&PaneKind::Connections),
    ) {
        (Some(a), Some(b)) => Some(*a.max(b)),
        _ => None,
    };
    Load {
        tool: "wsfleet",
        size,
        rows: state.panes.workspaces.table.len(),
        first_rows,
        full,
        all: done.values().max().copied(),
        stats,
        note: if failed.is_empty() {
            "all 6 top panes loaded".into()
        } else {
            failed.join("; ")
        },
    }
}

/// One run of the AWS CLI: wall time, time to its first byte of output, exit status, output.
struct CliRun {
    elapsed: Duration,
    first_byte: Option<Duration>,
    ok: bool,
    stdout: Vec<u8>,
    stderr: String,
}

fn cli_env(cmd: &mut Command, endpoint: &str) {
    let dir = std::env::temp_dir().join("wsfleet-bench-aws");
    let _ = std::fs::create_dir_all(&dir);
    cmd.env("AWS_ACCESS_KEY_ID", "AKIDEMULATOR")
        .env("AWS_SECRET_ACCESS_KEY", "emulator")
        .env("AWS_DEFAULT_REGION", REGION)
        .env("AWS_CONFIG_FILE", dir.join("config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", dir.join("credentials"))
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_RETRY_MODE")
        .env_remove("AWS_MAX_ATTEMPTS")
        .arg("--endpoint-url")
        .arg(endpoint);
}

/// Runs `aws ARGS` to completion (blocking; call from spawn_blocking).
fn run_cli(aws: &str, endpoint: &str, args: &[String]) -> CliRun {
    let mut cmd = Command::new(aws);
    cli_env(&mut cmd, endpoint);
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let start = Instant::now();
    let mut child = cmd.spawn().expect("spawn aws");
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let err_thread = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = err.read_to_string(&mut s);
        s
    });
    let mut stdout = vec![];
    let mut first_byte = None;
    let mut buf = [0u8; 65536];
    while let Ok(n) = out.read(&mut buf) {
        if n == 0 {
            break;
        }
        first_byte.get_or_insert_with(|| start.elapsed());
        stdout.extend_from_slice(&buf[..n]);
    }
    let status = child.wait().expect("wait aws");
    CliRun {
        elapsed: start.elapsed(),
        first_byte,
        ok: status.success(),
        stdout,
        stderr: err_thread.join().unwrap_or_default(),
    }
}

fn last_line(s: &str) -> String {
    s.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim()
        .chars()
        .take(160)
        .collect()
}

fn json_len(bytes: &[u8], key: &str) -> usize {
    serde_json::from_slice::<serde_json::Value>(bytes)
        .ok()
        .and_then(|v| v.get(key).and_then(|a| a.as_array()).map(Vec::len))
        .unwrap_or(0)
}

async fn cli_load(aws: String, size: usize, r: Rate) -> Load {
    let emu = emulator(size, r).await;
    let url = emu.endpoint_url();
    let start = Instant::now();
    let (a, u) = (aws.clone(), url.clone());
    let ws = tokio::task::spawn_blocking(move || {
        run_cli(
            &a,
            &u,
            &[
                "workspaces",
                "describe-workspaces",
                "--page-size",
                "25",
                "--output",
                "json",
            ]
            .map(String::from),
        )
    })
    .await
    .unwrap();
    let (a, u) = (aws.clone(), url.clone());
    let conn = tokio::task::spawn_blocking(move || {
        run_cli(
            &a,
            &u,
            &[
                "workspaces",
                "describe-workspaces-connection-status",
                "--output",
                "json",
            ]
            .map(String::from),
        )
    })
    .await
    .unwrap();
    let total = start.elapsed();
    let stats = emu.stats();
    emu.shutdown().await;
    let rows = json_len(&ws.stdout, "Workspaces");
    let conns = json_len(&conn.stdout, "WorkspacesConnectionStatus");
    let mut note = format!("{rows} WorkSpaces, {conns} connection rows");
    for (what, run) in [("describe-workspaces", &ws), ("connection-status", &conn)] {
        if !run.ok {
            note.push_str(&format!("; {what} FAILED: {}", last_line(&run.stderr)));
        }
    }
    let ok = ws.ok && conn.ok;
    Load {
        tool: "aws cli v1",
        size,
        rows,
        first_rows: ws.first_byte,
        full: ok.then_some(total),
        all: Some(total),
        stats,
        note,
    }
}

fn load_row(t: &mut Table, l: &Load, r: Rate) {
    let dw = l.stats.calls_to("DescribeWorkspaces");
    let dwcs = l.stats.calls_to("DescribeWorkspacesConnectionStatus");
    let calls = l.stats.total_calls();
    let expected = l.size.div_ceil(25);
    let opt = |d: Option<Duration>| d.map(secs).unwrap_or_else(|| "-".into());
    let all = l.all.map(|d| d.as_secs_f64()).unwrap_or(f64::NAN);
    t.row(vec![
        l.tool.into(),
        l.size.to_string(),
        l.rows.to_string(),
        opt(l.first_rows),
        opt(l.full),
        opt(l.all),
        format!("{dw} ({expected})"),
        format!("{dwcs} ({expected})"),
        (calls - dw - dwcs).to_string(),
        l.stats.total_throttled().to_string(),
        format!("{:.1} s", r.floor(calls)),
        format!("{:.3}", all / r.floor(calls)),
        format!("{:.0} s", r.ceil_floor(calls)),
        format!("{:.3}", all / r.ceil_floor(calls)),
        l.note.clone(),
    ]);
}

struct Reboot {
    tool: &'static str,
    n: usize,
    elapsed: Duration,
    stats: SimStats,
    note: String,
}

/// `n` AVAILABLE WorkSpace IDs of the seeded fleet (read with throttling on, paced).
async fn available_ids(n: usize, r: Rate) -> (usize, Vec<Workspace>) {
    // The generated fleet is mostly AVAILABLE: 1.4 x n leaves room for other states.
    let size = n * 14 / 10 + 25;
    let emu = emulator(size, r).await;
    let svc = service(&emu, r);
    let mut all = vec![];
    let mut token = None;
    loop {
        let page = svc.describe_workspaces_page(token).await.expect("describe");
        all.extend(page.items);
        token = page.next_token;
        if token.is_none() {
            break;
        }
    }
    emu.shutdown().await;
    let avail: Vec<Workspace> = all
        .into_iter()
        .filter(|w| w.state == WorkspaceState::Available)
        .take(n)
        .collect();
    (size, avail)
}

async fn wsfleet_reboot(size: usize, ws: &[Workspace], r: Rate) -> Reboot {
    let emu = emulator(size, r).await;
    let svc = service(&emu, r);
    refill(r).await;
    emu.reset_stats();
    let (tx, mut rx) = unbounded_channel();
    let api: Arc<dyn wsfleet::queue::ActionApi> = Arc::new(svc);
    let audit =
        std::env::temp_dir().join(format!("wsfleet-bench-audit-{}.log", std::process::id()));
    let queue = wsfleet::queue::spawn(
        move |_profile: Option<&str>, reg: &str| (reg == REGION).then(|| api.clone()),
        AuditLog::new(&audit),
        None,
        tx,
    );
    let start = Instant::now();
    queue.submit(JobSpec {
        action: Action::Reboot,
        profile: None,
        region: REGION.into(),
        targets: ws
            .iter()
            .map(|w| Target::new(w.id.clone(), w.user_name.clone()))
            .collect(),
        skipped: vec![],
        campaign: None,
    });
    let mut note = String::from("timed out");
    let mut elapsed = Duration::ZERO;
    while let Ok(Some(ev)) = tokio::time::timeout(Duration::from_secs(600), rx.recv()).await {
        if let QueueEvent::JobFinished { state, counts, .. } = ev {
            elapsed = start.elapsed();
            note = format!(
                "{state:?}: {} succeeded, {} failed",
                counts.succeeded, counts.failed
            );
            break;
        }
    }
    let stats = emu.stats();
    emu.shutdown().await;
    let _ = std::fs::remove_file(&audit);
    Reboot {
        tool: "wsfleet",
        n: ws.len(),
        elapsed,
        stats,
        note,
    }
}

async fn cli_reboot(aws: String, size: usize, ws: &[Workspace], r: Rate) -> Reboot {
    let emu = emulator(size, r).await;
    refill(r).await;
    emu.reset_stats();
    let url = emu.endpoint_url();
    let ids: Vec<String> = ws.iter().map(|w| w.id.clone()).collect();
    let start = Instant::now();
    // for chunk in 25s: aws workspaces reboot-workspaces --reboot-workspace-requests ...
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
    let failed_cmds: Vec<&CliRun> = runs.iter().filter(|r| !r.ok).collect();
    let failed_requests: usize = runs
        .iter()
        .map(|r| json_len(&r.stdout, "FailedRequests"))
        .sum();
    let mut note = format!(
        "{} commands, {} failed; {failed_requests} FailedRequests",
        runs.len(),
        failed_cmds.len()
    );
    if let Some(f) = failed_cmds.first() {
        note.push_str(&format!("; e.g. {}", last_line(&f.stderr)));
    }
    let per: Vec<f64> = runs.iter().map(|r| r.elapsed.as_secs_f64()).collect();
    if !per.is_empty() {
        note.push_str(&format!(
            "; {:.2} s per command on average",
            per.iter().sum::<f64>() / per.len() as f64
        ));
    }
    Reboot {
        tool: "aws cli v1",
        n: ws.len(),
        elapsed,
        stats,
        note,
    }
}

fn reboot_row(t: &mut Table, b: &Reboot, r: Rate) {
    let calls = b.stats.calls_to("RebootWorkspaces");
    let all = b.stats.total_calls() + b.stats.total_throttled();
    let e = b.elapsed.as_secs_f64();
    t.row(vec![
        b.tool.into(),
        b.n.to_string(),
        format!("{calls} ({})", b.n.div_ceil(25)),
        b.stats.total_throttled().to_string(),
        (all).to_string(),
        secs(b.elapsed),
        format!("{:.2} s", r.floor(calls)),
        format!("{:.3}", e / r.floor(calls)),
        format!("{:.0} s", r.ceil_floor(calls)),
        format!("{:.3}", e / r.ceil_floor(calls)),
        b.note.clone(),
    ]);
}

fn main() {
    common::print_machine();
    let sizes = env_list("WSFLEET_BENCH_SIZES", &[10_000, 50_000], &[1_000, 2_000]);
    let r = Rate {
        rate: env_num("WSFLEET_BENCH_RATE", 20.0, 40.0),
        burst: env_num("WSFLEET_BENCH_BURST", 5, 5),
    };
    let reboot_n: usize = env_num("WSFLEET_BENCH_REBOOT", 1000, 250);
    let sections = std::env::var("WSFLEET_BENCH_SECTIONS")
        .unwrap_or_else(|_| "load,reboot,sweep,accounts,cli,usage".into());
    let section = |name: &str| sections.split(',').any(|s| s.trim() == name);
    let skip_load =
        std::env::var("WSFLEET_BENCH_SKIP_LOAD").is_ok_and(|v| v == "1") || !section("load");
    let sweep_sizes = env_list("WSFLEET_BENCH_SWEEP_SIZES", &[20_000], &[2_000]);
    let accounts_n: usize = env_num("WSFLEET_BENCH_ACCOUNTS", 10, 2);
    let account_size: usize = env_num("WSFLEET_BENCH_ACCOUNT_SIZE", 1000, 200);
    let usage_sizes = env_list("WSFLEET_BENCH_USAGE_SIZES", &[10_000], &[1_000]);
    println!(
        "api bench: emulator throttling {}/s burst {} (AWS: 2/s burst 5); wsfleet budget RateBudget::matching({}, {})",
        r.rate, r.burst, r.rate, r.burst
    );
    let aws = find_aws();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let mut loads = Table::new(
            &format!("Full load, throttling {}/s burst {}", r.rate, r.burst),
            &[
                "tool",
                "N",
                "rows",
                "first rows",
                "WS+conn done",
                "all calls done",
                "DescribeWorkspaces (ceil(N/25))",
                "DescribeWorkspacesConnectionStatus (ceil(N/25))",
                "other calls",
                "throttled",
                "floor (C-B)/R",
                "time/floor",
                "ceil(C/R)",
                "time/ceil(C/R)",
                "notes",
            ],
        );
        if !skip_load {
            for &n in &sizes {
                let l = wsfleet_load(n, r).await;
                load_row(&mut loads, &l, r);
                println!("{} {n}: done in {:?} ({})", l.tool, l.all, l.note);
                if let Some(aws) = &aws {
                    let l = cli_load(aws.clone(), n, r).await;
                    load_row(&mut loads, &l, r);
                    println!("{} {n}: done in {:?} ({})", l.tool, l.all, l.note);
                }
            }
            loads.print();
        }

        if section("sweep") {
            let mut t = sweep_order::table(r);
            for &n in &sweep_sizes {
                for order in [SweepOrder::Interleaved, SweepOrder::WorkspacesFirst] {
                    let s = sweep_order::run(n, r, order).await;
                    sweep_order::row(&mut t, &s, r);
                    println!("sweep order {order:?} {n}: done");
                }
            }
            t.print();
        }
        if section("accounts") && accounts_n > 0 {
            let mut t = accounts::table(r);
            // One place alone first: what the slowest single budget really takes here.
            let one = accounts::run(1, &accounts::REGIONS[..1], account_size, r).await;
            accounts::row(&mut t, &one, r);
            let m = accounts::run(accounts_n, &accounts::REGIONS, account_size, r).await;
            accounts::row(&mut t, &m, r);
            t.print();
        }
        if section("cli") {
            cli::run(aws.clone(), reboot_n, r).await;
        }
        if section("usage") {
            let mut t = usage::table(r);
            for &n in &usage_sizes {
                usage::run(n, r, &mut t).await;
            }
            t.print();
        }
        if !section("reboot") {
            return;
        }
        let (size, ws) = available_ids(reboot_n, r).await;
        let mut reboots = Table::new(
            &format!("Bulk reboot, throttling {}/s burst {}", r.rate, r.burst),
            &[
                "tool",
                "WorkSpaces",
                "RebootWorkspaces calls (target)",
                "throttled",
                "requests incl. throttled",
                "time",
                "floor (C-B)/R",
                "time/floor",
                "ceil(C/R)",
                "time/ceil(C/R)",
                "notes",
            ],
        );
        let b = wsfleet_reboot(size, &ws, r).await;
        reboot_row(&mut reboots, &b, r);
        if let Some(aws) = &aws {
            let b = cli_reboot(aws.clone(), size, &ws, r).await;
            reboot_row(&mut reboots, &b, r);
        }
        reboots.print();
        let unique: HashSet<&str> = ws.iter().map(|w| w.id.as_str()).collect();
        assert_eq!(unique.len(), ws.len());
    });
}
