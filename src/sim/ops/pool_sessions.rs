//! DescribeWorkspacesPoolSessions and TerminateWorkspacesPoolSession.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::pools::{check_pool_id, pool_not_found};
use super::{empty, parse, reply, Ctx};
use crate::sim::error::ApiError;
use crate::sim::paging::{cursor, finish_page, take_page};
use crate::sim::types::{PoolState, WorkspacesPoolSession};
use crate::sim::validate::{pattern, Violations};

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DescribeSessionsRequest {
    pool_id: Option<String>,
    user_id: Option<String>,
    limit: Option<i64>,
    next_token: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct DescribeSessionsResponse {
    sessions: Vec<WorkspacesPoolSession>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

/// "The maximum size of each page of results. The default value is 20 and the maximum value
/// is 50." Sessions are listed in SessionId order.
pub fn describe_sessions(ctx: &Ctx, body: Value) -> Result<Value, ApiError> {
    const OP: &str = "DescribeWorkspacesPoolSessions";
    let req: DescribeSessionsRequest = parse(body)?;
    let mut v = Violations::new();
    check_pool_id(&mut v, &req.pool_id);
    if let Some(u) = &req.user_id {
        v.length("userId", u, 2, Some(128));
    }
    if let Some(l) = req.limit {
        v.range("limit", l, 1, Some(50));
    }
    v.next_token(&req.next_token);
    v.finish()?;
    let pool_id = req.pool_id.unwrap_or_default();
    let after = cursor(OP, &req.next_token)?;
    let limit = req.limit.map_or(20, |l| l as usize);
    ctx.with_store(|store| {
        if !store.pools.contains_key(&pool_id) {
            return Err(pool_not_found(&pool_id));
        }
        let rest = store
            .sessions
            .values()
            .filter(|s| s.pool_id == pool_id)
            .filter(|s| req.user_id.as_ref().is_none_or(|u| &s.user_id == u))
            .filter(|s| after.as_ref().is_none_or(|a| &s.session_id > a));
        let (page, next_token) = finish_page(OP, take_page(rest, limit), |s| s.session_id.clone());
        reply(&DescribeSessionsResponse {
            sessions: page.into_iter().cloned().collect(),
            next_token,
        })
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct TerminateSessionRequest {
    session_id: Option<String>,
}

/// Ends one session at once; the pool's ActiveUserSessions drops and the slot becomes
/// available again. A session of a pool that is stopping is already being ended.
pub fn terminate_session(ctx: &Ctx, body: Value) -> Result<Value, ApiError> {
    let req: TerminateSessionRequest = parse(body)?;
    let mut v = Violations::new();
    if v.required("sessionId", &req.session_id) {
        let s = req.session_id.as_deref().unwrap_or("");
        v.length("sessionId", s, 36, Some(36));
        v.pattern("sessionId", s, pattern::SESSION_ID);
    }
    v.finish()?;
    let id = req.session_id.unwrap_or_default();
    ctx.with_store(|store| {
        let session = store.sessions.get(&id).ok_or_else(|| {
            ApiError::not_found(&id, format!("The pool session {id} could not be found."))
        })?;
        let pool_id = session.pool_id.clone();
        if store
            .pools
            .get(&pool_id)
            .is_some_and(|p| p.pool.state == PoolState::Stopping)
        {
            return Err(ApiError::in_progress(format!(
                "The pool {pool_id} is STOPPING; its sessions are already ending."
            )));
        }
        store.sessions.remove(&id);
        store.sync_pool_capacity(&pool_id);
        empty()
    })
}
