//! DescribeSessions and ExpireSession: the streaming sessions of a stack and fleet.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{check_name, cursor, empty_result, page, parse, reply, Ctx};
use crate::sim::appstream::errors;
use crate::sim::appstream::types::Session;
use crate::sim::error::ApiError;
use crate::sim::validate::Violations;

/// Sessions per page when Limit is absent.
pub const DEFAULT_LIMIT: usize = 50;

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DescribeSessionsRequest {
    stack_name: Option<String>,
    fleet_name: Option<String>,
    user_id: Option<String>,
    next_token: Option<String>,
    limit: Option<i64>,
    authentication_type: Option<String>,
    instance_id: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct DescribeSessionsResult {
    sessions: Vec<Session>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

/// DescribeSessions: "Retrieves a list that describes the streaming sessions for a specified
/// stack and fleet. If a UserId is provided for the stack and fleet, only streaming sessions
/// for that user are described. If an authentication type is not provided, the default is to
/// authenticate users using a streaming URL" — so without AuthenticationType only API
/// sessions are listed, as the service does. A negative Limit is an
/// InvalidParameterCombinationException (the model gives Limit no range). Sorted by ID.
pub fn describe_sessions(ctx: &Ctx, body: Value) -> Result<Value, ApiError> {
    const OP: &str = "DescribeSessions";
    let req: DescribeSessionsRequest = parse(body)?;
    let mut v = Violations::new();
    check_name(&mut v, "stackName", &req.stack_name);
    check_name(&mut v, "fleetName", &req.fleet_name);
    if let Some(u) = &req.user_id {
        v.length("userId", u, 2, Some(128));
    }
    if let Some(a) = &req.authentication_type {
        v.one_of(
            "authenticationType",
            a,
            &["API", "SAML", "USERPOOL", "AWS_AD"],
        );
    }
    if let Some(i) = &req.instance_id {
        v.length("instanceId", i, 1, None);
    }
    if let Some(t) = &req.next_token {
        v.length("nextToken", t, 1, None);
    }
    v.finish()?;
    if req.limit.is_some_and(|l| l < 0) {
        return Err(errors::invalid_combination("Limit must not be negative."));
    }
    let after = cursor(OP, &req.next_token)?;
    let limit = match req.limit {
        Some(l) if l > 0 => l as usize,
        _ => DEFAULT_LIMIT,
    };
    let stack = req.stack_name.unwrap_or_default();
    let fleet = req.fleet_name.unwrap_or_default();
    let auth = req.authentication_type.unwrap_or_else(|| "API".to_string());
    ctx.with_store(|store| {
        let rows: Vec<&Session> = store
            .sessions
            .values()
            .filter(|s| s.stack_name == stack && s.fleet_name == fleet)
            .filter(|s| s.authentication_type == auth)
            .filter(|s| req.user_id.as_ref().is_none_or(|u| *u == s.user_id))
            .filter(|s| req.instance_id.as_ref().is_none_or(|i| *i == s.instance_id))
            .collect();
        let (rows, next_token) = page(OP, rows, after, limit, |s| s.id.clone());
        reply(&DescribeSessionsResult {
            sessions: rows.into_iter().cloned().collect(),
            next_token,
        })
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ExpireSessionRequest {
    session_id: Option<String>,
}

/// ExpireSession: "Immediately stops the specified streaming session." The model lists no
/// errors, so an unknown or already ended session is not one; the fleet's InUse capacity
/// drops by one.
pub fn expire_session(ctx: &Ctx, body: Value) -> Result<Value, ApiError> {
    let req: ExpireSessionRequest = parse(body)?;
    let mut v = Violations::new();
    if v.required("sessionId", &req.session_id) {
        v.length(
            "sessionId",
            req.session_id.as_deref().unwrap_or(""),
            1,
            None,
        );
    }
    v.finish()?;
    let id = req.session_id.unwrap_or_default();
    ctx.with_store(|store| {
        if let Some(s) = store.sessions.remove(&id) {
            store.sync_capacity(&s.fleet_name);
        }
        empty_result()
    })
}
