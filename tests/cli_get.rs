//! `wsfleet get` (issue 29): the real binary against the emulator over HTTP, checked against
//! what the emulator holds and what its request log says was sent.

mod common;

use common::*;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use wsfleet::sim::{Emulator, RequestLog};

const SIZE: usize = 120;

struct Setup {
    emu: Emulator,
    dir: PathBuf,
    log: PathBuf,
}

async fn setup(name: &str) -> Setup {
    let dir = std::env::temp_dir().join(format!("wsfleet-cli-get-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("config.toml"), "").unwrap();
    let log = dir.join("requests.jsonl");
    let emu = start_with(wsfleet::sim::SimConfig {
        request_log: Some(RequestLog::open(&log).unwrap()),
        ..quiet_config(SIZE)
    })
    .await;
    Setup { emu, dir, log }
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Setup {
    async fn get(&self, args: &[&str]) -> Run {
        let (_, akid, _) = wsfleet::sim::DEMO_ACCOUNTS[0];
        let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_wsfleet"))
            .arg("--config")
            .arg(self.dir.join("config.toml"))
            .args([
                "--endpoint-url",
                &self.emu.endpoint_url(),
                "--region",
                REGION,
            ])
            .arg("get")
            .args(args)
            .env("WSFLEET_DATA_DIR", self.dir.join("data"))
            .env("AWS_ACCESS_KEY_ID", akid)
            .env("AWS_SECRET_ACCESS_KEY", "emulated")
            .env("AWS_CONFIG_FILE", "/dev/null")
            .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
            .env_remove("AWS_PROFILE")
            .output()
            .await
            .unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
        }
    }

    /// The operations the emulator received since the log was last taken.
    fn operations(&self) -> Vec<String> {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        std::fs::write(&self.log, "").unwrap();
        text.lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap())
            .map(|v| v["operation"].as_str().unwrap().to_string())
            .collect()
    }
}

fn json_lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn count(ops: &[String], op: &str) -> usize {
    ops.iter().filter(|o| *o == op).count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ids_and_values_equal_the_emulators() {
    let s = setup("values").await;
    let all = all_workspaces(&client(&s.emu)).await;
    s.operations();

    let run = s.get(&["ws", "-o", "ids"]).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "", "nothing on a stderr that is no terminal");
    let ids: BTreeSet<String> = run.stdout.lines().map(String::from).collect();
    assert_eq!(ids, set_of(all.iter().map(ws_id)));
    assert_eq!(run.stdout.lines().count(), SIZE);
    // IDs alone need no connection status.
    let ops = s.operations();
    assert_eq!(
        count(&ops, "DescribeWorkspacesConnectionStatus"),
        0,
        "{ops:?}"
    );
    assert!(count(&ops, "DescribeWorkspaces") >= SIZE / 25, "{ops:?}");

    let run = s
        .get(&[
            "ws",
            "--filter",
            "state=UNHEALTHY",
            "--columns",
            "id,user,state,root",
            "-o",
            "jsonl",
        ])
        .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows = json_lines(&run.stdout);
    let unhealthy: Vec<_> = all.iter().filter(|w| is_state(w, "UNHEALTHY")).collect();
    assert!(!unhealthy.is_empty());
    assert_eq!(rows.len(), unhealthy.len());
    for w in unhealthy {
        let row = rows.iter().find(|r| r["ID"] == ws_id(w)).expect("listed");
        let keys: Vec<&String> = row.as_object().unwrap().keys().collect();
        assert_eq!(keys.len(), 4);
        assert_eq!(row["USER"], w.user_name().unwrap_or_default());
        assert_eq!(row["STATE"], "UNHEALTHY");
        let props = w.workspace_properties().unwrap();
        let root = props.root_volume_size_gib().unwrap();
        assert_eq!(row["ROOT"], serde_json::json!(root));
    }
    let ops = s.operations();
    assert_eq!(
        count(&ops, "DescribeWorkspacesConnectionStatus"),
        0,
        "{ops:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connection_status_is_read_when_a_column_asks_and_sorts_as_asked() {
    let s = setup("conn").await;
    let run = s
        .get(&[
            "ws",
            "--columns",
            "id,conn",
            "--sort",
            "id:desc",
            "-o",
            "csv",
        ])
        .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut lines = run.stdout.lines();
    assert_eq!(lines.next(), Some("ID,CONN"));
    let ids: Vec<&str> = lines.map(|l| l.split(',').next().unwrap()).collect();
    assert_eq!(ids.len(), SIZE);
    let mut sorted = ids.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(ids, sorted);
    assert!(count(&s.operations(), "DescribeWorkspacesConnectionStatus") > 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_filter_of_ids_or_users_is_looked_up_without_a_sweep() {
    let s = setup("lookup").await;
    let all = all_workspaces(&client(&s.emu)).await;
    let far = &all[SIZE - 2];
    s.operations();
    let filter = format!("id={}", ws_id(far));
    let run = s.get(&["ws", "--filter", &filter, "-o", "ids"]).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, format!("{}\n", ws_id(far)));
    // One DescribeWorkspaces by ID, not a sweep of every page.
    let ops = s.operations();
    assert_eq!(count(&ops, "DescribeWorkspaces"), 1, "{ops:?}");

    // A user: looked up in each directory (DescribeWorkspaces takes a user name only with
    // its directory), the directories read first.
    let user = far.user_name().unwrap();
    let filter = format!("user={user}");
    let run = s.get(&["ws", "--filter", &filter, "-o", "ids"]).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let want = all
        .iter()
        .filter(|w| w.user_name().is_some_and(|u| u.eq_ignore_ascii_case(user)))
        .map(ws_id);
    assert_eq!(set_of(run.stdout.lines().map(String::from)), set_of(want));
    let ops = s.operations();
    let directories = count(&ops, "DescribeWorkspaceDirectories");
    assert!(directories >= 1, "{ops:?}");
    assert!(count(&ops, "DescribeWorkspaces") < SIZE / 25, "{ops:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn other_panes_and_bad_input() {
    let s = setup("panes").await;
    let images = all_images(&client(&s.emu)).await;
    s.operations();
    let run = s.get(&["img", "-o", "json"]).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let listed: Value = serde_json::from_str(&run.stdout).unwrap();
    let listed: BTreeSet<String> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["ID"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        listed,
        set_of(images.iter().map(|i| i.image_id().unwrap().to_string()))
    );
    let run = s.get(&["dirs"]).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("ID "), "{}", run.stdout);
    s.operations();

    // Bad input: exit 2, said on stderr, nothing sent.
    for args in [
        &["nope"][..],
        &["ws", "--filter", "nocolumn=1"],
        &["ws", "--sort", "nocolumn"],
        &["ws", "--columns", "id,nocolumn"],
    ] {
        let run = s.get(args).await;
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.starts_with("wsfleet get: "), "{}", run.stderr);
        assert_eq!(run.stdout, "");
    }
    assert!(s.operations().is_empty());
    let _ = std::fs::remove_dir_all(Path::new(&s.dir));
}
