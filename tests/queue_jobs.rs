//! The queue end to end against a fake `ActionApi`: events, outcomes, cancellation, regions
//! and the audit file. (Against the emulator over HTTP is `tests/queue_emulator.rs`, once the
//! service layer implements `ActionApi`.)

use std::collections::{HashMap, HashSet, VecDeque};
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::future::BoxFuture;
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver};
use tokio::sync::Semaphore;
use wsfleet::domain::{Action, Outcome, ResourceResult};
use wsfleet::domain::{ErrorKind, ServiceError};
use wsfleet::queue::{
    spawn, ActionApi, AuditLog, JobId, JobSpec, JobState, JobView, QueueEvent, QueueHandle, Target,
};

type Reply = Result<Vec<ResourceResult>, ServiceError>;

/// Succeeds every ID unless scripted otherwise; `gate`, when set, holds each call until a
/// permit is added, so a test can act while a batch is in flight.
#[derive(Default)]
struct Fake {
    script: Mutex<VecDeque<Reply>>,
    /// IDs the service refuses in FailedRequests.
    refuse: HashSet<String>,
    gate: Option<Arc<Semaphore>>,
    sent: Mutex<Vec<Vec<String>>>,
}

impl Fake {
    fn calls(&self) -> usize {
        self.sent.lock().unwrap().len()
    }
}

impl ActionApi for Fake {
    fn execute<'a>(&'a self, _: &'a Action, ids: &'a [String]) -> BoxFuture<'a, Reply> {
        Box::pin(async move {
            if let Some(gate) = &self.gate {
                gate.acquire().await.unwrap().forget();
            }
            self.sent.lock().unwrap().push(ids.to_vec());
            if let Some(reply) = self.script.lock().unwrap().pop_front() {
                return reply;
            }
            Ok(ids
                .iter()
                .map(|id| ResourceResult {
                    id: id.clone(),
                    outcome: if self.refuse.contains(id) {
                        Outcome::Failed {
                            code: "InvalidResourceState.Workspace".into(),
                            message: format!("{id} is STOPPED"),
                        }
                    } else {
                        Outcome::succeeded()
                    },
                })
                .collect())
        })
    }
}

struct Queue {
    handle: QueueHandle,
    events: UnboundedReceiver<QueueEvent>,
    views: HashMap<JobId, JobView>,
}

fn temp_log(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("wsfleet-q-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir.join("audit.log")
}

fn start(apis: Vec<(&str, Arc<Fake>)>, log: PathBuf) -> Queue {
    let apis: HashMap<String, Arc<dyn ActionApi>> = apis
        .into_iter()
        .map(|(r, f)| (r.to_string(), f as Arc<dyn ActionApi>))
        .collect();
    let (tx, events) = unbounded_channel();
    let handle = spawn(
        move |_: Option<&str>, r: &str| apis.get(r).cloned(),
        AuditLog::new(log),
        Some("ops".into()),
        tx,
    );
    Queue {
        handle,
        events,
        views: HashMap::new(),
    }
}

impl Queue {
    /// Next event, applied to the views the way the app would.
    async fn next(&mut self) -> QueueEvent {
        let ev = tokio::time::timeout(Duration::from_secs(3600), self.events.recv())
            .await
            .expect("no event for an hour")
            .expect("queue gone");
        match &ev {
            QueueEvent::JobQueued(v) => {
                self.views.insert(v.id, v.clone());
            }
            other => {
                for v in self.views.values_mut() {
                    v.apply(other);
                }
            }
        }
        ev
    }

    /// Every event up to and including the job's JobFinished.
    async fn until_finished(&mut self, job: JobId) -> Vec<QueueEvent> {
        let mut seen = Vec::new();
        loop {
            let ev = self.next().await;
            let done = matches!(&ev, QueueEvent::JobFinished { job: j, .. } if *j == job);
            seen.push(ev);
            if done {
                return seen;
            }
        }
    }
}

fn ids(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("ws-{i:08}")).collect()
}

fn spec(action: Action, region: &str, ids: &[String]) -> JobSpec {
    JobSpec {
        profile: None,
        action,
        region: region.into(),
        targets: ids.iter().map(|id| Target::new(id, "user")).collect(),
        skipped: vec![],
        campaign: None,
    }
}

fn progress_batches(events: &[QueueEvent]) -> Vec<usize> {
    events
        .iter()
        .filter_map(|e| match e {
            QueueEvent::Progress { results, .. } => Some(results.len()),
            _ => None,
        })
        .collect()
}

fn assert_one_outcome_each(view: &JobView) {
    let mut seen = HashSet::new();
    for r in &view.resources {
        assert!(seen.insert(r.id.clone()), "{} twice", r.id);
        assert!(r.outcome.is_some(), "{} has no outcome", r.id);
    }
}

#[tokio::test(start_paused = true)]
async fn a_thousand_reboots_go_out_in_forty_calls_with_every_outcome_logged() {
    let all = ids(1010);
    let fake = Arc::new(Fake {
        refuse: HashSet::from([all[3].clone(), all[700].clone()]),
        ..Fake::default()
    });
    let log = temp_log("thousand");
    let mut q = start(vec![("us-east-1", fake.clone())], log.clone());
    let mut s = spec(Action::Reboot, "us-east-1", &all[..1000]);
    s.skipped = all[1000..]
        .iter()
        .map(|id| {
            (
                Target::new(id, "u"),
                "STOPPED: reboot needs AVAILABLE or UNHEALTHY".into(),
            )
        })
        .collect();
    let job = q.handle.submit(s);
    let events = q.until_finished(job).await;

    assert_eq!(fake.calls(), 40);
    assert!(fake.sent.lock().unwrap().iter().all(|b| b.len() == 25));
    assert_eq!(progress_batches(&events), vec![25; 40]);
    let QueueEvent::JobFinished { state, counts, .. } = events.last().unwrap() else {
        panic!()
    };
    assert_eq!(*state, JobState::Done);
    assert_eq!(
        (counts.succeeded, counts.failed, counts.skipped),
        (998, 2, 10)
    );
    let touched: usize = events
        .iter()
        .map(|e| match e {
            QueueEvent::Touched { ids, .. } => ids.len(),
            _ => 0,
        })
        .sum();
    assert_eq!(touched, 1000);

    let view = &q.views[&job];
    assert_one_outcome_each(view);
    assert_eq!(
        (view.total(), view.done(), view.failures(), view.calls),
        (1010, 1010, 2, 40)
    );
    let refused = view.resources.iter().find(|r| r.id == all[700]).unwrap();
    assert_eq!(
        refused.outcome,
        Some(Outcome::Failed {
            code: "InvalidResourceState.Workspace".into(),
            message: format!("{} is STOPPED", all[700]),
        })
    );

    let mode = std::fs::metadata(&log).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&log)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // submitted + one `sending` per call (recorded before it went out) + one per resource +
    // finished.
    assert_eq!(lines.len(), 1 + 40 + 1010 + 1);
    assert_eq!(lines.iter().filter(|l| l["event"] == "sending").count(), 40);
    let outcomes: HashSet<&str> = lines
        .iter()
        .filter(|l| l["event"] == "outcome")
        .map(|l| l["resource"].as_str().unwrap())
        .collect();
    assert_eq!(outcomes.len(), 1010);
    assert_eq!(lines[0]["event"], "submitted");
    assert_eq!(lines[0]["profile"], "ops");
    assert_eq!(lines.last().unwrap()["counts"]["failed"], 2);
    std::fs::remove_dir_all(log.parent().unwrap()).unwrap();
}

#[tokio::test(start_paused = true)]
async fn fifty_rebuilds_are_fifty_calls() {
    let fake = Arc::new(Fake::default());
    let log = temp_log("rebuild");
    let mut q = start(vec![("eu-west-1", fake.clone())], log.clone());
    let job = q
        .handle
        .submit(spec(Action::Rebuild, "eu-west-1", &ids(50)));
    let events = q.until_finished(job).await;
    assert_eq!(fake.calls(), 50);
    assert_eq!(progress_batches(&events), vec![1; 50]);
    std::fs::remove_dir_all(log.parent().unwrap()).unwrap();
}

#[tokio::test(start_paused = true)]
async fn throttling_is_retried_and_a_500_is_not() {
    let throttled = ServiceError::new(ErrorKind::Throttled, "ThrottlingException", "slow down");
    let fake = Arc::new(Fake {
        script: Mutex::new(VecDeque::from([
            Err(throttled.clone()),
            Err(throttled),
            Ok(vec![ResourceResult {
                id: "ws-00000000".into(),
                outcome: Outcome::succeeded(),
            }]),
            Err(ServiceError::new(
                ErrorKind::Retryable,
                "InternalFailure",
                "oops",
            )),
        ])),
        ..Fake::default()
    });
    let log = temp_log("retry");
    let mut q = start(vec![("r", fake.clone())], log.clone());
    let job = q.handle.submit(spec(Action::Stop, "r", &ids(1)));
    q.until_finished(job).await;
    assert_eq!(fake.calls(), 3);
    assert_eq!(
        q.views[&job].resources[0].outcome,
        Some(Outcome::succeeded())
    );
    assert_eq!(q.views[&job].calls, 3);

    let job = q.handle.submit(spec(Action::Stop, "r", &ids(2)));
    q.until_finished(job).await;
    assert_eq!(fake.calls(), 4);
    for r in &q.views[&job].resources {
        assert_eq!(
            r.outcome,
            Some(Outcome::Unknown {
                code: "InternalFailure".into(),
                message: "may or may not have been applied: oops".into()
            })
        );
    }
    let c = q.views[&job].counts();
    assert_eq!((c.sent, c.unknown, c.failed, c.pending), (2, 2, 0, 0));
    std::fs::remove_dir_all(log.parent().unwrap()).unwrap();
}

#[tokio::test(start_paused = true)]
async fn cancel_mid_job_lets_the_batch_in_flight_finish_and_sends_no_more() {
    let gate = Arc::new(Semaphore::new(1));
    let fake = Arc::new(Fake {
        gate: Some(gate.clone()),
        ..Fake::default()
    });
    let log = temp_log("cancel");
    let mut q = start(vec![("r", fake.clone())], log.clone());
    let job = q.handle.submit(spec(Action::Reboot, "r", &ids(100)));
    // First batch answered; the second is now held in flight.
    while !matches!(q.next().await, QueueEvent::Progress { .. }) {}
    q.handle.cancel(job);
    tokio::time::sleep(Duration::from_millis(10)).await;
    gate.add_permits(10);
    let events = q.until_finished(job).await;

    assert_eq!(fake.calls(), 2);
    assert_eq!(progress_batches(&events), [25, 50]);
    let QueueEvent::JobFinished { state, counts, .. } = events.last().unwrap() else {
        panic!()
    };
    assert_eq!(*state, JobState::Cancelled);
    assert_eq!((counts.succeeded, counts.cancelled), (50, 50));
    assert_eq!((counts.sent, counts.pending), (50, 0));
    let view = &q.views[&job];
    assert_one_outcome_each(view);
    assert_eq!(view.state, JobState::Cancelled);
    assert_eq!(view.counts(), *counts);
    let cancelled = view
        .resources
        .iter()
        .find(|r| r.id == "ws-00000099")
        .unwrap();
    assert_eq!(
        cancelled.outcome,
        Some(Outcome::cancelled("cancelled by user, not sent"))
    );
    std::fs::remove_dir_all(log.parent().unwrap()).unwrap();
}

#[tokio::test(start_paused = true)]
async fn a_queued_job_cancels_at_once_and_regions_do_not_wait_for_each_other() {
    let gate = Arc::new(Semaphore::new(0));
    let stuck = Arc::new(Fake {
        gate: Some(gate.clone()),
        ..Fake::default()
    });
    let free = Arc::new(Fake::default());
    let log = temp_log("regions");
    let mut q = start(vec![("a", stuck.clone()), ("b", free.clone())], log.clone());
    let first = q.handle.submit(spec(Action::Reboot, "a", &ids(3)));
    let second = q.handle.submit(spec(Action::Reboot, "a", &ids(3)));
    let other = q.handle.submit(spec(Action::Reboot, "b", &ids(3)));
    q.until_finished(other).await;
    assert_eq!(free.calls(), 1);

    q.handle.cancel(second);
    let events = q.until_finished(second).await;
    assert!(!events
        .iter()
        .any(|e| matches!(e, QueueEvent::JobStarted { job, .. } if *job == second)));
    assert_eq!(q.views[&second].state, JobState::Cancelled);
    assert_one_outcome_each(&q.views[&second]);

    gate.add_permits(1);
    q.until_finished(first).await;
    assert_eq!(stuck.calls(), 1);
    assert_eq!(q.views[&first].state, JobState::Done);
    std::fs::remove_dir_all(log.parent().unwrap()).unwrap();
}

#[tokio::test(start_paused = true)]
async fn duplicates_and_unknown_regions_are_reported() {
    let fake = Arc::new(Fake::default());
    let log = temp_log("dups");
    let mut q = start(vec![("r", fake.clone())], log.clone());

    let mut s = spec(
        Action::Start,
        "r",
        &["ws-1".into(), "ws-1".into(), "ws-2".into()],
    );
    s.skipped = vec![(
        Target::new("ws-2", "u"),
        "AVAILABLE: start needs STOPPED".into(),
    )];
    let job = q.handle.submit(s);
    q.until_finished(job).await;
    let view = &q.views[&job];
    assert_one_outcome_each(view);
    assert_eq!(view.total(), 2);
    assert_eq!(
        fake.sent.lock().unwrap().clone(),
        [vec!["ws-1".to_string()]]
    );

    let job = q.handle.submit(spec(Action::Start, "nowhere", &ids(2)));
    q.until_finished(job).await;
    for r in &q.views[&job].resources {
        assert!(matches!(&r.outcome, Some(Outcome::Failed { code, .. }) if code == "NoClient"));
    }
    assert_eq!(q.views[&job].counts().sent, 0);
    std::fs::remove_dir_all(log.parent().unwrap()).unwrap();
}

// The behaviour change of issue 12: a log that cannot record the job means nothing is sent
// (before, the action went ahead and only the failure was reported).
#[tokio::test(start_paused = true)]
async fn a_broken_audit_log_sends_nothing_and_every_target_says_why() {
    let fake = Arc::new(Fake::default());
    let dir = temp_log("broken");
    std::fs::create_dir_all(dir.parent().unwrap()).unwrap();
    // A regular file where the log's directory should be.
    std::fs::write(&dir, "").unwrap();
    let log = dir.join("audit.log");
    let mut q = start(vec![("r", fake.clone())], log.clone());

    let mut s = spec(Action::Start, "r", &["ws-1".into(), "ws-3".into()]);
    s.skipped = vec![(
        Target::new("ws-2", "u"),
        "AVAILABLE: start needs STOPPED".into(),
    )];
    let job = q.handle.submit(s);
    let events = q.until_finished(job).await;
    assert_eq!(fake.calls(), 0, "nothing sent");
    assert!(events
        .iter()
        .any(|e| matches!(e, QueueEvent::AuditFailed(m) if m.contains("audit.log"))));
    assert!(!events
        .iter()
        .any(|e| matches!(e, QueueEvent::JobStarted { .. })));
    let QueueEvent::JobFinished { state, counts, .. } = events.last().unwrap() else {
        panic!()
    };
    let JobState::Refused { reason } = state else {
        panic!("{state:?}")
    };
    assert!(reason.contains(&log.display().to_string()), "{reason}");
    assert_eq!(
        (counts.sent, counts.failed, counts.skipped, counts.pending),
        (0, 2, 1, 0)
    );
    let view = &q.views[&job];
    assert_one_outcome_each(view);
    for r in view.resources.iter().filter(|r| r.id != "ws-2") {
        let Some(Outcome::Failed { code, message }) = &r.outcome else {
            panic!("{r:?}")
        };
        assert_eq!(code, "AuditLogUnavailable");
        assert!(message.starts_with("not sent: "), "{message}");
        assert!(message.contains(&log.display().to_string()), "{message}");
        assert!(
            message.contains("(os error"),
            "the OS's own error: {message}"
        );
    }
    std::fs::remove_dir_all(dir.parent().unwrap()).unwrap();
}
