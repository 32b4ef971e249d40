//! What plain filter words search, kept per row so a keystroke at 50,000 rows formats no
//! cell: each row's cells lowercased and joined (`filter::haystack`).
//!
//! Own cells are built ahead, a slice at a time: every table change builds those of up to
//! `AHEAD` more rows (a page of 25 new rows builds its 25), so a fleet that arrived page by
//! page has them all when the filter prompt first opens, and a cached fleet of 50,000 costs
//! a few milliseconds per update instead of one long stall. Once built:
//! - a row's own cells change only when the row does, so they follow the table's changes
//!   (25 rows a page, and rows that left are dropped in order);
//! - live cells (`Column::live`: joined from another pane, or relative to the clock) change
//!   without the row changing; they are built when a filter needs them, and again when the
//!   joined data changed or the minute turned, which is as fine as their text gets ("5m ago").

use super::filter::haystack;
use super::resource::{Ctx, Resource};
use super::rows::{Changes, GONE};

/// Own cells built ahead per table change, at most (about 5 ms of formatting).
const AHEAD: usize = 4096;

#[derive(Debug, Default)]
pub struct Haystacks {
    /// Own cells per row index; shorter than the table while being built ahead.
    own: Vec<String>,
    /// Live cells per row index; may be shorter than the table (built on demand).
    live: Vec<String>,
    /// The joined-data generation and the minute `live` was built for.
    live_for: Option<(u64, i64)>,
}

impl Haystacks {
    /// Follow the table's changes (only what is built; see the module comment); `position`
    /// finds a resource's row.
    pub fn update<R: Resource>(
        &mut self,
        rows: &[R],
        changes: &Changes,
        ctx: &Ctx,
        position: impl Fn(&str) -> Option<usize>,
    ) {
        if changes.all {
            self.own.clear();
            self.live.clear();
            self.build_ahead(rows, ctx);
            return;
        }
        if let Some(map) = &changes.remap {
            compact(&mut self.own, map);
            compact(&mut self.live, map);
        }
        if let Some(built) = self.live_for.filter(|&b| b != stamp(ctx)) {
            // The joined data changed: rebuild the live cells of the rows it named, or all
            // of them (when it did not say, or the minute turned).
            let named = (built.1 == stamp(ctx).1)
                .then(|| ctx.touched.since(built.0))
                .flatten();
            match named {
                Some(ids) => {
                    for i in ids.into_iter().filter_map(&position) {
                        if i < self.live.len() {
                            self.live[i] = cells(&rows[i], ctx, true);
                        }
                    }
                    self.live_for = Some(stamp(ctx));
                }
                None => {
                    self.live.clear();
                    self.live_for = None;
                }
            }
        }
        // Touched indices are sorted; rows past the end are built by `prepare`.
        for &i in &changes.rows {
            if i < self.own.len() {
                self.own[i] = cells(&rows[i], ctx, false);
            }
            if i < self.live.len() {
                self.live[i] = cells(&rows[i], ctx, true);
            }
        }
        self.build_ahead(rows, ctx);
    }

    /// Own cells of up to `AHEAD` more rows.
    fn build_ahead<R: Resource>(&mut self, rows: &[R], ctx: &Ctx) {
        let from = self.own.len().min(rows.len());
        let to = rows.len().min(from + AHEAD);
        self.own
            .extend(rows[from..to].iter().map(|r| cells(r, ctx, false)));
    }

    /// Make sure every row has its haystacks, for a filter about to search them.
    pub fn prepare<R: Resource>(&mut self, rows: &[R], ctx: &Ctx) {
        let from = self.own.len().min(rows.len());
        self.own
            .extend(rows[from..].iter().map(|r| cells(r, ctx, false)));
        if !R::columns().iter().any(|c| c.live) {
            return;
        }
        if self.live_for != Some(stamp(ctx)) {
            self.live.clear();
        }
        self.live_for = Some(stamp(ctx));
        let from = self.live.len().min(rows.len());
        self.live
            .extend(rows[from..].iter().map(|r| cells(r, ctx, true)));
    }

    pub fn own(&self, row: usize) -> &str {
        &self.own[row]
    }

    /// Live cells of `row`; "" when the pane has no live column.
    pub fn live(&self, row: usize) -> &str {
        self.live.get(row).map(String::as_str).unwrap_or("")
    }
}

/// Keep the entries of rows still in the table, in order (see `Changes::remap`). Entries
/// past the map's end (never built) cannot exist: `v` is never longer than the table was.
fn compact(v: &mut Vec<String>, map: &[usize]) {
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

fn stamp(ctx: &Ctx) -> (u64, i64) {
    (ctx.generation, ctx.now.div_euclid(60))
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
