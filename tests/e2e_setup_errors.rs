//! Without a region or credentials wsfleet explains what to set, suggests --demo, exits 2,
//! and never touches the terminal.

use std::process::Command;

fn wsfleet_without_aws(extra_env: &[(&str, &str)]) -> std::process::Output {
    let home = std::env::temp_dir().join("wsfleet-no-aws-home");
    std::fs::create_dir_all(&home).unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_wsfleet"));
    for (k, _) in std::env::vars() {
        if k.starts_with("AWS_") {
            cmd.env_remove(k);
        }
    }
    cmd.env("HOME", &home)
        .env("AWS_CONFIG_FILE", home.join("no-config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", home.join("no-credentials"))
        // No instance metadata on these machines; don't wait for it.
        .env("AWS_EC2_METADATA_DISABLED", "true");
    for (k, v) in extra_env {
        cmd.env(k, v);
    }
    cmd.output().expect("run wsfleet")
}

#[test]
fn no_region_explains_and_exits_2() {
    let out = wsfleet_without_aws(&[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "stderr: {err}");
    assert!(err.contains("No AWS region"), "{err}");
    assert!(err.contains("--region"), "{err}");
    assert!(err.contains("--demo"), "{err}");
    assert!(!out.stdout.contains(&0x1b), "no escape sequences written");
}

#[test]
fn no_credentials_explains_and_exits_2() {
    let out = wsfleet_without_aws(&[("AWS_REGION", "eu-west-1")]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "stderr: {err}");
    assert!(err.contains("No AWS credentials"), "{err}");
    assert!(err.contains("--profile"), "{err}");
    assert!(err.contains("--demo"), "{err}");
    assert!(!out.stdout.contains(&0x1b));
}

#[test]
fn bad_config_names_file_line_and_key_and_exits_2() {
    let dir = std::env::temp_dir().join(format!("wsfleet-bad-config-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("config.toml");
    std::fs::write(&path, "refresh_seconds = 30\n[api]\nburst = \"five\"\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_wsfleet"))
        .args(["--demo", "--config"])
        .arg(&path)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains(&format!("{}:3:", path.display())), "{err}");
    assert!(err.contains("burst"), "{err}");
    assert!(!out.stdout.contains(&0x1b));
}

#[test]
fn a_conflicting_key_binding_names_both_actions_and_exits_2() {
    let dir = std::env::temp_dir().join(format!("wsfleet-keys-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("config.toml");
    std::fs::write(&path, "[keys]\n\"R\" = \"refresh\"\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_wsfleet"))
        .args(["--demo", "--config"])
        .arg(&path)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains(&format!("{}:2:", path.display())), "{err}");
    assert!(
        err.contains("'refresh'") && err.contains("'reboot'"),
        "{err}"
    );
    assert!(!out.stdout.contains(&0x1b));
}

#[test]
fn unknown_theme_says_what_exists_and_exits_2() {
    let home = std::env::temp_dir().join(format!("wsfleet-theme-home-{}", std::process::id()));
    std::fs::create_dir_all(&home).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_wsfleet"))
        .args(["--demo", "--theme", "nosuch"])
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env_remove("WSFLEET_CONFIG")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("no theme named 'nosuch'"), "{err}");
    assert!(
        err.contains("high-contrast"),
        "names the built-in themes: {err}"
    );
    assert!(!out.stdout.contains(&0x1b), "no escape sequences written");
}

#[test]
#[cfg(target_os = "linux")] // the config directory follows XDG_CONFIG_HOME
fn bad_user_theme_names_file_line_and_key_and_exits_2() {
    let home = std::env::temp_dir().join(format!("wsfleet-bad-theme-{}", std::process::id()));
    let themes = home.join("config/wsfleet/themes");
    std::fs::create_dir_all(&themes).unwrap();
    let path = themes.join("mine.toml");
    std::fs::write(&path, "[state]\nhealthy = \"green\"\nbad = \"rde\"\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_wsfleet"))
        .args(["--demo", "--theme", "mine"])
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env_remove("WSFLEET_CONFIG")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!("{}:3: key `state.bad`", path.display())),
        "{err}"
    );
    assert!(!out.stdout.contains(&0x1b));
}

/// A request log that cannot be opened stops `wsfleet sim` and `--demo` with exit 2, naming
/// the flag, the path and the OS error, before the emulator starts or the terminal is touched.
#[test]
fn an_unopenable_request_log_names_the_flag_and_exits_2() {
    let dir = std::env::temp_dir().join(format!("wsfleet-reqlog-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("config.toml");
    std::fs::write(&config, "").unwrap();
    let missing = dir.join("no-such-dir").join("requests.jsonl");
    for (args, flag) in [
        (vec!["sim", "--port", "0", "--request-log"], "--request-log"),
        (vec!["--demo", "--sim-request-log"], "--sim-request-log"),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_wsfleet"))
            .arg("--config")
            .arg(&config)
            .args(&args)
            .arg(&missing)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains(&format!("cannot open {flag} {}", missing.display())),
            "{err}"
        );
        assert!(err.contains("No such file or directory"), "{err}");
        assert!(out.stdout.is_empty(), "nothing started: {:?}", out.stdout);
    }
}

/// A profile named twice, or a demo profile that does not exist, in a view of several:
/// named, exit 2, terminal untouched.
#[test]
fn bad_profiles_of_a_view_of_several_are_named_and_exit_2() {
    let dir = std::env::temp_dir().join(format!("wsfleet-bad-profiles-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("config.toml");
    std::fs::write(&path, "profiles = [\"a\", \"b\", \"a\"]\n").unwrap();
    let config = path.display().to_string();
    for (args, said) in [
        (
            vec!["--demo", "--profile", "demo,demo-dev,demo"],
            "--profile: profile 'demo' is listed twice",
        ),
        (
            vec!["--demo", "--profile", "demo,nosuch"],
            "no demo profile 'nosuch'",
        ),
        (
            vec!["--demo", "--config", config.as_str()],
            "config.toml:1: key `profiles`: profile 'a' is listed twice",
        ),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_wsfleet"))
            .args(&args)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(said), "{args:?}: {err}");
        assert!(!out.stdout.contains(&0x1b), "{args:?}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
