//! One pane's state: its table plus everything the user does to it (filter, sort, marks) and
//! what the background refresh reported. Generic over the resource, so every pane behaves
//! the same way.

use super::filter::Filter;
use super::resource::{column_names, Ctx, Resource};
use super::sort::{sort_view, SortSpec};
use super::state::RefreshStatus;
use super::table::ResourceTable;
use crate::service::ServiceError;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

#[derive(Debug)]
pub struct PaneState<R> {
    pub table: ResourceTable<R>,
    pub refresh: RefreshStatus,
    /// The text of the filter in force (the last one that parsed).
    pub filter_text: String,
    filter: Filter,
    pub sort: SortSpec,
    /// Marked resource IDs; kept across refreshes, sorts and filters.
    pub marks: HashSet<String>,
    /// Where the last mark was toggled, the anchor of a range mark.
    mark_anchor: Option<String>,
    /// Resources whose state changed, with the sweep that saw it (highlighted until the
    /// following sweep ends).
    pub changed: HashMap<String, u64>,
}

impl<R: Resource> Default for PaneState<R> {
    fn default() -> Self {
        Self {
            table: ResourceTable::default(),
            refresh: RefreshStatus::default(),
            filter_text: String::new(),
            filter: Filter::default(),
            sort: SortSpec {
                column: 0,
                descending: false,
            },
            marks: HashSet::new(),
            mark_anchor: None,
            changed: HashMap::new(),
        }
    }
}

impl<R: Resource> PaneState<R> {
    /// Take one page of sweep `sweep`; notes rows whose state changed.
    pub fn apply_page(&mut self, sweep: u64, items: Vec<R>) {
        if self.refresh.sweep != sweep {
            self.refresh.sweep = sweep;
            self.refresh.loaded = 0;
        }
        self.refresh.in_progress = true;
        self.refresh.loaded += items.len();
        for item in &items {
            if let Some(old) = self.table.get(item.key()) {
                if old.state_text() != item.state_text() {
                    self.changed.insert(item.key().to_string(), sweep);
                }
            }
        }
        self.table.upsert(sweep, items);
    }

    /// Replace specific rows outside a sweep (e.g. a re-read of transitional WorkSpaces).
    pub fn apply_rows(&mut self, items: Vec<R>) {
        let sweep = self.refresh.sweep;
        for item in &items {
            if let Some(old) = self.table.get(item.key()) {
                if old.state_text() != item.state_text() {
                    self.changed.insert(item.key().to_string(), sweep);
                }
            }
        }
        self.table.upsert(sweep, items);
    }

    /// The sweep's last page arrived: drop what it did not see, and marks on it.
    pub fn finish_sweep(&mut self, sweep: u64, now: i64) {
        for id in self.table.end_sweep(sweep) {
            self.marks.remove(&id);
            self.changed.remove(&id);
        }
        self.changed.retain(|_, seen| *seen + 1 >= sweep);
        self.refresh.in_progress = false;
        self.refresh.last_ok = Some(now);
        self.refresh.error = None;
    }

    pub fn fail_sweep(&mut self, sweep: u64, error: ServiceError) {
        self.refresh.sweep = sweep;
        self.refresh.in_progress = false;
        self.refresh.error = Some(error);
    }

    /// Parse and apply a filter; on error the filter in force stays and the message returns.
    pub fn set_filter(&mut self, text: &str, ctx: &Ctx) -> Result<(), String> {
        let filter = Filter::parse(text, &column_names::<R>()).map_err(|e| e.to_string())?;
        self.filter = filter;
        self.filter_text = text.trim().to_string();
        self.rebuild(ctx);
        Ok(())
    }

    /// Sort by `column`; the same column again flips the direction.
    pub fn sort_by(&mut self, column: usize, ctx: &Ctx) {
        if column >= R::columns().len() {
            return;
        }
        if self.sort.column == column {
            self.sort.descending = !self.sort.descending;
        } else {
            self.sort = SortSpec {
                column,
                descending: false,
            };
        }
        self.rebuild(ctx);
    }

    /// Recompute which rows show and in what order.
    pub fn rebuild(&mut self, ctx: &Ctx) {
        let cols = R::columns();
        let filter = &self.filter;
        let spec = self.sort;
        self.table.rebuild_view(|rows, view| {
            if !filter.is_empty() {
                view.retain(|&i| filter.matches(|c| Cow::Owned((cols[c].text)(&rows[i], ctx))));
            }
            let col = &cols[spec.column.min(cols.len() - 1)];
            sort_view(
                view,
                |i| col.sort_key(&rows[i], ctx),
                &spec,
                |i| rows[i].key(),
            );
        });
    }

    pub fn toggle_mark(&mut self) {
        if let Some(id) = self.table.selected().map(|r| r.key().to_string()) {
            if !self.marks.remove(&id) {
                self.marks.insert(id.clone());
            }
            self.mark_anchor = Some(id);
        }
    }

    /// Mark every row the filter shows.
    pub fn mark_all_visible(&mut self) {
        let ids: Vec<String> = (0..self.table.view_len())
            .filter_map(|p| self.table.view_row(p).map(|r| r.key().to_string()))
            .collect();
        self.marks.extend(ids);
    }

    /// Mark from the last toggled row to the cursor (inclusive), in display order.
    pub fn mark_range(&mut self) {
        let cursor = self.table.cursor();
        let anchor = self
            .mark_anchor
            .as_deref()
            .and_then(|id| {
                (0..self.table.view_len())
                    .find(|&p| self.table.view_row(p).is_some_and(|r| r.key() == id))
            })
            .unwrap_or(cursor);
        let (a, b) = (anchor.min(cursor), anchor.max(cursor));
        for p in a..=b {
            if let Some(r) = self.table.view_row(p) {
                self.marks.insert(r.key().to_string());
            }
        }
    }

    pub fn clear_marks(&mut self) {
        self.marks.clear();
        self.mark_anchor = None;
    }

    /// Marked resources the current filter hides.
    pub fn hidden_marks(&self) -> usize {
        if self.marks.is_empty() {
            return 0;
        }
        let visible = (0..self.table.view_len())
            .filter_map(|p| self.table.view_row(p))
            .filter(|r| self.marks.contains(r.key()))
            .count();
        self.marks.len() - visible
    }

    pub fn is_marked(&self, id: &str) -> bool {
        self.marks.contains(id)
    }
}
