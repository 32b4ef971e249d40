//! Which resources' joined data changed, generation by generation (`Ctx::generation`), so
//! what is kept per row from joined data (the filter's live haystacks) is rebuilt for those
//! rows only: a page of 25 connection states then costs 25 rows, not 50,000.
//!
//! A change that cannot name its resources (a map emptied, a Region forgotten) is recorded
//! as such and makes everything be rebuilt; so does a look further back than the log keeps.

use std::collections::VecDeque;

/// How many resource IDs the log keeps, across its entries.
const KEEP_IDS: usize = 4096;

#[derive(Debug, Default)]
pub struct TouchLog {
    /// Generation, and the resources it changed (`None`: any).
    entries: VecDeque<(u64, Option<Vec<String>>)>,
    ids: usize,
    /// Generations up to this one are no longer in the log.
    floor: u64,
}

impl TouchLog {
    pub fn record(&mut self, generation: u64, ids: Option<Vec<String>>) {
        self.ids += ids.as_ref().map_or(0, Vec::len);
        self.entries.push_back((generation, ids));
        while self.ids > KEEP_IDS || self.entries.len() > 256 {
            let Some((g, ids)) = self.entries.pop_front() else {
                break;
            };
            self.ids -= ids.as_ref().map_or(0, Vec::len);
            self.floor = g;
        }
    }

    /// The resources whose joined data changed after generation `since`; `None` when that is
    /// not known (anything may have changed).
    pub fn since(&self, since: u64) -> Option<Vec<&str>> {
        if since < self.floor {
            return None;
        }
        let mut out = vec![];
        for (g, ids) in &self.entries {
            if *g > since {
                out.extend(ids.as_ref()?.iter().map(String::as_str));
            }
        }
        Some(out)
    }

    /// `since`, as the rows of a table (`position` finds a resource's row; resources it
    /// does not hold are left out).
    pub fn rows_since(
        &self,
        since: u64,
        position: impl Fn(&str) -> Option<usize>,
    ) -> Option<Vec<usize>> {
        let ids = self.since(since)?;
        Some(ids.into_iter().filter_map(position).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_since_a_generation_are_named_until_one_is_not_or_the_log_ends() {
        let mut log = TouchLog::default();
        log.record(3, Some(vec!["ws-a".into()]));
        log.record(5, Some(vec!["ws-b".into(), "ws-c".into()]));
        assert_eq!(log.since(3), Some(vec!["ws-b", "ws-c"]));
        assert_eq!(log.since(0), Some(vec!["ws-a", "ws-b", "ws-c"]));
        assert_eq!(log.since(5), Some(vec![]));
        log.record(8, Some(vec!["ws-d".into()]));
        assert_eq!(log.since(5), Some(vec!["ws-d"]));
        log.record(9, Some((0..KEEP_IDS).map(|i| format!("ws-{i}")).collect()));
        assert_eq!(log.since(8).map(|v| v.len()), Some(KEEP_IDS));
        assert_eq!(log.since(5), None, "entries before 9 are gone");
        log.record(10, None);
        assert_eq!(log.since(9), None, "a change that named nothing");
    }
}
