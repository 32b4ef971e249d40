//! A disk that fills in the middle of a line: the write stops part-way (a short write, then
//! an error), as it does on a full file system. Simulated with RLIMIT_FSIZE, which cuts writes
//! at a byte count exactly as a full disk does; the limit is the whole process's, so this test
//! is alone in its own test binary.

use wsfleet::domain::{Action, Outcome};
use wsfleet::queue::{AuditContext, AuditLog, JobId};

fn set_file_size_limit(bytes: u64) {
    let limit = libc::rlimit {
        rlim_cur: bytes,
        rlim_max: libc::RLIM_INFINITY,
    };
    // SAFETY: setrlimit with a valid rlimit of our own.
    assert_eq!(unsafe { libc::setrlimit(libc::RLIMIT_FSIZE, &limit) }, 0);
}

#[test]
fn a_line_cut_by_a_full_disk_is_never_left_in_the_log() {
    // Over the limit the kernel sends SIGXFSZ, which would end the process: ignored, the
    // write fails with EFBIG instead, as wsfleet would see ENOSPC.
    // SAFETY: setting a signal's disposition to ignore.
    unsafe { libc::signal(libc::SIGXFSZ, libc::SIG_IGN) };
    let dir = std::env::temp_dir().join(format!("wsfleet-full-disk-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let log = AuditLog::new(dir.join("audit.log"));
    let action = Action::Reboot;
    let ctx = AuditContext {
        profile: Some("ops"),
        region: "us-east-1",
        action: &action,
        job: JobId(1),
        campaign: None,
    };
    log.submitted(ctx, 2, 0).unwrap();
    let whole = std::fs::metadata(log.path()).unwrap().len();
    // Room for 40 more bytes: the next line starts and is cut off.
    set_file_size_limit(whole + 40);
    let long = Outcome::Failed {
        code: "InvalidResourceState".into(),
        message: "x".repeat(200),
    };
    let err = log
        .outcome(ctx, "ws-0123456789", "alice", &long)
        .unwrap_err();
    assert!(err.contains("audit log"), "{err}");
    let text = std::fs::read_to_string(log.path()).unwrap();
    assert_eq!(text.len() as u64, whole, "cut back to the last whole line");
    assert!(text.ends_with('\n'));

    // The disk clears: the kept line is written whole before the next one.
    set_file_size_limit(libc::RLIM_INFINITY);
    log.outcome(ctx, "ws-1123456789", "bob", &Outcome::succeeded())
        .unwrap();
    let text = std::fs::read_to_string(log.path()).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("every line is whole JSON"))
        .collect();
    let resources: Vec<&str> = lines
        .iter()
        .filter_map(|v| v["resource"].as_str())
        .collect();
    assert_eq!(resources, ["ws-0123456789", "ws-1123456789"]);
    std::fs::remove_dir_all(&dir).ok();
}
