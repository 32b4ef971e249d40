//! The steps every call goes through before and around its operation (see the module comment
//! of `server` for their order and why).

use std::time::{SystemTime, UNIX_EPOCH};

use axum::http::HeaderMap;
use rand::Rng;
use serde_json::Value;

use super::super::appstream;
use super::super::auth::scope_from_authorization;
use super::super::cloudwatch;
use super::super::error::ApiError;
use super::super::operation::OpSpec;
use super::super::ops;
use super::super::resource_faults::{self, Applied};
use super::super::seed::FleetParams;
use super::super::stores::lock;
use super::super::types::Millis;
use super::super::Fault;
use super::target::{Op, Service};
use super::wire::{parse_body, parse_cbor_body, Wire, CBOR, JSON_1_1};
use super::{header_str, Reply, Sim};

/// Steps 1 to 7 for one call, then its operation: the answer and the service it came from.
pub(super) async fn serve(
    sim: &Sim,
    headers: &HeaderMap,
    body: &[u8],
    target: &str,
    wire: Wire,
) -> Result<(Value, Service), Reply> {
    let spec = Op::find(target).ok_or_else(|| unknown_target(target))?;
    check_content_type(headers, wire)?;
    let (akid, region) = scope_from_authorization(header_str(headers, "authorization"))?;
    let account = sim.cfg.account_of(&akid);
    injected_fault(sim, spec, target, account, &region).await?;
    if !sim.cfg.latency.is_zero() {
        tokio::time::sleep(sim.cfg.latency).await;
    }
    admit(sim, spec, account, &region)?;
    random_error(sim)?;
    sim.count(|s| *s.calls.entry(spec.name().to_string()).or_default() += 1);

    let input = match wire {
        Wire::Json => parse_body(body)?,
        Wire::Cbor => parse_cbor_body(body)?,
    };
    let now = now_ms();
    Ok(match spec {
        Op::WorkSpaces(spec) => {
            let ctx = ops::Ctx {
                stores: &sim.regions,
                account,
                region: &region,
                now,
            };
            (run_workspaces(sim, spec, &ctx, input)?, Service::WorkSpaces)
        }
        Op::AppStream(spec) => {
            let ctx = appstream::Ctx {
                stores: &sim.appstream,
                account,
                region: &region,
                now,
            };
            (spec.run(&ctx, input)?, Service::AppStream)
        }
        // CloudWatch reads both services' stores: its series describe the WorkSpaces and the
        // WorkSpaces Applications fleets there.
        Op::CloudWatch(spec) => {
            let ctx = cloudwatch::Ctx {
                workspaces: ops::Ctx {
                    stores: &sim.regions,
                    account,
                    region: &region,
                    now,
                },
                apps: appstream::Ctx {
                    stores: &sim.appstream,
                    account,
                    region: &region,
                    now,
                },
            };
            (spec.run(&ctx, input)?, Service::CloudWatch)
        }
    })
}

/// Step 1: a target naming no operation this endpoint serves.
fn unknown_target(target: &str) -> ApiError {
    ApiError::unknown_operation(format!(
        "Unknown operation '{target}': expected X-Amz-Target \
         WorkspacesService.<Operation>, PhotonAdminProxyService.<Operation> or \
         GraniteServiceVersion20100801.<Operation> (or the \
         same service and operation in an RPC v2 CBOR path) for an operation this \
         endpoint serves"
    ))
}

/// A Content-Type, when sent, must be the protocol's.
fn check_content_type(headers: &HeaderMap, wire: Wire) -> Result<(), ApiError> {
    let (expected, media) = match wire {
        Wire::Json => ("json", JSON_1_1),
        Wire::Cbor => ("cbor", CBOR),
    };
    match header_str(headers, "content-type") {
        Some(ct) if !ct.contains(expected) => Err(ApiError::serialization(format!(
            "Unsupported Content-Type '{ct}': expected {media}"
        ))),
        _ => Ok(()),
    }
}

/// Step 3: the fault set for the operation, or for the Region for every operation there (a
/// Region that is not enabled for the account, or whose endpoint is down). A Hang only
/// delays the call.
async fn injected_fault(
    sim: &Sim,
    spec: Op,
    target: &str,
    account: &str,
    region: &str,
) -> Result<(), Reply> {
    let op = spec.name();
    let fault = sim
        .cfg
        .faults
        .get(op)
        .or_else(|| sim.cfg.faults.get(region));
    if let Some(Fault::Hang(delay)) = fault {
        tokio::time::sleep(*delay).await;
        return Ok(());
    }
    let reply = match fault {
        None | Some(Fault::Hang(_)) => return Ok(()),
        Some(Fault::UnknownOperation) => Reply::Api(ApiError::unknown_operation(format!(
            "Unknown operation '{target}': this endpoint does not serve {op}"
        ))),
        Some(Fault::AccessDenied) => Reply::Api(ApiError::access_denied(format!(
            "User: arn:aws:iam::{}:user/wsfleet is not authorized to perform: \
             {iam}:{op} because no identity-based policy allows the \
             {iam}:{op} action",
            account,
            iam = spec.service().signing_name(),
        ))),
        Some(Fault::Html500) => Reply::Html500,
    };
    sim.count(|s| s.faulted += 1);
    Err(reply)
}

/// Step 5: the token bucket of the service, account and Region.
fn admit(sim: &Sim, spec: Op, account: &str, region: &str) -> Result<(), ApiError> {
    if sim
        .throttles
        .admit(spec.service().signing_name(), account, region)
    {
        return Ok(());
    }
    sim.count(|s| *s.throttled.entry(spec.name().to_string()).or_default() += 1);
    Err(ApiError::throttling())
}

/// Step 6: `error_rate` of the calls fail, half with InternalFailure, half with
/// ServiceUnavailable.
fn random_error(sim: &Sim) -> Result<(), ApiError> {
    if sim.cfg.error_rate > 0.0 {
        let roll: f64 = lock(&sim.fault_rng).random();
        if roll < sim.cfg.error_rate {
            sim.count(|s| s.faulted += 1);
            return Err(if roll < sim.cfg.error_rate / 2.0 {
                ApiError::internal_failure()
            } else {
                ApiError::service_unavailable()
            });
        }
    }
    Ok(())
}

/// Step 7, then a WorkSpaces operation: a per-resource fault answers for its resource before
/// the operation runs; a batch runs for the others and reports it in FailedRequests.
fn run_workspaces(
    sim: &Sim,
    spec: &OpSpec<FleetParams>,
    ctx: &ops::Ctx,
    input: Value,
) -> Result<Value, ApiError> {
    let applied = resource_faults::apply(&lock(&sim.resource_faults), spec.name, input)?;
    Ok(match applied {
        Applied::Untouched(input) => spec.run(ctx, input)?,
        Applied::Batch { body, failed } => {
            let answer = body.map(|b| spec.run(ctx, b)).transpose()?;
            resource_faults::merge(answer, failed)
        }
    })
}

pub fn now_ms() -> Millis {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as Millis)
}
