//! ListMetrics: the AWS/WorkSpaces metrics of every WorkSpace that published any (one that
//! never connected has none), filtered by Namespace, MetricName and WorkspaceId dimension
//! filters, 500 per page with NextToken.

use serde::Deserialize;
use serde_json::{json, Value};

use super::super::error::ApiError;
use super::super::operation::parse;
use super::super::ops::Ctx;
use super::errors::{invalid_next_token, invalid_value};
use super::series::{NAMESPACE, WORKSPACE_METRICS};
use super::usage::Usage;

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
    if input.namespace.as_deref().is_some_and(|n| n != NAMESPACE) {
        return Ok(json!({ "Metrics": [] }));
    }
    let ids: Vec<String> = ctx.with_store(|store| {
        Ok(store
            .workspaces
            .values()
            .filter(|rec| Usage::of(rec, ctx.now).publishes())
            .map(|rec| rec.ws.workspace_id.clone())
            .collect())
    })?;
    let all: Vec<Value> = ids
        .iter()
        .filter(|id| dimensions_match(&input.dimensions, id))
        .flat_map(|id| WORKSPACE_METRICS.iter().map(move |(m, _)| (id, *m)))
        .filter(|(_, m)| input.metric_name.as_deref().is_none_or(|n| n == *m))
        .map(|(id, m)| {
            json!({
                "Namespace": NAMESPACE,
                "MetricName": m,
                "Dimensions": [{ "Name": "WorkspaceId", "Value": id }],
            })
        })
        .collect();
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

fn dimensions_match(filters: &[Filter], id: &str) -> bool {
    filters.iter().all(|f| {
        f.name.as_deref() == Some("WorkspaceId") && f.value.as_deref().is_none_or(|v| v == id)
    })
}
