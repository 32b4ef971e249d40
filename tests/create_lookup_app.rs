//! Issue 27, create WorkSpaces: the lookups that keep a create from being sent for a user who
//! already has a WorkSpace, against the emulator over HTTP. Driven through `update` like the
//! running app; the commands `update` returns are run by the real runtime task, service
//! layer and queue, and their answers fed back as messages.
//!
//! - The form's precheck: a user not in the table (the Region's WorkSpaces not swept in full)
//!   is looked up with DescribeWorkspaces by directory and user before the confirmation
//!   opens, and skipped with the WorkSpace the emulator has for them; a failed lookup opens
//!   nothing.
//! - Resume after a lost CreateWorkspaces answer: every user is looked up first; those the
//!   lost call created are recorded succeeded with their IDs and never sent again, one it
//!   did not stays unknown (sent only if `+` adds it, then typed), the never-sent users go
//!   out after the typed confirmation. Nothing is created twice.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver};
use wsfleet::app::state::Overlay;
use wsfleet::app::{update, Command, Mode, Msg, Rows, State};
use wsfleet::domain::*;
use wsfleet::queue::journal::{UnfinishedJob, UnknownTarget};
use wsfleet::queue::{spawn_with, ActionApi, AuditLog, JobId, QueueEvent, RetryPolicy, Target};
use wsfleet::service::{all_pages, demo_client, ClientOptions, RateBudget, WorkspacesService};
use wsfleet::sim::{unassigned_user, Emulator, Fault, RequestLog, SimConfig};

const REGION: &str = "us-east-1";

fn temp(name: &str) -> std::path::PathBuf {
    let p = std::env::temp_dir().join(format!("wsfleet-{name}-{}", std::process::id()));
    let _ = std::fs::remove_file(&p);
    p
}

/// The emulator, with its request log at `log`, and a service of its us-east-1.
async fn emulator(
    log: &std::path::Path,
    faults: &[(&str, Fault)],
) -> (Emulator, WorkspacesService) {
    let emu = Emulator::start(SimConfig {
        size: 30,
        throttle: None,
        transition: Duration::from_millis(300),
        request_log: Some(RequestLog::open(log).unwrap()),
        faults: faults
            .iter()
            .map(|(op, f)| (op.to_string(), f.clone()))
            .collect(),
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let client = demo_client(&emu.endpoint_url(), REGION, &ClientOptions::default());
    let svc = WorkspacesService::new(
        client,
        REGION.into(),
        Arc::new(RateBudget::matching(40.0, 5)),
    );
    (emu, svc)
}

/// (operation, resources) of every request the emulator logged.
fn requests(log: &std::path::Path) -> Vec<(String, Vec<String>)> {
    std::fs::read_to_string(log)
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let resources = v["resources"].as_array().map_or(vec![], |a| {
                a.iter().map(|r| r.as_str().unwrap().to_string()).collect()
            });
            (v["operation"].as_str().unwrap_or("").to_string(), resources)
        })
        .collect()
}

fn calls(log: &std::path::Path, op: &str) -> Vec<Vec<String>> {
    requests(log)
        .into_iter()
        .filter(|(o, _)| o == op)
        .map(|(_, r)| r)
        .collect()
}

fn keys(s: &mut State, text: &str) -> Vec<Command> {
    let mut out = vec![];
    for c in text.chars() {
        let code = match c {
            '\r' => KeyCode::Enter,
            '\x1b' => KeyCode::Esc,
            '\t' => KeyCode::Tab,
            '↓' => KeyCode::Down,
            c => KeyCode::Char(c),
        };
        out.extend(update(s, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))).commands);
    }
    out
}

/// The app with the directory `dir` and the bundle `bundle` of the emulator loaded, and no
/// WorkSpaces sweep finished (so the table vouches for no user).
async fn app(svc: &WorkspacesService, dir: &str, bundle: &str) -> State {
    std::env::set_var("TZ", "UTC");
    let mut s = State::new(
        Mode::Demo,
        REGION.into(),
        Some("demo".into()),
        String::new(),
    );
    update(&mut s, Msg::Resize(100, 30));
    let dirs = all_pages(|t| svc.describe_directories_page(t))
        .await
        .unwrap();
    let bundles = all_pages(|t| svc.describe_bundles_page(None, t))
        .await
        .unwrap();
    for rows in [
        Rows::Directories(dirs.into_iter().filter(|d| d.id == dir).collect()),
        Rows::Bundles(bundles.into_iter().filter(|b| b.id == bundle).collect()),
    ] {
        update(
            &mut s,
            Msg::Page {
                region: REGION.into(),
                sweep: 1,
                rows,
                last: true,
            },
        );
    }
    s
}

fn form_error(s: &State) -> String {
    match &s.overlay {
        Overlay::Form(f) => f.error.clone().unwrap_or_default(),
        other => panic!("no form: {other:?}, notice {:?}", s.notice),
    }
}

fn confirm(s: &State) -> &wsfleet::app::dialog::Confirm {
    match &s.overlay {
        Overlay::Confirm(c) => c,
        Overlay::Form(f) => panic!("still the form: {:?}", f.error),
        other => panic!("no confirmation: {other:?}, notice {:?}", s.notice),
    }
}

/// Feed every message the runtime task sent into `update`.
fn deliver(s: &mut State, rx: &mut UnboundedReceiver<Msg>) -> Vec<Command> {
    let mut out = vec![];
    while let Ok(msg) = rx.try_recv() {
        out.extend(update(s, msg).commands);
    }
    out
}

/// Run the create form's lookups as the runtime does, and feed the answers back.
async fn run_lookups(s: &mut State, svc: &WorkspacesService, commands: Vec<Command>) {
    let (tx, mut rx) = unbounded_channel();
    for c in commands {
        let Command::LookupCreateUsers {
            region,
            round,
            users,
        } = c
        else {
            panic!("not a lookup: {c:?}");
        };
        assert_eq!(region, REGION);
        wsfleet::runtime::create_lookups::look_up_users(svc.clone(), round, users, tx.clone())
            .await;
    }
    let more = deliver(s, &mut rx);
    assert!(more.is_empty(), "{more:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_not_in_the_table_is_looked_up_and_skipped_with_the_workspace_the_service_has() {
    let log = temp("create-lookup.jsonl");
    let (emu, svc) = emulator(&log, &[]).await;
    let fleet = svc.describe_workspaces_page(None).await.unwrap().items;
    let existing = fleet
        .iter()
        .find(|w| w.state.as_str() == "AVAILABLE")
        .unwrap();
    let (dir, bundle) = (existing.directory_id.clone(), existing.bundle_id.clone());
    let mut s = app(&svc, &dir, &bundle).await;
    let before = requests(&log).len();

    keys(&mut s, "N");
    keys(&mut s, "\t↓\t");
    let users = format!("{}, {}", existing.user_name, unassigned_user(1));
    keys(&mut s, &users);
    let lookups = keys(&mut s, "\r");
    // The form stays, saying so, and nothing else happens until the answers are in.
    assert!(
        form_error(&s).starts_with("looking up 2 users (0 answered)"),
        "{}",
        form_error(&s)
    );
    assert!(
        keys(&mut s, "\r").is_empty(),
        "Enter again asks nothing more"
    );
    assert_eq!(lookups.len(), 1, "{lookups:?}");
    run_lookups(&mut s, &svc, lookups).await;

    let c = confirm(&s);
    let new_user = format!("{dir}/{}", unassigned_user(1));
    assert_eq!(
        c.targets.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(),
        [new_user.as_str()]
    );
    assert_eq!(c.skipped.len(), 1, "{:?}", c.skipped);
    assert_eq!(
        c.skipped[0].1,
        format!(
            "{} already has {} in {dir}",
            existing.user_name, existing.id
        ),
        "the ID the emulator has for that user in that directory: looked up by both"
    );
    // Two DescribeWorkspaces (one per user), and nothing sent.
    let since: Vec<String> = requests(&log)[before..]
        .iter()
        .map(|(op, _)| op.clone())
        .collect();
    assert_eq!(since, ["DescribeWorkspaces", "DescribeWorkspaces"]);

    // Confirmed and run by the queue: one CreateWorkspaces, for the new user only.
    let sent = keys(&mut s, "\t\r");
    let [submit @ Command::Submit { .. }] = sent.as_slice() else {
        panic!("not submitted: {sent:?}");
    };
    let (spec, _) = submit.clone().into_job().expect("a Submit");
    let (tx, mut events) = unbounded_channel();
    let api: Arc<dyn ActionApi> = Arc::new(svc.clone());
    let queue = spawn_with(
        move |_: Option<&str>, r: &str| (r == REGION).then(|| api.clone()),
        AuditLog::new(temp("create-lookup-audit.log")),
        None,
        tx,
        RetryPolicy::default(),
    );
    let job = queue.submit(spec);
    let out = outcomes(&mut events, job).await;
    assert_eq!(out.len(), 2);
    assert!(matches!(
        out[&format!("{dir}/{}", existing.user_name.to_lowercase())][..],
        [Outcome::Skipped { .. }]
    ));
    assert!(matches!(out[&new_user][..], [Outcome::Succeeded { .. }]));
    assert_eq!(calls(&log, "CreateWorkspaces"), [vec![new_user.clone()]]);
    drop(emu);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_lookup_opens_no_confirmation_and_says_which_user() {
    let log = temp("create-lookup-denied.jsonl");
    let (_emu, svc) = emulator(&log, &[("DescribeWorkspaces", Fault::AccessDenied)]).await;
    let dirs = all_pages(|t| svc.describe_directories_page(t))
        .await
        .unwrap();
    let bundles = all_pages(|t| svc.describe_bundles_page(None, t))
        .await
        .unwrap();
    let dir = dirs.iter().find(|d| d.state == "REGISTERED").unwrap();
    let bundle = bundles
        .iter()
        .find(|b| b.region == dir.region && b.state == "AVAILABLE")
        .unwrap();
    let mut s = app(&svc, &dir.id, &bundle.id).await;
    keys(&mut s, "N");
    keys(&mut s, "\t↓\t");
    keys(&mut s, &unassigned_user(7));
    let lookups = keys(&mut s, "\r");
    run_lookups(&mut s, &svc, lookups).await;
    let e = form_error(&s);
    assert!(
        e.starts_with(&format!(
            "lookup of {} in {} failed (",
            unassigned_user(7),
            dir.id
        )) && e.contains("AccessDenied")
            && e.contains("nothing is offered"),
        "{e}"
    );
    assert!(calls(&log, "CreateWorkspaces").is_empty());
    // Enter asks again (and would open the confirmation once an answer comes).
    let again = keys(&mut s, "\r");
    assert!(
        matches!(again.as_slice(), [Command::LookupCreateUsers { users, .. }] if users.len() == 1),
        "{again:?}"
    );
}

/// Every outcome of `job`, by target: the ones recorded at acceptance (skipped, settled)
/// from JobQueued, the rest from Progress.
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
            QueueEvent::JobQueued(view) if view.id == job => {
                for r in view.resources {
                    if let Some(o) = r.outcome {
                        out.entry(r.id).or_default().push(o);
                    }
                }
            }
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

fn request(dir: &str, user: &str, bundle: &str) -> NewWorkspace {
    NewWorkspace {
        directory_id: dir.into(),
        user_name: user.into(),
        bundle_id: bundle.into(),
        running_mode: "AUTO_STOP".into(),
        auto_stop_minutes: Some(60),
        ..NewWorkspace::default()
    }
}

/// A create job of 60 users as the journal holds it after its first call's answer was lost
/// and wsfleet stopped: users 1–25 were in that call (the emulator created them), user 26
/// is unknown too but its call never reached the service, users 27–60 were never sent;
/// user 30 got a WorkSpace from someone else meanwhile.
async fn lost_answer_job(svc: &WorkspacesService, dir: &str, bundle: &str) -> UnfinishedJob {
    let requests: Vec<NewWorkspace> = (1..=60)
        .map(|n| request(dir, &unassigned_user(n), bundle))
        .collect();
    let ids: Vec<String> = requests.iter().map(|r| r.target_id()).collect();
    let action = Action::CreateWorkspaces(Box::new(CreateRequests { requests }));
    // The call whose answer was lost: it reached the service.
    svc.execute(&action, &ids[..25]).await.unwrap();
    svc.execute(&action, &ids[29..30]).await.unwrap();
    let target = |n: usize| Target::new(ids[n - 1].clone(), unassigned_user(n));
    UnfinishedJob {
        key: "k-create".into(),
        job: 4,
        action,
        name: String::new(),
        operation: String::new(),
        profile: Some("demo".into()),
        region: REGION.into(),
        queued_at: 1,
        updated_at: 1,
        state: "interrupted".into(),
        not_sent: (27..=60).map(target).collect(),
        in_flight: vec![],
        unknown: (1..=26)
            .map(|n| UnknownTarget::no_answer(target(n), "RequestTimeout: no answer"))
            .collect(),
        campaign: None,
        counts: Default::default(),
        calls: 1,
    }
}

/// `r` on the offered job, the runtime's lookups run, their answer fed back.
async fn resume(s: &mut State, svc: &WorkspacesService, job: &UnfinishedJob) {
    update(s, Msg::Unfinished(Ok(vec![job.clone()])));
    let commands = keys(s, "r");
    let [Command::ResumeJob(j)] = commands.as_slice() else {
        panic!("not resumed");
    };
    let (tx, mut rx) = unbounded_channel();
    wsfleet::runtime::resume_create::reread((**j).clone(), svc.clone(), tx).await;
    let more = deliver(s, &mut rx);
    assert!(more.is_empty(), "{more:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resume_after_a_lost_create_answer_does_not_create_twice() {
    let log = temp("create-resume.jsonl");
    let (_emu, svc) = emulator(&log, &[]).await;
    let fleet = svc.describe_workspaces_page(None).await.unwrap().items;
    let (dir, bundle) = (fleet[0].directory_id.clone(), fleet[0].bundle_id.clone());
    let job = lost_answer_job(&svc, &dir, &bundle).await;
    let created = calls(&log, "CreateWorkspaces").len();
    assert_eq!(created, 2);
    let mut s = app(&svc, &dir, &bundle).await;
    resume(&mut s, &svc, &job).await;

    let id = |n: usize| format!("{dir}/{}", unassigned_user(n));
    let c = confirm(&s);
    assert_eq!(c.resumes.as_deref(), Some("k-create"));
    assert_eq!(c.targets.len(), 33, "never sent, without user 30");
    assert!(!c.targets.iter().any(|t| t.id == id(30)));
    assert_eq!(c.skipped.len(), 1);
    assert!(
        c.skipped[0].1.contains("already has ws-"),
        "{:?}",
        c.skipped
    );
    assert_eq!(c.offer.len(), 1, "user 26: no WorkSpace, not sent unless +");
    assert_eq!(c.offer[0].id, id(26));
    let found: Vec<&str> = c.settled.iter().filter_map(|(_, o)| o.result()).collect();
    assert_eq!(found.len(), 25, "the lost call's users, with their IDs");
    assert_eq!(
        c.expected.as_deref(),
        Some("33"),
        "typed as a new create of 33"
    );
    assert!(
        c.affects
            .iter()
            .any(|l| l.starts_with("25 users whose answer was lost have a WorkSpace")),
        "{:?}",
        c.affects
    );
    // The lookups created nothing.
    assert_eq!(calls(&log, "CreateWorkspaces").len(), created);

    // Enter alone sends nothing; the count typed sends one job.
    assert!(keys(&mut s, "\r").is_empty());
    let sent = keys(&mut s, "33\r");
    let [Command::ResumeCreate { submit, settled }] = sent.as_slice() else {
        panic!("{sent:?}");
    };
    // The job exactly as the runtime's executor makes it of the command (Command::into_job).
    let (spec, resumes) = (**submit).clone().into_job().expect("a Submit inside");
    assert_eq!(resumes.as_deref(), Some("k-create"));
    let audit = temp("create-resume-audit.log");
    let (tx, mut events) = unbounded_channel();
    let api: Arc<dyn ActionApi> = Arc::new(svc.clone());
    let queue = spawn_with(
        move |_: Option<&str>, r: &str| (r == REGION).then(|| api.clone()),
        AuditLog::new(&audit),
        None,
        tx,
        RetryPolicy::default(),
    );
    let job_id = queue.submit_settled(spec, resumes, settled.clone());
    let out = outcomes(&mut events, job_id).await;

    // Every user of the old job has exactly one outcome in the new one.
    assert_eq!(out.len(), 60);
    assert!(out.values().all(|o| o.len() == 1), "{out:?}");
    for n in 1..=25 {
        let o = &out[&id(n)][0];
        assert!(
            o.result().is_some_and(|r| r.starts_with("ws-")),
            "{n}: {o:?}"
        );
    }
    assert!(
        matches!(&out[&id(26)][..], [Outcome::Unknown { code, .. }] if code == "NotFoundAfterLostAnswer")
    );
    assert!(matches!(out[&id(30)][..], [Outcome::Skipped { .. }]));
    for n in (27..=60).filter(|n| *n != 30) {
        assert!(
            matches!(out[&id(n)][..], [Outcome::Succeeded { .. }]),
            "{n}"
        );
    }
    // Two more calls (25 + 8), carrying exactly the never-sent users without a WorkSpace.
    let creates = calls(&log, "CreateWorkspaces");
    assert_eq!(creates.len(), created + 2);
    let mut carried: Vec<String> = creates[created..].concat();
    carried.sort();
    let mut expected: Vec<String> = (27..=60).filter(|n| *n != 30).map(id).collect();
    expected.sort();
    assert_eq!(carried, expected);
    // The audit log: one outcome line per user, the found ones with their WorkSpace IDs.
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&audit)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .filter(|v: &serde_json::Value| v["event"] == "outcome")
        .collect();
    assert_eq!(lines.len(), 60);
    let first = lines
        .iter()
        .find(|v| v["resource"] == id(1).as_str())
        .unwrap();
    assert_eq!(first["outcome"], "succeeded");
    assert!(first["result"].as_str().unwrap().starts_with("ws-"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plus_adds_the_users_still_unknown_and_asks_for_typing() {
    let log = temp("create-resume-plus.jsonl");
    let (_emu, svc) = emulator(&log, &[]).await;
    let fleet = svc.describe_workspaces_page(None).await.unwrap().items;
    let (dir, bundle) = (fleet[0].directory_id.clone(), fleet[0].bundle_id.clone());
    let mut job = lost_answer_job(&svc, &dir, &bundle).await;
    // Only the unknown users: nothing was left unsent.
    job.not_sent.clear();
    let mut s = app(&svc, &dir, &bundle).await;
    resume(&mut s, &svc, &job).await;
    let c = confirm(&s);
    assert!(c.targets.is_empty());
    assert_eq!((c.offer.len(), c.settled.len()), (1, 26));
    assert!(c.expected.is_none());
    keys(&mut s, "+");
    let c = confirm(&s);
    assert_eq!(c.targets.len(), 1);
    assert_eq!(c.settled.len(), 25, "user 26 is sent now, not settled");
    assert_eq!(c.expected.as_deref(), Some("create"), "typed, however few");
    assert!(keys(&mut s, "\t\r").is_empty(), "not without typing");
    let sent = keys(&mut s, "create\r");
    assert!(
        matches!(sent.as_slice(), [Command::ResumeCreate { submit, settled }]
            if settled.len() == 25
            && matches!(&**submit, Command::Submit { targets, .. } if targets.len() == 1)),
        "{sent:?}"
    );
}
