//! Usage for every WorkSpace of a fleet (issue 28, part 5): what the billing-mode advisor
//! needs, fetched as the app fetches it (`Command::LoadUsage` per 500 WorkSpaces, all
//! spawned at once, through the real `MetricsService` and one CloudWatch
//! `RateBudget::matching(R, B)`) from the emulator's CloudWatch with its throttling model on.
//!
//! Compared: GetMetricData calls against ⌈N × 5 ÷ 500⌉ (five queries per WorkSpace, 500 per
//! call; NextToken pages, if any, are counted apart), and the time against the budget's floor
//! (C - B) / R for the C calls made.

use super::{refill, Rate, REGION};
use crate::common::{secs, Table};
use std::sync::Arc;
use std::time::Instant;
use wsfleet::domain::usage::USAGE_QUERIES;
use wsfleet::service::{
    all_pages, demo_client, demo_metrics_client, ClientOptions, MetricsService, RateBudget,
    WorkspacesService,
};
use wsfleet::sim::{Emulator, SimConfig, ThrottleConfig};

pub fn table(r: Rate) -> Table {
    Table::new(
        &format!(
            "Usage of every WorkSpace (GetMetricData), throttling {}/s burst {}",
            r.rate, r.burst
        ),
        &[
            "N",
            "summaries",
            "GetMetricData calls",
            "bound ceil(N*5/500)",
            "pages beyond",
            "throttled",
            "time",
            "floor (C-B)/R",
            "time/floor",
        ],
    )
}

pub async fn run(n: usize, r: Rate, t: &mut Table) {
    let emu = Emulator::start(SimConfig {
        size: n,
        throttle: Some(ThrottleConfig {
            rate: r.rate,
            burst: r.burst,
        }),
        ..SimConfig::default()
    })
    .await
    .expect("start the emulator");
    let url = emu.endpoint_url();
    let opts = ClientOptions::default();
    let ws = WorkspacesService::new(
        demo_client(&url, REGION, &opts),
        REGION.into(),
        Arc::new(RateBudget::matching(r.rate, r.burst)),
    );
    let ids: Vec<String> = all_pages(|tok| ws.describe_workspaces_page(tok))
        .await
        .expect("the fleet")
        .into_iter()
        .map(|w| w.id)
        .collect();
    assert_eq!(ids.len(), n);
    let metrics = MetricsService::new(
        demo_metrics_client(&url, REGION, "AKIDWSFLEETDEMO", &opts),
        Arc::new(RateBudget::matching(r.rate, r.burst)),
    );
    refill(r).await;
    emu.reset_stats();
    let now = wsfleet::app::state::now_epoch();
    let start = Instant::now();
    let tasks: Vec<_> = ids
        .chunks(500)
        .map(|chunk| {
            let (m, chunk) = (metrics.clone(), chunk.to_vec());
            tokio::spawn(async move { m.usage_summaries(&chunk, now).await })
        })
        .collect();
    let mut summaries = 0;
    for task in tasks {
        summaries += task.await.unwrap().expect("usage").len();
    }
    let took = start.elapsed();
    let stats = emu.stats();
    let calls = stats.calls.get("GetMetricData").copied().unwrap_or(0);
    let bound = (n * USAGE_QUERIES.len()).div_ceil(500) as u64;
    let throttled = stats.throttled.get("GetMetricData").copied().unwrap_or(0);
    let floor = r.floor(calls);
    t.row(vec![
        n.to_string(),
        summaries.to_string(),
        calls.to_string(),
        bound.to_string(),
        calls.saturating_sub(bound).to_string(),
        throttled.to_string(),
        secs(took),
        format!("{floor:.2}s"),
        format!("{:.2}", took.as_secs_f64() / floor.max(f64::EPSILON)),
    ]);
    println!("usage {n}: {summaries} summaries, {calls} calls (bound {bound}) in {took:?}");
}
