//! GetMetricData's input, checked against the model (required members, lengths, the
//! StandardUnit and ScanBy enums, at most 30 dimensions) and the limits the operation's
//! reference documents: at most 500 queries per call, an Id that starts with a lower-case
//! letter and holds only letters, digits and underscores, unique Ids, StartTime before
//! EndTime, a Period of 1, 5, 10, 20, 30 or a multiple of 60 seconds, exactly one of
//! MetricStat and Expression per query.

use serde::Deserialize;
use serde_json::Value;

use super::super::error::ApiError;
use super::super::operation::parse;
use super::errors::{combination, invalid_value, missing};

/// "A GetMetricData operation … can retrieve as many as 500 different metrics".
pub const MAX_QUERIES: usize = 500;
/// MaxDatapoints when the request does not say.
pub const DEFAULT_MAX_DATAPOINTS: usize = 100_800;

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Input {
    metric_data_queries: Option<Vec<QueryIn>>,
    start_time: Option<f64>,
    end_time: Option<f64>,
    next_token: Option<String>,
    scan_by: Option<String>,
    max_datapoints: Option<i64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct QueryIn {
    id: Option<String>,
    metric_stat: Option<StatIn>,
    expression: Option<String>,
    label: Option<String>,
    return_data: Option<bool>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct StatIn {
    metric: Option<MetricIn>,
    period: Option<i64>,
    stat: Option<String>,
    unit: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct MetricIn {
    pub namespace: Option<String>,
    pub metric_name: Option<String>,
    #[serde(default)]
    pub dimensions: Vec<DimensionIn>,
}

#[derive(Deserialize, Clone)]
#[serde(rename_all = "PascalCase")]
pub struct DimensionIn {
    pub name: Option<String>,
    pub value: Option<String>,
}

/// One checked query.
pub struct Query {
    pub id: String,
    pub label: Option<String>,
    pub return_data: bool,
    pub namespace: String,
    pub metric_name: String,
    /// The WorkspaceId dimension, when it is the only one (the only shape WorkSpaces
    /// publishes per WorkSpace).
    pub workspace_id: Option<String>,
    /// The Fleet dimension, when it is the only one (AWS/AppStream's per-fleet metrics).
    pub fleet: Option<String>,
    pub period: u64,
    pub stat: String,
}

/// A checked request, times in epoch seconds.
pub struct Request {
    pub queries: Vec<Query>,
    pub start: u64,
    pub end: u64,
    pub next_token: Option<String>,
    pub ascending: bool,
    pub max_datapoints: usize,
}

pub fn parse_request(body: Value) -> Result<Request, ApiError> {
    let input: Input = parse(body)?;
    let raw = input
        .metric_data_queries
        .ok_or_else(|| missing("MetricDataQueries"))?;
    let start = input.start_time.ok_or_else(|| missing("StartTime"))?;
    let end = input.end_time.ok_or_else(|| missing("EndTime"))?;
    if raw.is_empty() {
        return Err(invalid_value(
            "The parameter MetricDataQueries must contain at least one query.",
        ));
    }
    if raw.len() > MAX_QUERIES {
        return Err(invalid_value(format!(
            "The collection MetricDataQueries must not have a size greater than {MAX_QUERIES}."
        )));
    }
    if start >= end {
        return Err(invalid_value(
            "The parameter StartTime must be less than the parameter EndTime.",
        ));
    }
    let ascending = match input.scan_by.as_deref() {
        None | Some("TimestampDescending") => false,
        Some("TimestampAscending") => true,
        Some(other) => {
            return Err(invalid_value(format!(
                "The value {other} for parameter ScanBy is not valid: expected \
                 TimestampDescending or TimestampAscending."
            )))
        }
    };
    let max_datapoints = match input.max_datapoints {
        None => DEFAULT_MAX_DATAPOINTS,
        Some(n) if n >= 1 => n as usize,
        Some(n) => {
            return Err(invalid_value(format!(
                "The value {n} for parameter MaxDatapoints must be at least 1."
            )))
        }
    };
    let mut queries = Vec::with_capacity(raw.len());
    for (i, q) in raw.into_iter().enumerate() {
        let query = check_query(i + 1, q)?;
        if queries.iter().any(|o: &Query| o.id == query.id) {
            return Err(invalid_value(format!(
                "The value {} for parameter MetricDataQueries.member.{}.Id is not unique.",
                query.id,
                i + 1
            )));
        }
        queries.push(query);
    }
    Ok(Request {
        queries,
        start: start.max(0.0) as u64,
        end: end.max(0.0) as u64,
        next_token: input.next_token,
        ascending,
        max_datapoints,
    })
}

fn check_query(n: usize, q: QueryIn) -> Result<Query, ApiError> {
    let at = format!("MetricDataQueries.member.{n}");
    let id = q.id.ok_or_else(|| missing(&format!("{at}.Id")))?;
    if !valid_id(&id) {
        return Err(invalid_value(format!(
            "The value {id} for parameter {at}.Id is not valid: it must start with a \
             lowercase letter and contain only letters, numbers and underscores (at most 255)."
        )));
    }
    let stat = match (q.metric_stat, q.expression) {
        (Some(_), Some(_)) | (None, None) => {
            return Err(combination(format!(
                "Exactly one of {at}.MetricStat and {at}.Expression must be given."
            )))
        }
        (None, Some(_)) => {
            return Err(invalid_value(format!(
                "{at}.Expression: metric math and Metrics Insights are not served by this \
                 emulator; ask for a MetricStat."
            )))
        }
        (Some(stat), None) => stat,
    };
    let metric = stat
        .metric
        .ok_or_else(|| missing(&format!("{at}.MetricStat.Metric")))?;
    let period = stat
        .period
        .ok_or_else(|| missing(&format!("{at}.MetricStat.Period")))?;
    let stat_name = stat
        .stat
        .ok_or_else(|| missing(&format!("{at}.MetricStat.Stat")))?;
    check_period(&at, period)?;
    check_unit(&at, stat.unit.as_deref())?;
    let (namespace, metric_name, dims) = check_metric(&at, metric)?;
    let only = |name: &str| match dims.as_slice() {
        [(k, v)] if k == name => Some(v.clone()),
        _ => None,
    };
    let (workspace_id, fleet) = (only("WorkspaceId"), only("Fleet"));
    if !super::series::known_stat(&stat_name) {
        return Err(invalid_value(format!(
            "The value {stat_name} for parameter {at}.MetricStat.Stat is not a valid statistic."
        )));
    }
    Ok(Query {
        id,
        label: q.label,
        return_data: q.return_data.unwrap_or(true),
        namespace,
        metric_name,
        workspace_id,
        fleet,
        period: period as u64,
        stat: stat_name,
    })
}

/// The documented Id rule: `^[a-z][a-zA-Z0-9_]*$`, 1 to 255 characters (MetricId).
pub fn valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    id.len() <= 255
        && chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn check_period(at: &str, period: i64) -> Result<(), ApiError> {
    if period >= 1 && (matches!(period, 1 | 5 | 10 | 20 | 30) || period % 60 == 0) {
        return Ok(());
    }
    Err(invalid_value(format!(
        "The value {period} for parameter {at}.MetricStat.Period is not valid: it must be \
         1, 5, 10, 20, 30 or a multiple of 60."
    )))
}

const UNITS: &[&str] = &[
    "Seconds",
    "Microseconds",
    "Milliseconds",
    "Bytes",
    "Kilobytes",
    "Megabytes",
    "Gigabytes",
    "Terabytes",
    "Bits",
    "Kilobits",
    "Megabits",
    "Gigabits",
    "Terabits",
    "Percent",
    "Count",
    "Bytes/Second",
    "Kilobytes/Second",
    "Megabytes/Second",
    "Gigabytes/Second",
    "Terabytes/Second",
    "Bits/Second",
    "Kilobits/Second",
    "Megabits/Second",
    "Gigabits/Second",
    "Terabits/Second",
    "Count/Second",
    "None",
];

fn check_unit(at: &str, unit: Option<&str>) -> Result<(), ApiError> {
    match unit {
        Some(u) if !UNITS.contains(&u) => Err(invalid_value(format!(
            "The value {u} for parameter {at}.MetricStat.Unit is not a StandardUnit."
        ))),
        _ => Ok(()),
    }
}

/// Namespace, MetricName and the dimensions as (Name, Value).
type Checked = (String, String, Vec<(String, String)>);

fn check_metric(at: &str, m: MetricIn) -> Result<Checked, ApiError> {
    let namespace = m
        .namespace
        .ok_or_else(|| missing(&format!("{at}.MetricStat.Metric.Namespace")))?;
    let name = m
        .metric_name
        .ok_or_else(|| missing(&format!("{at}.MetricStat.Metric.MetricName")))?;
    if namespace.is_empty() || namespace.len() > 255 || namespace.starts_with(':') {
        return Err(invalid_value(format!(
            "The value {namespace} for parameter {at}.MetricStat.Metric.Namespace is not valid."
        )));
    }
    if name.is_empty() || name.len() > 255 {
        return Err(invalid_value(format!(
            "The value for parameter {at}.MetricStat.Metric.MetricName must be 1 to 255 long."
        )));
    }
    if m.dimensions.len() > 30 {
        return Err(invalid_value(format!(
            "The collection {at}.MetricStat.Metric.Dimensions must not have a size greater \
             than 30."
        )));
    }
    let mut dims = Vec::with_capacity(m.dimensions.len());
    for (i, d) in m.dimensions.into_iter().enumerate() {
        let here = format!("{at}.MetricStat.Metric.Dimensions.member.{}", i + 1);
        let name = d.name.ok_or_else(|| missing(&format!("{here}.Name")))?;
        let value = d.value.ok_or_else(|| missing(&format!("{here}.Value")))?;
        dims.push((name, value));
    }
    Ok((namespace, name, dims))
}
