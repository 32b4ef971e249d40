//! Flags are held to the config's rules: out of range → exit 2 naming the flag, before the
//! terminal is touched (nothing on stdout).

use std::process::Command;

fn run(args: &[&str]) -> (Option<i32>, String, Vec<u8>) {
    let dir = std::env::temp_dir().join(format!("wsfleet-hostile-flags-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("config.toml");
    std::fs::write(&config, "").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_wsfleet"))
        .arg("--config")
        .arg(&config)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).to_string(),
        out.stdout,
    )
}

#[test]
fn out_of_range_flags_exit_2_naming_the_flag() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["--demo", "--refresh", "2000000000000000000"],
            "wsfleet: --refresh: must be a whole number of seconds from 1 to 86400",
        ),
        (
            &["--demo", "--api-rate", "0"],
            "wsfleet: --api-rate: must be a number of calls per second from 0.1 to 1000",
        ),
        (
            &["--demo", "--api-rate", "nan"],
            "wsfleet: --api-rate: must be a number of calls per second from 0.1 to 1000",
        ),
        (
            &["--demo", "--api-rate", "1e-9"],
            "wsfleet: --api-rate: must be a number of calls per second from 0.1 to 1000",
        ),
        (
            &["--demo", "--api-burst", "5000"],
            "wsfleet: --api-burst: must be a whole number of calls from 1 to 1000",
        ),
        (
            &["--demo", "--idle-days", "99999"],
            "wsfleet: --idle-days: must be a whole number of days from 1 to 3650",
        ),
        (
            &["--demo", "--size", "20000000"],
            "wsfleet: --size: must be at most 200000 WorkSpaces",
        ),
        (
            &["sim", "--size", "20000000"],
            "wsfleet: --size: must be at most 200000 WorkSpaces",
        ),
        (
            &["sim", "--rate", "inf"],
            "wsfleet sim: --rate: must be a number of calls per second from 0.1 to 1000",
        ),
    ];
    for (args, expected) in cases {
        let (code, err, out) = run(args);
        assert_eq!(code, Some(2), "{args:?}: {err}");
        assert_eq!(err.trim_end(), *expected, "{args:?}");
        assert!(out.is_empty(), "{args:?}: the terminal is untouched");
    }
    // A negative number is not even a value to clap: refused the same way.
    let (code, _, out) = run(&["--demo", "--api-rate", "-5"]);
    assert_eq!(code, Some(2));
    assert!(out.is_empty());
}
