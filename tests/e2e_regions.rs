//! End to end with --demo across Regions and accounts: a failing Region beside a working one,
//! `:region` at runtime, a reboot that spans Regions, and `:ctx` to another account.

mod pty;

use pty::Session;
use std::time::Duration;

const LOAD: Duration = Duration::from_secs(60);
const STEP: Duration = Duration::from_secs(10);

#[test]
fn a_failing_region_shows_its_error_while_the_other_loads_and_can_be_removed() {
    let mut s = Session::spawn(
        &[
            "--demo",
            "--size",
            "20",
            "--region",
            "us-east-1",
            "--region",
            "eu-west-1",
            "--sim-fault",
            "eu-west-1=access-denied",
        ],
        120,
        30,
    );
    // "eu-west-1!" in the header follows any pane's failure there (connections may fail
    // first); STALE in the title follows the WorkSpaces sweep's own, whose error line is
    // drawn with it.
    let screen = s.wait_for("us-east-1 rows and eu-west-1's error", LOAD, |sc| {
        sc.contains("WorkSpaces [1/20]") && sc.contains("STALE eu-west-1")
    });
    assert!(screen.contains("eu-west-1!"), "{screen}");
    assert!(screen.contains("AccessDeniedException"), "{screen}");

    s.send(":region rm eu-west-1\r");
    let screen = s.wait_for("eu-west-1 gone", STEP, |sc| {
        sc.contains("removed eu-west-1")
    });
    assert!(!screen.contains("eu-west-1!"), "{screen}");
    assert!(!screen.contains("STALE"), "{screen}");

    s.send(":region add ap-southeast-2\r");
    s.wait_for("a second Region's rows", LOAD, |sc| {
        sc.contains("WorkSpaces [1/40]") && sc.contains("ap-southeast-2")
    });
    s.send("q");
    assert_eq!(s.wait_exit(STEP), 0);
}

#[test]
fn a_reboot_across_two_regions_runs_as_one_job_per_region() {
    let audit = std::env::temp_dir().join(format!(
        "wsfleet-e2e-regions-audit-{}.log",
        std::process::id()
    ));
    let _ = std::fs::remove_file(&audit);
    let audit_arg = audit.to_string_lossy().to_string();
    let mut s = Session::spawn(
        &[
            "--demo",
            "--size",
            "10",
            "--region",
            "us-east-1,eu-west-1",
            "--audit-log",
            &audit_arg,
        ],
        120,
        30,
    );
    s.wait_for("both Regions loaded", LOAD, |sc| {
        sc.contains("WorkSpaces [1/20]") && sc.contains("refreshed")
    });
    s.send("/state=available\r");
    s.wait_for("filter", STEP, |sc| sc.contains("/state=available sort"));
    s.send("*R");
    let dialog = s.wait_for("confirmation across Regions", STEP, |sc| {
        sc.contains("2 Regions: eu-west-1, us-east-1")
    });
    // With a connected user among the targets the count must be typed; else OK is enough.
    s.confirm(&dialog);
    s.wait_for("queued", STEP, |sc| sc.contains("queued"));
    s.send(":queue\r");
    let screen = s.wait_for("two jobs done", LOAD, |sc| sc.matches("done").count() >= 2);
    assert!(
        screen.contains("us-east-1") && screen.contains("eu-west-1"),
        "{screen}"
    );
    s.send("q");
    assert_eq!(s.wait_exit(STEP), 0);

    let log = std::fs::read_to_string(&audit).expect("audit log written");
    let succeeded = |region: &str| {
        log.lines()
            .filter(|l| l.contains("\"outcome\":\"succeeded\"") && l.contains(region))
            .count()
    };
    assert!(succeeded("\"us-east-1\"") > 0, "{log}");
    assert!(succeeded("\"eu-west-1\"") > 0, "{log}");
}

#[test]
fn ctx_switches_to_another_account() {
    let mut s = Session::spawn(&["--demo", "--size", "10"], 120, 30);
    s.wait_for("loaded", LOAD, |sc| sc.contains("refreshed"));
    let before = s.screen();
    s.send(":ctx\r");
    s.wait_for("profiles listed", STEP, |sc| {
        sc.contains("demo (current)") && sc.contains("demo-dev")
    });
    s.send("j\r");
    let screen = s.wait_for("the other account's fleet", LOAD, |sc| {
        sc.contains("profile demo-dev") && sc.contains("WorkSpaces [1/10]")
    });
    // Another account, another fleet: the first row is not the same WorkSpace.
    let first_id = |sc: &str| {
        sc.split_whitespace()
            .find(|w| w.starts_with("ws-"))
            .map(str::to_string)
    };
    assert_ne!(first_id(&before), first_id(&screen), "{screen}");
    s.send("q");
    assert_eq!(s.wait_exit(STEP), 0);
}

/// `--profile demo,demo-dev`: both accounts' Regions in one view; a reboot of rows of both
/// accounts reaches each account with its own key, and the audit log names each target's
/// profile and Region.
#[test]
fn a_reboot_across_two_profiles_reaches_each_account_in_its_own_region() {
    let dir = std::env::temp_dir().join(format!("wsfleet-e2e-profiles-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let (audit, requests) = (dir.join("audit.log"), dir.join("requests.log"));
    let audit_arg = audit.to_string_lossy().to_string();
    let requests_arg = requests.to_string_lossy().to_string();
    let mut s = Session::spawn(
        &[
            "--demo",
            "--size",
            "10",
            "--profile",
            "demo,demo-dev",
            "--region",
            "us-east-1,eu-west-1",
            "--audit-log",
            &audit_arg,
            "--sim-request-log",
            &requests_arg,
        ],
        120,
        30,
    );
    s.wait_for("four places loaded", LOAD, |sc| {
        sc.contains("WorkSpaces [1/40]")
            && sc.contains("2 profiles × 2 regions")
            && sc.contains("refreshed")
    });
    s.send("/state=available\r");
    s.wait_for("filter", STEP, |sc| sc.contains("/state=available sort"));
    s.send("*R");
    let dialog = s.wait_for("confirmation across places", STEP, |sc| {
        sc.contains("4 Regions: demo-dev/eu-west-1, demo-dev/us-east-1, demo/eu-west-1,")
            && sc.contains("demo/us-east-1 (RebootWorkspaces)")
    });
    s.confirm(&dialog);
    s.wait_for("queued", STEP, |sc| sc.contains("queued"));
    s.send(":queue\r");
    s.wait_for("four jobs done", LOAD, |sc| sc.matches("done").count() >= 4);
    s.send("q");
    assert_eq!(s.wait_exit(STEP), 0);

    // The emulator saw each account's reboots in each Region, signed with its own key.
    let reqs = std::fs::read_to_string(&requests).expect("request log written");
    let reboots: Vec<serde_json::Value> = reqs
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|j| j["operation"] == "RebootWorkspaces")
        .collect();
    let mut seen: Vec<(String, String)> = reboots
        .iter()
        .map(|j| {
            (
                j["account"].as_str().unwrap().to_string(),
                j["region"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    seen.sort();
    seen.dedup();
    assert_eq!(
        seen,
        [
            ("123456789012", "eu-west-1"),
            ("123456789012", "us-east-1"),
            ("210987654321", "eu-west-1"),
            ("210987654321", "us-east-1"),
        ]
        .map(|(a, r)| (a.to_string(), r.to_string()))
        .to_vec()
    );
    // The audit log: the profile and Region of each target, and the view's name.
    let log = std::fs::read_to_string(&audit).expect("audit log written");
    let outcomes: Vec<serde_json::Value> = log
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|j| j["outcome"] == "succeeded")
        .collect();
    assert!(!outcomes.is_empty(), "{log}");
    for j in &outcomes {
        assert_eq!(j["view"], "demo+demo-dev", "{j}");
        assert!(
            ["demo", "demo-dev"].contains(&j["profile"].as_str().unwrap()),
            "{j}"
        );
        assert!(
            ["us-east-1", "eu-west-1"].contains(&j["region"].as_str().unwrap()),
            "{j}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Live mode (`--endpoint-url`, credentials from the AWS files) with keys also exported in
/// the environment: each profile of the view signs with its own keys, as `aws --profile`
/// does, not with the environment's (the SDK's default chain would put those first and show
/// one account twice).
#[test]
fn each_profile_of_a_live_view_signs_with_its_own_keys_not_the_environments() {
    let dir =
        std::env::temp_dir().join(format!("wsfleet-e2e-live-profiles-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let requests = dir.join("requests.log");
    let port = pty::free_port();
    let mut sim = pty::start_sim(
        port,
        &[
            "--size".as_ref(),
            "5".as_ref(),
            "--no-throttle".as_ref(),
            "--request-log".as_ref(),
            requests.as_os_str(),
        ],
    );
    let key_of = |profile: &str| {
        let (_, akid, _) = wsfleet::sim::DEMO_ACCOUNTS
            .iter()
            .find(|(p, ..)| *p == profile)
            .unwrap();
        *akid
    };
    let credentials = dir.join("credentials");
    std::fs::write(
        &credentials,
        format!(
            "[demo-dev]\naws_access_key_id = {}\naws_secret_access_key = x\n\
             [demo-eu]\naws_access_key_id = {}\naws_secret_access_key = x\n",
            key_of("demo-dev"),
            key_of("demo-eu")
        ),
    )
    .unwrap();
    let config = dir.join("config.toml");
    std::fs::write(&config, "").unwrap();
    let (credentials_s, config_s, data_s) = (
        credentials.display().to_string(),
        config.display().to_string(),
        dir.join("data").display().to_string(),
    );
    let audit_s = dir.join("audit.log").display().to_string();
    let endpoint = format!("http://127.0.0.1:{port}");
    let env = [
        ("TERM", "xterm-256color"),
        ("WSFLEET_DATA_DIR", data_s.as_str()),
        // Keys of no demo profile: the emulator's default account.
        ("AWS_ACCESS_KEY_ID", "AKIDFROMTHEENVIRONMENT"),
        ("AWS_SECRET_ACCESS_KEY", "env"),
        ("AWS_CONFIG_FILE", "/dev/null"),
        ("AWS_SHARED_CREDENTIALS_FILE", credentials_s.as_str()),
    ];
    let mut s = Session::spawn_with_env(
        &[
            "--config",
            &config_s,
            "--endpoint-url",
            &endpoint,
            "--profile",
            "demo-dev,demo-eu",
            "--region",
            "us-east-1",
            "--audit-log",
            &audit_s,
        ],
        120,
        30,
        &env,
    );
    s.wait_for("both accounts loaded", LOAD, |sc| {
        sc.contains("WorkSpaces [1/10]") && sc.contains("refreshed")
    });
    s.send("q");
    assert_eq!(s.wait_exit(STEP), 0);
    let _ = sim.kill();
    let _ = sim.wait();
    let mut accounts: Vec<String> = pty::request_log(&requests)
        .iter()
        .filter_map(|j| j["account"].as_str().map(str::to_string))
        .collect();
    accounts.sort();
    accounts.dedup();
    assert_eq!(accounts, ["210987654321", "310000000003"]);
    let _ = std::fs::remove_dir_all(&dir);
}
