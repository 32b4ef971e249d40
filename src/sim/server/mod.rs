//! The HTTP side: axum routes and the wire protocols.
//!
//! Both services speak the two protocols their models list (`protocols`:
//! `smithy-rpc-v2-cbor`, `json`), from the same handlers:
//! - awsJson1.1: `POST /` with `X-Amz-Target: WorkspacesService.<Operation>` (or
//!   `PhotonAdminProxyService.<Operation>` for WorkSpaces Applications) and a JSON body
//!   (`Content-Type: application/x-amz-json-1.1`), what `aws-sdk-workspaces` and older
//!   botocore send;
//! - Smithy RPC v2 CBOR: `POST /service/<WorkspacesService|PhotonAdminProxyService>/operation/
//!   <Operation>` with `Content-Type: application/cbor` and `smithy-protocol: rpc-v2-cbor`,
//!   what `aws-sdk-appstream` and botocore 1.44 send; answers and errors carry
//!   `smithy-protocol: rpc-v2-cbor`, errors name their code in the body's `__type`.
//!
//! CloudWatch (`cloudwatch`, GetMetricData and ListMetrics) is served as RPC v2 CBOR at
//! `/service/GraniteServiceVersion20100801/operation/<Operation>`, what `aws-sdk-cloudwatch`
//! sends, and as JSON with X-Amz-Target `GraniteServiceVersion20100801.<Operation>`.
//!
//! Either way the answer comes in the encoding of the request. A request goes through, in
//! order:
//! 1. the target (UnknownOperationException for an operation the emulator does not serve),
//! 2. the Region from the SigV4 credential scope (MissingAuthenticationToken /
//!    IncompleteSignature),
//! 3. the per-operation fault from `SimConfig::faults` (a Hang only delays),
//! 4. the added latency,
//! 5. the token bucket of the service, account and Region (ThrottlingException),
//! 6. the random `error_rate` (InternalFailure 500 / ServiceUnavailable 503),
//! 7. the per-resource faults (`resource_faults`: one WorkSpace of a batch in FailedRequests,
//!    or the call failing for one resource only).
//!
//! Steps 3, 5 and 6 answer before the operation runs, so a throttled or failed call never
//! changes state and a client retry can never apply an action twice. A client that times out
//! during a Hang drops the connection, which cancels the request before the operation runs.
//!
//! With `SimConfig::request_log`, every request that reaches a handler (this pipeline or the
//! fallback) gets one line, written once its answer is built and before it is sent.
//!
//! CloudWatch is also served over awsQuery (a form POSTed to `/`, XML answers): `query`
//! turns it into the same members and runs the same pipeline.
//!
//! Layout: `target` (which service and operation), `pipeline` (the steps above), `wire`
//! (bodies in, answers out), `log` (the request log's lines), `query` (awsQuery).

mod log;
mod pipeline;
mod query;
mod target;
mod wire;

use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use rand_chacha::ChaCha8Rng;

use super::appstream::{AppStores, SeedParams};
use super::error::ApiError;
use super::resource_faults::ResourceFault;
use super::seed::{rng_for, FleetParams, Regions};
use super::stores::lock;
use super::throttle::Throttles;
use super::types::Millis;
use super::{SimConfig, SimStats};
use log::{begin_line, end_line};
use pipeline::serve;
use target::{split_target, Service};
use wire::{body_response, error_response, html_500, with_query_error, with_request_id, Wire};

/// Everything the server shares between requests.
pub struct Sim {
    pub cfg: SimConfig,
    pub regions: Regions,
    /// WorkSpaces Applications resources, per account and Region.
    pub appstream: AppStores,
    throttles: Throttles,
    pub stats: Mutex<SimStats>,
    /// Decides which calls `error_rate` fails (seeded, so sequential runs repeat).
    fault_rng: Mutex<ChaCha8Rng>,
    /// Operations failing for one resource only (`SimConfig::resource_faults`, then
    /// `Emulator::fail_resource` while running).
    pub resource_faults: Mutex<Vec<ResourceFault>>,
}

impl Sim {
    pub fn new(cfg: SimConfig) -> Sim {
        let params = FleetParams {
            seed: cfg.seed,
            size: cfg.size,
            account_id: cfg.account_id.clone(),
            transition: cfg.transition.as_millis() as Millis,
        };
        let appstream = AppStores::new(SeedParams {
            seed: cfg.seed,
            size: cfg.size,
            default_account: cfg.account_id.clone(),
            transition: params.transition,
        });
        Sim {
            regions: Regions::new(params),
            appstream,
            throttles: Throttles::new(cfg.throttle),
            stats: Mutex::new(SimStats::default()),
            fault_rng: Mutex::new(rng_for(cfg.seed, "", "faults")),
            resource_faults: Mutex::new(cfg.resource_faults.clone()),
            cfg,
        }
    }

    fn count(&self, f: impl FnOnce(&mut SimStats)) {
        f(&mut lock(&self.stats));
    }
}

pub fn router(sim: Arc<Sim>) -> Router {
    Router::new()
        .route("/", post(handle).fallback(fallback))
        .route(
            "/service/{service}/operation/{operation}",
            post(handle_rpc).fallback(fallback),
        )
        .fallback(fallback)
        .with_state(sim)
}

/// What a request is answered with when it is not a JSON body.
enum Reply {
    Api(ApiError),
    /// A misbehaving proxy's HTML error page (Fault::Html500).
    Html500,
}

impl From<ApiError> for Reply {
    fn from(e: ApiError) -> Reply {
        Reply::Api(e)
    }
}

async fn handle(State(sim): State<Arc<Sim>>, headers: HeaderMap, body: Bytes) -> Response {
    // CloudWatch over awsQuery (a form, no X-Amz-Target): `query`.
    if query::is_query(&headers) {
        return query::respond(&sim, &headers, &body).await;
    }
    let target = header_str(&headers, "x-amz-target").map(str::to_string);
    respond(&sim, &headers, &body, target.as_deref(), Wire::Json).await
}

/// RPC v2 CBOR: the path names the service and operation instead of X-Amz-Target.
async fn handle_rpc(
    State(sim): State<Arc<Sim>>,
    Path((service, operation)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let target = format!("{service}.{operation}");
    respond(&sim, &headers, &body, Some(&target), Wire::Cbor).await
}

async fn respond(
    sim: &Sim,
    headers: &HeaderMap,
    body: &[u8],
    target: Option<&str>,
    wire: Wire,
) -> Response {
    let pending = begin_line(sim, headers, body, target, wire);
    let resp = match serve(sim, headers, body, target.unwrap_or(""), wire).await {
        Ok((out, service)) => body_response(StatusCode::OK, &out, wire, service),
        Err(Reply::Api(e)) => error_response(&e, wire),
        Err(Reply::Html500) => html_500(),
    };
    let resp = match target.and_then(split_target) {
        Some((Service::CloudWatch, _)) => with_query_error(resp),
        _ => resp,
    };
    end_line(pending, with_request_id(resp))
}

async fn fallback(State(sim): State<Arc<Sim>>, headers: HeaderMap, body: Bytes) -> Response {
    let target = header_str(&headers, "x-amz-target");
    let pending = begin_line(&sim, &headers, &body, target, Wire::Json);
    let resp = with_request_id(error_response(
        &ApiError::unknown_operation(
            "The WorkSpaces API is served at POST / with X-Amz-Target: \
             WorkspacesService.<Operation>, WorkSpaces Applications with \
             PhotonAdminProxyService.<Operation>, or as RPC v2 CBOR at POST \
             /service/<WorkspacesService|PhotonAdminProxyService>/operation/<Operation>",
        ),
        Wire::Json,
    ));
    end_line(pending, resp)
}

fn header_str<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}
