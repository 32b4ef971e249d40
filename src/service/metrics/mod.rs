//! CloudWatch (`aws-sdk-cloudwatch`) for the metrics WorkSpaces publish: the same account
//! context, endpoint override, retry and budget rules as WorkSpaces, with a rate budget of
//! its own per account and Region (CloudWatch throttles on its own).

mod fetch;
mod fleet;
mod usage;

use super::client::{demo_sdk_config, ClientOptions};
use super::RateBudget;
use crate::domain::throttle::RetryPolicy;
use std::sync::Arc;

/// CloudWatch in one account and Region.
#[derive(Clone)]
pub struct MetricsService {
    client: aws_sdk_cloudwatch::Client,
    budget: Arc<RateBudget>,
    read_retry: RetryPolicy,
    /// GetMetricData's MaxDatapoints; None: the service's default (100,800).
    max_datapoints: Option<i32>,
}

impl MetricsService {
    pub fn new(client: aws_sdk_cloudwatch::Client, budget: Arc<RateBudget>) -> Self {
        Self {
            client,
            budget,
            read_retry: RetryPolicy::TRANSIENT_READ,
            max_datapoints: None,
        }
    }

    /// Smaller answers (MaxDatapoints), so more NextToken pages: for tests of the paging.
    pub fn with_max_datapoints(mut self, n: i32) -> Self {
        self.max_datapoints = Some(n);
        self
    }

    pub fn budget(&self) -> &Arc<RateBudget> {
        &self.budget
    }
}

/// A client for the embedded emulator (or any endpoint that takes dummy credentials); the
/// access key picks the emulated account.
pub fn demo_metrics_client(
    endpoint: &str,
    region: &str,
    access_key: &str,
    opts: &ClientOptions,
) -> aws_sdk_cloudwatch::Client {
    aws_sdk_cloudwatch::Client::new(&demo_sdk_config(endpoint, region, access_key, opts))
}
