//! Usage summaries for the usage columns and the billing-mode advisor (issue 28), fetched by
//! the real service layer from the emulator's CloudWatch over HTTP: ⌈WorkSpaces × 5 ÷ 500⌉
//! GetMetricData calls, NextToken pages followed to the same answer, "no data" for a
//! WorkSpace that never connected, and values consistent with what WorkSpaces says of it.

mod common;

use std::collections::HashMap;
use std::sync::Arc;

use wsfleet::domain::usage::{UsageSummary, USAGE_QUERIES};
use wsfleet::service::{demo_metrics_client, ClientOptions, MetricsService, RateBudget};
use wsfleet::sim::Emulator;

fn metrics(emu: &Emulator) -> MetricsService {
    let client = demo_metrics_client(
        &emu.endpoint_url(),
        common::REGION,
        "AKIDWSFLEETDEMO",
        &ClientOptions::default(),
    );
    MetricsService::new(client, Arc::new(RateBudget::unlimited()))
}

/// Every WorkSpace of the Region: (ID, running mode, connection state, ever connected).
async fn fleet(emu: &Emulator) -> Vec<(String, String, String, bool)> {
    let c = common::client(emu);
    let ws = common::all_workspaces(&c).await;
    let mut conn: HashMap<String, (String, bool)> = HashMap::new();
    let mut token = None;
    loop {
        let out = c
            .describe_workspaces_connection_status()
            .set_next_token(token)
            .send()
            .await
            .unwrap();
        for s in out.workspaces_connection_status() {
            let state = s.connection_state().map_or("", |c| c.as_str()).to_string();
            let ever = s.last_known_user_connection_timestamp().is_some();
            conn.insert(s.workspace_id().unwrap_or("").to_string(), (state, ever));
        }
        token = out.next_token().map(str::to_string);
        if token.is_none() {
            break;
        }
    }
    ws.iter()
        .map(|w| {
            let id = common::ws_id(w);
            let (state, ever) = conn.get(&id).cloned().unwrap_or_default();
            (id, common::running_mode_str(w).to_string(), state, ever)
        })
        .collect()
}

fn calls(emu: &Emulator) -> u64 {
    emu.stats().calls.get("GetMetricData").copied().unwrap_or(0)
}

#[tokio::test]
async fn a_fleet_takes_one_call_per_500_queries_and_says_no_data_never_zero() {
    let emu = common::start(300).await;
    let all = fleet(&emu).await;
    let ids: Vec<String> = all.iter().map(|w| w.0.clone()).take(300).collect();
    assert_eq!(ids.len(), 300);
    emu.reset_stats();
    let now = wsfleet::app::state::now_epoch();
    let got = metrics(&emu).usage_summaries(&ids, now).await.unwrap();
    // 300 WorkSpaces × 5 queries = 1,500: three calls of 500 (no page needed here).
    assert_eq!(USAGE_QUERIES.len(), 5);
    assert_eq!(calls(&emu), 3, "{:?}", emu.stats());
    assert_eq!(got.len(), ids.len());
    let by_id: HashMap<&str, &UsageSummary> = got.iter().map(|(i, s)| (i.as_str(), s)).collect();
    let (mut none, mut connected) = (0, 0);
    for (id, mode, state, ever) in &all {
        let s = by_id[id.as_str()];
        if !ever && state != "CONNECTED" {
            // Never connected: CloudWatch has nothing, which is "no data", not 0.
            assert_eq!(s.hours, None, "{id}");
            assert_eq!((s.latency_p95, s.cpu, s.disk), (None, None, None), "{id}");
            none += 1;
        }
        if state == "CONNECTED" {
            // Connected now: the current hour is a connected hour of this month.
            assert!(s.hours.unwrap_or(0.0) >= 1.0, "{id}: {s:?}");
            assert!(s.latency_p95.is_some() && s.cpu.is_some(), "{id}: {s:?}");
            connected += 1;
        }
        if mode == "ALWAYS_ON" && *ever && s.hours.is_some() {
            assert!(
                s.cpu.is_some(),
                "an ALWAYS_ON WorkSpace runs, so publishes CPU"
            );
        }
        let h = s.hours.unwrap_or(0.0);
        assert_eq!(
            h,
            s.sessions.iter().map(|x| f64::from(x.hours)).sum::<f64>()
        );
    }
    assert!(
        none > 0 && connected > 0,
        "none {none}, connected {connected}"
    );
}

#[tokio::test]
async fn small_answers_are_paged_with_next_token_to_the_same_summaries() {
    let emu = common::start(60).await;
    let all = fleet(&emu).await;
    // The WorkSpaces with the most datapoints: ALWAYS_ON ones that connected.
    let ids: Vec<String> = all
        .iter()
        .filter(|w| w.1 == "ALWAYS_ON" && w.3)
        .map(|w| w.0.clone())
        .take(8)
        .collect();
    assert!(ids.len() >= 3, "{all:?}");
    let now = wsfleet::app::state::now_epoch();
    emu.reset_stats();
    let whole = metrics(&emu).usage_summaries(&ids, now).await.unwrap();
    assert_eq!(calls(&emu), 1, "40 queries or fewer: one call, one page");
    emu.reset_stats();
    let paged = metrics(&emu)
        .with_max_datapoints(500)
        .usage_summaries(&ids, now)
        .await
        .unwrap();
    // Hundreds of hourly datapoints each at 500 an answer: several pages of the one call.
    assert!(calls(&emu) >= ids.len() as u64, "{:?}", emu.stats());
    assert_eq!(paged, whole);
}
