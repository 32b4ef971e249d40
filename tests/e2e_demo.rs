//! End to end: the built binary with --demo in a pseudo-terminal.

mod pty;

use pty::Session;
use std::time::Duration;

fn position(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

#[test]
fn demo_shows_workspaces_and_q_restores_the_terminal() {
    let mut s = Session::spawn(&["--demo", "--size", "120"], 120, 30);
    let screen = s.wait_for("WorkSpaces rows", Duration::from_secs(60), |sc| {
        sc.matches("ws-").count() >= 10
    });
    assert!(screen.contains("DEMO"), "header shows the mode:\n{screen}");
    assert!(
        screen.contains("us-east-1"),
        "header shows the region:\n{screen}"
    );
    assert!(screen.contains("AVAILABLE"), "states are shown:\n{screen}");
    assert!(!s.is_cooked(), "raw mode while running");

    s.send("q");
    assert_eq!(s.wait_exit(Duration::from_secs(10)), 0);
    let raw = s.raw();
    let entered = position(&raw, b"\x1b[?1049h").expect("entered the alternate screen");
    let left = position(&raw, b"\x1b[?1049l").expect("left the alternate screen");
    assert!(left > entered);
    let shown = position(&raw, b"\x1b[?25h").expect("cursor shown again");
    assert!(shown > entered);
    assert!(s.is_cooked(), "terminal back in cooked mode after exit");
}

#[test]
fn navigation_keys_move_the_selection_without_breaking_the_screen() {
    let mut s = Session::spawn(&["--demo", "--size", "60"], 100, 24);
    s.wait_for("rows", Duration::from_secs(60), |sc| {
        sc.matches("ws-").count() >= 5
    });
    s.send("jjjGg");
    s.send("\x1b[B\x1b[A"); // arrow down, arrow up
    let screen = s.wait_for("still drawn", Duration::from_secs(5), |sc| {
        sc.contains("WorkSpaces")
    });
    assert!(screen.contains("ws-"));
    s.send("q");
    assert_eq!(s.wait_exit(Duration::from_secs(10)), 0);
}

/// The terminals people reach jump hosts with: each draws the fleet, takes keys (no mouse)
/// and gets its terminal back on quit.
#[test]
fn works_with_the_common_term_values() {
    for term in [
        "xterm",
        "xterm-256color",
        "tmux-256color",
        "screen",
        "linux",
    ] {
        let mut s = Session::spawn_with_env(&["--demo", "--size", "30"], 80, 24, &[("TERM", term)]);
        s.wait_for(
            &format!("rows with TERM={term}"),
            Duration::from_secs(60),
            |sc| sc.matches("ws-").count() >= 10,
        );
        s.send("j:img\r");
        s.wait_for(
            &format!("images pane with TERM={term}"),
            Duration::from_secs(30),
            |sc| sc.contains("Images ["),
        );
        s.send("q");
        assert_eq!(s.wait_exit(Duration::from_secs(10)), 0, "TERM={term}");
        assert!(s.is_cooked(), "TERM={term}: terminal restored");
    }
}
