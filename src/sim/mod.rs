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
