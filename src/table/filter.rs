//! The `/` filter: a small grammar over a pane's text cells, so every pane (WorkSpaces,
//! connections, images, pools, bundles, directories) filters the same way.
//!
//! Terms are separated by spaces and ANDed:
//! - `word` — case-insensitive substring of any searched column;
//! - `col=value` — the cell equals `value`, ignoring case (k9s habit); `col=` matches empty
//!   cells, so `error=` / `!error=` split healthy from failed rows;
//! - `col~regex` — regex search in the cell, always case-insensitive (one rule is easier to
//!   remember than "smart case"); write `(?-i)` in the pattern to make it case-sensitive;
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

use memchr::memmem::Finder;
use regex::{Regex, RegexBuilder};
use std::borrow::Cow;

/// How a column can be named in a filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnName {
    pub title: &'static str,
    pub aliases: &'static [&'static str],
}

impl ColumnName {
    pub const fn new(title: &'static str, aliases: &'static [&'static str]) -> Self {
        ColumnName { title, aliases }
    }

    pub fn accepts(&self, typed: &str) -> bool {
        let typed = normalize(typed);
        normalize(self.title) == typed || self.aliases.iter().any(|a| normalize(a) == typed)
    }

    /// The name shown in "unknown column" errors: the first alias (the short form people
    /// type), else the title in the form the parser accepts without quotes.
    pub fn typed_form(&self) -> String {
        match self.aliases.first() {
            Some(a) => a.to_string(),
            None => self.title.to_lowercase().replace(' ', "_"),
        }
    }
}

fn normalize(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Why an input is not a filter; the message is shown under the input as is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    #[error("unknown column '{name}' (columns: {known})")]
    UnknownColumn { name: String, known: String },
    #[error("bad regex for {column}: {reason}")]
    BadRegex { column: String, reason: String },
    #[error("unterminated quote")]
    UnterminatedQuote,
    #[error("empty column name before '{0}'")]
    EmptyColumn(char),
    #[error("'!' needs a term after it")]
    DanglingNot,
}

/// A parsed filter. The default filter is empty and matches every row.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Column terms first: each needs one cell, while a plain word may need every cell.
    terms: Vec<Term>,
    /// Number of columns the filter was parsed against (searched by `matches`).
    columns: usize,
}

#[derive(Debug, Clone)]
struct Term {
    /// `None` for a plain word, which looks in every searched column.
    column: Option<usize>,
    test: Test,
    negate: bool,
}

#[derive(Debug, Clone)]
enum Test {
    /// Lowercased needle, and a finder for it in pre-lowercased text (boxed: a finder is
    /// large and a filter has few terms).
    Contains(String, Box<Finder<'static>>),
    /// Lowercased value.
    Equals(String),
    Regex(Regex),
}

/// One whitespace-separated piece of input, quotes removed.
struct Token {
    negate: bool,
    text: String,
    /// Byte offset in `text` and kind of the first unquoted `=` or `~`.
    op: Option<(usize, char)>,
}

fn tokenize(input: &str) -> Result<Vec<Token>, FilterError> {
    let mut tokens = Vec::new();
    let mut chars = input.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.peek().is_none() {
            return Ok(tokens);
        }
        let negate = chars.next_if_eq(&'!').is_some();
        let (mut text, mut op, mut quoted, mut in_quote) = (String::new(), None, false, false);
        while let Some(c) = chars.next_if(|c| in_quote || !c.is_whitespace()) {
            match c {
                '"' => (in_quote, quoted) = (!in_quote, true),
                '=' | '~' if !in_quote && op.is_none() => op = Some((text.len(), c)),
                _ => text.push(c),
            }
        }
        if in_quote {
            return Err(FilterError::UnterminatedQuote);
        }
        if negate && text.is_empty() && op.is_none() && !quoted {
            return Err(FilterError::DanglingNot);
        }
        tokens.push(Token { negate, text, op });
    }
}

/// The useful line of a regex error (the crate's message repeats the pattern with a caret).
fn regex_reason(err: &regex::Error) -> String {
    let msg = err.to_string();
    let line = msg.lines().rev().find(|l| !l.trim().is_empty());
    let line = line.unwrap_or(&msg).trim();
    line.strip_prefix("error: ").unwrap_or(line).to_string()
}

impl Filter {
    /// Parse `input` against a pane's columns (all of them, not only those that fit the
    /// terminal, so `dir=…` works on a narrow screen). Column `i` of `columns` is the index
    /// later passed to the cell callback.
    pub fn parse(input: &str, columns: &[ColumnName]) -> Result<Filter, FilterError> {
        let mut terms = Vec::new();
        for token in tokenize(input)? {
            let (column, test) = match token.op {
                None => {
                    let needle = token.text.to_lowercase();
                    let finder = Box::new(Finder::new(needle.as_bytes()).into_owned());
                    (None, Test::Contains(needle, finder))
                }
                Some((at, op)) => column_test(&token.text, at, op, columns)?,
            };
            let negate = token.negate;
            terms.push(Term {
                column,
                test,
                negate,
            });
        }
        // Stable, so terms keep their typed order within each group.
        terms.sort_by_key(|t| t.column.is_none());
        let columns = columns.len();
        Ok(Filter { terms, columns })
    }

    /// True when the filter has no terms and so keeps every row.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Whether a row passes; `cell(i)` gives the text of column `i`. Plain words search
    /// every column the filter was parsed against, so resizing the terminal never changes
    /// which rows pass. Cells are fetched only when a term needs them.
    pub fn matches<'a>(&self, cell: impl Fn(usize) -> Cow<'a, str>) -> bool {
        self.check(0..self.columns, &cell)
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
        self.terms.iter().all(|t| {
            let hit = match (t.column, &t.test) {
                (None, Test::Contains(_, finder)) => {
                    finder.find(own.as_bytes()).is_some() || finder.find(live.as_bytes()).is_some()
                }
                (Some(column), test) => test.hit(&cell(column)),
                // Plain words are always substring tests.
                (None, _) => false,
            };
            hit != t.negate
        })
    }

    fn check<'a, I>(&self, searched: I, cell: &impl Fn(usize) -> Cow<'a, str>) -> bool
    where
        I: Iterator<Item = usize> + Clone,
    {
        self.terms.iter().all(|t| {
            let hit = match t.column {
                Some(column) => t.test.hit(&cell(column)),
                None => searched.clone().any(|column| t.test.hit(&cell(column))),
            };
            hit != t.negate
        })
    }
}

/// The column and test of a `col=value` / `col~regex` token whose operator is at `at`.
fn column_test(
    text: &str,
    at: usize,
    op: char,
    columns: &[ColumnName],
) -> Result<(Option<usize>, Test), FilterError> {
    let (name, value) = text.split_at(at);
    if name.is_empty() {
        return Err(FilterError::EmptyColumn(op));
    }
    let Some(column) = columns.iter().position(|c| c.accepts(name)) else {
        let known: Vec<String> = columns.iter().map(ColumnName::typed_form).collect();
        return Err(FilterError::UnknownColumn {
            name: name.to_string(),
            known: known.join(", "),
        });
    };
    let test = if op == '=' {
        Test::Equals(value.to_lowercase())
    } else {
        let re = RegexBuilder::new(value).case_insensitive(true).build();
        Test::Regex(re.map_err(|e| FilterError::BadRegex {
            column: name.to_string(),
            reason: regex_reason(&e),
        })?)
    };
    Ok((Some(column), test))
}

impl Test {
    fn hit(&self, text: &str) -> bool {
        // ASCII cells (almost all of them) are compared without allocating.
        match self {
            Test::Contains(needle, _) if text.is_ascii() => contains_ascii_ci(text, needle),
            Test::Contains(needle, _) => text.to_lowercase().contains(needle.as_str()),
            Test::Equals(value) if text.is_ascii() => text.eq_ignore_ascii_case(value),
            Test::Equals(value) => text.to_lowercase() == *value,
            Test::Regex(re) => re.is_match(text),
        }
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

/// Substring search in an ASCII `hay` for an already-lowercased `needle`, without
/// allocating. A needle with non-ASCII bytes correctly never matches an ASCII hay.
fn contains_ascii_ci(hay: &str, needle: &str) -> bool {
    let (hay, needle) = (hay.as_bytes(), needle.as_bytes());
    needle.is_empty()
        || hay
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLS: &[ColumnName] = &[
        ColumnName::new("ID", &[]),
        ColumnName::new("USER", &[]),
        ColumnName::new("STATE", &[]),
        ColumnName::new("DIRECTORY", &["dir", "directory"]),
        ColumnName::new("ERROR", &[]),
        ColumnName::new("LAST CONN", &[]),
    ];
    const ROWS: &[[&str; 6]] = &[
        ["ws-1", "alice", "AVAILABLE", "d-123", "", "2d"],
        ["ws-2", "bob", "UNHEALTHY", "d-456", "", ""],
        ["ws-3", "john smith", "UNHEALTHY", "d-123", "Err: gone", ""],
        ["ws-4", "Ádám", "STOPPED", "d-456", "", ""],
        ["ws-5", "anna", "UNHEALTHY", "d-456", "", "1d"],
    ];

    /// IDs of the fixture rows `input` keeps.
    fn hits(input: &str) -> Vec<&'static str> {
        let f = Filter::parse(input, COLS).unwrap_or_else(|e| panic!("{input}: {e}"));
        let rows = ROWS.iter().filter(|r| f.matches(|i| Cow::Borrowed(r[i])));
        rows.map(|r| r[0]).collect()
    }

    fn parse(input: &str) -> Filter {
        Filter::parse(input, COLS).unwrap()
    }

    fn error(input: &str) -> String {
        Filter::parse(input, COLS).unwrap_err().to_string()
    }

    #[test]
    fn plain_words_search_any_column_ignoring_case() {
        assert_eq!(hits("456"), ["ws-2", "ws-4", "ws-5"]);
        assert_eq!(hits("SMITH"), ["ws-3"]);
        assert_eq!(hits("ádÁm"), ["ws-4"]);
        // Words are ANDed, and each may be found in a different column.
        assert_eq!(hits("d-123 alice"), ["ws-1"]);
    }

    #[test]
    fn equals_is_whole_cell_ignoring_case_and_names_are_flexible() {
        assert_eq!(hits("state=unhealthy"), ["ws-2", "ws-3", "ws-5"]);
        assert!(hits("state=UNHEAL").is_empty());
        assert_eq!(hits("user=ÁDÁM"), ["ws-4"]);
        for name in ["DIR", "Directory", "directory", "dIrEcToRy"] {
            assert_eq!(hits(&format!("{name}=D-123")), ["ws-1", "ws-3"]);
        }
        assert_eq!(hits("last_conn=1d"), ["ws-5"]);
        assert_eq!(hits("\"last conn\"=2D"), ["ws-1"]);
    }

    #[test]
    fn regex_is_case_insensitive_unless_opted_out() {
        assert_eq!(hits("user~^a"), ["ws-1", "ws-5"]);
        assert_eq!(hits("user~^A"), ["ws-1", "ws-5"]);
        assert_eq!(hits("state~healthy$"), ["ws-2", "ws-3", "ws-5"]);
        assert!(hits("state~(?-i)healthy").is_empty());
        assert_eq!(hits("error~a=b|gone"), ["ws-3"]); // only the first operator splits
    }

    #[test]
    fn negation_and_the_issue_example() {
        assert_eq!(hits("!dir=d-123"), ["ws-2", "ws-4", "ws-5"]);
        assert_eq!(hits("!smith !alice"), ["ws-2", "ws-4", "ws-5"]);
        assert_eq!(hits("!user~^a"), ["ws-2", "ws-3", "ws-4"]);
        assert_eq!(hits("state=UNHEALTHY user~^a !dir=d-123"), ["ws-5"]);
    }

    #[test]
    fn quotes_group_spaces_and_make_operators_literal() {
        assert_eq!(hits("user=\"john smith\""), ["ws-3"]);
        assert_eq!(hits("\"john smith\""), ["ws-3"]);
        assert_eq!(hits("\"ERR: gone\""), ["ws-3"]);
        // A quoted '=' or '!' is text, not an operator.
        assert!(hits("\"dir=d-123\"").is_empty());
        assert!(hits("\"!anna\"").is_empty());
    }

    #[test]
    fn empty_value_matches_empty_cells() {
        assert_eq!(hits("error="), ["ws-1", "ws-2", "ws-4", "ws-5"]);
        assert_eq!(hits("!error="), ["ws-3"]);
        assert_eq!(hits("!last_conn= error="), ["ws-1", "ws-5"]);
    }

    #[test]
    fn blank_input_is_an_empty_filter_that_keeps_everything() {
        for input in ["", "   ", " \t "] {
            assert!(parse(input).is_empty());
            assert_eq!(hits(input).len(), ROWS.len());
        }
        assert!(!parse("x").is_empty());
    }

    #[test]
    fn errors_say_what_to_fix() {
        assert_eq!(
            error("foo=1"),
            "unknown column 'foo' (columns: id, user, state, dir, error, last_conn)"
        );
        let bad_regex = "bad regex for user: unclosed character class";
        assert_eq!(error("user~["), bad_regex);
        assert_eq!(error("user=\"john"), "unterminated quote");
        assert_eq!(error("=x"), "empty column name before '='");
        assert_eq!(error("~x"), "empty column name before '~'");
        assert_eq!(error("state=x !"), "'!' needs a term after it");
        assert_eq!(error("! x"), "'!' needs a term after it");
    }

    #[test]
    fn cells_are_fetched_only_when_needed() {
        // Column terms run before plain words, whatever the typed order.
        let f = parse("alice state=stopped user~x");
        let asked = std::cell::RefCell::new(Vec::new());
        let row = ROWS[0];
        assert!(!f.matches(|i| {
            asked.borrow_mut().push(i);
            Cow::Borrowed(row[i])
        }));
        assert_eq!(*asked.borrow(), [2], "the failing term stops the row");
        let f = parse("456");
        assert!(!f.matches_in(&[0, 1, 2], |i| Cow::Borrowed(ROWS[1][i])));
        assert!(f.matches_in(&[3], |i| Cow::Borrowed(ROWS[1][i])));
    }

    #[test]
    fn cached_haystacks_give_the_same_rows_as_cells() {
        // Columns 0-3 in one haystack, 4-5 in the other; every fixture query agrees with
        // `matches`.
        for input in [
            "456",
            "SMITH",
            "ádÁm",
            "d-123 alice",
            "gone",
            "2d",
            "!smith !alice",
            "state=unhealthy user~^a !dir=d-123",
            "\"john smith\"",
            "ws-1",
            "-1",
        ] {
            let f = parse(input);
            for r in ROWS {
                let own = haystack(r[..4].iter().map(|c| c.to_string()));
                let live = haystack(r[4..].iter().map(|c| c.to_string()));
                let cached = f.matches_cached(&own, &live, |i| Cow::Borrowed(r[i]));
                assert_eq!(
                    cached,
                    f.matches(|i| Cow::Borrowed(r[i])),
                    "{input} on {r:?}"
                );
            }
        }
        // NUL joins cells: a word spanning two cells is not found.
        let own = haystack(["ws-1".to_string(), "alice".to_string()]);
        assert!(!parse("1alice").matches_cached(&own, "", |_| Cow::Borrowed("")));
    }

    #[test]
    fn fifty_thousand_rows() {
        let states = ["AVAILABLE", "UNHEALTHY", "STOPPED"];
        let cell = |i: usize, c: usize| match c {
            0 => format!("ws-{i}"),
            1 => format!("user{}", i % 100),
            2 => states[i % 3].to_string(),
            3 => format!("d-{}", i % 7),
            _ => String::new(),
        };
        let f = parse("state=unhealthy user~^USER1 !dir=d-0 ws-");
        let got = (0..50_000).filter(|&i| f.matches(|c| Cow::Owned(cell(i, c))));
        let want = (0..50_000)
            .filter(|i| i % 3 == 1 && (i % 100).to_string().starts_with('1') && i % 7 != 0);
        assert_eq!(got.count(), want.count());
    }
}
