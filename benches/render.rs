//! Frame render, filter keystroke to filtered frame, and sort, with a large fleet loaded.
//!
//! The fleet comes from the embedded emulator (throttling off) through the real service
//! layer and is fed to the app as `Msg::Page` messages through `update`, as the event loop
//! does; frames are drawn with `ui::draw` into a ratatui `TestBackend`. Each figure times what
//! the user waits for: `update` of the message plus the frame drawn after it.
//!
//! Env: WSFLEET_BENCH_ROWS (default 50000), WSFLEET_BENCH_ITERS (frames, default 500),
//! WSFLEET_BENCH_COLS / WSFLEET_BENCH_LINES (terminal, default 160x48), WSFLEET_BENCH_QUICK=1,
//! WSFLEET_BENCH_ONLY=filter|longfilter|typed|sort|page (one section, e.g. under a profiler).

mod common;

use common::{env_num, ms, page_msg, summarize, Summary, Table};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::sync::Arc;
use std::time::{Duration, Instant};
use wsfleet::app::{update, Mode, Msg, Rows, State};
use wsfleet::service::{demo_client, ClientOptions, RateBudget, WorkspacesService};
use wsfleet::sim::{Emulator, SimConfig};

const REGION: &str = "us-east-1";

fn key(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn code(k: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(k, KeyModifiers::NONE))
}

/// Pages the whole fleet (WorkSpaces and connection status) out of an unthrottled emulator
/// into a fresh state, through `update`.
async fn loaded_state(rows: usize) -> State {
    let emu = Emulator::start(SimConfig {
        size: rows,
        throttle: None,
        ..SimConfig::default()
    })
    .await
    .expect("start the emulator");
    let client = demo_client(&emu.endpoint_url(), REGION, &ClientOptions::default());
    let svc = WorkspacesService::new(client, REGION.into(), Arc::new(RateBudget::unlimited()));
    let mut state = State::new(Mode::Demo, REGION.into(), None, emu.endpoint_url());
    let mut token = None;
    loop {
        let p = svc.describe_workspaces_page(token).await.expect("describe");
        let last = p.next_token.is_none();
        update(&mut state, page_msg(1, Rows::Workspaces(p.items), last));
        if last {
            break;
        }
        token = p.next_token;
    }
    let mut token = None;
    loop {
        let p = svc
            .describe_connection_status_page(token)
            .await
            .expect("connections");
        let last = p.next_token.is_none();
        update(&mut state, page_msg(1, Rows::Connections(p.items), last));
        if last {
            break;
        }
        token = p.next_token;
    }
    emu.shutdown().await;
    state
}

/// `update(msg)` then one frame, timed together.
fn step(term: &mut Terminal<TestBackend>, state: &mut State, msg: Msg) -> Duration {
    let t = Instant::now();
    update(state, msg);
    term.draw(|f| wsfleet::ui::draw(f, state)).unwrap();
    t.elapsed()
}

fn frame(term: &mut Terminal<TestBackend>, state: &State) -> Duration {
    let t = Instant::now();
    term.draw(|f| wsfleet::ui::draw(f, state)).unwrap();
    t.elapsed()
}

/// `unit` repeated, cut to `len` characters.
fn repeat_to(unit: &str, len: usize) -> String {
    unit.repeat(len / unit.len() + 1)[..len]
        .trim_end()
        .to_string()
}

/// Distinct two-letter words up to `len` characters: `aa ab ac …`.
fn distinct_words(len: usize) -> String {
    let letters = b'a'..=b'z';
    let words = letters.clone().flat_map(|a| {
        letters
            .clone()
            .map(move |b| format!("{}{}", a as char, b as char))
    });
    let mut out = String::new();
    for w in words {
        if out.len() + w.len() + 1 > len {
            break;
        }
        out.push_str(&w);
        out.push(' ');
    }
    out.trim_end().to_string()
}

/// Distinct column regexes every WorkSpace passes (`id~ws|0`, `id~ws|1`, …) up to `len`.
fn distinct_regexes(len: usize) -> String {
    let mut out = String::new();
    for i in 0.. {
        let term = format!("id~ws|{i} ");
        if out.len() + term.len() > len {
            break;
        }
        out.push_str(&term);
    }
    out.trim_end().to_string()
}

/// `unit` repeated and cut to exactly `len` characters (spaces kept: they are typed too).
fn exactly(unit: &str, len: usize) -> String {
    unit.chars().cycle().take(len).collect()
}

/// `keys` as the event loop takes keys already waiting: each `update` told more wait
/// behind it but the last, then one frame; all of it timed.
fn batch_and_frame(term: &mut Terminal<TestBackend>, state: &mut State, keys: &[char]) -> Duration {
    let t = Instant::now();
    for (i, &c) in keys.iter().enumerate() {
        state.more_waiting = i + 1 < keys.len();
        update(state, key(c));
    }
    term.draw(|f| wsfleet::ui::draw(f, state)).unwrap();
    t.elapsed()
}

/// Open the filter prompt holding all but the last `last` characters of `text`, type those
/// one key at a time, then 10 more; each key's `update` + frame. Leaves the filter empty.
fn type_to_the_cap(
    term: &mut Terminal<TestBackend>,
    state: &mut State,
    text: &str,
    last: usize,
) -> (Vec<Duration>, Vec<Duration>) {
    let split = text.chars().count() - last;
    let head: String = text.chars().take(split).collect();
    step(term, state, key('/'));
    step(term, state, Msg::Paste(head));
    let typed = text.chars().skip(split).map(|c| step(term, state, key(c)));
    let typed = typed.collect();
    let past = (0..10).map(|_| step(term, state, key('y'))).collect();
    let ctrl_u = KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL);
    step(term, state, Msg::Key(ctrl_u));
    step(term, state, code(KeyCode::Enter));
    (typed, past)
}

fn row(t: &mut Table, what: &str, s: Summary, target: &str, pass: Option<bool>) {
    t.row(vec![
        what.to_string(),
        s.n.to_string(),
        ms(s.median),
        ms(s.p95),
        ms(s.max),
        target.to_string(),
        match pass {
            Some(true) => "pass".into(),
            Some(false) => "MISS".into(),
            None => "-".into(),
        },
    ]);
}

fn main() {
    common::print_machine();
    let rows: usize = env_num("WSFLEET_BENCH_ROWS", 50_000, 5_000);
    let iters: usize = env_num("WSFLEET_BENCH_ITERS", 500, 100);
    let cols: u16 = env_num("WSFLEET_BENCH_COLS", 160, 160);
    let lines: u16 = env_num("WSFLEET_BENCH_LINES", 48, 48);
    println!("render bench: {rows} WorkSpaces, terminal {cols}x{lines}, {iters} frames per figure");

    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let t = Instant::now();
    let mut state = rt.block_on(loaded_state(rows));
    drop(rt);
    println!(
        "loaded {} WorkSpaces ({} connection rows) in {:.1} s",
        state.panes.workspaces.table.len(),
        state.joined.connections.len(),
        t.elapsed().as_secs_f64()
    );
    assert_eq!(state.panes.workspaces.table.len(), rows);

    let mut term = Terminal::new(TestBackend::new(cols, lines)).unwrap();
    update(&mut state, Msg::Resize(cols, lines));
    let mut table = Table::new(
        &format!("Render at {rows} rows ({cols}x{lines}), update + frame"),
        &["what", "n", "median", "p95", "max", "target", "result"],
    );

    // Warm up (first frame allocates the buffers).
    for _ in 0..20 {
        frame(&mut term, &state);
    }

    // 1. A frame with nothing changed: what every redraw costs at least.
    let s = summarize((0..iters).map(|_| frame(&mut term, &state)).collect());
    row(
        &mut table,
        "frame, nothing changed",
        s,
        "<= 2 ms median",
        Some(s.median <= Duration::from_millis(2)),
    );

    // 2. Scroll one row (`j`) then the frame: the common case while reading the table. The
    //    first body-height steps only move the cursor; later ones scroll.
    let s = summarize(
        (0..iters)
            .map(|_| step(&mut term, &mut state, key('j')))
            .collect(),
    );
    row(
        &mut table,
        "key j (move down) + frame",
        s,
        "<= 2 ms median",
        Some(s.median <= Duration::from_millis(2)),
    );
    update(&mut state, key('g'));

    let only = std::env::var("WSFLEET_BENCH_ONLY").unwrap_or_default();
    let runs = |what: &str| only.is_empty() || only == what;

    // 3. Filter as you type: `/` opens the prompt, each character re-filters the table.
    //    Typing narrows, Backspace widens again; both are keystrokes the user waits for.
    let queries = ["ali", "ws-1", "avail", "stop", "xyz"];
    let mut narrow = vec![];
    let mut widen = vec![];
    let mut open = vec![];
    let mut shown = vec![];
    let rounds = if runs("filter") {
        (iters / 50).max(2)
    } else {
        0
    };
    for _ in 0..rounds {
        for q in queries {
            open.push(step(&mut term, &mut state, key('/')));
            for c in q.chars() {
                narrow.push(step(&mut term, &mut state, key(c)));
            }
            shown.push(format!("{q}:{}", state.pane().view_len()));
            for _ in q.chars() {
                widen.push(step(&mut term, &mut state, code(KeyCode::Backspace)));
            }
            step(&mut term, &mut state, code(KeyCode::Esc));
        }
    }
    if rounds == 0 {
        open.push(Duration::ZERO);
        narrow.push(Duration::ZERO);
        widen.push(Duration::ZERO);
        shown.push("skipped".into());
    }
    shown.dedup();
    let all: Vec<Duration> = narrow.iter().chain(widen.iter()).copied().collect();
    // Opening the prompt prepares what typing searches (the live cells, when their data
    // changed since the last filter): the first opening pays for it.
    let first_open = open.first().copied().unwrap_or_default();
    row(
        &mut table,
        "first opening of the filter prompt (/) + frame",
        summarize(vec![first_open]),
        "<= 5 ms",
        Some(first_open <= Duration::from_millis(5)),
    );
    let s = summarize(open);
    row(
        &mut table,
        "open the filter prompt (/) + frame",
        s,
        "(none given)",
        None,
    );
    let s = summarize(narrow);
    row(
        &mut table,
        "filter keystroke (typing) + frame",
        s,
        "<= 5 ms median, 10 ms max",
        Some(s.median <= Duration::from_millis(5) && s.max <= Duration::from_millis(10)),
    );
    let s = summarize(widen);
    row(
        &mut table,
        "filter keystroke (Backspace) + frame",
        s,
        "<= 5 ms median, 10 ms max",
        Some(s.median <= Duration::from_millis(5) && s.max <= Duration::from_millis(10)),
    );
    let s = summarize(all);
    row(
        &mut table,
        "filter keystroke, all + frame",
        s,
        "<= 5 ms median, 10 ms max",
        Some(s.median <= Duration::from_millis(5) && s.max <= Duration::from_millis(10)),
    );

    // 3a. A filter in force while the connection sweep goes on: a page of 25 changed
    //     connection states arrives (the filter's live cells follow it), then a keystroke.
    let conns: Vec<_> = state.panes.connections.table.rows()[..25].to_vec();
    let mut arrive = vec![];
    let mut typed = vec![];
    let n = if runs("filter") {
        (iters / 5).max(20)
    } else {
        0
    };
    if n > 0 {
        step(&mut term, &mut state, key('/'));
        step(&mut term, &mut state, key('c'));
    }
    for i in 0..n {
        let mut page = conns.clone();
        for c in &mut page {
            c.state = ["CONNECTED", "DISCONNECTED"][i % 2].into();
        }
        arrive.push(step(
            &mut term,
            &mut state,
            page_msg(2 + i as u64, Rows::Connections(page), false),
        ));
        let k = if i % 2 == 0 {
            key('o')
        } else {
            code(KeyCode::Backspace)
        };
        typed.push(step(&mut term, &mut state, k));
    }
    if n > 0 {
        step(&mut term, &mut state, code(KeyCode::Esc));
    } else {
        arrive.push(Duration::ZERO);
        typed.push(Duration::ZERO);
    }
    let s = summarize(arrive);
    row(
        &mut table,
        "filter in force: page of 25 conn. states + frame",
        s,
        "(none given)",
        None,
    );
    let s = summarize(typed);
    row(
        &mut table,
        "filter in force: keystroke after that page + frame",
        s,
        "<= 5 ms median, 10 ms max",
        Some(s.median <= Duration::from_millis(5) && s.max <= Duration::from_millis(10)),
    );
    println!(
        "filter queries and rows they matched: {}",
        shown[..queries.len().min(shown.len())].join(", ")
    );

    // 3b. A long filter (hostile-input issue, item 4): 4,096 characters pasted into the prompt
    //     in one event (the filter applies as it arrives). Repeated words (`a a a …`), distinct words, and distinct
    //     column regexes that every row passes, so no term stops a row early.
    let longs: [(&str, String); 5] = [
        ("4,096 chars: 'a a a …'", repeat_to("a ", 4096)),
        ("4,096 chars: distinct words", distinct_words(4096)),
        ("1,024 chars: distinct regexes", distinct_regexes(1024)),
        ("2,048 chars: distinct regexes", distinct_regexes(2048)),
        ("4,096 chars: distinct regexes", distinct_regexes(4096)),
    ];
    let reps = if runs("longfilter") { 5 } else { 0 };
    for (what, text) in &longs {
        let mut paste = vec![];
        for _ in 0..reps {
            step(&mut term, &mut state, key('/'));
            paste.push(step(&mut term, &mut state, Msg::Paste(text.clone())));
            // Clear the filter (Ctrl-U in the prompt) for the next round.
            step(
                &mut term,
                &mut state,
                Msg::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
            );
            step(&mut term, &mut state, code(KeyCode::Enter));
        }
        if reps == 0 {
            paste.push(Duration::ZERO);
        }
        let s = summarize(paste);
        row(
            &mut table,
            &format!("paste {what} + frame"),
            s,
            "linear",
            None,
        );
    }

    // 3c. Typing into the filter up to its 4,096-character cap (issue 24, item 9): the prompt
    //     holds the first 4,046 characters (pasted, one event: the state is the same as if
    //     they had been typed), then the last 50 are typed one key at a time, each key + the
    //     frame after it, as a user typing or a terminal without bracketed paste sends them.
    //     Then 10 keys past the cap.
    let typed: [(&str, String); 4] = [
        ("'a a a …'", exactly("a ", 4096)),
        ("one word 'xxx…' (a key held down)", exactly("x", 4096)),
        ("distinct words", exactly(&distinct_words(8192), 4096)),
        ("distinct regexes", exactly(&distinct_regexes(8192), 4096)),
    ];
    for (what, text) in &typed {
        if !runs("typed") {
            break;
        }
        let (keys, past) = type_to_the_cap(&mut term, &mut state, text, 50);
        let last = *keys.last().unwrap();
        let s = summarize(keys);
        row(
            &mut table,
            &format!("typed chars 4,047-4,096, {what} + frame"),
            s,
            "<= 5 ms",
            Some(s.max <= Duration::from_millis(5)),
        );
        row(
            &mut table,
            &format!("the 4,096th typed character, {what} + frame"),
            summarize(vec![last]),
            "<= 5 ms",
            Some(last <= Duration::from_millis(5)),
        );
        row(
            &mut table,
            &format!("10 keys past 4,096, {what} + frame"),
            summarize(past),
            "(none given)",
            None,
        );
    }

    // 3d. The same texts as keys arriving faster than frames (a paste without bracketed
    //     paste, typing during a slow frame): the event loop takes up to INPUT_PER_FRAME
    //     waiting keys into one frame, and the filter is applied after the last of them
    //     (`State::more_waiting`). Each figure is one frame's keys + the frame; then 100 KB
    //     of keys, nearly all past the cap, in all.
    for (what, text) in &typed {
        if !runs("typed") {
            break;
        }
        step(&mut term, &mut state, key('/'));
        let keys: Vec<char> = text.chars().cycle().take(100_000).collect();
        let t = Instant::now();
        let mut frames = vec![];
        for batch in keys.chunks(wsfleet::runtime::INPUT_PER_FRAME) {
            frames.push(batch_and_frame(&mut term, &mut state, batch));
        }
        let all = t.elapsed();
        let ctrl_u = KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL);
        step(&mut term, &mut state, Msg::Key(ctrl_u));
        step(&mut term, &mut state, code(KeyCode::Enter));
        let per_frame = wsfleet::runtime::INPUT_PER_FRAME;
        let to_cap = frames[..4_096usize.div_ceil(per_frame)].to_vec();
        let per_key = to_cap.iter().map(|d| *d / per_frame as u32).collect();
        row(
            &mut table,
            &format!("burst to 4,096 keys, {what}: {per_frame} waiting keys + frame"),
            summarize(to_cap),
            "(none given)",
            None,
        );
        let s = summarize(per_key);
        row(
            &mut table,
            &format!("burst to 4,096 keys, {what}: per key"),
            s,
            "<= 5 ms",
            Some(s.max <= Duration::from_millis(5)),
        );
        row(
            &mut table,
            &format!("100 KB of keys in a burst, {what}: all frames"),
            summarize(vec![all]),
            "(none given)",
            None,
        );
    }

    // 4. Sort: `>` moves the sort to the next column, `s` reverses it; each re-sorts all rows.
    //    The first round sorts each column (each direction) for the first time; later
    //    rounds sort by columns sorted before, with a page of 25 changed rows arriving
    //    between rounds (a refresh), which the kept orders must take in.
    let ncols = 12;
    let (mut first_next, mut first_reverse) = (vec![], vec![]);
    let mut next = vec![];
    let mut reverse = vec![];
    let rounds = if runs("sort") { (iters / 50).max(2) } else { 0 };
    for round in 0..rounds {
        for _ in 0..ncols {
            let (n, r) = if round == 0 {
                (&mut first_next, &mut first_reverse)
            } else {
                (&mut next, &mut reverse)
            };
            n.push(step(&mut term, &mut state, key('>')));
            r.push(step(&mut term, &mut state, key('s')));
        }
        let mut page: Vec<_> = state.panes.workspaces.table.rows()[..25].to_vec();
        for (k, w) in page.iter_mut().enumerate() {
            w.user_name = format!("renamed{round}x{k}");
        }
        update(
            &mut state,
            page_msg(500 + round as u64, Rows::Workspaces(page), false),
        );
    }
    for v in [&mut first_next, &mut first_reverse, &mut next, &mut reverse] {
        if v.is_empty() {
            v.push(Duration::ZERO);
        }
    }
    for (what, v, target) in [
        (
            "sort a column for the first time (>) + frame",
            first_next,
            "(none given)",
        ),
        (
            "reverse it for the first time (s) + frame",
            first_reverse,
            "(none given)",
        ),
        (
            "sort by a column sorted before (>) + frame",
            next,
            "<= 5 ms median",
        ),
        (
            "reverse, sorted before (s) + frame",
            reverse,
            "<= 5 ms median",
        ),
    ] {
        let s = summarize(v);
        let pass = (target != "(none given)").then_some(s.median <= Duration::from_millis(5));
        row(&mut table, what, s, target, pass);
    }

    // 5. One more page of 25 arriving into the loaded table (a refresh sweep), + frame.
    let page: Vec<_> = state.panes.workspaces.table.rows()[..25].to_vec();
    let mut pages = vec![];
    let n = if runs("page") { (iters / 5).max(20) } else { 0 };
    for i in 0..n {
        pages.push(step(
            &mut term,
            &mut state,
            page_msg(2 + i as u64, Rows::Workspaces(page.clone()), false),
        ));
    }
    if n == 0 {
        pages.push(Duration::ZERO);
    }
    let s = summarize(pages);
    row(
        &mut table,
        "refresh page of 25 arrives + frame",
        s,
        "(none given)",
        None,
    );

    table.print();
}
