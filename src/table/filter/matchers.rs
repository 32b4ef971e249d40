//! What tests a row, compiled once per filter: each column's terms, its regexes, and the
//! plain words searched together in one pass.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use memchr::memmem::Finder;
use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};

use super::names::FilterError;
use super::quantity::{Compare, Quantity};
use super::NO_TAG;

/// Every term on one column.
#[derive(Debug, Clone)]
pub(super) struct ColumnTerms {
    pub(super) column: usize,
    /// Lowercased values, each with its negation.
    pub(super) equals: Vec<(String, bool)>,
    pub(super) regexes: Option<Regexes>,
    /// `>`, `>=`, `<`, `<=` against the cell's number, size or age.
    pub(super) compares: Vec<(Compare, Quantity, bool)>,
    /// `tag.KEY` alone: the tag must be there (or, negated, must not).
    pub(super) present: Vec<bool>,
}

/// A column's regexes, run together in one pass over the cell.
#[derive(Debug, Clone)]
pub(super) struct Regexes {
    pub(super) matcher: Matcher,
    pub(super) negate: Vec<bool>,
}

/// One regex alone, or a set. A set searches for every pattern at once (all matches, so it
/// cannot stop at the first one as a regex does, nor use all of its literal prefilters):
/// the one regex a keystroke adds is retested on up to 50,000 cells, and alone it costs
/// a fraction of the same pattern in a set (issue 24, item 9).
#[derive(Debug, Clone)]
pub(super) enum Matcher {
    One(Regex),
    Set(RegexSet),
}

/// Plain words (lowercased needles), found together in one pass over a haystack.
#[derive(Debug, Clone)]
pub(super) struct Words {
    /// The first wanted word alone, searched first: most rows fail a typed word, and one
    /// needle is found faster alone than in the automaton. Boxed: a finder is large.
    pub(super) first: Option<Box<Finder<'static>>>,
    pub(super) automaton: AhoCorasick,
    pub(super) negate: Vec<bool>,
    /// How many needles must be found (the others must not be).
    pub(super) wanted: usize,
}

/// The useful line of a regex error (the crate's message repeats the pattern with a caret).
pub(super) fn regex_reason(err: &regex::Error) -> String {
    let msg = err.to_string();
    let line = msg.lines().rev().find(|l| !l.trim().is_empty());
    let line = line.unwrap_or(&msg).trim();
    line.strip_prefix("error: ").unwrap_or(line).to_string()
}

impl ColumnTerms {
    pub(super) fn pass(&self, text: &str) -> bool {
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
    pub(super) fn build(
        patterns: &[(String, bool)],
        column: &str,
    ) -> Result<Option<Self>, FilterError> {
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

    pub(super) fn pass(&self, text: &str) -> bool {
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
    pub(super) fn build(words: &[(String, bool)]) -> Option<Self> {
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
    pub(super) fn pass(&self, hays: &[&str]) -> bool {
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
