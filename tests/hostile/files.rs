//! Hostile files and values through the real binary: the exact message and exit code, and
//! nothing written to the terminal (stdout stays empty: the TUI never started).

use crate::pty::{request_log, sent, Session};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!(
        "wsfleet-hostile-files-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Run `wsfleet --demo --config <config>` in `d` (as its working directory, so messages name
/// files as given) with XDG_CONFIG_HOME in `d`; the exit code and stderr.
fn run(d: &Path, config: &str, extra: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_wsfleet"))
        .current_dir(d)
        .env("XDG_CONFIG_HOME", d.join("xdg"))
        .args(["--demo", "--config", config])
        .args(extra)
        .output()
        .unwrap();
    assert!(out.stdout.is_empty(), "the terminal was touched");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

#[test]
fn config_and_theme_files_must_be_small_regular_utf8() {
    let d = dir("regular");
    std::fs::write(d.join("empty.toml"), "").unwrap();
    std::os::unix::fs::symlink("/dev/zero", d.join("zero.toml")).unwrap();
    std::fs::write(d.join("bin.toml"), b"refresh_seconds = 5\n\xff\xfe").unwrap();
    std::fs::write(d.join("huge.toml"), vec![b'#'; (1 << 20) + 1]).unwrap();
    let themes = d.join("xdg/wsfleet/themes");
    std::fs::create_dir_all(&themes).unwrap();
    std::os::unix::fs::symlink("/dev/zero", themes.join("zero.toml")).unwrap();
    let cases: &[(&str, &[&str], String)] = &[
        (
            "zero.toml",
            &[],
            "wsfleet: bad config: zero.toml: cannot read: not a regular file\n".into(),
        ),
        (
            "bin.toml",
            &[],
            "wsfleet: bad config: bin.toml: cannot read: not UTF-8 text (invalid byte at offset 20)\n"
                .into(),
        ),
        (
            "huge.toml",
            &[],
            "wsfleet: bad config: huge.toml: cannot read: 1048577 bytes: larger than the 1048576 bytes a config or theme may be\n"
                .into(),
        ),
        (
            "empty.toml",
            &["--theme", "zero"],
            format!(
                "wsfleet: bad theme: {}: cannot read: not a regular file\n",
                themes.join("zero.toml").display()
            ),
        ),
    ];
    for (config, extra, want) in cases {
        let (code, err) = run(&d, config, extra);
        assert_eq!(code, Some(2), "{config} {extra:?}: {err}");
        assert_eq!(&err, want, "{config} {extra:?}");
    }
}

#[test]
fn a_binding_of_a_fixed_key_exits_2_naming_it() {
    let d = dir("fixed-key");
    std::fs::write(d.join("keys.toml"), "[keys]\n\"1\" = \"reboot\"\n").unwrap();
    let (code, err) = run(&d, "keys.toml", &[]);
    assert_eq!(code, Some(2), "{err}");
    assert_eq!(
        err,
        "wsfleet: bad config: keys.toml:2: key `1`: key 1 cannot be bound: it always opens a pane by number (1-6)\n"
    );
}

#[test]
fn control_characters_in_a_config_error_are_escaped() {
    let d = dir("control");
    // An OSC title sequence in a key name: printed as is it would retitle the terminal.
    std::fs::write(
        d.join("ctl.toml"),
        "[keys]\n\"\x1b]0;owned\x07\" = \"reboot\"\n",
    )
    .unwrap();
    let (code, err) = run(&d, "ctl.toml", &[]);
    assert_eq!(code, Some(2), "{err}");
    assert!(!err.contains('\x1b') && !err.contains('\x07'), "{err:?}");
    assert!(
        err.starts_with("wsfleet: bad config: ctl.toml:2: key `\\u{1b}]0;owned\\u{7}`"),
        "{err}"
    );
}

#[test]
fn an_audit_log_that_is_a_symbolic_link_is_never_followed_and_nothing_is_sent() {
    let d = dir("audit-link");
    let someone_elses = d.join("someone-elses.log");
    std::fs::write(&someone_elses, "theirs\n").unwrap();
    let audit = d.join("audit.log");
    std::os::unix::fs::symlink(&someone_elses, &audit).unwrap();
    let log = d.join("requests.log");
    let (audit_s, log_s) = (audit.display().to_string(), log.display().to_string());
    let args = [
        "--demo",
        "--size",
        "40",
        "--audit-log",
        &audit_s,
        "--sim-request-log",
        &log_s,
    ];
    let mut s = Session::spawn(&args, 200, 40);
    let load = Duration::from_secs(60);
    let step = Duration::from_secs(10);
    s.wait_for("loaded", load, |sc| {
        sc.contains("WorkSpaces [1/40]") && sc.contains("refreshed")
    });
    s.send("/state=available\r");
    s.wait_for("filtered", step, |sc| sc.contains("/state=available sort"));
    s.send(" R");
    let dialog = s.wait_for("confirmation", step, |sc| sc.contains("reboot "));
    s.confirm(&dialog);
    s.wait_for("refusal said", load, |sc| {
        sc.contains("reboot not sent") && sc.contains("symbolic link")
    });
    s.send("q");
    assert_eq!(s.wait_exit(step), 0);
    assert_eq!(std::fs::read_to_string(&someone_elses).unwrap(), "theirs\n");
    assert!(sent(&request_log(&log), "RebootWorkspaces").is_empty());
}
