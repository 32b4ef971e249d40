//! The service layer: the only place that knows aws-sdk-workspaces. It builds clients, pages
//! through describe calls, converts SDK types into `crate::domain` types, paces every call
//! through a per-region rate budget, and classifies errors so the UI can say the right thing.

mod actions;
mod apps;
mod budget;
mod bundles;
mod client;
mod context;
mod directories;
mod error;
mod images;
mod lookups;
mod metrics;
mod paging;
mod pools;
mod read;
mod sdk_call;
mod snapshots;
mod swept;
mod tags;
mod workspaces;

pub use actions::UnknownCreates;
pub use apps::{demo_apps_client, name_of, AppsService};
pub use budget::RateBudget;
pub use client::{
    demo_client, demo_client_as, demo_sdk_config, live_config, live_sdk_config, ClientOptions,
    LiveSetupError, Region,
};
pub use context::{aws_profiles, demo_profiles, Connector, DemoAccount};
pub use metrics::{demo_metrics_client, MetricsService};
pub use paging::all_pages;
pub use swept::{SweepClient, Swept};
pub use workspaces::Page;

use crate::domain::throttle::RetryPolicy;
use std::sync::Arc;

/// WorkSpaces in one account and region: the SDK client plus the rate budget every call to
/// that account and region shares.
#[derive(Clone)]
pub struct WorkspacesService {
    client: aws_sdk_workspaces::Client,
    /// Where rows come from: the Region, or "PROFILE/REGION" in a view of several profiles
    /// (`domain::place`). Every row and message is tagged with it.
    region: String,
    budget: Arc<RateBudget>,
    /// Refuse every mutating call before it reaches the budget or the network (see
    /// `with_read_only`).
    read_only: bool,
    /// How a read that met a 5xx, timeout or connection failure is made again.
    read_retry: RetryPolicy,
    /// WorkSpaces Applications in the same account and Region, when connected.
    apps: Option<AppsService>,
    /// CloudWatch in the same account and Region (the WorkSpaces' metrics), when connected.
    metrics: Option<MetricsService>,
}

impl WorkspacesService {
    pub fn new(
        client: aws_sdk_workspaces::Client,
        region: String,
        budget: Arc<RateBudget>,
    ) -> Self {
        Self {
            client,
            region,
            budget,
            read_only: false,
            read_retry: RetryPolicy::TRANSIENT_READ,
            apps: None,
            metrics: None,
        }
    }

    /// CloudWatch of the same account and Region (its own client and budget).
    pub fn with_metrics(mut self, metrics: MetricsService) -> Self {
        self.metrics = Some(metrics);
        self
    }

    /// CloudWatch here, if connected.
    pub fn metrics(&self) -> Option<&MetricsService> {
        self.metrics.as_ref()
    }

    /// WorkSpaces Applications of the same account and Region (its own client and budget).
    pub fn with_apps(mut self, apps: AppsService) -> Self {
        self.apps = Some(apps.with_read_only(self.read_only));
        self
    }

    /// WorkSpaces Applications here, if connected.
    pub fn apps(&self) -> Option<&AppsService> {
        self.apps.as_ref()
    }

    /// Tests: make failed reads again sooner (the number of tries stays the policy's).
    pub fn with_read_retry(mut self, policy: RetryPolicy) -> Self {
        self.read_retry = policy;
        self
    }

    /// Defence in depth for `--read-only`: the UI should never queue an action then, but if one
    /// slips through, `ActionApi::execute` refuses it without sending anything.
    pub fn with_read_only(mut self, read_only: bool) -> Self {
        self.read_only = read_only;
        self.apps = self.apps.map(|a| a.with_read_only(read_only));
        self
    }

    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// The place rows of this service are tagged with (see the `region` field).
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The AWS Region itself, for what the API names (`SourceRegion` of CopyWorkspaceImage).
    pub fn aws_region(&self) -> &str {
        crate::domain::place::region(&self.region)
    }

    pub fn budget(&self) -> &Arc<RateBudget> {
        &self.budget
    }
}
