//! A table of resources keyed by ID: rows arrive page by page from background refreshes, the
//! selection follows the resource (not the row number), and rows not seen in a completed sweep
//! leave the table.

use std::collections::HashMap;

/// Anything a table can hold: it needs a stable resource ID.
pub trait Keyed {
    fn key(&self) -> &str;
    /// The Region the resource lives in; "" for rows that are not a Region's (jobs).
    fn region(&self) -> &str {
        ""
    }
    /// What the table counts its rows by (a WorkSpace's state, for the header); "" counts
    /// nothing.
    fn tally(&self) -> &str {
        ""
    }
}

#[derive(Debug, Clone)]
pub struct ResourceTable<T> {
    rows: Vec<T>,
    /// Sweep in which each row was last seen (parallel to `rows`).
    seen_in: Vec<u64>,
    index: HashMap<String, usize>,
    /// Row indices in display order.
    view: Vec<usize>,
    /// Position of the cursor in `view`.
    cursor: usize,
    /// The resource the cursor is on, so it stays put when rows move.
    selected_id: Option<String>,
    /// The user moved the cursor off the top: it follows its resource as rows arrive.
    /// At the top (as at start, while a fleet loads) it stays at the top instead.
    follows: bool,
    /// First visible position in `view` (scroll offset).
    offset: usize,
    /// Rows inserted or changed since the last `take_changes`, by index.
    touched: Vec<usize>,
    /// Rows changed in place, or the table is new, since the last `take_changes`: anything
    /// kept per row index must be rebuilt.
    moved: bool,
    /// Rows left since the last `take_changes`: old index → new index (`GONE` if removed).
    remap: Option<Vec<usize>>,
    /// Rows per `Keyed::tally`, kept as rows come and go so drawing the header never
    /// counts 50,000 rows.
    tallies: HashMap<String, usize>,
    /// Rows still from the warm-start cache (last seen in sweep 0), kept the same way.
    cached: usize,
}

/// In a remap, a row that left the table.
pub const GONE: usize = usize::MAX;

/// What changed in a table since the last look: a pane keeps its sorted order up to date
/// from this instead of re-sorting every row after each page.
#[derive(Debug, Default, PartialEq)]
pub struct Changes {
    /// Indices are no longer what they were: re-sort everything.
    pub all: bool,
    /// Rows inserted or changed (indices valid now), when `all` is false.
    pub rows: Vec<usize>,
    /// Rows left (when `all` is false): old index → new index, `GONE` for the removed.
    /// Rows keep their relative order, so anything kept per index stays sorted when mapped.
    pub remap: Option<Vec<usize>>,
}

impl Changes {
    /// Whether anything changed at all.
    pub fn any(&self) -> bool {
        self.all || !self.rows.is_empty() || self.remap.is_some()
    }
}

impl<T> Default for ResourceTable<T> {
    fn default() -> Self {
        Self {
            rows: Vec::new(),
            seen_in: Vec::new(),
            index: HashMap::new(),
            view: Vec::new(),
            cursor: 0,
            selected_id: None,
            follows: false,
            offset: 0,
            touched: Vec::new(),
            moved: true,
            remap: None,
            tallies: HashMap::new(),
            cached: 0,
        }
    }
}

impl<T: Keyed> ResourceTable<T> {
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn rows(&self) -> &[T] {
        &self.rows
    }

    /// Rows to change in place; keys and tallies must not change.
    pub fn rows_mut(&mut self) -> &mut [T] {
        self.moved = true;
        &mut self.rows
    }

    /// What changed since the last call (see [`Changes`]).
    pub fn take_changes(&mut self) -> Changes {
        let all = std::mem::take(&mut self.moved);
        let mut rows = std::mem::take(&mut self.touched);
        let mut remap = self.remap.take();
        if all {
            rows.clear();
            remap = None;
        } else {
            rows.sort_unstable();
            rows.dedup();
        }
        Changes { all, rows, remap }
    }

    /// Drop the rows `leaves` picks, keeping the others in order; returns the removed IDs.
    /// Indices shift, so the shift is recorded for `take_changes`.
    fn compact(&mut self, leaves: impl Fn(&T, u64) -> bool) -> Vec<String> {
        let mut removed = Vec::new();
        let mut map = Vec::with_capacity(self.rows.len());
        let mut keep_rows = Vec::with_capacity(self.rows.len());
        let mut keep_seen = Vec::with_capacity(self.rows.len());
        for (row, seen) in self.rows.drain(..).zip(self.seen_in.drain(..)) {
            if leaves(&row, seen) {
                map.push(GONE);
                untally(&mut self.tallies, row.tally());
                self.cached -= usize::from(seen == 0);
                let key = row.key().to_string();
                self.index.remove(&key);
                removed.push(key);
            } else {
                map.push(keep_rows.len());
                keep_rows.push(row);
                keep_seen.push(seen);
            }
        }
        self.rows = keep_rows;
        self.seen_in = keep_seen;
        for (i, row) in self.rows.iter().enumerate() {
            if let Some(slot) = self.index.get_mut(row.key()) {
                *slot = i;
            }
        }
        self.touched = self
            .touched
            .iter()
            .map(|&i| map[i])
            .filter(|&i| i != GONE)
            .collect();
        // Compose with an earlier shift not yet taken, so the map goes from the indices
        // the last `take_changes` saw to today's.
        self.remap = Some(match self.remap.take() {
            None => map,
            Some(earlier) => earlier
                .into_iter()
                .map(|m| if m == GONE { GONE } else { map[m] })
                .collect(),
        });
        removed
    }

    /// The row index of resource `id`.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    pub fn get(&self, id: &str) -> Option<&T> {
        self.index.get(id).map(|&i| &self.rows[i])
    }

    /// Rows in display order.
    pub fn view_len(&self) -> usize {
        self.view.len()
    }

    pub fn view_row(&self, pos: usize) -> Option<&T> {
        self.view.get(pos).map(|&i| &self.rows[i])
    }

    /// The sweep the row at `pos` was last seen in (0: the warm-start cache's, not yet
    /// refreshed).
    pub fn view_seen_in(&self, pos: usize) -> Option<u64> {
        self.view.get(pos).map(|&i| self.seen_in[i])
    }

    /// How many rows are still from the warm-start cache (last seen in sweep 0).
    pub fn cached_rows(&self) -> usize {
        self.cached
    }

    /// How many rows there are of each `Keyed::tally` value (none counted for "").
    pub fn tallies(&self) -> impl Iterator<Item = (&str, usize)> {
        self.tallies
            .iter()
            .filter(|(_, &n)| n > 0)
            .map(|(k, &n)| (k.as_str(), n))
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn offset(&self) -> usize {
        self.offset
    }

    pub fn selected(&self) -> Option<&T> {
        self.view_row(self.cursor)
    }

    /// Insert or replace rows from one page of sweep `sweep`; returns the IDs whose row
    /// changed. The view is not rebuilt here: `PaneState::rebuild` does, from `take_changes`.
    pub fn upsert(&mut self, sweep: u64, items: Vec<T>) -> Vec<String>
    where
        T: PartialEq,
    {
        let mut changed = Vec::new();
        for item in items {
            let key = item.key().to_string();
            match self.index.get(&key) {
                Some(&i) => {
                    if self.rows[i] != item {
                        changed.push(key);
                        untally(&mut self.tallies, self.rows[i].tally());
                        tally(&mut self.tallies, item.tally());
                        self.rows[i] = item;
                        self.touched.push(i);
                    }
                    let seen = self.seen_in[i].max(sweep);
                    self.cached -= usize::from(self.seen_in[i] == 0 && seen != 0);
                    self.seen_in[i] = seen;
                }
                None => {
                    tally(&mut self.tallies, item.tally());
                    self.cached += usize::from(sweep == 0);
                    self.touched.push(self.rows.len());
                    self.index.insert(key.clone(), self.rows.len());
                    self.rows.push(item);
                    self.seen_in.push(sweep);
                    changed.push(key);
                }
            }
        }
        changed
    }

    /// A sweep of `region` finished: drop that Region's rows it did not see. Returns the IDs
    /// removed. (Sweep numbers are unique across Regions, so a Region's rows last seen in an
    /// earlier sweep of its own are exactly those below `sweep`.)
    pub fn end_sweep(&mut self, region: &str, sweep: u64) -> Vec<String> {
        let leaves = |row: &T, seen: u64| seen < sweep && row.region() == region;
        if !self
            .rows
            .iter()
            .zip(&self.seen_in)
            .any(|(r, &s)| leaves(r, s))
        {
            // The usual case: nothing left the fleet, so indices stay as they are.
            return Vec::new();
        }
        self.compact(leaves)
    }

    /// Remove specific rows (e.g. a WorkSpace described by ID no longer exists).
    pub fn remove(&mut self, ids: &[String]) {
        if ids.iter().any(|id| self.index.contains_key(id)) {
            let drop: std::collections::HashSet<&str> = ids.iter().map(String::as_str).collect();
            self.compact(|row, _| drop.contains(row.key()));
        }
    }

    /// Show these row indices in this order; the cursor stays on the same resource when it
    /// is still visible.
    pub fn set_view(&mut self, view: Vec<usize>) {
        self.view = view;
        // Find the selected row by index, then its position by comparing integers: cheap
        // even at 50,000 rows.
        let row = self
            .selected_id
            .as_deref()
            .filter(|_| self.follows)
            .and_then(|id| self.index.get(id));
        let found = row.and_then(|&r| self.view.iter().position(|&i| i == r));
        match found {
            Some(pos) => self.cursor = pos,
            None => {
                self.cursor = self.cursor.min(self.view.len().saturating_sub(1));
                self.remember_selection();
            }
        }
    }

    fn remember_selection(&mut self) {
        self.selected_id = self.selected().map(|r| r.key().to_string());
    }

    /// Move the cursor by `delta` rows (clamped).
    pub fn move_by(&mut self, delta: isize) {
        if self.view.is_empty() {
            return;
        }
        let last = self.view.len() as isize - 1;
        self.cursor = (self.cursor as isize + delta).clamp(0, last) as usize;
        self.follows = self.cursor > 0;
        self.remember_selection();
    }

    pub fn move_to(&mut self, pos: usize) {
        if self.view.is_empty() {
            return;
        }
        self.cursor = pos.min(self.view.len() - 1);
        self.follows = self.cursor > 0;
        self.remember_selection();
    }

    /// Keep the cursor inside a viewport of `height` rows; called whenever the cursor or the
    /// terminal size changes so drawing never has to adjust state.
    pub fn scroll_into_view(&mut self, height: usize) {
        let height = height.max(1);
        if self.cursor < self.offset {
            self.offset = self.cursor;
        } else if self.cursor >= self.offset + height {
            self.offset = self.cursor + 1 - height;
        }
        let max_offset = self.view.len().saturating_sub(height);
        self.offset = self.offset.min(max_offset);
    }
}

fn tally(tallies: &mut HashMap<String, usize>, key: &str) {
    if key.is_empty() {
        return;
    }
    match tallies.get_mut(key) {
        Some(n) => *n += 1,
        None => {
            tallies.insert(key.to_string(), 1);
        }
    }
}

fn untally(tallies: &mut HashMap<String, usize>, key: &str) {
    if let Some(n) = tallies.get_mut(key) {
        *n = n.saturating_sub(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq)]
    struct R(&'static str, u32);
    impl Keyed for R {
        fn key(&self) -> &str {
            self.0
        }
        fn tally(&self) -> &str {
            ["", "one", "two"][self.1 as usize % 3]
        }
    }

    /// The kept counts are what counting every row gives.
    fn counts_hold(t: &ResourceTable<R>) {
        let mut kept: Vec<(String, usize)> = t.tallies().map(|(k, n)| (k.to_string(), n)).collect();
        kept.sort();
        let mut counted: Vec<(String, usize)> = vec![];
        for r in t.rows().iter().filter(|r| !r.tally().is_empty()) {
            match counted.iter_mut().find(|(k, _)| k == r.tally()) {
                Some((_, n)) => *n += 1,
                None => counted.push((r.tally().to_string(), 1)),
            }
        }
        counted.sort();
        assert_eq!(kept, counted);
        let cached = t.seen_in.iter().filter(|&&s| s == 0).count();
        assert_eq!(t.cached_rows(), cached);
    }

    #[test]
    fn tallies_and_cached_rows_follow_every_change() {
        let mut t = ResourceTable::default();
        t.upsert(0, vec![R("a", 1), R("b", 2), R("c", 2), R("d", 0)]);
        counts_hold(&t);
        assert_eq!(t.cached_rows(), 4);
        t.upsert(3, vec![R("a", 2), R("b", 2), R("e", 1)]);
        counts_hold(&t);
        assert_eq!(t.cached_rows(), 2);
        t.remove(&["c".to_string()]);
        counts_hold(&t);
        t.end_sweep("", 3);
        counts_hold(&t);
        assert_eq!(t.cached_rows(), 0);
        assert_eq!(t.len(), 3);
    }

    /// Show every row, by key (what `PaneState::rebuild` does with its sort and filter).
    fn by_key(t: &mut ResourceTable<R>) {
        let mut v: Vec<usize> = (0..t.len()).collect();
        v.sort_by(|&a, &b| t.rows()[a].0.cmp(t.rows()[b].0));
        t.set_view(v);
    }

    #[test]
    fn a_cursor_never_moved_stays_at_the_top_as_rows_arrive() {
        let mut t = ResourceTable::default();
        t.upsert(1, vec![R("m", 1)]);
        by_key(&mut t);
        t.upsert(1, vec![R("a", 1), R("b", 1)]);
        by_key(&mut t);
        assert_eq!(t.cursor(), 0);
        assert_eq!(t.selected().unwrap().0, "a");
    }

    #[test]
    fn selection_follows_the_resource_across_refreshes() {
        let mut t = ResourceTable::default();
        t.upsert(1, vec![R("b", 1), R("c", 1), R("d", 1)]);
        by_key(&mut t);
        t.move_by(1);
        assert_eq!(t.selected().unwrap().0, "c");
        // A new row sorts before the selection; the cursor moves with "c".
        t.upsert(2, vec![R("a", 1), R("b", 1), R("c", 2), R("d", 1)]);
        by_key(&mut t);
        assert_eq!(t.selected().unwrap(), &R("c", 2));
        assert_eq!(t.cursor(), 2);
    }

    #[test]
    fn rows_missing_from_a_finished_sweep_leave_the_table() {
        let mut t = ResourceTable::default();
        t.upsert(1, vec![R("a", 1), R("b", 1), R("c", 1)]);
        t.upsert(2, vec![R("a", 1), R("c", 1)]);
        assert_eq!(t.end_sweep("", 2), vec!["b".to_string()]);
        by_key(&mut t);
        assert_eq!(t.len(), 2);
        assert!(t.get("b").is_none());
        assert!(t.get("c").is_some());
    }

    #[test]
    fn upsert_reports_only_changed_rows() {
        let mut t = ResourceTable::default();
        t.upsert(1, vec![R("a", 1), R("b", 1)]);
        let changed = t.upsert(2, vec![R("a", 1), R("b", 2)]);
        assert_eq!(changed, vec!["b".to_string()]);
    }

    #[test]
    fn cursor_clamps_when_its_row_disappears() {
        let mut t = ResourceTable::default();
        t.upsert(1, vec![R("a", 1), R("b", 1)]);
        by_key(&mut t);
        t.move_to(1);
        t.upsert(2, vec![R("a", 1)]);
        t.end_sweep("", 2);
        by_key(&mut t);
        assert_eq!(t.selected().unwrap().0, "a");
    }

    #[test]
    fn scrolling_keeps_the_cursor_visible() {
        let mut t = ResourceTable::default();
        let names: Vec<&'static str> = vec!["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];
        t.upsert(1, names.iter().map(|n| R(n, 0)).collect());
        by_key(&mut t);
        t.move_to(7);
        t.scroll_into_view(3);
        assert_eq!(t.offset(), 5);
        t.move_to(0);
        t.scroll_into_view(3);
        assert_eq!(t.offset(), 0);
    }
}
