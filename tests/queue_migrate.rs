//! Issue 27, Migrate outside campaigns: a MigrateWorkspace job through the queue, the real
//! SDK and the embedded emulator over HTTP. The call is recorded `sending` before it goes,
//! its outcome's result is the new WorkSpace ID (TargetWorkspaceId), the audit log holds
//! that ID, and the new WorkSpace is there on the target bundle.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::*;
use tokio::sync::mpsc::unbounded_channel;
use wsfleet::domain::{Action, Outcome, AMAZON_BUNDLE_OWNER};
use wsfleet::queue::{spawn_with, ActionApi, AuditLog, JobSpec, QueueEvent, RetryPolicy, Target};
use wsfleet::service::{demo_client, ClientOptions, RateBudget, WorkspacesService};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_migrate_job_records_the_new_workspace_id_in_the_audit_log() {
    let emu = start(30).await;
    let client = demo_client(&emu.endpoint_url(), REGION, &ClientOptions::default());
    let svc = WorkspacesService::new(client, REGION.into(), Arc::new(RateBudget::unlimited()));
    let c = common::client(&emu);
    // An AVAILABLE WorkSpace and an own bundle it is not on, whose image is AVAILABLE.
    let bundles = svc.describe_bundles_page(None, None).await.unwrap().items;
    let mut pair = None;
    'find: for w in all_workspaces(&c)
        .await
        .iter()
        .filter(|w| is_state(w, "AVAILABLE"))
    {
        for b in bundles.iter().filter(|b| b.owner != AMAZON_BUNDLE_OWNER) {
            let img = describe_image(&c, &b.image_id).await;
            let ok = img.is_some_and(|i| i.state().is_some_and(|s| s.as_str() == "AVAILABLE"));
            if Some(b.id.as_str()) != w.bundle_id() && ok {
                pair = Some((ws_id(w), b.id.clone()));
                break 'find;
            }
        }
    }
    let (ws, bundle) = pair.expect("a WorkSpace and another bundle");

    let audit = std::env::temp_dir().join(format!("wsfleet-migrate-{}.log", std::process::id()));
    let _ = std::fs::remove_file(&audit);
    let (tx, mut rx) = unbounded_channel();
    let api: Arc<dyn ActionApi> = Arc::new(svc);
    let queue = spawn_with(
        move |_: Option<&str>, r: &str| (r == REGION).then(|| api.clone()),
        AuditLog::new(&audit),
        None,
        tx,
        RetryPolicy::default(),
    );
    let job = queue.submit(JobSpec {
        profile: None,
        action: Action::Migrate {
            bundle_id: bundle.clone(),
        },
        region: REGION.into(),
        targets: vec![Target::new(ws.clone(), "")],
        skipped: vec![],
        campaign: None,
    });
    let mut outcomes = vec![];
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let ev = tokio::time::timeout(left, rx.recv())
            .await
            .unwrap()
            .unwrap();
        match ev {
            QueueEvent::Progress {
                job: j, results, ..
            } if j == job => outcomes.extend(results),
            QueueEvent::JobFinished { job: j, .. } if j == job => break,
            QueueEvent::AuditFailed(e) => panic!("audit failed: {e}"),
            _ => {}
        }
    }
    assert_eq!(outcomes.len(), 1, "one outcome: {outcomes:?}");
    let new_id = match &outcomes[0].outcome {
        Outcome::Succeeded { result: Some(id) } => id.clone(),
        o => panic!("expected the new WorkSpace ID, got {o:?}"),
    };
    assert_ne!(new_id, ws);

    let log = std::fs::read_to_string(&audit).unwrap();
    let lines: Vec<serde_json::Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let at = |event: &str| {
        lines
            .iter()
            .position(|v| v["event"] == event && v["operation"] == "MigrateWorkspace")
    };
    let sending = at("sending").expect("a sending line");
    let outcome = at("outcome").expect("an outcome line");
    assert!(sending < outcome, "recorded before it was sent");
    assert_eq!(lines[sending]["ids"][0], ws.as_str());
    assert_eq!(lines[outcome]["resource"], ws.as_str());
    assert_eq!(lines[outcome]["result"], new_id.as_str(), "{log}");

    let new_ws = describe_ws(&c, &new_id).await.expect("the new WorkSpace");
    assert_eq!(new_ws.bundle_id(), Some(bundle.as_str()));
    let _ = std::fs::remove_file(&audit);
}
