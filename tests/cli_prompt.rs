//! `wsfleet do` with a terminal on stdin and neither `--yes` nor `--confirm` (issue 29): it
//! asks as the TUI does, and sends only when the count (or the verb) is typed back.

mod pty;

use pty::{request_log, sent, Session};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(60);

/// The demo with its request log, a config and audit log of the test's own.
fn spawn(name: &str, action: &[&str]) -> (Session, std::path::PathBuf) {
    let dir =
        std::env::temp_dir().join(format!("wsfleet-cli-prompt-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("config.toml"), "").unwrap();
    let log = dir.join("requests.jsonl");
    let (config, audit) = (dir.join("config.toml"), dir.join("audit.log"));
    let mut args = vec![
        "--demo",
        "--sim-request-log",
        log.to_str().unwrap(),
        "--config",
        config.to_str().unwrap(),
        "--audit-log",
        audit.to_str().unwrap(),
    ];
    args.extend_from_slice(action);
    let env = [("TERM", "xterm-256color")];
    (Session::spawn_with_env(&args, 100, 30, &env), log)
}

/// What the prompt asks to type.
fn asked(screen: &str) -> Option<String> {
    let rest = screen.split("type ").nth(1)?;
    let (word, tail) = rest.split_once(' ')?;
    tail.starts_with("to confirm").then(|| word.to_string())
}

#[test]
fn a_terminal_is_asked_for_the_count_and_only_the_right_one_sends() {
    // Wrong: nothing sent, exit 2.
    let (mut s, log) = spawn("wrong", &["do", "reboot", "--filter", "state=UNHEALTHY"]);
    let screen = s.wait_for("the prompt", WAIT, |sc| asked(sc).is_some());
    assert!(screen.contains("reboot of"), "{screen}");
    s.send("nope\r");
    assert_eq!(s.wait_exit(WAIT), 2, "{}", s.screen());
    assert!(sent(&request_log(&log), "RebootWorkspaces").is_empty());

    // Right: sent, one outcome line each.
    let (mut s, log) = spawn("right", &["do", "reboot", "--filter", "state=UNHEALTHY"]);
    let screen = s.wait_for("the prompt", WAIT, |sc| asked(sc).is_some());
    let typed = asked(&screen).unwrap();
    s.send(&format!("{typed}\r"));
    assert_eq!(s.wait_exit(WAIT), 0, "{}", s.screen());
    let rebooted = sent(&request_log(&log), "RebootWorkspaces");
    assert!(!rebooted.is_empty());
    if let Ok(n) = typed.parse::<usize>() {
        assert_eq!(rebooted.len(), n);
    }
}
