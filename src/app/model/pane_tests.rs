//! The kept order and haystacks give exactly what a fresh pane computes from scratch, at a
//! size where the incremental paths run (above `SMALL_TABLE`).

use super::*;
use crate::app::state::{ctx_of, Joined};
use crate::domain::{ConnectionStatus, Workspace, WorkspaceState};

const N: usize = 3000;
const STATES: [WorkspaceState; 4] = [
    WorkspaceState::Available,
    WorkspaceState::Stopped,
    WorkspaceState::Rebooting,
    WorkspaceState::Unhealthy,
];

fn ws(i: usize, round: usize) -> Workspace {
    Workspace {
        id: format!("ws-{:08x}", i * 2654435761 % 0xffff_ffff),
        region: "us-east-1".into(),
        user_name: format!("user{}", i % 700),
        state: STATES[(i + round) % 4].clone(),
        directory_id: format!("d-{}", i % 9),
        root_volume_gib: Some(((i * 7) % 5) as i32 * 40),
        ..Default::default()
    }
}

fn conn(w: &Workspace, round: usize) -> ConnectionStatus {
    ConnectionStatus {
        workspace_id: w.id.clone(),
        region: w.region.clone(),
        state: ["CONNECTED", "DISCONNECTED"][(w.id.len() + round) % 2].into(),
        last_user_connection: Some(1_700_000_000 + (round as i64) * 3600),
        ..Default::default()
    }
}

/// Panics with the first difference, not two lists of thousands of IDs.
fn same(got: Vec<String>, want: Vec<String>, what: &str) {
    let first = got.iter().zip(&want).position(|(a, b)| a != b);
    assert!(
        got.len() == want.len() && first.is_none(),
        "{what}: {} rows vs {} fresh; first difference at {first:?}",
        got.len(),
        want.len()
    );
}

/// Every filter gives what a fresh pane gives.
fn check_filters(p: &mut PaneState<Workspace>, ctx: &Ctx, filters: &[&str], when: &str) {
    for f in filters {
        p.set_filter(f, ctx).unwrap();
        same(view(p), fresh(p, ctx), &format!("{when}, filter {f:?}"));
    }
}

fn view(p: &PaneState<Workspace>) -> Vec<String> {
    (0..p.table.view_len())
        .map(|i| p.table.view_row(i).unwrap().id.clone())
        .collect()
}

/// A pane built in one go from the same rows, filter and sort.
fn fresh(p: &PaneState<Workspace>, ctx: &Ctx) -> Vec<String> {
    let mut q = PaneState::<Workspace> {
        sort: p.sort,
        ..Default::default()
    };
    q.apply_page("us-east-1", 1, p.table.rows().to_vec());
    q.set_filter(&p.filter_text, ctx).unwrap();
    view(&q)
}

#[test]
fn pages_joined_changes_filters_and_sorts_match_a_fresh_pane() {
    let mut joined = Joined::default();
    joined.touch();
    let mut p = PaneState::<Workspace>::default();
    let rows: Vec<Workspace> = (0..N).map(|i| ws(i, 0)).collect();
    for page in rows.chunks(25) {
        p.apply_page("us-east-1", 1, page.to_vec());
        p.rebuild(&ctx_of(&joined, 1_700_100_000, 30));
    }
    p.finish_sweep("us-east-1", 1, 0);
    let filters = [
        "",
        "avail",
        "user1",
        "state=stopped",
        "!dir=d-3 conn",
        "ws-",
        "xyz",
    ];
    // Sort by ID, STATE (few values), CONN (live), LAST CONN (live), ROOT (numbers).
    for (round, column) in [0, 2, 3, 4, 12].into_iter().enumerate() {
        let round = round + 1;
        p.sort.column = column;
        p.sort.descending = round % 2 == 0;
        // A refresh: some rows change state, 40 are new; connection status changes.
        let sweep = 1 + round as u64;
        let changed: Vec<Workspace> = (0..N + 40 * round)
            .map(|i| if i % 11 == 0 { ws(i, round) } else { ws(i, 0) })
            .collect();
        for page in changed.chunks(25) {
            p.apply_page("us-east-1", sweep, page.to_vec());
            p.rebuild(&ctx_of(&joined, 1_700_100_000, 30));
        }
        for w in changed.iter().step_by(3) {
            joined.connections.insert(w.id.clone(), conn(w, round));
        }
        joined.touch();
        p.finish_sweep("us-east-1", sweep, 0);
        let ctx = ctx_of(&joined, 1_700_100_000, 30);
        p.rebuild(&ctx);
        check_filters(&mut p, &ctx, &filters, &format!("sort {column}"));
        // Typing a word one character at a time ends where a fresh filter does.
        p.prepare_filter(&ctx);
        for n in 1..="disconn".len() {
            p.set_filter(&"disconn"[..n], &ctx).unwrap();
        }
        same(view(&p), fresh(&p, &ctx), "typed word");
    }
    // Rows leave (terminated): indices shift, and the order still matches.
    let ctx = ctx_of(&joined, 1_700_100_000, 30);
    let gone: Vec<String> = p
        .table
        .rows()
        .iter()
        .step_by(7)
        .map(|w| w.id.clone())
        .collect();
    p.apply_rows(vec![], &gone);
    check_filters(&mut p, &ctx, &filters, "after removals");
    // A sweep that no longer sees some rows drops them the same way.
    let seen: Vec<Workspace> = p.table.rows().iter().skip(5).step_by(2).cloned().collect();
    p.apply_page("us-east-1", 99, seen);
    p.finish_sweep("us-east-1", 99, 0);
    p.rebuild(&ctx);
    check_filters(&mut p, &ctx, &filters, "after a sweep");
    p.set_filter("", &ctx).unwrap();
    assert_eq!(p.table.view_len(), (N + 200 - gone.len() - 5).div_ceil(2));
}

#[test]
fn sorting_by_a_column_again_after_changes_matches_a_fresh_pane() {
    // Columns are sorted, left, changed under (a few rows, new rows, rows that leave,
    // joined data), and sorted by again: the kept order then matches a fresh sort.
    let mut joined = Joined::default();
    joined.touch();
    let mut p = PaneState::<Workspace>::default();
    let rows: Vec<Workspace> = (0..N).map(|i| ws(i, 0)).collect();
    p.apply_page("us-east-1", 1, rows.clone());
    p.finish_sweep("us-east-1", 1, 0);
    let specs = [
        (1, false),
        (2, true),
        (3, false),
        (12, true),
        (0, false),
        (1, true),
    ];
    for (round, &(column, descending)) in specs.iter().cycle().take(18).enumerate() {
        p.sort = SortSpec { column, descending };
        let ctx = ctx_of(&joined, 1_700_100_000, 30);
        // Filters on live cells too: their haystacks follow the named connection changes.
        p.set_filter(["", "disconn", "conn avail"][round % 3], &ctx)
            .unwrap();
        same(
            view(&p),
            fresh(&p, &ctx),
            &format!("round {round}, sort {column}"),
        );
        // Between sorts: 30 rows change state, 5 are new, 1 in 9 rounds some leave.
        let changed: Vec<Workspace> = (0..30)
            .map(|k| ws(k * 97 + round, round + 1))
            .chain((0..5).map(|k| ws(N + round * 5 + k, 0)))
            .collect();
        p.apply_rows(changed, &[]);
        if round % 9 == 4 {
            let gone: Vec<String> = p
                .table
                .rows()
                .iter()
                .skip(round)
                .step_by(50)
                .map(|w| w.id.clone())
                .collect();
            p.apply_rows(vec![], &gone);
        }
        if round % 4 == 1 {
            for w in p.table.rows().iter().step_by(13) {
                joined.connections.insert(w.id.clone(), conn(w, round));
            }
            joined.touch();
        } else {
            // A page of connection states, named: only those rows' live cells are rebuilt.
            let ids: Vec<String> = p
                .table
                .rows()
                .iter()
                .skip(round)
                .step_by(120)
                .map(|w| w.id.clone())
                .collect();
            for id in &ids {
                let w = p.table.get(id).unwrap().clone();
                joined.connections.insert(w.id.clone(), conn(&w, round + 1));
            }
            joined.touch_ids(ids);
        }
        p.rebuild(&ctx_of(&joined, 1_700_100_000, 30));
    }
    assert!(p.orders_kept() > 1, "orders were kept: {}", p.orders_kept());
}

/// Typing a filter key by key (`type_filter`, issue 24, item 9) gives after every key what a
/// fresh pane gives for the same text, while rows change, joined data changes and the clock
/// moves between keys; and so does deleting it again key by key.
#[test]
fn a_filter_typed_key_by_key_matches_a_fresh_pane_after_every_key() {
    let mut joined = Joined::default();
    let mut p = PaneState::<Workspace>::default();
    p.apply_page("us-east-1", 1, (0..N).map(|i| ws(i, 0)).collect());
    p.finish_sweep("us-east-1", 1, 0);
    for w in p.table.rows().iter().step_by(2) {
        joined.connections.insert(w.id.clone(), conn(w, 0));
    }
    joined.touch();
    let typed = "!last>1d user1 !state=stopped \"d-3\" id~[0-4]$ root>=40 conn a us";
    let mut text = String::new();
    let mut now = 1_700_100_000;
    let keys = typed.chars().map(Some).chain(typed.chars().map(|_| None));
    for (k, key) in keys.enumerate() {
        match key {
            Some(c) => text.push(c),
            None => drop(text.pop()),
        }
        between_keys(&mut p, &mut joined, &mut now, k);
        let ctx = ctx_of(&joined, now, 30);
        if k % 11 == 9 {
            // A rebuild (a page came) compiles what was typed so far as a whole.
            same(view(&p), fresh(&p, &ctx), &format!("rebuilt at key {k}"));
        }
        // Half a regex (`id~[`) does not parse: the filter in force stays.
        if p.type_filter(&text, &ctx).is_ok() {
            same(view(&p), fresh(&p, &ctx), &format!("key {k}, {text:?}"));
        }
    }
    assert_eq!(p.table.view_len(), p.table.len());
    // Pasted at once (nothing kept): a last token that adds nothing, and one that does.
    let ctx = ctx_of(&joined, now, 30);
    for text in [
        "user1 conn user1",
        "user1 conn !user1",
        "state~^a \"d-3\" state~^a",
    ] {
        p.rebuild(&ctx);
        p.type_filter(text, &ctx).unwrap();
        same(view(&p), fresh(&p, &ctx), &format!("pasted {text:?}"));
    }
}

/// What happens between two keys, now and then: user1…'s WorkSpaces change state (and the
/// next new rows come), connection states change, six hours pass (LAST CONN crosses 1d then
/// 2d ago), the pane is rebuilt.
fn between_keys(p: &mut PaneState<Workspace>, joined: &mut Joined, now: &mut i64, k: usize) {
    match k % 11 {
        2 => {
            let users1 = (100..200).step_by(3).map(|i| ws(i, k % 4 + 1));
            let new = (0..5).map(|j| ws(N + k + j, 0));
            p.apply_rows(users1.chain(new).collect(), &[]);
        }
        5 => {
            for w in p.table.rows().iter().skip(k % 7).step_by(5) {
                joined.connections.insert(w.id.clone(), conn(w, k));
            }
            joined.touch();
        }
        7 => *now += 6 * 3_600,
        9 => p.rebuild(&ctx_of(joined, *now, 30)),
        _ => {}
    }
}
