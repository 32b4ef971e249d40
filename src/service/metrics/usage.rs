//! GetMetricData for the usage summaries of many WorkSpaces (the HOURS, LAT95, CPU% and
//! DISK% columns and the billing-mode advisor): every (WorkSpace, query of `USAGE_QUERIES`)
//! pair is one MetricDataQuery, 500 per call (the operation's limit), all over one time
//! range (`usage_range`), each call paged with NextToken (at most 100,800 datapoints an
//! answer), every attempt through the CloudWatch budget (`read_through`, in `all_pages`).

use super::fetch::{stat_query, MAX_QUERIES};
use super::MetricsService;
use crate::domain::usage::{usage_range, UsageSummary, USAGE_QUERIES};
use crate::domain::ServiceError;
use aws_sdk_cloudwatch::types::MetricDataQuery;
use std::collections::HashMap;

impl MetricsService {
    /// The usage summary of each of `ids` at `now` (epoch seconds), in `ids`' order, in
    /// ⌈ids × 5 ÷ 500⌉ calls (plus NextToken pages).
    pub async fn usage_summaries(
        &self,
        ids: &[String],
        now: i64,
    ) -> Result<Vec<(String, UsageSummary)>, ServiceError> {
        let range = usage_range(now);
        let pairs: Vec<(usize, usize)> = (0..ids.len())
            .flat_map(|w| (0..USAGE_QUERIES.len()).map(move |q| (w, q)))
            .collect();
        let mut points: HashMap<String, Vec<(i64, f64)>> = HashMap::new();
        for chunk in pairs.chunks(MAX_QUERIES) {
            let queries: Vec<MetricDataQuery> = chunk
                .iter()
                .map(|&(w, q)| query(&ids[w], w, q, range))
                .collect();
            self.all_pages(queries, range.0, range.1, &mut points)
                .await?;
        }
        Ok(ids
            .iter()
            .enumerate()
            .map(|(w, id)| {
                let of_each: Vec<Vec<(i64, f64)>> = (0..USAGE_QUERIES.len())
                    .map(|q| points.remove(&query_id(w, q)).unwrap_or_default())
                    .collect();
                (id.clone(), UsageSummary::from_points(&of_each, now))
            })
            .collect())
    }
}

/// A query Id must start with a lower-case letter: `u<WorkSpace>_q<query>`.
fn query_id(w: usize, q: usize) -> String {
    format!("u{w}_q{q}")
}

fn query(workspace_id: &str, w: usize, q: usize, range: (i64, i64)) -> MetricDataQuery {
    let spec = USAGE_QUERIES[q];
    let on = ("AWS/WorkSpaces", "WorkspaceId", workspace_id);
    let period = spec.period.seconds(range);
    stat_query(query_id(w, q), on, spec.metric, period, spec.stat)
}
