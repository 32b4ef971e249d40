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

use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use serde_json::Value;

use super::appstream::{self, AppStores, SeedParams};
use super::auth::scope_from_authorization;
use super::cbor;
use super::error::ApiError;
use super::operation::OpSpec;
use super::ops;
use super::request_log::{Pending, RequestInfo};
use super::resource_faults::{self, Applied, ResourceFault};
use super::seed::{rng_for, FleetParams, Regions};
use super::stores::lock;
use super::throttle::Throttles;
use super::types::{Millis, TIMESTAMP_MEMBERS};
use super::{Fault, SimConfig, SimStats};

pub const JSON_1_1: &str = "application/x-amz-json-1.1";
const CBOR: &str = "application/cbor";
/// The `smithy-protocol` header value of RPC v2 CBOR, and the request log's name for it.
const RPC_V2_CBOR: &str = "rpc-v2-cbor";
const TARGET_PREFIX: &str = "WorkspacesService.";

/// The service a call is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Service {
    WorkSpaces,
    AppStream,
}

impl Service {
    /// The SigV4 signing name: the IAM action prefix, and the throttling bucket's key.
    fn signing_name(self) -> &'static str {
        match self {
            Service::WorkSpaces => "workspaces",
            Service::AppStream => appstream::SIGNING_NAME,
        }
    }
}

/// The service and operation name of an X-Amz-Target (`WorkspacesService.DescribeWorkspaces`,
/// `PhotonAdminProxyService.DescribeImages`).
fn split_target(target: &str) -> Option<(Service, &str)> {
    if let Some(op) = target.strip_prefix(TARGET_PREFIX) {
        return Some((Service::WorkSpaces, op));
    }
    let op = target
        .strip_prefix(appstream::SERVICE)
        .and_then(|rest| rest.strip_prefix('.'))?;
    Some((Service::AppStream, op))
}

/// An operation the emulator serves, in either service.
#[derive(Clone, Copy)]
enum Op {
    WorkSpaces(&'static OpSpec<FleetParams>),
    AppStream(&'static OpSpec<SeedParams>),
}

impl Op {
    fn find(target: &str) -> Option<Op> {
        match split_target(target)? {
            (Service::WorkSpaces, op) => ops::OPERATIONS.find(op).map(Op::WorkSpaces),
            (Service::AppStream, op) => appstream::OPERATIONS.find(op).map(Op::AppStream),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Op::WorkSpaces(spec) => spec.name,
            Op::AppStream(spec) => spec.name,
        }
    }

    fn service(self) -> Service {
        match self {
            Op::WorkSpaces(_) => Service::WorkSpaces,
            Op::AppStream(_) => Service::AppStream,
        }
    }
}

/// How a request body, and so its answer, is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wire {
    /// awsJson1.1 (`POST /` with X-Amz-Target).
    Json,
    /// Smithy RPC v2 CBOR (`POST /service/<Service>/operation/<Operation>`).
    Cbor,
}

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

/// The request log's line for a request that just arrived, read from the request alone (not
/// from how far the pipeline got), so a call rejected for its target still shows its account.
fn begin_line(
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
fn end_line(pending: Option<Pending>, resp: Response) -> Response {
    if let Some(pending) = pending {
        let error = resp
            .headers()
            .get("x-amzn-ErrorType")
            .and_then(|v| v.to_str().ok());
        pending.answered(resp.status().as_u16(), error);
    }
    resp
}

fn header_str<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

async fn serve(
    sim: &Sim,
    headers: &HeaderMap,
    body: &[u8],
    target: &str,
    wire: Wire,
) -> Result<(Value, Service), Reply> {
    let spec = Op::find(target).ok_or_else(|| {
        ApiError::unknown_operation(format!(
            "Unknown operation '{target}': expected X-Amz-Target \
             WorkspacesService.<Operation> or PhotonAdminProxyService.<Operation> (or the \
             same service and operation in an RPC v2 CBOR path) for an operation this \
             endpoint serves"
        ))
    })?;
    let op = spec.name();
    let (expected, media) = match wire {
        Wire::Json => ("json", JSON_1_1),
        Wire::Cbor => ("cbor", CBOR),
    };
    if let Some(ct) = header_str(headers, "content-type") {
        if !ct.contains(expected) {
            return Err(ApiError::serialization(format!(
                "Unsupported Content-Type '{ct}': expected {media}"
            ))
            .into());
        }
    }
    let (akid, region) = scope_from_authorization(header_str(headers, "authorization"))?;
    let account = sim.cfg.account_of(&akid);

    // A fault is set per operation, or per Region for every operation there (a Region that
    // is not enabled for the account, or whose endpoint is down).
    match sim
        .cfg
        .faults
        .get(op)
        .or_else(|| sim.cfg.faults.get(&region))
    {
        Some(Fault::UnknownOperation) => {
            sim.count(|s| s.faulted += 1);
            return Err(ApiError::unknown_operation(format!(
                "Unknown operation '{target}': this endpoint does not serve {op}"
            ))
            .into());
        }
        Some(Fault::AccessDenied) => {
            sim.count(|s| s.faulted += 1);
            return Err(ApiError::access_denied(format!(
                "User: arn:aws:iam::{}:user/wsfleet is not authorized to perform: \
                 {iam}:{op} because no identity-based policy allows the \
                 {iam}:{op} action",
                account,
                iam = spec.service().signing_name(),
            ))
            .into());
        }
        Some(Fault::Html500) => {
            sim.count(|s| s.faulted += 1);
            return Err(Reply::Html500);
        }
        Some(Fault::Hang(delay)) => tokio::time::sleep(*delay).await,
        None => {}
    }
    if !sim.cfg.latency.is_zero() {
        tokio::time::sleep(sim.cfg.latency).await;
    }
    if !sim
        .throttles
        .admit(spec.service().signing_name(), account, &region)
    {
        sim.count(|s| *s.throttled.entry(op.to_string()).or_default() += 1);
        return Err(ApiError::throttling().into());
    }
    if sim.cfg.error_rate > 0.0 {
        let roll: f64 = lock(&sim.fault_rng).random();
        if roll < sim.cfg.error_rate {
            sim.count(|s| s.faulted += 1);
            let e = if roll < sim.cfg.error_rate / 2.0 {
                ApiError::internal_failure()
            } else {
                ApiError::service_unavailable()
            };
            return Err(e.into());
        }
    }
    sim.count(|s| *s.calls.entry(op.to_string()).or_default() += 1);

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
            // A per-resource fault answers for its resource before the operation runs; a
            // batch runs for the others and reports it in FailedRequests.
            let applied = resource_faults::apply(&lock(&sim.resource_faults), op, input)?;
            let answer = match applied {
                Applied::Untouched(input) => spec.run(&ctx, input)?,
                Applied::Batch { body, failed } => {
                    let answer = body.map(|b| spec.run(&ctx, b)).transpose()?;
                    resource_faults::merge(answer, failed)
                }
            };
            (answer, Service::WorkSpaces)
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
    })
}

/// An empty CBOR body counts as an empty map; anything else must be one CBOR map.
fn parse_cbor_body(body: &[u8]) -> Result<Value, ApiError> {
    if body.is_empty() {
        return Ok(Value::Object(Default::default()));
    }
    match cbor::decode(body) {
        Ok(v @ Value::Object(_)) => Ok(v),
        Ok(_) => Err(ApiError::serialization(
            "The request body must be a CBOR map",
        )),
        Err(e) => Err(ApiError::serialization(format!(
            "The request body is not valid CBOR: {e}"
        ))),
    }
}

/// An empty body counts as `{}`; anything else must be a JSON object.
fn parse_body(body: &[u8]) -> Result<Value, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Object(Default::default()));
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(v @ Value::Object(_)) => Ok(v),
        Ok(_) => Err(ApiError::serialization(
            "The request body must be a JSON object",
        )),
        Err(e) => Err(ApiError::serialization(format!(
            "The request body is not valid JSON: {e}"
        ))),
    }
}

pub fn now_ms() -> Millis {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as Millis)
}

fn json_response(status: StatusCode, body: &Value) -> Response {
    let bytes = serde_json::to_vec(body).unwrap_or_else(|_| b"{}".to_vec());
    (status, [(header::CONTENT_TYPE, JSON_1_1)], bytes).into_response()
}

/// The answer in the request's encoding. RPC v2 CBOR answers carry `smithy-protocol`, and
/// tag the timestamp members of the service the call was for (an error body has none).
fn body_response(status: StatusCode, body: &Value, wire: Wire, service: Service) -> Response {
    match wire {
        Wire::Json => json_response(status, body),
        Wire::Cbor => {
            let timestamps = match service {
                Service::WorkSpaces => TIMESTAMP_MEMBERS,
                Service::AppStream => appstream::TIMESTAMP_MEMBERS,
            };
            let bytes = cbor::encode(body, timestamps);
            (
                status,
                [("content-type", CBOR), ("smithy-protocol", RPC_V2_CBOR)],
                bytes,
            )
                .into_response()
        }
    }
}

/// An error: awsJson1.1 and RPC v2 CBOR both carry the code in the body's `__type` (with the
/// HTTP status of the error); x-amzn-ErrorType repeats it for the request log and for
/// clients that read it first.
fn error_response(e: &ApiError, wire: Wire) -> Response {
    let status = StatusCode::from_u16(e.status).unwrap_or(StatusCode::BAD_REQUEST);
    let mut resp = body_response(status, &e.body(), wire, Service::WorkSpaces);
    resp.headers_mut()
        .insert("x-amzn-ErrorType", HeaderValue::from_static(e.code));
    resp
}

fn html_500() -> Response {
    let page = "<html>\r\n<head><title>500 Internal Server Error</title></head>\r\n<body>\r\n\
                <center><h1>500 Internal Server Error</h1></center>\r\n<hr><center>nginx</center>\
                \r\n</body>\r\n</html>\r\n";
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        page,
    )
        .into_response()
}

/// Every response carries a request ID, like AWS's.
fn with_request_id(mut resp: Response) -> Response {
    let mut rng = rand::rng();
    let r: u128 = rng.random();
    let hex = format!("{r:032x}");
    let id = format!(
        "{}-{}-4{}-{}{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[13..16],
        ["8", "9", "a", "b"][(r % 4) as usize],
        &hex[17..20],
        &hex[20..32]
    );
    if let Ok(v) = HeaderValue::from_str(&id) {
        resp.headers_mut().insert("x-amzn-RequestId", v);
    }
    resp
}
