//! Sweep order (issue 16, part 3): a cold load of one Region with the WorkSpaces and
//! connection-status sweeps interleaved, or WorkSpaces first (`SweepOrder`). Measured: when
//! every WorkSpaces row is in the state, when every connection status is, and when the
//! connection status of every row of the first screenful (the WorkSpaces pane as the app
//! sorts it once loaded) is known.
//!
//! The app's own path: `Refreshers::start_in_order`, every message through `update`, and
//! the `Command::LookupConnections` that `update` returns for rows on screen run as the
//! event loop runs them (`runtime::lookups::connections`, the budget's urgent line), so the
//! screenful's connection status arrives the way it does in the app.

use super::{emulator, service, Rate, REGION};
use crate::common::{page_info, secs, Table};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::collections::HashMap;
use std::time::{Duration, Instant};
use tokio::sync::mpsc::unbounded_channel;
use wsfleet::app::{update, Command, Mode, Msg, Rows, State};
use wsfleet::panes::PaneKind;
use wsfleet::runtime::{Intervals, Refreshers, SweepOrder};
use wsfleet::sim::SimStats;

pub struct SweepRun {
    order: SweepOrder,
    size: usize,
    rows: usize,
    workspaces_done: Option<Duration>,
    connections_done: Option<Duration>,
    /// The first screenful's connection status all known.
    screen_known: Option<Duration>,
    screen_rows: usize,
    all_done: Option<Duration>,
    stats: SimStats,
    note: String,
}

pub async fn run(size: usize, r: Rate, order: SweepOrder) -> SweepRun {
    let emu = emulator(size, r).await;
    let svc = service(&emu, r);
    let mut state = State::new(Mode::Demo, REGION.into(), None, emu.endpoint_url());
    let (cols, lines) = (160, 48);
    let mut term = Terminal::new(TestBackend::new(cols, lines)).unwrap();
    update(&mut state, Msg::Resize(cols, lines));
    let (tx, mut rx) = unbounded_channel();
    let start = Instant::now();
    let refreshers = Refreshers::start_in_order(
        svc.clone(),
        tx.clone(),
        &Intervals::from_base(Duration::from_secs(86_400)),
        Default::default(),
        order,
    );
    term.draw(|f| wsfleet::ui::draw(f, &state)).unwrap();
    let mut done: HashMap<PaneKind, Duration> = HashMap::new();
    // When each WorkSpace's connection status first reached `update` (sweep or lookup).
    let mut known: HashMap<String, Duration> = HashMap::new();
    let mut failed = vec![];
    let deadline = Duration::from_secs(3600);
    while PaneKind::TOP.iter().any(|p| !done.contains_key(p)) {
        let left = deadline.saturating_sub(start.elapsed());
        let Ok(Some(msg)) = tokio::time::timeout(left, rx.recv()).await else {
            failed.push("timed out".to_string());
            break;
        };
        let mut pending = vec![msg];
        while let Ok(more) = rx.try_recv() {
            pending.push(more);
        }
        let mut dirty = false;
        for msg in pending {
            let now = start.elapsed();
            if let Some((pane, true, _)) = page_info(&msg) {
                done.entry(pane).or_insert(now);
            }
            match &msg {
                Msg::Page {
                    rows: Rows::Connections(items),
                    ..
                }
                | Msg::ConnectionsRead { items, .. } => {
                    for c in items {
                        known.entry(c.workspace_id.clone()).or_insert(now);
                    }
                }
                Msg::PageFailed { pane, error, .. } => {
                    done.entry(*pane).or_insert(now);
                    failed.push(format!("{pane:?}: {error}"));
                }
                _ => {}
            }
            let effects = update(&mut state, msg);
            dirty |= effects.redraw;
            for command in effects.commands {
                // As the event loop runs it (src/runtime/run.rs); nothing else is needed here.
                if let Command::LookupConnections { ids, asker, .. } = command {
                    tokio::spawn(wsfleet::runtime::lookups::connections(
                        svc.clone(),
                        ids,
                        asker,
                        state.context_name(),
                        tx.clone(),
                    ));
                }
            }
        }
        if dirty {
            term.draw(|f| wsfleet::ui::draw(f, &state)).unwrap();
        }
    }
    drop(refreshers);
    // Lookups still in flight end with the emulator.
    let stats = emu.stats();
    emu.shutdown().await;
    let table = &state.panes.workspaces.table;
    let screen: Vec<String> = (0..state.body_rows().min(table.view_len()))
        .filter_map(|pos| table.view_row(pos))
        .map(|w| w.id.clone())
        .collect();
    let screen_known = screen
        .iter()
        .map(|id| known.get(id).copied())
        .collect::<Option<Vec<_>>>()
        .and_then(|t| t.into_iter().max());
    SweepRun {
        order,
        size,
        rows: table.len(),
        workspaces_done: done.get(&PaneKind::Workspaces).copied(),
        connections_done: done.get(&PaneKind::Connections).copied(),
        screen_known,
        screen_rows: screen.len(),
        all_done: done.values().max().copied(),
        stats,
        note: if failed.is_empty() {
            "all 6 top panes loaded".into()
        } else {
            failed.join("; ")
        },
    }
}

pub fn table(r: Rate) -> Table {
    Table::new(
        &format!(
            "Sweep order, cold load, throttling {}/s burst {}",
            r.rate, r.burst
        ),
        &[
            "order",
            "N",
            "rows",
            "every WorkSpace",
            "/floor",
            "every conn. status",
            "/floor",
            "first screenful's conn. status",
            "/floor",
            "all panes",
            "DescribeWorkspaces",
            "DescribeWorkspacesConnectionStatus",
            "all calls C",
            "throttled",
            "floor (C-B)/R",
            "notes",
        ],
    )
}

pub fn row(t: &mut Table, s: &SweepRun, r: Rate) {
    let calls = s.stats.total_calls();
    let floor = r.floor(calls);
    let opt = |d: Option<Duration>| d.map(secs).unwrap_or_else(|| "-".into());
    let ratio = |d: Option<Duration>| {
        d.map(|d| format!("{:.3}", d.as_secs_f64() / floor))
            .unwrap_or_else(|| "-".into())
    };
    t.row(vec![
        format!("{:?}", s.order),
        s.size.to_string(),
        s.rows.to_string(),
        opt(s.workspaces_done),
        ratio(s.workspaces_done),
        opt(s.connections_done),
        ratio(s.connections_done),
        format!("{} ({} rows)", opt(s.screen_known), s.screen_rows),
        ratio(s.screen_known),
        opt(s.all_done),
        s.stats.calls_to("DescribeWorkspaces").to_string(),
        s.stats
            .calls_to("DescribeWorkspacesConnectionStatus")
            .to_string(),
        calls.to_string(),
        s.stats.total_throttled().to_string(),
        format!("{floor:.1} s"),
        s.note.clone(),
    ]);
}
