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
    refused_before_reading(
        &s,
        &[
            "do",
            "update-image",
            "--pane",
            "aimg",
            "--filter",
            "",
            "--yes",
        ],
        "update-image on appimages: not offered by wsfleet do yet",
    )
    .await;
    for name in [
        "terminate-session",
        "expire-session",
        "create",
        "update-bundle",
    ] {
        refused_before_reading(
            &s,
            &["do", name, "--filter", "state=AVAILABLE", "--yes"],
            "not offered by wsfleet do yet",
        )
        .await;
    }
}

/// The first target a dry run of `args` (with `--ids` of `ids`) would send.
async fn first_eligible(s: &Setup, args: &[&str], ids: &[String]) -> String {
    let file = s.ids_file("candidates", ids);
    let mut all = args.to_vec();
    all.extend_from_slice(&["--ids", &file, "--dry-run"]);
    let dry = s.run(&all).await;
    assert_eq!(dry.code, 0, "{args:?}: {}", dry.stderr);
    assert!(s.mutations().is_empty(), "a dry run sends nothing");
    let (send, _) = dry_run_ids(&dry.stdout);
    send.into_iter()
        .next()
        .unwrap_or_else(|| panic!("{args:?}: nothing eligible:\n{}", dry.stdout))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn image_forms_create_copy_and_update_images_as_their_forms_ask() {
    let s = setup("forms-images").await;
    let c = client(&s.emu);
    let available: Vec<String> = (all_workspaces(&c).await.iter())
        .filter(|w| is_state(w, "AVAILABLE"))
        .map(ws_id)
        .collect();
    let images: Vec<String> = (all_images(&c).await.iter())
        .filter_map(|i| i.image_id().map(String::from))
        .collect();
    s.mutations();

    // CreateWorkspaceImage from one WorkSpace: the new image is the outcome's result.
    let create = [
        "do",
        "create-image",
        "--name",
        "gold-1",
        "--description",
        "gold one",
    ];
    refused_before_reading(
        &s,
        &[
            "do",
            "create-image",
            "--filter",
            "",
            "--name",
            "gold one",
            "--description",
            "x",
            "--yes",
        ],
        "no spaces",
    )
    .await;
    refused_before_reading(
        &s,
        &[
            "do",
            "create-image",
            "--filter",
            "",
            "--name",
            "gold-1",
            "--yes",
        ],
        "create-image needs --description",
    )
    .await;
    let ws = first_eligible(&s, &create, &available).await;
    let one = s.ids_file("one-ws", std::slice::from_ref(&ws));
    let mut args = create.to_vec();
    args.extend_from_slice(&["--ids", &one, "--yes", "-o", "jsonl"]);
    let run = s.run(&args).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        s.mutations(),
        vec![("CreateWorkspaceImage".to_string(), vec![ws.clone()])]
    );
    let line = &json_lines(&run.stdout)[0];
    assert_eq!(line["outcome"], "succeeded", "{line}");
    let new = describe_image(&c, line["result"].as_str().unwrap())
        .await
        .unwrap();
    assert_eq!(new.name(), Some("gold-1"));

    // CopyWorkspaceImage to a Region the form offers; one it does not is refused.
    let copy = [
        "do",
        "copy-image",
        "--pane",
        "img",
        "--name",
        "gold-copy",
        "--description",
        "a copy",
    ];
    let image = first_eligible(
        &s,
        &[&copy[..], &["--to-region", OTHER_REGION]].concat(),
        &images,
    )
    .await;
    let one = s.ids_file("one-img", std::slice::from_ref(&image));
    let run = s
        .run(
            &[
                &copy[..],
                &["--ids", &one, "--to-region", "eu-west-9", "--yes"],
            ]
            .concat(),
        )
        .await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "--to-region eu-west-9: not a Region these images can be copied to; closest: eu-west-1"
        ),
        "{}",
        run.stderr
    );
    assert!(s.mutations().is_empty());
    let run = s
        .run(
            &[
                &copy[..],
                &[
                    "--ids",
                    &one,
                    "--to-region",
                    OTHER_REGION,
                    "--yes",
                    "-o",
                    "jsonl",
                ],
            ]
            .concat(),
        )
        .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let calls = s.mutations();
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert_eq!(calls[0].0, "CopyWorkspaceImage");
    let line = &json_lines(&run.stdout)[0];
    assert_eq!(line["outcome"], "succeeded", "{line}");
    let copied = line["result"].as_str().unwrap();
    let other = client_in(&s.emu, OTHER_REGION);
    let copy = describe_image(&other, copied)
        .await
        .expect("the copy, in the other Region");
    assert_eq!(copy.name(), Some("gold-copy"));

    // CreateUpdatedWorkspaceImage on an image with an update (the precheck skips the rest).
    let update = [
        "do",
        "update-image",
        "--pane",
        "img",
        "--name",
        "gold-upd",
        "--description",
        "updated",
    ];
    let image = first_eligible(&s, &update, &images).await;
    let one = s.ids_file("one-upd", std::slice::from_ref(&image));
    let run = s
        .run(&[&update[..], &["--ids", &one, "--yes", "-o", "jsonl"]].concat())
        .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        s.mutations(),
        vec![(
            "CreateUpdatedWorkspaceImage".to_string(),
            vec![image.clone()]
        )]
    );
    let line = &json_lines(&run.stdout)[0];
    let updated = describe_image(&c, line["result"].as_str().unwrap())
        .await
        .unwrap();
    assert_eq!(updated.name(), Some("gold-upd"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn switch_image_sends_update_fleet_and_check_updates_runs_in_read_only() {
    let s = setup("forms-fleets").await;
    let get = s.run(&["get", "afl", "-o", "jsonl"]).await;
    assert_eq!(get.code, 0, "{}", get.stderr);
    let fleets = json_lines(&get.stdout);
    // One the precheck lets through: ALWAYS_ON or ON_DEMAND, RUNNING or STOPPED.
    let fleet = fleets
        .iter()
        .find(|f| f["TYPE"] != "ELASTIC" && (f["STATE"] == "RUNNING" || f["STATE"] == "STOPPED"))
        .expect("a fleet whose image can be switched");
    let name = fleet["NAME"].as_str().expect("a fleet's name").to_string();
    let filter = format!("name={name}");
    let base = ["do", "switch-image", "--pane", "afl", "--filter", &filter];
    // The refusal names what the form offers for this fleet: take the closest.
    let run = s
        .run(&[&base[..], &["--image", "Nothing-Like-It", "--dry-run"]].concat())
        .await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    let offered = run
        .stderr
        .split("closest: ")
        .nth(1)
        .expect("offered images");
    let image = offered.split([',', ' ', '\n']).next().unwrap().to_string();
    assert!(s.mutations().is_empty());

    let dry = s
        .run(&[&base[..], &["--image", &image, "--dry-run"]].concat())
        .await;
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    let (send, _) = dry_run_ids(&dry.stdout);
    assert_eq!(send.len(), 1, "{}", dry.stdout);
    let run = s
        .run(
            &[
                &base[..],
                &["--image", &image, "--confirm", "1", "-o", "jsonl"],
            ]
            .concat(),
        )
        .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        s.mutations(),
        vec![("UpdateFleet".to_string(), vec![name.clone()])]
    );
    assert_eq!(json_lines(&run.stdout)[0]["outcome"], "succeeded");

    // check-updates is a dry run of CreateUpdatedImage: --read-only lets it through.
    let dry = s
        .run(&[
            "do",
            "check-updates",
            "--pane",
            "aimg",
            "--filter",
            "",
            "--dry-run",
        ])
        .await;
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    let (send, _) = dry_run_ids(&dry.stdout);
    assert!(!send.is_empty(), "{}", dry.stdout);
    let n = send.len().to_string();
    let run = s
        .run(&[
            "--read-only",
            "do",
            "check-updates",
            "--pane",
            "aimg",
            "--filter",
            "",
            "--confirm",
            &n,
        ])
        .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let calls = s.mutations();
    assert!(
        calls.iter().all(|(op, _)| op == "CreateUpdatedImage"),
        "{calls:?}"
    );
    assert_eq!(calls.len(), send.len());
}
