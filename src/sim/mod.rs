//! Embedded emulator of the Amazon WorkSpaces API over HTTP on 127.0.0.1, in both protocols its
//! model lists: Smithy RPC v2 CBOR and awsJson1.1.
//!
//! The demo and the tests point the real `aws-sdk-workspaces` client (or the AWS CLI, boto3,
//! any SDK) at it with an endpoint URL. It keeps a stateful, seeded fleet per Region (chosen by
//! the SigV4 credential scope of each request), moves resources through the states the API
//! reference lists, pages with cursor NextTokens, throttles like AWS (a token bucket per
//! account and Region) and can inject faults per operation or for one resource of one
//! operation (`resource_faults`).
//!
//! Layout: `server` (wire protocol and request pipeline), `auth` (Region from the credential
//! scope), `throttle`, `error` (API errors on the wire), `validate` (model constraints),
//! `paging` (NextTokens), `types` (wire shapes), `store` (per-Region fleet and lazy state
//! machine), `seed` (deterministic generator), `ops` (one file per group of operations),
//! `request_log` (one JSON line per request, for tests and scripts). Both services share
//! `stores` (every account's and Region's store, generated on first use) and `operation`
//! (the operation table type and the `Ctx` an operation runs in).
//!
//! WorkSpaces Applications (AppStream 2.0) is served on the same port by `appstream`, its own
//! module with its own operations, store and seed; `cbor` is the RPC v2 CBOR wire format both
//! services speak besides awsJson1.1 (what `aws-sdk-appstream` and botocore 1.44 send).
//!
//! CloudWatch's GetMetricData and ListMetrics (`cloudwatch`) serve the AWS/WorkSpaces metrics
//! of the same WorkSpaces, computed from their connection status, and the AWS/AppStream
//! metrics of the WorkSpaces Applications fleets, on the same port.

mod appstream;
mod auth;
mod cbor;
mod cloudwatch;
mod error;
mod operation;
mod ops;
mod paging;
mod request_log;
mod resource_faults;
mod seed;
mod server;
mod stats;
mod store;
mod stores;
mod throttle;
mod types;
mod validate;

#[cfg(test)]
mod sdk_smoke;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use request_log::RequestLog;
pub use resource_faults::ResourceFault;
pub use seed::{unassigned_user, UNASSIGNED_USERS};
pub use stats::SimStats;

/// AWS-like token bucket applied per service, account and Region, shared by all operations of
/// the service (WorkSpaces and WorkSpaces Applications each have their own).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ThrottleConfig {
    /// Tokens (calls) added per second.
    pub rate: f64,
    /// Bucket size: how many calls can be made at once after a quiet period.
    pub burst: u32,
}

/// A fault injected for one operation (`SimConfig::faults`, keyed by operation name such as
/// "DescribeWorkspaceImages"). Except for Hang, a fault answers before the operation runs.
#[derive(Debug, Clone, PartialEq)]
pub enum Fault {
    /// The endpoint does not know the operation: HTTP 400 UnknownOperationException.
    UnknownOperation,
    /// HTTP 400 AccessDeniedException, as for a caller whose IAM policy lacks the action.
    AccessDenied,
    /// HTTP 500 with an HTML body and text/html content type, like a misbehaving proxy.
    Html500,
    /// Waits this long before handling the call normally (to provoke client timeouts).
    Hang(Duration),
}

#[derive(Clone, Debug)]
pub struct SimConfig {
    /// Seed of the generated fleets (default 42).
    pub seed: u64,
    /// WorkSpaces per Region (default 300); also scales the WorkSpaces Applications images,
    /// fleets and stacks (about 12, 4 and 3 at 300).
    pub size: usize,
    /// Throttling; None turns it off (default 2 calls/s, burst 5).
    pub throttle: Option<ThrottleConfig>,
    /// Added to every call (default 0).
    pub latency: Duration,
    /// Share of calls, 0.0..=1.0, failed at random with InternalFailure (HTTP 500) or
    /// ServiceUnavailable (HTTP 503) before the operation runs, so a retry never doubles an
    /// action (default 0).
    pub error_rate: f64,
    /// How long a transitional state (REBOOTING, STOPPING, PENDING…) lasts (default 3 s).
    pub transition: Duration,
    /// Faults by operation name, or by Region name for every operation in that Region.
    pub faults: HashMap<String, Fault>,
    /// Operations failing for one resource only (default none); more can be added while the
    /// emulator runs (`Emulator::fail_resource`).
    pub resource_faults: Vec<ResourceFault>,
    /// The emulated account (default "123456789012"): every access key not in `accounts`
    /// belongs to it.
    pub account_id: String,
    /// Further accounts by access key ID, each with its own fleet and its own throttling
    /// budget (default: the demo's second account, see `DEMO_ACCOUNTS`).
    pub accounts: HashMap<String, String>,
    /// Where to append one JSON line per request received (default: none). Opened by the
    /// caller, so a path that cannot be written is reported before the emulator starts.
    pub request_log: Option<RequestLog>,
}

/// Access keys the demo's profiles sign with, and the accounts they belong to.
pub const DEMO_ACCOUNTS: &[(&str, &str, &str)] = &[
    // (profile, access key ID, account)
    ("demo", "AKIDWSFLEETDEMO", "123456789012"),
    ("demo-dev", "AKIDWSFLEETDEV", "210987654321"),
    // Eight more, so a view of several accounts (`--demo --profile demo,demo-dev,…`) can be
    // tried with ten.
    ("demo-eu", "AKIDWSFLEETEU", "310000000003"),
    ("demo-finance", "AKIDWSFLEETFIN", "310000000004"),
    ("demo-hr", "AKIDWSFLEETHR", "310000000005"),
    ("demo-lab", "AKIDWSFLEETLAB", "310000000006"),
    ("demo-ops", "AKIDWSFLEETOPS", "310000000007"),
    ("demo-prod", "AKIDWSFLEETPROD", "310000000008"),
    ("demo-sales", "AKIDWSFLEETSALES", "310000000009"),
    ("demo-stage", "AKIDWSFLEETSTAGE", "310000000010"),
];

impl SimConfig {
    /// The account an access key belongs to.
    pub fn account_of(&self, akid: &str) -> &str {
        self.accounts.get(akid).unwrap_or(&self.account_id)
    }
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            seed: 42,
            size: 300,
            throttle: Some(ThrottleConfig {
                rate: 2.0,
                burst: 5,
            }),
            latency: Duration::ZERO,
            error_rate: 0.0,
            transition: Duration::from_secs(3),
            faults: HashMap::new(),
            resource_faults: vec![],
            account_id: "123456789012".to_string(),
            accounts: DEMO_ACCOUNTS
                .iter()
                .map(|(_, akid, account)| (akid.to_string(), account.to_string()))
                .collect(),
            request_log: None,
        }
    }
}

/// A running emulator. Dropping it stops the server.
pub struct Emulator {
    addr: SocketAddr,
    sim: Arc<server::Sim>,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl Emulator {
    /// Starts on an ephemeral port of 127.0.0.1.
    pub async fn start(cfg: SimConfig) -> anyhow::Result<Emulator> {
        Emulator::start_on(cfg, 0).await
    }

    /// Starts on 127.0.0.1:`port` (0 = ephemeral).
    pub async fn start_on(cfg: SimConfig, port: u16) -> anyhow::Result<Emulator> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
        let addr = listener.local_addr()?;
        let sim = Arc::new(server::Sim::new(cfg));
        let app = server::router(sim.clone());
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = rx.await;
                })
                .await;
        });
        Ok(Emulator {
            addr,
            sim,
            shutdown: Some(tx),
            task: Some(task),
        })
    }

    /// "http://127.0.0.1:PORT"
    pub fn endpoint_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    pub fn stats(&self) -> SimStats {
        stores::lock(&self.sim.stats).clone()
    }

    /// From now on `operation` fails for `resource_id` only, with the answer the model gives
    /// it (see `ResourceFault`); Err names the operations that can be faulted this way.
    pub fn fail_resource(&self, operation: &str, resource_id: &str) -> Result<(), String> {
        let fault = ResourceFault::new(operation, resource_id)?;
        stores::lock(&self.sim.resource_faults).push(fault);
        Ok(())
    }

    pub fn reset_stats(&self) {
        *stores::lock(&self.sim.stats) = SimStats::default();
    }

    /// Stops accepting connections and waits briefly for calls in flight (a hanging call is
    /// cut off after a second).
    pub async fn shutdown(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(mut task) = self.task.take() {
            if tokio::time::timeout(Duration::from_secs(1), &mut task)
                .await
                .is_err()
            {
                task.abort();
            }
        }
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

/// Runs the emulator alone (`wsfleet sim`): prints the endpoint and how to point the AWS CLI
/// or an SDK at it, then serves until Ctrl-C.
pub async fn run_standalone(cfg: SimConfig, port: u16) -> anyhow::Result<()> {
    let summary = describe_config(&cfg);
    let default_account = cfg.account_id.clone();
    let emu = Emulator::start_on(cfg, port).await?;
    let url = emu.endpoint_url();
    println!("wsfleet WorkSpaces emulator listening on {url}");
    println!("  {summary}");
    println!();
    println!("Point any AWS SDK or the AWS CLI at it (credentials are not checked):");
    println!("  export AWS_ACCESS_KEY_ID=AKIDEMULATOR AWS_SECRET_ACCESS_KEY=emulator AWS_REGION=us-east-1");
    println!("  export AWS_ENDPOINT_URL_WORKSPACES={url}");
    println!("  aws --endpoint-url {url} workspaces describe-workspaces --max-items 30");
    println!("  aws --endpoint-url {url} --region eu-west-1 workspaces describe-workspace-images");
    println!("WorkSpaces Applications (AppStream 2.0) is served on the same port:");
    println!("  aws --endpoint-url {url} appstream describe-images");
    println!("  aws --endpoint-url {url} appstream describe-fleets");
    println!("CloudWatch (WorkSpaces' and fleets' metrics) too: RPC v2 CBOR, JSON and awsQuery:");
    println!("  aws --endpoint-url {url} cloudwatch list-metrics --namespace AWS/AppStream");
    println!("Each Region has its own fleet. The access key picks the account; these keys belong");
    println!("to accounts of their own (any other key is account {default_account}):");
    for (_, akid, account) in DEMO_ACCOUNTS.iter().skip(1) {
        println!("  {akid} -> {account}");
    }
    println!();
    println!("Each Region has its own fleet. Press Ctrl-C to stop.");
    tokio::signal::ctrl_c().await?;
    emu.shutdown().await;
    Ok(())
}

fn describe_config(cfg: &SimConfig) -> String {
    let throttle = match cfg.throttle {
        Some(t) => format!("throttle {}/s burst {}", t.rate, t.burst),
        None => "throttling off".to_string(),
    };
    let log = match &cfg.request_log {
        Some(log) => format!(", requests logged to {}", log.path().display()),
        None => String::new(),
    };
    format!(
        "seed {}, {} WorkSpaces per Region, {throttle}, transitions {:?}, account {}{log}",
        cfg.seed, cfg.size, cfg.transition, cfg.account_id
    )
}
