//! Progress of `wsfleet get` and `wsfleet do` (issue 29): a bar on stderr when stderr is a
//! terminal (the real binary in a pseudo-terminal), nothing of it when stderr is not (a
//! process with its stderr piped, as cron and scripts run it).

mod cli_support;
mod common;
mod pty;

use cli_support::*;
use pty::{request_log, sent, Session};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(120);

/// No progress drawing: no carriage return, no escape sequence, no bar or count of rows read.
fn no_progress(stderr: &str) {
    assert!(!stderr.contains('\r'), "{stderr:?}");
    assert!(!stderr.contains('\x1b'), "{stderr:?}");
    assert!(!stderr.contains(" rows "), "{stderr:?}");
    assert!(!stderr.contains(" sent "), "{stderr:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_of_the_progress_reaches_a_stderr_that_is_no_terminal() {
    let s = setup("progress-pipe").await;
    let run = s.wsfleet(&["get", "ws", "-o", "ids"]).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.lines().count(), SIZE);
    assert_eq!(run.stderr, "", "get: nothing at all on stderr");

    let dry = s
        .wsfleet(&["do", "reboot", "--filter", "state=UNHEALTHY", "--dry-run"])
        .await;
    let (send, _) = dry_run_ids(&dry.stdout);
    assert!(!send.is_empty());
    let n = send.len().to_string();
    let run = s
        .wsfleet(&[
            "do",
            "reboot",
            "--filter",
            "state=UNHEALTHY",
            "--confirm",
            &n,
        ])
        .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    // do: only its own lines (the summary), each with its prefix; no bar.
    assert!(!run.stderr.is_empty());
    for line in run.stderr.lines() {
        assert!(line.starts_with("wsfleet do: "), "{line:?}");
    }
    no_progress(&run.stderr);
}

/// The demo (its own emulator, AWS's 2 calls/s) in a pseudo-terminal: stdout and stderr are
/// both the terminal.
fn spawn(name: &str, args: &[&str]) -> (Session, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!(
        "wsfleet-cli-progress-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("config.toml"), "").unwrap();
    let log = dir.join("requests.jsonl");
    let (config, audit) = (dir.join("config.toml"), dir.join("audit.log"));
    let mut all = vec![
        "--demo",
        "--sim-request-log",
        log.to_str().unwrap(),
        "--config",
        config.to_str().unwrap(),
        "--audit-log",
        audit.to_str().unwrap(),
    ];
    all.extend_from_slice(args);
    let env = [("TERM", "xterm-256color")];
    (Session::spawn_with_env(&all, 100, 30, &env), log)
}

fn raw_text(s: &Session) -> String {
    String::from_utf8_lossy(&s.raw()).to_string()
}

#[test]
fn get_on_a_terminal_shows_the_rows_read_then_clears_it() {
    // 300 WorkSpaces: 12 pages at 2 calls/s, seconds of reading for the bar to show.
    let (mut s, _) = spawn("get", &["--size", "300", "get", "ws", "-o", "ids"]);
    assert_eq!(s.wait_exit(WAIT), 0, "{}", s.screen());
    let raw = raw_text(&s);
    assert!(raw.contains("read ") && raw.contains(" rows"), "{raw:?}");
    // The IDs still all came out.
    assert!(raw.matches("ws-").count() >= 300, "{raw:?}");
}

/// What the prompt asks to type.
fn asked(screen: &str) -> Option<String> {
    let rest = screen.split("type ").nth(1)?;
    let (word, tail) = rest.split_once(' ')?;
    tail.starts_with("to confirm").then(|| word.to_string())
}

#[test]
fn do_on_a_terminal_shows_a_bar_of_the_targets_sent() {
    let (mut s, log) = spawn("do", &["do", "reboot", "--filter", "state=UNHEALTHY"]);
    let screen = s.wait_for("the prompt", WAIT, |sc| asked(sc).is_some());
    let typed = asked(&screen).unwrap();
    s.send(&format!("{typed}\r"));
    assert_eq!(s.wait_exit(WAIT), 0, "{}", s.screen());
    let rebooted = sent(&request_log(&log), "RebootWorkspaces");
    assert!(!rebooted.is_empty());
    let raw = raw_text(&s);
    let bar = format!("/{} sent", rebooted.len());
    assert!(raw.contains(&bar), "no {bar:?} in {raw:?}");
}
