//! Files that are not regular files, seen from the real binary: a FIFO in place of the
//! journal once wedged the queue (a job "queued" forever, `q y` hung, signals ignored), and
//! `:export!` to /dev/full chmodded the device for the whole machine. Now each is refused at
//! once, with the path and what it is, and wsfleet quits normally.

mod pty;

use pty::{request_log, sent, Session};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

const LOAD: Duration = Duration::from_secs(120);
const STEP: Duration = Duration::from_secs(10);

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("wsfleet-e2e-files-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn mkfifo(p: &Path) {
    let c = std::ffi::CString::new(p.to_str().unwrap()).unwrap();
    // SAFETY: mkfifo on a path in our own temporary directory.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
}

#[test]
fn a_fifo_for_the_journal_refuses_the_job_and_a_fifo_or_device_export_is_refused() {
    let d = dir("fifo");
    let data = d.join("data");
    std::fs::create_dir_all(&data).unwrap();
    mkfifo(&data.join("unfinished-demo.json"));
    let (log, audit) = (d.join("requests.log"), d.join("audit.log"));
    let (log_s, audit_s, data_s) = (
        log.display().to_string(),
        audit.display().to_string(),
        data.display().to_string(),
    );
    let args = [
        "--demo",
        "--size",
        "40",
        "--sim-request-log",
        &log_s,
        "--audit-log",
        &audit_s,
    ];
    let env = [
        ("TERM", "xterm-256color"),
        ("WSFLEET_DATA_DIR", data_s.as_str()),
    ];
    let mut s = Session::spawn_with_env(&args, 200, 40, &env);
    s.wait_for("loaded", LOAD, |sc| {
        sc.contains("WorkSpaces [1/40]") && sc.contains("refreshed")
    });
    s.send("/state=available\r");
    s.wait_for("filtered", STEP, |sc| sc.contains("/state=available sort"));
    s.send("*R");
    let dialog = s.wait_for("confirmation", STEP, |sc| sc.contains("reboot "));
    s.confirm(&dialog);
    // Refused with the journal named, not queued forever.
    let screen = s.wait_for("refusal", LOAD, |sc| {
        sc.contains("reboot not sent") && sc.contains("a FIFO, not a regular file")
    });
    assert!(screen.contains("unfinished-demo.json"), "{screen}");
    // The failure stays on the status line until acknowledged (Esc).
    s.send("\x1b");
    s.wait_for("acknowledged", STEP, |sc| !sc.contains("reboot not sent"));

    // :export! to a FIFO returns at once (it used to block forever), and to /dev/full
    // changes nothing.
    let pipe = d.join("pipe.csv");
    mkfifo(&pipe);
    s.send(&format!(":export! csv {}\r", pipe.display()));
    s.wait_for("export refused", STEP, |sc| sc.contains("it is a FIFO"));
    let before = std::fs::metadata("/dev/full").unwrap().permissions().mode();
    s.send(":export! csv /dev/full\r");
    s.wait_for("device refused", STEP, |sc| {
        sc.contains("a character device")
    });
    assert_eq!(
        std::fs::metadata("/dev/full").unwrap().permissions().mode(),
        before
    );
    // Nothing running: q quits at once.
    s.send("q");
    assert_eq!(s.wait_exit(STEP), 0);
    assert!(sent(&request_log(&log), "RebootWorkspaces").is_empty());
    let refused = request_log(&audit)
        .into_iter()
        .find(|v| v["event"] == "finished")
        .expect("the refusal is in the audit log");
    assert_eq!(refused["state"], "refused");
}
