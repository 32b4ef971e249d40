//! `wsfleet get doctor`: the doctor's findings without the TUI, against the emulator over
//! HTTP, with the pane's columns; the UNHEALTHY finding names exactly the WorkSpaces the
//! emulator holds UNHEALTHY, and nothing mutating is sent.

mod cli_support;
mod common;

use cli_support::*;
use common::*;
use serde_json::Value;
use std::collections::BTreeSet;

#[tokio::test(flavor = "multi_thread")]
async fn get_doctor_lists_the_findings_with_the_panes_columns() {
    let s = setup("doctor").await;
    std::fs::write(
        s.dir.join("config.toml"),
        "[doctor]\nunhealthy_minutes = 0\n",
    )
    .unwrap();
    let bad: BTreeSet<String> = all_workspaces(&client(&s.emu))
        .await
        .iter()
        .filter(|w| is_state(w, "UNHEALTHY"))
        .map(ws_id)
        .collect();
    assert!(!bad.is_empty(), "the fleet has unhealthy WorkSpaces");
    s.requests();
    let run = s.wsfleet(&["get", "doctor", "-o", "jsonl"]).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows: Vec<Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let unhealthy = rows
        .iter()
        .find(|r| r["RULE"] == "unhealthy")
        .unwrap_or_else(|| panic!("no unhealthy finding: {}", run.stdout));
    assert_eq!(unhealthy["SEVERITY"], "ERROR");
    assert_eq!(unhealthy["FIX"], "R reboot");
    assert_eq!(unhealthy["COUNT"], bad.len() as u64);
    let named: BTreeSet<String> = unhealthy["RESOURCES"]
        .as_str()
        .unwrap()
        .split(' ')
        .map(String::from)
        .collect();
    assert_eq!(named, bad);
    assert!(
        s.mutations().is_empty(),
        "get sends nothing mutating: {:?}",
        s.mutations()
    );
    let table = s
        .wsfleet(&["get", "doctor", "--filter", "rule=unhealthy"])
        .await;
    assert_eq!(table.code, 0, "{}", table.stderr);
    assert!(
        table.stdout.contains("UNHEALTHY over 0 min"),
        "{}",
        table.stdout
    );
}
