//! GetMetricData for the usage summaries of many WorkSpaces (the HOURS, LAT95, CPU% and
//! DISK% columns and the billing-mode advisor): every (WorkSpace, query of
//! `USAGE_QUERIES`) pair is one MetricDataQuery, 500 per call (the operation's limit),
//! grouped by time window since a call has one StartTime and EndTime; each call paged with
//! NextToken (at most 100,800 datapoints an answer), every attempt through the CloudWatch
//! budget (`read_through`, in `all_pages`).

use super::fetch::MAX_QUERIES;
use super::MetricsService;
use crate::domain::usage::{window_range, UsageQuery, UsageSummary, Window, USAGE_QUERIES};
use crate::domain::ServiceError;
use aws_sdk_cloudwatch::types::{Dimension, Metric, MetricDataQuery, MetricStat};
use std::collections::HashMap;

const WINDOWS: [Window; 3] = [Window::Month, Window::Week, Window::LastMonth];

impl MetricsService {
    /// The usage summary of each of `ids` at `now` (epoch seconds), in `ids`' order, in
    /// ⌈ids × queries of a window ÷ 500⌉ calls per window (plus NextToken pages).
    pub async fn usage_summaries(
        &self,
        ids: &[String],
        now: i64,
    ) -> Result<Vec<(String, UsageSummary)>, ServiceError> {
        let mut points: HashMap<String, Vec<(i64, f64)>> = HashMap::new();
        for window in WINDOWS {
            let (start, end) = window_range(window, now);
            let pairs: Vec<(usize, usize)> = (0..ids.len())
                .flat_map(|w| {
                    (0..USAGE_QUERIES.len())
                        .filter(|&q| USAGE_QUERIES[q].window == window)
                        .map(move |q| (w, q))
                })
                .collect();
            for chunk in pairs.chunks(MAX_QUERIES) {
                let queries: Vec<MetricDataQuery> = chunk
                    .iter()
                    .map(|&(w, q)| query(&ids[w], w, q, end - start))
                    .collect();
                self.all_pages(queries, start, end, &mut points).await?;
            }
        }
        Ok(ids
            .iter()
            .enumerate()
            .map(|(w, id)| {
                let of_each: Vec<Vec<(i64, f64)>> = (0..USAGE_QUERIES.len())
                    .map(|q| points.remove(&query_id(w, q)).unwrap_or_default())
                    .collect();
                (id.clone(), UsageSummary::from_points(&of_each))
            })
            .collect())
    }
}

/// A query Id must start with a lower-case letter: `u<WorkSpace>_q<query>`.
fn query_id(w: usize, q: usize) -> String {
    format!("u{w}_q{q}")
}

/// One query; a whole-window one takes the window's length as its period (a multiple of
/// 60: windows start and end on whole hours).
fn query(workspace_id: &str, w: usize, q: usize, window_secs: i64) -> MetricDataQuery {
    let UsageQuery {
        metric,
        stat,
        period,
        ..
    } = USAGE_QUERIES[q];
    let period = period.unwrap_or(window_secs as i32);
    let metric = Metric::builder()
        .namespace("AWS/WorkSpaces")
        .metric_name(metric)
        .dimensions(
            Dimension::builder()
                .name("WorkspaceId")
                .value(workspace_id)
                .build(),
        )
        .build();
    MetricDataQuery::builder()
        .id(query_id(w, q))
        .metric_stat(
            MetricStat::builder()
                .metric(metric)
                .period(period)
                .stat(stat)
                .build(),
        )
        .build()
}
