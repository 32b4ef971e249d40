//! ListMetrics: the AWS/WorkSpaces metrics of every WorkSpace that published any (one that
//! never connected has none) and the AWS/AppStream metrics of every RUNNING WorkSpaces
//! Applications fleet, filtered by Namespace, MetricName and dimension filters (WorkspaceId,
//! Fleet), 500 per page with NextToken.

use serde::Deserialize;
use serde_json::{json, Value};

use super::super::error::ApiError;
use super::super::operation::parse;
use super::errors::{invalid_next_token, invalid_value};
use super::fleets::{self, FLEET_METRICS};
use super::series::{NAMESPACE, WORKSPACE_METRICS};
use super::usage::Usage;
use super::Ctx;

/// "Up to 500 results are returned for any one call."
const PAGE: usize = 500;

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Input {
    namespace: Option<String>,
    metric_name: Option<String>,
    #[serde(default)]
    dimensions: Vec<Filter>,
    next_token: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Filter {
    name: Option<String>,
    value: Option<String>,
}

pub fn list_metrics(ctx: &Ctx<'_>, body: Value) -> Result<Value, ApiError> {
    let input: Input = parse(body)?;
    if input.dimensions.len() > 10 {
        return Err(invalid_value(
            "The collection Dimensions must not have a size greater than 10.",
        ));
    }
    let start: usize = match &input.next_token {
        None => 0,
        Some(t) => t.parse().map_err(|_| invalid_next_token())?,
    };
    let wanted = |ns: &str| input.namespace.as_deref().is_none_or(|n| n == ns);
    let mut all = vec![];
    if wanted(NAMESPACE) {
        all.extend(listed(
            &input,
            NAMESPACE,
            "WorkspaceId",
            &workspaces(ctx)?,
            WORKSPACE_METRICS,
        ));
    }
    if wanted(fleets::NAMESPACE) {
        let names = running_fleets(ctx)?;
        all.extend(listed(
            &input,
            fleets::NAMESPACE,
            "Fleet",
            &names,
            FLEET_METRICS,
        ));
    }
    if start > all.len() {
        return Err(invalid_next_token());
    }
    let end = (start + PAGE).min(all.len());
    let mut out = json!({ "Metrics": all[start..end] });
    if end < all.len() {
        out["NextToken"] = Value::String(end.to_string());
    }
    Ok(out)
}

/// The WorkSpaces that published any metric (one that never connected has none).
fn workspaces(ctx: &Ctx<'_>) -> Result<Vec<String>, ApiError> {
    ctx.with_store(|store| {
        Ok(store
            .workspaces
            .values()
            .filter(|rec| Usage::of(rec, ctx.now).publishes())
            .map(|rec| rec.ws.workspace_id.clone())
            .collect())
    })
}

/// The WorkSpaces Applications fleets that publish: the RUNNING ones.
fn running_fleets(ctx: &Ctx<'_>) -> Result<Vec<String>, ApiError> {
    ctx.apps.with_store(|store| {
        Ok(store
            .fleets
            .values()
            .filter(|rec| rec.fleet.state == "RUNNING")
            .map(|rec| rec.fleet.name.clone())
            .collect())
    })
}

/// Each metric of each resource (dimension `dim` = its ID or name) the filters let through.
fn listed(
    input: &Input,
    namespace: &str,
    dim: &str,
    ids: &[String],
    metrics: &[(&str, &str)],
) -> Vec<Value> {
    ids.iter()
        .filter(|id| dimensions_match(&input.dimensions, dim, id))
        .flat_map(|id| metrics.iter().map(move |(m, _)| (id, *m)))
        .filter(|(_, m)| input.metric_name.as_deref().is_none_or(|n| n == *m))
        .map(|(id, m)| {
            json!({
                "Namespace": namespace,
                "MetricName": m,
                "Dimensions": [{ "Name": dim, "Value": id }],
            })
        })
        .collect()
}

fn dimensions_match(filters: &[Filter], dim: &str, id: &str) -> bool {
    filters
        .iter()
        .all(|f| f.name.as_deref() == Some(dim) && f.value.as_deref().is_none_or(|v| v == id))
}
