//! Embedded emulator of the Amazon WorkSpaces API (being written).

use std::time::Duration;

/// AWS-like token bucket applied per account and region.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ThrottleConfig {
    pub rate: f64,
    pub burst: u32,
}

#[derive(Debug, Clone)]
pub struct SimConfig {
    pub seed: u64,
    pub size: usize,
    pub throttle: Option<ThrottleConfig>,
    pub latency: Duration,
    pub error_rate: f64,
    pub transition: Duration,
    pub disabled_operations: Vec<String>,
    pub account_id: String,
}

// TEMPORARY stand-in until the emulator branch lands (replaced on merge).
#[derive(Debug, Clone)]
pub enum Fault {
    UnknownOperation,
    AccessDenied,
    Html500,
    Hang(Duration),
}
impl Default for SimConfig {
    fn default() -> Self {
        Self {
            seed: 42,
            size: 300,
            throttle: Some(ThrottleConfig {
                rate: 2.0,
                burst: 5,
            }),
            latency: Duration::ZERO,
            error_rate: 0.0,
            transition: Duration::from_secs(3),
            disabled_operations: vec![],
            account_id: "123456789012".into(),
        }
    }
}
pub struct Emulator;
impl Emulator {
    pub async fn start(_cfg: SimConfig) -> anyhow::Result<Emulator> {
        anyhow::bail!("emulator not built yet")
    }
    pub fn endpoint_url(&self) -> String {
        String::new()
    }
}
pub async fn run_standalone(_cfg: SimConfig, _port: u16) -> anyhow::Result<()> {
    anyhow::bail!("emulator not built yet")
}
