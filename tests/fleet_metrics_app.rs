//! CloudWatch metrics in details beyond a WorkSpace's first open (issue 28), against the
//! emulator over HTTP and through `update` like the running app:
//! - a WorkSpaces Applications fleet's details (`d` on `:appfleets`) ask GetMetricData once
//!   for its AWS/AppStream series (dimension Fleet), through the executor's own code
//!   (`runtime::metrics::load_fleet`), answered with `Msg::Metrics`, drawn as sparklines, and
//!   not asked again while fresh; a STOPPED fleet publishes nothing: "no data".
//! - the executor's `Command::LoadMetrics` (`runtime::metrics::load`) for a WorkSpace, run for
//!   real through to `Msg::Metrics`.
//! - the warm-start cache keeps fetched metrics with their age: a warm start shows them ("as
//!   of 3 min ago") and asks again only when they are older than `FRESH_FOR`.

mod common;

use std::sync::Arc;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use tokio::sync::mpsc::unbounded_channel;
use wsfleet::app::metrics::FRESH_FOR;
use wsfleet::app::{update, Command, Mode, Msg, Rows, State};
use wsfleet::domain::AppFleet;
use wsfleet::service::{
    demo_apps_client, demo_client, demo_metrics_client, AppsService, ClientOptions, MetricsService,
    RateBudget, WorkspacesService,
};
use wsfleet::sim::Emulator;

fn services(emu: &Emulator) -> WorkspacesService {
    let opts = ClientOptions::default();
    let url = emu.endpoint_url();
    let key = "AKIDWSFLEETDEMO";
    let apps = AppsService::new(
        demo_apps_client(&url, common::REGION, key, &opts),
        common::REGION.into(),
        Arc::new(RateBudget::unlimited()),
    );
    let metrics = MetricsService::new(
        demo_metrics_client(&url, common::REGION, key, &opts),
        Arc::new(RateBudget::unlimited()),
    );
    WorkspacesService::new(
        demo_client(&url, common::REGION, &opts),
        common::REGION.into(),
        Arc::new(RateBudget::unlimited()),
    )
    .with_apps(apps)
    .with_metrics(metrics)
}

fn keys(s: &mut State, text: &str) -> Vec<Command> {
    let mut out = vec![];
    for c in text.chars() {
        let code = match c {
            '\r' => KeyCode::Enter,
            '\x1b' => KeyCode::Esc,
            c => KeyCode::Char(c),
        };
        out.extend(update(s, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))).commands);
    }
    out
}

fn metric_loads(commands: &[Command]) -> Vec<&Command> {
    commands
        .iter()
        .filter(|c| {
            matches!(
                c,
                Command::LoadMetrics { .. } | Command::LoadFleetMetrics { .. }
            )
        })
        .collect()
}

fn render(s: &State) -> String {
    let mut t = Terminal::new(TestBackend::new(160, 48)).unwrap();
    t.draw(|f| wsfleet::ui::draw(f, s)).unwrap();
    let buf = t.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

fn page(s: &mut State, rows: Rows) {
    update(
        s,
        Msg::Page {
            region: common::REGION.into(),
            sweep: 1,
            rows,
            last: true,
        },
    );
}

async fn fleets(apps: &AppsService) -> Vec<AppFleet> {
    let (mut out, mut token) = (vec![], None);
    loop {
        let p = apps.describe_app_fleets_page(token).await.unwrap();
        out.extend(p.items);
        token = p.next_token;
        if token.is_none() {
            return out;
        }
    }
}

/// What the executor does with a `Command::LoadFleetMetrics` / `LoadMetrics`: the runtime's
/// own task, its one message back.
async fn execute(svc: &WorkspacesService, command: &Command) -> Msg {
    let (tx, mut rx) = unbounded_channel();
    match command {
        Command::LoadFleetMetrics { arn, .. } => {
            wsfleet::runtime::metrics::load_fleet(svc.clone(), arn.clone(), tx).await
        }
        Command::LoadMetrics { workspace_id, .. } => {
            wsfleet::runtime::metrics::load(svc.clone(), workspace_id.clone(), tx).await
        }
        other => panic!("not a metrics command: {other:?}"),
    }
    let msg = rx.recv().await.expect("the task answers");
    assert!(rx.try_recv().is_err(), "one message");
    msg
}

fn fleets_state(all: &[AppFleet]) -> State {
    let mut s = State::new(Mode::Demo, common::REGION.into(), None, String::new());
    update(&mut s, Msg::Resize(160, 48));
    page(&mut s, Rows::AppFleets(all.to_vec()));
    s
}

/// Opens the details of the fleet named `name` and returns the metrics commands sent.
fn open_fleet(s: &mut State, name: &str) -> Vec<Command> {
    keys(s, &format!(":appfleets\r/{name}\r"));
    let out = keys(s, "d");
    metric_loads(&out).into_iter().cloned().collect()
}

#[tokio::test]
async fn a_fleets_details_show_its_capacity_metrics_fetched_once_while_fresh() {
    let emu = common::start(300).await;
    let svc = services(&emu);
    let all = fleets(svc.apps().unwrap()).await;
    let running = all.iter().find(|f| f.state == "RUNNING").unwrap().clone();
    let stopped = all.iter().find(|f| f.state == "STOPPED").unwrap().clone();
    let mut s = fleets_state(&all);
    emu.reset_stats();

    let sent = open_fleet(&mut s, &running.name);
    let [Command::LoadFleetMetrics { region, arn }] = sent.as_slice() else {
        panic!("expected one LoadFleetMetrics, got {sent:?}");
    };
    assert_eq!((region.as_str(), arn), (common::REGION, &running.arn));
    assert!(render(&s).contains("CloudWatch, loading"));
    let msg = execute(&svc, &sent[0]).await;
    assert_eq!(emu.stats().calls.get("GetMetricData"), Some(&1));
    let Msg::Metrics {
        workspace_id,
        result: Ok(m),
    } = &msg
    else {
        panic!("{msg:?}");
    };
    assert_eq!(workspace_id, &running.arn);
    let names: Vec<&str> = m.series.iter().map(|s| s.spec.name).collect();
    let expected = [
        "CapacityUtilization",
        "AvailableCapacity",
        "InsufficientCapacityError",
    ];
    assert_eq!(names, expected);
    // Consistent with the fleet's capacity: used 0–100 %, available 0..=running.
    let cap = running.capacity.unwrap_or_default();
    let top = f64::from(cap.running.max(cap.desired));
    assert!(m.series[0].values().all(|v| (0.0..=100.0).contains(&v)));
    assert!(m.series[1].values().all(|v| (0.0..=top).contains(&v)));
    assert!(m.series[0].days.last().unwrap().is_some(), "today has data");
    assert!(
        update(&mut s, msg).redraw,
        "the open details are drawn again"
    );
    let screen = render(&s);
    for label in ["Capacity used", "Available capacity", "Insufficient cap."] {
        assert!(screen.contains(label), "{label}: {screen}");
    }

    // Closed and opened again while fresh: nothing asked.
    assert!(metric_loads(&keys(&mut s, "\x1bd")).is_empty());
    assert_eq!(emu.stats().calls.get("GetMetricData"), Some(&1));

    // A STOPPED fleet publishes nothing: every metric says "no data", never 0.
    let mut s = fleets_state(&all);
    let sent = open_fleet(&mut s, &stopped.name);
    assert_eq!(sent.len(), 1, "{sent:?}");
    let msg = execute(&svc, &sent[0]).await;
    let Msg::Metrics { result: Ok(m), .. } = &msg else {
        panic!("{msg:?}");
    };
    assert!(m.series.iter().all(|s| !s.has_data()), "{m:?}");
    update(&mut s, msg);
    let screen = render(&s);
    assert_eq!(screen.matches("no data").count(), 3, "{screen}");
}

#[tokio::test]
async fn the_executor_answers_load_metrics_with_one_get_metric_data() {
    let emu = common::start(60).await;
    let svc = services(&emu);
    let page1 = svc.describe_workspaces_page(None).await.unwrap();
    let id = page1.items[0].id.clone();
    emu.reset_stats();
    let command = Command::LoadMetrics {
        region: common::REGION.into(),
        workspace_id: id.clone(),
    };
    let msg = execute(&svc, &command).await;
    assert_eq!(emu.stats().calls.get("GetMetricData"), Some(&1));
    match msg {
        Msg::Metrics {
            workspace_id,
            result: Ok(m),
        } => {
            assert_eq!(workspace_id, id);
            assert_eq!(m.workspace_id, id);
            assert_eq!(m.series.len(), 10);
            assert!(m.series.iter().all(|s| s.days.len() == 14));
        }
        other => panic!("{other:?}"),
    }
    // Without CloudWatch connected the answer is an error message, not silence.
    let bare = WorkspacesService::new(
        demo_client(
            &emu.endpoint_url(),
            common::REGION,
            &ClientOptions::default(),
        ),
        common::REGION.into(),
        Arc::new(RateBudget::unlimited()),
    );
    match execute(&bare, &command).await {
        Msg::Metrics { result: Err(e), .. } => assert!(e.to_string().contains("CloudWatch")),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_warm_start_shows_cached_metrics_with_their_age_and_asks_only_when_stale() {
    let emu = common::start(60).await;
    let svc = services(&emu);
    let rows = svc.describe_workspaces_page(None).await.unwrap().items;
    let id = rows[0].id.clone();
    let t0 = wsfleet::app::state::now_epoch();

    // The first run: details opened, metrics fetched, the cache saved on the way out.
    let mut first = State::new(Mode::Demo, common::REGION.into(), None, String::new());
    first.fixed_now = Some(t0);
    update(&mut first, Msg::Resize(160, 48));
    page(&mut first, Rows::Workspaces(rows.clone()));
    keys(&mut first, &format!("/{id}\r"));
    let sent: Vec<Command> = metric_loads(&keys(&mut first, "d"))
        .into_iter()
        .cloned()
        .collect();
    let msg = execute(&svc, &sent[0]).await;
    update(&mut first, msg);
    let dir = std::env::temp_dir().join(format!("wsfleet-metrics-cache-{}", std::process::id()));
    let path = wsfleet::app::cache::path_for(&dir, &first, common::REGION);
    let snapshot = wsfleet::app::cache::snapshot_of(&first, common::REGION);
    assert!(snapshot.metrics.contains_key(&id), "the metrics are saved");
    wsfleet::app::cache::save(&path, &snapshot).unwrap();

    // Warm starts 3 minutes and 10 minutes later: the cache read back from the file.
    for (later, asks) in [(180, false), (FRESH_FOR + 300, true)] {
        let mut s = State::new(Mode::Demo, common::REGION.into(), None, String::new());
        s.fixed_now = Some(t0 + later);
        update(&mut s, Msg::Resize(160, 48));
        let profile = s.context_name();
        let cached = wsfleet::app::cache::load(&path);
        update(
            &mut s,
            Msg::Cached {
                profile,
                result: cached,
            },
        );
        keys(&mut s, &format!("/{id}\r"));
        let sent = keys(&mut s, "d");
        assert_eq!(!metric_loads(&sent).is_empty(), asks, "{later} s: {sent:?}");
        let screen = render(&s);
        let age = format!("as of {} min ago", later / 60);
        assert!(screen.contains(&age), "{later} s: {screen}");
        assert!(screen.contains("Hours connected"), "{screen}");
        if asks {
            assert!(screen.contains("asking again"), "{screen}");
        }
    }
    let _ = std::fs::remove_dir_all(dir);
}
