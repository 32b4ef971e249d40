//! The command queue over the real service layer and the embedded emulator (real HTTP, the
//! real SDK, throttling on).

mod common;

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::queue_service as service;
use futures::future::BoxFuture;
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver};
use wsfleet::domain::ServiceError;
use wsfleet::domain::{Action, Outcome, ResourceResult, Workspace, WorkspaceState};
use wsfleet::queue::{
    journal, spawn_configured, spawn_with, ActionApi, AuditLog, JobId, JobSpec, JobState,
    PausePolicy, QueueConfig, QueueEvent, QueueHandle, RetryPolicy, Target,
};
use wsfleet::service::WorkspacesService;
use wsfleet::sim::{Emulator, SimConfig, ThrottleConfig};

const REGION: &str = "us-east-1";

/// Throttling on (scaled up from AWS's 2/s so the test is short), short transitions.
fn throttled(size: usize, error_rate: f64) -> SimConfig {
    SimConfig {
        size,
        throttle: Some(ThrottleConfig {
            rate: 40.0,
            burst: 5,
        }),
        transition: Duration::from_millis(300),
        error_rate,
        ..SimConfig::default()
    }
}

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

/// Records every ID sent and every success, to prove nothing is sent again after success.
struct Recording {
    inner: WorkspacesService,
    sends: Mutex<Vec<String>>,
    succeeded: Mutex<HashSet<String>>,
    resent_after_success: Mutex<Vec<String>>,
}

impl ActionApi for Recording {
    fn execute<'a>(
        &'a self,
        action: &'a Action,
        ids: &'a [String],
    ) -> BoxFuture<'a, Result<Vec<ResourceResult>, ServiceError>> {
        Box::pin(async move {
            {
                let ok = self.succeeded.lock().unwrap();
                for id in ids {
                    if ok.contains(id) {
                        self.resent_after_success.lock().unwrap().push(id.clone());
                    }
                }
                self.sends.lock().unwrap().extend(ids.iter().cloned());
            }
            let r = self.inner.execute(action, ids).await;
            if let Ok(results) = &r {
                let mut ok = self.succeeded.lock().unwrap();
                for res in results {
                    if res.outcome == Outcome::succeeded() {
                        ok.insert(res.id.clone());
                    }
                }
            }
            r
        })
    }
}

/// Wait for every job to finish; returns each job's outcomes by resource.
async fn finish(
    rx: &mut UnboundedReceiver<QueueEvent>,
    jobs: &[JobId],
) -> HashMap<JobId, HashMap<String, Vec<Outcome>>> {
    let mut outcomes: HashMap<JobId, HashMap<String, Vec<Outcome>>> = HashMap::new();
    let mut open: HashSet<JobId> = jobs.iter().copied().collect();
    let deadline = Instant::now() + Duration::from_secs(120);
    while !open.is_empty() {
        let left = deadline.saturating_duration_since(Instant::now());
        let ev = tokio::time::timeout(left, rx.recv())
            .await
            .expect("jobs finish in time")
            .unwrap();
        match ev {
            QueueEvent::JobQueued(view) => {
                for r in &view.resources {
                    if let Some(o) = &r.outcome {
                        outcomes
                            .entry(view.id)
                            .or_default()
                            .entry(r.id.clone())
                            .or_default()
                            .push(o.clone());
                    }
                }
            }
            QueueEvent::Progress { job, results, .. } => {
                for r in results {
                    outcomes
                        .entry(job)
                        .or_default()
                        .entry(r.id)
                        .or_default()
                        .push(r.outcome);
                }
            }
            QueueEvent::JobFinished { job, state, .. } => {
                assert_eq!(state, JobState::Done);
                open.remove(&job);
            }
            QueueEvent::AuditFailed(e) => panic!("audit failed: {e}"),
            _ => {}
        }
    }
    outcomes
}

fn targets(ws: &[&Workspace]) -> Vec<Target> {
    ws.iter()
        .map(|w| Target::new(w.id.clone(), w.user_name.clone()))
        .collect()
}

fn audit_path(name: &str) -> std::path::PathBuf {
    let p = std::env::temp_dir().join(format!("wsfleet-{name}-{}.log", std::process::id()));
    let _ = std::fs::remove_file(&p);
    p
}

/// A queue whose only Region is REGION, served by `api`; its events come on the receiver.
fn start_queue(
    api: Arc<dyn ActionApi>,
    audit: &std::path::Path,
    profile: Option<String>,
    retry: RetryPolicy,
) -> (QueueHandle, UnboundedReceiver<QueueEvent>) {
    let (tx, rx) = unbounded_channel();
    let queue = spawn_with(
        move |_: Option<&str>, r: &str| (r == REGION).then(|| api.clone()),
        AuditLog::new(audit),
        profile,
        tx,
        retry,
    );
    (queue, rx)
}

/// Submit `action` on `targets` in REGION.
fn submit(
    queue: &QueueHandle,
    action: Action,
    targets: Vec<Target>,
    skipped: Vec<(Target, String)>,
) -> JobId {
    queue.submit(JobSpec {
        profile: None,
        action,
        region: REGION.into(),
        targets,
        skipped,
        campaign: None,
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bulk_reboot_of_1000_takes_40_calls_and_all_come_back_available() {
    let emu = Emulator::start(throttled(1400, 0.0)).await.unwrap();
    let svc = service(&emu);
    let all = fleet(&svc).await;
    let available: Vec<&Workspace> = all
        .iter()
        .filter(|w| w.state == WorkspaceState::Available)
        .take(1000)
        .collect();
    assert_eq!(
        available.len(),
        1000,
        "the generated fleet has 1,000 AVAILABLE WorkSpaces"
    );
    emu.reset_stats();

    let api: Arc<dyn ActionApi> = Arc::new(svc.clone());
    let audit = audit_path("reboot1000");
    let (queue, mut rx) = start_queue(api, &audit, None, RetryPolicy::default());
    let job = submit(&queue, Action::Reboot, targets(&available), vec![]);
    let outcomes = finish(&mut rx, &[job]).await;
    let stats = emu.stats();
    assert_eq!(stats.calls_to("RebootWorkspaces"), 40, "{stats:?}");
    assert_eq!(
        stats.total_throttled(),
        0,
        "our budget keeps under the emulator's"
    );
    let per = &outcomes[&job];
    assert_eq!(per.len(), 1000);
    assert!(per.values().all(|o| o == &vec![Outcome::succeeded()]));

    // All 1,000 come back AVAILABLE.
    let ids: HashSet<&str> = available.iter().map(|w| w.id.as_str()).collect();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        tokio::time::sleep(Duration::from_millis(500)).await;
        let now = fleet(&svc).await;
        let back = now
            .iter()
            .filter(|w| ids.contains(w.id.as_str()) && w.state == WorkspaceState::Available)
            .count();
        if back == 1000 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "only {back} of 1000 back to AVAILABLE"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_throttling_and_5_percent_errors_every_resource_gets_exactly_one_outcome() {
    let emu = Emulator::start(throttled(900, 0.05)).await.unwrap();
    // Describing can fail too at 5%: the refresh client retries (standard SDK retry).
    let svc = service(&emu);
    let all = loop {
        let mut out = vec![];
        let mut token = None;
        let mut ok = true;
        loop {
            match svc.describe_workspaces_page(token).await {
                Ok(p) => {
                    out.extend(p.items);
                    token = p.next_token;
                    if token.is_none() {
                        break;
                    }
                }
                Err(_) => {
                    ok = false;
                    break;
                }
            }
        }
        if ok {
            break out;
        }
    };
    let available: Vec<&Workspace> = all
        .iter()
        .filter(|w| w.state == WorkspaceState::Available)
        .collect();
    let reboot: Vec<&Workspace> = available[..500].to_vec();
    let rebuild: Vec<&Workspace> = available[500..550].to_vec();

    let recording = Arc::new(Recording {
        inner: svc.clone(),
        sends: Mutex::new(vec![]),
        succeeded: Mutex::new(HashSet::new()),
        resent_after_success: Mutex::new(vec![]),
    });
    let api: Arc<dyn ActionApi> = recording.clone();
    let audit = audit_path("faults");
    let retry = RetryPolicy {
        max_tries: 8,
        base: Duration::from_millis(20),
        max_delay: Duration::from_millis(200),
    };
    let (queue, mut rx) = start_queue(api, &audit, Some("test".into()), retry);
    let j1 = submit(&queue, Action::Reboot, targets(&reboot), vec![]);
    let j2 = submit(&queue, Action::Rebuild, targets(&rebuild), vec![]);
    let outcomes = finish(&mut rx, &[j1, j2]).await;

    for (job, expected) in [(j1, &reboot), (j2, &rebuild)] {
        let per = &outcomes[&job];
        assert_eq!(per.len(), expected.len(), "none lost");
        for w in expected.iter() {
            let o = &per[&w.id];
            assert_eq!(o.len(), 1, "exactly one outcome for {}: {o:?}", w.id);
        }
    }
    assert!(
        recording.resent_after_success.lock().unwrap().is_empty(),
        "nothing sent again after a success"
    );
    // Every resource was sent at least once; the only repeats are retries of calls the
    // service certainly did not act on (ServiceUnavailable, throttling).
    assert!(recording.sends.lock().unwrap().len() >= 550);
    assert!(emu.stats().faulted > 0, "the 5% error rate was exercised");
    // Some calls did fail (the 5% error rate is real), and every failure is reported: a 500
    // as unknown (the service may have acted), a 503 resent until it gives up.
    let failed = outcomes
        .values()
        .flat_map(|m| m.values())
        .filter(|o| matches!(o[0], Outcome::Failed { .. } | Outcome::Unknown { .. }))
        .count();
    let succeeded = outcomes
        .values()
        .flat_map(|m| m.values())
        .filter(|o| o[0] == Outcome::succeeded())
        .count();
    assert_eq!(failed + succeeded, 550);

    // The audit log holds one line per outcome (plus a line per job start and end).
    let log = std::fs::read_to_string(&audit).unwrap();
    let outcome_lines = log
        .lines()
        .filter(|l| l.contains("\"resource\":\"ws-"))
        .count();
    assert_eq!(outcome_lines, 550, "one audit line per outcome");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_requests_reach_the_right_resources_and_skipped_ones_are_never_sent() {
    let emu = Emulator::start(throttled(200, 0.0)).await.unwrap();
    let svc = service(&emu);
    let all = fleet(&svc).await;
    let available: Vec<&Workspace> = all
        .iter()
        .filter(|w| w.state == WorkspaceState::Available)
        .take(10)
        .collect();
    let stopped: &Workspace = all
        .iter()
        .find(|w| w.state == WorkspaceState::Stopped)
        .unwrap();
    let recording = Arc::new(Recording {
        inner: svc.clone(),
        sends: Mutex::new(vec![]),
        succeeded: Mutex::new(HashSet::new()),
        resent_after_success: Mutex::new(vec![]),
    });
    let api: Arc<dyn ActionApi> = recording.clone();
    let audit = audit_path("failed");
    let (queue, mut rx) = start_queue(api, &audit, None, RetryPolicy::default());
    // The app's precheck would skip the STOPPED one; here we send it anyway (the service
    // refuses it in FailedRequests) and mark a well-formed unknown ID as skipped.
    let mut send = targets(&available);
    send.push(Target::new(stopped.id.clone(), "stopped"));
    let skipped = vec![(
        Target::new("ws-zz99skipped", "skipped"),
        "not AVAILABLE".to_string(),
    )];
    let job = submit(&queue, Action::Reboot, send, skipped);
    let per = finish(&mut rx, &[job]).await.remove(&job).unwrap();
    match &per[&stopped.id][0] {
        Outcome::Failed { code, message } => {
            assert!(code.contains("InvalidResourceState"), "{code}");
            assert!(message.contains("STOPPED"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    for w in &available {
        assert_eq!(per[&w.id], vec![Outcome::succeeded()]);
    }
    assert!(matches!(per["ws-zz99skipped"][0], Outcome::Skipped { .. }));
    assert!(
        !recording
            .sends
            .lock()
            .unwrap()
            .iter()
            .any(|id| id == "ws-zz99skipped"),
        "skipped never sent"
    );
    assert_eq!(emu.stats().calls_to("RebootWorkspaces"), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn read_only_sends_zero_mutating_calls_through_the_queue() {
    let emu = Emulator::start(throttled(50, 0.0)).await.unwrap();
    let svc = service(&emu).with_read_only(true);
    let all = fleet(&svc).await;
    let some: Vec<&Workspace> = all.iter().take(30).collect();
    let api: Arc<dyn ActionApi> = Arc::new(svc);
    let audit = audit_path("readonly");
    let (queue, mut rx) = start_queue(api, &audit, None, RetryPolicy::default());
    let job = submit(&queue, Action::Terminate, targets(&some), vec![]);
    let per = finish(&mut rx, &[job]).await.remove(&job).unwrap();
    assert!(per
        .values()
        .all(|o| matches!(&o[0], Outcome::Failed { code, .. } if code == "ReadOnly")));
    assert_eq!(emu.stats().mutating_calls(), 0);
}

// ---------------------------------------------------------------------------------------------
// Issue 12: every target gets one outcome, whatever happens to the log, the endpoint or us
// ---------------------------------------------------------------------------------------------

/// Passes every call to `inner`, counting them and their IDs. Call number `hold_at` (1-based)
/// announces itself on `arrived` and, if `hold` is set, waits until the test releases it.
struct Watched {
    inner: Arc<dyn ActionApi>,
    hold_at: usize,
    hold: bool,
    arrived: tokio::sync::Notify,
    release: tokio::sync::Semaphore,
    calls: Mutex<Vec<Vec<String>>>,
}

impl Watched {
    fn new(inner: Arc<dyn ActionApi>, hold_at: usize, hold: bool) -> Arc<Self> {
        Arc::new(Self {
            inner,
            hold_at,
            hold,
            arrived: tokio::sync::Notify::new(),
            release: tokio::sync::Semaphore::new(0),
            calls: Mutex::new(vec![]),
        })
    }

    fn calls(&self) -> usize {
        self.calls.lock().unwrap().len()
    }
}

impl ActionApi for Watched {
    fn execute<'a>(
        &'a self,
        action: &'a Action,
        ids: &'a [String],
    ) -> BoxFuture<'a, Result<Vec<ResourceResult>, ServiceError>> {
        Box::pin(async move {
            let n = {
                let mut calls = self.calls.lock().unwrap();
                calls.push(ids.to_vec());
                calls.len()
            };
            if n == self.hold_at {
                self.arrived.notify_one();
                if self.hold {
                    self.release.acquire().await.unwrap().forget();
                }
            }
            self.inner.execute(action, ids).await
        })
    }
}

/// A queue over `api` in REGION with every setting given.
fn start_configured(
    api: Arc<dyn ActionApi>,
    audit: &std::path::Path,
    config: QueueConfig,
) -> (QueueHandle, UnboundedReceiver<QueueEvent>) {
    let (tx, rx) = unbounded_channel();
    let queue = spawn_configured(
        move |_: Option<&str>, r: &str| (r == REGION).then(|| api.clone()),
        AuditLog::new(audit),
        Some("trust".into()),
        tx,
        config,
    );
    (queue, rx)
}

/// Every event until `job` finishes (two minutes at most); outcomes by resource, in order.
struct Seen {
    events: Vec<QueueEvent>,
    outcomes: HashMap<String, Vec<Outcome>>,
}

async fn watch_job(rx: &mut UnboundedReceiver<QueueEvent>, job: JobId) -> Seen {
    watch_until(
        rx,
        |e| matches!(e, QueueEvent::JobFinished { job: j, .. } if *j == job),
    )
    .await
}

async fn watch_until(
    rx: &mut UnboundedReceiver<QueueEvent>,
    stop: impl Fn(&QueueEvent) -> bool,
) -> Seen {
    let mut seen = Seen {
        events: vec![],
        outcomes: HashMap::new(),
    };
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let ev = tokio::time::timeout(left, rx.recv())
            .await
            .expect("the event comes in time")
            .expect("queue gone");
        match &ev {
            QueueEvent::JobQueued(view) => {
                for r in &view.resources {
                    if let Some(o) = &r.outcome {
                        seen.outcomes
                            .entry(r.id.clone())
                            .or_default()
                            .push(o.clone());
                    }
                }
            }
            QueueEvent::Progress { results, .. } => {
                for r in results {
                    seen.outcomes
                        .entry(r.id.clone())
                        .or_default()
                        .push(r.outcome.clone());
                }
            }
            _ => {}
        }
        let done = stop(&ev);
        seen.events.push(ev);
        if done {
            return seen;
        }
    }
}

fn final_state(seen: &Seen) -> (JobState, wsfleet::queue::Counts) {
    match seen.events.last() {
        Some(QueueEvent::JobFinished { state, counts, .. }) => (state.clone(), *counts),
        other => panic!("{other:?}"),
    }
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("wsfleet-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Short waits for the tests: resends after 10–40 ms, probes every 100–400 ms.
fn quick() -> QueueConfig {
    QueueConfig {
        retry: RetryPolicy {
            max_tries: 8,
            base: Duration::from_millis(20),
            max_delay: Duration::from_millis(200),
        },
        pause: PausePolicy {
            probe_base: Duration::from_millis(100),
            probe_max: Duration::from_millis(400),
            audit_base: Duration::from_millis(100),
            audit_max: Duration::from_millis(400),
            ..PausePolicy::default()
        },
        journal_dir: None,
    }
}

async fn available(svc: &WorkspacesService, n: usize) -> Vec<Workspace> {
    let all = fleet(svc).await;
    let some: Vec<Workspace> = all
        .into_iter()
        .filter(|w| w.state == WorkspaceState::Available)
        .take(n)
        .collect();
    assert_eq!(
        some.len(),
        n,
        "the generated fleet has {n} AVAILABLE WorkSpaces"
    );
    some
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unwritable_audit_log_sends_nothing_and_says_why() {
    let emu = Emulator::start(throttled(200, 0.0)).await.unwrap();
    let svc = service(&emu);
    let ws = available(&svc, 30).await;
    emu.reset_stats();
    // A regular file where the log's directory should be.
    let dir = temp_dir("auditfile");
    let afile = dir.join("afile");
    std::fs::write(&afile, "not a directory").unwrap();
    let audit = afile.join("audit.log");
    let (queue, mut rx) = start_configured(Arc::new(svc.clone()), &audit, quick());
    let refs: Vec<&Workspace> = ws.iter().collect();
    let job = submit(&queue, Action::Reboot, targets(&refs), vec![]);
    let seen = watch_job(&mut rx, job).await;

    let stats = emu.stats();
    assert_eq!(stats.mutating_calls(), 0, "{stats:?}");
    assert_eq!(
        stats.total_throttled(),
        0,
        "not even a throttled call: {stats:?}"
    );
    let (state, counts) = final_state(&seen);
    assert!(matches!(&state, JobState::Refused { reason } if reason.contains("afile")));
    assert_eq!((counts.sent, counts.failed, counts.pending), (0, 30, 0));
    assert_eq!(seen.outcomes.len(), 30);
    for (id, o) in &seen.outcomes {
        assert_eq!(o.len(), 1, "{id}: {o:?}");
        let Outcome::Failed { code, message } = &o[0] else {
            panic!("{id}: {o:?}")
        };
        assert_eq!(code, "AuditLogUnavailable");
        assert!(message.starts_with("not sent: audit log "), "{message}");
        assert!(message.contains(&audit.display().to_string()), "{message}");
        assert!(message.contains("(os error "), "{message}");
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_endpoint_going_down_mid_job_pauses_it_and_it_resumes_by_itself() {
    let cfg = throttled(300, 0.0);
    let emu = Emulator::start(cfg.clone()).await.unwrap();
    let port = emu.port();
    let svc = service(&emu);
    let ws = available(&svc, 200).await;
    emu.reset_stats();
    // The third call waits while the emulator is stopped.
    let watched = Watched::new(Arc::new(svc.clone()), 3, true);
    let audit = audit_path("down");
    let (queue, mut rx) = start_configured(watched.clone(), &audit, quick());
    let refs: Vec<&Workspace> = ws.iter().collect();
    let job = submit(&queue, Action::Reboot, targets(&refs), vec![]);

    watched.arrived.notified().await;
    let before = emu.stats().calls_to("RebootWorkspaces");
    assert_eq!(before, 2);
    emu.shutdown().await;
    watched.release.add_permits(1);
    // Paused after three refusals; let one probe be refused too.
    let mut paused = watch_until(&mut rx, |e| matches!(e, QueueEvent::JobPaused { .. })).await;
    let probe = watch_until(&mut rx, |e| matches!(e, QueueEvent::JobPaused { .. })).await;
    paused.events.extend(probe.events);
    paused.outcomes.extend(probe.outcomes);
    let QueueEvent::JobPaused { reason, .. } = paused.events.last().unwrap() else {
        panic!()
    };
    assert!(
        reason.starts_with("endpoint unreachable, retrying in"),
        "{reason}"
    );
    assert!(reason.contains("Connection refused"), "{reason}");
    let s = queue.summary();
    assert_eq!((s.paused_jobs, s.unsent, s.in_flight), (1, 150, 0), "{s:?}");

    // Back on the same port: the job notices by itself.
    let emu = Emulator::start_on(cfg, port).await.unwrap();
    let rest = watch_job(&mut rx, job).await;
    assert!(rest
        .events
        .iter()
        .any(|e| matches!(e, QueueEvent::JobResumed { .. })));
    let (state, counts) = final_state(&rest);
    assert_eq!(state, JobState::Done);
    assert_eq!(
        (counts.sent, counts.succeeded, counts.unknown),
        (200, 200, 0)
    );
    // Each target exactly once, every one succeeded: nothing unknown for a batch that was
    // never sent.
    let mut outcomes = paused.outcomes;
    for (id, o) in rest.outcomes {
        outcomes.entry(id).or_default().extend(o);
    }
    assert_eq!(outcomes.len(), 200);
    assert!(outcomes.values().all(|o| o == &vec![Outcome::succeeded()]));
    // 8 batches reached the two emulators, each once; the rest were refused at connect.
    let after = emu.stats().calls_to("RebootWorkspaces");
    assert_eq!(before + after, 8);
    let tries = watched.calls();
    assert!(
        tries >= 8 + 4,
        "three refused tries and a refused probe: {tries}"
    );
    let pauses = paused
        .events
        .iter()
        .chain(&rest.events)
        .filter(|e| matches!(e, QueueEvent::JobPaused { .. }))
        .count();
    println!(
        "endpoint down: {} calls reached the emulators, {} refused at connect, {pauses} \
         JobPaused, 1 JobResumed",
        before + after,
        tries as u64 - before - after,
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_mid_job_then_resume_sends_exactly_the_unsent() {
    let cfg = SimConfig {
        latency: Duration::from_millis(300),
        ..throttled(300, 0.0)
    };
    let emu = Emulator::start(cfg).await.unwrap();
    let svc = service(&emu);
    let ws = available(&svc, 200).await;
    emu.reset_stats();
    let dir = temp_dir("journal");
    let config = QueueConfig {
        journal_dir: Some(dir.clone()),
        ..quick()
    };
    // Shut down while the third call is on the wire (300 ms of latency, 50 ms of grace).
    let watched = Watched::new(Arc::new(svc.clone()), 3, false);
    let audit = dir.join("audit.log");
    let (queue, mut rx) = start_configured(watched.clone(), &audit, config.clone());
    let refs: Vec<&Workspace> = ws.iter().collect();
    let job = submit(&queue, Action::Reboot, targets(&refs), vec![]);
    watched.arrived.notified().await;
    let report = queue.shutdown(Duration::from_millis(50)).await;
    let seen = watch_job(&mut rx, job).await;

    let (state, counts) = final_state(&seen);
    assert_eq!(state, JobState::Interrupted);
    assert_eq!(
        (
            counts.sent,
            counts.succeeded,
            counts.unknown,
            counts.cancelled,
            counts.pending
        ),
        (75, 50, 25, 125, 0)
    );
    assert_eq!(report.counts, counts);
    assert_eq!(seen.outcomes.len(), 200);
    assert!(seen.outcomes.values().all(|o| o.len() == 1), "one each");
    // The journal: the 125 never sent, the 25 whose call had no answer apart.
    let jobs = journal::load(&dir, "trust").unwrap();
    assert_eq!(jobs.len(), 1);
    let entry = &jobs[0];
    assert!(entry.interrupted());
    let ids: Vec<String> = ws.iter().map(|w| w.id.clone()).collect();
    let not_sent: Vec<String> = entry.not_sent.iter().map(|t| t.id.clone()).collect();
    assert_eq!(not_sent, ids[75..]);
    let unknown: Vec<String> = entry.unknown.iter().map(|t| t.id.clone()).collect();
    assert_eq!(unknown, ids[50..75]);
    // The audit log recorded every outcome and the job's end.
    let log = std::fs::read_to_string(&audit).unwrap();
    assert_eq!(
        log.lines()
            .filter(|l| l.contains("\"event\":\"outcome\""))
            .count(),
        200
    );
    assert!(log
        .lines()
        .last()
        .unwrap()
        .contains("\"state\":\"interrupted\""));
    let first_run = emu.stats().calls_to("RebootWorkspaces");
    println!(
        "shutdown: {} succeeded, {} unknown, {} cancelled; journal {} not sent + {} unknown; \
         {first_run} RebootWorkspaces reached the emulator",
        counts.succeeded,
        counts.unknown,
        counts.cancelled,
        entry.not_sent.len(),
        entry.unknown.len()
    );

    // The next run: re-read the unsent by ID, resume, and send exactly those.
    emu.reset_stats();
    let recording = Arc::new(Recording {
        inner: svc.clone(),
        sends: Mutex::new(vec![]),
        succeeded: Mutex::new(HashSet::new()),
        resent_after_success: Mutex::new(vec![]),
    });
    let (queue, mut rx) = start_configured(recording.clone(), &audit, config);
    let mut rows = vec![];
    for chunk in not_sent.chunks(25) {
        rows.extend(svc.describe_workspaces_by_id(chunk).await.unwrap());
    }
    let spec = journal::resume_spec(entry, &rows);
    assert_eq!((spec.targets.len(), spec.skipped.len()), (125, 0));
    let job = queue.resume(entry.key.clone(), spec);
    let seen = watch_job(&mut rx, job).await;
    let (state, counts) = final_state(&seen);
    assert_eq!((state, counts.succeeded), (JobState::Done, 125));
    let sends = recording.sends.lock().unwrap().clone();
    assert_eq!(sends, not_sent, "exactly the unsent, each once");
    assert_eq!(emu.stats().calls_to("RebootWorkspaces"), 5);
    assert!(journal::load(&dir, "trust").unwrap().is_empty());
    println!(
        "resume: {} sent, 0 of the {} sent or unknown before",
        sends.len(),
        75
    );
    std::fs::remove_dir_all(dir).unwrap();
}
