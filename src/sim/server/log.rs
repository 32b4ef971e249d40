//! The request log's line for each request (`SimConfig::request_log`).

use axum::http::HeaderMap;
use axum::response::Response;
use serde_json::Value;

use super::super::appstream;
use super::super::auth::scope_from_authorization;
use super::super::cbor;
use super::super::ops;
use super::super::request_log::{Pending, RequestInfo};
use super::target::{split_target, Service};
use super::wire::{Wire, RPC_V2_CBOR};
use super::{header_str, Sim};

/// The request log's line for a request that just arrived, read from the request alone (not
/// from how far the pipeline got), so a call rejected for its target still shows its account.
pub(super) fn begin_line(
    sim: &Sim,
    headers: &HeaderMap,
    body: &[u8],
    target: Option<&str>,
    wire: Wire,
) -> Option<Pending> {
    let log = sim.cfg.request_log.as_ref()?;
    let split = target.and_then(split_target);
    let operation = match split {
        Some((_, op)) => Some(op.to_string()),
        None => target.map(str::to_string),
    };
    // The body as sent, whatever its encoding (Null when it does not decode: a malformed
    // request named no resource).
    let value = || {
        match wire {
            Wire::Json => serde_json::from_slice(body).ok(),
            Wire::Cbor => cbor::decode(body).ok(),
        }
        .unwrap_or(Value::Null)
    };
    let resources = match split {
        Some((Service::AppStream, op)) => appstream::resource_ids(op, &value()),
        _ => operation
            .as_deref()
            .and_then(|op| ops::resource_ids(op, &value())),
    };
    let scope = scope_from_authorization(header_str(headers, "authorization")).ok();
    Some(
        log.begin(RequestInfo {
            account: scope
                .as_ref()
                .map(|(akid, _)| sim.cfg.account_of(akid).to_string()),
            region: scope.map(|(_, region)| region),
            service: match split {
                Some((Service::AppStream, _)) => Some(appstream::SIGNING_NAME),
                Some((Service::CloudWatch, _)) => Some(super::super::cloudwatch::SIGNING_NAME),
                _ => None,
            },
            resources,
            operation,
            protocol: match wire {
                Wire::Json => None,
                Wire::Cbor => Some(RPC_V2_CBOR),
            },
        }),
    )
}

/// Writes the line with the status and error code the answer carries (x-amzn-ErrorType is
/// the `__type` of every JSON error; the HTML 500 has none), then hands the answer on.
pub(super) fn end_line(pending: Option<Pending>, resp: Response) -> Response {
    if let Some(pending) = pending {
        let error = resp
            .headers()
            .get("x-amzn-ErrorType")
            .and_then(|v| v.to_str().ok());
        pending.answered(resp.status().as_u16(), error);
    }
    resp
}
