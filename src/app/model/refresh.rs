//! Where a pane's background refresh stands, per Region and summed over Regions.

use crate::domain::ServiceError;
use std::collections::BTreeMap;

/// Where one pane's background refresh stands.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RefreshStatus {
    /// The sweep currently arriving (or last finished).
    pub sweep: u64,
    /// Rows received so far in the current sweep.
    pub loaded: usize,
    pub in_progress: bool,
    /// Wall clock (epoch seconds) of the last sweep that finished without error.
    pub last_ok: Option<i64>,
    /// The last sweep's error, cleared by the next good sweep. Rows from before stay, stale.
    pub error: Option<ServiceError>,
    /// The sweep before `sweep` that finished (changes seen since then stay highlighted).
    pub previous_sweep: u64,
    /// Rows shown are from the warm-start cache saved then (epoch seconds), until the first
    /// sweep replaces them.
    pub cached_at: Option<i64>,
    /// In a summary over several Regions: the Regions whose last sweep failed (the error and
    /// `last_ok` are the first one's).
    pub failing: Vec<String>,
    /// When the current sweep's first page arrived: the rate so far gives the time left.
    pub started: Option<std::time::Instant>,
    /// Rows the last finished sweep left held (or the warm-start cache brought): what the
    /// sweep under way most likely brings. Counted only from sweeps and the cache, never
    /// from rows a lookup or a re-read put in ahead of the sweep (issue 26): those are not
    /// swept progress. `None` until a sweep has finished or a cache was read (a cold start
    /// without cache has no total to give).
    pub expected: Option<usize>,
}

impl RefreshStatus {
    pub fn is_stale(&self) -> bool {
        self.error.is_some()
    }

    /// A page of `sweep` with `rows` rows arrived (DescribeWorkspaces and the other sweeps'
    /// pages): a new sweep starts its count and its clock.
    pub fn take_page(&mut self, sweep: u64, rows: usize) {
        if self.sweep != sweep {
            self.sweep = sweep;
            self.loaded = 0;
            self.started = Some(std::time::Instant::now());
        }
        self.in_progress = true;
        self.loaded += rows;
    }

    /// One status for a pane showing several Regions: in progress while any Region is, the
    /// rows loaded so far in all of them, and the first failing Region's error.
    pub fn summary(regions: &BTreeMap<String, RefreshStatus>) -> RefreshStatus {
        if regions.len() == 1 {
            return regions.values().next().cloned().unwrap_or_default();
        }
        let failing: Vec<&String> = regions
            .iter()
            .filter(|(_, s)| s.is_stale())
            .map(|(r, _)| r)
            .collect();
        let first_failing = failing.first().and_then(|r| regions.get(*r));
        RefreshStatus {
            sweep: regions.values().map(|s| s.sweep).max().unwrap_or(0),
            loaded: regions
                .values()
                .filter(|s| s.in_progress)
                .map(|s| s.loaded)
                .sum(),
            in_progress: regions.values().any(|s| s.in_progress),
            last_ok: match first_failing {
                Some(s) => s.last_ok,
                None => regions.values().filter_map(|s| s.last_ok).min(),
            },
            error: first_failing.and_then(|s| s.error.clone()),
            previous_sweep: 0,
            cached_at: regions.values().filter_map(|s| s.cached_at).min(),
            failing: failing.into_iter().cloned().collect(),
            started: regions
                .values()
                .filter(|s| s.in_progress)
                .filter_map(|s| s.started)
                .min(),
            expected: expected(regions),
        }
    }
}

/// What the Regions' sweeps under way most likely bring together: known only when each one's
/// is (one Region on a cold start makes the sum a guess too low to give).
fn expected(regions: &BTreeMap<String, RefreshStatus>) -> Option<usize> {
    regions
        .values()
        .filter(|s| s.in_progress)
        .map(|s| s.expected)
        .sum()
}

#[cfg(test)]
mod tests {
    use crate::app::model::pane::PaneState;
    use crate::domain::Workspace;

    fn ws(id: &str) -> Workspace {
        Workspace {
            id: id.into(),
            region: "us-east-1".into(),
            ..Default::default()
        }
    }

    fn ids(range: std::ops::Range<usize>) -> Vec<Workspace> {
        range.map(|n| ws(&format!("ws-{n:09}"))).collect()
    }

    /// Issue 26: rows a lookup put in ahead of the sweep (`apply_rows`) are neither swept
    /// progress nor part of the expected total; the total is what the last sweep held.
    #[test]
    fn only_the_sweeps_own_pages_count_as_progress_and_total() {
        let mut p: PaneState<Workspace> = PaneState::default();
        p.apply_page("us-east-1", 1, ids(0..50));
        p.apply_rows(ids(900..903), &[]);
        assert_eq!((p.refresh.loaded, p.refresh.expected), (50, None));
        p.apply_page("us-east-1", 1, ids(50..100));
        p.finish_sweep("us-east-1", 1, 0);
        // The sweep did not bring the three looked up (here they are made up), yet they
        // are held; the next sweep expects what is held.
        assert_eq!(p.refresh.expected, Some(103));
        p.apply_page("us-east-1", 2, ids(0..25));
        p.apply_rows(ids(950..952), &[]);
        assert_eq!((p.refresh.loaded, p.refresh.expected), (25, Some(103)));
        assert!(p.refresh.in_progress);
    }

    /// Several Regions: a total only when every Region sweeping has one.
    #[test]
    fn a_summary_has_a_total_only_when_every_sweeping_region_has_one() {
        let mut p: PaneState<Workspace> = PaneState::default();
        p.apply_page("us-east-1", 1, ids(0..10));
        p.finish_sweep("us-east-1", 1, 0);
        p.apply_page("us-east-1", 2, ids(0..5));
        let mut west = ids(100..104);
        west.iter_mut().for_each(|w| w.region = "eu-west-1".into());
        p.apply_page("eu-west-1", 1, west);
        assert_eq!(p.refresh.expected, None);
        // eu-west-1's cache (empty here) gives its total: 10 + 0.
        p.apply_cached("eu-west-1", 0, vec![]);
        assert_eq!((p.refresh.loaded, p.refresh.expected), (9, Some(10)));
    }
}
