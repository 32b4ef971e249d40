//! A WorkSpace's details fetch its CloudWatch metrics (issue 28): opening them sends one
//! GetMetricData to the emulator over HTTP, the answer comes back as a message through
//! `update` and is drawn as sparklines; opening them again while fresh sends nothing.
//! Driven through `update` like the running app; the command is run by the real service layer.

mod common;

use std::sync::Arc;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use wsfleet::app::state::Overlay;
use wsfleet::app::{update, Command, Mode, Msg, Rows, State};
use wsfleet::service::{
    demo_client, demo_metrics_client, ClientOptions, MetricsService, RateBudget, WorkspacesService,
};
use wsfleet::sim::Emulator;

fn service(emu: &Emulator) -> WorkspacesService {
    let opts = ClientOptions::default();
    let url = emu.endpoint_url();
    let metrics = MetricsService::new(
        demo_metrics_client(&url, common::REGION, "AKIDWSFLEETDEMO", &opts),
        Arc::new(RateBudget::unlimited()),
    );
    WorkspacesService::new(
        demo_client(&url, common::REGION, &opts),
        common::REGION.into(),
        Arc::new(RateBudget::unlimited()),
    )
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

fn load_metrics(commands: &[Command]) -> Vec<&Command> {
    commands
        .iter()
        .filter(|c| matches!(c, Command::LoadMetrics { .. }))
        .collect()
}

/// A WorkSpace the emulator says a user is connected to now.
async fn connected_workspace(emu: &Emulator) -> String {
    let out = common::client(emu)
        .describe_workspaces_connection_status()
        .send()
        .await
        .unwrap();
    out.workspaces_connection_status()
        .iter()
        .find(|s| s.connection_state().map(|c| c.as_str()) == Some("CONNECTED"))
        .and_then(|s| s.workspace_id())
        .expect("a CONNECTED WorkSpace on the first page")
        .to_string()
}

#[tokio::test]
async fn opening_details_sends_one_get_metric_data_and_not_again_while_fresh() {
    let emu = common::start(60).await;
    let svc = service(&emu);
    let id = connected_workspace(&emu).await;
    let page = svc.describe_workspaces_page(None).await.unwrap();
    let mut s = State::new(Mode::Demo, common::REGION.into(), None, String::new());
    update(&mut s, Msg::Resize(160, 48));
    update(
        &mut s,
        Msg::Page {
            region: common::REGION.into(),
            sweep: 1,
            rows: Rows::Workspaces(page.items),
            last: true,
        },
    );
    keys(&mut s, &format!("/{id}\r"));
    emu.reset_stats();

    let commands = keys(&mut s, "d");
    let [Command::LoadMetrics {
        region,
        workspace_id,
    }] = load_metrics(&commands).as_slice()
    else {
        panic!("expected one LoadMetrics, got {commands:?}");
    };
    assert_eq!(
        (region.as_str(), workspace_id.as_str()),
        (common::REGION, id.as_str())
    );
    // What the runtime does with it (`runtime::execute::metrics::load`).
    let now = wsfleet::app::state::now_epoch();
    let mut result = svc
        .metrics()
        .unwrap()
        .workspace_metrics(std::slice::from_ref(&id), now)
        .await;
    let metrics = result.as_mut().unwrap().pop().unwrap();
    assert_eq!(emu.stats().calls.get("GetMetricData"), Some(&1));
    // CONNECTED now: today has at least the current hour connected.
    assert!(metrics.series[0].days.last().unwrap().unwrap() >= 1.0);
    let redraw = update(
        &mut s,
        Msg::Metrics {
            workspace_id: id.clone(),
            result: Ok(metrics),
        },
    );
    assert!(redraw.redraw, "the open details are drawn again");

    // Closed and opened again while fresh: nothing is asked.
    assert!(matches!(s.overlay, Overlay::Detail(_)));
    let again = keys(&mut s, "\x1bd");
    assert!(matches!(s.overlay, Overlay::Detail(_)));
    assert!(load_metrics(&again).is_empty(), "{again:?}");
    assert_eq!(emu.stats().calls.get("GetMetricData"), Some(&1));
}

#[tokio::test]
async fn a_fleet_takes_as_few_calls_as_the_500_query_limit_allows() {
    let emu = common::start(120).await;
    let svc = service(&emu);
    let mut ids = vec![];
    let mut token = None;
    loop {
        let page = svc.describe_workspaces_page(token).await.unwrap();
        ids.extend(page.items.into_iter().map(|w| w.id));
        token = page.next_token;
        if token.is_none() {
            break;
        }
    }
    ids.truncate(120);
    emu.reset_stats();
    let now = wsfleet::app::state::now_epoch();
    let all = svc
        .metrics()
        .unwrap()
        .workspace_metrics(&ids, now)
        .await
        .unwrap();
    assert_eq!(all.len(), ids.len());
    // 120 WorkSpaces x 10 metrics = 1,200 queries: three calls of at most 500.
    let calls = emu.stats().calls.get("GetMetricData").copied();
    assert_eq!(calls, Some(3), "{:?}", emu.stats());
    for m in &all {
        assert_eq!(m.series.len(), 10);
        assert!(m.series.iter().all(|s| s.days.len() == 14));
    }
}
