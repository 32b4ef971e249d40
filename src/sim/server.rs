//! The HTTP side: axum routes and the awsJson1.1 wire protocol.
//!
//! Every call is `POST /` with `X-Amz-Target: WorkspacesService.<Operation>` and a JSON body
//! (`Content-Type: application/x-amz-json-1.1`). A request goes through, in order:
//! 1. the target (UnknownOperationException for an operation the emulator does not serve),
//! 2. the Region from the SigV4 credential scope (MissingAuthenticationToken /
//!    IncompleteSignature),
//! 3. the per-operation fault from `SimConfig::faults` (a Hang only delays),
//! 4. the added latency,
//! 5. the token bucket of the account and Region (ThrottlingException),
//! 6. the random `error_rate` (InternalFailure 500 / ServiceUnavailable 503).
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
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use serde_json::Value;

use super::auth::scope_from_authorization;
use super::error::ApiError;
use super::ops::{self, Ctx};
use super::request_log::{Pending, RequestInfo};
use super::seed::{rng_for, FleetParams};
use super::store::{lock, Regions};
use super::throttle::Throttles;
use super::types::Millis;
use super::{Fault, SimConfig, SimStats};

pub const JSON_1_1: &str = "application/x-amz-json-1.1";
const TARGET_PREFIX: &str = "WorkspacesService.";

/// Everything the server shares between requests.
pub struct Sim {
    pub cfg: SimConfig,
    pub regions: Regions,
    throttles: Throttles,
    pub stats: Mutex<SimStats>,
    /// Decides which calls `error_rate` fails (seeded, so sequential runs repeat).
    fault_rng: Mutex<ChaCha8Rng>,
}

impl Sim {
    pub fn new(cfg: SimConfig) -> Sim {
        let params = FleetParams {
            seed: cfg.seed,
            size: cfg.size,
            account_id: cfg.account_id.clone(),
            transition: cfg.transition.as_millis() as Millis,
        };
        Sim {
            regions: Regions::new(params),
            throttles: Throttles::new(cfg.throttle),
            stats: Mutex::new(SimStats::default()),
            fault_rng: Mutex::new(rng_for(cfg.seed, "", "faults")),
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
    let pending = begin_line(&sim, &headers, &body);
    let resp = match serve(&sim, &headers, &body).await {
        Ok(out) => json_response(StatusCode::OK, &out),
        Err(Reply::Api(e)) => error_response(&e),
        Err(Reply::Html500) => html_500(),
    };
    end_line(pending, with_request_id(resp))
}

async fn fallback(State(sim): State<Arc<Sim>>, headers: HeaderMap, body: Bytes) -> Response {
    let pending = begin_line(&sim, &headers, &body);
    let resp = with_request_id(error_response(&ApiError::unknown_operation(
        "The WorkSpaces API is served at POST / with X-Amz-Target: WorkspacesService.<Operation>",
    )));
    end_line(pending, resp)
}

/// The request log's line for a request that just arrived, read from the request alone (not
/// from how far the pipeline got), so a call rejected for its target still shows its account.
fn begin_line(sim: &Sim, headers: &HeaderMap, body: &[u8]) -> Option<Pending> {
    let log = sim.cfg.request_log.as_ref()?;
    let target = header_str(headers, "x-amz-target");
    let operation = target.map(|t| t.strip_prefix(TARGET_PREFIX).unwrap_or(t).to_string());
    let scope = scope_from_authorization(header_str(headers, "authorization")).ok();
    Some(
        log.begin(RequestInfo {
            account: scope
                .as_ref()
                .map(|(akid, _)| sim.cfg.account_of(akid).to_string()),
            region: scope.map(|(_, region)| region),
            resources: operation
                .as_deref()
                .and_then(|op| ops::resource_ids(op, body)),
            operation,
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

async fn serve(sim: &Sim, headers: &HeaderMap, body: &[u8]) -> Result<Value, Reply> {
    let target = header_str(headers, "x-amz-target").unwrap_or("");
    let spec = target
        .strip_prefix(TARGET_PREFIX)
        .and_then(ops::find)
        .ok_or_else(|| {
            ApiError::unknown_operation(format!(
                "Unknown operation '{target}': expected X-Amz-Target \
                 WorkspacesService.<Operation> for an operation this endpoint serves"
            ))
        })?;
    let op = spec.name;
    if let Some(ct) = header_str(headers, "content-type") {
        if !ct.contains("json") {
            return Err(ApiError::serialization(format!(
                "Unsupported Content-Type '{ct}': expected {JSON_1_1}"
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
                 workspaces:{op} because no identity-based policy allows the \
                 workspaces:{op} action",
                account
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
    if !sim.throttles.admit(account, &region) {
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

    let input = parse_body(body)?;
    let ctx = Ctx {
        regions: &sim.regions,
        account,
        region: &region,
        now: now_ms(),
    };
    Ok(ops::dispatch(spec, &ctx, input)?)
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

fn error_response(e: &ApiError) -> Response {
    let status = StatusCode::from_u16(e.status).unwrap_or(StatusCode::BAD_REQUEST);
    let mut resp = json_response(status, &e.body());
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
