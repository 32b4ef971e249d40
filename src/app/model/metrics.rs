//! The CloudWatch metrics fetched for WorkSpaces' details, by WorkSpace ID, with when they
//! were asked and answered: a detail view opened again while they are fresh asks nothing.

use crate::domain::metrics::WorkspaceMetrics;
use crate::domain::ServiceError;
use std::collections::HashMap;

/// How long fetched metrics are fresh (seconds): CloudWatch's daily points barely move in
/// five minutes, and each fetch costs GetMetricData calls.
pub const FRESH_FOR: i64 = 300;

/// One WorkSpace's metrics as far as fetched; times are epoch seconds.
#[derive(Debug, Clone)]
pub enum MetricsEntry {
    Loading { asked_at: i64 },
    Ready { metrics: WorkspaceMetrics, at: i64 },
    Failed { error: ServiceError, at: i64 },
}

#[derive(Debug, Default)]
pub struct MetricsCache {
    by_id: HashMap<String, MetricsEntry>,
}

impl MetricsCache {
    pub fn get(&self, workspace_id: &str) -> Option<&MetricsEntry> {
        self.by_id.get(workspace_id)
    }

    /// Whether `workspace_id`'s metrics should be fetched now: never asked, or older than
    /// `FRESH_FOR` (a failure too, so a denied GetMetricData is not asked on every open). A
    /// yes marks them loading, so a second open before the answer asks nothing either.
    pub fn wants(&mut self, workspace_id: &str, now: i64) -> bool {
        let since = match self.by_id.get(workspace_id) {
            None => None,
            Some(MetricsEntry::Loading { asked_at }) => Some(*asked_at),
            Some(MetricsEntry::Ready { at, .. } | MetricsEntry::Failed { at, .. }) => Some(*at),
        };
        if since.is_some_and(|t| now - t < FRESH_FOR) {
            return false;
        }
        let entry = MetricsEntry::Loading { asked_at: now };
        self.by_id.insert(workspace_id.to_string(), entry);
        true
    }

    /// The answer for `workspace_id`. A failure keeps metrics fetched before, if any.
    pub fn arrived(
        &mut self,
        workspace_id: String,
        result: Result<WorkspaceMetrics, ServiceError>,
        now: i64,
    ) {
        let entry = match result {
            Ok(metrics) => MetricsEntry::Ready { metrics, at: now },
            Err(error) => match self.by_id.remove(&workspace_id) {
                Some(MetricsEntry::Ready { metrics, at }) => MetricsEntry::Ready { metrics, at },
                _ => MetricsEntry::Failed { error, at: now },
            },
        };
        self.by_id.insert(workspace_id, entry);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asked_once_while_fresh_then_again() {
        let mut cache = MetricsCache::default();
        assert!(cache.wants("ws-1", 1000));
        assert!(!cache.wants("ws-1", 1001), "loading: not asked twice");
        let m = WorkspaceMetrics {
            workspace_id: "ws-1".into(),
            first_day: 0,
            series: vec![],
        };
        cache.arrived("ws-1".into(), Ok(m), 1002);
        assert!(!cache.wants("ws-1", 1002 + FRESH_FOR - 1));
        assert!(cache.wants("ws-1", 1002 + FRESH_FOR));
    }
}
