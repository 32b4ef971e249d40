//! Many accounts and Regions (issue 16, part 6): 10 accounts × 3 Regions, 30 budgets,
//! loaded at once. This is the refresh layer, not one on-screen view (the app shows one
//! profile at a time, with several Regions): 30 `Refreshers`, each with its own
//! `WorkspacesService` signing with its account's access key and its own
//! `RateBudget::matching(R, B)`, every page sent into one channel and counted by one loop.
//! The emulator gives each access key its own account, so each (account, Region) has its
//! own fleet and its own token bucket, as in AWS.
//!
//! Compared: the total time to every row of every (account, Region) against the slowest
//! single budget's floor (C_i - B) / R (C_i: the calls that budget granted) and against the
//! sum of the floors (what loading them one after the other would cost at best).

use super::{refill, Rate};
use crate::common::{secs, Table};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::mpsc::unbounded_channel;
use wsfleet::app::{Msg, Rows};
use wsfleet::panes::PaneKind;
use wsfleet::runtime::{Intervals, Refreshers};
use wsfleet::service::{demo_client_as, ClientOptions, RateBudget, WorkspacesService};
use wsfleet::sim::{Emulator, SimConfig, ThrottleConfig};

pub const REGIONS: [&str; 3] = ["us-east-1", "eu-west-1", "ap-southeast-2"];

fn access_key(account: usize) -> String {
    format!("AKIDBENCH{account:02}")
}

pub struct ManyRun {
    accounts: usize,
    size: usize,
    rows: usize,
    /// Every (account, Region)'s WorkSpaces and connection status complete.
    rows_done: Option<Duration>,
    /// Every top pane of every (account, Region).
    all_done: Option<Duration>,
    /// Per budget: calls granted, and when its last top pane was done.
    budgets: Vec<(u64, Duration)>,
    throttled: u64,
    note: String,
}

pub async fn run(accounts: usize, size: usize, r: Rate) -> ManyRun {
    let emu = Emulator::start(SimConfig {
        size,
        throttle: Some(ThrottleConfig {
            rate: r.rate,
            burst: r.burst,
        }),
        transition: Duration::from_millis(300),
        accounts: (0..accounts)
            .map(|a| (access_key(a), format!("1000000000{a:02}")))
            .collect(),
        ..SimConfig::default()
    })
    .await
    .expect("start the emulator");
    let url = emu.endpoint_url();
    let opts = ClientOptions::default();
    let pairs: Vec<(usize, &str)> = (0..accounts)
        .flat_map(|a| REGIONS.iter().map(move |reg| (a, *reg)))
        .collect();
    // Build every fleet first (see `emulator` in api.rs: a real endpoint has no such stall).
    for &(a, region) in &pairs {
        let client = demo_client_as(&url, region, &access_key(a), &opts);
        let svc = WorkspacesService::new(client, region.into(), Arc::new(RateBudget::unlimited()));
        let _ = svc.describe_workspaces_page(None).await;
    }
    refill(r).await;
    emu.reset_stats();

    let (all_tx, mut all_rx) = unbounded_channel::<(usize, Msg)>();
    let every = Intervals::from_base(Duration::from_secs(86_400));
    let sweeps = wsfleet::runtime::refresh::SweepCounter::default();
    let start = Instant::now();
    let mut running = vec![];
    let mut budgets = vec![];
    for (i, &(a, region)) in pairs.iter().enumerate() {
        let client = demo_client_as(&url, region, &access_key(a), &opts);
        let budget = Arc::new(RateBudget::matching(r.rate, r.burst));
        budgets.push(budget.clone());
        let svc = WorkspacesService::new(client, region.into(), budget);
        // One channel per (account, Region) forwarded into the one channel with its index:
        // `Msg::Page` names the Region, not the account.
        let (tx, mut rx) = unbounded_channel();
        let all = all_tx.clone();
        tokio::spawn(async move {
            while let Some(msg) = rx.recv().await {
                if all.send((i, msg)).is_err() {
                    return;
                }
            }
        });
        running.push(Refreshers::start(svc, tx, &every, sweeps.clone()));
    }
    drop(all_tx);
    let mut done: HashMap<(usize, PaneKind), Duration> = HashMap::new();
    let mut rows = 0;
    let mut failed = vec![];
    let want = pairs.len() * PaneKind::TOP.len();
    let deadline = Duration::from_secs(3600);
    while done.len() < want {
        let left = deadline.saturating_sub(start.elapsed());
        let Ok(Some((i, msg))) = tokio::time::timeout(left, all_rx.recv()).await else {
            failed.push("timed out".to_string());
            break;
        };
        match msg {
            Msg::Page {
                rows: page, last, ..
            } => {
                if let Rows::Workspaces(items) = &page {
                    rows += items.len();
                }
                if last {
                    done.entry((i, page.pane())).or_insert(start.elapsed());
                }
            }
            Msg::PageFailed { pane, error, .. } => {
                done.entry((i, pane)).or_insert(start.elapsed());
                failed.push(format!("{i} {pane:?}: {error}"));
            }
            _ => {}
        }
    }
    drop(running);
    let stats = emu.stats();
    emu.shutdown().await;
    let last_of = |panes: &[PaneKind]| {
        let mut t = Duration::ZERO;
        for i in 0..pairs.len() {
            for p in panes {
                t = t.max(*done.get(&(i, *p))?);
            }
        }
        Some(t)
    };
    let per_budget = budgets
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let t = PaneKind::TOP
                .iter()
                .filter_map(|p| done.get(&(i, *p)))
                .max()
                .copied()
                .unwrap_or_default();
            (b.granted(), t)
        })
        .collect();
    ManyRun {
        accounts,
        size,
        rows,
        rows_done: last_of(&[PaneKind::Workspaces, PaneKind::Connections]),
        all_done: last_of(&PaneKind::TOP),
        budgets: per_budget,
        throttled: stats.total_throttled(),
        note: if failed.is_empty() {
            format!("{} budgets, every top pane loaded", pairs.len())
        } else {
            failed.join("; ")
        },
    }
}

pub fn table(r: Rate) -> Table {
    Table::new(
        &format!(
            "Many accounts × Regions at once (refresh layer), throttling {}/s burst {} per budget",
            r.rate, r.burst
        ),
        &[
            "accounts × Regions",
            "N each",
            "rows",
            "every row (WS + conn.)",
            "all panes",
            "calls (all budgets)",
            "throttled",
            "slowest budget's floor",
            "all panes / slowest floor",
            "sum of floors",
            "all panes / sum of floors",
            "slowest budget done",
            "notes",
        ],
    )
}

pub fn row(t: &mut Table, m: &ManyRun, r: Rate) {
    let floors: Vec<f64> = m.budgets.iter().map(|(c, _)| r.floor(*c)).collect();
    let slowest = floors.iter().cloned().fold(0.0, f64::max);
    let sum: f64 = floors.iter().sum();
    let calls: u64 = m.budgets.iter().map(|(c, _)| c).sum();
    let opt = |d: Option<Duration>| d.map(secs).unwrap_or_else(|| "-".into());
    let all = m.all_done.map(|d| d.as_secs_f64()).unwrap_or(f64::NAN);
    let last_budget = m.budgets.iter().map(|(_, t)| *t).max().unwrap_or_default();
    t.row(vec![
        format!("{} × {}", m.accounts, REGIONS.len()),
        m.size.to_string(),
        m.rows.to_string(),
        opt(m.rows_done),
        opt(m.all_done),
        calls.to_string(),
        m.throttled.to_string(),
        format!("{slowest:.1} s"),
        format!("{:.3}", all / slowest),
        format!("{sum:.1} s"),
        format!("{:.3}", all / sum),
        secs(last_budget),
        m.note.clone(),
    ]);
}
