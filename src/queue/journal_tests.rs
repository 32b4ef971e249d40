use super::*;
use crate::domain::{Workspace, WorkspaceState};
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
