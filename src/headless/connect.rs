//! Where a session connects: the demo's emulator or AWS (or `--endpoint-url`), with the
//! profiles and Regions the config and flags chose. Shared by the TUI and the headless
//! commands (`wsfleet get`, issue 29), so both resolve a profile, a Region and an endpoint
//! the same way.

use crate::app::Mode;
use crate::cli::Cli;
use crate::config::Config;
use crate::service::{self, ClientOptions, Connector};
use crate::sim::{self, SimConfig};
use std::path::Path;
use std::time::Duration;

/// Exit code for bad setup (no region, no credentials, bad arguments).
pub const EXIT_SETUP: u8 = 2;

/// Why a session could not connect: the message to print and the exit code.
#[derive(Debug)]
pub struct SetupFailure {
    pub code: u8,
    pub message: String,
}

impl SetupFailure {
    fn setup(message: String) -> Self {
        SetupFailure {
            code: EXIT_SETUP,
            message,
        }
    }
}

/// What a session is connected to, as the header shows it.
pub struct Place {
    pub mode: Mode,
    pub regions: Vec<String>,
    pub profile: Option<String>,
    pub endpoint: String,
}

/// A session's account context, checked before anything is read or the terminal touched.
pub struct Connected {
    pub place: Place,
    pub connector: Connector,
    /// Several profiles in one view (`--profile a,b`): each profile's context (empty with one).
    pub accounts: Vec<(String, Connector)>,
    /// The demo's emulator, kept alive for as long as the session runs.
    pub emulator: Option<sim::Emulator>,
}

/// The demo (`--demo`) or AWS, as the flags say.
pub async fn connect(cli: &Cli, cfg: &Config) -> Result<Connected, SetupFailure> {
    if cli.demo {
        connect_demo(cli, cfg).await
    } else {
        connect_live(cli, cfg).await
    }
}

/// The demo: its emulator started here, its profiles the emulated accounts.
async fn connect_demo(cli: &Cli, cfg: &Config) -> Result<Connected, SetupFailure> {
    let request_log = open_request_log(cli.sim_request_log.as_deref(), "--sim-request-log")
        .map_err(SetupFailure::setup)?;
    let sim = SimConfig {
        seed: cfg.demo.seed,
        size: cfg.demo.size,
        faults: cli.sim_faults.iter().cloned().collect(),
        latency: Duration::from_millis(cli.sim_latency_ms),
        request_log,
        ..SimConfig::default()
    };
    let emu = sim::Emulator::start(sim).await.map_err(|e| SetupFailure {
        code: 1,
        message: format!("cannot start the demo emulator: {e:#}"),
    })?;
    let mut regions = cfg.regions.clone();
    if regions.is_empty() {
        regions.push("us-east-1".into());
    }
    let endpoint = emu.endpoint_url();
    // The demo's profiles are its emulated accounts; any other profile name (say from
    // AWS_PROFILE on the jump host) means the first one.
    let profile = cfg
        .profile_list()
        .first()
        .cloned()
        .filter(|p| sim::DEMO_ACCOUNTS.iter().any(|(name, ..)| name == p))
        .unwrap_or_else(|| sim::DEMO_ACCOUNTS[0].0.to_string());
    let base = Connector::Demo {
        endpoint: endpoint.clone(),
        access_key: sim::DEMO_ACCOUNTS[0].1.to_string(),
        opts: ClientOptions::default(),
        accounts: sim::DEMO_ACCOUNTS,
    };
    let connector = base
        .for_profile(&profile)
        .await
        .map_err(SetupFailure::setup)?;
    // Several profiles in one view: each must be one of the demo's accounts.
    let accounts = profile_contexts(&base, cfg)
        .await
        .map_err(|(_, e)| SetupFailure::setup(format!("--profile: {e}")))?;
    Ok(Connected {
        place: Place {
            mode: Mode::Demo,
            regions,
            profile: Some(profile),
            endpoint,
        },
        connector,
        accounts,
        emulator: Some(emu),
    })
}

/// AWS: the SDK's configuration for the first profile (its Region when none is asked for).
async fn connect_live(cli: &Cli, cfg: &Config) -> Result<Connected, SetupFailure> {
    let first_profile = cfg.profile_list().first().cloned();
    let (sdk, region) = service::live_config(
        first_profile.as_deref(),
        cfg.regions.first().map(String::as_str),
        cli.endpoint_url.as_deref(),
    )
    .await
    .map_err(|e| SetupFailure::setup(e.to_string()))?;
    let mut regions = cfg.regions.clone();
    if regions.is_empty() {
        regions.push(region);
    }
    let endpoint = cli
        .endpoint_url
        .clone()
        .unwrap_or_else(|| match regions.as_slice() {
            [one] => format!("workspaces.{one}.amazonaws.com"),
            _ => "workspaces.<region>.amazonaws.com".to_string(),
        });
    let connector = Connector::Live {
        sdk: Box::new(sdk),
        endpoint: cli.endpoint_url.clone(),
        opts: ClientOptions::default(),
    };
    // Several profiles in one view: each one's credentials are checked now, so a broken
    // profile is named before anything else happens.
    let accounts = profile_contexts(&connector, cfg)
        .await
        .map_err(|(p, e)| SetupFailure::setup(format!("--profile {p}: {e}")))?;
    Ok(Connected {
        place: Place {
            mode: Mode::Live,
            regions,
            profile: first_profile,
            endpoint,
        },
        connector,
        accounts,
        emulator: None,
    })
}

/// With several profiles in one view, each profile's context from `base`, in order; the
/// first profile that fails, with why. None with one profile.
async fn profile_contexts(
    base: &Connector,
    cfg: &Config,
) -> Result<Vec<(String, Connector)>, (String, String)> {
    let mut accounts = vec![];
    let many = cfg.profile_list().len() > 1;
    for p in cfg.profile_list().iter().filter(|_| many) {
        match base.for_profile(p).await {
            Ok(c) => accounts.push((p.clone(), c)),
            Err(e) => return Err((p.clone(), e)),
        }
    }
    Ok(accounts)
}

/// The emulator's request log, opened before the emulator starts and before the terminal is
/// touched: a path that cannot be written is bad setup, reported with the flag that named it.
pub fn open_request_log(
    path: Option<&Path>,
    flag: &str,
) -> Result<Option<sim::RequestLog>, String> {
    path.map(|p| {
        sim::RequestLog::open(p).map_err(|e| format!("cannot open {flag} {}: {e}", p.display()))
    })
    .transpose()
}
