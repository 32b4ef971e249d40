//! Whether a plain filter word finds anything among the rows loaded, whatever the filter in
//! force: a word that finds nothing while the sweep runs is looked up (issue 26).

use super::PaneState;
use crate::table::filter::Filter;
use crate::table::resource::{column_names, Ctx, Resource};
use std::borrow::Cow;

impl<R: Resource> PaneState<R> {
    /// Whether `word`, as a plain filter word, matches any row held (hidden ones too). One
    /// pass over the rows' haystacks, brought up to date first.
    pub fn word_finds_a_row(&mut self, word: &str, ctx: &Ctx) -> bool {
        let quoted = format!("\"{word}\"");
        let Ok(filter) = Filter::parse(&quoted, &column_names::<R>()) else {
            return false;
        };
        // The view follows any change the haystacks are brought up to date with.
        self.rebuild(ctx);
        self.haystacks.prepare(self.table.rows(), ctx);
        let hay = &self.haystacks;
        // A words-only filter asks for no cell.
        let no_cell = |_| Cow::Borrowed("");
        (0..self.table.len()).any(|i| filter.matches_cached(hay.own(i), hay.live(i), no_cell))
    }
}
