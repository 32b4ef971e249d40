//! Command-line arguments.

use crate::config::Config;
use crate::sim::Fault;
use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "wsfleet",
    version,
    about = "A terminal UI fleet manager for Amazon WorkSpaces",
    long_about = "A terminal UI fleet manager for Amazon WorkSpaces.\n\n\
        Run with --demo to try it against the embedded WorkSpaces emulator, no AWS account needed."
)]
pub struct Cli {
    /// Run against the embedded WorkSpaces emulator with a generated fleet.
    #[arg(long)]
    pub demo: bool,

    /// AWS profile from ~/.aws/config (also AWS_PROFILE). Repeat it (or give a comma list)
    /// to see several accounts in one view, every Region of each with its own API budget
    /// [config: profile, profiles].
    #[arg(long, env = "AWS_PROFILE", value_name = "PROFILE", value_delimiter = ',', action = clap::ArgAction::Append)]
    pub profile: Vec<String>,

    /// AWS Region (also AWS_REGION). Repeat it (or give a comma list) to see several Regions
    /// in one view, each with its own API budget [config: regions]. In --demo mode,
    /// defaults to us-east-1.
    #[arg(long, env = "AWS_REGION", value_name = "REGION", value_delimiter = ',', action = clap::ArgAction::Append)]
    pub region: Vec<String>,

    /// Send WorkSpaces calls to this endpoint instead of AWS (also AWS_ENDPOINT_URL).
    #[arg(long, env = "AWS_ENDPOINT_URL", value_name = "URL")]
    pub endpoint_url: Option<String>,

    /// Config file (default: config.toml in the user's config directory).
    #[arg(long, env = "WSFLEET_CONFIG", value_name = "PATH")]
    pub config: Option<std::path::PathBuf>,

    /// Seconds between background refreshes of the fleet [config: refresh_seconds, default 30].
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..))]
    pub refresh: Option<u64>,

    /// Send no mutating call: every action key only says "read-only" [config: read_only].
    #[arg(long)]
    pub read_only: bool,

    /// Append the audit log here [config: audit_log; default: the user's data directory].
    #[arg(long, value_name = "PATH")]
    pub audit_log: Option<std::path::PathBuf>,

    /// Highlight WorkSpaces unused for this many days [config: idle_days, default 30].
    #[arg(long, value_name = "DAYS", value_parser = clap::value_parser!(u32).range(1..))]
    pub idle_days: Option<u32>,

    /// Client-side API budget: calls per second per account and region [config: api.rate, default 2].
    #[arg(long, value_name = "CALLS")]
    pub api_rate: Option<f64>,

    /// Client-side API budget: burst size [config: api.burst, default 5].
    #[arg(long, value_name = "CALLS", value_parser = clap::value_parser!(u32).range(1..))]
    pub api_burst: Option<u32>,

    /// Colour theme: default, light, high-contrast, ansi16, or a file
    /// <config dir>/themes/NAME.toml [config: theme]. NO_COLOR turns colour off.
    #[arg(long, value_name = "NAME")]
    pub theme: Option<String>,

    /// Draw with ASCII only, for fonts without box-drawing characters [config: ascii].
    #[arg(long)]
    pub ascii: bool,

    #[command(flatten)]
    pub fleet: FleetArgs,

    /// Make the demo emulator fail one operation, e.g.
    /// `DescribeWorkspaceImages=access-denied`, or every operation in one Region, e.g.
    /// `eu-west-1=access-denied` (faults: access-denied, unknown-operation, html500, hang).
    /// For trying how panes show errors; repeatable.
    #[arg(long = "sim-fault", value_name = "OPERATION|REGION=FAULT", value_parser = parse_fault)]
    pub sim_faults: Vec<(String, Fault)>,

    /// Make the demo emulator answer every call this many milliseconds late, as over a slow
    /// link (what `wsfleet sim --latency-ms` does), e.g. to watch the cached fleet of the
    /// last run stay on screen until the first refresh replaces it.
    #[arg(long = "sim-latency", value_name = "MS", default_value_t = 0)]
    pub sim_latency_ms: u64,

    /// Make the demo emulator append one JSON line per API request it receives to this file
    /// (what `wsfleet sim --request-log` does), to see what the UI really sent.
    #[arg(long = "sim-request-log", value_name = "PATH", requires = "demo")]
    pub sim_request_log: Option<std::path::PathBuf>,

    #[command(subcommand)]
    pub command: Option<Commands>,
}

/// How the emulator's fleet is generated (for --demo and `wsfleet sim`).
#[derive(Debug, Args, Clone)]
pub struct FleetArgs {
    /// Number of WorkSpaces the emulator generates per region [config: demo.size, default 300].
    #[arg(long, global = true, value_name = "N")]
    pub size: Option<usize>,

    /// Seed of the generated fleet; same seed, same fleet [config: demo.seed, default 42].
    #[arg(long, global = true, value_name = "N")]
    pub seed: Option<u64>,
}

#[derive(Debug, Subcommand)]
pub enum Commands {
    /// Run the WorkSpaces emulator alone, for the AWS CLI, boto3 or another SDK.
    Sim(SimArgs),
    /// Print one pane's rows without the TUI, for scripts: the same filter, sort, columns and
    /// values as `:export` (ws, conn, img, pools, bundles, dirs, aimg, afl).
    Get(GetArgs),
    /// Act without the TUI, through the same prechecks, queue, audit log and journal: on
    /// WorkSpaces reboot, start, stop, rebuild, terminate, restore, auto-stop, always-on,
    /// maintenance-on, maintenance-off; on images (--pane img, aimg) share, unshare,
    /// delete-image; on pools and fleets (--pane pools, afl) start, stop, capacity.
    Do(Box<DoArgs>),
    /// List the profile's unfinished jobs (the journal a stopped `do` or TUI leaves).
    Jobs(JobsArgs),
    /// Resume an unfinished job: its never-sent targets, re-read and checked again, with the
    /// same confirmation as a new job; targets that may have been applied are never resent.
    Resume(ResumeArgs),
}

/// How `do` and `resume` are confirmed and what they print (issue 29).
#[derive(Debug, Args)]
pub struct Confirmation {
    /// Print the plan (targets, skips and why, batches) and send nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Confirm a non-destructive action.
    #[arg(long, conflicts_with = "confirm")]
    pub yes: bool,

    /// Confirm by the number of targets that will be sent the action: needed for a
    /// destructive action, one touching connected users or sessions in use, or more than
    /// `confirm_typed_over` targets; a wrong number sends nothing.
    #[arg(long, value_name = "N")]
    pub confirm: Option<usize>,

    /// Refuse (sending nothing) when more than N targets would be sent the action.
    #[arg(long, value_name = "N")]
    pub max: Option<usize>,

    /// Outcomes as text, or one JSON object per target.
    #[arg(short = 'o', long = "output", value_enum, default_value_t = DoOutput::Text)]
    pub output: DoOutput,
}

/// `wsfleet jobs` (issue 29).
#[derive(Debug, Args)]
pub struct JobsArgs {
    /// A line per job for people, or one JSON object per job.
    #[arg(short = 'o', long = "output", value_enum, default_value_t = DoOutput::Text)]
    pub output: DoOutput,
}

/// `wsfleet resume JOB` (issue 29).
#[derive(Debug, Args)]
pub struct ResumeArgs {
    /// The job's key, as `wsfleet jobs` lists it.
    #[arg(value_name = "JOB")]
    pub job: String,

    #[command(flatten)]
    pub confirmation: Confirmation,
}

/// `wsfleet do ACTION` (issue 29).
#[derive(Debug, Args)]
pub struct DoArgs {
    /// The action, by its name in the TUI's `[keys]` table: reboot, start, stop, rebuild,
    /// terminate, restore, auto-stop, always-on, maintenance-on, maintenance-off, share,
    /// unshare, delete-image, capacity, migrate, modify, tags, switch-image, create-image,
    /// update-image, copy-image, check-updates.
    #[arg(value_name = "ACTION")]
    pub action: String,

    /// Act on the rows this filter keeps (the TUI's filter grammar).
    #[arg(
        long,
        value_name = "EXPR",
        allow_hyphen_values = true,
        required_unless_present = "ids",
        conflicts_with = "ids"
    )]
    pub filter: Option<String>,

    /// Act on the rows whose IDs this file lists, one per line (`-`: stdin), e.g. from
    /// `wsfleet get ws -o ids`.
    #[arg(long, value_name = "FILE")]
    pub ids: Option<std::path::PathBuf>,

    /// The pane whose rows the filter or IDs name: ws (default), conn, img, bundles, dirs,
    /// pools, aimg, afl.
    #[arg(long, value_name = "PANE", default_value = "ws")]
    pub pane: String,

    /// share, unshare: the AWS account ID (12 digits).
    #[arg(long, value_name = "ID")]
    pub account: Option<String>,

    /// capacity: the desired sessions of a pool or instances of a fleet (0 or more).
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub capacity: Option<String>,

    #[command(flatten)]
    pub form: FormFlags,

    #[command(flatten)]
    pub confirmation: Confirmation,
}

/// The fields of the TUI's forms, as `do` flags (issue 29): checked by the form's own rules
/// (`headless::forms`); an existing thing named by ID must be one the service lists.
#[derive(Debug, Default, Args)]
pub struct FormFlags {
    /// migrate: the bundle to migrate to (an AVAILABLE bundle of the WorkSpaces' Region).
    #[arg(long, value_name = "ID")]
    pub bundle: Option<String>,

    /// modify: the compute type (VALUE, STANDARD, PERFORMANCE, POWER, …).
    #[arg(long, value_name = "TYPE")]
    pub compute: Option<String>,

    /// modify: the root volume size in GB.
    #[arg(long, value_name = "GB", allow_hyphen_values = true)]
    pub root_gb: Option<String>,

    /// modify: the user volume size in GB.
    #[arg(long, value_name = "GB", allow_hyphen_values = true)]
    pub user_gb: Option<String>,

    /// modify: the running mode (AUTO_STOP or ALWAYS_ON).
    #[arg(long, value_name = "MODE")]
    pub running_mode: Option<String>,

    /// modify: the auto-stop timeout in minutes (60, 120, …).
    #[arg(long, value_name = "MINUTES", allow_hyphen_values = true)]
    pub auto_stop_minutes: Option<String>,

    /// modify: the streaming protocol (PCOIP or WSP).
    #[arg(long, value_name = "PROTOCOL")]
    pub protocol: Option<String>,

    /// tags: add or change a tag (repeat it).
    #[arg(long, value_name = "KEY=VALUE")]
    pub tag: Vec<String>,

    /// tags: remove a tag by its key (repeat it).
    #[arg(long, value_name = "KEY")]
    pub untag: Vec<String>,

    /// switch-image: the name of the image the fleet is switched to.
    #[arg(long, value_name = "NAME")]
    pub image: Option<String>,

    /// create-image, update-image, copy-image: the new image's name.
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,

    /// create-image, update-image, copy-image: the new image's description.
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,

    /// copy-image: the Region the image is copied to (from its own Region).
    #[arg(long, value_name = "REGION")]
    pub to_region: Option<String>,
}

/// How `wsfleet do` prints outcomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DoOutput {
    Text,
    Jsonl,
}

/// `wsfleet get PANE` (issue 29).
#[derive(Debug, Args)]
pub struct GetArgs {
    /// The pane, by its `:` command name: ws, conn, img, pools, bundles, dirs, aimg, afl.
    #[arg(value_name = "PANE")]
    pub pane: String,

    /// Keep only the rows this filter keeps, in the TUI's grammar (`state=UNHEALTHY user~^a`).
    #[arg(long, value_name = "EXPR", allow_hyphen_values = true)]
    pub filter: Option<String>,

    /// Sort by this column (a name the filter takes), ascending, or descending with `:desc`.
    #[arg(long, value_name = "COL[:desc]")]
    pub sort: Option<String>,

    /// Print these columns, in this order (names the filter takes); default: every column.
    #[arg(long, value_name = "A,B,…", value_delimiter = ',')]
    pub columns: Vec<String>,

    /// Output format: an aligned table, a JSON array, JSON lines, CSV, or one ID per line.
    #[arg(short = 'o', long = "output", value_enum, default_value_t = GetOutput::Table)]
    pub output: GetOutput,
}

/// How `wsfleet get` prints its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GetOutput {
    Table,
    Json,
    Jsonl,
    Csv,
    Ids,
}

#[derive(Debug, Args)]
pub struct SimArgs {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 4599)]
    pub port: u16,

    /// Calls per second per account and region before ThrottlingException.
    #[arg(long, default_value_t = 2.0)]
    pub rate: f64,

    /// Burst size of the throttling bucket.
    #[arg(long, default_value_t = 5)]
    pub burst: u32,

    /// Turn throttling off.
    #[arg(long)]
    pub no_throttle: bool,

    /// Milliseconds added to every call.
    #[arg(long, default_value_t = 0)]
    pub latency_ms: u64,

    /// Fraction of calls (0.0–1.0) that fail with InternalFailure/ServiceUnavailable.
    #[arg(long, default_value_t = 0.0)]
    pub error_rate: f64,

    /// Append one JSON line per request to this file (created 0600): time, account, region,
    /// operation, HTTP status, error type and, for mutating operations, the resource IDs.
    #[arg(long, value_name = "PATH")]
    pub request_log: Option<std::path::PathBuf>,
}

impl Cli {
    /// Flags given on the command line win over the config file.
    pub fn apply_to(&self, cfg: &mut Config) {
        match self.profile.as_slice() {
            [] => {}
            [one] => {
                cfg.profile = Some(one.clone());
                cfg.profiles.clear();
            }
            several => {
                cfg.profile = several.first().cloned();
                cfg.profiles = several.to_vec();
            }
        }
        if !self.region.is_empty() {
            cfg.regions = self.region.clone();
        }
        if let Some(r) = self.refresh {
            cfg.refresh_seconds = r;
        }
        if self.read_only {
            cfg.read_only = true;
        }
        if self.audit_log.is_some() {
            cfg.audit_log = self.audit_log.clone();
        }
        if let Some(t) = &self.theme {
            cfg.theme = t.clone();
        }
        if self.ascii {
            cfg.ascii = true;
        }
        if let Some(d) = self.idle_days {
            cfg.idle_days = d;
        }
        if let Some(r) = self.api_rate {
            cfg.api.rate = r;
        }
        if let Some(b) = self.api_burst {
            cfg.api.burst = b;
        }
        if let Some(n) = self.fleet.size {
            cfg.demo.size = n;
        }
        if let Some(n) = self.fleet.seed {
            cfg.demo.seed = n;
        }
    }
}

/// `Operation=fault` or `region=fault` for --sim-fault.
fn parse_fault(s: &str) -> Result<(String, Fault), String> {
    let (op, kind) = s.split_once('=').ok_or_else(|| {
        "expected OPERATION=FAULT, e.g. DescribeWorkspaceImages=access-denied".to_string()
    })?;
    let fault = match kind {
        "unknown-operation" => Fault::UnknownOperation,
        "access-denied" => Fault::AccessDenied,
        "html500" => Fault::Html500,
        "hang" => Fault::Hang(std::time::Duration::from_secs(120)),
        other => {
            return Err(format!(
                "unknown fault '{other}' (unknown-operation, access-denied, html500, hang)"
            ))
        }
    };
    Ok((op.to_string(), fault))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn theme_and_ascii_flags_override_the_config() {
        let mut cfg = Config::default();
        assert_eq!((cfg.theme.as_str(), cfg.ascii), ("default", false));
        Cli::parse_from(["wsfleet", "--theme", "ansi16", "--ascii"]).apply_to(&mut cfg);
        assert_eq!((cfg.theme.as_str(), cfg.ascii), ("ansi16", true));
        // Without the flags, the config file's values stay.
        let mut cfg = Config {
            theme: "light".into(),
            ascii: true,
            ..Config::default()
        };
        Cli::parse_from(["wsfleet"]).apply_to(&mut cfg);
        assert_eq!((cfg.theme.as_str(), cfg.ascii), ("light", true));
    }

    #[test]
    fn request_log_flags() {
        let cli = Cli::parse_from(["wsfleet", "sim", "--request-log", "/tmp/r.jsonl"]);
        let Some(Commands::Sim(args)) = cli.command else {
            panic!("sim subcommand");
        };
        assert_eq!(args.request_log, Some("/tmp/r.jsonl".into()));
        let cli = Cli::parse_from(["wsfleet", "--demo", "--sim-request-log", "/tmp/d.jsonl"]);
        assert_eq!(cli.sim_request_log, Some("/tmp/d.jsonl".into()));
        // Without --demo there is no emulator to log: a usage error, not a silent no-op.
        let err =
            Cli::try_parse_from(["wsfleet", "--sim-request-log", "/tmp/d.jsonl"]).unwrap_err();
        assert_eq!(err.kind(), clap::error::ErrorKind::MissingRequiredArgument);
    }
}
