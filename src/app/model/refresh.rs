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
}

impl RefreshStatus {
    pub fn is_stale(&self) -> bool {
        self.error.is_some()
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
        }
    }
}
