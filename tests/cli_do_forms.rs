//! `wsfleet do` for the actions that take a form in the TUI (issue 29): migrate, modify,
//! tags, switch-image. The real binary against the emulator over HTTP: what was sent is read
//! from the emulator's request log, what it did from the emulator. Bad flag values exit 2
//! before anything is read; an unknown bundle or image exits 2 naming the closest ones; a
//! dry run sends nothing.

mod cli_support;
mod common;

use cli_support::*;
use common::*;
use std::sync::Arc;
use wsfleet::domain::AMAZON_BUNDLE_OWNER;
use wsfleet::service::{demo_client, ClientOptions, RateBudget, WorkspacesService};

/// The emulator does not throttle here: a faster budget keeps the runs short.
const FAST: &[&str] = &["--api-rate", "50", "--api-burst", "50"];

fn service(s: &Setup) -> WorkspacesService {
    let client = demo_client(&s.emu.endpoint_url(), REGION, &ClientOptions::default());
    WorkspacesService::new(client, REGION.into(), Arc::new(RateBudget::unlimited()))
}

impl Setup {
    async fn run(&self, args: &[&str]) -> Run {
        let mut all = FAST.to_vec();
        all.extend_from_slice(args);
        self.wsfleet(&all).await
    }

    fn ids_file(&self, name: &str, ids: &[String]) -> String {
        let path = self.dir.join(name);
        std::fs::write(&path, ids.join("\n")).unwrap();
        path.display().to_string()
    }
}

/// Refused before anything is read: exit 2, the message, no request at all.
async fn refused_before_reading(s: &Setup, args: &[&str], says: &str) {
    s.requests();
    let run = s.run(args).await;
    assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
    assert!(run.stderr.contains(says), "{args:?}: {}", run.stderr);
    assert_eq!(run.stdout, "");
    assert!(s.requests().is_empty(), "{args:?}: nothing read or sent");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migrate_sends_one_migrate_workspace_to_an_offered_bundle_and_refuses_an_unknown_one() {
    let s = setup("forms-migrate").await;
    let c = client(&s.emu);
    let available: Vec<String> = (all_workspaces(&c).await.iter())
        .filter(|w| is_state(w, "AVAILABLE"))
        .map(ws_id)
        .collect();
    let ids = s.ids_file("available", &available);

    refused_before_reading(
        &s,
        &["do", "migrate", "--ids", &ids, "--yes"],
        "migrate needs --bundle",
    )
    .await;
    refused_before_reading(
        &s,
        &[
            "do", "migrate", "--ids", &ids, "--bundle", "bundle-1", "--yes",
        ],
        "--bundle: 'bundle-1' is not a wsb- ID",
    )
    .await;
    refused_before_reading(
        &s,
        &["do", "reboot", "--ids", &ids, "--bundle", "wsb-abcdefgh1"],
        "reboot takes no --bundle",
    )
    .await;

    // A well-formed ID the service does not list: refused with the closest, nothing sent.
    s.mutations();
    let run = s
        .run(&[
            "do",
            "migrate",
            "--ids",
            &ids,
            "--bundle",
            "wsb-zzzzzzzz9",
            "--confirm",
            "1",
        ])
        .await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("--bundle wsb-zzzzzzzz9: not an AVAILABLE Windows bundle of us-east-1")
            && run.stderr.contains("closest: wsb-"),
        "{}",
        run.stderr
    );
    assert!(s.mutations().is_empty());

    // An own AVAILABLE bundle the form offers: the dry run's plan, nothing sent.
    let bundles = service(&s)
        .describe_bundles_page(None, None)
        .await
        .unwrap()
        .items;
    let mut chosen = None;
    for b in bundles
        .iter()
        .filter(|b| b.owner != AMAZON_BUNDLE_OWNER && b.state == "AVAILABLE")
    {
        let dry = s
            .run(&[
                "do",
                "migrate",
                "--ids",
                &ids,
                "--bundle",
                &b.id,
                "--dry-run",
            ])
            .await;
        let (send, _) = dry_run_ids(&dry.stdout);
        if dry.code == 0 && !send.is_empty() {
            assert!(dry.stderr.contains("needs --confirm"), "{}", dry.stderr);
            chosen = Some((b.id.clone(), send.into_iter().next().unwrap()));
            break;
        }
    }
    let (bundle, ws) = chosen.expect("an own bundle some WorkSpace can migrate to");
    assert!(s.mutations().is_empty(), "the dry runs sent nothing");

    // Destructive: --yes is not enough.
    let one = s.ids_file("one", std::slice::from_ref(&ws));
    let run = s
        .run(&["do", "migrate", "--ids", &one, "--bundle", &bundle, "--yes"])
        .await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("needs --confirm 1"), "{}", run.stderr);
    assert!(s.mutations().is_empty());

    let run = s
        .run(&[
            "do",
            "migrate",
            "--ids",
            &one,
            "--bundle",
            &bundle,
            "--confirm",
            "1",
            "-o",
            "jsonl",
        ])
        .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        s.mutations(),
        vec![("MigrateWorkspace".to_string(), vec![ws.clone()])]
    );
    let lines = json_lines(&run.stdout);
    assert_eq!(lines.len(), 1, "{}", run.stdout);
    assert_eq!(lines[0]["resource"], ws.as_str());
    assert_eq!(lines[0]["outcome"], "succeeded");
    // The new WorkSpace is the outcome's result, on the bundle asked for.
    let new_id = lines[0]["result"].as_str().expect("the new WorkSpace ID");
    let new = describe_ws(&c, new_id).await.expect("the new WorkSpace");
    assert_eq!(new.bundle_id(), Some(bundle.as_str()));
    let outcomes = s.audited_outcomes();
    assert_eq!(outcomes.get(&ws).map(Vec::len), Some(1), "{outcomes:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn modify_sends_the_form_s_properties_and_refuses_what_the_form_refuses() {
    let s = setup("forms-modify").await;
    let c = client(&s.emu);
    let target = (all_workspaces(&c).await.iter())
        .find(|w| available_autostop(w))
        .map(ws_id)
        .expect("an AVAILABLE AUTO_STOP WorkSpace");
    let one = s.ids_file("one", std::slice::from_ref(&target));

    for (flags, says) in [
        (&[][..], "modify needs at least one of --compute"),
        (
            &["--compute", "HUGE"],
            "--compute HUGE: not a compute type; closest:",
        ),
        (&["--auto-stop-minutes", "90"], "60-minute steps"),
        (&["--root-gb", "lots"], "a whole number"),
        (
            &["--compute", "POWER", "--root-gb", "175"],
            "at the same time",
        ),
        (&["--running-mode", "SOMETIMES"], "not a running mode"),
        (&["--tag", "a=b"], "modify takes no --tag"),
    ] {
        let mut args = vec!["do", "modify", "--ids", &one, "--yes"];
        args.extend_from_slice(flags);
        refused_before_reading(&s, &args, says).await;
    }

    let dry = s
        .run(&[
            "do",
            "modify",
            "--ids",
            &one,
            "--running-mode",
            "always_on",
            "--dry-run",
        ])
        .await;
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    assert_eq!(dry_run_ids(&dry.stdout).0, set_of([target.clone()]));
    assert!(s.mutations().is_empty());

    let run = s
        .run(&[
            "do",
            "modify",
            "--ids",
            &one,
            "--running-mode",
            "ALWAYS_ON",
            "--yes",
            "-o",
            "jsonl",
        ])
        .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        s.mutations(),
        vec![(
            "ModifyWorkspaceProperties".to_string(),
            vec![target.clone()]
        )]
    );
    assert_eq!(json_lines(&run.stdout)[0]["outcome"], "succeeded");
    let ws = describe_ws(&c, &target).await.unwrap();
    assert_eq!(running_mode_str(&ws), "ALWAYS_ON");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tags_add_and_remove_as_the_tag_form_and_refuse_bad_tags() {
    let s = setup("forms-tags").await;
    let c = client(&s.emu);
    let target = (all_workspaces(&c).await.iter())
        .find(|w| is_state(w, "AVAILABLE"))
        .map(ws_id)
        .unwrap();
    let one = s.ids_file("one", std::slice::from_ref(&target));
    for (flags, says) in [
        (&[][..], "tags needs --tag KEY=VALUE or --untag KEY"),
        (&["--tag", "env"], "--tag env: write KEY=VALUE"),
        (&["--tag", "a=1,b=2"], "one tag a flag"),
        (&["--tag", "aws:owner=me"], "reserved"),
        (&["--tag", "env=a", "--untag", "env"], "named twice"),
    ] {
        let mut args = vec!["do", "tags", "--ids", &one, "--yes"];
        args.extend_from_slice(flags);
        refused_before_reading(&s, &args, says).await;
    }
    let svc = service(&s);
    let run = s
        .run(&["do", "tags", "--ids", &one, "--tag", "team=blue", "--yes"])
        .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        s.mutations(),
        vec![("CreateTags".to_string(), vec![target.clone()])]
    );
    let tags = svc.describe_tags(&target).await.unwrap();
    assert!(
        tags.iter().any(|t| t.key == "team" && t.value == "blue"),
        "{tags:?}"
    );

    let run = s
        .run(&[
            "do", "tags", "--ids", &one, "--tag", "env=prod", "--untag", "team", "--yes",
        ])
        .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        s.mutations(),
        vec![
            ("CreateTags".to_string(), vec![target.clone()]),
            ("DeleteTags".to_string(), vec![target.clone()])
        ]
    );
    let tags = svc.describe_tags(&target).await.unwrap();
    assert!(
        tags.iter().any(|t| t.key == "env" && t.value == "prod"),
        "{tags:?}"
    );
    assert!(!tags.iter().any(|t| t.key == "team"), "{tags:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn switch_image_refuses_an_image_the_fleet_cannot_run_and_actions_not_yet_taken_are_named() {
    let s = setup("forms-switch").await;
    refused_before_reading(
        &s,
        &[
            "do",
            "switch-image",
            "--pane",
            "afl",
            "--filter",
            "name~.",
            "--yes",
        ],
        "switch-image needs --image",
    )
    .await;
    refused_before_reading(
        &s,
        &[
            "do",
            "switch-image",
            "--pane",
            "afl",
            "--filter",
            "name~.",
            "--image",
            "no spaces allowed",
            "--yes",
        ],
        "--image:",
    )
    .await;
    let run = s
        .run(&[
            "do",
            "switch-image",
            "--pane",
            "afl",
            "--filter",
            "name~.",
            "--image",
            "Nothing-Like-It",
            "--dry-run",
        ])
        .await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("--image Nothing-Like-It: not an AVAILABLE image fleet")
            && run.stderr.contains("closest:"),
        "{}",
        run.stderr
    );
    assert!(s.mutations().is_empty());
    for name in [
        "create-image",
        "copy-image",
        "terminate-session",
        "expire-session",
        "create",
    ] {
        refused_before_reading(
            &s,
            &["do", name, "--filter", "state=AVAILABLE", "--yes"],
            "not offered by wsfleet do yet",
        )
        .await;
    }
}
