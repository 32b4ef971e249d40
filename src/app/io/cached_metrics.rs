//! CloudWatch metrics in the warm-start cache: each WorkSpace's (or WorkSpaces Applications
//! fleet's) daily series with when they were fetched, so a warm start shows them with their
//! age and asks GetMetricData again only once they are older than `FRESH_FOR`. A series is
//! kept by its MetricName and found again in `WORKSPACE_METRICS` / `FLEET_METRICS`; one this
//! version does not know is dropped.

use crate::domain::fleet_metrics::FLEET_METRICS;
use crate::domain::metrics::{DailySeries, WorkspaceMetrics, WORKSPACE_METRICS};
use serde::{Deserialize, Serialize};

/// One resource's metrics as saved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CachedMetrics {
    /// When they were fetched, epoch seconds.
    pub at: i64,
    pub first_day: i64,
    pub series: Vec<CachedSeries>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CachedSeries {
    pub metric: String,
    /// Oldest first; `null` = no data that day (never 0).
    pub days: Vec<Option<f64>>,
}

impl CachedMetrics {
    pub fn of(m: &WorkspaceMetrics, at: i64) -> CachedMetrics {
        CachedMetrics {
            at,
            first_day: m.first_day,
            series: m
                .series
                .iter()
                .map(|s| CachedSeries {
                    metric: s.spec.name.to_string(),
                    days: s.days.clone(),
                })
                .collect(),
        }
    }

    /// Back to the metrics of `id`, with when they were fetched.
    pub fn restore(self, id: &str) -> (WorkspaceMetrics, i64) {
        let series = self
            .series
            .into_iter()
            .filter_map(|s| {
                let spec = WORKSPACE_METRICS
                    .iter()
                    .chain(FLEET_METRICS)
                    .find(|spec| spec.name == s.metric)?;
                Some(DailySeries {
                    spec: *spec,
                    days: s.days,
                })
            })
            .collect();
        let m = WorkspaceMetrics {
            workspace_id: id.to_string(),
            first_day: self.first_day,
            series,
        };
        (m, self.at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::metrics::daily;

    #[test]
    fn round_trips_with_no_data_kept_as_no_data() {
        let spec = WORKSPACE_METRICS[2];
        let m = WorkspaceMetrics {
            workspace_id: "ws-1".into(),
            first_day: 0,
            series: vec![daily(spec, 0, 3, &[(86_400, 12.5)])],
        };
        let json = serde_json::to_string(&CachedMetrics::of(&m, 77)).unwrap();
        assert!(json.contains("[null,12.5,null]"), "{json}");
        let back: CachedMetrics = serde_json::from_str(&json).unwrap();
        assert_eq!(back.restore("ws-1"), (m, 77));
    }
}
