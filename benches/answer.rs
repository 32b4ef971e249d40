//! Time to answer (issue 16's benchmark list): on a cold 50,000-WorkSpace emulator at AWS's
//! 2 calls/s (burst 5), the release binary in a pseudo-terminal is asked for the last
//! WorkSpace of the sweep's last page, by its ID (`/ws-…`) and by its user name
//! (`:ws user=NAME`), and timed from the key that submits the filter until the row is on
//! screen. Cold: a fresh home (no warm-start cache) and a fresh `wsfleet sim` process (a
//! full bucket) for every run; the sweep is under way when the filter is typed, as it would
//! be for an admin who starts wsfleet and looks for one WorkSpace.
//!
//! Side by side: the AWS CLI v1 making the same single calls, `aws workspaces
//! describe-workspaces --workspace-ids ID` and `--directory-id D --user-name U`, each
//! against a fresh emulator (wall time of the command, Python start-up included).
//!
//! Env: WSFLEET_BENCH_ROWS (default 50000), WSFLEET_BENCH_RUNS (default 5),
//! WSFLEET_BENCH_RATE / WSFLEET_BENCH_BURST (default 2 and 5), WSFLEET_BENCH_AWS (as in the
//! api bench), WSFLEET_BENCH_BIN, WSFLEET_BENCH_QUICK=1.

mod common;

use common::pty::{bin, start_sim, Session};
use common::{env_num, find_aws, secs, summarize, Summary, Table};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use wsfleet::domain::Workspace;

const REGION: &str = "us-east-1";
/// A key of the emulator's default account (any key not mapped to another account).
const ACCESS_KEY: &str = "AKIDEMULATOR";
const LOAD: Duration = Duration::from_secs(180);
const ANSWER: Duration = Duration::from_secs(60);

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

fn unlimited_service(url: &str) -> wsfleet::service::WorkspacesService {
    use wsfleet::service::{demo_client_as, ClientOptions, RateBudget, WorkspacesService};
    let client = demo_client_as(url, REGION, ACCESS_KEY, &ClientOptions::default());
    WorkspacesService::new(
        client,
        REGION.into(),
        std::sync::Arc::new(RateBudget::unlimited()),
    )
}

/// The emulator builds a Region's fleet on the first call there (seconds at 50,000); a real
/// endpoint has no such stall, so it is built before the measured session, with one call
/// (the bucket holds 5: one is spent, and the session starts with 4).
fn warm_up(url: &str) {
    runtime().block_on(async {
        let _ = unlimited_service(url).describe_workspaces_page(None).await;
    });
}

/// The fleet in the sweep's paging order, read through from an unthrottled emulator of the
/// same seed and size (same fleet, same paging order).
fn fleet(size: usize) -> Vec<Workspace> {
    runtime().block_on(async {
        let emu = wsfleet::sim::Emulator::start(wsfleet::sim::SimConfig {
            size,
            throttle: None,
            ..Default::default()
        })
        .await
        .expect("start the emulator");
        let svc = unlimited_service(&emu.endpoint_url());
        let mut all = vec![];
        let mut token = None;
        loop {
            let page = svc.describe_workspaces_page(token).await.expect("page");
            all.extend(page.items);
            token = page.next_token;
            if token.is_none() {
                break;
            }
        }
        emu.shutdown().await;
        all
    })
}

/// Issue 30, item 4, the slowest case: a user with a WorkSpace in as many directories as
/// there are (a user name is unique only within its directory), none of them in the first
/// half of the sweep's pages (a lookup is made only for a user no loaded row has). Every
/// directory is asked, so the last of them to answer is the last one asked, whatever the
/// order: the time until all the user's rows are on screen is the time the answer takes
/// when the user's directory is asked last.
fn user_in_every_directory(fleet: &[Workspace]) -> (String, Vec<String>) {
    use std::collections::{BTreeMap, BTreeSet};
    let half = fleet.len() / 2;
    let mut dirs: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut early: BTreeSet<&str> = BTreeSet::new();
    for (i, w) in fleet.iter().enumerate() {
        dirs.entry(w.user_name.as_str())
            .or_default()
            .insert(w.directory_id.as_str());
        if i < half {
            early.insert(w.user_name.as_str());
        }
    }
    let user = dirs
        .iter()
        .filter(|(u, _)| !early.contains(*u))
        .max_by_key(|(u, d)| (d.len(), std::cmp::Reverse(*u)))
        .map(|(u, _)| u.to_string())
        .expect("a user");
    let ids = fleet
        .iter()
        .filter(|w| w.user_name == user)
        .map(|w| w.id.clone())
        .collect();
    (user, ids)
}

#[derive(Clone, Copy, PartialEq)]
enum Ask {
    ById,
    ByUser,
    /// `user_in_every_directory`'s user: until all their rows are on screen.
    EveryDirectory,
}

/// One cold run of wsfleet: the time from submitting the filter to the row on screen.
fn wsfleet_once(
    size: usize,
    rate: f64,
    burst: u32,
    target: &Workspace,
    ask: Ask,
    everywhere: &(String, Vec<String>),
) -> Option<Duration> {
    let home = scratch("wsfleet");
    let (mut sim, url) = start_sim(size, rate, burst, &home.join("sim"));
    warm_up(&url);
    let mut s = Session::spawn(&url, rate, burst, &home, &[]);
    let mut answer = None;
    let mut ready = s.wait_for("the sweep under way", LOAD, |sc| {
        sc.contains("┌ WorkSpaces [1/")
    });
    if ready && ask != Ask::ById {
        // A user is looked up in each directory the app knows (DescribeWorkspaces takes a
        // user name only with its directory): the directories' one page must be in first.
        s.send(":dirs\r");
        ready = s.wait_for("directories", LOAD, |sc| sc.contains("┌ Directories [1/"));
    }
    if ready {
        let rows: Vec<String> = match ask {
            Ask::EveryDirectory => everywhere.1.iter().map(|id| format!("│ {id}")).collect(),
            _ => vec![format!("│ {}", target.id)],
        };
        let t0 = Instant::now();
        match ask {
            Ask::ById => s.send(&format!("/{}\r", target.id)),
            Ask::ByUser => s.send(&format!(":ws user={}\r", target.user_name)),
            Ask::EveryDirectory => s.send(&format!(":ws user={}\r", everywhere.0)),
        }
        let all_on_screen = |sc: &str| rows.iter().all(|r| sc.contains(r.as_str()));
        if s.wait_for("the rows", ANSWER, all_on_screen) {
            answer = Some(t0.elapsed());
        }
    }
    s.send("q");
    drop(s);
    let _ = sim.kill();
    let _ = sim.wait();
    let _ = std::fs::remove_dir_all(&home);
    answer
}

/// One run of the AWS CLI against a fresh emulator: wall time of the command, and whether
/// its answer names the WorkSpace.
fn cli_once(
    aws: &str,
    size: usize,
    rate: f64,
    burst: u32,
    target: &Workspace,
    ask: Ask,
) -> Option<Duration> {
    let home = scratch("aws");
    let (mut sim, url) = start_sim(size, rate, burst, &home.join("sim"));
    warm_up(&url);
    let mut cmd = Command::new(aws);
    cmd.env("AWS_ACCESS_KEY_ID", ACCESS_KEY)
        .env("AWS_SECRET_ACCESS_KEY", "emulator")
        .env("AWS_DEFAULT_REGION", REGION)
        .env("AWS_CONFIG_FILE", home.join("config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", home.join("credentials"))
        .env_remove("AWS_PROFILE")
        .args(["--endpoint-url", &url, "--output", "json"])
        .args(["workspaces", "describe-workspaces"]);
    match ask {
        Ask::ById => cmd.args(["--workspace-ids", &target.id]),
        Ask::ByUser | Ask::EveryDirectory => cmd.args([
            "--directory-id",
            &target.directory_id,
            "--user-name",
            &target.user_name,
        ]),
    };
    let t0 = Instant::now();
    let out = cmd.stdin(Stdio::null()).output().expect("run aws");
    let elapsed = t0.elapsed();
    let _ = sim.kill();
    let _ = sim.wait();
    let _ = std::fs::remove_dir_all(&home);
    let found = out.status.success() && String::from_utf8_lossy(&out.stdout).contains(&target.id);
    if !found {
        println!(
            "aws did not answer with {}: {}",
            target.id,
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    found.then_some(elapsed)
}

fn scratch(tool: &str) -> PathBuf {
    static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    std::env::temp_dir().join(format!("wsfleet-answer-{}-{tool}-{n}", std::process::id()))
}

fn row(t: &mut Table, tool: &str, ask: Ask, times: Vec<Option<Duration>>, runs: usize) {
    let answered: Vec<Duration> = times.iter().flatten().copied().collect();
    let what = match ask {
        Ask::ById => "by ID",
        Ask::ByUser => "by user name",
        Ask::EveryDirectory => "by user name, all directories (the last asked)",
    };
    let (median, max, pass) = if answered.is_empty() {
        ("-".to_string(), "-".to_string(), "no answer".to_string())
    } else {
        let Summary { median, max, .. } = summarize(answered.clone());
        let pass = answered.len() == runs && max <= Duration::from_secs(2);
        (
            secs(median),
            secs(max),
            if pass { "yes" } else { "no" }.to_string(),
        )
    };
    let all: Vec<String> = times
        .iter()
        .map(|t| {
            t.map(|d| format!("{:.2}", d.as_secs_f64()))
                .unwrap_or("-".into())
        })
        .collect();
    t.row(vec![
        tool.into(),
        what.into(),
        format!("{}/{runs}", answered.len()),
        median,
        max,
        pass,
        all.join(" "),
    ]);
}

fn main() {
    common::print_machine();
    let size: usize = env_num("WSFLEET_BENCH_ROWS", 50_000, 5_000);
    let runs: usize = env_num("WSFLEET_BENCH_RUNS", 5, 2);
    let rate: f64 = env_num("WSFLEET_BENCH_RATE", 2.0, 2.0);
    let burst: u32 = env_num("WSFLEET_BENCH_BURST", 5, 5);
    println!("answer bench: {size} WorkSpaces, throttling {rate}/s burst {burst}, {runs} runs each; binary {}", bin());
    let all = fleet(size);
    let target = all.last().expect("a WorkSpace").clone();
    println!(
        "the last WorkSpace of the last page: {} (user {}, directory {})",
        target.id, target.user_name, target.directory_id
    );
    let everywhere = user_in_every_directory(&all);
    let directories: std::collections::BTreeSet<&str> =
        all.iter().map(|w| w.directory_id.as_str()).collect();
    println!(
        "a user in every directory: {} ({} WorkSpaces in {} of the {} directories: {})",
        everywhere.0,
        everywhere.1.len(),
        all.iter()
            .filter(|w| w.user_name == everywhere.0)
            .map(|w| w.directory_id.as_str())
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        directories.len(),
        everywhere.1.join(" ")
    );
    let aws = find_aws();
    let mut t = Table::new(
        &format!(
            "Time to answer, cold {size}-WorkSpace emulator, throttling {rate}/s burst {burst}"
        ),
        &[
            "tool",
            "asked",
            "answered",
            "median",
            "max",
            "≤ 2 s every run",
            "each run (s)",
        ],
    );
    for ask in [Ask::ById, Ask::ByUser, Ask::EveryDirectory] {
        let times: Vec<_> = (0..runs)
            .map(|_| wsfleet_once(size, rate, burst, &target, ask, &everywhere))
            .collect();
        row(&mut t, "wsfleet", ask, times, runs);
        if let Some(aws) = aws.as_ref().filter(|_| ask != Ask::EveryDirectory) {
            let times: Vec<_> = (0..runs)
                .map(|_| cli_once(aws, size, rate, burst, &target, ask))
                .collect();
            row(&mut t, "aws cli v1", ask, times, runs);
        }
    }
    t.print();
}
