//! Targeted lookups (the large-fleet issue, item 1): a filter naming WorkSpaces not loaded
//! yet asks the service for them directly, ahead of the sweep. The app's side through
//! `update`; the service's against the emulator over HTTP.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::sync::{Arc, Mutex};
use wsfleet::app::{update, Command, Mode, Msg, Rows, State};
use wsfleet::domain::WorkspaceDirectory;
use wsfleet::queue::ActionApi;
use wsfleet::service::{demo_client, ClientOptions, RateBudget, WorkspacesService};
use wsfleet::sim::{Emulator, SimConfig};

mod app_fixtures;
use app_fixtures::*;

const REGION: &str = "us-east-1";

fn typed(s: &mut State, text: &str) -> Vec<Command> {
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

/// A lookup command: Region, IDs, (directory, user) pairs.
type Lookup = (String, Vec<String>, Vec<(String, String)>);

fn lookups(commands: &[Command]) -> Vec<Lookup> {
    commands
        .iter()
        .filter_map(|c| match c {
            Command::LookupWorkspaces { region, ids, users } => {
                Some((region.clone(), ids.clone(), users.clone()))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn a_submitted_filter_looks_up_what_it_names_that_is_not_loaded() {
    utc();
    let mut s = State::new(Mode::Demo, REGION.into(), None, String::new());
    update(&mut s, Msg::Resize(100, 30));
    page(
        &mut s,
        Rows::Workspaces(vec![ws("ws-aaaaaaaa1", "alice", "AVAILABLE", "d-1")]),
    );
    page(
        &mut s,
        Rows::Directories(vec![
            WorkspaceDirectory {
                id: "d-1".into(),
                region: REGION.into(),
                ..Default::default()
            },
            WorkspaceDirectory {
                id: "d-2".into(),
                region: REGION.into(),
                ..Default::default()
            },
        ]),
    );
    // Typing asks for nothing (half an ID is not an ID); Enter asks once.
    let commands = typed(&mut s, "/ws-zzzzzzzz9 ws-aaaaaaaa1");
    assert!(lookups(&commands).is_empty());
    let commands = typed(&mut s, "\r");
    assert_eq!(
        lookups(&commands),
        [(REGION.to_string(), vec!["ws-zzzzzzzz9".to_string()], vec![])],
        "only the ID not loaded"
    );
    // A user not loaded is looked up in every directory of the Region.
    let commands = typed(&mut s, "\x1b");
    assert!(lookups(&commands).is_empty());
    let commands = typed(&mut s, ":ws user=bob\r");
    assert_eq!(
        lookups(&commands),
        [(
            REGION.to_string(),
            vec![],
            vec![
                ("d-1".to_string(), "bob".to_string()),
                ("d-2".to_string(), "bob".to_string())
            ]
        )]
    );
    // A user already loaded needs nothing.
    typed(&mut s, "\x1b");
    assert!(lookups(&typed(&mut s, "/user=alice\r")).is_empty());
    // The answer merges into the table by ID, as fresh rows.
    let profile = s.context_name();
    update(
        &mut s,
        Msg::WorkspacesRead {
            profile,
            items: vec![ws("ws-zzzzzzzz9", "zed", "AVAILABLE", "d-2")],
            gone: vec![],
        },
    );
    assert!(s.panes.workspaces.table.get("ws-zzzzzzzz9").is_some());
    assert_eq!(s.panes.workspaces.table.len(), 2);
}

#[test]
fn a_user_is_asked_for_first_in_the_directories_with_the_most_workspaces() {
    utc();
    let mut s = State::new(Mode::Demo, REGION.into(), None, String::new());
    update(&mut s, Msg::Resize(100, 30));
    page(
        &mut s,
        Rows::Workspaces(vec![
            ws("ws-aaaaaaaa1", "alice", "AVAILABLE", "d-3"),
            ws("ws-aaaaaaaa2", "carol", "AVAILABLE", "d-2"),
            ws("ws-aaaaaaaa3", "dave", "AVAILABLE", "d-3"),
        ]),
    );
    let dir = |id: &str| WorkspaceDirectory {
        id: id.into(),
        region: REGION.into(),
        ..Default::default()
    };
    page(
        &mut s,
        Rows::Directories(vec![dir("d-1"), dir("d-2"), dir("d-3")]),
    );
    let asked: Vec<String> = lookups(&typed(&mut s, ":ws user=bob\r"))
        .into_iter()
        .flat_map(|(_, _, users)| users.into_iter().map(|(d, _)| d))
        .collect();
    // Each call waits for a token: the likeliest directory is asked first.
    assert_eq!(asked, ["d-3", "d-2", "d-1"]);
}

fn service(emu: &Emulator, budget: RateBudget) -> WorkspacesService {
    let client = demo_client(&emu.endpoint_url(), REGION, &ClientOptions::default());
    WorkspacesService::new(client, REGION.into(), Arc::new(budget))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lookups_find_by_id_and_by_user_and_go_ahead_of_queued_pages() {
    let emu = Emulator::start(SimConfig {
        size: 60,
        throttle: None,
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let all = service(&emu, RateBudget::unlimited());
    let mut rows = vec![];
    let mut token = None;
    loop {
        let page = all.describe_workspaces_page(token).await.unwrap();
        rows.extend(page.items);
        token = page.next_token;
        if token.is_none() {
            break;
        }
    }
    let last = rows.last().unwrap().clone();
    // By ID and by directory + user: the last page's WorkSpace in one call each.
    let by_id = all
        .lookup_workspaces(std::slice::from_ref(&last.id))
        .await
        .unwrap();
    assert_eq!(by_id.len(), 1);
    assert_eq!(by_id[0].id, last.id);
    let by_user = all
        .lookup_workspaces_of_user(&last.directory_id, &last.user_name)
        .await
        .unwrap();
    assert!(by_user.iter().any(|w| w.id == last.id), "{by_user:?}");
    let conn = all
        .lookup_connection_status(std::slice::from_ref(&last.id))
        .await
        .unwrap();
    assert_eq!(conn.len(), 1);
    assert_eq!(conn[0].workspace_id, last.id);

    // With a sweep's pages queued in the budget, the lookup is served first.
    let svc = Arc::new(service(&emu, RateBudget::new(2.0, 1)));
    svc.describe_workspaces_page(None).await.unwrap();
    let order = Arc::new(Mutex::new(Vec::new()));
    let mut pages = vec![];
    for n in 0..4 {
        let (svc, order) = (svc.clone(), order.clone());
        pages.push(tokio::spawn(async move {
            svc.describe_workspaces_page(None).await.unwrap();
            order.lock().unwrap().push(format!("page{n}"));
        }));
    }
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let (svc2, order2, id) = (svc.clone(), order.clone(), last.id.clone());
    let lookup = tokio::spawn(async move {
        svc2.lookup_workspaces(&[id]).await.unwrap();
        order2.lock().unwrap().push("lookup".to_string());
    });
    lookup.await.unwrap();
    for p in pages {
        p.await.unwrap();
    }
    let order = order.lock().unwrap();
    // The pages were queued 20 ms before it; at 2 calls/s the first page's token is due
    // 500 ms after the first call, so the lookup, ahead in line, takes it.
    assert_eq!(order[0], "lookup", "{order:?}");
}

/// Issue 24, item 10: a confirmation's connection-status lookup, asked while a job runs in
/// the same Region, takes only the calls the job leaves. The lookup is first in line; the job
/// (three RebootWorkspaces, one after another, as the queue sends them) still goes first.
/// On an empty bucket at 2 calls/s the job's calls come 0.5 s apart and nothing is left over
/// until it is done. (In the urgent line, as before, the lookup took the first token.)
#[tokio::test]
async fn a_confirmations_lookup_waits_for_what_a_running_job_leaves() {
    let emu = Emulator::start(SimConfig {
        size: 30,
        throttle: None,
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let page = service(&emu, RateBudget::unlimited())
        .describe_workspaces_page(None)
        .await
        .unwrap();
    let ids: Vec<String> = page.items.iter().map(|w| w.id.clone()).collect();
    let budget = Arc::new(RateBudget::new(2.0, 2));
    let client = demo_client(&emu.endpoint_url(), REGION, &ClientOptions::default());
    let svc = Arc::new(WorkspacesService::new(
        client,
        REGION.into(),
        budget.clone(),
    ));
    budget.acquire_urgent().await;
    budget.acquire_urgent().await;
    let order = Arc::new(Mutex::new(Vec::new()));
    let lookup = {
        let (svc, order, id) = (svc.clone(), order.clone(), ids[3].clone());
        tokio::spawn(async move {
            let found = svc.lookup_connection_status_leftover(&[id]).await.unwrap();
            assert_eq!(found.len(), 1);
            order.lock().unwrap().push("lookup".to_string());
        })
    };
    // The lookup is waiting in its line (one thread: it ran up to its first wait).
    tokio::task::yield_now().await;
    for id in &ids[..3] {
        let out = svc
            .execute(&wsfleet::domain::Action::Reboot, std::slice::from_ref(id))
            .await
            .unwrap();
        assert_eq!(out.len(), 1);
        order.lock().unwrap().push(format!("reboot {id}"));
    }
    lookup.await.unwrap();
    let order = order.lock().unwrap().clone();
    assert_eq!(order.len(), 4);
    assert_eq!(order[3], "lookup", "{order:?}");
    assert_eq!(budget.granted(), 2 + 4);
    emu.shutdown().await;
}

#[test]
fn connection_status_of_the_rows_on_screen_is_asked_for_once_ahead_of_the_sweep() {
    utc();
    let mut s = State::new(Mode::Demo, REGION.into(), None, String::new());
    update(&mut s, Msg::Resize(100, 12));
    let rows: Vec<_> = (0..40)
        .map(|n| ws(&format!("ws-{n:09}"), "u", "AVAILABLE", "d-1"))
        .collect();
    let fx = update(
        &mut s,
        Msg::Page {
            region: REGION.into(),
            sweep: 1,
            rows: Rows::Workspaces(rows),
            last: false,
        },
    );
    let asked: Vec<Vec<String>> = fx
        .commands
        .iter()
        .filter_map(|c| match c {
            Command::LookupConnections { ids, .. } => Some(ids.clone()),
            _ => None,
        })
        .collect();
    // Only the rows on screen (12 rows less header, prompt and borders), not all 40.
    assert_eq!(asked.len(), 1, "{asked:?}");
    let on_screen = asked[0].len();
    assert!((3..=10).contains(&on_screen), "{on_screen}");
    assert_eq!(asked[0][0], "ws-000000000");
    // Asked once: the next message asks nothing more for the same rows.
    let fx = update(&mut s, Msg::Tick);
    assert!(!fx
        .commands
        .iter()
        .any(|c| matches!(c, Command::LookupConnections { .. })));
    // The answer joins in at once.
    let profile = s.context_name();
    update(
        &mut s,
        Msg::ConnectionsRead {
            profile,
            items: vec![conn("ws-000000000", "CONNECTED", Some(NOW - 60))],
        },
    );
    assert_eq!(s.joined.connections["ws-000000000"].state, "CONNECTED");
    // Scrolling down asks for the rows that come on screen.
    let fx = update(
        &mut s,
        Msg::Key(KeyEvent::new(KeyCode::Char('G'), KeyModifiers::NONE)),
    );
    assert!(fx.commands.iter().any(|c| matches!(
        c,
        Command::LookupConnections { ids, .. } if ids.contains(&"ws-000000039".to_string())
    )));
}

/// The WorkSpaces pane's rows in display order, with what each row holds.
fn shown(s: &State) -> Vec<String> {
    let t = &s.panes.workspaces.table;
    (0..t.view_len())
        .map(|i| format!("{:?}", t.view_row(i).unwrap()))
        .collect()
}

#[test]
fn lookup_answers_merged_with_sweep_pages_give_the_table_the_sweep_alone_gives() {
    // 3,000 WorkSpaces (above the size where the table keeps its order incrementally),
    // swept in pages of 25; lookup answers for rows of later pages (and some already
    // loaded) arrive between the pages, as when a user filters during a cold load.
    utc();
    let n = 3000;
    let rows: Vec<_> = (0..n)
        .map(|i| {
            let id = format!("ws-{:09x}", (i as u64 * 2_654_435_761) % 0xf_ffff_ffff);
            let state = ["AVAILABLE", "STOPPED", "ERROR"][i % 3];
            ws(
                &id,
                &format!("user{}", i % 900),
                state,
                &format!("d-{}", i % 4),
            )
        })
        .collect();
    let mut merged = State::new(Mode::Demo, REGION.into(), None, String::new());
    let mut swept = State::new(Mode::Demo, REGION.into(), None, String::new());
    for s in [&mut merged, &mut swept] {
        update(s, Msg::Resize(120, 40));
    }
    let profile = merged.context_name();
    let pages: Vec<_> = rows.chunks(25).collect();
    for (k, chunk) in pages.iter().enumerate() {
        let last = k + 1 == pages.len();
        for s in [&mut merged, &mut swept] {
            update(
                s,
                Msg::Page {
                    region: REGION.into(),
                    sweep: 1,
                    rows: Rows::Workspaces(chunk.to_vec()),
                    last,
                },
            );
        }
        if k % 7 == 3 && !last {
            // Ahead: rows from pages not fetched yet, and a row already shown.
            let mut items: Vec<_> = rows
                .iter()
                .skip((k + 5) * 25)
                .step_by(97)
                .take(20)
                .cloned()
                .collect();
            items.push(rows[k * 25].clone());
            update(
                &mut merged,
                Msg::WorkspacesRead {
                    profile: profile.clone(),
                    items,
                    gone: vec![],
                },
            );
        }
    }
    assert_eq!(merged.panes.workspaces.table.len(), n, "nothing duplicated");
    assert_eq!(shown(&merged), shown(&swept));
    // The same with another sort and a filter.
    for keys in ["><", ">>s", "/user1\r"] {
        for s in [&mut merged, &mut swept] {
            typed(s, keys);
        }
        assert_eq!(shown(&merged), shown(&swept), "after {keys:?}");
    }
}

/// A state whose WorkSpaces sweep has brought one page and goes on (`last: false`), with two
/// directories known.
fn sweeping() -> State {
    utc();
    let mut s = State::new(Mode::Demo, REGION.into(), None, String::new());
    update(&mut s, Msg::Resize(100, 30));
    let dir = |id: &str| WorkspaceDirectory {
        id: id.into(),
        region: REGION.into(),
        ..Default::default()
    };
    page(&mut s, Rows::Directories(vec![dir("d-1"), dir("d-2")]));
    update(
        &mut s,
        Msg::Page {
            region: REGION.into(),
            sweep: 1,
            rows: Rows::Workspaces(vec![
                ws("ws-aaaaaaaa1", "lisa.jones", "AVAILABLE", "d-1"),
                ws("ws-aaaaaaaa2", "bob", "STOPPED", "d-2"),
            ]),
            last: false,
        },
    );
    s
}

/// Issue 26: `/lisa.peterson` stayed "[0 of 6000]" until the sweep reached it, while
/// `/user=lisa.peterson` was found at once. A plain word that finds no row while the sweep
/// runs is looked up as a user name the way `user=` is, and the status line says so.
#[test]
fn a_plain_word_that_finds_nothing_while_the_sweep_runs_is_looked_up_as_a_user() {
    let mut s = sweeping();
    let commands = typed(&mut s, "/lisa.peterson\r");
    let by_user = |u: &str| vec![("d-1".to_string(), u.to_string()), ("d-2".into(), u.into())];
    assert_eq!(
        lookups(&commands),
        [(REGION.to_string(), vec![], by_user("lisa.peterson"))]
    );
    let notice = s.notice.clone().unwrap_or_default();
    assert_eq!(
        notice,
        "lisa.peterson is not loaded yet: looking it up as a user name in 2 directories"
    );
    // The status line shows it.
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).unwrap();
    t.draw(|f| wsfleet::ui::draw(f, &s)).unwrap();
    let status: String = (0..100)
        .map(|x| t.backend().buffer()[(x, 29)].symbol().to_string())
        .collect();
    assert!(status.contains("looking it up as a user name"), "{status}");
    // The answer shows under the filter in force, as `user=` answers do.
    let profile = s.context_name();
    update(
        &mut s,
        Msg::WorkspacesRead {
            profile,
            items: vec![ws("ws-zzzzzzzz9", "lisa.peterson", "AVAILABLE", "d-2")],
            gone: vec![],
        },
    );
    assert_eq!(s.panes.workspaces.table.view_len(), 1);
    // With other terms, negated words and operators are not user names; the plain word is
    // still looked up (as typed: the service matches user names ignoring case).
    typed(&mut s, "\x1b");
    let commands = typed(&mut s, "/Ann.Lee state=AVAILABLE !carl\r");
    assert_eq!(
        lookups(&commands),
        [(REGION.to_string(), vec![], by_user("Ann.Lee"))]
    );
}

/// A word that finds loaded rows, a word that cannot be a user name, and any word once the
/// Region's sweep has finished whole ask for nothing.
#[test]
fn a_plain_word_that_finds_rows_or_comes_after_the_sweep_is_not_looked_up() {
    let mut s = sweeping();
    // "lisa" finds lisa.jones; "STOPPED" finds bob's row (any column, ignoring case).
    for filter in ["/lisa\r", "/stopped\r", "/\"two words\"\r"] {
        let commands = typed(&mut s, filter);
        assert!(lookups(&commands).is_empty(), "{filter}: {commands:?}");
        assert_eq!(s.notice, None, "{filter}");
        typed(&mut s, "\x1b");
    }
    // The sweep ends: every WorkSpace of the Region is loaded, a word finding none names none.
    update(
        &mut s,
        Msg::Page {
            region: REGION.into(),
            sweep: 1,
            rows: Rows::Workspaces(vec![]),
            last: true,
        },
    );
    assert!(lookups(&typed(&mut s, "/lisa.peterson\r")).is_empty());
    assert_eq!(s.notice, None);
}

/// Issue 30, item 4: a lookup by user asks every directory at once. Each call still takes a
/// token from the budget (8 DescribeWorkspaces, then the connection status of what was
/// found: 9 granted, 9 requests), but none waits for the one before it to come back: in the
/// emulator's request log, every DescribeWorkspaces arrived before the first could have been
/// answered (each is held 1 s). One after another, they would arrive 1 s apart. The user's
/// directory is asked last of 8, as in the slowest case.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lookup_by_user_asks_every_directory_at_once_through_the_budget() {
    let dir = std::env::temp_dir().join(format!("wsfleet-lookups-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let log = dir.join("requests.jsonl");
    let latency = std::time::Duration::from_secs(1);
    let emu = Emulator::start(SimConfig {
        size: 30,
        throttle: None,
        latency,
        request_log: Some(wsfleet::sim::RequestLog::open(&log).unwrap()),
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let target = service(&emu, RateBudget::unlimited())
        .describe_workspaces_page(None)
        .await
        .unwrap()
        .items[0]
        .clone();
    let before = std::fs::read_to_string(&log).unwrap().lines().count();
    // Seven directories without the user (valid IDs the emulator does not know), then hers.
    let mut users: Vec<(String, String)> = (1..=7)
        .map(|n| (format!("d-900000000{n}"), target.user_name.clone()))
        .collect();
    users.push((target.directory_id.clone(), target.user_name.clone()));
    let budget = Arc::new(RateBudget::new(100.0, 10));
    let client = demo_client(&emu.endpoint_url(), REGION, &ClientOptions::default());
    let svc = WorkspacesService::new(client, REGION.into(), budget.clone());
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    wsfleet::runtime::lookups::look_up(svc, vec![], users, "p".into(), tx).await;

    let mut found = vec![];
    while let Ok(msg) = rx.try_recv() {
        if let Msg::WorkspacesRead { items, .. } = msg {
            found.extend(items.into_iter().map(|w| w.id));
        }
    }
    assert!(found.contains(&target.id), "{found:?}");
    assert_eq!(budget.granted(), 9, "every call took its token");
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&log)
        .unwrap()
        .lines()
        .skip(before)
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let op = |l: &serde_json::Value| l["operation"].as_str().unwrap_or_default().to_string();
    let arrived = |l: &serde_json::Value| {
        chrono::DateTime::parse_from_rfc3339(l["time"].as_str().unwrap()).unwrap()
    };
    let described: Vec<_> = lines
        .iter()
        .filter(|l| op(l) == "DescribeWorkspaces")
        .collect();
    assert_eq!(described.len(), 8, "{lines:?}");
    assert_eq!(lines.len(), 9, "{lines:?}");
    assert_eq!(op(&lines[8]), "DescribeWorkspacesConnectionStatus");
    let first = described.iter().map(|l| arrived(l)).min().unwrap();
    let last = described.iter().map(|l| arrived(l)).max().unwrap();
    assert!(
        (last - first).to_std().unwrap() < latency,
        "all 8 asked before the first answer: {lines:?}"
    );
    emu.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
}
