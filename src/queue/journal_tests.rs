use super::*;
use crate::domain::{Action, Workspace, WorkspaceState};
use crate::queue::job::{Counts, Target};
use std::os::unix::fs::PermissionsExt;

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("wsfleet-journal-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

fn t(id: &str) -> Target {
    Target::new(id, format!("user-{id}"))
}

fn job(key: &str, not_sent: &[&str]) -> UnfinishedJob {
    UnfinishedJob {
        key: key.into(),
        job: 7,
        action: Action::Reboot,
        name: "reboot".into(),
        operation: "RebootWorkspaces".into(),
        profile: Some("ops".into()),
        region: "us-east-1".into(),
        queued_at: 100,
        updated_at: 100,
        state: "running".into(),
        not_sent: not_sent.iter().map(|id| t(id)).collect(),
        in_flight: vec![],
        unknown: vec![],
        campaign: None,
        counts: Counts::default(),
        calls: 0,
    }
}

fn ws(id: &str, state: &str) -> Workspace {
    Workspace {
        id: id.into(),
        user_name: format!("user-{id}"),
        state: WorkspaceState::parse(state),
        running_mode: "AUTO_STOP".into(),
        ..Default::default()
    }
}

#[test]
fn every_profile_has_a_file_name_of_its_own() {
    let d = Path::new("/data");
    assert_eq!(
        path(d, "ops-prod_1.x"),
        Path::new("/data/unfinished-ops-prod_1.x.json")
    );
    assert_eq!(path(d, "a/b"), Path::new("/data/unfinished-a%2Fb.json"));
    assert_ne!(path(d, "a/b"), path(d, "a_b"));
    assert_eq!(path(d, "a%2Fb"), Path::new("/data/unfinished-a%252Fb.json"));
}

#[test]
fn jobs_come_and_go_and_the_last_one_takes_the_file() {
    let dir = temp_dir("comego");
    assert_eq!(load(&dir, "ops").unwrap(), vec![]);
    put(&dir, "ops", &job("k1", &["ws-1", "ws-2"]), None).unwrap();
    put(&dir, "ops", &job("k2", &["ws-3"]), None).unwrap();
    // Replaced, not added again.
    put(&dir, "ops", &job("k1", &["ws-2"]), None).unwrap();
    let file = path(&dir, "ops");
    let mode = std::fs::metadata(&file).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    let jobs = load(&dir, "ops").unwrap();
    assert_eq!(jobs.len(), 2);
    assert_eq!(jobs[0].not_sent, vec![t("ws-2")]);
    // Another profile's file is another file.
    assert_eq!(load(&dir, "dev").unwrap(), vec![]);

    // A resumed job takes its predecessor out in the same write.
    put(&dir, "ops", &job("k3", &["ws-2"]), Some("k1")).unwrap();
    let keys: Vec<String> = load(&dir, "ops")
        .unwrap()
        .into_iter()
        .map(|j| j.key)
        .collect();
    assert_eq!(keys, ["k3", "k2"], "in its predecessor's place");

    discard(&dir, "ops", "k2").unwrap();
    remove(&dir, "ops", "k3").unwrap();
    assert!(!file.exists(), "no unfinished job, no file");
    // No temporary file is left behind.
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn what_was_in_flight_when_the_process_died_comes_back_unknown() {
    let dir = temp_dir("inflight");
    let mut j = job("k1", &["ws-3"]);
    j.in_flight = vec![t("ws-1"), t("ws-2")];
    put(&dir, "ops", &j, None).unwrap();
    let back = load(&dir, "ops").unwrap().remove(0);
    assert!(!back.interrupted(), "state running: the process died");
    assert!(back.in_flight.is_empty());
    let unknown: Vec<&str> = back.unknown.iter().map(|u| u.id.as_str()).collect();
    assert_eq!(unknown, ["ws-1", "ws-2"]);
    assert!(back.unknown[0].message.contains("may or may not"));
    assert_eq!(back.not_sent, vec![t("ws-3")]);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn an_unreadable_file_is_an_error_that_names_it() {
    let dir = temp_dir("bad");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(path(&dir, "ops"), "{ nope").unwrap();
    let err = load(&dir, "ops").unwrap_err();
    assert!(err.contains("unfinished-ops.json"), "{err}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_fifo_in_place_of_the_journal_is_refused_at_once() {
    let dir = temp_dir("fifo");
    std::fs::create_dir_all(&dir).unwrap();
    let c = std::ffi::CString::new(path(&dir, "ops").to_str().unwrap()).unwrap();
    // SAFETY: mkfifo on a path of our own temporary directory.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    // Reading a FIFO would wait for a writer forever (the queue wedged on it).
    let err = load(&dir, "ops").unwrap_err();
    assert!(err.contains("a FIFO, not a regular file"), "{err}");
    let err = put(&dir, "ops", &job("k1", &["ws-1"]), None).unwrap_err();
    assert!(err.contains("a FIFO"), "{err}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn an_entry_not_understood_is_set_aside_whole_and_said_never_dropped() {
    let dir = temp_dir("aside");
    put(&dir, "ops", &job("good", &["ws-1"]), None).unwrap();
    // Edited by hand: an action this wsfleet has no name for, a Region that is none, a
    // share with an account ID no form would take, and another profile's job.
    let file = path(&dir, "ops");
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    let good = v["jobs"][0].clone();
    let mut bad = vec![];
    for (field, value) in [
        ("action", serde_json::json!("Obliterate")),
        ("region", serde_json::json!("moon-base-1; rm")),
        (
            "action",
            serde_json::json!({"ShareImage": {"account_id": "12"}}),
        ),
        ("profile", serde_json::json!("prod")),
    ] {
        let mut b = good.clone();
        b["key"] = serde_json::json!(format!("bad-{field}-{}", bad.len()));
        b[field] = value;
        bad.push(b);
    }
    v["jobs"].as_array_mut().unwrap().extend(bad);
    std::fs::write(&file, serde_json::to_vec(&v).unwrap()).unwrap();

    // Read: only the good one is offered.
    let keys: Vec<String> = load(&dir, "ops")
        .unwrap()
        .into_iter()
        .map(|j| j.key)
        .collect();
    assert_eq!(keys, ["good"]);
    // The next write moves the others aside, each with why, and says so.
    let said = update_file(&dir, "ops", |_, _| {}).unwrap();
    assert_eq!(said.len(), 4, "{said:?}");
    assert!(
        said[0].contains("not a job this wsfleet knows"),
        "{}",
        said[0]
    );
    assert!(said[1].contains("is not a Region"), "{}", said[1]);
    assert!(said[2].contains("12 digits"), "{}", said[2]);
    assert!(said[3].contains("profile 'prod'"), "{}", said[3]);
    let aside = aside_path(&dir, "ops");
    assert!(said[0].contains(&aside.display().to_string()));
    let kept: serde_json::Value = serde_json::from_slice(&std::fs::read(&aside).unwrap()).unwrap();
    assert_eq!(kept["entries"].as_array().unwrap().len(), 4);
    assert_eq!(kept["entries"][0]["entry"]["action"], "Obliterate");
    let mode = std::fs::metadata(&aside).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    // The journal keeps the good one; a second write sets nothing more aside.
    assert_eq!(load(&dir, "ops").unwrap().len(), 1);
    assert!(update_file(&dir, "ops", |_, _| {}).unwrap().is_empty());
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_dead_jobs_outcomes_and_finished_line_are_written_once_at_the_next_start() {
    let dir = temp_dir("recover");
    let mut j = job("k1", &["ws-3", "ws-4"]);
    j.in_flight = vec![t("ws-1"), t("ws-2")];
    j.counts = Counts {
        sent: 25,
        succeeded: 24,
        failed: 1,
        ..Counts::default()
    };
    j.calls = 1;
    put(&dir, "ops", &j, None).unwrap();
    let mut done = job("k2", &["ws-9"]);
    done.state = "interrupted".into();
    put(&dir, "ops", &done, None).unwrap();
    let audit = super::super::AuditLog::new(dir.join("audit.log"));
    // ws-1's answer was recorded just before the kill, the journal not yet: it keeps that
    // outcome and gets no second one.
    let ctx = super::super::AuditContext {
        profile: Some("ops"),
        region: "us-east-1",
        action: &Action::Reboot,
        job: super::super::JobId(7),
        campaign: None,
    };
    audit
        .outcome(ctx, "ws-1", "", &crate::domain::Outcome::succeeded())
        .unwrap();
    let r = super::super::recovery::recover(&dir, "ops", &audit).unwrap();
    assert_eq!(r.recorded, 1, "the interrupted job had its lines already");
    let lines = |audit: &super::super::AuditLog| -> Vec<serde_json::Value> {
        std::fs::read_to_string(audit.path())
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let got = lines(&audit);
    let outcome = |id: &str| {
        got.iter()
            .find(|v| v["resource"] == id)
            .map(|v| v["outcome"].as_str().unwrap().to_string())
    };
    assert_eq!(outcome("ws-1").as_deref(), Some("succeeded"));
    assert_eq!(got.iter().filter(|v| v["resource"] == "ws-1").count(), 1);
    assert_eq!(outcome("ws-2").as_deref(), Some("unknown"));
    assert_eq!(outcome("ws-3").as_deref(), Some("cancelled"));
    assert_eq!(outcome("ws-9"), None);
    let finished = got.last().unwrap();
    assert_eq!(finished["event"], "finished");
    assert_eq!(finished["state"], "interrupted");
    assert_eq!(finished["job"], 7);
    assert_eq!(finished["counts"]["unknown"], 1);
    assert_eq!(finished["counts"]["succeeded"], 25);
    assert_eq!(finished["counts"]["cancelled"], 2);
    assert_eq!(finished["counts"]["sent"], 27);
    assert!(finished["message"]
        .as_str()
        .unwrap()
        .contains("killed or crashed"));
    // The entry is recorded: still offered (its never-sent targets), its in-flight ones now
    // unknown; a second start writes nothing more.
    let back = load(&dir, "ops").unwrap();
    assert_eq!(back[0].state, ENDED);
    assert!(back[0].in_flight.is_empty());
    assert_eq!(back[0].unknown.len(), 1);
    assert_eq!(back[0].not_sent.len(), 2);
    let again = super::super::recovery::recover(&dir, "ops", &audit).unwrap();
    assert_eq!(again.recorded, 0);
    assert_eq!(lines(&audit).len(), got.len(), "written once");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_symbolic_link_is_never_followed_for_reading_or_writing() {
    let dir = temp_dir("link");
    std::fs::create_dir_all(&dir).unwrap();
    let elsewhere = dir.join("someone-elses.json");
    std::fs::write(&elsewhere, "not yours").unwrap();
    std::os::unix::fs::symlink(&elsewhere, path(&dir, "ops")).unwrap();
    let err = load(&dir, "ops").unwrap_err();
    assert!(
        err.contains("a symbolic link, which is never followed"),
        "{err}"
    );
    let err = put(&dir, "ops", &job("k1", &["ws-1"]), None).unwrap_err();
    assert!(
        err.contains("a symbolic link, which is never followed"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&elsewhere).unwrap(), "not yours");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_resume_sends_only_the_unsent_that_still_pass_the_precheck() {
    let mut j = job("k1", &["ws-a", "ws-b", "ws-c", "ws-d"]);
    j.unknown = vec![UnknownTarget {
        id: "ws-e".into(),
        label: "user-ws-e".into(),
        code: "InternalFailure".into(),
        message: "may or may not have been applied: boom".into(),
    }];
    // Re-read by ID: ws-b has stopped since, ws-d is gone, ws-e (unknown) and ws-z (never
    // part of the job) come back too and must not be sent.
    let now = [
        ws("ws-e", "AVAILABLE"),
        ws("ws-c", "AVAILABLE"),
        ws("ws-b", "STOPPED"),
        ws("ws-a", "AVAILABLE"),
        ws("ws-z", "AVAILABLE"),
    ];
    let spec = resume_spec(&j, &now);
    assert_eq!(spec.action, Action::Reboot);
    assert_eq!(spec.profile.as_deref(), Some("ops"));
    assert_eq!(spec.region, "us-east-1");
    let send: Vec<&str> = spec.targets.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(send, ["ws-a", "ws-c"], "in the job's order");
    let skipped: Vec<(&str, &str)> = spec
        .skipped
        .iter()
        .map(|(t, r)| (t.id.as_str(), r.as_str()))
        .collect();
    assert_eq!(skipped.len(), 2);
    assert_eq!(skipped[0].0, "ws-b");
    assert!(skipped[0].1.starts_with("STOPPED"), "{}", skipped[0].1);
    assert_eq!(skipped[1].0, "ws-d");
    assert!(skipped[1].1.contains("not found"), "{}", skipped[1].1);
}

#[test]
fn the_action_round_trips_with_its_parameters() {
    let dir = temp_dir("action");
    let mut j = job("k1", &["wsi-1"]);
    j.action = Action::CopyImage {
        name: "n".into(),
        description: "d".into(),
        destination_region: "eu-west-1".into(),
    };
    put(&dir, "ops", &j, None).unwrap();
    assert_eq!(load(&dir, "ops").unwrap()[0].action, j.action);
    std::fs::remove_dir_all(dir).unwrap();
}
