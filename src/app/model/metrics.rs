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
    /// Metrics being asked again: what was there before, with when it was fetched, shown
    /// (with its age) until the answer comes.
    previous: HashMap<String, (WorkspaceMetrics, i64)>,
}

impl MetricsCache {
    pub fn get(&self, workspace_id: &str) -> Option<&MetricsEntry> {
        self.by_id.get(workspace_id)
    }

    /// While `workspace_id`'s metrics are asked again: the ones fetched before, and when.
    pub fn previous(&self, workspace_id: &str) -> Option<(&WorkspaceMetrics, i64)> {
        self.previous.get(workspace_id).map(|(m, at)| (m, *at))
    }

    /// Every fetched entry with when it was fetched (for the warm-start cache).
    pub fn ready(&self) -> impl Iterator<Item = (&String, &WorkspaceMetrics, i64)> {
        self.by_id.iter().filter_map(|(id, e)| match e {
            MetricsEntry::Ready { metrics, at } => Some((id, metrics, *at)),
            _ => None,
        })
    }

    /// Metrics from the warm-start cache, fetched at `at`: kept unless this run already has
    /// its own (or is asking for them).
    pub fn restore(&mut self, workspace_id: String, metrics: WorkspaceMetrics, at: i64) {
        self.by_id
            .entry(workspace_id)
            .or_insert(MetricsEntry::Ready { metrics, at });
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
        let before = self.by_id.insert(workspace_id.to_string(), entry);
        if let Some(MetricsEntry::Ready { metrics, at }) = before {
            self.previous
                .insert(workspace_id.to_string(), (metrics, at));
        }
        true
    }

    /// The answer for `workspace_id`. A failure keeps metrics fetched before, if any, in
    /// `previous` (shown with the error), and is not asked again while fresh.
    pub fn arrived(
        &mut self,
        workspace_id: String,
        result: Result<WorkspaceMetrics, ServiceError>,
        now: i64,
    ) {
        let entry = match result {
            Ok(metrics) => {
                self.previous.remove(&workspace_id);
                MetricsEntry::Ready { metrics, at: now }
            }
            Err(error) => MetricsEntry::Failed { error, at: now },
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
        assert_eq!(cache.previous("ws-1").map(|(_, at)| at), Some(1002));
    }

    #[test]
    fn restored_metrics_are_fresh_by_their_age_and_kept_while_asked_again() {
        let m = WorkspaceMetrics {
            workspace_id: "ws-1".into(),
            first_day: 0,
            series: vec![],
        };
        let mut cache = MetricsCache::default();
        cache.restore("ws-1".into(), m.clone(), 1000);
        assert!(!cache.wants("ws-1", 1000 + 180), "3 min old: not asked");
        assert!(cache.wants("ws-1", 1000 + FRESH_FOR), "older: asked again");
        assert!(cache.previous("ws-1").is_some(), "shown while asked");
        let denied = ServiceError::new(crate::domain::ErrorKind::Other, "X", "y");
        cache.arrived("ws-1".into(), Err(denied), 2000);
        assert!(matches!(
            cache.get("ws-1"),
            Some(MetricsEntry::Failed { .. })
        ));
        assert_eq!(cache.previous("ws-1").map(|(_, at)| at), Some(1000));
        assert!(
            !cache.wants("ws-1", 2001),
            "a failure is not asked again at once"
        );
        cache.restore("ws-2".into(), m, 1000);
        assert_eq!(cache.ready().count(), 1);
    }
}
