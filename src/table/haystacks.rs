//! What plain filter words search, kept per row so a keystroke at 50,000 rows formats no
//! cell: each row's cells lowercased and joined (`filter::haystack`).
//!
//! For the WorkSpaces pane (`Resource::FILTER_AHEAD`), and any pane once filtered,
//! everything is built ahead, a slice at a time: every table change builds the cells of up
//! to `AHEAD` more rows (a page of 25 new rows builds its 25), so a fleet that arrived page
//! by page has them all when the filter prompt first opens, and a cached fleet of 50,000
//! costs a few milliseconds per update instead of one long stall. Once built:
//! - a row's own cells change only when the row does, so they follow the table's changes
//!   (25 rows a page, and rows that left are dropped in order);
//! - live cells (`Column::live`: joined from another pane, or relative to the clock) change
//!   without the row changing: those of the rows a change of the joined data names
//!   (`Ctx::touched`) are rebuilt, all of them when it names none; and each row's are
//!   rebuilt when its text from the clock changes (`format::clock_watch`: "5m ago" at the
//!   next minute, "3d ago" at the next day), or, for a resource whose clock texts are not
//!   all watched (`Resource::CLOCK_WATCHED`), at the next minute.

use super::column_cells::ColumnCells;
use super::filter::haystack;
use super::format::clock_watch;
use super::resource::{Ctx, Resource};
use super::rows::Changes;
use super::texts::Texts;

/// Rows whose cells are built ahead per table change, at most (a few ms of formatting).
const AHEAD: usize = 4096;

#[derive(Debug, Default)]
pub struct Haystacks {
    /// Own cells per row index; shorter than the table while being built ahead.
    own: Texts,
    /// Live cells per row index, and when each row's next changes with the clock.
    live: Texts,
    live_until: Vec<i64>,
    /// The earliest of `live_until` (or earlier): until then no row's clock text changed,
    /// and an update does not look at them.
    live_next: i64,
    /// The joined-data generation `live` was built for.
    live_for: Option<u64>,
    /// A filter has needed these haystacks: they are kept built ahead from now on.
    prepared: bool,
    /// The shown cells of the own columns column terms have read (and, with
    /// `sort_cells`, those sorted by their text), built as far as `own`.
    cells: ColumnCells,
    sort_cells: bool,
}

impl Haystacks {
    /// Follow the table's changes (see the module comment); `position` finds a resource's
    /// row.
    pub fn update<R: Resource>(
        &mut self,
        rows: &[R],
        changes: &Changes,
        ctx: &Ctx,
        position: impl Fn(&str) -> Option<usize>,
    ) {
        // Built ahead for the pane filtered first (`Resource::FILTER_AHEAD`), and for any
        // pane once a filter has needed its haystacks; others cost nothing until then.
        let ahead = if R::FILTER_AHEAD || self.prepared {
            AHEAD
        } else {
            0
        };
        if R::FILTER_AHEAD {
            self.keep_sort_cells::<R>();
        }
        if changes.all {
            self.own.clear();
            self.cells.clear();
            self.clear_live();
            self.build(rows, ctx, ahead);
            return;
        }
        if let Some(map) = &changes.remap {
            self.own.remap(map);
            self.cells.remap(map);
            self.live.remap(map);
            compact(&mut self.live_until, map);
        }
        if let Some(built) = self.live_for.filter(|&g| g != ctx.generation) {
            // The joined data changed: rebuild the live cells of the rows it named, or all.
            match ctx.touched.since(built) {
                Some(ids) => {
                    for i in ids.into_iter().filter_map(&position) {
                        self.rebuild_live(rows, i, ctx);
                    }
                    self.live_for = Some(ctx.generation);
                }
                None => self.clear_live(),
            }
        }
        // Touched indices are sorted; rows past the end are built below.
        for &i in &changes.rows {
            if i < self.own.len() {
                self.own.set(i, &cells(&rows[i], ctx, false));
            }
            self.cells.set(&rows[i], i, ctx);
            self.rebuild_live(rows, i, ctx);
        }
        self.build(rows, ctx, ahead);
    }

    /// Make sure every row has its haystacks, for a filter about to search them.
    pub fn prepare<R: Resource>(&mut self, rows: &[R], ctx: &Ctx) {
        self.prepared = true;
        self.build(rows, ctx, usize::MAX);
    }

    /// Whether a row's text from the clock ("5m ago") has changed since the haystacks
    /// were last brought up to date: what was found by searching them may be out of date.
    pub fn clock_due(&self, now: i64) -> bool {
        self.live_next <= now
    }

    /// Keep the shown cells of `columns` (own columns only) for every row from now on: what
    /// column terms test (see `column_cells`).
    pub fn keep_cells<R: Resource>(
        &mut self,
        rows: &[R],
        ctx: &Ctx,
        columns: impl IntoIterator<Item = usize>,
    ) {
        self.cells.keep(rows, ctx, columns);
    }

    /// Keep, from now on, the shown cells of the columns sorted by their text (own columns
    /// without a sort of their own), built ahead with the haystacks: the first sort by one
    /// then formats nothing (`cell_sort`). Costs about 200 bytes a WorkSpace.
    pub fn keep_sort_cells<R: Resource>(&mut self) {
        if !self.sort_cells {
            self.sort_cells = true;
            let text_sorted = |(_, c): &(usize, &super::resource::Column<R>)| c.sort.is_none();
            let cols = R::columns().iter().enumerate().filter(text_sorted);
            self.cells
                .watch::<R>(cols.map(|(i, _)| i).collect::<Vec<_>>());
        }
    }

    /// Every row's shown cell of `column`, when kept and built for all `len` rows.
    pub fn all_cells(&self, column: usize, len: usize) -> Option<&Texts> {
        self.cells.all(column, len)
    }

    /// The kept shown cell of `column` in `row`, if kept.
    pub fn cell(&self, column: usize, row: usize) -> Option<&str> {
        self.cells.get(column, row)
    }

    pub fn own(&self, row: usize) -> &str {
        self.own.get(row).unwrap_or("")
    }

    /// Live cells of `row`; "" when the pane has no live column.
    pub fn live(&self, row: usize) -> &str {
        self.live.get(row).unwrap_or("")
    }

    fn clear_live(&mut self) {
        self.live.clear();
        self.live_until.clear();
        self.live_next = i64::MAX;
        self.live_for = None;
    }

    fn rebuild_live<R: Resource>(&mut self, rows: &[R], i: usize, ctx: &Ctx) {
        if i < self.live.len() {
            let (cells, until) = live_cells(&rows[i], ctx);
            self.live.set(i, &cells);
            self.live_until[i] = until;
            self.live_next = self.live_next.min(until);
        }
    }

    /// Build up to `most` more rows' own and live cells, after rebuilding the live cells the
    /// clock changed.
    fn build<R: Resource>(&mut self, rows: &[R], ctx: &Ctx, most: usize) {
        let from = self.own.len().min(rows.len());
        let to = rows.len().min(from.saturating_add(most));
        for r in &rows[from..to] {
            self.own.push(&cells(r, ctx, false));
        }
        self.cells.build(rows, ctx, self.own.len());
        if !R::columns().iter().any(|c| c.live) {
            return;
        }
        if self.live_for != Some(ctx.generation) {
            self.clear_live();
            self.live_for = Some(ctx.generation);
        }
        if self.live_next <= ctx.now {
            let mut next = i64::MAX;
            for (i, row) in rows.iter().enumerate().take(self.live.len()) {
                if self.live_until[i] <= ctx.now {
                    let (cells, until) = live_cells(row, ctx);
                    self.live.set(i, &cells);
                    self.live_until[i] = until;
                }
                next = next.min(self.live_until[i]);
            }
            self.live_next = next;
        }
        let from = self.live.len().min(rows.len());
        let to = rows.len().min(from.saturating_add(most));
        for r in &rows[from..to] {
            let (cells, until) = live_cells(r, ctx);
            self.live.push(&cells);
            self.live_until.push(until);
            self.live_next = self.live_next.min(until);
        }
    }
}

/// Keep the entries of rows still in the table, in order (see `Changes::remap`). Entries
/// past the map's end (never built) cannot exist: `v` is never longer than the table was.
fn compact<T>(v: &mut Vec<T>, map: &[usize]) {
    use super::rows::GONE;
    let mut i = 0;
    v.retain(|_| {
        let keep = map.get(i).is_some_and(|&m| m != GONE);
        i += 1;
        keep
    });
}

/// The row's cells of one kind (`live` or not), lowercased and joined.
fn cells<R: Resource>(row: &R, ctx: &Ctx, live: bool) -> String {
    let cols = R::columns().iter().filter(|c| c.live == live);
    haystack(cols.map(|c| (c.text)(row, ctx)))
}

/// The row's live cells, and when they next change with the clock.
fn live_cells<R: Resource>(row: &R, ctx: &Ctx) -> (String, i64) {
    let (text, changes) = clock_watch(|| cells(row, ctx, true));
    if R::CLOCK_WATCHED {
        (text, changes)
    } else {
        let next_minute = (ctx.now.div_euclid(60) + 1) * 60;
        (text, changes.min(next_minute))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::state::{ctx_of, Joined};
    use crate::domain::{ConnectionStatus, Workspace};
    use crate::table::ResourceTable;

    fn ws(id: &str, user: &str) -> Workspace {
        Workspace {
            id: id.into(),
            user_name: user.into(),
            ..Default::default()
        }
    }

    #[test]
    fn live_cells_from_the_clock_are_rebuilt_when_their_text_changes() {
        let mut joined = Joined::default();
        let now = 1_700_000_000;
        for (id, last) in [("ws-1", now - 30), ("ws-2", now - 2 * 86_400 - 5)] {
            joined.connections.insert(
                id.into(),
                ConnectionStatus {
                    workspace_id: id.into(),
                    state: "DISCONNECTED".into(),
                    last_user_connection: Some(last),
                    ..Default::default()
                },
            );
        }
        joined.touch();
        let mut t = ResourceTable::default();
        t.upsert(1, vec![ws("ws-1", "a"), ws("ws-2", "b")]);
        let mut h = Haystacks::default();
        let c = t.take_changes();
        h.update(t.rows(), &c, &ctx_of(&joined, now, 30), |id| t.position(id));
        assert!(h.live(0).contains("just now") && h.live(1).contains("2d ago"));
        assert_eq!(h.live_until, [now + 30, now - 5 + 86_400]);
        // 40 s later "just now" is "1m ago"; "2d ago" is left as it is.
        let later = ctx_of(&joined, now + 40, 30);
        h.prepare(t.rows(), &later);
        assert!(h.live(0).contains("1m ago"), "{}", h.live(0));
        assert_eq!(h.live_until[1], now - 5 + 86_400);
    }

    #[test]
    fn own_cells_follow_pages_and_live_cells_follow_the_joined_data() {
        let mut joined = Joined::default();
        joined.touch();
        let mut t = ResourceTable::default();
        let mut h = Haystacks::default();
        t.upsert(1, vec![ws("ws-1", "Alice"), ws("ws-2", "bob")]);
        let c = t.take_changes();
        h.update(t.rows(), &c, &ctx_of(&joined, 0, 30), |id| t.position(id));
        h.prepare(t.rows(), &ctx_of(&joined, 0, 30));
        assert!(h.own(0).contains("alice") && h.own(1).contains("bob"));
        // A changed row and a new one: patched, not rebuilt.
        t.upsert(2, vec![ws("ws-2", "Bobby"), ws("ws-3", "carol")]);
        let c = t.take_changes();
        h.update(t.rows(), &c, &ctx_of(&joined, 0, 30), |id| t.position(id));
        h.prepare(t.rows(), &ctx_of(&joined, 0, 30));
        assert!(h.own(1).contains("bobby") && h.own(2).contains("carol"));
        // Live cells (the connection state) are built on demand, and again after the
        // joined data changed.
        h.prepare(t.rows(), &ctx_of(&joined, 0, 30));
        assert!(!h.live(0).contains("connected"));
        joined.connections.insert(
            "ws-1".into(),
            ConnectionStatus {
                workspace_id: "ws-1".into(),
                state: "CONNECTED".into(),
                ..Default::default()
            },
        );
        joined.touch();
        let ctx = ctx_of(&joined, 0, 30);
        let c = t.take_changes();
        h.update(t.rows(), &c, &ctx, |id| t.position(id));
        h.prepare(t.rows(), &ctx);
        assert!(h.live(0).contains("connected"), "{}", h.live(0));
        // A row leaves: the others' haystacks move down with them.
        t.remove(&["ws-2".to_string()]);
        let c = t.take_changes();
        h.update(t.rows(), &c, &ctx, |id| t.position(id));
        h.prepare(t.rows(), &ctx);
        assert!(h.own(1).contains("carol") && h.live(0).contains("connected"));
    }
}
