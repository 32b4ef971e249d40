use clap::Parser;
use std::process::ExitCode;
use std::time::Duration;
use wsfleet::app::{self, State};
use wsfleet::cli::{Cli, Commands, SimArgs};
use wsfleet::config::theme::{self, Theme};
use wsfleet::config::Config;
use wsfleet::headless::connect::{connect, open_request_log, Connected, Place, EXIT_SETUP};
use wsfleet::queue::AuditLog;
use wsfleet::runtime;
use wsfleet::sim::{self, SimConfig, ThrottleConfig};

/// Everything printed outside the TUI goes through here: text from outside (a file, the
/// credential chain, the service, an OS error naming a path) must not move the cursor, set a
/// title or ring a bell, so its control characters are escaped (hostile-input issue, item 9).
/// A failed write is ignored, never a panic: stderr may be a terminal that has hung up.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let line = wsfleet::config::printable_lines(&format!($($arg)*));
        let _ = writeln!(std::io::stderr(), "{line}");
    }};
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            say!("wsfleet: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut cfg = match Config::load(cli.config.as_deref()) {
        Ok((cfg, _)) => cfg,
        Err(e) => {
            say!("wsfleet: bad config: {e}");
            return ExitCode::from(EXIT_SETUP);
        }
    };
    cli.apply_to(&mut cfg);
    // Flags and the environment are held to the config's rules too (the file's own values
    // were checked when it was read, so what breaks a rule now came from a flag).
    if let Some(broken) = cfg.broken_value() {
        say!("wsfleet: {}", broken.for_flag());
        return ExitCode::from(EXIT_SETUP);
    }
    if let Some(Commands::Sim(args)) = &cli.command {
        let checks = [
            (wsfleet::config::rules::api_rate(args.rate), "--rate"),
            (wsfleet::config::rules::api_burst(args.burst), "--burst"),
        ];
        for (check, flag) in checks {
            if let Err(allowed) = check {
                say!("wsfleet sim: {flag}: must be {allowed}");
                return ExitCode::from(EXIT_SETUP);
            }
        }
    }
    // The theme is checked before anything else starts, so a bad one leaves the terminal alone.
    let theme = match Theme::load(&cfg.theme, theme::user_dir().as_deref()) {
        Ok(t) if theme::no_color_requested() => t.without_colour(),
        Ok(t) => t,
        Err(e) => {
            say!("wsfleet: bad theme: {e}");
            return ExitCode::from(EXIT_SETUP);
        }
    };
    let code = runtime.block_on(async {
        match &cli.command {
            Some(Commands::Sim(args)) => run_sim(&cfg, args).await,
            Some(Commands::Get(args)) => wsfleet::headless::get::run(&cli, &cfg, args).await,
            Some(Commands::Do(args)) => wsfleet::headless::act::run(&cli, &cfg, args).await,
            Some(Commands::Jobs(args)) => wsfleet::headless::jobs::list(&cli, &cfg, args).await,
            Some(Commands::Resume(args)) => wsfleet::headless::jobs::resume(&cli, &cfg, args).await,
            None => run_tui(&cli, &cfg, theme).await,
        }
    });
    // Background tasks (refreshes, the emulator) must not keep the process alive.
    runtime.shutdown_timeout(Duration::from_millis(100));
    code
}

async fn run_sim(cfg: &Config, args: &SimArgs) -> ExitCode {
    let request_log = match open_request_log(args.request_log.as_deref(), "--request-log") {
        Ok(log) => log,
        Err(e) => {
            say!("wsfleet sim: {e}");
            return ExitCode::from(EXIT_SETUP);
        }
    };
    let sim = SimConfig {
        seed: cfg.demo.seed,
        size: cfg.demo.size,
        throttle: (!args.no_throttle).then_some(ThrottleConfig {
            rate: args.rate,
            burst: args.burst,
        }),
        latency: Duration::from_millis(args.latency_ms),
        error_rate: args.error_rate,
        request_log,
        ..SimConfig::default()
    };
    match sim::run_standalone(sim, args.port).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            say!("wsfleet sim: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run_tui(cli: &Cli, cfg: &Config, theme: Theme) -> ExitCode {
    let Connected {
        place,
        connector,
        accounts,
        emulator: _emulator,
    } = match connect(cli, cfg).await {
        Ok(c) => c,
        Err(e) => {
            say!("wsfleet: {}", e.message);
            return ExitCode::from(e.code);
        }
    };
    // The audit log: --audit-log / config, else the user's data directory.
    let audit_path = cfg
        .audit_log
        .clone()
        .or_else(AuditLog::default_path)
        .unwrap_or_else(|| "wsfleet-audit.log".into());
    let loose_audit = AuditLog::loose_mode(&audit_path);
    let audit = AuditLog::new(audit_path);
    let state = initial_state(cfg, theme, place, loose_audit);
    // Warm start: `run` reads last run's fleet from here after the first frame.
    let cache_dir = app::cache::default_dir();

    // Raw mode and the alternate screen, with a panic hook that restores the terminal before
    // the panic message prints (as ratatui::try_init), drawing through a writer that sends
    // the 16 basic colours as basic SGR codes.
    runtime::hangup::note_terminals();
    let mut terminal = match runtime::terminal::init() {
        Ok(t) => t,
        Err(e) => {
            say!("wsfleet: cannot set up the terminal: {e}");
            return ExitCode::FAILURE;
        }
    };
    // Bracketed paste: a paste arrives as one event instead of thousands of key presses
    // queued ahead of Enter, Esc and Ctrl-C.
    let _ = crossterm::execute!(std::io::stdout(), crossterm::event::EnableBracketedPaste);
    let result = runtime::run(
        &mut terminal,
        state,
        runtime::RunContext {
            connector,
            accounts,
            settings: runtime::FleetSettings {
                rate: cfg.api.rate,
                burst: cfg.api.burst,
                read_only: cfg.read_only,
                every: intervals(cfg),
            },
            audit,
            cache_dir,
            journal_dir: wsfleet::queue::journal::default_dir(),
        },
    )
    .await;
    restore(terminal, result)
}

/// The state the session starts in: where it is, and what the config chose.
fn initial_state(cfg: &Config, theme: Theme, place: Place, loose_audit: Option<String>) -> State {
    // Several profiles in one view (`--profile a,b`): every place is "PROFILE/REGION"
    // (`domain::place`).
    let many = cfg.profile_list().len() > 1;
    let mut state_accounts: Vec<String> = vec![];
    let (profile, places) = if many {
        let profiles = cfg.profile_list();
        state_accounts = profiles.clone();
        (
            Some(profiles.join("+")),
            wsfleet::domain::place::all(&profiles, &place.regions),
        )
    } else {
        (place.profile, place.regions)
    };
    State::start(app::Setup {
        mode: place.mode,
        regions: places,
        accounts: state_accounts,
        profile,
        endpoint: place.endpoint,
        notice: loose_audit,
        idle_days: i64::from(cfg.idle_days),
        read_only: cfg.read_only,
        confirm_typed_over: cfg.confirm_typed_over,
        // Built when the config was read and checked.
        keymap: cfg.keymap.clone(),
        theme,
        ascii: cfg.ascii,
        column_layouts: cfg.column_layouts.clone(),
        doctor: cfg.doctor.clone(),
        billing: cfg.billing.clone(),
    })
}

/// After the session: the terminal given back as it was found (unless it hung up), and the
/// exit status.
fn restore(terminal: runtime::terminal::Term, result: anyhow::Result<runtime::Ended>) -> ExitCode {
    // The terminal hung up (an SSH drop): every job was stopped and recorded as on SIGHUP,
    // and there is no terminal left to restore. Exit 0, as after SIGHUP.
    if let Ok(runtime::Ended::TerminalLost) = result {
        drop(terminal);
        return ExitCode::SUCCESS;
    }
    let _ = crossterm::execute!(std::io::stdout(), crossterm::event::DisableBracketedPaste);
    // Input typed or pasted but never read goes nowhere: not to the shell after we exit.
    // SAFETY: tcflush only discards the terminal's pending input on our own stdin.
    unsafe {
        libc::tcflush(libc::STDIN_FILENO, libc::TCIFLUSH);
    }
    let restored = ratatui::try_restore();
    match (result, restored) {
        (Ok(_), Ok(())) => ExitCode::SUCCESS,
        (Err(e), _) => {
            say!("wsfleet: {e:#}");
            ExitCode::FAILURE
        }
        (Ok(_), Err(e)) => {
            say!("wsfleet: could not restore the terminal: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Each pane's refresh interval: `[refresh]` in the config, else derived from
/// `refresh_seconds` (--refresh).
fn intervals(cfg: &Config) -> runtime::Intervals {
    let mut every = runtime::Intervals::default();
    for (kind, secs) in cfg.refresh.effective(cfg.refresh_seconds) {
        every.set(kind, Duration::from_secs(secs));
    }
    every
}
