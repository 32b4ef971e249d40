//! Shared helpers for the emulator integration tests (`tests/sim_*.rs`).
//!
//! Every test drives the real `aws-sdk-workspaces` client over HTTP against an
//! emulator bound to 127.0.0.1. Tests discover IDs by describing first; they never
//! depend on exact generated values.
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use aws_sdk_workspaces::config::http::HttpResponse;
use aws_sdk_workspaces::config::interceptors::{
    AfterDeserializationInterceptorContextRef, BeforeTransmitInterceptorContextMut,
};
use aws_sdk_workspaces::config::retry::RetryConfig;
use aws_sdk_workspaces::config::{
    BehaviorVersion, ConfigBag, Credentials, Intercept, Region, RuntimeComponents,
};
use aws_sdk_workspaces::error::{BoxError, DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_workspaces::types::{
    RebootRequest, RebuildRequest, StartRequest, StopRequest, Tag, TerminateRequest, Workspace,
    WorkspaceImage, WorkspacesPool, WorkspacesPoolSession,
};
use aws_sdk_workspaces::Client;
use wsfleet::sim::{Emulator, SimConfig};

pub const REGION: &str = "us-east-1";
pub const OTHER_REGION: &str = "eu-west-1";
/// Short transitional-state duration used by most tests.
pub const TRANSITION: Duration = Duration::from_millis(400);
/// How long we wait for a transition to finish before failing.
pub const SETTLE: Duration = Duration::from_secs(8);

/// Codes a constraint violation (pattern, length, range, array size) may come back with.
/// The reference's Common Errors call it `ValidationError`; the awsJson1.1
/// wire name used by AWS is `ValidationException`; the operations themselves list
/// `InvalidParameterValuesException` ("One or more parameter values are not valid").
pub const VALIDATION: &[&str] = &[
    "ValidationException",
    "ValidationError",
    "InvalidParameterValuesException",
];
pub const NOT_FOUND: &[&str] = &["ResourceNotFoundException"];

/// A well-formed WorkSpace ID that no generated fleet contains.
pub const UNKNOWN_WS: &str = "ws-zz99notreal";
pub const UNKNOWN_IMAGE: &str = "wsi-zz99notreal";
pub const UNKNOWN_POOL: &str = "wspool-zz99nreal";
pub const UNKNOWN_SESSION: &str = "00000000-0000-4000-8000-0000deadbeef";

// ---------------------------------------------------------------------------------------------
// Emulator and clients
// ---------------------------------------------------------------------------------------------

/// Throttling off, short transitions, `size` WorkSpaces per region.
pub fn quiet_config(size: usize) -> SimConfig {
    SimConfig {
        size,
        throttle: None,
        transition: TRANSITION,
        ..SimConfig::default()
    }
}

pub async fn start(size: usize) -> Emulator {
    start_with(quiet_config(size)).await
}

pub async fn start_with(cfg: SimConfig) -> Emulator {
    Emulator::start(cfg).await.expect("emulator starts")
}

/// wsfleet's own service layer (`demo_client`, its retries) on `emu` in `region`, spending
/// `budget`: what the app and the queue call.
pub fn service_with(
    emu: &Emulator,
    region: &str,
    budget: wsfleet::service::RateBudget,
) -> wsfleet::service::WorkspacesService {
    let options = wsfleet::service::ClientOptions::default();
    let client = wsfleet::service::demo_client(&emu.endpoint_url(), region, &options);
    wsfleet::service::WorkspacesService::new(client, region.to_string(), Arc::new(budget))
}

/// The queue tests' service in `REGION`: a budget matching the emulator's 40 calls/s bucket
/// (burst 5), as the app's matches AWS's.
pub fn queue_service(emu: &Emulator) -> wsfleet::service::WorkspacesService {
    service_with(emu, REGION, wsfleet::service::RateBudget::matching(40.0, 5))
}

/// The service in `REGION` with no budget, for tests of one call at a time.
pub fn unlimited_service(emu: &Emulator) -> wsfleet::service::WorkspacesService {
    service_with(emu, REGION, wsfleet::service::RateBudget::unlimited())
}

/// Client for `us-east-1` with the SDK's retries disabled, so every error surfaces.
pub fn client(emu: &Emulator) -> Client {
    client_in(emu, REGION)
}

pub fn client_in(emu: &Emulator, region: &str) -> Client {
    Client::from_conf(config_builder(&emu.endpoint_url(), region, RetryConfig::disabled()).build())
}

pub fn client_with_retry(emu: &Emulator, retry: RetryConfig) -> Client {
    Client::from_conf(config_builder(&emu.endpoint_url(), REGION, retry).build())
}

pub fn config_builder(
    url: &str,
    region: &str,
    retry: RetryConfig,
) -> aws_sdk_workspaces::config::Builder {
    aws_sdk_workspaces::config::Builder::new()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(region.to_string()))
        .endpoint_url(url)
        .credentials_provider(Credentials::new("AKIDTEST", "secret", None, None, "test"))
        .retry_config(retry)
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/// The error code the SDK parsed from the response, or a description of what came back.
pub fn code_of<E>(err: &SdkError<E, HttpResponse>) -> String
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    match err.code() {
        Some(code) => code.to_string(),
        None => format!("<no code: {}>", DisplayErrorContext(err)),
    }
}

pub fn status_of<E>(err: &SdkError<E, HttpResponse>) -> Option<u16> {
    err.raw_response().map(|r| r.status().as_u16())
}

/// Asserts the call failed with one of `codes` and an HTTP 4xx/5xx, and returns the error.
#[track_caller]
pub fn expect_code<T, E>(
    what: &str,
    res: Result<T, SdkError<E, HttpResponse>>,
    codes: &[&str],
) -> SdkError<E, HttpResponse>
where
    T: std::fmt::Debug,
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    match res {
        Ok(out) => panic!("{what}: expected an error with code {codes:?}, got success: {out:?}"),
        Err(err) => {
            let code = code_of(&err);
            assert!(
                codes.contains(&code.as_str()),
                "{what}: expected code in {codes:?}, got {code} (HTTP {:?})",
                status_of(&err)
            );
            err
        }
    }
}

/// Asserts a 400 validation-style rejection.
#[track_caller]
pub fn expect_validation<T, E>(what: &str, res: Result<T, SdkError<E, HttpResponse>>)
where
    T: std::fmt::Debug,
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    let err = expect_code(what, res, VALIDATION);
    assert_eq!(status_of(&err), Some(400), "{what}: HTTP status");
}

// ---------------------------------------------------------------------------------------------
// Fleet discovery
// ---------------------------------------------------------------------------------------------

pub fn ws_id(ws: &Workspace) -> String {
    ws.workspace_id().expect("row has WorkspaceId").to_string()
}

pub fn state_str(ws: &Workspace) -> &str {
    ws.state().map(|s| s.as_str()).unwrap_or("<none>")
}

pub fn running_mode_str(ws: &Workspace) -> &str {
    ws.workspace_properties()
        .and_then(|p| p.running_mode())
        .map(|m| m.as_str())
        .unwrap_or("<none>")
}

/// Every WorkSpace in the client's region, paged with Limit 25 by hand.
pub async fn all_workspaces(c: &Client) -> Vec<Workspace> {
    let mut out = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = c
            .describe_workspaces()
            .limit(25)
            .set_next_token(token.clone())
            .send()
            .await
            .expect("DescribeWorkspaces page");
        out.extend(page.workspaces().iter().cloned());
        match page.next_token() {
            Some(t) => token = Some(t.to_string()),
            None => break,
        }
    }
    out
}

/// Every image in the client's region (NextToken followed until exhausted).
pub async fn all_images(c: &Client) -> Vec<WorkspaceImage> {
    let mut out = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = c
            .describe_workspace_images()
            .set_next_token(token.clone())
            .send()
            .await
            .expect("DescribeWorkspaceImages page");
        out.extend(page.images().iter().cloned());
        match page.next_token() {
            Some(t) => token = Some(t.to_string()),
            None => break,
        }
    }
    out
}

pub async fn describe_image(c: &Client, id: &str) -> Option<WorkspaceImage> {
    let out = c
        .describe_workspace_images()
        .image_ids(id)
        .send()
        .await
        .expect("DescribeWorkspaceImages by id");
    out.images().first().cloned()
}

pub async fn all_pools(c: &Client) -> Vec<WorkspacesPool> {
    let mut out = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = c
            .describe_workspaces_pools()
            .set_next_token(token.clone())
            .send()
            .await
            .expect("DescribeWorkspacesPools page");
        out.extend(page.workspaces_pools().iter().cloned());
        match page.next_token() {
            Some(t) => token = Some(t.to_string()),
            None => break,
        }
    }
    out
}

pub async fn describe_pool(c: &Client, id: &str) -> WorkspacesPool {
    let out = c
        .describe_workspaces_pools()
        .pool_ids(id)
        .send()
        .await
        .expect("DescribeWorkspacesPools by id");
    out.workspaces_pools()
        .first()
        .cloned()
        .unwrap_or_else(|| panic!("pool {id} is described"))
}

pub async fn pool_sessions(c: &Client, pool_id: &str) -> Vec<WorkspacesPoolSession> {
    let mut out = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = c
            .describe_workspaces_pool_sessions()
            .pool_id(pool_id)
            .set_next_token(token.clone())
            .send()
            .await
            .expect("DescribeWorkspacesPoolSessions page");
        out.extend(page.sessions().iter().cloned());
        match page.next_token() {
            Some(t) => token = Some(t.to_string()),
            None => break,
        }
    }
    out
}

pub async fn describe_ws(c: &Client, id: &str) -> Option<Workspace> {
    let out = c
        .describe_workspaces()
        .workspace_ids(id)
        .send()
        .await
        .expect("DescribeWorkspaces by id");
    out.workspaces().first().cloned()
}

pub async fn state_of(c: &Client, id: &str) -> Option<String> {
    describe_ws(c, id)
        .await
        .map(|ws| state_str(&ws).to_string())
}

/// `n` distinct WorkSpaces matching `pred`, panicking with a clear message if the fleet has fewer.
pub fn pick(
    all: &[Workspace],
    n: usize,
    what: &str,
    pred: impl Fn(&Workspace) -> bool,
) -> Vec<String> {
    let found: Vec<String> = all.iter().filter(|w| pred(w)).take(n).map(ws_id).collect();
    assert_eq!(
        found.len(),
        n,
        "the generated fleet should contain at least {n} WorkSpace(s) that are {what}"
    );
    found
}

pub fn is_state(ws: &Workspace, state: &str) -> bool {
    state_str(ws) == state
}

/// AVAILABLE and AUTO_STOP: can be stopped, rebooted, rebuilt, restored.
pub fn available_autostop(ws: &Workspace) -> bool {
    is_state(ws, "AVAILABLE") && running_mode_str(ws) == "AUTO_STOP"
}

/// STOPPED and AUTO_STOP: can be started.
pub fn stopped_autostop(ws: &Workspace) -> bool {
    is_state(ws, "STOPPED") && running_mode_str(ws) == "AUTO_STOP"
}

// ---------------------------------------------------------------------------------------------
// Waiting
// ---------------------------------------------------------------------------------------------

/// Polls `check` every 25 ms until it returns true; panics after `timeout`.
pub async fn wait_until<F, Fut>(what: &str, timeout: Duration, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = Instant::now() + timeout;
    loop {
        if check().await {
            return;
        }
        if Instant::now() >= deadline {
            panic!("timed out after {timeout:?} waiting for {what}");
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// Polls the WorkSpace's state and records each distinct consecutive state observed
/// (`None` = no longer returned by DescribeWorkspaces) until `done` holds for the latest.
pub async fn watch_states(
    c: &Client,
    id: &str,
    timeout: Duration,
    done: impl Fn(Option<&str>) -> bool,
) -> Vec<Option<String>> {
    let deadline = Instant::now() + timeout;
    let mut seen: Vec<Option<String>> = Vec::new();
    loop {
        let now = state_of(c, id).await;
        if seen.last() != Some(&now) {
            seen.push(now.clone());
        }
        if done(now.as_deref()) {
            return seen;
        }
        if Instant::now() >= deadline {
            panic!("timed out after {timeout:?} watching {id}; states seen: {seen:?}");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Waits until the WorkSpace reports `state`; panics with the states seen otherwise.
pub async fn wait_for_state(c: &Client, id: &str, state: &str) -> Vec<Option<String>> {
    watch_states(c, id, SETTLE, |s| s == Some(state)).await
}

// ---------------------------------------------------------------------------------------------
// Request builders
// ---------------------------------------------------------------------------------------------

pub fn reboot_req(id: &str) -> RebootRequest {
    RebootRequest::builder().workspace_id(id).build().unwrap()
}
pub fn rebuild_req(id: &str) -> RebuildRequest {
    RebuildRequest::builder().workspace_id(id).build().unwrap()
}
pub fn start_req(id: &str) -> StartRequest {
    StartRequest::builder().workspace_id(id).build()
}
pub fn stop_req(id: &str) -> StopRequest {
    StopRequest::builder().workspace_id(id).build()
}
pub fn terminate_req(id: &str) -> TerminateRequest {
    TerminateRequest::builder()
        .workspace_id(id)
        .build()
        .unwrap()
}
pub fn tag(key: &str, value: &str) -> Tag {
    Tag::builder().key(key).value(value).build().unwrap()
}

/// `n` distinct well-formed WorkSpace IDs that no fleet contains.
pub fn fake_ws_ids(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("ws-zz{i:08}x")).collect()
}

pub fn set_of<I: IntoIterator<Item = String>>(it: I) -> BTreeSet<String> {
    it.into_iter().collect()
}

// ---------------------------------------------------------------------------------------------
// Wire-level inspection
// ---------------------------------------------------------------------------------------------

/// What came back on the wire, before the SDK parsed it.
#[derive(Debug, Clone, Default)]
pub struct RawResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl RawResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "body is not JSON ({e}): {}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// SDK interceptor that records the last raw response (after the body was read) and can rewrite `X-Amz-Target`
/// before the request is signed (so the emulator sees a properly signed request).
#[derive(Debug, Clone, Default)]
pub struct WireCapture {
    pub last: Arc<Mutex<Option<RawResponse>>>,
    pub target_override: Option<&'static str>,
    pub body_override: Option<&'static str>,
}

impl WireCapture {
    pub fn take(&self) -> RawResponse {
        self.last
            .lock()
            .unwrap()
            .take()
            .expect("a response was captured")
    }
}

impl Intercept for WireCapture {
    fn name(&self) -> &'static str {
        "WireCapture"
    }

    fn modify_before_signing(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let req = context.request_mut();
        if let Some(target) = self.target_override {
            req.headers_mut().insert("x-amz-target", target);
        }
        if let Some(body) = self.body_override {
            *req.body_mut() = aws_smithy_types::body::SdkBody::from(body);
            req.headers_mut()
                .insert("content-length", body.len().to_string());
        }
        Ok(())
    }

    fn read_after_deserialization(
        &self,
        context: &AfterDeserializationInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let resp = context.response();
        let raw = RawResponse {
            status: resp.status().as_u16(),
            headers: resp
                .headers()
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body: resp.body().bytes().map(|b| b.to_vec()).unwrap_or_default(),
        };
        *self.last.lock().unwrap() = Some(raw);
        Ok(())
    }
}

/// A client whose raw responses are recorded in the returned capture.
pub fn capturing_client(
    emu: &Emulator,
    target_override: Option<&'static str>,
) -> (Client, WireCapture) {
    capturing_client_with(emu, target_override, None)
}

/// Like `capturing_client`, and also replaces the JSON body before signing.
pub fn capturing_client_with(
    emu: &Emulator,
    target_override: Option<&'static str>,
    body_override: Option<&'static str>,
) -> (Client, WireCapture) {
    let cap = WireCapture {
        last: Arc::default(),
        target_override,
        body_override,
    };
    let conf = config_builder(&emu.endpoint_url(), REGION, RetryConfig::disabled())
        .interceptor(cap.clone())
        .build();
    (Client::from_conf(conf), cap)
}

/// Minimal HTTP/1.1 POST over a plain TCP socket, for requests the SDK would never send
/// (e.g. without an Authorization header).
pub async fn raw_post(endpoint_url: &str, headers: &[(&str, &str)], body: &str) -> RawResponse {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let rest = endpoint_url
        .strip_prefix("http://")
        .expect("emulator endpoint is plain http");
    let authority = rest.split('/').next().unwrap();
    let mut stream = tokio::net::TcpStream::connect(authority)
        .await
        .expect("connect to emulator");
    let mut req = format!(
        "POST / HTTP/1.1\r\nHost: {authority}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(body);
    stream.write_all(req.as_bytes()).await.unwrap();
    let mut buf = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut buf))
        .await
        .expect("emulator answered within 10 s")
        .expect("read response");
    parse_http_response(&buf)
}

fn parse_http_response(buf: &[u8]) -> RawResponse {
    let split = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("HTTP response has a header block");
    let head = String::from_utf8_lossy(&buf[..split]).into_owned();
    let mut body = buf[split + 4..].to_vec();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap();
    let status: u16 = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("bad status line {status_line:?}"));
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let chunked = headers.iter().any(|(k, v)| {
        k.eq_ignore_ascii_case("transfer-encoding") && v.to_ascii_lowercase().contains("chunked")
    });
    if chunked {
        body = dechunk(&body);
    }
    RawResponse {
        status,
        headers,
        body,
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = data.windows(2).position(|w| w == b"\r\n") {
        let size_str = String::from_utf8_lossy(&data[..eol]);
        let size =
            usize::from_str_radix(size_str.split(';').next().unwrap().trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = eol + 2;
        out.extend_from_slice(&data[start..start + size]);
        data = &data[start + size + 2..];
    }
    out
}
