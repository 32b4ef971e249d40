//! WorkSpaces Applications (formerly AppStream 2.0) through `aws-sdk-appstream`: the same
//! account context, endpoint override, retry and budget rules as WorkSpaces, with a budget of
//! its own (each service throttles per account and Region on its own).
//!
//! Images and fleets are named, not numbered: their name is what every operation takes, and
//! only unique per account and Region. Rows are keyed by ARN (unique across Regions, so a
//! multi-Region table never mixes two images of the same name); calls take the name from it.

mod actions;
mod fleets;
mod images;

use super::client::{demo_sdk_config, ClientOptions};
use super::RateBudget;
use crate::domain::throttle::RetryPolicy;
use std::sync::Arc;

/// WorkSpaces Applications in one account and Region.
#[derive(Clone)]
pub struct AppsService {
    client: aws_sdk_appstream::Client,
    region: String,
    budget: Arc<RateBudget>,
    read_only: bool,
    read_retry: RetryPolicy,
}

impl AppsService {
    pub fn new(client: aws_sdk_appstream::Client, region: String, budget: Arc<RateBudget>) -> Self {
        Self {
            client,
            region,
            budget,
            read_only: false,
            read_retry: RetryPolicy::TRANSIENT_READ,
        }
    }

    pub fn with_read_only(mut self, read_only: bool) -> Self {
        self.read_only = read_only;
        self
    }

    pub fn region(&self) -> &str {
        &self.region
    }

    pub fn budget(&self) -> &Arc<RateBudget> {
        &self.budget
    }
}

/// The name in an image or fleet ARN (`arn:aws:appstream:REGION:ACCOUNT:image/NAME`); a
/// bare name stays as it is.
pub fn name_of(arn_or_name: &str) -> &str {
    match arn_or_name.strip_prefix("arn:") {
        Some(rest) => rest
            .rsplit(':')
            .next()
            .and_then(|r| r.split_once('/'))
            .map_or(arn_or_name, |(_, name)| name),
        None => arn_or_name,
    }
}

/// A client for the embedded emulator (or any endpoint that takes dummy credentials); the
/// access key picks the emulated account.
pub fn demo_apps_client(
    endpoint: &str,
    region: &str,
    access_key: &str,
    opts: &ClientOptions,
) -> aws_sdk_appstream::Client {
    aws_sdk_appstream::Client::new(&demo_sdk_config(endpoint, region, access_key, opts))
}

#[cfg(test)]
mod tests {
    use super::name_of;

    #[test]
    fn names_come_from_arns() {
        assert_eq!(
            name_of("arn:aws:appstream:us-east-1:123456789012:image/Office-2026"),
            "Office-2026"
        );
        assert_eq!(
            name_of("arn:aws:appstream:us-east-1::image/AppStream-WinServer2022-11-12-2026"),
            "AppStream-WinServer2022-11-12-2026"
        );
        assert_eq!(
            name_of("arn:aws:appstream:eu-west-1:1:fleet/sales"),
            "sales"
        );
        assert_eq!(name_of("plain-name"), "plain-name");
    }
}
