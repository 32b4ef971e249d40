//! GetMetricData for a WorkSpaces Applications fleet's daily series (AWS/AppStream, dimension
//! Fleet): its three metrics are one call, paged by NextToken, through the CloudWatch budget.

use super::fetch::{stat_query, DAY, DAYS};
use super::MetricsService;
use crate::domain::fleet_metrics::FLEET_METRICS;
use crate::domain::metrics::{daily, WorkspaceMetrics};
use crate::domain::ServiceError;
use aws_sdk_cloudwatch::types::MetricDataQuery;
use std::collections::HashMap;

impl MetricsService {
    /// The last `DAYS` days (the current one included, UTC) of every metric in
    /// `FLEET_METRICS` for the fleet named `fleet_name`; the answer is keyed by `key` (the
    /// fleet's ARN, which the app keys fleets by). `now` is epoch seconds.
    pub async fn fleet_metrics(
        &self,
        key: &str,
        fleet_name: &str,
        now: i64,
    ) -> Result<WorkspaceMetrics, ServiceError> {
        let first_day = (now.div_euclid(DAY) + 1 - DAYS as i64) * DAY;
        let end = first_day + DAYS as i64 * DAY;
        let queries = (0..FLEET_METRICS.len())
            .map(|m| query(fleet_name, m))
            .collect();
        let mut points: HashMap<String, Vec<(i64, f64)>> = HashMap::new();
        self.all_pages(queries, first_day, end, &mut points).await?;
        Ok(WorkspaceMetrics {
            workspace_id: key.to_string(),
            first_day,
            series: FLEET_METRICS
                .iter()
                .enumerate()
                .map(|(m, spec)| {
                    let p = points.get(&query_id(m)).map_or(&[][..], Vec::as_slice);
                    daily(*spec, first_day, DAYS, p)
                })
                .collect(),
        })
    }
}

fn query_id(m: usize) -> String {
    format!("fleet_m{m}")
}

fn query(fleet_name: &str, m: usize) -> MetricDataQuery {
    let spec = FLEET_METRICS[m];
    let on = ("AWS/AppStream", "Fleet", fleet_name);
    stat_query(query_id(m), on, spec.name, spec.period, spec.stat)
}
