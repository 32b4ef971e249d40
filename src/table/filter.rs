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

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use memchr::memmem::Finder;
use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use std::borrow::Cow;
use std::collections::HashSet;

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
    #[error("{column}: '{value}' is not a number, size (175G) or age (7d, 12h, 30m)")]
    BadNumber { column: String, value: String },
    #[error("'tag.' needs a key: tag.KEY, tag.KEY=value or tag.KEY~regex")]
    EmptyTagKey,
}

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

/// Every term on one column.
#[derive(Debug, Clone)]
struct ColumnTerms {
    column: usize,
    /// Lowercased values, each with its negation.
    equals: Vec<(String, bool)>,
    regexes: Option<Regexes>,
    /// `>`, `>=`, `<`, `<=` against the cell's number, size or age.
    compares: Vec<(Compare, Quantity, bool)>,
    /// `tag.KEY` alone: the tag must be there (or, negated, must not).
    present: Vec<bool>,
}

/// A column's regexes, run together in one pass over the cell.
#[derive(Debug, Clone)]
struct Regexes {
    matcher: Matcher,
    negate: Vec<bool>,
}

/// One regex alone, or a set. A set searches for every pattern at once (all matches, so it
/// cannot stop at the first one as a regex does, nor use all of its literal prefilters):
/// the one regex a keystroke adds is retested on up to 50,000 cells, and alone it costs
/// a fraction of the same pattern in a set (issue 24, item 9).
#[derive(Debug, Clone)]
enum Matcher {
    One(Regex),
    Set(RegexSet),
}

/// Plain words (lowercased needles), found together in one pass over a haystack.
#[derive(Debug, Clone)]
struct Words {
    /// The first wanted word alone, searched first: most rows fail a typed word, and one
    /// needle is found faster alone than in the automaton. Boxed: a finder is large.
    first: Option<Box<Finder<'static>>>,
    automaton: AhoCorasick,
    negate: Vec<bool>,
    /// How many needles must be found (the others must not be).
    wanted: usize,
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
                // `>=` and `<=` travel as 'G' and 'L'.
                '>' | '<' if !in_quote && op.is_none() => {
                    let or_equal = chars.next_if_eq(&'=').is_some();
                    let kind = match (c, or_equal) {
                        ('>', true) => 'G',
                        ('<', true) => 'L',
                        _ => c,
                    };
                    op = Some((text.len(), kind));
                }
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

/// Byte offset where the last token of `input` starts (its length when there is none). The
/// text before it holds whole tokens, the same `tokenize` finds there in `input`, so a
/// filter of `input` is the filter of that text AND the filter of the rest.
pub fn last_token_start(input: &str) -> usize {
    let mut start = input.len();
    let (mut in_token, mut in_quote) = (false, false);
    for (i, c) in input.char_indices() {
        if !in_quote && c.is_whitespace() {
            in_token = false;
            continue;
        }
        if !in_token {
            (start, in_token) = (i, true);
        }
        if c == '"' {
            in_quote = !in_quote;
        }
    }
    start
}

/// The useful line of a regex error (the crate's message repeats the pattern with a caret).
fn regex_reason(err: &regex::Error) -> String {
    let msg = err.to_string();
    let line = msg.lines().rev().find(|l| !l.trim().is_empty());
    let line = line.unwrap_or(&msg).trim();
    line.strip_prefix("error: ").unwrap_or(line).to_string()
}

/// A filter's terms as typed, before anything is compiled (issue 24, item 9): cheap to build
/// and to compare, so a keystroke that leaves them as they were (a space, a word already
/// there) compiles and filters nothing again.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Terms {
    /// Lowercased plain words, each with its negation, each once.
    words: Vec<(String, bool)>,
    /// Column terms by column, in the order each column first appears.
    groups: Vec<Group>,
    /// Tag keys named (`tag.KEY…`): tag `k` is column `searched + k`.
    tags: Vec<String>,
    /// Number of columns the terms were parsed against (searched by `matches`).
    searched: usize,
}

impl Terms {
    /// Whether a row passes or fails these terms by what it holds in some column for which
    /// `column(i)` is true: plain words search every column, a column term its own.
    pub fn reads(&self, column: impl Fn(usize) -> bool) -> bool {
        let words = !self.words.is_empty() && (0..self.searched).any(&column);
        let own = |g: &Group| g.column < self.searched && column(g.column);
        words || self.groups.iter().any(own)
    }

    /// The tag keys the terms name (see [`Filter::tags`]).
    pub fn tags(&self) -> &[String] {
        &self.tags
    }

    /// Parse `input` against a pane's columns (all of them, not only those that fit the
    /// terminal, so `dir=…` works on a narrow screen). Column `i` of `columns` is the index
    /// later passed to the cell callback.
    pub fn parse(input: &str, columns: &[ColumnName]) -> Result<Terms, FilterError> {
        let mut terms = Terms {
            searched: columns.len(),
            ..Terms::default()
        };
        // Repeated terms change nothing but the cost; a set finds them without a pass over
        // the terms so far (4,096 characters hold ~1,400 words).
        let mut seen = Seen::new();
        for token in tokenize(input)? {
            terms.add(&token, columns, &mut seen)?;
        }
        Ok(terms)
    }

    fn add(
        &mut self,
        token: &Token,
        columns: &[ColumnName],
        seen: &mut Seen,
    ) -> Result<(), FilterError> {
        let negate = token.negate;
        let (name, value) = match token.op {
            Some((at, _)) => token.text.split_at(at),
            None => (token.text.as_str(), ""),
        };
        // `tag.KEY`, `tag.KEY=value`, `tag.KEY~regex`: tag keys are case-sensitive in
        // WorkSpaces (CreateTags), so the key is kept as typed.
        let column = match (tag_key(name)?, token.op) {
            (Some(key), _) => columns.len() + self.tag_index(key),
            (None, None) => {
                let word = (token.text.to_lowercase(), negate);
                if seen.insert((WORDS, ' ', word.0.clone(), negate)) {
                    self.words.push(word);
                }
                return Ok(());
            }
            (None, Some((_, op))) => column_of(name, op, columns)?,
        };
        let group = self.group_of(column, name);
        let Some((_, op)) = token.op else {
            push_new(&mut group.present, negate);
            return Ok(());
        };
        let value = match op {
            '=' => value.to_lowercase(),
            _ => value.to_string(),
        };
        if matches!(op, '=' | '~') && !seen.insert((column, op, value.clone(), negate)) {
            return Ok(());
        }
        match op {
            '=' => group.equals.push((value, negate)),
            '~' => group.regexes.push((value, negate)),
            cmp => {
                let bound =
                    Quantity::parse_bound(&value).ok_or_else(|| FilterError::BadNumber {
                        column: name.to_string(),
                        value: value.clone(),
                    })?;
                group.compares.push((Compare::from_op(cmp), bound, negate));
            }
        }
        Ok(())
    }

    /// The index of tag `key` among the tags named, naming it if new.
    fn tag_index(&mut self, key: &str) -> usize {
        self.tags.iter().position(|t| t == key).unwrap_or_else(|| {
            self.tags.push(key.to_string());
            self.tags.len() - 1
        })
    }

    /// The terms on `column`, first named `name`.
    fn group_of(&mut self, column: usize, name: &str) -> &mut Group {
        let g = match self.groups.iter().position(|g| g.column == column) {
            Some(g) => g,
            None => {
                self.groups.push(Group {
                    column,
                    name: name.to_string(),
                    equals: vec![],
                    regexes: vec![],
                    compares: vec![],
                    present: vec![],
                });
                self.groups.len() - 1
            }
        };
        &mut self.groups[g]
    }

    /// The filter these terms mean: regexes compiled, word finders built.
    pub fn compile(&self) -> Result<Filter, FilterError> {
        let mut columns = Vec::with_capacity(self.groups.len());
        for g in &self.groups {
            columns.push(ColumnTerms {
                column: g.column,
                equals: g.equals.clone(),
                regexes: Regexes::build(&g.regexes, &g.name)?,
                compares: g.compares.clone(),
                present: g.present.clone(),
            });
        }
        Ok(Filter {
            columns,
            words: Words::build(&self.words),
            terms: self.clone(),
        })
    }
}

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

/// Terms parsed so far, to drop repeats: (column or `WORDS`, operator, value, negated).
type Seen = HashSet<(usize, char, String, bool)>;

/// The "column" of plain words in `Seen`.
const WORDS: usize = usize::MAX;

/// The terms of one column as parsed: (value or pattern, negated).
#[derive(Debug, Clone, PartialEq)]
struct Group {
    column: usize,
    /// As first typed, for error messages.
    name: String,
    equals: Vec<(String, bool)>,
    regexes: Vec<(String, bool)>,
    compares: Vec<(Compare, Quantity, bool)>,
    present: Vec<bool>,
}

/// The tag key of a `tag.KEY` name, or None for a column name.
fn tag_key(name: &str) -> Result<Option<&str>, FilterError> {
    let Some(prefix) = name.get(..4) else {
        return Ok(None);
    };
    if !prefix.eq_ignore_ascii_case("tag.") {
        return Ok(None);
    }
    match &name[4..] {
        "" => Err(FilterError::EmptyTagKey),
        key => Ok(Some(key)),
    }
}

/// Append `item` unless it is already there: a repeated term changes nothing but the cost.
fn push_new<T: PartialEq>(items: &mut Vec<T>, item: T) {
    if !items.contains(&item) {
        items.push(item);
    }
}

/// The column a `col=value` / `col~regex` token names.
fn column_of(name: &str, op: char, columns: &[ColumnName]) -> Result<usize, FilterError> {
    if name.is_empty() {
        return Err(FilterError::EmptyColumn(op));
    }
    columns.iter().position(|c| c.accepts(name)).ok_or_else(|| {
        let known: Vec<String> = columns.iter().map(ColumnName::typed_form).collect();
        FilterError::UnknownColumn {
            name: name.to_string(),
            known: known.join(", "),
        }
    })
}

impl ColumnTerms {
    fn pass(&self, text: &str) -> bool {
        if text == NO_TAG {
            // No such tag: every wanted term fails, every negated one holds.
            let wanted = self.present.iter().any(|n| !n)
                || self.equals.iter().any(|(_, n)| !n)
                || self.compares.iter().any(|(_, _, n)| !n)
                || self
                    .regexes
                    .as_ref()
                    .is_some_and(|r| r.negate.iter().any(|n| !n));
            return !wanted;
        }
        if self.present.iter().any(|&negate| negate) {
            return false;
        }
        let equals = self.equals.iter().all(|(value, negate)| {
            // ASCII cells (almost all of them) are compared without allocating.
            let hit = if text.is_ascii() {
                text.eq_ignore_ascii_case(value)
            } else {
                text.to_lowercase() == *value
            };
            hit != *negate
        });
        let compares = self.compares.is_empty() || {
            let cell = Quantity::parse_cell(text);
            self.compares.iter().all(|(cmp, bound, negate)| {
                let hit = cell.is_some_and(|c| cmp.holds(c, *bound));
                hit != *negate
            })
        };
        equals && compares && self.regexes.as_ref().is_none_or(|r| r.pass(text))
    }
}

impl Regexes {
    /// One matcher for a column's regexes, always case-insensitive; None without any.
    fn build(patterns: &[(String, bool)], column: &str) -> Result<Option<Self>, FilterError> {
        let bad = |e: &regex::Error| FilterError::BadRegex {
            column: column.to_string(),
            reason: regex_reason(e),
        };
        let one = |p: &str| RegexBuilder::new(p).case_insensitive(true).build();
        let matcher = match patterns {
            [] => return Ok(None),
            [(pattern, _)] => Matcher::One(one(pattern).map_err(|e| bad(&e))?),
            _ => {
                let set = RegexSetBuilder::new(patterns.iter().map(|(p, _)| p))
                    .case_insensitive(true)
                    .build();
                Matcher::Set(set.map_err(|e| {
                    // The set does not say which pattern failed: find it for the message.
                    let broken = patterns.iter().find_map(|(p, _)| one(p).err());
                    bad(&broken.unwrap_or(e))
                })?)
            }
        };
        let negate = patterns.iter().map(|(_, n)| *n).collect();
        Ok(Some(Regexes { matcher, negate }))
    }

    fn pass(&self, text: &str) -> bool {
        match &self.matcher {
            Matcher::One(regex) => regex.is_match(text) != self.negate[0],
            Matcher::Set(set) => {
                let hits = set.matches(text);
                let mut each = self.negate.iter().enumerate();
                each.all(|(i, negate)| hits.matched(i) != *negate)
            }
        }
    }
}

impl Words {
    fn build(words: &[(String, bool)]) -> Option<Self> {
        if words.is_empty() {
            return None;
        }
        // A contiguous NFA, never the DFA the crate picks for up to 100 words: the DFA of one
        // 4,096-character word took 45 ms to build, on every keystroke of a held-down key
        // (issue 24, item 9); the NFA builds in time linear in the words, and searches a
        // row's text (after the first word's memmem check) nearly as fast.
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(words.iter().map(|(w, _)| w))
            .expect("at most 4,096 characters of needles always build");
        let first = words.iter().find(|(_, negate)| !negate);
        let first = first.map(|(w, _)| Box::new(Finder::new(w.as_bytes()).into_owned()));
        Some(Words {
            first,
            automaton,
            negate: words.iter().map(|(_, n)| *n).collect(),
            wanted: words.iter().filter(|(_, n)| !n).count(),
        })
    }

    /// Every wanted needle is in one of `hays` and no negated one is in any.
    fn pass(&self, hays: &[&str]) -> bool {
        if let Some(first) = &self.first {
            if !hays.iter().any(|h| first.find(h.as_bytes()).is_some()) {
                return false;
            }
            if self.negate.len() == 1 {
                return true;
            }
        }
        let mut found = vec![false; self.negate.len()];
        let mut wanted = 0;
        for hay in hays {
            for m in self.automaton.find_overlapping_iter(*hay) {
                let i = m.pattern().as_usize();
                if self.negate[i] {
                    return false;
                }
                if !std::mem::replace(&mut found[i], true) {
                    wanted += 1;
                }
            }
        }
        wanted == self.wanted
    }
}

/// A comparison operator of a filter term.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Compare {
    Above,
    AtLeast,
    Below,
    AtMost,
}

impl Compare {
    fn from_op(op: char) -> Compare {
        match op {
            '>' => Compare::Above,
            'G' => Compare::AtLeast,
            '<' => Compare::Below,
            _ => Compare::AtMost,
        }
    }

    /// `cell OP bound`. An age bound against a plain cell, or a plain bound against an age
    /// cell (`idle>30` on "3d ago"), compares days.
    fn holds(self, cell: Quantity, bound: Quantity) -> bool {
        let (a, b) = match (cell, bound) {
            (Quantity::Plain(a), Quantity::Plain(b)) | (Quantity::Age(a), Quantity::Age(b)) => {
                (a, b)
            }
            (Quantity::Age(a), Quantity::Plain(b)) => (a / DAY, b),
            (Quantity::Plain(a), Quantity::Age(b)) => (a, b / DAY),
        };
        match self {
            Compare::Above => a > b,
            Compare::AtLeast => a >= b,
            Compare::Below => a < b,
            Compare::AtMost => a <= b,
        }
    }
}

const DAY: f64 = 86_400.0;

/// What a comparison compares: a plain number (counts, sizes in GiB, days) or an age in
/// seconds ("3d ago", `7d`).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Quantity {
    Plain(f64),
    Age(f64),
}

impl Quantity {
    /// A filter's bound: `30`, `175G`, `1.5`, or an age `7d` / `12h` / `30m`.
    fn parse_bound(s: &str) -> Option<Quantity> {
        let s = s.trim();
        let unit = |suffix: char, scale: f64| {
            let n: f64 = s.strip_suffix(suffix)?.trim().parse().ok()?;
            Some(Quantity::Age(n * scale))
        };
        unit('d', DAY)
            .or_else(|| unit('h', 3_600.0))
            .or_else(|| unit('m', 60.0))
            .or_else(|| {
                let n = s.strip_suffix(['G', 'g']).unwrap_or(s);
                n.parse::<f64>()
                    .ok()
                    .filter(|n| n.is_finite())
                    .map(Quantity::Plain)
            })
    }

    /// A cell as shown: "3d ago", "just now", "never" (older than anything), "175G",
    /// "1,234", "30". Anything else has no quantity and fails every comparison.
    fn parse_cell(s: &str) -> Option<Quantity> {
        let s = s.trim();
        match s {
            "never" => return Some(Quantity::Age(f64::INFINITY)),
            "just now" => return Some(Quantity::Age(0.0)),
            _ => {}
        }
        if let Some(age) = s.strip_suffix(" ago") {
            return Quantity::parse_bound(age).filter(|q| matches!(q, Quantity::Age(_)));
        }
        let plain = s.replace(',', "");
        let plain = plain.strip_suffix(['G', 'g']).unwrap_or(&plain);
        plain
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
            .map(Quantity::Plain)
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
    fn terms_are_equal_when_the_text_means_the_same_filter() {
        let terms = |input: &str| Terms::parse(input, COLS).unwrap();
        // A space, a repeated word, quotes around a word, another case: the same terms.
        let same = [
            "alice state=stopped",
            "alice state=stopped ",
            "alice  alice state=stopped",
        ];
        for input in same
            .iter()
            .chain(&["\"alice\" state=stopped", "ALICE state=stopped"])
        {
            assert_eq!(terms(input), terms(same[0]), "{input}");
        }
        // A letter more, a negation, another value: other terms.
        for input in [
            "alic state=stopped",
            "!alice state=stopped",
            "alice state=stop",
        ] {
            assert_ne!(terms(input), terms(same[0]), "{input}");
        }
        assert_eq!(terms("").compile().unwrap().terms(), &terms(""));
    }

    #[test]
    fn terms_say_which_columns_they_read() {
        // Column 5 (LAST CONN) stands for a column whose text moves with the clock.
        let live = |c: usize| c == 5;
        let reads = |input: &str| Terms::parse(input, COLS).unwrap().reads(live);
        assert!(reads("alice"), "a word searches every column");
        assert!(reads("!last_conn=2d"));
        assert!(!reads("user~^a state=stopped !dir=d-1"));
        assert!(!reads(""));
        assert!(!Terms::parse("alice", &COLS[..5]).unwrap().reads(live));
    }

    #[test]
    fn the_last_token_starts_after_the_whole_tokens_before_it() {
        for (input, head) in [
            ("", ""),
            ("alice", ""),
            ("alice ", ""),
            ("alice bob", "alice "),
            ("  alice   !state=stopped", "  alice   "),
            ("a user=\"john smith\"", "a "),
            ("a \"x y\"z", "a "),
            ("a \"unterminated b", "a "),
        ] {
            assert_eq!(&input[..last_token_start(input)], head, "{input:?}");
        }
        // The tokens before it and after it are those of the whole.
        let input = "user=\"john smith\" !dir=d-1 ~x";
        let at = last_token_start(input);
        let halves = [&input[..at], &input[at..]].map(|h| tokenize(h).unwrap().len());
        assert_eq!(halves[0] + halves[1], tokenize(input).unwrap().len());
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
    fn repeated_and_combined_terms_keep_their_meaning() {
        // Repeats change nothing; several terms on one column are still ANDed.
        assert_eq!(hits(&"456 ".repeat(2_000)), ["ws-2", "ws-4", "ws-5"]);
        assert_eq!(hits(&"!dir=d-123 ".repeat(500)), ["ws-2", "ws-4", "ws-5"]);
        assert_eq!(hits("user~^a user~a$"), ["ws-5"]);
        assert_eq!(hits("user~^a !user~e$"), ["ws-5"]);
        assert_eq!(hits("user~^a !user~^a"), Vec::<&str>::new());
        assert_eq!(hits("ws !ws"), Vec::<&str>::new());
        assert_eq!(
            hits("state=unhealthy !state=stopped !dir=d-123"),
            ["ws-2", "ws-5"]
        );
        // Overlapping words are each found: "ws-" inside "ws-5", "5" inside it too.
        assert_eq!(hits("ws- ws-5 5"), ["ws-5"]);
        assert_eq!(hits("!ws-2 456"), ["ws-4", "ws-5"]);
        // The first bad pattern of a column is named, even among good ones.
        assert_eq!(
            error("user~a user~( state~x"),
            "bad regex for user: unclosed group"
        );
    }

    #[test]
    fn a_long_filter_of_distinct_terms_agrees_term_by_term() {
        // 4,096 characters of distinct regexes and words that every row passes or fails the
        // same way as the terms tested one by one.
        let mut input = String::new();
        let mut terms = vec![];
        for i in 0.. {
            let term = match i % 3 {
                0 => format!("id~ws|{i}"),
                1 => format!("!user~zz{i}"),
                _ => "ws-".to_string(),
            };
            if input.len() + term.len() + 1 > 4_096 {
                break;
            }
            input.push_str(&term);
            input.push(' ');
            terms.push(term);
        }
        let all = hits(&input);
        let each: Vec<&str> = ROWS
            .iter()
            .filter(|r| {
                terms.iter().all(|t| {
                    let f = parse(t);
                    f.matches(|i| Cow::Borrowed(r[i]))
                })
            })
            .map(|r| r[0])
            .collect();
        assert_eq!(all, each);
        assert_eq!(all.len(), ROWS.len());
    }

    #[test]
    fn comparisons_on_numbers_sizes_and_ages() {
        const C: &[ColumnName] = &[
            ColumnName::new("ID", &[]),
            ColumnName::new("ROOT", &[]),
            ColumnName::new("LAST CONN", &["last"]),
            ColumnName::new("IDLE DAYS", &["idle"]),
        ];
        const R: &[[&str; 4]] = &[
            ["ws-1", "80G", "3d ago", "3"],
            ["ws-2", "175G", "12m ago", "0"],
            ["ws-3", "175G", "never", "45"],
            ["ws-4", "1,000G", "40d ago", "40"],
            ["ws-5", "", "", ""],
        ];
        let hits = |input: &str| -> Vec<&str> {
            let f = Filter::parse(input, C).unwrap_or_else(|e| panic!("{input}: {e}"));
            R.iter()
                .filter(|r| f.matches(|i| Cow::Borrowed(r[i])))
                .map(|r| r[0])
                .collect()
        };
        assert_eq!(hits("root>=175"), ["ws-2", "ws-3", "ws-4"]);
        assert_eq!(hits("root>175"), ["ws-4"]);
        assert_eq!(hits("root<100G"), ["ws-1"]);
        assert_eq!(hits("idle>30"), ["ws-3", "ws-4"]);
        assert_eq!(hits("idle<=3"), ["ws-1", "ws-2"]);
        // Ages: "never" is older than anything; a bare number against an age is days.
        assert_eq!(hits("last>7d"), ["ws-3", "ws-4"]);
        assert_eq!(hits("last<1h"), ["ws-2"]);
        assert_eq!(hits("last>2"), ["ws-1", "ws-3", "ws-4"]);
        assert_eq!(hits("!last>7d"), ["ws-1", "ws-2", "ws-5"]);
        // An empty cell has no quantity: it passes no comparison.
        assert!(!hits("root<1000000").contains(&"ws-5"));
        let bad = Filter::parse("idle>lots", C).unwrap_err().to_string();
        assert_eq!(
            bad,
            "idle: 'lots' is not a number, size (175G) or age (7d, 12h, 30m)"
        );
        assert!(Filter::parse("nosuch>3", C)
            .unwrap_err()
            .to_string()
            .starts_with("unknown column"));
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

    /// Tag terms: `tag.KEY` (has it), `tag.KEY=value`, `tag.KEY~regex`, negated or not;
    /// a tag the row lacks is cell NO_TAG.
    #[test]
    fn tag_terms_test_the_named_tag() {
        // ws-1 Team=Finance, ws-2 Team=Eng CostCenter=42, ws-3 no tags.
        let tags: &[&[(&str, &str)]] = &[
            &[("Team", "Finance")],
            &[("Team", "Eng"), ("CostCenter", "42")],
            &[],
        ];
        let hits = |input: &str| -> Vec<usize> {
            let f = Filter::parse(input, COLS).unwrap();
            (0..3)
                .filter(|&r| {
                    f.matches(|c| {
                        if c < COLS.len() {
                            Cow::Owned(format!("ws-{}", r + 1))
                        } else {
                            let key = &f.tags()[c - COLS.len()];
                            let v = tags[r].iter().find(|(k, _)| k == key);
                            Cow::Owned(v.map_or(NO_TAG.to_string(), |(_, v)| v.to_string()))
                        }
                    })
                })
                .collect()
        };
        assert_eq!(hits("tag.Team"), [0, 1]);
        assert_eq!(hits("!tag.Team"), [2]);
        assert_eq!(hits("tag.Team=finance"), [0]);
        assert_eq!(hits("!tag.Team=finance"), [1, 2]);
        assert_eq!(hits("tag.Team~^e"), [1]);
        assert_eq!(hits("tag.CostCenter>=40"), [1]);
        assert_eq!(hits("tag.Team tag.CostCenter"), [1]);
        // Keys are case-sensitive, as in WorkSpaces.
        assert_eq!(hits("tag.team"), Vec::<usize>::new());
        // The prefix is not.
        assert_eq!(hits("TAG.Team=eng"), [1]);
    }

    #[test]
    fn a_tag_term_without_a_key_or_with_a_bad_regex_is_refused_whole() {
        assert_eq!(
            Filter::parse("tag.=x", COLS).unwrap_err(),
            FilterError::EmptyTagKey
        );
        let e = Filter::parse("state=stopped tag.Team~[", COLS).unwrap_err();
        assert!(e.to_string().contains("bad regex for tag.Team"), "{e}");
    }
}
