//! What plain filter words search, kept per row so a keystroke at 50,000 rows formats no
//! cell: each row's cells lowercased and joined (`filter::haystack`).
//!
//! Cells come in two kinds. A row's own cells change only when the row does, so they are
//! kept up to date as pages arrive (25 rows at a time). Live cells (`Column::live`: joined
//! from another pane, or relative to the clock) change without the row changing; they are
//! built when a filter first needs them and kept until the joined data changes or the
//! minute turns, which is as fine as their text gets ("5m ago").

use super::filter::haystack;
use super::resource::{Ctx, Resource};
use super::table::Changes;

#[derive(Debug, Default)]
pub struct Haystacks {
    /// Own cells per row index.
    own: Vec<String>,
    /// Live cells per row index; may be shorter than the table (built on demand).
    live: Vec<String>,
    /// The joined-data generation and the minute `live` was built for.
    live_for: Option<(u64, i64)>,
}

impl Haystacks {
    /// Follow the table's changes: rebuild or patch own cells; drop or patch live ones.
    pub fn update<R: Resource>(&mut self, rows: &[R], changes: &Changes, ctx: &Ctx) {
        // Touched indices are sorted; new rows come after the old ones, in order.
        let appended_in_order = changes
            .rows
            .iter()
            .filter(|&&i| i >= self.own.len())
            .enumerate()
            .all(|(n, &i)| i == self.own.len() + n);
        if changes.all || !appended_in_order {
            self.own = rows.iter().map(|r| cells(r, ctx, false)).collect();
            self.live.clear();
            return;
        }
        if self.live_for != Some(stamp(ctx)) {
            self.live.clear();
        }
        for &i in &changes.rows {
            if i < self.own.len() {
                self.own[i] = cells(&rows[i], ctx, false);
            } else {
                self.own.push(cells(&rows[i], ctx, false));
            }
            if i < self.live.len() {
                self.live[i] = cells(&rows[i], ctx, true);
            }
        }
    }

    /// Make sure every row has its live cells, for a filter about to search them.
    pub fn prepare_live<R: Resource>(&mut self, rows: &[R], ctx: &Ctx) {
        if !R::columns().iter().any(|c| c.live) {
            return;
        }
        if self.live_for != Some(stamp(ctx)) {
            self.live.clear();
            self.live_for = Some(stamp(ctx));
        }
        let from = self.live.len();
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
    use crate::app::table::ResourceTable;
    use crate::domain::{ConnectionStatus, Workspace};

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
        h.update(t.rows(), &c, &ctx_of(&joined, 0, 30));
        assert!(h.own(0).contains("alice") && h.own(1).contains("bob"));
        // A changed row and a new one: patched, not rebuilt.
        t.upsert(2, vec![ws("ws-2", "Bobby"), ws("ws-3", "carol")]);
        let c = t.take_changes();
        h.update(t.rows(), &c, &ctx_of(&joined, 0, 30));
        assert!(h.own(1).contains("bobby") && h.own(2).contains("carol"));
        // Live cells (the connection state) are built on demand, and again after the
        // joined data changed.
        h.prepare_live(t.rows(), &ctx_of(&joined, 0, 30));
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
        h.update(t.rows(), &c, &ctx);
        h.prepare_live(t.rows(), &ctx);
        assert!(h.live(0).contains("connected"), "{}", h.live(0));
    }
}
