//! A filter's terms as parsed from the input, before anything is compiled.

use std::collections::HashSet;

use super::matchers::{ColumnTerms, Regexes, Words};
use super::names::{column_of, tag_key, ColumnName, FilterError};
use super::quantity::{Compare, Quantity};
use super::tokens::{tokenize, Token};
use super::Filter;

/// A filter's terms as typed, before anything is compiled (issue 24, item 9): cheap to build
/// and to compare, so a keystroke that leaves them as they were (a space, a word already
/// there) compiles and filters nothing again.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Terms {
    /// Lowercased plain words, each with its negation, each once.
    pub(super) words: Vec<(String, bool)>,
    /// Column terms by column, in the order each column first appears.
    pub(super) groups: Vec<Group>,
    /// Tag keys named (`tag.KEY…`): tag `k` is column `searched + k`.
    pub(super) tags: Vec<String>,
    /// Number of columns the terms were parsed against (searched by `matches`).
    pub(super) searched: usize,
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

    pub(super) fn add(
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
    pub(super) fn tag_index(&mut self, key: &str) -> usize {
        self.tags.iter().position(|t| t == key).unwrap_or_else(|| {
            self.tags.push(key.to_string());
            self.tags.len() - 1
        })
    }

    /// The terms on `column`, first named `name`.
    pub(super) fn group_of(&mut self, column: usize, name: &str) -> &mut Group {
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

/// Terms parsed so far, to drop repeats: (column or `WORDS`, operator, value, negated).
pub(super) type Seen = HashSet<(usize, char, String, bool)>;

/// The "column" of plain words in `Seen`.
pub(super) const WORDS: usize = usize::MAX;

/// The terms of one column as parsed: (value or pattern, negated).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Group {
    pub(super) column: usize,
    /// As first typed, for error messages.
    pub(super) name: String,
    pub(super) equals: Vec<(String, bool)>,
    pub(super) regexes: Vec<(String, bool)>,
    pub(super) compares: Vec<(Compare, Quantity, bool)>,
    pub(super) present: Vec<bool>,
}

/// Append `item` unless it is already there: a repeated term changes nothing but the cost.
pub(super) fn push_new<T: PartialEq>(items: &mut Vec<T>, item: T) {
    if !items.contains(&item) {
        items.push(item);
    }
}
