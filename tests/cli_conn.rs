//! The connections pane without the TUI (issue 29): `wsfleet get conn` prints what the
//! emulator holds (DescribeWorkspacesConnectionStatus, with the user from DescribeWorkspaces),
//! and `wsfleet do ACTION --pane conn` acts on the WorkSpaces the connections pane's filter
//! keeps, checked by the WorkSpaces' own state. The real binary against the emulator over
//! HTTP; what was sent is read from the emulator's request log.

mod cli_support;
mod common;

use aws_sdk_workspaces::types::WorkspaceConnectionStatus;
use aws_sdk_workspaces::Client;
use cli_support::*;
use common::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Every connection status the emulator holds (NextToken followed until exhausted).
async fn all_connections(c: &Client) -> Vec<WorkspaceConnectionStatus> {
    let mut out = vec![];
    let mut token: Option<String> = None;
    loop {
        let page = c
            .describe_workspaces_connection_status()
            .set_next_token(token.clone())
            .send()
            .await
            .expect("DescribeWorkspacesConnectionStatus page");
        out.extend(page.workspaces_connection_status().iter().cloned());
        match page.next_token() {
            Some(t) => token = Some(t.to_string()),
            None => break,
        }
    }
    out
}

/// A time as `get` exports it: RFC 3339 in UTC to the second.
fn iso(t: Option<&aws_smithy_types::DateTime>) -> Value {
    match t {
        Some(t) => Value::String(
            chrono::DateTime::from_timestamp(t.secs(), 0)
                .unwrap()
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        ),
        None => Value::Null,
    }
}

/// An exported cell with nothing in it (a time never set) is null in JSON.
fn same_time(got: &Value, want: &Value) -> bool {
    got == want || (want.is_null() && (got.is_null() || got == ""))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_conn_values_equal_the_emulators() {
    let s = setup("get-conn").await;
    let c = client(&s.emu);
    let conns = all_connections(&c).await;
    let users: BTreeMap<String, String> = all_workspaces(&c)
        .await
        .iter()
        .map(|w| (ws_id(w), w.user_name().unwrap_or_default().to_string()))
        .collect();
    assert_eq!(conns.len(), SIZE);
    s.requests();

    let run = s.wsfleet(&["get", "conn", "-o", "jsonl"]).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "", "nothing on a stderr that is no terminal");
    let rows = json_lines(&run.stdout);
    assert_eq!(rows.len(), SIZE, "one row per WorkSpace");
    let by_id: BTreeMap<&str, &Value> = rows
        .iter()
        .map(|r| (r["WORKSPACE"].as_str().unwrap(), r))
        .collect();
    assert_eq!(by_id.len(), SIZE, "each WorkSpace once");
    let mut connected = 0;
    for want in &conns {
        let id = want.workspace_id().unwrap();
        let row = by_id.get(id).unwrap_or_else(|| panic!("{id} not listed"));
        let state = want.connection_state().map(|s| s.as_str()).unwrap_or("");
        connected += usize::from(state == "CONNECTED");
        assert_eq!(row["STATE"], state, "{id}");
        // USER is joined from DescribeWorkspaces: `get conn` reads it for the column.
        assert_eq!(row["USER"], users[id].as_str(), "{id}");
        let last = iso(want.last_known_user_connection_timestamp());
        assert!(same_time(&row["LAST CONNECTED AT"], &last), "{id}: {row}");
        assert!(same_time(&row["LAST CONN"], &last), "{id}: {row}");
        // The emulator stamps the check time when asked: `get` asked after this test did.
        let checked = iso(want.connection_state_check_timestamp());
        let (got, earlier) = (row["CHECKED"].as_str(), checked.as_str());
        assert!(got.is_some() && got >= earlier, "{id}: {row}");
    }
    assert!(connected > 0, "the seeded fleet has users connected");
    // The user column needed the WorkSpaces sweep too; nothing was sent that changes anything.
    let ops: BTreeSet<String> = s
        .requests()
        .iter()
        .map(|v| v["operation"].as_str().unwrap().to_string())
        .collect();
    assert!(
        ops.contains("DescribeWorkspacesConnectionStatus"),
        "{ops:?}"
    );
    assert!(ops.contains("DescribeWorkspaces"), "{ops:?}");

    // Without the user column, the WorkSpaces are not swept; a filter on the state keeps
    // exactly the emulator's disconnected ones.
    let run = s
        .wsfleet(&[
            "get",
            "conn",
            "--filter",
            "state=DISCONNECTED",
            "--columns",
            "workspace,state",
            "-o",
            "csv",
        ])
        .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut lines = run.stdout.lines();
    assert_eq!(lines.next(), Some("WORKSPACE,STATE"));
    let listed: BTreeSet<String> = lines
        .map(|l| l.split(',').next().unwrap().to_string())
        .collect();
    let disconnected = conns
        .iter()
        .filter(|c| c.connection_state().map(|s| s.as_str()) == Some("DISCONNECTED"))
        .map(|c| c.workspace_id().unwrap().to_string());
    assert_eq!(listed, set_of(disconnected));
    let ops: Vec<String> = s
        .requests()
        .iter()
        .map(|v| v["operation"].as_str().unwrap().to_string())
        .collect();
    assert!(
        !ops.iter().any(|o| o == "DescribeWorkspaces"),
        "no user column, no WorkSpaces sweep: {ops:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn do_reboot_from_the_connections_pane_acts_on_the_workspaces_it_keeps() {
    let s = setup("do-conn").await;
    let c = client(&s.emu);
    let conns = all_connections(&c).await;
    let all = all_workspaces(&c).await;
    let state_of: BTreeMap<String, String> = all
        .iter()
        .map(|w| (ws_id(w), state_str(w).to_string()))
        .collect();
    // The WorkSpaces nobody is connected to, as the connections pane's filter keeps them.
    let chosen: BTreeSet<String> = conns
        .iter()
        .filter(|c| c.connection_state().map(|s| s.as_str()) == Some("DISCONNECTED"))
        .map(|c| c.workspace_id().unwrap().to_string())
        .collect();
    // Of those, reboot takes the AVAILABLE and UNHEALTHY ones (RebootWorkspaces).
    let eligible: BTreeSet<String> = chosen
        .iter()
        .filter(|id| matches!(state_of[*id].as_str(), "AVAILABLE" | "UNHEALTHY"))
        .cloned()
        .collect();
    assert!(!eligible.is_empty() && eligible.len() < chosen.len());
    s.requests();

    let base = [
        "--api-rate",
        "50",
        "--api-burst",
        "50",
        "do",
        "reboot",
        "--pane",
        "conn",
        "--filter",
        "state=DISCONNECTED",
    ];
    let mut dry = base.to_vec();
    dry.push("--dry-run");
    let dry = s.wsfleet(&dry).await;
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    let (send, skip) = dry_run_ids(&dry.stdout);
    assert_eq!(send, eligible, "{}", dry.stdout);
    assert_eq!(
        &send | &skip,
        chosen,
        "every chosen WorkSpace sent or skipped"
    );
    assert!(s.mutations().is_empty(), "the dry run sent nothing");

    let n = eligible.len().to_string();
    let mut args = base.to_vec();
    args.extend_from_slice(&["--confirm", &n, "-o", "jsonl"]);
    let run = s.wsfleet(&args).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let calls = s.mutations();
    assert!(calls
        .iter()
        .all(|(op, ids)| op == "RebootWorkspaces" && ids.len() <= 25));
    let sent: Vec<String> = calls.into_iter().flat_map(|(_, ids)| ids).collect();
    assert_eq!(sent.len(), eligible.len(), "each once");
    assert_eq!(set_of(sent), eligible);
    // One outcome per chosen WorkSpace, in the output and in the audit log.
    let lines = json_lines(&run.stdout);
    assert_eq!(lines.len(), chosen.len());
    let audited = s.audited_outcomes();
    for id in &chosen {
        let want = if eligible.contains(id) {
            "succeeded"
        } else {
            "skipped"
        };
        assert_eq!(audited.get(id), Some(&vec![want.to_string()]), "{id}");
    }
}
