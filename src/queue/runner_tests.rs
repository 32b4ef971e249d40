//! The queue's counts in every state of a job: mid-job cancel, pauses (endpoint unreachable,
//! audit log failing), shutdown; and what the journal and the audit log hold afterwards.

use super::*;
use crate::domain::{Action, ErrorKind, ResourceResult, ServiceError};
use crate::queue::audit::Breaker;
use crate::queue::journal;
use crate::queue::{Counts, JobState, PausePolicy, Target};
use futures::future::BoxFuture;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::Mutex;
use tokio::sync::Semaphore;

type Reply = Result<Vec<ResourceResult>, ServiceError>;

/// Succeeds every ID unless scripted otherwise. `gate`: each call waits for a permit (after
/// it is announced on `arrivals`). `down`: every call answers NotSent, as a refused
/// connection does.
#[derive(Default)]
struct Fake {
    script: Mutex<VecDeque<Reply>>,
    gate: Option<Arc<Semaphore>>,
    down: AtomicBool,
    /// Every call's IDs, NotSent ones included.
    calls: Mutex<Vec<Vec<String>>>,
    /// IDs of calls that reached the "service".
    reached: Mutex<Vec<String>>,
    arrivals: Mutex<Option<UnboundedSender<usize>>>,
}

impl Fake {
    fn gated(gate: &Arc<Semaphore>) -> Self {
        Self {
            gate: Some(gate.clone()),
            ..Self::default()
        }
    }

    fn calls(&self) -> usize {
        self.calls.lock().unwrap().len()
    }

    fn arrivals(&self) -> UnboundedReceiver<usize> {
        let (tx, rx) = unbounded_channel();
        *self.arrivals.lock().unwrap() = Some(tx);
        rx
    }
}

impl ActionApi for Fake {
    fn execute<'a>(
        &'a self,
        _: &'a crate::domain::Action,
        ids: &'a [String],
    ) -> BoxFuture<'a, Reply> {
        Box::pin(async move {
            let n = {
                let mut calls = self.calls.lock().unwrap();
                calls.push(ids.to_vec());
                calls.len()
            };
            if let Some(tx) = &*self.arrivals.lock().unwrap() {
                let _ = tx.send(n);
            }
            if let Some(gate) = &self.gate {
                gate.acquire().await.unwrap().forget();
            }
            if self.down.load(Ordering::SeqCst) {
                return Err(ServiceError::new(
                    ErrorKind::NotSent,
                    "EndpointUnreachable",
                    "Connection refused (os error 111)",
                ));
            }
            self.reached.lock().unwrap().extend(ids.iter().cloned());
            if let Some(reply) = self.script.lock().unwrap().pop_front() {
                return reply;
            }
            Ok(ids
                .iter()
                .map(|id| ResourceResult {
                    id: id.clone(),
                    outcome: Outcome::succeeded(),
                })
                .collect())
        })
    }
}

struct Harness {
    handle: QueueHandle,
    events: UnboundedReceiver<QueueEvent>,
    views: HashMap<JobId, JobView>,
    dir: PathBuf,
    breaker: Breaker,
}

fn harness(name: &str, apis: Vec<(&str, Arc<Fake>)>) -> Harness {
    let dir = std::env::temp_dir().join(format!("wsfleet-runner-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let apis: HashMap<String, Arc<dyn ActionApi>> = apis
        .into_iter()
        .map(|(r, f)| (r.to_string(), f as Arc<dyn ActionApi>))
        .collect();
    let audit = AuditLog::new(dir.join("audit.log"));
    let breaker = audit.breaker();
    let (tx, events) = unbounded_channel();
    let config = QueueConfig {
        pause: PausePolicy {
            probe_base: Duration::from_secs(1),
            probe_max: Duration::from_secs(4),
            ..PausePolicy::default()
        },
        journal_dir: Some(dir.clone()),
        ..QueueConfig::default()
    };
    let handle = spawn_configured(
        move |_: Option<&str>, r: &str| apis.get(r).cloned(),
        audit,
        Some("ops".into()),
        tx,
        config,
    );
    Harness {
        handle,
        events,
        views: HashMap::new(),
        dir,
        breaker,
    }
}

impl Harness {
    async fn next(&mut self) -> QueueEvent {
        let ev = tokio::time::timeout(Duration::from_secs(36_000), self.events.recv())
            .await
            .expect("an event within ten hours")
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

    /// Events up to and including the first that `stop` accepts.
    async fn until(&mut self, stop: impl Fn(&QueueEvent) -> bool) -> Vec<QueueEvent> {
        let mut seen = vec![];
        loop {
            let ev = self.next().await;
            let done = stop(&ev);
            seen.push(ev);
            if done {
                return seen;
            }
        }
    }

    async fn until_finished(&mut self, job: JobId) -> Vec<QueueEvent> {
        self.until(|e| matches!(e, QueueEvent::JobFinished { job: j, .. } if *j == job))
            .await
    }

    /// Take every event already sent.
    fn drain(&mut self) {
        while let Ok(ev) = self.events.try_recv() {
            if let QueueEvent::JobQueued(v) = &ev {
                self.views.insert(v.id, v.clone());
            } else {
                for v in self.views.values_mut() {
                    v.apply(&ev);
                }
            }
        }
    }

    fn audit_lines(&self) -> Vec<serde_json::Value> {
        std::fs::read_to_string(self.dir.join("audit.log"))
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    fn journal(&self) -> Vec<journal::UnfinishedJob> {
        journal::load(&self.dir, "ops").unwrap()
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn ids(prefix: &str, n: usize) -> Vec<String> {
    (0..n).map(|i| format!("ws-{prefix}{i:07}")).collect()
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

fn finished(events: &[QueueEvent]) -> (JobState, Counts) {
    match events.last() {
        Some(QueueEvent::JobFinished { state, counts, .. }) => (state.clone(), *counts),
        other => panic!("{other:?}"),
    }
}

/// Every resource of the view exactly once, each with an outcome.
fn assert_one_outcome_each(v: &JobView) {
    let mut seen = HashSet::new();
    for r in &v.resources {
        assert!(seen.insert(&r.id), "{} twice", r.id);
        assert!(r.outcome.is_some(), "{} has no outcome", r.id);
    }
}

#[tokio::test(start_paused = true)]
async fn cancel_mid_job_counts_what_was_sent_and_what_was_not() {
    let gate = Arc::new(Semaphore::new(26));
    let fake = Arc::new(Fake::gated(&gate));
    let mut arrivals = fake.arrivals();
    let mut h = harness("cancel", vec![("r", fake.clone())]);
    let all = ids("a", 1821);
    let job = h.handle.submit(spec(Action::Reboot, "r", &all));
    // 26 batches answered (650), the 27th held in flight.
    while arrivals.recv().await != Some(27) {}
    h.drain();
    let mid = h.views[&job].counts();
    assert_eq!(
        (
            mid.sent,
            mid.succeeded,
            mid.cancelled,
            mid.pending,
            mid.total()
        ),
        (650, 650, 0, 1171, 1821)
    );
    let s = h.handle.summary();
    assert_eq!((s.running_jobs, s.queued_jobs), (1, 0));
    assert_eq!((s.unsent, s.in_flight), (1146, 25));

    h.handle.cancel(job);
    gate.add_permits(1);
    let events = h.until_finished(job).await;
    let (state, counts) = finished(&events);
    assert_eq!(state, JobState::Cancelled);
    assert_eq!(
        (
            counts.sent,
            counts.succeeded,
            counts.cancelled,
            counts.pending
        ),
        (675, 675, 1146, 0)
    );
    assert_eq!(counts.total(), 1821);
    assert_eq!(counts.describe(), "675 sent: 675 succeeded; 1146 cancelled");
    let view = &h.views[&job];
    assert_one_outcome_each(view);
    assert_eq!(view.counts(), counts, "the view agrees with the queue");
    assert_eq!(fake.calls(), 27);
    assert!(h.handle.summary().is_idle());
    // The audit log: 27 calls recorded before they went out, 1821 outcomes, and the counts.
    let lines = h.audit_lines();
    let count = |event: &str| lines.iter().filter(|l| l["event"] == event).count();
    assert_eq!(
        (
            count("submitted"),
            count("sending"),
            count("outcome"),
            count("finished")
        ),
        (1, 27, 1821, 1)
    );
    let last = lines.last().unwrap();
    assert_eq!(last["state"], "cancelled");
    assert_eq!(last["counts"]["cancelled"], 1146);
    assert_eq!(last["counts"]["sent"], 675);
    // Finished normally (by the user's cancel): not in the journal.
    assert!(h.journal().is_empty());
}

#[tokio::test(start_paused = true)]
async fn an_unreachable_endpoint_pauses_the_job_which_resumes_by_itself() {
    let fake = Arc::new(Fake::default());
    fake.down.store(true, Ordering::SeqCst);
    let mut h = harness("down", vec![("r", fake.clone())]);
    let all = ids("d", 60);
    let job = h.handle.submit(spec(Action::Reboot, "r", &all));
    let events = h.until(|e| matches!(e, QueueEvent::JobPaused { .. })).await;
    // Three NotSent in a row, then paused; nothing counted as sent.
    assert_eq!(fake.calls(), 3);
    let QueueEvent::JobPaused { reason, .. } = events.last().unwrap() else {
        panic!()
    };
    assert!(
        reason.starts_with("endpoint unreachable, retrying in 1 s: Connection refused"),
        "{reason}"
    );
    let v = &h.views[&job];
    assert_eq!(v.state.label(), "paused");
    let c = v.counts();
    assert_eq!((c.sent, c.pending, c.done()), (0, 60, 0));
    let s = h.handle.summary();
    assert_eq!((s.paused_jobs, s.unsent, s.in_flight), (1, 60, 0));
    // The journal says nothing was sent, nothing is in flight.
    let j = h.journal();
    assert_eq!((j[0].not_sent.len(), j[0].in_flight.len()), (60, 0));
    assert_eq!(j[0].state, "paused");

    // A few more probes, then the endpoint is back.
    h.until(|e| matches!(e, QueueEvent::JobPaused { .. })).await;
    fake.down.store(false, Ordering::SeqCst);
    let events = h.until_finished(job).await;
    assert!(events
        .iter()
        .any(|e| matches!(e, QueueEvent::JobResumed { job: j } if *j == job)));
    let (state, counts) = finished(&events);
    assert_eq!(state, JobState::Done);
    assert_eq!((counts.sent, counts.succeeded, counts.unknown), (60, 60, 0));
    // Each ID reached the service exactly once.
    let reached = fake.reached.lock().unwrap().clone();
    assert_eq!(reached.len(), 60);
    assert_eq!(reached.iter().collect::<HashSet<_>>().len(), 60);
    assert_one_outcome_each(&h.views[&job]);
    assert!(h.journal().is_empty());
}

#[tokio::test(start_paused = true)]
async fn cancel_works_while_paused() {
    let fake = Arc::new(Fake::default());
    fake.down.store(true, Ordering::SeqCst);
    let mut h = harness("pausecancel", vec![("r", fake.clone())]);
    let job = h.handle.submit(spec(Action::Rebuild, "r", &ids("p", 3)));
    h.until(|e| matches!(e, QueueEvent::JobPaused { .. })).await;
    h.handle.cancel(job);
    let events = h.until_finished(job).await;
    let (state, counts) = finished(&events);
    assert_eq!(state, JobState::Cancelled);
    assert_eq!((counts.sent, counts.cancelled, counts.pending), (0, 3, 0));
    assert_eq!(
        h.views[&job].calls as usize,
        fake.calls(),
        "every try is counted"
    );
    assert!(fake.reached.lock().unwrap().is_empty());
}

#[tokio::test(start_paused = true)]
async fn an_audit_log_failing_mid_job_pauses_it_and_loses_no_line() {
    let gate = Arc::new(Semaphore::new(0));
    let fake = Arc::new(Fake::gated(&gate));
    let mut arrivals = fake.arrivals();
    let mut h = harness("auditpause", vec![("r", fake.clone())]);
    let job = h.handle.submit(spec(Action::Reboot, "r", &ids("x", 75)));
    // The first batch is in flight when the disk fills up: its outcomes cannot be written.
    arrivals.recv().await;
    h.breaker.set(Some(std::io::ErrorKind::StorageFull));
    gate.add_permits(100);
    let events = h.until(|e| matches!(e, QueueEvent::JobPaused { .. })).await;
    let QueueEvent::JobPaused { reason, .. } = events.last().unwrap() else {
        panic!()
    };
    assert!(
        reason.starts_with("audit log unwritable, retrying in 1 s: audit log "),
        "{reason}"
    );
    assert!(events
        .iter()
        .any(|e| matches!(e, QueueEvent::AuditFailed(_))));
    // The outcome is kept and shown; the next batch is not sent unrecorded.
    let c = h.views[&job].counts();
    assert_eq!((c.sent, c.succeeded, c.pending), (25, 25, 50));
    assert_eq!(fake.calls(), 1);
    h.until(|e| matches!(e, QueueEvent::JobPaused { .. })).await;
    assert_eq!(fake.calls(), 1, "still paused");
    assert_eq!(h.handle.summary().paused_jobs, 1);

    h.breaker.set(None);
    let events = h.until_finished(job).await;
    assert!(events
        .iter()
        .any(|e| matches!(e, QueueEvent::JobResumed { .. })));
    let (state, counts) = finished(&events);
    assert_eq!((state, counts.succeeded), (JobState::Done, 75));
    // Every line is there, and the first batch's outcomes precede the second batch's call.
    let lines = h.audit_lines();
    let events: Vec<&str> = lines.iter().map(|l| l["event"].as_str().unwrap()).collect();
    let count = |e: &str| events.iter().filter(|x| **x == e).count();
    assert_eq!(
        (
            count("submitted"),
            count("sending"),
            count("outcome"),
            count("finished")
        ),
        (1, 3, 75, 1)
    );
    let second_send = events
        .iter()
        .enumerate()
        .filter(|(_, e)| **e == "sending")
        .nth(1)
        .unwrap()
        .0;
    assert_eq!(
        events[..second_send]
            .iter()
            .filter(|e| **e == "outcome")
            .count(),
        25
    );
}

#[tokio::test(start_paused = true)]
async fn shutdown_records_every_target_once_and_journals_the_unsent() {
    // Region a: job 1 running with its second batch held in flight, job 2 queued behind it.
    // Region b: job 3 paused, its endpoint unreachable.
    let gate = Arc::new(Semaphore::new(1));
    let a = Arc::new(Fake::gated(&gate));
    let mut arrivals = a.arrivals();
    let b = Arc::new(Fake::default());
    b.down.store(true, Ordering::SeqCst);
    let mut h = harness("shutdown", vec![("a", a.clone()), ("b", b.clone())]);
    let one = h.handle.submit(spec(Action::Reboot, "a", &ids("a", 100)));
    let two = h.handle.submit(spec(Action::Stop, "a", &ids("b", 10)));
    let three = h.handle.submit(spec(Action::Reboot, "b", &ids("c", 30)));
    while arrivals.recv().await != Some(2) {}
    h.until(|e| matches!(e, QueueEvent::JobPaused { job, .. } if *job == three))
        .await;
    let s = h.handle.summary();
    assert_eq!(
        (s.running_jobs, s.queued_jobs, s.paused_jobs),
        (2, 1, 1),
        "{s:?}"
    );
    assert_eq!((s.unsent, s.in_flight), (50 + 10 + 30, 25));

    let t0 = tokio::time::Instant::now();
    let report = h.handle.shutdown(Duration::from_secs(5)).await;
    assert_eq!(t0.elapsed(), Duration::from_secs(5), "the grace, no longer");
    h.drain();
    assert_eq!(report.jobs, 3);
    assert_eq!(report.audit_unwritten, 0);
    assert_eq!(report.audit_error, None);
    let c = report.counts;
    assert_eq!(
        (c.sent, c.succeeded, c.unknown, c.cancelled, c.pending),
        (50, 25, 25, 50 + 10 + 30, 0)
    );

    for (job, total) in [(one, 100), (two, 10), (three, 30)] {
        let v = &h.views[&job];
        assert_one_outcome_each(v);
        assert_eq!(v.total(), total);
        assert_eq!(v.state, JobState::Interrupted);
    }
    let v1 = h.views[&one].counts();
    assert_eq!((v1.succeeded, v1.unknown, v1.cancelled), (25, 25, 50));
    let held = &h.views[&one].resources[30];
    assert!(
        matches!(&held.outcome, Some(Outcome::Unknown { code, .. }) if code == "Interrupted"),
        "{held:?}"
    );
    assert_eq!(
        h.views[&one].resources[99].outcome,
        Some(Outcome::cancelled("interrupted, not sent"))
    );
    // Job 2 never started; job 3 never reached its endpoint.
    assert_eq!(h.views[&two].started_at, None);
    assert_eq!(h.views[&three].counts().sent, 0);

    // The journal holds exactly the unsent, and the unknown apart.
    let journal = h.journal();
    assert_eq!(journal.len(), 3);
    let by_job = |n: JobId| journal.iter().find(|j| j.job == n.0).unwrap();
    let j1 = by_job(one);
    assert!(j1.interrupted());
    let unsent: Vec<String> = j1.not_sent.iter().map(|t| t.id.clone()).collect();
    assert_eq!(unsent, ids("a", 100)[50..]);
    let unknown: Vec<String> = j1.unknown.iter().map(|t| t.id.clone()).collect();
    assert_eq!(unknown, ids("a", 100)[25..50]);
    assert_eq!(by_job(two).not_sent.len(), 10);
    assert_eq!(by_job(three).not_sent.len(), 30);
    assert!(by_job(three).unknown.is_empty());

    // The audit log has every outcome and three `finished` lines, all "interrupted".
    let lines = h.audit_lines();
    assert_eq!(
        lines.iter().filter(|l| l["event"] == "outcome").count(),
        140
    );
    let ends: Vec<&serde_json::Value> = lines.iter().filter(|l| l["event"] == "finished").collect();
    assert_eq!(ends.len(), 3);
    assert!(ends.iter().all(|l| l["state"] == "interrupted"));
    assert!(h.handle.summary().is_idle());

    // The queue has stopped: a second stop has nothing to report.
    assert_eq!(
        h.handle.shutdown(Duration::ZERO).await,
        StopReport::default()
    );
}

#[tokio::test(start_paused = true)]
async fn cancel_unsent_and_wait_waits_for_the_answer_in_flight() {
    let gate = Arc::new(Semaphore::new(0));
    let fake = Arc::new(Fake::gated(&gate));
    let mut arrivals = fake.arrivals();
    let mut h = harness("cancelwait", vec![("r", fake.clone())]);
    let job = h.handle.submit(spec(Action::Reboot, "r", &ids("w", 60)));
    arrivals.recv().await;
    let handle = h.handle.clone();
    let mut stop = tokio::spawn(async move { handle.cancel_unsent_and_wait().await });
    // An hour of (paused) time later it is still waiting for the call in flight.
    assert!(tokio::time::timeout(Duration::from_secs(3600), &mut stop)
        .await
        .is_err());
    gate.add_permits(1);
    let report = stop.await.unwrap();
    assert_eq!(report.jobs, 1);
    let c = report.counts;
    assert_eq!(
        (c.sent, c.succeeded, c.cancelled, c.unknown),
        (25, 25, 35, 0)
    );
    h.drain();
    assert_eq!(h.views[&job].state, JobState::Cancelled);
    assert_eq!(
        h.views[&job].resources[59].outcome,
        Some(Outcome::cancelled("cancelled by user, not sent"))
    );
    assert!(h.journal().is_empty(), "the user chose not to send them");
}

#[tokio::test(start_paused = true)]
async fn a_resumed_job_sends_exactly_the_unsent_and_replaces_its_entry() {
    let gate = Arc::new(Semaphore::new(1));
    let fake = Arc::new(Fake::gated(&gate));
    let mut arrivals = fake.arrivals();
    let h = harness("resume", vec![("r", fake.clone())]);
    let all = ids("r", 80);
    h.handle.submit(spec(Action::Reboot, "r", &all));
    while arrivals.recv().await != Some(2) {}
    h.handle.shutdown(Duration::ZERO).await;
    let entry = h.journal().remove(0);
    assert_eq!((entry.not_sent.len(), entry.unknown.len()), (30, 25));

    // The next run finds it in its data directory, re-reads the WorkSpaces, and resumes.
    let gate2 = Arc::new(Semaphore::new(0));
    let fresh = Arc::new(Fake::gated(&gate2));
    let mut arrivals2 = fresh.arrivals();
    let mut h2 = harness("resume2", vec![("r", fresh.clone())]);
    journal::put(&h2.dir, "ops", &entry, None).unwrap();
    let loaded = h2.journal().remove(0);
    let rows: Vec<crate::domain::Workspace> = all
        .iter()
        .map(|id| crate::domain::Workspace {
            id: id.clone(),
            state: crate::domain::WorkspaceState::Available,
            ..Default::default()
        })
        .collect();
    let resumed = journal::resume_spec(&loaded, &rows);
    assert_eq!(resumed.targets.len(), 30);
    assert!(resumed.skipped.is_empty());
    let job = h2.handle.resume(loaded.key.clone(), resumed);
    arrivals2.recv().await;
    // The new job took the old one's place in the same write: it cannot be resumed twice.
    let now = h2.journal();
    assert_eq!(now.len(), 1);
    assert_ne!(now[0].key, entry.key);
    gate2.add_permits(10);
    h2.until_finished(job).await;
    let sent: Vec<String> = fresh.reached.lock().unwrap().clone();
    assert_eq!(sent, all[50..], "exactly the unsent, in order, once each");
    assert!(h2.journal().is_empty());
}

#[tokio::test(start_paused = true)]
async fn shutdown_while_the_audit_log_is_down_says_what_it_could_not_write() {
    let gate = Arc::new(Semaphore::new(0));
    let fake = Arc::new(Fake::gated(&gate));
    let mut arrivals = fake.arrivals();
    let mut h = harness("auditdown", vec![("r", fake.clone())]);
    let job = h.handle.submit(spec(Action::Reboot, "r", &ids("q", 30)));
    // The disk fills up while the first batch is in flight.
    arrivals.recv().await;
    h.breaker.set(Some(std::io::ErrorKind::StorageFull));
    gate.add_permits(10);
    h.until(|e| matches!(e, QueueEvent::JobPaused { .. })).await;
    let report = h.handle.shutdown(Duration::from_secs(1)).await;
    h.drain();
    // Every target has its outcome on screen, nothing was sent unrecorded...
    let v = &h.views[&job];
    assert_one_outcome_each(v);
    let c = v.counts();
    assert_eq!(v.state, JobState::Interrupted);
    assert_eq!((c.succeeded, c.cancelled), (25, 5));
    assert_eq!(fake.calls(), 1);
    // ...and the report says the log is missing 30 outcomes and the `finished` line.
    assert_eq!(report.audit_unwritten, 31);
    assert!(report.audit_error.unwrap().contains("audit.log"));
    assert_eq!(h.journal()[0].not_sent.len(), 5);
}

/// The journal's path taken by a directory: every read and write of it fails.
fn block_journal(h: &Harness) -> PathBuf {
    let file = journal::path(&h.dir, "ops");
    let _ = std::fs::remove_file(&file);
    std::fs::create_dir_all(&file).unwrap();
    file
}

#[tokio::test(start_paused = true)]
async fn a_job_whose_journal_cannot_be_written_is_refused_and_nothing_is_sent() {
    let fake = Arc::new(Fake::default());
    let mut h = harness("journalrefused", vec![("r", fake.clone())]);
    std::fs::create_dir_all(&h.dir).unwrap();
    block_journal(&h);
    let job = h.handle.submit(spec(Action::Reboot, "r", &ids("j", 30)));
    let events = h.until_finished(job).await;
    assert!(
        events.iter().any(
            |e| matches!(e, QueueEvent::JournalFailed(m) if m.contains("unfinished-ops.json"))
        ),
        "the journal is named: {events:?}"
    );
    let v = &h.views[&job];
    assert!(matches!(&v.state, JobState::Refused { reason } if reason.contains("journal")));
    assert_one_outcome_each(v);
    assert_eq!(fake.calls(), 0, "nothing sent without the journal");
    let finished = h
        .audit_lines()
        .into_iter()
        .find(|l| l["event"] == "finished")
        .unwrap();
    assert_eq!(finished["state"], "refused");
}

#[tokio::test(start_paused = true)]
async fn a_journal_that_fails_mid_job_pauses_it_until_it_can_be_written() {
    let gate = Arc::new(Semaphore::new(0));
    let fake = Arc::new(Fake::gated(&gate));
    let mut arrivals = fake.arrivals();
    let mut h = harness("journalpause", vec![("r", fake.clone())]);
    let job = h.handle.submit(spec(Action::Reboot, "r", &ids("p", 60)));
    // The first batch is in flight when the journal's place is taken.
    arrivals.recv().await;
    let blocked = block_journal(&h);
    gate.add_permits(100);
    let events = h.until(|e| matches!(e, QueueEvent::JobPaused { .. })).await;
    let QueueEvent::JobPaused { reason, .. } = events.last().unwrap() else {
        panic!()
    };
    assert!(
        reason.starts_with("journal unwritable, retrying in"),
        "{reason}"
    );
    assert_eq!(fake.calls(), 1, "the next call waits for the journal");
    // Writable again: the job goes on by itself and ends with every target accounted for.
    std::fs::remove_dir(&blocked).unwrap();
    h.until_finished(job).await;
    let v = &h.views[&job];
    assert_one_outcome_each(v);
    assert_eq!(v.state, JobState::Done);
    assert_eq!(fake.calls(), 3);
    assert!(h.journal().is_empty());
}

#[tokio::test(start_paused = true)]
async fn a_resume_with_nothing_left_to_send_records_its_skips_and_leaves_the_journal() {
    let fake = Arc::new(Fake::default());
    let mut h = harness("resumenothing", vec![("r", fake.clone())]);
    let mut entry = h_entry(&ids("n", 3));
    entry.state = "interrupted".into();
    journal::put(&h.dir, "ops", &entry, None).unwrap();
    // Re-read: every target gone since.
    let resumed = journal::resume_spec::<crate::domain::Workspace>(&entry, []);
    assert!(resumed.targets.is_empty());
    let job = h.handle.resume(entry.key.clone(), resumed);
    h.until_finished(job).await;
    assert_eq!(fake.calls(), 0);
    assert_one_outcome_each(&h.views[&job]);
    assert!(h.journal().is_empty(), "not offered again at every start");
}

/// A journal entry for a reboot of `ids`, none sent.
fn h_entry(ids: &[String]) -> journal::UnfinishedJob {
    journal::UnfinishedJob {
        key: "old-key".into(),
        job: 1,
        action: Action::Reboot,
        name: String::new(),
        operation: String::new(),
        profile: Some("ops".into()),
        region: "r".into(),
        queued_at: 1,
        updated_at: 1,
        state: "running".into(),
        not_sent: ids.iter().map(|id| Target::new(id.clone(), "")).collect(),
        in_flight: vec![],
        unknown: vec![],
        campaign: None,
        counts: Counts::default(),
        calls: 0,
    }
}

/// A resumed create's outcomes settled by its lookups (`submit_settled`): recorded once when
/// the job is accepted, never sent; an unknown one is kept apart in the journal while the job
/// runs, and the old entry leaves in the same write.
#[tokio::test(start_paused = true)]
async fn settled_outcomes_are_recorded_once_never_sent_and_unknown_ones_stay_journaled() {
    let gate = Arc::new(Semaphore::new(0));
    let fake = Arc::new(Fake::gated(&gate));
    let mut arrivals = fake.arrivals();
    let mut h = harness("settled", vec![("r", fake.clone())]);
    let mut old = h_entry(&ids("s", 5));
    old.state = "interrupted".into();
    journal::put(&h.dir, "ops", &old, None).unwrap();
    let send = ids("s", 5)[2..].to_vec();
    let plan = crate::queue::Plan {
        to_send: send.iter().map(|id| Target::new(id.clone(), "")).collect(),
        skipped: vec![],
    };
    let settled = vec![
        (
            Target::new("s0", "ann"),
            Outcome::Succeeded {
                result: Some("ws-0000000001".into()),
            },
        ),
        (
            Target::new("s1", "bob"),
            Outcome::Unknown {
                code: "NotFoundAfterLostAnswer".into(),
                message: "not resent".into(),
            },
        ),
    ];
    let mut spec = JobSpec::new(Action::Reboot, "r", plan);
    spec.profile = Some("ops".into());
    let job = h
        .handle
        .submit_settled(spec, Some(old.key.clone()), settled);
    arrivals.recv().await.unwrap();
    let running = h.journal();
    assert_eq!(running.len(), 1, "the old entry left");
    assert_ne!(running[0].key, old.key);
    let unknown: Vec<&str> = running[0].unknown.iter().map(|u| u.id.as_str()).collect();
    // (`load` reads the batch in flight as unknown too.)
    assert!(
        unknown.contains(&"s1"),
        "never offered for sending: {unknown:?}"
    );
    assert!(!unknown.contains(&"s0") && running[0].not_sent.is_empty());
    gate.add_permits(1);
    h.until_finished(job).await;
    let v = &h.views[&job];
    assert_one_outcome_each(v);
    assert_eq!(v.total(), 5);
    let c = v.counts();
    assert_eq!((c.succeeded, c.unknown, c.sent), (4, 1, 3));
    assert_eq!(*fake.calls.lock().unwrap(), vec![send]);
    let lines = h.audit_lines();
    let outcomes: Vec<&serde_json::Value> =
        lines.iter().filter(|l| l["event"] == "outcome").collect();
    assert_eq!(outcomes.len(), 5);
    let s0 = outcomes.iter().find(|l| l["resource"] == "s0").unwrap();
    assert_eq!(s0["result"], "ws-0000000001");
    let mut sending = lines.iter().filter(|l| l["event"] == "sending");
    assert!(sending.all(|l| !l.to_string().contains("\"s0\"")));
    assert!(h.journal().is_empty());
}
