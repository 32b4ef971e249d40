//! `wsfleet do` (issue 29): the real binary against the emulator over HTTP; what was sent is
//! read from the emulator's request log (mutating operations carry their resource IDs).

mod cli_support;
mod common;

use cli_support::*;
use common::*;
use serde_json::Value;
use std::collections::BTreeSet;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reboot_sends_exactly_the_eligible_ids_in_batches_of_25_with_one_outcome_each() {
    let s = setup("reboot").await;
    let all = all_workspaces(&client(&s.emu)).await;
    let available = set_of(all.iter().filter(|w| is_state(w, "AVAILABLE")).map(ws_id));
    assert!(available.len() > 50, "{}", available.len());
    s.mutations();

    // The dry run: the plan, nothing sent.
    let dry = s
        .wsfleet(&["do", "reboot", "--filter", "state=AVAILABLE", "--dry-run"])
        .await;
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    let (send, skip) = dry_run_ids(&dry.stdout);
    assert_eq!(&send | &skip, available);
    assert!(s.mutations().is_empty());

    // More than confirm_typed_over: --yes is not enough, a wrong count sends nothing.
    for args in [
        &["--yes"][..],
        &["--confirm", "3"],
        &["--confirm", &(send.len() + 1).to_string()],
    ] {
        let mut all_args = vec!["do", "reboot", "--filter", "state=AVAILABLE"];
        all_args.extend_from_slice(args);
        let run = s.wsfleet(&all_args).await;
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("nothing sent"), "{}", run.stderr);
        assert_eq!(run.stdout, "");
    }
    // --max below the count refuses too.
    let n = send.len().to_string();
    let run = s
        .wsfleet(&[
            "do",
            "reboot",
            "--filter",
            "state=AVAILABLE",
            "--confirm",
            &n,
            "--max",
            "10",
        ])
        .await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(s.mutations().is_empty());
    assert!(s.audit().is_empty(), "nothing refused is audited as sent");

    let run = s
        .wsfleet(&[
            "do",
            "reboot",
            "--filter",
            "state=AVAILABLE",
            "--confirm",
            &n,
            "-o",
            "jsonl",
        ])
        .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let calls = s.mutations();
    assert!(calls
        .iter()
        .all(|(op, ids)| op == "RebootWorkspaces" && ids.len() <= 25));
    assert_eq!(calls.len(), send.len().div_ceil(25));
    let sent: Vec<String> = calls.into_iter().flat_map(|(_, ids)| ids).collect();
    assert_eq!(sent.len(), send.len(), "each ID once");
    assert_eq!(set_of(sent), send);
    // One outcome line per target, sent or skipped.
    let lines: Vec<Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), send.len() + skip.len());
    let succeeded = lines.iter().filter(|l| l["outcome"] == "succeeded");
    assert_eq!(
        set_of(succeeded.map(|l| l["resource"].as_str().unwrap().to_string())),
        send
    );
    // The audit log has each call before its outcome, and one outcome per target.
    let audit = s.audit();
    let outcomes = audit.iter().filter(|l| l["event"] == "outcome").count();
    assert_eq!(outcomes, send.len() + skip.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_few_unhealthy_ones_need_only_yes_and_read_only_sends_nothing() {
    let s = setup("unhealthy").await;
    let all = all_workspaces(&client(&s.emu)).await;
    let unhealthy = set_of(all.iter().filter(|w| is_state(w, "UNHEALTHY")).map(ws_id));
    assert!(!unhealthy.is_empty() && unhealthy.len() <= 25);
    s.mutations();

    let run = s
        .wsfleet(&[
            "--read-only",
            "do",
            "reboot",
            "--filter",
            "state=UNHEALTHY",
            "--yes",
        ])
        .await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    let run = s
        .wsfleet(&[
            "--read-only",
            "do",
            "reboot",
            "--filter",
            "state=UNHEALTHY",
            "--dry-run",
        ])
        .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(s.mutations().is_empty());

    // A destructive action needs the count, whatever its size.
    let run = s
        .wsfleet(&["do", "terminate", "--filter", "state=UNHEALTHY", "--yes"])
        .await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(s.mutations().is_empty());
    let run = s
        .wsfleet(&["do", "reboot", "--filter", "state=UNHEALTHY", "--yes"])
        .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let calls = s.mutations();
    assert_eq!(calls.len(), 1);
    assert_eq!(set_of(calls[0].1.clone()), unhealthy);
    assert_eq!(run.stdout.lines().count(), unhealthy.len());
    assert!(
        run.stdout
            .lines()
            .all(|l| l.contains("  reboot  succeeded")),
        "{}",
        run.stdout
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_mid_job_records_every_outcome_and_keeps_a_resumable_journal() {
    let s = setup("sigterm").await;
    let Stopped { send, skip, out } = s.rebuild_stopped_by_sigterm().await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(143), "{stderr}");
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // Every target has exactly one outcome; some were never sent.
    let ids: Vec<String> = lines
        .iter()
        .map(|l| l["resource"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), send.len() + skip.len());
    assert_eq!(set_of(ids), &send | &skip);
    let cancelled: Vec<&Value> = lines
        .iter()
        .filter(|l| l["outcome"] == "cancelled")
        .collect();
    assert!(!cancelled.is_empty());
    let sent = s.mutations().into_iter().flat_map(|(_, ids)| ids).count();
    assert!(
        sent < send.len(),
        "stopped mid-job: {sent} of {}",
        send.len()
    );
    // The journal keeps the unsent, to resume.
    let journal =
        std::fs::read_to_string(s.dir.join("data").join("unfinished-default.json")).unwrap();
    let unsent = cancelled[0]["resource"].as_str().unwrap();
    assert!(journal.contains(unsent), "{journal}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ids_from_get_on_stdin_are_acted_on_and_an_unknown_one_is_skipped() {
    let s = setup("ids").await;
    let get = s
        .wsfleet(&["get", "ws", "--filter", "state=UNHEALTHY", "-o", "ids"])
        .await;
    assert_eq!(get.code, 0, "{}", get.stderr);
    let unhealthy = set_of(get.stdout.lines().map(String::from));
    assert!(!unhealthy.is_empty());
    s.mutations();
    let mut child = s
        .command(&["do", "reboot", "--ids", "-", "--yes", "-o", "jsonl"])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let input = format!("{}{UNKNOWN_WS}\n", get.stdout);
    {
        use tokio::io::AsyncWriteExt;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(input.as_bytes()).await.unwrap();
    }
    let out = child.wait_with_output().await.unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), unhealthy.len() + 1);
    let unknown = lines.iter().find(|l| l["resource"] == UNKNOWN_WS).unwrap();
    assert_eq!(unknown["outcome"], "skipped");
    let sent: Vec<String> = s.mutations().into_iter().flat_map(|(_, ids)| ids).collect();
    assert_eq!(set_of(sent), unhealthy);
}

/// A resource as the request log names it: WorkSpaces IDs as they are, WorkSpaces
/// Applications images and fleets by name (the last part of an ARN).
fn named(id: &str) -> String {
    id.rsplit('/').next().unwrap().to_string()
}

/// `do ACTION --pane PANE ARGS… --filter FILTER`: the dry run's targets, then the real run
/// with `--confirm N` sends exactly those, each once, to `operation`, and prints one outcome
/// line per target. Returns the IDs sent.
async fn sends_exactly_the_eligible(
    s: &Setup,
    pane: &str,
    action: &str,
    filter: &str,
    extra: &[&str],
    operation: &str,
) -> BTreeSet<String> {
    // The emulator does not throttle here: a faster budget keeps one call per WorkSpace short.
    let mut base = vec!["--api-rate", "50", "--api-burst", "50"];
    base.extend_from_slice(&["do", action, "--pane", pane, "--filter", filter]);
    base.extend_from_slice(extra);
    let mut dry_args = base.clone();
    dry_args.push("--dry-run");
    let dry = s.wsfleet(&dry_args).await;
    assert_eq!(dry.code, 0, "{action} on {pane}: {}", dry.stderr);
    assert!(
        s.mutations().is_empty(),
        "{action}: the dry run sent nothing"
    );
    let (send, skip) = dry_run_ids(&dry.stdout);
    let n = send.len().to_string();
    let mut args = base.clone();
    args.extend_from_slice(&["--confirm", &n, "-o", "jsonl"]);
    let run = s.wsfleet(&args).await;
    assert!(
        run.code == 0 || run.code == 1,
        "{action} on {pane}: {}",
        run.stderr
    );
    let calls = s.mutations();
    assert!(
        calls.iter().all(|(op, _)| op == operation),
        "{action}: {calls:?}"
    );
    let sent: Vec<String> = calls.into_iter().flat_map(|(_, ids)| ids).collect();
    assert_eq!(
        sent.len(),
        send.len(),
        "{action} on {pane}: each target once"
    );
    assert_eq!(
        set_of(sent),
        set_of(send.iter().map(|i| named(i))),
        "{action} on {pane}"
    );
    let lines = json_lines(&run.stdout);
    assert_eq!(
        lines.len(),
        send.len() + skip.len(),
        "{action}: {}",
        run.stdout
    );
    assert!(lines.iter().all(|l| l["operation"] == operation));
    send
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_action_of_the_tui_sends_exactly_the_eligible_ids() {
    let s = setup("actions").await;
    s.requests();
    // WorkSpaces: running mode and admin maintenance (ModifyWorkspaceProperties,
    // ModifyWorkspaceState).
    let mode = "ModifyWorkspaceProperties";
    let auto =
        sends_exactly_the_eligible(&s, "ws", "auto-stop", "state=AVAILABLE", &[], mode).await;
    assert!(!auto.is_empty());
    let on = sends_exactly_the_eligible(&s, "ws", "always-on", "", &[], mode).await;
    assert!(
        on.is_superset(&auto),
        "every one made AUTO_STOP can go back"
    );
    let state = "ModifyWorkspaceState";
    let maint =
        sends_exactly_the_eligible(&s, "ws", "maintenance-on", "state=AVAILABLE", &[], state).await;
    assert!(!maint.is_empty());
    let off = sends_exactly_the_eligible(&s, "ws", "maintenance-off", "", &[], state).await;
    // Those now in admin maintenance: the ones just put there among them.
    assert!(!off.is_disjoint(&maint), "{off:?}");

    // Images: share and unshare with an account (UpdateWorkspaceImagePermission), delete.
    // Another account than the fleet's own (123456789012): an image cannot be shared with
    // its owner, and unshare sends only for images shared with the account.
    let account = ["--account", "999988887777"];
    let perm = "UpdateWorkspaceImagePermission";
    let shared = sends_exactly_the_eligible(&s, "img", "share", "", &account, perm).await;
    assert!(!shared.is_empty());
    sends_exactly_the_eligible(&s, "img", "unshare", "", &account, perm).await;
    sends_exactly_the_eligible(&s, "img", "delete-image", "", &[], "DeleteWorkspaceImage").await;

    // Pools: the AUTO_STOP STOPPED one starts; the ALWAYS_ON one is skipped.
    let started =
        sends_exactly_the_eligible(&s, "pools", "start", "", &[], "StartWorkspacesPool").await;
    assert_eq!(started.len(), 1);
    let capacity = ["--capacity", "7"];
    sends_exactly_the_eligible(
        &s,
        "pools",
        "capacity",
        "",
        &capacity,
        "UpdateWorkspacesPool",
    )
    .await;

    // WorkSpaces Applications: fleets stop and start, images shared.
    let stopped = sends_exactly_the_eligible(&s, "afl", "stop", "", &[], "StopFleet").await;
    assert!(!stopped.is_empty());
    sends_exactly_the_eligible(&s, "aimg", "share", "", &account, "UpdateImagePermissions").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_parameters_and_wrong_counts_send_nothing_and_exit_2() {
    let s = setup("bad").await;
    s.requests();
    // Held to the forms' rules before anything is read: not even a describe goes out.
    for (args, says) in [
        (
            &[
                "do",
                "share",
                "--pane",
                "img",
                "--account",
                "12345",
                "--yes",
            ][..],
            "12 digits",
        ),
        (
            &["do", "share", "--pane", "img", "--yes"],
            "needs --account",
        ),
        (
            &["do", "reboot", "--account", "123456789012", "--yes"],
            "takes no --account",
        ),
        (
            &[
                "do",
                "capacity",
                "--pane",
                "pools",
                "--capacity",
                "-1",
                "--yes",
            ],
            "capacity",
        ),
        // Bundles take tags only (the TUI's T).
        (
            &["do", "start", "--pane", "bundles", "--yes"],
            "unknown action 'start' on bundles (actions there: tags)",
        ),
        (&["do", "start", "--pane", "queue", "--yes"], "--pane"),
        (&["do", "delete-image", "--yes"], "unknown action"),
    ] {
        let mut all = args.to_vec();
        all.extend_from_slice(&["--filter", ""]);
        let run = s.wsfleet(&all).await;
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(says), "{args:?}: {}", run.stderr);
    }
    assert!(s.requests().is_empty(), "nothing read, nothing sent");

    // Unshare is destructive: --yes is not enough, a wrong count sends nothing. (Images are
    // shared with another account first, straight through the API: an image not shared with
    // it is skipped, which would leave nothing to confirm.)
    let c = client(&s.emu);
    for image in all_images(&c).await {
        let _ = c
            .update_workspace_image_permission()
            .image_id(image.image_id().unwrap())
            .allow_copy_image(true)
            .shared_account_id("999988887777")
            .send()
            .await;
    }
    s.mutations();
    let base = [
        "do",
        "unshare",
        "--pane",
        "img",
        "--account",
        "999988887777",
        "--filter",
        "",
    ];
    for extra in [&["--yes"][..], &["--confirm", "999"], &[]] {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        let run = s.wsfleet(&args).await;
        assert_eq!(run.code, 2, "{extra:?}: {}", run.stderr);
        assert!(run.stderr.contains("nothing sent"), "{}", run.stderr);
    }
    // Stopping fleets with sessions in use needs the count, as the TUI's typed confirmation.
    let run = s
        .wsfleet(&["do", "stop", "--pane", "afl", "--filter", "", "--yes"])
        .await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("in use"), "{}", run.stderr);
    // Read-only refuses every one but a dry run.
    let run = s
        .wsfleet(&[
            "--read-only",
            "do",
            "share",
            "--pane",
            "img",
            "--account",
            "123456789012",
            "--filter",
            "",
            "--yes",
        ])
        .await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    let run = s
        .wsfleet(&[
            "--read-only",
            "do",
            "maintenance-on",
            "--filter",
            "state=AVAILABLE",
            "--dry-run",
        ])
        .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(s.mutations().is_empty());
    assert!(s.audit().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_stdout_stops_sending_and_records_every_outcome() {
    use tokio::io::AsyncBufReadExt;
    let s = setup("epipe").await;
    let dry = s
        .wsfleet(&["do", "rebuild", "--filter", "state=AVAILABLE", "--dry-run"])
        .await;
    let (send, skip) = dry_run_ids(&dry.stdout);
    assert!(send.len() > 10);
    s.mutations();
    let n = send.len().to_string();
    // RebuildWorkspaces takes one WorkSpace a call: at one call a second the job is long.
    let mut child = s
        .command(&[
            "--api-rate",
            "1",
            "--api-burst",
            "1",
            "do",
            "rebuild",
            "--filter",
            "state=AVAILABLE",
            "--confirm",
            &n,
            "-o",
            "jsonl",
        ])
        .spawn()
        .unwrap();
    // As `| head -1`: read one line, then go away.
    let mut lines = tokio::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next_line().await.unwrap().unwrap();
    assert!(first.contains("\"outcome\""), "{first}");
    drop(lines);
    let out = child.wait_with_output().await.unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(141), "{stderr}");
    let sent = s.mutations().into_iter().flat_map(|(_, ids)| ids).count();
    assert!(sent < send.len(), "stopped: {sent} of {}", send.len());
    // Every target has exactly one outcome in the audit log; the unsent wait in the journal.
    let audited = s.audited_outcomes();
    assert_eq!(set_of(audited.keys().cloned()), &send | &skip);
    assert!(audited.values().all(|o| o.len() == 1), "{audited:?}");
    let cancelled: Vec<&String> = audited
        .iter()
        .filter(|(_, o)| o[0] == "cancelled")
        .map(|(id, _)| id)
        .collect();
    assert!(!cancelled.is_empty());
    let journal = s.journal().expect("the journal is kept");
    assert!(cancelled.iter().all(|id| journal.contains(id.as_str())));
}
