use clap::Parser;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;
use wsfleet::app::{self, Mode, State};
use wsfleet::cli::{Cli, Commands, SimArgs};
use wsfleet::config::Config;
use wsfleet::queue::AuditLog;
use wsfleet::service::{self, ClientOptions, RateBudget, WorkspacesService};
use wsfleet::sim::{self, SimConfig, ThrottleConfig};
use wsfleet::ui::theme::{self, Theme};

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
    let mut cfg = match Config::load(cli.config.as_deref()) {
        Ok((cfg, _)) => cfg,
        Err(e) => {
            eprintln!("wsfleet: bad config: {e}");
            return ExitCode::from(EXIT_SETUP);
        }
    };
    cli.apply_to(&mut cfg);
    // The theme is checked before anything else starts, so a bad one leaves the terminal alone.
    let theme = match Theme::load(&cfg.theme, theme::user_dir().as_deref()) {
        Ok(t) if theme::no_color_requested() => t.without_colour(),
        Ok(t) => t,
        Err(e) => {
            eprintln!("wsfleet: bad theme: {e}");
            return ExitCode::from(EXIT_SETUP);
        }
    };
    let code = runtime.block_on(async {
        match &cli.command {
            Some(Commands::Sim(args)) => run_sim(&cfg, args).await,
            None => run_tui(&cli, &cfg, theme).await,
        }
    });
    // Background tasks (refreshes, the emulator) must not keep the process alive.
    runtime.shutdown_timeout(Duration::from_millis(100));
    code
}

async fn run_sim(cfg: &Config, args: &SimArgs) -> ExitCode {
    let sim = SimConfig {
        seed: cfg.demo.seed,
        size: cfg.demo.size,
        throttle: (!args.no_throttle).then_some(ThrottleConfig {
            rate: args.rate,
            burst: args.burst,
        }),
        latency: Duration::from_millis(args.latency_ms),
        error_rate: args.error_rate,
        ..SimConfig::default()
    };
    match sim::run_standalone(sim, args.port).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("wsfleet sim: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run_tui(cli: &Cli, cfg: &Config, theme: Theme) -> ExitCode {
    let opts = ClientOptions::default();
    // Keep the emulator alive for as long as the UI runs.
    let mut _emulator = None;
    let (mode, client, region, endpoint) = if cli.demo {
        let sim = SimConfig {
            seed: cfg.demo.seed,
            size: cfg.demo.size,
            faults: cli.sim_faults.iter().cloned().collect(),
            ..SimConfig::default()
        };
        let emu = match sim::Emulator::start(sim).await {
            Ok(e) => e,
            Err(e) => {
                eprintln!("wsfleet: cannot start the demo emulator: {e:#}");
                return ExitCode::FAILURE;
            }
        };
        let region = cfg.region.clone().unwrap_or_else(|| "us-east-1".into());
        let endpoint = emu.endpoint_url();
        let client = service::demo_client(&endpoint, &region, &opts);
        _emulator = Some(emu);
        (Mode::Demo, client, region, endpoint)
    } else {
        match service::live_config(
            cfg.profile.as_deref(),
            cfg.region.as_deref(),
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
    let budget = Arc::new(RateBudget::matching(cfg.api.rate, cfg.api.burst));
    let svc = WorkspacesService::new(client, region.clone(), budget).with_read_only(cfg.read_only);
    // The audit log: --audit-log / config, else the user's data directory.
    let audit_path = cfg
        .audit_log
        .clone()
        .or_else(AuditLog::default_path)
        .unwrap_or_else(|| "wsfleet-audit.log".into());
    let audit = AuditLog::new(audit_path);
    let mode_name = mode.clone();
    let mut state = State::new(mode, region, cfg.profile.clone(), endpoint);
    state.idle_days = i64::from(cfg.idle_days);
    state.read_only = cfg.read_only;
    // Checked when the config was loaded; cannot fail here.
    state.keymap = wsfleet::config::Keymap::with_bindings(&cfg.keys).unwrap_or_default();
    state.theme = theme;
    state.ascii = cfg.ascii;

    // ratatui::try_init enters raw mode and the alternate screen and installs a panic hook
    // that restores the terminal before the panic message prints.
    let mut terminal = match ratatui::try_init() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("wsfleet: cannot set up the terminal: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = app::run(
        &mut terminal,
        state,
        app::RunContext {
            svc,
            every: app::Intervals::from_base(Duration::from_secs(cfg.refresh_seconds)),
            audit,
            // The audit log always names the account context: demo, the profile, or AWS's default.
            profile: Some(cfg.profile.clone().unwrap_or_else(|| match mode_name {
                Mode::Demo => "demo".into(),
                Mode::Live => "default".into(),
            })),
        },
    )
    .await;
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
