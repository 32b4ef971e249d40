//! The billing-mode advisor applied through the queue (issue 28), against the emulator over
//! HTTP: `/advice=AUTO_STOP` asks CloudWatch for the whole fleet's usage (and the tags, for
//! the skip tag), `*` marks what the filter shows, `A` (running mode AUTO_STOP) opens the
//! ordinary confirmation, and the queue sends ModifyWorkspaceProperties for exactly the
//! advised WorkSpaces, never the one carrying the skip tag. Driven through `update` like the
//! running app; the commands it returns are run by the real service layer and queue. Also:
//! with a usage column shown and no advice, only the rows on screen are asked for, once.

mod common;

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tokio::sync::mpsc::unbounded_channel;
use wsfleet::app::state::Overlay;
use wsfleet::app::{update, Command, Mode, Msg, Rows, Setup, State};
use wsfleet::domain::advice::{advise, AUTO_STOP};
use wsfleet::domain::billing::Billing;
use wsfleet::domain::Workspace;
use wsfleet::panes::PaneKind;
use wsfleet::queue::{spawn_with, ActionApi, AuditLog, QueueEvent, RetryPolicy};
use wsfleet::service::{
    all_pages, demo_client, demo_metrics_client, ClientOptions, MetricsService, RateBudget,
    WorkspacesService,
};
use wsfleet::sim::{Emulator, RequestLog, SimConfig};
use wsfleet::table::resource::column_layout;

const REGION: &str = "us-east-1";

fn temp(name: &str) -> std::path::PathBuf {
    let p = std::env::temp_dir().join(format!("wsfleet-{name}-{}", std::process::id()));
    let _ = std::fs::remove_file(&p);
    p
}

async fn emulator(log: &std::path::Path, size: usize) -> (Emulator, WorkspacesService) {
    let emu = Emulator::start(SimConfig {
        size,
        throttle: None,
        transition: Duration::from_millis(200),
        request_log: Some(RequestLog::open(log).unwrap()),
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let opts = ClientOptions::default();
    let url = emu.endpoint_url();
    let metrics = MetricsService::new(
        demo_metrics_client(&url, REGION, "AKIDWSFLEETDEMO", &opts),
        Arc::new(RateBudget::unlimited()),
    );
    let svc = WorkspacesService::new(
        demo_client(&url, REGION, &opts),
        REGION.into(),
        Arc::new(RateBudget::matching(40.0, 5)),
    )
    .with_metrics(metrics);
    (emu, svc)
}

/// The resources of every `op` request the emulator logged.
fn logged(log: &std::path::Path, op: &str) -> Vec<String> {
    std::fs::read_to_string(log)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["operation"] == op)
        .flat_map(|v| {
            v["resources"].as_array().map_or(vec![], |a| {
                a.iter().map(|r| r.as_str().unwrap().to_string()).collect()
            })
        })
        .collect()
}

fn keys(s: &mut State, text: &str) -> Vec<Command> {
    let mut out = vec![];
    for c in text.chars() {
        let code = match c {
            '\r' => KeyCode::Enter,
            '\t' => KeyCode::Tab,
            c => KeyCode::Char(c),
        };
        out.extend(update(s, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))).commands);
    }
    out
}

/// The app with every WorkSpace of the emulator and its connection status loaded.
async fn app(svc: &WorkspacesService, setup: Setup, size: (u16, u16)) -> State {
    let mut s = State::start(setup);
    update(&mut s, Msg::Resize(size.0, size.1));
    let ws = all_pages(|t| svc.describe_workspaces_page(t))
        .await
        .unwrap();
    let conns = all_pages(|t| svc.describe_connection_status_page(t))
        .await
        .unwrap();
    for rows in [Rows::Workspaces(ws), Rows::Connections(conns)] {
        update(
            &mut s,
            Msg::Page {
                region: REGION.into(),
                sweep: 1,
                rows,
                last: true,
            },
        );
    }
    s
}

/// Run the usage and tag commands as the runtime's executor does, answers through `update`.
async fn run(s: &mut State, svc: &WorkspacesService, commands: Vec<Command>) -> Vec<Command> {
    let mut more = vec![];
    for c in commands {
        match c {
            Command::LoadUsage { ids, .. } => {
                // The app's clock, so the app and the test advise at the same hour.
                let now = s.fixed_now.unwrap_or_else(wsfleet::app::state::now_epoch);
                let result = svc.metrics().unwrap().usage_summaries(&ids, now).await;
                more.extend(update(s, Msg::Usage { ids, result }).commands);
            }
            Command::LoadFleetTags { resource_ids, .. } => {
                let last = resource_ids.len() - 1;
                for (n, resource_id) in resource_ids.into_iter().enumerate() {
                    let result = svc.describe_tags(&resource_id).await;
                    let msg = Msg::FleetTags {
                        region: REGION.into(),
                        resource_id,
                        result,
                        done: n == last,
                    };
                    more.extend(update(s, msg).commands);
                }
            }
            _ => {}
        }
    }
    more
}

fn visible(s: &State) -> Vec<Workspace> {
    let t = &s.panes.workspaces.table;
    (0..t.view_len())
        .filter_map(|p| t.view_row(p).cloned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn advice_auto_stop_marked_and_applied_sends_exactly_the_advised_workspaces() {
    let log = temp("advice-apply.jsonl");
    let (emu, svc) = emulator(&log, 80).await;
    // Every day is "the month's end" here, so ALWAYS_ON → AUTO_STOP is advised today.
    let billing = Billing {
        month_end_days: 31,
        ..Billing::default()
    };
    let mut setup = Setup::new(
        Mode::Demo,
        REGION.into(),
        Some("demo".into()),
        String::new(),
    );
    setup.billing = billing.clone();
    let mut s = app(&svc, setup, (160, 48)).await;
    let now = wsfleet::app::state::now_epoch();
    s.fixed_now = Some(now);

    // Which WorkSpaces the advisor would send to AUTO_STOP, worked out apart from the app;
    // one of them gets the skip tag.
    let rows = visible(&s);
    let ids: Vec<String> = rows.iter().map(|w| w.id.clone()).collect();
    let usage = svc
        .metrics()
        .unwrap()
        .usage_summaries(&ids, now)
        .await
        .unwrap();
    let advised: Vec<String> = rows
        .iter()
        .zip(&usage)
        .filter(|(w, (_, u))| advise(u, w, Some(&[]), &billing, now).mode() == Some(AUTO_STOP))
        .map(|(w, _)| w.id.clone())
        .collect();
    assert!(
        advised.len() >= 2,
        "the seeded fleet has ALWAYS_ON WorkSpaces used little"
    );
    let skipped = advised[0].clone();
    common::client(&emu)
        .create_tags()
        .resource_id(&skipped)
        .tags(common::tag("Skip_Convert", "pilot"))
        .send()
        .await
        .unwrap();

    // The filter asks for the fleet's usage and tags; the answers come through `update`.
    let commands = keys(&mut s, "/advice=AUTO_STOP\r");
    assert!(
        commands
            .iter()
            .any(|c| matches!(c, Command::LoadUsage { ids, .. } if ids.len() == 80)),
        "{commands:?}"
    );
    let more = run(&mut s, &svc, commands).await;
    assert!(
        !more.iter().any(|c| matches!(c, Command::LoadUsage { .. })),
        "fresh summaries are not asked again: {more:?}"
    );
    let shown: BTreeSet<String> = visible(&s).into_iter().map(|w| w.id).collect();
    let want: BTreeSet<String> = advised.iter().filter(|i| **i != skipped).cloned().collect();
    assert_eq!(shown, want);

    // Mark what the filter shows, AUTO_STOP, the ordinary confirmation.
    keys(&mut s, "*A");
    let Overlay::Confirm(c) = &s.overlay else {
        panic!("no confirmation: {:?} {:?}", s.overlay, s.notice);
    };
    let targets: BTreeSet<String> = c.targets.iter().map(|t| t.id.clone()).collect();
    let not_sent: BTreeSet<String> = c.skipped.iter().map(|(t, _)| t.id.clone()).collect();
    assert_eq!(
        &targets | &not_sent,
        want,
        "every advised row, and only those"
    );
    assert!(!targets.is_empty());
    let answer = match c.expected.clone() {
        Some(n) => format!("{n}\r"),
        None => "\t\r".into(),
    };
    let sent = keys(&mut s, &answer);
    let [submit @ Command::Submit { .. }] = sent.as_slice() else {
        panic!("not submitted: {sent:?}");
    };
    let (spec, _) = submit.clone().into_job().expect("a Submit");
    let (tx, mut events) = unbounded_channel();
    let api: Arc<dyn ActionApi> = Arc::new(svc.clone());
    let queue = spawn_with(
        move |_: Option<&str>, r: &str| (r == REGION).then(|| api.clone()),
        AuditLog::new(temp("advice-audit.log")),
        None,
        tx,
        RetryPolicy::default(),
    );
    let job = queue.submit(spec);
    loop {
        let event = tokio::time::timeout(Duration::from_secs(60), events.recv())
            .await
            .expect("the job ends")
            .unwrap();
        if matches!(event, QueueEvent::JobFinished { job: j, .. } if j == job) {
            break;
        }
    }
    let modified: BTreeSet<String> = logged(&log, "ModifyWorkspaceProperties")
        .into_iter()
        .collect();
    assert_eq!(modified, targets);
    assert!(!modified.contains(&skipped));
    drop(emu);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_usage_column_asks_for_the_rows_on_screen_once_and_not_on_every_scroll_step() {
    let log = temp("advice-screen.jsonl");
    let (_emu, svc) = emulator(&log, 200).await;
    let mut setup = Setup::new(
        Mode::Demo,
        REGION.into(),
        Some("demo".into()),
        String::new(),
    );
    let names: Vec<String> = ["id", "user", "state", "hours", "cpu"]
        .iter()
        .map(|n| n.to_string())
        .collect();
    setup.column_layouts = vec![(
        PaneKind::Workspaces,
        column_layout::<Workspace>(&names).unwrap(),
    )];
    let mut s = State::start(setup);
    update(&mut s, Msg::Resize(100, 24));
    let ws = all_pages(|t| svc.describe_workspaces_page(t))
        .await
        .unwrap();
    let effects = update(
        &mut s,
        Msg::Page {
            region: REGION.into(),
            sweep: 1,
            rows: Rows::Workspaces(ws),
            last: true,
        },
    );
    let asked: Vec<&Vec<String>> = effects
        .commands
        .iter()
        .filter_map(|c| match c {
            Command::LoadUsage { ids, .. } => Some(ids),
            _ => None,
        })
        .collect();
    // The screen and two screens ahead, not the 200 WorkSpaces.
    let body = s.body_rows();
    assert_eq!(asked.len(), 1, "{:?}", effects.commands);
    assert_eq!(asked[0].len(), 3 * body);
    // A step down, and a screen down: all asked already, nothing more.
    assert!(keys(&mut s, "j")
        .iter()
        .all(|c| !matches!(c, Command::LoadUsage { .. })));
    for _ in 0..body {
        let c = keys(&mut s, "j");
        assert!(
            c.iter().all(|c| !matches!(c, Command::LoadUsage { .. })),
            "{c:?}"
        );
    }
    assert!(
        logged(&log, "GetMetricData").is_empty(),
        "nothing sent by update itself"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_warm_start_keeps_usage_with_its_age_and_asks_only_once_it_is_stale() {
    use wsfleet::domain::usage_book::USAGE_FRESH_FOR;
    let log = temp("advice-cache.jsonl");
    let (_emu, svc) = emulator(&log, 40).await;
    let setup = || {
        let mut setup = Setup::new(
            Mode::Demo,
            REGION.into(),
            Some("demo".into()),
            String::new(),
        );
        setup.billing.skip_tag = String::new();
        setup
    };
    // The first run: the advice filter reads every WorkSpace's usage; the cache is saved.
    let mut first = app(&svc, setup(), (160, 48)).await;
    let t0 = wsfleet::app::state::now_epoch();
    first.fixed_now = Some(t0);
    let commands = keys(&mut first, "/advice=\r");
    run(&mut first, &svc, commands).await;
    let ids: Vec<String> = first
        .panes
        .workspaces
        .table
        .rows()
        .iter()
        .map(|w| w.id.clone())
        .collect();
    assert!(ids
        .iter()
        .all(|id| first.joined.usage.summary(id).is_some()));
    let dir = std::env::temp_dir().join(format!("wsfleet-usage-cache-{}", std::process::id()));
    let path = wsfleet::app::cache::path_for(&dir, &first, REGION);
    let snapshot = wsfleet::app::cache::snapshot_of(&first, REGION);
    assert_eq!(snapshot.usage.len(), ids.len(), "every summary is saved");
    wsfleet::app::cache::save(&path, &snapshot).unwrap();

    // Warm starts 5 minutes and 20 minutes later: the summaries come back from the file,
    // and only stale ones are asked for again.
    for (later, asks) in [(300, false), (USAGE_FRESH_FOR + 300, true)] {
        let mut s = State::start(setup());
        s.fixed_now = Some(t0 + later);
        update(&mut s, Msg::Resize(160, 48));
        let profile = s.context_name();
        let result = wsfleet::app::cache::load(&path);
        update(&mut s, Msg::Cached { profile, result });
        // As fetched (JSON may move a float's last bit).
        let near = |a: Option<f64>, b: Option<f64>| match (a, b) {
            (Some(a), Some(b)) => (a - b).abs() < 1e-6,
            (a, b) => a == b,
        };
        for id in &ids {
            let (a, b) = (s.joined.usage.summary(id), first.joined.usage.summary(id));
            let (a, b) = (a.expect("kept"), b.unwrap());
            assert!(
                a.hours == b.hours
                    && a.sessions == b.sessions
                    && a.seen_last_month == b.seen_last_month
                    && near(a.latency_p95, b.latency_p95)
                    && near(a.cpu, b.cpu)
                    && near(a.disk, b.disk),
                "{later} s, {id}: {a:?} != {b:?}"
            );
        }
        let sent = keys(&mut s, "/advice=\r");
        let asked: usize = sent
            .iter()
            .map(|c| match c {
                Command::LoadUsage { ids, .. } => ids.len(),
                _ => 0,
            })
            .sum();
        assert_eq!(
            asked,
            if asks { ids.len() } else { 0 },
            "{later} s: {sent:?}"
        );
    }
    let _ = std::fs::remove_dir_all(dir);
}
