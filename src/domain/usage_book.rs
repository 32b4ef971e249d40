//! The usage summaries fetched so far, by WorkSpace ID, with when they were asked and
//! answered: a WorkSpace whose summary is fresh (or being fetched) is not asked for again.

use super::usage::UsageSummary;
use std::collections::HashMap;

/// How long a summary is fresh (seconds): connected hours move by the hour, and a fleet's
/// summaries cost ⌈WorkSpaces × 5 ÷ 500⌉ GetMetricData calls.
pub const USAGE_FRESH_FOR: i64 = 900;

/// One WorkSpace's summary as far as fetched; times are epoch seconds.
#[derive(Debug, Clone, PartialEq)]
pub enum UsageEntry {
    Loading {
        asked_at: i64,
    },
    Ready {
        summary: UsageSummary,
        at: i64,
    },
    /// The fetch failed (said on the status line); asked again once not fresh.
    Failed {
        at: i64,
    },
}

#[derive(Debug, Default, Clone)]
pub struct UsageBook {
    by_id: HashMap<String, UsageEntry>,
}

impl UsageBook {
    pub fn get(&self, workspace_id: &str) -> Option<&UsageEntry> {
        self.by_id.get(workspace_id)
    }

    /// The summary, when fetched.
    pub fn summary(&self, workspace_id: &str) -> Option<&UsageSummary> {
        match self.by_id.get(workspace_id) {
            Some(UsageEntry::Ready { summary, .. }) => Some(summary),
            _ => None,
        }
    }

    /// Whether `workspace_id` should be asked for at `now`: never asked, or its answer (or
    /// its question) older than `USAGE_FRESH_FOR`.
    pub fn stale(&self, workspace_id: &str, now: i64) -> bool {
        let since = match self.by_id.get(workspace_id) {
            None => return true,
            Some(UsageEntry::Loading { asked_at }) => *asked_at,
            Some(UsageEntry::Ready { at, .. } | UsageEntry::Failed { at }) => *at,
        };
        now - since >= USAGE_FRESH_FOR
    }

    /// Mark these as being fetched. A summary fetched before stays shown meanwhile.
    pub fn asked(&mut self, ids: &[String], now: i64) {
        for id in ids {
            match self.by_id.get_mut(id) {
                // Keep the old numbers on screen; `at` moves so it is not asked twice.
                Some(UsageEntry::Ready { at, .. }) => *at = now,
                _ => {
                    self.by_id
                        .insert(id.clone(), UsageEntry::Loading { asked_at: now });
                }
            }
        }
    }

    /// Summaries arrived.
    pub fn arrived(&mut self, summaries: Vec<(String, UsageSummary)>, now: i64) {
        for (id, summary) in summaries {
            self.by_id
                .insert(id, UsageEntry::Ready { summary, at: now });
        }
    }

    /// A fetch of `ids` failed: those never fetched are marked failed (not loading forever).
    pub fn failed(&mut self, ids: &[String], now: i64) {
        for id in ids {
            if !matches!(self.by_id.get(id), Some(UsageEntry::Ready { .. })) {
                self.by_id
                    .insert(id.clone(), UsageEntry::Failed { at: now });
            }
        }
    }

    /// Every summary fetched, with when: what the warm-start cache keeps.
    pub fn ready(&self) -> impl Iterator<Item = (&String, &UsageSummary, i64)> {
        self.by_id.iter().filter_map(|(id, e)| match e {
            UsageEntry::Ready { summary, at } => Some((id, summary, *at)),
            _ => None,
        })
    }

    /// A summary from the warm-start cache, fetched at `at`: kept only where nothing newer
    /// is known (an answer or a question of this run wins), so its age decides when it is
    /// asked again.
    pub fn restore(&mut self, workspace_id: String, summary: UsageSummary, at: i64) {
        self.by_id
            .entry(workspace_id)
            .or_insert(UsageEntry::Ready { summary, at });
    }

    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asked_once_while_fresh_then_again() {
        let mut b = UsageBook::default();
        let ids = vec!["ws-1".to_string()];
        assert!(b.stale("ws-1", 1000));
        b.asked(&ids, 1000);
        assert!(!b.stale("ws-1", 1001), "loading: not asked twice");
        b.arrived(vec![("ws-1".into(), UsageSummary::default())], 1002);
        assert!(!b.stale("ws-1", 1002 + USAGE_FRESH_FOR - 1));
        assert!(b.stale("ws-1", 1002 + USAGE_FRESH_FOR));
        b.asked(&ids, 5000);
        assert!(b.summary("ws-1").is_some(), "the old summary stays shown");
        b.failed(&ids, 5001);
        assert!(b.summary("ws-1").is_some());
    }
}
