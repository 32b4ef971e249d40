//! Many accounts and Regions (issue 16, part 6): 10 profiles × 3 Regions in one view, 30
//! budgets, loaded at once. The view is the app's: one `Fleet` with a context per profile
//! (as `--profile a,b,… --region x,y,z` builds it), a place "PROFILE/REGION" per pair, each
//! with its own `WorkspacesService` signing with its account's access key and its own
//! `RateBudget::matching(R, B)`; every message goes through one `State`'s `update`, as the
//! run loop sends it (the terminal is left out; commands `update` returns are not run).
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
use wsfleet::app::{update, Mode, Msg, State};
use wsfleet::domain::place;
use wsfleet::panes::PaneKind;
use wsfleet::runtime::fleet::Fleet;
use wsfleet::runtime::{FleetSettings, Intervals};
use wsfleet::service::{demo_client_as, ClientOptions, Connector, RateBudget, WorkspacesService};
use wsfleet::sim::{Emulator, SimConfig, ThrottleConfig};

pub const REGIONS: [&str; 3] = ["us-east-1", "eu-west-1", "ap-southeast-2"];

fn access_key(account: usize) -> String {
    format!("AKIDBENCH{account:02}")
}

pub struct ManyRun {
    accounts: usize,
    regions: usize,
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

pub async fn run(accounts: usize, regions: &[&str], size: usize, r: Rate) -> ManyRun {
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
    // Build every fleet first (see `emulator` in api.rs: a real endpoint has no such stall).
    for a in 0..accounts {
        for &region in regions {
            let client = demo_client_as(&url, region, &access_key(a), &opts);
            let svc =
                WorkspacesService::new(client, region.into(), Arc::new(RateBudget::unlimited()));
            let _ = svc.describe_workspaces_page(None).await;
        }
    }
    refill(r).await;
    emu.reset_stats();

    // The view `--profile bench00,…,bench09 --region us-east-1,eu-west-1,ap-southeast-2`
    // builds: one context per profile, a place "PROFILE/REGION" per pair, one `Fleet`.
    let profiles: Vec<String> = (0..accounts).map(|a| format!("bench{a:02}")).collect();
    let regions: Vec<String> = regions.iter().map(|r| r.to_string()).collect();
    let places = place::all(&profiles, &regions);
    let connector = |a: usize| Connector::Demo {
        endpoint: url.clone(),
        access_key: access_key(a),
        opts: opts.clone(),
        accounts: &[],
    };
    let mut state = State::new(
        Mode::Demo,
        places[0].clone(),
        Some(profiles.join("+")),
        url.clone(),
    );
    // As main sets a view up: `accounts` only for several profiles.
    state.regions = places.clone();
    if profiles.len() > 1 {
        state.accounts = profiles.clone();
    }
    state.joined.multi_region = places.len() > 1;
    state.joined.touch();
    let settings = FleetSettings {
        rate: r.rate,
        burst: r.burst,
        read_only: true,
        every: Intervals::from_base(Duration::from_secs(86_400)),
    };
    let (tx, mut rx) = unbounded_channel::<Msg>();
    let start = Instant::now();
    let mut fleet = Fleet::new(connector(0), state.context_name(), settings, tx).with_accounts(
        profiles
            .iter()
            .enumerate()
            .map(|(a, p)| (p.clone(), connector(a)))
            .collect(),
    );
    fleet.set_regions(&places);

    // Every pane the refreshers sweep: the six top panes and WorkSpaces Applications' two.
    let swept: Vec<PaneKind> = wsfleet::panes::swept().map(|(k, ..)| k).collect();
    let mut done: HashMap<(usize, PaneKind), Duration> = HashMap::new();
    let mut failed = vec![];
    let mut in_update = Duration::ZERO;
    let want = places.len() * swept.len();
    let deadline = Duration::from_secs(3600);
    while done.len() < want {
        let left = deadline.saturating_sub(start.elapsed());
        let Ok(Some(msg)) = tokio::time::timeout(left, rx.recv()).await else {
            failed.push("timed out".to_string());
            break;
        };
        let at = |region: &str| places.iter().position(|p| p == region);
        match &msg {
            Msg::Page {
                region, rows, last, ..
            } => {
                if let (true, Some(i)) = (*last, at(region)) {
                    if swept.contains(&rows.pane()) {
                        done.entry((i, rows.pane())).or_insert(start.elapsed());
                    }
                }
            }
            Msg::PageFailed {
                pane,
                region,
                error,
                ..
            } => {
                if let Some(i) = at(region) {
                    done.entry((i, *pane)).or_insert(start.elapsed());
                }
                failed.push(format!("{region} {pane:?}: {error}"));
            }
            _ => {}
        }
        // Every page goes through the view's `update`, as the run loop sends it.
        let t = Instant::now();
        update(&mut state, msg);
        in_update += t.elapsed();
    }
    let budgets: Vec<u64> = places
        .iter()
        .map(|p| fleet.svc(p).map_or(0, |s| s.budget().granted()))
        .collect();
    drop(fleet);
    let stats = emu.stats();
    emu.shutdown().await;
    let last_of = |panes: &[PaneKind]| {
        let mut t = Duration::ZERO;
        for i in 0..places.len() {
            for p in panes {
                t = t.max(*done.get(&(i, *p))?);
            }
        }
        Some(t)
    };
    let per_budget = budgets
        .iter()
        .enumerate()
        .map(|(i, granted)| {
            let t = swept
                .iter()
                .filter_map(|p| done.get(&(i, *p)))
                .max()
                .copied()
                .unwrap_or_default();
            (*granted, t)
        })
        .collect();
    let rows = state.panes.workspaces.table.len();
    if rows != places.len() * size {
        failed.push(format!("the view holds {rows} WorkSpaces"));
    }
    ManyRun {
        accounts,
        regions: regions.len(),
        size,
        rows,
        rows_done: last_of(&[PaneKind::Workspaces, PaneKind::Connections]),
        all_done: last_of(&swept),
        budgets: per_budget,
        throttled: stats.total_throttled(),
        note: if failed.is_empty() {
            format!(
                "{} place(s) in one view, every swept pane loaded; {} in update",
                places.len(),
                secs(in_update)
            )
        } else {
            failed.join("; ")
        },
    }
}

pub fn table(r: Rate) -> Table {
    Table::new(
        &format!(
            "Many profiles × Regions in one view, throttling {}/s burst {} per budget",
            r.rate, r.burst
        ),
        &[
            "profiles × Regions",
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
        format!("{} × {}", m.accounts, m.regions),
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
