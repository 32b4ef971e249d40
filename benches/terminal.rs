//! The real `wsfleet` binary in a pseudo-terminal against a standalone emulator process
//! (`wsfleet sim`), so the emulator's memory is not counted in wsfleet's:
//!   - peak RSS (VmHWM) with the whole fleet loaded;
//!   - idle: bytes written to the terminal and CPU time (utime + stime) over a quiet period
//!     after the load completed;
//!   - bytes written per scroll step (`j`);
//!   - start-up to first frame (header drawn) and to first rows, cold (fresh home) and warm
//!     (the home of the session that loaded the fleet and quit, so its cache is there).
//!
//! Env: WSFLEET_BENCH_ROWS (default 50000), WSFLEET_BENCH_RATE / WSFLEET_BENCH_BURST (the
//! emulator's throttling and wsfleet's --api-rate/--api-burst, default 20 and 5),
//! WSFLEET_BENCH_IDLE_SECS (default 60), WSFLEET_BENCH_STARTS (default 5),
//! WSFLEET_BENCH_QUICK=1.

mod common;

use common::pty::{bin, cols, lines, start_sim, Session};
use common::{env_num, ms, summarize, Table};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The emulator builds a Region's fleet on the first call there; at 50,000 that stalls the
/// first calls long enough that correctly paced calls arrive bunched and one is throttled. A
/// real endpoint has no such stall, so the fleet is built before the measured session
/// (WSFLEET_BENCH_NO_WARMUP=1 skips this).
fn warm_up(url: &str) {
    if std::env::var("WSFLEET_BENCH_NO_WARMUP").is_ok_and(|v| v == "1") {
        return;
    }
    use wsfleet::service::{demo_client, ClientOptions, RateBudget, WorkspacesService};
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let client = demo_client(url, "us-east-1", &ClientOptions::default());
        let svc = WorkspacesService::new(
            client,
            "us-east-1".into(),
            std::sync::Arc::new(RateBudget::unlimited()),
        );
        let _ = svc.describe_workspaces_page(None).await;
        let _ = svc.describe_connection_status_page(None).await;
    });
}

fn proc_status(pid: u32, key: &str) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = s.lines().find(|l| l.starts_with(key))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// utime + stime of a process, in seconds.
fn cpu_secs(pid: u32) -> f64 {
    let s = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let after = s.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let f: Vec<&str> = after.split_whitespace().collect();
    // After "pid (comm)": state is field 3, utime 14, stime 15 (1-based in proc(5)).
    let ticks: u64 = f.get(11).and_then(|v| v.parse().ok()).unwrap_or(0)
        + f.get(12).and_then(|v| v.parse().ok()).unwrap_or(0);
    // SAFETY: sysconf has no preconditions.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as f64;
    ticks as f64 / hz
}

fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

fn verdict(pass: bool) -> String {
    if pass { "pass" } else { "MISS" }.into()
}

/// One start: spawn, wait for the first rows, kill. Returns (first frame, first rows).
fn one_start(
    url: &str,
    rate: f64,
    burst: u32,
    home: &Path,
    extra: &[String],
) -> (Option<Duration>, Option<Duration>) {
    let s = Session::spawn(url, rate, burst, home, extra);
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (ff, fr) = {
            let seen = s.seen.lock().unwrap();
            (seen.first_frame, seen.first_rows)
        };
        if fr.is_some() || Instant::now() > deadline {
            let d = |t: Option<Instant>| t.map(|t| t.duration_since(s.started));
            return (d(ff), d(fr));
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// One warm start: spawn, wait until the header counts the whole fleet (the cached rows are
/// all in), kill. Polls the screen every 2 ms.
fn whole_fleet_start(
    url: &str,
    rate: f64,
    burst: u32,
    home: &Path,
    total: &str,
) -> Option<Duration> {
    let s = Session::spawn(url, rate, burst, home, &[]);
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if s.screen().contains(total) {
            return Some(s.started.elapsed());
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    None
}

fn main() {
    common::print_machine();
    let rows: usize = env_num("WSFLEET_BENCH_ROWS", 50_000, 2_000);
    let rate: f64 = env_num("WSFLEET_BENCH_RATE", 20.0, 100.0);
    let burst: u32 = env_num("WSFLEET_BENCH_BURST", 5, 5);
    let idle_secs: u64 = env_num("WSFLEET_BENCH_IDLE_SECS", 60, 10);
    let starts: usize = env_num("WSFLEET_BENCH_STARTS", 5, 2);
    // Issue 30, item 3: how many `j` steps scroll the table (after the first page of steps).
    let scroll_steps: usize = env_num("WSFLEET_BENCH_SCROLL", 60, 60);
    let root: PathBuf =
        std::env::temp_dir().join(format!("wsfleet-bench-term-{}", std::process::id()));
    println!(
        "terminal bench: {}\n  {rows} WorkSpaces, emulator (separate process) throttling {rate}/s burst {burst}, pty {}x{}, idle {idle_secs} s, {scroll_steps} scroll steps",
        bin(),
        cols(),
        lines()
    );

    let (mut sim, url) = start_sim(rows, rate, burst, &root.join("sim"));
    println!("emulator at {url}");
    warm_up(&url);
    std::thread::sleep(Duration::from_secs_f64(f64::from(burst) / rate + 0.5));
    let mut results = Table::new(
        &format!("Real binary in a pty, {rows} WorkSpaces"),
        &["what", "measured", "target", "result"],
    );

    // Load the whole fleet.
    let main_home = root.join("main");
    let mut s = Session::spawn(&url, rate, burst, &main_home, &[]);
    let pid = s.pid();
    let load_timeout = Duration::from_secs_f64(((rows as f64 / 25.0) * 2.0 / rate) * 3.0 + 60.0);
    let total = format!(" {rows} WorkSpaces");
    let loaded = s.wait_for("the full load", load_timeout, |sc| {
        sc.contains(&total) && sc.contains("refreshed")
    });
    // WorkSpaces come first on a cold start (`SweepOrder::WorkspacesFirst`): the
    // connection-status sweep ends up to a whole sweep later. Wait for it on its own pane
    // (Tab), then come back (`:ws`).
    s.send("\t");
    let loaded = s.wait_for("the connection-status sweep", load_timeout, |sc| {
        sc.contains("Connections [") && sc.lines().last().is_some_and(|l| l.contains("refreshed"))
    }) && loaded;
    let load_time = s.started.elapsed();
    s.send(":ws\r");
    s.wait_for("the WorkSpaces pane again", Duration::from_secs(10), |sc| {
        sc.contains("WorkSpaces [")
    });
    s.settle(Duration::from_secs(3), Duration::from_secs(120));
    println!(
        "load {} in {:.1} s (both panes say refreshed; then quiet for 3 s)",
        if loaded { "complete" } else { "INCOMPLETE" },
        load_time.as_secs_f64()
    );
    let hwm = proc_status(pid, "VmHWM:").unwrap_or(0);
    let rss = proc_status(pid, "VmRSS:").unwrap_or(0);
    results.row(vec![
        format!("peak RSS (VmHWM) after loading {rows}"),
        mib(hwm),
        "<= 150 MB".into(),
        verdict(hwm * 1024 <= 150_000_000),
    ]);
    results.row(vec![
        "RSS (VmRSS) after loading".into(),
        mib(rss),
        "-".into(),
        "-".into(),
    ]);

    // Idle: nothing changes, nothing should be written and almost no CPU used.
    let (b0, c0, t0) = (s.bytes(), cpu_secs(pid), Instant::now());
    std::thread::sleep(Duration::from_secs(idle_secs));
    let (b1, c1, wall) = (s.bytes(), cpu_secs(pid), t0.elapsed().as_secs_f64());
    let cpu_pct = (c1 - c0) / wall * 100.0;
    results.row(vec![
        format!("idle {idle_secs} s: bytes written"),
        format!("{} B", b1 - b0),
        "0 B".into(),
        verdict(b1 == b0),
    ]);
    results.row(vec![
        format!("idle {idle_secs} s: CPU (utime+stime)"),
        format!("{:.3} s = {cpu_pct:.2}%", c1 - c0),
        "< 1%".into(),
        verdict(cpu_pct < 1.0),
    ]);

    // Scroll: `j` steps from the first row (`g`: during the load the cursor follows the row
    // it was on, so it may sit anywhere). The first body-height steps move the cursor within
    // the page; after that every step scrolls the table by one row.
    s.send("g");
    s.settle(Duration::from_millis(200), Duration::from_secs(2));
    let body = usize::from(lines()) - 6;
    let mut within = vec![];
    let mut scrolling = vec![];
    let mut step_time = vec![];
    let mut big_steps: Vec<String> = vec![];
    for i in 0..(body + scroll_steps) {
        let before = s.bytes();
        let screen_before = s.screen();
        let t = Instant::now();
        s.send("j");
        // Settle: the frame is written in one go; wait until the output goes quiet.
        let deadline = Instant::now() + Duration::from_millis(500);
        while s.bytes() == before && Instant::now() < deadline {
            std::thread::sleep(Duration::from_micros(200));
        }
        step_time.push(t.elapsed());
        s.settle(Duration::from_millis(30), Duration::from_secs(2));
        let n = s.bytes() - before;
        if n > 2048 {
            big_steps.push(describe_step(i, n, &screen_before, &s.screen()));
        }
        if i + 1 < body {
            within.push(n);
        } else {
            scrolling.push(n);
        }
    }
    let stats = |v: &mut Vec<usize>| {
        v.sort();
        format!(
            "median {} B, max {} B (n={})",
            v[v.len() / 2],
            v[v.len() - 1],
            v.len()
        )
    };
    results.row(vec![
        "bytes per `j`, cursor within the page".into(),
        stats(&mut within),
        "-".into(),
        "-".into(),
    ]);
    let scroll_median = {
        let mut v = scrolling.clone();
        v.sort();
        v[v.len() / 2]
    };
    results.row(vec![
        "bytes per `j`, table scrolls one row".into(),
        stats(&mut scrolling),
        "<= 2 KB".into(),
        verdict(scroll_median <= 2048),
    ]);
    // Issue 30, item 3: which steps wrote over 2 KB, and what changed on screen in them.
    for step in &big_steps {
        println!("{step}");
    }
    let st = summarize(step_time);
    results.row(vec![
        "`j` keypress to first byte of the frame (pty round trip)".into(),
        format!("median {}, max {}", ms(st.median), ms(st.max)),
        "-".into(),
        "-".into(),
    ]);
    // Filter once, so the end-of-session peak includes what filtering keeps per row (the
    // search haystacks of every WorkSpace are built when the prompt opens).
    s.send("/");
    s.settle(Duration::from_millis(200), Duration::from_secs(5));
    s.send("stop");
    s.settle(Duration::from_millis(200), Duration::from_secs(5));
    let filtered = s
        .screen()
        .lines()
        .find(|l| l.contains("/stop"))
        .map(str::to_string);
    s.send("\x1b");
    s.settle(Duration::from_millis(200), Duration::from_secs(5));
    println!("filtered: {}", filtered.unwrap_or_default().trim());
    let hwm_after = proc_status(pid, "VmHWM:").unwrap_or(0);
    // For the record: the screen, and the connection pane's status line (Tab to it).
    println!("screen after the scroll steps:\n{}", s.screen());
    s.send("\t");
    std::thread::sleep(Duration::from_millis(500));
    let conn_status = s.screen().lines().last().unwrap_or("").trim().to_string();
    println!("connection pane status line: {conn_status}");
    // Quit cleanly so whatever the app keeps on disk (e.g. a cache) is written.
    s.send("q");
    std::thread::sleep(Duration::from_millis(500));
    drop(s);

    // Start-up, cold: a fresh home each time (no config, no cache). The emulator already
    // holds the fleet; its bucket refills between starts.
    let mut ff = vec![];
    let mut fr = vec![];
    for i in 0..starts {
        std::thread::sleep(Duration::from_secs_f64(f64::from(burst) / rate + 0.5));
        let (a, b) = one_start(&url, rate, burst, &root.join(format!("cold-{i}")), &[]);
        ff.extend(a);
        fr.extend(b);
    }
    if !ff.is_empty() {
        let s = summarize(ff);
        results.row(vec![
            format!("start-up to first frame, cold (n={})", s.n),
            format!("median {}, max {}", ms(s.median), ms(s.max)),
            "-".into(),
            "-".into(),
        ]);
    }
    if !fr.is_empty() {
        let s = summarize(fr);
        results.row(vec![
            format!("start-up to first rows, cold (n={})", s.n),
            format!("median {}, max {}", ms(s.median), ms(s.max)),
            "-".into(),
            "-".into(),
        ]);
    }

    // Warm: the home of the session that loaded the fleet and quit with `q`, which saved
    // its snapshot in the cache directory; rows come from the cache before any call.
    let mut ff = vec![];
    let mut fr = vec![];
    for _ in 0..starts {
        std::thread::sleep(Duration::from_secs_f64(f64::from(burst) / rate + 0.5));
        let (a, b) = one_start(&url, rate, burst, &main_home, &[]);
        ff.extend(a);
        fr.extend(b);
    }
    // First rows may be the first live page (25 rows); what the cache is for is the rest.
    let mut whole = vec![];
    for _ in 0..starts {
        std::thread::sleep(Duration::from_secs_f64(f64::from(burst) / rate + 0.5));
        whole.extend(whole_fleet_start(&url, rate, burst, &main_home, &total));
    }
    let whole_what = format!("the whole fleet ({rows} rows)");
    for (what, v) in [
        ("first frame", ff),
        ("first rows", fr),
        (whole_what.as_str(), whole),
    ] {
        if !v.is_empty() {
            let s = summarize(v);
            results.row(vec![
                format!("start-up to {what}, warm cache (n={})", s.n),
                format!("median {}, max {}", ms(s.median), ms(s.max)),
                "-".into(),
                "-".into(),
            ]);
        }
    }

    results.row(vec![
        "peak RSS (VmHWM) at the end of the session (after a filter)".into(),
        mib(hwm_after),
        "<= 150 MB".into(),
        verdict(hwm_after * 1024 <= 150_000_000),
    ]);
    results.print();
    let _ = sim.kill();
    let _ = sim.wait();
    let _ = std::fs::remove_dir_all(&root);
}

/// A scroll step that wrote a lot: its number, its bytes, and the screen lines it changed
/// (how many, and the first three before and after), to tell a scroll from a redraw.
fn describe_step(i: usize, bytes: usize, before: &str, after: &str) -> String {
    let (b, a): (Vec<&str>, Vec<&str>) = (before.lines().collect(), after.lines().collect());
    let changed: Vec<usize> = (0..b.len().max(a.len()))
        .filter(|&y| b.get(y) != a.get(y))
        .collect();
    let mut out = format!(
        "step {i} (`j` number {}): {bytes} B, {} of {} lines changed: {:?}",
        i + 1,
        changed.len(),
        a.len(),
        changed
    );
    for &y in changed.iter().take(3) {
        out += &format!(
            "\n  line {y} before: {}\n  line {y} after:  {}",
            b.get(y).unwrap_or(&""),
            a.get(y).unwrap_or(&"")
        );
    }
    out
}
