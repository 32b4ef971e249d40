//! The refresh scheduler against the emulator over real HTTP: a full load makes the minimum
//! calls, and throttling from outside (another tool spending the same account's budget) is
//! absorbed without an error reaching any pane. (Actions ahead of refreshes, and no 60 s
//! window over the budget, are tested on `RateBudget` itself in src/service/budget.rs.)

use std::collections::HashSet;
use std::sync::atomic::AtomicU64;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc::unbounded_channel;
use wsfleet::app::{Msg, Rows};
use wsfleet::panes::PaneKind;
use wsfleet::runtime::{Intervals, Refreshers, SweepOrder};
use wsfleet::service::{demo_client, ClientOptions, RateBudget, WorkspacesService};
use wsfleet::sim::{Emulator, SimConfig, ThrottleConfig};

const REGION: &str = "us-east-1";

/// Run every pane's first sweep; returns WorkSpaces rows seen and any pane errors.
async fn first_sweeps(svc: WorkspacesService) -> (usize, Vec<String>) {
    let (tx, mut rx) = unbounded_channel();
    let every = Intervals::from_base(Duration::from_secs(3600));
    let _r = Refreshers::start(svc, tx, &every, Arc::new(AtomicU64::new(0)));
    let mut done: HashSet<PaneKind> = HashSet::new();
    let mut rows = 0;
    let mut errors = vec![];
    let deadline = tokio::time::Instant::now() + Duration::from_secs(240);
    while done.len() < PaneKind::TOP.len() {
        let msg = tokio::time::timeout_at(deadline, rx.recv())
            .await
            .expect("every pane's sweep ends in time")
            .expect("refreshers alive");
        match msg {
            Msg::Page { rows: r, last, .. } => {
                let pane = r.pane();
                if let Rows::Workspaces(items) = &r {
                    rows += items.len();
                }
                if last {
                    done.insert(pane);
                }
            }
            Msg::PageFailed { pane, error, .. } => {
                errors.push(format!("{pane:?}: {error}"));
                done.insert(pane);
            }
            _ => {}
        }
    }
    (rows, errors)
}

fn service(emu: &Emulator, budget: RateBudget) -> WorkspacesService {
    let client = demo_client(&emu.endpoint_url(), REGION, &ClientOptions::default());
    WorkspacesService::new(client, REGION.into(), Arc::new(budget))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_load_makes_ceil_n_over_25_calls_of_each_describe_and_nothing_per_workspace() {
    let emu = Emulator::start(SimConfig {
        size: 1000,
        throttle: None,
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let (rows, errors) = first_sweeps(service(&emu, RateBudget::unlimited())).await;
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(rows, 1000);
    let stats = emu.stats();
    assert_eq!(stats.calls_to("DescribeWorkspaces"), 40);
    assert_eq!(stats.calls_to("DescribeWorkspacesConnectionStatus"), 40);
    // Tags and image permissions are fetched on demand only.
    assert_eq!(stats.calls_to("DescribeTags"), 0);
    assert_eq!(stats.calls_to("DescribeWorkspaceImagePermissions"), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn throttling_from_outside_is_absorbed_without_a_pane_error() {
    // The service allows 3 calls/s with bursts of 2, but our budget believes in 50/s: the
    // same as another tool spending most of the account's budget.
    let emu = Emulator::start(SimConfig {
        size: 200,
        throttle: Some(ThrottleConfig {
            rate: 3.0,
            burst: 2,
        }),
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let (rows, errors) = first_sweeps(service(&emu, RateBudget::new(50.0, 20))).await;
    assert!(errors.is_empty(), "no pane saw an error: {errors:?}");
    assert_eq!(rows, 200, "every WorkSpace loaded");
    let stats = emu.stats();
    assert!(
        stats.total_throttled() > 0,
        "the service did throttle: {stats:?}"
    );
    // Pages are asked again, never skipped: still 8 successful pages of WorkSpaces.
    assert_eq!(stats.calls_to("DescribeWorkspaces"), 8);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_throttled_read_is_retried_until_it_gets_through() {
    // The service allows 1 call/s, burst 1; another tool has just spent it. (That the SDK
    // itself never retries a throttle is checked on the classifier, in client.rs.)
    let emu = Emulator::start(SimConfig {
        size: 10,
        throttle: Some(ThrottleConfig {
            rate: 1.0,
            burst: 1,
        }),
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let other = service(&emu, RateBudget::unlimited());
    let id = other.describe_workspaces_page(None).await.unwrap().items[0]
        .id
        .clone();
    let ours = service(&emu, RateBudget::new(50.0, 20));
    emu.reset_stats();
    let tags = ours.describe_tags(&id).await;
    assert!(tags.is_ok(), "the read got through: {tags:?}");
    let stats = emu.stats();
    assert_eq!(stats.calls_to("DescribeTags"), 1, "made once, not doubled");
    assert!(
        stats.total_throttled() >= 1,
        "it was throttled first: {stats:?}"
    );
}

/// The tag filter's background DescribeTags (one resource per call) waits in the budget's
/// spare line: with a sweep's pages queued, every page goes first.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spare_tag_reads_go_after_every_queued_refresh_page() {
    let emu = Emulator::start(SimConfig {
        size: 10,
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let svc = std::sync::Arc::new(service(&emu, RateBudget::new(20.0, 1)));
    let id = svc.describe_workspaces_page(None).await.unwrap().items[0]
        .id
        .clone();
    let order = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let spare = {
        let (svc, order, id) = (svc.clone(), order.clone(), id.clone());
        tokio::spawn(async move {
            let tags = svc.describe_tags_spare(&id).await;
            order.lock().unwrap().push("tags".to_string());
            tags
        })
    };
    tokio::task::yield_now().await;
    let mut pages = vec![];
    for n in 0..4 {
        let (svc, order) = (svc.clone(), order.clone());
        pages.push(tokio::spawn(async move {
            svc.describe_workspaces_page(None).await.unwrap();
            order.lock().unwrap().push(format!("page{n}"));
        }));
    }
    for p in pages {
        p.await.unwrap();
    }
    let tags = spare.await.unwrap();
    assert!(tags.is_ok(), "{tags:?}");
    assert_eq!(emu.stats().calls_to("DescribeTags"), 1);
    let order = order.lock().unwrap();
    assert_eq!(order.last().map(String::as_str), Some("tags"), "{order:?}");
}

/// The panes of the WorkSpaces and connection pages of one sweep of each, in the order they
/// arrived.
async fn pages_until_both_swept(
    rx: &mut tokio::sync::mpsc::UnboundedReceiver<Msg>,
) -> Vec<PaneKind> {
    let mut order = vec![];
    let mut done: HashSet<PaneKind> = HashSet::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(120);
    while done.len() < 2 {
        let msg = tokio::time::timeout_at(deadline, rx.recv())
            .await
            .expect("both sweeps end in time")
            .expect("refreshers alive");
        if let Msg::Page { rows, last, .. } = msg {
            let pane = rows.pane();
            if matches!(pane, PaneKind::Workspaces | PaneKind::Connections) {
                order.push(pane);
                if last {
                    done.insert(pane);
                }
            }
        }
    }
    order
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workspaces_first_brings_every_row_before_connection_status_then_interleaves() {
    // 200 WorkSpaces: 8 pages of each. The budget gives a token every 250 ms with a
    // bucket of 2, so the connection sweep (needing a token left over) could only slip in
    // if a page took over 500 ms to read from the emulator on this machine (a few ms;
    // the pace is slow on purpose so a busy CI machine does not make it so).
    let emu = Emulator::start(SimConfig {
        size: 200,
        throttle: None,
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let budget = Arc::new(RateBudget::new(4.0, 2));
    // Empty, so no sweep starts with a token in hand before the others queue.
    budget.acquire().await;
    budget.acquire().await;
    let client = demo_client(&emu.endpoint_url(), REGION, &ClientOptions::default());
    let svc = WorkspacesService::new(client, REGION.into(), budget);
    let (tx, mut rx) = unbounded_channel();
    let every = Intervals::from_base(Duration::from_secs(3600));
    let r = Refreshers::start_in_order(
        svc,
        tx,
        &every,
        Arc::new(AtomicU64::new(0)),
        SweepOrder::WorkspacesFirst,
    );
    let first = pages_until_both_swept(&mut rx).await;
    let ws = |o: &[PaneKind]| o.iter().filter(|p| **p == PaneKind::Workspaces).count();
    assert_eq!(ws(&first), 8);
    assert!(
        first[..8].iter().all(|p| *p == PaneKind::Workspaces),
        "{first:?}"
    );
    // The first WorkSpaces sweep is done: from now on the two take turns.
    r.refresh_now();
    let second = pages_until_both_swept(&mut rx).await;
    let last_ws = second
        .iter()
        .rposition(|p| *p == PaneKind::Workspaces)
        .unwrap();
    let first_conn = second
        .iter()
        .position(|p| *p == PaneKind::Connections)
        .unwrap();
    assert!(first_conn < last_ws, "{second:?}");
    emu.shutdown().await;
}
