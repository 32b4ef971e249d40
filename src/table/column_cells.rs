//! The cells of the own columns that column filter terms read (`id~ws-1`, `user=alice`),
//! as shown (not lowercased), kept in one contiguous buffer per column like the haystacks.
//!
//! A column term tests one cell per row; asking the pane's column for it formats a new
//! string from each row's fields, scattered over megabytes of rows: at 50,000 rows, one
//! typed character of a column regex spent ~8 ms there (issue 24, item 9), against well
//! under a millisecond to search the contiguous haystacks. Kept cells follow the table's
//! changes as the haystacks do. Live columns (joined, or from the clock) are never kept:
//! their text changes without the row changing.

use super::resource::{Ctx, Resource};
use super::texts::Texts;

#[derive(Debug, Default)]
pub struct ColumnCells {
    /// (column index, its cells per row index, possibly shorter than the table).
    kept: Vec<(usize, Texts)>,
}

impl ColumnCells {
    /// Keep the cells of `columns` (those that are own columns of `R`), and build them for
    /// every row.
    pub fn keep<R: Resource>(
        &mut self,
        rows: &[R],
        ctx: &Ctx,
        columns: impl IntoIterator<Item = usize>,
    ) {
        let cols = R::columns();
        for c in columns {
            let own = cols.get(c).is_some_and(|col| !col.live);
            if own && !self.kept.iter().any(|(k, _)| *k == c) {
                self.kept.push((c, Texts::default()));
            }
        }
        self.build(rows, ctx, rows.len());
    }

    /// Keep the cells of `columns` (own columns of `R`) from now on, built as rows arrive
    /// (`build`) rather than all at once.
    pub fn watch<R: Resource>(&mut self, columns: impl IntoIterator<Item = usize>) {
        let cols = R::columns();
        for c in columns {
            let own = cols.get(c).is_some_and(|col| !col.live);
            if own && !self.kept.iter().any(|(k, _)| *k == c) {
                self.kept.push((c, Texts::default()));
            }
        }
    }

    /// Every cell of `column`, when it is kept and built for all `len` rows.
    pub fn all(&self, column: usize, len: usize) -> Option<&Texts> {
        let (_, texts) = self.kept.iter().find(|(c, _)| *c == column)?;
        (texts.len() == len).then_some(texts)
    }

    /// The kept cell of `column` in `row`, when it is kept and built.
    pub fn get(&self, column: usize, row: usize) -> Option<&str> {
        let (_, texts) = self.kept.iter().find(|(c, _)| *c == column)?;
        texts.get(row)
    }

    /// Every row changed (a new table): cells are built again from nothing.
    pub fn clear(&mut self) {
        for (_, texts) in &mut self.kept {
            texts.clear();
        }
    }

    /// Keep the cells of rows still in the table, in order (see `Changes::remap`).
    pub fn remap(&mut self, map: &[usize]) {
        for (_, texts) in &mut self.kept {
            texts.remap(map);
        }
    }

    /// `row` changed: its built cells are formatted again.
    pub fn set<R: Resource>(&mut self, row: &R, i: usize, ctx: &Ctx) {
        let cols = R::columns();
        for (c, texts) in &mut self.kept {
            if i < texts.len() {
                texts.set(i, &(cols[*c].text)(row, ctx));
            }
        }
    }

    /// Build the cells of rows up to `to` (rows past the built ones).
    pub fn build<R: Resource>(&mut self, rows: &[R], ctx: &Ctx, to: usize) {
        let cols = R::columns();
        let to = to.min(rows.len());
        for (c, texts) in &mut self.kept {
            for row in &rows[texts.len().min(to)..to] {
                texts.push(&(cols[*c].text)(row, ctx));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::state::{ctx_of, Joined};
    use crate::domain::Workspace;
    use crate::table::ResourceTable;

    fn ws(id: &str, user: &str) -> Workspace {
        Workspace {
            id: id.into(),
            user_name: user.into(),
            ..Default::default()
        }
    }

    #[test]
    fn kept_cells_are_the_shown_text_of_own_columns_and_follow_changes() {
        let joined = Joined::default();
        let ctx = ctx_of(&joined, 0, 30);
        let mut t = ResourceTable::default();
        t.upsert(1, vec![ws("ws-1", "Alice"), ws("ws-2", "bob")]);
        t.take_changes();
        let mut cells = ColumnCells::default();
        // ID (0) and USER (1) are own columns; a tag "column" past the end is not kept.
        cells.keep(t.rows(), &ctx, [0, 1, 99]);
        assert_eq!(cells.get(1, 0), Some("Alice"));
        assert_eq!(cells.get(0, 1), Some("ws-2"));
        assert_eq!(cells.get(99, 0), None);
        // A changed row is formatted again; a new one is built up to where asked.
        t.upsert(2, vec![ws("ws-2", "Bobby"), ws("ws-3", "carol")]);
        let changes = t.take_changes();
        for &i in &changes.rows {
            cells.set(&t.rows()[i], i, &ctx);
        }
        assert_eq!(cells.get(1, 1), Some("Bobby"));
        assert_eq!(cells.get(1, 2), None);
        cells.build(t.rows(), &ctx, 3);
        assert_eq!(cells.get(1, 2), Some("carol"));
        cells.clear();
        assert_eq!(cells.get(1, 0), None);
    }
}
