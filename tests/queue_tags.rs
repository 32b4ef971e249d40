//! Tags in bulk through the command queue, the real service layer and the embedded emulator
//! (real HTTP, the real SDK, throttling on): every target gets exactly one outcome, the calls
//! the emulator saw are the ones the audit log recorded first, and a succeeded resource has
//! exactly the tags asked for.

mod common;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::queue_service as service;
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver};
use wsfleet::domain::{Action, Outcome, TargetKind, Workspace, WorkspaceState};
use wsfleet::queue::{
    spawn_with, ActionApi, AuditLog, JobId, JobSpec, QueueEvent, RetryPolicy, Target,
};
use wsfleet::service::WorkspacesService;
use wsfleet::sim::{Emulator, SimConfig, ThrottleConfig};

const REGION: &str = "us-east-1";

async fn fleet(svc: &WorkspacesService) -> Vec<Workspace> {
    let mut all = vec![];
    let mut token = None;
    loop {
        let page = svc.describe_workspaces_page(token).await.expect("describe");
        all.extend(page.items);
        token = page.next_token;
        if token.is_none() {
            return all;
        }
    }
}

/// Every outcome of `job`, by resource, until it finishes.
async fn finish(
    rx: &mut UnboundedReceiver<QueueEvent>,
    job: JobId,
) -> HashMap<String, Vec<Outcome>> {
    let mut out: HashMap<String, Vec<Outcome>> = HashMap::new();
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let ev = tokio::time::timeout(left, rx.recv())
            .await
            .expect("the job finishes in time")
            .unwrap();
        match ev {
            QueueEvent::Progress {
                job: j, results, ..
            } if j == job => {
                for r in results {
                    out.entry(r.id).or_default().push(r.outcome);
                }
            }
            QueueEvent::JobFinished { job: j, .. } if j == job => return out,
            QueueEvent::AuditFailed(e) => panic!("audit failed: {e}"),
            _ => {}
        }
    }
}

/// The audit log's `sending` lines: (operation, ids).
fn sending_lines(path: &std::path::Path, job: JobId) -> Vec<(String, Vec<String>)> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["event"] == "sending" && v["job"] == job.0)
        .map(|v| {
            let ids = v["ids"].as_array().unwrap().iter();
            (
                v["operation"].as_str().unwrap().to_string(),
                ids.map(|i| i.as_str().unwrap().to_string()).collect(),
            )
        })
        .collect()
}

async fn run(error_rate: f64, name: &str) {
    let emu = Emulator::start(SimConfig {
        size: 60,
        throttle: Some(ThrottleConfig {
            rate: 40.0,
            burst: 5,
        }),
        transition: Duration::from_millis(300),
        error_rate,
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let svc = service(&emu);
    let ws: Vec<Workspace> = (fleet(&svc).await.into_iter())
        .filter(|w| w.state != WorkspaceState::Terminated)
        .take(30)
        .collect();
    let audit = std::env::temp_dir().join(format!("wsfleet-{name}-{}.log", std::process::id()));
    let _ = std::fs::remove_file(&audit);
    let api: Arc<dyn ActionApi> = Arc::new(svc.clone());
    let (tx, mut rx) = unbounded_channel();
    let queue = spawn_with(
        move |_: Option<&str>, r: &str| (r == REGION).then(|| api.clone()),
        AuditLog::new(&audit),
        None,
        tx,
        RetryPolicy::default(),
    );
    let targets: Vec<Target> = (ws.iter())
        .map(|w| Target::new(&w.id, &w.user_name))
        .collect();
    let submit = |action: Action| {
        queue.submit(JobSpec {
            profile: None,
            action,
            region: REGION.into(),
            targets: targets.clone(),
            skipped: vec![],
            campaign: None,
        })
    };
    // First something to remove on each: an `old` tag (CreateTags only).
    let first = submit(Action::SetTags {
        on: TargetKind::Workspace,
        add: vec![("old".into(), "1".into())],
        remove: vec![],
    });
    finish(&mut rx, first).await;
    emu.reset_stats();
    let job = submit(Action::SetTags {
        on: TargetKind::Workspace,
        add: vec![("env".into(), "prod".into())],
        remove: vec!["old".into()],
    });
    let outcomes = finish(&mut rx, job).await;

    // Exactly one outcome per target.
    assert_eq!(outcomes.len(), ws.len());
    for w in &ws {
        assert_eq!(outcomes[&w.id].len(), 1, "{}: {:?}", w.id, outcomes[&w.id]);
    }
    // One resource per call, each recorded before it was sent: CreateTags once per `sending`
    // line (a throttled call is sent again under a new line), DeleteTags at most as often.
    let lines = sending_lines(&audit, job);
    assert!(lines
        .iter()
        .all(|(op, ids)| op == "CreateTags+DeleteTags" && ids.len() == 1));
    let stats = emu.stats();
    let throttled = |op: &str| stats.throttled.get(op).copied().unwrap_or(0);
    let create = stats.calls_to("CreateTags") + throttled("CreateTags");
    let lines_n = lines.len() as u64;
    // Accepted and throttled calls are counted per operation; injected faults only in all.
    assert!(
        create <= lines_n && lines_n <= create + stats.faulted,
        "{lines_n} sending lines, {stats:?}"
    );
    if error_rate == 0.0 {
        assert_eq!(create, lines_n, "{stats:?}");
    }
    let delete = stats.calls_to("DeleteTags") + throttled("DeleteTags");
    assert!(delete <= lines_n, "{stats:?}");
    let audited: HashSet<&String> = lines.iter().flat_map(|(_, ids)| ids).collect();
    assert_eq!(
        audited.len(),
        ws.len(),
        "every target was recorded before it was sent"
    );

    // A succeeded resource has exactly the edit applied (read through the service: paced by
    // the budget and retried as reads are).
    let mut succeeded = 0;
    for w in &ws {
        if outcomes[&w.id][0] != Outcome::succeeded() {
            continue;
        }
        succeeded += 1;
        let tags = svc.describe_tags(&w.id).await.expect("DescribeTags");
        let keys: Vec<(&str, &str)> = (tags.iter())
            .map(|t| (t.key.as_str(), t.value.as_str()))
            .collect();
        assert!(keys.contains(&("env", "prod")), "{}: {keys:?}", w.id);
        assert!(!keys.iter().any(|(k, _)| *k == "old"), "{}: {keys:?}", w.id);
    }
    if error_rate == 0.0 {
        assert_eq!(succeeded, ws.len(), "{outcomes:?}");
    }
    let _ = std::fs::remove_file(&audit);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tags_in_bulk_give_one_outcome_each_and_match_the_audit_log() {
    run(0.0, "tags-clean").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_5_percent_errors_every_target_still_gets_one_outcome() {
    run(0.05, "tags-errors").await;
}
