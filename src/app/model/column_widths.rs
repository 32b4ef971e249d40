//! Each column's widest cell over every row a pane holds, kept as rows arrive: a column's
//! width follows its content, not which rows are on screen or how they are sorted, so a sort
//! or a scroll never widens one column and drops another (issue 26).
//!
//! Cheap: a page measures its own rows, a change of joined data the rows it names
//! (`Ctx::touched`); only a new table is measured whole. Widths only grow until the table
//! is new again, so a row leaving never narrows a column under the cursor.

use crate::table::resource::{Ctx, Resource};
use crate::table::rows::Changes;
use unicode_width::UnicodeWidthStr;

#[derive(Debug, Default)]
pub struct ColumnWidths {
    /// By column index (`Resource::columns`); empty until a row is measured.
    widths: Vec<u16>,
    /// The widest cell each column has shown on screen (`shown`), noted while drawing.
    /// A live cell can change without its row being measured (a relative time: "9m ago"
    /// turning "10m ago", "CONNECTED 59m ago" turning "CONNECTED 1h ago"); its column
    /// must not narrow again when that cell leaves the screen or shrinks, or the table's
    /// columns are laid out anew and every row is sent again on a one-row scroll (issue
    /// 30, item 3: a 7 KB step of the terminal bench).
    seen: Vec<std::cell::Cell<u16>>,
    /// The joined-data generation live columns were measured for.
    measured_for: u64,
}

impl ColumnWidths {
    /// Follow the table's changes: measure the rows inserted or changed, and for the live
    /// columns (joined data, the clock) the rows whose joined data changed. `position`
    /// finds a resource's row.
    pub fn follow<R: Resource>(
        &mut self,
        rows: &[R],
        changes: &Changes,
        ctx: &Ctx,
        position: impl Fn(&str) -> Option<usize>,
    ) {
        if changes.all {
            self.widths.clear();
            self.seen = (0..R::columns().len())
                .map(|_| Default::default())
                .collect();
            for row in rows {
                self.measure(row, ctx, false);
            }
        } else {
            for &i in &changes.rows {
                if let Some(row) = rows.get(i) {
                    self.measure(row, ctx, false);
                }
            }
        }
        if self.measured_for != ctx.generation {
            // A change that names no resource (a map emptied) is not followed here: the
            // table still widens a column for a wider cell on screen (`ui::table`).
            for i in ctx.touched.since(self.measured_for).into_iter().flatten() {
                if let Some(row) = position(i).and_then(|p| rows.get(p)) {
                    self.measure(row, ctx, true);
                }
            }
            self.measured_for = ctx.generation;
        }
    }

    /// The widest cell of column `column` as measured or shown; `None` before any row was.
    pub fn get(&self, column: usize) -> Option<u16> {
        let seen = self.seen.get(column).map(std::cell::Cell::get);
        match (self.widths.get(column).copied(), seen) {
            (None, None) => None,
            (a, b) => Some(a.unwrap_or(0).max(b.unwrap_or(0))),
        }
    }

    /// Column `column` showed a cell `width` wide: it never narrows below that until the
    /// table is new (see `seen`). Called while drawing, hence through a `Cell`.
    pub fn shown(&self, column: usize, width: u16) {
        if let Some(seen) = self.seen.get(column) {
            seen.set(seen.get().max(width));
        }
    }

    /// Widen the columns (only the live ones when `live_only`) to `row`'s cells. Rows hidden
    /// unless a filter asks for them (AWS's public images) do not count.
    fn measure<R: Resource>(&mut self, row: &R, ctx: &Ctx, live_only: bool) {
        if !row.shown_by_default() {
            return;
        }
        let cols = R::columns();
        self.widths.resize(cols.len(), 0);
        self.seen.resize_with(cols.len(), Default::default);
        for (w, col) in self.widths.iter_mut().zip(cols) {
            if live_only && !col.live {
                continue;
            }
            let text = col.shown(row, ctx);
            *w = (*w).max(text.width().min(u16::MAX as usize) as u16);
        }
    }
}
