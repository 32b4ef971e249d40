//! A pane's marks: what the user picked to act on, kept by ID through refreshes, sorts and
//! filters.

use super::PaneState;
use crate::table::resource::Resource;

impl<R: Resource> PaneState<R> {
    pub fn toggle_mark(&mut self) {
        if let Some(id) = self.table.selected().map(|r| r.key().to_string()) {
            if !self.marks.remove(&id) {
                self.marks.insert(id.clone());
            }
            self.mark_anchor = Some(id);
            self.marks_changed();
        }
    }

    /// Mark every row the filter shows.
    pub fn mark_all_visible(&mut self) {
        let ids: Vec<String> = (0..self.table.view_len())
            .filter_map(|p| self.table.view_row(p).map(|r| r.key().to_string()))
            .collect();
        self.marks.extend(ids);
        self.marks_changed();
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
        self.marks_changed();
    }

    pub fn clear_marks(&mut self) {
        self.marks.clear();
        self.mark_anchor = None;
        self.marks_changed();
    }

    pub fn unmark(&mut self, ids: &[String]) {
        for id in ids {
            self.marks.remove(id);
        }
        self.marks_changed();
    }

    /// Note that the marks changed (the WorkSpaces and connection panes share theirs).
    fn marks_changed(&mut self) {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        self.marks_version = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    /// Marked resources the filter shows, in ID order.
    pub fn visible_marked_ids(&self) -> Vec<String> {
        if self.marks.is_empty() {
            return vec![];
        }
        let mut ids: Vec<String> = (0..self.table.view_len())
            .filter_map(|p| self.table.view_row(p))
            .filter(|r| self.marks.contains(r.key()))
            .map(|r| r.key().to_string())
            .collect();
        ids.sort();
        ids
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
