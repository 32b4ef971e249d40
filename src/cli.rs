//! Command-line arguments.

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

    /// AWS profile from ~/.aws/config (also AWS_PROFILE).
    #[arg(long, env = "AWS_PROFILE")]
    pub profile: Option<String>,

    /// AWS region (also AWS_REGION). In --demo mode, defaults to us-east-1.
    #[arg(long, env = "AWS_REGION")]
    pub region: Option<String>,

    /// Send WorkSpaces calls to this endpoint instead of AWS (also AWS_ENDPOINT_URL).
    #[arg(long, env = "AWS_ENDPOINT_URL", value_name = "URL")]
    pub endpoint_url: Option<String>,

    /// Seconds between background refreshes of the fleet.
    #[arg(long, default_value_t = 30, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..))]
    pub refresh: u64,

    /// Client-side API budget: calls per second per account and region.
    #[arg(long, default_value_t = 2.0, value_name = "CALLS")]
    pub api_rate: f64,

    /// Client-side API budget: burst size.
    #[arg(long, default_value_t = 5, value_name = "CALLS")]
    pub api_burst: u32,

    #[command(flatten)]
    pub fleet: FleetArgs,

    #[command(subcommand)]
    pub command: Option<Commands>,
}

/// How the emulator's fleet is generated (for --demo and `wsfleet sim`).
#[derive(Debug, Args, Clone)]
pub struct FleetArgs {
    /// Number of WorkSpaces the emulator generates per region.
    #[arg(long, global = true, default_value_t = 300, value_name = "N")]
    pub size: usize,

    /// Seed of the generated fleet (same seed, same fleet).
    #[arg(long, global = true, default_value_t = 42, value_name = "N")]
    pub seed: u64,
}

#[derive(Debug, Subcommand)]
pub enum Commands {
    /// Run the WorkSpaces emulator alone, for the AWS CLI, boto3 or another SDK.
    Sim(SimArgs),
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
}
