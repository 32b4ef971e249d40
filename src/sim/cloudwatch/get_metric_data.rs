//! GetMetricData: the datapoints of up to 500 queries, newest first unless ScanBy says
//! TimestampAscending, at most MaxDatapoints (default 100,800) per answer; the rest follows
//! with NextToken. A query cut by that limit has StatusCode PartialData and goes on in the
//! next page; a query for a metric nobody published (another namespace, a WorkSpace that
//! never connected or does not exist) answers Complete with no datapoints, as CloudWatch does.

use std::collections::HashMap;

use serde_json::{json, Value};

use super::super::error::ApiError;
use super::errors::invalid_next_token;
use super::fleets::{self, FleetUsage, FLEET_METRICS};
use super::query::{parse_request, Query, Request};
use super::series::{datapoints, NAMESPACE, WORKSPACE_METRICS};
use super::usage::{hash_str, Usage};
use super::Ctx;

pub fn get_metric_data(ctx: &Ctx<'_>, body: Value) -> Result<Value, ApiError> {
    let req = parse_request(body)?;
    let fingerprint = fingerprint(&req);
    let (mut q, mut off) = match &req.next_token {
        None => (0, 0),
        Some(t) => parse_token(t, fingerprint, req.queries.len())?,
    };
    let usage = usage_of(ctx, &req.queries)?;
    let fleets = fleets_of(ctx, &req.queries)?;
    let mut budget = req.max_datapoints;
    let mut results = vec![];
    while q < req.queries.len() {
        let query = &req.queries[q];
        if !query.return_data {
            (q, off) = (q + 1, 0);
            continue;
        }
        if budget == 0 {
            break;
        }
        let points = match query.fleet.as_deref().and_then(|f| fleets.get(f)) {
            Some(fleet) if query.namespace == fleets::NAMESPACE => fleet_series(query, &req, fleet),
            _ => series(
                query,
                &req,
                usage.get(query.workspace_id.as_deref().unwrap_or("")),
            ),
        };
        let rest = &points[off.min(points.len())..];
        if rest.len() <= budget {
            budget -= rest.len();
            results.push(result(query, rest, "Complete"));
            (q, off) = (q + 1, 0);
        } else {
            results.push(result(query, &rest[..budget], "PartialData"));
            off += budget;
            budget = 0;
        }
    }
    let mut out = json!({ "MetricDataResults": results, "Messages": [] });
    if q < req.queries.len() {
        out["NextToken"] = Value::String(format!("{q}.{off}.{fingerprint:016x}"));
    }
    Ok(out)
}

/// What each WorkSpace named in the queries publishes, read once under the store's lock.
fn usage_of(ctx: &Ctx<'_>, queries: &[Query]) -> Result<HashMap<String, Usage>, ApiError> {
    ctx.with_store(|store| {
        Ok(queries
            .iter()
            .filter_map(|q| q.workspace_id.as_deref())
            .filter_map(|id| store.workspaces.get(id))
            .map(|rec| (rec.ws.workspace_id.clone(), Usage::of(rec, ctx.now)))
            .collect())
    })
}

/// What each WorkSpaces Applications fleet named in the queries publishes, read once under
/// its store's lock.
fn fleets_of(ctx: &Ctx<'_>, queries: &[Query]) -> Result<HashMap<String, FleetUsage>, ApiError> {
    if !queries.iter().any(|q| q.fleet.is_some()) {
        return Ok(HashMap::new());
    }
    ctx.apps.with_store(|store| {
        Ok(queries
            .iter()
            .filter_map(|q| q.fleet.as_deref())
            .filter_map(|name| store.fleets.get(name))
            .map(|rec| {
                let f = &rec.fleet;
                let c = &f.compute_capacity_status;
                let capacity = if f.fleet_type == "ELASTIC" {
                    c.desired
                } else {
                    c.running
                };
                let cap = (capacity, c.in_use, c.available);
                let usage = FleetUsage::new(&f.name, &f.state, cap, f.created_time, ctx.now);
                (f.name.clone(), usage)
            })
            .collect())
    })
}

fn fleet_series(query: &Query, req: &Request, fleet: &FleetUsage) -> Vec<(u64, f64)> {
    let known = FLEET_METRICS.iter().any(|(m, _)| *m == query.metric_name);
    if !known {
        return vec![];
    }
    let mut points = fleet.datapoints(
        &query.metric_name,
        &query.stat,
        req.start,
        req.end,
        query.period,
    );
    if !req.ascending {
        points.reverse();
    }
    points
}

fn series(query: &Query, req: &Request, usage: Option<&Usage>) -> Vec<(u64, f64)> {
    let metric = WORKSPACE_METRICS
        .iter()
        .position(|(name, _)| *name == query.metric_name);
    let (Some(u), Some(metric), true) = (usage, metric, query.namespace == NAMESPACE) else {
        return vec![];
    };
    let mut points = datapoints(u, metric, &query.stat, req.start, req.end, query.period);
    if !req.ascending {
        points.reverse();
    }
    points
}

fn result(query: &Query, points: &[(u64, f64)], status: &str) -> Value {
    json!({
        "Id": query.id,
        "Label": query.label.clone().unwrap_or_else(|| query.metric_name.clone()),
        "Timestamps": points.iter().map(|(t, _)| *t).collect::<Vec<_>>(),
        "Values": points.iter().map(|(_, v)| *v).collect::<Vec<_>>(),
        "StatusCode": status,
    })
}

/// Ties a NextToken to the request it came from: the same queries and time range.
fn fingerprint(req: &Request) -> u64 {
    let mut key = format!(
        "{}:{}:{}:{}",
        req.start, req.end, req.ascending, req.max_datapoints
    );
    for q in &req.queries {
        key.push_str(&q.id);
        key.push(',');
    }
    hash_str(&key)
}

/// `<query>.<offset>.<fingerprint>`; anything else, or a token of another request, is
/// InvalidNextToken.
fn parse_token(token: &str, fingerprint: u64, queries: usize) -> Result<(usize, usize), ApiError> {
    let mut parts = token.split('.');
    let (Some(q), Some(off), Some(fp), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(invalid_next_token());
    };
    let q: usize = q.parse().map_err(|_| invalid_next_token())?;
    let off: usize = off.parse().map_err(|_| invalid_next_token())?;
    if u64::from_str_radix(fp, 16).ok() != Some(fingerprint) || q >= queries {
        return Err(invalid_next_token());
    }
    Ok((q, off))
}
