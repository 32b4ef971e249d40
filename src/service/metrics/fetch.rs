//! GetMetricData for the daily series of some WorkSpaces: every (WorkSpace, metric) pair is
//! one query, 500 per call (the operation's limit), each call paged by NextToken, every
//! attempt through the CloudWatch budget (`read_through`).

use super::MetricsService;
use crate::domain::metrics::{daily, WorkspaceMetrics, WORKSPACE_METRICS};
use crate::domain::ServiceError;
use crate::service::read::read_through;
use aws_sdk_cloudwatch::primitives::DateTime;
use aws_sdk_cloudwatch::types::{Dimension, Metric, MetricDataQuery, MetricStat};
use std::collections::HashMap;

/// GetMetricData: "as many as 500 different metrics in a single request".
pub const MAX_QUERIES: usize = 500;
/// How many days the details view shows.
pub(super) const DAYS: usize = 14;
pub(super) const DAY: i64 = 86_400;

impl MetricsService {
    /// The last `DAYS` days (the current one included, UTC) of every metric in
    /// `WORKSPACE_METRICS` for each of `ids`, in as few GetMetricData calls as the 500-query
    /// limit allows. `now` is epoch seconds.
    pub async fn workspace_metrics(
        &self,
        ids: &[String],
        now: i64,
    ) -> Result<Vec<WorkspaceMetrics>, ServiceError> {
        let first_day = (now.div_euclid(DAY) + 1 - DAYS as i64) * DAY;
        let end = first_day + DAYS as i64 * DAY;
        let pairs: Vec<(usize, usize)> = (0..ids.len())
            .flat_map(|w| (0..WORKSPACE_METRICS.len()).map(move |m| (w, m)))
            .collect();
        let mut points: HashMap<String, Vec<(i64, f64)>> = HashMap::new();
        for chunk in pairs.chunks(MAX_QUERIES) {
            let queries: Vec<MetricDataQuery> =
                chunk.iter().map(|&(w, m)| query(&ids[w], w, m)).collect();
            self.all_pages(queries, first_day, end, &mut points).await?;
        }
        Ok(ids
            .iter()
            .enumerate()
            .map(|(w, id)| WorkspaceMetrics {
                workspace_id: id.clone(),
                first_day,
                series: WORKSPACE_METRICS
                    .iter()
                    .enumerate()
                    .map(|(m, spec)| {
                        let p = points.get(&query_id(w, m)).map_or(&[][..], Vec::as_slice);
                        daily(*spec, first_day, DAYS, p)
                    })
                    .collect(),
            })
            .collect())
    }

    /// One call's queries, page after page until no NextToken.
    pub(super) async fn all_pages(
        &self,
        queries: Vec<MetricDataQuery>,
        start: i64,
        end: i64,
        points: &mut HashMap<String, Vec<(i64, f64)>>,
    ) -> Result<(), ServiceError> {
        let mut token: Option<String> = None;
        loop {
            let out = read_through(&self.budget, self.read_retry, || {
                self.client
                    .get_metric_data()
                    .set_metric_data_queries(Some(queries.clone()))
                    .start_time(DateTime::from_secs(start))
                    .end_time(DateTime::from_secs(end))
                    .set_next_token(token.clone())
                    .set_max_datapoints(self.max_datapoints)
                    .send()
            })
            .await?;
            for r in out.metric_data_results() {
                let series = points
                    .entry(r.id().unwrap_or_default().to_string())
                    .or_default();
                let times = r.timestamps().iter().map(DateTime::secs);
                series.extend(times.zip(r.values().iter().copied()));
            }
            token = out.next_token().map(str::to_string);
            if token.is_none() {
                return Ok(());
            }
        }
    }
}

/// A query Id must start with a lower-case letter: `w<WorkSpace>_m<metric>`.
fn query_id(w: usize, m: usize) -> String {
    format!("w{w}_m{m}")
}

fn query(workspace_id: &str, w: usize, m: usize) -> MetricDataQuery {
    let spec = WORKSPACE_METRICS[m];
    let on = ("AWS/WorkSpaces", "WorkspaceId", workspace_id);
    stat_query(query_id(w, m), on, spec.name, spec.period, spec.stat)
}

/// One MetricDataQuery (GetMetricData's MetricStat): `metric_name` of `(namespace,
/// dimension name, dimension value)`, at `period` seconds with `stat`, answered under `id`.
pub(super) fn stat_query(
    id: String,
    (namespace, dimension, value): (&str, &str, &str),
    metric_name: &str,
    period: i32,
    stat: &str,
) -> MetricDataQuery {
    let metric = Metric::builder()
        .namespace(namespace)
        .metric_name(metric_name)
        .dimensions(Dimension::builder().name(dimension).value(value).build())
        .build();
    MetricDataQuery::builder()
        .id(id)
        .metric_stat(
            MetricStat::builder()
                .metric(metric)
                .period(period)
                .stat(stat)
                .build(),
        )
        .build()
}
