//! Targeted lookups through the real binary against a throttled 50,000-WorkSpace emulator
//! (AWS's 2 calls/s): a WorkSpace thousands of rows past where the sweep can be is found by
//! ID, and another by its user, well before the sweep could reach them (it would take over
//! 100 s to page that far). How fast is for the benchmarks; here, that they are found at all
//! proves the lookup and not the sweep found them. So is a third by a plain word of its
//! user name (issue 26).

mod pty;

use pty::Session;
use std::sync::Arc;
use std::time::{Duration, Instant};
use wsfleet::service::{demo_client, ClientOptions, RateBudget, WorkspacesService};
use wsfleet::sim::{Emulator, SimConfig};

const SIZE: usize = 50_000;
/// The sweep pages 25 WorkSpaces (and 25 connection statuses) per 2 calls at 2 calls/s:
/// these are 100 s and more away.
const FAR: usize = 5_000;
const LOAD: Duration = Duration::from_secs(120);
/// Far below the sweep's time to reach them, far above a lookup's (a call or two).
const FOUND: Duration = Duration::from_secs(45);

type Ws = wsfleet::domain::Workspace;

/// The WorkSpaces at positions FAR and FAR + 1,000 of the fleet's paging order, and the
/// first past FAR + 2,000 whose user name is in no user name before FAR (so a plain word of
/// it finds nothing the sweep can have loaded), read from an unthrottled emulator of the
/// same seed and size (the fleet is the same).
fn far_workspaces() -> (Ws, Ws, Ws) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let emu = Emulator::start(SimConfig {
            size: SIZE,
            throttle: None,
            ..SimConfig::default()
        })
        .await
        .unwrap();
        let client = demo_client(&emu.endpoint_url(), "us-east-1", &ClientOptions::default());
        let svc = WorkspacesService::new(
            client,
            "us-east-1".into(),
            Arc::new(RateBudget::unlimited()),
        );
        let mut rows = vec![];
        let mut token = None;
        while rows.len() <= FAR + 3_000 {
            let page = svc.describe_workspaces_page(token).await.unwrap();
            rows.extend(page.items);
            token = page.next_token;
        }
        emu.shutdown().await;
        let near = &rows[..FAR];
        let unseen = |w: &&Ws| {
            let name = w.user_name.to_lowercase();
            !near
                .iter()
                .any(|n| n.user_name.to_lowercase().contains(&name))
        };
        let by_word = rows[FAR + 2_000..].iter().find(unseen).unwrap().clone();
        (rows[FAR].clone(), rows[FAR + 1_000].clone(), by_word)
    })
}

#[test]
fn a_far_workspace_is_found_by_id_and_by_user_long_before_the_sweep_reaches_it() {
    let (by_id, by_user, by_word) = far_workspaces();
    let port = pty::free_port();
    // AWS's rate: 2 calls/s, burst 5 (the emulator's default).
    let size = SIZE.to_string();
    let mut sim = pty::start_sim(port, &["--size".as_ref(), size.as_ref()]);
    let (_, akid, _) = wsfleet::sim::DEMO_ACCOUNTS[0];
    let endpoint = format!("http://127.0.0.1:{port}");
    let dir = std::env::temp_dir().join(format!("wsfleet-lookups-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("config.toml");
    std::fs::write(&config, "").unwrap();
    let (data, audit) = (dir.join("data"), dir.join("audit.log"));
    let (config_s, data_s, audit_s) = (
        config.display().to_string(),
        data.display().to_string(),
        audit.display().to_string(),
    );
    let env = [
        ("TERM", "xterm-256color"),
        ("WSFLEET_DATA_DIR", data_s.as_str()),
        ("AWS_ACCESS_KEY_ID", akid),
        ("AWS_SECRET_ACCESS_KEY", "emulated"),
        ("AWS_CONFIG_FILE", "/dev/null"),
        ("AWS_SHARED_CREDENTIALS_FILE", "/dev/null"),
    ];
    let mut s = Session::spawn_with_env(
        &[
            "--config",
            &config_s,
            "--endpoint-url",
            &endpoint,
            "--region",
            "us-east-1",
            "--audit-log",
            &audit_s,
        ],
        160,
        30,
        &env,
    );
    s.wait_for("the sweep under way", LOAD, |sc| {
        sc.contains("loading WorkSpaces") && sc.contains("┌ WorkSpaces [1/")
    });
    // By ID: the row itself, not the filter in the title.
    let t0 = Instant::now();
    s.send(&format!("/{}\r", by_id.id));
    let row = format!("│ {}", by_id.id);
    let screen = s.wait_for("found by ID", FOUND, |sc| sc.contains(&row));
    println!("found {} by ID in {:?}", by_id.id, t0.elapsed());
    assert!(screen.contains(&by_id.user_name), "{screen}");
    // The directories (few) load first; a user is looked up in each of them.
    s.send("\x1b");
    s.send(":dirs\r");
    s.wait_for("directories", LOAD, |sc| sc.contains("┌ Directories [1/"));
    let t1 = Instant::now();
    s.send(&format!(":ws user={}\r", by_user.user_name));
    let row = format!("│ {}", by_user.id);
    s.wait_for("found by user", FOUND, |sc| sc.contains(&row));
    println!(
        "found {} by user {} in {:?}",
        by_user.id,
        by_user.user_name,
        t1.elapsed()
    );
    // Issue 26: a plain word finding nothing loaded is looked up as a user name too, and
    // the status line says so.
    s.send("\x1b");
    let typed = format!("user={}", by_user.user_name);
    s.wait_for("filter cleared", FOUND, |sc| !sc.contains(&typed));
    let t2 = Instant::now();
    s.send(&format!("/{}\r", by_word.user_name));
    s.wait_for("the word looked up", FOUND, |sc| {
        sc.contains("looking it up as a user name")
    });
    let row = format!("│ {}", by_word.id);
    s.wait_for("found by plain word", FOUND, |sc| sc.contains(&row));
    println!(
        "found {} by the plain word {} in {:?}",
        by_word.id,
        by_word.user_name,
        t2.elapsed()
    );
    s.send("q");
    let _ = s.wait_exit(Duration::from_secs(20));
    let _ = sim.kill();
    let _ = sim.wait();
}
