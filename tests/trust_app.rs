//! What the user sees is what the user acts on, and who it affects is said (issue: bulk
//! actions an administrator can trust). Driven through `update` like the running app.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use wsfleet::app::state::Overlay;
use wsfleet::app::{update, Asker, Command, Mode, Msg, Rows, State};
use wsfleet::domain::*;
use wsfleet::panes::PaneKind;
use wsfleet::queue::{Counts, JobId, JobSpec, JobState, JobView, QueueEvent, Target};

mod app_fixtures;
use app_fixtures::*;

/// Ten AVAILABLE WorkSpaces (two with a user CONNECTED) and three STOPPED ones.
fn fleet() -> State {
    utc();
    let mut s = State::new(Mode::Demo, "us-east-1".into(), None, String::new());
    update(&mut s, Msg::Resize(120, 40));
    let mut rows = vec![];
    let mut conns = vec![];
    for i in 0..13 {
        let id = format!("ws-{i:09}");
        let state = if i < 10 { "AVAILABLE" } else { "STOPPED" };
        rows.push(ws(&id, &format!("user{i:02}"), state, "d-1111111111"));
        let c = if i < 2 { "CONNECTED" } else { "DISCONNECTED" };
        conns.push(conn(&id, c, Some(NOW - DAY)));
    }
    page(&mut s, Rows::Workspaces(rows));
    page(&mut s, Rows::Connections(conns));
    s
}

fn keys(s: &mut State, text: &str) -> Vec<Command> {
    let mut out = vec![];
    for c in text.chars() {
        let code = match c {
            '\r' => KeyCode::Enter,
            '\x1b' => KeyCode::Esc,
            c => KeyCode::Char(c),
        };
        out.extend(update(s, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))).commands);
    }
    out
}

fn confirm(s: &State) -> &wsfleet::app::dialog::Confirm {
    match &s.overlay {
        Overlay::Confirm(c) => c,
        other => panic!("no confirmation: {other:?}, notice {:?}", s.notice),
    }
}

fn ids(targets: &[Target]) -> Vec<&str> {
    targets.iter().map(|t| t.id.as_str()).collect()
}

#[test]
fn marks_the_filter_hides_are_not_acted_on_unless_included() {
    let mut s = fleet();
    // Mark three AVAILABLE rows without connected users, then filter down to one of them.
    keys(&mut s, "/user~^user0[2-4]$\r");
    keys(&mut s, "*");
    assert_eq!(s.panes.workspaces.marks.len(), 3);
    keys(&mut s, "\x1b/user03\r");
    keys(&mut s, "R");
    let c = confirm(&s);
    assert_eq!(ids(&c.targets), ["ws-000000003"]);
    assert_eq!(c.hidden_marked, 2);
    assert!(!c.include_hidden);
    // `+` includes them: the dialog is planned again with all three.
    keys(&mut s, "+");
    let c = confirm(&s);
    assert_eq!(
        ids(&c.targets),
        ["ws-000000002", "ws-000000003", "ws-000000004"]
    );
    assert!(c.include_hidden);
}

#[test]
fn when_every_mark_is_hidden_nothing_is_offered() {
    let mut s = fleet();
    keys(&mut s, "/user05\r*\x1b/user06\r");
    keys(&mut s, "R");
    assert!(matches!(s.overlay, Overlay::None));
    let notice = s.notice.clone().unwrap_or_default();
    assert!(notice.contains("hidden by the filter"), "{notice}");
}

#[test]
fn nothing_eligible_means_no_dialog_and_the_reason() {
    let mut s = fleet();
    keys(&mut s, "/state=stopped\r*X");
    assert!(matches!(s.overlay, Overlay::None));
    let notice = s.notice.clone().unwrap_or_default();
    assert!(
        notice.starts_with("nothing to stop: 3 selected, all STOPPED"),
        "{notice}"
    );
}

#[test]
fn connected_users_are_named_and_the_count_must_be_typed() {
    let mut s = fleet();
    keys(&mut s, "/state=available\r*R");
    let c = confirm(&s);
    assert_eq!(c.targets.len(), 10);
    assert_eq!(c.region, "us-east-1");
    let affects = c.affects.join("\n");
    assert!(
        affects.contains("2 users are CONNECTED now") && affects.contains("user00, user01"),
        "{affects}"
    );
    assert_eq!(c.expected.as_deref(), Some("10"));
    // Enter without the count sends nothing.
    let sent = keys(&mut s, "\r");
    assert!(sent.is_empty());
    assert!(confirm(&s).error.is_some());
    let sent = keys(&mut s, "10\r");
    assert!(
        matches!(sent.as_slice(), [Command::Submit { targets, .. }] if targets.len() == 10),
        "{sent:?}"
    );
}

#[test]
fn marked_workspaces_with_no_connection_status_yet_are_asked_for_and_named_when_it_comes() {
    // A big fleet: the connection sweep has not reached these three yet.
    utc();
    let mut s = State::new(Mode::Demo, "us-east-1".into(), None, String::new());
    // A short terminal: not every marked row is on screen, so the rows on screen are not
    // what gets them asked for.
    update(&mut s, Msg::Resize(120, 7));
    let rows = (0..3)
        .map(|i| {
            ws(
                &format!("ws-{i:09}"),
                &format!("user{i:02}"),
                "AVAILABLE",
                "d-1",
            )
        })
        .collect();
    page(&mut s, Rows::Workspaces(rows));
    s.joined.connections.clear();
    s.joined.connections_asked.clear();
    let asked = |cmds: Vec<Command>, by: Asker| -> Vec<String> {
        cmds.into_iter()
            .flat_map(|c| match c {
                Command::LookupConnections { ids, region, asker } if region == "us-east-1" => {
                    assert_eq!(asker, by, "{ids:?}");
                    ids
                }
                _ => vec![],
            })
            .collect()
    };
    // Marking asks for the rows on screen only...
    let on_screen = asked(keys(&mut s, "*"), Asker::Screen);
    assert!(on_screen.len() < 3, "{on_screen:?}");
    // ...the confirmation for every other target, each once, with only the calls a running
    // job leaves.
    let by_confirmation = asked(keys(&mut s, "R"), Asker::Confirmation);
    let mut all: Vec<String> = on_screen.iter().chain(&by_confirmation).cloned().collect();
    all.sort();
    assert_eq!(
        all,
        ["ws-000000000", "ws-000000001", "ws-000000002"],
        "{by_confirmation:?}"
    );
    assert!(confirm(&s).affects.is_empty());
    assert_eq!(
        confirm(&s).expected,
        None,
        "three targets, nobody known connected"
    );
    // The answer: one is CONNECTED. The dialog names the user and wants the count typed.
    let profile = s.context_name();
    update(
        &mut s,
        Msg::ConnectionsRead {
            profile,
            items: vec![
                conn("ws-000000001", "CONNECTED", Some(NOW - 60)),
                conn("ws-000000000", "DISCONNECTED", Some(NOW - DAY)),
            ],
        },
    );
    let affects = confirm(&s).affects.join("\n");
    assert!(
        affects.contains("1 user is CONNECTED now") && affects.contains("user01"),
        "{affects}"
    );
    assert_eq!(confirm(&s).expected.as_deref(), Some("3"));
    // Asked once: nothing is asked again while the dialog stays open.
    let again = update(&mut s, Msg::Tick);
    assert!(!again
        .commands
        .iter()
        .any(|c| matches!(c, Command::LookupConnections { .. })));
}

#[test]
fn more_targets_than_confirm_typed_over_need_typing_even_with_nobody_connected() {
    let mut s = fleet();
    s.confirm_typed_over = 2;
    keys(&mut s, "/user~^user0[2-4]$\r*R");
    let c = confirm(&s);
    assert!(c.affects.is_empty());
    assert_eq!(c.expected.as_deref(), Some("3"));
    // At or under the threshold, OK is enough.
    let mut s = fleet();
    keys(&mut s, "/user~^user0[2-4]$\r*R");
    assert_eq!(confirm(&s).expected, None);
}

#[test]
fn the_connection_pane_acts_on_workspaces_and_shares_their_marks() {
    let mut s = fleet();
    keys(&mut s, "2");
    assert_eq!(s.active, PaneKind::Connections);
    // The idle clean-up flow: filter, mark what shows, stop.
    keys(&mut s, "/disconnected\r*");
    assert_eq!(s.panes.connections.marks.len(), 11);
    assert_eq!(s.panes.workspaces.marks.len(), 11, "marks are shared");
    keys(&mut s, "X");
    let c = confirm(&s);
    assert_eq!(c.action, Action::Stop);
    // Eight AVAILABLE are stopped; the three STOPPED are skipped with the reason.
    assert_eq!(c.targets.len(), 8);
    assert_eq!(c.skipped.len(), 3);
    assert_eq!(c.region, "us-east-1");
    // Back on WorkSpaces the same marks are there.
    keys(&mut s, "\x1b1");
    assert_eq!(s.active, PaneKind::Workspaces);
    assert_eq!(s.panes.workspaces.marks.len(), 11);
}

fn job(id: u64, n: usize) -> JobView {
    let targets = (0..n)
        .map(|i| Target::new(format!("ws-{i:09}"), ""))
        .collect();
    let spec = JobSpec {
        action: Action::Reboot,
        profile: Some("demo".into()),
        region: "us-east-1".into(),
        targets,
        skipped: vec![],
        campaign: None,
    };
    JobView::new(JobId(id), &spec, NOW)
}

#[test]
fn a_failed_job_raises_an_alert_on_any_pane_until_acknowledged() {
    let mut s = fleet();
    update(&mut s, Msg::Queue(QueueEvent::JobQueued(job(1, 3))));
    update(
        &mut s,
        Msg::Queue(QueueEvent::Progress {
            job: JobId(1),
            results: (0..3)
                .map(|i| ResourceResult {
                    id: format!("ws-{i:09}"),
                    outcome: if i == 0 {
                        Outcome::Failed {
                            code: "InvalidResourceStateException".into(),
                            message: "no".into(),
                        }
                    } else {
                        Outcome::succeeded()
                    },
                })
                .collect(),
            calls: 1,
            sent: 3,
        }),
    );
    update(
        &mut s,
        Msg::Queue(QueueEvent::JobFinished {
            job: JobId(1),
            state: JobState::Done,
            counts: Counts::default(),
            at: NOW,
        }),
    );
    let (_, alert) = s.alert.clone().expect("alert raised");
    assert!(alert.starts_with("reboot: 1 of 3 failed"), "{alert}");
    // Still there after other keys; Esc acknowledges it.
    keys(&mut s, "jk");
    assert!(s.alert.is_some());
    keys(&mut s, "\x1b");
    assert!(s.alert.is_none());
}

#[test]
fn quitting_with_a_job_running_asks_and_cancels_only_what_is_unsent() {
    let mut s = fleet();
    update(&mut s, Msg::Queue(QueueEvent::JobQueued(job(7, 100))));
    update(
        &mut s,
        Msg::Queue(QueueEvent::JobStarted {
            job: JobId(7),
            at: NOW,
        }),
    );
    keys(&mut s, "q");
    assert!(matches!(s.overlay, Overlay::Quit));
    assert!(!s.quit);
    // n stays.
    keys(&mut s, "n");
    assert!(matches!(s.overlay, Overlay::None) && !s.quit);
    // y cancels the job's unsent batches and quits once it has ended.
    keys(&mut s, "q");
    let sent = keys(&mut s, "y");
    assert_eq!(sent, vec![Command::CancelJob(7)]);
    assert!(s.quitting && !s.quit);
    update(
        &mut s,
        Msg::Queue(QueueEvent::JobFinished {
            job: JobId(7),
            state: JobState::Cancelled,
            counts: Counts::default(),
            at: NOW,
        }),
    );
    assert!(s.quit);
}

#[test]
fn a_paused_job_alerts_until_it_resumes_by_itself() {
    let mut s = fleet();
    update(&mut s, Msg::Queue(QueueEvent::JobQueued(job(3, 50))));
    update(
        &mut s,
        Msg::Queue(QueueEvent::JobPaused {
            job: JobId(3),
            reason: "endpoint unreachable, retrying in 4 s".into(),
        }),
    );
    let (_, alert) = s.alert.clone().expect("pause alerted");
    assert_eq!(
        alert,
        "reboot paused in us-east-1: endpoint unreachable, retrying in 4 s"
    );
    assert_eq!(s.jobs.summary().paused, 1);
    update(&mut s, Msg::Queue(QueueEvent::JobResumed { job: JobId(3) }));
    assert!(s.alert.is_none(), "the pause is over");
}

#[test]
fn new_image_ids_are_said_and_the_images_pane_is_read_again() {
    let mut s = fleet();
    let spec = JobSpec {
        action: Action::CreateImage {
            name: "golden".into(),
            description: "d".into(),
        },
        profile: Some("demo".into()),
        region: "us-east-1".into(),
        targets: vec![Target::new("ws-000000002", "user02")],
        skipped: vec![],
        campaign: None,
    };
    update(
        &mut s,
        Msg::Queue(QueueEvent::JobQueued(JobView::new(JobId(4), &spec, NOW))),
    );
    update(
        &mut s,
        Msg::Queue(QueueEvent::Progress {
            job: JobId(4),
            results: vec![ResourceResult {
                id: "ws-000000002".into(),
                outcome: Outcome::Succeeded {
                    result: Some("wsi-0123abcd9".into()),
                },
            }],
            calls: 1,
            sent: 1,
        }),
    );
    let effects = update(
        &mut s,
        Msg::Queue(QueueEvent::JobFinished {
            job: JobId(4),
            state: JobState::Done,
            counts: Counts::default(),
            at: NOW,
        }),
    );
    assert_eq!(
        s.notice.as_deref(),
        Some("new image wsi-0123abcd9 in us-east-1 (PENDING)")
    );
    assert!(effects.commands.contains(&Command::RefreshPane {
        region: "us-east-1".into(),
        pane: PaneKind::Images,
    }));
}

#[test]
fn cutting_pool_capacity_below_the_sessions_in_use_says_so_and_needs_typing() {
    let mut s = fleet();
    page(
        &mut s,
        Rows::Pools(vec![WorkspacesPool {
            id: "wspool-abc12345".into(),
            region: "us-east-1".into(),
            name: "call-center".into(),
            state: "RUNNING".into(),
            capacity: Some(PoolCapacity {
                desired: 10,
                actual: 10,
                available: 3,
                active: 7,
            }),
            running_mode: "AUTO_STOP".into(),
            ..Default::default()
        }]),
    );
    keys(&mut s, "4");
    assert_eq!(s.active, PaneKind::Pools);
    // Capacity 0 with 7 sessions in use.
    keys(&mut s, "C0\r");
    let c = confirm(&s);
    assert_eq!(c.action, Action::SetPoolCapacity(0));
    assert_eq!(
        c.affects,
        ["call-center: capacity 0 is below the 7 user sessions in use now"]
    );
    assert_eq!(c.expected.as_deref(), Some("capacity"));
    // Raising it cuts nothing: OK is enough.
    keys(&mut s, "\x1b");
    keys(&mut s, "C12\r");
    let c = confirm(&s);
    assert!(c.affects.is_empty());
    assert_eq!(c.expected, None);
    // The model has no maximum, so 2147483647 is valid; more than tenfold says so and needs
    // typing, and one past the model's integer is refused in the form.
    keys(&mut s, "\x1b");
    keys(&mut s, "C2147483647\r");
    let c = confirm(&s);
    assert_eq!(
        c.affects,
        ["call-center: capacity 2147483647 is more than 10 times the 10 desired now"]
    );
    assert_eq!(c.expected.as_deref(), Some("capacity"));
    keys(&mut s, "\x1b");
    keys(&mut s, "C2147483648\r");
    assert!(matches!(s.overlay, Overlay::Form(_)), "refused in the form");
}

#[test]
fn an_ordinary_notice_clears_by_itself_but_an_alert_stays() {
    let mut s = fleet();
    update(&mut s, Msg::Notice("exported 13 WorkSpaces".into()));
    let deadline = s.notice_deadline().expect("a notice has a deadline");
    assert!(deadline > std::time::Instant::now());
    // The runtime sends Tick at the deadline; before it, nothing clears.
    update(&mut s, Msg::Tick);
    assert!(s.notice.is_some());
    // As if the deadline had passed (no test waits on the clock).
    let (_, text) = s.notice_at.clone().unwrap();
    s.notice_at = Some((
        std::time::Instant::now() - wsfleet::app::state::NOTICE_FOR,
        text,
    ));
    let effects = update(&mut s, Msg::Tick);
    assert!(effects.redraw && s.notice.is_none() && s.notice_deadline().is_none());
    // An alert is not a notice: Tick leaves it.
    s.alert = Some((1, "reboot: 1 of 3 failed".into()));
    update(&mut s, Msg::Tick);
    assert!(s.alert.is_some());
}

#[test]
fn plain_http_to_another_host_is_warned_about_but_loopback_is_not() {
    for (endpoint, warned) in [
        ("http://127.0.0.1:4599", false),
        ("http://localhost:4599/", false),
        ("http://[::1]:4599", false),
        ("https://workspaces.example.com", false),
        ("", false),
        ("http://10.1.2.3:4599", true),
        ("http://workspaces.internal.example", true),
    ] {
        let s = State::new(Mode::Live, "us-east-1".into(), None, endpoint.into());
        assert_eq!(s.plaintext_endpoint(), warned, "{endpoint}");
    }
}
