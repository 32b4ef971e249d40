use clap::Parser;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;
use wsfleet::app::{self, Mode, State};
use wsfleet::cli::{Cli, Commands, SimArgs};
use wsfleet::service::{self, ClientOptions, RateBudget, WorkspacesService};
use wsfleet::sim::{self, SimConfig, ThrottleConfig};

/// Exit code for bad setup (no region, no credentials, bad arguments): the terminal is
/// untouched and the message says what to fix.
const EXIT_SETUP: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("wsfleet: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let code = runtime.block_on(async {
        match &cli.command {
            Some(Commands::Sim(args)) => run_sim(&cli, args).await,
            None => run_tui(&cli).await,
        }
    });
    // Background tasks (refreshes, the emulator) must not keep the process alive.
    runtime.shutdown_timeout(Duration::from_millis(100));
    code
}

async fn run_sim(cli: &Cli, args: &SimArgs) -> ExitCode {
    let cfg = SimConfig {
        seed: cli.fleet.seed,
        size: cli.fleet.size,
        throttle: (!args.no_throttle).then_some(ThrottleConfig {
            rate: args.rate,
            burst: args.burst,
        }),
        latency: Duration::from_millis(args.latency_ms),
        error_rate: args.error_rate,
        ..SimConfig::default()
    };
    match sim::run_standalone(cfg, args.port).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("wsfleet sim: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run_tui(cli: &Cli) -> ExitCode {
    let opts = ClientOptions::default();
    // Keep the emulator alive for as long as the UI runs.
    let mut _emulator = None;
    let (mode, client, region, endpoint) = if cli.demo {
        let cfg = SimConfig {
            seed: cli.fleet.seed,
            size: cli.fleet.size,
            ..SimConfig::default()
        };
        let emu = match sim::Emulator::start(cfg).await {
            Ok(e) => e,
            Err(e) => {
                eprintln!("wsfleet: cannot start the demo emulator: {e:#}");
                return ExitCode::FAILURE;
            }
        };
        let region = cli.region.clone().unwrap_or_else(|| "us-east-1".into());
        let endpoint = emu.endpoint_url();
        let client = service::demo_client(&endpoint, &region, &opts);
        _emulator = Some(emu);
        (Mode::Demo, client, region, endpoint)
    } else {
        match service::live_config(
            cli.profile.as_deref(),
            cli.region.as_deref(),
            cli.endpoint_url.as_deref(),
        )
        .await
        {
            Ok((sdk, region)) => {
                let client = service::live_client(&sdk, &region, &opts);
                let endpoint = cli
                    .endpoint_url
                    .clone()
                    .unwrap_or_else(|| format!("workspaces.{region}.amazonaws.com"));
                (Mode::Live, client, region, endpoint)
            }
            Err(e) => {
                eprintln!("wsfleet: {e}");
                return ExitCode::from(EXIT_SETUP);
            }
        }
    };
    let budget = Arc::new(RateBudget::new(cli.api_rate, cli.api_burst));
    let svc = WorkspacesService::new(client, region.clone(), budget);
    let state = State::new(mode, region, cli.profile.clone(), endpoint);

    // ratatui::try_init enters raw mode and the alternate screen and installs a panic hook
    // that restores the terminal before the panic message prints.
    let mut terminal = match ratatui::try_init() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("wsfleet: cannot set up the terminal: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = app::run(&mut terminal, state, svc, Duration::from_secs(cli.refresh)).await;
    let restored = ratatui::try_restore();
    match (result, restored) {
        (Ok(()), Ok(())) => ExitCode::SUCCESS,
        (Err(e), _) => {
            eprintln!("wsfleet: {e:#}");
            ExitCode::FAILURE
        }
        (Ok(()), Err(e)) => {
            eprintln!("wsfleet: could not restore the terminal: {e}");
            ExitCode::FAILURE
        }
    }
}
