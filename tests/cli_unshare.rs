//! `wsfleet do unshare` (issue 29): an image not shared with the account is skipped, with the
//! reason, and nothing is sent for it (UpdateWorkspaceImagePermission for a WorkSpaces image,
//! DeleteImagePermissions for a WorkSpaces Applications image); the ones shared with it are
//! unshared, each target with exactly one outcome. The real binary against the emulator over
//! HTTP; what was sent is read from the emulator's request log.

mod cli_support;
mod common;

use cli_support::*;
use serde_json::Value;
use std::collections::BTreeSet;

/// An account no image of the seeded fleet is shared with (not one of the demo accounts).
const ACCOUNT: &str = "999988887777";
/// A faster budget than AWS's 2 calls/s: the emulator does not throttle here, and unshare
/// reads each image's shares (one call per image).
const FAST: [&str; 4] = ["--api-rate", "50", "--api-burst", "50"];

async fn run(s: &Setup, args: &[&str]) -> Run {
    let mut all = FAST.to_vec();
    all.extend_from_slice(args);
    s.wsfleet(&all).await
}

/// The IDs `get PANE -o ids` lists.
async fn ids(s: &Setup, pane: &str) -> Vec<String> {
    let out = run(s, &["get", pane, "-o", "ids"]).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.stdout.lines().map(String::from).collect()
}

/// Share the image `id` of `pane` with ACCOUNT through `do share`, and check it was sent.
async fn share_one(s: &Setup, pane: &str, id: &str) {
    let file = s.dir.join(format!("share-{pane}.txt"));
    std::fs::write(&file, format!("{id}\n")).unwrap();
    let file = file.to_string_lossy().to_string();
    let shared = run(
        s,
        &[
            "do",
            "share",
            "--pane",
            pane,
            "--account",
            ACCOUNT,
            "--ids",
            &file,
            "--yes",
        ],
    )
    .await;
    assert_eq!(shared.code, 0, "{}{}", shared.stdout, shared.stderr);
    assert_eq!(s.mutations().len(), 1, "one share sent");
    // The audit log from here on is the unshare's alone.
    std::fs::write(s.dir.join("audit.log"), "").unwrap();
}

/// The dry run of unshare on the whole pane: the plan names `shared` alone to send and every
/// other image skipped as not shared with ACCOUNT; nothing is sent.
async fn dry_run_sends_only(s: &Setup, pane: &str, shared: &str, all: &[String]) {
    let dry = run(
        s,
        &[
            "do",
            "unshare",
            "--pane",
            pane,
            "--account",
            ACCOUNT,
            "--filter",
            "",
            "--dry-run",
        ],
    )
    .await;
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    let (send, skip) = dry_run_ids(&dry.stdout);
    assert_eq!(send, BTreeSet::from([shared.to_string()]), "{}", dry.stdout);
    let others: BTreeSet<String> = all.iter().filter(|i| *i != shared).cloned().collect();
    assert_eq!(skip, others, "{}", dry.stdout);
    let reason = format!("not shared with {ACCOUNT}: nothing to unshare");
    // Each image not shared with the account says so (an Applications image of AWS or of
    // another account may be skipped for being not this account's first).
    let said = dry.stdout.lines().filter(|l| l.contains(&reason)).count();
    assert!(said >= 1, "{}", dry.stdout);
    if pane == "img" {
        assert_eq!(said, others.len(), "{}", dry.stdout);
    }
    assert!(s.mutations().is_empty(), "the dry run sent nothing");
}

/// The real unshare of the whole pane: one call, for `shared` (its resource as the request
/// log names it: `logged`), and one outcome per image, the others skipped.
async fn unshare_sends_only(s: &Setup, pane: &str, shared: &str, logged: &str, all: &[String]) {
    let out = run(
        s,
        &[
            "do",
            "unshare",
            "--pane",
            pane,
            "--account",
            ACCOUNT,
            "--filter",
            "",
            "--confirm",
            "1",
            "-o",
            "jsonl",
        ],
    )
    .await;
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let op = match pane {
        "img" => "UpdateWorkspaceImagePermission",
        _ => "DeleteImagePermissions",
    };
    assert_eq!(
        s.mutations(),
        [(op.to_string(), vec![logged.to_string()])],
        "only the shared image was sent"
    );
    let lines: Vec<Value> = json_lines(&out.stdout);
    assert_eq!(lines.len(), all.len(), "one outcome line per image");
    for l in &lines {
        let id = l["resource"].as_str().unwrap();
        let want = if id == shared { "succeeded" } else { "skipped" };
        assert_eq!(l["outcome"], want, "{l}");
    }
    let audited = s.audited_outcomes();
    for id in all {
        let want = if id == shared { "succeeded" } else { "skipped" };
        assert_eq!(audited.get(id), Some(&vec![want.to_string()]), "{id}");
    }
    // Shared with nobody now: a second unshare sends nothing and says why.
    let again = run(
        s,
        &[
            "do",
            "unshare",
            "--pane",
            pane,
            "--account",
            ACCOUNT,
            "--filter",
            "",
            "--dry-run",
        ],
    )
    .await;
    let (send, _) = dry_run_ids(&again.stdout);
    assert!(send.is_empty(), "{}", again.stdout);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unshare_skips_workspaces_images_not_shared_with_the_account() {
    let s = setup("unshare-img").await;
    let images = ids(&s, "img").await;
    assert!(images.len() >= 3, "{images:?}");
    // An AVAILABLE image to share (share needs AVAILABLE): the first the dry run would send.
    let dry = run(
        &s,
        &[
            "do",
            "share",
            "--pane",
            "img",
            "--account",
            ACCOUNT,
            "--filter",
            "",
            "--dry-run",
        ],
    )
    .await;
    let (can_share, _) = dry_run_ids(&dry.stdout);
    let shared = can_share.iter().next().expect("an AVAILABLE image").clone();
    s.requests();
    share_one(&s, "img", &shared).await;
    dry_run_sends_only(&s, "img", &shared, &images).await;
    unshare_sends_only(&s, "img", &shared, &shared, &images).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unshare_skips_applications_images_not_shared_with_the_account() {
    let s = setup("unshare-aimg").await;
    let images = ids(&s, "aimg").await;
    let dry = run(
        &s,
        &[
            "do",
            "share",
            "--pane",
            "aimg",
            "--account",
            ACCOUNT,
            "--filter",
            "",
            "--dry-run",
        ],
    )
    .await;
    let (can_share, _) = dry_run_ids(&dry.stdout);
    let shared = can_share.iter().next().expect("a private image").clone();
    s.requests();
    share_one(&s, "aimg", &shared).await;
    dry_run_sends_only(&s, "aimg", &shared, &images).await;
    // The request log names an Applications image by its name (the ARN's last part).
    let name = shared.rsplit('/').next().unwrap().to_string();
    unshare_sends_only(&s, "aimg", &shared, &name, &images).await;
}
