//! Creating WorkSpaces through the command queue, the real service layer and the emulator:
//! 25 users per CreateWorkspaces call, one outcome per user (FailedRequests with the
//! service's code, the others succeeded with the new WorkSpace's ID, which the audit log
//! records), and a call whose answer was lost is unknown and never sent again.

mod common;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::queue_service as service;
use futures::future::BoxFuture;
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver};
use wsfleet::domain::{
    Action, CreateRequests, ErrorKind, NewWorkspace, Outcome, ResourceResult, ServiceError,
};
use wsfleet::queue::{
    spawn_with, ActionApi, AuditLog, JobId, JobSpec, QueueEvent, RetryPolicy, Target,
};
use wsfleet::service::WorkspacesService;
use wsfleet::sim::{unassigned_user, Emulator, SimConfig};

const REGION: &str = "us-east-1";

async fn emulator() -> Emulator {
    Emulator::start(SimConfig {
        size: 30,
        throttle: None,
        transition: Duration::from_millis(300),
        ..SimConfig::default()
    })
    .await
    .unwrap()
}

fn request(dir: &str, user: &str, bundle: &str) -> NewWorkspace {
    NewWorkspace {
        directory_id: dir.into(),
        user_name: user.into(),
        bundle_id: bundle.into(),
        running_mode: "AUTO_STOP".into(),
        auto_stop_minutes: Some(60),
        tags: vec![("Team".into(), "onboarding".into())],
        ..NewWorkspace::default()
    }
}

fn spec(requests: Vec<NewWorkspace>) -> JobSpec {
    let targets = requests
        .iter()
        .map(|r| Target::new(r.target_id(), r.user_name.clone()))
        .collect();
    JobSpec {
        action: Action::CreateWorkspaces(Box::new(CreateRequests { requests })),
        profile: None,
        region: REGION.into(),
        targets,
        skipped: vec![],
        campaign: None,
    }
}

/// Every outcome of `job`, by target.
async fn outcomes(
    rx: &mut UnboundedReceiver<QueueEvent>,
    job: JobId,
) -> HashMap<String, Vec<Outcome>> {
    let mut out: HashMap<String, Vec<Outcome>> = HashMap::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, rx.recv())
            .await
            .expect("job ends")
            .unwrap()
        {
            QueueEvent::Progress {
                job: j, results, ..
            } if j == job => {
                for r in results {
                    out.entry(r.id).or_default().push(r.outcome);
                }
            }
            QueueEvent::JobFinished { job: j, .. } if j == job => return out,
            _ => {}
        }
    }
}

fn audit_path(name: &str) -> std::path::PathBuf {
    let p = std::env::temp_dir().join(format!("wsfleet-{name}-{}.log", std::process::id()));
    let _ = std::fs::remove_file(&p);
    p
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_seven_users_take_three_calls_and_each_has_one_outcome() {
    let emu = emulator().await;
    let svc = service(&emu);
    let fleet = svc.describe_workspaces_page(None).await.unwrap().items;
    let existing = &fleet[0];
    let (dir, bundle) = (existing.directory_id.clone(), existing.bundle_id.clone());
    let mut requests: Vec<NewWorkspace> = (1..=55)
        .map(|n| request(&dir, &unassigned_user(n), &bundle))
        .collect();
    requests.push(request(&dir, &existing.user_name, &bundle));
    requests.push(request(&dir, "nobody.here", &bundle));
    emu.reset_stats();

    let audit = audit_path("create57");
    let (tx, mut rx) = unbounded_channel();
    let api: Arc<dyn ActionApi> = Arc::new(svc.clone());
    let queue = spawn_with(
        move |_: Option<&str>, r: &str| (r == REGION).then(|| api.clone()),
        AuditLog::new(&audit),
        None,
        tx,
        RetryPolicy::default(),
    );
    let job = queue.submit(spec(requests.clone()));
    let out = outcomes(&mut rx, job).await;
    assert_eq!(emu.stats().calls_to("CreateWorkspaces"), 3);
    assert_eq!(out.len(), 57);
    assert!(out.values().all(|o| o.len() == 1), "one outcome each");
    let code = |user: &str| match &out[&format!("{dir}/{user}")][0] {
        Outcome::Failed { code, .. } => code.clone(),
        other => panic!("{user}: {other:?}"),
    };
    assert_eq!(
        code(&existing.user_name.to_lowercase()),
        "ResourceExists.Workspace"
    );
    assert_eq!(code("nobody.here"), "ResourceNotFound.User");
    let log = std::fs::read_to_string(&audit).unwrap();
    for n in 1..=55 {
        let o = &out[&format!("{dir}/{}", unassigned_user(n))][0];
        let id = o.result().expect("a new WorkSpace ID");
        assert!(id.starts_with("ws-"));
        assert!(log.contains(id), "the audit log names {id}");
    }
    // The new WorkSpaces exist and become AVAILABLE.
    let last = out[&format!("{dir}/{}", unassigned_user(55))][0]
        .result()
        .unwrap()
        .to_string();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let w = svc
            .describe_workspaces_by_id(std::slice::from_ref(&last))
            .await
            .unwrap();
        if w.first().is_some_and(|w| w.state.as_str() == "AVAILABLE") {
            break;
        }
        assert!(Instant::now() < deadline, "{last} never AVAILABLE");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The first call reaches the service, but its answer is lost (a timeout).
struct LoseFirstAnswer {
    inner: WorkspacesService,
    calls: AtomicU32,
}

impl ActionApi for LoseFirstAnswer {
    fn execute<'a>(
        &'a self,
        action: &'a Action,
        ids: &'a [String],
    ) -> BoxFuture<'a, Result<Vec<ResourceResult>, ServiceError>> {
        Box::pin(async move {
            let r = self.inner.execute(action, ids).await;
            if self.calls.fetch_add(1, Ordering::SeqCst) == 0 {
                return Err(ServiceError::new(
                    ErrorKind::Retryable,
                    "RequestTimeout",
                    "no answer",
                ));
            }
            r
        })
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_answer_is_unknown_never_resent_and_found_by_user_afterwards() {
    let emu = emulator().await;
    let svc = service(&emu);
    let fleet = svc.describe_workspaces_page(None).await.unwrap().items;
    let (dir, bundle) = (fleet[0].directory_id.clone(), fleet[0].bundle_id.clone());
    let requests: Vec<NewWorkspace> = (1..=30)
        .map(|n| request(&dir, &unassigned_user(n), &bundle))
        .collect();
    emu.reset_stats();
    let (tx, mut rx) = unbounded_channel();
    let api: Arc<dyn ActionApi> = Arc::new(LoseFirstAnswer {
        inner: svc.clone(),
        calls: AtomicU32::new(0),
    });
    let queue = spawn_with(
        move |_: Option<&str>, r: &str| (r == REGION).then(|| api.clone()),
        AuditLog::new(audit_path("createlost")),
        None,
        tx,
        RetryPolicy::default(),
    );
    let job = queue.submit(spec(requests));
    let out = outcomes(&mut rx, job).await;
    // Two calls (25 + 5): the lost one is not sent again.
    assert_eq!(emu.stats().calls_to("CreateWorkspaces"), 2);
    let unknown = out
        .values()
        .filter(|o| matches!(o[..], [Outcome::Unknown { .. }]))
        .count();
    assert_eq!(unknown, 25);
    // What a resume does first: each unknown user is looked up by directory and user name.
    // The 25 the lost call created are found with their IDs; a user the call never reached
    // (here new.user140, never sent) stays unknown and is not sent by the check.
    let mut unknown: Vec<Target> = out
        .iter()
        .filter(|(_, o)| matches!(o[..], [Outcome::Unknown { .. }]))
        .map(|(id, _)| Target::new(id.clone(), id.clone()))
        .collect();
    unknown.push(Target::new(
        format!("{dir}/{}", unassigned_user(140)),
        unassigned_user(140),
    ));
    let before = emu.stats().calls_to("CreateWorkspaces");
    let checked = svc.check_unknown_creates(&unknown).await.unwrap();
    assert_eq!(checked.found.len(), 25);
    assert!(checked.found.iter().all(|(_, id)| id.starts_with("ws-")));
    assert_eq!(checked.not_found.len(), 1);
    assert_eq!(
        emu.stats().calls_to("CreateWorkspaces"),
        before,
        "nothing created twice"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn read_only_sends_no_create() {
    let emu = emulator().await;
    let svc = service(&emu);
    let fleet = svc.describe_workspaces_page(None).await.unwrap().items;
    let (dir, bundle) = (fleet[0].directory_id.clone(), fleet[0].bundle_id.clone());
    emu.reset_stats();
    let (tx, mut rx) = unbounded_channel();
    let api: Arc<dyn ActionApi> = Arc::new(svc.with_read_only(true));
    let queue = spawn_with(
        move |_: Option<&str>, r: &str| (r == REGION).then(|| api.clone()),
        AuditLog::new(audit_path("createro")),
        None,
        tx,
        RetryPolicy::default(),
    );
    let job = queue.submit(spec(vec![request(&dir, &unassigned_user(1), &bundle)]));
    let out = outcomes(&mut rx, job).await;
    assert!(
        matches!(&out.values().next().unwrap()[..], [Outcome::Failed { code, .. }] if code == "ReadOnly")
    );
    assert_eq!(emu.stats().calls_to("CreateWorkspaces"), 0);
}
