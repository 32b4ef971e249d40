//! The `/` filter: a small grammar over a pane's text cells, so every pane (WorkSpaces,
//! connections, images, pools, bundles, directories) filters the same way.
//!
//! Terms are separated by spaces and ANDed:
//! - `word` — case-insensitive substring of any searched column;
//! - `col=value` — the cell equals `value`, ignoring case (k9s habit); `col=` matches empty
//!   cells, so `error=` / `!error=` split healthy from failed rows;
//! - `col~regex` — regex search in the cell, always case-insensitive (one rule is easier to
//!   remember than "smart case"); write `(?-i)` in the pattern to make it case-sensitive;
//! - `col>n`, `col>=n`, `col<n`, `col<=n` — compare a number, size (`root>=175`, `175G`) or
//!   age (`last>7d`, `12h`, `30m`; `never` is older than anything, a bare number against an
//!   age is days); a cell with no quantity passes no comparison;
//! - a leading `!` negates any term.
//!
//! Double quotes group text with spaces (`user="john smith"`, `"two words"`) and make `=`, `~`
//! and `!` literal. There are no escapes: inside a regex, write `\x22` for a quote. Column
//! names match a title or alias ignoring case, spaces, `_` and `-` (`last_conn`, `LastConn`).
//!
//! Parsing does all the work that does not depend on the row (lowercasing needles, compiling
//! regexes, building substring finders), and `matches` asks for cells lazily. For plain words
//! a pane can keep each row's cells pre-lowercased in one string ([`haystack`]) and use
//! [`Filter::matches_cached`], so a keystroke at 50,000 rows formats no cell at all.

mod matchers;
mod names;
mod plain;
mod quantity;
mod terms;
#[cfg(test)]
mod tests;
mod tokens;

use std::borrow::Cow;

use matchers::{ColumnTerms, Words};
pub use names::{ColumnName, FilterError};
pub use plain::{looks_like_user_name, plain_words};
pub use terms::Terms;
pub use tokens::last_token_start;

/// A parsed filter. The default filter is empty and matches every row.
///
/// Terms are grouped so a row costs the same whatever the filter's length (hostile-input
/// issue: a 4,096-character filter must not stall the table): repeated terms are dropped,
/// every plain word is found in one pass over the row's text, and each column is fetched
/// once and tested once against all its regexes together.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Column terms in the order their column first appears: each needs one cell, while
    /// plain words may need every cell, so column terms run first.
    columns: Vec<ColumnTerms>,
    words: Option<Words>,
    /// What was parsed: the columns searched by `matches`, and the tag keys named (tag `k`
    /// is cell `searched + k`, its value, or [`NO_TAG`] when the resource has no such tag).
    terms: Terms,
}

/// The cell of a tag the resource does not have. NUL cannot be in a tag value (the
/// WorkSpaces model's TagValue pattern allows letters, spaces, digits and `_.:/=+-@`).
pub const NO_TAG: &str = "\0";

impl Filter {
    /// Parse and compile `input` against a pane's columns (see [`Terms::parse`]).
    pub fn parse(input: &str, columns: &[ColumnName]) -> Result<Filter, FilterError> {
        Terms::parse(input, columns)?.compile()
    }

    /// The terms this filter was compiled from.
    pub fn terms(&self) -> &Terms {
        &self.terms
    }

    /// The tag keys the filter names: cell `columns + k` is tag `tags()[k]`'s value.
    pub fn tags(&self) -> &[String] {
        &self.terms.tags
    }

    /// The columns (and tag cells, past the columns) column terms read.
    pub fn cell_columns(&self) -> impl Iterator<Item = usize> + '_ {
        self.columns.iter().map(|t| t.column)
    }

    /// True when the filter has no terms and so keeps every row.
    pub fn is_empty(&self) -> bool {
        self.columns.is_empty() && self.words.is_none()
    }

    /// Whether a row passes; `cell(i)` gives the text of column `i`. Plain words search
    /// every column the filter was parsed against, so resizing the terminal never changes
    /// which rows pass. Cells are fetched only when a term needs them.
    pub fn matches<'a>(&self, cell: impl Fn(usize) -> Cow<'a, str>) -> bool {
        self.check(0..self.terms.searched, &cell)
    }

    /// Like [`Filter::matches`], but plain words search only the `searched` columns (for a
    /// pane that wants words to see only what is on screen).
    pub fn matches_in<'a>(&self, searched: &[usize], cell: impl Fn(usize) -> Cow<'a, str>) -> bool {
        self.check(searched.iter().copied(), &cell)
    }

    /// Like [`Filter::matches`], with plain words looked up in haystacks (see [`haystack`])
    /// instead of cells: `own` and `live` together hold every column of the row. Column
    /// terms still ask `cell` for their one cell.
    pub fn matches_cached<'a>(
        &self,
        own: &str,
        live: &str,
        cell: impl Fn(usize) -> Cow<'a, str>,
    ) -> bool {
        self.columns_pass(&cell) && self.words.as_ref().is_none_or(|w| w.pass(&[own, live]))
    }

    fn check<'a, I>(&self, searched: I, cell: &impl Fn(usize) -> Cow<'a, str>) -> bool
    where
        I: Iterator<Item = usize>,
    {
        if !self.columns_pass(cell) {
            return false;
        }
        let Some(words) = &self.words else {
            return true;
        };
        let hay = haystack(searched.map(|c| cell(c).into_owned()));
        words.pass(&[&hay])
    }

    fn columns_pass<'a>(&self, cell: &impl Fn(usize) -> Cow<'a, str>) -> bool {
        self.columns.iter().all(|t| t.pass(&cell(t.column)))
    }
}

/// Cells lowercased (as needles are) and joined by NUL, which nobody types, so a word never
/// matches across two cells: what [`Filter::matches_cached`] searches for plain words.
pub fn haystack(cells: impl IntoIterator<Item = String>) -> String {
    let mut out = String::new();
    for (i, cell) in cells.into_iter().enumerate() {
        if i > 0 {
            out.push('\0');
        }
        if cell.is_ascii() {
            let from = out.len();
            out.push_str(&cell);
            out[from..].make_ascii_lowercase();
        } else {
            out.push_str(&cell.to_lowercase());
        }
    }
    out.shrink_to_fit();
    out
}
